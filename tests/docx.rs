//! `manual.docx` as Word users and other programs read it: python-docx finds named styles, the
//! HTML manual's headings in order, the method's standards table, East Asian fonts, and the
//! document-control header and page footer; LibreOffice prints it with every standard and a
//! CJK font embedded; two builds give the same bytes; a reference file lends its styles.

mod common;

use common::{frontline, python_with};
use std::path::{Path, PathBuf};

/// The repository's root, where the bundled blueprints and libraries are configured.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The ids of the bundled blueprints.
fn bundled() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root().join("blueprints"))
        .expect("blueprints folder")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            Some(name.strip_suffix(".yaml")?.to_owned())
        })
        .collect();
    ids.sort();
    ids
}

/// Builds the bundled blueprints into `out`, with extra arguments before `build`.
fn build_bundled(out: &Path, before: &[&str]) {
    let mut command = frontline();
    command
        .current_dir(root())
        .args(before)
        .args(["build", "--quiet", "--out"])
        .arg(out)
        .arg("blueprints/");
    let output = command.output().expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `frontline build BLUEPRINT --out OUT` run in `folder`, which must succeed.
fn build_one(folder: &Path, blueprint: &Path, out: &Path) {
    let output = frontline()
        .current_dir(folder)
        .args(["build", "--quiet", "--out"])
        .arg(out)
        .arg(blueprint)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// What the python-docx script reports of one file, as JSON.
const READ_DOCX: &str = r#"
import sys, json, zipfile, posixpath
import xml.dom.minidom
from docx import Document
from docx.oxml.ns import qn

path = sys.argv[1]
document = Document(path)

def paragraphs():
    for paragraph in document.paragraphs:
        yield paragraph
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield paragraph

def east_asian_font(style):
    while style is not None:
        rpr = style.element.rPr
        if rpr is not None and rpr.rFonts is not None and rpr.rFonts.get(qn('w:eastAsia')):
            return rpr.rFonts.get(qn('w:eastAsia'))
        style = style.base_style
    return None

def is_cjk(text):
    return any('\u4e00' <= c <= '\u9fff' or '\u3000' <= c <= '\u303f' or '\uff00' <= c <= '\uffef' for c in text)

styles, unnamed, without_font = set(), [], []
for paragraph in paragraphs():
    style = paragraph.style
    if style is None:
        unnamed.append(paragraph.text)
        continue
    styles.add(style.name)
    if style.builtin is False and style.name.startswith('Style'):
        unnamed.append(style.name)
    for run in paragraph.runs:
        if not is_cjk(run.text):
            continue
        rpr = run._element.rPr
        font = None
        if rpr is not None and rpr.rFonts is not None:
            font = rpr.rFonts.get(qn('w:eastAsia'))
        if font is None and run.style is not None and run.style.name != 'Default Paragraph Font':
            font = east_asian_font(run.style)
        if font is None:
            font = east_asian_font(style)
        if font is None:
            without_font.append(run.text)

headings = [[int(p.style.name.split()[-1]), p.text] for p in document.paragraphs
            if p.style.name.startswith('Heading ')]
last = document.tables[-1]
section = document.sections[0]

package = zipfile.ZipFile(path)
names = set(package.namelist())
xml.dom.minidom.parseString(package.read('word/document.xml'))
missing = []
for name in names:
    if not name.endswith('.rels'):
        continue
    folder = posixpath.dirname(posixpath.dirname(name))
    rels = xml.dom.minidom.parseString(package.read(name))
    for rel in rels.getElementsByTagName('Relationship'):
        if rel.getAttribute('TargetMode') == 'External':
            missing.append('external ' + rel.getAttribute('Target'))
            continue
        target = rel.getAttribute('Target')
        resolved = target.lstrip('/') if target.startswith('/') else posixpath.normpath(posixpath.join(folder, target))
        if resolved not in names:
            missing.append(name + ' -> ' + target)

print(json.dumps({
    'styles': sorted(styles),
    'unnamed': unnamed,
    'without_font': without_font,
    'headings': headings,
    'table_styles': sorted({t.style.name for t in document.tables if t.style is not None}),
    'standards_header': [cell.text for cell in last.rows[0].cells],
    'standards_rows': len(last.rows) - 1,
    'standards_cells': [[cell.text for cell in row.cells] for row in last.rows],
    'standards_vmerge': len(last._tbl.xpath('.//w:vMerge')),
    'header': '\n'.join(p.text for p in section.header.paragraphs),
    'header_pictures': len([r for r in section.header.part.rels.values() if 'image' in r.reltype]),
    'footer_xml': section.footer._element.xml,
    'missing': missing,
    'heading1': {
        'color': str(document.styles['Heading 1'].font.color.rgb),
        'font': document.styles['Heading 1'].font.name,
    },
    'page_width': section.page_width,
    'sections': [[s.orientation == 1, s.page_width > s.page_height] for s in document.sections],
}, ensure_ascii=False))
"#;

/// python-docx's report on `path`, or `None` when python-docx is missing.
fn read_docx(path: &Path) -> Option<serde_json::Value> {
    let output = python_with("docx", READ_DOCX, &[path.as_os_str()])?;
    Some(serde_json::from_str(&output).expect("JSON from the script"))
}

/// The texts of the `<h2>` and `<h3>` headings of the HTML manual, in order, without the
/// contents and without badges.
fn html_headings(html: &str) -> Vec<String> {
    let mut headings = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<h") {
        rest = &rest[at + 2..];
        let level = rest.chars().next().unwrap_or_default();
        if level != '2' && level != '3' {
            continue;
        }
        let Some(end) = rest.find(&format!("</h{level}>")) else {
            break;
        };
        let inner = &rest[rest.find('>').expect("tag end") + 1..end];
        let inner = match inner.find("<span class=\"badge\">") {
            Some(badge) => &inner[..badge],
            None => inner,
        };
        let mut text = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#x2f;", "/")
            .replace("&amp;", "&");
        headings.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
        rest = &rest[end..];
    }
    headings
}

/// The standards of a built blueprint, from its standards.csv (the fourth column).
fn standards(folder: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(folder.join("standards.csv")).expect("standards.csv");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    reader
        .records()
        .map(|record| record.expect("a row")[3].to_owned())
        .collect()
}

#[test]
fn python_docx_reads_every_manual_as_a_word_document() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("site");
    build_bundled(&out, &[]);
    for id in bundled() {
        let folder = out.join(&id);
        let Some(report) = read_docx(&folder.join("manual.docx")) else {
            return;
        };
        let styles: Vec<&str> = report["styles"]
            .as_array()
            .expect("styles")
            .iter()
            .filter_map(|style| style.as_str())
            .collect();
        for expected in [
            "Title",
            "Heading 1",
            "Heading 2",
            "Heading 3",
            "List Number",
            "Body Text",
        ] {
            assert!(
                styles.contains(&expected),
                "{id}: no {expected} in {styles:?}"
            );
        }
        assert!(
            !styles.contains(&"Normal"),
            "{id}: a paragraph without a style"
        );
        assert_eq!(report["unnamed"], serde_json::json!([]), "{id}");
        assert_eq!(
            report["table_styles"],
            serde_json::json!(["Table Grid"]),
            "{id}"
        );
        assert_eq!(report["without_font"], serde_json::json!([]), "{id}");
        assert_eq!(report["missing"], serde_json::json!([]), "{id}");

        // The headings of the HTML manual, in its order; the Word file adds the chapter of
        // the steps, which HTML shows only in its contents.
        let html = std::fs::read_to_string(folder.join("manual.html")).expect("manual.html");
        let mut expected = html_headings(&html);
        expected.remove(0); // the contents
        let locale_is_zh = html.contains("lang=\"zh-CN\"");
        let steps_chapter = if locale_is_zh {
            "服务步骤"
        } else {
            "Steps"
        };
        let headings: Vec<String> = report["headings"]
            .as_array()
            .expect("headings")
            .iter()
            .filter(|heading| heading[0].as_u64() <= Some(3))
            .map(|heading| heading[1].as_str().unwrap_or_default().to_owned())
            .filter(|text| text != steps_chapter)
            .collect();
        assert_eq!(headings, expected, "{id}");

        let header: Vec<&str> = report["standards_header"]
            .as_array()
            .expect("header")
            .iter()
            .filter_map(|cell| cell.as_str())
            .collect();
        let method = if locale_is_zh {
            [
                "序号",
                "服务步骤",
                "服务要求",
                "客户满意度MOT",
                "MOT管理要点",
            ]
        } else {
            [
                "No.",
                "Service step",
                "Service standards",
                "Moment of truth",
                "Countermeasures",
            ]
        };
        assert_eq!(header, method, "{id}");
        assert!(
            report["footer_xml"]
                .as_str()
                .unwrap_or_default()
                .contains(">PAGE<"),
            "{id}"
        );
        assert!(
            report["footer_xml"]
                .as_str()
                .unwrap_or_default()
                .contains(">NUMPAGES<"),
            "{id}"
        );
        let header_text = report["header"].as_str().unwrap_or_default();
        let title_line = html
            .split("<h1>")
            .nth(1)
            .and_then(|rest| rest.split("</h1>").next())
            .unwrap_or_default();
        assert!(
            header_text.contains(&title_line.replace("&amp;", "&")),
            "{id}: {header_text}"
        );
        // Portrait chapters, the landscape blueprint, portrait steps, the landscape table.
        assert_eq!(
            report["sections"],
            serde_json::json!([[false, false], [true, true], [false, false], [true, true]]),
            "{id}"
        );
    }
}

#[test]
fn the_standards_table_has_one_row_per_mot_with_its_countermeasures_numbered() {
    let temp = tempfile::tempdir().expect("temp dir");
    // The first step gets a second MOT: one standard beside two MOTs takes two rows; the
    // second step, one standard and no MOT, one row.
    let text = std::fs::read_to_string(common::fixtures().join("clean.yaml")).expect("fixture");
    let two_mots = text.replace(
        "          - { text: Apologise for the wait, kind: recover, role: advisor }\n",
        "          - { text: Apologise for the wait, kind: recover, role: advisor }\n      - id: booking-wrong\n        moment: The booking is noted wrong\n        countermeasures:\n          - Repeat the booking back\n          - Send a confirmation\n",
    );
    let blueprint = temp.path().join("clean.yaml");
    std::fs::write(&blueprint, two_mots).expect("written");
    let out = temp.path().join("site");
    build_one(temp.path(), &blueprint, &out);
    let Some(report) = read_docx(&out.join("clean/manual.docx")) else {
        return;
    };
    let rows = report["standards_cells"].as_array().expect("rows");
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert_eq!(rows[1][1], "Phone booking");
    assert_eq!(rows[1][3], "The phone rings and nobody answers");
    assert_eq!(
        rows[1][4],
        "1. Someone always stays by the phone\n2. Apologise for the wait"
    );
    assert_eq!(rows[2][3], "The booking is noted wrong");
    assert_eq!(
        rows[2][4],
        "1. Repeat the booking back\n2. Send a confirmation"
    );
    // The step and its one standard span both rows.
    assert_eq!(rows[2][1], "Phone booking");
    assert_eq!(rows[2][2], rows[1][2]);
    assert_eq!(rows[3][0], "2");
    assert_eq!(rows[3][3], "");
    assert_eq!(
        report["standards_vmerge"], 6,
        "3 cells restarted, 3 continued"
    );
}

#[test]
fn the_document_number_is_in_the_header_and_a_draft_says_so() {
    let temp = tempfile::tempdir().expect("temp dir");
    let blueprint = temp.path().join("controlled.yaml");
    let text =
        std::fs::read_to_string(root().join("blueprints/hotel-checkin.yaml")).expect("blueprint");
    // The bundled draft, approved.
    let controlled = text.replacen(
        "  number: SOP-RD-012\n",
        "  number: QP-FO-007\n  approved: { by: Front office manager, on: 2026-03-01 }\n",
        1,
    );
    assert_ne!(
        controlled, text,
        "the bundled blueprint has a document number"
    );
    std::fs::write(&blueprint, controlled).expect("written");
    let out = temp.path().join("site");
    build_one(&root(), &blueprint, &out);
    let Some(report) = read_docx(&out.join("hotel-checkin/manual.docx")) else {
        return;
    };
    let header = report["header"].as_str().unwrap_or_default();
    assert!(header.starts_with("QP-FO-007 · "), "{header}");
    assert!(!header.contains("DRAFT"), "{header}");
    // The bundled blueprint has no approval: a draft.
    let draft = tempfile::tempdir().expect("temp dir");
    build_bundled(draft.path(), &[]);
    let Some(report) = read_docx(&draft.path().join("hotel-checkin/manual.docx")) else {
        return;
    };
    assert!(
        report["header"]
            .as_str()
            .unwrap_or_default()
            .ends_with(" · DRAFT")
    );
}

#[test]
fn libreoffice_prints_every_standard_with_a_cjk_font_embedded() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("site");
    build_bundled(&out, &[]);
    for id in bundled() {
        let folder = out.join(&id);
        let pdfs = temp.path().join(format!("pdf-{id}"));
        std::fs::create_dir_all(&pdfs).expect("folder");
        let Some(pdf) = common::libreoffice_convert(&folder.join("manual.docx"), "pdf", &pdfs)
        else {
            return;
        };
        let text = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output();
        let Ok(text) = text else {
            println!("skipped: pdftotext (poppler-utils) not installed");
            return;
        };
        let squeeze = |text: &str| text.split_whitespace().collect::<String>();
        let printed = squeeze(&String::from_utf8_lossy(&text.stdout));
        for standard in standards(&folder) {
            assert!(
                printed.contains(&squeeze(&standard)),
                "{id}: the PDF lacks “{standard}”"
            );
        }
        let html = std::fs::read_to_string(folder.join("manual.html")).expect("manual.html");
        if !html.contains("lang=\"zh-CN\"") {
            continue;
        }
        let fonts = std::process::Command::new("pdffonts")
            .arg(&pdf)
            .output()
            .expect("pdffonts runs");
        let fonts = String::from_utf8_lossy(&fonts.stdout);
        let cjk_embedded = fonts.lines().any(|line| {
            let cjk = ["CJK", "Song", "Hei", "WenQuanYi", "SC", "Ming"]
                .iter()
                .any(|name| line.contains(name));
            cjk && line.split_whitespace().any(|column| column == "yes")
        });
        assert!(cjk_embedded, "{id}: no CJK font embedded:\n{fonts}");
    }
}

#[test]
fn two_builds_give_the_same_bytes() {
    let temp = tempfile::tempdir().expect("temp dir");
    let config = temp.path().join("frontline.toml");
    let libraries = root().join("libraries");
    std::fs::write(
        &config,
        format!(
            "libraries = [{:?}]\n\n[handbook]\nrole_docx = true\n",
            libraries.to_str().expect("utf-8")
        ),
    )
    .expect("config");
    let config = config.to_str().expect("utf-8");
    let (first, second) = (temp.path().join("one"), temp.path().join("two"));
    build_bundled(&first, &["--config", config]);
    build_bundled(&second, &["--config", config]);
    let mut compared = 0;
    for id in bundled() {
        let checklists = std::fs::read_dir(first.join(&id).join("checklists"))
            .expect("checklists")
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".docx"))
            .map(|name| format!("checklists/{name}"));
        for file in std::iter::once("manual.docx".to_owned()).chain(checklists) {
            let one = std::fs::read(first.join(&id).join(&file)).expect("first");
            let two = std::fs::read(second.join(&id).join(&file)).expect("second");
            assert!(one == two, "{id}/{file} differs between builds");
            compared += 1;
        }
    }
    assert!(
        compared > bundled().len(),
        "role checklists in Word were built"
    );
}

/// Writes a project folder using `reference` as `[handbook] reference_docx`: its config and
/// the hotel blueprint.
fn project_with_reference(folder: &Path, reference: &str) -> PathBuf {
    let libraries = root().join("libraries");
    std::fs::write(
        folder.join("frontline.toml"),
        format!(
            "libraries = [{:?}]\n\n[handbook]\nreference_docx = {reference:?}\n",
            libraries.to_str().expect("utf-8")
        ),
    )
    .expect("config");
    let blueprint = folder.join("hotel-checkin.yaml");
    std::fs::copy(root().join("blueprints/hotel-checkin.yaml"), &blueprint).expect("copied");
    blueprint
}

#[test]
fn a_reference_file_lends_its_styles_and_page() {
    let temp = tempfile::tempdir().expect("temp dir");
    let reference = temp.path().join("company.docx");
    // A company template: red Georgia headings on US Letter.
    let made = python_with(
        "docx",
        r#"
import sys
from docx import Document
from docx.shared import RGBColor, Twips
document = Document()
heading = document.styles['Heading 1']
heading.font.name = 'Georgia'
heading.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
section = document.sections[0]
section.page_width = Twips(12240)
section.page_height = Twips(15840)
# A letterhead: the company's name and a logo (a 1×1 PNG).
import struct, zlib, io
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0)) \
    + chunk(b'IDAT', zlib.compress(b'\x00\xc0\x00\x00')) + chunk(b'IEND', b'')
letterhead = section.header.paragraphs[0]
letterhead.text = 'ACME Hotels'
letterhead.add_run().add_picture(io.BytesIO(png))
document.save(sys.argv[1])
print('made')
"#,
        &[reference.as_os_str()],
    );
    if made.is_none() {
        return;
    }
    let blueprint = project_with_reference(temp.path(), "company.docx");
    let out = temp.path().join("site");
    build_one(temp.path(), &blueprint, &out);
    let Some(report) = read_docx(&out.join("hotel-checkin/manual.docx")) else {
        return;
    };
    assert_eq!(report["heading1"]["color"], "C00000");
    assert_eq!(report["heading1"]["font"], "Georgia");
    // 12240 twips are 8.5 inches: 7772400 EMU.
    assert_eq!(report["page_width"], 7772400);
    // Styles the template lacks keep frontline's.
    let styles: Vec<&str> = report["styles"]
        .as_array()
        .expect("styles")
        .iter()
        .filter_map(|style| style.as_str())
        .collect();
    assert!(
        styles.contains(&"Body Text") && styles.contains(&"List Number"),
        "{styles:?}"
    );
    // The letterhead comes first, then the document-control line; its logo is in the file.
    let header = report["header"].as_str().unwrap_or_default();
    assert!(header.starts_with("ACME Hotels\n"), "{header}");
    assert!(
        header.ends_with("Hotel stay from check-in to check-out · DRAFT"),
        "{header}"
    );
    assert_eq!(report["missing"], serde_json::json!([]));
    assert_eq!(report["header_pictures"], 1);
}

#[test]
fn a_reference_that_is_not_a_word_file_is_refused_in_both_languages() {
    let temp = tempfile::tempdir().expect("temp dir");
    std::fs::write(temp.path().join("company.docx"), "not a zip").expect("written");
    let blueprint = project_with_reference(temp.path(), "company.docx");
    for (locale, expected) in [
        ("en", "is not a Word document (.docx)"),
        ("zh-CN", "不是 Word 文档（.docx）"),
    ] {
        let output = frontline()
            .current_dir(temp.path())
            .args(["--locale", locale, "build", "--out"])
            .arg(temp.path().join("site"))
            .arg(&blueprint)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{stderr}");
        assert!(stderr.contains("company.docx"), "{stderr}");
    }
    assert!(!temp.path().join("site").exists(), "nothing is written");
}

#[test]
fn a_site_without_word_files_when_the_handbook_says_so() {
    let temp = tempfile::tempdir().expect("temp dir");
    let config = temp.path().join("frontline.toml");
    // The bundled blueprints use the bundled library.
    let libraries = root().join("libraries");
    let text = format!(
        "libraries = [{:?}]\n[handbook]\ndocx = false\nrole_docx = true\n",
        libraries.display().to_string()
    );
    std::fs::write(&config, text).expect("config");
    let out = temp.path().join("site");
    build_bundled(&out, &["--config", config.to_str().expect("utf-8 path")]);
    let folder = out.join("hotel-checkin");
    assert!(folder.join("manual.html").is_file());
    assert!(!folder.join("manual.docx").exists());
    let checklists: Vec<String> = std::fs::read_dir(folder.join("checklists"))
        .expect("checklists")
        .filter_map(|entry| Some(entry.ok()?.file_name().to_string_lossy().into_owned()))
        .collect();
    assert!(
        !checklists.iter().any(|name| name.ends_with(".docx")),
        "{checklists:?}"
    );
}
