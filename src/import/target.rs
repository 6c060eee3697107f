//! Targets read from the words of a 目标 cell.
//!
//! The words are those `frontline` writes itself (`standards.csv`, the manual), read back
//! exactly, and a few forms people type: `≤3声`, `≥95%`, `3分钟以内`, `<= 5 min`.

use crate::model::{Duration, Target};

/// Duration units as the words name them, with the letter a [`Duration`] writes.
const DURATION_UNITS: &[(&str, char)] = &[
    ("秒钟", 's'),
    ("秒", 's'),
    ("分钟", 'm'),
    ("个小时", 'h'),
    ("小时", 'h'),
    ("天", 'd'),
    ("seconds", 's'),
    ("second", 's'),
    ("secs", 's'),
    ("sec", 's'),
    ("s", 's'),
    ("minutes", 'm'),
    ("minute", 'm'),
    ("mins", 'm'),
    ("min", 'm'),
    ("hours", 'h'),
    ("hour", 'h'),
    ("hrs", 'h'),
    ("hr", 'h'),
    ("h", 'h'),
    ("days", 'd'),
    ("day", 'd'),
];

/// How a bound is written before its amount, the words `target_text` writes first.
const PREFIXES: &[(&str, Kind)] = &[
    ("不超过", Kind::Max),
    ("不少于", Kind::Min),
    ("等于", Kind::Equals),
    ("at most", Kind::Max),
    ("at least", Kind::Min),
    ("exactly", Kind::Equals),
    ("within", Kind::Within),
    ("<=", Kind::AtMost),
    ("≤", Kind::AtMost),
    ("≦", Kind::AtMost),
    ("⩽", Kind::AtMost),
    (">=", Kind::Min),
    ("≥", Kind::Min),
    ("≧", Kind::Min),
    ("⩾", Kind::Min),
];

/// How a bound is written after its amount.
const SUFFIXES: &[(&str, Kind)] = &[
    ("以内", Kind::AtMost),
    ("之内", Kind::AtMost),
    ("内", Kind::Within),
    ("以上", Kind::Min),
];

/// A bound as written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// “within”, “…内”: a duration.
    Within,
    /// ≤, 以内: a duration when the unit is one, a maximum otherwise.
    AtMost,
    Max,
    Min,
    Equals,
}

/// The target that `words` state, when they are written as `frontline` writes targets
/// (“5分钟内”, “不超过3声”, “at least 8 teeth”) or as a short bound (“≤3声”, “3分钟以内”);
/// `None` for anything else.
pub fn from_words(words: &str) -> Option<Target> {
    let words = words.trim();
    for &(prefix, kind) in PREFIXES {
        if let Some(rest) = strip_prefix_ignoring_case(words, prefix) {
            // “at most3” is no word: English prefixes end at a space.
            if prefix.ends_with(|c: char| c.is_ascii_alphabetic()) && !rest.starts_with(' ') {
                continue;
            }
            return bound(kind, rest.trim_start());
        }
    }
    SUFFIXES.iter().find_map(|&(suffix, kind)| {
        words
            .strip_suffix(suffix)
            .and_then(|amount| bound(kind, amount.trim_end()))
    })
}

fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The target of `kind` over `amount`, a number and its unit (“3声”, “2.5 kg”, “5 min”).
fn bound(kind: Kind, amount: &str) -> Option<Target> {
    let (number, unit) = split_amount(amount)?;
    let within = || {
        let letter = duration_letter(unit?)?;
        let duration = Duration(format!("{number}{letter}"));
        duration.seconds().map(|_| duration)
    };
    let value = || number.parse::<f64>().ok().filter(|v| v.is_finite());
    let unit = unit.map(str::to_string);
    let target = match kind {
        Kind::Within => Target {
            within: Some(within()?),
            ..empty()
        },
        Kind::AtMost => match within() {
            Some(duration) => Target {
                within: Some(duration),
                ..empty()
            },
            None => Target {
                max: Some(value()?),
                unit,
                ..empty()
            },
        },
        Kind::Max => Target {
            max: Some(value()?),
            unit,
            ..empty()
        },
        Kind::Min => Target {
            min: Some(value()?),
            unit,
            ..empty()
        },
        Kind::Equals => Target {
            equals: Some(value()?),
            unit,
            ..empty()
        },
    };
    Some(target)
}

/// A number (`3`, `2.5`, `-18`) and the unit after it, if any.
fn split_amount(amount: &str) -> Option<(&str, Option<&str>)> {
    let sign = usize::from(amount.starts_with('-'));
    let digits_end = amount[sign..]
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .map_or(amount.len(), |at| sign + at);
    let number = &amount[..digits_end];
    let digits = &number[sign..];
    let well_formed = !digits.is_empty()
        && !digits.starts_with('.')
        && !digits.ends_with('.')
        && digits.matches('.').count() <= 1;
    if !well_formed {
        return None;
    }
    let unit = amount[digits_end..].trim();
    Some((number, (!unit.is_empty()).then_some(unit)))
}

fn duration_letter(unit: &str) -> Option<char> {
    DURATION_UNITS
        .iter()
        .find(|(word, _)| *word == unit)
        .map(|&(_, letter)| letter)
}

fn empty() -> Target {
    Target {
        within: None,
        max: None,
        min: None,
        equals: None,
        unit: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use crate::render::view::target_text;

    fn within(duration: &str) -> Target {
        Target {
            within: Some(Duration(duration.into())),
            ..empty()
        }
    }

    fn max(value: f64, unit: &str) -> Target {
        Target {
            max: Some(value),
            unit: Some(unit.into()),
            ..empty()
        }
    }

    fn min(value: f64, unit: &str) -> Target {
        Target {
            min: Some(value),
            unit: Some(unit.into()),
            ..empty()
        }
    }

    fn equals(value: f64, unit: &str) -> Target {
        Target {
            equals: Some(value),
            unit: Some(unit.into()),
            ..empty()
        }
    }

    /// Targets compare by their serialised form: `Target` keeps no equality of its own.
    fn same(a: Option<Target>, b: Option<Target>) -> bool {
        serde_json::to_value(a).ok() == serde_json::to_value(b).ok()
    }

    #[track_caller]
    fn reads(words: &str, expected: Option<Target>) {
        let got = from_words(words);
        assert!(
            same(got.clone(), expected.clone()),
            "{words}: got {got:?}, expected {expected:?}"
        );
    }

    #[test]
    fn chinese_words_are_read() {
        reads("5分钟内", Some(within("5m")));
        reads("90秒内", Some(within("90s")));
        reads("2小时内", Some(within("2h")));
        reads("1天内", Some(within("1d")));
        reads("不超过3声", Some(max(3.0, "声")));
        reads("不少于8颗", Some(min(8.0, "颗")));
        reads("等于4°C", Some(equals(4.0, "°C")));
        reads("不超过2.5 kg", Some(max(2.5, "kg")));
        reads("不超过3 km", Some(max(3.0, "km")));
        reads("不少于95%", Some(min(95.0, "%")));
        reads("不超过5分钟", Some(max(5.0, "分钟")));
        reads("不高于-18℃", None);
        reads("等于-18℃", Some(equals(-18.0, "℃")));
    }

    #[test]
    fn english_words_are_read() {
        reads("within 5 min", Some(within("5m")));
        reads("within 90 s", Some(within("90s")));
        reads("within 2 h", Some(within("2h")));
        reads("within 1 day", Some(within("1d")));
        reads("within 2 days", Some(within("2d")));
        reads("at most 3 rings", Some(max(3.0, "rings")));
        reads("at least 8 teeth", Some(min(8.0, "teeth")));
        reads("exactly 4 °C", Some(equals(4.0, "°C")));
        reads("at most 2.5 kg", Some(max(2.5, "kg")));
        reads("  Within 10 min ", Some(within("10m")));
        reads("at least 3 working days", Some(min(3.0, "working days")));
    }

    #[test]
    fn typed_bounds_are_read() {
        reads("≤3声", Some(max(3.0, "声")));
        reads("≤ 3 声", Some(max(3.0, "声")));
        reads("≥95%", Some(min(95.0, "%")));
        reads("3分钟以内", Some(within("3m")));
        reads("3声以内", Some(max(3.0, "声")));
        reads("95%以上", Some(min(95.0, "%")));
        reads("<= 5 min", Some(within("5m")));
        reads("≤5分钟", Some(within("5m")));
        reads(">= 2 calls", Some(min(2.0, "calls")));
    }

    #[test]
    fn other_words_are_not_read() {
        for words in [
            "",
            "尽快",
            "5分钟",
            "铃响三声内接听",
            "三分钟内",
            "within five minutes",
            "within 1.5 h",
            "within 0 s",
            "within 5 weeks",
            "within",
            "at most",
            "at most3 rings",
            "at most . rings",
            "at most 1.2.3 rings",
            "at mostly 3 rings",
            "about 5 min",
            "18:00前",
            "内",
            "不超过",
        ] {
            reads(words, None);
        }
    }

    #[test]
    fn a_bound_without_unit_is_read_without_one() {
        reads(
            "at most 3",
            Some(Target {
                max: Some(3.0),
                ..empty()
            }),
        );
    }

    #[test]
    fn the_words_frontline_writes_read_back_as_their_target() {
        let targets = [
            within("5m"),
            within("90s"),
            within("2h"),
            within("1d"),
            within("3d"),
            within("30s"),
            max(3.0, "声"),
            max(3.0, "rings"),
            max(2.5, "kg"),
            max(3.0, "km"),
            min(8.0, "颗"),
            min(8.0, "teeth"),
            min(95.0, "%"),
            min(0.5, "L"),
            equals(4.0, "°C"),
            equals(4.0, "℃"),
            equals(-18.0, "℃"),
            equals(1.0, "working days"),
            equals(12.0, "个工作日"),
            Target {
                max: Some(3.0),
                ..empty()
            },
        ];
        for target in targets {
            for locale in [Locale::En, Locale::ZhCn] {
                let words = target_text(&target, locale).unwrap_or_default();
                assert!(
                    same(from_words(&words), Some(target.clone())),
                    "{locale:?}: {words} from {target:?}"
                );
            }
        }
    }
}
