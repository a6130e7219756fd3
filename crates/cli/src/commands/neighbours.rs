//! `trustboard neighbours`: statistical-neighbour sets by model year.

use anyhow::{anyhow, Context};
use trustboard_core::judge::neighbours::{parse_neighbour_file, Closeness, NeighbourModel};
use trustboard_store::Store;

use super::print_json;
use super::summary::judging_date;
use crate::cli::NeighboursCommand;

pub async fn neighbours(store: &Store, command: NeighboursCommand) -> anyhow::Result<()> {
    match command {
        NeighboursCommand::Import {
            file,
            model_year,
            effective_from,
            effective_to,
            json,
        } => {
            if effective_to.is_some_and(|to| to < effective_from) {
                anyhow::bail!(
                    "--effective-to ({}) is before --effective-from ({effective_from})",
                    effective_to.map(|d| d.to_string()).unwrap_or_default()
                );
            }
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let model = NeighbourModel {
                year: model_year,
                effective_from,
                effective_to,
            };
            let sets = parse_neighbour_file(&text, model).with_context(|| {
                format!("{} is not a statistical-neighbour file", file.display())
            })?;
            let report = store
                .import_neighbour_sets(&sets, &file.display().to_string())
                .await?;
            if json {
                return print_json(&report);
            }
            out!(
                "{model_year} model, in force from {effective_from}{}: {} councils added, {} replaced, {} unchanged",
                effective_to
                    .map(|to| format!(" to {to}"))
                    .unwrap_or_default(),
                report.added,
                report.replaced,
                report.unchanged
            );
            Ok(())
        }
        NeighboursCommand::Show { council, on, json } => {
            let date = judging_date(on);
            let set = store
                .neighbour_set_on(&council, date)
                .await?
                .ok_or_else(|| {
                    anyhow!("no statistical-neighbour set for `{council}` is in force on {date}; `trustboard neighbours import` brings one in")
                })?;
            if json {
                return print_json(&set);
            }
            out!(
                "{} ({}): {} model, in force from {}{}",
                set.council,
                set.council_code,
                set.model_year,
                set.effective_from,
                set.effective_to
                    .map(|to| format!(" to {to}"))
                    .unwrap_or_default()
            );
            for (rank, n) in set.neighbours.iter().enumerate() {
                out!(
                    "  {:>2}. {} ({}), {}",
                    rank + 1,
                    n.name,
                    n.code,
                    closeness(n.closeness)
                );
            }
            Ok(())
        }
    }
}

fn closeness(band: Closeness) -> &'static str {
    match band {
        Closeness::ExtremelyClose => "extremely close",
        Closeness::VeryClose => "very close",
        Closeness::Close => "close",
        Closeness::SomewhatClose => "somewhat close",
        Closeness::NotClose => "not close",
    }
}
