//! Spreadsheets read as cells: a finding in a cell placed in every report format, the same filled
//! sheet read from XLSX, XLS, ODS and a GB18030 CSV, and ODS files that would spread into more
//! rows or cells than the machine should give them refused at once.

mod common;

use common::frontline;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// `frontline audit check --format FORMAT FILE` from the audit fixtures: (exit status, stdout).
fn audit_check(format: &str, file: &Path) -> (Option<i32>, String) {
    audit_check_with(&["--format", format], file)
}

fn audit_check_with(args: &[&str], file: &Path) -> (Option<i32>, String) {
    let output = frontline()
        .current_dir(common::fixtures().join("audit"))
        .env("FRONTLINE_TODAY", "2026-12-01")
        .args(["audit", "check", "--blueprints", "blueprints"])
        .args(args)
        .arg(file)
        .output()
        .expect("binary runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn audit_check_json(file: &Path) -> Value {
    let (_, stdout) = audit_check("json", file);
    serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("not JSON ({error}): {stdout}"))
}

/// The CSV sheet `audit sheet` writes for the fixture blueprint, as rows of cells, filled as the
/// 0302 visit: site, auditor and date beside their labels (column C), 45s measured for
/// greet-fast (I11), smile 合格 (H12), repeat-order `好的` (H13: no result), offer-water 不适用
/// (H14), serve-in-time left blank.
fn filled_rows(folder: &Path) -> Vec<Vec<String>> {
    let out = folder.join("written.csv");
    let output = frontline()
        .current_dir(common::fixtures().join("audit"))
        .args(["audit", "sheet", "blueprints/tea-house.yaml", "--out"])
        .arg(&out)
        .output()
        .expect("binary runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = std::fs::read_to_string(&out).expect("CSV");
    let mut rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|record| record.expect("CSV row").iter().map(str::to_owned).collect())
        .collect();
    for (row, column, value) in [
        (4, 2, "浦东店"),
        (5, 2, "王明"),
        (6, 2, "2026-03-02"),
        (10, 8, "45s"),
        (11, 7, "合格"),
        (12, 7, "好的"),
        (13, 7, "不适用"),
    ] {
        let cells = &mut rows[row];
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = value.to_owned();
    }
    rows
}

fn csv_text(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .map(|cell| format!("\"{}\"", cell.replace('"', "\"\"")))
                .collect();
            cells.join(",") + "\r\n"
        })
        .collect()
}

/// The filled rows as a workbook whose sheet is `审核表`, with the hidden sheet that names the
/// blueprint, as `audit sheet` writes it.
fn filled_workbook(folder: &Path, rows: &[Vec<String>]) -> PathBuf {
    use rust_xlsxwriter::Workbook;
    let path = folder.join("filled.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("审核表").expect("name");
    for (row, cells) in rows.iter().enumerate() {
        for (column, cell) in cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            sheet
                .write_string(row as u32, column as u16, cell)
                .expect("cell");
        }
    }
    let identity = workbook.add_worksheet();
    identity.set_name("frontline").expect("name");
    for (row, (key, value)) in [("blueprint", "tea-house"), ("sheet", "审核表")]
        .into_iter()
        .enumerate()
    {
        identity.write_string(row as u32, 0, key).expect("key");
        identity.write_string(row as u32, 1, value).expect("value");
    }
    identity.set_hidden(true);
    workbook.save(&path).expect("saved");
    path
}

/// The one finding of the filled sheet, as the JSON report gives it: FL204 at H13, row 13 and
/// column 8 (H is the eighth letter).
fn assert_h13_finding(report: &Value, file: &Path, sheet: &str) {
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{report}");
    let finding = &diagnostics[0];
    assert_eq!(finding["code"], "FL204", "{finding}");
    assert_eq!(finding["file"], file.to_string_lossy().as_ref());
    assert_eq!(
        (&finding["line"], &finding["column"]),
        (&13.into(), &8.into())
    );
    assert_eq!(
        (&finding["sheet"], &finding["cell"]),
        (&sheet.into(), &"H13".into())
    );
}

#[test]
fn a_finding_in_a_cell_is_placed_in_every_report_format() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = filled_workbook(folder.path(), &filled_rows(folder.path()));
    let file = path.to_string_lossy().into_owned();

    let report = audit_check_json(&path);
    assert_h13_finding(&report, &path, "审核表");
    let message = report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.starts_with("审核表!H13："), "{message}");
    // The place leads the message once, not twice.
    assert_eq!(message.matches("H13").count(), 1, "{message}");

    // In English the place is followed by a colon and a space.
    let (_, english) = audit_check_with(&["--format", "json", "--locale", "en"], &path);
    let english: Value = serde_json::from_str(&english).expect("JSON");
    let message = english["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.starts_with("审核表!H13: `好的`"), "{message}");

    let (status, human) = audit_check("human", &path);
    assert_eq!(status, Some(1));
    let header = human.lines().next().unwrap_or_default();
    assert!(header.starts_with(&format!("{file}:13:8: ")), "{human}");
    assert!(
        header.contains("[FL204 ") && header.contains("]: 审核表!H13："),
        "{human}"
    );

    let (_, sarif) = audit_check("sarif", &path);
    let sarif: Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
    let result = &sarif["runs"][0]["results"][0];
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (&region["startLine"], &region["startColumn"]),
        (&13.into(), &8.into())
    );
    assert_eq!(result["properties"]["sheet"], "审核表");
    assert_eq!(result["properties"]["cell"], "H13");
    let text = result["message"]["text"].as_str().unwrap_or_default();
    assert!(text.starts_with("审核表!H13："), "{text}");

    let (_, github) = audit_check("github", &path);
    assert!(
        github.starts_with("::error file=") && github.contains(",line=13,col=8,"),
        "{github}"
    );
    assert!(github.contains("::审核表!H13："), "{github}");

    let (_, junit) = audit_check("junit", &path);
    assert!(junit.contains(" line=\"13\">"), "{junit}");
    assert!(junit.contains("message=\"审核表!H13："), "{junit}");
}

#[test]
fn a_csv_finding_names_its_cell_alone() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("0302.csv");
    std::fs::write(&path, csv_text(&filled_rows(folder.path()))).expect("CSV");
    let report = audit_check_json(&path);
    assert_h13_finding(&report, &path, "");
    let message = report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.starts_with("H13："), "{message}");
}

/// Excel on Chinese Windows saves CSV in GB18030; `㐀` is one of the characters GB18030 has and
/// GBK has not (four bytes), written into the note of H13's row.
#[test]
fn a_gb18030_csv_reads_as_its_utf8_twin() {
    let folder = tempfile::tempdir().expect("temp dir");
    let mut rows = filled_rows(folder.path());
    rows[12].resize(10, String::new());
    rows[12][9] = "没有复述㐀".to_owned();
    let text = csv_text(&rows);
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the bytes are not UTF-8"
    );
    let path = folder.path().join("0302.csv");
    std::fs::write(&path, &bytes).expect("CSV");
    assert_h13_finding(&audit_check_json(&path), &path, "");
    let sheet = frontline::load::sheet::read_csv(&bytes).expect("read");
    assert_eq!(sheet.get(12, 9).text().as_deref(), Some("没有复述㐀"));
    assert_eq!(sheet.get(12, 7).text().as_deref(), Some("好的"));
}

/// The same filled workbook saved by LibreOffice as ODS reads to the same cells and the same
/// finding — also under a `.xlsx` name, since the format is told by the bytes.
#[test]
fn ods_workbooks_read_like_the_xlsx() {
    use frontline::load::sheet::{TableError, Workbook};
    let folder = tempfile::tempdir().expect("temp dir");
    let xlsx = filled_workbook(folder.path(), &filled_rows(folder.path()));
    let Some(converted) = common::libreoffice_convert(&xlsx, "ods", folder.path()) else {
        return;
    };
    let bytes = std::fs::read(&converted).expect("converted");
    let mut workbook = Workbook::open(&bytes).unwrap_or_else(|e| panic!("ODS: {e:?}"));
    assert_eq!(workbook.sheet_names(), ["审核表", "frontline"], "ODS");
    let sheet = workbook.sheet("审核表").expect("ODS").expect("审核表");
    assert_eq!(sheet.name, "审核表");
    assert_eq!(sheet.get(4, 2).text().as_deref(), Some("浦东店"), "ODS");
    assert_eq!(sheet.get(12, 7).text().as_deref(), Some("好的"), "ODS");
    assert_eq!(sheet.get(10, 8).text().as_deref(), Some("45s"), "ODS");
    assert!(workbook.sheet("Sheet9").expect("ODS").is_none());
    assert_eq!(
        workbook.named_sheet("Sheet9").err(),
        Some(TableError::NoSheet {
            name: "Sheet9".to_owned(),
            names: vec!["审核表".to_owned(), "frontline".to_owned()],
        })
    );
    // Saved under its own name, as LibreOffice leaves it, and renamed.
    assert_h13_finding(&audit_check_json(&converted), &converted, "审核表");
    let renamed = folder.path().join("saved-as-ods.xlsx");
    std::fs::write(&renamed, &bytes).expect("renamed");
    assert_h13_finding(&audit_check_json(&renamed), &renamed, "审核表");
}

/// An ODS of a few hundred bytes whose one sheet is `rows` rows, each a filled cell repeated
/// `columns` times across.
fn repeating_ods(path: &Path, rows: u64, columns: u64) {
    ods_of(path, &ods_content(rows, columns));
}

/// The `content.xml` of [`repeating_ods`].
fn ods_content(rows: u64, columns: u64) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="审核表"><table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{columns}" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    )
}

/// An ODS archive of its mimetype and this `content.xml`, stored uncompressed.
fn ods_of(path: &Path, content: &str) {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let file = std::fs::File::create(path).expect("ODS");
    let mut zip = zip::ZipWriter::new(file);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("mimetype");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("mimetype");
    zip.start_file("content.xml", stored).expect("content");
    zip.write_all(content.as_bytes()).expect("content");
    zip.finish().expect("ODS written");
}

/// A sheet of 20 000 filled rows has something in row 10 001, past the 10 000 read; a sheet of
/// 5 000 rows of 16 384 filled cells spreads over 5 000 × 16 384 = 81 920 000 cells, past the
/// 10 000 × 64 = 640 000 read. Both are refused at 1:1 with a message that says which limit, in
/// both languages, before any grid is made.
#[test]
fn an_ods_that_spreads_too_far_is_refused_before_it_is_spread() {
    use frontline::i18n::Locale;
    use frontline::load::sheet::{Noun, TableError, Workbook};
    let folder = tempfile::tempdir().expect("temp dir");
    let noun = Noun {
        en: "the table",
        zh: "表格",
        en_plural: "tables",
    };
    for (rows, columns, error, says) in [
        (
            20_000,
            1,
            TableError::TooManyRows(10_001),
            "稽核表第 10001 行有内容",
        ),
        (
            5_000,
            16_384,
            TableError::TooManyCells(81_920_000),
            "稽核表展开后有 81920000 个单元格",
        ),
    ] {
        let path = folder.path().join(format!("{rows}x{columns}.xlsx"));
        repeating_ods(&path, rows, columns);
        let bytes = std::fs::read(&path).expect("ODS");
        assert!(bytes.len() < 2_000, "{} bytes", bytes.len());
        assert_eq!(Workbook::open(&bytes).err(), Some(error.clone()));
        let (message, help) = error.describe(noun);
        assert!(!message.get(Locale::En).is_empty() && !help.get(Locale::En).is_empty());
        assert!(message.get(Locale::ZhCn).starts_with("表格"), "{message:?}");
        let report = audit_check_json(&path);
        let finding = &report["diagnostics"][0];
        assert_eq!(
            (&finding["code"], &finding["line"], &finding["column"]),
            (&"FL201".into(), &1.into(), &1.into())
        );
        let message = finding["message"].as_str().unwrap_or_default();
        assert!(message.starts_with(says), "{message}");
    }
}

/// The same filled workbook saved by LibreOffice as Excel 97–2003 (.xls) reads to the same
/// cells and the same finding: it is measured before it is read.
#[test]
fn xls_workbooks_read_like_the_xlsx() {
    use frontline::load::sheet::Workbook;
    let folder = tempfile::tempdir().expect("temp dir");
    let xlsx = filled_workbook(folder.path(), &filled_rows(folder.path()));
    let Some(xls) = common::libreoffice_convert(&xlsx, "xls", folder.path()) else {
        return;
    };
    let bytes = std::fs::read(&xls).expect("XLS");
    let mut workbook = Workbook::open(&bytes).unwrap_or_else(|e| panic!("XLS: {e:?}"));
    assert_eq!(workbook.sheet_names(), ["审核表", "frontline"], "XLS");
    let sheet = workbook.named_sheet("审核表").expect("XLS");
    assert_eq!(sheet.get(4, 2).text().as_deref(), Some("浦东店"), "XLS");
    assert_eq!(sheet.get(12, 7).text().as_deref(), Some("好的"), "XLS");
    assert_eq!(sheet.get(10, 8).text().as_deref(), Some("45s"), "XLS");
    assert_h13_finding(&audit_check_json(&xls), &xls, "审核表");
}

/// An ODS cut short inside a sheet (the end of a copy lost), and one whose repeat count is no
/// number: the reader would wait forever for the end of the first, so both are refused as
/// damaged before it reads them, at 1:1, in the auditor's language.
#[test]
fn an_ods_cut_short_or_with_a_wrong_count_is_refused_as_damaged() {
    let folder = tempfile::tempdir().expect("temp dir");
    let whole = ods_content(3, 2);
    let cut = &whole[..whole.find("<text:p>").expect("a cell")];
    let wrong_count = whole.replace(
        r#"number-rows-repeated="3""#,
        r#"number-rows-repeated="many""#,
    );
    for (name, content, says) in [
        ("cut", cut, "其内容在某个工作表中间就结束了"),
        (
            "count",
            &wrong_count[..],
            "`table:number-rows-repeated` 不是次数",
        ),
    ] {
        let path = folder.path().join(format!("{name}.ods"));
        ods_of(&path, content);
        let report = audit_check_json(&path);
        let finding = &report["diagnostics"][0];
        assert_eq!(
            (&finding["code"], &finding["line"], &finding["column"]),
            (&"FL201".into(), &1.into(), &1.into())
        );
        let message = finding["message"].as_str().unwrap_or_default();
        assert_eq!(message, format!("无法把稽核表作为 ODS 工作簿读取：{says}"));
    }
}
