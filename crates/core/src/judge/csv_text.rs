//! Reading the comma-separated text of the shipped catalogue and of
//! statistical-neighbour files, held in memory, with the `csv` crate: fields may
//! be quoted (`"Bristol, City of"`), hold `""` for a quote and span lines.

/// Why the text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("a quoted field starting at line {line}, column {column} is not closed")]
    UnclosedQuote {
        /// 1-based line and character column of the opening quote.
        line: usize,
        column: usize,
    },
    #[error("line {line}: {problem}")]
    Unreadable { line: usize, problem: String },
}

impl CsvError {
    /// The 1-based line the problem is on.
    pub fn line(&self) -> usize {
        match self {
            CsvError::UnclosedQuote { line, .. } | CsvError::Unreadable { line, .. } => *line,
        }
    }

    /// The 1-based character column, where one is known; 0 otherwise.
    pub fn column(&self) -> usize {
        match self {
            CsvError::UnclosedQuote { column, .. } => *column,
            CsvError::Unreadable { .. } => 0,
        }
    }

    /// The text of the line the problem is on.
    pub fn line_text<'a>(&self, text: &'a str) -> &'a str {
        text.lines()
            .nth(self.line().saturating_sub(1))
            .unwrap_or_default()
    }
}

/// One record, where it starts and the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// 1-based line the record starts on.
    pub line: usize,
    /// The record as written, without its line ending.
    pub raw: &'a str,
    pub fields: Vec<String>,
}

/// Every record of `text`, fields unquoted. Blank lines are skipped and a
/// leading byte-order mark is dropped.
pub fn records(text: &str) -> Result<Vec<Record<'_>>, CsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut starts = Vec::new();
    let mut fields = Vec::new();
    for result in reader.records() {
        let record = result.map_err(|error| CsvError::Unreadable {
            line: error.position().map_or(0, line_of),
            problem: error.to_string(),
        })?;
        let position = record
            .position()
            .map_or((0, 0), |p| (line_of(p), byte_of(p)));
        starts.push(position);
        fields.push(record.iter().map(str::to_string).collect::<Vec<String>>());
    }
    let ends = starts
        .iter()
        .skip(1)
        .map(|&(_, byte)| byte)
        .chain([text.len()]);
    let records: Vec<Record<'_>> = starts
        .iter()
        .zip(ends)
        .zip(fields)
        .map(|((&(line, start), end), fields)| Record {
            line,
            raw: text[start..end]
                .trim_start_matches('\u{feff}')
                .trim_end_matches(['\r', '\n']),
            fields,
        })
        .collect();
    match records.last() {
        Some(last) => check_closed(last, &text[starts[starts.len() - 1].1..]),
        None => Ok(()),
    }?;
    Ok(records)
}

/// The `csv` crate ends a quoted field left open at the end of the text, so
/// only the last field of the last record can be one. It is when the text
/// ends with an opening quote followed by exactly that field's content (with
/// its quotes doubled back).
fn check_closed(last: &Record<'_>, rest: &str) -> Result<(), CsvError> {
    let Some(field) = last.fields.last() else {
        return Ok(());
    };
    let written = format!("\"{}", field.replace('"', "\"\""));
    let Some(before) = rest.strip_suffix(written.as_str()) else {
        return Ok(());
    };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let preceding = before[line_start..].trim_start_matches('\u{feff}');
    Err(CsvError::UnclosedQuote {
        line: last.line + before.matches('\n').count(),
        column: preceding.chars().count() + 1,
    })
}

fn line_of(position: &csv::Position) -> usize {
    usize::try_from(position.line()).unwrap_or(usize::MAX)
}

fn byte_of(position: &csv::Position) -> usize {
    usize::try_from(position.byte()).unwrap_or(usize::MAX)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        records(text)
            .unwrap()
            .into_iter()
            .map(|r| r.fields)
            .collect()
    }

    #[test]
    fn quoted_fields_keep_their_commas_and_quotes() {
        assert_eq!(
            fields("810,\"Kingston Upon Hull, City of\",\"say \"\"hi\"\"\","),
            [["810", "Kingston Upon Hull, City of", "say \"hi\"", ""]]
        );
    }

    #[test]
    fn byte_order_mark_and_carriage_return_are_dropped() {
        assert_eq!(fields("\u{feff}a,b\r"), [["a", "b"]]);
        assert_eq!(records("\u{feff}a,b\r\nc,d").unwrap()[0].raw, "a,b");
    }

    #[test]
    fn a_quoted_field_may_hold_a_line_break() {
        let read =
            records("code,title\nNI 59,\"Initial assessments\nwithin 7 days\"\nNI 60,x\n").unwrap();
        let found: Vec<(usize, &[String])> = read.iter().map(|r| (r.line, &r.fields[..])).collect();
        assert_eq!(found[1].1, ["NI 59", "Initial assessments\nwithin 7 days"]);
        assert_eq!((found[1].0, found[2].0), (2, 4));
        assert_eq!(read[1].raw, "NI 59,\"Initial assessments\nwithin 7 days\"");
    }

    #[test]
    fn an_unclosed_quote_names_its_column() {
        assert_eq!(
            records("a,\"b,c"),
            Err(CsvError::UnclosedQuote { line: 1, column: 3 })
        );
        assert_eq!(
            records("x,y\n\"p\"\"q\",\"r\ns\n"),
            Err(CsvError::UnclosedQuote { line: 2, column: 8 })
        );
        assert!(records("a,\"b\"\n").is_ok());
        assert!(records("a,b\"\n").is_ok());
    }
}
