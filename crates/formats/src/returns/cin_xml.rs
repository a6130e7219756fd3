//! The Children in Need census XML (`Message`): a `Header`, then `Children`,
//! each `Child` with its identifiers, characteristics and `CINdetails`
//! groups. Each group becomes a row of its table, its fields named as the
//! DfE names the elements and located by its path
//! (`cin.xml /Message/Children/Child[12]/CINdetails[1]/Assessments[2]`).
//! Lists (disabilities, assessment factors) are kept in one field, their
//! codes joined by commas.

use std::collections::BTreeMap;

use trustboard_core::returns::{RawRow, Table};

use super::xml::Element;
use super::ReturnReadError;

/// A group's fields and the groups inside it.
struct Group<'a> {
    fields: BTreeMap<String, String>,
    inner: Vec<(&'a Element, String)>,
}

struct Reader<'a> {
    file: &'a str,
    rows: Vec<RawRow>,
    notes: &'a mut Vec<String>,
}

impl<'a> Reader<'a> {
    /// The leaves of `element` as fields; each `(list, item)` in `lists` is
    /// read as one field `item` of the items' codes. A field written twice
    /// stops the import: which one holds is not for trustboard to guess.
    fn group<'e>(
        &mut self,
        element: &'e Element,
        path: &str,
        lists: &[(&str, &str)],
    ) -> Result<Group<'e>, Box<ReturnReadError>> {
        let mut group = Group {
            fields: BTreeMap::new(),
            inner: Vec::new(),
        };
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for child in &element.children {
            let nth = seen.entry(child.name.as_str()).or_default();
            *nth += 1;
            let child_path = format!("{path}/{}[{nth}]", child.name);
            if let Some((_, item)) = lists.iter().find(|(list, _)| *list == child.name) {
                let codes: Vec<&str> = child
                    .children
                    .iter()
                    .filter(|code| code.name == *item)
                    .map(|code| code.text.trim())
                    .filter(|code| !code.is_empty())
                    .collect();
                group.fields.insert(item.to_string(), codes.join(","));
            } else if child.is_leaf() {
                if *nth > 1 {
                    return Err(Box::new(ReturnReadError {
                        field: Some(child_path),
                        value: Some(child.text.trim().to_string()),
                        reason: format!(
                            "{} is written more than once in one {}",
                            child.name, element.name
                        ),
                        ..ReturnReadError::in_file(self.file, String::new())
                    }));
                }
                group
                    .fields
                    .insert(child.name.clone(), child.text.trim().to_string());
            } else {
                group.inner.push((child, child_path));
            }
        }
        let stray = element.text.trim();
        if !stray.is_empty() && !element.is_leaf() {
            self.notes.push(format!(
                "{} {path}: text `{stray}` outside any element; ignored",
                self.file
            ));
        }
        Ok(group)
    }

    fn push(&mut self, table: Table, path: &str, fields: BTreeMap<String, String>) {
        self.rows.push(RawRow {
            table,
            source: format!("{} {path}", self.file),
            fields,
        });
    }

    fn not_read(&mut self, path: &str) {
        self.notes.push(format!(
            "{} {path}: not part of the tables trustboard reads; not kept",
            self.file
        ));
    }

    fn header(&mut self, header: &Element, path: &str) -> Result<(), Box<ReturnReadError>> {
        let outer = self.group(header, path, &[])?;
        let mut fields = outer.fields;
        for (inner, inner_path) in outer.inner {
            if matches!(inner.name.as_str(), "CollectionDetails" | "Source") {
                fields.extend(self.group(inner, &inner_path, &[])?.fields);
            } else {
                self.not_read(&inner_path);
            }
        }
        self.push(Table::CinHeader, path, fields);
        Ok(())
    }

    fn child(&mut self, child: &Element, path: &str) -> Result<(), Box<ReturnReadError>> {
        let outer = self.group(child, path, &[])?;
        let mut fields = outer.fields;
        let mut details = Vec::new();
        for (inner, inner_path) in outer.inner {
            match inner.name.as_str() {
                "ChildIdentifiers" | "ChildCharacteristics" => {
                    let lists = [("Disabilities", "Disability")];
                    fields.extend(self.group(inner, &inner_path, &lists)?.fields);
                }
                "CINdetails" => details.push((inner, inner_path)),
                _ => self.not_read(&inner_path),
            }
        }
        let id = fields.get("LAchildID").cloned().unwrap_or_default();
        fields.insert("CHILD".into(), id.clone());
        self.push(Table::CinChild, path, fields);
        for (referral, referral_path) in details {
            self.referral(&id, referral, &referral_path)?;
        }
        Ok(())
    }

    fn referral(
        &mut self,
        child: &str,
        referral: &Element,
        path: &str,
    ) -> Result<(), Box<ReturnReadError>> {
        let key = path.to_string();
        let keyed = |mut fields: BTreeMap<String, String>| {
            fields.insert("CHILD".into(), child.to_string());
            fields.insert("REFERRAL".into(), key.clone());
            fields
        };
        let outer = self.group(referral, path, &[])?;
        self.push(Table::CinReferral, path, keyed(outer.fields));
        for (inner, inner_path) in outer.inner {
            match inner.name.as_str() {
                "Assessments" => {
                    let lists = [("FactorsIdentifiedAtAssessment", "AssessmentFactors")];
                    let fields = self.group(inner, &inner_path, &lists)?.fields;
                    self.push(Table::CinAssessment, &inner_path, keyed(fields));
                }
                "Section47" => {
                    let fields = self.group(inner, &inner_path, &[])?.fields;
                    self.push(Table::CinSection47, &inner_path, keyed(fields));
                }
                "ChildProtectionPlans" => {
                    let plan = self.group(inner, &inner_path, &[])?;
                    let mut fields = keyed(plan.fields);
                    fields.insert("PLAN".into(), inner_path.clone());
                    self.push(Table::CinPlan, &inner_path, fields);
                    for (reviews, reviews_path) in plan.inner {
                        if reviews.name == "Reviews" {
                            self.reviews(child, &key, &inner_path, reviews, &reviews_path);
                        } else {
                            self.not_read(&reviews_path);
                        }
                    }
                }
                _ => self.not_read(&inner_path),
            }
        }
        Ok(())
    }

    /// Each `CPPreviewDate` of a `Reviews` group is a review.
    fn reviews(&mut self, child: &str, referral: &str, plan: &str, reviews: &Element, path: &str) {
        let dates = reviews
            .children
            .iter()
            .filter(|d| d.name == "CPPreviewDate");
        for (index, date) in dates.enumerate() {
            let fields = BTreeMap::from([
                ("CHILD".to_string(), child.to_string()),
                ("REFERRAL".to_string(), referral.to_string()),
                ("PLAN".to_string(), plan.to_string()),
                ("CPPreviewDate".to_string(), date.text.trim().to_string()),
            ]);
            let review_path = format!("{path}/CPPreviewDate[{}]", index + 1);
            self.push(Table::CinPlanReview, &review_path, fields);
        }
    }
}

/// Every row of the census, each located by its path; what is not read is
/// noted in `notes`.
pub fn rows(
    file: &str,
    root: &Element,
    notes: &mut Vec<String>,
) -> Result<Vec<RawRow>, Box<ReturnReadError>> {
    let collection = root
        .child("Header")
        .and_then(|h| h.child("CollectionDetails"))
        .map(|d| d.child_text("Collection"))
        .unwrap_or("");
    if !collection.is_empty() && collection != "CIN" {
        return Err(Box::new(ReturnReadError {
            field: Some("/Message/Header/CollectionDetails/Collection".into()),
            value: Some(collection.into()),
            reason: "the message is not a CIN census (its Collection must be CIN)".into(),
            ..ReturnReadError::in_file(file, String::new())
        }));
    }
    let mut reader = Reader {
        file,
        rows: Vec::new(),
        notes,
    };
    let root_path = format!("/{}", root.name);
    let header_path = format!("{root_path}/Header");
    match root.child("Header") {
        Some(header) => reader.header(header, &header_path)?,
        None => reader.push(Table::CinHeader, &header_path, BTreeMap::new()),
    }
    for element in &root.children {
        let path = format!("{root_path}/{}", element.name);
        match element.name.as_str() {
            "Header" => {}
            "Children" => {
                let mut index = 0;
                for child in &element.children {
                    if child.name == "Child" {
                        index += 1;
                        reader.child(child, &format!("{path}/Child[{index}]"))?;
                    } else {
                        reader.not_read(&format!("{path}/{}", child.name));
                    }
                }
            }
            _ => reader.not_read(&path),
        }
    }
    Ok(reader.rows)
}
