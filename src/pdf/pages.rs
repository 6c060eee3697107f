//! Where the linked parts of a printed manual fall: the browser writes a named destination for
//! every element a link of the page points to (`#step-3`), so the page of each contents entry
//! is read from the PDF rather than guessed; and the contents given those numbers for the
//! next printing.

use lopdf::{Document, Object};
use std::collections::{BTreeMap, HashMap};

/// The page, from 1, of every named destination of a PDF, by name (an element id).
pub fn destinations(pdf: &[u8]) -> Result<BTreeMap<String, u32>, String> {
    let document = Document::load_mem(pdf).map_err(|error| error.to_string())?;
    let numbers: HashMap<lopdf::ObjectId, u32> = document
        .get_pages()
        .into_iter()
        .map(|(number, id)| (id, number))
        .collect();
    let catalog = document.catalog().map_err(|error| error.to_string())?;
    let mut found = BTreeMap::new();
    let Ok(dests) = catalog.get(b"Dests") else {
        return Ok(found);
    };
    let (_, dests) = document
        .dereference(dests)
        .map_err(|error| error.to_string())?;
    let Ok(dests) = dests.as_dict() else {
        return Ok(found);
    };
    for (name, target) in dests.iter() {
        let Some(page) = destination_page(&document, target) else {
            continue;
        };
        if let Some(&number) = numbers.get(&page) {
            found.insert(String::from_utf8_lossy(name).into_owned(), number);
        }
    }
    Ok(found)
}

/// The page object a destination points to: `[page /XYZ …]`, or a dictionary whose `/D` is.
fn destination_page(document: &Document, target: &Object) -> Option<lopdf::ObjectId> {
    let (_, target) = document.dereference(target).ok()?;
    let array = match target {
        Object::Array(array) => array,
        Object::Dictionary(dictionary) => {
            let (_, inner) = document.dereference(dictionary.get(b"D").ok()?).ok()?;
            inner.as_array().ok()?
        }
        _ => return None,
    };
    array.first()?.as_reference().ok()
}

/// The page count of a PDF.
pub fn count(pdf: &[u8]) -> Result<u32, String> {
    let document = Document::load_mem(pdf).map_err(|error| error.to_string())?;
    Ok(u32::try_from(document.get_pages().len()).unwrap_or(u32::MAX))
}

/// The manual's HTML with the page of every contents entry after its text, for the printing
/// that follows: a style sheet added before `</head>`, one rule per linked id, so that the
/// page is untouched otherwise and a user's template needs nothing of its own.
pub fn with_page_numbers(html: &str, pages: &BTreeMap<String, u32>) -> String {
    let mut style = String::from(
        "<style>\nnav.toc li { break-inside: avoid; }\n\
         nav.toc a[href^=\"#\"] { display: flex; }\n\
         nav.toc a[href^=\"#\"]::after { margin-left: auto; padding-left: 1em; font-variant-numeric: tabular-nums; }\n",
    );
    for (id, page) in pages {
        style.push_str(&format!(
            "nav.toc a[href=\"#{}\"]::after {{ content: \"{page}\"; }}\n",
            css_string_body(id)
        ));
    }
    style.push_str("</style>\n");
    match html.rfind("</head>") {
        Some(at) => format!("{}{style}{}", &html[..at], &html[at..]),
        None => format!("{style}{html}"),
    }
}

/// An id inside a CSS string in double quotes: quotes, backslashes and line ends escaped, and
/// `<` too, so that the text cannot close the style element.
fn css_string_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '"' | '\\' | '<' | '>' | '\n' | '\r' => {
                out.push_str(&format!("\\{:x} ", character as u32));
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_go_into_a_style_sheet_in_the_head() {
        let pages = BTreeMap::from([("step-1".to_owned(), 4), ("x\"<y".to_owned(), 12)]);
        let html = with_page_numbers(
            "<html><head><title>t</title></head><body></body></html>",
            &pages,
        );
        assert!(html.contains("nav.toc a[href=\"#step-1\"]::after { content: \"4\"; }"));
        assert!(html.contains("nav.toc a[href=\"#x\\22 \\3c y\"]::after { content: \"12\"; }"));
        assert!(html.find("<style>") < html.find("</head>"));
        assert!(!html[html.find("<style>").unwrap_or(0)..].contains("\"<y"));
    }
}
