//! The sections on where the figures come from: each indicator's out-turns
//! across successive plans, and what each headline percentage counts.

use super::{columns, heading, paragraph, Block, Table, TableCell};
use crate::pack::BoardPack;
use crate::provenance::{
    Provenance, ACROSS_PLANS_COLUMNS, ACROSS_PLANS_HEADING, INCLUSION_COLUMNS, INCLUSION_HEADING,
};
use crate::RenderOptions;

pub fn sections(pack: &BoardPack, opts: RenderOptions, blocks: &mut Vec<Block>) {
    let provenance = Provenance::new(pack, opts);
    blocks.push(Block::PageBreak);
    blocks.push(heading(2, ACROSS_PLANS_HEADING, true));
    blocks.push(paragraph(&provenance.across_plans_intro));
    let [period, outturn, plan] = ACROSS_PLANS_COLUMNS;
    for (indicator, lines) in &provenance.across_plans {
        blocks.push(heading(3, indicator, false));
        blocks.push(table(
            format!("{indicator}: out-turns across plans"),
            &[(period, 0.2), (outturn, 0.4), (plan, 0.4)],
            lines,
        ));
    }
    blocks.push(Block::PageBreak);
    blocks.push(heading(2, INCLUSION_HEADING, true));
    blocks.push(paragraph(&provenance.inclusion_intro));
    if provenance.inclusion.is_empty() {
        return;
    }
    let [indicator, improved, targets_met] = INCLUSION_COLUMNS;
    blocks.push(table(
        "Each indicator in each headline figure: counted, or why it is left out".to_owned(),
        &[(indicator, 0.5), (improved, 0.25), (targets_met, 0.25)],
        &provenance.inclusion,
    ));
}

/// A table of text whose first column names each row.
fn table(caption: String, spec: &[(&str, f32)], lines: &[[String; 3]]) -> Block {
    Block::Table(Table {
        caption,
        columns: columns(spec),
        rows: lines
            .iter()
            .map(|line| line.iter().cloned().map(TableCell::Text).collect())
            .collect(),
    })
}
