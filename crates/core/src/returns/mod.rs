//! Statutory returns: the SSDA903 (children looked after) and the Children in
//! Need census, read as rows of text, checked against the DfE's validation
//! rules and turned into the social-care national indicators.
//!
//! A return arrives as [`RawRow`]s: a table, where the row was read
//! (`episodes.csv:12` or an XML path) and every field's text exactly as
//! written. [`Ssda903::from_rows`] and [`CinCensus::from_rows`] understand
//! them; nothing is lost, because the rows themselves are what is stored.
//! Validation never refuses a return: it lists what is wrong, and each
//! indicator names the rules whose failures could change it.

mod cin;
mod dates;
mod figure;
mod indicators;
mod rows;
mod ssda903;
mod validate;
mod validate_cin;
mod year;

pub use cin::{Assessment, CinCensus, PlanReview, ProtectionPlan, Referral};
pub use dates::parse_date;
pub use figure::{Counted, Figure, ReturnIndicator};
pub use indicators::{
    age_on, children_in_need_indicators, evaluate_return, looked_after_indicators, IndicatorInputs,
};
pub use rows::{Collection, RawRow, Table};
pub use ssda903::{Episode, Header, Oc2, Oc3, PlacedForAdoption, Review, Ssda903};
pub use validate::{rules_of, validate_ssda903, Issue, RULES};
pub use validate_cin::{validate_cin, CIN_RULES};
pub use year::{ReturnYear, ReturnYearError};

#[cfg(test)]
mod cin_tests;
#[cfg(test)]
mod tests;
