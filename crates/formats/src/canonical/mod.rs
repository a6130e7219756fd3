//! trustboard canonical format.
