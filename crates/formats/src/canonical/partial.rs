//! What one input file contributed to a plan, and where each row came from,
//! so that problems found once the files are put together still name the
//! file, line and column they are in.

use std::collections::BTreeSet;
use std::sync::Arc;

use trustboard_core::model::{PlanDocument, PlanHeader};
use trustboard_core::projects::Project;
use trustboard_core::resources::ResourceTable;

use super::schema::{Layout, Table, Tables};
use super::validate::{validate_tables, Problem};
use crate::documents::Warning;
use crate::{Hints, ImportError};

/// Where one row was read.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    pub file: Arc<str>,
    /// 1-based line or worksheet row; 0 where the format has no lines to point at.
    pub line: usize,
    pub layout: Option<Arc<Layout>>,
}

impl Origin {
    pub fn unlocated(file: &Arc<str>) -> Origin {
        Origin {
            file: file.clone(),
            line: 0,
            layout: None,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub organisation: String,
    pub plan: PlanHeader,
    pub origin: Origin,
}

#[derive(Debug, Default)]
pub(crate) struct Partial {
    pub header: Option<Header>,
    /// The rows read; its organisation and plan header are filled in by [`Partial::finish`].
    pub doc: PlanDocument,
    pub tables: Tables,
    /// Per table (by [`Table::index`]), the origin of each row.
    pub origins: [Vec<Origin>; 7],
    /// What the readers kept but want a person to look at.
    pub warnings: Vec<Warning>,
    /// Budget and staffing tables read beside the plan.
    pub resources: Vec<ResourceTable>,
    /// The business plan's projects table, read from a document beside the plan.
    pub projects: Vec<Project>,
}

impl Partial {
    /// A plan read whole from one file whose rows have no line numbers.
    pub fn whole(doc: PlanDocument, file: &str) -> Partial {
        let file: Arc<str> = Arc::from(file);
        let lengths = [
            1,
            doc.nodes.len(),
            doc.indicators.len(),
            doc.observations.len(),
            doc.milestones.len(),
            doc.localities.len(),
            doc.statements.len(),
        ];
        let header = Header {
            organisation: doc.organisation.clone(),
            plan: doc.plan.clone(),
            origin: Origin::unlocated(&file),
        };
        Partial {
            header: Some(header),
            origins: lengths.map(|n| vec![Origin::unlocated(&file); n]),
            doc,
            tables: Tables::all(),
            warnings: Vec::new(),
            resources: Vec::new(),
            projects: Vec::new(),
        }
    }

    /// Adds another file's rows; both must belong to the same plan.
    pub fn absorb(&mut self, other: Partial) -> Result<(), ImportError> {
        match (&self.header, other.header) {
            (Some(mine), Some(theirs)) => {
                if (&mine.organisation, &mine.plan) != (&theirs.organisation, &theirs.plan) {
                    return Err(ImportError {
                        file: theirs.origin.file.to_string(),
                        line: theirs.origin.line,
                        column: 0,
                        field: Some("plan".to_string()),
                        text: Some(theirs.plan.name.clone()),
                        message: format!(
                            "this names plan `{}` of `{}` (title `{}`, period `{}`) but {} names plan `{}` of `{}` \
                             (title `{}`, period `{}`); files imported together must describe one plan",
                            theirs.plan.name,
                            theirs.organisation,
                            theirs.plan.title,
                            theirs.plan.period,
                            mine.origin.file,
                            mine.plan.name,
                            mine.organisation,
                            mine.plan.title,
                            mine.plan.period,
                        ),
                    });
                }
            }
            (None, Some(theirs)) => self.header = Some(theirs),
            (_, None) => {}
        }
        let PlanDocument {
            nodes,
            indicators,
            observations,
            milestones,
            localities,
            statements,
            ..
        } = other.doc;
        self.doc.nodes.extend(nodes);
        self.doc.indicators.extend(indicators);
        self.doc.observations.extend(observations);
        self.doc.milestones.extend(milestones);
        self.doc.localities.extend(localities);
        self.doc.statements.extend(statements);
        for (mine, theirs) in self.origins.iter_mut().zip(other.origins) {
            mine.extend(theirs);
        }
        self.tables = self.tables.union(other.tables);
        self.warnings.extend(other.warnings);
        self.resources.extend(other.resources);
        self.projects.extend(other.projects);
        Ok(())
    }

    /// Whether every table of a plan was given, so the files stand for the
    /// whole plan. The statements table may be left out: files written before
    /// it existed hold whole plans whose council said nothing beside its figures.
    pub fn is_whole(&self) -> bool {
        Table::ALL
            .into_iter()
            .filter(|t| *t != Table::Statements)
            .all(|t| self.tables.contains(t))
    }

    /// Lays the rows read over a stored plan: a row with the key of a stored
    /// row replaces it in place, new rows follow, and tables not given are
    /// kept as stored. The result is checked as a whole plan.
    pub fn finish_onto(
        mut self,
        hints: &Hints,
        stored: &PlanDocument,
    ) -> Result<PlanDocument, ImportError> {
        let stored_origin = Origin::unlocated(&Arc::from(format!(
            "the stored plan {} ({})",
            stored.plan.name, stored.organisation
        )));
        if self.header.is_none() {
            self.header = Some(Header {
                organisation: stored.organisation.clone(),
                plan: stored.plan.clone(),
                origin: stored_origin.clone(),
            });
        }
        let [_, nodes, indicators, observations, milestones, localities, statements] =
            std::mem::take(&mut self.origins);
        let doc = std::mem::take(&mut self.doc);
        let mut merged = PlanDocument::default();
        (merged.nodes, self.origins[Table::Nodes.index()]) =
            overlay(&stored.nodes, doc.nodes, nodes, &stored_origin, |n| {
                n.code.clone()
            });
        (merged.indicators, self.origins[Table::Indicators.index()]) = overlay(
            &stored.indicators,
            doc.indicators,
            indicators,
            &stored_origin,
            |i| i.key.clone(),
        );
        (
            merged.observations,
            self.origins[Table::Observations.index()],
        ) = overlay(
            &stored.observations,
            doc.observations,
            observations,
            &stored_origin,
            |o| format!("{:?}", o.slot()),
        );
        (merged.milestones, self.origins[Table::Milestones.index()]) = overlay(
            &stored.milestones,
            doc.milestones,
            milestones,
            &stored_origin,
            |m| format!("{}\u{1f}{}", m.node, m.text),
        );
        (merged.localities, self.origins[Table::Localities.index()]) = overlay(
            &stored.localities,
            doc.localities,
            localities,
            &stored_origin,
            |l| l.name.clone(),
        );
        (merged.statements, self.origins[Table::Statements.index()]) = overlay(
            &stored.statements,
            doc.statements,
            statements,
            &stored_origin,
            |s| format!("{:?}", s.slot()),
        );
        self.doc = merged;
        self.tables = Tables::all();
        self.finish(hints)
    }

    /// Settles which plan this is (from the files, checked against the
    /// hints, or from the hints alone) and checks the plan as a whole.
    pub fn finish(mut self, hints: &Hints) -> Result<PlanDocument, ImportError> {
        let header = self.settle_header(hints)?;
        self.doc.organisation = header.organisation;
        self.doc.plan = header.plan;
        self.origins[Table::Plan.index()] = vec![header.origin];
        match validate_tables(&self.doc, self.tables) {
            Ok(()) => Ok(self.doc),
            Err(problems) => Err(self.first_error(problems)),
        }
    }

    /// The organisation and plan the files (or the hints) name, before any checks.
    pub fn names(&self, hints: &Hints) -> (Option<String>, Option<String>) {
        match &self.header {
            Some(header) => (
                Some(header.organisation.clone()),
                Some(header.plan.name.clone()),
            ),
            None => (hints.organisation.clone(), hints.plan.clone()),
        }
    }

    fn settle_header(&mut self, hints: &Hints) -> Result<Header, ImportError> {
        let Some(header) = self.header.take() else {
            return match (&hints.organisation, &hints.plan) {
                (Some(organisation), Some(plan)) => Ok(Header {
                    organisation: organisation.clone(),
                    plan: PlanHeader {
                        name: plan.clone(),
                        ..PlanHeader::default()
                    },
                    origin: Origin::unlocated(&Arc::from("the plan and organisation given")),
                }),
                (organisation, _) => {
                    let files = self.files().join(", ");
                    let missing = if organisation.is_some() {
                        "give the plan's name with --plan"
                    } else if hints.plan.is_some() {
                        "give the organisation with --org"
                    } else {
                        "give the organisation with --org and the plan's name with --plan"
                    };
                    Err(ImportError::whole_file(
                        &files,
                        format!(
                            "no plan table (plan.csv or a plan sheet) was given, so the organisation and plan \
                             these rows belong to must be named: {missing}"
                        ),
                    ))
                }
            };
        };
        let given = [
            (
                "organisation",
                hints.organisation.as_deref(),
                header.organisation.as_str(),
            ),
            ("plan", hints.plan.as_deref(), header.plan.name.as_str()),
        ];
        for (field, hint, found) in given {
            if let Some(hint) = hint.filter(|h| *h != found) {
                return Err(ImportError {
                    file: header.origin.file.to_string(),
                    line: header.origin.line,
                    column: header
                        .origin
                        .layout
                        .as_ref()
                        .map_or(0, |l| l.column_of(field)),
                    field: Some(field.to_string()),
                    text: Some(found.to_string()),
                    message: format!("the file names {field} `{found}` but `{hint}` was asked for"),
                });
            }
        }
        Ok(header)
    }

    fn files(&self) -> Vec<String> {
        let files: BTreeSet<&str> = self.origins.iter().flatten().map(|o| &*o.file).collect();
        files.into_iter().map(str::to_string).collect()
    }

    /// The first problem in file order, saying how many more there are.
    fn first_error(&self, problems: Vec<Problem>) -> ImportError {
        let total = problems.len();
        let first = problems
            .into_iter()
            .map(|p| self.locate(p))
            .min_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        match first {
            Some(mut first) if total > 1 => {
                first
                    .message
                    .push_str(&format!(" (and {} more problem(s))", total - 1));
                first
            }
            Some(first) => first,
            None => ImportError::whole_file(
                &self.files().join(", "),
                "the plan did not pass its checks",
            ),
        }
    }

    fn locate(&self, problem: Problem) -> ImportError {
        let origin = self.origins[problem.table.index()].get(problem.row);
        let file = origin.map_or_else(|| self.files().join(", "), |o| o.file.to_string());
        let line = origin.map_or(0, |o| o.line);
        let column = origin
            .and_then(|o| o.layout.as_ref())
            .map_or(0, |l| l.column_of(problem.field));
        let message = if line == 0 && problem.table != Table::Plan {
            format!(
                "{} {}: {}",
                problem.table.row_noun(),
                problem.row + 1,
                problem.message
            )
        } else {
            problem.message
        };
        ImportError {
            file,
            line,
            column,
            field: Some(problem.field.to_string()),
            text: Some(problem.value),
            message,
        }
    }
}

/// `stored` with `given` laid over it by key, and the origin of every row.
fn overlay<T: Clone>(
    stored: &[T],
    given: Vec<T>,
    origins: Vec<Origin>,
    stored_origin: &Origin,
    key: impl Fn(&T) -> String,
) -> (Vec<T>, Vec<Origin>) {
    let mut pending: Vec<Option<(T, Origin)>> = given
        .into_iter()
        .zip(
            origins
                .into_iter()
                .chain(std::iter::repeat(stored_origin.clone())),
        )
        .map(Some)
        .collect();
    let index: std::collections::HashMap<String, usize> = pending
        .iter()
        .enumerate()
        .filter_map(|(n, row)| row.as_ref().map(|(r, _)| (key(r), n)))
        .collect();
    let mut rows = Vec::with_capacity(stored.len() + pending.len());
    let mut row_origins = Vec::with_capacity(rows.capacity());
    for old in stored {
        match index.get(&key(old)).and_then(|&n| pending[n].take()) {
            Some((new, origin)) => {
                rows.push(new);
                row_origins.push(origin);
            }
            None => {
                rows.push(old.clone());
                row_origins.push(stored_origin.clone());
            }
        }
    }
    for (new, origin) in pending.into_iter().flatten() {
        rows.push(new);
        row_origins.push(origin);
    }
    (rows, row_origins)
}
