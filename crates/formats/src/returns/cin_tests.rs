//! Reading the CIN census: the public fake censuses, the forms case systems
//! write, and the errors that stop an import.

use std::path::PathBuf;

use trustboard_core::returns::{Collection, Table};

use super::{read_return, ReturnRows};

pub(super) fn fake(folder: &str, name: &str) -> (String, String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/returns-fake")
        .join(folder)
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("test data missing at {}: {e}", path.display()));
    (name.to_string(), text)
}

fn count(rows: &ReturnRows, table: Table) -> usize {
    rows.rows.iter().filter(|row| row.table == table).count()
}

/// Elements opened in the text, counted without parsing it.
fn opened(text: &str, element: &str) -> usize {
    text.matches(&format!("<{element}>")).count() + text.matches(&format!("<{element}/>")).count()
}

pub(super) const FAKES: [(&str, &str); 11] = [
    ("csc-validator-be-cin", "CIN2rows.xml"),
    ("csc-validator-be-cin", "CIN_Census_2021.xml"),
    ("csc-validator-be-cin", "CIN_Census_2021_copy.xml"),
    (
        "csc-validator-be-cin",
        "CIN_Census_2021_no_assessment_factors.xml",
    ),
    ("csc-validator-be-cin", "CIN_Census_2024.xml"),
    ("csc-validator-be-cin", "CIN_Census_2026.xml"),
    ("csc-validator-be-cin", "CIN_header_issues_100.xml"),
    ("csc-validator-be-cin", "CIN_la_issues_2887Q.xml"),
    ("csc-validator-be-cin", "fake_CIN_data.xml"),
    ("liia-tools", "CIN_Census_2021.xml"),
    ("liia-tools", "cin-2022.xml"),
];

#[test]
fn every_fake_census_reads_one_row_per_group() {
    for (folder, name) in FAKES {
        let file = fake(folder, name);
        let text = file.1.clone();
        let read = read_return(&[file]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(read.collection, Some(Collection::Cin), "{name}");
        assert_eq!(count(&read, Table::CinHeader), 1, "{name}");
        let expected = [
            (Table::CinChild, opened(&text, "Child")),
            (Table::CinReferral, opened(&text, "CINdetails")),
            (Table::CinAssessment, opened(&text, "Assessments")),
            (Table::CinSection47, opened(&text, "Section47")),
            (Table::CinPlan, opened(&text, "ChildProtectionPlans")),
            (Table::CinPlanReview, opened(&text, "CPPreviewDate")),
        ];
        for (table, elements) in expected {
            assert_eq!(count(&read, table), elements, "{name} {}", table.as_str());
        }
    }
}

#[test]
fn fields_keep_the_dfe_names_and_lists_are_joined() {
    let read = read_return(&[fake("csc-validator-be-cin", "CIN_Census_2026.xml")]).expect("read");
    let first_child = read
        .rows
        .iter()
        .find(|row| row.table == Table::CinChild)
        .expect("a child");
    assert_eq!(first_child.child(), "DfEX0000001");
    assert_eq!(first_child.text("Disability"), "HAND,HEAR");
    assert_eq!(
        first_child.source,
        "CIN_Census_2026.xml /Message/Children/Child[1]"
    );
    let assessment = read
        .rows
        .iter()
        .find(|row| row.table == Table::CinAssessment)
        .expect("an assessment");
    assert_eq!(assessment.text("AssessmentFactors"), "1C,RB,6B");
    assert_eq!(
        assessment.text("REFERRAL"),
        "/Message/Children/Child[1]/CINdetails[1]"
    );
    let review = read
        .rows
        .iter()
        .find(|row| row.table == Table::CinPlanReview)
        .expect("a review");
    assert_eq!(review.text("CPPreviewDate"), "2023-02-15");
    assert_eq!(
        review.text("PLAN"),
        "/Message/Children/Child[1]/CINdetails[1]/ChildProtectionPlans[1]"
    );
    let header = read
        .rows
        .iter()
        .find(|row| row.table == Table::CinHeader)
        .expect("the header");
    assert_eq!(header.text("ReferenceDate"), "2024-03-31");
    assert_eq!(header.text("LEA"), "201");
    // Text outside any element and groups no table holds are noted.
    let notes = read.notes.join("\n");
    assert!(
        notes.contains("ChildIdentifiers[1]: text `PersonBirthDate` outside any element"),
        "{notes}"
    );
    assert!(notes.contains("CINdetails[1]/PreProceedingsandFGDM[1]: not part of the tables"));
}

#[test]
fn a_byte_order_mark_day_first_dates_and_blank_or_missing_elements_are_read() {
    let text = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection><ReferenceDate>31/03/2018</ReferenceDate></CollectionDetails></Header>\
<Children><Child><ChildIdentifiers><LAchildID>C1</LAchildID><PersonBirthDate></PersonBirthDate></ChildIdentifiers>\
<CINdetails><CINreferralDate>01/06/2017</CINreferralDate><ReferralSource/><Assessments><AssessmentActualStartDate>02/06/2017</AssessmentActualStartDate></Assessments></CINdetails></Child></Children></Message>";
    let read = read_return(&[("census.xml".into(), text.into())]).expect("read");
    let referral = read
        .rows
        .iter()
        .find(|row| row.table == Table::CinReferral)
        .expect("a referral");
    assert_eq!(referral.child(), "C1");
    assert_eq!(referral.text("CINreferralDate"), "01/06/2017");
    assert_eq!(referral.text("ReferralSource"), "");
    assert_eq!(referral.fields.get("CINclosureDate"), None);
    let assessment = read
        .rows
        .iter()
        .find(|row| row.table == Table::CinAssessment)
        .expect("an assessment");
    assert_eq!(assessment.text("AssessmentAuthorisationDate"), "");
    assert_eq!(
        assessment.source,
        "census.xml /Message/Children/Child[1]/CINdetails[1]/Assessments[1]"
    );
}

#[test]
fn a_field_written_twice_stops_the_import_naming_its_path_and_value() {
    let text = "<Message><Children><Child><ChildIdentifiers><LAchildID>A</LAchildID></ChildIdentifiers></Child>\
<Child><ChildIdentifiers><LAchildID>B</LAchildID></ChildIdentifiers><CINdetails><CINreferralDate>2017-06-01</CINreferralDate>\
<Assessments><AssessmentActualStartDate>2017-06-02</AssessmentActualStartDate></Assessments>\
<Assessments><AssessmentActualStartDate>2017-06-03</AssessmentActualStartDate><AssessmentActualStartDate>2017-06-04</AssessmentActualStartDate></Assessments>\
</CINdetails></Child></Children></Message>";
    let error = read_return(&[("census.xml".into(), text.into())]).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "census.xml (/Message/Children/Child[2]/CINdetails[1]/Assessments[2]/AssessmentActualStartDate[2]) `2017-06-04`: AssessmentActualStartDate is written more than once in one Assessments"
    );
}

#[test]
fn broken_or_foreign_files_are_refused_by_name() {
    let cut = read_return(&[(
        "cut.xml".into(),
        "<Message><Children><Child><ChildIdentifiers>".into(),
    )])
    .expect_err("refused");
    assert!(
        cut.to_string().starts_with("cut.xml: not well-formed XML"),
        "{cut}"
    );
    let other = read_return(&[(
        "school.xml".into(),
        "<Message><Header><CollectionDetails><Collection>SCHOOL</Collection></CollectionDetails></Header></Message>"
            .into(),
    )])
    .expect_err("refused");
    assert!(
        other
            .to_string()
            .contains("Collection) `SCHOOL`: the message is not a CIN census"),
        "{other}"
    );
    let mixed = read_return(&[
        fake("liia-tools", "cin-2022.xml"),
        fake("liia-tools", "SSDA903_2020_header.csv"),
    ])
    .expect_err("refused");
    assert!(
        mixed
            .to_string()
            .starts_with("SSDA903_2020_header.csv: this file is part of a SSDA903 return but the files before it are a CIN census return"),
        "{mixed}"
    );
}
