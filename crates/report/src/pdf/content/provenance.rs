//! The sections on where the figures come from: each indicator's out-turns
//! across successive plans, and what each headline percentage counts.

use super::{columns, heading, paragraph, Block, Table, TableCell};
use crate::inclusion::PACK_COLUMNS;
use crate::pack::BoardPack;
use crate::provenance::{Provenance, ACROSS_PLANS_COLUMNS, ACROSS_PLANS_HEADING, INCLUSION_HEADING};
use crate::RenderOptions;

pub fn sections(pack: &BoardPack, opts: RenderOptions, blocks: &mut Vec<Block>) {
    let provenance = Provenance::new(pack, opts);
    blocks.push(Block::PageBreak);
    blocks.push(heading(2, ACROSS_PLANS_HEADING, true));
    blocks.push(paragraph(&provenance.across_plans_intro));
    let [period, outturn, plan] = ACROSS_PLANS_COLUMNS;
    for (indicator, lines) in &provenance.across_plans {
        blocks.push(heading(3, indicator, false));
        blocks.push(Block::Table(Table {
            caption: format!("{indicator}: out-turns across plans"),
            columns: columns(&[(period, 0.2), (outturn, 0.4), (plan, 0.4)]),
            rows: lines
                .iter()
                .map(|line| line.iter().cloned().map(TableCell::Text).collect())
                .collect(),
        }));
    }
    blocks.push(Block::PageBreak);
    blocks.push(heading(2, INCLUSION_HEADING, true));
    blocks.push(paragraph(&provenance.inclusion_intro));
    if provenance.inclusion.is_empty() {
        return;
    }
    // The indicator names each row, so it comes first.
    let [headline, _, indicator, counted, counted_as, reason, detail] = PACK_COLUMNS;
    let rows = provenance
        .inclusion
        .into_iter()
        .map(|[headline, code, title, counted, counted_as, reason, detail]| {
            vec![
                TableCell::Named {
                    name: if code.is_empty() {
                        title
                    } else {
                        format!("{code}: {title}")
                    },
                    notes: String::new(),
                },
                TableCell::Text(headline),
                TableCell::Text(counted),
                TableCell::Text(counted_as),
                TableCell::Text(reason),
                TableCell::Text(detail),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        caption: "Each indicator for each headline figure: counted, or why it is left out"
            .to_owned(),
        columns: columns(&[
            (indicator, 0.3),
            (headline, 0.11),
            (counted, 0.08),
            (counted_as, 0.1),
            (reason, 0.14),
            (detail, 0.27),
        ]),
        rows,
    }));
}
