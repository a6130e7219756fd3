//! trustboard's own exchange format for a whole plan, in three encodings
//! that hold exactly the same information:
//!
//! - CSV: one file per table (`plan.csv`, `nodes.csv`, `indicators.csv`,
//!   `observations.csv`, `milestones.csv`, `localities.csv`);
//! - XLSX: one workbook with a worksheet per table, same headings;
//! - JSON: the plan document as one object.
//!
//! Writing a plan and reading it back gives an equal plan: every character a
//! council wrote is kept. `docs/FORMAT.md` describes the tables and columns.

mod csv_set;
mod decode;
mod encode;
mod json;
mod list;
mod partial;
mod resources;
mod schema;
mod text;
mod validate;
mod workbook;

pub use csv_set::{table_csv, write_csv_dir};
pub(crate) use decode::Grid;
pub use json::json_bytes;
pub use list::{join_list, split_list};
pub(crate) use resources::recognise as is_resources_header;
pub use resources::RESOURCES;
pub use schema::{Column, Table, Tables};
pub use validate::{validate, validate_tables, Problem};
pub(crate) use workbook::grid as sheet_grid;
pub use workbook::xlsx_bytes;

pub(crate) use csv_set::read_csv;
pub(crate) use json::read_json;
pub(crate) use partial::Partial;
pub(crate) use text::utf8;
pub(crate) use workbook::read_xlsx;
