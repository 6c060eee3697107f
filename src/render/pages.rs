//! How the blueprint is cut for paper: a 14-step diagram shrunk onto one page has 3 px text, so
//! the printed manual, the Word handbook and the PDF show it a few steps at a time. Cuts fall at
//! stage boundaries; a stage too wide for one page is cut every `per_page` steps, and stages
//! that fit together share a page.

use crate::model::Blueprint;
use std::ops::Range;

/// The steps of each printed page of the blueprint, as index ranges into `blueprint.steps`, in
/// order, covering every step once; `per_page` (at least 1) is how many step columns a page
/// holds.
pub fn page_groups(blueprint: &Blueprint, per_page: usize) -> Vec<Range<usize>> {
    let per_page = per_page.max(1);
    // Runs of consecutive steps in one stage (a step without a stage is a run of its own kind).
    let mut runs: Vec<Range<usize>> = Vec::new();
    for (index, step) in blueprint.steps.iter().enumerate() {
        match runs.last_mut() {
            Some(run) if blueprint.steps[run.start].stage == step.stage => run.end = index + 1,
            _ => runs.push(index..index + 1),
        }
    }
    let mut pages: Vec<Range<usize>> = Vec::new();
    for run in runs {
        if run.len() > per_page {
            let mut start = run.start;
            while start < run.end {
                let end = (start + per_page).min(run.end);
                pages.push(start..end);
                start = end;
            }
            continue;
        }
        match pages.last_mut() {
            // Whole stages that fit on the page so far join it.
            Some(page) if page.end == run.start && page.len() + run.len() <= per_page => {
                page.end = run.end;
            }
            _ => pages.push(run),
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Step;

    fn blueprint(stages: &[Option<&str>]) -> Blueprint {
        let steps = stages
            .iter()
            .enumerate()
            .map(|(index, stage)| Step {
                id: format!("s{index}"),
                name: format!("step {index}"),
                stage: stage.map(str::to_owned),
                ..Step::default()
            })
            .collect();
        let yaml = "blueprint: 1\nid: b\ntitle: B\n";
        let mut blueprint: Blueprint = serde_yaml::from_str(yaml).expect("minimal blueprint");
        blueprint.steps = steps;
        blueprint
    }

    #[test]
    fn stages_that_fit_share_a_page_and_a_wide_stage_is_cut() {
        // Stages of 2, 1, 6 and 1 steps, 4 columns a page: [a a b] [c c c c] [c c d].
        let stages = [
            Some("a"),
            Some("a"),
            Some("b"),
            Some("c"),
            Some("c"),
            Some("c"),
            Some("c"),
            Some("c"),
            Some("c"),
            Some("d"),
        ];
        assert_eq!(page_groups(&blueprint(&stages), 4), vec![0..3, 3..7, 7..10]);
    }

    #[test]
    fn steps_without_stages_fill_pages() {
        assert_eq!(
            page_groups(&blueprint(&[None; 5]), 2),
            vec![0..2, 2..4, 4..5]
        );
        assert_eq!(page_groups(&blueprint(&[]), 3), Vec::<Range<usize>>::new());
        assert_eq!(page_groups(&blueprint(&[None, None]), 0), vec![0..1, 1..2]);
    }
}
