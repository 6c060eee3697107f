//! `frontline training quiz`: the same seed gives the same file, byte for byte; every answer is
//! among its options and is right, by the blueprint as written here by hand; `--base` asks only
//! about what changed; the workbook has the exam platforms' header row; the printed paper keeps
//! the answer key to its last page.

mod common;

use common::{chromium, fixtures, frontline, python_with};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Writes the quiz of `blueprint` (below the fixtures) to `out` with `args`; panics unless it
/// succeeds.
fn quiz(blueprint: &str, out: &Path, args: &[&str]) -> Vec<u8> {
    let output = frontline()
        .args(["training", "quiz", blueprint, "-o"])
        .arg(out)
        .args(args)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read(out).expect("written")
}

/// One question as the Markdown paper prints it, with its answer from the key.
#[derive(Debug)]
struct Asked {
    prompt: String,
    options: Vec<String>,
    answer: String,
}

/// Reads the Markdown paper back: the questions above the answer key, the answers in it.
fn read_paper(text: &str) -> Vec<Asked> {
    let text = text.replace('\\', "");
    let (questions, key) = text
        .split_once("## Answer key")
        .or_else(|| text.split_once("## 参考答案"))
        .expect("an answer key");
    let mut asked: Vec<Asked> = Vec::new();
    for line in questions.lines() {
        if let Some(rest) = line.strip_prefix("**") {
            let (_, prompt) = rest.split_once("** ").expect("numbered");
            let (_, prompt) = prompt.split_once("] ").expect("kind");
            asked.push(Asked {
                prompt: prompt.to_owned(),
                options: Vec::new(),
                answer: String::new(),
            });
        } else if let Some(option) = line.strip_prefix("- ") {
            let (_, text) = option.split_once(". ").expect("lettered");
            asked
                .last_mut()
                .expect("a question")
                .options
                .push(text.to_owned());
        }
    }
    let rows: Vec<&str> = key
        .lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| #"))
        .collect();
    assert_eq!(rows.len(), asked.len(), "one key row per question");
    for (row, question) in rows.iter().zip(&mut asked) {
        let cells: Vec<&str> = row.split(" | ").collect();
        let (letter, text) = cells[1].split_once(". ").expect("letter and text");
        let at = (letter.as_bytes()[0] - b'A') as usize;
        assert_eq!(
            question.options[at], text,
            "the key names the option's text"
        );
        question.answer = text.to_owned();
    }
    asked
}

/// What each question of `quiz/harbour.yaml` must say: its prompt, its right answer, and the
/// wrong answers it may offer, all of them (worked out from the YAML by hand).
const HARBOUR: &[(&str, &str, &[&str])] = &[
    (
        "Step “Reception”, standard “Answer the desk phone by the third ring”: at most how many rings?",
        "at most 3 rings",
        // 3 steps by 1: 2, 4, 5.
        &["at most 2 rings", "at most 4 rings", "at most 5 rings"],
    ),
    (
        "Step “Reception”, standard “Check the guest in within ___ minutes”: within how long?",
        "within 5 min",
        &["within 4 min", "within 6 min", "within 7 min"],
    ),
    (
        "Step “Reception”, standard “Greet every guest with the standard phrase”: which is the standard phrase?",
        "Good evening, welcome to the Harbour Hotel",
        &["Next, please", "What do you want?"],
    ),
    (
        // “Apologise for the wait” is right here too: never offered as wrong.
        "Step “Reception”: when “The guest waits in a long queue” happens, what do staff do?",
        "Open a second desk",
        &["Bring a new key to the room", "Offer another room"],
    ),
    (
        "Step “Room”: when “The room key does not work” happens, what do staff do?",
        "Bring a new key to the room",
        &["Open a second desk", "Offer another room"],
    ),
    (
        "Step “Room”: when “The room is noisy at night” happens, what do staff do?",
        "Offer another room",
        &[
            "Open a second desk",
            "Apologise for the wait",
            "Bring a new key to the room",
        ],
    ),
    (
        "The standard “Answer the desk phone by the third ring” (step “Reception”) is critical: one breach fails the audit outright.",
        "True",
        &["False"],
    ),
    (
        "The standard “Greet every guest with the standard phrase” (step “Reception”) is critical: one breach fails the audit outright.",
        "False",
        &["True"],
    ),
    (
        "The standard “Check the guest in within 5 minutes” (step “Reception”) is critical: one breach fails the audit outright.",
        "False",
        &["True"],
    ),
];

/// Checks every question against [`HARBOUR`]: known, right, every wrong option allowed and
/// every allowed one offered.
fn assert_right(asked: &[Asked]) {
    for question in asked {
        let (_, right, wrong) = HARBOUR
            .iter()
            .find(|(prompt, _, _)| *prompt == question.prompt)
            .unwrap_or_else(|| panic!("unexpected question {question:?}"));
        assert_eq!(question.answer, *right, "{question:?}");
        let offered: BTreeSet<&str> = question
            .options
            .iter()
            .map(String::as_str)
            .filter(|option| option != right)
            .collect();
        assert_eq!(offered, wrong.iter().copied().collect(), "{question:?}");
        assert_eq!(question.options.len(), wrong.len() + 1, "{question:?}");
    }
}

#[test]
fn every_answer_is_among_its_options_and_right() {
    let temp = tempfile::tempdir().expect("temp dir");
    for seed in ["1", "2", "3", "42"] {
        let out = temp.path().join(format!("quiz-{seed}.md"));
        let paper = quiz("quiz/harbour.yaml", &out, &["--seed", seed]);
        let asked = read_paper(&String::from_utf8(paper).expect("UTF-8"));
        assert_right(&asked);
        // Six choice questions, the critical standard's true statement and one false one
        // (no more false statements than true ones).
        assert_eq!(asked.len(), 8, "seed {seed}: {asked:?}");
        let falses = asked.iter().filter(|q| q.answer == "False").count();
        assert_eq!(falses, 1, "seed {seed}");
        assert!(asked.iter().any(|q| q.answer == "True"));
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_another_order() {
    let temp = tempfile::tempdir().expect("temp dir");
    for extension in ["md", "html", "xlsx"] {
        let first = quiz(
            "quiz/harbour.yaml",
            &temp.path().join(format!("a.{extension}")),
            &["--seed", "7"],
        );
        let again = quiz(
            "quiz/harbour.yaml",
            &temp.path().join(format!("b.{extension}")),
            &["--seed", "7"],
        );
        assert!(first == again, "{extension}: the same seed, other bytes");
    }
    let order = |seed: &str| -> Vec<String> {
        let out = temp.path().join(format!("order-{seed}.md"));
        let paper = quiz("quiz/harbour.yaml", &out, &["--seed", seed]);
        read_paper(&String::from_utf8(paper).expect("UTF-8"))
            .into_iter()
            .map(|q| format!("{} / {}", q.prompt, q.options.join(" / ")))
            .collect()
    };
    assert_ne!(order("1"), order("2"));
}

#[test]
fn count_takes_that_many_questions() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("three.md");
    let paper = quiz("quiz/harbour.yaml", &out, &["--count", "3"]);
    let asked = read_paper(&String::from_utf8(paper).expect("UTF-8"));
    assert_eq!(asked.len(), 3);
    assert_right(&asked);
}

#[test]
fn the_paper_in_chinese_is_right_too() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("zh.md");
    let paper = String::from_utf8(quiz("quiz/harbour-zh.yaml", &out, &[])).expect("UTF-8");
    assert!(
        paper.contains("姓名：") && paper.contains("得分："),
        "{paper}"
    );
    let asked = read_paper(&paper);
    let target = asked
        .iter()
        .find(|q| q.prompt == "步骤“前台接待”的服务要求“前台电话在铃响___声内接听”：最多是多少声？")
        .expect("the target question");
    assert_eq!(target.answer, "不超过3声");
    let options: BTreeSet<&str> = target.options.iter().map(String::as_str).collect();
    assert_eq!(
        options,
        BTreeSet::from(["不超过2声", "不超过3声", "不超过4声", "不超过5声"])
    );
    let queue = asked
        .iter()
        .find(|q| q.prompt == "步骤“前台接待”：当“客人排长队等候”时，员工应当怎么做？")
        .expect("the MOT question");
    assert_eq!(queue.answer, "加开一个柜台");
    assert!(!queue.options.iter().any(|o| o == "为久等向客人致歉"));
}

#[test]
fn markdown_paper_in_english() {
    let temp = tempfile::tempdir().expect("temp dir");
    let paper = quiz("quiz/harbour.yaml", &temp.path().join("q.md"), &[]);
    insta::assert_snapshot!(String::from_utf8(paper).expect("UTF-8"));
}

#[test]
fn markdown_paper_in_chinese() {
    let temp = tempfile::tempdir().expect("temp dir");
    let paper = quiz("quiz/harbour-zh.yaml", &temp.path().join("q.md"), &[]);
    insta::assert_snapshot!(String::from_utf8(paper).expect("UTF-8"));
}

/// Runs git in `folder`, with an identity of its own and no user configuration.
fn git(folder: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(folder)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", folder)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn base_asks_only_about_what_changed() {
    let repo = tempfile::tempdir().expect("temp dir");
    let root = repo.path();
    let blueprint = std::fs::read_to_string(fixtures().join("quiz/harbour.yaml")).expect("fixture");
    std::fs::write(root.join("frontline.toml"), "").expect("config");
    std::fs::write(root.join("harbour.yaml"), &blueprint).expect("written");
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first"]);
    // The check-in target tightened, and what to do about a broken key rewritten.
    let edited = blueprint
        .replace("within 5 minutes", "within 4 minutes")
        .replace("{ within: 5m }", "{ within: 4m }")
        .replace(
            "Bring a new key to the room",
            "Bring a new key to the room at once",
        );
    std::fs::write(root.join("harbour.yaml"), edited).expect("edited");
    let output = frontline()
        .current_dir(root)
        .args([
            "training",
            "quiz",
            "harbour.yaml",
            "--base",
            "HEAD",
            "-o",
            "q.md",
        ])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let paper = std::fs::read_to_string(root.join("q.md")).expect("written");
    let asked = read_paper(&paper);
    let prompts: BTreeSet<&str> = asked.iter().map(|q| q.prompt.as_str()).collect();
    assert_eq!(
        prompts,
        BTreeSet::from([
            "Step “Reception”, standard “Check the guest in within ___ minutes”: within how long?",
            // No changed standard is critical: no lone false statement about one.
            "Step “Room”: when “The room key does not work” happens, what do staff do?",
        ])
    );
    let target = asked
        .iter()
        .find(|q| q.prompt.ends_with("within how long?"))
        .expect("target question");
    // 4 steps by 1: 3, 5, 6.
    assert_eq!(target.answer, "within 4 min");
    let options: BTreeSet<&str> = target.options.iter().map(String::as_str).collect();
    assert_eq!(
        options,
        BTreeSet::from([
            "within 3 min",
            "within 4 min",
            "within 5 min",
            "within 6 min"
        ])
    );
    let key = asked
        .iter()
        .find(|q| q.prompt.contains("room key"))
        .expect("MOT question");
    assert_eq!(key.answer, "Bring a new key to the room at once");
}

#[test]
fn a_file_frontline_did_not_write_is_kept_without_force() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("notes.md");
    std::fs::write(&out, "my own notes\n").expect("written");
    let refused = frontline()
        .args(["training", "quiz", "quiz/harbour.yaml", "-o"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&out).expect("kept"),
        "my own notes\n"
    );
    quiz("quiz/harbour.yaml", &out, &["--force"]);
    assert!(
        std::fs::read_to_string(&out)
            .expect("replaced")
            .starts_with("# Harbour Hotel")
    );
}

#[test]
fn another_extension_is_refused() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("quiz.pdf");
    let refused = frontline()
        .args(["training", "quiz", "quiz/harbour.yaml", "-o"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains(".xlsx"));
    assert!(!out.exists());
}

/// The workbook's rows as JSON: every cell as a text, empty cells as "".
const READ_ROWS: &str = r#"
import json, sys, openpyxl
sheet = openpyxl.load_workbook(sys.argv[1]).active
print(json.dumps([["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]))
"#;

#[test]
fn the_workbook_has_the_exam_platforms_header_row() {
    let temp = tempfile::tempdir().expect("temp dir");
    for (blueprint, header) in [
        (
            "quiz/harbour-zh.yaml",
            [
                "题型", "题目", "选项A", "选项B", "选项C", "选项D", "答案", "解析",
            ],
        ),
        (
            "quiz/harbour.yaml",
            [
                "Type",
                "Question",
                "Option A",
                "Option B",
                "Option C",
                "Option D",
                "Answer",
                "Explanation",
            ],
        ),
    ] {
        let out = temp.path().join("quiz.xlsx");
        quiz(blueprint, &out, &["--force"]);
        let Some(json) = python_with("openpyxl", READ_ROWS, &[out.as_os_str()]) else {
            return;
        };
        let rows: Vec<Vec<String>> = serde_json::from_str(&json).expect("rows");
        assert_eq!(rows[0], header);
        assert_eq!(rows.len(), 9, "a header and eight questions: {rows:?}");
        for row in &rows[1..] {
            let at = ["A", "B", "C", "D"]
                .iter()
                .position(|letter| *letter == row[6])
                .expect("the answer is a letter");
            assert!(!row[2 + at].is_empty(), "the answer is an option: {row:?}");
        }
        if blueprint == "quiz/harbour.yaml" {
            let target = rows
                .iter()
                .find(|row| row[1].ends_with("at most how many rings?"))
                .expect("target question");
            assert_eq!(target[0], "Single choice");
            let at = (target[6].as_bytes()[0] - b'A') as usize;
            assert_eq!(target[2 + at], "at most 3 rings");
            let statement = rows
                .iter()
                .find(|row| row[1].starts_with("The standard “Answer the desk phone"))
                .expect("true or false");
            assert_eq!(
                [
                    statement[0].as_str(),
                    &statement[2],
                    &statement[3],
                    &statement[6]
                ],
                ["True or false", "True", "False", "A"]
            );
        }
    }
}

/// Prints `page` to `pdf`, killing the browser if it hangs.
fn print_to_pdf(browser: &Path, page: &Path, pdf: &Path) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(page)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().expect("waitable").is_some() {
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish printing {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The text of every page of `pdf`, by pdftotext; `None` when it is not installed.
fn pages(pdf: &Path) -> Option<Vec<String>> {
    let Ok(output) = Command::new("pdftotext").arg(pdf).arg("-").output() else {
        eprintln!("skipped: pdftotext not found");
        return None;
    };
    assert!(output.status.success(), "pdftotext reads the PDF");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    // pdftotext ends every page with a form feed.
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|page| page.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}

#[test]
fn the_printed_paper_has_the_answer_key_on_its_last_page_only() {
    let Some(browser) = chromium() else {
        return;
    };
    let temp = tempfile::tempdir().expect("temp dir");
    let html: PathBuf = temp.path().join("quiz.html");
    quiz("quiz/harbour.yaml", &html, &[]);
    let pdf = temp.path().join("quiz.pdf");
    print_to_pdf(&browser, &html, &pdf);
    let Some(pages) = pages(&pdf) else {
        return;
    };
    assert!(pages.len() >= 2, "questions, then the key: {pages:?}");
    let (last, questions) = pages.split_last().expect("pages");
    assert!(last.contains("Answer key"), "{last}");
    assert!(last.contains("Explanation"), "{last}");
    assert!(!last.contains("Choose one answer"), "{last}");
    for page in questions {
        assert!(!page.contains("Answer key"), "{page}");
        assert!(!page.contains("Explanation"), "{page}");
        assert!(!page.contains("True: it is critical"), "{page}");
    }
    let printed = questions.concat();
    for label in ["Name:", "Date:", "Score:", "Reception", "Questions"] {
        assert!(printed.contains(label), "{label} on the question pages");
    }
}

#[test]
fn base_with_no_change_writes_nothing_and_a_new_blueprint_is_asked_whole() {
    let repo = tempfile::tempdir().expect("temp dir");
    let root = repo.path();
    let blueprint = std::fs::read_to_string(fixtures().join("quiz/harbour.yaml")).expect("fixture");
    std::fs::write(root.join("frontline.toml"), "").expect("config");
    std::fs::write(root.join("harbour.yaml"), &blueprint).expect("written");
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first"]);
    let run = |file: &str, out: &str| {
        frontline()
            .current_dir(root)
            .args(["training", "quiz", file, "--base", "HEAD", "-o", out])
            .output()
            .expect("runs")
    };
    let unchanged = run("harbour.yaml", "same.md");
    assert_eq!(unchanged.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unchanged.stderr);
    assert!(stderr.contains("since HEAD"), "{stderr}");
    assert!(!root.join("same.md").exists());

    std::fs::write(
        root.join("new.yaml"),
        blueprint.replace("id: harbour-checkin", "id: harbour-annex"),
    )
    .expect("written");
    let added = run("new.yaml", "new.md");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let asked = read_paper(&std::fs::read_to_string(root.join("new.md")).expect("written"));
    assert_eq!(asked.len(), 8, "a new blueprint is new as a whole");
    assert_right(&asked);
}

#[test]
fn a_paper_frontline_wrote_is_replaced_by_another_draw() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("quiz.html");
    let first = quiz("quiz/harbour.yaml", &out, &["--seed", "1"]);
    let second = quiz("quiz/harbour.yaml", &out, &["--seed", "2"]);
    assert!(first != second, "another seed, another paper");
    // The Markdown paper too, in both languages: known by its title and its name line.
    for fixture in ["quiz/harbour.yaml", "quiz/harbour-zh.yaml"] {
        let out = temp.path().join("quiz.md");
        let first = quiz(fixture, &out, &["--seed", "1"]);
        let second = quiz(fixture, &out, &["--seed", "2"]);
        assert!(first != second, "{fixture}: another seed, another paper");
    }
}

#[test]
fn count_zero_is_refused() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("none.md");
    let refused = frontline()
        .args([
            "training",
            "quiz",
            "quiz/harbour.yaml",
            "--count",
            "0",
            "-o",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    assert!(!out.exists());
}

#[test]
fn the_paper_template_can_be_overridden() {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    std::fs::create_dir(root.join("mine")).expect("folder");
    std::fs::write(root.join("frontline.toml"), "templates = \"mine\"\n").expect("config");
    std::fs::write(
        root.join("mine/quiz.md"),
        "{{ title }}: {{ questions|length }}\n{% for q in questions %}{{ q.number }} {{ q.answer }}\n{% endfor %}",
    )
    .expect("template");
    std::fs::copy(
        fixtures().join("quiz/harbour.yaml"),
        root.join("harbour.yaml"),
    )
    .expect("copied");
    let output = frontline()
        .current_dir(root)
        .args([
            "training",
            "quiz",
            "harbour.yaml",
            "--count",
            "2",
            "-o",
            "q.md",
        ])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let paper = std::fs::read_to_string(root.join("q.md")).expect("written");
    let lines: Vec<&str> = paper.lines().collect();
    assert_eq!(lines[0], "Harbour Hotel check-in: 2");
    assert_eq!(lines.len(), 3, "{paper}");
    assert!(lines[1..].iter().all(|line| {
        let (number, letter) = line.split_once(' ').expect("number and letter");
        ["1", "2"].contains(&number) && ["A", "B", "C", "D"].contains(&letter)
    }));
}
