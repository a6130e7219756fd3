//! `trustboard summary` and the judging views of `indicators`: what a Trust Board reads.

use chrono::NaiveDate;
use serde::Serialize;
use trustboard_core::judge::{
    self, Arrow, Comparison, Exception, ExceptionReason, JudgeOptions, Rag, Summary,
};
use trustboard_core::lineage::EarlierPlans;
use trustboard_core::model::{Polarity, PolaritySource};
use trustboard_core::period::Period;
use trustboard_store::Store;

use super::plan_view::find_indicator;
use super::plan_view::label;
use super::{load_for_judging, load_selected, print_json};
use crate::cli::{PlanSelector, SummaryArgs};

/// Today's date, unless the user judges as on another day. Only the CLI reads the clock.
pub fn judging_date(given: Option<NaiveDate>) -> NaiveDate {
    given.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// One line per indicator in the JSON summary.
#[derive(Debug, Serialize)]
struct IndicatorLine<'a> {
    indicator: &'a str,
    title: &'a str,
    rag: Rag,
    arrow: Arrow,
    data_period: Option<String>,
    rule: &'a str,
    /// Where the figure stands against England, the region and statistical neighbours.
    comparators: &'a [Comparison],
}

#[derive(Debug, Serialize)]
struct SummaryOutput<'a> {
    organisation: &'a str,
    plan: &'a str,
    period: Period,
    judged_on: NaiveDate,
    node: Option<&'a str>,
    locality: Option<&'a str>,
    group: Option<&'a str>,
    summary: &'a Summary,
    exceptions: &'a [Exception],
    indicators: Vec<IndicatorLine<'a>>,
}

pub async fn summary(store: &Store, args: SummaryArgs) -> anyhow::Result<()> {
    let (doc, earlier_plans) = load_for_judging(store, &args.plan).await?;
    let mut options = JudgeOptions::new(args.period, judging_date(args.today));
    options.earlier_plans = earlier_plans;
    options.node = args.scope.node.clone();
    options.locality = args.scope.locality.clone();
    options.group = args.group.clone();
    let judged = judge::judge_plan(&doc, &options)?;
    if args.inclusion {
        let rows = judge::inclusion::table(&judged.indicators);
        if args.csv {
            let table = trustboard_report::inclusion::csv(&rows);
            out!("{}", table.trim_end_matches('\n'));
            return Ok(());
        }
        return print_json(&rows);
    }
    if args.json {
        return print_json(&SummaryOutput {
            organisation: &judged.organisation,
            plan: &judged.plan,
            period: args.period,
            judged_on: options.today,
            node: args.scope.node.as_deref(),
            locality: args.scope.locality.as_deref(),
            group: args.group.as_deref(),
            summary: &judged.summary,
            exceptions: &judged.exceptions,
            indicators: judged
                .indicators
                .iter()
                .map(|i| IndicatorLine {
                    indicator: &i.indicator,
                    title: &i.title,
                    rag: i.rag.rag,
                    arrow: i.direction.arrow,
                    data_period: i.data_period.as_ref().map(|d| d.period.to_string()),
                    rule: &i.rag.rule,
                    comparators: &i.comparators,
                })
                .collect(),
        });
    }
    print_summary(
        &judged.plan,
        args.period,
        &judged.summary,
        &judged.exceptions,
    );
    Ok(())
}

fn print_summary(plan: &str, period: Period, summary: &Summary, exceptions: &[Exception]) {
    let d = &summary.direction;
    let t = &summary.targets;
    let r = &summary.rag;
    out!("{plan}, {period}: {} indicators", summary.indicators);
    out!("  {}", summary.headline);
    out!(
        "  direction: {} improved, {} declined, {} unchanged, {} mixed, {} not comparable",
        d.improved,
        d.declined,
        d.unchanged,
        d.mixed,
        d.not_comparable
    );
    out!(
        "  targets: {} met or exceeded, {} missed, {} not assessed",
        t.met,
        t.missed,
        t.not_assessed
    );
    out!(
        "  RAG: {} green, {} amber, {} red, {} grey",
        r.green,
        r.amber,
        r.red,
        r.grey
    );
    for reconciliation in &summary.reconciliation {
        out!("  {}", reconciliation.describe());
    }
    if !exceptions.is_empty() {
        out!("exceptions:");
        for e in exceptions {
            out!("  {}", label(&e.indicator, &e.title));
            for reason in &e.reasons {
                out!("    - {}", describe_reason(reason));
            }
        }
    }
    if !summary.not_judged.is_empty() {
        out!("not judged:");
        for n in &summary.not_judged {
            let reason = n
                .rag_reason
                .as_deref()
                .or(n.direction_reason.as_deref())
                .unwrap_or("");
            out!("  {}: {reason}", n.indicator);
        }
    }
}

fn describe_reason(reason: &ExceptionReason) -> String {
    match reason {
        ExceptionReason::OffTarget { detail } => format!("off target: {detail}"),
        ExceptionReason::GettingWorse { detail } => format!("getting worse: {detail}"),
        ExceptionReason::WorseThanNeighbours { detail } => {
            format!("worse than statistical neighbours: {detail}")
        }
        ExceptionReason::MilestonesOverdue { milestones } => {
            format!("{} milestone(s) of its actions overdue", milestones.len())
        }
        ExceptionReason::StatedDisagrees { detail } => {
            format!("rated differently by the council: {detail}")
        }
    }
}

/// `indicators show CODE --period P`: every step behind the RAG and arrow.
pub fn explain(
    (doc, earlier_plans): (&trustboard_core::model::PlanDocument, EarlierPlans),
    key: &str,
    period: Period,
    today: Option<NaiveDate>,
    json: bool,
) -> anyhow::Result<()> {
    let mut options = JudgeOptions::new(period, judging_date(today));
    options.earlier_plans = earlier_plans;
    let explanation = judge::explain(doc, key, &options)?;
    if json {
        return print_json(&explanation);
    }
    out!("judgement for {period}:");
    for step in &explanation.steps {
        out!("  - {step}");
    }
    out!("  {}", explanation.sentence);
    Ok(())
}

/// `indicators polarity [--inferred]`: unknown first, then inferred, then
/// stated, each with its reason.
pub fn polarity(
    doc: &trustboard_core::model::PlanDocument,
    inferred_only: bool,
    json: bool,
) -> anyhow::Result<()> {
    #[derive(Serialize)]
    struct Line<'a> {
        indicator: &'a str,
        title: &'a str,
        polarity: judge::PolarityJudgement,
        description: String,
        reason: String,
    }
    let mut lines: Vec<Line> = doc
        .indicators
        .iter()
        .map(|i| {
            let polarity = judge::polarity::decide(i, &doc.observations);
            Line {
                indicator: &i.key,
                title: &i.title,
                description: polarity.describe(),
                reason: polarity.reason(),
                polarity,
            }
        })
        .filter(|l| !inferred_only || l.polarity.source() == Some(PolaritySource::Inferred))
        .collect();
    lines.sort_by_key(|l| match l.polarity.source() {
        None => 0,
        Some(PolaritySource::Inferred) => 1,
        Some(PolaritySource::Stated) => 2,
    });
    if json {
        return print_json(&lines);
    }
    for l in &lines {
        out!("{:<28} {}", l.indicator, l.description);
    }
    if inferred_only {
        out!(
            "{} polarities were inferred from the wording or the targets; confirm or correct each with `trustboard indicators polarity --set CODE=higher|lower|band`",
            lines.len()
        );
    }
    Ok(())
}

/// `indicators polarity --set CODE=higher|lower|band`: records a stated polarity.
pub async fn set_polarity(
    store: &Store,
    selector: &PlanSelector,
    assignment: &str,
) -> anyhow::Result<()> {
    let (code, word) = assignment.rsplit_once('=').ok_or_else(|| {
        anyhow::anyhow!("--set `{assignment}`: write it as CODE=higher, CODE=lower or CODE=band")
    })?;
    let polarity = polarity_word(word).ok_or_else(|| {
        anyhow::anyhow!(
            "--set `{assignment}`: `{}` is not a polarity; use higher, lower or band",
            word.trim()
        )
    })?;
    let doc = load_selected(store, selector).await?;
    let code = code.trim();
    let indicator = find_indicator(&doc, code)
        .ok_or_else(|| anyhow::anyhow!("no indicator `{code}` in {}", doc.plan.name))?;
    let before = judge::polarity::decide(indicator, &doc.observations).describe();
    store
        .set_indicator_polarity(
            Some(&doc.organisation),
            &doc.plan.name,
            &indicator.key,
            polarity,
            "command line",
        )
        .await?;
    let mut stated = indicator.clone();
    stated.polarity = Some(polarity);
    stated.polarity_source = Some(PolaritySource::Stated);
    out!(
        "{}: {} (was {before})",
        indicator.key,
        judge::polarity::decide(&stated, &doc.observations).describe()
    );
    Ok(())
}

fn polarity_word(word: &str) -> Option<Polarity> {
    match word.trim().to_ascii_lowercase().as_str() {
        "higher" | "higher_is_better" => Some(Polarity::HigherIsBetter),
        "lower" | "lower_is_better" => Some(Polarity::LowerIsBetter),
        "band" => Some(Polarity::Band),
        _ => None,
    }
}
