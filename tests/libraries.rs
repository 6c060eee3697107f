//! Standards libraries: resolution, sources, every library finding on both sides, and the
//! outputs that carry where a standard came from.

mod common;

use common::{check_json, fixtures, frontline, places};
use serde_json::Value;
use std::path::Path;

/// (code, line, column, file ending) of every finding.
fn located(report: &Value) -> Vec<(String, u64, u64, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap_or_default();
            let name = file.rsplit('/').next().unwrap_or(file).to_owned();
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                name,
            )
        })
        .collect()
}

fn owned(expected: &[(&str, u64, u64, &str)]) -> Vec<(String, u64, u64, String)> {
    expected
        .iter()
        .map(|&(code, line, column, file)| (code.to_owned(), line, column, file.to_owned()))
        .collect()
}

/// Runs `check --format json` in `folder` on `paths`.
fn check_in(folder: &Path, paths: &[&str]) -> (i32, Value) {
    let output = frontline()
        .current_dir(folder)
        .arg("check")
        .args(paths)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

/// A folder holding `files` (relative path, text).
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = temp.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("write");
    }
    temp
}

const LIBRARY: &str = "library: 1
id: acme
title: ACME standards
version: \"2.1\"
locale: en
standards:
  - id: answer-by-third-ring
    text: Answer before the third ring
    target: { max: 3, unit: rings }
    critical: true
  - id: greet-fast
    text: Greet every guest within ten seconds
mots:
  - id: phone-unanswered
    moment: The phone rings and nobody answers
    countermeasures: [Someone always stays by the phone]
";

/// A blueprint of one step whose standards and MOTs are the given YAML lines (indented by 6).
fn blueprint(id: &str, standards: &str, mots: &str) -> String {
    format!(
        "blueprint: 1
id: {id}
title: Front desk
locale: en
roles:
  - {{ id: receptionist, name: Receptionist, lane: frontline }}
steps:
  - id: arrive
    name: Arrival
    customer: The guest calls
    frontline:
      - {{ role: receptionist, do: Answer }}
    standards:
{standards}    mots:
{mots}"
    )
}

#[test]
fn a_library_finding_is_reported_once_at_the_library_however_many_blueprints_use_it() {
    let (status, report) = check_json(&["libraries/"]);
    // FL101 on `warm-smile` is the library's, though two blueprints use it; FL111 is the
    // combination's, at the use, with the library line as its second place.
    assert_eq!(
        located(&report),
        owned(&[
            ("FL111", 18, 9, "front-desk.yaml"),
            ("FL101", 18, 11, "acme.yaml"),
        ])
    );
    assert_eq!(status, 0);
    let related = &report["diagnostics"][0]["related"][0];
    assert_eq!(related["file"], "libraries/lib/acme.yaml");
    assert_eq!(
        (related["line"].as_u64(), related["column"].as_u64()),
        (Some(16), Some(5))
    );
    assert!(
        related["message"]
            .as_str()
            .is_some_and(|m| m.contains("acme") && m.contains("2.1")),
        "{related}"
    );
}

#[test]
fn the_human_report_shows_the_library_line_as_a_second_place() {
    let output = frontline()
        .args(["check", "libraries/", "--locale", "en", "--color", "never"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains(
            "  --> libraries/lib/acme.yaml:16:5: defined in library `acme` 2.1\n   |\n16 |     target: { max: 3, unit: 声 }\n   |     ^^^^^^\n"
        ),
        "{text}"
    );
}

#[test]
fn sarif_names_the_library_line_in_related_locations() {
    let output = frontline()
        .args(["check", "libraries/", "--format", "sarif"])
        .output()
        .expect("runs");
    let log: Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let loosened = results
        .iter()
        .find(|r| r["ruleId"] == "FL111")
        .expect("FL111 result");
    let location = &loosened["relatedLocations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "libraries/lib/acme.yaml"
    );
    assert_eq!(location["region"]["startLine"], 16);
}

#[test]
fn resolve_writes_the_items_out_with_their_source_and_the_blueprints_overrides() {
    let output = frontline()
        .args([
            "--config",
            "libraries/frontline.toml",
            "resolve",
            "libraries/bp/front-desk.yaml",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let expected_steps = "steps:
- id: arrive
  name: 客户到店
  customer:
  - 客户进店
  frontline:
  - role: receptionist
    do: 起身问候
  standards:
  # from acme 2.1 (libraries/lib/acme.yaml:9)
  - id: greet-fast
    text: 客户进店 10 秒内主动问候
    role: receptionist
    target:
      within: 10s
    critical: true
    say:
    - 您好，欢迎光临！
  # from acme 2.1 (libraries/lib/acme.yaml:14)
  - id: answer-fast
    text: 来电铃声响三声内接听
    target:
      max: 4.0
      unit: 声
  # from acme 2.1 (libraries/lib/acme.yaml:17)
  - id: warm-smile
    text: 面带微笑，热情接待
  mots:
  # from acme 2.1 (libraries/lib/acme.yaml:20)
  - id: phone-unanswered
    moment: 铃声响了好几声，没有人接听
    kind: fail
    severity: high
    countermeasures:
    - text: 电话旁边必须有人，离开时请同事代接
      kind: prevent
    - text: 主动致歉：“让您久等了”
      kind: recover
    - text: 由前台代接并登记回电
      kind: recover
      role: receptionist
";
    assert!(text.ends_with(expected_steps), "{text}");

    // The YAML is itself a blueprint: checked alone, it needs no library.
    let temp = tempfile::tempdir().expect("temp dir");
    let resolved = temp.path().join("resolved.yaml");
    std::fs::write(&resolved, text.as_bytes()).expect("write");
    let (status, report) = check_json(&[resolved.to_str().expect("path")]);
    assert_eq!(status, 0);
    assert_eq!(places(&report), vec![("FL101".to_owned(), 35, 11)]);

    let json = frontline()
        .args([
            "--config",
            "libraries/frontline.toml",
            "resolve",
            "libraries/bp/front-desk.yaml",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let value: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let standards = &value["steps"][0]["standards"];
    assert_eq!(
        standards[1]["source"],
        serde_json::json!({ "library": "acme", "version": "2.1", "file": "libraries/lib/acme.yaml", "line": 14 })
    );
    assert_eq!(standards[1]["id"], "answer-fast");
    assert_eq!(
        value["steps"][0]["mots"][0]["countermeasures"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
}

#[test]
fn a_use_may_set_only_the_keys_the_format_allows() {
    let standards = "      - use: acme/answer-by-third-ring
        text: Answer at once
      - use: acme/greet-fast
        colour: blue
      - id: local
        text: Answer within 10 seconds
        reason: because
";
    let mots = "      - use: acme/phone-unanswered
        moment: Nobody answers
";
    let temp = project(&[
        ("acme.yaml", LIBRARY),
        ("desk.yaml", &blueprint("desk", standards, mots)),
    ]);
    let (status, report) = check_in(temp.path(), &["."]);
    assert_eq!(
        located(&report),
        owned(&[
            ("FL002", 15, 9, "desk.yaml"),
            ("FL002", 17, 9, "desk.yaml"),
            ("FL002", 20, 9, "desk.yaml"),
            ("FL002", 23, 9, "desk.yaml"),
        ])
    );
    assert_eq!(status, 1);
    let help = report["diagnostics"][0]["help"]
        .as_str()
        .unwrap_or_default();
    assert!(
        help.contains("`id`, `role`, `target`, `critical`, `weight`, `say`, `avoid`, `reason`"),
        "{help}"
    );
    let help = report["diagnostics"][3]["help"]
        .as_str()
        .unwrap_or_default();
    assert!(
        help.contains("`id`, `severity`, `countermeasures`, `reason`"),
        "{help}"
    );
}

#[test]
fn a_use_that_names_nothing_gets_did_you_mean() {
    let standards = "      - use: acmee/greet-fast
      - use: acme/greet-fats
      - use: acme/phone-unanswered
      - use: greet-fast
";
    let temp = project(&[
        ("acme.yaml", LIBRARY),
        ("desk.yaml", &blueprint("desk", standards, "")),
    ]);
    let (status, report) = check_in(temp.path(), &["."]);
    // No use names a library item, so every item of the library is unused too.
    assert_eq!(
        located(&report),
        owned(&[
            ("FL112", 7, 9, "acme.yaml"),
            ("FL112", 11, 9, "acme.yaml"),
            ("FL112", 14, 9, "acme.yaml"),
            ("FL004", 14, 14, "desk.yaml"),
            ("FL004", 15, 14, "desk.yaml"),
            ("FL004", 16, 14, "desk.yaml"),
            ("FL002", 17, 14, "desk.yaml"),
        ])
    );
    assert_eq!(status, 1);
    let helps: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .skip(3)
        .map(|d| d["help"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(helps[0], "did you mean `acme`?");
    assert_eq!(helps[1], "did you mean `acme/greet-fast`?");
    assert_eq!(
        helps[2],
        "`phone-unanswered` is an MOT of the library: use it under `mots:`"
    );

    // Without any library, the help says where libraries come from.
    let alone = project(&[(
        "desk.yaml",
        &blueprint("desk", "      - use: acme/greet-fast\n", ""),
    )]);
    let (_, report) = check_in(alone.path(), &["."]);
    let help = report["diagnostics"][0]["help"]
        .as_str()
        .unwrap_or_default();
    assert!(help.contains("frontline.toml"), "{help}");
}

#[test]
fn ids_of_libraries_and_of_used_items_are_unique() {
    let standards = "      - use: acme/greet-fast
      - use: acme/greet-fast
";
    let twin = LIBRARY.replace("title: ACME standards", "title: ACME again");
    let temp = project(&[
        ("a/acme.yaml", LIBRARY),
        ("b/acme.yaml", &twin),
        (
            "c/desk.yaml",
            &blueprint("desk", standards, "      - use: acme/phone-unanswered\n"),
        ),
        ("d/clash.yaml", &LIBRARY.replace("id: acme", "id: desk")),
    ]);
    let (status, report) = check_in(temp.path(), &["."]);
    let found = located(&report);
    // The second use of one item: its id is taken. The twin library and the library named like
    // the blueprint: FL003 at their id.
    assert!(
        found.contains(&("FL003".to_owned(), 15, 14, "desk.yaml".to_owned())),
        "{found:?}"
    );
    assert!(
        found.contains(&("FL003".to_owned(), 2, 5, "acme.yaml".to_owned())),
        "{found:?}"
    );
    assert!(
        found.contains(&("FL003".to_owned(), 2, 5, "clash.yaml".to_owned())),
        "{found:?}"
    );
    assert_eq!(status, 1);
}

#[test]
fn a_library_is_checked_like_a_blueprint_at_its_own_lines() {
    let library = "library: 2
id: acme
title: ACME
standards:
  - id: greet
    text: Greet warmly
    role: receptionist
  - id: greet
    text: Answer before the third ring
    critical: true
mots:
  - id: lost
    moment: The booking is lost
    severity: high
    countermeasures:
      - { text: Read it back, role: receptionist }
";
    let temp = project(&[("acme.yaml", library)]);
    let (status, report) = check_in(temp.path(), &["."]);
    assert_eq!(
        located(&report),
        owned(&[
            ("FL002", 1, 10, "acme.yaml"),
            ("FL101", 6, 11, "acme.yaml"),
            ("FL002", 7, 5, "acme.yaml"),
            ("FL003", 8, 9, "acme.yaml"),
            ("FL107", 10, 5, "acme.yaml"),
            ("FL108", 14, 15, "acme.yaml"),
            ("FL002", 16, 31, "acme.yaml"),
        ])
    );
    assert_eq!(status, 1);
    assert_eq!(
        report["diagnostics"][3]["message"],
        "the standard id `greet` is already used by standard 1 of this library"
    );

    // A good library alone is clean: unused items are reported only when blueprints are checked.
    let clean = project(&[("acme.yaml", LIBRARY)]);
    let (status, report) = check_in(clean.path(), &["."]);
    assert_eq!(located(&report), Vec::new());
    assert_eq!(status, 0);
}

#[test]
fn configured_libraries_are_found_and_a_missing_one_names_its_resolved_path() {
    let temp = project(&[
        ("frontline.toml", "libraries = [\"shared/\"]\n"),
        ("shared/acme.yaml", LIBRARY),
        (
            "blueprints/desk.yaml",
            &blueprint(
                "desk",
                "      - use: acme/answer-by-third-ring\n      - use: acme/greet-fast\n",
                "      - use: acme/phone-unanswered\n",
            ),
        ),
    ]);
    // Found through frontline.toml: every use resolves, every item is used.
    let (status, report) = check_in(temp.path(), &[]);
    assert_eq!(located(&report), Vec::new());
    // One blueprint file, and one library counted apart.
    assert_eq!(report["files"], 1);
    assert_eq!(report["libraries"], 1);
    assert_eq!(status, 0);

    std::fs::write(
        temp.path().join("frontline.toml"),
        "libraries = [\"missing/\"]\n",
    )
    .expect("write");
    let output = frontline()
        .current_dir(temp.path())
        .arg("check")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    let resolved = temp.path().join("missing");
    assert!(
        message.contains(&resolved.display().to_string()),
        "{message}"
    );
}

#[test]
fn outputs_carry_the_source_and_a_library_change_reaches_every_manual() {
    let uses = "      - use: acme/answer-by-third-ring\n      - use: acme/greet-fast\n";
    let mot = "      - use: acme/phone-unanswered\n";
    let temp = project(&[
        ("frontline.toml", "libraries = [\"libraries/\"]\n"),
        ("libraries/acme.yaml", LIBRARY),
        ("blueprints/desk.yaml", &blueprint("desk", uses, mot)),
        ("blueprints/lobby.yaml", &blueprint("lobby", uses, mot)),
    ]);
    let build = |out: &str| {
        let output = frontline()
            .current_dir(temp.path())
            .args(["build", "--out", out])
            .output()
            .expect("runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    build("site");
    let site = temp.path().join("site");
    let read = |path: &str| std::fs::read_to_string(site.join(path)).expect(path);

    let csv = read("desk/standards.csv");
    let header = csv.lines().next().unwrap_or_default();
    assert!(header.ends_with(",Source"), "{header}");
    assert!(
        csv.lines()
            .nth(1)
            .unwrap_or_default()
            .ends_with(",acme 2.1"),
        "{csv}"
    );
    assert!(
        read("desk/manual.html")
            .contains("<span class=\"badge source\" title=\"Source\">acme 2.1</span>")
    );
    assert!(read("desk/checklist.md").contains("Source: acme 2.1"));

    let page = read("libraries/acme.html");
    for expected in [
        "Answer before the third ring",
        "<a href=\"../desk/manual.html\">Front desk</a>: 1. Arrival",
        "<a href=\"../lobby/manual.html\">Front desk</a>: 1. Arrival",
    ] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
    assert!(
        read("index.html")
            .contains("<a href=\"libraries/acme.html\" class=\"title\">ACME standards</a>")
    );

    // Head office tightens the standard: both manuals change with it.
    let tightened = LIBRARY
        .replace(
            "Answer before the third ring",
            "Answer before the second ring",
        )
        .replace("max: 3", "max: 2");
    std::fs::write(temp.path().join("libraries/acme.yaml"), tightened).expect("write");
    build("site");
    for manual in [
        "desk/manual.html",
        "lobby/manual.html",
        "desk/manual.md",
        "lobby/manual.md",
    ] {
        let text = read(manual);
        assert!(text.contains("Answer before the second ring"), "{manual}");
        assert!(!text.contains("Answer before the third ring"), "{manual}");
    }
}

#[test]
fn blueprints_without_libraries_are_untouched_by_them() {
    // The bundled 4S blueprint written out in full resolves to itself.
    let file = fixtures().join("clean.yaml");
    let output = frontline()
        .args(["resolve", file.to_str().expect("path")])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains("# from"), "{text}");
    assert!(text.contains("- id: answer-by-third-ring\n    text: Answer before the third ring\n"));
}

#[test]
fn render_draws_a_blueprint_that_uses_a_library_and_stops_at_a_library_error() {
    let render = |library: &str, blueprint_id: &str, uses: bool| {
        let desk = if uses {
            blueprint(
                blueprint_id,
                "      - use: acme/answer-by-third-ring\n",
                "      - use: acme/phone-unanswered\n",
            )
        } else {
            blueprint(blueprint_id, "", "")
        };
        let temp = project(&[
            ("frontline.toml", "libraries = [\"lib\"]\n"),
            ("lib/acme.yaml", library),
            ("desk.yaml", &desk),
        ]);
        frontline()
            .current_dir(temp.path())
            .args(["render", "desk.yaml", "--target", "svg"])
            .output()
            .expect("runs")
    };
    for uses in [true, false] {
        let drawn = render(LIBRARY, "desk", uses);
        assert_eq!(drawn.status.code(), Some(0), "{uses}");
        assert!(String::from_utf8_lossy(&drawn.stdout).starts_with("<svg"));
    }
    // A library item without a text is an error of the library (FL002), a blueprint named like
    // the library one of the run (FL003): either stops the diagram, with the finding, even when
    // the blueprint uses nothing from the library, since the full check would fail too.
    let broken = LIBRARY.replace("    text: Greet every guest within ten seconds\n", "");
    for uses in [true, false] {
        for (library, blueprint_id, code) in [
            (broken.as_str(), "desk", "FL002"),
            (LIBRARY, "acme", "FL003"),
        ] {
            let stopped = render(library, blueprint_id, uses);
            assert_eq!(stopped.status.code(), Some(1), "{code} {uses}");
            assert!(stopped.stdout.is_empty(), "{code} {uses}");
            let report = String::from_utf8_lossy(&stopped.stderr);
            assert!(report.contains(code), "{code} {uses}: {report}");
        }
    }
}

/// `check` in this repository, whose frontline.toml names `libraries/`; the report on
/// standard output, as text.
fn check_in_repository(args: &[&str]) -> (i32, String) {
    let output = frontline()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("check")
        .args(args)
        .args(["--color", "never"])
        .output()
        .expect("runs");
    let shown = String::from_utf8(output.stdout).expect("UTF-8 report");
    (output.status.code().unwrap_or(-1), shown)
}

#[test]
fn a_run_of_one_file_reports_only_what_concerns_it_in_the_libraries() {
    // The hotel blueprint uses no library: the library's unused items and its vague standard
    // are nobody's business in a run of this one file.
    let (status, shown) = check_in_repository(&["blueprints/hotel-checkin.yaml"]);
    assert_eq!(status, 0);
    assert_eq!(
        shown,
        "checked 1 file and 1 library: 0 errors, 0 warnings\n"
    );
    let (status, shown) = check_in_repository(&[
        "blueprints/hotel-checkin.yaml",
        "--deny",
        "warnings",
        "--locale",
        "zh-CN",
    ]);
    assert_eq!(status, 0);
    assert_eq!(shown, "已检查 1 个文件和 1 个标准库：0 个错误，0 个警告\n");

    let json = |args: &[&str]| {
        let (_, shown) = check_in_repository(&[args, &["--format", "json"]].concat());
        let report: Value = serde_json::from_str(&shown).expect("JSON");
        report
    };
    let report = json(&["blueprints/hotel-checkin.yaml"]);
    assert_eq!(report["files"], 1);
    assert_eq!(report["libraries"], 1);
    assert_eq!(located(&report), owned(&[]));

    // The call centre uses the standard whose text is vague: that warning is its business.
    let report = json(&["blueprints/call-centre.yaml"]);
    let library: Vec<_> = located(&report)
        .into_iter()
        .filter(|(.., file)| file == "group-phone.yaml")
        .collect();
    assert_eq!(library, owned(&[("FL101", 18, 11, "group-phone.yaml")]));

    // The 4S blueprint uses only the first standard, which has no warning.
    let report = json(&["blueprints/car-service-4s.yaml"]);
    assert!(
        located(&report)
            .iter()
            .all(|(.., file)| file != "group-phone.yaml"),
        "{report}"
    );

    // --all says the paths are the whole project: every library warning, and FL112.
    let report = json(&["blueprints/hotel-checkin.yaml", "--all"]);
    assert_eq!(
        located(&report),
        owned(&[
            ("FL112", 13, 9, "group-phone.yaml"),
            ("FL112", 17, 9, "group-phone.yaml"),
            ("FL101", 18, 11, "group-phone.yaml"),
            ("FL112", 22, 9, "group-phone.yaml"),
        ])
    );
    let message = report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(
        message,
        "项目中没有任何蓝图引用标准库中的服务要求 `answer-by-third-ring`"
    );
}

#[test]
fn the_blueprint_folders_are_the_whole_project() {
    let blueprint_text = blueprint("desk", "      - use: acme/greet-fast\n", "");
    // The standard and the MOT of acme that desk does not use (lines 7 and 14).
    let unused = owned(&[("FL112", 7, 9, "acme.yaml"), ("FL112", 14, 9, "acme.yaml")]);
    let temp = project(&[
        ("blueprints/acme.yaml", LIBRARY),
        ("blueprints/desk.yaml", &blueprint_text),
    ]);
    let root = temp.path();
    let both = ["blueprints/desk.yaml", "blueprints/acme.yaml"];
    for whole in [
        &["blueprints"][..],
        &["./blueprints/"],
        &["."],
        &[both[0], both[1], "--all"],
    ] {
        let (_, report) = check_in(root, whole);
        let found: Vec<_> = located(&report)
            .into_iter()
            .filter(|(code, ..)| code == "FL112")
            .collect();
        assert_eq!(found, unused, "{whole:?}");
    }
    for some in [&both[..], &[both[1], both[0]]] {
        let (_, report) = check_in(root, some);
        assert!(
            located(&report).iter().all(|(code, ..)| code != "FL112"),
            "{some:?}: {report}"
        );
        assert_eq!(report["files"], 1, "{some:?}");
        assert_eq!(report["libraries"], 1, "{some:?}");
    }

    // Configured blueprint folders are the project, and the default one is then not.
    std::fs::rename(root.join("blueprints"), root.join("service")).expect("moved");
    std::fs::write(
        root.join("frontline.toml"),
        "[audit]\nblueprints = [\"service\"]\n",
    )
    .expect("written");
    let (_, report) = check_in(root, &["service"]);
    let found: Vec<_> = located(&report)
        .into_iter()
        .filter(|(code, ..)| code == "FL112")
        .collect();
    assert_eq!(found, unused);
}
