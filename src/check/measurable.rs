//! Does a standard's text state a quantity? (服务标准必须具体量化)
//!
//! A digit is not enough: 4S店, iPhone 15, 《服务规范2.0》, ISO 9001 and the “1.” of a list hold
//! digits and measure nothing. A text states a quantity when a number in it is bound to what it
//! counts. The text is cut into tokens, then each number is tried against a few rules.
//!
//! Tokens (white space only separates them):
//! - *digits*: ASCII or full-width, with a decimal part (`2.5`); `18:00` is a *clock time*;
//!   digits glued to `st`/`nd`/`rd`/`th` are an *ordinal* (`3rd`); digits glued to other
//!   letters are a *name* (`4S`, `3A`, `3M`, `5G`, `v2.1`, `iPhone15`), except a lower-case unit
//!   (`24h`, `10s`, `5min`, `3km`; `s` only when no Chinese character follows, as `4s店` does);
//! - *Chinese numerals*: a run of 零〇一二两三四五六七八九十百千万半;
//! - *words*: runs of ASCII letters, among them the number words one … ninety, hundred,
//!   thousand, half and the ordinals first … tenth;
//! - *symbols*: every other character, one by one (汉字, punctuation, `%`, `≤`).
//!
//! A title in 《》 or 〈〉 yields no tokens, nor do a few idioms that read as quantities
//! (千人千面, 三天两头).
//!
//! A number states a quantity when:
//! 1. a unit follows it, perhaps after 多 or 余 (二十多分钟) or, in English, after an adjective
//!    such as `working` (3 working days):
//!    time (秒 分钟 小时 天 周 个月 年, seconds minutes hours days …; 点 时 分 after digits only),
//!    measure (米 公里 元 克 度 ℃ % ％, metres km percent …),
//!    count (次 遍 声 轮, rings times calls items people …) or a classifier (个 位 名 颗 项 …);
//! 2. a comparison comes before it (不少于 不超过 至少 最多 ≤ ≥, at least, no more than,
//!    within, under …) or after it (以内 之内 以上 以下);
//! 3. it is a clock time, a fraction or percentage (三分之一, 百分之九十五, 百分百), comes after
//!    a currency sign (¥ $), is a weekday (周一, 星期五), or is followed by `per` (one tag per bag).
//!
//! It does not when:
//! - it is a name (above) or a bare number with nothing it counts (ISO 9001, list numbers
//!   “1、”, “（1）”, “Step 3:”);
//! - it is approximate (几十分钟, 数百个, 十几个);
//! - it is an ordinal (第一步, 第一个, 第一时间, first time), unless it counts rings or days
//!   (第三声, 第二天, before the third ring);
//! - it is a lone 一 before a count or classifier, which reads as the article “a” (一个惊喜,
//!   一次机会, 一次性) or follows 每 (每一位客户): write 至少一次 or 1次 when one is the measure;
//! - its numerals belong to an ordinary word: no unit follows them (一定, 一致, 统一, 一起,
//!   万一, 千万), or the character after them is a unit only after digits (十分热情, 一点).
//!
//! The check is grammatical: it finds a quantity, not whether the quantity is the right one.
//!
//! [`proposed_target`] reads the first quantity by the same rules into the target a blueprint
//! would write: a time as a duration it is done `within` (or a `min` when it is asked for
//! ahead, 提前二十分钟), a count or measure as its `max`, `min` or `equals`.

use crate::model::{Duration, Target};

/// Units of time and measure: any number before them is a quantity, even a lone 一 (一天内).
/// 个小时, 个月 and 个工作日 are here, so that 一个月 is a month while 一个 stays the article.
const CHINESE_MEASURES: &str = "秒钟 秒 分钟 刻钟 个小时 小时 个钟头 钟头 个工作日 工作日 天 日 个星期 星期 周 \
    个月 月 年 米 厘米 毫米 公里 千米 元 克 千克 公斤 斤 升 毫升 度 倍 ℃ ° % ％ ‰";

/// Units that follow digits but read otherwise after Chinese numerals: 18点 but 一点, 5分 but
/// 十分热情, 3时 but 一时. 分 still counts points after other Chinese numerals (九十分, 八十五分).
const DIGIT_ONLY_UNITS: &str = "点 时 分";

/// Counts and classifiers: a quantity after any number but a lone 一, which is the article “a”.
const CHINESE_COUNTS: &str = "次 遍 声 轮 趟 圈 个 位 名 人 件 项 条 句 步 颗 杯 份 张 页 层 台 辆 套 箱 \
    种 家 处 盒 包 瓶 把 块 双 支 本 间 枚 片 成";

/// What an ordinal may count and still measure: 第三声, 第二天.
const CHINESE_ORDINAL_UNITS: &str = "声 天 日 个工作日 工作日";

/// Periods before 一次 / 一遍 that make it a frequency: 每天一次巡检.
const PERIODS_BEFORE_ONCE: &str =
    "每天 每日 每周 每星期 每月 每季度 每季 每年 每班 每小时 每晚 每早";

/// Comparisons that bind the number after them.
const CHINESE_COMPARISONS_BEFORE: &str = "不少于 不低于 不超过 不多于 不高于 不大于 不小于 不足 少于 多于 \
    低于 高于 超过 大于 小于 至少 至多 最多 最少 ≤ ≥ < > ＜ ＞ ≦ ≧ ⩽ ⩾";

/// Comparisons that bind the number before them.
const CHINESE_COMPARISONS_AFTER: &str = "以内 之内 以上 以下";

/// Idioms whose numerals and units measure nothing.
const IDIOMS: &str =
    "千人千面 三番五次 三番两次 三天两头 一年到头 一天到晚 一成不变 三包 七步洗手法";

/// Signs of money before a number.
const CURRENCY_SIGNS: &[char] = &['¥', '￥', '$', '€', '£'];

/// English cardinal number words.
const ENGLISH_NUMBERS: &str = "one two three four five six seven eight nine ten eleven twelve \
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty \
    seventy eighty ninety hundred thousand half";

/// English ordinal words.
const ENGLISH_ORDINALS: &str = "first second third fourth fifth sixth seventh eighth ninth tenth";

/// English units, singular (a plural `s` is allowed) or irregular plurals.
const ENGLISH_UNITS: &str = "second sec s minute min hour hr h day week month year am pm \
    percent metre meter m km kilometre kilometer mile foot feet ft cm mm kg degree dollar euro \
    yuan pound ring time call attempt item step person people staff guest member piece page copy \
    copies visit tooth teeth";

/// English units an ordinal may count and still measure: before the third ring.
const ENGLISH_ORDINAL_UNITS: &str = "ring day";

/// Words that may stand between an English number and its unit: 3 working days.
const ENGLISH_UNIT_ADJECTIVES: &str = "working business calendar full more extra consecutive";

/// English comparisons that bind the number after them, as the words before it.
const ENGLISH_COMPARISONS: &[&[&str]] = &[
    &["at", "least"],
    &["at", "most"],
    &["than"],
    &["up", "to"],
    &["within"],
    &["under"],
    &["over"],
    &["below"],
    &["above"],
    &["max"],
    &["min"],
    &["maximum"],
    &["minimum"],
];

/// Lower-case unit abbreviations that may be glued to digits: 24h, 10s, 5min.
const GLUED_UNITS: &str = "s sec secs min mins h hr hrs m km cm mm kg am pm x";

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

/// One piece of a standard's text.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// Digits, maybe with a decimal part: `30`, `2.5`, `３`.
    Digits,
    /// A time of day: `18:00`.
    Clock,
    /// Digits written as an ordinal: `3rd`.
    DigitOrdinal,
    /// Digits glued to letters: a name, model or version, never a quantity.
    Name,
    /// A run of Chinese numerals.
    Chinese(String),
    /// A run of ASCII letters, lower-cased.
    Word(String),
    /// Any other character but white space.
    Symbol(char),
}

/// Whether `text` states a quantity: a number bound to a unit, count, time, percentage or
/// comparison (see the module documentation for the grammar).
pub fn states_quantity(text: &str) -> bool {
    let tokens = tokenize(text);
    (0..tokens.len()).any(|at| is_quantity(&tokens, at))
}

fn tokenize(text: &str) -> Vec<Token> {
    scan(text).0
}

/// The tokens of `text`, and the value of each [`Token::Digits`] by its index.
fn scan(text: &str) -> (Vec<Token>, Vec<(usize, f64)>) {
    let mut plain = std::borrow::Cow::Borrowed(text);
    for idiom in words(IDIOMS) {
        // Looking for the idiom's first character first: it is a byte search, and most
        // standards hold no idiom, so nothing is copied.
        let first = idiom.chars().next().unwrap_or(' ');
        if plain.contains(first) && plain.contains(idiom) {
            plain = plain.replace(idiom, " ").into();
        }
    }
    let chars: Vec<char> = plain.chars().collect();
    let mut tokens = Vec::with_capacity(chars.len());
    let mut values = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        if c.is_whitespace() {
            at += 1;
        } else if c == '《' || c == '〈' {
            let close = if c == '《' { '》' } else { '〉' };
            at = chars[at..]
                .iter()
                .position(|&d| d == close)
                .map_or(chars.len(), |end| at + end + 1);
        } else if is_digit(c) {
            at = digits(&chars, at, &mut tokens, &mut values);
        } else if c.is_ascii_alphabetic() {
            let end = run_end(&chars, at, |c| c.is_ascii_alphabetic());
            if chars.get(end).copied().is_some_and(is_digit) {
                // iPhone15, v2.1, ISO9001, B2B: a name, up to the end of its letters and digits.
                tokens.push(Token::Name);
                at = run_end(&chars, end, |c| {
                    c.is_ascii_alphanumeric() || is_digit(c) || c == '.'
                });
            } else {
                let word: String = chars[at..end].iter().collect();
                tokens.push(Token::Word(word.to_ascii_lowercase()));
                at = end;
            }
        } else if is_chinese_numeral(c) {
            let end = run_end(&chars, at, is_chinese_numeral);
            tokens.push(Token::Chinese(chars[at..end].iter().collect()));
            at = end;
        } else {
            tokens.push(Token::Symbol(c));
            at += 1;
        }
    }
    (tokens, values)
}

/// Reads the digits starting at `start`, pushes their token(s), with the value of a
/// [`Token::Digits`] into `values`, and returns where they end.
fn digits(
    chars: &[char],
    start: usize,
    tokens: &mut Vec<Token>,
    values: &mut Vec<(usize, f64)>,
) -> usize {
    let mut end = run_end(chars, start, is_digit);
    let whole = end - start;
    let separator = chars.get(end).copied();
    let after_separator = run_end(chars, end + 1, is_digit);
    if matches!(separator, Some(':' | '：')) && after_separator - end - 1 == 2 && whole <= 2 {
        tokens.push(Token::Clock);
        return after_separator;
    }
    if matches!(separator, Some('.' | '．')) && after_separator > end + 1 {
        end = after_separator;
    }
    if let Some(value) = digits_value(&chars[start..end]) {
        values.push((tokens.len(), value));
    }
    if !chars.get(end).is_some_and(char::is_ascii_alphabetic) {
        tokens.push(Token::Digits);
        return end;
    }
    let letters_end = run_end(chars, end, |c| c.is_ascii_alphabetic());
    let letters: String = chars[end..letters_end].iter().collect();
    let glued_to_more = chars.get(letters_end).is_some_and(|&c| {
        is_digit(c) || (c == '.' && chars.get(letters_end + 1).is_some_and(|&d| is_digit(d)))
    });
    let chinese_follows = chars.get(letters_end).copied().is_some_and(is_chinese);
    if glued_to_more {
        tokens.push(Token::Name);
        run_end(chars, letters_end, |c| {
            c.is_ascii_alphanumeric() || is_digit(c) || c == '.'
        })
    } else if ["st", "nd", "rd", "th"].contains(&letters.as_str()) {
        tokens.push(Token::DigitOrdinal);
        letters_end
    } else if is_listed(GLUED_UNITS, &letters) && !(letters == "s" && chinese_follows) {
        tokens.push(Token::Digits);
        tokens.push(Token::Word(letters));
        letters_end
    } else {
        tokens.push(Token::Name);
        letters_end
    }
}

/// The value of ASCII or full-width digits, perhaps with a decimal part.
fn digits_value(chars: &[char]) -> Option<f64> {
    let ascii: String = chars
        .iter()
        .map(|&c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
            '．' => '.',
            _ => c,
        })
        .collect();
    ascii.parse().ok().filter(|value: &f64| value.is_finite())
}

fn run_end(chars: &[char], start: usize, belongs: impl Fn(char) -> bool) -> usize {
    chars.get(start..).map_or(start, |rest| {
        start + rest.iter().take_while(|&&c| belongs(c)).count()
    })
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Chinese numeral characters; a match rather than a search of a list, since this runs for
/// every character of a standard.
fn is_chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '半'
    )
}

fn is_chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn is_quantity(tokens: &[Token], at: usize) -> bool {
    match &tokens[at] {
        Token::Clock => true,
        Token::Digits => is_bound_number(tokens, at, true),
        Token::Chinese(numerals) => {
            let lone_one = numerals == "一";
            let before = symbols_before(tokens, at);
            // 每天一次, 每月一次: a frequency, not the article.
            if lone_one && ends_with_any(&before, PERIODS_BEFORE_ONCE) && counts_follow(tokens, at)
            {
                return true;
            }
            if lone_one && before.ends_with('每') {
                return false;
            }
            // 九十分以上, 八十五分: points; but 十分 (very), 万分 (extremely), 一分, 百分之 are not.
            let points = symbols_after(tokens, at).starts_with('分')
                && !symbols_after(tokens, at).starts_with("分之")
                && !is_listed("一 十 百 千 万 半", numerals);
            points
                || is_weekday(tokens, at, numerals)
                || percentage_word(tokens, at, numerals)
                || (is_bound_number(tokens, at, false)
                    && !(lone_one && counts_follow(tokens, at) && !is_compared(tokens, at)))
        }
        Token::DigitOrdinal => english_unit_after(tokens, at, ENGLISH_ORDINAL_UNITS),
        Token::Word(word) if is_listed(ENGLISH_ORDINALS, word) => {
            english_unit_after(tokens, at, ENGLISH_ORDINAL_UNITS)
        }
        Token::Word(word) if is_listed(ENGLISH_NUMBERS, word) => is_bound_number(tokens, at, false),
        // within an hour, in less than a day
        Token::Word(word) if word == "a" || word == "an" => {
            is_compared(tokens, at) && english_unit_after(tokens, at, ENGLISH_UNITS)
        }
        Token::Symbol(sign) if CURRENCY_SIGNS.contains(sign) => {
            matches!(tokens.get(at + 1), Some(Token::Digits | Token::Chinese(_)))
        }
        _ => false,
    }
}

/// A number (digits, Chinese numerals or an English number word) bound by what follows or
/// precedes it; ordinals bind only rings and days, approximations (几十, 数百) nothing.
fn is_bound_number(tokens: &[Token], at: usize, digits: bool) -> bool {
    let before = symbols_before(tokens, at);
    let after = symbols_after(tokens, at);
    if before.ends_with(['几', '数']) {
        return false;
    }
    if before.ends_with('第') {
        return starts_with_any(&after, CHINESE_ORDINAL_UNITS);
    }
    let unit_side = after.trim_start_matches(['多', '余']);
    starts_with_any(unit_side, CHINESE_MEASURES)
        || starts_with_any(unit_side, CHINESE_COUNTS)
        || (digits && starts_with_any(unit_side, DIGIT_ONLY_UNITS))
        || after.starts_with("分之")
        || starts_with_any(&after, CHINESE_COMPARISONS_AFTER)
        || is_compared(tokens, at)
        || english_unit_after(tokens, at, ENGLISH_UNITS)
        || followed_by_per(tokens, at)
}

/// Whether a lone 一 is followed by a count or classifier rather than a unit of measure.
fn counts_follow(tokens: &[Token], at: usize) -> bool {
    let after = symbols_after(tokens, at);
    !starts_with_any(&after, CHINESE_MEASURES) && starts_with_any(&after, CHINESE_COUNTS)
}

/// Whether a comparison comes right before the token at `at`, in Chinese, symbols or English.
fn is_compared(tokens: &[Token], at: usize) -> bool {
    let before = symbols_before(tokens, at);
    if words(CHINESE_COMPARISONS_BEFORE).any(|comparison| before.ends_with(comparison)) {
        return true;
    }
    let words_before: Vec<&str> = tokens[..at]
        .iter()
        .rev()
        .map_while(|token| match token {
            Token::Word(word) => Some(word.as_str()),
            _ => None,
        })
        .collect();
    ENGLISH_COMPARISONS.iter().any(|phrase| {
        phrase.len() <= words_before.len()
            && phrase.iter().rev().zip(&words_before).all(|(a, b)| a == b)
    })
}

/// 周一 … 周六, 星期一 … 星期六.
fn is_weekday(tokens: &[Token], at: usize, numerals: &str) -> bool {
    let before = symbols_before(tokens, at);
    (before.ends_with('周') || before.ends_with("星期")) && is_listed("一 二 三 四 五 六", numerals)
}

/// 百分百: a hundred per cent.
fn percentage_word(tokens: &[Token], at: usize, numerals: &str) -> bool {
    numerals == "百"
        && symbols_after(tokens, at) == "分"
        && matches!(tokens.get(at + 2), Some(Token::Chinese(n)) if n == "百")
}

/// Whether one of `units` follows, perhaps after an adjective (3 working days) or, after
/// `half`, an article (half an hour). A plural `s` is allowed.
fn english_unit_after(tokens: &[Token], at: usize, units: &str) -> bool {
    let word_at = |index: usize| match tokens.get(index) {
        Some(Token::Word(word)) => Some(word.as_str()),
        _ => None,
    };
    let mut next = at + 1;
    if word_at(at) == Some("half") && word_at(next).is_some_and(|w| w == "a" || w == "an") {
        next += 1;
    }
    if word_at(next).is_some_and(|w| is_listed(ENGLISH_UNIT_ADJECTIVES, w)) {
        next += 1;
    }
    word_at(next).is_some_and(|word| {
        is_listed(units, word) || word.strip_suffix('s').is_some_and(|w| is_listed(units, w))
    })
}

/// one tag per bag, 2 per room.
fn followed_by_per(tokens: &[Token], at: usize) -> bool {
    let per = |token: Option<&Token>| matches!(token, Some(Token::Word(w)) if w == "per");
    per(tokens.get(at + 1))
        || matches!(tokens.get(at + 1), Some(Token::Word(_))) && per(tokens.get(at + 2))
}

/// The symbol characters right before the token at `at`, in reading order.
fn symbols_before(tokens: &[Token], at: usize) -> String {
    let mut before: Vec<char> = tokens[..at]
        .iter()
        .rev()
        .map_while(|token| match token {
            Token::Symbol(c) => Some(*c),
            _ => None,
        })
        .collect();
    before.reverse();
    before.into_iter().collect()
}

/// The symbol characters right after the token at `at`.
fn symbols_after(tokens: &[Token], at: usize) -> String {
    symbols_from(tokens, at + 1)
}

/// The symbol characters from the token at `start` on.
fn symbols_from(tokens: &[Token], start: usize) -> String {
    tokens
        .get(start..)
        .unwrap_or_default()
        .iter()
        .map_while(|token| match token {
            Token::Symbol(c) => Some(*c),
            _ => None,
        })
        .collect()
}

/// The entries of a space-separated list.
fn words(list: &str) -> impl Iterator<Item = &str> {
    list.split_whitespace()
}

fn is_listed(list: &str, word: &str) -> bool {
    words(list).any(|entry| entry == word)
}

fn starts_with_any(text: &str, list: &str) -> bool {
    words(list).any(|entry| text.starts_with(entry))
}

fn ends_with_any(text: &str, list: &str) -> bool {
    words(list).any(|entry| text.ends_with(entry))
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

/// Chinese comparisons before a number, longest first where one ends another.
const CHINESE_BOUNDS_BEFORE: &[(&str, Comparison)] = &[
    ("不超过", Comparison::AtMost),
    ("不多于", Comparison::AtMost),
    ("不高于", Comparison::AtMost),
    ("不大于", Comparison::AtMost),
    ("不少于", Comparison::AtLeast),
    ("不低于", Comparison::AtLeast),
    ("不小于", Comparison::AtLeast),
    ("不足", Comparison::AtMost),
    ("少于", Comparison::AtMost),
    ("低于", Comparison::AtMost),
    ("小于", Comparison::AtMost),
    ("至多", Comparison::AtMost),
    ("最多", Comparison::AtMost),
    ("多于", Comparison::AtLeast),
    ("高于", Comparison::AtLeast),
    ("大于", Comparison::AtLeast),
    ("超过", Comparison::AtLeast),
    ("至少", Comparison::AtLeast),
    ("最少", Comparison::AtLeast),
    ("≤", Comparison::AtMost),
    ("≦", Comparison::AtMost),
    ("⩽", Comparison::AtMost),
    ("<", Comparison::AtMost),
    ("＜", Comparison::AtMost),
    ("≥", Comparison::AtLeast),
    ("≧", Comparison::AtLeast),
    ("⩾", Comparison::AtLeast),
    (">", Comparison::AtLeast),
    ("＞", Comparison::AtLeast),
];

/// Words that turn the comparison after them around: 不能超过 is at most.
const CHINESE_NEGATIONS: &str = "不能 不得 不可 不应 不要 不宜 不会 勿 未";

/// Chinese comparisons after a number and its unit.
const CHINESE_BOUNDS_AFTER: &[(&str, Comparison)] = &[
    ("以内", Comparison::AtMost),
    ("之内", Comparison::AtMost),
    ("内", Comparison::AtMost),
    ("以下", Comparison::AtMost),
    ("以上", Comparison::AtLeast),
];

/// English comparisons before a number, longest first where one ends another.
const ENGLISH_BOUNDS_BEFORE: &[(&[&str], Comparison)] = &[
    (&["no", "more", "than"], Comparison::AtMost),
    (&["not", "more", "than"], Comparison::AtMost),
    (&["no", "longer", "than"], Comparison::AtMost),
    (&["no", "later", "than"], Comparison::AtMost),
    (&["no", "less", "than"], Comparison::AtLeast),
    (&["not", "less", "than"], Comparison::AtLeast),
    (&["no", "fewer", "than"], Comparison::AtLeast),
    (&["less", "than"], Comparison::AtMost),
    (&["fewer", "than"], Comparison::AtMost),
    (&["more", "than"], Comparison::AtLeast),
    (&["at", "most"], Comparison::AtMost),
    (&["at", "least"], Comparison::AtLeast),
    (&["up", "to"], Comparison::AtMost),
    (&["within"], Comparison::AtMost),
    (&["under"], Comparison::AtMost),
    (&["below"], Comparison::AtMost),
    (&["max"], Comparison::AtMost),
    (&["maximum"], Comparison::AtMost),
    (&["over"], Comparison::AtLeast),
    (&["above"], Comparison::AtLeast),
    (&["min"], Comparison::AtLeast),
    (&["minimum"], Comparison::AtLeast),
];

/// English words after a time that ask for it ahead: 10 minutes before the appointment.
const ENGLISH_AHEAD: &str = "before ahead early earlier beforehand";

/// English number words and their values; hundred and thousand multiply.
const ENGLISH_VALUES: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// Words that end what an unlisted English unit names: at least three room features *on* …
const ENGLISH_STOP_WORDS: &str = "a an the of on in at to for from with and or but before after \
    by per each every when while than that which who is are be it its their this";

/// Which way a text bounds its number.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Comparison {
    AtMost,
    AtLeast,
}

/// What a number counts.
#[derive(Debug, Clone, PartialEq)]
enum Unit {
    /// A time a [`Duration`] holds, in seconds per unit, as written.
    Time(u64, String),
    /// A time no duration holds honestly (months, working days), as written.
    Period(String),
    /// Anything else that is counted or measured, as written.
    Count(String),
}

/// The target the first quantity in `text` states (see the module documentation for what a
/// quantity is): a time is `within` a duration, or a `min` when it is asked for ahead or at
/// least; a count or measure is a `max`, a `min` or, with no comparison, `equals` its number.
/// Months and working days, which no duration holds, are a `max` unless asked for at least.
///
/// `None` when the text states no quantity, or when its first quantity is one no target holds
/// honestly: a clock time, weekday, fraction, sum of money or ordinal, or a number whose unit
/// is not written.
pub fn proposed_target(text: &str) -> Option<Target> {
    let (tokens, values) = scan(text);
    let at = (0..tokens.len()).find(|&at| is_quantity(&tokens, at))?;
    if let Some((value, end)) = percentage(&tokens, at) {
        let comparison = comparison_before(&tokens, at).or(comparison_after(&tokens, end));
        return Some(count_target(value, "%".into(), comparison));
    }
    let (start, mut value, mut next) = number_at(&tokens, &values, at)?;
    // 两个半小时: the half comes after the classifier.
    let classified_half = symbols_from(&tokens, next).starts_with('个')
        && matches!(tokens.get(next + 1), Some(Token::Chinese(n)) if n == "半");
    if classified_half {
        value += 0.5;
        next += 2;
    }
    let (unit, mut end) = unit_at(&tokens, next, classified_half, &tokens[at], value)?;
    // 一天半: the half comes after the unit.
    if matches!(unit, Unit::Time(..) | Unit::Period(_))
        && matches!(tokens.get(end), Some(Token::Chinese(n)) if n == "半")
        && chinese_unit(&symbols_from(&tokens, end + 1)).is_none()
    {
        value += 0.5;
        end += 1;
    }
    let comparison = comparison_before(&tokens, start).or(comparison_after(&tokens, end));
    let target = match unit {
        Unit::Time(seconds, written) => {
            let at_least = match comparison {
                Some(comparison) => comparison == Comparison::AtLeast,
                // 提前二十分钟: a time asked for ahead is a minimum, unless bound otherwise.
                None => is_ahead(&tokens, start, end),
            };
            if at_least {
                Target {
                    min: Some(value),
                    unit: Some(written),
                    ..empty_target()
                }
            } else {
                Target {
                    within: Some(duration(value, seconds)?),
                    ..empty_target()
                }
            }
        }
        Unit::Period(written) => {
            let at_least = comparison == Some(Comparison::AtLeast);
            Target {
                min: at_least.then_some(value),
                max: (!at_least).then_some(value),
                unit: Some(written),
                ..empty_target()
            }
        }
        Unit::Count(written) => count_target(value, written, comparison),
    };
    Some(target)
}

/// 百分之九十五 and 百分百: a percentage and the index after it.
fn percentage(tokens: &[Token], at: usize) -> Option<(f64, usize)> {
    let Token::Chinese(numerals) = &tokens[at] else {
        return None;
    };
    if percentage_word(tokens, at, numerals) {
        return Some((100.0, at + 3));
    }
    if numerals != "百" || !symbols_after(tokens, at).starts_with("分之") {
        return None;
    }
    match tokens.get(at + 3) {
        Some(Token::Chinese(percent)) => chinese_value(percent).map(|value| (value, at + 4)),
        _ => None,
    }
}

/// Where the number found at `at` starts, its value and the index after it; `None` for
/// numbers no target holds (clock times, ordinals, weekdays, fractions, money).
fn number_at(tokens: &[Token], values: &[(usize, f64)], at: usize) -> Option<(usize, f64, usize)> {
    let digits_value = |index: usize| {
        values
            .iter()
            .find(|&&(of, _)| of == index)
            .map(|&(_, value)| value)
    };
    if symbols_before(tokens, at).ends_with('第') || symbols_after(tokens, at).starts_with("分之")
    {
        return None;
    }
    match &tokens[at] {
        Token::Digits => Some((at, digits_value(at)?, at + 1)),
        Token::Chinese(numerals) if is_weekday(tokens, at, numerals) => None,
        Token::Chinese(numerals) => {
            // 一个半小时: the half is the quantity found; the whole number stands before it.
            if numerals == "半" && at >= 2 && tokens[at - 1] == Token::Symbol('个') {
                let whole = match &tokens[at - 2] {
                    Token::Chinese(whole) => chinese_value(whole),
                    Token::Digits => digits_value(at - 2),
                    _ => None,
                };
                if let Some(whole) = whole {
                    return Some((at - 2, whole + 0.5, at + 1));
                }
            }
            Some((at, chinese_value(numerals)?, at + 1))
        }
        Token::Word(word) if word == "a" || word == "an" => Some((at, 1.0, at + 1)),
        Token::Word(word) if word == "half" => Some((at, 0.5, at + 1)),
        Token::Word(word) if is_listed(ENGLISH_NUMBERS, word) => english_number(tokens, at),
        _ => None,
    }
}

/// The value of a run of Chinese numerals: 三, 十五, 一百二十, 一百零五, 两, 半, 三万.
fn chinese_value(numerals: &str) -> Option<f64> {
    match numerals {
        "半" => return Some(0.5),
        "零" | "〇" => return Some(0.0),
        _ => {}
    }
    let (mut total, mut section) = (0_u64, 0_u64);
    let mut digit: Option<u64> = None;
    for c in numerals.chars() {
        let multiplier = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => {
                section = section.saturating_add(digit.take().unwrap_or(0));
                total = total.saturating_add(section.max(1).saturating_mul(10_000));
                section = 0;
                continue;
            }
            // A place left empty: 一百零五.
            '零' | '〇' => continue,
            _ => {
                let value = match c {
                    '两' => 2,
                    _ => "一二三四五六七八九".chars().position(|d| d == c)? as u64 + 1,
                };
                // Two digits in a row are a list or a year (一二, 二〇二四), not one number.
                if digit.replace(value).is_some() {
                    return None;
                }
                continue;
            }
        };
        section = section.saturating_add(digit.take().unwrap_or(1) * multiplier);
    }
    Some(
        total
            .saturating_add(section)
            .saturating_add(digit.unwrap_or(0)) as f64,
    )
}

/// The English number whose word is at `at` (twenty-five, one hundred): where it starts, its
/// value and the index after it.
fn english_number(tokens: &[Token], at: usize) -> Option<(usize, f64, usize)> {
    let value_of = |index: usize| {
        word_at(tokens, index).and_then(|word| {
            ENGLISH_VALUES
                .iter()
                .find(|(name, _)| *name == word)
                .map(|&(_, value)| u64::from(value))
        })
    };
    let is_number = |index: usize| {
        value_of(index).is_some() || matches!(word_at(tokens, index), Some("hundred" | "thousand"))
    };
    let mut start = at;
    loop {
        if start >= 1 && is_number(start - 1) {
            start -= 1;
        } else if start >= 2
            && tokens[start - 1] == Token::Symbol('-')
            && value_of(start - 2).is_some_and(|tens| tens >= 20)
        {
            start -= 2;
        } else {
            break;
        }
    }
    let (mut total, mut current) = (0_u64, 0_u64);
    let mut next = start;
    loop {
        if let Some(value) = value_of(next) {
            current = current.saturating_add(value);
        } else if word_at(tokens, next) == Some("hundred") {
            current = current.max(1).saturating_mul(100);
        } else if word_at(tokens, next) == Some("thousand") {
            total = total.saturating_add(current.max(1).saturating_mul(1000));
            current = 0;
        } else if !(next > start
            && tokens.get(next) == Some(&Token::Symbol('-'))
            && is_number(next + 1))
        {
            break;
        }
        next += 1;
    }
    (next > start).then_some((start, total.saturating_add(current) as f64, next))
}

/// What the number before `next` counts, and the index after it; `classifier` when a 个 was
/// read with the number (两个半小时).
fn unit_at(
    tokens: &[Token],
    next: usize,
    classifier: bool,
    number: &Token,
    value: f64,
) -> Option<(Unit, usize)> {
    let symbols = symbols_from(tokens, next);
    let approximate = symbols
        .chars()
        .take_while(|&c| c == '多' || c == '余')
        .count();
    let side: String = if classifier {
        format!("个{symbols}")
    } else {
        symbols.chars().skip(approximate).collect()
    };
    if let Some(unit) = chinese_unit(&side) {
        let mut end = next + unit.chars().count() - usize::from(classifier);
        if !classifier {
            end += approximate;
        }
        let unit = match unit {
            // 18点, 3时: a time of day. 5月: a date.
            "点" | "时" | "月" => return None,
            // 2024年: a year.
            "年" if value >= 1000.0 => return None,
            "°" => match word_at(tokens, end) {
                Some(scale @ ("c" | "f")) => {
                    end += 1;
                    Unit::Count(format!("°{}", scale.to_ascii_uppercase()))
                }
                _ => Unit::Count(unit.into()),
            },
            "个工作日" | "工作日" | "个月" | "年" => Unit::Period(unit.into()),
            _ => match chinese_seconds(unit) {
                Some(seconds) => Unit::Time(seconds, unit.into()),
                None => Unit::Count(unit.into()),
            },
        };
        return Some((unit, end));
    }
    let mut at = next;
    if number == &Token::Word("half".into()) && matches!(word_at(tokens, at), Some("a" | "an")) {
        at += 1;
    }
    let adjective = word_at(tokens, at).filter(|w| is_listed(ENGLISH_UNIT_ADJECTIVES, w));
    if adjective.is_some() {
        at += 1;
    }
    let word = word_at(tokens, at)?;
    let singular = if is_listed(ENGLISH_UNITS, word) {
        Some(word)
    } else {
        word.strip_suffix('s')
            .filter(|w| is_listed(ENGLISH_UNITS, w))
    };
    let Some(singular) = singular else {
        // An unlisted unit after a comparison: at least three room features.
        let named: Vec<&str> = (next..)
            .map_while(|index| word_at(tokens, index))
            .take_while(|w| !is_listed(ENGLISH_STOP_WORDS, w) && !is_listed(ENGLISH_NUMBERS, w))
            .take(3)
            .collect();
        return (!named.is_empty()).then(|| (Unit::Count(named.join(" ")), next + named.len()));
    };
    let unit = match (singular, adjective) {
        ("am" | "pm", _) => return None,
        ("day", Some(kind @ ("working" | "business"))) => Unit::Period(format!("{kind} {word}")),
        ("month" | "year", _) => Unit::Period(word.into()),
        _ => match english_seconds(singular) {
            Some(seconds) => Unit::Time(seconds, word.into()),
            None => Unit::Count(word.into()),
        },
    };
    Some((unit, at + 1))
}

/// The longest Chinese unit, count or classifier `text` starts with.
fn chinese_unit(text: &str) -> Option<&'static str> {
    words(CHINESE_MEASURES)
        .chain(words(CHINESE_COUNTS))
        .chain(words(DIGIT_ONLY_UNITS))
        .filter(|unit| text.starts_with(unit))
        .max_by_key(|unit| unit.len())
}

fn chinese_seconds(unit: &str) -> Option<u64> {
    match unit {
        "秒钟" | "秒" => Some(1),
        "分钟" => Some(60),
        "刻钟" => Some(900),
        "个小时" | "小时" | "个钟头" | "钟头" => Some(3600),
        "天" | "日" => Some(86_400),
        "个星期" | "星期" | "周" => Some(604_800),
        _ => None,
    }
}

fn english_seconds(unit: &str) -> Option<u64> {
    match unit {
        "second" | "sec" | "s" => Some(1),
        "minute" | "min" => Some(60),
        "hour" | "hr" | "h" => Some(3600),
        "day" => Some(86_400),
        "week" => Some(604_800),
        _ => None,
    }
}

/// The comparison right before the number starting at `start`: 不超过, 不能超过, ≥, at least,
/// within the first.
fn comparison_before(tokens: &[Token], start: usize) -> Option<Comparison> {
    let before = symbols_before(tokens, start);
    for &(word, comparison) in CHINESE_BOUNDS_BEFORE {
        if let Some(rest) = before.strip_suffix(word) {
            let negated = !word.starts_with('不') && ends_with_any(rest, CHINESE_NEGATIONS);
            return Some(if negated {
                comparison.turned()
            } else {
                comparison
            });
        }
    }
    let mut words_before: Vec<&str> = tokens[..start]
        .iter()
        .rev()
        .map_while(|token| match token {
            Token::Word(word) => Some(word.as_str()),
            _ => None,
        })
        .collect();
    // within the first 3 rings
    if words_before.starts_with(&["first", "the"]) {
        words_before.drain(..2);
    }
    ENGLISH_BOUNDS_BEFORE
        .iter()
        .find(|(phrase, _)| {
            phrase.len() <= words_before.len()
                && phrase.iter().rev().zip(&words_before).all(|(a, b)| a == b)
        })
        .map(|&(_, comparison)| comparison)
}

/// The comparison right after a number and its unit ending at `end`: 内, 以上, or less.
fn comparison_after(tokens: &[Token], end: usize) -> Option<Comparison> {
    let after = symbols_from(tokens, end);
    if let Some(&(_, comparison)) = CHINESE_BOUNDS_AFTER
        .iter()
        .find(|(word, _)| after.starts_with(word))
    {
        return Some(comparison);
    }
    match (word_at(tokens, end), word_at(tokens, end + 1)) {
        (Some("or"), Some("less" | "fewer")) | (Some("max" | "maximum"), _) => {
            Some(Comparison::AtMost)
        }
        (Some("or"), Some("more")) => Some(Comparison::AtLeast),
        _ => None,
    }
}

/// Whether a time is asked for ahead of something: 提前二十分钟, 时间前二十分钟, 30分钟前,
/// 10 minutes before.
fn is_ahead(tokens: &[Token], start: usize, end: usize) -> bool {
    symbols_before(tokens, start).ends_with('前')
        || starts_with_any(&symbols_from(tokens, end), "前 之前 以前")
        || word_at(tokens, end).is_some_and(|word| is_listed(ENGLISH_AHEAD, word))
        || (word_at(tokens, end) == Some("in") && word_at(tokens, end + 1) == Some("advance"))
}

impl Comparison {
    fn turned(self) -> Comparison {
        match self {
            Comparison::AtMost => Comparison::AtLeast,
            Comparison::AtLeast => Comparison::AtMost,
        }
    }
}

fn count_target(value: f64, unit: String, comparison: Option<Comparison>) -> Target {
    Target {
        max: (comparison == Some(Comparison::AtMost)).then_some(value),
        min: (comparison == Some(Comparison::AtLeast)).then_some(value),
        equals: comparison.is_none().then_some(value),
        unit: Some(unit),
        ..empty_target()
    }
}

/// `value` units of `seconds` each as a duration, in the largest unit no bigger than the one
/// written that holds it whole: 24 hours stay `24h`, 1.5 hours are `90m`.
fn duration(value: f64, seconds: u64) -> Option<Duration> {
    let total = value * seconds as f64;
    if !(1.0..u64::MAX as f64).contains(&total) || (total - total.round()).abs() > 1e-9 {
        return None;
    }
    let total = total.round() as u64;
    [(86_400, 'd'), (3600, 'h'), (60, 'm'), (1, 's')]
        .into_iter()
        .filter(|&(size, _)| size <= seconds)
        .find(|&(size, _)| total.is_multiple_of(size))
        .map(|(size, letter)| Duration(format!("{}{letter}", total / size)))
}

fn word_at(tokens: &[Token], index: usize) -> Option<&str> {
    match tokens.get(index) {
        Some(Token::Word(word)) => Some(word.as_str()),
        _ => None,
    }
}

fn empty_target() -> Target {
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

    /// Real phrasing from service standards, Chinese and English, that states a quantity.
    const QUANTITIES: &[&str] = &[
        "满意度评分九十分以上",
        "神秘客得分八十五分",
        "满意度九成以上",
        "每天一次巡检",
        "每月一次回访",
        "每季度一次",
        "每班一次交接",
        "Check the lobby 3x per shift",
        "来电铃声响三声内接听",
        "接听电话铃声不能超过三声",
        "微笑服务八颗牙齿",
        "厂客户要配件，必须在五分钟之内给答复",
        "5公里之内，半小时送达",
        "在客户预计抵达的时间前二十分钟，确认客户是否能准时到达",
        "维修时间长、需要一天以上的顾客，要事先跟顾客沟通好取车时间",
        "提供24小时免费服务",
        "柜台高度92厘米",
        "牛肉饼重量45克；薯条炸7分钟",
        "可乐温度恒定4℃",
        "两小时内回电",
        "接听电话铃声不能超过３声",
        "30 秒内上前问候",
        "3声内接听",
        "10秒内应答",
        "不少于 2 次回访",
        "前台至少2名员工",
        "等候时间 ≤ 5 分钟",
        "客户满意度达到100%",
        "以赢得顾客百分之百的满意",
        "百分百满意",
        "三分之一的车位留给预约客户",
        "二十多分钟内完成交车",
        "按照4S店标准，客户进店30秒内热情接待",
        "每两小时巡检一次休息区",
        "维修后第二天回访客户",
        "铃响第三声前接听",
        "周一到周五中午，免费擦车",
        "18:00前通知客户取车",
        "下午3点前送达",
        "3个工作日内答复投诉",
        "至少一次主动告知维修进度",
        "一个月内回访",
        "把准确的商品，以五个准确提供给客户",
        "退款¥50以内当场处理",
        "Answer before the third ring",
        "Answer before the 3rd ring",
        "Answer within the first 3 rings",
        "Call the guest back within 10 minutes of completion",
        "Apologise, deliver within 5 minutes and send a note",
        "Release a room only when it scores at least 95 percent on the inspection checklist",
        "Show at least three room features",
        "Say goodbye using the guest's name at least one time",
        "Explain three items before handing over the keys",
        "Tag each bag and give the guest the stub, one tag per bag",
        "Flag reservations with an arrival time before 14:00",
        "Move the guest in under 15 minutes",
        "respond within 10 s",
        "reply within 24h",
        "greet within 5min",
        "100% of calls answered",
        "Reply within 3 working days",
        "Call back within an hour",
        "Deliver in half an hour",
        "at least 2",
        "≤ 5",
        "不少于两次",
        "greet within 10s",
        "Greet within three seconds",
    ];

    /// Real phrasing with digits or numerals that measures nothing.
    const NOT_QUANTITIES: &[&str] = &[
        "按三包政策处理",
        "严格执行七步洗手法",
        "服务流程一成不变",
        "万分感谢客户的耐心",
        "按照4S店标准热情接待",
        "按照4s店标准热情接待",
        "3A法则之态度：主动、礼貌、注意力、有帮助的、关心、热情",
        "3A法则之手段：自信、有知识、理解、欢迎",
        "按《服务规范2.0》执行",
        "按〈服务手册3.1〉接待客户",
        "遵循ISO 9001要求",
        "遵循服务规范2.0",
        "用3M车膜保护漆面",
        "第一步先找出客户与员工接触的第一个动作",
        "由第一个受理人员为客户提供全过程跟踪服务",
        "在第一时间将短信发送给客户",
        "（1）主动给客户发函",
        "1、客户来电预约",
        "2）接电话时，声音饱满热情",
        "第1页 的服务要求",
        "尽可能一次性妥善处理客户的问题",
        "给客户一个惊喜",
        "做一个深呼吸",
        "服务标准要一致",
        "一定要保障服务的品质",
        "统一着装，佩戴工牌",
        "与顾客一起确认维修项目",
        "万一客户不满，及时上报",
        "千万不要与客户争辩",
        "十分热情地接待",
        "一点投诉、全员互动、流程跟踪、快速响应",
        "千人千面，不同客户区别对待",
        "铃声响了好几声，没有人接听",
        "为每一位客户创建档案",
        "进一步了解客户需求",
        "离开时跟同事说一声",
        "几十分钟内完成",
        "车上的十几个零部件",
        "数百个供应商",
        "Log the booking in the iPhone 15 app",
        "Update the app to v2.1 before the shift",
        "Follow ISO 9001 on every call",
        "Serve every guest in the 5G lounge",
        "Step 3: greet the guest",
        "call back the first time",
        "Call the guest back a second time",
        "greet everyone with one voice",
        "Respond promptly",
        "Answer ASAP",
        "Use the guest's name during check-in",
        "Check a photo ID for every registered adult",
        "Greet warmly, B2B guests first",
    ];

    #[test]
    fn quantities_are_measurable() {
        for text in QUANTITIES {
            assert!(states_quantity(text), "should state a quantity: {text}");
        }
    }

    #[test]
    fn names_ordinals_and_words_are_not_quantities() {
        for text in NOT_QUANTITIES {
            assert!(!states_quantity(text), "should state no quantity: {text}");
        }
    }

    #[test]
    fn texts_cut_short_are_read_without_a_quantity() {
        for text in [
            "", "1", "1:", "1.", "12:3", "1st", "3S", "v", "v2.", "《", "《1", "〈3天", "一", "第",
            "每一", "¥", "half", "half an", "at least", "百分",
        ] {
            assert!(!states_quantity(text), "{text}");
        }
    }

    #[test]
    fn names_glued_to_digits_are_one_token() {
        assert_eq!(tokenize("4S店"), [Token::Name, Token::Symbol('店')]);
        assert_eq!(tokenize("v2.1"), [Token::Name]);
        assert_eq!(tokenize("24h"), [Token::Digits, Token::Word("h".into())]);
        assert_eq!(
            tokenize("《规范2.0》3天"),
            [Token::Digits, Token::Symbol('天')]
        );
        assert_eq!(tokenize("9:30"), [Token::Clock]);
    }

    /// A proposed target as its YAML reads, to compare with what is written by hand.
    fn proposed(text: &str) -> serde_json::Value {
        serde_json::to_value(proposed_target(text)).unwrap_or_default()
    }

    #[test]
    fn chinese_times_are_durations() {
        use serde_json::json;
        for (text, target) in [
            ("30 秒内上前问候", json!({ "within": "30s" })),
            ("10秒内应答", json!({ "within": "10s" })),
            ("两小时内回电", json!({ "within": "2h" })),
            (
                "厂客户要配件，必须在五分钟之内给答复",
                json!({ "within": "5m" }),
            ),
            ("等候时间 ≤ 5 分钟", json!({ "within": "5m" })),
            ("二十多分钟内完成交车", json!({ "within": "20m" })),
            (
                "按照4S店标准，客户进店30秒内热情接待",
                json!({ "within": "30s" }),
            ),
            ("1.5小时内完成保养", json!({ "within": "90m" })),
            ("半小时送达", json!({ "within": "30m" })),
            ("一个半小时内交车", json!({ "within": "90m" })),
            ("两个半小时内交车", json!({ "within": "150m" })),
            ("一天半内回复", json!({ "within": "36h" })),
            ("提供24小时免费服务", json!({ "within": "24h" })),
            ("一刻钟内上茶", json!({ "within": "15m" })),
            ("2周内回访", json!({ "within": "14d" })),
            ("３天内寄出", json!({ "within": "3d" })),
        ] {
            assert_eq!(proposed(text), target, "{text}");
        }
    }

    #[test]
    fn times_asked_for_ahead_or_at_least_are_minimums() {
        use serde_json::json;
        for (text, target) in [
            (
                "在客户预计抵达的时间前二十分钟确认",
                json!({ "min": 20.0, "unit": "分钟" }),
            ),
            ("提前二十分钟到岗", json!({ "min": 20.0, "unit": "分钟" })),
            (
                "预约时间30分钟前电话确认",
                json!({ "min": 30.0, "unit": "分钟" }),
            ),
            ("至少提前一天通知", json!({ "min": 1.0, "unit": "天" })),
            (
                "维修时间长、需要一天以上的顾客",
                json!({ "min": 1.0, "unit": "天" }),
            ),
            ("试驾不少于15分钟", json!({ "min": 15.0, "unit": "分钟" })),
            (
                "Arrive 10 minutes before the appointment",
                json!({ "min": 10.0, "unit": "minutes" }),
            ),
            (
                "Stay at least 2 hours",
                json!({ "min": 2.0, "unit": "hours" }),
            ),
        ] {
            assert_eq!(proposed(text), target, "{text}");
        }
    }

    #[test]
    fn a_bound_outweighs_a_time_before() {
        use serde_json::json;
        assert_eq!(
            proposed("Confirm within 30 minutes before the visit"),
            json!({ "within": "30m" })
        );
        assert_eq!(proposed("目前3天内处理"), json!({ "within": "3d" }));
    }

    #[test]
    fn chinese_counts_and_measures_are_bounds() {
        use serde_json::json;
        for (text, target) in [
            ("铃响三声内接听", json!({ "max": 3.0, "unit": "声" })),
            (
                "接听电话铃声不能超过三声",
                json!({ "max": 3.0, "unit": "声" }),
            ),
            (
                "接听电话铃声不能超过３声",
                json!({ "max": 3.0, "unit": "声" }),
            ),
            ("微笑露出八颗牙齿", json!({ "equals": 8.0, "unit": "颗" })),
            ("满意度95%以上", json!({ "min": 95.0, "unit": "%" })),
            ("满意度≥95%", json!({ "min": 95.0, "unit": "%" })),
            (
                "客户满意度达到100%",
                json!({ "equals": 100.0, "unit": "%" }),
            ),
            (
                "满意度百分之九十五以上",
                json!({ "min": 95.0, "unit": "%" }),
            ),
            ("百分百满意", json!({ "equals": 100.0, "unit": "%" })),
            ("满意度评分九十分以上", json!({ "min": 90.0, "unit": "分" })),
            ("满意度九成以上", json!({ "min": 9.0, "unit": "成" })),
            ("前台至少2名员工", json!({ "min": 2.0, "unit": "名" })),
            ("不少于两次", json!({ "min": 2.0, "unit": "次" })),
            ("不少于 2 次回访", json!({ "min": 2.0, "unit": "次" })),
            (
                "至少一次主动告知维修进度",
                json!({ "min": 1.0, "unit": "次" }),
            ),
            ("每天一次巡检", json!({ "equals": 1.0, "unit": "次" })),
            (
                "5公里之内，半小时送达",
                json!({ "max": 5.0, "unit": "公里" }),
            ),
            ("柜台高度92厘米", json!({ "equals": 92.0, "unit": "厘米" })),
            (
                "牛肉饼重量45克；薯条炸7分钟",
                json!({ "equals": 45.0, "unit": "克" }),
            ),
            ("可乐温度恒定4℃", json!({ "equals": 4.0, "unit": "℃" })),
            ("冷藏温度4°C以下", json!({ "max": 4.0, "unit": "°C" })),
            (
                "每批抽检一百二十件",
                json!({ "equals": 120.0, "unit": "件" }),
            ),
            ("十五位客户", json!({ "equals": 15.0, "unit": "位" })),
            (
                "3个工作日内答复投诉",
                json!({ "max": 3.0, "unit": "个工作日" }),
            ),
            ("一个月内回访", json!({ "max": 1.0, "unit": "个月" })),
        ] {
            assert_eq!(proposed(text), target, "{text}");
        }
    }

    #[test]
    fn english_quantities_are_targets() {
        use serde_json::json;
        for (text, target) in [
            (
                "answer within three rings",
                json!({ "max": 3.0, "unit": "rings" }),
            ),
            (
                "Answer within the first 3 rings",
                json!({ "max": 3.0, "unit": "rings" }),
            ),
            ("call back within 2 hours", json!({ "within": "2h" })),
            ("Greet within three seconds", json!({ "within": "3s" })),
            ("respond within 10 s", json!({ "within": "10s" })),
            ("reply within 24h", json!({ "within": "24h" })),
            ("greet within 5min", json!({ "within": "5m" })),
            ("Call back within an hour", json!({ "within": "1h" })),
            ("Deliver in half an hour", json!({ "within": "30m" })),
            (
                "Move the guest in under 15 minutes",
                json!({ "within": "15m" }),
            ),
            ("Ship within 3 days", json!({ "within": "3d" })),
            (
                "Seat the guest within twenty-five minutes",
                json!({ "within": "25m" }),
            ),
            (
                "Reply within 3 working days",
                json!({ "max": 3.0, "unit": "working days" }),
            ),
            (
                "Smile showing eight teeth",
                json!({ "equals": 8.0, "unit": "teeth" }),
            ),
            (
                "Show at least three room features",
                json!({ "min": 3.0, "unit": "room features" }),
            ),
            (
                "scores at least 95 percent on the checklist",
                json!({ "min": 95.0, "unit": "percent" }),
            ),
            (
                "100% of calls answered",
                json!({ "equals": 100.0, "unit": "%" }),
            ),
            (
                "no more than 2 transfers",
                json!({ "max": 2.0, "unit": "transfers" }),
            ),
            ("one tag per bag", json!({ "equals": 1.0, "unit": "tag" })),
            (
                "Say goodbye at least one time",
                json!({ "min": 1.0, "unit": "time" }),
            ),
            (
                "Check 3 items or more",
                json!({ "min": 3.0, "unit": "items" }),
            ),
        ] {
            assert_eq!(proposed(text), target, "{text}");
        }
    }

    #[test]
    fn quantities_no_target_holds_propose_none() {
        for text in [
            "4S店",
            "ISO 9001",
            "遵循ISO 9001要求",
            "18:00前通知客户取车",
            "下午3点前送达",
            "周一到周五中午，免费擦车",
            "三分之一的车位留给预约客户",
            "退款¥50以内当场处理",
            "维修后第二天回访客户",
            "铃响第三声前接听",
            "Answer before the third ring",
            "Answer before the 3rd ring",
            "Flag reservations with an arrival time before 14:00",
            "Call by 3 pm",
            "5月1日前完成",
            "2024年起执行",
            "at least 2",
            "≤ 5",
            "0.5秒内",
            "尽快处理",
            "按照4S店标准热情接待",
            "",
        ] {
            assert_eq!(proposed_target(text).map(|_| text), None, "{text}");
        }
    }

    #[test]
    fn texts_without_a_quantity_propose_no_target() {
        for text in NOT_QUANTITIES {
            assert_eq!(proposed_target(text).map(|_| text), None, "{text}");
        }
    }

    #[test]
    fn english_numbers_are_read_whole() {
        use serde_json::json;
        for (text, target) in [
            ("within twenty-five minutes", json!({ "within": "25m" })),
            ("twenty-five minutes", json!({ "within": "25m" })),
            ("within twenty five minutes", json!({ "within": "25m" })),
            (
                "within one hundred twenty seconds",
                json!({ "within": "120s" }),
            ),
            (
                "at least two thousand steps",
                json!({ "min": 2000.0, "unit": "steps" }),
            ),
        ] {
            assert_eq!(proposed(text), target, "{text}");
        }
        let many = format!("within one{} seconds", " hundred".repeat(20));
        // Numbers past what a duration holds saturate, then propose none.
        assert!(proposed_target(&many).is_none());
        assert!(proposed_target(&format!("{}秒内", "9".repeat(400))).is_none());
        assert!(proposed_target(&format!("{}周内", "9".repeat(305))).is_none());
    }

    #[test]
    fn chinese_numerals_are_read() {
        for (numerals, value) in [
            ("三", 3.0),
            ("十", 10.0),
            ("十五", 15.0),
            ("二十", 20.0),
            ("一百二十", 120.0),
            ("一百零五", 105.0),
            ("两", 2.0),
            ("两千", 2000.0),
            ("三万五千", 35_000.0),
            ("半", 0.5),
            ("零", 0.0),
        ] {
            assert_eq!(chinese_value(numerals), Some(value), "{numerals}");
        }
        assert_eq!(chinese_value("二〇二四"), None);
        assert_eq!(chinese_value("三半"), None);
    }

    #[test]
    fn vague_words_are_named() {
        assert_eq!(vague_word("尽快处理"), Some("尽快"));
        assert_eq!(vague_word("Respond Promptly."), Some("promptly"));
        assert_eq!(vague_word("reasonable"), None);
        assert_eq!(vague_word("soonest"), None);
    }
}
