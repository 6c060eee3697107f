//! Phone audit forms: the XLSForm auditors fill in ODK Collect, KoboCollect or a browser
//! ([`xlsform`]), and the submissions the form servers export read back into audit records
//! ([`export`]).
//!
//! Both sides name the questions with [`Questions::of`], so that a column of an export is
//! matched to its standard by the very name the form gave it.

pub mod export;
pub mod xlsform;

use crate::model::{Blueprint, Standard, Step};
use std::collections::HashSet;

/// The names of the visit's fields, which no question of a standard may take; and the names
/// form servers add to every submission.
pub const VISIT_NAMES: [&str; 12] = [
    "start",
    "end",
    "today",
    "deviceid",
    "site",
    "auditor",
    "visited",
    "method",
    "blueprint",
    "blueprint_sha256",
    "meta",
    "instanceid",
];

/// The question names of one standard.
#[derive(Debug, Clone)]
pub struct StandardQuestions<'b> {
    /// The standard.
    pub standard: &'b Standard,
    /// Its result (`select_one`).
    pub result: String,
    /// Its measured value, asked only when the standard has a target.
    pub value: String,
    /// The auditor's note.
    pub note: String,
    /// The photo.
    pub photo: String,
}

/// The group of one step.
#[derive(Debug, Clone)]
pub struct Group<'b> {
    /// The step.
    pub step: &'b Step,
    /// The group's name.
    pub name: String,
    /// Its standards' questions.
    pub standards: Vec<StandardQuestions<'b>>,
    /// For a step without standards, the name of the note that says so: a group without a
    /// question is not a valid form.
    pub empty_note: Option<String>,
}

/// The groups and questions of a blueprint's form, in service order.
#[derive(Debug, Clone)]
pub struct Questions<'b> {
    /// One group per step.
    pub groups: Vec<Group<'b>>,
}

impl<'b> Questions<'b> {
    /// Names every group and question of `blueprint`: an id with `-` as `_` (XLSForm names and
    /// the paths of exports, joined with `-`, cannot hold a `-`), `s_` before an id that starts
    /// with a digit or is a visit field's name, and a number after a name already taken, so
    /// that every name is a valid XML name and unique in the form.
    pub fn of(blueprint: &'b Blueprint) -> Questions<'b> {
        let mut taken: HashSet<String> = VISIT_NAMES.iter().map(|n| (*n).to_owned()).collect();
        let mut groups = Vec::new();
        for step in &blueprint.steps {
            let group = unique(&base(&step.id), &[""], &mut taken);
            let mut standards = Vec::new();
            for standard in &step.standards {
                let suffixes = ["", "_value", "_note", "_photo"];
                let name = unique(&base(&standard.id), &suffixes, &mut taken);
                standards.push(StandardQuestions {
                    standard,
                    value: format!("{name}_value"),
                    note: format!("{name}_note"),
                    photo: format!("{name}_photo"),
                    result: name,
                });
            }
            let empty_note = standards
                .is_empty()
                .then(|| unique(&format!("{group}_none"), &[""], &mut taken));
            groups.push(Group {
                step,
                name: group,
                standards,
                empty_note,
            });
        }
        Questions { groups }
    }

    /// Every standard's questions, in service order.
    pub fn standards(&self) -> impl Iterator<Item = &StandardQuestions<'b>> {
        self.groups.iter().flat_map(|group| &group.standards)
    }
}

/// The columns ODK Central and KoboToolbox add to an export of their own (`KEY`, `Status`,
/// `Edits`, `_uuid`, `_submission_time`, …), compared without case and leading `_`: a question
/// of one of these names could not be told from them.
const EXPORT_NAMES: [&str; 22] = [
    "key",
    "status",
    "edits",
    "submissiondate",
    "submitterid",
    "submittername",
    "attachmentspresent",
    "attachmentsexpected",
    "reviewstate",
    "formversion",
    "instancename",
    "uuid",
    "id",
    "index",
    "parent_index",
    "submission_time",
    "validation_status",
    "notes",
    "tags",
    "submitted_by",
    "version",
    "xform_id_string",
];

/// An id as a name: `-` as `_`, and `s_` before one that starts with a digit or is a visit
/// field's name or a column the tools add to an export.
fn base(id: &str) -> String {
    let name = id.replace('-', "_");
    let lower = name.to_ascii_lowercase();
    if name.starts_with(|c: char| !c.is_ascii_alphabetic())
        || VISIT_NAMES.contains(&name.as_str())
        || EXPORT_NAMES.contains(&lower.trim_start_matches('_'))
    {
        format!("s_{name}")
    } else {
        name
    }
}

/// The first of `name`, `name_2`, `name_3`… none of whose names with `suffixes` is taken;
/// takes them.
fn unique(name: &str, suffixes: &[&str], taken: &mut HashSet<String>) -> String {
    let free = |candidate: &str, taken: &HashSet<String>| {
        suffixes
            .iter()
            .all(|suffix| !taken.contains(&format!("{candidate}{suffix}")))
    };
    let mut candidate = name.to_owned();
    let mut number = 2;
    while !free(&candidate, taken) {
        candidate = format!("{name}_{number}");
        number += 1;
    }
    for suffix in suffixes {
        taken.insert(format!("{candidate}{suffix}"));
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_xml_names_and_never_collide() {
        let mut taken: HashSet<String> = VISIT_NAMES.iter().map(|n| (*n).to_owned()).collect();
        let suffixes = ["", "_value", "_note", "_photo"];
        let mut names = Vec::new();
        for id in [
            "greet-fast",
            "3-rings",
            "site",
            "greet-fast-note",
            "a",
            "a-value",
            "key",
            "status",
            "edits",
            "uuid",
        ] {
            names.push(unique(&base(id), &suffixes, &mut taken));
        }
        assert_eq!(
            names,
            [
                "greet_fast",
                "s_3_rings",
                "s_site",
                "greet_fast_note_2",
                "a",
                "a_value_2",
                // Columns of the exports themselves (KEY, Status, Edits, _uuid).
                "s_key",
                "s_status",
                "s_edits",
                "s_uuid",
            ]
        );
    }
}
