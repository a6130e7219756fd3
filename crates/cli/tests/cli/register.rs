//! The early-help register from the command line: the sample register feeds
//! the plan's CAF and TAC indicators, import, derive, refusals, export round
//! trip, and `synth` the same for the same seed.

use trustboard_store::testing::register_rows;
use trustboard_store::Backend;

use crate::harness::{items, on_both_backends, text, Trustboard};

on_both_backends!(
    the_sample_register_feeds_the_caf_and_tac_indicators,
    synth_gives_the_same_register_for_the_same_seed,
    a_hand_counted_register_gives_the_hand_counted_values,
    export_and_import_give_identical_tables,
    an_xlsx_export_imports_as_the_same_register,
    a_damaged_workbook_is_refused_and_nothing_is_written,
    coordinators_audit_retain_and_erase_from_the_command_line,
    an_added_bank_holiday_moves_working_day_deadlines,
    derive_writes_every_register_figure_kept_or_recounted,
);

const REGISTER_INDICATORS: [&str; 3] = [
    "% of children and young people with multiple needs who have a CAF completed by a multi-agency professional within 15 working days, following identification of need",
    "% of children and young people who have a TAC meeting held within 6 weeks of being flagged at level 3",
    "% of TAC review meetings delivered within 3 month timeline",
];

/// `83.3% (5/6)`: a percentage and the counts it came from, which agree.
fn is_derived_text(value: &str) -> bool {
    let Some((percent, counts)) = value.split_once("% (") else {
        return false;
    };
    let Some((numerator, denominator)) = counts.trim_end_matches(')').split_once('/') else {
        return false;
    };
    match (
        percent.parse::<f64>(),
        numerator.parse::<f64>(),
        denominator.parse::<f64>(),
    ) {
        (Ok(p), Ok(n), Ok(d)) => d > 0.0 && (100.0 * n / d - p).abs() < 0.051,
        _ => false,
    }
}

fn the_sample_register_feeds_the_caf_and_tac_indicators(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    let first = trustboard.ok(["init"]);
    assert!(first.contains("sample early-help register"), "{first}");
    let plan = trustboard.plan();
    let observations = items(&plan["observations"], "observations");
    for key in REGISTER_INDICATORS {
        for period in ["2010/11", "2011/12"] {
            for locality in [None, Some("Surbiton")] {
                let derived = observations
                    .iter()
                    .find(|o| {
                        text(o, "indicator") == Some(key)
                            && text(o, "kind") == Some("actual")
                            && text(o, "period") == Some(period)
                            && text(o, "locality") == locality
                    })
                    .unwrap_or_else(|| panic!("no {period} value for {key} ({locality:?})"));
                let value = text(derived, "text").expect("a text");
                assert!(is_derived_text(value), "{key} {period}: {value}");
            }
        }
    }
    let again = trustboard.ok(["derive"]);
    assert!(again.contains(" 0 added, 0 changed"), "{again}");
    let refused = trustboard.fails([
        "register",
        "map",
        "caf_on_time",
        "--indicator",
        REGISTER_INDICATORS[0],
    ]);
    assert!(refused.contains("not a register measure"), "{refused}");
}

/// The register's rows and the extract's files made by `synth` with `seed`.
fn synthesised(backend: Backend, seed: &str) -> (String, Vec<String>, Vec<(String, String)>) {
    let trustboard = Trustboard::new(backend);
    trustboard.ok(["init", "--empty"]);
    let out = trustboard.scratch("extract");
    let said = trustboard.ok([
        std::ffi::OsStr::new("synth"),
        "--children".as_ref(),
        "60".as_ref(),
        "--seed".as_ref(),
        seed.as_ref(),
        "--org".as_ref(),
        "Testshire".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let rows = trustboard.with_store(async |store| register_rows(store).await);
    let files = [
        "children.csv",
        "events.csv",
        "localities.csv",
        "working_days.csv",
    ]
    .map(|name| {
        let text = std::fs::read_to_string(out.join(name)).expect(name);
        (name.to_string(), text)
    });
    (said, rows, files.into())
}

fn synth_gives_the_same_register_for_the_same_seed(backend: Backend) {
    let (said, rows, files) = synthesised(backend, "7");
    assert!(said.contains("added 60 generated children"), "{said}");
    let children = rows.iter().filter(|r| r.starts_with("register_children:"));
    assert_eq!(children.count(), 60);
    let events = &files[1].1;
    let steps = rows
        .iter()
        .filter(|r| r.starts_with("register_steps:"))
        .count();
    assert_eq!(
        events.lines().count(),
        steps + 1,
        "one event a step, and the headings"
    );
    assert_eq!(files[0].1.lines().count(), 61);
    let (_, same_rows, same_files) = synthesised(backend, "7");
    assert_eq!(same_rows, rows);
    assert_eq!(same_files, files);
    let (_, other_rows, other_files) = synthesised(backend, "8");
    assert_ne!(other_rows, rows);
    assert_ne!(other_files[1], files[1]);
    // The calendar and the localities do not depend on the seed.
    assert_eq!(other_files[2..], files[2..]);
}

const ORG: &str = "Royal Borough of Kingston upon Thames";

/// `derive --figures FILE`: one row per measure, area and period, the same
/// whether read from the kept tallies or recounted; a year's count is the
/// sum of its months and a point-in-time figure the one at its last month.
fn derive_writes_every_register_figure_kept_or_recounted(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.ok(["init", "--empty"]);
    trustboard.ok(["synth", "--children", "80", "--org", "Testshire"]);
    let figures = |name: &str, recount: bool| {
        let path = trustboard.scratch(name);
        let mut args = vec!["derive", "--org", "Testshire", "--figures"];
        args.push(path.to_str().expect("a path"));
        if recount {
            args.push("--recount");
        }
        let said = trustboard.ok(args);
        assert!(said.contains("register figures"), "{said}");
        std::fs::read_to_string(path).expect("the figures file")
    };
    let kept = figures("kept.csv", false);
    assert_eq!(kept, figures("recounted.csv", true));
    let mut lines = kept.lines();
    assert_eq!(
        lines.next(),
        Some("measure,locality,period,start,end,numerator,denominator")
    );
    let rows: Vec<Vec<&str>> = lines.map(|line| line.split(',').collect()).collect();
    let whole_area = |measure: &str, period: &str| -> i64 {
        let row = rows
            .iter()
            .find(|row| row[0] == measure && row[1].is_empty() && row[2] == period)
            .unwrap_or_else(|| panic!("no {measure} figure for {period}"));
        row[5].parse().expect("a number")
    };
    let months = [
        "2011-04", "2011-05", "2011-06", "2011-07", "2011-08", "2011-09", "2011-10", "2011-11",
        "2011-12", "2012-01", "2012-02", "2012-03",
    ];
    let year: i64 = months
        .iter()
        .map(|month| whole_area("concerns_raised", month))
        .sum();
    assert!(year > 0);
    assert_eq!(whole_area("concerns_raised", "2011/12"), year);
    for level in 0..5 {
        let measure = format!("children_at_level_{level}");
        assert_eq!(
            whole_area(&measure, "2011/12"),
            whole_area(&measure, "2012-03")
        );
    }
    let measures: std::collections::BTreeSet<&str> = rows.iter().map(|row| row[0]).collect();
    assert_eq!(measures.len(), 11);
}

/// A database holding the sample plan, with Surbiton and Kingston Town as
/// its localities, and no register.
fn plan_only(backend: Backend) -> Trustboard {
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample/kingston-cypp-2009-13.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sample).expect("the sample plan"))
            .expect("JSON");
    doc["localities"] = serde_json::json!([
        {"name": "Surbiton", "parent": null, "kind": "cluster"},
        {"name": "Kingston Town", "parent": null, "kind": "cluster"},
    ]);
    let trustboard = Trustboard::new(backend);
    let plan = trustboard.scratch("plan.json");
    std::fs::write(&plan, doc.to_string()).expect("write the plan");
    trustboard.ok(["init", "--empty"]);
    trustboard.ok([std::ffi::OsStr::new("import"), plan.as_os_str()]);
    trustboard
}

const TEACHER: &str = r#"{"id":"t1","name":"Ms Brown","agency":"school"}"#;
const OFFICER: &str = r#"{"id":"p1","name":"PC Green","agency":"police"}"#;

/// A `steps.csv` row; `details` is JSON, quoted for CSV.
fn step(child: &str, date: &str, kind: &str, details: &str) -> String {
    format!(
        "{child},{date},{kind},\"{}\"\n",
        details.replace('"', "\"\"")
    )
}

fn concern(child: &str, date: &str) -> String {
    let details = format!(
        r#"{{"date":"{date}","raised_by":"Ms Brown","agency":"school","description":"Late and hungry"}}"#
    );
    step(child, date, "record_concern", &details)
}

fn start_caf(child: &str, need: &str, date: &str) -> String {
    let details = format!(
        r#"{{"need_identified":"{need}","date":"{date}","assessor":{TEACHER},"family_agreed":true}}"#
    );
    step(child, date, "start_caf", &details)
}

fn discuss_caf(child: &str, date: &str) -> String {
    let details =
        format!(r#"{{"date":"{date}","needs":["Attendance"],"strengths":[],"outcome":"flag"}}"#);
    step(child, date, "discuss_caf", &details)
}

fn set_level(child: &str, date: &str, level: &str) -> String {
    let details = format!(
        r#"{{"change":{{"level":"{level}","date":"{date}","set_by":{TEACHER},"reason":"Panel"}}}}"#
    );
    step(child, date, "set_level", &details)
}

fn meeting(child: &str, date: &str) -> String {
    let details = format!(
        r#"{{"kind":"team_around_the_child","date":"{date}","attendees":[{TEACHER}],"plan":"Breakfast club"}}"#
    );
    step(child, date, "hold_meeting", &details)
}

fn review(child: &str, date: &str) -> String {
    let details = format!(r#"{{"date":"{date}","attendees":[],"notes":"Improving"}}"#);
    step(child, date, "record_review", &details)
}

/// Writes the four tables for `children` (id, locality) and `steps` into a new directory.
fn register_dir(
    trustboard: &Trustboard,
    name: &str,
    children: &[(&str, &str)],
    steps: &[String],
) -> std::path::PathBuf {
    let dir = trustboard.scratch(name);
    std::fs::create_dir_all(&dir).expect("a directory");
    let write = |file: &str, text: String| std::fs::write(dir.join(file), text).expect("write");
    write(
        "agencies.csv",
        "agency,name\nschool,Burlington Juniors\npolice,Metropolitan Police\n".into(),
    );
    write(
        "practitioners.csv",
        "practitioner,name,agency\np1,PC Green,police\nt1,Ms Brown,school\n".into(),
    );
    let mut rows = String::from("child,name,date_of_birth,gender,ethnicity,setting,locality,family,free_school_meals,special_educational_needs,looked_after,young_carer,opened\n");
    for (child, locality) in children {
        rows.push_str(&format!("{child},Child {child},2004-02-29,female,,Burlington Juniors,{locality},,no,yes,no,no,2011-04-01\n"));
    }
    write("children.csv", rows);
    write(
        "steps.csv",
        format!("child,date,step,details\n{}", steps.concat()),
    );
    dir
}

fn value<'a>(plan: &'a serde_json::Value, key: &str, locality: Option<&str>) -> Option<&'a str> {
    items(&plan["observations"], "observations")
        .iter()
        .find(|o| {
            text(o, "indicator") == Some(key)
                && text(o, "kind") == Some("actual")
                && text(o, "period") == Some("2011/12")
                && text(o, "locality") == locality
        })
        .and_then(|o| text(o, "text"))
}

fn a_hand_counted_register_gives_the_hand_counted_values(backend: Backend) {
    let trustboard = plan_only(backend);
    let steps = [
        // C1: need identified Thursday 21 April 2011. Good Friday, Easter
        // Monday, the royal wedding (29 April) and the May Day holiday are
        // not working days, so the 15th working day is Wednesday 18 May:
        // completed that day, on time.
        concern("C1", "2011-04-21"),
        start_caf("C1", "2011-04-21", "2011-04-26"),
        discuss_caf("C1", "2011-05-18"),
        // C2: need identified Friday 3 June; the 15th working day is Friday
        // 24 June, so completion on Monday 27 June (after the weekend) is late.
        concern("C2", "2011-06-03"),
        start_caf("C2", "2011-06-03", "2011-06-06"),
        discuss_caf("C2", "2011-06-27"),
        // C3: CAF on time (3 to 10 May); level 3 on 11 May, meeting on 20
        // June (40 days, within 6 weeks); reviews 19 September (within 3
        // months of the meeting) and 5 January 2012 (more than 3 months
        // after 19 September: late).
        concern("C3", "2011-05-03"),
        start_caf("C3", "2011-05-03", "2011-05-04"),
        discuss_caf("C3", "2011-05-10"),
        set_level("C3", "2011-05-11", "family_support_package"),
        meeting("C3", "2011-06-20"),
        review("C3", "2011-09-19"),
        review("C3", "2012-01-05"),
        // C4: level 3 on 1 June, still waiting for a meeting at the 6-week
        // deadline (13 July): late.
        concern("C4", "2011-05-31"),
        set_level("C4", "2011-06-01", "family_support_package"),
    ];
    let children = [
        ("C1", "Surbiton"),
        ("C2", "Surbiton"),
        ("C3", "Kingston Town"),
        ("C4", "Kingston Town"),
    ];
    let dir = register_dir(&trustboard, "fixture", &children, &steps);
    trustboard.ok([
        std::ffi::OsStr::new("register"),
        "import".as_ref(),
        dir.as_os_str(),
    ]);
    for (measure, key) in [
        "caf_within_15_working_days",
        "meeting_within_6_weeks_of_level_3",
        "reviews_within_3_months",
    ]
    .into_iter()
    .zip(REGISTER_INDICATORS)
    {
        trustboard.ok(["register", "map", measure, "--indicator", key]);
    }
    trustboard.ok(["derive"]);
    let plan = trustboard.plan();
    // Hand count for 2011/12, whole area: CAFs C1 on time, C2 late, C3 on
    // time = 2/3; meetings C3 on time, C4 late = 1/2; reviews 1 on time of 2.
    assert_eq!(
        value(&plan, REGISTER_INDICATORS[0], None),
        Some("66.7% (2/3)")
    );
    assert_eq!(
        value(&plan, REGISTER_INDICATORS[1], None),
        Some("50.0% (1/2)")
    );
    assert_eq!(
        value(&plan, REGISTER_INDICATORS[2], None),
        Some("50.0% (1/2)")
    );
    // Surbiton holds C1 and C2 only: 1/2 CAFs, no level-3 children.
    assert_eq!(
        value(&plan, REGISTER_INDICATORS[0], Some("Surbiton")),
        Some("50.0% (1/2)")
    );
    assert_eq!(value(&plan, REGISTER_INDICATORS[1], Some("Surbiton")), None);

    let exported = trustboard.scratch("exported");
    trustboard.ok([
        std::ffi::OsStr::new("register"),
        "export".as_ref(),
        "--out".as_ref(),
        exported.as_os_str(),
    ]);
    let before = std::fs::read_to_string(exported.join("steps.csv")).expect("steps");
    let refusals: [(&[String], &str); 4] = [
        (
            &[
                concern("R1", "2011-05-03"),
                start_caf("R1", "2011-05-03", "2011-05-04"),
                start_caf("R1", "2011-05-05", "2011-05-05"),
            ],
            "steps.csv:4: child R1: a CAF is already open",
        ),
        (
            &[
                concern("R1", "2011-05-03"),
                start_caf("R1", "2011-05-10", "2011-05-10"),
                review("R1", "2011-05-09"),
            ],
            "steps.csv:4: child R1: the review is dated 2011-05-09, before the CAF",
        ),
        (
            &[
                concern("R1", "2011-05-03"),
                step(
                    "R1",
                    "2011-05-04",
                    "assign_lead_professional",
                    &format!(r#"{{"practitioner":{OFFICER},"date":"2011-05-04"}}"#),
                ),
            ],
            "steps.csv:3: child R1: PC Green cannot be Lead Professional",
        ),
        (
            &[
                concern("R1", "2011-05-03"),
                set_level("R1", "2011-05-04", "risk_of_serious_harm"),
            ],
            "steps.csv:3: child R1: level 4 (risk of serious harm) means an immediate referral",
        ),
    ];
    for (index, (steps, expected)) in refusals.into_iter().enumerate() {
        let dir = register_dir(
            &trustboard,
            &format!("refused-{index}"),
            &[("R1", "Surbiton")],
            steps,
        );
        let error = trustboard.fails([
            std::ffi::OsStr::new("register"),
            "import".as_ref(),
            dir.as_os_str(),
        ]);
        assert!(
            error.contains(expected),
            "expected `{expected}` in:\n{error}"
        );
    }
    let again = trustboard.scratch("exported-again");
    trustboard.ok([
        std::ffi::OsStr::new("register"),
        "export".as_ref(),
        "--out".as_ref(),
        again.as_os_str(),
    ]);
    assert_eq!(
        std::fs::read_to_string(again.join("steps.csv")).expect("steps"),
        before,
        "nothing was written"
    );
}

fn export_and_import_give_identical_tables(backend: Backend) {
    let first = Trustboard::new(backend);
    first.ok(["init"]);
    let exported = first.scratch("first");
    first.ok([
        std::ffi::OsStr::new("register"),
        "export".as_ref(),
        "--out".as_ref(),
        exported.as_os_str(),
    ]);
    let second = Trustboard::new(backend);
    second.ok(["init", "--empty"]);
    second.ok([
        std::ffi::OsStr::new("register"),
        "import".as_ref(),
        exported.as_os_str(),
        "--org".as_ref(),
        ORG.as_ref(),
    ]);
    let again = second.scratch("second");
    second.ok([
        std::ffi::OsStr::new("register"),
        "export".as_ref(),
        "--out".as_ref(),
        again.as_os_str(),
        "--org".as_ref(),
        ORG.as_ref(),
    ]);
    for file in [
        "agencies.csv",
        "practitioners.csv",
        "children.csv",
        "steps.csv",
    ] {
        let read =
            |dir: &std::path::Path| std::fs::read_to_string(dir.join(file)).expect("a table");
        assert_eq!(read(&again), read(&exported), "{file} differs");
    }
}

const TABLE_FILES: [&str; 4] = [
    "agencies.csv",
    "practitioners.csv",
    "children.csv",
    "steps.csv",
];

/// Exports the register as CSV files into the scratch directory `name`.
fn export_csv(trustboard: &Trustboard, name: &str, org: Option<&str>) -> std::path::PathBuf {
    let dir = trustboard.scratch(name);
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "register".as_ref(),
        "export".as_ref(),
        "--out".as_ref(),
        dir.as_os_str(),
    ];
    if let Some(org) = org {
        args.extend([std::ffi::OsStr::new("--org"), std::ffi::OsStr::new(org)]);
    }
    trustboard.ok(args);
    dir
}

fn an_xlsx_export_imports_as_the_same_register(backend: Backend) {
    let first = Trustboard::new(backend);
    first.ok(["init"]);
    let workbook = first.scratch("register.xlsx");
    let written = first.ok([
        std::ffi::OsStr::new("register"),
        "export".as_ref(),
        "--out".as_ref(),
        workbook.as_os_str(),
    ]);
    assert!(written.contains("exported 200 children"), "{written}");
    let second = Trustboard::new(backend);
    second.ok(["init", "--empty"]);
    let imported = second.ok([
        std::ffi::OsStr::new("register"),
        "import".as_ref(),
        workbook.as_os_str(),
        "--org".as_ref(),
        ORG.as_ref(),
    ]);
    assert!(imported.contains("imported 200 children"), "{imported}");
    let before = export_csv(&first, "before", None);
    let after = export_csv(&second, "after", Some(ORG));
    for file in TABLE_FILES {
        let read =
            |dir: &std::path::Path| std::fs::read_to_string(dir.join(file)).expect("a table");
        assert_eq!(read(&after), read(&before), "{file} differs");
    }
}

fn a_damaged_workbook_is_refused_and_nothing_is_written(backend: Backend) {
    let trustboard = plan_only(backend);
    let damaged = trustboard.scratch("register.xlsx");
    std::fs::write(&damaged, "not a workbook").expect("write");
    let error = trustboard.fails([
        std::ffi::OsStr::new("register"),
        "import".as_ref(),
        damaged.as_os_str(),
    ]);
    assert!(
        error.contains("register.xlsx") && error.contains("cannot read this XLSX workbook"),
        "{error}"
    );
    let exported = export_csv(&trustboard, "empty", None);
    let children = std::fs::read_to_string(exported.join("children.csv")).expect("children");
    assert_eq!(
        children.lines().count(),
        1,
        "only the header row: {children}"
    );
}

/// The references of the closed records `register retention` lists.
fn listed_for_review(listing: &str) -> Vec<String> {
    listing
        .lines()
        .filter_map(|line| line.trim().split_once("  closed "))
        .map(|(child, _)| child.to_string())
        .collect()
}

fn coordinators_audit_retain_and_erase_from_the_command_line(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.ok(["init"]);
    let none = trustboard.ok(["register", "retention", "--months", "1200"]);
    assert!(none.contains("no closed record"), "{none}");
    // The sample register's records closed by March 2013.
    let listing = trustboard.ok(["register", "retention", "--months", "72"]);
    let due = listed_for_review(&listing);
    assert!(!due.is_empty(), "{listing}");
    let child = due[0].as_str();

    let seen = trustboard.ok(["register", "audit", "--child", child]);
    assert!(
        seen.contains(&format!("who saw the record of {child}")),
        "{seen}"
    );
    assert!(
        seen.contains(&format!(
            "command line  audit_query  {child}  asked who saw this child's record"
        )),
        "the question itself is audited: {seen}"
    );

    let plan_before = trustboard.plan();
    let reason = "Closed over six years ago; reviewed at the retention panel";
    let erased = trustboard.ok(["register", "erase", child, "--reason", reason]);
    assert!(erased.contains("erased the record"), "{erased}");
    let plan_after = trustboard.plan();
    for key in REGISTER_INDICATORS {
        assert_eq!(
            value(&plan_after, key, None),
            value(&plan_before, key, None),
            "published figures stay as they were"
        );
    }
    // Deriving again recounts the register without the erased child, but the
    // figures of periods that had ended stay as they were published.
    let derived_values = |plan: &serde_json::Value| -> Vec<String> {
        items(&plan["observations"], "observations")
            .iter()
            .filter(|o| {
                REGISTER_INDICATORS
                    .iter()
                    .any(|key| text(o, "indicator") == Some(*key))
            })
            .map(|o| o.to_string())
            .collect()
    };
    let derived = trustboard.ok(["derive"]);
    assert!(derived.contains("kept as they were"), "{derived}");
    assert_eq!(
        derived_values(&trustboard.plan()),
        derived_values(&plan_before),
        "a derive after the erasure changed published figures"
    );
    let again = trustboard.ok(["register", "retention", "--months", "72"]);
    assert!(
        !listed_for_review(&again).contains(&child.to_string()),
        "{again}"
    );
    let gone = trustboard.fails(["register", "audit", "--child", child]);
    assert!(gone.contains(child), "{gone}");

    let done = trustboard.ok(["register", "audit", "--user", "command line"]);
    assert!(
        done.contains("erase  erased record ")
            && done.contains(&format!("record erased: {reason}")),
        "{done}"
    );
    assert!(
        done.contains("search  listed"),
        "the retention listing is audited: {done}"
    );
    assert!(
        done.contains("audit_query  asked what `command line` saw"),
        "{done}"
    );
    assert!(
        !done.contains(child),
        "the audit names no erased child: {done}"
    );
    let refused = trustboard.fails(["register", "erase", due[1].as_str(), "--reason", " "]);
    assert!(refused.contains("--reason"), "{refused}");
}

/// The calendar lists the shipped holidays, refuses a bad list whole, and a
/// holiday added to it counts in the derived figures from then on.
fn an_added_bank_holiday_moves_working_day_deadlines(backend: Backend) {
    let trustboard = plan_only(backend);
    let jubilee = trustboard.ok(["calendar", "show", "2012"]);
    assert!(jubilee.contains("2012-06-05  Diamond Jubilee"), "{jubilee}");
    let later = trustboard.ok(["calendar", "show", "2031"]);
    assert!(later.contains("no bank holidays known in 2031"), "{later}");

    let bad = trustboard.scratch("bad.csv");
    std::fs::write(
        &bad,
        "date,name\n2031-01-01,New Year's Day\n2031-13-25,Christmas Day\n",
    )
    .expect("write");
    let refused = trustboard.fails(["calendar".as_ref(), "add".as_ref(), bad.as_os_str()]);
    assert!(
        refused.contains("bad.csv") && refused.contains("line 3"),
        "{refused}"
    );
    assert!(refused.contains("2031-13-25"), "{refused}");
    let still = trustboard.ok(["calendar", "show", "2031"]);
    assert!(
        still.contains("no bank holidays known"),
        "nothing added: {still}"
    );

    // Need identified Friday 3 June 2011: the 15th working day is Friday 24
    // June, so a CAF completed on Monday 27 June is late, until a holiday on
    // Friday 10 June moves the deadline to the 27th.
    let steps = [
        concern("C2", "2011-06-03"),
        start_caf("C2", "2011-06-03", "2011-06-06"),
        discuss_caf("C2", "2011-06-27"),
    ];
    let dir = register_dir(&trustboard, "late", &[("C2", "Surbiton")], &steps);
    trustboard.ok([
        std::ffi::OsStr::new("register"),
        "import".as_ref(),
        dir.as_os_str(),
    ]);
    let caf = REGISTER_INDICATORS[0];
    trustboard.ok([
        "register",
        "map",
        "caf_within_15_working_days",
        "--indicator",
        caf,
    ]);
    trustboard.ok(["derive"]);
    assert_eq!(value(&trustboard.plan(), caf, None), Some("0.0% (0/1)"));

    let added = trustboard.scratch("added.csv");
    std::fs::write(
        &added,
        "date,name\n2011-06-10,Local holiday\n2031-01-01,New Year's Day\n",
    )
    .expect("write");
    let done = trustboard.ok(["calendar".as_ref(), "add".as_ref(), added.as_os_str()]);
    assert!(done.contains("added 2 bank holidays"), "{done}");
    let listed = trustboard.ok(["calendar", "show", "2031"]);
    assert!(listed.contains("2031-01-01  New Year's Day"), "{listed}");
    trustboard.ok(["derive"]);
    assert_eq!(value(&trustboard.plan(), caf, None), Some("100.0% (1/1)"));
}
