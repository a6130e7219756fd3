//! The SSDA903's XML form (`EXPSSDA903`): one `CHILD` per child, holding a
//! `HEADER` and its `EPISODE`s, read into the same tables as the CSV files.

use std::collections::BTreeMap;

use trustboard_core::returns::{RawRow, Table};

use super::xml::Element;

/// Leaf elements of `HEADER` that belong to other tables.
fn header_leaf_table(name: &str) -> Table {
    match name {
        "IN_TOUCH" | "ACTIV" | "ACCOM" => Table::Oc3,
        "DATE_INT" | "DATE_MATCH" | "FOSTER_CARE" | "NB_ADOPTR" | "SEX_ADOPTR" | "LS_ADOPTR" => {
            Table::Ad1
        }
        "UASC" | "DUC" => Table::Uasc,
        _ => Table::Header,
    }
}

fn group_table(name: &str) -> Option<Table> {
    Some(match name {
        "AREVIEW" => Table::Reviews,
        "AMISSING" => Table::Missing,
        "AD_PLACED" => Table::PlacedForAdoption,
        "PERMANENCE" => Table::PreviousPermanence,
        "OC2" => Table::Oc2,
        "OC3" => Table::Oc3,
        "AD1" => Table::Ad1,
        "EPISODE" => Table::Episodes,
        _ => return None,
    })
}

/// The CSV column an XML element is written to.
fn column(name: &str) -> &str {
    match name {
        "CHILDID" => "CHILD",
        "PL" => "PLACE",
        other => other,
    }
}

fn fields(element: &Element) -> BTreeMap<String, String> {
    element
        .children
        .iter()
        .filter(|leaf| leaf.is_leaf())
        .map(|leaf| (column(&leaf.name).to_string(), leaf.text.clone()))
        .collect()
}

/// Every table row of the return, each located by its path.
pub fn rows(file: &str, root: &Element) -> Vec<RawRow> {
    let mut rows = Vec::new();
    let children = root.children.iter().filter(|e| e.name == "CHILD");
    for (index, child) in children.enumerate() {
        let child_path = format!("{file} /{}/CHILD[{}]", root.name, index + 1);
        let header = child.child("HEADER");
        let id = header.map(|h| h.child_text("CHILDID")).unwrap_or("");
        let dob = header.map(|h| h.child_text("DOB")).unwrap_or("");
        let mut push = |table: Table, path: String, mut fields: BTreeMap<String, String>| {
            fields.insert("CHILD".into(), id.into());
            if table != Table::Episodes && table != Table::Header {
                fields.entry("DOB".into()).or_insert_with(|| dob.into());
            }
            rows.push(RawRow {
                table,
                source: path,
                fields,
            });
        };
        if let Some(header) = header {
            let mut by_table: BTreeMap<Table, BTreeMap<String, String>> = BTreeMap::new();
            for leaf in header.children.iter().filter(|leaf| leaf.is_leaf()) {
                by_table
                    .entry(header_leaf_table(&leaf.name))
                    .or_default()
                    .insert(column(&leaf.name).into(), leaf.text.clone());
            }
            for (table, fields) in by_table {
                let has_content =
                    table == Table::Header || fields.values().any(|text| !text.trim().is_empty());
                if has_content {
                    push(table, format!("{child_path}/HEADER"), fields);
                }
            }
        }
        let groups = header
            .into_iter()
            .flat_map(|h| h.children.iter().map(|g| (g, "HEADER/")))
            .chain(child.children.iter().map(|g| (g, "")));
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (group, prefix) in groups {
            let Some(table) = group_table(&group.name) else {
                continue;
            };
            let nth = seen.entry(group.name.as_str()).or_default();
            *nth += 1;
            let path = format!("{child_path}/{prefix}{}[{}]", group.name, nth);
            push(table, path, fields(group));
        }
    }
    rows
}
