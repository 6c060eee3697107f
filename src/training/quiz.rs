//! The quiz (测验) that goes with a retraining: questions drawn from a blueprint's standards and
//! moments of truth, or only from those that changed, each with its right answer among honest
//! wrong ones. The same seed gives the same questions in the same order, byte for byte.
//!
//! A question is made only where a wrong answer can be made without lying: near numbers for a
//! target, the phrases to avoid for a standard phrase, other moments' countermeasures for a
//! moment of truth (never one that is also right for it), and the standard's own critical flag
//! for a true-or-false statement.

pub mod distractors;
pub mod paper;

use crate::diff::Change;
use crate::diff::text::same_wording;
use crate::i18n::{Bilingual, Locale};
use crate::model::{Blueprint, Bound, Mot, Standard, Step};
use crate::render::view::target_text;
use crate::tr;
use distractors::Draw;
use std::collections::BTreeSet;

/// How many questions a quiz has when no count is asked for.
pub const DEFAULT_COUNT: usize = 20;

/// The letters options are named by, as exam platforms expect them.
pub const LETTERS: [&str; 4] = ["A", "B", "C", "D"];

/// What kind of question it is: the exam platform's 题型.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One right option among up to four.
    Choice,
    /// A statement that is true or false.
    TrueFalse,
}

impl Kind {
    /// The name exam platforms import it by.
    pub fn label(self) -> Bilingual {
        match self {
            Kind::Choice => Bilingual {
                en: "Single choice",
                zh: "单选题",
            },
            Kind::TrueFalse => Bilingual {
                en: "True or false",
                zh: "判断题",
            },
        }
    }
}

/// One question, in the quiz's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Its kind.
    pub kind: Kind,
    /// The question as staff read it.
    pub prompt: String,
    /// The options, in the order printed: two for true or false, two to four otherwise.
    pub options: Vec<String>,
    /// Which option is right, from 0.
    pub answer: usize,
    /// Why it is right: the standard or countermeasures as the blueprint says them.
    pub explanation: String,
}

impl Question {
    /// The letter of the right option.
    pub fn answer_letter(&self) -> &'static str {
        LETTERS[self.answer]
    }
}

/// A quiz on one blueprint.
#[derive(Debug, Clone)]
pub struct Quiz {
    /// The blueprint's title.
    pub title: String,
    /// The blueprint's version, if it has one.
    pub version: Option<String>,
    /// The language it is written in.
    pub locale: Locale,
    /// The questions, in the order asked.
    pub questions: Vec<Question>,
}

/// The standards and moments of truth a revision changed, by id.
#[derive(Debug, Clone, Default)]
pub struct Changed {
    standards: BTreeSet<String>,
    mots: BTreeSet<String>,
}

impl Changed {
    /// The items the changes are about: `steps.greet.standards.smile.target` is about the
    /// standard `smile`.
    pub fn of(changes: &[Change]) -> Changed {
        let mut changed = Changed::default();
        for change in changes {
            let parts: Vec<&str> = change.path.split('.').collect();
            for pair in parts.windows(2) {
                match pair[0] {
                    "standards" => {
                        changed.standards.insert(pair[1].to_owned());
                    }
                    "mots" => {
                        changed.mots.insert(pair[1].to_owned());
                    }
                    _ => {}
                }
            }
        }
        changed
    }
}

/// What a quiz is made with.
pub struct Request<'a> {
    /// Only these items, with `--base`; every one without.
    pub only: Option<&'a Changed>,
    /// How many questions at most; [`DEFAULT_COUNT`] when not given.
    pub count: Option<usize>,
    /// The seed of the draw.
    pub seed: u64,
    /// The language of the questions.
    pub locale: Locale,
}

/// The quiz on `blueprint`: every question that can be made honestly, drawn in the seed's
/// order, the first `count` of them, each with its options in the seed's order.
pub fn make(blueprint: &Blueprint, request: &Request) -> Quiz {
    let mut draw = Draw::new(request.seed);
    let locale = request.locale;
    let mut drafted = Vec::new();
    for step in &blueprint.steps {
        for standard in &step.standards {
            if request
                .only
                .is_some_and(|only| !only.standards.contains(&standard.id))
            {
                continue;
            }
            drafted.extend(target_question(step, standard, locale));
            drafted.extend(phrase_question(step, standard, locale));
            drafted.extend(critical_question(blueprint, step, standard, locale));
        }
        for mot in &step.mots {
            if request
                .only
                .is_some_and(|only| !only.mots.contains(&mot.id))
            {
                continue;
            }
            drafted.extend(mot_question(blueprint, step, mot, &mut draw, locale));
        }
    }
    let mut questions = balanced(drafted, &mut draw);
    draw.shuffle(&mut questions);
    questions.truncate(request.count.unwrap_or(DEFAULT_COUNT));
    for question in &mut questions {
        if question.kind == Kind::Choice {
            shuffle_options(question, &mut draw);
        }
    }
    Quiz {
        title: blueprint.title.clone(),
        version: blueprint.version.clone(),
        locale,
        questions,
    }
}

/// The questions with no more false statements than true ones: most standards are not
/// critical, and a paper of “false, false, false” teaches nothing (nor does one lone “false”
/// when no changed standard is critical). The false ones kept are drawn by the seed.
fn balanced(questions: Vec<Question>, draw: &mut Draw) -> Vec<Question> {
    let false_statement = |q: &Question| q.kind == Kind::TrueFalse && q.answer == 1;
    let true_statements = questions
        .iter()
        .filter(|q| q.kind == Kind::TrueFalse && q.answer == 0)
        .count();
    let mut false_ones: Vec<usize> = (0..questions.len())
        .filter(|&at| false_statement(&questions[at]))
        .collect();
    draw.shuffle(&mut false_ones);
    false_ones.truncate(true_statements);
    questions
        .into_iter()
        .enumerate()
        .filter(|(at, q)| !false_statement(q) || false_ones.contains(at))
        .map(|(_, q)| q)
        .collect()
}

/// Puts the options in the seed's order, the answer following its option.
fn shuffle_options(question: &mut Question, draw: &mut Draw) {
    let mut order: Vec<usize> = (0..question.options.len()).collect();
    draw.shuffle(&mut order);
    let options = order
        .iter()
        .map(|&at| question.options[at].clone())
        .collect();
    question.answer = order
        .iter()
        .position(|&at| at == question.answer)
        .unwrap_or_default();
    question.options = options;
}

/// A choice question, its right answer first.
fn choice(prompt: String, right: String, wrong: Vec<String>, explanation: String) -> Question {
    let mut options = vec![right];
    options.extend(wrong);
    Question {
        kind: Kind::Choice,
        prompt,
        options,
        answer: 0,
        explanation,
    }
}

/// “Within how many rings…”: the target's value among three near ones.
fn target_question(step: &Step, standard: &Standard, locale: Locale) -> Option<Question> {
    let target = standard.target.as_ref()?;
    // “Not one scratch” is said by the standard itself: no number to ask for.
    if matches!(target.bound()?, Bound::Max(limit) if limit == 0.0) {
        return None;
    }
    let right = target_text(target, locale)?;
    let wrong: Vec<String> = distractors::targets(target)
        .iter()
        .filter_map(|other| target_text(other, locale))
        .filter(|text| *text != right)
        .collect();
    if wrong.len() < 3 {
        return None;
    }
    let name = &step.name;
    let unit = target.unit.as_deref().unwrap_or("").trim();
    // The question quotes the standard with its numbers blanked: “三声内” would give it away.
    let text = without_numbers(&standard.text, unit);
    let asked = match (target.bound()?, unit.is_empty()) {
        (Bound::Within(_), _) => tr!(en: "within how long?"; zh: "要在多长时间之内做到？"),
        (Bound::Max(_), false) => tr!(en: "at most how many {unit}?"; zh: "最多是多少{unit}？"),
        (Bound::Max(_), true) => tr!(en: "at most how much?"; zh: "最多是多少？"),
        (Bound::Min(_), false) => tr!(en: "at least how many {unit}?"; zh: "至少要多少{unit}？"),
        (Bound::Min(_), true) => tr!(en: "at least how much?"; zh: "至少要多少？"),
        (Bound::Equals(_), false) => tr!(en: "exactly how many {unit}?"; zh: "应当是多少{unit}？"),
        (Bound::Equals(_), true) => tr!(en: "exactly how much?"; zh: "应当是多少？"),
    };
    let asked = asked.get(locale);
    let prompt = tr!(
        en: "Step “{name}”, standard “{text}”: {asked}";
        zh: "步骤“{name}”的服务要求“{text}”：{asked}");
    let text = &standard.text;
    let explanation = tr!(en: "{text}: {right}."; zh: "{text}：{right}。");
    Some(choice(
        prompt.get(locale).to_owned(),
        right.clone(),
        wrong,
        explanation.get(locale).to_owned(),
    ))
}

/// The blank a number leaves in a quoted standard.
const BLANK: &str = "___";

/// `text` with every number blanked: figures, and numerals written as words — Chinese ones
/// before a measure (“三声”, not “一定”) or the target's unit, English ones as whole words.
fn without_numbers(text: &str, unit: &str) -> String {
    const CHINESE_NUMERALS: &str = "零〇一二两三四五六七八九十百千万半";
    const MEASURES: &str = "声秒分钟时小天日周月次遍个位名件项步米元％%";
    const ENGLISH: [&str; 16] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "fifteen", "twenty", "thirty", "sixty",
    ];
    const ENGLISH_MEASURES: [&str; 24] = [
        "second", "seconds", "minute", "minutes", "min", "hour", "hours", "day", "days", "week",
        "weeks", "ring", "rings", "time", "times", "item", "items", "step", "steps", "call",
        "calls", "working", "business", "percent",
    ];
    let unit_start = unit.chars().next();
    let characters: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while index < characters.len() {
        let character = characters[index];
        let run = |belongs: &dyn Fn(char) -> bool| {
            characters[index..]
                .iter()
                .take_while(|c| belongs(**c))
                .count()
        };
        let figures = run(&|c: char| c.is_ascii_digit() || c == '.' || c == ',');
        if character.is_ascii_digit() && figures > 0 {
            out.push_str(BLANK);
            index += figures;
            continue;
        }
        let numerals = run(&|c: char| CHINESE_NUMERALS.contains(c));
        if numerals > 0 {
            let next = characters.get(index + numerals).copied();
            if next.is_some_and(|c| MEASURES.contains(c) || Some(c) == unit_start) {
                out.push_str(BLANK);
                index += numerals;
                continue;
            }
        }
        let letters = run(&|c: char| c.is_ascii_alphabetic());
        let at_word_start = index == 0 || !characters[index - 1].is_ascii_alphanumeric();
        if letters > 0 && at_word_start {
            let word: String = characters[index..index + letters].iter().collect();
            // A number word counts when a measure follows it (“three rings”), not in “asks
            // for one”.
            let next: String = characters[index + letters..]
                .iter()
                .skip_while(|c| **c == ' ')
                .take_while(|c| c.is_ascii_alphabetic())
                .collect::<String>()
                .to_ascii_lowercase();
            let measured = !next.is_empty()
                && (ENGLISH_MEASURES.contains(&next.as_str())
                    || (!unit.is_empty() && next.starts_with(&unit.to_ascii_lowercase())));
            if measured && ENGLISH.contains(&word.to_ascii_lowercase().as_str()) {
                out.push_str(BLANK);
            } else {
                out.push_str(&word);
            }
            index += letters;
            continue;
        }
        out.push(character);
        index += 1;
    }
    out
}

/// Which phrase is the standard one: the first phrase to say among up to three to avoid.
fn phrase_question(step: &Step, standard: &Standard, locale: Locale) -> Option<Question> {
    let right = standard.say.iter().next()?.trim();
    let mut wrong: Vec<String> = Vec::new();
    for phrase in standard.avoid.iter().map(str::trim) {
        let also_said = standard.say.iter().any(|say| same_wording(say, phrase));
        let repeated = wrong.iter().any(|seen| same_wording(seen, phrase));
        if !phrase.is_empty() && !also_said && !repeated {
            wrong.push(phrase.to_owned());
        }
    }
    if wrong.is_empty() || right.is_empty() {
        return None;
    }
    wrong.truncate(3);
    let (name, text) = (&step.name, &standard.text);
    let prompt = tr!(
        en: "Step “{name}”, standard “{text}”: which is the standard phrase?";
        zh: "步骤“{name}”的服务要求“{text}”：下列哪一句是标准用语？");
    let avoided = wrong.join(&format!("”{}“", semicolon(locale)));
    let explanation = tr!(
        en: "Say “{right}”; avoid “{avoided}”.";
        zh: "标准用语：“{right}”；服务禁语：“{avoided}”。");
    Some(choice(
        prompt.get(locale).to_owned(),
        right.to_owned(),
        wrong,
        explanation.get(locale).to_owned(),
    ))
}

/// The separator of a list in running text.
fn semicolon(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "; ",
        Locale::ZhCn => "；",
    }
}

/// “… is a critical standard”: true for a critical one, false for the others of a blueprint
/// that has critical standards (in one that has none the statement teaches nothing).
fn critical_question(
    blueprint: &Blueprint,
    step: &Step,
    standard: &Standard,
    locale: Locale,
) -> Option<Question> {
    let any_critical = blueprint
        .steps
        .iter()
        .flat_map(|step| &step.standards)
        .any(|standard| standard.critical);
    if !any_critical {
        return None;
    }
    let (name, text) = (&step.name, &standard.text);
    let prompt = tr!(
        en: "The standard “{text}” (step “{name}”) is critical: one breach fails the audit outright.";
        zh: "步骤“{name}”的服务要求“{text}”是关键项：一旦违反，稽核直接判为不合格。");
    let explanation = if standard.critical {
        tr!(en: "True: it is critical."; zh: "正确：这是关键项。")
    } else {
        tr!(en: "False: it is not critical; a breach costs its weight in the score."; zh: "错误：这不是关键项；违反时按其权重扣分。")
    };
    let options = [tr!(en: "True"; zh: "正确"), tr!(en: "False"; zh: "错误")];
    Some(Question {
        kind: Kind::TrueFalse,
        prompt: prompt.get(locale).to_owned(),
        options: options.iter().map(|o| o.get(locale).to_owned()).collect(),
        answer: if standard.critical { 0 } else { 1 },
        explanation: explanation.get(locale).to_owned(),
    })
}

/// What staff do when a moment of truth happens: its first countermeasure among up to three
/// of other moments, none of which is also one of its own.
fn mot_question(
    blueprint: &Blueprint,
    step: &Step,
    mot: &Mot,
    draw: &mut Draw,
    locale: Locale,
) -> Option<Question> {
    let right = mot.countermeasures.first()?.text.trim();
    if right.is_empty() {
        return None;
    }
    let own = |text: &str| {
        mot.countermeasures
            .iter()
            .any(|c| same_wording(&c.text, text))
    };
    let mut pool: Vec<String> = Vec::new();
    let others = blueprint
        .steps
        .iter()
        .flat_map(|step| &step.mots)
        .filter(|other| other.id != mot.id);
    for other in others {
        for countermeasure in &other.countermeasures {
            let text = countermeasure.text.trim();
            let repeated = pool.iter().any(|seen| same_wording(seen, text));
            if !text.is_empty() && !own(text) && !repeated {
                pool.push(text.to_owned());
            }
        }
    }
    if pool.is_empty() {
        return None;
    }
    draw.shuffle(&mut pool);
    pool.truncate(3);
    let (name, moment) = (&step.name, &mot.moment);
    let prompt = tr!(
        en: "Step “{name}”: when “{moment}” happens, what do staff do?";
        zh: "步骤“{name}”：当“{moment}”时，员工应当怎么做？");
    let all = mot
        .countermeasures
        .iter()
        .map(|c| c.text.trim())
        .collect::<Vec<_>>()
        .join(semicolon(locale));
    let explanation = tr!(en: "What staff do: {all}."; zh: "MOT管理要点：{all}。");
    Some(choice(
        prompt.get(locale).to_owned(),
        right.to_owned(),
        pool,
        explanation.get(locale).to_owned(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Target, TextList};

    #[test]
    fn a_quoted_standard_gives_no_number_away() {
        assert_eq!(
            without_numbers("来电铃声响三声内接听", "声"),
            "来电铃声响___声内接听"
        );
        assert_eq!(
            without_numbers("一定要在15分钟内回复", "分钟"),
            "一定要在___分钟内回复"
        );
        assert_eq!(
            without_numbers("等候不超过2.5小时", ""),
            "等候不超过___小时"
        );
        assert_eq!(
            without_numbers(
                "Answer within three rings, one by one; someone waits",
                "rings"
            ),
            "Answer within ___ rings, one by one; someone waits"
        );
        assert_eq!(
            without_numbers("Bring a towel when the guest asks for one", "min"),
            "Bring a towel when the guest asks for one"
        );
        assert_eq!(
            without_numbers("Reply within two working days", "d"),
            "Reply within ___ working days"
        );
    }

    fn step() -> Step {
        Step {
            name: "Reception".into(),
            ..Step::default()
        }
    }

    fn phrases(say: &[&str], avoid: &[&str]) -> Standard {
        let texts = |list: &[&str]| TextList(list.iter().map(|t| (*t).to_owned()).collect());
        Standard {
            text: "Greet the guest".into(),
            say: texts(say),
            avoid: texts(avoid),
            ..Standard::default()
        }
    }

    #[test]
    fn a_phrase_to_avoid_that_is_also_said_is_never_offered_as_wrong() {
        let standard = phrases(&["Welcome", "Good evening"], &["Good evening!", "Next"]);
        let question = phrase_question(&step(), &standard, Locale::En).expect("a question");
        assert_eq!(question.options, vec!["Welcome", "Next"]);
        assert_eq!(question.answer, 0);
    }

    #[test]
    fn no_phrase_question_without_a_phrase_to_avoid() {
        let standard = phrases(&["Welcome"], &[]);
        assert!(phrase_question(&step(), &standard, Locale::En).is_none());
        let only_said = phrases(&["Welcome"], &["Welcome!"]);
        assert!(phrase_question(&step(), &only_said, Locale::En).is_none());
    }

    #[test]
    fn no_target_question_for_a_negative_value() {
        let standard = Standard {
            text: "Keep the balance".into(),
            target: Some(Target {
                within: None,
                max: None,
                min: Some(-5.0),
                equals: None,
                unit: Some("EUR".into()),
            }),
            ..Standard::default()
        };
        assert!(target_question(&step(), &standard, Locale::En).is_none());
    }

    #[test]
    fn a_target_question_offers_its_value_and_three_near_ones() {
        let standard = Standard {
            text: "Answer by the third ring".into(),
            target: Some(Target {
                within: None,
                max: Some(3.0),
                min: None,
                equals: None,
                unit: Some("rings".into()),
            }),
            ..Standard::default()
        };
        let question = target_question(&step(), &standard, Locale::En).expect("a question");
        assert_eq!(
            question.options,
            vec![
                "at most 3 rings",
                "at most 2 rings",
                "at most 4 rings",
                "at most 5 rings"
            ]
        );
        assert_eq!(
            question.prompt,
            "Step “Reception”, standard “Answer by the third ring”: at most how many rings?"
        );
    }

    #[test]
    fn options_follow_the_shuffle_with_their_answer() {
        let mut question = choice(
            "Q".into(),
            "right".into(),
            vec!["a".into(), "b".into(), "c".into()],
            String::new(),
        );
        shuffle_options(&mut question, &mut Draw::new(5));
        assert_eq!(question.options.len(), 4);
        assert_eq!(question.options[question.answer], "right");
    }
}
