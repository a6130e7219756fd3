//! What part of the plan a pack covers: the node, the locality, and the tree
//! walks that place objectives under their outcomes.

use std::cell::RefCell;
use std::collections::HashMap;

use trustboard_core::model::{Indicator, Node, Observation, ObservationKind, PlanDocument};
use trustboard_core::period::Period;
use trustboard_core::value::{self, ParsedValue};

use super::{withhold, BuildError, PackOptions};

pub struct Scope<'a> {
    pub doc: &'a PlanDocument,
    pub opts: &'a PackOptions,
    nodes: HashMap<&'a str, &'a Node>,
    /// Each indicator's observations for the pack's locality (or the whole
    /// area) and for everyone (no breakdown group), sorted by column period.
    observations: HashMap<&'a str, Vec<&'a Observation>>,
    /// The values judgements quote, by their text, read once each: a pack
    /// checks most of them several times (scorecards, inclusion, both periods).
    quoted: RefCell<HashMap<String, ParsedValue>>,
}

fn same(a: Option<&str>, b: Option<&str>) -> bool {
    a.map(str::trim) == b.map(str::trim)
}

/// Keeps the figures a pack on `reporting` shows: those for periods no finer
/// than it (a year's pack shows years, not the months and quarters a register
/// also derives, which stay in the plan for pages that ask for them). Out-turns
/// or targets held only for finer periods keep the coarsest of them (quarterly
/// monitoring against a yearly target), so no figure is left out entirely.
fn keep_reported_periods(observations: &mut Vec<&Observation>, reporting: Period) {
    let coarsest_held = |kind: ObservationKind| {
        observations
            .iter()
            .filter(|o| o.kind == kind)
            .map(|o| o.period.kind.per_year())
            .min()
            .unwrap_or(0)
    };
    let finest_shown: HashMap<ObservationKind, u8> = observations
        .iter()
        .map(|o| (o.kind, coarsest_held(o.kind).max(reporting.kind.per_year())))
        .collect();
    observations.retain(|o| o.period.kind.per_year() <= finest_shown[&o.kind]);
}

impl<'a> Scope<'a> {
    pub fn new(doc: &'a PlanDocument, opts: &'a PackOptions) -> Result<Self, BuildError> {
        let locality = opts.locality.as_deref();
        if locality.is_some()
            && !doc
                .observations
                .iter()
                .any(|o| same(o.locality.as_deref(), locality))
        {
            return Err(BuildError::UnknownLocality(
                locality.unwrap_or_default().to_owned(),
            ));
        }
        let mut observations: HashMap<&str, Vec<&Observation>> = HashMap::new();
        for o in doc
            .observations
            .iter()
            .filter(|o| o.group.is_none() && same(o.locality.as_deref(), locality))
        {
            observations
                .entry(o.indicator.as_str())
                .or_default()
                .push(o);
        }
        for list in observations.values_mut() {
            keep_reported_periods(list, opts.period);
            list.sort_by_key(|o| (o.period, o.kind));
        }
        Ok(Scope {
            doc,
            opts,
            nodes: doc.nodes.iter().map(|n| (n.code.as_str(), n)).collect(),
            observations,
            quoted: RefCell::default(),
        })
    }

    /// Whether a value known only by its text (as judgements quote it) is a
    /// small number to withhold from publication.
    pub fn is_small_text(&self, text: &str, is_count: bool) -> bool {
        let mut quoted = self.quoted.borrow_mut();
        let parsed = match quoted.get(text) {
            Some(parsed) => parsed,
            None => quoted.entry(text.to_owned()).or_insert(value::parse(text)),
        };
        withhold::is_small(text, parsed, is_count, self.opts)
    }

    /// The node the pack is limited to, if any.
    pub fn node(&self) -> Option<&'a Node> {
        let code = self.opts.node.as_deref()?;
        self.nodes.get(code.trim()).copied()
    }

    pub fn observations(&self, indicator: &str) -> &[&'a Observation] {
        self.observations
            .get(indicator)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub fn indicator(&self, key: &str) -> Option<&'a Indicator> {
        self.doc.indicators.iter().find(|i| i.key == key)
    }

    /// `code`'s node and its ancestors, nearest first. Stops at a missing
    /// parent, and after as many steps as there are nodes should the tree loop.
    fn lineage(&self, code: &str) -> Vec<&'a Node> {
        let mut lineage = Vec::new();
        let mut next = self.nodes.get(code.trim()).copied();
        while let Some(node) = next {
            if lineage.len() > self.nodes.len() {
                break;
            }
            lineage.push(node);
            next = node
                .parent
                .as_deref()
                .and_then(|p| self.nodes.get(p.trim()).copied());
        }
        lineage
    }

    /// The top-level node (outcome) `code` sits under.
    pub fn outcome_of(&self, code: &str) -> Option<&'a Node> {
        self.lineage(code).last().copied()
    }

    /// Whether `code` lies within the pack's node; always, for a whole-plan pack.
    pub fn covers(&self, code: &str) -> bool {
        match self.node() {
            Some(node) => self.lineage(code).iter().any(|n| n.code == node.code),
            None => true,
        }
    }

    /// The outcomes the pack reports on, in the plan's order: the top-level
    /// nodes, or only the one holding the pack's node.
    pub fn outcomes(&self) -> Vec<&'a Node> {
        let wanted = self.node().and_then(|n| self.outcome_of(&n.code));
        self.doc
            .nodes
            .iter()
            .filter(|n| {
                n.parent
                    .as_deref()
                    .is_none_or(|p| !self.nodes.contains_key(p.trim()))
            })
            .filter(|n| wanted.is_none_or(|w| w.code == n.code))
            .collect()
    }

    /// The objectives of `indicator` that lie under `outcome` and within the pack.
    pub fn objectives_under(&self, indicator: &Indicator, outcome: &Node) -> Vec<&'a str> {
        self.doc
            .nodes
            .iter()
            .filter(|n| indicator.objectives.iter().any(|o| o.trim() == n.code))
            .filter(|n| {
                self.outcome_of(&n.code)
                    .is_some_and(|o| o.code == outcome.code)
            })
            .filter(|n| self.covers(&n.code))
            .map(|n| n.code.as_str())
            .collect()
    }
}
