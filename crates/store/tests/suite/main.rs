//! The store's test suite. Every test in `plans` runs twice: on a fresh SQLite
//! file and on a fresh PostgreSQL database (see `harness`).

mod budget_links;
mod concurrency;
mod distribution;
mod figures;
mod harness;
mod judging;
mod lineage;
mod opening;
mod plans;
mod projects;
mod register;
mod register_bulk;
mod register_figures;
mod register_search;
mod resources;
mod returns;
mod risks;
mod sample;
mod sign_off;
