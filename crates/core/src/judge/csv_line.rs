//! Splits one line of comma-separated text into fields.
//!
//! The shipped catalogue and the statistical-neighbour files are simple CSV:
//! one record a line, fields optionally in double quotes (`"Bristol, City of"`)
//! with `""` for a quote inside. A small splitter keeps the core free of an
//! extra dependency.

/// Why a line could not be split.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a quoted field starting at column {column} is not closed")]
pub struct UnclosedQuote {
    /// 1-based character column of the opening quote.
    pub column: usize,
}

/// Splits `line` into fields, unquoting quoted ones. A leading byte-order mark is dropped.
pub fn split(line: &str) -> Result<Vec<String>, UnclosedQuote> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().enumerate().peekable();
    let mut quote_start: Option<usize> = None;
    while let Some((index, c)) = chars.next() {
        match (quote_start.is_some(), c) {
            (true, '"') => {
                if chars.peek().map(|&(_, next)| next) == Some('"') {
                    field.push('"');
                    chars.next();
                } else {
                    quote_start = None;
                }
            }
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quote_start = Some(index + 1),
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, c) => field.push(c),
        }
    }
    if let Some(column) = quote_start {
        return Err(UnclosedQuote { column });
    }
    fields.push(field);
    Ok(fields)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_keep_their_commas_and_quotes() {
        let fields = split("810,\"Kingston Upon Hull, City of\",\"say \"\"hi\"\"\",").unwrap();
        assert_eq!(
            fields,
            ["810", "Kingston Upon Hull, City of", "say \"hi\"", ""]
        );
    }

    #[test]
    fn byte_order_mark_and_carriage_return_are_dropped() {
        assert_eq!(split("\u{feff}a,b\r").unwrap(), ["a", "b"]);
    }

    #[test]
    fn an_unclosed_quote_names_its_column() {
        assert_eq!(split("a,\"b,c"), Err(UnclosedQuote { column: 3 }));
    }
}
