//! Feeds arbitrary bytes to the canonical XLSX workbook reader.

#![no_main]

use libfuzzer_sys::fuzz_target;
use trustboard_formats::{read_bytes, Format, Hints};

fuzz_target!(|bytes: &[u8]| {
    let _ = read_bytes("plan.xlsx", bytes, Some(Format::Xlsx), &Hints::default());
});
