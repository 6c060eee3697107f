//! The format's audit and history fields: `weight` on standards, `formerly` on steps, standards
//! and MOTs.

mod common;

use common::{check_json, places};

#[test]
fn weights_and_former_ids_that_follow_the_format_are_clean() {
    let (status, report) = check_json(&["format/weight-formerly-ok.yaml"]);
    assert_eq!(places(&report), Vec::<(String, u64, u64)>::new());
    assert_eq!(status, 0);
}

#[test]
fn a_weight_that_is_not_positive_and_a_former_id_off_the_pattern_are_schema_errors() {
    let (status, report) = check_json(&["format/weight-formerly-bad.yaml"]);
    let expected = [("FL002", 28, 17), ("FL002", 39, 16), ("FL002", 50, 17)]
        .map(|(code, line, column)| (code.to_owned(), line, column));
    assert_eq!(places(&report), expected);
    assert_eq!(status, 1);
}
