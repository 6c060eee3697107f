//! The swimlane blueprint diagram: lanes from physical evidence down to support processes, the
//! three lines between them, one column per step, arrows for the service order and the flows,
//! and markers for the moments of truth.
//!
//! Two passes, so that geometry can be tested without parsing SVG: [`layout`] turns a blueprint
//! into a [`Diagram`] of rectangles, wrapped lines and polylines; [`svg`] writes it out.

mod layout;
pub mod pages;
mod svg;
pub mod text;

pub use layout::{layout, layout_steps};
pub use svg::{svg, svg_window};

use crate::i18n::Locale;
use crate::model::{Blueprint, MotKind, Severity};
use text::Font;

/// Lays out and writes the diagram of `blueprint` as a standalone SVG document.
pub fn render_svg(blueprint: &Blueprint, locale: Locale) -> String {
    svg(&layout(blueprint, locale))
}

/// A point in diagram pixels, y growing downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Distance from the left edge.
    pub x: f64,
    /// Distance from the top edge.
    pub y: f64,
}

/// An axis-aligned rectangle in diagram pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether `other` lies entirely inside this rectangle, edges included.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }

    /// Whether the insides of the two rectangles share any point (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    /// Whether the segment from `a` to `b`, horizontal or vertical, enters the inside of this
    /// rectangle (running along an edge or ending on it does not count).
    pub fn is_crossed_by(&self, a: Point, b: Point) -> bool {
        let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
        let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
        x0 < self.right() && x1 > self.x && y0 < self.bottom() && y1 > self.y
    }
}

/// Lines of text drawn from a left, centre or right anchor.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBlock {
    /// The lines, already wrapped to fit and cleaned of characters that cannot be drawn.
    pub lines: Vec<String>,
    /// The anchor's x.
    pub x: f64,
    /// The baseline of the first line.
    pub y: f64,
    /// How the lines are aligned on `x`.
    pub anchor: Anchor,
    /// The font the lines were measured in.
    pub font: Font,
    /// Whether the text is drawn over a halo of the background colour (for text near lines).
    pub halo: bool,
}

impl TextBlock {
    /// The height the lines take, from the top of the first to the bottom of the last.
    pub fn height(&self) -> f64 {
        block_height(self.lines.len(), self.font)
    }
}

/// The height of `count` lines in `font`.
pub(crate) fn block_height(count: usize, font: Font) -> f64 {
    count as f64 * font.line_height()
}

/// Where a line of text hangs from its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The line starts at x.
    Start,
    /// The line is centred on x.
    Middle,
}

/// The rows of the diagram that hold boxes, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Row {
    /// Physical evidence the customer sees or keeps.
    Evidence,
    /// Customer actions.
    Customer,
    /// Front-line employee actions.
    Frontline,
    /// Backstage employee actions.
    Backstage,
    /// Support processes and systems.
    Support,
}

/// The three lines that separate the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Divide {
    /// Between the customer and the front line.
    Interaction,
    /// Between what the customer sees and what they do not.
    Visibility,
    /// Between employees and support processes.
    InternalInteraction,
}

/// The whole diagram in pixels, ready to be written out.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    /// Prefix of every id in the SVG, so that several diagrams can share one page.
    pub id_prefix: String,
    /// The document title (the blueprint's title), already cleaned.
    pub title: String,
    /// A one-paragraph text description for screen readers.
    pub description: String,
    /// The locale of the fixed words.
    pub locale: Locale,
    /// Total width.
    pub width: f64,
    /// Total height.
    pub height: f64,
    /// The title drawn at the top.
    pub heading: TextBlock,
    /// The rows that hold at least one box in the whole blueprint.
    pub lanes: Vec<Lane>,
    /// The three lines, always all three.
    pub lines: Vec<Line>,
    /// One column per step, in order.
    pub columns: Vec<Column>,
    /// One band per run of steps of one stage.
    pub stages: Vec<StageBand>,
    /// Action and evidence boxes.
    pub boxes: Vec<ActionBox>,
    /// Arrows of the service order and of the flows.
    pub arrows: Vec<Arrow>,
    /// Moments of truth at the line of interaction.
    pub markers: Vec<Marker>,
    /// The key to symbols and arrows.
    pub legend: Legend,
}

/// A row of boxes across all columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// Which row.
    pub row: Row,
    /// The row's extent, across the columns only (the label sits left of it).
    pub rect: Rect,
    /// The row's name, left of the columns.
    pub label: TextBlock,
}

/// One of the three lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Which line.
    pub divide: Divide,
    /// Its height on the page.
    pub y: f64,
    /// Where it starts.
    pub x1: f64,
    /// Where it ends.
    pub x2: f64,
    /// Its name, left of the columns.
    pub label: TextBlock,
}

/// The column of one step.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The step's position in the blueprint, from 0.
    pub step: usize,
    /// The column's extent from the top of its header to the bottom of the last lane.
    pub rect: Rect,
    /// The header card: badge, name and timing.
    pub header: Rect,
    /// The step number's badge.
    pub badge: Rect,
    /// The step number, drawn in the badge.
    pub number: TextBlock,
    /// The step's name.
    pub name: TextBlock,
    /// Duration and wait, when the step has them.
    pub timing: Option<Timing>,
}

/// A step's expected duration and customer wait, shown in its header.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    /// The duration line and the wait line.
    pub text: TextBlock,
    /// Whether the step is a wait point (its last line is the wait).
    pub wait: bool,
}

/// The band naming a stage above its steps.
#[derive(Debug, Clone, PartialEq)]
pub struct StageBand {
    /// The band, spanning the stage's columns.
    pub rect: Rect,
    /// The stage's name.
    pub name: TextBlock,
    /// Position among the bands, for alternating shades.
    pub index: usize,
}

/// A box holding one action or one piece of evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionBox {
    /// The row it belongs to.
    pub row: Row,
    /// The column (step position) it belongs to.
    pub column: usize,
    /// Its extent.
    pub rect: Rect,
    /// The acting role's name, above the text; none for customer actions and evidence.
    pub role: Option<TextBlock>,
    /// What is done (or the evidence).
    pub text: TextBlock,
    /// The full text, for a tooltip when the box shows it cut.
    pub full_text: Option<String>,
}

impl ActionBox {
    /// The width that text lines inside the box may take.
    pub fn text_width(&self) -> f64 {
        self.rect.w - 2.0 * layout::BOX_PAD_X
    }
}

/// What an arrow stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrowKind {
    /// The default service order from one action to the next.
    Sequence,
    /// A flow of the blueprint: a loop back, a skip, a hand-over.
    Flow,
}

/// An orthogonal polyline ending in an arrowhead at its last point.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrow {
    /// Sequence or flow.
    pub kind: ArrowKind,
    /// The corners, from the start to the tip; consecutive points share x or y.
    pub points: Vec<Point>,
    /// The flow's label, on its horizontal run below the lanes.
    pub label: Option<TextBlock>,
}

/// A moment of truth on the line of interaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// The step position.
    pub column: usize,
    /// The centre of the symbol.
    pub center: Point,
    /// Half the symbol's size.
    pub radius: f64,
    /// Fail point or delight moment: a diamond or a circle.
    pub kind: MotKind,
    /// Shown by colour and by the letter in the symbol.
    pub severity: Severity,
    /// The severity's letter in the locale (H/M/L, 高/中/低).
    pub letter: String,
    /// The moment as the customer lives it, for the tooltip.
    pub moment: String,
}

/// The key to the symbols, below everything else.
#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    /// The area of the legend.
    pub rect: Rect,
    /// The word “Legend”.
    pub title: TextBlock,
    /// The entries left to right.
    pub entries: Vec<LegendEntry>,
}

/// One symbol of the legend and its meaning.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// What is drawn.
    pub symbol: LegendSymbol,
    /// Where the symbol is centred.
    pub at: Point,
    /// What it means.
    pub text: TextBlock,
}

/// A symbol shown in the legend.
#[derive(Debug, Clone, PartialEq)]
pub enum LegendSymbol {
    /// A moment-of-truth marker.
    Marker {
        /// Fail or delight.
        kind: MotKind,
        /// Severity colour and letter.
        severity: Severity,
        /// The letter in the symbol.
        letter: String,
    },
    /// A short arrow.
    Arrow(ArrowKind),
}
