//! Feeds arbitrary text to the period readers. A period read must be
//! written back as text that reads as the same period.

#![no_main]

use libfuzzer_sys::fuzz_target;
use trustboard_core::period::{read_written, Period};

fuzz_target!(|text: &str| {
    if let Ok(period) = text.parse::<Period>() {
        assert!(period.start() <= period.end());
        let written = period.to_string();
        assert_eq!(written.parse::<Period>().ok(), Some(period), "{written}");
    }
    if let Some(period) = read_written(text) {
        assert!(period.start() <= period.end());
    }
});
