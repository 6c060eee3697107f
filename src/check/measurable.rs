//! Does a standard's text carry a number? (服务标准必须具体量化)
//!
//! Digits count, in ASCII or full width. Chinese numerals count when a unit or measure word
//! follows them (三声, 五分钟, 两小时, 八颗牙齿), so that 一致, 一定 or 十分热情 do not. English
//! number words count when a unit follows (three rings, five minutes).

/// Chinese numeral characters that make up quantities.
const CHINESE_NUMERALS: &str = "零〇一二两三四五六七八九十百千万半";

/// Units and measure words that turn a Chinese numeral into a quantity.
const CHINESE_UNITS: &str = "声秒分钟时小天日周月年次遍个位名人件项条句步米里公元块颗杯份张页层圈成倍度克斤刻台辆套箱趟轮%％";

/// English number words.
const ENGLISH_NUMBERS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "hundred", "half",
    // Ordinals bound a count too ("before the third ring"); "first" is left out, as in "first
    // time", which promises without measuring.
    "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];

/// English unit words, singular stems (a trailing `s` is allowed).
const ENGLISH_UNITS: &[&str] = &[
    "ring", "second", "minute", "hour", "day", "week", "month", "year", "time", "step", "metre",
    "meter", "km", "percent", "item", "call", "attempt", "working", "business", "tooth", "teeth",
];

/// Words that promise without measuring.
const VAGUE_WORDS: &[&str] = &[
    "尽快",
    "及时",
    "热情",
    "马上",
    "立即",
    "立刻",
    "迅速",
    "第一时间",
    "尽量",
    "适当",
    "快速",
    "asap",
    "as soon as possible",
    "promptly",
    "quickly",
    "immediately",
    "timely",
    "soon",
    "friendly",
    "warmly",
    "appropriate",
];

/// Whether `text` states a number: digits, or a numeral with a unit.
pub fn has_number(text: &str) -> bool {
    if text
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        return true;
    }
    has_chinese_quantity(text) || has_english_quantity(text)
}

fn has_chinese_quantity(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut index = 0;
    while index < chars.len() {
        if !CHINESE_NUMERALS.contains(chars[index]) {
            index += 1;
            continue;
        }
        let start = index;
        while index < chars.len() && CHINESE_NUMERALS.contains(chars[index]) {
            index += 1;
        }
        let ordinal = start > 0 && chars[start - 1] == '第';
        let next = chars.get(index).copied();
        let after = chars.get(index + 1).copied();
        // 十分 is "very" unless it is 十分钟.
        let very = chars[start..index] == ['十'] && next == Some('分') && after != Some('钟');
        if !ordinal && !very && next.is_some_and(|c| CHINESE_UNITS.contains(c)) {
            return true;
        }
    }
    false
}

fn has_english_quantity(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).any(|pair| {
        ENGLISH_NUMBERS.contains(&pair[0])
            && ENGLISH_UNITS
                .iter()
                .any(|unit| pair[1] == *unit || pair[1].strip_suffix('s') == Some(unit))
    })
}

/// The first word in `text` that promises without measuring, if any.
pub fn vague_word(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    VAGUE_WORDS.iter().copied().find(|word| {
        if word.is_ascii() {
            lower
                .match_indices(word)
                .any(|(at, _)| is_word_boundary(&lower, at, at + word.len()))
        } else {
            lower.contains(word)
        }
    })
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_ascii_alphanumeric())
        && !after.is_some_and(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_with_a_unit_are_numbers() {
        for text in [
            "铃声响三声内接听",
            "五分钟内给答复",
            "二十分钟内完成交车",
            "两小时内回电",
            "微笑服务八颗牙齿",
            "半小时之内送达",
            "十分钟内到场",
            "接听电话铃声不能超过３声",
            "24小时内回访",
        ] {
            assert!(has_number(text), "{text}");
        }
    }

    #[test]
    fn vague_texts_have_no_number() {
        for text in [
            "尽快处理",
            "及时回复客户",
            "接电话时声音饱满热情",
            "服务标准要一致",
            "十分热情地接待",
            "第一时间通知客户",
            "一定要礼貌",
            "Respond promptly",
            "Answer ASAP",
            "Someone answers the phone",
        ] {
            assert!(!has_number(text), "{text}");
        }
    }

    #[test]
    fn english_number_words_with_a_unit_are_numbers() {
        assert!(has_number(
            "Answer before the third ring and within two minutes"
        ));
        assert!(has_number("greet within three seconds"));
        assert!(has_number("Answer before the third ring"));
        assert!(!has_number("greet everyone with one voice"));
        assert!(!has_number("call back the first time"));
    }

    #[test]
    fn vague_words_are_named() {
        assert_eq!(vague_word("尽快处理"), Some("尽快"));
        assert_eq!(vague_word("Respond Promptly."), Some("promptly"));
        assert_eq!(vague_word("reasonable"), None);
        assert_eq!(vague_word("soonest"), None);
    }
}
