//! Writes a corpus of realistic blueprints for benchmarks:
//!
//! ```sh
//! cargo run --release --example gen-corpus -- DIR FILES STEPS
//! cargo run --release --example gen-corpus -- --bundled DIR COPIES
//! cargo run --release --example gen-corpus -- --library DIR FILES ITEMS
//! ```
//!
//! Every file of the first form is a clean blueprint of STEPS steps shaped like the bundled 4S
//! blueprint (a customer action, front-line, backstage and support work, three standards with
//! targets, MOTs with countermeasures), in Chinese and English by turns.
//!
//! The second form copies the bundled blueprints (`blueprints/*.yaml`) COPIES times, each copy
//! under its own blueprint id, with the bundled standards libraries (`libraries/*.yaml`) they
//! use. Real blueprints carry warnings, so this is the corpus that measures what placing
//! findings costs.
//!
//! The third form writes the same FILES blueprints twice: `DIR/inline/` with ITEMS standards
//! written out in each, and `DIR/uses/` with the same standards taken from one library of ITEMS
//! items (`DIR/uses/library.yaml`) by `use:`, to measure what resolving libraries costs.
//!
//! The output depends only on the arguments (and the bundled files), so runs on different
//! machines measure the same input.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// A small deterministic generator (xorshift), so the corpus needs no random source.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[(self.next() % words.len() as u64) as usize]
    }
}

const ZH_ACTIONS: &[&str] = &[
    "接听客户来电，礼貌回应并询问客户称呼",
    "主动迎接客户，递上名片并自我介绍",
    "与客户一起确认维修项目和费用",
    "引导客户到休息区并提供饮品",
    "核对客户信息并登记到系统",
    "向客户说明处理进度和预计完成时间",
];
const ZH_STANDARDS: &[&str] = &[
    "来电铃声响三声内接听",
    "客户到店后30秒内上前问候",
    "每隔20分钟向客户通报一次进度",
    "五分钟内给出初步答复",
    "使用客户姓名称呼至少两次",
];
const ZH_MOMENTS: &[&str] = &[
    "铃声响了好几声，没有人接听",
    "客户等了很久，没有人告诉他进度",
    "客户对费用有疑问，员工解释不清",
];
const EN_ACTIONS: &[&str] = &[
    "Greets the guest and offers help",
    "Confirms the booking details with the guest",
    "Explains the estimate and the time needed",
    "Shows the guest to the lounge and offers a drink",
    "Records the request in the system",
    "Tells the guest how the work is going",
];
const EN_STANDARDS: &[&str] = &[
    "Answer the phone before the third ring",
    "Greet every guest within 30 seconds of arrival",
    "Update the guest on progress every 20 minutes",
    "Use the guest's name at least twice",
];
const EN_MOMENTS: &[&str] = &[
    "The phone rings and nobody answers",
    "The guest waits and nobody says how long",
    "The guest asks about the bill and gets no clear answer",
];

fn blueprint(number: usize, steps: usize) -> String {
    let chinese = number.is_multiple_of(2);
    let mut words = Sequence(0x9E37_79B9_7F4A_7C15 ^ (number as u64 + 1));
    let (actions, standards, moments) = if chinese {
        (ZH_ACTIONS, ZH_STANDARDS, ZH_MOMENTS)
    } else {
        (EN_ACTIONS, EN_STANDARDS, EN_MOMENTS)
    };
    let mut out = String::with_capacity(steps * 900);
    let _ = writeln!(
        out,
        "blueprint: 1\nid: corpus-{number}\ntitle: Corpus blueprint {number}\nlocale: {}\nversion: \"1.0\"\nowner: Service QA\nsummary: |\n  A generated blueprint of **{steps} steps** for benchmarks.\n",
        if chinese { "zh-CN" } else { "en" }
    );
    out.push_str(
        "roles:\n  - { id: advisor, name: Advisor, lane: frontline }\n  - { id: technician, name: Technician, lane: backstage }\n  - { id: system, name: Dealer system, lane: support }\n",
    );
    let stages = steps.div_ceil(5);
    out.push_str("stages:\n");
    for stage in 0..stages {
        let _ = writeln!(out, "  - {{ id: stage-{stage}, name: Stage {stage} }}");
    }
    out.push_str("steps:\n");
    for step in 0..steps {
        let _ = write!(
            out,
            "  - id: step-{step}\n    name: Step {step}\n    stage: stage-{}\n    customer: {}\n    frontline:\n      - {{ role: advisor, do: {} }}\n      - {{ role: advisor, do: {} }}\n    backstage:\n      - {{ role: technician, do: {} }}\n    support:\n      - {{ role: system, do: {} }}\n    evidence: [{}]\n    duration: {}m\n    standards:\n",
            step / 5,
            words.pick(actions),
            words.pick(actions),
            words.pick(actions),
            words.pick(actions),
            words.pick(actions),
            words.pick(actions),
            1 + words.next() % 30,
        );
        for standard in 0..3 {
            let _ = write!(
                out,
                "      - id: standard-{step}-{standard}\n        text: {} {step}.{standard}\n        role: advisor\n        target: {{ within: {}m }}\n",
                words.pick(standards),
                1 + words.next() % 20,
            );
            if standard == 0 {
                out.push_str("        critical: true\n");
            }
        }
        let _ = write!(
            out,
            "    mots:\n      - id: mot-{step}\n        moment: {}\n        severity: high\n        countermeasures:\n          - {}\n          - {{ text: {}, kind: recover, role: advisor }}\n    notes: |\n      Trainer's note for step {step}: *practise it twice*.\n",
            words.pick(moments),
            words.pick(actions),
            words.pick(actions),
        );
    }
    if steps > 2 {
        let _ = writeln!(
            out,
            "flows:\n  - {{ from: step-{}, to: step-1, label: again }}",
            steps - 1
        );
    }
    out
}

/// The bundled blueprints, by file name, sorted so that every run writes the same corpus.
fn bundled_blueprints() -> std::io::Result<Vec<(String, String)>> {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("blueprints");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&folder)? {
        let path = entry?.path();
        if path
            .extension()
            .is_some_and(|extension| extension == "yaml")
        {
            let stem = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            found.push((stem, std::fs::read_to_string(&path)?));
        }
    }
    found.sort();
    Ok(found)
}

/// The blueprint with its top-level `id:` line renamed, so that copies do not share one id (a
/// finding of its own) and everything else, findings included, stays as it is.
fn renamed(text: &str, copy: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        match line.strip_prefix("id:") {
            Some(id) => {
                let _ = writeln!(out, "id: {}-copy-{copy}", id.trim());
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Writes COPIES copies of every bundled blueprint into `dir`, and the bundled standards
/// libraries once (as `library-NAME.yaml`), since the blueprints `use:` their items.
fn copy_bundled(dir: &std::path::Path, copies: usize) -> std::io::Result<()> {
    let blueprints = bundled_blueprints()?;
    let libraries = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("libraries");
    for entry in std::fs::read_dir(libraries)? {
        let path = entry?.path();
        if let Some(name) = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            && name.ends_with(".yaml")
        {
            std::fs::copy(&path, dir.join(format!("library-{name}")))?;
        }
    }
    for copy in 0..copies {
        for (name, text) in &blueprints {
            let path = dir.join(format!("{name}-{copy:05}.yaml"));
            std::fs::write(&path, renamed(text, copy))?;
        }
    }
    Ok(())
}

/// The standard `index` of the library corpus: its id, text and target.
fn library_standard(index: usize) -> (String, String, String) {
    (
        format!("standard-{index:03}"),
        format!("第 {index} 条：客户到店后30秒内上前问候，并使用客户姓名称呼至少两次"),
        format!("{{ within: {}s }}", 30 + index % 30),
    )
}

/// A blueprint of `items / 10` steps of ten standards each, written out or used.
fn library_blueprint(number: usize, items: usize, used: bool) -> String {
    let mut text = format!(
        "blueprint: 1\nid: library-user-{number:05}\ntitle: 门店服务 {number}\nlocale: zh-CN\nroles:\n  - {{ id: advisor, name: 服务顾问, lane: frontline }}\nsteps:\n"
    );
    for step in 0..items.div_ceil(10) {
        let _ = write!(
            text,
            "  - id: step-{step}\n    name: 第 {step} 步\n    customer: 客户到店\n    frontline:\n      - {{ role: advisor, do: 主动迎接客户 }}\n    standards:\n"
        );
        for index in step * 10..(step * 10 + 10).min(items) {
            let (id, standard, target) = library_standard(index);
            if used {
                let _ = writeln!(text, "      - use: shared/{id}");
            } else {
                let _ = write!(
                    text,
                    "      - id: {id}\n        text: {standard}\n        target: {target}\n"
                );
            }
        }
    }
    text
}

/// The library form: the same blueprints inline and using a library.
fn write_library_corpus(dir: &std::path::Path, files: usize, items: usize) -> std::io::Result<()> {
    let inline = dir.join("inline");
    let uses = dir.join("uses");
    std::fs::create_dir_all(&inline)?;
    std::fs::create_dir_all(&uses)?;
    let mut library = String::from(
        "library: 1\nid: shared\ntitle: 集团服务标准库\nversion: \"1.0\"\nlocale: zh-CN\nstandards:\n",
    );
    for index in 0..items {
        let (id, standard, target) = library_standard(index);
        let _ = write!(
            library,
            "  - id: {id}\n    text: {standard}\n    target: {target}\n"
        );
    }
    std::fs::write(uses.join("library.yaml"), library)?;
    for number in 0..files {
        let name = format!("blueprint-{number:05}.yaml");
        std::fs::write(inline.join(&name), library_blueprint(number, items, false))?;
        std::fs::write(uses.join(&name), library_blueprint(number, items, true))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, dir, files, items] = args.as_slice()
        && flag == "--library"
    {
        let (Ok(files), Ok(items)) = (files.parse::<usize>(), items.parse::<usize>()) else {
            eprintln!("usage: gen-corpus --library DIR FILES ITEMS");
            return ExitCode::from(2);
        };
        let dir = PathBuf::from(dir);
        if let Err(error) = write_library_corpus(&dir, files, items.max(1)) {
            eprintln!("{}: {error}", dir.display());
            return ExitCode::from(2);
        }
        return ExitCode::SUCCESS;
    }
    if let [flag, dir, copies] = args.as_slice()
        && flag == "--bundled"
    {
        let Ok(copies) = copies.parse::<usize>() else {
            eprintln!("usage: gen-corpus --bundled DIR COPIES");
            return ExitCode::from(2);
        };
        let dir = PathBuf::from(dir);
        if let Err(error) = std::fs::create_dir_all(&dir).and_then(|()| copy_bundled(&dir, copies))
        {
            eprintln!("{}: {error}", dir.display());
            return ExitCode::from(2);
        }
        return ExitCode::SUCCESS;
    }
    let parsed = match args.as_slice() {
        [dir, files, steps] => files
            .parse::<usize>()
            .ok()
            .zip(steps.parse::<usize>().ok())
            .map(|(files, steps)| (PathBuf::from(dir), files, steps.max(1))),
        _ => None,
    };
    let Some((dir, files, steps)) = parsed else {
        eprintln!(
            "usage: gen-corpus DIR FILES STEPS | gen-corpus --bundled DIR COPIES | gen-corpus --library DIR FILES ITEMS"
        );
        return ExitCode::from(2);
    };
    if let Err(error) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {error}", dir.display());
        return ExitCode::from(2);
    }
    for number in 0..files {
        let path = dir.join(format!("blueprint-{number:05}.yaml"));
        if let Err(error) = std::fs::write(&path, blueprint(number, steps)) {
            eprintln!("{}: {error}", path.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
