//! The risk section: both heat maps drawn as shaded 5×5 grids, then the top risks.

use super::{columns, heading, paragraph, Block, Table, TableCell};
use crate::pack::{BoardPack, HeatMap};
use crate::risks::{band_fill, bands_key, intro, RISKS_HEADING, RISK_COLUMNS, TOP_RISKS_CAPTION};

pub fn section(pack: &BoardPack, blocks: &mut Vec<Block>) {
    let risks = &pack.risks;
    blocks.push(heading(2, RISKS_HEADING, true));
    blocks.push(paragraph(&intro(risks)));
    blocks.push(Block::Table(grid(&risks.residual)));
    blocks.push(Block::Table(grid(&risks.inherent)));
    blocks.push(paragraph(&bands_key()));
    if risks.top.is_empty() {
        return;
    }
    let rows = risks
        .top
        .iter()
        .map(|risk| {
            vec![
                TableCell::Text(format!("{} {}", risk.number, risk.description)),
                TableCell::Text(risk.owner.clone()),
                TableCell::Text(risk.inherent.clone()),
                TableCell::Shaded {
                    text: risk.residual.clone(),
                    fill: band_fill(risk.residual_band),
                },
                TableCell::Text(risk.trend.clone()),
                TableCell::Text(risk.review_text()),
            ]
        })
        .collect();
    let shares = [0.34, 0.16, 0.13, 0.13, 0.1, 0.14];
    let spec: Vec<(&str, f32)> = RISK_COLUMNS.into_iter().zip(shares).collect();
    blocks.push(Block::Table(Table {
        caption: TOP_RISKS_CAPTION.to_owned(),
        columns: columns(&spec),
        rows,
    }));
}

/// A heat map as a table: impact down the side, each cell shaded by its band.
fn grid(map: &HeatMap) -> Table {
    let mut spec = vec![("Impact", 0.2)];
    spec.extend(map.columns.iter().map(|column| (column.as_str(), 0.16)));
    let rows = map
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![TableCell::Text(row.impact.clone())];
            cells.extend(row.cells.iter().map(|cell| TableCell::Shaded {
                text: format!("{}\n{}", cell.band_text(), cell.risks_text()),
                fill: band_fill(cell.band),
            }));
            cells
        })
        .collect();
    Table {
        caption: map.caption.clone(),
        columns: columns(&spec),
        rows,
    }
}
