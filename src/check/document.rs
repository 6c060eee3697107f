//! Document control (`document:` of a blueprint or a library): its texts are not blank (FL002),
//! its dates are days written `YYYY-MM-DD` (FL008), and its approval is not dated after today
//! (FL009). The cover and every page header print these values as written, on a controlled
//! document, so they are checked as strictly as ids.
//!
//! Unknown keys, a wrong `copy` and an `approved` without `by` are caught by the loader, with
//! did-you-mean, like every other key of the format.

use super::texts::{empty_text, is_blank};
use super::{Context, Sink};
use crate::check::registry::RuleId;
use crate::diagnostic::{Finding, YamlPath};
use crate::model::{Document, Library};
use crate::tr;
use jiff::civil::Date;

pub(super) fn check(context: &Context, sink: &mut Sink) {
    if let Some(document) = &context.blueprint.document {
        check_document(document, sink);
    }
}

/// The same block in a library, for the library's own releases.
pub(super) fn check_library(library: &Library, sink: &mut Sink) {
    if let Some(document) = &library.document {
        check_document(document, sink);
    }
}

/// Today for the findings about dates: `FRONTLINE_TODAY` (YYYY-MM-DD) when set, for
/// reproducible runs; else the latest calendar date anywhere on Earth (UTC+14), so that nothing
/// done today in any time zone is called future.
pub fn today() -> Result<Date, String> {
    if let Ok(text) = std::env::var("FRONTLINE_TODAY") {
        return text
            .trim()
            .parse::<Date>()
            .map_err(|_| format!("FRONTLINE_TODAY=`{text}` is not a date such as 2026-12-01"));
    }
    Ok(jiff::tz::offset(14)
        .to_datetime(jiff::Timestamp::now())
        .date())
}

/// Today as the calendar on this computer shows it (`FRONTLINE_TODAY` when set), for what is
/// told to people, such as who is overdue: [`today`] runs ahead of most time zones.
pub fn local_today() -> Result<Date, String> {
    if std::env::var_os("FRONTLINE_TODAY").is_some() {
        return today();
    }
    Ok(jiff::ZonedDateTime::now().date())
}

fn check_document(document: &Document, sink: &mut Sink) {
    let at = YamlPath::root().key("document");
    for (key, text) in [("number", &document.number), ("owner", &document.owner)] {
        if let Some(text) = text
            && is_blank(text)
        {
            sink.push(blank_optional_text(at.clone().key(key), key));
        }
    }
    if let Some(effective) = &document.effective {
        // Only the format matters here: a version may take effect on any day, past or future.
        date(effective, at.clone().key("effective"), sink);
    }
    let Some(approval) = &document.approved else {
        return;
    };
    let approved_at = at.key("approved");
    if is_blank(&approval.by) {
        sink.push(empty_text(approved_at.clone().key("by")));
    }
    let Some(on) = &approval.on else {
        return;
    };
    let on_at = approved_at.key("on");
    if let Some(day) = date(on, on_at.clone(), sink)
        && sink.wants(RuleId::FutureApproval)
    {
        future_approval(day, on_at, sink);
    }
}

/// A text that may be left out but not left blank: a blank one would print an empty field on
/// the cover, and an empty `owner` would hide the blueprint's own.
fn blank_optional_text(path: YamlPath, key: &'static str) -> Finding {
    Finding::at_key(
        RuleId::Schema,
        path,
        tr!(en: "`{key}` is empty";
            zh: "`{key}` 为空"),
    )
    .with_help(tr!(
        en: "write the text after `{key}:`, or leave the key out; `~` and `null` mean nothing in YAML, and a value that starts with `#` is a comment, so put such a text in quotes";
        zh: "请在 `{key}:` 后写上内容，或者删去这个键；在 YAML 中 `~` 和 `null` 表示空值，`#` 开头的内容是注释，这样的文本请加引号"))
}

/// The day `text` names, or `None` after reporting (FL008) why it names none. Only
/// `YYYY-MM-DD` is taken: jiff alone would also read `20261215` and date-times.
fn date(text: &str, path: YamlPath, sink: &mut Sink) -> Option<Date> {
    // Not trimmed: the cover prints the text as written, and the schema refuses the spaces too.
    let written = text;
    let shaped = written.len() == 10
        && written
            .bytes()
            .enumerate()
            .all(|(index, byte)| match index {
                4 | 7 => byte == b'-',
                _ => byte.is_ascii_digit(),
            });
    if !shaped {
        sink.push(
            Finding::at_value(
                RuleId::InvalidDate,
                path,
                tr!(en: "`{written}` is not a date written YYYY-MM-DD";
                    zh: "`{written}` 不是 YYYY-MM-DD 格式的日期"),
            )
            .with_help(tr!(
                en: "write the year, month and day with dashes and two-digit months and days, such as 2026-12-15";
                zh: "请用短横线连接年、月、日，月和日各写两位，例如 2026-12-15")),
        );
        return None;
    }
    if let Ok(day) = written.parse::<Date>() {
        return Some(day);
    }
    let number = |range: std::ops::Range<usize>| written[range].parse::<i16>().unwrap_or(0);
    let (year, month) = (number(0..4), number(5..7));
    let month_days = i8::try_from(month)
        .ok()
        .and_then(|month| Date::new(year, month, 1).ok())
        .map(|first| first.days_in_month());
    let (message, help) = match month_days {
        Some(days) => (
            tr!(en: "{written} is not a day: {year}-{month:02} has {days} days";
                zh: "{written} 这一天不存在：{year} 年 {month} 月只有 {days} 天"),
            tr!(en: "write a day from 01 to {days}"; zh: "请写 01 到 {days} 之间的日"),
        ),
        None => (
            tr!(en: "{written} is not a day: there is no month {month}";
                zh: "{written} 这一天不存在：没有 {month} 月"),
            tr!(en: "the month comes second, from 01 to 12, as in 2026-12-15";
                zh: "月份写在中间，从 01 到 12，例如 2026-12-15"),
        ),
    };
    sink.push(Finding::at_value(RuleId::InvalidDate, path, message).with_help(help));
    None
}

/// Reports an approval dated after today (FL009); when today cannot be told, says why there.
fn future_approval(day: Date, path: YamlPath, sink: &mut Sink) {
    let finding = match today() {
        Ok(today) if day <= today => return,
        Ok(today) => Finding::at_value(
            RuleId::FutureApproval,
            path,
            tr!(en: "the approval is dated {day}, after today ({today})";
                zh: "审批日期 {day} 晚于今天（{today}）"),
        )
        .with_help(tr!(
            en: "correct the date; if the version is not approved yet, leave `approved` out, so that every page prints DRAFT";
            zh: "请改正日期；如果这一版本尚未审批，请删去 `approved`，每一页会印上“草稿”")),
        Err(reason) => Finding::at_value(
            RuleId::FutureApproval,
            path,
            tr!(en: "cannot tell whether the approval date {day} is in the future: {reason}";
                zh: "无法判断审批日期 {day} 是否在未来：{reason}"),
        )
        .with_help(tr!(
            en: "set FRONTLINE_TODAY to a date such as 2026-12-01, or unset it";
            zh: "请把 FRONTLINE_TODAY 设为 2026-12-01 这样的日期，或者删去它")),
    };
    sink.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::registry::RuleLevels;

    fn date_findings(text: &str) -> (Option<Date>, Vec<Finding>) {
        let levels = RuleLevels::default();
        let mut sink = Sink::new(&levels);
        let day = date(text, YamlPath::root().key("on"), &mut sink);
        (day, sink.findings)
    }

    #[test]
    fn only_days_written_yyyy_mm_dd_are_dates() {
        assert_eq!(date_findings("2026-12-15").0, Date::new(2026, 12, 15).ok());
        assert_eq!(date_findings("2028-02-29").0, Date::new(2028, 2, 29).ok());
        for wrong in [
            "20261215",
            "2026/12/15",
            "2026-1-5",
            "2026-12-15T10:00",
            "15.12.2026",
            "2026-02-29",
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "",
        ] {
            let (day, findings) = date_findings(wrong);
            assert_eq!(day, None, "{wrong}");
            assert_eq!(findings.len(), 1, "{wrong}");
            assert_eq!(findings[0].rule, RuleId::InvalidDate, "{wrong}");
        }
    }

    #[test]
    fn a_day_that_does_not_exist_says_how_long_its_month_is() {
        let (_, findings) = date_findings("2026-02-30");
        assert_eq!(
            findings[0].message.en,
            "2026-02-30 is not a day: 2026-02 has 28 days"
        );
        assert_eq!(
            findings[0].message.zh,
            "2026-02-30 这一天不存在：2026 年 2 月只有 28 天"
        );
        let (_, findings) = date_findings("2026-13-01");
        assert_eq!(
            findings[0].message.en,
            "2026-13-01 is not a day: there is no month 13"
        );
    }
}
