//! Feeds arbitrary text to the statutory-return reader (SSDA903 CSV tables
//! and the XML form). The input holds up to three files one after another,
//! separated by the byte 0x1E, as `trustboard returns import` reads them.

#![no_main]

use libfuzzer_sys::fuzz_target;
use trustboard_formats::returns::read_return;

/// Between two files' text in the input (the ASCII record separator).
const SEPARATOR: char = '\u{1e}';

fuzz_target!(|text: &str| {
    let files: Vec<(String, String)> = text
        .split(SEPARATOR)
        .take(3)
        .enumerate()
        .map(|(index, part)| (format!("file{index}.csv"), part.to_string()))
        .collect();
    let _ = read_return(&files);
});
