//! [`Diagram`] → SVG text.
//!
//! The document stands alone and can also be pasted into an HTML page: no external resource,
//! no `<style>` element (its rules would leak into the page), only presentation attributes, and
//! ids prefixed with the blueprint's id. Every text is escaped; numbers are rounded to a tenth of
//! a pixel, so the same blueprint always gives the same bytes.

use super::layout::{LABEL_COLUMN, MARKER_FONT, MARKER_RADIUS};
use super::{Anchor, Arrow, ArrowKind, Diagram, Divide, LegendSymbol, Point, Rect, Row, TextBlock};
use crate::escape::xml as escape;
use crate::model::{MotKind, Severity};
use std::fmt::Write;

/// Fonts tried in order: Latin UI fonts, then the common Simplified Chinese fonts of Windows,
/// macOS and Linux, so that Chinese text never falls back to boxes.
const FONT_FAMILY: &str = "'Segoe UI', 'Helvetica Neue', Arial, 'Noto Sans', 'PingFang SC', \
     'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', \
     'WenQuanYi Micro Hei', sans-serif";

const INK: &str = "#1f2933";
const MUTED: &str = "#52606d";
const SEQUENCE: &str = "#52606d";
const FLOW: &str = "#c2410c";
const LINE_INK: &str = "#1f4e79";

/// Appends formatted text to a `String` (which cannot fail).
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {
        let _ = write!($out, $($arg)*);
    };
}

/// A number in pixels, rounded to a tenth.
struct Px(f64);

impl std::fmt::Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round();
        if tenths == 0.0 {
            return f.write_str("0");
        }
        // Whole tenths are written as integers, which is what the float would print (the
        // shortest decimal of n / 10 is n / 10) at a fraction of the cost of float formatting.
        if tenths.abs() < 1e15 {
            let tenths = tenths as i64;
            let (mut whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
            // Digits from the right: sign, up to 15 digits, point, tenth.
            let mut digits = [0u8; 18];
            let mut start = digits.len();
            let mut push = |byte: u8| {
                start -= 1;
                digits[start] = byte;
            };
            if tenth != 0 {
                push(b'0' + tenth as u8);
                push(b'.');
            }
            loop {
                push(b'0' + (whole % 10) as u8);
                whole /= 10;
                if whole == 0 {
                    break;
                }
            }
            if tenths < 0 {
                push(b'-');
            }
            return f.write_str(std::str::from_utf8(&digits[start..]).unwrap_or_default());
        }
        write!(f, "{}", tenths / 10.0)
    }
}

/// The fill and stroke of a row's lane and boxes.
fn row_colours(row: Row) -> (&'static str, &'static str) {
    match row {
        Row::Evidence => ("#fbf7ec", "#b08d2a"),
        Row::Customer => ("#edf4fb", "#2f6fad"),
        Row::Frontline => ("#edf7f0", "#2b8a50"),
        Row::Backstage => ("#f5f0fa", "#7a4fa8"),
        Row::Support => ("#f2f3f5", "#5f6b7a"),
    }
}

/// The fill and letter colour of a moment-of-truth marker.
fn marker_colours(kind: MotKind, severity: Severity) -> (&'static str, &'static str) {
    match (kind, severity) {
        (MotKind::Fail, Severity::High) => ("#c81e3a", "#ffffff"),
        (MotKind::Fail, Severity::Medium) => ("#e8740c", "#ffffff"),
        (MotKind::Fail, Severity::Low) => ("#f2c14e", "#5c3d00"),
        (MotKind::Delight, Severity::High) => ("#13804a", "#ffffff"),
        (MotKind::Delight, Severity::Medium) => ("#2fa866", "#ffffff"),
        (MotKind::Delight, Severity::Low) => ("#9fd8b4", "#0f4a2a"),
    }
}

/// Writes `diagram` as a standalone SVG document.
pub fn svg(diagram: &Diagram) -> String {
    svg_window(diagram, 1.0, 0.0, diagram.height)
}

/// Writes the band of `diagram` from `top` down `height` pixels as SVG shown `scale` times its
/// size (a printed sheet's size is set in the SVG itself, so that the page template needs no
/// arithmetic).
pub fn svg_window(diagram: &Diagram, scale: f64, top: f64, height: f64) -> String {
    let mut out = String::with_capacity(4096 + diagram.boxes.len() * 600);
    let id = &diagram.id_prefix;
    let (w, h) = (Px(diagram.width), Px(diagram.height));
    let (shown_w, shown_h) = (Px(diagram.width * scale), Px(height * scale));
    let (top, height) = (Px(top), Px(height));
    put!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{shown_w}\" height=\"{shown_h}\" \
         viewBox=\"0 {top} {w} {height}\" role=\"img\" aria-labelledby=\"{id}title {id}desc\" \
         font-family=\"{FONT_FAMILY}\" lang=\"{}\">\n",
        diagram.locale.tag()
    );
    put!(
        out,
        "<title id=\"{id}title\">{}</title>\n",
        escape(&diagram.title)
    );
    put!(
        out,
        "<desc id=\"{id}desc\">{}</desc>\n",
        escape(&diagram.description)
    );
    put!(
        out,
        "<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n"
    );
    text_block(&mut out, &diagram.heading, INK, None);

    out.push_str("<g>\n");
    for lane in &diagram.lanes {
        let (fill, stroke) = row_colours(lane.row);
        let band = Rect {
            x: lane.rect.x - LABEL_COLUMN,
            w: lane.rect.w + LABEL_COLUMN,
            ..lane.rect
        };
        rect(&mut out, &band, fill, None, 0.0);
        text_block(&mut out, &lane.label, stroke, None);
    }
    out.push_str("</g>\n<g>\n");
    for stage in &diagram.stages {
        let fill = if stage.index % 2 == 0 {
            "#d9e6f2"
        } else {
            "#e9eff6"
        };
        rect(&mut out, &stage.rect, fill, None, 4.0);
        text_block(&mut out, &stage.name, "#1f3b57", None);
    }
    for column in &diagram.columns {
        rect(
            &mut out,
            &column.header,
            "#f4f5f7",
            Some(("#d5d9de", 1.0)),
            6.0,
        );
        rect(&mut out, &column.badge, INK, None, column.badge.h / 2.0);
        text_block(&mut out, &column.number, "#ffffff", None);
        text_block(&mut out, &column.name, INK, None);
        if let Some(timing) = &column.timing {
            let wait_line = timing.wait.then(|| timing.text.lines.len() - 1);
            text_block(&mut out, &timing.text, MUTED, wait_line);
        }
    }
    out.push_str("</g>\n<g>\n");
    for line in &diagram.lines {
        let (width, dash) = match line.divide {
            Divide::Interaction => (2.0, None),
            Divide::Visibility => (2.0, Some("9 5")),
            Divide::InternalInteraction => (1.5, Some("3 3")),
        };
        put!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{LINE_INK}\" stroke-width=\"{}\"",
            Px(line.x1),
            Px(line.y),
            Px(line.x2),
            Px(line.y),
            Px(width)
        );
        if let Some(dash) = dash {
            put!(out, " stroke-dasharray=\"{dash}\"");
        }
        out.push_str("/>\n");
        text_block(&mut out, &line.label, LINE_INK, None);
    }
    out.push_str("</g>\n<g>\n");
    for action_box in &diagram.boxes {
        let (fill, stroke) = row_colours(action_box.row);
        let fill = if action_box.row == Row::Evidence {
            fill
        } else {
            "#ffffff"
        };
        out.push_str("<g>");
        if let Some(full) = &action_box.full_text {
            put!(out, "<title>{}</title>", escape(full));
        }
        rect(&mut out, &action_box.rect, fill, Some((stroke, 1.2)), 5.0);
        if let Some(role) = &action_box.role {
            text_block(&mut out, role, stroke, None);
        }
        text_block(&mut out, &action_box.text, INK, None);
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n<g fill=\"none\">\n");
    for arrow in &diagram.arrows {
        arrow_path(&mut out, arrow);
    }
    for arrow in &diagram.arrows {
        if let Some(label) = &arrow.label {
            text_block(&mut out, label, FLOW, None);
        }
    }
    out.push_str("</g>\n<g>\n");
    for marker in &diagram.markers {
        out.push_str("<g>");
        put!(out, "<title>{}</title>", escape(&marker.moment));
        marker_symbol(
            &mut out,
            marker.center,
            marker.radius,
            marker.kind,
            marker.severity,
            &marker.letter,
        );
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n<g>\n");
    text_block(&mut out, &diagram.legend.title, INK, None);
    for entry in &diagram.legend.entries {
        match &entry.symbol {
            LegendSymbol::Marker {
                kind,
                severity,
                letter,
            } => marker_symbol(&mut out, entry.at, MARKER_RADIUS, *kind, *severity, letter),
            LegendSymbol::Arrow(kind) => {
                let arrow = Arrow {
                    kind: *kind,
                    points: vec![
                        Point {
                            x: entry.at.x - 15.0,
                            y: entry.at.y,
                        },
                        Point {
                            x: entry.at.x + 15.0,
                            y: entry.at.y,
                        },
                    ],
                    label: None,
                };
                arrow_path(&mut out, &arrow);
            }
        }
        text_block(&mut out, &entry.text, INK, None);
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// A rectangle with optional stroke and rounded corners.
fn rect(out: &mut String, r: &Rect, fill: &str, stroke: Option<(&str, f64)>, radius: f64) {
    put!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"",
        Px(r.x),
        Px(r.y),
        Px(r.w),
        Px(r.h)
    );
    if radius > 0.0 {
        put!(out, " rx=\"{}\"", Px(radius));
    }
    if let Some((stroke, width)) = stroke {
        put!(out, " stroke=\"{stroke}\" stroke-width=\"{}\"", Px(width));
    }
    out.push_str("/>");
}

/// Lines of text as one `<text>` with a `<tspan>` per line; `emphasis` is drawn bold in amber.
fn text_block(out: &mut String, block: &TextBlock, fill: &str, emphasis: Option<usize>) {
    if block.lines.iter().all(|line| line.is_empty()) {
        return;
    }
    let anchor = match block.anchor {
        Anchor::Start => "",
        Anchor::Middle => " text-anchor=\"middle\"",
    };
    let weight = if block.font.bold {
        " font-weight=\"bold\""
    } else {
        ""
    };
    put!(
        out,
        "<text font-size=\"{}\" fill=\"{fill}\"{weight}{anchor}",
        Px(block.font.size)
    );
    if block.halo {
        out.push_str(
            " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
        );
    }
    out.push('>');
    let line_height = block.font.line_height();
    for (index, line) in block.lines.iter().enumerate() {
        put!(
            out,
            "<tspan x=\"{}\" y=\"{}\"",
            Px(block.x),
            Px(block.y + index as f64 * line_height)
        );
        if emphasis == Some(index) {
            out.push_str(" fill=\"#b45309\" font-weight=\"bold\"");
        }
        put!(out, ">{}</tspan>", escape(line));
    }
    out.push_str("</text>\n");
}

/// An arrow's polyline and its head, drawn as a triangle (no `<marker>`, so no ids to clash).
fn arrow_path(out: &mut String, arrow: &Arrow) {
    let (colour, dash) = match arrow.kind {
        ArrowKind::Sequence => (SEQUENCE, ""),
        ArrowKind::Flow => (FLOW, " stroke-dasharray=\"6 3\""),
    };
    let [.., before, tip] = arrow.points.as_slice() else {
        return;
    };
    let length = ((tip.x - before.x).powi(2) + (tip.y - before.y).powi(2)).sqrt();
    if length == 0.0 {
        return;
    }
    let (dx, dy) = ((tip.x - before.x) / length, (tip.y - before.y) / length);
    let head = 7.0_f64.min(length);
    let base = Point {
        x: tip.x - dx * head,
        y: tip.y - dy * head,
    };
    out.push_str("<path d=\"");
    for (index, point) in arrow.points.iter().enumerate() {
        let point = if index + 1 == arrow.points.len() {
            base
        } else {
            *point
        };
        let command = if index == 0 { 'M' } else { 'L' };
        put!(out, "{command}{} {}", Px(point.x), Px(point.y));
    }
    put!(
        out,
        "\" stroke=\"{colour}\" stroke-width=\"1.4\" stroke-linejoin=\"round\"{dash}/>"
    );
    let half = head * 0.5;
    put!(
        out,
        "<path d=\"M{} {}L{} {}L{} {}Z\" fill=\"{colour}\"/>\n",
        Px(tip.x),
        Px(tip.y),
        Px(base.x - dy * half),
        Px(base.y + dx * half),
        Px(base.x + dy * half),
        Px(base.y - dx * half)
    );
}

/// A moment-of-truth symbol: a diamond for a fail point, a circle for a delight moment, in the
/// severity's colour with its letter inside.
fn marker_symbol(
    out: &mut String,
    at: Point,
    radius: f64,
    kind: MotKind,
    severity: Severity,
    letter: &str,
) {
    let (fill, ink) = marker_colours(kind, severity);
    match kind {
        MotKind::Fail => {
            let r = radius * 1.15;
            put!(
                out,
                "<path d=\"M{} {}L{} {}L{} {}L{} {}Z\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>",
                Px(at.x),
                Px(at.y - r),
                Px(at.x + r),
                Px(at.y),
                Px(at.x),
                Px(at.y + r),
                Px(at.x - r),
                Px(at.y)
            );
        }
        MotKind::Delight => {
            put!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>",
                Px(at.x),
                Px(at.y),
                Px(radius)
            );
        }
    }
    let font = MARKER_FONT;
    put!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\" fill=\"{ink}\" text-anchor=\"middle\">{}</text>",
        Px(at.x),
        Px(at.y + font.size * 0.36),
        Px(font.size),
        escape(letter)
    );
}

#[cfg(test)]
mod tests {
    use super::Px;

    #[test]
    fn pixels_print_as_rounded_tenths() {
        let cases = [
            (0.0, "0"),
            (-0.04, "0"),
            (0.05, "0.1"),
            (12.0, "12"),
            (12.34, "12.3"),
            (12.35, "12.4"),
            (-7.25, "-7.3"),
            (-0.5, "-0.5"),
            (1024.96, "1025"),
            (99999.9, "99999.9"),
        ];
        for (value, printed) in cases {
            assert_eq!(Px(value).to_string(), printed, "{value}");
        }
        // The same digits as the float they stand for, over the whole range a diagram uses.
        for tenths in -200_000..200_000_i64 {
            let value = tenths as f64 / 10.0;
            let float = if tenths == 0 {
                "0".to_owned()
            } else {
                value.to_string()
            };
            assert_eq!(Px(value).to_string(), float);
        }
    }
}
