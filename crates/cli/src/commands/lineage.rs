//! Linking successive plans and their indicators, and listing the links.

use anyhow::{anyhow, bail};
use chrono::Utc;
use trustboard_core::lineage::{OutcomeFate, OutcomeLink};
use trustboard_store::audit::{AuditAction, AuditEntry};
use trustboard_store::Store;

use super::plan_view::find_indicator;
use super::print_json;

/// What a command-line change is recorded as: no account made it.
fn from_command_line<'a>(action: AuditAction, subject: &'a str) -> AuditEntry<'a> {
    AuditEntry {
        at: Utc::now(),
        actor: None,
        action,
        subject: Some(subject),
        detail: "trustboard command line",
        client_address: None,
    }
}

/// The outcome fates given as `--continued`, `--merged` and `--deleted`.
pub fn outcome_links(
    continued: &[String],
    merged: &[String],
    deleted: &[String],
) -> anyhow::Result<Vec<OutcomeLink>> {
    let pairs = continued
        .iter()
        .map(|p| (p, OutcomeFate::Continued))
        .chain(merged.iter().map(|p| (p, OutcomeFate::MergedInto)));
    let mut links = Vec::new();
    for (pair, fate) in pairs {
        links.push(OutcomeLink::parse_pair(pair, fate)?);
    }
    for code in deleted {
        links.push(OutcomeLink::new(code, OutcomeFate::Deleted, None)?);
    }
    Ok(links)
}

pub async fn link_plans(
    store: &Store,
    (earlier, later): (&str, &str),
    org: Option<&str>,
    outcomes: &[OutcomeLink],
) -> anyhow::Result<()> {
    let first = store.plan_id(org, earlier).await?;
    let second = store.plan_id(org, later).await?;
    let subject = format!("{earlier} => {later}");
    let audit = from_command_line(AuditAction::PlansLinked, &subject);
    store.link_plans(first, second, outcomes, &audit).await?;
    out!(
        "{later} follows {earlier}; {} outcome fate(s) recorded",
        outcomes.len()
    );
    Ok(())
}

pub async fn links(store: &Store, org: Option<&str>, json: bool) -> anyhow::Result<()> {
    let links = store.plan_links(org).await?;
    if json {
        return print_json(&links);
    }
    if links.is_empty() {
        out!("no plans are linked yet: `trustboard plans link EARLIER LATER` links two");
    }
    for link in &links {
        out!(
            "{} ({}) -> {} ({}) [{}]",
            link.earlier.name,
            link.earlier.period,
            link.later.name,
            link.later.period,
            link.earlier.organisation
        );
        for outcome in &link.outcomes {
            match &outcome.later {
                Some(later) => out!(
                    "  outcome {}: {} {later}",
                    outcome.earlier,
                    outcome.fate.label().to_lowercase()
                ),
                None => out!("  outcome {}: deleted", outcome.earlier),
            }
        }
        for indicator in &link.indicators {
            out!(
                "  indicator {} = {}",
                indicator.earlier.key,
                indicator.later.key
            );
        }
    }
    Ok(())
}

/// Links `indicator` of the first plan to `to` of the second, each found by
/// code or key in its own plan.
pub async fn link_indicators(
    store: &Store,
    (indicator, to): (&str, &str),
    plans: &[String],
    org: Option<&str>,
) -> anyhow::Result<()> {
    let [first, second] = plans else {
        bail!("give two plans: `--plan FIRST --to CODE --plan SECOND`");
    };
    let mut ends = Vec::new();
    for (plan, code) in [(first, indicator), (second, to)] {
        let doc = store.load_plan(org, plan).await?;
        let found =
            find_indicator(&doc, code).ok_or_else(|| anyhow!("no indicator `{code}` in {plan}"))?;
        ends.push((store.plan_id(org, plan).await?, found.key.clone()));
    }
    let subject = format!("{first}: {} = {second}: {}", ends[0].1, ends[1].1);
    let audit = from_command_line(AuditAction::IndicatorsLinked, &subject);
    store
        .link_indicators((ends[0].0, &ends[0].1), (ends[1].0, &ends[1].1), &audit)
        .await?;
    out!("{subject}");
    Ok(())
}
