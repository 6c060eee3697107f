//! Wrong answers that are honest: near the right one, never equal to it, and plausible.

use crate::model::{Bound, Duration, Target};

/// A small, fixed pseudo-random generator (splitmix64): the same seed gives the same quiz on
/// every machine and in every version of the toolchain.
pub struct Draw(u64);

impl Draw {
    /// The generator for `seed`.
    pub fn new(seed: u64) -> Draw {
        Draw(seed)
    }

    /// The next number of the sequence.
    pub fn number(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `bound` (which is not zero).
    fn below(&mut self, bound: usize) -> usize {
        (self.number() % bound as u64) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for last in (1..items.len()).rev() {
            let other = self.below(last + 1);
            items.swap(last, other);
        }
    }
}

/// Three numbers near `value`, each distinct from it and from each other, positive, and not
/// above `ceiling` (100 for a percentage): the nearest steps below and above first. A negative
/// value has none: no honest guess can be made about what it counts.
pub fn numbers(value: f64, ceiling: Option<f64>) -> Vec<f64> {
    if !value.is_finite() || value < 0.0 {
        return Vec::new();
    }
    let step = step(value);
    let mut found: Vec<f64> = Vec::new();
    for times in [-1.0, 1.0, 2.0, -2.0, 3.0, -3.0, 4.0, 5.0] {
        let candidate = round(value + times * step);
        let fits = candidate > 0.0
            && candidate != value
            && ceiling.is_none_or(|ceiling| candidate <= ceiling)
            && !found.contains(&candidate);
        if fits {
            found.push(candidate);
        }
        if found.len() == 3 {
            break;
        }
    }
    found
}

/// How far apart the guesses are: about a quarter of the value, rounded to 1, 2 or 5 times a
/// power of ten, and at least 1 for a whole number (rings and minutes are counted whole).
fn step(value: f64) -> f64 {
    let whole = value.fract() == 0.0;
    let raw = value / 4.0;
    let nice = if raw > 0.0 {
        let power = 10f64.powf(raw.log10().floor());
        [5.0, 2.0, 1.0]
            .into_iter()
            .map(|factor| factor * power)
            .find(|candidate| *candidate <= raw)
            .unwrap_or(power)
    } else {
        1.0
    };
    if whole { nice.max(1.0).round() } else { nice }
}

/// A guess rounded back to the digits it was made with (`0.1 + 0.2` is `0.3`).
fn round(number: f64) -> f64 {
    (number * 1e9).round() / 1e9
}

/// Three targets like `target` with other values: the same bound and unit, near numbers.
pub fn targets(target: &Target) -> Vec<Target> {
    let unit = target.unit.as_deref().map(str::trim);
    let ceiling = matches!(unit, Some("%" | "％")).then_some(100.0);
    let empty = Target {
        within: None,
        max: None,
        min: None,
        equals: None,
        unit: target.unit.clone(),
    };
    match target.bound() {
        Some(Bound::Within(duration)) => {
            let Some(_) = duration.seconds() else {
                return Vec::new();
            };
            let text = duration.0.as_str();
            let (count, letter) = text.split_at(text.len() - 1);
            let Ok(count) = count.parse::<u64>() else {
                return Vec::new();
            };
            numbers(count as f64, None)
                .into_iter()
                .map(|n| Target {
                    within: Some(Duration(format!("{}{letter}", n as u64))),
                    ..empty.clone()
                })
                .collect()
        }
        Some(Bound::Max(value)) => numbers(value, ceiling)
            .into_iter()
            .map(|n| Target {
                max: Some(n),
                ..empty.clone()
            })
            .collect(),
        Some(Bound::Min(value)) => numbers(value, ceiling)
            .into_iter()
            .map(|n| Target {
                min: Some(n),
                ..empty.clone()
            })
            .collect(),
        Some(Bound::Equals(value)) => numbers(value, ceiling)
            .into_iter()
            .map(|n| Target {
                equals: Some(n),
                ..empty.clone()
            })
            .collect(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_rings_give_two_four_and_five() {
        assert_eq!(numbers(3.0, None), vec![2.0, 4.0, 5.0]);
    }

    #[test]
    fn one_never_gives_zero_or_less() {
        assert_eq!(numbers(1.0, None), vec![2.0, 3.0, 4.0]);
    }

    #[test]
    fn thirty_steps_by_five() {
        assert_eq!(numbers(30.0, None), vec![25.0, 35.0, 40.0]);
    }

    #[test]
    fn a_fraction_steps_by_a_fraction() {
        assert_eq!(numbers(2.5, None), vec![2.0, 3.0, 3.5]);
    }

    #[test]
    fn a_percentage_stays_at_most_a_hundred() {
        // 95 % steps by 20: 75, (115), (135), 55, (155), 35.
        assert_eq!(numbers(95.0, Some(100.0)), vec![75.0, 55.0, 35.0]);
    }

    #[test]
    fn zero_gives_small_positive_counts() {
        assert_eq!(numbers(0.0, None), vec![1.0, 2.0, 3.0]);
    }

    #[test]
    fn a_negative_value_gives_none() {
        assert!(numbers(-2.0, None).is_empty());
    }

    #[test]
    fn a_duration_keeps_its_unit() {
        let target = Target {
            within: Some(Duration("5m".into())),
            max: None,
            min: None,
            equals: None,
            unit: None,
        };
        let within: Vec<String> = targets(&target)
            .into_iter()
            .filter_map(|t| t.within.map(|d| d.0))
            .collect();
        // 5 / 4 = 1.25 → steps of 1.
        assert_eq!(within, vec!["4m", "6m", "7m"]);
    }

    #[test]
    fn the_same_seed_draws_the_same_numbers() {
        let (mut one, mut two) = (Draw::new(7), Draw::new(7));
        let first: Vec<u64> = (0..4).map(|_| one.number()).collect();
        let second: Vec<u64> = (0..4).map(|_| two.number()).collect();
        assert_eq!(first, second);
        assert_ne!(Draw::new(8).number(), first[0]);
    }
}
