//! The embedded typeface (DejaVu Sans Condensed, see fonts/LICENSE-DejaVu.txt): measuring
//! text for line breaking and turning it into glyphs for krilla.
//!
//! The report is Latin-script English, so one glyph per character with the font's own
//! advances is enough; no shaping engine is compiled in.

use std::borrow::Cow;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::MetadataProvider;

use crate::ReportError;

/// Drawn for characters the typeface lacks (DejaVu has a glyph for it).
const REPLACEMENT: char = '\u{FFFD}';

static REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSansCondensed.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSansCondensed-Bold.ttf");

pub struct Face {
    pub font: Font,
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
}

impl Face {
    fn load(bytes: &'static [u8], name: &str) -> Result<Self, ReportError> {
        let broken = || ReportError::Pdf(format!("the embedded font {name} cannot be read"));
        let font = Font::new(bytes.into(), 0).ok_or_else(broken)?;
        let parsed = skrifa::FontRef::new(bytes).map_err(|_| broken())?;
        let units_per_em = f32::from(
            parsed
                .metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        Ok(Face {
            font,
            charmap: parsed.charmap(),
            metrics: parsed.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        })
    }

    /// Whether `ch` can be drawn and named in an accessible PDF: the typeface has it, and it
    /// is not a control, byte-order or private-use code point that PDF/UA forbids.
    fn printable(&self, ch: char) -> bool {
        let forbidden = ch.is_control()
            || matches!(ch, '\u{FEFF}' | '\u{FFFE}')
            || ('\u{E000}'..='\u{F8FF}').contains(&ch)
            || ch >= '\u{F0000}';
        !forbidden && self.charmap.map(ch).is_some()
    }

    /// `text` with every character the PDF cannot carry replaced by U+FFFD. The pack's
    /// other formats keep the original; the PDF shows that something was there.
    pub fn printable_text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if text.chars().all(|ch| self.printable(ch)) {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(
                text.chars()
                    .map(|ch| if self.printable(ch) { ch } else { REPLACEMENT })
                    .collect(),
            )
        }
    }

    fn glyph(&self, ch: char) -> (u32, f32) {
        let shown = if self.printable(ch) { ch } else { REPLACEMENT };
        let id = self.charmap.map(shown).unwrap_or_default();
        let advance = self.metrics.advance_width(id).unwrap_or(0.0) / self.units_per_em;
        (id.to_u32(), advance)
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|ch| self.glyph(ch).1).sum::<f32>() * size
    }

    /// Glyphs for text already passed through `printable_text`.
    pub fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .map(|(start, ch)| {
                let (id, advance) = self.glyph(ch);
                KrillaGlyph {
                    glyph_id: GlyphId::new(id),
                    text_range: start..start + ch.len_utf8(),
                    x_advance: advance,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    y_advance: 0.0,
                    location: None,
                }
            })
            .collect()
    }
}

pub struct Faces {
    pub regular: Face,
    pub bold: Face,
}

impl Faces {
    pub fn load() -> Result<Self, ReportError> {
        Ok(Faces {
            regular: Face::load(REGULAR, "DejaVu Sans Condensed")?,
            bold: Face::load(BOLD, "DejaVu Sans Condensed Bold")?,
        })
    }

    pub fn get(&self, bold: bool) -> &Face {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// Breaks `text` into lines no wider than `width`, at spaces where possible and inside
/// over-long words otherwise. Explicit newlines start a new line.
///
/// A line that ends at a word break keeps a trailing space: it is invisible on the page,
/// but lets text extraction and screen readers keep the words apart.
pub fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    // Each line with whether a word break follows it.
    let mut lines: Vec<(String, bool)> = vec![];
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if face.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push((std::mem::take(&mut line), true));
            }
            line = break_long_word(face, word, size, width, &mut lines);
        }
        lines.push((line, true));
    }
    // Drop blank trailing lines but keep at least one, so empty cells still have height.
    while lines.len() > 1 && lines.last().is_some_and(|(line, _)| line.is_empty()) {
        lines.pop();
    }
    let last = lines.len().saturating_sub(1);
    lines
        .into_iter()
        .enumerate()
        .map(|(index, (line, word_break))| {
            if word_break && index < last && !line.is_empty() {
                format!("{line} ")
            } else {
                line
            }
        })
        .collect()
}

/// Pushes full-width pieces of `word` onto `lines` and returns the remainder.
fn break_long_word(
    face: &Face,
    word: &str,
    size: f32,
    width: f32,
    lines: &mut Vec<(String, bool)>,
) -> String {
    let mut piece = String::new();
    for ch in word.chars() {
        piece.push(ch);
        if face.width(&piece, size) > width && piece.chars().count() > 1 {
            piece.pop();
            lines.push((std::mem::take(&mut piece), false));
            piece.push(ch);
        }
    }
    piece
}
