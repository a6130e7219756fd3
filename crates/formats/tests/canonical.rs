//! The canonical format end to end: writing a plan and reading it back in
//! each encoding, and the messages a person gets for bad input.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use proptest::prelude::*;
use tempfile::TempDir;
use trustboard_core::model::{
    Indicator, Locality, Milestone, Node, Observation, ObservationKind, PlanDocument, PlanHeader,
    Polarity, PolaritySource, Retirement,
};
use trustboard_core::period::Period;
use trustboard_core::value;
use trustboard_formats::canonical::Table;
use trustboard_formats::{
    detect, read_path, read_paths, read_paths_with_tables, write, Format, Hints, ImportError,
    Reading,
};

fn s(text: &str) -> String {
    text.to_string()
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn node(code: &str, parent: Option<&str>, kind: &str, title: &str) -> Node {
    Node {
        code: s(code),
        parent: parent.map(s),
        kind: s(kind),
        title: s(title),
        retired: None,
    }
}

fn observation(indicator: &str, period: Period, kind: ObservationKind, text: &str) -> Observation {
    Observation {
        indicator: s(indicator),
        period,
        kind,
        locality: None,
        group: None,
        text: s(text),
        parsed: value::parse(text),
        set_by: None,
        agreed_on: None,
    }
}

/// A plan with the awkward text councils really write.
fn sample() -> PlanDocument {
    let mut retired = node("2.1 b)", Some("2"), "objective", "Reduce \"NEET\", by 2%");
    retired.retired = Some(Retirement {
        when: s("2011 refresh"),
        merged_into: Some(s("1.1")),
    });
    let mut deleted = node("007", Some("2"), "benefit", "=1+1");
    deleted.retired = Some(Retirement {
        when: String::new(),
        merged_into: None,
    });
    let mut by_locality = observation(
        "NI 59",
        Period::quarter(2010, 4),
        ObservationKind::Actual,
        "83.3% (5/6)",
    );
    by_locality.locality = Some(s("North – Quindrat 1"));
    by_locality.group = Some(s("FSM"));
    let mut agreed_target = observation(
        "NI 59",
        Period::financial(2010),
        ObservationKind::Target,
        "Baseline plus 5%",
    );
    agreed_target.set_by = Some(s("DCSF (LAA)"));
    agreed_target.agreed_on = date(2010, 3, 24);
    PlanDocument {
        organisation: s("Borough of Example £"),
        plan: PlanHeader {
            name: s("CYPP 2009-13"),
            title: s("  Children’s Plan,\n2009–2013\t"),
            period: s("2009-13"),
        },
        nodes: vec![
            node("1", None, "outcome", "Be healthy"),
            node(
                "1.1",
                Some("1"),
                "objective",
                "Line one\nline two; with \"quotes\", commas",
            ),
            node("2", None, "outcome", " leading and trailing spaces "),
            retired,
            deleted,
        ],
        indicators: vec![
            Indicator {
                key: s("NI 59"),
                code: Some(s("NI 59 (LAA)")),
                title: s("Initial assessments within 7 days"),
                definition: Some(s("Count ÷ referrals\r\nexcluding ‘no further action’")),
                unit: Some(s("%")),
                polarity: Some(Polarity::HigherIsBetter),
                polarity_source: Some(PolaritySource::Inferred),
                frequency: Some(s("quarterly")),
                lead_officer: Some(s("O’Brien, Jo")),
                delivery_board: Some(s("Safeguarding; Board")),
                objectives: vec![s("1.1"), s("2.1 b)")],
            },
            Indicator {
                polarity: Some(Polarity::Band),
                ..Indicator::new("key;with\\odd chars ", "1.1")
            },
        ],
        observations: vec![
            observation(
                "NI 59",
                Period::financial(2010),
                ObservationKind::Actual,
                "2010/11",
            ),
            agreed_target,
            observation(
                "NI 59",
                Period::academic(2009),
                ObservationKind::England,
                "  ",
            ),
            observation(
                "NI 59",
                Period::month(2011, 3),
                ObservationKind::StatisticalNeighbours,
                "007",
            ),
            observation(
                "key;with\\odd chars ",
                Period::calendar(2010),
                ObservationKind::Region,
                "=1+1",
            ),
            observation(
                "key;with\\odd chars ",
                Period::calendar(2011),
                ObservationKind::Target,
                "",
            ),
            by_locality,
        ],
        milestones: vec![
            Milestone {
                node: s("1.1"),
                text: s("• Launch the \"Think Family\" strategy,\n\tthen review"),
                timescale: Some(s("By March 2012")),
                due: date(2012, 3, 31),
                owner: Some(s("Head of Service – Early Help")),
                indicators: vec![s("NI 59"), s("key;with\\odd chars ")],
                ..Milestone::default()
            },
            Milestone {
                node: s("007"),
                text: s("_x0041_ is not an escape \u{1}\r"),
                timescale: None,
                due: None,
                owner: None,
                indicators: vec![],
                status: None,
            },
        ],
        localities: vec![
            Locality {
                name: s("Whole area"),
                parent: None,
                kind: s("trust"),
                valid_from: None,
                valid_to: None,
            },
            Locality {
                name: s("North – Quindrat 1"),
                parent: Some(s("Whole area")),
                kind: s("quindrat"),
                valid_from: date(2009, 4, 1),
                valid_to: date(2012, 3, 31),
            },
        ],
    }
}

fn no_hints() -> Hints {
    Hints::default()
}

fn written(doc: &PlanDocument, format: Format, name: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(name);
    write(doc, format, &path).expect("plan written");
    (dir, path)
}

#[test]
fn csv_directory_round_trip_keeps_every_character() {
    let doc = sample();
    let (_dir, path) = written(&doc, Format::Csv, "export");
    assert_eq!(read_path(&path, None, &no_hints()), Ok(doc));
}

#[test]
fn xlsx_round_trip_keeps_every_character() {
    let doc = sample();
    let (_dir, path) = written(&doc, Format::Xlsx, "plan.xlsx");
    assert_eq!(read_path(&path, None, &no_hints()), Ok(doc));
}

#[test]
fn json_round_trip_keeps_every_character() {
    let doc = sample();
    let (_dir, path) = written(&doc, Format::Json, "plan.json");
    assert_eq!(read_path(&path, None, &no_hints()), Ok(doc));
}

#[test]
fn workbook_cells_are_text_so_excel_leaves_them_alone() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let (_dir, path) = written(&sample(), Format::Xlsx, "plan.xlsx");
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("workbook opened");
    let nodes = workbook.worksheet_range("nodes").expect("nodes sheet");
    assert_eq!(nodes.get_value((2, 0)), Some(&Data::String(s("1.1"))));
    assert_eq!(nodes.get_value((5, 0)), Some(&Data::String(s("007"))));
    assert_eq!(nodes.get_value((5, 3)), Some(&Data::String(s("=1+1"))));
    let observations = workbook
        .worksheet_range("observations")
        .expect("observations sheet");
    assert_eq!(
        observations.get_value((1, 1)),
        Some(&Data::String(s("2010/11")))
    );
}

#[test]
fn workbook_cells_are_limited_to_what_excel_holds() {
    let mut doc = sample();
    // Quotes double in the informative `parsed` JSON, taking it past the limit.
    doc.observations[0].text = "\"".repeat(20_000);
    doc.observations[0].parsed = value::parse(&doc.observations[0].text);
    let (_dir, path) = written(&doc, Format::Xlsx, "plan.xlsx");
    assert_eq!(read_path(&path, None, &no_hints()), Ok(doc.clone()));

    doc.observations[0].text = "x".repeat(40_000);
    let error = write(&doc, Format::Xlsx, &path).expect_err("too long for a cell");
    assert!(
        error.to_string().contains("export as CSV or JSON"),
        "{error}"
    );
}

#[test]
fn csv_keeps_text_that_a_spreadsheet_would_turn_into_numbers_or_formulas() {
    let (_dir, path) = written(&sample(), Format::Csv, "export");
    let nodes = fs::read_to_string(path.join("nodes.csv")).expect("nodes.csv");
    assert!(nodes.contains("\n007,2,benefit,=1+1,yes,,\n"), "{nodes}");
    let observations = fs::read_to_string(path.join("observations.csv")).expect("observations.csv");
    assert!(observations.starts_with(
        "indicator,period,kind,locality,group,text,set_by,agreed_on,figure,numerator,denominator,parsed\n"
    ));
}

#[test]
fn informative_columns_are_ignored_on_import() {
    let doc = sample();
    let (_dir, path) = written(&doc, Format::Csv, "export");
    let target = path.join("observations.csv");
    let text = fs::read_to_string(&target).expect("observations read");
    let mut edited = String::new();
    for (number, line) in text.lines().enumerate() {
        // Each row ends with the parsed JSON; replace everything from `figure` on.
        let kept: Vec<&str> = line.splitn(9, ',').take(8).collect();
        if number == 0 {
            edited.push_str(line);
        } else {
            edited.push_str(&format!("{},999,1,2,not json", kept.join(",")));
        }
        edited.push('\n');
    }
    fs::write(&target, edited).expect("observations written");
    assert_eq!(read_path(&path, None, &no_hints()), Ok(doc));
}

#[test]
fn every_file_is_recognised_by_its_content() {
    let doc = sample();
    let (_csv_dir, csv) = written(&doc, Format::Csv, "export");
    let (_xlsx_dir, xlsx) = written(&doc, Format::Xlsx, "plan.bin");
    let (_json_dir, json) = written(&doc, Format::Json, "plan.txt");
    let detected = |path: &Path| detect(path, &fs::read(path).expect("file read"));
    assert_eq!(detected(&xlsx), Ok(Format::Xlsx));
    assert_eq!(detected(&json), Ok(Format::Json));
    for table in [
        "plan",
        "nodes",
        "indicators",
        "observations",
        "milestones",
        "localities",
    ] {
        let copy = csv.join(format!("{table}.txt"));
        fs::copy(csv.join(format!("{table}.csv")), &copy).expect("copied");
        assert_eq!(detected(&copy), Ok(Format::Csv), "{table}");
    }
    let document = csv.join("table.txt");
    fs::write(&document, "Indicator\t2008/09\t2009/10\nNI 59\t72%\t75%\n").expect("written");
    assert_eq!(detected(&document), Ok(Format::Document));
    let tabbed = csv.join("table.csv");
    fs::copy(&document, &tabbed).expect("copied");
    assert_eq!(detected(&tabbed), Ok(Format::Document));

    let foreign = csv.join("episodes.csv");
    fs::write(&foreign, "CHILD,DECOM,RNE\n101,01/04/2020,S\n").expect("written");
    assert_eq!(detected(&foreign), Ok(Format::Csv));
    let error = read_path(&foreign, None, &no_hints()).expect_err("not a canonical table");
    assert_eq!(error.line, 1);
    assert!(
        error
            .message
            .contains("observations.csv (indicator, period, kind,"),
        "{error}"
    );
}

#[test]
fn a_published_plan_survives_every_encoding() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds/000_4bd5c192ce32ff51.txt");
    let hints = Hints {
        plan: Some(s("CYPP 2009-13")),
        organisation: Some(s("Kingston")),
    };
    let doc = read_path(&seed, Some(Format::Document), &hints).expect("published plan read");
    assert!(!doc.observations.is_empty() && !doc.milestones.is_empty());
    for (format, name) in [
        (Format::Csv, "export"),
        (Format::Xlsx, "plan.xlsx"),
        (Format::Json, "plan.json"),
    ] {
        let (_dir, path) = written(&doc, format, name);
        assert_eq!(
            read_path(&path, None, &no_hints()).as_ref(),
            Ok(&doc),
            "{format:?}"
        );
    }
}

#[test]
fn separate_files_given_together_make_one_plan() {
    let doc = sample();
    let (_dir, path) = written(&doc, Format::Csv, "export");
    let files: Vec<PathBuf> = [
        "localities",
        "observations",
        "plan",
        "nodes",
        "indicators",
        "milestones",
    ]
    .iter()
    .map(|t| path.join(format!("{t}.csv")))
    .collect();
    let read = read_paths(&files, None, &no_hints()).expect("plan read");
    assert_eq!(read.organisation, doc.organisation);
    assert_eq!(read.nodes, doc.nodes);
    assert_eq!(read.observations, doc.observations);
    assert_eq!(read.localities, doc.localities);
}

#[test]
fn a_lone_table_takes_its_plan_from_the_hints() {
    let (_dir, path) = written(&sample(), Format::Csv, "export");
    let observations = path.join("observations.csv");
    let missing = read_path(&observations, None, &no_hints()).expect_err("no plan named");
    assert!(missing.message.contains("--plan"), "{missing}");

    let hints = Hints {
        plan: Some(s("CYPP 2009-13")),
        organisation: Some(s("Borough of Example £")),
    };
    let read = read_path(&observations, None, &hints).expect("observations read");
    assert_eq!(read.plan.name, "CYPP 2009-13");
    assert_eq!(read.observations, sample().observations);
    assert!(read.indicators.is_empty() && read.nodes.is_empty());
    let (_, tables) =
        read_paths_with_tables(&[observations], None, &hints).expect("observations read");
    assert!(tables.contains(Table::Observations));
    assert!(!tables.contains(Table::Indicators) && !tables.contains(Table::Plan));
}

#[test]
fn a_lone_table_is_laid_over_the_stored_plan() {
    let stored = sample();
    let dir = TempDir::new().expect("temporary directory");
    let file = dir.path().join("observations.csv");
    let first = &stored.observations[0];
    let header = "indicator,period,kind,locality,group,text";
    let changed = format!(
        "{},{},{},,,\"61% (revised)\"",
        first.indicator,
        first.period,
        first.kind.as_str()
    );
    let added = format!("{},2030/31,target,,,99%", first.indicator);
    fs::write(&file, format!("{header}\n{changed}\n{added}\n")).expect("file written");
    let hints = Hints {
        plan: Some(stored.plan.name.clone()),
        organisation: Some(stored.organisation.clone()),
    };

    let reading = Reading::of(&[&file], None, &hints).expect("read");
    assert!(!reading.is_whole());
    let merged = reading
        .finish_onto(&stored)
        .expect("laid over the stored plan");
    assert_eq!(merged.nodes, stored.nodes);
    assert_eq!(merged.indicators, stored.indicators);
    assert_eq!(merged.observations.len(), stored.observations.len() + 1);
    assert_eq!(merged.observations[0].text, "61% (revised)");
    assert_eq!(
        merged.observations[1..stored.observations.len()],
        stored.observations[1..]
    );
    assert_eq!(
        merged.observations.last().map(|o| o.text.as_str()),
        Some("99%")
    );

    fs::write(
        &file,
        format!("{header}\nNo such indicator,2010/11,actual,,,5%\n"),
    )
    .expect("file written");
    let error = Reading::of(&[&file], None, &hints)
        .expect("read")
        .finish_onto(&stored)
        .expect_err("unknown indicator refused");
    assert_eq!(error.file, file.display().to_string());
    assert_eq!((error.line, error.column), (2, 1), "{error}");
    assert_eq!(error.text.as_deref(), Some("No such indicator"));
}

#[test]
fn hints_that_contradict_the_files_are_refused() {
    let (_dir, path) = written(&sample(), Format::Csv, "export");
    let hints = Hints {
        plan: Some(s("CYPP 2011-14")),
        organisation: None,
    };
    let error = read_path(&path, None, &hints).expect_err("wrong plan");
    assert_eq!(error.file, path.join("plan.csv").display().to_string());
    assert_eq!((error.line, error.column), (2, 2));
    assert_eq!(error.field.as_deref(), Some("plan"));
    assert_eq!(error.text.as_deref(), Some("CYPP 2009-13"));
}

#[test]
fn files_of_two_different_plans_are_refused() {
    let first = sample();
    let mut second = sample();
    second.plan.name = s("CYPP 2011-14");
    let (_a, a) = written(&first, Format::Json, "a.json");
    let (_b, b) = written(&second, Format::Xlsx, "b.xlsx");
    let error = read_paths(&[a, b.clone()], None, &no_hints()).expect_err("two plans");
    assert!(error.file.starts_with(&b.display().to_string()), "{error}");
    assert!(
        error.message.contains("CYPP 2011-14") && error.message.contains("CYPP 2009-13"),
        "{error}"
    );
}

/// Writes the sample as CSV, applies `edit` to one file's text and reads the directory.
fn csv_error(file: &str, edit: impl FnOnce(String) -> String) -> (ImportError, String) {
    let (dir, path) = written(&sample(), Format::Csv, "export");
    let target = path.join(file);
    let text = fs::read_to_string(&target).expect("table read");
    fs::write(&target, edit(text)).expect("table written");
    let error = read_path(&path, None, &no_hints()).expect_err("bad input refused");
    drop(dir);
    (error, target.display().to_string())
}

fn located(error: &ImportError) -> (usize, usize, Option<&str>, Option<&str>) {
    (
        error.line,
        error.column,
        error.field.as_deref(),
        error.text.as_deref(),
    )
}

#[test]
fn a_missing_column_is_named_with_the_expected_headings() {
    let (error, file) = csv_error("observations.csv", |text| {
        text.replacen("indicator,period,kind,", "indicator,kind,", 1)
    });
    assert_eq!(error.file, file, "{error}");
    assert_eq!(located(&error), (1, 0, Some("period"), None), "{error}");
    assert!(
        error
            .message
            .contains("indicator, period, kind, locality, group, text"),
        "{error}"
    );
}

#[test]
fn a_column_of_another_name_is_refused() {
    let (error, file) = csv_error("localities.csv", |text| {
        text.replacen("valid_to", "valid_until", 1)
    });
    assert_eq!(error.file, file);
    assert_eq!(located(&error), (1, 5, Some("valid_until"), None));
    assert!(
        error
            .message
            .contains("name, parent, kind, valid_from, valid_to"),
        "{error}"
    );
}

#[test]
fn an_unknown_period_label_is_pointed_at() {
    let (error, file) = csv_error("observations.csv", |text| {
        text.replacen("2010/11 Q4", "2010/12 Q4", 1)
    });
    assert_eq!(error.file, file);
    // The header, six single-line observations, then the one by locality.
    assert_eq!(located(&error), (8, 2, Some("period"), Some("2010/12 Q4")));
    assert!(
        error.message.contains("2010/11 (financial year)"),
        "{error}"
    );
}

#[test]
fn a_target_agreed_on_a_date_in_another_form_is_pointed_at() {
    let (error, file) = csv_error("observations.csv", |text| {
        text.replacen(",2010-03-24,", ",24/03/2010,", 1)
    });
    assert_eq!(error.file, file);
    // The agreed target is the second observation; `agreed_on` is the eighth column.
    assert_eq!(
        located(&error),
        (3, 8, Some("agreed_on"), Some("24/03/2010")),
        "{error}"
    );
    assert!(error.message.contains("YYYY-MM-DD"), "{error}");
}

#[test]
fn an_observation_of_an_unknown_indicator_is_pointed_at() {
    let (error, file) = csv_error("observations.csv", |text| {
        let mut lines: Vec<String> = text.lines().map(s).collect();
        lines[4] = lines[4].replacen("NI 59", "NI 95", 1);
        lines.join("\n") + "\n"
    });
    assert_eq!(error.file, file);
    assert_eq!(located(&error), (5, 1, Some("indicator"), Some("NI 95")));
    assert!(error.message.contains("no indicator"), "{error}");
}

#[test]
fn json_problems_name_the_row_and_field() {
    let mut doc = sample();
    doc.observations[2].indicator = s("NI 95");
    let (_dir, path) = written(&doc, Format::Json, "plan.json");
    let error = read_path(&path, None, &no_hints()).expect_err("unknown indicator refused");
    assert_eq!(error.file, path.display().to_string());
    assert_eq!(error.field.as_deref(), Some("indicator"));
    assert_eq!(error.text.as_deref(), Some("NI 95"));
    assert!(error.message.starts_with("observation 3: "), "{error}");

    fs::write(
        &path,
        "{\n  \"organisation\": \"Borough\",\n  \"plan\": 7\n}\n",
    )
    .expect("written");
    let error = read_path(&path, None, &no_hints()).expect_err("bad JSON refused");
    assert_eq!((error.line, error.column), (3, 11), "{error}");
}

#[test]
fn a_node_whose_parent_is_missing_is_pointed_at_past_multi_line_cells() {
    let (error, file) = csv_error("nodes.csv", |text| {
        text.replacen("\n2,,outcome,", "\n2,9,outcome,", 1)
    });
    assert_eq!(error.file, file);
    // Node 1.1's title spans two lines, so node 2 starts on line 5.
    assert_eq!(located(&error), (5, 2, Some("parent"), Some("9")));
}

#[test]
fn a_second_observation_for_the_same_slot_is_refused() {
    let (error, file) = csv_error("observations.csv", |text| {
        let second = text.lines().nth(1).map(s).unwrap_or_default();
        format!("{text}{second}\n")
    });
    assert_eq!(error.file, file);
    assert_eq!(located(&error), (9, 1, Some("indicator"), Some("NI 59")));
    assert!(error.message.contains("another observation"), "{error}");
}

#[test]
fn a_file_that_is_not_utf8_names_the_line() {
    let (dir, path) = written(&sample(), Format::Csv, "export");
    let target = path.join("milestones.csv");
    let mut bytes = fs::read(&target).expect("read");
    bytes.extend_from_slice(b"1.1,Caf\xe9,,,,\n");
    fs::write(&target, bytes).expect("written");
    let error = read_path(&path, None, &no_hints()).expect_err("latin-1 refused");
    assert_eq!(error.file, target.display().to_string());
    // The header, a milestone whose text spans two lines, another, then the new row.
    assert_eq!((error.line, error.column), (5, 8));
    assert!(error.message.contains("not UTF-8"), "{error}");
    drop(dir);
}

#[test]
fn an_empty_file_is_refused() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("observations.csv");
    fs::write(&path, "").expect("written");
    let error = read_path(&path, None, &no_hints()).expect_err("empty refused");
    assert_eq!(error.file, path.display().to_string());
    assert!(error.message.contains("empty"), "{error}");
}

#[test]
fn a_truncated_workbook_is_reported_as_damaged() {
    let (_dir, path) = written(&sample(), Format::Xlsx, "plan.xlsx");
    let bytes = fs::read(&path).expect("read");
    fs::write(&path, &bytes[..bytes.len() / 2]).expect("cut in half");
    let error = read_path(&path, None, &no_hints()).expect_err("truncated refused");
    assert_eq!(error.file, path.display().to_string());
    assert!(error.message.contains("truncated or damaged"), "{error}");
}

/// A workbook laid out by hand, as a person editing in Excel might leave it.
fn hand_made_workbook(
    path: &Path,
    observations: &[[&str; 4]],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let plan = workbook.add_worksheet().set_name("plan")?;
    plan.write_row(0, 0, ["organisation", "plan"])?;
    plan.write_row(1, 0, ["Borough", "CYPP"])?;
    let indicators = workbook.add_worksheet().set_name("indicators")?;
    indicators.write_row(0, 0, ["key", "title", "objectives"])?;
    indicators.write_row(1, 0, ["NI 59", "Assessments", ""])?;
    // A key Excel has turned into a number.
    indicators.write_number(2, 0, 1.5)?;
    indicators.write_string(2, 1, "Score")?;
    let sheet = workbook.add_worksheet().set_name("Observations")?;
    sheet.write_row(0, 0, ["indicator", "period", "kind", "text"])?;
    for (row, cells) in (1u32..).zip(observations) {
        sheet.write_row(row, 0, cells.iter().copied())?;
    }
    workbook.save(path)
}

#[test]
fn workbook_problems_name_the_sheet_row_and_column() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("edited.xlsx");
    let rows = [
        ["NI 59", "2010/11", "actual", "72%"],
        ["NI 60", "2010/11", "actual", "75%"],
    ];
    hand_made_workbook(&path, &rows).expect("workbook written");
    let error = read_path(&path, None, &no_hints()).expect_err("unknown indicator refused");
    assert_eq!(
        error.file,
        format!("{} (sheet Observations)", path.display())
    );
    assert_eq!(located(&error), (3, 1, Some("indicator"), Some("NI 60")));

    let rows = [
        ["1.5", "2010/11", "actual", "7"],
        ["NI 59", "2010/11", "estimate", "75%"],
    ];
    hand_made_workbook(&path, &rows).expect("workbook written");
    let error = read_path(&path, None, &no_hints()).expect_err("unknown kind refused");
    assert_eq!(located(&error), (3, 3, Some("kind"), Some("estimate")));
}

#[test]
fn workbook_cells_excel_made_numeric_read_back_as_written() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("edited.xlsx");
    hand_made_workbook(&path, &[["1.5", "2010/11", "target", "8"]]).expect("workbook written");
    let doc = read_path(&path, None, &no_hints()).expect("workbook read");
    assert_eq!(doc.indicators[1].key, "1.5");
    assert_eq!(doc.observations[0].indicator, "1.5");
}

#[test]
fn writing_a_document_table_is_refused() {
    let dir = tempfile::tempdir().expect("temporary directory");
    assert!(write(&sample(), Format::Document, &dir.path().join("x.txt")).is_err());
}

// ---- generated plans ----

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ ;\\\\,\"\r\n\t£–’_xA-F0-9=/.]{0,12}"]
}

fn name() -> impl Strategy<Value = String> {
    text().prop_filter("names are not blank", |t| !t.trim().is_empty())
}

fn optional() -> impl Strategy<Value = Option<String>> {
    prop::option::of(name())
}

fn any_date() -> impl Strategy<Value = Option<NaiveDate>> {
    prop::option::of(
        (1990i32..2030, 1u32..=365)
            .prop_filter_map("a day of the year", |(y, d)| NaiveDate::from_yo_opt(y, d)),
    )
}

fn any_period() -> impl Strategy<Value = Period> {
    (0usize..5, 1990i32..2030, 1u8..=12).prop_map(|(k, year, sub)| match k {
        0 => Period::financial(year),
        1 => Period::academic(year),
        2 => Period::calendar(year),
        3 => Period::quarter(year, (sub - 1) % 4 + 1),
        _ => Period::month(year, sub),
    })
}

fn pick(names: &[String], index: usize) -> Option<String> {
    (!names.is_empty()).then(|| names[index % names.len()].clone())
}

fn picks(names: &[String], indexes: &[usize]) -> Vec<String> {
    indexes.iter().filter_map(|&i| pick(names, i)).collect()
}

/// Plans whose references all hold: parents come earlier, so there are no loops.
fn any_plan() -> impl Strategy<Value = PlanDocument> {
    let keys = || {
        prop::collection::btree_set(name(), 0..5)
            .prop_map(|set| set.into_iter().collect::<Vec<_>>())
    };
    (keys(), keys(), keys()).prop_flat_map(|(codes, indicator_keys, locality_names)| {
        let nodes = codes
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let earlier = codes[..i].to_vec();
                let code = code.clone();
                let merged = codes.clone();
                (
                    any::<Option<usize>>(),
                    text(),
                    text(),
                    prop::option::of((text(), any::<Option<usize>>())),
                )
                    .prop_map(move |(parent, kind, title, retired)| Node {
                        code: code.clone(),
                        parent: parent.and_then(|p| pick(&earlier, p)),
                        kind,
                        title,
                        retired: retired.map(|(when, into)| Retirement {
                            when,
                            merged_into: into.and_then(|m| pick(&merged, m)),
                        }),
                    })
            })
            .collect::<Vec<_>>();
        let indicators = indicator_keys
            .iter()
            .map(|key| {
                let codes = codes.clone();
                let details = (
                    text(),
                    optional(),
                    optional(),
                    optional(),
                    optional(),
                    optional(),
                    optional(),
                );
                let judged = (
                    prop::option::of(prop_oneof![
                        Just(Polarity::HigherIsBetter),
                        Just(Polarity::LowerIsBetter),
                        Just(Polarity::Band)
                    ]),
                    prop::option::of(prop_oneof![
                        Just(PolaritySource::Stated),
                        Just(PolaritySource::Inferred)
                    ]),
                );
                let key = key.clone();
                (details, judged, prop::collection::vec(any::<usize>(), 0..3)).prop_map(
                    move |(
                        (title, code, definition, unit, frequency, lead, board),
                        (polarity, source),
                        objectives,
                    )| {
                        Indicator {
                            key: key.clone(),
                            code,
                            title,
                            definition,
                            unit,
                            polarity,
                            polarity_source: source,
                            frequency,
                            lead_officer: lead,
                            delivery_board: board,
                            objectives: picks(&codes, &objectives),
                        }
                    },
                )
            })
            .collect::<Vec<_>>();
        let observations = {
            let (keys, localities) = (indicator_keys.clone(), locality_names.clone());
            prop::collection::vec(
                (
                    any::<usize>(),
                    any_period(),
                    prop::sample::select(ObservationKind::ALL.to_vec()),
                    any::<Option<usize>>(),
                    optional(),
                    text(),
                ),
                0..8,
            )
            .prop_map(move |rows| {
                let mut observations: Vec<Observation> = Vec::new();
                for (indicator, period, kind, locality, group, text) in rows {
                    let Some(indicator) = pick(&keys, indicator) else {
                        continue;
                    };
                    let candidate = Observation {
                        indicator,
                        period,
                        kind,
                        locality: locality.and_then(|l| pick(&localities, l)),
                        group,
                        parsed: value::parse(&text),
                        text,
                        set_by: None,
                        agreed_on: None,
                    };
                    if observations.iter().all(|o| o.slot() != candidate.slot()) {
                        observations.push(candidate);
                    }
                }
                observations
            })
        };
        let milestones = {
            let (codes, keys) = (codes.clone(), indicator_keys.clone());
            prop::collection::vec(
                (
                    any::<usize>(),
                    text(),
                    optional(),
                    any_date(),
                    optional(),
                    prop::collection::vec(any::<usize>(), 0..3),
                ),
                0..4,
            )
            .prop_map(move |rows| {
                rows.into_iter()
                    .filter_map(|(node, text, timescale, due, owner, indicators)| {
                        Some(Milestone {
                            node: pick(&codes, node)?,
                            text,
                            timescale,
                            due,
                            owner,
                            indicators: picks(&keys, &indicators),
                            ..Milestone::default()
                        })
                    })
                    .collect::<Vec<_>>()
            })
        };
        let localities = locality_names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let earlier = locality_names[..i].to_vec();
                let name = name.clone();
                (any::<Option<usize>>(), text(), any_date(), any_date()).prop_map(
                    move |(parent, kind, from, to)| {
                        let (valid_from, valid_to) = match (from, to) {
                            (Some(a), Some(b)) if b < a => (Some(b), Some(a)),
                            other => other,
                        };
                        Locality {
                            name: name.clone(),
                            parent: parent.and_then(|p| pick(&earlier, p)),
                            kind,
                            valid_from,
                            valid_to,
                        }
                    },
                )
            })
            .collect::<Vec<_>>();
        let header =
            (name(), name(), text(), text()).prop_map(|(organisation, name, title, period)| {
                (
                    organisation,
                    PlanHeader {
                        name,
                        title,
                        period,
                    },
                )
            });
        (
            header,
            nodes,
            indicators,
            observations,
            milestones,
            localities,
        )
            .prop_map(
                |(
                    (organisation, plan),
                    nodes,
                    indicators,
                    observations,
                    milestones,
                    localities,
                )| PlanDocument {
                    organisation,
                    plan,
                    nodes,
                    indicators,
                    observations,
                    milestones,
                    localities,
                },
            )
    })
}

fn round_trip(doc: &PlanDocument, format: Format, name: &str) -> Result<PlanDocument, ImportError> {
    let dir = tempfile::tempdir().map_err(|e| ImportError::whole_file("tempdir", e.to_string()))?;
    let path = dir.path().join(name);
    write(doc, format, &path).map_err(|e| ImportError::whole_file(name, e.to_string()))?;
    read_path(&path, None, &no_hints())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_plans_round_trip_through_csv(doc in any_plan()) {
        prop_assert_eq!(round_trip(&doc, Format::Csv, "export"), Ok(doc));
    }

    #[test]
    fn generated_plans_round_trip_through_json(doc in any_plan()) {
        prop_assert_eq!(round_trip(&doc, Format::Json, "plan.json"), Ok(doc));
    }

    #[test]
    fn generated_plans_round_trip_through_xlsx(doc in any_plan()) {
        prop_assert_eq!(round_trip(&doc, Format::Xlsx, "plan.xlsx"), Ok(doc));
    }
}
