//! Statutory returns through the binary: the fake SSDA903 returns and CIN
//! censuses import on both backends, in CSV and XML form, and broken files
//! give their errors.

use std::path::PathBuf;

use serde_json::Value;
use trustboard_store::Backend;

use crate::harness::{on_both_backends, Trustboard};

on_both_backends!(
    the_fake_return_imports_and_feeds_the_plan,
    broken_and_unusual_files_are_reported_where_they_go_wrong,
    the_fake_census_imports_and_feeds_the_plan,
    census_problems_are_listed_and_broken_censuses_refused,
);

fn fake(folder: &str, name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/returns-fake")
        .join(folder)
        .join(name);
    assert!(path.is_file(), "test data missing at {}", path.display());
    path.display().to_string()
}

const TABLES: [&str; 10] = [
    "header.csv",
    "episodes.csv",
    "reviews.csv",
    "oc2.csv",
    "oc3.csv",
    "ad1.csv",
    "placed_for_adoption.csv",
    "previous_permanence.csv",
    "missing.csv",
    "uasc.csv",
];

fn figure<'a>(indicators: &'a Value, code: &str) -> &'a Value {
    indicators
        .as_array()
        .expect("a list")
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("{code} computed"))
}

fn the_fake_return_imports_and_feeds_the_plan(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.ok(["init"]);
    let mut args: Vec<String> = ["returns", "import"].map(String::from).to_vec();
    args.extend(TABLES.map(|t| fake("quality-lac-data-beta-validator", t)));
    args.extend(["--year", "2017/18", "--population", "20000"].map(String::from));
    let imported = trustboard.ok(&args);
    // One row per data line of the ten files (wc -l less each header line).
    assert!(imported.contains("25943 rows imported"), "{imported}");
    let indicators = trustboard.json([
        "returns",
        "indicators",
        "--year",
        "2018",
        "--population",
        "20000",
        "--json",
    ]);
    let looked_after = figure(&indicators, "CLA at 31 March")["numerator"]
        .as_u64()
        .expect("a count");
    let rate = figure(&indicators, "CLA rate per 10,000");
    assert_eq!(rate["numerator"].as_u64(), Some(looked_after));
    assert_eq!(rate["denominator"].as_u64(), Some(20000));
    assert_eq!(
        figure(&indicators, "NI 62")["denominator"].as_u64(),
        Some(looked_after),
        "NI 62 is out of the children looked after at 31 March"
    );
    for code in ["NI 58", "NI 61", "NI 63", "NI 66", "NI 147", "NI 148"] {
        let item = figure(&indicators, code);
        assert!(
            item["denominator"].as_u64().unwrap_or(0) > 0,
            "{code}: {item}"
        );
    }
    // The sample plan's NI 62 now holds the figure, marked as from the return.
    let ni62 = figure(&indicators, "NI 62")["text"]
        .as_str()
        .expect("text")
        .to_string();
    let shown = trustboard.ok(["indicators", "show", "NI 62", "--period", "2017/18"]);
    assert!(shown.contains(&ni62), "{shown}");
    // The XML form of a return reads into the same tables.
    let xml = trustboard.ok([
        "returns",
        "import",
        &fake("quality-lac-data-beta-validator", "fake_903.xml"),
        "--year",
        "2018",
    ]);
    assert!(xml.contains("replacing the return held before"), "{xml}");
    let validation = trustboard.ok(["returns", "validate", "--year", "2018"]);
    assert!(
        validation.contains("fake_903.xml /EXPSSDA903/CHILD["),
        "{validation}"
    );
}

fn broken_and_unusual_files_are_reported_where_they_go_wrong(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.ok(["init"]);
    // An extra column is kept and noted; a blank legal status and a dummy
    // reason for a new episode are validation failures, not import errors.
    let noted = trustboard.ok([
        "returns",
        "import",
        &fake("liia-tools", "SSDA903_2020_episodes.csv"),
        &fake("liia-tools", "SSDA903_2020_header.csv"),
        "--year",
        "2020",
    ]);
    assert!(
        noted.contains("column TEST_COLUMN is not part of the episodes table"),
        "{noted}"
    );
    let report = trustboard.ok(["returns", "validate", "--year", "2020"]);
    assert!(
        report.contains("TB-01 child 689661 at SSDA903_2020_episodes.csv:3 (LS ``)"),
        "{report}"
    );
    assert!(
        report.contains("143 child 249901 at SSDA903_2020_episodes.csv:6 (RNE `*DUMMY*`)"),
        "{report}"
    );
    let out = trustboard.scratch("validation.csv");
    trustboard.ok([
        "returns",
        "validate",
        "--year",
        "2020",
        "--format",
        "csv",
        "--out",
        out.to_str().expect("a UTF-8 path"),
    ]);
    let csv = std::fs::read_to_string(&out).expect("the report");
    assert!(
        csv.starts_with("rule,child,row,field,value,explanation,affects\n"),
        "{csv}"
    );
    // ISO dates and a byte-order mark are read.
    trustboard.ok([
        "returns",
        "import",
        &fake("liia-tools", "SSDA903_episodes_for_testing_fixes_INPUT.csv"),
        &fake("csc-validator-be-903-extras", "sw_episodes.csv"),
        "--year",
        "2022",
    ]);
    let iso = trustboard.ok(["returns", "validate", "--year", "2022"]);
    assert!(!iso.contains("141 "), "ISO dates are valid dates: {iso}");
    // A second decision before the first ceased.
    trustboard.ok([
        "returns",
        "import",
        &fake(
            "csc-validator-be-903-extras",
            "placed_for_adoption_errors.csv",
        ),
        "--year",
        "2017",
    ]);
    let adoption = trustboard.ok(["returns", "validate", "--year", "2017"]);
    assert!(adoption.contains("TB-07 child 988635"), "{adoption}");
    // XML that is neither return, and a row longer than its header, stop
    // the import with where they went wrong.
    let foreign = trustboard.scratch("report.xml");
    std::fs::write(&foreign, "<Report><Row/></Report>").expect("the file is written");
    let refused = trustboard.fails([
        "returns",
        "import",
        foreign.to_str().expect("a UTF-8 path"),
        "--year",
        "2021",
    ]);
    assert!(refused.contains("root element is <Report>"), "{refused}");
    let long_row = trustboard.scratch("episodes.csv");
    std::fs::write(
        &long_row,
        "CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC\n1,01/05/2017,S,C2,N1,U1,,\n2,01/05/2017,S,C2,N1,U1,,,extra\n",
    )
    .expect("the file is written");
    let refused = trustboard.fails([
        "returns",
        "import",
        long_row.to_str().expect("a UTF-8 path"),
        "--year",
        "2018",
    ]);
    assert!(
        refused.contains("episodes.csv:3, column 9 `extra`"),
        "{refused}"
    );
    assert!(refused.contains("nothing was imported"), "{refused}");
    let nothing = trustboard.fails(["returns", "indicators", "--year", "2018"]);
    assert!(
        nothing.contains("holds no SSDA903 return for 2017/18"),
        "{nothing}"
    );
}

fn the_fake_census_imports_and_feeds_the_plan(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.ok(["init"]);
    let path = fake("csc-validator-be-cin", "fake_CIN_data.xml");
    let text = std::fs::read_to_string(&path).expect("the census");
    // A header row, one per child and one per referral (it has no other groups).
    let rows = 1 + text.matches("<Child>").count() + text.matches("<CINdetails>").count();
    let imported = trustboard.ok(["returns", "import", &path, "--year", "2022"]);
    assert!(
        imported.contains(&format!("CIN census 2021/22: {rows} rows imported")),
        "{imported}"
    );
    let indicators = trustboard.json(["returns", "indicators", "--year", "2022", "--json"]);
    let referrals = figure(&indicators, "NI 68")["denominator"]
        .as_u64()
        .expect("a count");
    assert!(referrals > 0, "{indicators}");
    // No referral in this census has an assessment.
    assert_eq!(figure(&indicators, "NI 68")["numerator"].as_u64(), Some(0));
    let again = figure(&indicators, "Re-referrals within 12 months");
    assert_eq!(again["denominator"].as_u64(), Some(referrals));
    // The sample plan's NI 68 now holds the figure.
    let ni68 = figure(&indicators, "NI 68")["text"]
        .as_str()
        .expect("text")
        .to_string();
    let shown = trustboard.ok(["indicators", "show", "NI 68", "--period", "2021/22"]);
    assert!(shown.contains(&ni68), "{shown}");
    // A census holding plans and reviews gives the plan figures.
    trustboard.ok([
        "returns",
        "import",
        &fake("csc-validator-be-cin", "CIN2rows.xml"),
        "--year",
        "2023",
    ]);
    let plans = trustboard.json(["returns", "indicators", "--year", "2023", "--json"]);
    // Its two plans (written twice in one referral) both ended on 14/03/2023,
    // a little over a year after they began on 17/02/2022; its referral of
    // 06/10/2022 went on to an assessment.
    assert_eq!(figure(&plans, "NI 64")["text"], "0.0% (0/2)");
    assert_eq!(figure(&plans, "NI 68")["text"], "100.0% (1/1)");
    assert_eq!(figure(&plans, "CP plans at 31 March")["text"], "0");
}

fn census_problems_are_listed_and_broken_censuses_refused(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.ok(["init"]);
    trustboard.ok([
        "returns",
        "import",
        &fake("csc-validator-be-cin", "CIN_header_issues_100.xml"),
        "--year",
        "2023",
    ]);
    let report = trustboard.ok(["returns", "validate", "--year", "2023"]);
    assert!(
        report.contains(
            "100 child  at CIN_header_issues_100.xml /Message/Header (ReferenceDate `2023-03-28`)"
        ),
        "{report}"
    );
    // An unreadable date and a yes/no that is neither are listed, not refused.
    trustboard.ok([
        "returns",
        "import",
        &fake("liia-tools", "CIN_Census_2021.xml"),
        "--year",
        "2023",
    ]);
    let report = trustboard.ok(["returns", "validate", "--year", "2023"]);
    assert!(
        report.contains("TB-02 child DfEX0000001 at CIN_Census_2021.xml /Message/Children/Child[1] (PersonBirthDate `Notadate`)"),
        "{report}"
    );
    assert!(
        report.contains("TB-14 child DfEX0000001 at CIN_Census_2021.xml /Message/Children/Child[1]/CINdetails[1] (ReferralNFA `totallywrong`)"),
        "{report}"
    );
    // A date written twice in one assessment stops the import, naming the
    // element; the census held before stays.
    let twice = trustboard.scratch("twice.xml");
    std::fs::write(
        &twice,
        "<Message><Children><Child><ChildIdentifiers><LAchildID>A</LAchildID></ChildIdentifiers><CINdetails><CINreferralDate>2022-06-01</CINreferralDate><Assessments><AssessmentActualStartDate>2022-06-02</AssessmentActualStartDate><AssessmentActualStartDate>2022-06-09</AssessmentActualStartDate></Assessments></CINdetails></Child></Children></Message>",
    )
    .expect("the file is written");
    let refused = trustboard.fails([
        "returns",
        "import",
        twice.to_str().expect("a UTF-8 path"),
        "--year",
        "2023",
    ]);
    assert!(
        refused.contains("twice.xml (/Message/Children/Child[1]/CINdetails[1]/Assessments[1]/AssessmentActualStartDate[2]) `2022-06-09`"),
        "{refused}"
    );
    assert!(refused.contains("nothing was imported"), "{refused}");
    let still = trustboard.ok(["returns", "validate", "--year", "2023"]);
    assert!(still.contains("CIN_Census_2021.xml"), "{still}");
    // Each listing named children, and each is in the register's audit; so
    // is the report written to a file.
    let file = trustboard.scratch("report.csv");
    trustboard.ok([
        "returns",
        "validate",
        "--year",
        "2023",
        "--format",
        "csv",
        "--out",
        file.to_str().expect("a UTF-8 path"),
    ]);
    let audit = trustboard.ok(["register", "audit", "--user", "command line"]);
    assert_eq!(
        audit
            .matches("listed the validation report of the returns for 2022/23")
            .count(),
        3,
        "{audit}"
    );
    assert_eq!(
        audit
            .matches("wrote the validation report of the returns for 2022/23")
            .count(),
        1,
        "{audit}"
    );
}
