//! The plan as it is being read: nodes, indicators and observations, with the
//! rules for an indicator that appears under several objectives.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use trustboard_core::judge::catalogue;
use trustboard_core::model::{
    Indicator, Locality, Milestone, Node, Observation, ObservationKind, Retirement, Statement,
    StatementKind,
};
use trustboard_core::period::Period;
use trustboard_core::plan_diff::PlanPart;
use trustboard_core::value::{self, Value};

use super::codes::IndicatorCode;
use super::Warning;

/// Where a cell is in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At {
    pub line: usize,
    pub column: usize,
}

/// One cell's value for one slot.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub at: At,
    pub period: Period,
    pub kind: ObservationKind,
    pub locality: Option<String>,
    pub text: String,
}

/// An indicator row as read, before it is matched with indicators already seen.
#[derive(Debug, Clone)]
pub(crate) struct IndicatorRow {
    pub at: At,
    pub objective: String,
    pub code: Option<IndicatorCode>,
    pub title: String,
    pub cells: Vec<Cell>,
}

/// A row whose values live with another objective's indicator: `(see Objective 11.1)`.
#[derive(Debug, Clone)]
pub(crate) struct CrossReference {
    pub row: IndicatorRow,
    pub target: String,
}

pub(crate) struct Builder<'f> {
    pub file: &'f str,
    pub nodes: Vec<Node>,
    pub indicators: Vec<Indicator>,
    pub observations: Vec<Observation>,
    pub milestones: Vec<Milestone>,
    pub localities: Vec<Locality>,
    pub statements: Vec<Statement>,
    pub warnings: Vec<Warning>,
    /// The heading row of the table being read, as written.
    pub headings: Vec<String>,
    cross_references: Vec<CrossReference>,
    /// Indexes that keep reading linear in the number of rows.
    node_at: HashMap<String, usize>,
    indicator_at: HashMap<String, usize>,
    /// Keys of indicators by code, and of code-less ones by normalised title, in the order added.
    keys_by_code: HashMap<String, Vec<String>>,
    keys_by_title: HashMap<String, Vec<String>>,
    /// Observations held, by indicator, period, kind and locality.
    observation_at: HashMap<SlotKey, usize>,
    /// Statements held, by indicator, period and kind.
    statement_at: HashMap<(String, Period, StatementKind), usize>,
    /// What is left of the parts already handed over by [`Builder::take_part`].
    earlier: EarlierParts,
}

/// Indicators of parts already handed over, kept as hashes only: enough to
/// keep their keys from being given again and to notice a row that names
/// one of them again.
#[derive(Default)]
struct EarlierParts {
    /// Hashes of the code (or normalised title) each indicator is found by.
    identities: HashSet<u64>,
    keys: HashSet<u64>,
    /// The first row that named an indicator of an earlier part.
    repeated: Option<At>,
}

fn hashed(kind: &str, text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    (kind, text).hash(&mut hasher);
    hasher.finish()
}

type SlotKey = (String, Period, ObservationKind, Option<String>);

impl<'f> Builder<'f> {
    pub fn new(file: &'f str) -> Self {
        Builder {
            file,
            nodes: Vec::new(),
            indicators: Vec::new(),
            observations: Vec::new(),
            milestones: Vec::new(),
            localities: Vec::new(),
            statements: Vec::new(),
            warnings: Vec::new(),
            headings: Vec::new(),
            cross_references: Vec::new(),
            node_at: HashMap::new(),
            indicator_at: HashMap::new(),
            keys_by_code: HashMap::new(),
            keys_by_title: HashMap::new(),
            observation_at: HashMap::new(),
            statement_at: HashMap::new(),
            earlier: EarlierParts::default(),
        }
    }

    /// Hands over the indicators read so far with their values and
    /// statements, keeping hashes of their keys alone (nodes and warnings
    /// stay). A later row that names one of them again cannot join it: see
    /// [`Builder::repeated_earlier_part`].
    pub fn take_part(&mut self) -> PlanPart {
        let earlier = &mut self.earlier;
        for code in self.keys_by_code.drain().map(|(code, _)| code) {
            earlier.identities.insert(hashed("code", &code));
        }
        for title in self.keys_by_title.drain().map(|(title, _)| title) {
            earlier.identities.insert(hashed("title", &title));
        }
        for key in self.indicator_at.drain().map(|(key, _)| key) {
            earlier.keys.insert(hashed("key", &key));
        }
        self.observation_at.clear();
        self.statement_at.clear();
        PlanPart {
            indicators: std::mem::take(&mut self.indicators),
            observations: std::mem::take(&mut self.observations),
            statements: std::mem::take(&mut self.statements),
        }
    }

    /// Where a row first named an indicator of a part already handed over.
    pub fn repeated_earlier_part(&self) -> Option<At> {
        self.earlier.repeated
    }

    /// Keeps what the council wrote in the cell at `at`. A second, different
    /// statement of the same kind for the same indicator and period is not
    /// kept, with a warning naming the first.
    pub fn statement(&mut self, at: At, statement: Statement) {
        let slot = (
            statement.indicator.clone(),
            statement.period,
            statement.kind,
        );
        if let Some(&held) = self.statement_at.get(&slot) {
            let earlier = &self.statements[held];
            if earlier.text != statement.text {
                let message = format!(
                    "`{}` already has a {} for {} (`{}`); this one is not kept",
                    statement.indicator,
                    statement.kind.code(),
                    statement.period,
                    earlier.text
                );
                self.warn(at, Some(&statement.text), message);
            }
            return;
        }
        self.statement_at.insert(slot, self.statements.len());
        self.statements.push(statement);
    }

    pub fn warn(&mut self, at: At, text: Option<&str>, message: impl Into<String>) {
        self.warnings.push(Warning {
            file: self.file.to_string(),
            line: at.line,
            column: at.column,
            field: at
                .column
                .checked_sub(1)
                .and_then(|c| self.headings.get(c))
                .filter(|h| !h.is_empty())
                .cloned(),
            text: text.map(str::to_string),
            message: message.into(),
        });
    }

    /// Adds a node, or gives an existing one the title it lacked.
    pub fn node(&mut self, code: &str, parent: Option<&str>, kind: &str, title: &str) {
        if let Some(node) = self.node_mut(code) {
            if node.title.is_empty() {
                node.title = title.to_string();
            }
            return;
        }
        self.node_at.insert(code.to_string(), self.nodes.len());
        self.nodes.push(Node {
            code: code.to_string(),
            parent: parent.map(str::to_string),
            kind: kind.to_string(),
            title: title.to_string(),
            retired: None,
        });
    }

    pub fn has_node(&self, code: &str) -> bool {
        self.node_at.contains_key(code)
    }

    fn node_mut(&mut self, code: &str) -> Option<&mut Node> {
        let at = *self.node_at.get(code)?;
        self.nodes.get_mut(at)
    }

    /// Joins the rest of a title that a page break cut off.
    pub fn continue_title(&mut self, code: &str, more: &str) {
        if let Some(node) = self.node_mut(code) {
            node.title = format!("{} {}", node.title, more).trim().to_string();
        }
    }

    pub fn retire(&mut self, code: &str, when: &str) {
        if let Some(node) = self.node_mut(code) {
            node.retired.get_or_insert(Retirement {
                when: when.to_string(),
                merged_into: None,
            });
        }
    }

    pub fn locality(&mut self, name: &str, kind: &str) {
        if !self.localities.iter().any(|l| l.name == name) {
            self.localities.push(Locality {
                name: name.to_string(),
                parent: None,
                kind: kind.to_string(),
                valid_from: None,
                valid_to: None,
            });
        }
    }

    pub fn cross_reference(&mut self, reference: CrossReference) {
        self.cross_references.push(reference);
    }

    /// Files an indicator row: the same indicator seen before (same code, or
    /// same title) gains the objective and any values it lacked; if the values
    /// contradict every earlier one, the row becomes an indicator of its own so
    /// that nothing the council wrote is lost. Returns the key it was filed under.
    pub fn indicator_row(&mut self, row: IndicatorRow) -> String {
        let (identity, found) = match &row.code {
            Some(code) => (hashed("code", &code.key), self.keys_by_code.get(&code.key)),
            None => {
                let title = normalise(&row.title);
                let found = self.keys_by_title.get(&title);
                (hashed("title", &title), found)
            }
        };
        let candidates: Vec<String> = found.cloned().unwrap_or_default();
        if candidates.is_empty() && self.earlier.identities.contains(&identity) {
            self.earlier.repeated.get_or_insert(row.at);
        }
        let agreeing = candidates
            .iter()
            .find(|key| self.conflict(key, &row.cells).is_none());
        let key = match agreeing {
            Some(key) => key.clone(),
            None => {
                let base = row
                    .code
                    .as_ref()
                    .map_or(row.title.as_str(), |c| c.key.as_str())
                    .to_string();
                let key = if let Some(first) = candidates.first() {
                    let first = first.clone();
                    // `NI 92 (4.1)`: the objective tells the two apart.
                    let key = self
                        .unique_key(&format!("{base} ({})", row.objective.trim_end_matches(')')));
                    if let Some((cell, earlier)) = self.conflict(&first, &row.cells) {
                        let message = format!(
                            "`{base}` under objective {} gives `{}` for {} {} where an earlier row gives `{earlier}`; kept as a separate indicator `{key}`",
                            row.objective,
                            cell.text,
                            cell.period,
                            cell.kind.as_str()
                        );
                        self.warn(cell.at, Some(&cell.text), message);
                    }
                    key
                } else {
                    self.unique_key(&base)
                };
                self.check_national_code(row.at, row.code.as_ref(), &row.title);
                self.add_indicator(new_indicator(&key, row.code.as_ref(), &row.title));
                key
            }
        };
        if !row.objective.is_empty() {
            self.link(&key, &row.objective);
        }
        for cell in row.cells {
            self.observe(&key, cell);
        }
        key
    }

    /// An indicator of a list without values: found by its code (or its
    /// title when it has none), else added. Returns its key and whether it is new.
    pub fn listed_indicator(
        &mut self,
        at: At,
        code: Option<&IndicatorCode>,
        title: &str,
        node: Option<&str>,
    ) -> (String, bool) {
        let key = code.map_or(title, |c| c.key.as_str()).to_string();
        let new = self.indicator_mut(&key).is_none();
        if new {
            self.check_national_code(at, code, title);
            self.add_indicator(new_indicator(&key, code, title));
        }
        if let Some(node) = node {
            self.link(&key, node);
        }
        (key, new)
    }

    /// An `NI` code whose national title the row's own wording contradicts
    /// is reported; the row's wording decides (see `catalogue::lookup`).
    fn check_national_code(&mut self, at: At, code: Option<&IndicatorCode>, title: &str) {
        let code = code.map(|c| c.key.as_str());
        if let Some(national) = catalogue::contradicted(code, title) {
            let message = format!(
                "the code {} is the national indicator `{}`, but this row reads `{title}`; the row's own wording is used and no national definition or polarity is taken over. Correct the code, or the title if the code is right",
                national.code, national.title
            );
            self.warn(at, Some(title), message);
        }
    }

    fn add_indicator(&mut self, indicator: Indicator) {
        let key = indicator.key.clone();
        match indicator.code.as_deref() {
            Some(code) => self
                .keys_by_code
                .entry(code.trim_end_matches(" (LAA)").to_string())
                .or_default()
                .push(key.clone()),
            None => self
                .keys_by_title
                .entry(normalise(&indicator.title))
                .or_default()
                .push(key.clone()),
        }
        self.indicator_at.insert(key, self.indicators.len());
        self.indicators.push(indicator);
    }

    /// Joins the rest of an indicator's title that a page break cut off.
    pub fn continue_indicator_title(&mut self, key: &str, more: &str) {
        let Some(indicator) = self.indicator_mut(key) else {
            return;
        };
        let old = normalise(&indicator.title);
        indicator.title = format!("{} {more}", indicator.title);
        let (new, uncoded) = (normalise(&indicator.title), indicator.code.is_none());
        if uncoded {
            if let Some(keys) = self.keys_by_title.get_mut(&old) {
                keys.retain(|k| k != key);
            }
            self.keys_by_title
                .entry(new)
                .or_default()
                .push(key.to_string());
        }
    }

    pub fn link(&mut self, key: &str, objective: &str) {
        if let Some(indicator) = self.indicator_mut(key) {
            if !indicator.objectives.iter().any(|o| o == objective) {
                indicator.objectives.push(objective.to_string());
            }
        }
    }

    /// The indicator with this key. Its key and code must not be changed
    /// through it; its title only through [`Builder::continue_indicator_title`].
    pub fn indicator_mut(&mut self, key: &str) -> Option<&mut Indicator> {
        let at = *self.indicator_at.get(key)?;
        self.indicators.get_mut(at)
    }

    /// A key not yet used: `base`, else `base #2`, `base #3` …
    pub fn unique_key(&self, base: &str) -> String {
        let taken = |k: &str| {
            self.indicator_at.contains_key(k) || self.earlier.keys.contains(&hashed("key", k))
        };
        if !taken(base) {
            return base.to_string();
        }
        (2..)
            .map(|n| format!("{base} #{n}"))
            .find(|k| !taken(k))
            .unwrap_or_else(|| base.to_string())
    }

    /// The first cell of `cells` that contradicts a value already held for `key`.
    fn conflict<'c>(&self, key: &str, cells: &'c [Cell]) -> Option<(&'c Cell, String)> {
        cells.iter().find_map(|cell| {
            self.existing(key, cell)
                .filter(|earlier| earlier.text != cell.text)
                .map(|earlier| (cell, earlier.text.clone()))
        })
    }

    fn existing(&self, key: &str, cell: &Cell) -> Option<&Observation> {
        let slot = (
            key.to_string(),
            cell.period,
            cell.kind,
            cell.locality.clone(),
        );
        let at = *self.observation_at.get(&slot)?;
        self.observations.get(at)
    }

    /// Stores one value. An identical repeat of a value already held (the same
    /// row under a second objective) is stored once; rows whose texts differ
    /// were split into indicators of their own before getting here.
    fn observe(&mut self, key: &str, cell: Cell) {
        if self.existing(key, &cell).is_some() {
            return;
        }
        let parsed = value::parse(&cell.text);
        if matches!(parsed.value, Value::Text) {
            let message = format!(
                "`{key}` {} {}: value not understood; kept as text",
                cell.period,
                cell.kind.as_str()
            );
            self.warn(cell.at, Some(&cell.text), message);
        }
        for problem in &parsed.warnings {
            let message = format!("`{key}` {} {}: {problem}", cell.period, cell.kind.as_str());
            self.warn(cell.at, Some(&cell.text), message);
        }
        let slot = (
            key.to_string(),
            cell.period,
            cell.kind,
            cell.locality.clone(),
        );
        self.observation_at.insert(slot, self.observations.len());
        self.observations.push(Observation {
            indicator: key.to_string(),
            period: cell.period,
            kind: cell.kind,
            locality: cell.locality,
            group: None,
            text: cell.text,
            parsed,
            set_by: None,
            agreed_on: None,
            source: trustboard_core::model::ValueSource::Written,
        });
    }

    /// Links each cross-referencing objective to the indicator it points at,
    /// found by code or by the words of the title. A reference that cannot be
    /// told apart is kept as its own indicator, with its text.
    pub fn resolve_cross_references(&mut self) {
        for reference in std::mem::take(&mut self.cross_references) {
            match self.referenced_indicator(&reference) {
                Some(key) => self.link(&key, &reference.row.objective),
                None => {
                    let message = format!(
                        "objective {} points to objective {} for `{}`, but no indicator there clearly matches; kept the row as its own indicator",
                        reference.row.objective, reference.target, reference.row.title
                    );
                    self.warn(reference.row.at, None, message);
                    self.indicator_row(reference.row);
                }
            }
        }
    }

    fn referenced_indicator(&self, reference: &CrossReference) -> Option<String> {
        let under_target = self
            .indicators
            .iter()
            .filter(|i| i.objectives.contains(&reference.target));
        if let Some(code) = &reference.row.code {
            return self
                .indicator_at
                .contains_key(&code.key)
                .then(|| code.key.clone());
        }
        let wanted = title_words(&reference.row.title);
        let mut scored: Vec<(usize, &Indicator)> = under_target
            .map(|i| {
                (
                    title_words(&i.title)
                        .iter()
                        .filter(|w| wanted.contains(w))
                        .count(),
                    i,
                )
            })
            .collect();
        scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
        match scored.as_slice() {
            [(best, indicator), rest @ ..]
                if *best >= 2 && rest.first().is_none_or(|(next, _)| next < best) =>
            {
                Some(indicator.key.clone())
            }
            _ => None,
        }
    }

    pub fn milestone(&mut self, milestone: Milestone) {
        self.milestones.push(milestone);
    }
}

fn new_indicator(key: &str, code: Option<&IndicatorCode>, title: &str) -> Indicator {
    Indicator {
        code: code.map(|c| c.written.clone()),
        ..Indicator::new(key, title)
    }
}

fn normalise(title: &str) -> String {
    title
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a title that carry its meaning, singular, each once.
fn title_words(title: &str) -> Vec<String> {
    const SMALL: [&str; 12] = [
        "the", "and", "for", "who", "with", "are", "that", "of", "in", "to", "on", "by",
    ];
    normalise(title)
        .split(' ')
        .filter(|w| w.len() > 2 && !SMALL.contains(w))
        .map(|w| {
            w.strip_suffix('s')
                .filter(|s| s.len() > 2)
                .unwrap_or(w)
                .to_string()
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}
