//! The diagram on paper: a few steps per landscape A4 page, each page a diagram of its own with
//! the lane names, the three lines and (where it takes no sheet of its own) the legend, scaled to the page's width but never so far
//! down that any text is smaller than [`SMALLEST_TEXT_PT`].
//!
//! The steps of each page come from [`crate::render::pages::page_groups`] (cuts at stage
//! boundaries). How many steps a page holds follows from the geometry below; a page that comes
//! out too wide for the paper at that text size (many flows entering its steps) is cut in two,
//! down to one step. A page taller than the paper at the smallest text size is not shrunk
//! further: it is printed on several sheets, cut between lanes, each sheet showing the lane
//! names of its lanes.

use super::layout::{COLUMN, FONTS, GUTTER, LABEL_COLUMN, MARGIN, layout_window, step_positions};
use super::{Diagram, svg::svg_window};
use crate::i18n::Locale;
use crate::model::Blueprint;
use crate::render::pages::page_groups;
use std::collections::VecDeque;
use std::ops::Range;

/// CSS pixels in a millimetre (96 to the inch), the unit browsers print in.
const PX_PER_MM: f64 = 96.0 / 25.4;
/// Points in a CSS pixel (72 to the inch).
const PT_PER_PX: f64 = 0.75;
/// The width a page's diagram is printed at: A4 landscape (297 mm) less the manual's 15 mm
/// side margins (`@page` in style.css).
pub const PRINT_WIDTH: f64 = (297.0 - 2.0 * 15.0) * PX_PER_MM;
/// The height a sheet's diagram may take: A4 landscape (210 mm) less the 18 mm top and bottom
/// margins and 14 mm kept for the chapter heading above the first sheet.
pub const PRINT_HEIGHT: f64 = (210.0 - 2.0 * 18.0 - 14.0) * PX_PER_MM;
/// No text of a printed page is smaller than this.
pub const SMALLEST_TEXT_PT: f64 = 8.0;

/// One printed page of the diagram: one or more sheets of paper.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintedPage {
    /// The steps it shows, as positions in the blueprint's steps.
    pub steps: Range<usize>,
    /// The page's diagram, in diagram pixels.
    pub diagram: Diagram,
    /// How much bigger it is printed than its pixels: CSS pixels per diagram pixel.
    pub scale: f64,
    /// Where the diagram is cut into sheets, in diagram pixels: the top of each sheet, then the
    /// bottom of the last (`[0, height]` for a page on one sheet).
    pub cuts: Vec<f64>,
}

/// The smallest font size of the diagram, in pixels.
pub fn smallest_font() -> f64 {
    FONTS
        .iter()
        .map(|font| font.size)
        .fold(f64::INFINITY, f64::min)
}

/// The least scale at which the smallest font still prints at [`SMALLEST_TEXT_PT`].
pub fn min_scale() -> f64 {
    SMALLEST_TEXT_PT / (smallest_font() * PT_PER_PX)
}

/// How many step columns fit [`PRINT_WIDTH`] at [`min_scale`], counting no flow tracks (at
/// least one).
pub fn steps_per_page() -> usize {
    // The label column, the margins and the gutter after the last column; then per step its
    // gutter and its column.
    let fixed = 2.0 * MARGIN + LABEL_COLUMN + GUTTER;
    let per_step = GUTTER + COLUMN;
    let widest = PRINT_WIDTH / min_scale();
    (((widest - fixed) / per_step).floor() as usize).max(1)
}

/// The printed pages of `blueprint`'s diagram, with fixed words in `locale`, every step on
/// exactly one page, in order.
pub fn printed_pages(blueprint: &Blueprint, locale: Locale) -> Vec<PrintedPage> {
    // A thousandth above the least, so that rounding the printed size to a tenth of a pixel
    // never takes text under 8 pt.
    let least = min_scale() * 1.001;
    let mut pending: VecDeque<Range<usize>> = page_groups(blueprint, steps_per_page()).into();
    let mut pages = Vec::with_capacity(pending.len());
    let positions = step_positions(blueprint);
    // Pages printed without the legend, with the cuts that would print it.
    let mut legendless: Vec<(usize, Vec<f64>)> = Vec::new();
    while let Some(steps) = pending.pop_front() {
        let mut diagram = layout_window(blueprint, locale, steps.clone(), &positions);
        let width_scale = PRINT_WIDTH / diagram.width;
        if width_scale < least && steps.len() > 1 {
            let middle = steps.start + steps.len() / 2;
            pending.push_front(middle..steps.end);
            pending.push_front(steps.start..middle);
            continue;
        }
        let scale = width_scale.min(PRINT_HEIGHT / diagram.height).max(least);
        // Several pages share the manual with the whole diagram: ids stay unique.
        diagram.id_prefix = format!("{}page{}-", diagram.id_prefix, pages.len() + 1);
        let room = PRINT_HEIGHT / scale;
        let with_legend = sheet_cuts(&diagram, room, diagram.height);
        // The legend is the same on every page: it is left off a page where it alone would
        // take another sheet of paper.
        let without_legend = sheet_cuts(&diagram, room, diagram.legend.rect.y - LEGEND_GAP);
        let cuts = if without_legend.len() < with_legend.len() {
            legendless.push((pages.len(), with_legend));
            without_legend
        } else {
            with_legend
        };
        pages.push(PrintedPage {
            steps,
            diagram,
            scale,
            cuts,
        });
    }
    // When every page left it off, the last one prints it after all: once is needed.
    if legendless.len() == pages.len()
        && let Some((last, cuts)) = legendless.pop()
    {
        pages[last].cuts = cuts;
    }
    pages
}

/// The space between the diagram's last lane or flow and its legend, left out with the legend.
const LEGEND_GAP: f64 = 4.0;

/// Where to cut `diagram` into sheets of at most `room` pixels. The top of a lane is the best
/// place, so that the next sheet begins with the lane's name; where that would leave more than
/// a quarter of the sheet empty, the lowest place that cuts through no box, name, marker or
/// legend; failing both, at `room` itself. What lies below `bottom` is not printed.
fn sheet_cuts(diagram: &Diagram, room: f64, bottom: f64) -> Vec<f64> {
    let lane_tops: Vec<f64> = diagram.lanes.iter().map(|lane| lane.rect.y).collect();
    // Nothing above the first lane is cut: the title, the stages and the step headers.
    let first_lane = lane_tops.first().copied().unwrap_or(diagram.height);
    let mut solid: Vec<(f64, f64)> = diagram
        .boxes
        .iter()
        .map(|action_box| (action_box.rect.y, action_box.rect.bottom()))
        .collect();
    let texts = diagram.lanes.iter().map(|lane| &lane.label);
    let texts = texts.chain(diagram.lines.iter().map(|line| &line.label));
    let texts = texts.chain(
        diagram
            .arrows
            .iter()
            .filter_map(|arrow| arrow.label.as_ref()),
    );
    solid.extend(texts.map(|text| {
        let top = text.y - text.font.line_height();
        (top, top + text.height() + text.font.line_height() / 2.0)
    }));
    solid.extend(diagram.markers.iter().map(|marker| {
        let (y, r) = (marker.center.y, marker.radius + 2.0);
        (y - r, y + r)
    }));
    let legend = diagram.legend.rect;
    solid.push((legend.y - LEGEND_GAP, diagram.height));
    let clean = |place: f64| {
        place >= first_lane
            && solid
                .iter()
                .all(|&(top, bottom)| place <= top || place >= bottom)
    };
    let mut places: Vec<f64> = solid.iter().map(|&(_, bottom)| bottom + 1.0).collect();
    places.extend(&lane_tops);
    places.extend(diagram.lanes.iter().map(|lane| lane.rect.bottom()));
    places.retain(|&place| clean(place));
    let lowest_fitting = |places: &[f64], top: f64| {
        places
            .iter()
            .copied()
            .filter(|&place| place > top + 1.0 && place <= top + room)
            .reduce(f64::max)
    };
    let mut cuts = vec![0.0];
    let mut top = 0.0;
    // A hundredth of a pixel is rounding, not a reason for another sheet.
    while bottom - top > room + 0.01 {
        let cut = lowest_fitting(&lane_tops, top)
            .filter(|&cut| cut - top >= 0.75 * room)
            .or_else(|| lowest_fitting(&places, top))
            .unwrap_or(top + room);
        cuts.push(cut);
        top = cut;
    }
    // A last sheet of nothing but lines and empty lanes tells the reader nothing: the last cut
    // moves up to the top of the lowest lane with actions, when the rest still fits a sheet.
    if let [.., before, last] = cuts[..] {
        let holds_a_box = |from: f64| diagram.boxes.iter().any(|b| b.rect.y >= from);
        if !holds_a_box(last) {
            let earlier = diagram
                .lanes
                .iter()
                .map(|lane| lane.rect.y)
                .filter(|&lane_top| lane_top > before + 1.0 && lane_top < last)
                .filter(|&lane_top| holds_a_box(lane_top) && bottom - lane_top <= room + 0.01)
                .reduce(f64::max);
            if let (Some(earlier), Some(moved)) = (earlier, cuts.last_mut()) {
                *moved = earlier;
            }
        }
    }
    cuts.push(bottom);
    cuts
}

/// The printed sheets of `blueprint`'s diagram as SVG documents sized for the paper, page by
/// page.
pub fn render_printed_pages(blueprint: &Blueprint, locale: Locale) -> Vec<String> {
    let mut sheets = Vec::new();
    for mut page in printed_pages(blueprint, locale) {
        let prefix = std::mem::take(&mut page.diagram.id_prefix);
        for (index, band) in page.cuts.windows(2).enumerate() {
            page.diagram.id_prefix = format!("{prefix}{}-", index + 1);
            let (top, bottom) = (band[0], band[1]);
            sheets.push(svg_window(&page.diagram, page.scale, top, bottom - top));
        }
    }
    sheets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::swimlane::ArrowKind;

    fn blueprint(yaml: &str) -> Blueprint {
        serde_yaml::from_str(yaml).expect("test blueprint")
    }

    /// Seven steps in stages of 2, 4 and 1; a flow from step 7 back to step 2.
    const SEVEN: &str = "blueprint: 1\nid: seven\ntitle: Seven\n\
        stages:\n  - { id: a, name: Arrive }\n  - { id: b, name: Serve }\n  - { id: c, name: Leave }\n\
        steps:\n\
        \x20 - { id: s1, name: One, stage: a, customer: c1, mots: [{ id: m1, moment: m1, kind: fail, severity: high }] }\n\
        \x20 - { id: s2, name: Two, stage: a, customer: c2 }\n\
        \x20 - { id: s3, name: Three, stage: b, customer: c3 }\n\
        \x20 - { id: s4, name: Four, stage: b, customer: c4 }\n\
        \x20 - { id: s5, name: Five, stage: b, customer: c5, mots: [{ id: m5, moment: m5, kind: delight, severity: low }] }\n\
        \x20 - { id: s6, name: Six, stage: b, customer: c6 }\n\
        \x20 - { id: s7, name: Seven, stage: c, customer: c7 }\n\
        flows:\n  - { from: s7, to: s2, label: Redo }\n";

    #[test]
    fn the_geometry_gives_three_steps_a_page() {
        // A4 landscape less 2 × 15 mm: 267 mm × 96 / 25.4 = 1009.13 px. The smallest font,
        // 10.5 px, is 7.875 pt; 8 pt needs a scale of 8 / 7.875 = 1.0159, so the diagram may
        // be 1009.13 / 1.0159 = 993.4 px wide. Fixed: 2 × 24 + 128 + 28 = 204 px; each step
        // 28 + 176 = 204 px: 204 + 3 × 204 = 816 fits, 204 + 4 × 204 = 1020 does not.
        assert!((PRINT_WIDTH - 1009.13).abs() < 0.01, "{PRINT_WIDTH}");
        assert!((PRINT_HEIGHT - 604.72).abs() < 0.01, "{PRINT_HEIGHT}");
        assert_eq!(smallest_font(), 10.5);
        assert!((min_scale() - 1.015_873).abs() < 1e-6, "{}", min_scale());
        assert_eq!(steps_per_page(), 3);
    }

    #[test]
    fn every_step_is_on_one_page_and_numbers_continue() {
        let pages = printed_pages(&blueprint(SEVEN), Locale::En);
        // Stages of 2, 4 and 1 steps, 3 a page: [1 2] [3 4 5] [6 7].
        let steps: Vec<Range<usize>> = pages.iter().map(|page| page.steps.clone()).collect();
        assert_eq!(steps, vec![0..2, 2..5, 5..7]);
        let numbers: Vec<Vec<&str>> = pages
            .iter()
            .map(|page| {
                let columns = &page.diagram.columns;
                columns.iter().map(|c| c.number.lines[0].as_str()).collect()
            })
            .collect();
        assert_eq!(
            numbers,
            vec![vec!["1", "2"], vec!["3", "4", "5"], vec!["6", "7"]]
        );
        let stages: Vec<Vec<&str>> = pages
            .iter()
            .map(|page| {
                let bands = &page.diagram.stages;
                bands.iter().map(|b| b.name.lines[0].as_str()).collect()
            })
            .collect();
        assert_eq!(
            stages,
            vec![vec!["Arrive"], vec!["Serve"], vec!["Serve", "Leave"]]
        );
        for page in &pages {
            assert_eq!(page.diagram.lines.len(), 3, "the three lines on every page");
            assert!(page.scale >= min_scale());
            assert!(page.diagram.width * page.scale <= PRINT_WIDTH + 0.01);
            assert_eq!(page.cuts, vec![0.0, page.diagram.height], "one sheet each");
            let prefix = &page.diagram.id_prefix;
            assert!(prefix.starts_with("frontline-seven-page"), "{prefix}");
        }
        // The marker of step 5 is on the second page, in its third column.
        let markers = &pages[1].diagram.markers;
        assert_eq!(markers.len(), 1);
        assert_eq!(markers[0].column, 2);
    }

    #[test]
    fn a_flow_to_another_page_runs_to_the_edge_and_names_the_step() {
        let pages = printed_pages(&blueprint(SEVEN), Locale::En);
        let flows = |page: &PrintedPage| -> Vec<(Vec<String>, f64, f64)> {
            page.diagram
                .arrows
                .iter()
                .filter(|arrow| arrow.kind == ArrowKind::Flow)
                .map(|arrow| {
                    let label = arrow.label.as_ref().map(|l| l.lines.clone());
                    let first = arrow.points[0].x;
                    let last = arrow.points[arrow.points.len() - 1].x;
                    (label.unwrap_or_default(), first, last)
                })
                .collect()
        };
        // Page 3 holds step 7: the flow leaves it to the left edge of the columns (24 + 128).
        let leaving = flows(&pages[2]);
        assert_eq!(leaving.len(), 1);
        assert_eq!(leaving[0].0, vec!["Redo · → step 2".to_owned()]);
        assert_eq!(leaving[0].2, 152.0);
        // Page 1 holds step 2: the flow comes in from the right edge of the columns, after
        // two steps, the second's gutter 8 px wider for the flow: 152 + 204 + 212 + 28 = 596.
        let entering = flows(&pages[0]);
        assert_eq!(entering.len(), 1);
        assert_eq!(entering[0].0, vec!["Redo · from step 7".to_owned()]);
        assert_eq!(entering[0].1, 596.0);
        // Page 2 is neither end: no flow.
        assert!(flows(&pages[1]).is_empty());
    }

    #[test]
    fn a_page_too_tall_for_the_paper_goes_on_two_sheets_cut_through_no_box() {
        // Step 1 has six frontline actions of one line each: a box is 6 + 14 (role, a line of
        // 10.5 px × 1.3, rounded) + 16 (12 px × 1.3) + 6 = 42 px, six with 16 px gaps
        // 6 × 42 + 5 × 16 = 332 px, the lane 332 + 2 × 10 = 352 px. With the heading, the
        // step headers, the customer lane, the lines and the legend the page is taller than
        // the 604.7 / 1.0159 = 595 px a sheet holds at 8 pt: it is printed at that least scale
        // on two sheets.
        let mut yaml = "blueprint: 1\nid: tall\ntitle: Tall\nsteps:\n".to_owned();
        yaml.push_str("  - id: s1\n    name: S1\n    customer: c\n    frontline:\n");
        for _ in 0..6 {
            yaml.push_str("      - { role: r, do: act }\n");
        }
        for index in 2..=3 {
            yaml.push_str(&format!(
                "  - {{ id: s{index}, name: S{index}, customer: c }}\n"
            ));
        }
        let pages = printed_pages(&blueprint(&yaml), Locale::En);
        assert_eq!(pages.len(), 1);
        let page = &pages[0];
        assert_eq!(page.steps, 0..3);
        assert!(page.diagram.height * min_scale() > PRINT_HEIGHT);
        assert!(page.scale > min_scale() && page.scale < 1.002 * min_scale());
        // The frontline lane's bottom, 219 + 352 = 571 px, fits and cuts through nothing, but
        // would leave the second sheet nothing but the lines and the legend: the cut moves up
        // to the top of the frontline lane (219 px), and the lane, the lines and the legend
        // below it fit the second sheet.
        let frontline = &page.diagram.lanes[1];
        assert_eq!(frontline.row, crate::render::swimlane::Row::Frontline);
        assert_eq!(frontline.rect.y, 219.0);
        assert_eq!(frontline.rect.bottom(), 571.0);
        let cut = frontline.rect.y;
        assert_eq!(page.cuts, vec![0.0, cut, page.diagram.height]);
        for band in page.cuts.windows(2) {
            assert!((band[1] - band[0]) * page.scale <= PRINT_HEIGHT + 0.01);
        }
        let svgs = render_printed_pages(&blueprint(&yaml), Locale::En);
        assert_eq!(svgs.len(), 2);
        let view_box = format!("viewBox=\"0 {} ", (cut * 10.0).round() / 10.0);
        assert!(svgs[1].contains(&view_box), "{}", &svgs[1][..200]);
        assert!(svgs[1].contains("frontline-tall-page1-2-title"));
    }

    #[test]
    fn the_pages_are_svg_sized_for_the_paper() {
        let svgs = render_printed_pages(&blueprint(SEVEN), Locale::ZhCn);
        assert_eq!(svgs.len(), 3);
        // Page 2: three steps, 816 px wide, printed 1009.1 px wide (rounded to a tenth).
        assert!(
            svgs[1].starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1009.1\""),
            "{}",
            &svgs[1][..120]
        );
        assert!(svgs[1].contains("viewBox=\"0 0 816 "));
        assert!(svgs[2].contains("来自步骤") || svgs[0].contains("来自步骤"));
    }

    #[test]
    fn the_legend_is_printed_once_at_least_and_never_costs_a_sheet_but_once() {
        let blueprint = blueprint(include_str!("../../../blueprints/car-service-4s.yaml"));
        let pages = printed_pages(&blueprint, Locale::ZhCn);
        let mut printed = 0;
        for page in &pages {
            let room = PRINT_HEIGHT / page.scale;
            let last = page.cuts.last().copied().unwrap_or_default();
            if last == page.diagram.height {
                printed += 1;
            } else {
                // Left off: it stops where the legend begins, and printing it would have
                // taken one more sheet.
                assert_eq!(last, page.diagram.legend.rect.y - LEGEND_GAP);
                let with = sheet_cuts(&page.diagram, room, page.diagram.height);
                assert_eq!(with.len(), page.cuts.len() + 1);
            }
        }
        assert!(printed >= 1, "the legend is on some page");
    }
}
