//! `trustboard synth`: a generated register, for trying trustboard out.

use chrono::Utc;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use trustboard_store::Store;

use crate::synth;

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// How many children to put on the register.
    #[arg(long, default_value_t = 200)]
    pub children: u32,
    /// The same seed always gives the same register.
    #[arg(long, default_value_t = 2011)]
    pub seed: u64,
    /// The organisation whose register it is; by default the only plan's organisation.
    #[arg(long)]
    pub org: Option<String>,
}

pub async fn synth(store: &Store, args: SynthArgs) -> anyhow::Result<()> {
    let organisation = super::derive::organisation(store, args.org).await?;
    let bar = ProgressBar::new(u64::from(args.children));
    bar.set_style(ProgressStyle::with_template("{msg} {bar:40} {pos}/{len}")?);
    bar.set_message("generating children");
    let batch = synth::register(&organisation, args.children, args.seed, || bar.inc(1))?;
    bar.finish_and_clear();
    let today = Utc::now().date_naive();
    let added = store
        .import_register(&organisation, &batch, "synth", today)
        .await?;
    let steps: usize = batch.children.iter().map(|child| child.steps.len()).sum();
    out!("added {added} generated children to the register of {organisation}, with {steps} steps");
    Ok(())
}
