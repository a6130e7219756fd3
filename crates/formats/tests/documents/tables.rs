//! Councils' performance tables in a workbook: every sheet that holds a
//! table, or the one named.

use rust_xlsxwriter::Workbook;
use trustboard_formats::tables::{Options, Table};

use super::*;

fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let notes = book.add_worksheet().set_name("Notes").unwrap();
    notes.write(0, 0, "How to read this workbook").unwrap();
    let kpis = book.add_worksheet().set_name("KPIs").unwrap();
    for (c, heading) in ["Example Council", "", ""].iter().enumerate() {
        kpis.write(0, c as u16, *heading).unwrap();
    }
    for (c, heading) in ["NI", "Indicator", "Actual 2007/08", "Target 2008/09"]
        .iter()
        .enumerate()
    {
        kpis.write(2, c as u16, *heading).unwrap();
    }
    for (c, cell) in ["NI 50", "Emotional health", "58%", "60%"]
        .iter()
        .enumerate()
    {
        kpis.write(3, c as u16, *cell).unwrap();
    }
    let more = book.add_worksheet().set_name("More").unwrap();
    for (c, heading) in ["Measure", "Latest"].iter().enumerate() {
        more.write(0, c as u16, *heading).unwrap();
    }
    more.write(1, 0, "Children seen").unwrap();
    more.write(1, 1, "74% (06/07)").unwrap();
    book.save_to_buffer().unwrap()
}

fn stored(document: &PlanDocument) -> BTreeSet<String> {
    document
        .observations
        .iter()
        .map(|o| {
            format!(
                "{} {} {} {}",
                o.indicator,
                o.period,
                o.kind.as_str(),
                o.text
            )
        })
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_sheet_with_a_table_is_read() {
    let bytes = workbook();
    let table = Table::open("kpis.xlsx", &bytes, &Options::default()).unwrap();
    let sheets: Vec<(&str, usize)> = table
        .sheets
        .iter()
        .map(|s| (s.file.as_str(), s.heading_line))
        .collect();
    assert_eq!(
        sheets,
        [("kpis.xlsx (sheet KPIs)", 3), ("kpis.xlsx (sheet More)", 1)]
    );
    let hints = Hints {
        plan: Some("KPIs".into()),
        organisation: None,
    };
    let (document, _) = table.read(&hints).unwrap();
    assert_eq!(document.organisation, "Example Council");
    assert_eq!(
        stored(&document),
        set(&[
            "NI 50 2007/08 actual 58%",
            "NI 50 2008/09 target 60%",
            "Children seen 2006/07 actual 74% (06/07)",
        ])
    );
}

#[test]
fn a_named_sheet_is_the_only_one_read() {
    let bytes = workbook();
    let options = Options {
        sheet: Some("more".into()),
        ..Options::default()
    };
    let table = Table::open("kpis.xlsx", &bytes, &options).unwrap();
    assert_eq!(table.sheets.len(), 1);
    let missing = Options {
        sheet: Some("Sheet9".into()),
        ..Options::default()
    };
    let error = Table::open("kpis.xlsx", &bytes, &missing).unwrap_err();
    assert!(error.message.contains("Notes, KPIs, More"), "{error}");
}

#[test]
fn a_row_of_periods_spans_the_headings_under_it() {
    let text =
        "Indicator\t2006/07\t\t2007/08\n\tTarget\tActual\tTarget\nChildren seen\t70%\t74%\t80%\n";
    let table = Table::open("kpis.tsv", text.as_bytes(), &Options::default()).unwrap();
    let hints = Hints {
        plan: Some("KPIs".into()),
        organisation: Some("Example Council".into()),
    };
    let (document, _) = table.read(&hints).unwrap();
    assert_eq!(
        stored(&document),
        set(&[
            "Children seen 2006/07 target 70%",
            "Children seen 2006/07 actual 74%",
            "Children seen 2007/08 target 80%",
        ])
    );
}
