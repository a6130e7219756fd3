//! Milestone timescales as written: `By March 2012`, `Autumn Term 2011`, `ongoing`.

use chrono::NaiveDate;

/// The due date a timescale states, if it states one. (Interim: the full grammar replaces this.)
pub fn due_date(_text: &str) -> Option<NaiveDate> {
    None
}
