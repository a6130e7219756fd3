//! Every XLSX reader opens workbooks here, so a damaged file is always an
//! import error naming the file, never a crash.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};

use crate::ImportError;

/// One worksheet: its name and its cells.
pub(crate) struct Worksheet {
    pub name: String,
    pub cells: Range<Data>,
}

/// Reads every worksheet of the workbook `bytes`, in the workbook's order.
pub(crate) fn read_worksheets(file: &str, bytes: &[u8]) -> Result<Vec<Worksheet>, ImportError> {
    with_workbook(file, bytes, |workbook| {
        workbook
            .sheet_names()
            .into_iter()
            .map(|name| {
                let cells = workbook.worksheet_range(&name)?;
                Ok(Worksheet { name, cells })
            })
            .collect()
    })
}

/// The names of the workbook's worksheets, without reading their cells.
pub(crate) fn worksheet_names(file: &str, bytes: &[u8]) -> Result<Vec<String>, ImportError> {
    with_workbook(file, bytes, |workbook| Ok(workbook.sheet_names()))
}

/// Opens the workbook `bytes` and reads from it with `read`.
///
/// calamine panics on some malformed workbooks (a shared-string index past
/// the end of the string table, found by fuzzing); such a panic is caught and
/// reported like any other unreadable workbook.
fn with_workbook<T>(
    file: &str,
    bytes: &[u8],
    read: impl FnOnce(&mut Xlsx<Cursor<&[u8]>>) -> Result<T, calamine::XlsxError>,
) -> Result<T, ImportError> {
    let unreadable = |reason: String| {
        ImportError::whole_file(
            file,
            format!("cannot read this XLSX workbook; it may be truncated or damaged ({reason})"),
        )
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))?;
        read(&mut workbook)
    }));
    match outcome {
        Ok(Ok(read)) => Ok(read),
        Ok(Err(error)) => Err(unreadable(error.to_string())),
        Err(_) => Err(unreadable(
            "its cells refer to text it does not hold".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read, Write};

    use zip::write::SimpleFileOptions;

    use super::read_worksheets;

    /// A workbook whose one text cell points at a shared string that the
    /// string table does not hold, as a damaged or hand-made file may.
    fn workbook_with_a_dangling_shared_string() -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet()
            .set_name("plan")
            .and_then(|sheet| sheet.write_string(0, 0, "name"))
            .expect("a sheet with one text cell");
        let bytes = book.save_to_buffer().expect("a workbook");
        let mut source = zip::ZipArchive::new(Cursor::new(bytes)).expect("an XLSX is a zip");
        let mut damaged = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for index in 0..source.len() {
            let mut part = source.by_index(index).expect("a part");
            let name = part.name().to_string();
            let mut text = Vec::new();
            part.read_to_end(&mut text).expect("the part's bytes");
            if name == "xl/sharedStrings.xml" {
                text = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>"#
                    .to_vec();
            }
            damaged
                .start_file(name, SimpleFileOptions::default())
                .and_then(|()| Ok(damaged.write_all(&text)?))
                .expect("the part written");
        }
        damaged.finish().expect("the zip closed").into_inner()
    }

    #[test]
    fn a_cell_pointing_past_the_string_table_is_an_error_naming_the_file() {
        let bytes = workbook_with_a_dangling_shared_string();
        let error = read_worksheets("plan.xlsx", &bytes)
            .err()
            .expect("a damaged workbook is refused");
        let message = error.to_string();
        assert!(message.contains("plan.xlsx"), "{message}");
        assert!(
            message.contains("cannot read this XLSX workbook"),
            "{message}"
        );
    }
}
