//! `[handbook] reference_docx`: a company's Word file whose styles and page setup the Word files
//! take over, as pandoc's reference document. A style frontline uses that the file lacks keeps
//! frontline's definition, so any Word file can serve, however few styles it defines.

use super::PageSetup;
use super::styles;
use crate::i18n::Localized;
use quick_xml::Writer;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::Path;

/// The parts of a reference file that the Word files use.
#[derive(Debug, Clone)]
pub struct Reference {
    /// A hash of the file: a changed reference file rebuilds the Word files.
    hash: u128,
    /// Its `word/styles.xml`.
    styles: Vec<u8>,
    /// The ids of the styles it defines.
    style_ids: BTreeSet<String>,
    /// The page of its last section.
    page: Option<PageSetup>,
    /// The header of its last section, when it can be taken over.
    header: Option<ReferenceHeader>,
}

/// A reference file's header: its XML, its relationships and the pictures they name (a logo).
#[derive(Debug, Clone)]
pub struct ReferenceHeader {
    xml: Vec<u8>,
    rels: Option<Vec<u8>>,
    /// The pictures, by part name (`word/media/…`).
    pub media: Vec<(String, Vec<u8>)>,
}

/// The picture types a frontline package declares, so a header's pictures can come along.
const PICTURES: &[&str] = &["png", "jpeg", "jpg", "bmp", "gif"];

/// The largest part read from a reference file: a styles part is some tens of kilobytes.
const MAX_PART: u64 = 16 * 1024 * 1024;

impl Reference {
    /// Reads the reference file at `path`; a file that is not a Word document is an error that
    /// says so.
    pub fn read(path: &Path) -> Result<Reference, Localized> {
        let shown = path.display();
        let bytes = std::fs::read(path).map_err(|error| {
            crate::tr!(en: "cannot read the reference Word file {shown}: {error}";
                       zh: "无法读取参考 Word 文件 {shown}：{error}")
        })?;
        let not_docx = || {
            crate::tr!(
                en: "{shown} is not a Word document (.docx): `[handbook] reference_docx` names a file saved by Word or WPS as .docx";
                zh: "{shown} 不是 Word 文档（.docx）：`[handbook] reference_docx` 应指向用 Word 或 WPS 保存的 .docx 文件")
        };
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).map_err(|_| not_docx())?;
        let mut part = |name: &str| -> Option<Vec<u8>> {
            let file = archive.by_name(name).ok()?;
            let mut content = Vec::new();
            file.take(MAX_PART).read_to_end(&mut content).ok()?;
            Some(content)
        };
        let (Some(document), Some(styles)) = (part("word/document.xml"), part("word/styles.xml"))
        else {
            return Err(not_docx());
        };
        let header = default_header(&document, &mut part);
        Ok(Reference {
            hash: xxhash_rust::xxh3::xxh3_128(&bytes),
            style_ids: style_ids(&styles).ok_or_else(not_docx)?,
            styles,
            page: page_setup(&document),
            header,
        })
    }

    /// The hash of the file's bytes.
    pub fn hash(&self) -> u128 {
        self.hash
    }

    /// The page setup of the file's last section, if it gives one.
    pub fn page(&self) -> Option<PageSetup> {
        self.page
    }

    /// The file's header, when it can be taken over.
    pub fn header(&self) -> Option<&ReferenceHeader> {
        self.header.as_ref()
    }

    /// The file's styles, with those of `ours` (frontline's `styles.xml`) that it lacks and
    /// frontline uses added at the end.
    pub fn styles_with(&self, ours: &[u8]) -> Vec<u8> {
        let missing: Vec<&str> = styles::USED
            .iter()
            .copied()
            .filter(|id| !self.style_ids.contains(*id))
            .collect();
        with_before_root_end(&self.styles, &style_events(ours, &missing))
    }
}

impl ReferenceHeader {
    /// The header's XML with the paragraphs of `ours` (frontline's header part) added at its
    /// end: the company's letterhead, then the document-control line.
    pub fn with_paragraphs_of(&self, ours: &[u8]) -> Vec<u8> {
        with_before_root_end(&self.xml, &paragraph_events(ours))
    }

    /// The header's relationships, if it has any.
    pub fn rels(&self) -> Option<&[u8]> {
        self.rels.as_deref()
    }
}

/// The default header of the last section of a `document.xml`, with its relationships and
/// pictures; `None` when there is none, or when it links outside the file or to anything but
/// a picture (frontline's own header is used then).
fn default_header(
    document: &[u8],
    part: &mut impl FnMut(&str) -> Option<Vec<u8>>,
) -> Option<ReferenceHeader> {
    let mut reader = Reader::from_reader(document);
    let mut id = None;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(start) | Event::Empty(start)) => match start.local_name().as_ref() {
                // A later section's references replace an earlier one's.
                "sectPr" => id = None,
                "headerReference"
                    if attribute(&start, "type").is_none_or(|kind| kind == "default") =>
                {
                    id = attribute(&start, "id");
                }
                _ => {}
            },
            Ok(_) => {}
        }
    }
    let id = id?;
    let target = relationships(&part("word/_rels/document.xml.rels")?)?
        .into_iter()
        .find(|relationship| relationship.id == id)?
        .target;
    let name = inside_word(&target)?;
    let xml = part(&name)?;
    let file = name.strip_prefix("word/")?;
    let rels = part(&format!("word/_rels/{file}.rels"));
    let mut media = Vec::new();
    if let Some(rels) = &rels {
        for relationship in relationships(rels)? {
            if relationship.external {
                return None;
            }
            let picture = inside_word(&relationship.target)?;
            let extension = picture.rsplit('.').next()?.to_ascii_lowercase();
            if !PICTURES.contains(&extension.as_str()) || !picture.starts_with("word/media/") {
                return None;
            }
            media.push((picture.clone(), part(&picture)?));
        }
    }
    Some(ReferenceHeader { xml, rels, media })
}

/// One relationship of a `.rels` part.
struct Relationship {
    id: String,
    target: String,
    external: bool,
}

/// The relationships of a `.rels` part; `None` when it is not XML.
fn relationships(rels: &[u8]) -> Option<Vec<Relationship>> {
    let mut reader = Reader::from_reader(rels);
    let mut found = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return Some(found),
            Ok(Event::Start(start) | Event::Empty(start))
                if start.local_name().as_ref() == "Relationship" =>
            {
                found.push(Relationship {
                    id: attribute(&start, "Id")?,
                    target: attribute(&start, "Target")?,
                    external: attribute(&start, "TargetMode").as_deref() == Some("External"),
                });
            }
            Ok(_) => {}
            Err(_) => return None,
        }
    }
}

/// The part name of a target relative to `word/`, if it stays inside `word/`.
fn inside_word(target: &str) -> Option<String> {
    let path = target.strip_prefix("/word/").unwrap_or(target);
    let clean = path
        .split('/')
        .all(|piece| !piece.is_empty() && piece != ".." && piece != ".");
    clean.then(|| format!("word/{path}"))
}

/// The top-level paragraphs of a header part, without the `w14` ids that the reference
/// header may not declare.
/// `xml` written again with `added` just before the end tag of its root element.
fn with_before_root_end(xml: &[u8], added: &[Event<'static>]) -> Vec<u8> {
    let mut reader = Reader::from_reader(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len() + 1024));
    let mut depth = 0usize;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event.into_owned(),
        };
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    for event in added {
                        write(&mut writer, event.clone());
                    }
                }
            }
            _ => {}
        }
        write(&mut writer, event);
    }
    writer.into_inner()
}

fn paragraph_events(header: &[u8]) -> Vec<Event<'static>> {
    let mut reader = Reader::from_reader(header);
    let mut events = Vec::new();
    let mut depth = 0usize;
    let strip = |start: &BytesStart| {
        let name = String::from_utf8_lossy(start.name().as_ref().as_bytes()).into_owned();
        let kept: Vec<(String, String)> = start
            .attributes()
            .flatten()
            .filter(|attribute| !attribute.key.as_ref().starts_with("w14:"))
            .filter_map(|attribute| {
                let value = attribute
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()?;
                Some((attribute.key.as_ref().to_owned(), value.into_owned()))
            })
            .collect();
        BytesStart::new(name)
            .with_attributes(
                kept.iter()
                    .map(|(key, value)| (key.as_str(), value.as_str())),
            )
            .into_owned()
    };
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => return events,
            Ok(event) => event.into_owned(),
        };
        let inside = depth >= 2;
        match &event {
            Event::Start(start) => {
                depth += 1;
                if depth >= 2 {
                    events.push(Event::Start(strip(start)));
                }
            }
            Event::Empty(start) if depth >= 1 => events.push(Event::Empty(strip(start))),
            Event::End(_) => {
                if inside {
                    events.push(event);
                }
                depth = depth.saturating_sub(1);
            }
            _ if inside => events.push(event),
            _ => {}
        }
    }
}

/// The ids of the styles in a `styles.xml`; `None` when it is not XML.
fn style_ids(styles: &[u8]) -> Option<BTreeSet<String>> {
    let mut reader = Reader::from_reader(styles);
    let mut ids = BTreeSet::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return Some(ids),
            Ok(Event::Start(start) | Event::Empty(start))
                if start.local_name().as_ref() == "style" =>
            {
                if let Some(id) = attribute(&start, "styleId") {
                    ids.insert(id);
                }
            }
            Ok(_) => {}
            Err(_) => return None,
        }
    }
}

/// The events of the `w:style` elements of `styles` whose ids are in `wanted`, in order.
fn style_events(styles: &[u8], wanted: &[&str]) -> Vec<Event<'static>> {
    let mut reader = Reader::from_reader(styles);
    let mut events = Vec::new();
    let mut inside = 0usize;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => return events,
            Ok(event) => event.into_owned(),
        };
        match &event {
            Event::Start(start)
                if inside == 0
                    && start.local_name().as_ref() == "style"
                    && attribute(start, "styleId")
                        .is_some_and(|id| wanted.contains(&id.as_str())) =>
            {
                inside = 1;
                events.push(event);
            }
            Event::Start(_) if inside > 0 => {
                inside += 1;
                events.push(event);
            }
            Event::End(_) if inside > 0 => {
                inside -= 1;
                events.push(event);
            }
            _ if inside > 0 => events.push(event),
            _ => {}
        }
    }
}

/// The page size and margins of the last `w:sectPr` of a `document.xml`.
fn page_setup(document: &[u8]) -> Option<PageSetup> {
    let mut reader = Reader::from_reader(document);
    let mut page: Option<PageSetup> = None;
    let mut current = PageSetup::default();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => return page,
            Ok(Event::Start(start) | Event::Empty(start)) => {
                let number = |name: &str| attribute(&start, name)?.parse::<i64>().ok();
                match start.local_name().as_ref() {
                    "pgSz" => {
                        if let (Some(width), Some(height)) = (number("w"), number("h")) {
                            // A landscape reference still describes a portrait page turned.
                            let (short, long) = (width.min(height), width.max(height));
                            current.width = u32::try_from(short).ok()?;
                            current.height = u32::try_from(long).ok()?;
                            page = Some(current);
                        }
                    }
                    "pgMar" => {
                        let names = [
                            "top", "right", "bottom", "left", "header", "footer", "gutter",
                        ];
                        for (slot, name) in current.margin.iter_mut().zip(names) {
                            if let Some(value) = number(name).and_then(|v| i32::try_from(v).ok()) {
                                *slot = value.abs();
                            }
                        }
                        page = Some(current);
                    }
                    _ => {}
                }
            }
            Ok(_) => {}
        }
    }
}

/// The value of the attribute with local name `name`.
fn attribute(start: &BytesStart, name: &str) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == name)
        .and_then(|attribute| {
            attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|value| value.into_owned())
        })
}

/// Writes one event into memory, which cannot fail.
fn write(writer: &mut Writer<Vec<u8>>, event: Event) {
    if let Err(error) = writer.write_event(event) {
        panic!("writing XML into memory: {error}");
    }
}
