//! Plans written in each encoding and read back, alone or in parts.

use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;
use trustboard_core::model::PlanDocument;
use trustboard_formats::canonical::Table;
use trustboard_formats::{
    detect, read_path, read_paths, read_paths_with_tables, write, Format, Hints, Reading,
};

use crate::fixture::*;

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
    // The longest description a plan may hold, in quotes that CSV and XLSX escape.
    doc.indicators[0].definition = Some("\"".repeat(10_000));
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
        "statements",
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
    let added = format!("{},2013/14,target,,,99%", first.indicator);
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

#[test]
fn files_written_before_statements_existed_still_hold_a_whole_plan() {
    let doc = sample();
    let (_dir, csv) = written(&doc, Format::Csv, "export");
    fs::remove_file(csv.join("statements.csv")).expect("removed");
    let read = read_path(&csv, None, &no_hints()).expect("a whole plan");
    assert!(read.statements.is_empty());
    assert_eq!(
        read,
        PlanDocument {
            statements: Vec::new(),
            ..doc
        }
    );
}
