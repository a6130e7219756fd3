//! Reading statutory returns: the SSDA903's CSV tables (each file's table
//! told by its header row) and its XML form, and the CIN census XML (told
//! by its root element). What is read is rows of text ([`RawRow`]); the core
//! understands them.

#[cfg(test)]
mod cin_tests;
mod cin_xml;
#[cfg(test)]
mod indicator_tests;
mod report;
mod ssda903_xml;
mod xml;

use std::collections::BTreeMap;

use trustboard_core::returns::{Collection, RawRow, Table};

pub use report::{issues_csv, issues_xlsx};

/// Why a file of a return could not be read. Nothing of the return is kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct ReturnReadError {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<usize>,
    pub field: Option<String>,
    pub value: Option<String>,
    pub reason: String,
}

impl ReturnReadError {
    fn in_file(file: &str, reason: String) -> ReturnReadError {
        ReturnReadError {
            file: file.into(),
            line: None,
            column: None,
            field: None,
            value: None,
            reason,
        }
    }

    fn describe(&self) -> String {
        let mut place = self.file.clone();
        if let Some(line) = self.line {
            place.push_str(&format!(":{line}"));
        }
        if let Some(column) = self.column {
            place.push_str(&format!(", column {column}"));
        }
        if let Some(field) = &self.field {
            place.push_str(&format!(" ({field})"));
        }
        if let Some(value) = &self.value {
            place.push_str(&format!(" `{value}`"));
        }
        format!("{place}: {}", self.reason)
    }
}

/// The rows of a return and what was noticed while reading it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReturnRows {
    pub rows: Vec<RawRow>,
    /// Columns no table has, kept as written: `episodes.csv: column TEST_COLUMN …`;
    /// parts of a CIN census no table holds.
    pub notes: Vec<String>,
    /// Which return the files are; `None` when they held no rows.
    pub collection: Option<Collection>,
}

/// Reads every file of one return; `files` are (name, text) pairs.
pub fn read_return(files: &[(String, String)]) -> Result<ReturnRows, Box<ReturnReadError>> {
    let mut read = ReturnRows::default();
    for (name, text) in files {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let before = read.rows.len();
        if text.trim_start().starts_with('<') {
            let rows = read_xml(name, text, &mut read.notes)?;
            read.rows.extend(rows);
        } else {
            read_csv(name, text, &mut read)?;
        }
        let Some(first) = read.rows.get(before) else {
            continue;
        };
        let collection = first.table.collection();
        match read.collection {
            Some(earlier) if earlier != collection => {
                return Err(ReturnReadError::in_file(
                    name,
                    format!(
                        "this file is part of a {} return but the files before it are a {} return; import each return on its own",
                        collection.label(),
                        earlier.label()
                    ),
                )
                .into());
            }
            _ => read.collection = Some(collection),
        }
    }
    Ok(read)
}

fn read_xml(
    name: &str,
    text: &str,
    notes: &mut Vec<String>,
) -> Result<Vec<RawRow>, Box<ReturnReadError>> {
    let root = xml::parse(text).map_err(|problem| {
        ReturnReadError::in_file(
            name,
            format!(
                "not well-formed XML at byte {}: {}",
                problem.byte, problem.reason
            ),
        )
    })?;
    match root.name.as_str() {
        "EXPSSDA903" => Ok(ssda903_xml::rows(name, &root)),
        "Message" => cin_xml::rows(name, &root, notes),
        other => Err(ReturnReadError::in_file(
            name,
            format!("the XML's root element is <{other}>; an SSDA903 return's is <EXPSSDA903>, a CIN census's <Message>"),
        )
        .into()),
    }
}

fn read_csv(name: &str, text: &str, read: &mut ReturnRows) -> Result<(), Box<ReturnReadError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let csv_error = |error: csv::Error| {
        let line = error.position().map(|p| p.line());
        ReturnReadError {
            line,
            ..ReturnReadError::in_file(name, format!("not readable as CSV: {error}"))
        }
    };
    let Some(first) = records.next() else {
        return Err(ReturnReadError::in_file(name, "the file is empty".into()).into());
    };
    let headers: Vec<String> = first
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim().to_ascii_uppercase())
        .collect();
    let table = Table::detect_ssda903(&headers).ok_or_else(|| ReturnReadError {
        line: Some(1),
        ..ReturnReadError::in_file(
            name,
            format!(
                "the columns ({}) are not those of any SSDA903 table; an episodes file, for one, needs {}",
                headers.join(", "),
                Table::Episodes.required().join(", ")
            ),
        )
    })?;
    let known: Vec<&str> = known_columns(table);
    for extra in headers.iter().filter(|h| !known.contains(&h.as_str())) {
        read.notes.push(format!(
            "{name}: column {extra} is not part of the {} table; kept as written",
            table.as_str()
        ));
    }
    for record in records {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        if record.len() > headers.len() {
            return Err(Box::new(ReturnReadError {
                line: Some(line),
                column: Some(headers.len() + 1),
                field: None,
                value: record.get(headers.len()).map(str::to_string),
                reason: format!(
                    "the row has {} fields but the header names {}",
                    record.len(),
                    headers.len()
                ),
                file: name.into(),
            }));
        }
        let fields: BTreeMap<String, String> = headers
            .iter()
            .zip(record.iter())
            .map(|(header, text)| (header.clone(), text.to_string()))
            .collect();
        read.rows.push(RawRow {
            table,
            source: format!("{name}:{line}"),
            fields,
        });
    }
    Ok(())
}

/// The columns the DfE's specification gives each table.
fn known_columns(table: Table) -> Vec<&'static str> {
    let rest: &[&str] = match table {
        Table::Header => &["UPN", "MOTHER", "MC_DOB"],
        Table::Episodes => &[
            "PLACE_PROVIDER",
            "REASON_PLACE_CHANGE",
            "HOME_POST",
            "PL_POST",
            "URN",
        ],
        Table::Reviews | Table::PreviousPermanence | Table::PlacedForAdoption => {
            &["DOB", "LA_PERM", "REASON_PLACED_CEASED"]
        }
        Table::Oc2 => &[
            "DOB",
            "SDQ_REASON",
            "IMMUNISATIONS",
            "TEETH_CHECK",
            "HEALTH_ASSESSMENT",
            "SUBSTANCE_MISUSE",
            "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED",
        ],
        Table::Ad1 => &["DOB", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
        Table::Missing => &["DOB", "MIS_END"],
        Table::Uasc => &["SEX", "DOB"],
        Table::SocialWorkerEpisodes => &["DOB", "SW_DEC", "SW_REASON"],
        Table::DeprivationOfLiberty => &["DOB", "DOLO_END"],
        _ => &["DOB"],
    };
    table.required().iter().chain(rest).copied().collect()
}
