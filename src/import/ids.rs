//! Readable, unique ids for what a table names: from English words, or the pinyin of Chinese.

use crate::check::is_valid_id;
use pinyin::ToPinyin;
use std::collections::HashSet;

/// Longest id [`slug`] makes: long enough to read, short enough to type.
const SLUG_LENGTH: usize = 40;

/// Longest id the format allows.
const ID_LENGTH: usize = 64;

/// A readable id from a name: English words lower-cased, Chinese characters as toneless pinyin,
/// one syllable each, all joined by `-` (“客户电话预约” → `ke-hu-dian-hua-yu-yue`, “4S店” →
/// `4s-dian`). Every other character separates; the id is cut at a `-` to at most 40
/// characters, and is empty when nothing readable is left.
pub fn slug(name: &str) -> String {
    let mut pieces: Vec<String> = Vec::new();
    let mut run = String::new();
    for c in name.chars().map(fold_full_width) {
        if c.is_ascii_alphanumeric() {
            run.push(c.to_ascii_lowercase());
            continue;
        }
        if !run.is_empty() {
            pieces.push(std::mem::take(&mut run));
        }
        if let Some(syllable) = c.to_pinyin().map(|p| p.plain()) {
            // ü is written v, as on a pinyin keyboard: 绿 → lv.
            pieces.push(syllable.replace('ü', "v"));
        }
    }
    if !run.is_empty() {
        pieces.push(run);
    }
    let mut id = String::new();
    for piece in pieces {
        let needed = piece.len() + usize::from(!id.is_empty());
        if id.len() + needed > SLUG_LENGTH {
            if id.is_empty() {
                // One word longer than an id may be: its beginning is still the best name.
                id = piece[..SLUG_LENGTH].to_string();
            }
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&piece);
    }
    id
}

/// Full-width ASCII (ＡＢ１) as the ASCII it stands for.
fn fold_full_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

/// A standard id (编号) from a table cell: kept as it is when it is already a valid id,
/// otherwise made one (“A-01” → `a-01`, “1.1” → `1-1`); `None` when nothing is left.
pub fn from_table(value: &str) -> Option<String> {
    if is_valid_id(value) {
        return Some(value.to_string());
    }
    let id = slug(value);
    (!id.is_empty()).then_some(id)
}

/// The ids given out so far, so that two rows never share one.
#[derive(Debug, Default)]
pub struct Ids {
    taken: HashSet<String>,
}

impl Ids {
    /// Takes `id` as it is, for ids the table gives; false when it is already taken.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }

    /// `base` (or `fallback` when `base` is empty), with `-2`, `-3`, … added when it is taken,
    /// still within the 64 characters of an id.
    pub fn unique(&mut self, base: &str, fallback: &str) -> String {
        let base = if base.is_empty() { fallback } else { base };
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let mut number = 2_u64;
        loop {
            let suffix = format!("-{number}");
            let room = ID_LENGTH - suffix.len();
            let cut = (0..=room.min(base.len()))
                .rev()
                .find(|&at| base.is_char_boundary(at))
                .unwrap_or(0);
            let stem = &base[..cut];
            let id = format!("{}{suffix}", stem.trim_end_matches('-'));
            if self.taken.insert(id.clone()) {
                return id;
            }
            number += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_are_lower_cased_and_joined() {
        assert_eq!(slug("Greet the customer"), "greet-the-customer");
        assert_eq!(slug("  Check-in, then: keys!  "), "check-in-then-keys");
        assert_eq!(slug("Guest's name"), "guest-s-name");
    }

    #[test]
    fn chinese_is_written_in_pinyin() {
        assert_eq!(slug("客户电话预约"), "ke-hu-dian-hua-yu-yue");
        assert_eq!(slug("接待"), "jie-dai");
        assert_eq!(slug("维修/保养"), "wei-xiu-bao-yang");
        assert_eq!(slug("绿色通道"), "lv-se-tong-dao");
    }

    #[test]
    fn polyphonic_characters_take_their_first_reading() {
        assert_eq!(slug("银行"), "yin-xing");
        assert_eq!(slug("重要"), "zhong-yao");
    }

    #[test]
    fn letters_and_digits_keep_their_runs() {
        assert_eq!(slug("4S店"), "4s-dian");
        assert_eq!(slug("第1步"), "di-1-bu");
        assert_eq!(slug("ISO 9001 审核"), "iso-9001-shen-he");
        assert_eq!(slug("ＡＢ１"), "ab1");
        assert_eq!(slug("３分钟内"), "3-fen-zhong-nei");
    }

    #[test]
    fn other_characters_separate_once() {
        assert_eq!(slug("——接待、问候——"), "jie-dai-wen-hou");
        assert_eq!(slug("《服务规范》"), "fu-wu-gui-fan");
        assert_eq!(slug("Café"), "caf");
        assert_eq!(slug("😀"), "");
        assert_eq!(slug("  "), "");
        assert_eq!(slug(""), "");
    }

    #[test]
    fn long_names_are_cut_between_syllables() {
        let id = slug("在客户预计抵达的时间前二十分钟确认客户是否能准时到达");
        assert_eq!(id, "zai-ke-hu-yu-ji-di-da-de-shi-jian-qian");
        assert!(id.len() <= 40, "{id}");
        assert_eq!(
            slug("Call the guest back within ten minutes of completion"),
            "call-the-guest-back-within-ten-minutes"
        );
        assert_eq!(slug(&"a".repeat(50)), "a".repeat(40));
    }

    #[test]
    fn slugs_are_valid_ids() {
        for name in [
            "客户电话预约",
            "4S店",
            "Greet the customer",
            "ＡＢ１",
            "第1步",
            "x",
        ] {
            assert!(is_valid_id(&slug(name)), "{name}");
        }
    }

    #[test]
    fn table_ids_are_kept_when_valid() {
        assert_eq!(from_table("a-01"), Some("a-01".into()));
        assert_eq!(from_table("std--7-"), Some("std--7-".into()));
        assert_eq!(from_table("A-01"), Some("a-01".into()));
        assert_eq!(from_table("1.1"), Some("1-1".into()));
        assert_eq!(from_table("STD 7"), Some("std-7".into()));
        assert_eq!(from_table(" a-01 "), Some("a-01".into()));
        assert_eq!(from_table("接待-01"), Some("jie-dai-01".into()));
        assert_eq!(from_table("-1"), Some("1".into()));
        assert_eq!(from_table("—"), None);
        assert_eq!(from_table(""), None);
    }

    #[test]
    fn ids_are_numbered_when_taken() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("jie-dai", "step-1"), "jie-dai");
        assert_eq!(ids.unique("jie-dai", "step-2"), "jie-dai-2");
        assert_eq!(ids.unique("jie-dai", "step-3"), "jie-dai-3");
        assert_eq!(ids.unique("", "step-4"), "step-4");
        assert_eq!(ids.unique("", "step-4"), "step-4-2");
    }

    #[test]
    fn reserved_ids_are_not_given_out() {
        let mut ids = Ids::default();
        assert!(ids.reserve("a-01"));
        assert!(ids.reserve("a-01-2"));
        assert!(!ids.reserve("a-01"));
        assert_eq!(ids.unique("a-01", "x"), "a-01-3");
        assert!(!ids.reserve("a-01-3"));
    }

    #[test]
    fn numbered_ids_stay_within_an_id() {
        let mut ids = Ids::default();
        let long = format!("{}-b", "a".repeat(61));
        assert_eq!(ids.unique(&long, "x"), long);
        let second = ids.unique(&long, "x");
        assert_eq!(second, format!("{}-2", "a".repeat(61)));
        assert!(is_valid_id(&second), "{second}");
        let cut_at_dash = "a".repeat(61) + "-bc";
        ids.reserve(&cut_at_dash);
        assert_eq!(
            ids.unique(&cut_at_dash, "x"),
            format!("{}-3", "a".repeat(61))
        );
    }
}
