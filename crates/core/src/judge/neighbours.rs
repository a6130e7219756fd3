//! Statistical neighbours: the councils most like this one, by model year.
//!
//! The Department for Education publishes, for each model, a wide CSV: one
//! row per council (its number and name), then ten neighbours, each a council
//! number followed by a closeness band. The 2021 file also carries a block of
//! pre-reorganisation councils after an `Old SNs:` row; they are read like the
//! rest. The files do not say when a model applies, so the caller supplies the
//! dates it was in force.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::csv_text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Closeness {
    ExtremelyClose,
    VeryClose,
    Close,
    SomewhatClose,
    NotClose,
}

impl Closeness {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "extremely close" => Some(Self::ExtremelyClose),
            "very close" => Some(Self::VeryClose),
            "close" => Some(Self::Close),
            "somewhat close" => Some(Self::SomewhatClose),
            "not close" => Some(Self::NotClose),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Neighbour {
    /// The council's number (old local-authority code), e.g. `314`.
    pub code: String,
    pub name: String,
    pub closeness: Closeness,
}

/// One council's neighbours under one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeighbourSet {
    pub council: String,
    pub council_code: String,
    pub model_year: i32,
    pub effective_from: NaiveDate,
    /// `None`: still in force.
    pub effective_to: Option<NaiveDate>,
    /// Closest first, as the file lists them.
    pub neighbours: Vec<Neighbour>,
}

/// The model a file belongs to and when it is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeighbourModel {
    pub year: i32,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "statistical neighbours, line {line}, column {column} (`{field}`): {problem}; found `{value}`"
)]
pub struct NeighbourFileError {
    pub line: usize,
    pub column: usize,
    pub field: String,
    pub value: String,
    pub problem: String,
}

/// Column layout found from the header.
struct Layout {
    code: usize,
    name: usize,
    /// (neighbour code column, closeness column)
    neighbours: Vec<(usize, usize)>,
}

fn layout(header: &[String]) -> Result<Layout, NeighbourFileError> {
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let find = |wanted: &[&str], field: &str| {
        names
            .iter()
            .position(|n| wanted.contains(&n.as_str()))
            .ok_or_else(|| NeighbourFileError {
                line: 1,
                column: 0,
                field: field.to_string(),
                value: header.join(","),
                problem: format!(
                    "the header has no {field} column (expected one of {})",
                    wanted.join(", ")
                ),
            })
    };
    let code = find(&["la num", "old_la_code"], "council number")?;
    let name = find(&["la name", "la_name"], "council name")?;
    // Neighbour columns are SN1..SN10 or SN_1..SN_10, each followed by its closeness column.
    let neighbours: Vec<(usize, usize)> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            let digits = n.trim_start_matches("sn").trim_start_matches('_');
            n.starts_with("sn") && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
        })
        .map(|(i, _)| (i, i + 1))
        .collect();
    if neighbours.is_empty() {
        return Err(NeighbourFileError {
            line: 1,
            column: 0,
            field: "neighbour columns".into(),
            value: header.join(","),
            problem: "the header has no SN1/SN_1 neighbour columns".into(),
        });
    }
    Ok(Layout {
        code,
        name,
        neighbours,
    })
}

/// Parses a DfE statistical-neighbour file (2021 or 2025 layout).
pub fn parse_neighbour_file(
    text: &str,
    model: NeighbourModel,
) -> Result<Vec<NeighbourSet>, NeighbourFileError> {
    let records = csv_text::records(text).map_err(|e| NeighbourFileError {
        line: e.line(),
        column: e.column(),
        field: "line".into(),
        value: e.line_text(text).to_string(),
        problem: e.to_string(),
    })?;
    let mut records = records.into_iter();
    let header = records.next().ok_or_else(|| NeighbourFileError {
        line: 1,
        column: 0,
        field: "header".into(),
        value: String::new(),
        problem: "the file is empty".into(),
    })?;
    let layout = layout(&header.fields)?;
    let mut rows = Vec::new();
    for record in records {
        let code = record
            .fields
            .get(layout.code)
            .map(|c| c.trim())
            .unwrap_or_default();
        // Blank rows and section labels such as `Old SNs:` carry no council number.
        if code.is_empty() {
            continue;
        }
        rows.push((record.line, record.fields));
    }
    let name_of = |code: &str| {
        rows.iter()
            .find(|(_, f)| f.get(layout.code).map(|c| c.trim()) == Some(code))
            .and_then(|(_, f)| f.get(layout.name))
            .map(|n| n.trim().to_string())
    };
    let mut sets = Vec::new();
    for (line, fields) in &rows {
        let cell = |column: usize| fields.get(column).map(|c| c.trim()).unwrap_or_default();
        let error = |column: usize, field: &str, problem: &str| NeighbourFileError {
            line: *line,
            column: column + 1,
            field: field.to_string(),
            value: cell(column).to_string(),
            problem: problem.to_string(),
        };
        let council_code = cell(layout.code);
        if !council_code.chars().all(|c| c.is_ascii_digit()) {
            return Err(error(layout.code, "council number", "not a council number"));
        }
        let mut neighbours = Vec::new();
        for &(code_column, band_column) in &layout.neighbours {
            let code = cell(code_column);
            if code.is_empty() {
                continue;
            }
            let closeness = Closeness::parse(cell(band_column)).ok_or_else(|| {
                error(
                    band_column,
                    "closeness",
                    "not a closeness band (Extremely close … Not close)",
                )
            })?;
            let name = name_of(code).ok_or_else(|| {
                error(
                    code_column,
                    "neighbour",
                    "no council with this number in the file",
                )
            })?;
            neighbours.push(Neighbour {
                code: code.to_string(),
                name,
                closeness,
            });
        }
        sets.push(NeighbourSet {
            council: cell(layout.name).to_string(),
            council_code: council_code.to_string(),
            model_year: model.year,
            effective_from: model.effective_from,
            effective_to: model.effective_to,
            neighbours,
        });
    }
    Ok(sets)
}

/// The set in force for `council` (its number or name, any case) on `date`;
/// the latest model wins where two overlap.
pub fn set_in_force<'a>(
    sets: &'a [NeighbourSet],
    council: &str,
    date: NaiveDate,
) -> Option<&'a NeighbourSet> {
    let council = council.trim();
    sets.iter()
        .filter(|s| s.council_code == council || s.council.eq_ignore_ascii_case(council))
        .filter(|s| s.effective_from <= date && s.effective_to.is_none_or(|to| date <= to))
        .max_by_key(|s| (s.model_year, s.effective_from))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn shared_file(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/statistical-neighbours")
            .join(name);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("test data missing at {}: {e}", path.display()))
    }

    fn model_2021() -> NeighbourModel {
        NeighbourModel {
            year: 2021,
            effective_from: date(2021, 4, 1),
            effective_to: Some(date(2025, 3, 31)),
        }
    }

    fn model_2025() -> NeighbourModel {
        NeighbourModel {
            year: 2025,
            effective_from: date(2025, 4, 1),
            effective_to: None,
        }
    }

    #[test]
    fn reads_the_2021_file_including_old_councils() {
        let sets = parse_neighbour_file(
            &shared_file("New_Statistical_Neighbour_Groupings_April_2021.csv"),
            model_2021(),
        )
        .unwrap();
        assert_eq!(
            sets.len(),
            156,
            "152 councils plus 4 pre-reorganisation ones"
        );
        let kingston = sets.iter().find(|s| s.council_code == "314").unwrap();
        assert_eq!(kingston.council, "Kingston upon Thames");
        assert_eq!(kingston.neighbours.len(), 10);
        assert_eq!(kingston.neighbours[0].name, "Barnet");
        assert_eq!(kingston.neighbours[0].closeness, Closeness::Close);
        assert_eq!(kingston.neighbours[3].closeness, Closeness::SomewhatClose);
        let hull = sets.iter().find(|s| s.council_code == "810").unwrap();
        assert_eq!(hull.council, "Kingston Upon Hull, City of");
    }

    #[test]
    fn reads_the_2025_file_and_picks_the_set_in_force() {
        let mut sets =
            parse_neighbour_file(&shared_file("sn_model_2025_wide.csv"), model_2025()).unwrap();
        assert_eq!(sets.len(), 153);
        sets.extend(
            parse_neighbour_file(
                &shared_file("New_Statistical_Neighbour_Groupings_April_2021.csv"),
                model_2021(),
            )
            .unwrap(),
        );
        let in_2023 = set_in_force(&sets, "Kingston upon Thames", date(2023, 6, 1)).unwrap();
        assert_eq!(in_2023.model_year, 2021);
        let in_2026 = set_in_force(&sets, "314", date(2026, 1, 1)).unwrap();
        assert_eq!(in_2026.model_year, 2025);
        // The 2025 band text has a trailing space (`Close `); it still reads.
        assert_eq!(in_2026.neighbours[0].name, "Sutton");
        assert_eq!(in_2026.neighbours[0].closeness, Closeness::Close);
        assert!(set_in_force(&sets, "314", date(2020, 1, 1)).is_none());
    }

    #[test]
    fn a_bad_band_names_line_column_and_value() {
        let text = "LA num,LA Name,SN1,SNP\n314,Kingston,315,Quite near\n315,Sutton,314,Close\n";
        let err = parse_neighbour_file(text, model_2021()).unwrap_err();
        assert_eq!(
            (err.line, err.column, err.field.as_str(), err.value.as_str()),
            (2, 4, "closeness", "Quite near")
        );
        let unknown = parse_neighbour_file(
            "LA num,LA Name,SN1,SNP\n314,Kingston,999,Close\n",
            model_2021(),
        )
        .unwrap_err();
        assert_eq!(
            (unknown.line, unknown.column, unknown.value.as_str()),
            (2, 3, "999")
        );
    }
}
