//! Working out what importing a plan document changes.
//!
//! Storage reads what it holds for a plan into a [`StoredPlan`]; [`diff_plan`]
//! compares it with the incoming document and says, per entity, which rows to
//! insert, update or retire, and what to report. Applying the result is
//! storage's job.
//!
//! Identity: nodes by code, indicators by key, localities by name, values by
//! slot (indicator × period × kind × locality × group), milestones by node and
//! text (the n-th milestone with the same text under a node is the n-th one).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use thiserror::Error;

use crate::model::{
    Indicator, Locality, Milestone, Node, Observation, ObservationKind, PlanDocument, Retirement,
    Statement,
};
use crate::period::Period;

/// Why a document cannot be compared with what is stored.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlanDiffError {
    #[error("the plan lists {entity} `{key}` more than once")]
    Duplicate { entity: &'static str, key: String },

    #[error("{from} refers to {entity} `{key}`, which the plan does not contain")]
    UnknownReference {
        from: String,
        entity: &'static str,
        key: String,
    },
}

/// How many rows of one entity an import adds, changes, leaves alone or retires.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EntityCounts {
    /// New, or back after having been retired.
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Stored before but missing from the document: kept and marked retired.
    pub retired: usize,
}

impl EntityCounts {
    pub fn changes(&self) -> usize {
        self.added + self.changed + self.retired
    }
}

/// One value whose text (or reading) the import replaced; the old text is kept in history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservationChange {
    pub indicator: String,
    pub period: Period,
    pub kind: ObservationKind,
    pub locality: Option<String>,
    pub group: Option<String>,
    pub old_text: String,
    pub new_text: String,
}

/// One stored row of an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<T> {
    pub id: i64,
    pub item: T,
    pub position: i64,
    /// Hidden because a re-import no longer contained it. (Retired nodes stay
    /// visible and carry their [`Retirement`] instead.)
    pub retired: bool,
}

/// Everything the store holds for one plan, retired rows included, in stored order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredPlan {
    pub nodes: Vec<Stored<Node>>,
    pub indicators: Vec<Stored<Indicator>>,
    pub localities: Vec<Stored<Locality>>,
    pub observations: Vec<Stored<Observation>>,
    pub milestones: Vec<Stored<Milestone>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Write<T> {
    Insert {
        item: T,
        position: i64,
    },
    Update {
        id: i64,
        item: T,
        position: i64,
        previous: T,
        was_retired: bool,
    },
}

impl<T> Write<T> {
    pub fn item(&self) -> &T {
        match self {
            Write::Insert { item, .. } | Write::Update { item, .. } => item,
        }
    }

    pub fn position(&self) -> i64 {
        match self {
            Write::Insert { position, .. } | Write::Update { position, .. } => *position,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntityDiff<T> {
    pub writes: Vec<Write<T>>,
    /// Ids of rows to mark retired.
    pub retire: Vec<i64>,
    pub counts: EntityCounts,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanDiff {
    pub nodes: EntityDiff<Node>,
    pub indicators: EntityDiff<Indicator>,
    pub localities: EntityDiff<Locality>,
    pub observations: EntityDiff<Observation>,
    pub milestones: EntityDiff<Milestone>,
}

impl PlanDiff {
    /// Values that held one text (or reading) and now hold another.
    pub fn changed_observations(&self) -> Vec<ObservationChange> {
        self.observations.changed()
    }
}

impl EntityDiff<Observation> {
    /// Values that held one text (or reading) and now hold another.
    pub fn changed(&self) -> Vec<ObservationChange> {
        self.writes
            .iter()
            .filter_map(|write| match write {
                Write::Update {
                    item,
                    previous,
                    was_retired: false,
                    ..
                } if item.text != previous.text || item.parsed != previous.parsed => {
                    Some(ObservationChange {
                        indicator: item.indicator.clone(),
                        period: item.period,
                        kind: item.kind,
                        locality: item.locality.clone(),
                        group: item.group.clone(),
                        old_text: previous.text.clone(),
                        new_text: item.text.clone(),
                    })
                }
                _ => None,
            })
            .collect()
    }
}

impl EntityCounts {
    /// Adds another part's counts to these.
    pub fn add(&mut self, other: &EntityCounts) {
        self.added += other.added;
        self.changed += other.changed;
        self.unchanged += other.unchanged;
        self.retired += other.retired;
    }
}

/// A plan compared and written a part at a time, so that a long table is
/// never held whole: some of its indicators with all their values and
/// statements. An indicator is in one part only, so a part is compared with
/// the stored rows of its own indicators alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanPart {
    pub indicators: Vec<Indicator>,
    pub observations: Vec<Observation>,
    pub statements: Vec<Statement>,
}

/// What the store holds for the indicators of one part (found by key), and
/// their values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredPart {
    pub indicators: Vec<Stored<Indicator>>,
    pub observations: Vec<Stored<Observation>>,
}

/// Where a part starts in the whole plan's order: the positions its rows get.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartStart {
    pub indicators: i64,
    pub observations: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartDiff {
    pub indicators: EntityDiff<Indicator>,
    /// Stored values of the part's indicators that the part lacks are retired.
    pub observations: EntityDiff<Observation>,
}

/// Compares one part with the stored rows of its indicators. Stored
/// indicators missing from every part are retired by the caller once all
/// parts are in, with their values.
pub fn diff_part(
    stored: &StoredPart,
    indicators: Vec<Indicator>,
    observations: Vec<Observation>,
    start: PartStart,
) -> Result<PartDiff, PlanDiffError> {
    Ok(PartDiff {
        indicators: diff_entities(
            keyed(&stored.indicators, |i| i.key.clone()),
            keyed_owned(indicators, |i| i.key.clone()),
            start.indicators,
            "indicator",
            |k| k.clone(),
            |_, _| false,
        )?,
        observations: diff_entities(
            keyed(&stored.observations, Slot::of),
            keyed_owned(observations, Slot::of),
            start.observations,
            "value",
            Slot::describe,
            |_, _| false,
        )?,
    })
}

/// The identity of a value within a plan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Slot {
    pub indicator: String,
    pub period: Period,
    pub kind: ObservationKind,
    pub locality: Option<String>,
    pub group: Option<String>,
}

impl Slot {
    pub fn of(observation: &Observation) -> Slot {
        Slot {
            indicator: observation.indicator.clone(),
            period: observation.period,
            kind: observation.kind,
            locality: observation.locality.clone(),
            group: observation.group.clone(),
        }
    }

    /// `NI 59 actual for 2010/11 in Surbiton for FSM`.
    pub fn describe(&self) -> String {
        let mut text = format!(
            "{} {} for {}",
            self.indicator,
            self.kind.as_str(),
            self.period
        );
        if let Some(locality) = &self.locality {
            text.push_str(&format!(" in {locality}"));
        }
        if let Some(group) = &self.group {
            text.push_str(&format!(" for {group}"));
        }
        text
    }
}

/// Compares what is stored with `doc`. `source` names the import; it becomes
/// the retirement note of nodes the document no longer contains.
pub fn diff_plan(
    stored: &StoredPlan,
    doc: &PlanDocument,
    source: &str,
) -> Result<PlanDiff, PlanDiffError> {
    let nodes = node_target(&stored.nodes, &doc.nodes, source);
    check_parents(&nodes)?;
    let code = |n: &Node| n.code.clone();
    let newly_retired = |old: &Node, new: &Node| old.retired.is_none() && new.retired.is_some();
    Ok(PlanDiff {
        nodes: diff_entities(
            keyed(&stored.nodes, code),
            keyed_owned(nodes, code),
            0,
            "node",
            |k| k.clone(),
            newly_retired,
        )?,
        indicators: diff_entities(
            keyed(&stored.indicators, |i| i.key.clone()),
            keyed_owned(doc.indicators.clone(), |i| i.key.clone()),
            0,
            "indicator",
            |k| k.clone(),
            |_, _| false,
        )?,
        localities: diff_entities(
            keyed(&stored.localities, |l| l.name.clone()),
            keyed_owned(doc.localities.clone(), |l| l.name.clone()),
            0,
            "locality",
            |k| k.clone(),
            |_, _| false,
        )?,
        observations: diff_entities(
            keyed(&stored.observations, Slot::of),
            keyed_owned(doc.observations.clone(), Slot::of),
            0,
            "value",
            Slot::describe,
            |_, _| false,
        )?,
        milestones: diff_entities(
            milestone_keys(stored.milestones.iter().map(|s| &s.item))
                .into_iter()
                .zip(&stored.milestones)
                .collect(),
            // A document's milestone status is not imported (it is recorded
            // through the web), so it does not count as a change.
            milestone_keys(doc.milestones.iter())
                .into_iter()
                .zip(doc.milestones.iter().map(|m| Milestone {
                    status: None,
                    ..m.clone()
                }))
                .collect(),
            0,
            "milestone",
            |(node, text, _)| format!("{text} (under {node})"),
            |_, _| false,
        )?,
    })
}

fn keyed<T, K>(stored: &[Stored<T>], key: impl Fn(&T) -> K) -> Vec<(K, &Stored<T>)> {
    stored.iter().map(|s| (key(&s.item), s)).collect()
}

fn keyed_owned<T, K>(items: Vec<T>, key: impl Fn(&T) -> K) -> Vec<(K, T)> {
    items.into_iter().map(|item| (key(&item), item)).collect()
}

/// Milestone identity: node, text and which occurrence of that text under the node.
fn milestone_keys<'a>(
    milestones: impl Iterator<Item = &'a Milestone>,
) -> Vec<(String, String, usize)> {
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    milestones
        .map(|m| {
            let count = seen.entry((&m.node, &m.text)).or_default();
            *count += 1;
            (m.node.clone(), m.text.clone(), *count)
        })
        .collect()
}

/// `target` is the full wanted content in order, the first at position
/// `first`; stored rows it lacks are retired.
/// `retires(old, new)` tells an update that amounts to a retirement.
fn diff_entities<T, K>(
    stored: Vec<(K, &Stored<T>)>,
    target: Vec<(K, T)>,
    first: i64,
    entity: &'static str,
    label: impl Fn(&K) -> String,
    retires: impl Fn(&T, &T) -> bool,
) -> Result<EntityDiff<T>, PlanDiffError>
where
    T: Clone + PartialEq,
    K: Ord,
{
    let mut by_key: BTreeMap<K, &Stored<T>> = stored.into_iter().collect();
    let mut seen = BTreeSet::new();
    let mut diff = EntityDiff {
        writes: Vec::new(),
        retire: Vec::new(),
        counts: EntityCounts::default(),
    };
    for (index, (key, item)) in target.into_iter().enumerate() {
        let position = i64::try_from(index).map_or(i64::MAX, |i| first.saturating_add(i));
        if seen.contains(&key) {
            return Err(PlanDiffError::Duplicate {
                entity,
                key: label(&key),
            });
        }
        let existing = by_key.remove(&key);
        seen.insert(key);
        match existing {
            None => {
                diff.counts.added += 1;
                diff.writes.push(Write::Insert { item, position });
            }
            Some(row) if !row.retired && row.item == item && row.position == position => {
                diff.counts.unchanged += 1
            }
            Some(row) => {
                if row.retired {
                    diff.counts.added += 1;
                } else if retires(&row.item, &item) {
                    diff.counts.retired += 1;
                } else {
                    diff.counts.changed += 1;
                }
                diff.writes.push(Write::Update {
                    id: row.id,
                    item,
                    position,
                    previous: row.item.clone(),
                    was_retired: row.retired,
                });
            }
        }
    }
    for row in by_key.into_values().filter(|row| !row.retired) {
        diff.counts.retired += 1;
        diff.retire.push(row.id);
    }
    Ok(diff)
}

/// The wanted node list: the document's nodes in order, with every stored node
/// the document lacks kept (retired, if it was not already) right after the
/// node it followed, so the tree still reads in its original order.
fn node_target(stored: &[Stored<Node>], doc: &[Node], source: &str) -> Vec<Node> {
    let in_doc: BTreeSet<&str> = doc.iter().map(|n| n.code.as_str()).collect();
    let mut target = doc.to_vec();
    let mut predecessor: Option<&str> = None;
    for row in stored {
        let code = row.item.code.as_str();
        if !in_doc.contains(code) {
            let mut node = row.item.clone();
            node.retired.get_or_insert_with(|| Retirement {
                when: source.to_string(),
                merged_into: None,
            });
            let at = predecessor
                .and_then(|p| target.iter().position(|n| n.code == p))
                .map_or(0, |i| i + 1);
            target.insert(at, node);
        }
        predecessor = Some(code);
    }
    target
}

fn check_parents(nodes: &[Node]) -> Result<(), PlanDiffError> {
    let codes: BTreeSet<&str> = nodes.iter().map(|n| n.code.as_str()).collect();
    for node in nodes {
        if let Some(parent) = node.parent.as_deref().filter(|p| !codes.contains(p)) {
            return Err(PlanDiffError::UnknownReference {
                from: format!("node `{}`", node.code),
                entity: "parent node",
                key: parent.to_string(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::judge::testkit::node;
    use crate::model::PlanHeader;
    use crate::value::parse;

    fn value(indicator: &str, year: i32, text: &str) -> Observation {
        Observation {
            indicator: indicator.to_string(),
            period: Period::financial(year),
            kind: ObservationKind::Actual,
            locality: None,
            group: None,
            text: text.to_string(),
            parsed: parse(text),
            set_by: None,
            agreed_on: None,
            source: crate::model::ValueSource::Written,
        }
    }

    fn indicator(key: &str) -> Indicator {
        Indicator {
            code: Some(key.to_string()),
            objectives: vec!["1.1".to_string()],
            ..Indicator::new(key, &format!("Indicator {key}"))
        }
    }

    fn document() -> PlanDocument {
        PlanDocument {
            organisation: "Kingston".to_string(),
            plan: PlanHeader {
                name: "CYPP".to_string(),
                title: String::new(),
                period: String::new(),
            },
            nodes: vec![
                node("1", None),
                node("1.1", Some("1")),
                node("1.2", Some("1")),
                node("2", None),
            ],
            indicators: vec![indicator("NI 59")],
            observations: vec![value("NI 59", 2009, "57%"), value("NI 59", 2010, "59%")],
            milestones: Vec::new(),
            localities: Vec::new(),
            statements: Vec::new(),
        }
    }

    /// What the store would hold after importing `doc` into an empty plan.
    fn stored_after(doc: &PlanDocument) -> StoredPlan {
        fn rows<T: Clone>(items: &[T]) -> Vec<Stored<T>> {
            (0i64..)
                .zip(items)
                .map(|(i, item)| Stored {
                    id: i + 1,
                    item: item.clone(),
                    position: i,
                    retired: false,
                })
                .collect()
        }
        StoredPlan {
            nodes: rows(&doc.nodes),
            indicators: rows(&doc.indicators),
            localities: rows(&doc.localities),
            observations: rows(&doc.observations),
            milestones: rows(&doc.milestones),
        }
    }

    #[test]
    fn everything_is_new_in_an_empty_plan() {
        let doc = document();
        let diff = diff_plan(&StoredPlan::default(), &doc, "first").expect("valid document");
        assert_eq!(
            diff.nodes.counts,
            EntityCounts {
                added: 4,
                ..EntityCounts::default()
            }
        );
        assert_eq!(diff.observations.counts.added, 2);
        assert!(diff
            .nodes
            .writes
            .iter()
            .all(|w| matches!(w, Write::Insert { .. })));
    }

    #[test]
    fn the_same_document_again_changes_nothing() {
        let doc = document();
        let diff = diff_plan(&stored_after(&doc), &doc, "again").expect("valid document");
        for counts in [
            &diff.nodes.counts,
            &diff.indicators.counts,
            &diff.observations.counts,
        ] {
            assert_eq!(counts.changes(), 0, "{counts:?}");
        }
        assert!(diff.nodes.writes.is_empty() && diff.observations.writes.is_empty());
    }

    #[test]
    fn a_new_text_is_a_change_with_old_and_new() {
        let doc = document();
        let mut refreshed = doc.clone();
        refreshed.observations[1] = value("NI 59", 2010, "61%");
        let diff = diff_plan(&stored_after(&doc), &refreshed, "refresh").expect("valid document");
        assert_eq!(
            diff.observations.counts,
            EntityCounts {
                changed: 1,
                unchanged: 1,
                ..EntityCounts::default()
            }
        );
        let changes = diff.changed_observations();
        assert_eq!(changes.len(), 1);
        assert_eq!(
            (changes[0].old_text.as_str(), changes[0].new_text.as_str()),
            ("59%", "61%")
        );
    }

    #[test]
    fn a_missing_node_is_retired_in_place() {
        let doc = document();
        let mut refreshed = doc.clone();
        refreshed.nodes.remove(1);
        let diff =
            diff_plan(&stored_after(&doc), &refreshed, "2011 refresh").expect("valid document");
        assert_eq!(diff.nodes.counts.retired, 1);
        let order: Vec<&str> = diff
            .nodes
            .writes
            .iter()
            .map(|w| w.item().code.as_str())
            .collect();
        assert_eq!(order, ["1.1"], "only the retired node is rewritten");
        let retired = diff.nodes.writes[0].item();
        assert_eq!(
            retired.retired.as_ref().map(|r| r.when.as_str()),
            Some("2011 refresh")
        );
        assert!(matches!(
            diff.nodes.writes[0],
            Write::Update { position: 1, .. }
        ));
    }

    #[test]
    fn retired_nodes_keep_their_place_after_the_node_they_followed() {
        let doc = document();
        let refreshed = vec![node("2", None), node("1", None)];
        let target = node_target(&stored_after(&doc).nodes, &refreshed, "r");
        let order: Vec<&str> = target.iter().map(|n| n.code.as_str()).collect();
        assert_eq!(order, ["2", "1", "1.1", "1.2"]);
        assert!(
            target[2].retired.is_some()
                && target[3].retired.is_some()
                && target[0].retired.is_none()
        );
    }

    #[test]
    fn a_missing_value_is_retired_and_comes_back_as_added() {
        let doc = document();
        let mut fewer = doc.clone();
        fewer.observations.truncate(1);
        let mut stored = stored_after(&doc);
        let diff = diff_plan(&stored, &fewer, "r").expect("valid document");
        assert_eq!(diff.observations.retire, vec![2]);
        stored.observations[1].retired = true;
        let back = diff_plan(&stored, &doc, "r").expect("valid document");
        assert_eq!(
            back.observations.counts,
            EntityCounts {
                added: 1,
                unchanged: 1,
                ..EntityCounts::default()
            }
        );
        assert!(back.changed_observations().is_empty());
    }

    #[test]
    fn duplicates_and_unknown_parents_are_refused() {
        let mut doc = document();
        doc.observations.push(value("NI 59", 2010, "60%"));
        let error = diff_plan(&StoredPlan::default(), &doc, "x").expect_err("duplicate slot");
        assert_eq!(
            error.to_string(),
            "the plan lists value `NI 59 actual for 2010/11` more than once"
        );

        let mut doc = document();
        doc.nodes.push(node("3.1", Some("3")));
        let error = diff_plan(&StoredPlan::default(), &doc, "x").expect_err("orphan node");
        assert!(
            matches!(error, PlanDiffError::UnknownReference { ref key, .. } if key == "3"),
            "{error}"
        );
    }

    #[test]
    fn a_part_is_compared_with_its_own_stored_rows_at_its_place_in_the_plan() {
        let doc = document();
        let stored = stored_after(&doc);
        // The part holds NI 59 with one value changed and one gone; it
        // starts where NI 59 and its values stood in the whole plan.
        let part = StoredPart {
            indicators: stored.indicators.clone(),
            observations: stored.observations.clone(),
        };
        let diff = diff_part(
            &part,
            doc.indicators.clone(),
            vec![value("NI 59", 2009, "58%")],
            PartStart::default(),
        )
        .expect("valid part");
        assert_eq!(diff.indicators.counts.unchanged, 1);
        assert_eq!(
            diff.observations.counts,
            EntityCounts {
                changed: 1,
                retired: 1,
                ..EntityCounts::default()
            }
        );
        assert_eq!(diff.observations.retire, vec![2]);
        let changes = diff.observations.changed();
        assert_eq!(
            (changes[0].old_text.as_str(), changes[0].new_text.as_str()),
            ("57%", "58%")
        );

        // Later in the plan, the same rows are new at later positions.
        let later = PartStart {
            indicators: 10,
            observations: 40,
        };
        let diff = diff_part(
            &StoredPart::default(),
            doc.indicators.clone(),
            doc.observations.clone(),
            later,
        )
        .expect("valid part");
        let positions: Vec<i64> = diff
            .observations
            .writes
            .iter()
            .map(Write::position)
            .collect();
        assert_eq!(positions, [40, 41]);
        assert_eq!(diff.indicators.writes[0].position(), 10);
    }

    #[test]
    fn repeated_milestone_texts_are_told_apart_by_order() {
        let milestone = |text: &str| Milestone {
            node: "1.1".to_string(),
            text: text.to_string(),
            ..Milestone::default()
        };
        let keys =
            milestone_keys([milestone("Review"), milestone("Audit"), milestone("Review")].iter());
        let ordinals: Vec<usize> = keys.iter().map(|k| k.2).collect();
        assert_eq!(ordinals, [1, 1, 2]);
    }
}
