//! Turning a file's bytes into text, with a clear message when they are not UTF-8.

use crate::ImportError;

const BYTE_ORDER_MARK: &str = "\u{feff}";

/// The file's text without a leading byte-order mark. Empty files and
/// bytes that are not UTF-8 are refused, naming the line and column.
pub(crate) fn utf8<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::whole_file(file, "the file is empty"));
    }
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        let message = "the file is UTF-16 text; save it as UTF-8 (in Excel, \"CSV UTF-8\")";
        return Err(ImportError {
            line: 1,
            column: 1,
            ..ImportError::whole_file(file, message)
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix(BYTE_ORDER_MARK).unwrap_or(text)),
        Err(error) => {
            let valid = error.valid_up_to();
            let before = String::from_utf8_lossy(&bytes[..valid]);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let byte = bytes.get(valid).copied().unwrap_or_default();
            Err(ImportError {
                file: file.to_string(),
                line,
                column,
                field: None,
                text: None,
                message: format!(
                    "the file is not UTF-8 text: byte {valid} (0x{byte:02X}) cannot be read; \
                     save the file as UTF-8 (in Excel, \"CSV UTF-8\")"
                ),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_line_and_column_of_a_bad_byte() {
        let bytes = b"code,kind,title\n1,outcome,Caf\xe9 culture\n";
        let error = utf8("nodes.csv", bytes).err();
        assert_eq!(error.as_ref().map(|e| (e.line, e.column)), Some((2, 14)));
        let message = error.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.starts_with("nodes.csv:2:14: the file is not UTF-8"),
            "{message}"
        );
    }

    #[test]
    fn drops_a_byte_order_mark_and_refuses_an_empty_file() {
        assert_eq!(utf8("a.csv", "\u{feff}plan".as_bytes()).ok(), Some("plan"));
        assert!(utf8("a.csv", b"").is_err());
        let utf16 = utf8("a.csv", b"\xff\xfep\x00l\x00")
            .err()
            .map(|e| e.message);
        assert!(utf16.unwrap_or_default().contains("UTF-16"));
    }
}
