//! The canonical format end to end: writing a plan and reading it back in
//! each encoding, and the messages a person gets for bad input.

mod fixture;
mod generated;
mod messages;
mod round_trip;
