//! Feeds arbitrary text to the value and timescale parsers. Neither may
//! panic, and every timescale found must be a slice of the text it came from.

#![no_main]

use libfuzzer_sys::fuzz_target;
use trustboard_core::{timescale, value};

fuzz_target!(|text: &str| {
    let parsed = value::parse(text);
    assert_eq!(parsed, value::parse(text), "value parsing must be deterministic");
    let _ = parsed.figure();
    let _ = timescale::parse(text);
    for found in timescale::find_all(text) {
        assert_eq!(&text[found.start..found.start + found.text.len()], found.text);
    }
});
