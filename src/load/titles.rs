//! Column titles and labels as people type them: found by name in either language, whatever
//! their case, spaces, a trailing colon or a bracketed hint after them (`结果（合格/不合格）`).

/// A title or label as compared: lower case, without spaces, a trailing colon or a bracketed
/// hint after it.
pub fn title_key(text: &str) -> String {
    let cut = text
        .find(['（', '(', '\n'])
        .filter(|&at| at > 0)
        .map_or(text, |at| &text[..at]);
    cut.trim()
        .trim_end_matches([':', '：'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What `text` names in `table`, a list of things with the titles each is known by.
pub fn known<T: Copy>(table: &[(T, &[&str])], text: &str) -> Option<T> {
    let key = title_key(text);
    table.iter().find_map(|(what, words)| {
        words
            .iter()
            .any(|word| title_key(word) == key)
            .then_some(*what)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_match_without_case_spaces_colon_or_hint() {
        assert_eq!(title_key(" Service Step："), "servicestep");
        assert_eq!(title_key("结果（合格/不合格）"), "结果");
        assert_eq!(title_key("MOT管理要点\n(每条一行)"), "mot管理要点");
        let table: &[(u8, &[&str])] = &[(1, &["服务步骤", "step"]), (2, &["服务要求"])];
        assert_eq!(known(table, "STEP"), Some(1));
        assert_eq!(known(table, "服务 要求:"), Some(2));
        assert_eq!(known(table, "备注"), None);
    }
}
