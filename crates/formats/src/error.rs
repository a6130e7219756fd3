use std::fmt;

/// Where a problem is in an input file, and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportError {
    pub file: String,
    /// 1-based line (CSV/text) or row (XLSX); 0 when the whole file is at fault.
    pub line: usize,
    /// 1-based column; 0 when the whole line is at fault.
    pub column: usize,
    /// The field (column heading) or sheet concerned, if known.
    pub field: Option<String>,
    /// The offending text, as found.
    pub text: Option<String>,
    pub message: String,
}

impl ImportError {
    pub fn whole_file(file: &str, message: impl Into<String>) -> Self {
        ImportError {
            file: file.to_string(),
            line: 0,
            column: 0,
            field: None,
            text: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(field) = &self.field {
            write!(f, " (field `{field}`")?;
            if let Some(text) = &self.text {
                write!(f, ", value `{text}`")?;
            }
            write!(f, ")")?;
        } else if let Some(text) = &self.text {
            write!(f, " (value `{text}`)")?;
        }
        Ok(())
    }
}

/// Why a plan could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the XLSX workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Unsupported(String),
}
