//! The "Resources" section: the same worded tables as the HTML pack.

use super::{columns, heading, paragraph, Block, Table, TableCell};
use crate::pack::BoardPack;
use crate::resources::RESOURCES_HEADING;

pub fn section(pack: &BoardPack, blocks: &mut Vec<Block>) {
    let Some(resources) = &pack.resources else {
        return;
    };
    blocks.push(Block::PageBreak);
    blocks.push(heading(2, RESOURCES_HEADING, true));
    blocks.push(paragraph(
        "Money is in £000s as the council printed it; full-time equivalents are FTE.",
    ));
    for table in resources.worded() {
        blocks.push(heading(3, table.heading, true));
        blocks.push(paragraph(&table.intro));
        if table.rows.is_empty() {
            continue;
        }
        let spec: Vec<(&str, f32)> = table
            .columns
            .iter()
            .map(|(title, width)| (title.as_str(), *width))
            .collect();
        blocks.push(Block::Table(Table {
            caption: table.caption,
            columns: columns(&spec),
            rows: table
                .rows
                .into_iter()
                .map(|row| row.into_iter().map(TableCell::Text).collect())
                .collect(),
        }));
    }
}
