//! Feeds arbitrary bytes to the register's XLSX workbook reader.

#![no_main]

use libfuzzer_sys::fuzz_target;
use trustboard_formats::register::read_register_xlsx;

fuzz_target!(|bytes: &[u8]| {
    let _ = read_register_xlsx("register.xlsx", bytes, "Fuzzed council");
});
