//! Documents the reader refuses, and what it says.

use super::*;

const HEADER: &str = "Objectives\tPerformance Indicator\t2009/10 out-turn\t2010/11 target";

#[test]
fn a_document_without_a_known_table_names_the_supported_ones() {
    let error = read("Some prose\n\nMore prose\n", "notes.txt", &Hints::default()).unwrap_err();
    assert_eq!(error.file, "notes.txt");
    assert!(
        error
            .message
            .contains("Objective | Performance Measures | Key milestones and timescales"),
        "{error}"
    );
    assert!(error.message.contains("Delivery Board"), "{error}");
}

#[test]
fn a_row_wider_than_its_table_is_an_error_at_the_cell() {
    let text = format!("Royal Borough of Kingston upon Thames\nPlan 2009-13\n{HEADER}\n1.1 Objective\tIndicator\t5%\t6%\t7%\n");
    let error = read(&text, "table.txt", &Hints::default()).unwrap_err();
    assert_eq!(
        (error.file.as_str(), error.line, error.column),
        ("table.txt", 4, 5)
    );
    assert_eq!(error.text.as_deref(), Some("7%"));
}

#[test]
fn a_value_without_an_indicator_is_an_error() {
    let text = format!(
        "Royal Borough of Kingston upon Thames\nPlan 2009-13\n{HEADER}\n1.1 Objective\t\t5%\t\n"
    );
    let error = read(&text, "table.txt", &Hints::default()).unwrap_err();
    assert_eq!((error.line, error.column), (4, 3));
    assert_eq!(error.field.as_deref(), Some("Performance Indicator"));
}

#[test]
fn hints_name_the_plan_and_the_council() {
    let text = format!("{HEADER}\n1.1 Objective\tIndicator\t5%\t6%\n");
    let hints = Hints {
        plan: Some("CYPP 2009-13".into()),
        organisation: Some("Council".into()),
    };
    let doc = read(&text, "table.txt", &hints).unwrap();
    assert_eq!(
        (doc.organisation.as_str(), doc.plan.name.as_str()),
        ("Council", "CYPP 2009-13")
    );
    assert_eq!(doc.observations.len(), 2);
}
