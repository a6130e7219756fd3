//! Pagination: places blocks on A4 pages top to bottom. Table rows are never split; a
//! table that runs on repeats its header row, and a heading never ends a page.

use super::content::{Block, Table, TableCell, CHART_HEIGHT};
use super::fonts::{wrap, Faces};

pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const MARGIN_X: f32 = 42.0;
pub const BODY_TOP: f32 = 62.0;
pub const BODY_BOTTOM: f32 = PAGE_HEIGHT - 54.0;
pub const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

pub const TABLE_SIZE: f32 = 7.5;
pub const TABLE_LEADING: f32 = 9.2;
pub const NOTE_SIZE: f32 = 6.8;
pub const NOTE_LEADING: f32 = 8.2;
pub const CELL_PAD: f32 = 3.0;
pub const BADGE_HEIGHT: f32 = 11.0;
pub const CAPTION_SIZE: f32 = 8.5;
pub const CONTENTS_SIZE: f32 = 10.0;
pub const CONTENTS_LEADING: f32 = 15.0;
pub const KEY_LEADING: f32 = 16.0;

/// Space a heading needs below it so that it is not stranded at the foot of a page.
const KEEP_WITH_NEXT: f32 = 70.0;

pub fn heading_size(level: u16) -> f32 {
    match level {
        1 => 18.0,
        2 => 14.0,
        _ => 11.0,
    }
}

pub fn leading(size: f32) -> f32 {
    size * 1.3
}

pub struct Page {
    pub items: Vec<Item>,
}

pub struct Item {
    /// Top edge of the item, in points from the top of the page.
    pub top: f32,
    pub block: usize,
    pub kind: ItemKind,
}

pub enum ItemKind {
    Heading {
        lines: Vec<String>,
    },
    ParagraphLine {
        text: String,
        size: f32,
    },
    /// One entry of the contents list; `entry` indexes `Layout::contents`.
    ContentsLine {
        entry: usize,
    },
    Caption {
        lines: Vec<String>,
        continued: bool,
    },
    HeaderRow(RowLayout),
    Row {
        index: usize,
        layout: RowLayout,
    },
    KeyLine,
}

/// A table row measured for its column widths.
pub struct RowLayout {
    pub height: f32,
    /// Wrapped lines per cell (for RAG cells, the reason).
    pub cells: Vec<Vec<String>>,
    /// How many of each cell's lines are set in bold (they come first).
    pub bold_lines: Vec<usize>,
    /// Repeated on a continuation page: drawn, but not part of the document's structure.
    pub repeated: bool,
    /// 0 for a whole row or the first slice of one taller than a page; 1, 2, … for the
    /// slices that continue it. Badges and charts are drawn in the first slice only.
    pub slice: usize,
}

pub struct ContentsEntry {
    pub level: u16,
    pub text: String,
    pub block: usize,
}

pub struct Layout {
    pub pages: Vec<Page>,
    pub contents: Vec<ContentsEntry>,
    /// The page (0-based) each block starts on.
    pub block_pages: Vec<usize>,
}

pub fn column_widths(table: &Table) -> Vec<f32> {
    table
        .columns
        .iter()
        .map(|column| column.share * TEXT_WIDTH)
        .collect()
}

struct Cursor {
    pages: Vec<Page>,
    top: f32,
}

impl Cursor {
    fn new_page(&mut self) {
        self.pages.push(Page { items: vec![] });
        self.top = BODY_TOP;
    }

    fn fits(&self, height: f32) -> bool {
        self.top + height <= BODY_BOTTOM
    }

    fn at_page_top(&self) -> bool {
        self.pages.last().is_none_or(|page| page.items.is_empty())
    }

    fn ensure(&mut self, height: f32) {
        if !self.fits(height) && !self.at_page_top() {
            self.new_page();
        }
    }

    fn place(&mut self, block: usize, height: f32, kind: ItemKind) {
        let top = self.top;
        if let Some(page) = self.pages.last_mut() {
            page.items.push(Item { top, block, kind });
        }
        self.top += height;
    }

    fn page_index(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }
}

pub fn layout(blocks: &[Block], faces: &Faces) -> Layout {
    let contents: Vec<ContentsEntry> = blocks
        .iter()
        .enumerate()
        .filter_map(|(block, item)| match item {
            Block::Heading {
                level,
                text,
                in_contents: true,
            } => Some(ContentsEntry {
                level: *level,
                text: text.clone(),
                block,
            }),
            _ => None,
        })
        .collect();
    let mut cursor = Cursor {
        pages: vec![],
        top: BODY_TOP,
    };
    cursor.new_page();
    let mut block_pages = Vec::with_capacity(blocks.len());
    for (index, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading { level, text, .. } => {
                let size = heading_size(*level);
                let lines = wrap(faces.get(true), text, size, TEXT_WIDTH);
                let height = lines.len() as f32 * leading(size) + size * 0.6;
                cursor.ensure(height + KEEP_WITH_NEXT);
                block_pages.push(cursor.page_index());
                cursor.place(index, height, ItemKind::Heading { lines });
            }
            Block::Paragraph { text, size } => {
                block_pages.push(cursor.page_index());
                for line in wrap(faces.get(false), text, *size, TEXT_WIDTH) {
                    cursor.ensure(leading(*size));
                    cursor.place(
                        index,
                        leading(*size),
                        ItemKind::ParagraphLine {
                            text: line,
                            size: *size,
                        },
                    );
                }
                cursor.top += size * 0.5;
            }
            Block::Contents => {
                block_pages.push(cursor.page_index());
                for entry in 0..contents.len() {
                    cursor.ensure(CONTENTS_LEADING);
                    cursor.place(index, CONTENTS_LEADING, ItemKind::ContentsLine { entry });
                }
            }
            Block::Table(table) => {
                block_pages.push(cursor.page_index());
                layout_table(&mut cursor, index, table, faces);
            }
            Block::KeyLine(_) => {
                block_pages.push(cursor.page_index());
                cursor.ensure(KEY_LEADING);
                cursor.place(index, KEY_LEADING, ItemKind::KeyLine);
            }
            Block::PageBreak => {
                if !cursor.at_page_top() {
                    cursor.new_page();
                }
                block_pages.push(cursor.page_index());
            }
        }
    }
    Layout {
        pages: cursor.pages,
        contents,
        block_pages,
    }
}

fn caption_lines(table: &Table, faces: &Faces, continued: bool) -> Vec<String> {
    let caption = if continued {
        format!("{} (continued)", table.caption)
    } else {
        table.caption.clone()
    };
    wrap(faces.get(true), &caption, CAPTION_SIZE, TEXT_WIDTH)
}

fn caption_height(lines: &[String]) -> f32 {
    lines.len() as f32 * leading(CAPTION_SIZE) + 2.0
}

fn header_layout(table: &Table, faces: &Faces, repeated: bool) -> RowLayout {
    let cells: Vec<Vec<String>> = table
        .columns
        .iter()
        .zip(column_widths(table))
        .map(|(column, width)| {
            wrap(
                faces.get(true),
                &column.title,
                TABLE_SIZE,
                width - 2.0 * CELL_PAD,
            )
        })
        .collect();
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
    RowLayout {
        height: lines as f32 * TABLE_LEADING + 2.0 * CELL_PAD,
        bold_lines: cells.iter().map(Vec::len).collect(),
        cells,
        repeated,
        slice: 0,
    }
}

pub fn row_layout(table: &Table, row: &[TableCell], faces: &Faces) -> RowLayout {
    let (cells, bold_lines): (Vec<Vec<String>>, Vec<usize>) = row
        .iter()
        .zip(column_widths(table))
        .enumerate()
        .map(|(column, (cell, width))| {
            let inner = width - 2.0 * CELL_PAD;
            match cell {
                // The first cell names the row and is set in bold.
                TableCell::Text(text) | TableCell::Shaded { text, .. } => {
                    let lines = wrap(faces.get(column == 0), text, TABLE_SIZE, inner);
                    let bold = if column == 0 { lines.len() } else { 0 };
                    (lines, bold)
                }
                TableCell::Named { name, notes } => {
                    let mut lines = wrap(faces.get(true), name, TABLE_SIZE, inner);
                    let bold = lines.len();
                    if !notes.is_empty() {
                        if let Some(last) = lines.last_mut() {
                            last.push(' ');
                        }
                        lines.extend(wrap(faces.get(false), notes, TABLE_SIZE, inner));
                    }
                    (lines, bold)
                }
                TableCell::Rag { reason, .. } => {
                    (wrap(faces.get(false), reason, NOTE_SIZE, inner), 0)
                }
                TableCell::Chart { .. } => (vec![], 0),
            }
        })
        .unzip();
    RowLayout {
        height: row_height(row, &cells, 0),
        cells,
        bold_lines,
        repeated: false,
        slice: 0,
    }
}

/// Height of a row (or slice of one) holding `cells` lines.
fn row_height(row: &[TableCell], cells: &[Vec<String>], slice: usize) -> f32 {
    let content = row
        .iter()
        .zip(cells)
        .map(|(cell, lines)| match cell {
            TableCell::Text(_) | TableCell::Named { .. } | TableCell::Shaded { .. } => {
                lines.len() as f32 * TABLE_LEADING
            }
            TableCell::Rag { .. } if slice == 0 => {
                BADGE_HEIGHT + 2.0 + lines.len() as f32 * NOTE_LEADING
            }
            TableCell::Chart { .. } if slice == 0 => CHART_HEIGHT,
            TableCell::Rag { .. } | TableCell::Chart { .. } => 0.0,
        })
        .fold(0.0, f32::max);
    content + 2.0 * CELL_PAD
}

/// Cuts a row taller than `room` into slices that each fit, a run of text lines per
/// slice. Only rows longer than a whole page are ever split.
fn slice_row(row: &[TableCell], layout: RowLayout, room: f32) -> Vec<RowLayout> {
    if layout.height <= room {
        return vec![layout];
    }
    let fixed = row_height(row, &vec![vec![]; row.len()], 0);
    let first_lines = ((room - fixed) / TABLE_LEADING).floor().max(1.0) as usize;
    let later_lines = ((room - 2.0 * CELL_PAD) / TABLE_LEADING).floor().max(1.0) as usize;
    let longest = layout.cells.iter().map(Vec::len).max().unwrap_or(0);
    let mut slices = vec![];
    let mut start = 0;
    while start < longest {
        let slice = slices.len();
        let take = if slice == 0 { first_lines } else { later_lines };
        let cells: Vec<Vec<String>> = row
            .iter()
            .zip(&layout.cells)
            .map(|(cell, lines)| match cell {
                TableCell::Text(_) | TableCell::Named { .. } | TableCell::Shaded { .. } => {
                    lines.iter().skip(start).take(take).cloned().collect()
                }
                // A RAG reason stays with its badge in the first slice.
                _ if slice == 0 => lines.clone(),
                _ => vec![],
            })
            .collect();
        let bold_lines = layout
            .bold_lines
            .iter()
            .zip(&cells)
            .map(|(bold, lines)| bold.saturating_sub(start).min(lines.len()))
            .collect();
        slices.push(RowLayout {
            height: row_height(row, &cells, slice),
            bold_lines,
            cells,
            repeated: false,
            slice,
        });
        start += take;
    }
    slices
}

fn layout_table(cursor: &mut Cursor, index: usize, table: &Table, faces: &Faces) {
    let caption = caption_lines(table, faces, false);
    let header = header_layout(table, faces, false);
    let rows: Vec<RowLayout> = table
        .rows
        .iter()
        .map(|row| row_layout(table, row, faces))
        .collect();
    let first_row = rows.first().map_or(0.0, |row| row.height);
    cursor.ensure(caption_height(&caption) + header.height + first_row);
    let header_height = header.height;
    cursor.place(
        index,
        caption_height(&caption),
        ItemKind::Caption {
            lines: caption,
            continued: false,
        },
    );
    cursor.place(index, header_height, ItemKind::HeaderRow(header));
    let continued_caption = caption_lines(table, faces, true);
    let room = BODY_BOTTOM
        - BODY_TOP
        - caption_height(&continued_caption)
        - header_layout(table, faces, true).height;
    let slices =
        rows.into_iter()
            .zip(&table.rows)
            .enumerate()
            .flat_map(|(row_index, (layout, cells))| {
                slice_row(cells, layout, room)
                    .into_iter()
                    .map(move |slice| (row_index, slice))
            });
    for (row_index, row) in slices {
        if !cursor.fits(row.height) {
            // Continue on a fresh page with the caption and header repeated.
            cursor.new_page();
            let caption = caption_lines(table, faces, true);
            cursor.place(
                index,
                caption_height(&caption),
                ItemKind::Caption {
                    lines: caption,
                    continued: true,
                },
            );
            let header = header_layout(table, faces, true);
            cursor.place(index, header.height, ItemKind::HeaderRow(header));
        }
        let height = row.height;
        cursor.place(
            index,
            height,
            ItemKind::Row {
                index: row_index,
                layout: row,
            },
        );
    }
    cursor.top += 10.0;
}
