//! Where the time of one blueprint goes, stage by stage: parse (bytes to the typed model), check
//! (every rule), the whole of `check` for the file (with placing its findings), then each
//! renderer. The 4S blueprint is the input.
//!
//! `cargo bench --bench pipeline`

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::check::check_blueprint;
use frontline::config::RuleLevels;
use frontline::i18n::Locale;
use frontline::render::outputs::{OUTPUTS, Scope};
use frontline::render::{Prepared, Renderer};
use std::hint::black_box;

fn pipeline(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/blueprints/car-service-4s.yaml"
    );
    let text = std::fs::read_to_string(path).expect("4S blueprint");
    let blueprint = frontline::load::parse(&text)
        .blueprint
        .expect("the 4S blueprint loads");
    let levels = RuleLevels::default();

    c.bench_function("parse yaml to a generic value (the floor)", |b| {
        b.iter(|| serde_yaml::from_str::<serde_yaml::Value>(black_box(&text)))
    });
    c.bench_function("parse to the model", |b| {
        b.iter(|| frontline::load::parse(black_box(&text)))
    });
    c.bench_function("check every rule", |b| {
        b.iter(|| check_blueprint(black_box(&blueprint), &levels))
    });
    // Read, parse, check and place the findings, as `check` does for each file: the 4S
    // blueprint has warnings, so this includes the second reading that places them.
    let file = std::path::Path::new(path);
    c.bench_function("check one file and place its findings", |b| {
        b.iter(|| frontline::run::check_file(black_box(file), &levels, &Default::default()))
    });

    let renderer = Renderer::new(None).expect("default templates");
    c.bench_function("prepare the view", |b| {
        b.iter(|| Prepared::new(black_box(&blueprint), Locale::ZhCn, 0))
    });
    let prepared = Prepared::new(&blueprint, Locale::ZhCn, 0);
    for output in OUTPUTS {
        let role = (output.scope() == Scope::Role).then_some(0);
        c.bench_function(&format!("render {}", output.name()), |b| {
            b.iter(|| renderer.render(black_box(*output), &prepared, role))
        });
    }
    c.bench_function("render every file of a blueprint", |b| {
        b.iter(|| renderer.render_all(black_box(&prepared)))
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
