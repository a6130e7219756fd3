//! The web application over HTTP, as a browser and an API client use it.
//!
//! Every test builds the application in-process on a database of its own (see
//! `harness`) and reads as what the people in it do. Add tests to the file of their
//! area; a new route also gets a row in `route_matrix`.

mod accounts;
mod api;
mod audit_log;
mod concurrency;
mod data_entry;
mod downloads;
mod first_hour;
mod harness;
mod incremental;
mod lineage;
mod milestones;
mod organisations;
mod plan_pages;
mod plan_resources;
mod polarity_review;
mod projects;
mod public_page;
mod register;
mod resources;
mod returns;
mod risks;
mod route_matrix;
mod security;
mod sign_in;
mod table_import;
