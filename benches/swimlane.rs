//! How long the swimlane diagram takes: layout plus SVG writing, for the 4S blueprint
//! (goal: under 1 ms) and for a generated blueprint of 10,000 steps (goal: under 1 s).
//!
//! `cargo bench --bench swimlane`

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::i18n::Locale;
use frontline::model::{
    Action, Blueprint, Countermeasure, CountermeasureKind, Flow, Lane, Mot, MotKind, Role,
    Severity, Step, TextList,
};
use frontline::render::{mermaid, swimlane};
use std::hint::black_box;

fn four_s() -> Blueprint {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/blueprints/car-service-4s.yaml"
    );
    let text = std::fs::read_to_string(path).expect("4S blueprint");
    frontline::load::parse(&text).blueprint.expect("4S loads")
}

/// `count` steps with a customer action, one to three staff actions, a MOT and a flow back
/// every tenth step: about the mix of the bundled blueprints.
fn generated(count: usize) -> Blueprint {
    let role = |id: &str, lane| Role {
        id: id.to_owned(),
        name: format!("{id} 角色"),
        lane,
        duties: None,
        formerly: Vec::new(),
    };
    let action = |role: &str, text: &str| Action {
        role: role.to_owned(),
        action: text.to_owned(),
    };
    let steps = (0..count)
        .map(|index| Step {
            id: format!("step-{index}"),
            name: format!("第 {index} 步 step name"),
            stage: None,
            customer: TextList(vec!["客户来电预约，说明车辆故障".to_owned()]),
            frontline: (0..1 + index % 3)
                .map(|_| {
                    action(
                        "advisor",
                        "Greets the guest by name and confirms the booking",
                    )
                })
                .collect(),
            backstage: vec![action("technician", "根据顾客提出的故障信息进行初步诊断")],
            support: if index % 4 == 0 {
                vec![action("dms", "Stores the reservation")]
            } else {
                Vec::new()
            },
            evidence: vec!["预约确认短信".to_owned()],
            duration: None,
            wait: None,
            standards: Vec::new(),
            mots: vec![Mot {
                id: format!("mot-{index}"),
                moment: "铃声响了好几声，没有人接听".to_owned(),
                kind: if index % 5 == 0 {
                    MotKind::Delight
                } else {
                    MotKind::Fail
                },
                severity: Severity::High,
                countermeasures: vec![Countermeasure {
                    text: "电话旁边必须有人".to_owned(),
                    kind: CountermeasureKind::Prevent,
                    role: None,
                    long_form: false,
                }],
                ..Mot::default()
            }],
            notes: None,
            ..Step::default()
        })
        .collect();
    Blueprint {
        blueprint: 1,
        id: "generated".to_owned(),
        title: "Generated".to_owned(),
        locale: None,
        version: None,
        owner: None,
        document: None,
        summary: None,
        roles: vec![
            role("advisor", Lane::Frontline),
            role("technician", Lane::Backstage),
            role("dms", Lane::Support),
        ],
        stages: Vec::new(),
        steps,
        flows: (0..count / 10)
            .map(|index| Flow {
                from: format!("step-{}", index * 10 + 9),
                to: format!("step-{}", index * 10 + 2),
                label: Some("返工 rework".to_owned()),
            })
            .collect(),
    }
}

fn bench(c: &mut Criterion) {
    let four_s = four_s();
    c.bench_function("4S layout", |b| {
        b.iter(|| swimlane::layout(black_box(&four_s), Locale::ZhCn))
    });
    c.bench_function("4S layout + svg", |b| {
        b.iter(|| swimlane::render_svg(black_box(&four_s), Locale::ZhCn))
    });
    c.bench_function("4S printed pages", |b| {
        b.iter(|| swimlane::pages::render_printed_pages(black_box(&four_s), Locale::ZhCn))
    });
    c.bench_function("4S mermaid", |b| {
        b.iter(|| mermaid::render(black_box(&four_s), Locale::ZhCn))
    });
    let large = generated(10_000);
    let mut group = c.benchmark_group("10,000 steps");
    group.sample_size(10);
    group.bench_function("layout + svg", |b| {
        b.iter(|| swimlane::render_svg(black_box(&large), Locale::ZhCn))
    });
    group.bench_function("printed pages", |b| {
        b.iter(|| swimlane::pages::render_printed_pages(black_box(&large), Locale::ZhCn))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
