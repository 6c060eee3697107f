//! The one scoring formula, and the judging of measured values against targets.
//!
//! For any set of results: score = Σ weight × [pass] / Σ weight × [pass or fail]. `na` and
//! `unobserved` count on neither side; an empty denominator is no score, never 100 %. A failed
//! critical standard zeroes its step in that audit (or, with `critical = "audit"`, the whole
//! audit): the passes it zeroes still count in the denominator, as if failed, so that the same
//! sum gives every group's score.

use super::record::{Measured, Outcome};
use crate::config::CriticalScope;
use crate::model::{Bound, Target};

/// One standard's result in one audit, as scoring sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line<'a> {
    /// The step the standard belongs to.
    pub step: &'a str,
    /// The standard's weight.
    pub weight: f64,
    /// Whether a failure is critical.
    pub critical: bool,
    /// The result.
    pub outcome: Outcome,
}

/// The lines of one audit after the critical rule: for each line, whether its pass counts, and
/// whether a critical standard failed.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    /// Per line: a pass that scores (false for fails, and for passes a critical failure zeroed).
    pub counts_as_pass: Vec<bool>,
    /// Whether a critical standard failed in this audit.
    pub critical_failed: bool,
}

/// Applies the critical rule to one audit's lines.
pub fn judge_audit(lines: &[Line<'_>], scope: CriticalScope) -> Judged {
    let failed_critical_steps: Vec<&str> = lines
        .iter()
        .filter(|line| line.critical && line.outcome == Outcome::Fail)
        .map(|line| line.step)
        .collect();
    let critical_failed = !failed_critical_steps.is_empty();
    let counts_as_pass = lines
        .iter()
        .map(|line| {
            let zeroed = match scope {
                CriticalScope::Step => failed_critical_steps.contains(&line.step),
                CriticalScope::Audit => critical_failed,
            };
            line.outcome == Outcome::Pass && !zeroed
        })
        .collect();
    Judged {
        counts_as_pass,
        critical_failed,
    }
}

/// Counts and weights of a set of results.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Tally {
    /// Results recorded as pass.
    pub pass: usize,
    /// Results recorded as fail.
    pub fail: usize,
    /// Not applicable.
    pub na: usize,
    /// Not observed, written so or not listed.
    pub unobserved: usize,
    /// Σ weight × [pass that counts].
    pub passed_weight: f64,
    /// Σ weight × [pass or fail].
    pub judged_weight: f64,
}

impl Tally {
    /// Adds one result; `counts_as_pass` from [`judge_audit`].
    pub fn add(&mut self, outcome: Outcome, weight: f64, counts_as_pass: bool) {
        match outcome {
            Outcome::Pass => self.pass += 1,
            Outcome::Fail => self.fail += 1,
            Outcome::Na => self.na += 1,
            Outcome::Unobserved => self.unobserved += 1,
        }
        if matches!(outcome, Outcome::Pass | Outcome::Fail) {
            self.judged_weight += weight;
            if counts_as_pass {
                self.passed_weight += weight;
            }
        }
    }

    /// Adds another tally.
    pub fn merge(&mut self, other: &Tally) {
        self.pass += other.pass;
        self.fail += other.fail;
        self.na += other.na;
        self.unobserved += other.unobserved;
        self.passed_weight += other.passed_weight;
        self.judged_weight += other.judged_weight;
    }

    /// The score, from 0 to 1; `None` when nothing was judged.
    pub fn score(&self) -> Option<f64> {
        (self.judged_weight > 0.0).then(|| self.passed_weight / self.judged_weight)
    }

    /// (pass + fail + na) / all results: how much was observed; `None` for no results.
    pub fn coverage(&self) -> Option<f64> {
        let all = self.pass + self.fail + self.na + self.unobserved;
        (all > 0).then(|| (self.pass + self.fail + self.na) as f64 / all as f64)
    }
}

/// Why a measured value cannot be judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unjudgeable {
    /// The standard has no target.
    NoTarget,
    /// The value is not a number (or, for `within`, a duration).
    WrongForm,
    /// The value is below zero where nothing can be: a time, a count.
    BelowZero,
}

/// Whether a measured value meets the target: `within`/`max` when value ≤ limit, `min` when
/// value ≥ limit, `equals` when equal. A `within` value is a duration (`45s`, `5m`) or a number
/// in the unit of the target's own duration (minutes for `within: 30m`).
pub fn judge_value(value: &Measured, target: Option<&Target>) -> Result<bool, Unjudgeable> {
    let bound = target
        .and_then(Target::bound)
        .ok_or(Unjudgeable::NoTarget)?;
    match bound {
        Bound::Within(limit) => {
            let limit_seconds = limit.seconds().ok_or(Unjudgeable::NoTarget)? as f64;
            let seconds = match value {
                Measured::Number(number) => number * unit_seconds(&limit.0),
                Measured::Text(text) => measured_duration(text).ok_or(Unjudgeable::WrongForm)?,
            };
            if seconds < 0.0 {
                return Err(Unjudgeable::BelowZero);
            }
            Ok(seconds <= limit_seconds)
        }
        Bound::Max(limit) => counted(value, limit, target).map(|n| n <= limit),
        Bound::Min(limit) => counted(value, limit, target).map(|n| n >= limit),
        Bound::Equals(limit) => counted(value, limit, target).map(|n| (n - limit).abs() < 1e-9),
    }
}

/// A measured number against a limit: below zero it is a slip of the keyboard (−1 rings
/// would pass “at most 3”), unless the limit is below zero too or the unit is a temperature.
fn counted(value: &Measured, limit: f64, target: Option<&Target>) -> Result<f64, Unjudgeable> {
    let number = number(value)?;
    let signed = limit < 0.0
        || target
            .and_then(|t| t.unit.as_deref())
            .is_some_and(|unit| unit.contains('°') || unit.contains('℃') || unit.contains('℉'));
    if number < 0.0 && !signed {
        return Err(Unjudgeable::BelowZero);
    }
    Ok(number)
}

fn number(value: &Measured) -> Result<f64, Unjudgeable> {
    match value {
        Measured::Number(number) if number.is_finite() => Ok(*number),
        Measured::Text(text) => text
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or(Unjudgeable::WrongForm),
        Measured::Number(_) => Err(Unjudgeable::WrongForm),
    }
}

/// Seconds in one unit of a duration such as `30m`.
fn unit_seconds(duration: &str) -> f64 {
    match duration.chars().last() {
        Some('m') => 60.0,
        Some('h') => 3600.0,
        Some('d') => 86_400.0,
        _ => 1.0,
    }
}

/// A measured duration: a number followed by s, m, h or d (`45s`, `1.5m`), in seconds.
fn measured_duration(text: &str) -> Option<f64> {
    let text = text.trim();
    let unit = text.chars().last()?;
    if !unit.is_ascii_alphabetic() {
        return text
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n >= 0.0);
    }
    let amount: f64 = text[..text.len() - 1].trim().parse().ok()?;
    if !amount.is_finite() || amount < 0.0 {
        return None;
    }
    let factor = match unit {
        's' => 1.0,
        'm' => 60.0,
        'h' => 3600.0,
        'd' => 86_400.0,
        _ => return None,
    };
    Some(amount * factor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Duration;

    fn line(step: &'static str, weight: f64, critical: bool, outcome: Outcome) -> Line<'static> {
        Line {
            step,
            weight,
            critical,
            outcome,
        }
    }

    fn tally(lines: &[Line<'_>], scope: CriticalScope) -> Tally {
        let judged = judge_audit(lines, scope);
        let mut tally = Tally::default();
        for (line, counts) in lines.iter().zip(judged.counts_as_pass) {
            tally.add(line.outcome, line.weight, counts);
        }
        tally
    }

    #[test]
    fn weights_count_on_both_sides() {
        // pass w2 + pass w1 + fail w1: (2 + 1) / (2 + 1 + 1) = 0.75
        let lines = [
            line("a", 2.0, false, Outcome::Pass),
            line("a", 1.0, false, Outcome::Pass),
            line("b", 1.0, false, Outcome::Fail),
        ];
        assert_eq!(tally(&lines, CriticalScope::Step).score(), Some(0.75));
    }

    #[test]
    fn na_and_unobserved_count_on_neither_side_but_coverage_sees_na() {
        // pass w1, fail w3, na w5, unobserved w7: 1 / (1 + 3) = 0.25;
        // coverage (1 + 1 + 1) / 4 = 0.75
        let lines = [
            line("a", 1.0, false, Outcome::Pass),
            line("a", 3.0, false, Outcome::Fail),
            line("a", 5.0, false, Outcome::Na),
            line("a", 7.0, false, Outcome::Unobserved),
        ];
        let tally = tally(&lines, CriticalScope::Step);
        assert_eq!(tally.score(), Some(0.25));
        assert_eq!(tally.coverage(), Some(0.75));
        assert_eq!(
            (tally.pass, tally.fail, tally.na, tally.unobserved),
            (1, 1, 1, 1)
        );
    }

    #[test]
    fn nothing_judged_is_no_score_never_full_marks() {
        let lines = [
            line("a", 1.0, false, Outcome::Na),
            line("a", 1.0, false, Outcome::Unobserved),
        ];
        assert_eq!(tally(&lines, CriticalScope::Step).score(), None);
        assert_eq!(Tally::default().score(), None);
        assert_eq!(Tally::default().coverage(), None);
    }

    #[test]
    fn a_critical_failure_zeroes_its_step_only() {
        // Step a: critical fail w1 + pass w1 → both count as judged, neither passes.
        // Step b: pass w2 → passes. Audit: 2 / (1 + 1 + 2) = 0.5; step a alone 0 / 2 = 0.
        let lines = [
            line("a", 1.0, true, Outcome::Fail),
            line("a", 1.0, false, Outcome::Pass),
            line("b", 2.0, false, Outcome::Pass),
        ];
        let judged = judge_audit(&lines, CriticalScope::Step);
        assert!(judged.critical_failed);
        assert_eq!(judged.counts_as_pass, vec![false, false, true]);
        assert_eq!(tally(&lines, CriticalScope::Step).score(), Some(0.5));
        assert_eq!(tally(&lines[..2], CriticalScope::Step).score(), Some(0.0));
    }

    #[test]
    fn critical_audit_scope_zeroes_the_whole_audit() {
        let lines = [
            line("a", 1.0, true, Outcome::Fail),
            line("b", 2.0, false, Outcome::Pass),
        ];
        let judged = judge_audit(&lines, CriticalScope::Audit);
        assert!(judged.critical_failed);
        assert_eq!(tally(&lines, CriticalScope::Audit).score(), Some(0.0));
    }

    #[test]
    fn a_critical_standard_that_passes_zeroes_nothing() {
        let lines = [
            line("a", 1.0, true, Outcome::Pass),
            line("a", 1.0, false, Outcome::Fail),
        ];
        let judged = judge_audit(&lines, CriticalScope::Audit);
        assert!(!judged.critical_failed);
        assert_eq!(tally(&lines, CriticalScope::Audit).score(), Some(0.5));
    }

    fn target(yaml: &str) -> Target {
        serde_yaml::from_str(yaml).expect("target")
    }

    #[test]
    fn values_are_judged_against_each_target_form() {
        let max = target("{ max: 3, unit: 声 }");
        assert_eq!(judge_value(&Measured::Number(3.0), Some(&max)), Ok(true));
        assert_eq!(judge_value(&Measured::Number(4.0), Some(&max)), Ok(false));
        let min = target("{ min: 2, unit: 次 }");
        assert_eq!(judge_value(&Measured::Number(2.0), Some(&min)), Ok(true));
        assert_eq!(judge_value(&Measured::Number(1.0), Some(&min)), Ok(false));
        let equals = target("{ equals: 1, unit: 份 }");
        assert_eq!(judge_value(&Measured::Number(1.0), Some(&equals)), Ok(true));
        assert_eq!(
            judge_value(&Measured::Number(2.0), Some(&equals)),
            Ok(false)
        );
        let within = Target {
            within: Some(Duration("2m".into())),
            max: None,
            min: None,
            equals: None,
            unit: None,
        };
        // 90 s ≤ 120 s; 3 minutes = 180 s > 120 s; a bare 2 is 2 minutes, the target's unit.
        assert_eq!(
            judge_value(&Measured::Text("90s".into()), Some(&within)),
            Ok(true)
        );
        assert_eq!(
            judge_value(&Measured::Text("3m".into()), Some(&within)),
            Ok(false)
        );
        assert_eq!(judge_value(&Measured::Number(2.0), Some(&within)), Ok(true));
        assert_eq!(
            judge_value(&Measured::Text("三声".into()), Some(&max)),
            Err(Unjudgeable::WrongForm)
        );
        assert_eq!(
            judge_value(&Measured::Text("soon".into()), Some(&within)),
            Err(Unjudgeable::WrongForm)
        );
        assert_eq!(
            judge_value(&Measured::Number(1.0), None),
            Err(Unjudgeable::NoTarget)
        );
        // −1 rings is a slip, not a pass of “at most 3”; −20 °C meets “at most −18 °C”, and
        // a temperature may be below zero under a limit above it.
        assert_eq!(
            judge_value(&Measured::Number(-1.0), Some(&max)),
            Err(Unjudgeable::BelowZero)
        );
        assert_eq!(
            judge_value(&Measured::Number(-1.0), Some(&within)),
            Err(Unjudgeable::BelowZero)
        );
        let frozen = target("{ max: -18, unit: °C }");
        assert_eq!(
            judge_value(&Measured::Number(-20.0), Some(&frozen)),
            Ok(true)
        );
        let chilled = target("{ max: 4, unit: °C }");
        assert_eq!(
            judge_value(&Measured::Number(-1.0), Some(&chilled)),
            Ok(true)
        );
    }
}
