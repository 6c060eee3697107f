//! One cell, several items: the numbered lists people type into one spreadsheet cell
//! (“1、…2、…”, “①…②…”, “1. …”, “（1）…”, “1）…”, line breaks) cut into their items.
//!
//! A number is only taken for a list number where it stands at the start of the cell or of a
//! line, or, inside a line, where it is the next number of the list already begun: “引导至1、2号
//! 车位” is one item, and “等待不超过2.5小时” keeps its 2.5.

/// One item of a cell, with the number it was written with, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The number before it: `2` for “2、…” or “②…”.
    pub number: Option<u32>,
    /// The item's text, trimmed, without its number or a separating `；` at its end.
    pub text: String,
}

/// The items of a cell: one per numbered item or, when nothing is numbered, one per line.
pub fn items(cell: &str) -> Vec<Item> {
    let lines: Vec<&str> = cell
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let numbered = lines.iter().any(|line| list_number(line).is_some());
    let mut items: Vec<Item> = Vec::new();
    for line in lines {
        match list_number(line) {
            Some((number, rest)) => push_inline(&mut items, Some(number), rest),
            // A line without a number goes on the item before it, when the cell is a numbered list.
            None if numbered && !items.is_empty() => {
                if let Some(last) = items.last_mut() {
                    last.text.push('\n');
                    last.text.push_str(line);
                }
            }
            None => push_inline(&mut items, None, line),
        }
    }
    for item in &mut items {
        item.text = clean(&item.text);
    }
    items.retain(|item| !item.text.is_empty());
    items
}

/// Pushes the item that starts with `text`, cut where the next number of the list follows in
/// the same line (“1、微笑；2、问候”).
fn push_inline(items: &mut Vec<Item>, number: Option<u32>, text: &str) {
    let mut number = number;
    let mut rest = text;
    loop {
        let next = number.and_then(|n| next_inline(rest, n + 1));
        match next {
            Some((at, after)) => {
                items.push(Item {
                    number,
                    text: rest[..at].to_owned(),
                });
                number = number.map(|n| n + 1);
                rest = after;
            }
            None => {
                items.push(Item {
                    number,
                    text: rest.to_owned(),
                });
                return;
            }
        }
    }
}

/// Where the list number `wanted` begins inside `text`, after the first character, and the
/// text after it.
fn next_inline(text: &str, wanted: u32) -> Option<(usize, &str)> {
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        let starts_number = circled(c) == Some(wanted)
            || (c.is_ascii_digit() && !previous.is_some_and(|p| p.is_ascii_digit() || p == '.'))
            || c == '（'
            || c == '(';
        if at > 0
            && starts_number
            && let Some((number, after)) = list_number(&text[at..])
            && number == wanted
        {
            return Some((at, after));
        }
        previous = Some(c);
    }
    None
}

/// The list number a text starts with, and the text after it: `1、` `1.` `1．` `1)` `1）`
/// `1:` `(1)` `（1）` `①`; a `.` only when no digit follows it (`2.5` is a number).
fn list_number(text: &str) -> Option<(u32, &str)> {
    let text = text.trim_start();
    let first = text.chars().next()?;
    if let Some(number) = circled(first) {
        return Some((number, text[first.len_utf8()..].trim_start()));
    }
    if first == '（' || first == '(' {
        let inner = &text[first.len_utf8()..];
        let digits = inner.chars().take_while(char::is_ascii_digit).count();
        let close = inner[digits..].chars().next()?;
        if digits > 0 && digits <= 2 && (close == '）' || close == ')') {
            let number = inner[..digits].parse().ok()?;
            return Some((number, inner[digits + close.len_utf8()..].trim_start()));
        }
        return None;
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let mut after = text[digits..].chars();
    let separator = after.next()?;
    let follows = after.next();
    let is_separator = match separator {
        '、' | '．' | ')' | '）' | ':' | '：' => true,
        '.' => !follows.is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    if !is_separator {
        return None;
    }
    let number = text[..digits].parse().ok()?;
    Some((number, text[digits + separator.len_utf8()..].trim_start()))
}

/// ① … ⑳ as 1 … 20.
fn circled(c: char) -> Option<u32> {
    ('①'..='⑳')
        .contains(&c)
        .then(|| u32::from(c) - u32::from('①') + 1)
}

/// An item's text without the white space around it or the `；` `;` that separated it from the
/// next item.
fn clean(text: &str) -> String {
    text.trim()
        .trim_end_matches(['；', ';'])
        .trim_end()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(items: &[(u32, &str)]) -> Vec<Item> {
        items
            .iter()
            .map(|(number, text)| Item {
                number: Some(*number),
                text: (*text).to_owned(),
            })
            .collect()
    }

    fn plain(texts: &[&str]) -> Vec<Item> {
        texts
            .iter()
            .map(|text| Item {
                number: None,
                text: (*text).to_owned(),
            })
            .collect()
    }

    #[test]
    fn numbered_lines_in_every_way_people_number_them() {
        for cell in [
            "1、微笑问候\n2、递上名片",
            "1. 微笑问候\n2. 递上名片",
            "1）微笑问候；\n2）递上名片；",
            "（1）微笑问候\n（2）递上名片",
            "(1) 微笑问候\n(2) 递上名片",
            "①微笑问候\n②递上名片",
            "1．微笑问候\n2．递上名片",
        ] {
            assert_eq!(
                items(cell),
                numbered(&[(1, "微笑问候"), (2, "递上名片")]),
                "{cell}"
            );
        }
    }

    #[test]
    fn numbered_items_in_one_line() {
        assert_eq!(
            items("1、来电铃声响三声内接听；2、声音饱满热情；3、报出公司和姓名"),
            numbered(&[
                (1, "来电铃声响三声内接听"),
                (2, "声音饱满热情"),
                (3, "报出公司和姓名")
            ])
        );
        assert_eq!(items("①微笑②问候"), numbered(&[(1, "微笑"), (2, "问候")]));
    }

    #[test]
    fn numbers_that_are_not_list_numbers_stay() {
        assert_eq!(items("引导至1、2号车位"), plain(&["引导至1、2号车位"]));
        assert_eq!(
            items("1. 等待不超过2.5小时"),
            numbered(&[(1, "等待不超过2.5小时")])
        );
        assert_eq!(items("3分钟内回复"), plain(&["3分钟内回复"]));
        assert_eq!(items("2026年起执行"), plain(&["2026年起执行"]));
        // The second 1 is not the next number of the list.
        assert_eq!(
            items("1. 引导至1、2号车位"),
            numbered(&[(1, "引导至1、2号车位")])
        );
    }

    #[test]
    fn lines_without_numbers_are_items_of_their_own() {
        assert_eq!(
            items("微笑问候\n\n  递上名片  "),
            plain(&["微笑问候", "递上名片"])
        );
    }

    #[test]
    fn a_line_without_a_number_goes_on_the_numbered_item_before_it() {
        assert_eq!(
            items("1. 确认信息：\n车牌号和车型\n2. 发送路线图"),
            numbered(&[(1, "确认信息：\n车牌号和车型"), (2, "发送路线图")])
        );
    }

    #[test]
    fn numbers_by_mot_are_kept_as_written() {
        assert_eq!(
            items("1. 电话旁边必须有人\n1. 主动道歉\n2. 迅速调整状态"),
            numbered(&[
                (1, "电话旁边必须有人"),
                (1, "主动道歉"),
                (2, "迅速调整状态")
            ])
        );
    }

    #[test]
    fn an_empty_cell_has_no_items() {
        assert!(items("").is_empty());
        assert!(items(" \n ；").is_empty());
        assert!(items("1、").is_empty());
    }
}
