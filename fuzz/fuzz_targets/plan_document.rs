//! Feeds arbitrary text to the reader of tables from published plan
//! documents: it returns a plan or an error, never panics.

#![no_main]

use libfuzzer_sys::fuzz_target;
use trustboard_formats::documents::{read_with_warnings, Hints};

fuzz_target!(|text: &str| {
    let hints = Hints {
        plan: Some("Fuzzed plan".to_string()),
        organisation: Some("Fuzzed council".to_string()),
    };
    let _ = read_with_warnings(text, "document.txt", &hints);
});
