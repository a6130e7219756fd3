//! Information sharing: consent, decisions to share or not (each recorded
//! with its reason and legal basis), and who may see a child's record.
//!
//! Rules: sharing on the basis of consent needs consent in force that day;
//! sharing without it needs another legal basis and a reason, and is flagged
//! for review. Withdrawn (or refused) consent ends consent-based sharing from
//! its date.

mod access;
mod consent;
#[cfg(test)]
mod tests;

pub use access::{
    access, access_by_standing, Access, Capacity, Contact, LinkedPractitioner, Signpost, Standing,
    Viewer,
};
pub use consent::{
    Consent, ConsentStatus, LegalBasis, RecordedDecision, ShareChoice, ShareDecision, SharingError,
    SharingLog,
};
