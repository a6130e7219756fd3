//! trustboard-store
