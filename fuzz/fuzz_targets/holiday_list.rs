//! Feeds arbitrary text to the bank-holiday list reader, both as a whole
//! calendar and as holidays added to the shipped one.

#![no_main]

use libfuzzer_sys::fuzz_target;
use trustboard_core::calendar::WorkingCalendar;

fuzz_target!(|text: &str| {
    if let Ok(calendar) = WorkingCalendar::from_list(text) {
        if let Some(range) = calendar.covered() {
            assert!(range.start() <= range.end());
        }
    }
    let _ = WorkingCalendar::england_and_wales().extended_with(text);
});
