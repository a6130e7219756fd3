//! Paginated, tagged A4 PDF written in-process with krilla: contents page, running
//! headers and page numbers, vector charts, and a structure tree in reading order.

mod content;
mod draw;
mod fonts;
mod layout;

use std::num::NonZeroU16;

use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagTree,
};
use krilla::{Document, SerializeSettings};

use crate::display::rag_meaning;
use crate::pack::BoardPack;
use crate::{RenderOptions, ReportError};
use content::{Block, Table, TableCell};
use draw::baseline;
use draw::{BLACK, DARK_GREY, HEADER_FILL, RULE};
use fonts::Faces;
use layout::{
    column_widths, heading_size, leading, Item, ItemKind, Layout, RowLayout, BADGE_HEIGHT,
    CAPTION_SIZE, CELL_PAD, CONTENTS_LEADING, CONTENTS_SIZE, MARGIN_X, NOTE_LEADING, NOTE_SIZE,
    PAGE_HEIGHT, PAGE_WIDTH, TABLE_LEADING, TABLE_SIZE, TEXT_WIDTH,
};

pub fn render_pdf(pack: &BoardPack, opts: RenderOptions) -> Result<Vec<u8>, ReportError> {
    pack.validate()?;
    let faces = Faces::load()?;
    let blocks = content::blocks(pack, opts, TEXT_WIDTH);
    let layout = layout::layout(&blocks, &faces);
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|error| ReportError::Pdf(format!("{error:?}")))?;
    let mut document = Document::new_with(SerializeSettings {
        enable_tagging: true,
        configuration,
        ..Default::default()
    });
    let title = format!("{} – {}", pack.title, pack.period_label);
    let mut writer = Writer {
        faces: &faces,
        blocks: &blocks,
        layout: &layout,
        tags: blocks.iter().map(|_| None).collect(),
        running_header: format!("{} · {}", pack.plan, pack.period_label),
        organisation: &pack.organisation,
        status: if opts.published {
            "Published version"
        } else {
            "Not for publication"
        },
    };
    for (index, page) in layout.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| ReportError::Pdf("invalid page size".to_owned()))?;
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        writer.page_furniture(&mut surface, index);
        for item in &page.items {
            writer.item(&mut surface, item);
        }
        surface.finish();
        pdf_page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some("en-GB".to_owned()));
    for group in writer.tags.into_iter().flatten() {
        tree.push(group.finish());
    }
    document.set_tag_tree(tree);
    document.set_outline(outline(&layout));
    document.set_metadata(
        Metadata::new()
            .title(title)
            .language("en-GB".to_owned())
            .creator("trustboard".to_owned())
            .authors(vec![pack.organisation.clone()]),
    );
    document
        .finish()
        .map_err(|error| ReportError::Pdf(format!("{error:?}")))
}

/// Bookmarks mirroring the contents page.
fn outline(layout: &Layout) -> Outline {
    let mut outline = Outline::new();
    let mut section: Option<OutlineNode> = None;
    for entry in &layout.contents {
        let page = layout.block_pages.get(entry.block).copied().unwrap_or(0);
        let node = OutlineNode::new(
            entry.text.clone(),
            XyzDestination::new(page, Point::from_xy(0.0, 0.0)),
        );
        match (&mut section, entry.level) {
            (Some(parent), level) if level > 2 => parent.push_child(node),
            _ => {
                if let Some(done) = section.replace(node) {
                    outline.push_child(done);
                }
            }
        }
    }
    if let Some(done) = section {
        outline.push_child(done);
    }
    outline
}

/// The structure-tree group a block is building while its items are drawn.
enum BlockTag {
    Simple(TagGroup),
    Table {
        caption: TagGroup,
        head: TagGroup,
        body: TagGroup,
    },
}

impl BlockTag {
    fn finish(self) -> TagGroup {
        match self {
            BlockTag::Simple(group) => group,
            BlockTag::Table {
                caption,
                head,
                body,
            } => {
                TagGroup::with_children(Tag::Table, vec![caption.into(), head.into(), body.into()])
            }
        }
    }
}

struct Writer<'a> {
    faces: &'a Faces,
    blocks: &'a [Block],
    layout: &'a Layout,
    tags: Vec<Option<BlockTag>>,
    running_header: String,
    organisation: &'a str,
    status: &'static str,
}

fn tagged(surface: &mut Surface, draw: impl FnOnce(&mut Surface)) -> Identifier {
    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
    draw(surface);
    surface.end_tagged();
    id
}

/// Content read aloud as `spoken` rather than as the glyphs drawn.
fn tagged_as(surface: &mut Surface, spoken: &str, draw: impl FnOnce(&mut Surface)) -> Identifier {
    let id = surface.start_tagged(ContentTag::Span(
        SpanTag::empty().with_actual_text(Some(spoken)),
    ));
    draw(surface);
    surface.end_tagged();
    id
}

fn artifact(surface: &mut Surface, kind: ArtifactType, draw: impl FnOnce(&mut Surface)) {
    surface.start_tagged(ContentTag::Artifact(Artifact::new(kind, None)));
    draw(surface);
    surface.end_tagged();
}

impl Writer<'_> {
    fn page_furniture(&self, surface: &mut Surface, index: usize) {
        let regular = &self.faces.regular;
        let size = 7.5;
        artifact(surface, ArtifactType::Header, |surface| {
            draw::text(
                surface,
                regular,
                size,
                (MARGIN_X, 34.0),
                &self.running_header,
                DARK_GREY,
            );
            let width = regular.width(self.organisation, size);
            draw::text(
                surface,
                regular,
                size,
                (PAGE_WIDTH - MARGIN_X - width, 34.0),
                self.organisation,
                DARK_GREY,
            );
            draw::line(
                surface,
                (MARGIN_X, 40.0),
                (PAGE_WIDTH - MARGIN_X, 40.0),
                RULE,
                0.5,
            );
        });
        artifact(surface, ArtifactType::Footer, |surface| {
            let footer_y = PAGE_HEIGHT - 30.0;
            draw::text(
                surface,
                regular,
                size,
                (MARGIN_X, footer_y),
                self.status,
                DARK_GREY,
            );
            let number = format!("Page {} of {}", index + 1, self.layout.pages.len());
            let width = regular.width(&number, size);
            draw::text(
                surface,
                regular,
                size,
                (PAGE_WIDTH - MARGIN_X - width, footer_y),
                &number,
                DARK_GREY,
            );
        });
    }

    /// Adds `child` to the structure group of a heading, paragraph or contents block.
    fn push_simple(
        &mut self,
        block: usize,
        make: impl FnOnce() -> TagGroup,
        child: impl Into<krilla::tagging::Node>,
    ) {
        let Some(slot) = self.tags.get_mut(block) else {
            return;
        };
        if !matches!(slot, Some(BlockTag::Simple(_))) {
            *slot = Some(BlockTag::Simple(make()));
        }
        if let Some(BlockTag::Simple(group)) = slot {
            group.push(child);
        }
    }

    fn item(&mut self, surface: &mut Surface, item: &Item) {
        let faces = self.faces;
        match &item.kind {
            ItemKind::Heading { lines } => {
                let Some(Block::Heading { level, text, .. }) = self.blocks.get(item.block) else {
                    return;
                };
                let size = heading_size(*level);
                let id = tagged(surface, |surface| {
                    bold_lines(surface, faces, lines, size, item.top);
                });
                let level = NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN);
                let text = text.clone();
                self.push_simple(item.block, || TagGroup::new(Tag::Hn(level, Some(text))), id);
            }
            ItemKind::ParagraphLine { text, size } => {
                let id = tagged(surface, |surface| {
                    draw::text(
                        surface,
                        &faces.regular,
                        *size,
                        (MARGIN_X, baseline(item.top, *size, leading(*size))),
                        text,
                        BLACK,
                    );
                });
                self.push_simple(item.block, || TagGroup::new(Tag::P), id);
            }
            ItemKind::ContentsLine { entry } => self.contents_line(surface, item, *entry),
            ItemKind::KeyLine => {
                let Some(Block::KeyLine(rag)) = self.blocks.get(item.block) else {
                    return;
                };
                let rag = *rag;
                let mut width = 0.0;
                let badge = tagged_as(surface, &format!("{} ", rag.label()), |surface| {
                    width = draw::rag_badge(surface, &faces.bold, rag, MARGIN_X, item.top);
                });
                let id = tagged(surface, |surface| {
                    draw::text(
                        surface,
                        &faces.regular,
                        9.0,
                        (MARGIN_X + width + 6.0, baseline(item.top, 9.0, 12.0)),
                        &format!("– {}", rag_meaning(rag)),
                        BLACK,
                    );
                });
                self.push_simple(item.block, || TagGroup::new(Tag::P), badge);
                self.push_simple(item.block, || TagGroup::new(Tag::P), id);
            }
            ItemKind::Caption { lines, continued } => {
                let draw_caption = |surface: &mut Surface| {
                    bold_lines(surface, faces, lines, CAPTION_SIZE, item.top);
                };
                if *continued {
                    artifact(surface, ArtifactType::PaginationOther, draw_caption);
                } else {
                    let id = tagged(surface, draw_caption);
                    self.table_tag(item.block, |caption, _, _| caption.push(id));
                }
            }
            ItemKind::HeaderRow(row) => self.header_row(surface, item, row),
            ItemKind::Row { index, layout } => self.body_row(surface, item, *index, layout),
        }
    }

    fn table_tag(
        &mut self,
        block: usize,
        update: impl FnOnce(&mut TagGroup, &mut TagGroup, &mut TagGroup),
    ) {
        let Some(slot) = self.tags.get_mut(block) else {
            return;
        };
        if !matches!(slot, Some(BlockTag::Table { .. })) {
            *slot = Some(BlockTag::Table {
                caption: TagGroup::new(Tag::Caption),
                head: TagGroup::new(Tag::THead),
                body: TagGroup::new(Tag::TBody),
            });
        }
        if let Some(BlockTag::Table {
            caption,
            head,
            body,
        }) = slot
        {
            update(caption, head, body);
        }
    }

    fn contents_line(&mut self, surface: &mut Surface, item: &Item, entry: usize) {
        let Some(entry) = self.layout.contents.get(entry) else {
            return;
        };
        let faces = self.faces;
        let indent = if entry.level > 2 { 14.0 } else { 0.0 };
        let page = self
            .layout
            .block_pages
            .get(entry.block)
            .map_or(0, |page| page + 1);
        let number = page.to_string();
        let face = faces.get(entry.level <= 2);
        let top = baseline(item.top, CONTENTS_SIZE, CONTENTS_LEADING);
        let number_width = face.width(&number, CONTENTS_SIZE);
        let available = TEXT_WIDTH - indent - number_width - 12.0;
        // A contents entry stays on one line; over-long titles are shortened with an ellipsis.
        let mut text = entry.text.clone();
        let mut kept = entry.text.chars().count();
        while face.width(&text, CONTENTS_SIZE) > available && kept > 1 {
            kept -= 1;
            let head: String = entry.text.chars().take(kept).collect();
            text = format!("{}…", head.trim_end());
        }
        let spoken = format!("{}, page {number}", entry.text);
        let id = tagged_as(surface, &spoken, |surface| {
            draw::text(
                surface,
                face,
                CONTENTS_SIZE,
                (MARGIN_X + indent, top),
                &text,
                BLACK,
            );
            draw::text(
                surface,
                face,
                CONTENTS_SIZE,
                (PAGE_WIDTH - MARGIN_X - number_width, top),
                &number,
                BLACK,
            );
        });
        let entry = TagGroup::with_children(Tag::TOCI, vec![id.into()]);
        self.push_simple(item.block, || TagGroup::new(Tag::TOC), entry);
    }

    fn table(&self, block: usize) -> Option<&Table> {
        match self.blocks.get(block) {
            Some(Block::Table(table)) => Some(table),
            _ => None,
        }
    }

    fn header_row(&mut self, surface: &mut Surface, item: &Item, row: &RowLayout) {
        let Some(table) = self.table(item.block) else {
            return;
        };
        let faces = self.faces;
        let widths = column_widths(table);
        let mut ids = vec![];
        let mut left = MARGIN_X;
        for (lines, width) in row.cells.iter().zip(&widths) {
            let bounds = (left, item.top, *width, row.height);
            let draw_cell = |surface: &mut Surface| {
                draw::rectangle(surface, bounds, Some(HEADER_FILL), Some(RULE));
                text_lines(surface, faces, (lines, lines.len()), left, item.top);
            };
            if row.repeated {
                artifact(surface, ArtifactType::PaginationOther, draw_cell);
            } else {
                ids.push(tagged(surface, draw_cell));
            }
            left += width;
        }
        if row.repeated {
            return;
        }
        let cells = ids
            .into_iter()
            .map(|id| {
                TagGroup::with_children(Tag::TH(TableHeaderScope::Column), vec![id.into()]).into()
            })
            .collect();
        let tr = TagGroup::with_children(Tag::TR, cells);
        self.table_tag(item.block, |_, head, _| head.push(tr));
    }

    fn body_row(&mut self, surface: &mut Surface, item: &Item, index: usize, row: &RowLayout) {
        let Some(table) = self.table(item.block) else {
            return;
        };
        let Some(cells) = table.rows.get(index) else {
            return;
        };
        let faces = self.faces;
        let widths = column_widths(table);
        let mut groups = vec![];
        let mut left = MARGIN_X;
        for (column, (((cell, lines), bold), width)) in cells
            .iter()
            .zip(&row.cells)
            .zip(&row.bold_lines)
            .zip(&widths)
            .enumerate()
        {
            let bounds = (left, item.top, *width, row.height);
            let fill = match cell {
                TableCell::Shaded { fill, .. } => Some(*fill),
                _ => None,
            };
            artifact(surface, ArtifactType::Layout, |surface| {
                draw::rectangle(surface, bounds, fill, Some(RULE));
            });
            let content_top = item.top + CELL_PAD;
            let group = match cell {
                TableCell::Text(_) | TableCell::Named { .. } | TableCell::Shaded { .. } => {
                    let id = tagged(surface, |surface| {
                        text_lines(surface, faces, (lines, *bold), left, item.top);
                    });
                    let tag = if column == 0 {
                        TagGroup::new(Tag::TH(TableHeaderScope::Row))
                    } else {
                        TagGroup::new(Tag::TD)
                    };
                    let mut tag = tag;
                    tag.push(id);
                    tag
                }
                TableCell::Rag { rag, .. } if row.slice == 0 => {
                    let badge = tagged_as(surface, &format!("{} ", rag.label()), |surface| {
                        draw::rag_badge(surface, &faces.bold, *rag, left + CELL_PAD, content_top);
                    });
                    let reason = tagged(surface, |surface| {
                        for (number, line) in lines.iter().enumerate() {
                            let top =
                                content_top + BADGE_HEIGHT + 2.0 + number as f32 * NOTE_LEADING;
                            draw::text(
                                surface,
                                &faces.regular,
                                NOTE_SIZE,
                                (left + CELL_PAD, baseline(top, NOTE_SIZE, NOTE_LEADING)),
                                line,
                                BLACK,
                            );
                        }
                    });
                    TagGroup::with_children(Tag::TD, vec![badge.into(), reason.into()])
                }
                TableCell::Chart { geometry, alt } if row.slice == 0 => {
                    let id = surface.start_tagged(ContentTag::Other);
                    draw::chart(surface, geometry, (left + CELL_PAD, content_top));
                    surface.end_tagged();
                    let figure =
                        TagGroup::with_children(Tag::Figure(Some(alt.clone())), vec![id.into()]);
                    TagGroup::with_children(Tag::TD, vec![figure.into()])
                }
                // Continuation slices of an over-long row leave these cells empty.
                TableCell::Rag { .. } | TableCell::Chart { .. } => {
                    TagGroup::with_children(Tag::TD, vec![tagged(surface, |_| {}).into()])
                }
            };
            groups.push(group.into());
            left += width;
        }
        let tr = TagGroup::with_children(Tag::TR, groups);
        self.table_tag(item.block, |_, _, body| body.push(tr));
    }
}

/// Wrapped lines of a heading or caption, in bold at the margin, one per leading from `top`.
fn bold_lines(surface: &mut Surface, faces: &Faces, lines: &[String], size: f32, top: f32) {
    for (number, line) in lines.iter().enumerate() {
        let line_top = top + number as f32 * leading(size);
        draw::text(
            surface,
            &faces.bold,
            size,
            (MARGIN_X, baseline(line_top, size, leading(size))),
            line,
            BLACK,
        );
    }
}

/// Table text set at the cell's padding, one wrapped line per leading.
/// The first `bold` lines are set in bold.
fn text_lines(
    surface: &mut Surface,
    faces: &Faces,
    (lines, bold): (&[String], usize),
    left: f32,
    top: f32,
) {
    for (number, line) in lines.iter().enumerate() {
        let line_top = top + CELL_PAD + number as f32 * TABLE_LEADING;
        draw::text(
            surface,
            faces.get(number < bold),
            TABLE_SIZE,
            (
                left + CELL_PAD,
                baseline(line_top, TABLE_SIZE, TABLE_LEADING),
            ),
            line,
            BLACK,
        );
    }
}
