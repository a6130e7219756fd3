//! Read-only views of one plan: its tree, indicators and milestones.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use trustboard_core::model::{Indicator, Milestone, Node, Observation, PlanDocument};

/// A node with its children and the indicators that measure it, for `plan show`.
#[derive(Debug, Serialize)]
pub struct TreeNode<'a> {
    pub code: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retired: Option<&'a str>,
    pub indicators: Vec<&'a str>,
    pub children: Vec<TreeNode<'a>>,
}

pub fn tree(doc: &PlanDocument) -> Vec<TreeNode<'_>> {
    let mut children: BTreeMap<Option<&str>, Vec<&Node>> = BTreeMap::new();
    for node in &doc.nodes {
        children
            .entry(node.parent.as_deref())
            .or_default()
            .push(node);
    }
    build_level(doc, &children, None)
}

fn build_level<'a>(
    doc: &'a PlanDocument,
    children: &BTreeMap<Option<&'a str>, Vec<&'a Node>>,
    parent: Option<&'a str>,
) -> Vec<TreeNode<'a>> {
    children
        .get(&parent)
        .map(|nodes| {
            nodes
                .iter()
                .map(|node| TreeNode {
                    code: &node.code,
                    kind: &node.kind,
                    title: &node.title,
                    retired: node.retired.as_ref().map(|r| r.when.as_str()),
                    indicators: doc
                        .indicators
                        .iter()
                        .filter(|i| i.objectives.contains(&node.code))
                        .map(|i| i.key.as_str())
                        .collect(),
                    children: build_level(doc, children, Some(&node.code)),
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn print_tree(nodes: &[TreeNode<'_>], depth: usize) {
    for node in nodes {
        let retired = node
            .retired
            .map(|when| format!("  [retired {when}]"))
            .unwrap_or_default();
        out!(
            "{:indent$}{} {}{}",
            "",
            node.code,
            node.title,
            retired,
            indent = depth * 2
        );
        for key in &node.indicators {
            out!("{:indent$}  · {}", "", key, indent = depth * 2);
        }
        print_tree(&node.children, depth + 1);
    }
}

/// Finds an indicator by key or code, ignoring case and spacing (`ni72` finds `NI 72`).
pub fn find_indicator<'a>(doc: &'a PlanDocument, wanted: &str) -> Option<&'a Indicator> {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase()
    };
    let wanted = squash(wanted);
    doc.indicators
        .iter()
        .find(|i| squash(&i.key) == wanted)
        .or_else(|| {
            doc.indicators
                .iter()
                .find(|i| i.code.as_deref().map(squash).is_some_and(|c| c == wanted))
        })
}

pub fn observations_of<'a>(doc: &'a PlanDocument, key: &str) -> Vec<&'a Observation> {
    let mut found: Vec<&Observation> = doc
        .observations
        .iter()
        .filter(|o| o.indicator == key)
        .collect();
    found.sort_by_key(|o| (o.period, o.kind, o.locality.clone(), o.group.clone()));
    found
}

pub fn milestones_due_before(doc: &PlanDocument, before: Option<NaiveDate>) -> Vec<&Milestone> {
    doc.milestones
        .iter()
        .filter(|m| match before {
            Some(date) => m.due.is_some_and(|due| due < date),
            None => true,
        })
        .collect()
}

/// `NI 59  Initial assessments …`, or just the title when the indicator has no code.
pub fn label(key: &str, title: &str) -> String {
    if key == title {
        title.to_string()
    } else {
        format!("{key}  {title}")
    }
}
