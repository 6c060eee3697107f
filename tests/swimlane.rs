//! The swimlane diagram's geometry, for the bundled blueprints and for generated ones of 1 to
//! 500 steps: boxes do not overlap, text fits its box, boxes sit in their lane and column,
//! arrows are orthogonal, join boxes and never cross a box or a marker. Plus the 4S snapshots
//! and hostile text in SVG and Mermaid.

use frontline::i18n::Locale;
use frontline::model::{
    Action, Blueprint, Countermeasure, CountermeasureKind, Duration, Flow, Lane, Mot, MotKind,
    Role, Severity, Stage, Step, TextList,
};
use frontline::render::mermaid;
use frontline::render::swimlane::text;
use frontline::render::swimlane::{self, Diagram, Divide, Rect, Row, TextBlock};
use std::path::Path;

/// Slack for sums of floating-point widths.
const EPSILON: f64 = 1e-6;

fn bundled() -> Vec<(String, Blueprint)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints");
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .expect("blueprints folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            let blueprint = frontline::load::parse(&text)
                .blueprint
                .unwrap_or_else(|| panic!("{} loads", path.display()));
            (path.display().to_string(), blueprint)
        })
        .collect()
}

fn four_s() -> Blueprint {
    bundled()
        .into_iter()
        .find(|(path, _)| path.ends_with("car-service-4s.yaml"))
        .expect("4S blueprint")
        .1
}

fn action(role: &str, text: String) -> Action {
    Action {
        role: role.to_owned(),
        action: text,
    }
}

fn step(id: String, name: String) -> Step {
    Step {
        id,
        name,
        stage: None,
        customer: TextList::default(),
        frontline: Vec::new(),
        backstage: Vec::new(),
        support: Vec::new(),
        evidence: Vec::new(),
        duration: None,
        wait: None,
        standards: Vec::new(),
        mots: Vec::new(),
        notes: None,
        ..Step::default()
    }
}

fn mot(id: String, kind: MotKind, severity: Severity) -> Mot {
    Mot {
        id,
        moment: "The guest waits and nobody notices".to_owned(),
        kind,
        severity,
        countermeasures: vec![Countermeasure {
            text: "Look up".to_owned(),
            kind: CountermeasureKind::Prevent,
            role: None,
            long_form: false,
        }],
        ..Mot::default()
    }
}

fn role(id: &str, name: &str, lane: Lane) -> Role {
    Role {
        id: id.to_owned(),
        name: name.to_owned(),
        lane,
        duties: None,
        formerly: Vec::new(),
    }
}

fn empty_blueprint(id: &str, title: &str) -> Blueprint {
    Blueprint {
        blueprint: 1,
        id: id.to_owned(),
        title: title.to_owned(),
        locale: None,
        version: None,
        owner: None,
        document: None,
        summary: None,
        roles: Vec::new(),
        stages: Vec::new(),
        steps: Vec::new(),
        flows: Vec::new(),
    }
}

/// A blueprint of `count` steps that varies everything the layout depends on: lanes used,
/// stacked actions, English, Chinese and unbreakable text, stages, MOTs, timings and flows
/// (loops back, skips, several into one step, a step to itself).
pub fn generated(count: usize) -> Blueprint {
    let mut blueprint = empty_blueprint("generated", "Generated blueprint 生成的服务蓝图");
    blueprint.roles = vec![
        role("host", "Host", Lane::Frontline),
        role("advisor", "服务咨询师", Lane::Frontline),
        role(
            "cook",
            "Kitchen and housekeeping coordination team",
            Lane::Backstage,
        ),
        role("system", "Property management system", Lane::Support),
    ];
    let texts = [
        "Greets the guest by name",
        "接听客户来电，礼貌回应并询问客户称呼，按客户信息登记表确认预约时间和车辆信息",
        "Checks the reservation, the payment card and the special requests of the guest before the guest arrives at the desk",
        "Supercalifragilisticexpialidocious-and-then-some-more-unbreakable-text",
        "短",
    ];
    let stage_count = count.div_ceil(5);
    blueprint.stages = (0..stage_count)
        .map(|index| Stage {
            id: format!("stage-{index}"),
            name: format!("Stage {index} 阶段"),
        })
        .collect();
    for index in 0..count {
        let mut step = step(format!("step-{index}"), texts[index % 5].to_owned());
        step.stage = Some(format!("stage-{}", index / 5));
        let text = |offset: usize| texts[(index + offset) % 5].to_owned();
        if index % 2 == 0 {
            step.customer = TextList(vec![text(1)]);
        }
        if index % 7 == 3 {
            step.customer.0.push(text(2));
        }
        for extra in 0..(index % 4) {
            let role = if extra % 2 == 0 { "host" } else { "advisor" };
            step.frontline.push(action(role, text(extra + 2)));
        }
        if index % 3 == 1 {
            step.backstage.push(action("cook", text(3)));
        }
        if index % 5 == 2 || step.frontline.is_empty() && step.customer.is_empty() {
            step.support.push(action("system", text(4)));
            step.support.push(action("unknown-role", text(0)));
        }
        if index % 3 == 0 {
            step.evidence = vec![text(0), text(3)];
        }
        for m in 0..(index % 6) {
            let kind = if m % 3 == 2 {
                MotKind::Delight
            } else {
                MotKind::Fail
            };
            let severity = [Severity::Low, Severity::Medium, Severity::High][m % 3];
            step.mots
                .push(mot(format!("mot-{index}-{m}"), kind, severity));
        }
        if index % 4 == 1 {
            step.duration = Some(Duration("15m".to_owned()));
        }
        if index % 6 == 1 {
            step.wait = Some(Duration("5m".to_owned()));
        }
        blueprint.steps.push(step);
    }
    let mut flows = Vec::new();
    for index in 0..count {
        if index % 7 == 6 {
            flows.push((index, index - 3, Some("Loop back for a second try")));
        }
        if index % 11 == 0 && index + 4 < count {
            flows.push((index, index + 4, Some("跳过可选步骤")));
        }
        if index % 13 == 5 && index + 1 < count {
            flows.push((index, index + 1, None));
            flows.push((index, index + 1, Some("Second way")));
        }
        if index == count / 2 {
            flows.push((index, index, Some("Repeat")));
            flows.push((count - 1, 0, Some("Start over from the very beginning")));
        }
    }
    blueprint.flows = flows
        .into_iter()
        .map(|(from, to, label)| Flow {
            from: format!("step-{from}"),
            to: format!("step-{to}"),
            label: label.map(str::to_owned),
        })
        .collect();
    blueprint
}

/// The top of a text block (its first baseline sits a fixed share of a line below it).
fn block_top(block: &TextBlock) -> f64 {
    block.y - (block.font.line_height() / 2.0 + block.font.size * 0.35)
}

fn assert_lines_fit(block: &TextBlock, width: f64, what: &str) {
    for line in &block.lines {
        let measured = text::width(line, block.font);
        assert!(
            measured <= width + EPSILON,
            "{what}: {line:?} is {measured} wide, room {width}"
        );
    }
}

fn assert_block_inside(block: &TextBlock, rect: &Rect, what: &str) {
    let top = block_top(block);
    assert!(
        top >= rect.y - EPSILON && top + block.height() <= rect.bottom() + EPSILON,
        "{what}: text rows {top}..{} outside {rect:?}",
        top + block.height()
    );
}

/// Checks every geometric promise of the diagram; `what` names it in failures.
fn assert_geometry(diagram: &Diagram, what: &str) {
    let page = Rect {
        x: 0.0,
        y: 0.0,
        w: diagram.width,
        h: diagram.height,
    };

    // Boxes: inside their lane and column, text fits, no two overlap (sweep by x).
    for (index, action_box) in diagram.boxes.iter().enumerate() {
        let what = format!(
            "{what}: box {index} ({:?}, column {})",
            action_box.row, action_box.column
        );
        let lane = diagram
            .lanes
            .iter()
            .find(|lane| lane.row == action_box.row)
            .unwrap_or_else(|| panic!("{what}: its lane is drawn"));
        assert!(
            lane.rect.contains(&action_box.rect),
            "{what}: outside its lane"
        );
        let column = &diagram.columns[action_box.column];
        assert_eq!(column.step, action_box.column);
        assert!(
            column.rect.contains(&action_box.rect),
            "{what}: outside its column"
        );
        assert!(page.contains(&action_box.rect), "{what}: outside the page");
        let mut blocks = vec![&action_box.text];
        blocks.extend(&action_box.role);
        for block in blocks {
            assert_lines_fit(block, action_box.text_width(), &what);
            assert_block_inside(block, &action_box.rect, &what);
            assert!(
                block.x >= action_box.rect.x,
                "{what}: text starts left of the box"
            );
        }
        if let Some(role) = &action_box.role {
            assert!(block_top(&action_box.text) >= block_top(role) + role.height() - EPSILON);
        }
    }
    let mut by_x: Vec<&Rect> = diagram.boxes.iter().map(|b| &b.rect).collect();
    by_x.sort_by(|a, b| a.x.total_cmp(&b.x));
    for (index, a) in by_x.iter().enumerate() {
        for b in by_x[index + 1..].iter().take_while(|b| b.x < a.right()) {
            assert!(!a.overlaps(b), "{what}: boxes overlap: {a:?} and {b:?}");
        }
    }

    // Lanes top to bottom in blueprint order, without overlap; the three lines always, in order,
    // between the right lanes.
    for pair in diagram.lanes.windows(2) {
        assert!(pair[0].row < pair[1].row, "{what}: lane order");
        assert!(
            pair[0].rect.bottom() <= pair[1].rect.y + EPSILON,
            "{what}: lanes overlap"
        );
    }
    let divides: Vec<Divide> = diagram.lines.iter().map(|line| line.divide).collect();
    assert_eq!(
        divides,
        [
            Divide::Interaction,
            Divide::Visibility,
            Divide::InternalInteraction
        ],
        "{what}"
    );
    for pair in diagram.lines.windows(2) {
        assert!(pair[0].y < pair[1].y, "{what}: line order");
    }
    for line in &diagram.lines {
        assert!(
            !line.label.lines.concat().is_empty(),
            "{what}: unlabelled line"
        );
        assert_lines_fit(&line.label, 112.0, what);
        for lane in &diagram.lanes {
            assert!(
                line.y <= lane.rect.y + EPSILON || line.y >= lane.rect.bottom() - EPSILON,
                "{what}: {:?} runs through the {:?} lane",
                line.divide,
                lane.row
            );
            let above = match line.divide {
                Divide::Interaction => lane.row <= Row::Customer,
                Divide::Visibility => lane.row <= Row::Frontline,
                Divide::InternalInteraction => lane.row <= Row::Backstage,
            };
            assert_eq!(
                lane.rect.y < line.y,
                above,
                "{what}: {:?} vs {:?}",
                line.divide,
                lane.row
            );
        }
    }

    // Columns: one per step, left to right, headers fitting.
    for pair in diagram.columns.windows(2) {
        assert!(
            pair[0].rect.right() < pair[1].rect.x,
            "{what}: columns overlap"
        );
    }
    for column in &diagram.columns {
        assert!(
            column.rect.contains(&column.header),
            "{what}: header outside column"
        );
        assert!(
            column.header.contains(&column.badge),
            "{what}: badge outside header"
        );
        assert_lines_fit(&column.name, column.rect.w - 16.0, what);
        assert_block_inside(&column.name, &column.header, what);
        if let Some(timing) = &column.timing {
            assert_lines_fit(&timing.text, column.rect.w - 16.0, what);
            assert_block_inside(&timing.text, &column.header, what);
        }
        assert_eq!(column.number.lines, [(column.step + 1).to_string()]);
    }
    for stage in &diagram.stages {
        assert_lines_fit(&stage.name, stage.rect.w - 12.0, what);
    }

    // Markers sit on the line of interaction's band, in their column, clear of each other.
    let marker_rects: Vec<Rect> = diagram
        .markers
        .iter()
        .map(|marker| {
            let r = marker.radius * 1.15;
            Rect {
                x: marker.center.x - r,
                y: marker.center.y - r,
                w: 2.0 * r,
                h: 2.0 * r,
            }
        })
        .collect();
    for (marker, rect) in diagram.markers.iter().zip(&marker_rects) {
        let column = &diagram.columns[marker.column].rect;
        assert!(
            rect.x >= column.x && rect.right() <= column.right(),
            "{what}: marker out of column"
        );
        for action_box in &diagram.boxes {
            assert!(!action_box.rect.overlaps(rect), "{what}: marker on a box");
        }
    }

    // Arrows: orthogonal, from one box's edge to another's, crossing no box and no marker.
    let max_width = by_x.iter().map(|r| r.w).fold(0.0, f64::max);
    let obstacles = |x0: f64, x1: f64| {
        let start = by_x.partition_point(|r| r.x < x0 - max_width);
        by_x[start..]
            .iter()
            .take_while(move |r| r.x <= x1)
            .copied()
            .chain(marker_rects.iter())
    };
    let on_edge = |p: &swimlane::Point| {
        diagram.boxes.iter().any(|b| {
            let r = &b.rect;
            let inside_x = p.x >= r.x - EPSILON && p.x <= r.right() + EPSILON;
            let inside_y = p.y >= r.y - EPSILON && p.y <= r.bottom() + EPSILON;
            inside_x
                && inside_y
                && ((p.x - r.x).abs() < EPSILON
                    || (p.x - r.right()).abs() < EPSILON
                    || (p.y - r.y).abs() < EPSILON
                    || (p.y - r.bottom()).abs() < EPSILON)
        })
    };
    for (index, arrow) in diagram.arrows.iter().enumerate() {
        let what = format!("{what}: arrow {index} {:?}", arrow.kind);
        assert!(arrow.points.len() >= 2, "{what}: too short");
        assert!(
            on_edge(&arrow.points[0]),
            "{what}: does not leave a box edge"
        );
        assert!(
            on_edge(&arrow.points[arrow.points.len() - 1]),
            "{what}: does not reach a box edge"
        );
        for pair in arrow.points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            assert!(
                a.x == b.x || a.y == b.y,
                "{what}: diagonal segment {a:?} {b:?}"
            );
            assert!(
                page.contains(&Rect {
                    x: a.x,
                    y: a.y,
                    w: 0.0,
                    h: 0.0
                }),
                "{what}: off the page"
            );
            for obstacle in obstacles(a.x.min(b.x), a.x.max(b.x)) {
                assert!(
                    !obstacle.is_crossed_by(a, b),
                    "{what}: segment {a:?}-{b:?} crosses {obstacle:?}"
                );
            }
        }
        if let Some(label) = &arrow.label {
            assert!(
                label.x >= 0.0
                    && label.x + text::width(&label.lines[0], label.font) <= diagram.width
            );
        }
    }

    // Everything else on the page.
    for lane in &diagram.lanes {
        assert!(page.contains(&lane.rect), "{what}: lane off the page");
    }
    assert!(
        page.contains(&diagram.legend.rect),
        "{what}: legend off the page"
    );
    for entry in &diagram.legend.entries {
        assert_lines_fit(&entry.text, diagram.width, what);
    }
}

/// The arrows the blueprint implies: one between consecutive actions, one per flow.
fn expected_arrows(blueprint: &Blueprint) -> usize {
    let actions: usize = blueprint
        .steps
        .iter()
        .map(|step| {
            step.customer.0.len() + step.frontline.len() + step.backstage.len() + step.support.len()
        })
        .sum();
    actions.saturating_sub(1) + blueprint.flows.len()
}

#[test]
fn bundled_blueprints_have_sound_geometry_in_both_languages() {
    for (path, blueprint) in bundled() {
        for locale in [Locale::ZhCn, Locale::En] {
            let diagram = swimlane::layout(&blueprint, locale);
            assert_geometry(&diagram, &format!("{path} {locale}"));
            assert_eq!(diagram.columns.len(), blueprint.steps.len());
            assert_eq!(diagram.arrows.len(), expected_arrows(&blueprint), "{path}");
            let mots: usize = blueprint.steps.iter().map(|step| step.mots.len()).sum();
            assert_eq!(diagram.markers.len(), mots, "{path}");
        }
    }
}

#[test]
fn generated_blueprints_of_1_to_500_steps_have_sound_geometry() {
    for count in [1, 2, 3, 7, 12, 50, 500] {
        let blueprint = generated(count);
        let diagram = swimlane::layout(&blueprint, Locale::En);
        assert_geometry(&diagram, &format!("{count} steps"));
        assert_eq!(
            diagram.arrows.len(),
            expected_arrows(&blueprint),
            "{count} steps"
        );
    }
}

#[test]
fn lanes_without_actions_are_left_out_but_the_three_lines_stay() {
    let mut blueprint = empty_blueprint("one", "One");
    blueprint.roles = vec![role("host", "Host", Lane::Frontline)];
    let mut only = step("only".to_owned(), "Only".to_owned());
    only.frontline.push(action("host", "Says hello".to_owned()));
    blueprint.steps.push(only);
    let diagram = swimlane::layout(&blueprint, Locale::ZhCn);
    let rows: Vec<Row> = diagram.lanes.iter().map(|lane| lane.row).collect();
    assert_eq!(rows, [Row::Frontline]);
    let names: Vec<String> = diagram
        .lines
        .iter()
        .map(|line| line.label.lines.concat())
        .collect();
    assert_eq!(names, ["接触线", "可视线", "内部互动线"]);
    assert!(diagram.arrows.is_empty());
    assert_geometry(&diagram, "one step");
}

#[test]
fn boxes_carry_role_names_and_fall_back_to_the_role_id() {
    let diagram = swimlane::layout(&generated(3), Locale::En);
    let roles: Vec<String> = diagram
        .boxes
        .iter()
        .filter_map(|b| b.role.as_ref())
        .map(|role| role.lines.join(" "))
        .collect();
    assert!(roles.iter().any(|role| role == "Host"), "{roles:?}");
    assert!(roles.iter().any(|role| role == "unknown-role"), "{roles:?}");
    assert!(
        diagram
            .boxes
            .iter()
            .filter(|b| b.row == Row::Customer)
            .all(|b| b.role.is_none())
    );
}

#[test]
fn chinese_wraps_between_characters_and_english_between_words() {
    let diagram = swimlane::layout(&four_s(), Locale::ZhCn);
    let wrapped = diagram
        .boxes
        .iter()
        .find(|b| b.text.lines.len() > 1 && b.text.lines[0].starts_with("接听客户来电"))
        .expect("a wrapped Chinese action");
    assert_eq!(
        wrapped.text.lines.concat(),
        "接听客户来电，礼貌回应并询问客户称呼"
    );
    let diagram = swimlane::layout(&generated(3), Locale::En);
    for action_box in &diagram.boxes {
        for line in &action_box.text.lines {
            if line.starts_with("Checks") || line.starts_with("the ") {
                assert!(!line.ends_with('-'), "{line}");
                assert!(line.split(' ').all(|word| "Checks the reservation, payment card and special requests of guest before arrives at desk".contains(word)), "{line}");
            }
        }
    }
}

#[test]
fn step_headers_show_duration_and_wait() {
    let hotel = bundled()
        .into_iter()
        .find(|(path, _)| path.ends_with("hotel-checkin.yaml"))
        .expect("hotel")
        .1;
    let diagram = swimlane::layout(&hotel, Locale::En);
    let timing = diagram.columns[3]
        .timing
        .as_ref()
        .expect("step 4 has timing");
    assert_eq!(timing.text.lines, ["Duration: 5m", "Customer waits: 5m"]);
    assert!(timing.wait);
    let diagram = swimlane::layout(&hotel, Locale::ZhCn);
    let timing = diagram.columns[3]
        .timing
        .as_ref()
        .expect("step 4 has timing");
    assert_eq!(timing.text.lines, ["时长：5m", "客户等待：5m"]);
}

#[test]
fn output_is_deterministic_and_a_well_formed_accessible_svg() {
    let blueprint = four_s();
    let svg = swimlane::render_svg(&blueprint, Locale::ZhCn);
    assert_eq!(svg, swimlane::render_svg(&blueprint, Locale::ZhCn));
    let document = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(
        root.attribute("viewBox")
            .is_some_and(|v| v.starts_with("0 0 "))
    );
    let title = root
        .children()
        .find(|n| n.has_tag_name("title"))
        .expect("title");
    assert_eq!(title.text(), Some("4S店维修保养服务流程"));
    assert!(root.children().any(|n| n.has_tag_name("desc")));
    let texts: String = document
        .descendants()
        .filter(|n| n.has_tag_name("tspan"))
        .filter_map(|n| n.text())
        .collect();
    for word in [
        "接触线",
        "可视线",
        "内部互动线",
        "客户电话预约",
        "服务咨询师",
        "质检不合格，返工",
        "图例",
    ] {
        assert!(texts.contains(word), "{word} is not drawn as text");
    }
    assert!(!svg.contains("href"), "no external resources");
}

#[test]
fn svg_snapshot_of_the_4s_blueprint() {
    insta::assert_snapshot!(swimlane::render_svg(&four_s(), Locale::ZhCn));
}

#[test]
fn mermaid_snapshot_of_the_4s_blueprint() {
    insta::assert_snapshot!(mermaid::render(&four_s(), Locale::ZhCn));
}

const HOSTILE: &str = "<script>alert(1)</script> \"><svg onload=alert(1)> ]]> & 'q' \"dq\" a]b|c;d#e`f`\nnew line %%x {x} \u{202e}evil\u{0}\u{1b}";

fn hostile_blueprint() -> Blueprint {
    let mut blueprint = empty_blueprint("hostile", HOSTILE);
    blueprint.roles = vec![
        role("host", HOSTILE, Lane::Frontline),
        role("cook", HOSTILE, Lane::Backstage),
    ];
    blueprint.stages = vec![Stage {
        id: "stage".to_owned(),
        name: HOSTILE.to_owned(),
    }];
    for index in 0..3 {
        let mut hostile = step(format!("s{index}"), HOSTILE.to_owned());
        hostile.stage = Some("stage".to_owned());
        hostile.customer = TextList(vec![HOSTILE.to_owned(), HOSTILE.repeat(2000)]);
        hostile.frontline.push(action("host", HOSTILE.to_owned()));
        hostile.backstage.push(action("cook", HOSTILE.to_owned()));
        hostile.backstage.push(action(HOSTILE, HOSTILE.to_owned()));
        hostile.evidence.push(HOSTILE.to_owned());
        hostile.duration = Some(Duration(HOSTILE.to_owned()));
        hostile.wait = Some(Duration(HOSTILE.to_owned()));
        let mut moment = mot(format!("m{index}"), MotKind::Delight, Severity::High);
        moment.moment = HOSTILE.to_owned();
        hostile.mots.push(moment);
        blueprint.steps.push(hostile);
    }
    blueprint.flows.push(Flow {
        from: "s2".to_owned(),
        to: "s0".to_owned(),
        label: Some(HOSTILE.to_owned()),
    });
    blueprint
}

#[test]
fn hostile_text_is_escaped_in_svg() {
    let blueprint = hostile_blueprint();
    let diagram = swimlane::layout(&blueprint, Locale::En);
    assert_geometry(&diagram, "hostile");
    let svg = swimlane::svg(&diagram);
    for raw in [
        "<script",
        "<svg onload",
        "]]>",
        "\u{202e}",
        "\u{0}",
        "\u{1b}",
        "'q'",
        "\"dq\"",
    ] {
        assert!(!svg.contains(raw), "{raw:?} is in the SVG unescaped");
    }
    let document = roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert_eq!(
        document
            .descendants()
            .filter(|n| n.has_tag_name("svg"))
            .count(),
        1
    );
    assert!(!document.descendants().any(|n| n.has_tag_name("script")));
    assert!(
        document
            .descendants()
            .all(|n| n.attributes().all(|a| !a.name().starts_with("on")))
    );
    let title = document
        .root_element()
        .first_element_child()
        .expect("title");
    assert!(
        title
            .text()
            .is_some_and(|t| t.starts_with("<script>alert(1)</script>"))
    );
    // The megabyte-long action is cut to its box, with the full text in a tooltip.
    assert!(diagram.boxes.iter().any(|b| b.full_text.is_some() && b.text.lines.last().is_some_and(|l| l.ends_with('…'))));
    assert!(svg.len() < 200_000, "the SVG is {} bytes", svg.len());
}

#[test]
fn hostile_text_is_escaped_in_mermaid() {
    let chart = mermaid::render(&hostile_blueprint(), Locale::En);
    for raw in [
        "<script", "<svg", "]]>", "`", "\u{202e}", "\u{0}", "%%x", "{x}", "'q'\"dq",
    ] {
        assert!(!chart.contains(raw), "{raw:?} is in the Mermaid unescaped");
    }
    for line in chart.lines() {
        let line = line.trim_start();
        let known = ["flowchart ", "subgraph ", "direction ", "end", "%% ---- "]
            .iter()
            .any(|start| line.starts_with(start))
            || line.starts_with('a')
            || line.starts_with('e');
        assert!(known, "unexpected line {line:?}");
        // Quoted labels hold no quote, and nothing Mermaid reads follows the closing one.
        if let Some(open) = line.find('"') {
            let close = line.rfind('"').expect("closing quote");
            assert!(close > open, "{line}");
            let inside = &line[open + 1..close];
            assert_eq!(
                inside.matches(';').count(),
                inside.matches('#').count(),
                "{inside}"
            );
            for c in ['"', '[', ']', '|', '<', '>', '`'] {
                assert!(!inside.contains(c), "{c:?} in label {inside:?}");
            }
            for hash in inside.match_indices('#') {
                let rest = &inside[hash.0 + 1..];
                let digits = rest.chars().take_while(char::is_ascii_digit).count();
                assert!(
                    digits > 0 && rest[digits..].starts_with(';'),
                    "bare # in {inside:?}"
                );
            }
        }
    }
    assert!(chart.contains("#60;script#62;"));
}
