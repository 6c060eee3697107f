//! `manual.pdf`: the manual printed by a Chromium-family browser already on the machine, twice
//! — once to learn on which page each part of the contents falls, once with those page numbers
//! in the contents — with the bookmarks the browser makes of the headings, and the header and
//! footer the page's print style sheet draws.

pub mod browser;
pub mod pages;

use crate::i18n::Localized;
use crate::tr;
pub use browser::Browser;
use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex};

/// How many printings may run at once: each is a browser of a few hundred megabytes, and the
/// rest of the build goes on beside them.
const AT_ONCE: usize = 2;

/// How many times the manual is printed at most: the page numbers of the contents settle after
/// the second printing unless adding them moved a part to another page.
const PRINTINGS: usize = 3;

/// The browser of a run, shared by every manual printed in it, a few at a time.
#[derive(Debug)]
pub struct Printer {
    browser: Browser,
    running: Mutex<usize>,
    freed: Condvar,
}

impl Printer {
    /// A printer with `browser`.
    pub fn new(browser: Browser) -> Printer {
        Printer {
            browser,
            running: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// The manual's page `html` printed to PDF, with page numbers in its contents.
    pub fn manual(&self, html: &str) -> Result<Vec<u8>, Localized> {
        let _turn = self.turn();
        let folder = tempfile::Builder::new()
            .prefix("frontline-print-")
            .tempdir()
            .map_err(|error| {
                tr!(en: "cannot make a temporary folder to print in: {error}";
                    zh: "无法创建用于打印的临时目录：{error}")
            })?;
        let page = folder.path().join("manual.html");
        let pdf = folder.path().join("manual.pdf");
        let mut numbered: Option<BTreeMap<String, u32>> = None;
        let mut printed = Vec::new();
        for _ in 0..PRINTINGS {
            let text = match &numbered {
                Some(pages) => pages::with_page_numbers(html, pages),
                None => html.to_owned(),
            };
            write(&page, text.as_bytes())?;
            self.browser.print(&page, &pdf)?;
            printed = std::fs::read(&pdf).map_err(|error| unreadable(&error.to_string()))?;
            let found = pages::destinations(&printed).map_err(|error| unreadable(&error))?;
            if numbered.as_ref() == Some(&found) {
                break;
            }
            numbered = Some(found);
        }
        Ok(printed)
    }

    /// Waits until fewer than [`AT_ONCE`] printings run, and counts this one until the turn is
    /// dropped.
    fn turn(&self) -> Turn<'_> {
        let mut running = self
            .running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while *running >= AT_ONCE {
            running = self
                .freed
                .wait(running)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *running += 1;
        Turn { printer: self }
    }
}

/// One printing's place among those running.
struct Turn<'p> {
    printer: &'p Printer,
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut running = self
            .printer
            .running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *running = running.saturating_sub(1);
        self.printer.freed.notify_one();
    }
}

fn write(path: &std::path::Path, bytes: &[u8]) -> Result<(), Localized> {
    std::fs::write(path, bytes).map_err(|error| {
        let shown = path.display();
        tr!(en: "cannot write {shown}: {error}"; zh: "无法写入 {shown}：{error}")
    })
}

fn unreadable(error: &str) -> Localized {
    tr!(en: "the browser wrote a PDF that cannot be read: {error}";
        zh: "浏览器写出的 PDF 无法读取：{error}")
}
