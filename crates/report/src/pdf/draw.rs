//! Drawing primitives on a krilla surface: text, rules, boxes, RAG badges and charts.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule, Stroke, StrokeDash};
use krilla::surface::Surface;
use trustboard_core::model::ObservationKind;

use super::fonts::Face;
use crate::chart::{ChartGeometry, ChartPoint};
use crate::pack::Rag;

pub type Colour = (u8, u8, u8);

pub const BLACK: Colour = (0x1A, 0x1A, 0x1A);
pub const DARK_GREY: Colour = (0x55, 0x55, 0x55);
pub const RULE: Colour = (0x76, 0x76, 0x76);
pub const HEADER_FILL: Colour = (0xE8, 0xE8, 0xE8);

fn paint(colour: Colour) -> krilla::paint::Paint {
    rgb::Color::new(colour.0, colour.1, colour.2).into()
}

fn set_fill(surface: &mut Surface, colour: Option<Colour>) {
    surface.set_fill(colour.map(|colour| Fill {
        paint: paint(colour),
        opacity: NormalizedF32::ONE,
        rule: FillRule::default(),
    }));
}

fn set_stroke(surface: &mut Surface, colour: Option<Colour>, width: f32, dashed: bool) {
    surface.set_stroke(colour.map(|colour| Stroke {
        paint: paint(colour),
        width,
        dash: dashed.then(|| StrokeDash {
            array: vec![2.5, 1.5],
            offset: 0.0,
        }),
        ..Default::default()
    }));
}

/// Draws one line of text with its baseline at `baseline`.
pub fn text(
    surface: &mut Surface,
    face: &Face,
    size: f32,
    position: (f32, f32),
    line: &str,
    colour: Colour,
) {
    if line.is_empty() {
        return;
    }
    set_fill(surface, Some(colour));
    surface.set_stroke(None);
    let line = face.printable_text(line);
    let glyphs = face.glyphs(&line);
    surface.draw_glyphs(
        Point::from_xy(position.0, position.1),
        &glyphs,
        face.font.clone(),
        &line,
        size,
        false,
    );
}

/// Baseline of a line whose box starts at `top` and is `leading` tall.
pub fn baseline(top: f32, size: f32, leading: f32) -> f32 {
    top + (leading - size) / 2.0 + size * 0.82
}

pub fn rectangle(
    surface: &mut Surface,
    bounds: (f32, f32, f32, f32),
    fill: Option<Colour>,
    stroke: Option<Colour>,
) {
    let (x, y, width, height) = bounds;
    let Some(rect) = Rect::from_xywh(x, y, width, height) else {
        return;
    };
    let mut builder = PathBuilder::new();
    builder.push_rect(rect);
    if let Some(path) = builder.finish() {
        set_fill(surface, fill);
        set_stroke(surface, stroke, 0.5, false);
        surface.draw_path(&path);
    }
}

pub fn line(surface: &mut Surface, from: (f32, f32), to: (f32, f32), colour: Colour, width: f32) {
    polyline(surface, &[from, to], colour, width, false);
}

fn polyline(
    surface: &mut Surface,
    points: &[(f32, f32)],
    colour: Colour,
    width: f32,
    dashed: bool,
) {
    let mut builder = PathBuilder::new();
    let mut points = points.iter();
    let Some(&(x, y)) = points.next() else {
        return;
    };
    builder.move_to(x, y);
    for &(x, y) in points {
        builder.line_to(x, y);
    }
    if let Some(path) = builder.finish() {
        set_fill(surface, None);
        set_stroke(surface, Some(colour), width, dashed);
        surface.draw_path(&path);
    }
}

/// Adds a circle of radius `r` around (`cx`, `cy`) from four cubic arcs.
fn push_circle(builder: &mut PathBuilder, cx: f32, cy: f32, r: f32) {
    // Distance of the control points for a quarter circle.
    let k = r * 0.552_284_8;
    builder.move_to(cx + r, cy);
    builder.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    builder.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    builder.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    builder.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    builder.close();
}

/// The RAG status as a shape (square, triangle, circle, hollow dashed circle) in its colour
/// with the status word beside it, so it reads the same in greyscale. Returns the width.
pub fn rag_badge(surface: &mut Surface, bold: &Face, rag: Rag, left: f32, top: f32) -> f32 {
    let size = 9.0;
    let (cx, cy, r) = (left + size / 2.0, top + size / 2.0 + 1.0, size / 2.0);
    let mut builder = PathBuilder::new();
    match rag {
        Rag::Red => {
            if let Some(rect) = Rect::from_xywh(cx - r, cy - r, size, size) {
                builder.push_rect(rect);
            }
        }
        Rag::Amber => {
            builder.move_to(cx, cy - r);
            builder.line_to(cx + r, cy + r);
            builder.line_to(cx - r, cy + r);
            builder.close();
        }
        Rag::Green | Rag::Grey => push_circle(&mut builder, cx, cy, r),
    }
    if let Some(path) = builder.finish() {
        let fill = (rag != Rag::Grey).then(|| rag.colour());
        set_fill(surface, fill);
        set_stroke(surface, Some(BLACK), 0.7, rag == Rag::Grey);
        surface.draw_path(&path);
    }
    let label = format!("{} {}", rag.letter(), rag.label());
    let label_size = 7.5;
    text(
        surface,
        bold,
        label_size,
        (left + size + 3.0, top + 8.5),
        &label,
        BLACK,
    );
    size + 3.0 + bold.width(&label, label_size)
}

/// The indicator's small chart with its top-left corner at `origin`: out-turns solid and
/// black with dots, other lines dashed and grey, so they differ without colour.
pub fn chart(surface: &mut Surface, geometry: &ChartGeometry, origin: (f32, f32)) {
    let (left, top) = origin;
    let at = |point: ChartPoint| (left + point.x, top + point.y);
    line(
        surface,
        (left, top + geometry.height),
        (left + geometry.width, top + geometry.height),
        RULE,
        0.4,
    );
    for whisker in &geometry.intervals {
        line(
            surface,
            (left + whisker.x, top + whisker.high),
            (left + whisker.x, top + whisker.low),
            DARK_GREY,
            0.6,
        );
    }
    for plotted in &geometry.lines {
        let (colour, width, dashed) = match plotted.kind {
            ObservationKind::Actual => (BLACK, 1.1, false),
            _ => (DARK_GREY, 0.8, true),
        };
        for run in &plotted.runs {
            let points: Vec<(f32, f32)> = run.points.iter().copied().map(at).collect();
            polyline(surface, &points, colour, width, dashed);
        }
        // A sparkline marks only out-turns, with dots.
        let mut dots = PathBuilder::new();
        for marker in &plotted.markers {
            let (x, y) = at(marker.at);
            push_circle(&mut dots, x, y, marker.size);
        }
        if let Some(path) = dots.finish() {
            set_fill(surface, Some(colour));
            surface.set_stroke(None);
            surface.draw_path(&path);
        }
    }
}
