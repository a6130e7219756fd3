//! End-to-end tests of the `trustboard` binary. Every scenario runs twice: on
//! a fresh SQLite file and on a fresh PostgreSQL database (see `harness`).

mod harness;
mod seeds;

mod accounts;
mod backup;
mod changes;
mod choosing;
mod importing;
mod judging;
mod lineage;
mod long_tables;
mod malformed;
mod projects;
mod register;
mod report;
mod report_sources;
mod returns;
mod risks;
mod round_trip;
mod summary;
mod tables;
mod views;
