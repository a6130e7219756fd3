//! `trustboard report`: the Trust Board pack for the sample plan, written as
//! HTML, PDF and XLSX and read back with the tools a reader would use.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use serde_json::Value;
use trustboard_store::Backend;

use crate::harness::{items, on_both_backends, text, Trustboard};

on_both_backends!(report_in_every_format);

const PERIOD: &str = "2010/11";
const TODAY: &str = "2011-06-01";

/// Writes the pack in `format`; checks the command says what it wrote.
fn report(t: &Trustboard, format: &str) -> PathBuf {
    let out = t.scratch(&format!("pack.{format}"));
    let output = t.run([
        "report",
        "--period",
        PERIOD,
        "--today",
        TODAY,
        "--format",
        format,
        "--out",
        out.to_str().expect("a UTF-8 scratch path"),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "report --format {format} failed:\n{stderr}"
    );
    let size = std::fs::metadata(&out)
        .expect("the report was written")
        .len();
    assert!(size > 0, "{format} report is empty");
    assert!(
        stderr.contains(&out.display().to_string())
            && (stderr.contains("KiB") || stderr.contains("MiB")),
        "the command says what it wrote and how big: {stderr}"
    );
    out
}

/// Runs a poppler tool; the test needs it, so its absence is a failure.
pub fn poppler(tool: &str, args: &[&str], file: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(file)
        .arg("-")
        .output()
        .unwrap_or_else(|error| {
            panic!("`{tool}` (poppler-utils) is needed to read the PDF back: {error}")
        });
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn pdfinfo_pages(file: &Path) -> usize {
    let output = Command::new("pdfinfo")
        .arg(file)
        .output()
        .unwrap_or_else(|error| panic!("`pdfinfo` (poppler-utils) is needed: {error}"));
    let info = String::from_utf8_lossy(&output.stdout);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gives no page count:\n{info}"))
}

/// Runs of whitespace as one space, so text wrapped across lines still matches.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Outcome 1: All children …" for every outcome still in the plan.
fn outcome_headings(plan: &Value) -> Vec<String> {
    items(&plan["nodes"], "nodes")
        .iter()
        .filter(|n| n["parent"].is_null() && n["retired"].is_null())
        .map(|n| {
            format!(
                "Outcome {}: {}",
                text(n, "code").unwrap_or_default(),
                text(n, "title").unwrap_or_default()
            )
        })
        .collect()
}

/// The text written as NI 72's out-turn in the reporting period's column.
fn ni72_outturn(plan: &Value) -> String {
    let key = items(&plan["indicators"], "indicators")
        .iter()
        .find(|i| text(i, "code") == Some("NI 72"))
        .and_then(|i| text(i, "key"))
        .expect("NI 72 in the sample plan");
    items(&plan["observations"], "observations")
        .iter()
        .find(|o| {
            text(o, "indicator") == Some(key)
                && text(o, "period") == Some(PERIOD)
                && text(o, "kind") == Some("actual")
        })
        .and_then(|o| text(o, "text"))
        .expect("NI 72 has a 2010/11 out-turn")
        .to_owned()
}

fn unescape_html(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn report_in_every_format(backend: Backend) {
    let t = Trustboard::new(backend);
    t.ok(["init"]);
    let plan = t.plan();
    let headings = outcome_headings(&plan);
    assert!(headings.len() >= 11, "the sample has its outcomes");

    let html = std::fs::read_to_string(report(&t, "html")).expect("the HTML is UTF-8");
    let html = flat(&unescape_html(&html));
    for heading in &headings {
        assert!(html.contains(&flat(heading)), "the HTML lacks `{heading}`");
    }

    let pdf = report(&t, "pdf");
    let size = std::fs::metadata(&pdf).expect("the PDF").len();
    // About 1 MiB with the appendices; the register's months would make it several.
    assert!(
        size < 1536 * 1024,
        "the pack is {size} bytes: a yearly pack charts and tables years, not the register's months"
    );
    let words = flat(&poppler("pdftotext", &[], &pdf));
    let title = text(&plan["plan"], "title").expect("the plan has a title");
    assert!(
        words.contains(&flat(title)),
        "the PDF lacks the plan title `{title}`"
    );
    assert!(
        words.contains(&flat(&headings[0])),
        "the PDF lacks `{}`",
        headings[0]
    );
    let outturn = ni72_outturn(&plan);
    let ni72_row = words.match_indices("NI 72").any(|(at, _)| {
        words[at..]
            .chars()
            .take(600)
            .collect::<String>()
            .contains(&outturn)
    });
    assert!(ni72_row, "no NI 72 row showing `{outturn}` in the PDF");
    let pages = pdfinfo_pages(&pdf);
    let indicators = items(&plan["indicators"], "indicators").len();
    assert!(
        pages > headings.len() / 2 && pages < indicators,
        "{pages} pages for {} outcomes and {indicators} indicators",
        headings.len()
    );

    let summary = t.json(["summary", "--period", PERIOD, "--today", TODAY, "--json"]);
    let s = &summary["summary"];
    let expected = [
        ("Improved", &s["direction"]["improved"]),
        ("Declined", &s["direction"]["declined"]),
        ("Unchanged", &s["direction"]["unchanged"]),
        ("Mixed", &s["direction"]["mixed"]),
        ("Not comparable", &s["direction"]["not_comparable"]),
        ("Targets met or exceeded", &s["targets"]["met"]),
        ("Targets missed", &s["targets"]["missed"]),
        ("Targets not assessed", &s["targets"]["not_assessed"]),
        ("Green", &s["rag"]["green"]),
        ("Amber", &s["rag"]["amber"]),
        ("Red", &s["rag"]["red"]),
        ("Not assessed (grey)", &s["rag"]["grey"]),
    ];
    let mut book: Xlsx<_> = open_workbook(report(&t, "xlsx")).expect("calamine reads the XLSX");
    let sheet = book.worksheet_range("Summary").expect("a Summary sheet");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let count_column = rows
        .iter()
        .find_map(|r| {
            r.iter()
                .position(|c| c.to_string() == format!("{PERIOD} count"))
        })
        .expect("a column of counts for the period");
    for (label, count) in expected {
        let count = count
            .as_f64()
            .unwrap_or_else(|| panic!("summary has no {label}"));
        let row = rows
            .iter()
            .find(|r| matches!(r.first(), Some(Data::String(s)) if s == label))
            .unwrap_or_else(|| panic!("the Summary sheet has no `{label}` row"));
        assert_eq!(
            row.get(count_column).and_then(DataType::as_f64),
            Some(count),
            "`{label}` in the Summary sheet"
        );
    }
}
