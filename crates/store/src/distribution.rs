//! How the database is laid out for distribution by organisation (see
//! "Distribution by organisation" in docs/ARCHITECTURE.md).

/// The column every table other than the reference tables is distributed by.
/// It is in each such table's primary key and in every foreign key between
/// them, so an organisation's rows can live together on one node.
pub const DISTRIBUTION_COLUMN: &str = "organisation_id";

/// Tables shared by every organisation, kept whole on every node rather than
/// distributed: the organisations themselves; the national indicator set and
/// the statistical-neighbour sets, published nationally; and the accounts,
/// their sessions and the security log, because signing in finds an account
/// by username or session before its organisation is known.
pub const REFERENCE_TABLES: [&str; 7] = [
    "organisations",
    "national_indicators",
    "neighbour_sets",
    "neighbour_members",
    "users",
    "sessions",
    "audit_events",
];
