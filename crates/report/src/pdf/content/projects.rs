//! The projects section: one table per group of projects, each with its
//! latest approved report and the RAG drawn as a badge.

use super::{columns, heading, paragraph, Block, Table, TableCell};
use crate::pack::BoardPack;
use crate::projects::{self, NO_REPORT, PROJECTS_HEADING, PROJECT_COLUMNS};

pub fn section(pack: &BoardPack, blocks: &mut Vec<Block>) {
    let groups = projects::groups(pack);
    if groups.is_empty() {
        return;
    }
    blocks.push(Block::PageBreak);
    blocks.push(heading(2, PROJECTS_HEADING, true));
    blocks.push(paragraph(&projects::intro(pack)));
    let [lead, period, status, rag, commentary] = PROJECT_COLUMNS;
    for (group, rows) in groups {
        blocks.push(heading(3, group, false));
        let rows = rows
            .into_iter()
            .map(|row| {
                let mut cells = vec![
                    TableCell::Text(row.title.clone()),
                    TableCell::Text(row.lead.clone()),
                ];
                match &row.progress {
                    Some(progress) => cells.extend([
                        TableCell::Text(progress.period_label.clone()),
                        TableCell::Text(progress.status.clone()),
                        TableCell::Rag {
                            rag: progress.rag,
                            reason: String::new(),
                        },
                        TableCell::Text(progress.commentary.clone()),
                    ]),
                    None => cells.extend(
                        [NO_REPORT, "", "", ""].map(|text| TableCell::Text(text.to_owned())),
                    ),
                }
                cells
            })
            .collect();
        blocks.push(Block::Table(Table {
            caption: format!("{group}: projects and their latest approved reports"),
            columns: columns(&[
                ("Project", 0.27),
                (lead, 0.15),
                (period, 0.1),
                (status, 0.1),
                (rag, 0.1),
                (commentary, 0.28),
            ]),
            rows,
        }));
    }
}
