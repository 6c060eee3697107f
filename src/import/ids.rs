//! Readable, unique ids for what a table names: from English words, or the pinyin of Chinese.
// TEMPORARY
use pinyin::ToPinyin;
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let piece = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase().to_string()
        } else if let Some(p) = c.to_pinyin() {
            format!("-{}-", p.plain())
        } else {
            "-".into()
        };
        out.push_str(&piece);
    }
    let parts: Vec<&str> = out.split('-').filter(|p| !p.is_empty()).collect();
    let mut id = String::new();
    for p in parts {
        if id.len() + p.len() + 1 > 40 {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(p);
    }
    id
}
pub fn from_table(value: &str) -> Option<String> {
    if crate::check::is_valid_id(value) {
        Some(value.to_owned())
    } else {
        let s = slug(value);
        (!s.is_empty()).then_some(s)
    }
}
#[derive(Default)]
pub struct Ids {
    taken: std::collections::HashSet<String>,
}
impl Ids {
    pub fn reserve(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_owned())
    }
    pub fn unique(&mut self, base: &str, fallback: &str) -> String {
        let base = if base.is_empty() { fallback } else { base };
        let mut n = 1;
        loop {
            let id = if n == 1 {
                base.to_owned()
            } else {
                format!("{base}-{n}")
            };
            if self.taken.insert(id.clone()) {
                return id;
            }
            n += 1;
        }
    }
}
