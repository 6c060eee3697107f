//! Role checklists and the manual as people read and print them: what a role owns reaches its
//! pages, a role with nothing to check gets a page that says so instead of an empty audit sheet,
//! a system gets no checklist, and every printed page carries its document control.

mod common;

use common::{fixtures, frontline};
use std::path::{Path, PathBuf};

fn owned_countermeasures() -> PathBuf {
    fixtures().join("checklists/owned-countermeasures.yaml")
}

/// Builds `blueprint` into `out` and returns the folder of its outputs.
fn build(blueprint: &Path, out: &Path) -> PathBuf {
    let output = frontline()
        .arg("build")
        .arg(blueprint)
        .arg("--out")
        .arg(out)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    out.join("owned-countermeasures")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The fixture with its labels in Chinese, written into `folder`.
fn in_chinese(folder: &Path) -> PathBuf {
    let path = folder.join("zh.yaml");
    let text = read(&owned_countermeasures()).replace("locale: en", "locale: zh-CN");
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn a_role_checklist_lists_the_countermeasures_the_role_owns_under_their_moment() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&owned_countermeasures(), temp.path());

    let housekeeper = read(&site.join("checklists/housekeeper.md"));
    assert!(
        housekeeper.contains(
            "## 1. Arrival\n\n\
             Moment of truth: The guest finds nobody at the desk (Fail point)\n\n\
             - [ ] Detect: Ring the back-office bell when the desk is left\n"
        ),
        "{housekeeper}"
    );
    assert!(
        housekeeper.contains("· 1 standard · 0 critical · 2 countermeasures\n"),
        "{housekeeper}"
    );

    let receptionist = read(&site.join("checklists/receptionist.md"));
    assert!(
        receptionist.contains(
            "Moment of truth: The guest finds nobody at the desk (Fail point)\n\n\
             - [ ] Recover: Offer a welcome drink for the wait\n"
        ),
        "{receptionist}"
    );
    // Each role gets its own countermeasures only, and one without a role goes to nobody.
    assert!(!receptionist.contains("back-office bell"), "{receptionist}");
    assert!(!housekeeper.contains("welcome drink"), "{housekeeper}");
    for role in ["receptionist", "housekeeper", "greeter"] {
        let page = read(&site.join(format!("checklists/{role}.md")));
        assert!(
            !page.contains("Keep one person at the desk"),
            "{role}: {page}"
        );
    }

    let html = read(&site.join("checklists/housekeeper.html"));
    assert!(
        html.contains(
            "<td><span class=\"badge\">Detect</span> Ring the back-office bell when the desk is left</td>"
        ),
        "{html}"
    );
}

#[test]
fn a_delight_moment_makes_things_happen_instead_of_preventing_them() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&owned_countermeasures(), temp.path());

    let housekeeper = read(&site.join("checklists/housekeeper.md"));
    assert!(
        housekeeper.contains(
            "Moment of truth: The guest finds a handwritten welcome card (Delight moment)\n\n\
             - [ ] Make it happen: Write a card with the guest's name\n"
        ),
        "{housekeeper}"
    );
    assert!(!housekeeper.contains("Prevent"), "{housekeeper}");

    let manual = read(&site.join("manual.md"));
    assert!(
        manual.contains(
            "- **The guest finds a handwritten welcome card** — Delight moment, Severity: low\n  \
             - Countermeasures · Make it happen\n    \
             - Write a card with the guest's name (Housekeeper)\n"
        ),
        "{manual}"
    );
    // The fail moment keeps its prevent label.
    assert!(
        manual.contains(
            "  - Countermeasures · Prevent\n    - Keep one person at the desk at all times\n"
        ),
        "{manual}"
    );
}

#[test]
fn the_manual_role_chapter_lists_what_each_role_owns() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&owned_countermeasures(), temp.path());
    let manual = read(&site.join("manual.md"));
    let roles = &manual[manual.find("<a id=\"roles\"></a>").expect("roles chapter")..];
    assert!(
        roles.contains(
            "### Housekeeper (Backstage)\n\n\
             - **1. Arrival**\n  \
             - Moment of truth: The guest finds nobody at the desk (Fail point)\n    \
             - Detect: Ring the back-office bell when the desk is left\n\
             - **2. Room ready**\n  \
             - What to do: Prepare the room\n  \
             - Standards to meet: Clean the room within 30 minutes of checkout · Target: within 30 min\n  \
             - Moment of truth: The guest finds a handwritten welcome card (Delight moment)\n    \
             - Make it happen: Write a card with the guest's name\n"
        ),
        "{roles}"
    );
    assert!(
        roles.contains(
            "### Door greeter (Front line)\n\n\
             - **1. Arrival**\n  \
             - What to do: Open the door and greet the guest\n\n###"
        ),
        "{roles}"
    );
}

#[test]
fn a_role_with_nothing_to_check_gets_no_empty_audit_sheet() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&owned_countermeasures(), temp.path());

    let greeter = read(&site.join("checklists/greeter.md"));
    assert_eq!(
        greeter,
        "# Checklist: Door greeter\n\n\
         **DRAFT** · Copy: Controlled copy\n\n\
         Hotel arrival · Front line\n\n\
         This role has no standards to check.\n\n\
         ## 1. Arrival\n\n\
         What to do: Open the door and greet the guest\n\n"
    );

    let html = read(&site.join("checklists/greeter.html"));
    assert!(
        html.contains("<p class=\"nothing-to-check\">This role has no standards to check.</p>"),
        "{html}"
    );
    assert!(
        html.contains("<p><b>What to do: </b>Open the door and greet the guest</p>"),
        "{html}"
    );
    for audit_sheet in ["<table", "☐", "<div class=\"audit-head\">", "Auditor"] {
        assert!(!html.contains(audit_sheet), "{audit_sheet} in {html}");
    }

    // A role with something to check keeps its audit sheet.
    let receptionist = read(&site.join("checklists/receptionist.html"));
    assert!(
        receptionist.contains("<div class=\"audit-head\">"),
        "{receptionist}"
    );
    assert!(
        !receptionist.contains("no standards to check"),
        "{receptionist}"
    );
}

#[test]
fn the_chinese_pages_use_the_chinese_kind_labels() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&in_chinese(temp.path()), &temp.path().join("out"));

    let housekeeper = read(&site.join("checklists/housekeeper.md"));
    assert!(
        housekeeper.contains(
            "客户满意度MOT：The guest finds nobody at the desk（失误点）\n\n\
             - [ ] 发现：Ring the back-office bell when the desk is left\n"
        ),
        "{housekeeper}"
    );
    assert!(
        housekeeper.contains(
            "客户满意度MOT：The guest finds a handwritten welcome card（惊喜时刻）\n\n\
             - [ ] 促成：Write a card with the guest's name\n"
        ),
        "{housekeeper}"
    );
    assert!(!housekeeper.contains("预防"), "{housekeeper}");
    let receptionist = read(&site.join("checklists/receptionist.md"));
    assert!(
        receptionist.contains("- [ ] 补救：Offer a welcome drink for the wait\n"),
        "{receptionist}"
    );

    // A system has no checklist; the manual lists it among the systems.
    assert!(!site.join("checklists/pms.md").exists());
    let manual = read(&site.join("manual.md"));
    assert!(
        manual.contains(
            "### 支持系统\n\n\
             支持系统不是人员，没有检查表；下表列出它们参与的步骤。\n\n\
             | 系统 | 参与的步骤 |\n|---|---|\n\
             | Property system | 2. Room ready：Mark the room clean |\n"
        ),
        "{manual}"
    );
    assert!(
        manual.contains("2 个服务步骤 · 2 项服务要求 · 0 项关键项 · 2 个客户满意度MOT\n"),
        "{manual}"
    );
    assert!(manual.contains("- **受控状态**：受控\n\n"), "{manual}");
}

/// `frontline` with `args`, its exit status and its standard error.
fn run(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let output = frontline().args(args).output().expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_system_of_the_support_lane_is_not_a_person_and_gets_no_checklist() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&owned_countermeasures(), temp.path());

    assert!(!site.join("checklists/pms.md").exists());
    assert!(!site.join("checklists/pms.html").exists());
    assert!(site.join("checklists/housekeeper.html").exists());
    let index = read(&temp.path().join("index.html"));
    assert!(!index.contains("checklists/pms"), "{index}");
    assert!(index.contains("Checklists by role (3)"), "{index}");

    // No section of its own in the role summary: a line in the systems table.
    let html = read(&site.join("manual.html"));
    assert!(!html.contains("<h3>Property system"), "{html}");
    assert!(
        html.contains(
            "<h3>Systems</h3>\n\
             <p class=\"muted\">Systems of the support lane are not people: they have no checklist; the steps they take part in are listed here.</p>\n\
             <table class=\"systems-table\">\n\
             <thead><tr><th>System</th><th>Duties</th><th>Takes part in</th></tr></thead>\n\
             <tbody>\n\
             <tr><td>Property system</td><td></td><td>2. Room ready: Mark the room clean</td></tr>\n"
        ),
        "{html}"
    );
    let manual = read(&site.join("manual.md"));
    assert!(!manual.contains("\n### Property system"), "{manual}");
    assert!(
        manual.contains("| Property system | 2. Room ready: Mark the room clean |\n"),
        "{manual}"
    );

    let (status, stderr) = run(&[
        "render".as_ref(),
        owned_countermeasures().as_os_str(),
        "--target".as_ref(),
        "role-checklist-md".as_ref(),
        "--role".as_ref(),
        "pms".as_ref(),
    ]);
    assert_eq!(status, 2, "{stderr}");
    assert!(
        stderr.contains(
            "`Property system` (pms) is a system of the support lane, not a person: it has no checklist; \
             the roles with a checklist are Receptionist (receptionist), Door greeter (greeter), Housekeeper (housekeeper)"
        ),
        "{stderr}"
    );
}

/// The standards table of the method: 序号 / 服务步骤 / 服务要求 / 客户满意度MOT / MOT管理要点,
/// each MOT on its own row beside its numbered countermeasures.
#[test]
fn the_standards_table_sets_each_mot_beside_its_own_numbered_countermeasures() {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = frontline()
        .arg("--config")
        .arg(repository.join("frontline.toml"))
        .arg("render")
        .arg(repository.join("blueprints/car-service-4s.yaml"))
        .args(["--target", "manual-html"])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = String::from_utf8(output.stdout).expect("UTF-8");
    let table = &html[html.find("<section id=\"standards-table\"").expect("table")..];
    assert!(
        table.contains(
            "<thead><tr><th class=\"num\">序号</th><th>服务步骤</th><th>服务要求</th><th>客户满意度MOT</th><th>MOT管理要点</th></tr></thead>"
        ),
        "{table}"
    );
    // Step 1 has three standards and two MOTs: three rows, the second MOT spanning two.
    let step_1 =
        &table[table.find("<tbody>").expect("body")..table.find(">2</td>").expect("step 2")];
    assert_eq!(step_1.matches("</tr>").count(), 3, "{step_1}");
    assert!(
        step_1.contains("<td class=\"num\" rowspan=\"3\">1</td><td rowspan=\"3\">客户电话预约</td><td>1. 来电铃声响三声内接听"),
        "{step_1}"
    );
    assert!(
        step_1.contains(
            "<td>铃声响了好几声，没有人接听 <span class=\"badge fail\">失误点</span></td>\
             <td><ol class=\"countermeasures\"><li>1) 电话旁边必须有人，离开电话时，要跟同事打招呼</li>\
             <li>2) 要主动跟客户说抱歉，说“让您久等了”，并请客户原谅 <span class=\"muted\">（客服人员）</span></li></ol></td></tr>"
        ),
        "{step_1}"
    );
    assert!(
        step_1.contains(
            "<td rowspan=\"2\">接电话时不够热情，又因为工作繁忙，导致铃声响了好几次才接 <span class=\"badge fail\">失误点</span></td>\
             <td rowspan=\"2\"><ol class=\"countermeasures\"><li>1) 电话铃声响起，要迅速调整状态</li>"
        ),
        "{step_1}"
    );
    // The third row holds the third standard only.
    assert!(
        step_1.contains("<tr>\n<td>3. 礼貌地回应客户，报出公司和自己的姓名，并询问客户称呼 <span class=\"badge\">客服人员</span> <span class=\"id\">greet-and-ask-name</span></td></tr>"),
        "{step_1}"
    );
}

#[test]
fn ids_are_small_on_screen_and_left_out_in_print_unless_the_handbook_shows_them() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&owned_countermeasures(), &temp.path().join("hidden"));
    let manual = read(&site.join("manual.html"));
    assert!(manual.contains("<body class=\"manual\">"), "{manual}");
    assert!(manual.contains("  .id { display: none; }\n  .show-ids .id { display: inline; }\n"));
    assert!(
        manual.contains("<span class=\"id\">greet-within-10s</span>"),
        "{manual}"
    );
    // The blueprint is named by its title, not its id.
    assert!(
        !manual.contains("<dd>owned-countermeasures</dd>"),
        "{manual}"
    );
    let checklist = read(&site.join("checklists/receptionist.html"));
    assert!(
        checklist.contains("<body class=\"checklist-page\">"),
        "{checklist}"
    );
    assert!(
        checklist.contains("<br><span class=\"id\">greet-within-10s</span></td>"),
        "{checklist}"
    );

    let config = temp.path().join("frontline.toml");
    std::fs::write(&config, "[handbook]\nshow_ids = true\n").expect("written");
    let out = temp.path().join("shown");
    let output = frontline()
        .arg("--config")
        .arg(&config)
        .arg("build")
        .arg(owned_countermeasures())
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let site = out.join("owned-countermeasures");
    let manual = read(&site.join("manual.html"));
    assert!(
        manual.contains("<body class=\"manual show-ids\">"),
        "{manual}"
    );
    let checklist = read(&site.join("checklists/receptionist.html"));
    assert!(
        checklist.contains("<body class=\"checklist-page show-ids\">"),
        "{checklist}"
    );
    let summary = read(&site.join("checklist.html"));
    assert!(
        summary.contains("<body class=\"checklist-page show-ids\">"),
        "{summary}"
    );
}

/// The fixture with its document approved and numbered, written into `folder`.
fn approved(folder: &Path) -> PathBuf {
    let path = folder.join("approved.yaml");
    let text = read(&owned_countermeasures()).replace(
        "locale: en\n",
        "locale: en\nversion: \"2.1\"\nowner: Rooms division\ndocument:\n  number: SOP-HK-001\n  \
         effective: 2026-12-15\n  owner: Front office\n  approved: { by: Li Wei, on: 2026-11-20 }\n  \
         copy: uncontrolled\n",
    );
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn an_approved_document_shows_its_control_on_the_cover_and_on_every_page() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&approved(temp.path()), &temp.path().join("out"));
    let manual = read(&site.join("manual.html"));
    assert!(
        manual.contains(
            "<dl class=\"document-control\">\n\
             <dt>Document No.</dt><dd>SOP-HK-001</dd>\n\
             <dt>Version</dt><dd>2.1</dd>\n\
             <dt>Effective</dt><dd>2026-12-15</dd>\n\
             <dt>Issued by</dt><dd>Front office</dd>\n\
             <dt>Approved by</dt><dd>Li Wei</dd>\n\
             <dt>Approved on</dt><dd>2026-11-20</dd>\n\
             <dt>Copy</dt><dd>Uncontrolled copy</dd>\n\
             </dl>"
        ),
        "{manual}"
    );
    // Header: number · version · title, as a CSS string; footer: the page counters.
    assert!(
        manual.contains(
            "@top-center { content: \"SOP\\2d HK\\2d 001 \\b7  Version 2\\2e 1 \\b7  Hotel arrival\";"
        ),
        "{manual}"
    );
    assert!(
        manual.contains(
            "@bottom-center { content: \"Page \" counter(page) \" of \" counter(pages) \"\";"
        ),
        "{manual}"
    );
    assert!(!manual.contains("draft-watermark\""), "{manual}");
    assert!(!manual.contains("DRAFT"), "{manual}");

    let checklist = read(&site.join("checklists/housekeeper.html"));
    assert!(
        checklist.contains(
            "<p class=\"document-line\"><span>Document No.: SOP-HK-001</span><span>Version: 2.1</span>\
             <span>Effective: 2026-12-15</span><span>Approved by: Li Wei 2026-11-20</span>\
             <span>Copy: Uncontrolled copy</span></p>"
        ),
        "{checklist}"
    );
    assert!(
        checklist.contains(
            "@top-center { content: \"SOP\\2d HK\\2d 001 \\b7  Version 2\\2e 1 \\b7  Checklist\\3a  Housekeeper\";"
        ),
        "{checklist}"
    );
    let markdown = read(&site.join("manual.md"));
    assert!(
        markdown.contains(
            "- **Document No.**: SOP-HK-001\n\
             - **Version**: 2.1\n\
             - **Effective**: 2026-12-15\n\
             - **Issued by**: Front office\n\
             - **Approved by**: Li Wei\n\
             - **Approved on**: 2026-11-20\n\
             - **Copy**: Uncontrolled copy\n\n"
        ),
        "{markdown}"
    );
    let role_md = read(&site.join("checklists/housekeeper.md"));
    assert!(
        role_md.contains(
            "# Checklist: Housekeeper\n\n\
             Document No.: SOP-HK-001 · Version: 2.1 · Effective: 2026-12-15 · \
             Approved by: Li Wei 2026-11-20 · Copy: Uncontrolled copy\n\n"
        ),
        "{role_md}"
    );
}

#[test]
fn a_draft_carries_a_watermark_on_every_printed_page_and_a_notice_on_screen() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&in_chinese(temp.path()), &temp.path().join("out"));
    for page in [
        "manual.html",
        "checklist.html",
        "checklists/housekeeper.html",
    ] {
        let html = read(&site.join(page));
        assert!(
            html.contains(
                "<div class=\"draft-watermark\" aria-hidden=\"true\">草稿</div>\n\
                 <p class=\"draft-notice\"><b>草稿</b> — 未经审批，不得作为正式文件使用</p>"
            ),
            "{page}: {html}"
        );
        // Fixed, so that the printed copy repeats it on each page; hidden on screen.
        assert!(
            html.contains(".draft-watermark { display: none; }"),
            "{page}"
        );
        assert!(html.contains("display: block; position: fixed;"), "{page}");
        assert!(
            html.contains(
                "@bottom-center { content: \"第 \" counter(page) \" 页 共 \" counter(pages) \" 页\";"
            ),
            "{page}: {html}"
        );
    }
    let manual = read(&site.join("manual.html"));
    assert!(
        manual.contains("<dt>审批</dt><dd><span class=\"draft-mark\">草稿</span></dd>"),
        "{manual}"
    );
}

#[test]
fn counts_are_singular_for_one_and_plural_for_more_in_english() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&owned_countermeasures(), &temp.path().join("two"));
    let manual = read(&site.join("manual.md"));
    assert!(
        manual.contains("\n2 steps · 2 standards · 0 critical · 2 moments of truth\n"),
        "{manual}"
    );

    // One step with one standard and one MOT.
    let text = read(&owned_countermeasures());
    let one_step = &text[..text.find("  - id: room\n").expect("second step")];
    let path = temp.path().join("one.yaml");
    std::fs::write(&path, one_step).expect("write");
    let site = build(&path, &temp.path().join("one"));
    let manual = read(&site.join("manual.md"));
    assert!(
        manual.contains("\n1 step · 1 standard · 0 critical · 1 moment of truth\n"),
        "{manual}"
    );
    let html = read(&site.join("manual.html"));
    assert!(
        html.contains(
            "<li><b>1</b>step</li>\n<li><b>1</b>standard</li>\n<li><b>0</b>critical</li>\n<li><b>1</b>moment of truth</li>"
        ),
        "{html}"
    );
    let checklist = read(&site.join("checklist.md"));
    assert!(
        checklist.contains("\n1 standard · 0 critical. A breach"),
        "{checklist}"
    );
    let receptionist = read(&site.join("checklists/receptionist.html"));
    assert!(
        receptionist.contains(
            "Hotel arrival · Front line · 1 standard · 0 critical · 1 countermeasure</p>"
        ),
        "{receptionist}"
    );
}

#[test]
fn a_checklist_an_earlier_build_wrote_for_a_system_is_removed_by_the_next() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&owned_countermeasures(), temp.path());
    // As a build before systems lost their checklists left it.
    for file in ["checklists/pms.md", "checklists/pms.html"] {
        std::fs::write(site.join(file), "old").expect("written");
    }
    let site = build(&owned_countermeasures(), temp.path());
    assert!(!site.join("checklists/pms.md").exists());
    assert!(!site.join("checklists/pms.html").exists());
    assert!(site.join("checklists/receptionist.md").exists());
}

#[test]
fn the_running_header_is_the_title_as_written_escaped_once_for_css() {
    let temp = tempfile::tempdir().expect("temp dir");
    let path = temp.path().join("ampersand.yaml");
    let text = read(&owned_countermeasures()).replace(
        "title: Hotel arrival",
        "title: \"Arrival & <b>\\\"desk\\\"</b>\"",
    );
    std::fs::write(&path, text).expect("write");
    let site = build(&path, &temp.path().join("out"));
    let manual = read(&site.join("manual.html"));
    // Without a document number or version the header is the title alone, every character
    // that is not a letter, a digit or a space escaped once as CSS.
    assert!(
        manual.contains(
            "@top-center { content: \"Arrival \\26  \\3c b\\3e \\22 desk\\22 \\3c \\2f b\\3e \";"
        ),
        "{manual}"
    );
}
