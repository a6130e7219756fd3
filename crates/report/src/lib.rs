//! trustboard-report
