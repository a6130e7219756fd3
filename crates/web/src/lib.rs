//! trustboard-web
