//! Blueprint → [`Diagram`]: where every box, line, marker and arrow goes.
//!
//! Every measure is taken once per item, so the layout is linear in the number of actions,
//! moments and arrows (flows are sorted once to share horizontal tracks).
//!
//! Arrows never cross a box because of how the page is cut: boxes only sit inside columns, so
//! the gutters between columns and the band below the lanes are free for routing. An arrow to
//! the next action in the same column runs straight down the gap between the two boxes; an
//! arrow to another column leaves the last box on its right, runs in the gutter left of the
//! target column and enters the target's first box from the left; a flow leaves the bottom of
//! its step's last box, runs down the (box-free) rest of its column to a track of its own in
//! the band below the lanes, and comes up the target's gutter. Moment-of-truth markers keep to
//! the left half of their column, where no vertical arrow runs.

use super::text::{self, Font};
use super::{
    ActionBox, Anchor, Arrow, ArrowKind, Column, Diagram, Divide, Lane, Legend, LegendEntry,
    LegendSymbol, Line, Marker, Point, Rect, Row, StageBand, TextBlock, Timing, block_height,
};
use crate::i18n::Bilingual;
use crate::i18n::Locale;
use crate::model::{Blueprint, MotKind, Severity};
use crate::render::labels;
use crate::tr;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::ops::Range;

/// Space around the whole diagram.
pub(super) const MARGIN: f64 = 24.0;
/// Width of the column of lane and line names at the left.
pub(super) const LABEL_COLUMN: f64 = 128.0;
/// Width of a step's column.
pub(super) const COLUMN: f64 = 176.0;
/// Space between a column's edge and its boxes.
const CELL_PAD: f64 = 8.0;
/// Horizontal space between a box's edge and its text.
pub(super) const BOX_PAD_X: f64 = 8.0;
/// Vertical space between a box's edge and its text.
const BOX_PAD_Y: f64 = 6.0;
/// Space between boxes stacked in one cell; room for the arrow between them.
const BOX_GAP: f64 = 16.0;
/// Space above and below the boxes of a lane.
const LANE_PAD: f64 = 10.0;
/// Smallest lane height.
const MIN_LANE: f64 = 40.0;
/// Width of a gutter without flows entering its column.
pub(super) const GUTTER: f64 = 28.0;
/// Distance of the service-order track from the gutter's left edge.
const GUTTER_TRACK: f64 = 12.0;
/// Distance between neighbouring arrow tracks.
const TRACK: f64 = 8.0;
/// Half the size of a moment-of-truth symbol.
pub(super) const MARKER_RADIUS: f64 = 10.0;
/// Distance between the centres of neighbouring markers.
const MARKER_STEP: f64 = 25.0;
/// Height of a stage band.
const STAGE_BAND: f64 = 26.0;
/// Height of the number badge of a step.
const BADGE: f64 = 20.0;
/// Smallest width, so that the legend has room.
const MIN_WIDTH: f64 = 760.0;

const TITLE_FONT: Font = Font::bold(18.0);
const ACTION_FONT: Font = Font::regular(12.0);
const ROLE_FONT: Font = Font::bold(10.5);
const EVIDENCE_FONT: Font = Font::regular(11.0);
const STEP_NAME_FONT: Font = Font::bold(12.0);
const NUMBER_FONT: Font = Font::bold(11.0);
const TIMING_FONT: Font = Font::regular(10.5);
const LANE_FONT: Font = Font::bold(12.0);
const LINE_FONT: Font = Font::bold(11.0);
const STAGE_FONT: Font = Font::bold(12.0);
const FLOW_FONT: Font = Font::regular(10.5);
const LEGEND_FONT: Font = Font::regular(11.0);
/// The severity letter inside a marker.
pub(super) const MARKER_FONT: Font = Font::bold(11.0);
/// Every font the diagram uses, so that printing can keep the smallest readable.
pub(super) const FONTS: [Font; 13] = [
    TITLE_FONT,
    ACTION_FONT,
    ROLE_FONT,
    EVIDENCE_FONT,
    STEP_NAME_FONT,
    NUMBER_FONT,
    TIMING_FONT,
    LANE_FONT,
    LINE_FONT,
    STAGE_FONT,
    FLOW_FONT,
    LEGEND_FONT,
    MARKER_FONT,
];

/// The most lines each kind of text is given before it is cut with an ellipsis.
const ACTION_LINES: usize = 6;
const EVIDENCE_LINES: usize = 3;
const ROLE_LINES: usize = 2;
const STEP_NAME_LINES: usize = 3;
const LABEL_LINES: usize = 4;
const FLOW_LINES: usize = 2;
const TITLE_LINES: usize = 2;

/// The baseline of the first line of a block whose top is at `top`.
fn baseline(top: f64, font: Font) -> f64 {
    top + font.line_height() / 2.0 + font.size * 0.35
}

/// A block of `text` wrapped to `max_width`, its top at `top`.
fn block(
    text: &str,
    max_width: f64,
    font: Font,
    max_lines: usize,
    x: f64,
    top: f64,
    anchor: Anchor,
) -> TextBlock {
    TextBlock {
        lines: text::wrap(text, max_width, font, max_lines).0,
        x,
        y: baseline(top, font),
        anchor,
        font,
        halo: false,
    }
}

/// Moves a block by `dx`, `dy`.
fn shift(block: &mut TextBlock, dx: f64, dy: f64) {
    block.x += dx;
    block.y += dy;
}

/// The row of an employee or system lane.
fn row_of(lane: crate::model::Lane) -> Row {
    match lane {
        crate::model::Lane::Frontline => Row::Frontline,
        crate::model::Lane::Backstage => Row::Backstage,
        crate::model::Lane::Support => Row::Support,
    }
}

/// Rows and lines top to bottom.
#[derive(Clone, Copy)]
enum Band {
    Lane(Row),
    Line(Divide),
}

const BANDS: [Band; 8] = [
    Band::Lane(Row::Evidence),
    Band::Lane(Row::Customer),
    Band::Line(Divide::Interaction),
    Band::Lane(Row::Frontline),
    Band::Line(Divide::Visibility),
    Band::Lane(Row::Backstage),
    Band::Line(Divide::InternalInteraction),
    Band::Lane(Row::Support),
];

const ROWS: usize = 5;

fn row_index(row: Row) -> usize {
    match row {
        Row::Evidence => 0,
        Row::Customer => 1,
        Row::Frontline => 2,
        Row::Backstage => 3,
        Row::Support => 4,
    }
}

fn row_label(row: Row) -> Bilingual {
    match row {
        Row::Evidence => labels::LANE_EVIDENCE,
        Row::Customer => labels::LANE_CUSTOMER,
        Row::Frontline => labels::LANE_FRONTLINE,
        Row::Backstage => labels::LANE_BACKSTAGE,
        Row::Support => labels::LANE_SUPPORT,
    }
}

fn divide_label(divide: Divide) -> Bilingual {
    match divide {
        Divide::Interaction => labels::LINE_OF_INTERACTION,
        Divide::Visibility => labels::LINE_OF_VISIBILITY,
        Divide::InternalInteraction => labels::LINE_OF_INTERNAL_INTERACTION,
    }
}

/// The x of things in one column, once gutters are sized.
struct Columns {
    /// Left edge of each step's column.
    x: Vec<f64>,
    /// The service-order track in the gutter left of each column.
    track: Vec<f64>,
}

/// Where one end of a flow lies, seen from the steps laid out.
#[derive(Clone, Copy)]
enum End {
    /// A step laid out, by its position among them.
    Shown(usize),
    /// A step before the ones laid out: the flow runs to or from their left edge.
    Before,
    /// A step after the ones laid out: the flow runs to or from their right edge.
    After,
}

/// A flow between two steps that both have actions, at least one of them laid out.
struct Route {
    from: End,
    to: End,
    /// The flow's label; for a flow that leaves the steps laid out, with the step it goes to
    /// or comes from.
    label: Option<String>,
    /// Position among the flows entering `to`.
    entry: usize,
    /// Position among the flows leaving `from`.
    exit: usize,
}

/// Lays out the diagram of `blueprint` with fixed words in `locale`.
pub fn layout(blueprint: &Blueprint, locale: Locale) -> Diagram {
    layout_steps(blueprint, locale, 0..blueprint.steps.len())
}

/// Lays out the steps `window` of `blueprint` (positions in `blueprint.steps`) as a diagram of
/// their own, for a printed page: lanes and lines as in the whole diagram, the steps keep their
/// numbers, and a flow to or from a step outside the window runs to the window's edge, its
/// label naming that step.
pub fn layout_steps(blueprint: &Blueprint, locale: Locale, window: Range<usize>) -> Diagram {
    layout_window(blueprint, locale, window, &step_positions(blueprint))
}

/// Each step's position in `blueprint.steps`, by id.
pub(super) fn step_positions(blueprint: &Blueprint) -> HashMap<&str, usize> {
    blueprint
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| (step.id.as_str(), index))
        .collect()
}

/// [`layout_steps`] with the steps' positions made once for all the windows of a blueprint,
/// so that cutting a long blueprint into pages stays linear.
pub(super) fn layout_window(
    blueprint: &Blueprint,
    locale: Locale,
    window: Range<usize>,
    step_index: &HashMap<&str, usize>,
) -> Diagram {
    let end = window.end.min(blueprint.steps.len());
    let window = window.start.min(end)..end;
    let first = window.start;
    let steps = &blueprint.steps[window.clone()];
    let count = steps.len();
    let role_names: HashMap<&str, &str> = blueprint
        .roles
        .iter()
        .map(|role| (role.id.as_str(), role.name.as_str()))
        .collect();

    // Boxes, sized but placed relative to their cell; cells stack their boxes.
    let mut boxes: Vec<ActionBox> = Vec::new();
    let mut stacks: Vec<[f64; ROWS]> = vec![[0.0; ROWS]; count];
    // The first and last action box of each column (evidence is not an action).
    let mut actions: Vec<Option<(usize, usize)>> = vec![None; count];
    for (column, step) in steps.iter().enumerate() {
        let stack = &mut stacks[column];
        for evidence in &step.evidence {
            boxes.push(sized_box(Row::Evidence, column, None, evidence, stack));
        }
        let mut add_action = |boxes: &mut Vec<ActionBox>, action_box: ActionBox| {
            let index = boxes.len();
            boxes.push(action_box);
            let first = actions[column].map_or(index, |(first, _)| first);
            actions[column] = Some((first, index));
        };
        for customer in step.customer.iter() {
            let action_box = sized_box(Row::Customer, column, None, customer, stack);
            add_action(&mut boxes, action_box);
        }
        for (lane, lane_actions) in step.lanes() {
            for action in lane_actions {
                let role = role_names
                    .get(action.role.as_str())
                    .copied()
                    .unwrap_or(action.role.as_str());
                let action_box = sized_box(row_of(lane), column, Some(role), &action.action, stack);
                add_action(&mut boxes, action_box);
            }
        }
    }

    // Flows between steps that have actions, numbered at both ends.
    let end_of = |index: usize| {
        if index < window.start {
            End::Before
        } else if index >= window.end {
            End::After
        } else {
            End::Shown(index - first)
        }
    };
    let end_has_actions = |end: End, index: usize| match end {
        End::Shown(column) => actions[column].is_some(),
        End::Before | End::After => has_actions(&blueprint.steps[index]),
    };
    let mut entering = vec![0usize; count];
    let mut leaving = vec![0usize; count];
    let routes: Vec<Route> = blueprint
        .flows
        .iter()
        .filter_map(|flow| {
            let from_index = *step_index.get(flow.from.as_str())?;
            let to_index = *step_index.get(flow.to.as_str())?;
            let (from, to) = (end_of(from_index), end_of(to_index));
            let label = match (from, to) {
                (End::Shown(_), End::Shown(_)) => flow.label.clone(),
                (End::Shown(_), _) => {
                    Some(continued(flow.label.as_deref(), to_index, true, locale))
                }
                (_, End::Shown(_)) => {
                    Some(continued(flow.label.as_deref(), from_index, false, locale))
                }
                _ => return None,
            };
            if !end_has_actions(from, from_index) || !end_has_actions(to, to_index) {
                return None;
            }
            let route = Route {
                from,
                to,
                label,
                entry: match to {
                    End::Shown(to) => entering[to],
                    _ => 0,
                },
                exit: match from {
                    End::Shown(from) => leaving[from],
                    _ => 0,
                },
            };
            if let End::Shown(to) = to {
                entering[to] += 1;
            }
            if let End::Shown(from) = from {
                leaving[from] += 1;
            }
            Some(route)
        })
        .collect();

    // Columns left to right, each gutter wide enough for the flows entering its column.
    let mut columns = Columns {
        x: Vec::with_capacity(count),
        track: Vec::with_capacity(count),
    };
    let mut x = MARGIN + LABEL_COLUMN;
    for entries in &entering {
        columns.track.push(x + GUTTER_TRACK);
        x += GUTTER + *entries as f64 * TRACK;
        columns.x.push(x);
        x += COLUMN;
    }
    let columns_end = x + GUTTER;
    let edges = (MARGIN + LABEL_COLUMN, columns_end);
    for action_box in &mut boxes {
        let dx = columns.x[action_box.column] + CELL_PAD;
        move_box(action_box, dx, 0.0);
    }

    // Flow tracks below the lanes: x extents first, so tracks can be shared.
    let flow_plans: Vec<FlowPlan> = routes
        .iter()
        .map(|route| {
            let counts = (entering.as_slice(), leaving.as_slice());
            plan_flow(route, &boxes, &actions, &columns, counts, edges)
        })
        .collect();
    let (flow_tracks, track_count) = assign_tracks(&flow_plans);
    let flows_end = flow_plans.iter().map(|plan| plan.hi).fold(0.0, f64::max);
    let width = (columns_end + MARGIN)
        .max(flows_end + MARGIN)
        .max(MIN_WIDTH);

    // Top to bottom.
    let mut y = MARGIN;
    let mut heading = block(
        &blueprint.title,
        width - 2.0 * MARGIN,
        TITLE_FONT,
        TITLE_LINES,
        MARGIN,
        y,
        Anchor::Start,
    );
    heading.halo = false;
    y += heading.height() + 12.0;

    let stages = if steps.iter().any(|step| step.stage.is_some()) {
        let bands = stage_bands(blueprint, steps, &columns, y);
        y += STAGE_BAND + 8.0;
        bands
    } else {
        Vec::new()
    };

    let header_top = y;
    let mut headers: Vec<Column> = steps
        .iter()
        .enumerate()
        .map(|(index, step)| step_header(first + index, step, columns.x[index], header_top, locale))
        .collect();
    let header_height = headers
        .iter()
        .map(|column| column.rect.h)
        .fold(0.0, f64::max);
    y += header_height + 8.0;

    // Markers per column: rows of as many as fit the left half of the column.
    let per_row = (((COLUMN / 2.0 - CELL_PAD - 4.0) / MARKER_STEP).floor() as usize).max(1);
    let marker_rows = steps
        .iter()
        .map(|step| step.mots.len().div_ceil(per_row))
        .max()
        .unwrap_or(0);

    let mut present = [false; ROWS];
    for action_box in &boxes {
        present[row_index(action_box.row)] = true;
    }
    let mut lanes: Vec<Lane> = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    let mut lane_top = [0.0; ROWS];
    let label_width = LABEL_COLUMN - 16.0;
    let lanes_left = MARGIN + LABEL_COLUMN;
    for band in BANDS {
        match band {
            Band::Lane(row) => {
                let index = row_index(row);
                if !present[index] {
                    continue;
                }
                let mut label = block(
                    row_label(row).get(locale),
                    label_width,
                    LANE_FONT,
                    LABEL_LINES,
                    MARGIN + 8.0,
                    0.0,
                    Anchor::Start,
                );
                let content = stacks.iter().map(|stack| stack[index]).fold(0.0, f64::max);
                let height = (content + 2.0 * LANE_PAD)
                    .max(MIN_LANE)
                    .max(label.height() + 16.0);
                let dy = y + (height - label.height()) / 2.0;
                shift(&mut label, 0.0, dy);
                lane_top[index] = y + LANE_PAD;
                lanes.push(Lane {
                    row,
                    rect: Rect {
                        x: lanes_left,
                        y,
                        w: columns_end - lanes_left,
                        h: height,
                    },
                    label,
                });
                y += height;
            }
            Band::Line(divide) => {
                let mut label = block(
                    divide_label(divide).get(locale),
                    label_width,
                    LINE_FONT,
                    LABEL_LINES,
                    MARGIN + 8.0,
                    0.0,
                    Anchor::Start,
                );
                label.halo = true;
                // The name sits above the line; markers are centred on it.
                let markers_half = if divide == Divide::Interaction {
                    marker_rows as f64 * MARKER_STEP / 2.0
                } else {
                    0.0
                };
                let line_y = y + (label.height() + 4.0).max(markers_half) + 6.0;
                let height = line_y - y + markers_half.max(4.0) + 6.0;
                let dy = line_y - 3.0 - label.height();
                shift(&mut label, 0.0, dy);
                lines.push(Line {
                    divide,
                    y: line_y,
                    x1: MARGIN,
                    x2: columns_end,
                    label,
                });
                y += height;
            }
        }
    }
    let lanes_bottom = y;

    for action_box in &mut boxes {
        let dy = lane_top[row_index(action_box.row)];
        move_box(action_box, 0.0, dy);
    }
    for header in &mut headers {
        header.header.h = header_height;
        header.rect.h = lanes_bottom - header_top;
    }

    let interaction_y = lines
        .iter()
        .find(|line| line.divide == Divide::Interaction)
        .map_or(0.0, |line| line.y);
    let markers = place_markers(steps, &columns, interaction_y, per_row, locale);

    // Arrows: the service order, then the flows in the band below the lanes.
    let mut arrows = sequence_arrows(&boxes, &actions, &columns, &entering);
    let flows_top = lanes_bottom + 12.0;
    let track_height = block_height(FLOW_LINES, FLOW_FONT) + 12.0;
    for (plan, track) in flow_plans.into_iter().zip(flow_tracks) {
        let track_y = flows_top + (track as f64 + 1.0) * track_height - 4.0;
        arrows.push(plan.into_arrow(&boxes, track_y));
    }
    y = if track_count > 0 {
        flows_top + track_count as f64 * track_height + 8.0
    } else {
        lanes_bottom + 8.0
    };

    let legend = legend(y + 8.0, width, locale);
    y = legend.rect.bottom() + MARGIN;

    Diagram {
        id_prefix: id_prefix(&blueprint.id),
        title: text::clean(&blueprint.title).0,
        description: description(blueprint, &window, &boxes, locale),
        locale,
        width,
        height: y,
        heading,
        lanes,
        lines,
        columns: headers,
        stages,
        boxes,
        arrows,
        markers,
        legend,
    }
}

/// A box of `row` in `column`, wrapped and sized, placed at the bottom of its cell's stack
/// (x and y relative to the cell until the columns and lanes are placed).
fn sized_box(
    row: Row,
    column: usize,
    role: Option<&str>,
    text: &str,
    stack: &mut [f64; ROWS],
) -> ActionBox {
    let width = COLUMN - 2.0 * CELL_PAD;
    let text_width = width - 2.0 * BOX_PAD_X;
    let (font, max_lines) = if row == Row::Evidence {
        (EVIDENCE_FONT, EVIDENCE_LINES)
    } else {
        (ACTION_FONT, ACTION_LINES)
    };
    let index = row_index(row);
    let top = if stack[index] > 0.0 {
        stack[index] + BOX_GAP
    } else {
        0.0
    };
    let mut inner_top = top + BOX_PAD_Y;
    let role = role.map(|name| {
        let role = block(
            name,
            text_width,
            ROLE_FONT,
            ROLE_LINES,
            BOX_PAD_X,
            inner_top,
            Anchor::Start,
        );
        inner_top += role.height();
        role
    });
    let (lines, cut) = text::wrap(text, text_width, font, max_lines);
    let full_text = cut.then(|| text::clean(text).0);
    let text = TextBlock {
        lines,
        x: BOX_PAD_X,
        y: baseline(inner_top, font),
        anchor: Anchor::Start,
        font,
        halo: false,
    };
    let bottom = inner_top + text.height() + BOX_PAD_Y;
    stack[index] = bottom;
    ActionBox {
        row,
        column,
        rect: Rect {
            x: 0.0,
            y: top,
            w: width,
            h: bottom - top,
        },
        role,
        full_text,
        text,
    }
}

/// Moves a box and its text by `dx`, `dy`.
fn move_box(action_box: &mut ActionBox, dx: f64, dy: f64) {
    action_box.rect.x += dx;
    action_box.rect.y += dy;
    if let Some(role) = &mut action_box.role {
        shift(role, dx, dy);
    }
    shift(&mut action_box.text, dx, dy);
}

/// A flow's route before the height of its track is known.
struct FlowPlan {
    /// The last action box of the step it leaves, unless that step is not laid out.
    from_box: Option<usize>,
    /// The first action box of the step it enters, unless that step is not laid out.
    to_box: Option<usize>,
    /// Where it leaves the bottom of `from_box` (or the edge it comes from).
    exit_x: f64,
    /// Its track in the gutter left of the target column (or the edge it goes to).
    gutter_x: f64,
    /// Where it enters `to_box`, as a share of the box's height.
    entry_share: f64,
    /// Its label, x placed; y relative to a top of 0.
    label: Option<TextBlock>,
    /// The horizontal extent it takes on its track, label included.
    lo: f64,
    hi: f64,
}

impl FlowPlan {
    /// The arrow, once its track's height is known and boxes are placed.
    fn into_arrow(self, boxes: &[ActionBox], track_y: f64) -> Arrow {
        let label = self.label.map(|mut label| {
            let height = label.height();
            shift(&mut label, 0.0, track_y - 3.0 - height);
            label
        });
        let mut points = Vec::with_capacity(5);
        if let Some(from_box) = self.from_box {
            points.push(Point {
                x: self.exit_x,
                y: boxes[from_box].rect.bottom(),
            });
        }
        points.push(Point {
            x: self.exit_x,
            y: track_y,
        });
        points.push(Point {
            x: self.gutter_x,
            y: track_y,
        });
        if let Some(to_box) = self.to_box {
            let to = boxes[to_box].rect;
            let entry_y = to.y + to.h * self.entry_share;
            points.push(Point {
                x: self.gutter_x,
                y: entry_y,
            });
            points.push(Point {
                x: to.x,
                y: entry_y,
            });
        }
        Arrow {
            kind: ArrowKind::Flow,
            points,
            label,
        }
    }
}

/// Plans the route of one flow: which boxes it joins and the x of its vertical runs.
///
/// Flows entering one column take gutter tracks from left to right and enter its first box
/// from top to bottom, so that no flow's way in crosses another's. An end outside the steps
/// laid out is the left or right edge of the columns, `edges`.
fn plan_flow(
    route: &Route,
    boxes: &[ActionBox],
    actions: &[Option<(usize, usize)>],
    columns: &Columns,
    (entering, leaving): (&[usize], &[usize]),
    (left, right): (f64, f64),
) -> FlowPlan {
    // Routes are only made between steps that have actions.
    let (from_box, exit_x) = match route.from {
        End::Shown(from) => {
            let (_, from_box) = actions[from].unwrap_or_default();
            let rect = boxes[from_box].rect;
            let share = 0.6 + 0.3 * (route.exit + 1) as f64 / (leaving[from] + 1) as f64;
            (Some(from_box), rect.x + rect.w * share)
        }
        End::Before => (None, left),
        End::After => (None, right),
    };
    let (to_box, gutter_x, entry_share) = match route.to {
        End::Shown(to) => {
            let (to_box, _) = actions[to].unwrap_or_default();
            let gutter_x = columns.track[to] + (route.entry + 1) as f64 * TRACK;
            let share = (route.entry + 2) as f64 / (entering[to] + 2) as f64;
            (Some(to_box), gutter_x, share)
        }
        End::Before => (None, left, 0.0),
        End::After => (None, right, 0.0),
    };
    let lo = exit_x.min(gutter_x);
    let mut hi = exit_x.max(gutter_x);
    let label = route.label.as_deref().map(|label| {
        let max_width = (hi - lo - 12.0).max(COLUMN - 16.0);
        let mut label = block(
            label,
            max_width,
            FLOW_FONT,
            FLOW_LINES,
            lo + 6.0,
            0.0,
            Anchor::Start,
        );
        label.halo = true;
        let widest = label
            .lines
            .iter()
            .map(|line| text::width(line, FLOW_FONT))
            .fold(0.0, f64::max);
        hi = hi.max(lo + 6.0 + widest);
        label
    });
    FlowPlan {
        from_box,
        to_box,
        exit_x,
        gutter_x,
        entry_share,
        label,
        lo: lo - 6.0,
        hi: hi + 6.0,
    }
}

/// Gives each flow a track below the lanes; flows whose extents do not meet share one.
/// Returns each flow's track and the number of tracks.
fn assign_tracks(plans: &[FlowPlan]) -> (Vec<usize>, usize) {
    let mut order: Vec<usize> = (0..plans.len()).collect();
    order.sort_by(|&a, &b| plans[a].lo.total_cmp(&plans[b].lo).then(a.cmp(&b)));
    let mut tracks = vec![0; plans.len()];
    let mut count = 0;
    // Tracks by the right end of their last flow, the one ending first on top.
    let mut free_from: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();
    for index in order {
        let plan = &plans[index];
        let track = match free_from.peek() {
            Some(&Reverse((end, track))) if (end as f64) < plan.lo => {
                free_from.pop();
                track
            }
            _ => {
                count += 1;
                count - 1
            }
        };
        tracks[index] = track;
        free_from.push(Reverse((plan.hi.ceil() as i64, track)));
    }
    (tracks, count)
}

/// One band per run of consecutive steps of one stage among `steps`, the steps laid out.
fn stage_bands(
    blueprint: &Blueprint,
    steps: &[crate::model::Step],
    columns: &Columns,
    top: f64,
) -> Vec<StageBand> {
    let names: HashMap<&str, &str> = blueprint
        .stages
        .iter()
        .map(|stage| (stage.id.as_str(), stage.name.as_str()))
        .collect();
    let mut bands: Vec<StageBand> = Vec::new();
    let mut run_start = 0;
    for index in 0..steps.len() {
        let stage = steps[index].stage.as_deref();
        let run_ends = steps
            .get(index + 1)
            .is_none_or(|next| next.stage.as_deref() != stage);
        if !run_ends {
            continue;
        }
        if let Some(stage) = stage {
            let x = columns.x[run_start];
            let w = columns.x[index] + COLUMN - x;
            let name = names.get(stage).copied().unwrap_or(stage);
            let mut name = block(
                name,
                w - 12.0,
                STAGE_FONT,
                1,
                x + w / 2.0,
                top + (STAGE_BAND - STAGE_FONT.line_height()) / 2.0,
                Anchor::Middle,
            );
            name.halo = false;
            bands.push(StageBand {
                rect: Rect {
                    x,
                    y: top,
                    w,
                    h: STAGE_BAND,
                },
                name,
                index: bands.len(),
            });
        }
        run_start = index + 1;
    }
    bands
}

/// Whether a step has an action in any lane (evidence is not an action).
fn has_actions(step: &crate::model::Step) -> bool {
    !step.customer.is_empty() || step.lanes().iter().any(|(_, actions)| !actions.is_empty())
}

/// The label of a flow that leaves the steps laid out: its own label, then the number of the
/// step it goes to (`onwards`) or comes from, so that a reader finds the other end.
fn continued(label: Option<&str>, step: usize, onwards: bool, locale: Locale) -> String {
    let words = if onwards {
        labels::FLOW_TO_STEP
    } else {
        labels::FLOW_FROM_STEP
    };
    let other_end = words
        .get(locale)
        .replace("{number}", &(step + 1).to_string());
    match label {
        Some(label) => format!("{label} · {other_end}"),
        None => other_end,
    }
}

/// A label followed by a value, with the locale's colon.
fn labelled(label: Bilingual, value: &str, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("{}：{value}", label.get(locale)),
        Locale::En => format!("{}: {value}", label.get(locale)),
    }
}

/// The header of a step's column: number badge, name, duration and wait.
fn step_header(
    index: usize,
    step: &crate::model::Step,
    x: f64,
    top: f64,
    locale: Locale,
) -> Column {
    let center = x + COLUMN / 2.0;
    let inner = COLUMN - 2.0 * CELL_PAD;
    let number = (index + 1).to_string();
    let badge_width = (text::width(&number, NUMBER_FONT) + 14.0).max(BADGE + 6.0);
    let badge = Rect {
        x: center - badge_width / 2.0,
        y: top + 6.0,
        w: badge_width,
        h: BADGE,
    };
    let number = TextBlock {
        lines: vec![number],
        x: center,
        y: baseline(
            badge.y + (BADGE - NUMBER_FONT.line_height()) / 2.0,
            NUMBER_FONT,
        ),
        anchor: Anchor::Middle,
        font: NUMBER_FONT,
        halo: false,
    };
    let name = block(
        &step.name,
        inner,
        STEP_NAME_FONT,
        STEP_NAME_LINES,
        center,
        badge.bottom() + 6.0,
        Anchor::Middle,
    );
    let mut bottom = badge.bottom() + 6.0 + name.height();
    let mut timing_lines = Vec::new();
    if let Some(duration) = &step.duration {
        let line = labelled(labels::DURATION, &duration.0, locale);
        timing_lines.extend(text::wrap(&line, inner, TIMING_FONT, 1).0);
    }
    if let Some(wait) = &step.wait {
        let line = labelled(labels::WAIT, &wait.0, locale);
        timing_lines.extend(text::wrap(&line, inner, TIMING_FONT, 1).0);
    }
    let timing = (!timing_lines.is_empty()).then(|| {
        let top = bottom + 4.0;
        bottom = top + block_height(timing_lines.len(), TIMING_FONT);
        Timing {
            text: TextBlock {
                lines: timing_lines,
                x: center,
                y: baseline(top, TIMING_FONT),
                anchor: Anchor::Middle,
                font: TIMING_FONT,
                halo: false,
            },
            wait: step.wait.is_some(),
        }
    });
    let header = Rect {
        x,
        y: top,
        w: COLUMN,
        h: bottom + 8.0 - top,
    };
    Column {
        step: index,
        rect: header,
        header,
        badge,
        number,
        name,
        timing,
    }
}

/// The moments of truth of every step laid out, in rows on the line of interaction.
fn place_markers(
    steps: &[crate::model::Step],
    columns: &Columns,
    line_y: f64,
    per_row: usize,
    locale: Locale,
) -> Vec<Marker> {
    let mut markers = Vec::new();
    for (column, step) in steps.iter().enumerate() {
        let rows = step.mots.len().div_ceil(per_row);
        for (index, mot) in step.mots.iter().enumerate() {
            let (row, place) = (index / per_row, index % per_row);
            let offset = row as f64 - (rows as f64 - 1.0) / 2.0;
            markers.push(Marker {
                column,
                center: Point {
                    x: columns.x[column] + CELL_PAD + MARKER_RADIUS + place as f64 * MARKER_STEP,
                    y: line_y + offset * MARKER_STEP,
                },
                radius: MARKER_RADIUS,
                kind: mot.kind,
                severity: mot.severity,
                letter: mot.severity.letter().get(locale).to_owned(),
                moment: text::clean(&mot.moment).0,
            });
        }
    }
    markers
}

/// Arrows joining the actions in service order: down a column, then on to the next column.
fn sequence_arrows(
    boxes: &[ActionBox],
    actions: &[Option<(usize, usize)>],
    columns: &Columns,
    entering: &[usize],
) -> Vec<Arrow> {
    let mut arrows = Vec::new();
    let mut previous: Option<&ActionBox> = None;
    for &(first, last) in actions.iter().flatten() {
        for current in &boxes[first..=last] {
            if let Some(before) = previous {
                arrows.push(Arrow {
                    kind: ArrowKind::Sequence,
                    points: sequence_points(before, current, columns, entering),
                    label: None,
                });
            }
            previous = Some(current);
        }
    }
    arrows
}

/// The corners of the arrow from `from` to the next action `to`.
fn sequence_points(
    from: &ActionBox,
    to: &ActionBox,
    columns: &Columns,
    entering: &[usize],
) -> Vec<Point> {
    let (a, b) = (from.rect, to.rect);
    if from.column == to.column {
        let x = b.x + b.w / 2.0;
        return vec![Point { x, y: a.bottom() }, Point { x, y: b.y }];
    }
    let start_y = a.y + a.h / 2.0;
    let entry_y = b.y + b.h / (entering[to.column] + 2) as f64;
    if (start_y - entry_y).abs() < 0.5 {
        return vec![
            Point {
                x: a.right(),
                y: entry_y,
            },
            Point { x: b.x, y: entry_y },
        ];
    }
    let track = columns.track[to.column];
    vec![
        Point {
            x: a.right(),
            y: start_y,
        },
        Point {
            x: track,
            y: start_y,
        },
        Point {
            x: track,
            y: entry_y,
        },
        Point { x: b.x, y: entry_y },
    ]
}

/// The legend row(s): marker kinds, severities, arrow kinds.
fn legend(top: f64, width: f64, locale: Locale) -> Legend {
    let row_height = 24.0;
    let title = labelled(labels::LEGEND, "", locale);
    let title = title.trim_end();
    let title_width = text::width(title, Font::bold(LEGEND_FONT.size));
    let mut symbols: Vec<(LegendSymbol, String)> = vec![
        (
            LegendSymbol::Marker {
                kind: MotKind::Fail,
                severity: Severity::High,
                letter: Severity::High.letter().get(locale).to_owned(),
            },
            labels::MOT_FAIL.get(locale).to_owned(),
        ),
        (
            LegendSymbol::Marker {
                kind: MotKind::Delight,
                severity: Severity::High,
                letter: Severity::High.letter().get(locale).to_owned(),
            },
            labels::MOT_DELIGHT.get(locale).to_owned(),
        ),
    ];
    for severity in [Severity::High, Severity::Medium, Severity::Low] {
        symbols.push((
            LegendSymbol::Marker {
                kind: MotKind::Fail,
                severity,
                letter: severity.letter().get(locale).to_owned(),
            },
            labelled(labels::SEVERITY, severity.label().get(locale), locale),
        ));
    }
    symbols.push((
        LegendSymbol::Arrow(super::ArrowKind::Sequence),
        labels::ARROW_SEQUENCE.get(locale).to_owned(),
    ));
    symbols.push((
        LegendSymbol::Arrow(super::ArrowKind::Flow),
        labels::ARROW_FLOW.get(locale).to_owned(),
    ));

    let left = MARGIN;
    let right = width - MARGIN;
    let mut x = left + title_width + 14.0;
    let mut row = 0.0;
    let mut entries = Vec::with_capacity(symbols.len());
    for (symbol, meaning) in symbols {
        let symbol_width = match symbol {
            LegendSymbol::Marker { .. } => 2.0 * MARKER_RADIUS,
            LegendSymbol::Arrow(_) => 30.0,
        };
        let text_width = text::width(&meaning, LEGEND_FONT);
        let entry_width = symbol_width + 6.0 + text_width + 20.0;
        if x + entry_width > right && x > left + title_width + 14.0 {
            x = left + title_width + 14.0;
            row += 1.0;
        }
        let middle = top + row * row_height + row_height / 2.0;
        entries.push(LegendEntry {
            symbol,
            at: Point {
                x: x + symbol_width / 2.0,
                y: middle,
            },
            text: block(
                &meaning,
                right - x - symbol_width - 6.0,
                LEGEND_FONT,
                1,
                x + symbol_width + 6.0,
                middle - LEGEND_FONT.line_height() / 2.0,
                Anchor::Start,
            ),
        });
        x += entry_width;
    }
    let title = block(
        title,
        title_width + 1.0,
        Font::bold(LEGEND_FONT.size),
        1,
        left,
        top + (row_height - LEGEND_FONT.line_height()) / 2.0,
        Anchor::Start,
    );
    Legend {
        rect: Rect {
            x: left,
            y: top,
            w: right - left,
            h: (row + 1.0) * row_height,
        },
        title,
        entries,
    }
}

/// The prefix of the SVG's ids, made of the blueprint id's safe characters only.
fn id_prefix(id: &str) -> String {
    let safe: String = id
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
        .take(64)
        .collect();
    if safe.is_empty() {
        "frontline-diagram-".to_owned()
    } else {
        format!("frontline-{safe}-")
    }
}

/// What the diagram shows of the steps `window`, in words, for screen readers.
fn description(
    blueprint: &Blueprint,
    window: &Range<usize>,
    boxes: &[ActionBox],
    locale: Locale,
) -> String {
    let title = text::clean(&blueprint.title).0;
    let shown = &blueprint.steps[window.clone()];
    let steps = shown.len();
    let actions = boxes.iter().filter(|b| b.row != Row::Evidence).count();
    let mots = shown.iter().map(|step| step.mots.len()).sum::<usize>();
    let delights = shown
        .iter()
        .flat_map(|step| &step.mots)
        .filter(|mot| mot.kind == MotKind::Delight)
        .count();
    let fails = mots - delights;
    let separator = match locale {
        Locale::ZhCn => "；",
        Locale::En => "; ",
    };
    let list = shown
        .iter()
        .zip(window.clone())
        .map(|(step, index)| format!("{} {}", index + 1, text::clean(&step.name).0))
        .collect::<Vec<_>>()
        .join(separator);
    tr!(
        en: "Service blueprint “{title}” in {steps} steps: {actions} actions across the lanes, \
             {mots} moments of truth ({fails} fail points, {delights} delight moments). \
             Steps: {list}.";
        zh: "服务蓝图《{title}》，共 {steps} 个服务步骤：{actions} 个服务动作，\
             {mots} 个客户满意度MOT（{fails} 个失误点，{delights} 个惊喜时刻）。服务步骤：{list}。"
    )
    .get(locale)
    .to_owned()
}
