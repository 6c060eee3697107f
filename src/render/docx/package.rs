//! The DOCX package: the parts `docx-rs` renders, the settings told to refresh the fields on
//! opening, the reference file's styles when there is one, zipped with fixed times in a fixed
//! order so that the same document gives the same bytes.

use super::reference::Reference;
use docx_rs::Docx;
use quick_xml::Writer;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::io::{Cursor, Write};

/// The creation and change date of every file: the same each run.
pub const FIXED_DATE: &str = "2000-01-01T00:00:00Z";

/// Elements of `w:settings` that come after `w:updateFields` in the schema's order.
const AFTER_UPDATE_FIELDS: &[&str] = &[
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
    "docId",
];

/// The bytes of the DOCX file of `docx`.
pub fn pack(docx: Docx, reference: Option<&Reference>) -> Vec<u8> {
    let xml = docx.build();
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), xml.content_type),
        ("_rels/.rels".into(), xml.rels),
        ("docProps/app.xml".into(), xml.doc_props.app),
        ("docProps/core.xml".into(), xml.doc_props.core),
        ("docProps/custom.xml".into(), xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), xml.document_rels),
        ("word/document.xml".into(), xml.document),
        (
            "word/styles.xml".into(),
            match reference {
                Some(reference) => reference.styles_with(&xml.styles),
                None => xml.styles,
            },
        ),
        ("word/settings.xml".into(), update_fields(&xml.settings)),
        ("word/fontTable.xml".into(), xml.font_table),
        ("word/comments.xml".into(), xml.comments),
        ("word/numbering.xml".into(), xml.numberings),
        ("word/commentsExtended.xml".into(), xml.comments_extended),
        ("word/footnotes.xml".into(), xml.footnotes),
    ];
    // A reference file's header (its letterhead) takes the place of frontline's, with the
    // document-control line beneath it.
    let letterhead = reference.and_then(Reference::header);
    for (index, header) in xml.headers.into_iter().enumerate() {
        let (header, rels) = match letterhead {
            Some(letterhead) => (
                letterhead.with_paragraphs_of(&header),
                letterhead.rels().map(<[u8]>::to_vec),
            ),
            None => (header, xml.header_rels.get(index).cloned()),
        };
        parts.push((format!("word/header{}.xml", index + 1), header));
        if let Some(rels) = rels {
            parts.push((format!("word/_rels/header{}.xml.rels", index + 1), rels));
        }
    }
    if let Some(letterhead) = letterhead {
        parts.extend(letterhead.media.iter().cloned());
    }
    for (index, footer) in xml.footers.into_iter().enumerate() {
        parts.push((format!("word/footer{}.xml", index + 1), footer));
        if let Some(rels) = xml.footer_rels.get(index) {
            parts.push((
                format!("word/_rels/footer{}.xml.rels", index + 1),
                rels.clone(),
            ));
        }
    }
    parts.sort_by(|a, b| a.0.cmp(&b.0));
    zip(&parts)
}

/// The parts zipped, in the given order, every entry dated 1980-01-01, at the fastest deflate
/// level: a third of the default's time for files a tenth bigger, since a manual should be
/// written about as fast as its HTML.
fn zip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        // Writing into memory fails only when memory does, as a Vec would.
        writer
            .start_file(name.as_str(), options)
            .and_then(|()| writer.write_all(bytes).map_err(Into::into))
            .unwrap_or_else(|error| panic!("zipping into memory: {error}"));
    }
    match writer.finish() {
        Ok(cursor) => cursor.into_inner(),
        Err(error) => panic!("zipping into memory: {error}"),
    }
}

/// `settings.xml` with `w:updateFields` on, so that Word and WPS fill the contents and the page
/// numbers when the file is opened.
fn update_fields(settings: &[u8]) -> Vec<u8> {
    let mut reader = Reader::from_reader(settings);
    let mut writer = Writer::new(Vec::with_capacity(settings.len() + 40));
    let mut depth = 0usize;
    let mut written = false;
    let flag = || BytesStart::new("w:updateFields").with_attributes([("w:val", "true")]);
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        let name_is_later =
            |start: &BytesStart| AFTER_UPDATE_FIELDS.contains(&start.local_name().as_ref());
        match &event {
            Event::Start(start) | Event::Empty(start)
                if depth == 1 && !written && name_is_later(start) =>
            {
                write(&mut writer, Event::Empty(flag()));
                written = true;
            }
            Event::End(_) if depth == 1 && !written => {
                write(&mut writer, Event::Empty(flag()));
                written = true;
            }
            _ => {}
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        write(&mut writer, event);
    }
    writer.into_inner()
}

/// Writes one event into memory, which cannot fail.
fn write(writer: &mut Writer<Vec<u8>>, event: Event) {
    if let Err(error) = writer.write_event(event) {
        panic!("writing XML into memory: {error}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_fields_goes_before_compat_and_once() {
        let settings = br#"<?xml version="1.0"?><w:settings xmlns:w="w"><w:zoom w:percent="100"/><w:compat><w:a/></w:compat></w:settings>"#;
        let out = String::from_utf8(update_fields(settings)).unwrap();
        assert_eq!(
            out,
            r#"<?xml version="1.0"?><w:settings xmlns:w="w"><w:zoom w:percent="100"/><w:updateFields w:val="true"/><w:compat><w:a/></w:compat></w:settings>"#
        );
        let bare = br#"<w:settings xmlns:w="w"></w:settings>"#;
        assert_eq!(
            String::from_utf8(update_fields(bare)).unwrap(),
            r#"<w:settings xmlns:w="w"><w:updateFields w:val="true"/></w:settings>"#
        );
    }
}
