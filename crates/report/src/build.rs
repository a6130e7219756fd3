//! Building a [`BoardPack`] from a plan.
//!
//! The plan is judged for the reporting period and for the period before it
//! (the "previous report" the headline is compared with); the judgements are
//! then laid out as the pack's scorecards, exceptions, milestones and the
//! plan's own summary table of indicators. Nothing here reads the clock:
//! "today" is an option.

mod appendix;
mod exceptions;
mod milestones;
pub mod projects;
mod provenance;
pub mod resources;
pub mod risks;
mod scope;
mod scorecard;
mod withhold;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use trustboard_core::judge::suppression::SuppressionRule;
use trustboard_core::judge::{self, JudgeError, JudgeOptions, PlanJudgement};
use trustboard_core::lineage::{EarlierPlans, JoinedPoint};
use trustboard_core::model::PlanDocument;
use trustboard_core::period::Period;
use trustboard_core::risks::Scored;

use crate::pack::{
    validate_outcomes, BoardPack, Commentary, DirectionCounts, Headline, HeadlineCounts,
    OutcomeScorecard, PackDate, PackSummary, RagCounts, ResourcesPart, TargetCounts,
};
use crate::ReportError;

use scope::Scope;

/// What a pack is built for.
#[derive(Debug, Clone, PartialEq)]
pub struct PackOptions {
    /// The board's reporting period, e.g. financial year 2010/11.
    pub period: Period,
    /// The date the pack is produced on: milestones due before it are overdue.
    pub today: NaiveDate,
    /// Only this node (an outcome or objective code) and the nodes below it.
    pub node: Option<String>,
    /// One locality's figures instead of the whole area's.
    pub locality: Option<String>,
    /// For publication outside the partnership: small numbers are withheld.
    pub published: bool,
    pub suppression: SuppressionRule,
    /// Approved commentary on the period's figures, by indicator key, oldest
    /// first; shown beside the indicators reported by exception.
    pub commentary: BTreeMap<String, Vec<Commentary>>,
    /// Each indicator's series across the plans this one follows, by key, as
    /// the store joins them; only indicators with figures from another plan.
    pub across_plans: BTreeMap<String, Vec<JoinedPoint>>,
    /// The plan's budget and staffing tables with their links, for the
    /// "Resources" section; `None` leaves the section out.
    pub resources: Option<resources::ResourceInputs>,
    /// The plan's risk register, numbered.
    pub risks: Vec<Scored>,
    /// Each indicator's figures in the plans this one follows, which
    /// direction of travel falls back on.
    pub earlier_plans: EarlierPlans,
    /// The business plan's projects, each with the latest report approved for
    /// it for a period up to `period`.
    pub projects: Vec<projects::ProjectStanding>,
}

impl PackOptions {
    /// The whole plan and area, for use inside the partnership.
    pub fn new(period: Period, today: NaiveDate) -> Self {
        PackOptions {
            period,
            today,
            node: None,
            locality: None,
            published: false,
            suppression: SuppressionRule::default(),
            commentary: BTreeMap::new(),
            across_plans: BTreeMap::new(),
            resources: None,
            risks: Vec::new(),
            earlier_plans: EarlierPlans::default(),
            projects: Vec::new(),
        }
    }

    /// The options the pack judges `period` with.
    pub fn judging(&self, period: Period) -> JudgeOptions {
        let mut options = JudgeOptions::new(period, self.today);
        options.node = self.node.clone();
        options.locality = self.locality.clone();
        options.earlier_plans = self.earlier_plans.clone();
        options
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Judge(#[from] JudgeError),
    #[error("the plan has no figures for the locality `{0}`")]
    UnknownLocality(String),
    #[error(transparent)]
    Invalid(#[from] ReportError),
}

/// Judges `doc` for `opts.period` and the period before, and lays the result out as a pack.
pub fn board_pack(doc: &PlanDocument, opts: &PackOptions) -> Result<BoardPack, BuildError> {
    let current = judge::judge_plan(doc, &opts.judging(opts.period))?;
    let previous = judge::judge_plan(doc, &opts.judging(opts.period.previous()))?;
    board_pack_of(doc, opts, &current, &previous)
}

/// Lays out as a pack `doc` judged already for `opts.period` (`current`) and
/// the period before (`previous`), each with [`PackOptions::judging`]'s
/// options: a caller that keeps judgements need not judge the plan again.
pub fn board_pack_of(
    doc: &PlanDocument,
    opts: &PackOptions,
    current: &PlanJudgement,
    previous: &PlanJudgement,
) -> Result<BoardPack, BuildError> {
    let scope = Scope::new(doc, opts)?;
    let PackSummary {
        headline,
        outcomes,
        exceptions,
    } = summary(&scope, current, previous);
    let ResourcesPart {
        resources,
        projects,
        risks,
    } = part_of(doc, opts, &outcomes);
    let pack = BoardPack {
        title: title(&scope),
        organisation: doc.organisation.clone(),
        plan: if doc.plan.title.trim().is_empty() {
            doc.plan.name.clone()
        } else {
            doc.plan.title.clone()
        },
        period_label: opts.period.to_string(),
        generated_on: pack_date(opts.today),
        headline,
        outcomes,
        exceptions,
        milestones_at_risk: milestones::at_risk(&scope),
        appendix: appendix::appendix(&scope),
        across_plans: provenance::across_plans(&scope),
        inclusion: provenance::inclusion(&scope, current),
        resources,
        risks,
        projects,
    };
    pack.validate()?;
    Ok(pack)
}

/// The pack's first pages alone, laid out as [`board_pack_of`] lays them
/// out: what a dashboard drawn from the pack shows, without the appendix and
/// the rest a dashboard never reads.
pub fn pack_summary_of(
    doc: &PlanDocument,
    opts: &PackOptions,
    current: &PlanJudgement,
    previous: &PlanJudgement,
) -> Result<PackSummary, BuildError> {
    let scope = Scope::new(doc, opts)?;
    let summary = summary(&scope, current, previous);
    validate_outcomes(&summary.outcomes)?;
    Ok(summary)
}

fn summary(scope: &Scope<'_>, current: &PlanJudgement, previous: &PlanJudgement) -> PackSummary {
    PackSummary {
        headline: Headline {
            current: headline_counts(current),
            previous: Some(headline_counts(previous)),
        },
        outcomes: scorecard::outcomes(scope, current),
        exceptions: exceptions::exceptions(scope, current, &scope.opts.commentary),
    }
}

/// The pack's resources, projects and risks on their own, for a plan already
/// judged for `opts.period` with the pack's judging options: what the plan's
/// overview and the JSON API show, made as the pack makes them.
pub fn resources_part(
    doc: &PlanDocument,
    opts: &PackOptions,
    current: &PlanJudgement,
) -> Result<ResourcesPart, BuildError> {
    // The outcomes' scorecards give the RAG counts beside spend; without
    // budget tables nothing uses them, and a large plan's take a while.
    let outcomes = match opts.resources {
        Some(_) => scorecard::outcomes(&Scope::new(doc, opts)?, current),
        None => Vec::new(),
    };
    Ok(part_of(doc, opts, &outcomes))
}

fn part_of(doc: &PlanDocument, opts: &PackOptions, outcomes: &[OutcomeScorecard]) -> ResourcesPart {
    ResourcesPart {
        resources: opts
            .resources
            .as_ref()
            .and_then(|inputs| resources::section(doc, outcomes, inputs)),
        projects: projects::rows(opts),
        risks: risks::section(&opts.risks, opts.today),
    }
}

fn title(scope: &Scope<'_>) -> String {
    let mut title = "Trust Board performance report".to_owned();
    if let Some(node) = scope.node() {
        title.push_str(&format!(": {} {}", node.kind, node.code));
    }
    if let Some(locality) = &scope.opts.locality {
        title.push_str(&format!(" ({locality})"));
    }
    title
}

fn pack_date(date: NaiveDate) -> PackDate {
    use chrono::Datelike;
    PackDate {
        year: date.year(),
        // Month and day always fit: 1–12 and 1–31.
        month: u8::try_from(date.month()).unwrap_or(1),
        day: u8::try_from(date.day()).unwrap_or(1),
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn headline_counts(judged: &PlanJudgement) -> HeadlineCounts {
    let s = &judged.summary;
    HeadlineCounts {
        period_label: judged.options.period.to_string(),
        direction: DirectionCounts {
            improved: count(s.direction.improved),
            declined: count(s.direction.declined),
            unchanged: count(s.direction.unchanged),
            mixed: count(s.direction.mixed),
            not_comparable: count(s.direction.not_comparable),
        },
        targets: TargetCounts {
            met: count(s.targets.met),
            missed: count(s.targets.missed),
            not_assessed: count(s.targets.not_assessed),
        },
        rag: RagCounts {
            red: count(s.rag.red),
            amber: count(s.rag.amber),
            green: count(s.rag.green),
            grey: count(s.rag.grey),
        },
    }
}
