//! `trustboard risks`: a risk entered by hand on the Kent business plan is
//! listed in board order and reaches the Kent board pack in every format; a
//! refused risk names its field and writes nothing.

use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value;
use trustboard_store::Backend;

use crate::harness::{items, on_both_backends, Trustboard};
use crate::seeds::seed;

on_both_backends!(
    a_risk_entered_by_hand_reaches_the_kent_pack_in_every_format,
    a_refused_risk_names_its_field_and_writes_nothing,
    a_risk_of_a_project_is_listed_with_it,
);

const RISK: &str = "Looked-after children placement budget overspends";

/// Kent's directorate business plan, imported as its organisation.
fn kent(t: &Trustboard) {
    t.import(&[&seed("004")], &["--org", "Kent"]);
}

fn add(t: &Trustboard, inherent: &str, residual: &str) -> std::process::Output {
    add_with(t, inherent, residual, &[])
}

fn add_with(t: &Trustboard, inherent: &str, residual: &str, more: &[&str]) -> std::process::Output {
    let mut args = vec![
        "risks",
        "add",
        "--org",
        "Kent",
        "--description",
        RISK,
        "--owner",
        "Head of Specialist Children's Services",
        "--inherent",
        inherent,
        "--residual",
        residual,
        "--review",
        "2009-12-31",
        "--trend",
        "rising",
    ];
    args.extend_from_slice(more);
    t.run(args)
}

fn listed(t: &Trustboard) -> Vec<Value> {
    let json = t.json(["risks", "list", "--org", "Kent", "--json"]);
    items(&json, "risks list").to_vec()
}

fn pack(t: &Trustboard, format: &str) -> std::path::PathBuf {
    let out = t.scratch(&format!("kent.{format}"));
    t.ok([
        "report",
        "--org",
        "Kent",
        "--period",
        "2009/10",
        "--today",
        "2010-01-15",
        "--format",
        format,
        "--out",
        out.to_str().expect("a UTF-8 path"),
    ]);
    out
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn a_risk_entered_by_hand_reaches_the_kent_pack_in_every_format(backend: Backend) {
    let t = Trustboard::new(backend);
    kent(&t);
    let added = add(&t, "4x5", "3x4");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert!(String::from_utf8_lossy(&added.stdout).contains("added R1"));
    let risks = listed(&t);
    assert_eq!(risks.len(), 1);
    assert_eq!(risks[0]["number"], 1);
    assert_eq!(risks[0]["residual"]["score"], 12);
    assert_eq!(risks[0]["residual"]["band"], "High");
    assert_eq!(risks[0]["inherent"]["band"], "Extreme");
    assert_eq!(risks[0]["review_overdue"], true);
    assert!(t.ok(["risks", "list", "--org", "Kent"]).contains("OVERDUE"));

    let html = std::fs::read_to_string(pack(&t, "html")).expect("the HTML");
    let html = flat(&html.replace("&#39;", "'").replace("&amp;", "&"));
    assert!(html.contains("<h2 id=\"risks\">Risks</h2>"));
    assert!(html.contains(&format!("R1 {RISK}")));
    assert!(html.contains("12 High (3×4)"));
    assert!(html.contains("2009-12-31 (overdue)"));

    let pdf = pack(&t, "pdf");
    let output = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|error| panic!("`pdftotext` (poppler-utils) is needed: {error}"));
    let words = flat(&String::from_utf8_lossy(&output.stdout));
    assert!(words.contains("Open risks by residual score"), "{words}");
    assert!(words.contains("High 12 1 risk: R1"));
    assert!(words.contains("2009-12-31 (overdue)"));

    let mut book: Xlsx<_> = open_workbook(pack(&t, "xlsx")).expect("the workbook");
    let sheet = book.worksheet_range("Risks").expect("a Risks sheet");
    assert_eq!(
        sheet.get_value((1, 0)),
        Some(&Data::String(format!("R1 {RISK}")))
    );
}

fn a_refused_risk_names_its_field_and_writes_nothing(backend: Backend) {
    let t = Trustboard::new(backend);
    kent(&t);
    let refused = add(&t, "2x2", "3x3");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("the residual score `9` was refused")
            && stderr.contains("above the inherent score of 4"),
        "{stderr}"
    );
    let refused = add(&t, "4by5", "3x4");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--inherent `4by5`"));
    assert!(listed(&t).is_empty());
}

fn a_risk_of_a_project_is_listed_with_it(backend: Backend) {
    let t = Trustboard::new(backend);
    kent(&t);
    let refused = add_with(&t, "4x5", "3x4", &["--project", "No Such Project"]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("--project `No Such Project`"), "{stderr}");
    assert!(listed(&t).is_empty(), "nothing written");

    let added = add_with(&t, "4x5", "3x4", &["--project", "Special School Review"]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let risks = listed(&t);
    assert_eq!(risks[0]["project"], "Special School Review");
    assert!(t
        .ok(["risks", "list", "--org", "Kent"])
        .contains("    project Special School Review"));
}
