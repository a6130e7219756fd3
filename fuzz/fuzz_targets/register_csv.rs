//! Feeds arbitrary text to the register's CSV reader. The input holds the
//! four table files one after another, separated by the byte 0x1E, and is
//! written into a directory as `trustboard register import DIR` reads it.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use trustboard_formats::register::{read_register_dir, TABLES};

/// Between two tables' text in the input (the ASCII record separator).
const SEPARATOR: char = '\u{1e}';

fn directory() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a directory for the register files"))
}

fuzz_target!(|text: &str| {
    let dir = directory().path();
    let mut parts = text.split(SEPARATOR);
    for (name, _) in TABLES {
        let part = parts.next().unwrap_or_default();
        std::fs::write(dir.join(name), part).expect("the register file is written");
    }
    let _ = read_register_dir(dir, "Fuzzed council");
});
