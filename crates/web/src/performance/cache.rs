//! Plans and their judgements kept in memory between requests.
//!
//! Judging a large plan takes far longer than a page may, so each plan's
//! document is loaded once per revision and each judgement computed once per
//! (reporting period, locality). Every request first reads the plan's revision
//! with what else its judgements use, the links and revisions of its
//! organisation's plans (one indexed query). When only the plan's own
//! revision moved and every write since said which indicators' figures it
//! changed (an approved figure, say), those figures are read again and only
//! those indicators judged again in every judgement held, so the first page
//! after a sign-off is as quick as any. Otherwise everything held for the
//! plan is dropped and rebuilt on demand. Writers need do nothing but bump
//! the revision in their transaction, which the store does for them.
//!
//! The first pages of the published pack the overview's dashboard is drawn
//! from are kept the same way, once per period and day, built from the
//! judgements held, so a board member's overview never judges the plan again;
//! so is the overview's HTML, all but the parts that differ from one reader
//! to another.
//!
//! Judgements are keyed by the date they were made on as well, since what is
//! overdue changes at midnight. Every map is [`Bounded`]: the least recently
//! used entries go first, and a period outside the plan's years is refused
//! before anything is judged ([`LoadedPlan::admits`]).

use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use chrono::NaiveDate;
use tokio::sync::OnceCell;
use trustboard_core::judge::{
    self, Explanation, IndicatorJudgement, JudgeOptions, PlanJudgement, Summary,
};
use trustboard_core::lineage::EarlierPlans;
use trustboard_core::model::{Observation, ObservationKind, PlanDocument};
use trustboard_core::period::Period;
use trustboard_core::span;
use trustboard_report::build::{pack_summary_of, PackOptions};
use trustboard_report::pack::PackSummary;
use trustboard_store::{JudgingStamp, Neighbours, PlanHandle, Store};

use super::bounded::Bounded;
use crate::error::AppError;
use crate::plan_scope::stamp_checked_for;

/// One plan as of one revision.
pub struct LoadedPlan {
    pub handle: PlanHandle,
    pub doc: PlanDocument,
    /// Its indicators' figures in the plans it follows, for direction of travel.
    earlier_plans: EarlierPlans,
    /// Positions in `doc.observations`, by indicator key.
    by_indicator: HashMap<String, Vec<usize>>,
    /// The period pages open on: the core's [`span::default_period`].
    pub default_period: Option<Period>,
    /// Financial years with out-turns, newest first, for the period picker.
    pub periods: Vec<String>,
    /// The first and last years any figure of the plan falls in.
    years: Option<(i32, i32)>,
    judgements: Mutex<Bounded<JudgementKey, Arc<OnceCell<Arc<Judged>>>>>,
    explanations: Mutex<Bounded<(Period, String, NaiveDate), Arc<Explanation>>>,
    /// The first pages of the published pack of a period as of a day, which
    /// the overview's dashboard is drawn from; `None` where no pack can be made.
    summaries: Mutex<Bounded<(Period, NaiveDate), SummarySlot>>,
    /// The overview's parts that are the same for every reader, rendered
    /// once per period and day.
    overviews: Mutex<Bounded<(Period, NaiveDate), OverviewSlot>>,
    /// The plans linked just before and after it. Links and the names of
    /// the organisation's plans are part of the stamp the plan was loaded
    /// at, so they are read once.
    neighbours: OnceCell<Neighbours>,
}

/// The HTML of a plan's overview that depends on the plan alone: what comes
/// above the reader's own controls (publishing, the pack) and what comes
/// below them.
pub struct OverviewHtml {
    pub above_controls: String,
    pub below_controls: String,
}

type OverviewSlot = Arc<OnceCell<Arc<OverviewHtml>>>;

/// A published pack's first pages being made, or made (`None`: none can be made).
type SummarySlot = Arc<OnceCell<Option<Arc<PackSummary>>>>;

/// The reporting period, the locality (none: the whole area) and the date judged on.
type JudgementKey = (Period, Option<String>, NaiveDate);

/// Whole-plan judgements kept per plan: a year's periods for the area and a few
/// localities.
const JUDGEMENTS_PER_PLAN: usize = 64;
/// Published packs' first pages, and overviews, kept per plan: a few periods, for today.
const PACKS_PER_PLAN: usize = 8;
/// Indicator explanations kept per plan.
const EXPLANATIONS_PER_PLAN: usize = 512;
/// Plans kept loaded at once.
const PLANS: usize = 16;
/// Years before a plan's first figure and after its last that may still be
/// asked about: a baseline or a year to come.
const YEARS_AROUND_FIGURES: i32 = 1;

/// A whole-plan judgement with its indicators findable by key.
pub struct Judged {
    pub plan: PlanJudgement,
    positions: HashMap<String, usize>,
    /// Each outcome's summary, added up on first use.
    pub outcomes: OnceLock<Vec<(String, Summary)>>,
}

impl Judged {
    fn new(plan: PlanJudgement) -> Judged {
        let positions = plan
            .indicators
            .iter()
            .enumerate()
            .map(|(i, j)| (j.indicator.clone(), i))
            .collect();
        Judged {
            plan,
            positions,
            outcomes: OnceLock::new(),
        }
    }

    pub fn indicator(&self, key: &str) -> Option<&IndicatorJudgement> {
        self.positions
            .get(key)
            .and_then(|&i| self.plan.indicators.get(i))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Maps stay consistent even if a holder panicked: entries are inserted whole.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The date judgements are made on. Pages read the clock here and nowhere else.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

impl LoadedPlan {
    fn new(handle: PlanHandle, doc: PlanDocument, earlier_plans: EarlierPlans) -> LoadedPlan {
        let mut by_indicator: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, observation) in doc.observations.iter().enumerate() {
            by_indicator
                .entry(observation.indicator.clone())
                .or_default()
                .push(i);
        }
        let default_period = span::default_period(&doc);
        let plan_span = span::PlanSpan::of(&doc);
        let years: BTreeSet<i32> = doc
            .observations
            .iter()
            .filter(|o| o.kind == ObservationKind::Actual)
            .filter(|o| plan_span.is_none_or(|s| s.admits(&o.period)))
            .map(|o| o.period.year)
            .collect();
        let periods = years
            .into_iter()
            .rev()
            .map(|y| Period::financial(y).to_string())
            .collect();
        let all_years = doc.observations.iter().map(|o| o.period.year);
        let years = all_years.clone().min().zip(all_years.max());
        LoadedPlan {
            handle,
            doc,
            earlier_plans,
            by_indicator,
            default_period,
            periods,
            years,
            judgements: Mutex::new(Bounded::new(JUDGEMENTS_PER_PLAN)),
            explanations: Mutex::new(Bounded::new(EXPLANATIONS_PER_PLAN)),
            summaries: Mutex::new(Bounded::new(PACKS_PER_PLAN)),
            overviews: Mutex::new(Bounded::new(PACKS_PER_PLAN)),
            neighbours: OnceCell::new(),
        }
    }

    /// The plans linked just before and after this one.
    pub async fn neighbours(&self, store: &Store) -> Result<&Neighbours, AppError> {
        self.neighbours
            .get_or_try_init(|| async { Ok(store.plan_neighbours(self.handle.id).await?) })
            .await
    }

    /// Whether `period` is worth judging: it falls within a year of the plan's
    /// figures. Anything else would only fill the cache with empty judgements.
    pub fn admits(&self, period: &Period) -> bool {
        self.years.is_some_and(|(first, last)| {
            (first - YEARS_AROUND_FIGURES..=last + YEARS_AROUND_FIGURES).contains(&period.year)
        })
    }

    /// The observations of indicator `key`, in document order.
    pub fn observations_of<'a>(&'a self, key: &str) -> impl Iterator<Item = &'a Observation> {
        self.by_indicator
            .get(key)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.doc.observations.get(i))
    }

    /// Options for judging `period` in `locality` on `on`.
    pub fn options(&self, period: Period, locality: Option<&str>, on: NaiveDate) -> JudgeOptions {
        let mut options = JudgeOptions::new(period, on);
        options.locality = locality.map(str::to_owned);
        options.earlier_plans = self.earlier_plans.clone();
        options
    }

    /// Options for the pack of `period` as published on `on`, whose
    /// judgements are [`LoadedPlan::options`]' for the whole area.
    fn pack_options(&self, period: Period, on: NaiveDate) -> PackOptions {
        let mut options = PackOptions::new(period, on);
        options.published = true;
        options.earlier_plans = self.earlier_plans.clone();
        options
    }

    /// The whole plan judged for `period` in `locality` today, computed once a day.
    pub async fn judged(
        self: &Arc<Self>,
        period: Period,
        locality: Option<&str>,
    ) -> Result<Arc<Judged>, AppError> {
        self.judged_on(period, locality, today()).await
    }

    async fn judged_on(
        self: &Arc<Self>,
        period: Period,
        locality: Option<&str>,
        on: NaiveDate,
    ) -> Result<Arc<Judged>, AppError> {
        let cell = lock(&self.judgements)
            .get_or_insert_with((period, locality.map(str::to_owned), on), Arc::default);
        let plan = Arc::clone(self);
        let options = self.options(period, locality, on);
        cell.get_or_try_init(|| async move {
            tokio::task::spawn_blocking(move || {
                let judged = judge::judge_plan(&plan.doc, &options).map_err(AppError::internal)?;
                Ok(Arc::new(Judged::new(judged)))
            })
            .await
            .map_err(AppError::internal)?
        })
        .await
        .cloned()
    }

    /// The first pages of the plan's pack for `period` as it would be
    /// published today, made once; `None` when no pack can be made for the period.
    pub async fn published_summary(
        self: &Arc<Self>,
        period: Period,
    ) -> Result<Option<Arc<PackSummary>>, AppError> {
        self.published_summary_on(period, today()).await
    }

    async fn published_summary_on(
        self: &Arc<Self>,
        period: Period,
        on: NaiveDate,
    ) -> Result<Option<Arc<PackSummary>>, AppError> {
        let cell = lock(&self.summaries).get_or_insert_with((period, on), Arc::default);
        let plan = Arc::clone(self);
        cell.get_or_try_init(|| async move {
            let options = plan.pack_options(period, on);
            // The pack judges the whole plan and area as the pages do: the
            // judgements held, which a write to a figure updates in place,
            // serve it, so it never judges again.
            let current = plan.judged_on(period, None, on).await;
            let previous = plan.judged_on(period.previous(), None, on).await;
            let (Ok(current), Ok(previous)) = (current, previous) else {
                return Ok(None);
            };
            // Laying out a large plan takes a moment: keep it off the request threads.
            tokio::task::spawn_blocking(move || {
                pack_summary_of(&plan.doc, &options, &current.plan, &previous.plan)
                    .ok()
                    .map(Arc::new)
            })
            .await
            .map_err(AppError::internal)
        })
        .await
        .cloned()
    }

    /// The overview's shared HTML for `period` as of today, rendered by
    /// `render` the first time it is asked for.
    pub async fn overview_html<Render, Rendering>(
        &self,
        period: Period,
        render: Render,
    ) -> Result<Arc<OverviewHtml>, AppError>
    where
        Render: FnOnce() -> Rendering,
        Rendering: Future<Output = Result<OverviewHtml, AppError>>,
    {
        let cell = lock(&self.overviews).get_or_insert_with((period, today()), Arc::default);
        cell.get_or_try_init(|| async { render().await.map(Arc::new) })
            .await
            .cloned()
    }

    /// The periods whose overview was rendered today.
    pub fn overview_periods(&self) -> Vec<Period> {
        let on = today();
        lock(&self.overviews)
            .entries()
            .into_iter()
            .filter(|((_, day), slot)| *day == on && slot.initialized())
            .map(|((period, _), _)| period)
            .collect()
    }

    /// Why indicator `key` got its RAG and arrow for `period`, computed once.
    pub async fn explanation(
        self: &Arc<Self>,
        period: Period,
        key: &str,
    ) -> Result<Arc<Explanation>, AppError> {
        let on = today();
        let cache_key = (period, key.to_owned(), on);
        if let Some(found) = lock(&self.explanations).get(&cache_key) {
            return Ok(found);
        }
        if !self.doc.indicators.iter().any(|i| i.key == key) {
            return Err(AppError::NotFound);
        }
        let plan = Arc::clone(self);
        let options = self.options(period, None, on);
        let wanted = key.to_owned();
        let explanation = tokio::task::spawn_blocking(move || {
            judge::explain(&plan.doc, &wanted, &options).map_err(|_| AppError::NotFound)
        })
        .await
        .map_err(AppError::internal)??;
        let explanation = Arc::new(explanation);
        lock(&self.explanations).insert(cache_key, Arc::clone(&explanation));
        Ok(explanation)
    }
}

/// A plan being loaded, or loaded, at one revision.
type PlanSlot = Arc<OnceCell<Arc<LoadedPlan>>>;

/// The plans loaded most recently, each as of the stamp it was loaded at.
pub struct PlanCache {
    plans: Mutex<Bounded<i64, (JudgingStamp, PlanSlot)>>,
}

impl Default for PlanCache {
    fn default() -> Self {
        PlanCache {
            plans: Mutex::new(Bounded::new(PLANS)),
        }
    }
}

impl PlanCache {
    /// Plan `id` as last read, whether or not it has changed since.
    pub fn held(&self, id: i64) -> Option<Arc<LoadedPlan>> {
        lock(&self.plans)
            .get(&id)
            .and_then(|(_, slot)| slot.get().cloned())
    }

    /// Plan `id` as it is now, loading it if it changed since it was last read.
    pub async fn plan(&self, store: &Store, id: i64) -> Result<Arc<LoadedPlan>, AppError> {
        let stamp = match stamp_checked_for(id) {
            Some(stamp) => stamp,
            None => {
                let plan = store.plan_stamp(id).await?;
                plan.ok_or(AppError::NotFound)?.judging
            }
        };
        let (cell, earlier) = {
            let mut plans = lock(&self.plans);
            match plans.get(&id) {
                Some((held, slot)) if held == stamp => (slot, None),
                previous => {
                    let earlier = previous
                        .and_then(|(held, slot)| slot.get().map(|plan| (held, Arc::clone(plan))));
                    let slot = PlanSlot::default();
                    plans.insert(id, (stamp, Arc::clone(&slot)));
                    (slot, earlier)
                }
            }
        };
        cell.get_or_try_init(|| async {
            if let Some((held, loaded)) = earlier {
                let updated = brought_up_to_date(store, &loaded, held, stamp).await?;
                // Freeing a large plan takes a moment: not on this request's time.
                tokio::task::spawn_blocking(move || drop(loaded));
                if let Some(updated) = updated {
                    return Ok(updated);
                }
            }
            let handle = store.plan_handle(id).await?.ok_or(AppError::NotFound)?;
            let doc = store
                .load_plan(Some(&handle.organisation), &handle.name)
                .await?;
            let earlier_plans = store.earlier_plans(id).await?;
            Ok::<_, AppError>(Arc::new(LoadedPlan::new(handle, doc, earlier_plans)))
        })
        .await
        .cloned()
    }
}

/// `loaded`, held at stamp `held`, brought up to `stamp` by reading again the
/// figures of the indicators the writes since changed and judging only those
/// again in each judgement held; `None` when a write since may have changed
/// more than figures, and the plan must be loaded whole.
async fn brought_up_to_date(
    store: &Store,
    loaded: &Arc<LoadedPlan>,
    held: JudgingStamp,
    stamp: JudgingStamp,
) -> Result<Option<Arc<LoadedPlan>>, AppError> {
    let id = loaded.handle.id;
    if !held.moved_by_own_writes_only(&stamp) {
        return Ok(None);
    }
    let Some(changed) = store
        .changed_indicators(id, held.revision, stamp.revision)
        .await?
    else {
        return Ok(None);
    };
    let fresh = store.current_observations_of(id, &changed).await?;
    let handle = store.plan_handle(id).await?.ok_or(AppError::NotFound)?;
    let doc =
        loaded
            .doc
            .with_observations(with_replaced(&loaded.doc.observations, fresh, &changed));
    let plan = Arc::new(LoadedPlan::new(handle, doc, loaded.earlier_plans.clone()));
    // Only this plan's own figures moved, so its links and the names of the
    // plans they lead to are as they were.
    if let Some(neighbours) = loaded.neighbours.get() {
        plan.neighbours.set(neighbours.clone()).ok();
    }
    let held_judgements: Vec<(JudgementKey, Arc<Judged>)> = lock(&loaded.judgements)
        .entries()
        .into_iter()
        .filter_map(|(key, cell)| cell.get().map(|judged| (key, Arc::clone(judged))))
        .collect();
    let updating = Arc::clone(&plan);
    let rejudged = tokio::task::spawn_blocking(move || {
        held_judgements
            .into_iter()
            .map(|(key, judged)| {
                let plan = judge::rejudge(&updating.doc, &judged.plan, &changed);
                (key, Judged::new(plan))
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(AppError::internal)?;
    {
        let mut judgements = lock(&plan.judgements);
        for (key, judged) in rejudged {
            judgements.insert(key, Arc::new(OnceCell::new_with(Some(Arc::new(judged)))));
        }
    }
    Ok(Some(plan))
}

/// `observations` with those of the `changed` indicators replaced by
/// `fresh`, each indicator's new figures where its first old one stood.
fn with_replaced(
    observations: &[Observation],
    fresh: Vec<Observation>,
    changed: &BTreeSet<String>,
) -> Vec<Observation> {
    let mut by_indicator: HashMap<String, Vec<Observation>> = HashMap::new();
    for observation in fresh {
        by_indicator
            .entry(observation.indicator.clone())
            .or_default()
            .push(observation);
    }
    let mut result = Vec::with_capacity(observations.len());
    for observation in observations {
        if !changed.contains(&observation.indicator) {
            result.push(observation.clone());
        } else if let Some(replacements) = by_indicator.remove(&observation.indicator) {
            result.extend(replacements);
        }
    }
    // Indicators that had no figures before come last, in key order.
    let mut rest: Vec<_> = by_indicator.into_iter().collect();
    rest.sort_by(|a, b| a.0.cmp(&b.0));
    result.extend(rest.into_iter().flat_map(|(_, observations)| observations));
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use trustboard_core::value::parse;

    fn actual(period: &str, text: &str) -> Observation {
        Observation {
            indicator: "NI 1".into(),
            period: period.parse().unwrap_or(Period::financial(1900)),
            kind: ObservationKind::Actual,
            locality: None,
            group: None,
            text: text.into(),
            parsed: parse(text),
            set_by: None,
            agreed_on: None,
            source: trustboard_core::model::ValueSource::Written,
        }
    }

    fn plan(observations: Vec<Observation>) -> Arc<LoadedPlan> {
        let doc = PlanDocument {
            indicators: vec![trustboard_core::model::Indicator::new("NI 1", "A measure")],
            observations,
            ..PlanDocument::default()
        };
        let handle = PlanHandle {
            id: 1,
            organisation: "Somewhere".into(),
            name: "Plan".into(),
            title: "Plan".into(),
            period: "2009-12".into(),
            revision: 1,
            published: false,
        };
        Arc::new(LoadedPlan::new(handle, doc, EarlierPlans::default()))
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2011, 3, d).unwrap_or_default()
    }

    #[tokio::test]
    async fn judgements_are_kept_for_the_day_they_were_made_on() {
        let plan = plan(vec![actual("2010/11", "60%")]);
        let period = Period::financial(2010);
        let first = plan.judged_on(period, None, day(1)).await.ok();
        let again = plan.judged_on(period, None, day(1)).await.ok();
        let next_day = plan.judged_on(period, None, day(2)).await.ok();
        assert!(matches!((&first, &again), (Some(a), Some(b)) if Arc::ptr_eq(a, b)));
        assert!(matches!((&first, &next_day), (Some(a), Some(b)) if !Arc::ptr_eq(a, b)));
    }

    #[tokio::test]
    async fn however_many_days_and_periods_are_asked_about_the_cache_stays_bounded() {
        let plan = plan(vec![actual("2010/11", "60%")]);
        for d in 1..=28 {
            for quarter in 1..=4 {
                let judged = plan.judged_on(Period::quarter(2010, quarter), None, day(d));
                assert!(judged.await.is_ok());
            }
        }
        assert_eq!(lock(&plan.judgements).held(), JUDGEMENTS_PER_PLAN);
    }

    #[tokio::test]
    async fn the_dashboards_pages_drawn_from_held_judgements_are_the_pack_made_afresh() {
        let plan = plan(vec![actual("2009/10", "55%"), actual("2010/11", "60%")]);
        let period = Period::financial(2010);
        let options = plan.pack_options(period, day(1));
        // Held judgements serve the pack only if it judges as the pages do.
        for judged in [period, period.previous()] {
            assert_eq!(options.judging(judged), plan.options(judged, None, day(1)));
        }
        let afresh = trustboard_report::build::board_pack(&plan.doc, &options).ok();
        let held = plan
            .published_summary_on(period, day(1))
            .await
            .ok()
            .flatten();
        let (Some(afresh), Some(held)) = (afresh, held) else {
            panic!("no pack for 2010/11");
        };
        assert_eq!(held.headline, afresh.headline);
        assert_eq!(held.outcomes, afresh.outcomes);
        assert_eq!(held.exceptions, afresh.exceptions);
    }

    #[test]
    fn only_periods_near_the_plans_figures_are_judged() {
        let plan = plan(vec![actual("2009/10", "60%"), actual("2010/11", "62%")]);
        assert!(plan.admits(&Period::financial(2008)));
        assert!(plan.admits(&Period::quarter(2011, 2)));
        assert!(!plan.admits(&Period::financial(2099)));
        assert!(!plan.admits(&Period::financial(1990)));
    }
}
