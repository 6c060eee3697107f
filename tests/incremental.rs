//! A build into a site built before reuses what did not change, and comes out byte for byte as
//! a full build of the same inputs would.

mod common;

use common::frontline;
use frontline::build::{self, Locales};
use frontline::config::Config;
use frontline::i18n::Locale;
use frontline::render::Renderer;
use frontline::report::{self, Format, Options, Style};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const CACHE: &str = ".frontline-cache";

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// A project folder with a copy of the bundled blueprints in `blueprints/`, and beside them the
/// library they use (found among the checked files by its first key).
fn project() -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp dir");
    let inputs = temp.path().join("blueprints");
    std::fs::create_dir(&inputs).expect("created");
    for folder in ["blueprints", "libraries"] {
        for entry in std::fs::read_dir(repository().join(folder)).expect("bundled") {
            let path = entry.expect("entry").path();
            std::fs::copy(&path, inputs.join(path.file_name().expect("name"))).expect("copied");
        }
    }
    temp
}

/// Every file below `folder`, by relative path.
fn tree(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, folder: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(folder).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let relative = path.strip_prefix(root).expect("inside");
                files.insert(
                    relative.to_string_lossy().into_owned(),
                    std::fs::read(&path).expect("readable"),
                );
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(folder, folder, &mut files);
    files
}

/// Asserts that two sites hold the same files with the same bytes.
fn assert_same_site(built: &Path, fresh: &Path) {
    let (built, fresh) = (tree(built), tree(fresh));
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &built {
        assert!(bytes == &fresh[path], "{path} differs from a full build");
    }
}

/// `frontline build blueprints --out OUT --verbose` in `project`, with extra arguments; returns
/// the report on standard output after checking that the build succeeded.
fn build_in(project: &Path, out: &str, extra: &[&str]) -> String {
    let output = frontline()
        .current_dir(project)
        .args(["build", "blueprints", "--verbose", "--out", out])
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 report")
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).expect("exists").ino()
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("readable");
    assert!(text.contains(from), "{from} in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("written");
}

#[test]
fn a_rebuild_after_one_change_is_a_full_build_byte_for_byte() {
    let project = project();
    let root = project.path();
    build_in(root, "site", &[]);
    assert!(root.join("site").join(CACHE).is_file());
    #[cfg(unix)]
    let (unchanged_before, changed_before) = (
        inode(&root.join("site/hotel-checkin/manual.html")),
        inode(&root.join("site/car-service-4s/manual.html")),
    );

    replace_in(
        &root.join("blueprints/car-service-4s.yaml"),
        "title: 4S店维修保养服务流程",
        "title: 4S店维修保养服务流程（第二版）",
    );
    let incremental = build_in(root, "site", &[]);
    let full = build_in(root, "fresh", &[]);
    assert_eq!(incremental, full, "the same findings, in the same order");
    assert_same_site(&root.join("site"), &root.join("fresh"));
    let manual =
        std::fs::read_to_string(root.join("site/car-service-4s/manual.html")).expect("rebuilt");
    assert!(manual.contains("（第二版）"));

    // The unchanged blueprint's files are the previous build's files, not written again.
    #[cfg(unix)]
    {
        assert_eq!(
            inode(&root.join("site/hotel-checkin/manual.html")),
            unchanged_before
        );
        assert_ne!(
            inode(&root.join("site/car-service-4s/manual.html")),
            changed_before
        );
    }
}

/// The JSON report of a build through the library, as `check --format json` prints it.
fn json_findings(files: &[PathBuf], config: &Config, out: &Path) -> String {
    let renderer = Renderer::new(None).expect("default templates");
    let locales = Locales {
        fallback: Locale::En,
        chosen: false,
    };
    let (run, built) = build::build(files, config, &renderer, locales, out).expect("builds");
    assert!(built.is_some(), "no error");
    let options = Options {
        locale: Locale::En,
        locale_chosen: false,
        style: Style::Plain,
        quiet: false,
        deny_warnings: false,
        rules_url: None,
    };
    report::render(&run, Format::Json, options)
}

#[test]
fn findings_of_reused_files_come_out_as_from_a_full_run() {
    let project = project();
    let root = project.path();
    let inputs = frontline::run::collect_inputs(&[root.join("blueprints")]).expect("inputs");
    let config = Config::default();
    let first = json_findings(&inputs, &config, &root.join("site"));
    assert!(
        first.contains("FL101"),
        "the bundled blueprints carry warnings"
    );
    replace_in(
        &root.join("blueprints/hotel-checkin.yaml"),
        "title: Hotel stay from check-in to check-out",
        "title: Hotel stay, check-in to check-out",
    );
    let incremental = json_findings(&inputs, &config, &root.join("site"));
    let full = json_findings(&inputs, &config, &root.join("fresh"));
    assert_eq!(incremental, full);
    assert_eq!(incremental, first, "a title is no finding's business");
    assert_same_site(&root.join("site"), &root.join("fresh"));
}

#[test]
fn a_changed_library_reaches_every_blueprint_that_uses_it() {
    let project = project();
    let root = project.path();
    build_in(root, "site", &[]);
    replace_in(
        &root.join("blueprints/group-phone.yaml"),
        "text: 来电铃声响三声内接听",
        "text: 来电铃声响两声内接听",
    );
    let incremental = build_in(root, "site", &[]);
    let full = build_in(root, "fresh", &[]);
    assert_eq!(incremental, full);
    assert_same_site(&root.join("site"), &root.join("fresh"));
    for manual in ["car-service-4s/manual.html", "call-centre/manual.html"] {
        let text = std::fs::read_to_string(root.join("site").join(manual)).expect(manual);
        assert!(text.contains("来电铃声响两声内接听"), "{manual}");
    }
}

#[test]
fn a_changed_rule_level_rebuilds_everything() {
    let project = project();
    let root = project.path();
    std::fs::write(root.join("frontline.toml"), "").expect("written");
    let before = build_in(root, "site", &["--config", "frontline.toml"]);
    assert!(before.contains("FL101"));

    std::fs::write(
        root.join("frontline.toml"),
        "[rules]\nvague-standard = \"off\"\n",
    )
    .expect("written");
    let incremental = build_in(root, "site", &["--config", "frontline.toml"]);
    let full = build_in(root, "fresh", &["--config", "frontline.toml"]);
    assert!(!incremental.contains("FL101"), "{incremental}");
    assert_eq!(incremental, full);
    assert_same_site(&root.join("site"), &root.join("fresh"));
}

#[test]
fn a_changed_template_rebuilds_everything() {
    let project = project();
    let root = project.path();
    let templates = root.join("templates");
    std::fs::create_dir(&templates).expect("created");
    std::fs::write(templates.join("manual.md"), "first {{ bp.id }}\n").expect("written");
    build_in(root, "site", &["--templates", "templates"]);
    assert_eq!(
        std::fs::read_to_string(root.join("site/hotel-checkin/manual.md")).expect("built"),
        "first hotel-checkin\n"
    );

    std::fs::write(templates.join("manual.md"), "second {{ bp.id }}\n").expect("written");
    build_in(root, "site", &["--templates", "templates"]);
    assert_eq!(
        std::fs::read_to_string(root.join("site/hotel-checkin/manual.md")).expect("built"),
        "second hotel-checkin\n"
    );
    // A file another template includes counts too, even under a name of its own.
    std::fs::write(
        templates.join("manual.md"),
        "{% include \"part.md\" %} {{ bp.id }}\n",
    )
    .expect("written");
    std::fs::write(templates.join("part.md"), "third").expect("written");
    build_in(root, "site", &["--templates", "templates"]);
    std::fs::write(templates.join("part.md"), "fourth").expect("written");
    build_in(root, "site", &["--templates", "templates"]);
    build_in(root, "fresh", &["--templates", "templates"]);
    assert_eq!(
        std::fs::read_to_string(root.join("site/hotel-checkin/manual.md")).expect("built"),
        "fourth hotel-checkin\n"
    );
    assert_same_site(&root.join("site"), &root.join("fresh"));

    // Back to the default templates.
    build_in(root, "site", &[]);
    build_in(root, "default", &[]);
    assert_same_site(&root.join("site"), &root.join("default"));
}

#[test]
fn a_deleted_blueprint_leaves_the_site() {
    let project = project();
    let root = project.path();
    build_in(root, "site", &[]);
    assert!(root.join("site/express-complaint/manual.html").is_file());
    std::fs::remove_file(root.join("blueprints/express-complaint.yaml")).expect("removed");
    let incremental = build_in(root, "site", &[]);
    let full = build_in(root, "fresh", &[]);
    assert!(!root.join("site/express-complaint").exists());
    assert_eq!(incremental, full);
    assert_same_site(&root.join("site"), &root.join("fresh"));
}

#[test]
fn a_failed_rebuild_leaves_the_previous_site_and_its_cache() {
    let project = project();
    let root = project.path();
    build_in(root, "site", &[]);
    let before = tree(&root.join("site"));
    replace_in(
        &root.join("blueprints/hotel-checkin.yaml"),
        "id: hotel-checkin",
        "id: car-service-4s",
    );
    let failed = frontline()
        .current_dir(root)
        .args(["build", "blueprints", "--out", "site"])
        .output()
        .expect("runs");
    assert_eq!(failed.status.code(), Some(1), "two blueprints with one id");
    assert_eq!(tree(&root.join("site")), before);
}

#[test]
fn a_garbled_cache_is_ignored() {
    let project = project();
    let root = project.path();
    let fresh_report = build_in(root, "fresh", &[]);
    let cache = std::fs::read_to_string(root.join("fresh").join(CACHE)).expect("written");
    let first_range = cache.find("\"bytes\":[").expect("a finding's range");
    let far = format!(
        "{}\"bytes\":[99999999,99999999]{}",
        &cache[..first_range],
        &cache[first_range..].split_once(']').expect("range ends").1
    );
    let escaping = cache.replacen("\"hotel-checkin/manual.html\"", "\"../escaped.html\"", 1);
    assert_ne!(escaping, cache);
    let garbled = [
        Vec::new(),
        b"{\"settings\":".to_vec(),
        vec![0xff, 0xfe, 0x00, 0x7b],
        cache.as_bytes()[..cache.len() / 2].to_vec(),
        cache.replacen("\"FL101\"", "\"FL999\"", 1).into_bytes(),
        far.into_bytes(),
        escaping.into_bytes(),
    ];
    for bytes in garbled {
        let _ = std::fs::remove_dir_all(root.join("site"));
        build_in(root, "site", &[]);
        std::fs::write(root.join("site").join(CACHE), &bytes).expect("garbled");
        let report = build_in(root, "site", &[]);
        assert_eq!(report, fresh_report);
        assert_same_site(&root.join("site"), &root.join("fresh"));
        assert!(!root.join("escaped.html").exists());
    }
}

#[test]
fn the_audit_report_of_a_rebuild_is_that_of_a_full_build() {
    let project = project();
    let root = project.path();
    let audits = root.join("audits");
    std::fs::create_dir(&audits).expect("created");
    for entry in std::fs::read_dir(repository().join("audits")).expect("bundled") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, audits.join(path.file_name().expect("name"))).expect("copied");
    }
    std::fs::write(
        root.join("frontline.toml"),
        "[audit]\npaths = [\"audits/\"]\n",
    )
    .expect("written");
    build_in(root, "site", &[]);
    let report = std::fs::read_to_string(root.join("site/audits/index.html")).expect("written");
    assert!(report.contains("浦东店"), "the records are scored");

    // One blueprint changed and checked again, the others taken from the cache: the audit
    // report reads the same models either way.
    replace_in(
        &root.join("blueprints/hotel-checkin.yaml"),
        "id: hotel-checkin",
        "id: hotel-checkin\n# a new comment line",
    );
    let incremental = build_in(root, "site", &[]);
    let full = build_in(root, "fresh", &[]);
    assert_eq!(incremental, full);
    assert_same_site(&root.join("site"), &root.join("fresh"));
    // And nothing changed at all.
    build_in(root, "site", &[]);
    assert_same_site(&root.join("site"), &root.join("fresh"));
}
