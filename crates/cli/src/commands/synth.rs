//! `trustboard synth`: a generated register, for trying trustboard out and
//! for measuring it at scale.
//!
//! Chunks of children are made, checked by the core's rules and turned into
//! rows on worker threads (one per core), and loaded in order on this one,
//! many chunks to a transaction; with `--out` the same chunks are also
//! written as the register extract. About two writes' worth of children
//! are in memory at once, so memory stays flat however many are made.

use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver};
use std::thread::{self, JoinHandle};

use anyhow::{anyhow, Context};
use chrono::{NaiveDate, Utc};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use trustboard_formats::register::{ExtractChild, ExtractPart, ExtractWriter};
use trustboard_store::register::{CheckedChildren, NewChild, RegisterAccess, RegisterAction};
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
    /// Also write the register as CSV files for other tools into this directory
    /// (children, events, localities and working days; see docs/FORMAT.md).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Who the audit and each step name as having recorded the generated register.
const ACTOR: &str = "synth";

/// Children written in one transaction. Some of the register's indexes
/// (pseudonym, date of birth) take each new child at a random place, so a
/// commit writes out nearly every page of them: fewer, larger commits write
/// each page fewer times. Other writers wait for each commit, a few seconds.
const CHILDREN_PER_WRITE: usize = 50_000;

/// A chunk made on a worker: its rows for the store and, with `--out`, for the extract.
struct Made {
    checked: CheckedChildren,
    steps: usize,
    extract: Option<ExtractPart>,
}

/// What every worker needs to make its chunks.
#[derive(Clone)]
struct Job {
    organisation: String,
    children: u32,
    seed: u64,
    today: NaiveDate,
    extract: bool,
}

impl Job {
    fn make(&self, index: u32) -> anyhow::Result<Made> {
        let children = synth::chunk(&self.organisation, self.children, self.seed, index)?;
        let checked = CheckedChildren::check(&children, self.today)?;
        let extract = self
            .extract
            .then(|| ExtractPart::of(children.iter().map(extract_child)))
            .transpose()?;
        Ok(Made {
            checked,
            steps: children.iter().map(|new| new.steps.len()).sum(),
            extract,
        })
    }
}

fn extract_child(new: &NewChild) -> ExtractChild<'_> {
    ExtractChild {
        child: &new.child,
        opened: new.opened,
        steps: &new.steps,
    }
}

/// Starts `workers` threads; worker `w` makes chunks `w`, `w + workers` …
/// in order and hands each over through its own channel. Each channel holds
/// the worker's share of one write, so that while a write is in the
/// database the workers make all of the next one rather than wait.
fn start_workers(job: &Job, workers: u32) -> Vec<(Receiver<anyhow::Result<Made>>, JoinHandle<()>)> {
    let chunks_per_write = CHILDREN_PER_WRITE.div_ceil(synth::CHUNK_CHILDREN as usize);
    let held = chunks_per_write.div_ceil(workers as usize);
    (0..workers)
        .map(|worker| {
            let (sender, receiver) = sync_channel(held);
            let job = job.clone();
            let handle = thread::spawn(move || {
                for index in (worker..synth::chunk_count(job.children)).step_by(workers as usize) {
                    let made = job.make(index);
                    let failed = made.is_err();
                    // A closed channel means the load stopped: stop making.
                    if sender.send(made).is_err() || failed {
                        return;
                    }
                }
            });
            (receiver, handle)
        })
        .collect()
}

pub async fn synth(store: &Store, args: SynthArgs) -> anyhow::Result<()> {
    let organisation = super::derive::organisation(store, args.org).await?;
    let now = Utc::now();
    let job = Job {
        organisation: organisation.clone(),
        children: args.children,
        seed: args.seed,
        today: now.date_naive(),
        extract: args.out.is_some(),
    };
    let mut extract = match &args.out {
        Some(dir) => {
            let localities: Vec<String> = synth::LOCALITIES.map(String::from).into();
            let calendar = store.working_calendar(&organisation).await?;
            Some(ExtractWriter::create(
                dir,
                &localities,
                &calendar,
                (synth::start(), synth::end()),
            )?)
        }
        None => None,
    };
    let (agencies, practitioners) = synth::staff(&organisation);
    let detail = format!(
        "generated {} children with seed {}",
        args.children, args.seed
    );
    let access = RegisterAccess {
        actor: ACTOR,
        action: RegisterAction::Import,
        child: None,
        detail: &detail,
        at: now,
    };
    let mut load = store
        .begin_register_load(&organisation, &agencies, &practitioners, &access)
        .await?;

    let bar = ProgressBar::new(u64::from(args.children));
    bar.set_style(ProgressStyle::with_template("{msg} {bar:40} {pos}/{len}")?);
    bar.set_message("generating children");
    let workers = thread::available_parallelism().map_or(1, |n| n.get().min(8)) as u32;
    let workers = start_workers(&job, workers);
    let mut steps = 0;
    let mut pending: Option<CheckedChildren> = None;
    let chunks = synth::chunk_count(args.children);
    for index in 0..chunks {
        let (receiver, _) = &workers[index as usize % workers.len()];
        let made = receiver
            .recv()
            .map_err(|_| anyhow!("a worker making chunk {index} stopped"))??;
        if let (Some(writer), Some(part)) = (&mut extract, &made.extract) {
            writer.append(part)?;
        }
        steps += made.steps;
        let checked = match pending.take() {
            Some(mut earlier) => {
                earlier.append(made.checked);
                earlier
            }
            None => made.checked,
        };
        if checked.len() < CHILDREN_PER_WRITE && index + 1 < chunks {
            pending = Some(checked);
            continue;
        }
        let children = checked.len() as u64;
        load.add(checked).await?;
        bar.inc(children);
    }
    for (receiver, handle) in workers {
        drop(receiver);
        handle
            .join()
            .map_err(|_| anyhow!("a worker making children panicked"))?;
    }
    bar.finish_and_clear();
    let added = load.finish().await?;
    if let (Some(writer), Some(dir)) = (extract, &args.out) {
        writer
            .finish()
            .with_context(|| format!("writing the register extract into {}", dir.display()))?;
        out!("wrote the register extract into {}", dir.display());
    }
    out!("added {added} generated children to the register of {organisation}, with {steps} steps");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use trustboard_core::register::name_words;
    use trustboard_store::testing::{register_rows, TestDatabase};
    use trustboard_store::Backend;

    const ORG: &str = "Testshire";

    /// More children than a chunk, so that several chunks are made and
    /// written together, and than one `INSERT` takes.
    const CHILDREN: u32 = synth::CHUNK_CHILDREN + 1;

    async fn bulk_synth_stores_what_importing_the_same_children_stores(backend: Backend) {
        let bulk = TestDatabase::new(backend).await;
        let store = bulk.open().await;
        let args = SynthArgs {
            children: CHILDREN,
            seed: 7,
            org: Some(ORG.into()),
            out: None,
        };
        synth(&store, args).await.expect("synth");
        let loaded = register_rows(&store).await;
        store.close().await;
        bulk.cleanup().await;

        let one_by_one = TestDatabase::new(backend).await;
        let store = one_by_one.open().await;
        let batch = synth::register(ORG, CHILDREN, 7).expect("the same children");
        let today = Utc::now().date_naive();
        store
            .import_register(ORG, &batch, ACTOR, today)
            .await
            .expect("imported one by one");
        let detail = format!("generated {CHILDREN} children with seed 7");
        let access = RegisterAccess {
            actor: ACTOR,
            action: RegisterAction::Import,
            child: None,
            detail: &detail,
            at: Utc::now(),
        };
        store
            .record_register_access(ORG, &access)
            .await
            .expect("audited");
        let imported = register_rows(&store).await;
        store.close().await;
        one_by_one.cleanup().await;

        let steps: usize = batch.children.iter().map(|c| c.steps.len()).sum();
        let staff = batch.agencies.len() + batch.practitioners.len();
        let words: usize = batch
            .children
            .iter()
            .map(|new| name_words(&new.child.name).len())
            .sum();
        assert_eq!(loaded.len(), staff + CHILDREN as usize + steps + words + 1);
        assert_eq!(loaded, imported);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bulk_synth_stores_what_importing_the_same_children_stores_on_sqlite() {
        bulk_synth_stores_what_importing_the_same_children_stores(Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bulk_synth_stores_what_importing_the_same_children_stores_on_postgres() {
        bulk_synth_stores_what_importing_the_same_children_stores(Backend::Postgres).await;
    }
}
