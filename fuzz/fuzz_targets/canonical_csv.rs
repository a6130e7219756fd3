//! Feeds arbitrary bytes to the canonical CSV reader as one of its table
//! files (the first byte picks which), as an upload would arrive.

#![no_main]

use libfuzzer_sys::fuzz_target;
use trustboard_formats::canonical::Table;
use trustboard_formats::{read_bytes, Format, Hints};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let table = Table::ALL[usize::from(pick) % Table::ALL.len()];
    let hints = Hints {
        plan: Some("Fuzzed plan".to_string()),
        organisation: Some("Fuzzed council".to_string()),
    };
    let _ = read_bytes(&table.file_name(), bytes, Some(Format::Csv), &hints);
});
