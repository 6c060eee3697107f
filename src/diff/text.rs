//! Comparing texts as a reader does: wording-only changes are recognised, similar texts are
//! paired, and a change is marked token by token, one Chinese character being one token, since
//! Chinese has no spaces between words.

/// The text with everything that does not change its meaning folded away: full-width letters,
/// digits and signs become half-width, Chinese punctuation becomes Western and then, like
/// white space, is dropped (a point or comma between digits stays: `3.5` is not `35`).
pub fn wording_key(text: &str) -> String {
    let folded: Vec<char> = text.chars().map(fold).collect();
    let mut key = String::with_capacity(text.len());
    for (index, &c) in folded.iter().enumerate() {
        if c.is_whitespace() {
            continue;
        }
        if is_sentence_punctuation(c) {
            let between_digits = matches!(c, '.' | ',' | ':')
                && index > 0
                && folded[index - 1].is_ascii_digit()
                && folded.get(index + 1).is_some_and(char::is_ascii_digit);
            if !between_digits {
                continue;
            }
        }
        key.push(c);
    }
    key
}

/// Whether two texts differ only in wording: spacing, punctuation, full-width or half-width.
pub fn same_wording(old: &str, new: &str) -> bool {
    wording_key(old) == wording_key(new)
}

/// One character as its half-width, Western counterpart.
fn fold(c: char) -> char {
    match c {
        // Full-width forms of ASCII.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '、' => ',',
        '。' => '.',
        '“' | '”' | '「' | '」' | '『' | '』' => '"',
        '‘' | '’' => '\'',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        '《' | '〈' => '<',
        '》' | '〉' => '>',
        '…' | '·' | '—' | '–' => '.',
        _ => c,
    }
}

/// Punctuation that ends or joins a sentence rather than carrying a value (`%`, `+`, `<` do).
fn is_sentence_punctuation(c: char) -> bool {
    matches!(
        c,
        ',' | '.' | ';' | ':' | '!' | '?' | '"' | '\'' | '`' | '(' | ')' | '[' | ']' | '<' | '>'
    )
}

/// How alike two texts are, from 0 to 1, compared by wording.
pub fn similarity(old: &str, new: &str) -> f64 {
    strsim::normalized_levenshtein(&wording_key(old), &wording_key(new))
}

/// Texts at least this alike are taken for one text edited (a changed action, a hinted rename).
pub const SIMILAR: f64 = 0.5;

/// A run of a text compared with another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// In both.
    Same(String),
    /// Only in the old text.
    Removed(String),
    /// Only in the new text.
    Added(String),
}

/// Texts longer than this many tokens on both sides are marked as one replacement: the
/// comparison costs their product.
const MAX_TOKENS: usize = 2000;

/// The runs that turn `old` into `new`, by the longest common subsequence of their tokens: a
/// word of ASCII letters and digits is one token, every other character another.
pub fn segments(old: &str, new: &str) -> Vec<Segment> {
    let old_tokens = tokens(old);
    let new_tokens = tokens(new);
    let (n, m) = (old_tokens.len(), new_tokens.len());
    if n > MAX_TOKENS || m > MAX_TOKENS {
        return merge(vec![
            Segment::Removed(old.to_owned()),
            Segment::Added(new.to_owned()),
        ]);
    }
    // lengths[i][j]: the longest common subsequence of old[i..] and new[j..].
    let mut lengths = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[i][j] = if old_tokens[i] == new_tokens[j] {
                lengths[i + 1][j + 1] + 1
            } else {
                lengths[i + 1][j].max(lengths[i][j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && old_tokens[i] == new_tokens[j] {
            out.push(Segment::Same(old_tokens[i].to_owned()));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lengths[i][j + 1] >= lengths[i + 1][j]) {
            out.push(Segment::Added(new_tokens[j].to_owned()));
            j += 1;
        } else {
            out.push(Segment::Removed(old_tokens[i].to_owned()));
            i += 1;
        }
    }
    merge(out)
}

fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        if c.is_ascii_alphanumeric() {
            start.get_or_insert(at);
            continue;
        }
        if let Some(word) = start.take() {
            out.push(&text[word..at]);
        }
        out.push(&text[at..at + c.len_utf8()]);
    }
    if let Some(word) = start {
        out.push(&text[word..]);
    }
    out
}

/// Joins neighbouring runs of one sort, and puts every removal before the addition next to it,
/// so that `[-30-]{+20+}` reads as one replacement.
fn merge(runs: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut removed = String::new();
    let mut added = String::new();
    let flush = |out: &mut Vec<Segment>, removed: &mut String, added: &mut String| {
        if !removed.is_empty() {
            out.push(Segment::Removed(std::mem::take(removed)));
        }
        if !added.is_empty() {
            out.push(Segment::Added(std::mem::take(added)));
        }
    };
    for run in runs {
        match run {
            Segment::Removed(text) => removed.push_str(&text),
            Segment::Added(text) => added.push_str(&text),
            Segment::Same(text) => {
                flush(&mut out, &mut removed, &mut added);
                match out.last_mut() {
                    Some(Segment::Same(previous)) => previous.push_str(&text),
                    _ => out.push(Segment::Same(text)),
                }
            }
        }
    }
    flush(&mut out, &mut removed, &mut added);
    out.retain(|segment| match segment {
        Segment::Same(text) | Segment::Removed(text) | Segment::Added(text) => !text.is_empty(),
    });
    out
}

/// Texts this short or shorter (in characters) are shown as a whole old → new pair: a mark
/// inside a few characters is easily misread.
const SHORT: usize = 12;

/// How a changed text is marked for print, where colour may be lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marked {
    /// Run by run, when a reader cannot misread the runs.
    Runs(Vec<Segment>),
    /// The whole old text struck through, then the whole new one.
    Pair,
}

/// How to mark `old` turned into `new` on paper. Run by run only when both texts are longer than
/// [`SHORT`], what they share is at least two thirds of the longer one, and no changed run holds
/// a digit or a Chinese numeral; otherwise the whole pair, since `不超过[-3-]{+2+}声` prints as
/// “不超过32声” once the colour is gone.
pub fn print_marks(old: &str, new: &str) -> Marked {
    let runs = segments(old, new);
    let length = |text: &str| text.chars().count();
    let longer = length(old).max(length(new));
    let shared: usize = runs
        .iter()
        .map(|run| match run {
            Segment::Same(text) => length(text),
            _ => 0,
        })
        .sum();
    let numeral = |text: &str| {
        text.chars()
            .any(|c| c.is_ascii_digit() || "零〇一二两三四五六七八九十百千万".contains(c))
    };
    let number_changed = runs.iter().any(|run| match run {
        Segment::Removed(text) | Segment::Added(text) => numeral(text),
        Segment::Same(_) => false,
    });
    if length(old).min(length(new)) <= SHORT || shared * 3 < longer * 2 || number_changed {
        Marked::Pair
    } else {
        Marked::Runs(runs)
    }
}

/// The runs written with plain marks, `[-removed-]{+added+}`, as `git diff --word-diff` does.
pub fn plain_marks(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Same(text) => out.push_str(text),
            Segment::Removed(text) => {
                out.push_str("[-");
                out.push_str(text);
                out.push_str("-]");
            }
            Segment::Added(text) => {
                out.push_str("{+");
                out.push_str(text);
                out.push_str("+}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_punctuation_and_width_are_wording_only() {
        assert!(same_wording("铃响三声内接听。", "铃响三声内接听"));
        assert!(same_wording("问候客户，报姓名", "问候客户,报姓名"));
        assert!(same_wording("ＡＢＣ １２３", "ABC 123"));
        assert!(same_wording("Greet the guest.", "Greet  the guest"));
        assert!(!same_wording("3.5 minutes", "35 minutes"));
        assert!(!same_wording("铃响三声内接听", "铃响两声内接听"));
        assert!(!same_wording("under 5%", "under 5"));
    }

    #[test]
    fn chinese_is_marked_character_by_character() {
        // A number is one token: 30 → 20 reads as a new number, not a changed digit.
        assert_eq!(
            plain_marks(&segments("30秒内问候客户", "20秒内微笑问候客户")),
            "[-30-]{+20+}秒内{+微笑+}问候客户"
        );
    }

    #[test]
    fn print_marks_pair_short_texts_changed_numbers_and_rewrites() {
        // Short: the whole pair, never “不超过32声”.
        assert_eq!(print_marks("不超过3声", "不超过2声"), Marked::Pair);
        // Long, but a number changed.
        assert_eq!(
            print_marks(
                "客户到店后30秒内起身迎接并问候",
                "客户到店后20秒内起身迎接并问候"
            ),
            Marked::Pair
        );
        assert_eq!(
            print_marks(
                "铃响三声内接听电话并报出门店名称",
                "铃响两声内接听电话并报出门店名称"
            ),
            Marked::Pair
        );
        // Mostly rewritten.
        assert_eq!(
            print_marks(
                "Greet the guest at the desk",
                "Hand over the key card at once"
            ),
            Marked::Pair
        );
        // A word added to a long text: run by run.
        assert_eq!(
            print_marks(
                "客户到店后起身迎接并问候客户",
                "客户到店后起身微笑迎接并问候客户"
            ),
            Marked::Runs(segments(
                "客户到店后起身迎接并问候客户",
                "客户到店后起身微笑迎接并问候客户"
            ))
        );
    }

    #[test]
    fn english_is_marked_word_by_word() {
        assert_eq!(
            plain_marks(&segments(
                "greet within 30 seconds",
                "greet within 20 seconds"
            )),
            "greet within [-30-]{+20+} seconds"
        );
        assert_eq!(
            plain_marks(&segments("offer water", "offer tea")),
            "offer [-water-]{+tea+}"
        );
    }
}
