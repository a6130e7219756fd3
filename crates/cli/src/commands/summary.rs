//! `trustboard summary` and the judging views of `indicators`: what a Trust Board reads.

use chrono::NaiveDate;
use serde::Serialize;
use trustboard_core::judge::{self, Arrow, Exception, ExceptionReason, JudgeOptions, Rag, Summary};
use trustboard_core::model::PolaritySource;
use trustboard_core::period::Period;
use trustboard_store::Store;

use super::{load_selected, print_json};
use crate::cli::SummaryArgs;

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
    let doc = load_selected(store, &args.plan).await?;
    let mut options = JudgeOptions::new(args.period, judging_date(args.today));
    options.node = args.node.clone();
    options.locality = args.locality.clone();
    options.group = args.group.clone();
    let judged = judge::judge_plan(&doc, &options)?;
    if args.json {
        return print_json(&SummaryOutput {
            organisation: &judged.organisation,
            plan: &judged.plan,
            period: args.period,
            judged_on: options.today,
            node: args.node.as_deref(),
            locality: args.locality.as_deref(),
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
    println!("{plan}, {period}: {} indicators", summary.indicators);
    println!("  {}", summary.headline);
    println!(
        "  direction: {} improved, {} declined, {} unchanged, {} mixed, {} not comparable",
        d.improved, d.declined, d.unchanged, d.mixed, d.not_comparable
    );
    println!(
        "  targets: {} met or exceeded, {} missed, {} not assessed",
        t.met, t.missed, t.not_assessed
    );
    println!(
        "  RAG: {} green, {} amber, {} red, {} grey",
        r.green, r.amber, r.red, r.grey
    );
    if !exceptions.is_empty() {
        println!("exceptions:");
        for e in exceptions {
            println!("  {}", label(&e.indicator, &e.title));
            for reason in &e.reasons {
                println!("    - {}", describe_reason(reason));
            }
        }
    }
    if !summary.not_judged.is_empty() {
        println!("not judged:");
        for n in &summary.not_judged {
            let reason = n
                .rag_reason
                .as_deref()
                .or(n.direction_reason.as_deref())
                .unwrap_or("");
            println!("  {}: {reason}", n.indicator);
        }
    }
}

/// `NI 59  Initial assessments …`, or just the title when the indicator has no code.
fn label(key: &str, title: &str) -> String {
    if key == title {
        title.to_string()
    } else {
        format!("{key}  {title}")
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
    }
}

/// `indicators show CODE --period P`: every step behind the RAG and arrow.
pub fn explain(
    doc: &trustboard_core::model::PlanDocument,
    key: &str,
    period: Period,
    today: Option<NaiveDate>,
    json: bool,
) -> anyhow::Result<()> {
    let explanation = judge::explain(doc, key, &JudgeOptions::new(period, judging_date(today)))?;
    if json {
        return print_json(&explanation);
    }
    println!("judgement for {period}:");
    for step in &explanation.steps {
        println!("  - {step}");
    }
    println!("  {}", explanation.sentence);
    Ok(())
}

/// `indicators polarity [--inferred]`.
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
    }
    let lines: Vec<Line> = doc
        .indicators
        .iter()
        .map(|i| {
            let polarity = judge::polarity::polarity_of(i);
            Line {
                indicator: &i.key,
                title: &i.title,
                description: polarity.describe(),
                polarity,
            }
        })
        .filter(|l| !inferred_only || l.polarity.source() == Some(PolaritySource::Inferred))
        .collect();
    if json {
        return print_json(&lines);
    }
    for l in &lines {
        println!("{:<28} {}", l.indicator, l.description);
    }
    if inferred_only {
        println!(
            "{} polarities were inferred from wording; set them in the indicators table to confirm or correct",
            lines.len()
        );
    }
    Ok(())
}
