//! "Did you mean": the one guess at what a misspelt key, id or name was meant to be, shared by
//! the loader, the checks, the libraries and the configuration so that all guess alike.

use crate::i18n::Localized;
use crate::tr;

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
/// An abbreviation of a candidate (`tech` for `technician`) counts as close.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|candidate| {
            let abbreviates = word.chars().count() >= 3 && candidate.starts_with(word);
            let distance = if abbreviates {
                1
            } else {
                strsim::damerau_levenshtein(word, candidate)
            };
            (distance, candidate)
        })
        .filter(|&(distance, candidate)| distance <= limit && distance < candidate.chars().count())
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// "did you mean `near`?" for a word that names nothing, when a candidate is close to it.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<Localized> {
    closest(word, candidates).map(suggest)
}

/// "did you mean `near`?", for a guess already made.
pub fn suggest(near: &str) -> Localized {
    tr!(en: "did you mean `{near}`?"; zh: "是不是想写 `{near}`？")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_and_not_arbitrary() {
        let keys = ["id", "text", "role", "target", "critical", "say", "avoid"];
        assert_eq!(closest("txt", keys), Some("text"));
        assert_eq!(closest("critcal", keys), Some("critical"));
        assert_eq!(closest("targte", keys), Some("target"));
        assert_eq!(closest("description", keys), None);
        assert_eq!(closest("x", keys), None);
        assert_eq!(
            closest("tech", ["advisor", "technician"]),
            Some("technician")
        );
    }

    #[test]
    fn the_guess_is_said_in_both_languages() {
        let help = did_you_mean("staf", ["staff", "stage"]).expect("a guess");
        assert_eq!(help.en, "did you mean `staff`?");
        assert_eq!(help.zh, "是不是想写 `staff`？");
        assert!(did_you_mean("lobby", ["staff"]).is_none());
    }
}
