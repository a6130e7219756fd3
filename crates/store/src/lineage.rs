//! Successive plans: which plan follows which, what became of the earlier
//! plan's outcomes, the indicators a person linked across them, and an
//! indicator's figures gathered from every linked plan. Which indicators are
//! the same and which figure speaks for a period are the core's rules
//! (`trustboard_core::lineage`); this module only reads and writes them.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use trustboard_core::lineage::{
    check_plan_link, joined_series, same_indicators, EarlierPlans, IndicatorLink, IndicatorRef,
    JoinedPoint, OutcomeFate, OutcomeLink, PlanIndicator,
};
use trustboard_core::model::Observation;

use crate::accounts::timestamp_text;
use crate::audit::{AuditEntry, Outcome};
use crate::codec::corrupt;
use crate::connect::Store;
use crate::error::StoreError;
use crate::load::{read_indicators, read_observations};

/// A plan as a link names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkedPlan {
    pub id: i64,
    pub organisation: String,
    pub name: String,
    pub title: String,
    pub period: String,
}

/// One plan following another, with what was recorded about the pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanLink {
    pub earlier: LinkedPlan,
    pub later: LinkedPlan,
    pub outcomes: Vec<OutcomeLink>,
    pub indicators: Vec<IndicatorLink>,
}

/// The plans just before and just after one plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Neighbours {
    pub previous: Vec<LinkedPlan>,
    pub next: Vec<LinkedPlan>,
}

struct LinkRow {
    id: i64,
    earlier: i64,
    later: i64,
}

const PLAN_COLUMNS: &str =
    "SELECT p.id, p.organisation_id, o.name AS organisation, p.name, p.title, p.period
     FROM plans p JOIN organisations o ON o.id = p.organisation_id";

fn linked_plan(row: &AnyRow) -> Result<LinkedPlan, StoreError> {
    Ok(LinkedPlan {
        id: row.try_get("id")?,
        organisation: row.try_get("organisation")?,
        name: row.try_get("name")?,
        title: row.try_get("title")?,
        period: row.try_get("period")?,
    })
}

/// Plan `id` with its organisation's id.
async fn plan_of(conn: &mut AnyConnection, id: i64) -> Result<(LinkedPlan, i64), StoreError> {
    let row = sqlx::query(&format!("{PLAN_COLUMNS} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NoPlanWithId(id))?;
    Ok((linked_plan(&row)?, row.try_get("organisation_id")?))
}

/// Every link between plans of organisation `organisation_id`.
async fn links_of(
    conn: &mut AnyConnection,
    organisation_id: i64,
) -> Result<Vec<LinkRow>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, earlier_plan_id, later_plan_id FROM plan_links
         WHERE organisation_id = $1 ORDER BY id",
    )
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(LinkRow {
                id: row.try_get("id")?,
                earlier: row.try_get("earlier_plan_id")?,
                later: row.try_get("later_plan_id")?,
            })
        })
        .collect()
}

/// Plans of one organisation by id, to name them.
async fn plans_by_id(
    conn: &mut AnyConnection,
    organisation_id: i64,
) -> Result<BTreeMap<i64, LinkedPlan>, StoreError> {
    let rows = sqlx::query(&format!("{PLAN_COLUMNS} WHERE p.organisation_id = $1"))
        .bind(organisation_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| linked_plan(row).map(|plan| (plan.id, plan)))
        .collect()
}

/// Whether plan `plan_id` holds a current node or indicator called `key`.
async fn holds(
    conn: &mut AnyConnection,
    plan: &LinkedPlan,
    entity: &'static str,
    key: &str,
) -> Result<(), StoreError> {
    let sql = match entity {
        "outcome" => "SELECT 1 AS found FROM nodes WHERE plan_id = $1 AND code = $2",
        _ => "SELECT 1 AS found FROM indicators WHERE plan_id = $1 AND key = $2 AND retired_by IS NULL",
    };
    let found = sqlx::query(sql)
        .bind(plan.id)
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotInPlan {
            plan: plan.name.clone(),
            entity,
            key: key.to_string(),
        }),
    }
}

impl Store {
    /// The id of the plan called `name`; `organisation` is needed only when
    /// two organisations have plans of that name.
    pub async fn plan_id(&self, organisation: Option<&str>, name: &str) -> Result<i64, StoreError> {
        let mut conn = self.begin_read().await?;
        Ok(self.resolve_plan(&mut conn, organisation, name).await?.0)
    }

    /// Records that plan `later` follows plan `earlier`, with what became of
    /// the earlier plan's outcomes (a fate recorded again replaces the one
    /// before). Both plans must belong to one organisation, and no chain of
    /// links may lead back to where it started. Linking again adds only what
    /// is new; the audit record is written with the change, or not at all.
    pub async fn link_plans(
        &self,
        earlier: i64,
        later: i64,
        outcomes: &[OutcomeLink],
        audit: &AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        self.write_audited(audit, async |tx| {
            let (first, organisation_id) = plan_of(tx, earlier).await?;
            let (second, second_organisation) = plan_of(tx, later).await?;
            if organisation_id != second_organisation {
                return Err(StoreError::PlansOfTwoOrganisations {
                    earlier: first.name,
                    earlier_organisation: first.organisation,
                    later: second.name,
                    later_organisation: second.organisation,
                });
            }
            claim_links(tx, organisation_id).await?;
            let existing = links_of(tx, organisation_id).await?;
            let link_id = match existing
                .iter()
                .find(|l| l.earlier == earlier && l.later == later)
            {
                Some(link) => link.id,
                None => {
                    let plans = plans_by_id(tx, organisation_id).await?;
                    let name = |id: i64| plans.get(&id).map(|p| p.name.clone()).unwrap_or_default();
                    let pairs: Vec<(String, String)> = existing
                        .iter()
                        .map(|l| (name(l.earlier), name(l.later)))
                        .collect();
                    check_plan_link(&pairs, &first.name, &second.name)?;
                    insert_link(tx, organisation_id, earlier, later, audit).await?
                }
            };
            for outcome in outcomes {
                holds(tx, &first, "outcome", &outcome.earlier).await?;
                if let Some(code) = &outcome.later {
                    holds(tx, &second, "outcome", code).await?;
                }
                sqlx::query("DELETE FROM outcome_links WHERE plan_link_id = $1 AND earlier_code = $2")
                    .bind(link_id)
                    .bind(&outcome.earlier)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO outcome_links (organisation_id, plan_link_id, earlier_code, fate, later_code)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(organisation_id)
                .bind(link_id)
                .bind(&outcome.earlier)
                .bind(outcome.fate.code())
                .bind(outcome.later.as_deref())
                .execute(&mut *tx)
                .await?;
            }
            Ok(Outcome::Keep(()))
        })
        .await
    }

    /// Records that indicator `first_key` of plan `first` is the same as
    /// `second_key` of plan `second`; the two plans must be linked, one
    /// following the other, in either order.
    pub async fn link_indicators(
        &self,
        (first, first_key): (i64, &str),
        (second, second_key): (i64, &str),
        audit: &AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        self.write_audited(audit, async |tx| {
            let (first_plan, organisation_id) = plan_of(tx, first).await?;
            let (second_plan, _) = plan_of(tx, second).await?;
            claim_links(tx, organisation_id).await?;
            let links = links_of(tx, organisation_id).await?;
            let link = links.iter().find(|l| {
                (l.earlier, l.later) == (first, second) || (l.earlier, l.later) == (second, first)
            });
            let Some(link) = link else {
                return Err(StoreError::PlansNotLinked {
                    first: first_plan.name,
                    second: second_plan.name,
                });
            };
            holds(tx, &first_plan, "indicator", first_key).await?;
            holds(tx, &second_plan, "indicator", second_key).await?;
            let (earlier_key, later_key) = match link.earlier == first {
                true => (first_key, second_key),
                false => (second_key, first_key),
            };
            let added = sqlx::query(
                "INSERT INTO indicator_links (organisation_id, plan_link_id, earlier_key, later_key)
                 SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM indicator_links
                     WHERE plan_link_id = $2 AND earlier_key = $3 AND later_key = $4)",
            )
            .bind(organisation_id)
            .bind(link.id)
            .bind(earlier_key)
            .bind(later_key)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            Ok(match added {
                0 => Outcome::Discard(()),
                _ => Outcome::Keep(()),
            })
        })
        .await
    }

    /// The links between the plans of the organisation called `organisation`
    /// (every organisation's when `None`), earliest plans first.
    pub async fn plan_links(
        &self,
        organisation: Option<&str>,
    ) -> Result<Vec<PlanLink>, StoreError> {
        let mut conn = self.begin_read().await?;
        let rows =
            sqlx::query("SELECT id FROM organisations WHERE $1 IS NULL OR name = $1 ORDER BY name")
                .bind(organisation)
                .fetch_all(&mut *conn)
                .await?;
        let mut out = Vec::new();
        for row in &rows {
            out.extend(organisation_links(&mut conn, row.try_get("id")?).await?);
        }
        Ok(out)
    }

    /// The plans just before and after plan `plan_id`.
    pub async fn plan_neighbours(&self, plan_id: i64) -> Result<Neighbours, StoreError> {
        let mut conn = self.begin_read().await?;
        let (_, organisation_id) = plan_of(&mut conn, plan_id).await?;
        let links = links_of(&mut conn, organisation_id).await?;
        let plans = plans_by_id(&mut conn, organisation_id).await?;
        let named = |id: i64| plans.get(&id).cloned();
        Ok(Neighbours {
            previous: links
                .iter()
                .filter(|l| l.later == plan_id)
                .filter_map(|l| named(l.earlier))
                .collect(),
            next: links
                .iter()
                .filter(|l| l.earlier == plan_id)
                .filter_map(|l| named(l.later))
                .collect(),
        })
    }

    /// Indicator `key` of plan `plan_id` as one series across every plan
    /// linked to it, directly or through others: the figures of the
    /// indicators the core finds the same, each saying which plan it came
    /// from. The plan asked about speaks for the periods it holds, then the
    /// plans nearest to it. A plan linked to no other gives its own figures.
    pub async fn indicator_across_plans(
        &self,
        plan_id: i64,
        key: &str,
    ) -> Result<Vec<JoinedPoint>, StoreError> {
        let mut conn = self.begin_read().await?;
        let linked = LinkedFigures::read(&mut conn, plan_id).await?;
        Ok(linked.series(key))
    }

    /// Every current indicator of plan `plan_id` whose series across linked
    /// plans holds a figure from another plan, by key, with that series as
    /// [`Store::indicator_across_plans`] gives it. Empty when the plan is
    /// linked to no other.
    pub async fn plan_across_plans(
        &self,
        plan_id: i64,
    ) -> Result<BTreeMap<String, Vec<JoinedPoint>>, StoreError> {
        let mut conn = self.begin_read().await?;
        Ok(LinkedFigures::read(&mut conn, plan_id).await?.across())
    }

    /// The figures plan `plan_id`'s indicators hold in the plans it follows,
    /// directly or through others: what judging its direction of travel falls
    /// back on. Empty when it follows no plan.
    pub async fn earlier_plans(&self, plan_id: i64) -> Result<EarlierPlans, StoreError> {
        let mut conn = self.begin_read().await?;
        let linked = LinkedFigures::read(&mut conn, plan_id).await?;
        Ok(EarlierPlans::new(linked.across(), &linked.followed))
    }
}

/// What one plan's series across linked plans are made from: the current
/// indicators and figures of every plan linked to it, read once.
struct LinkedFigures {
    /// The plan read, by name.
    plan: String,
    /// Plan names nearest first, the plan read first.
    preference: Vec<String>,
    indicators: Vec<PlanIndicator>,
    person_links: Vec<IndicatorLink>,
    /// Current figures of each plan, in `preference` order.
    figures: Vec<(String, Vec<Observation>)>,
    /// The plans the plan read follows, directly or through others, by name.
    followed: BTreeSet<String>,
}

impl LinkedFigures {
    async fn read(conn: &mut AnyConnection, plan_id: i64) -> Result<Self, StoreError> {
        let (plan, organisation_id) = plan_of(conn, plan_id).await?;
        let links = links_of(conn, organisation_id).await?;
        let plans = plans_by_id(conn, organisation_id).await?;
        let name = |id: i64| plans.get(&id).map(|p| p.name.clone()).unwrap_or_default();
        let mut indicators = Vec::new();
        let mut figures = Vec::new();
        let mut preference = Vec::new();
        for id in nearest_first(plan_id, &links) {
            let plan_name = name(id);
            for row in read_indicators(conn, id).await? {
                if !row.retired {
                    indicators.push(PlanIndicator {
                        indicator: IndicatorRef {
                            plan: plan_name.clone(),
                            key: row.item.key,
                        },
                        code: row.item.code,
                    });
                }
            }
            let current = read_observations(conn, id)
                .await?
                .into_iter()
                .filter(|row| !row.retired)
                .map(|row| row.item)
                .collect();
            figures.push((plan_name.clone(), current));
            preference.push(plan_name);
        }
        let person_links = indicator_links(conn, organisation_id, &plans).await?;
        let followed = followed_by(plan_id, &links).into_iter().map(name).collect();
        Ok(LinkedFigures {
            plan: plan.name,
            preference,
            indicators,
            person_links,
            figures,
            followed,
        })
    }

    /// Every current indicator of the plan read whose series across linked
    /// plans holds a figure from another plan, with that series, by key.
    fn across(&self) -> BTreeMap<String, Vec<JoinedPoint>> {
        self.indicators
            .iter()
            .filter(|i| i.indicator.plan == self.plan)
            .filter_map(|i| {
                let series = self.series(&i.indicator.key);
                series
                    .iter()
                    .any(|p| p.plan != self.plan)
                    .then(|| (i.indicator.key.clone(), series))
            })
            .collect()
    }

    /// Indicator `key` of the plan read as one series across the plans.
    fn series(&self, key: &str) -> Vec<JoinedPoint> {
        let start = IndicatorRef {
            plan: self.plan.clone(),
            key: key.to_string(),
        };
        let same = same_indicators(&start, &self.indicators, &self.person_links);
        let mut points = Vec::new();
        for (plan_name, observations) in &self.figures {
            let keys: Vec<&str> = same
                .iter()
                .filter(|i| &i.plan == plan_name)
                .map(|i| i.key.as_str())
                .collect();
            points.extend(
                observations
                    .iter()
                    .filter(|o| keys.contains(&o.indicator.as_str()))
                    .map(|o| JoinedPoint {
                        plan: plan_name.clone(),
                        observation: o.clone(),
                    }),
            );
        }
        let preference: Vec<&str> = self.preference.iter().map(String::as_str).collect();
        joined_series(&preference, points)
    }
}

/// Claims the organisation's links for this transaction: the version read is
/// checked by the statement that moves it on, so of two writers that read one
/// version the later loses (on PostgreSQL it waits for the first to commit and
/// then finds the version moved) rather than both checking the links as they
/// were and writing a loop or a duplicate between them.
async fn claim_links(conn: &mut AnyConnection, organisation_id: i64) -> Result<(), StoreError> {
    let version: i64 = sqlx::query("SELECT links_version FROM organisations WHERE id = $1")
        .bind(organisation_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("links_version")?;
    let claimed = sqlx::query(
        "UPDATE organisations SET links_version = links_version + 1
         WHERE id = $1 AND links_version = $2",
    )
    .bind(organisation_id)
    .bind(version)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    match claimed {
        1 => Ok(()),
        _ => Err(StoreError::LinksChangedMeanwhile),
    }
}

async fn insert_link(
    conn: &mut AnyConnection,
    organisation_id: i64,
    earlier: i64,
    later: i64,
    audit: &AuditEntry<'_>,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO plan_links (organisation_id, earlier_plan_id, later_plan_id, linked_at, linked_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(organisation_id)
    .bind(earlier)
    .bind(later)
    .bind(timestamp_text(audit.at))
    .bind(audit.actor.map_or("command line", |a| a.username))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// Plan `from` and every plan linked to it through any chain of links,
/// nearest first; plans at the same distance by id.
/// The plans `later` follows: those before it, and those before them.
fn followed_by(later: i64, links: &[LinkRow]) -> BTreeSet<i64> {
    let mut found = BTreeSet::new();
    let mut queue = VecDeque::from([later]);
    while let Some(at) = queue.pop_front() {
        for link in links.iter().filter(|l| l.later == at) {
            if found.insert(link.earlier) {
                queue.push_back(link.earlier);
            }
        }
    }
    found
}

fn nearest_first(from: i64, links: &[LinkRow]) -> Vec<i64> {
    let mut order = vec![from];
    let mut queue = VecDeque::from([from]);
    while let Some(at) = queue.pop_front() {
        let mut next: Vec<i64> = links
            .iter()
            .filter_map(|l| match (l.earlier == at, l.later == at) {
                (true, _) => Some(l.later),
                (_, true) => Some(l.earlier),
                _ => None,
            })
            .filter(|id| !order.contains(id))
            .collect();
        next.sort_unstable();
        next.dedup();
        order.extend(&next);
        queue.extend(next);
    }
    order
}

/// Every indicator link of the organisation, plans named.
async fn indicator_links(
    conn: &mut AnyConnection,
    organisation_id: i64,
    plans: &BTreeMap<i64, LinkedPlan>,
) -> Result<Vec<IndicatorLink>, StoreError> {
    let rows = sqlx::query(
        "SELECT l.earlier_plan_id, l.later_plan_id, x.earlier_key, x.later_key
         FROM indicator_links x JOIN plan_links l ON l.id = x.plan_link_id AND l.organisation_id = x.organisation_id
         WHERE x.organisation_id = $1 ORDER BY x.id",
    )
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    let name = |id: i64| plans.get(&id).map(|p| p.name.clone()).unwrap_or_default();
    rows.iter()
        .map(|row| {
            Ok(IndicatorLink {
                earlier: IndicatorRef {
                    plan: name(row.try_get("earlier_plan_id")?),
                    key: row.try_get("earlier_key")?,
                },
                later: IndicatorRef {
                    plan: name(row.try_get("later_plan_id")?),
                    key: row.try_get("later_key")?,
                },
            })
        })
        .collect()
}

/// The plan links of one organisation with their outcome and indicator links.
async fn organisation_links(
    conn: &mut AnyConnection,
    organisation_id: i64,
) -> Result<Vec<PlanLink>, StoreError> {
    let plans = plans_by_id(conn, organisation_id).await?;
    let people = indicator_links(conn, organisation_id, &plans).await?;
    let mut out = Vec::new();
    for link in links_of(conn, organisation_id).await? {
        let (Some(earlier), Some(later)) = (plans.get(&link.earlier), plans.get(&link.later))
        else {
            continue;
        };
        let rows = sqlx::query(
            "SELECT earlier_code, fate, later_code FROM outcome_links
             WHERE plan_link_id = $1 ORDER BY id",
        )
        .bind(link.id)
        .fetch_all(&mut *conn)
        .await?;
        let outcomes = rows
            .iter()
            .map(|row| {
                let fate: String = row.try_get("fate")?;
                Ok(OutcomeLink {
                    earlier: row.try_get("earlier_code")?,
                    fate: OutcomeFate::from_code(&fate)
                        .ok_or_else(|| corrupt("outcome_links.fate", &fate, "not a fate"))?,
                    later: row.try_get("later_code")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let indicators = people
            .iter()
            .filter(|i| i.earlier.plan == earlier.name && i.later.plan == later.name)
            .cloned()
            .collect();
        out.push(PlanLink {
            earlier: earlier.clone(),
            later: later.clone(),
            outcomes,
            indicators,
        });
    }
    Ok(out)
}
