//! Feeds arbitrary bytes to the performance-table reader, with a column
//! mapping: the input is the mapping's text (the `--columns` form), the byte
//! 0x1E, then the table file (CSV, TSV, text or XLSX).

#![no_main]

use libfuzzer_sys::fuzz_target;
use trustboard_formats::tables::{Mapping, Options, Table};
use trustboard_formats::Hints;

/// Between the mapping and the table (the ASCII record separator).
const SEPARATOR: u8 = 0x1e;

/// The product catches a panic raised inside the XLSX reader and reports the
/// workbook as damaged (`formats::workbook_reader`). libFuzzer's panic hook
/// aborts even on a caught panic, so the default hook is put back: only a
/// panic that escapes the reader, as it would reach a user, is a crash.
fn count_only_escaping_panics() {
    static RESTORED: std::sync::Once = std::sync::Once::new();
    RESTORED.call_once(|| drop(std::panic::take_hook()));
}

fuzz_target!(|data: &[u8]| {
    count_only_escaping_panics();
    let (mapping, table) = match data.iter().position(|&b| b == SEPARATOR) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&[][..], data),
    };
    let mut options = Options::default();
    if let Ok(list) = std::str::from_utf8(mapping) {
        if let Ok(parsed) = Mapping::parse_list(list) {
            options.mapping = parsed;
        }
    }
    let hints = Hints {
        plan: Some("Fuzzed plan".to_string()),
        organisation: Some("Fuzzed council".to_string()),
    };
    if let Ok(table) = Table::open("table.csv", table, &options) {
        let _ = table.read(&hints);
    }
});
