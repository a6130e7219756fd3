//! Feeds arbitrary bytes to the register's XLSX workbook reader.

#![no_main]

use libfuzzer_sys::fuzz_target;
use trustboard_formats::register::read_register_xlsx;

/// The product catches a panic raised inside the XLSX reader and reports the
/// workbook as damaged (`formats::workbook_reader`). libFuzzer's panic hook
/// aborts even on a caught panic, so the default hook is put back: only a
/// panic that escapes the reader, as it would reach a user, is a crash.
fn count_only_escaping_panics() {
    static RESTORED: std::sync::Once = std::sync::Once::new();
    RESTORED.call_once(|| drop(std::panic::take_hook()));
}

fuzz_target!(|bytes: &[u8]| {
    count_only_escaping_panics();
    let _ = read_register_xlsx("register.xlsx", bytes, "Fuzzed council");
});
