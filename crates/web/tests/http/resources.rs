//! Kent's business plan on its resources page: the budget tables as printed,
//! the changes past the threshold first, the staffing check on the seed's own
//! numbers, and budget lines linked to outcomes by those who may, one of two
//! at once, on SQLite and PostgreSQL.

use std::path::Path;

use axum::http::StatusCode;
use trustboard_formats::{Hints, Reading};
use trustboard_store::ImportOptions;

use crate::harness::*;

const KENT: &str = "Kent County Council";

/// Imports seed 004 for Kent, as `trustboard import FILE --org Kent…` does,
/// and adds Kent's accounts; returns the plan's id and its first outcome's code.
async fn kent(app: &TestApp) -> (i64, String) {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let seed = std::fs::read_dir(&seeds)
        .expect("the seeds")
        .map(|e| e.expect("entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("004_"))
        })
        .expect("seed 004");
    let hints = Hints {
        plan: None,
        organisation: Some(KENT.to_string()),
    };
    let reading = Reading::of(&[seed], None, &hints).expect("read seed 004");
    let resources = reading.resources().to_vec();
    let doc = reading.finish().expect("Kent's plan");
    let options = ImportOptions {
        dry_run: false,
        source: "004".to_string(),
    };
    app.store
        .import_plan_with_resources(&doc, &resources, options)
        .await
        .expect("import");
    let id = app
        .store
        .plan_id(Some(KENT), &doc.plan.name)
        .await
        .expect("plan id");
    for (name, role) in [
        ("kent_board", Role::BoardMember),
        ("kent_officer", Role::PerformanceOfficer),
        ("kent_other_officer", Role::PerformanceOfficer),
        ("kent_admin", Role::Admin),
    ] {
        let membership = Membership {
            organisation: KENT.into(),
            practitioner: None,
        };
        app.add_member(name, role, membership).await;
    }
    let outcome = doc
        .nodes
        .iter()
        .find(|n| n.parent.is_none())
        .expect("an outcome")
        .code
        .clone();
    (id, outcome)
}

/// The version the page's link form carries.
fn version(page: &str) -> String {
    let at = page.find("name=\"version\" value=\"").expect("a link form") + 22;
    page[at..].split('"').next().unwrap_or_default().to_string()
}

async fn the_page_shows_the_tables_the_changes_and_the_staffing_check(app: TestApp) {
    let (id, _) = kent(&app).await;
    let mut board = app.signed_in("kent_board").await;
    let page = board.get(&format!("/plans/{id}/resources")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    for shown in [
        "Children, Families and Educational Achievement",
        "Operations, Resources and Skills (CFE)",
        "CFE Staffing Establishment",
        "Justification of Movement",
        "2009-10 Controllable Expenditure (£000s)",
        // As printed, sign apart from its digits and all.
        "-54,308.8",
        "-1,870.2",
        "printed totals that differ from their rows",
        "Staffing against budget FTE",
        "23655.8",
        "23656.5",
        "Differs",
        "Agrees",
        "Year-on-year changes",
        "10% or £100k",
        // Nothing is linked yet, and the page says why no cost per person is shown.
        "None is shown: no outcome with linked spend has an indicator that counts people.",
    ] {
        assert!(body.contains(shown), "the page lacks {shown:?}");
    }
    // The changes come before the tables they are read from.
    assert!(body.find("Year-on-year changes") < body.find("CFE Staffing Establishment (staffing)"));
    // Contingency moved from -54,308.8 to -61,999.8: past both thresholds.
    assert!(body.contains("Contingency (Children, Families and Educational Achievement)"));
    // A board member may read but not link.
    assert!(!body.contains("name=\"share\""));

    let strict = board
        .get(&format!(
            "/plans/{id}/resources?threshold_percent=1000&threshold_money=10000000"
        ))
        .await;
    assert!(
        strict.body.contains("1000% or £10000000k or more"),
        "{}",
        strict.body
    );
    assert!(!strict
        .body
        .contains("Contingency (Children, Families and Educational Achievement)"));
    let refused = board
        .get(&format!("/plans/{id}/resources?threshold_percent=lots"))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("threshold_percent"));
    app.finish().await;
}

async fn officers_link_lines_within_the_whole_and_one_of_two_at_once_wins(app: TestApp) {
    let (id, outcome) = kent(&app).await;
    let path = format!("/plans/{id}/resources");
    let links = format!("{path}/links");

    let mut board = app.signed_in("kent_board").await;
    let token = board.csrf_token().await;
    let forbidden = board
        .post(
            &links,
            &[
                ("csrf_token", token.as_str()),
                ("version", "1"),
                ("line", "0:0"),
                ("node", outcome.as_str()),
                ("share", "10"),
            ],
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

    let mut officer = app.signed_in("kent_officer").await;
    let mut other = app.signed_in("kent_other_officer").await;
    let overview = format!("/plans/{id}");
    let before = officer.get(&overview).await;
    assert_eq!(lines_linked(&before.body, &outcome), "0");
    let page = officer.get(&path).await;
    let shown = version(&page.body);
    // Two officers link the same line from the same page: one wins, one is told.
    let (token, other_token) = (officer.csrf_token().await, other.csrf_token().await);
    let mine = [
        ("csrf_token", token.as_str()),
        ("version", shown.as_str()),
        ("line", "0:0"),
        ("node", outcome.as_str()),
        ("share", "60"),
    ];
    let theirs = [
        ("csrf_token", other_token.as_str()),
        ("version", shown.as_str()),
        ("line", "0:0"),
        ("node", outcome.as_str()),
        ("share", "70"),
    ];
    let (a, b) = tokio::join!(officer.post(&links, &mine), other.post(&links, &theirs));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::SEE_OTHER, StatusCode::CONFLICT],
        "{} / {}",
        a.body,
        b.body
    );

    let page = officer.get(&path).await;
    assert!(page.body.contains("Contingency"));
    // The overview shows the link at once, though nothing judged changed.
    let after = officer.get(&overview).await;
    assert_eq!(lines_linked(&after.body, &outcome), "1");
    let held = app.store.budget_links(id).await.expect("links");
    assert_eq!(held.links.len(), 1);
    let given = held.links[0].share.to_string();
    // The rest of the line may go elsewhere, but not more than the rest.
    let second_node = app
        .store
        .load_plan(
            Some(KENT),
            &app.store
                .plan_handle(id)
                .await
                .expect("as set up")
                .expect("as set up")
                .name,
        )
        .await
        .expect("as set up")
        .nodes
        .iter()
        .find(|n| n.code != outcome)
        .expect("as set up")
        .code
        .clone();
    let token = officer.csrf_token().await;
    let too_much = officer
        .post(
            &links,
            &[
                ("csrf_token", token.as_str()),
                ("version", version(&page.body).as_str()),
                ("line", "0:0"),
                ("node", second_node.as_str()),
                ("share", "50"),
            ],
        )
        .await;
    assert_eq!(too_much.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        too_much.body.contains("more than the whole line"),
        "{}",
        too_much.body
    );
    assert!(
        too_much.body.contains(&format!("already gives {given}")),
        "{}",
        too_much.body
    );

    // Linked spend shows beside the outcome, and the link is removed by an administrator.
    assert!(page.body.contains("linked spend (£000s)"));
    let mut admin = app.signed_in("kent_admin").await;
    let token = admin.csrf_token().await;
    let removed = admin
        .post(
            &format!("{links}/{}/remove", held.links[0].id),
            &[
                ("csrf_token", token.as_str()),
                ("version", held.version.to_string().as_str()),
            ],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert!(app
        .store
        .budget_links(id)
        .await
        .expect("as set up")
        .links
        .is_empty());
    let after = admin.get(&overview).await;
    assert_eq!(lines_linked(&after.body, &outcome), "0");
    let page = admin.get("/admin/audit").await;
    assert!(page
        .body
        .contains("Budget line linked to an outcome or objective"));
    assert!(page.body.contains("link removed"), "{}", page.body);
    app.finish().await;
}

/// The text of a PDF, as poppler's `pdftotext` reads it.
fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("pdftotext")
        .args(["-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext (apt-get install -y poppler-utils)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(pdf)
        .expect("PDF written");
    let output = child.wait_with_output().expect("pdftotext finishes");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

async fn the_kent_pack_has_a_resources_section_in_every_format(app: TestApp) {
    use calamine::Reader;
    let (id, _) = kent(&app).await;
    let mut officer = app.signed_in("kent_officer").await;
    let pack = |format: &str| format!("/plans/{id}/report?period=2009/10&format={format}");
    let html = officer.get(&pack("html")).await;
    assert_eq!(html.status, StatusCode::OK, "{}", html.body);
    for shown in [
        "<h2 id=\"resources\">Resources</h2>",
        "Budget by outcome",
        "Year-on-year changes",
        "Staffing against budget FTE",
        "23656.5",
    ] {
        assert!(html.body.contains(shown), "the HTML pack lacks {shown:?}");
    }
    let pdf = officer.get(&pack("pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    let text = pdf_text(&pdf.bytes);
    for shown in [
        "Resources",
        "Budget by outcome",
        "Staffing against budget FTE",
        "23656.5",
    ] {
        assert!(text.contains(shown), "the PDF pack lacks {shown:?}");
    }
    let xlsx = officer.get(&pack("xlsx")).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(xlsx.bytes)).expect("a workbook");
    assert!(book.sheet_names().contains(&"Resources".to_string()));
    let sheet = book.worksheet_range("Resources").expect("the sheet");
    let cells: Vec<String> = sheet.cells().map(|(_, _, c)| c.to_string()).collect();
    for shown in [
        "Budget by outcome",
        "Year-on-year changes",
        "Staffing against budget FTE",
        "23656.5",
    ] {
        assert!(
            cells.iter().any(|c| c == shown),
            "the XLSX pack lacks {shown:?}"
        );
    }
    app.finish().await;
}

#[tokio::test]
async fn the_page_shows_the_tables_the_changes_and_the_staffing_check_sqlite() {
    the_page_shows_the_tables_the_changes_and_the_staffing_check(TestApp::start().await).await;
}

#[tokio::test]
async fn the_page_shows_the_tables_the_changes_and_the_staffing_check_postgres() {
    the_page_shows_the_tables_the_changes_and_the_staffing_check(TestApp::on_postgres().await)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officers_link_lines_within_the_whole_and_one_of_two_at_once_wins_sqlite() {
    officers_link_lines_within_the_whole_and_one_of_two_at_once_wins(TestApp::start().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officers_link_lines_within_the_whole_and_one_of_two_at_once_wins_postgres() {
    officers_link_lines_within_the_whole_and_one_of_two_at_once_wins(TestApp::on_postgres().await)
        .await;
}

#[tokio::test]
async fn the_kent_pack_has_a_resources_section_in_every_format_sqlite() {
    the_kent_pack_has_a_resources_section_in_every_format(TestApp::start().await).await;
}

#[tokio::test]
async fn the_kent_pack_has_a_resources_section_in_every_format_postgres() {
    the_kent_pack_has_a_resources_section_in_every_format(TestApp::on_postgres().await).await;
}

/// The "Budget lines linked" figure of outcome `code` on a plan's overview.
fn lines_linked<'a>(overview: &'a str, code: &str) -> &'a str {
    let row_start = format!("<tr><th scope=\"row\" class=\"table__header\">{code} ");
    let row = overview
        .split(&row_start)
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .unwrap_or_else(|| panic!("no budget row for outcome {code}: {overview}"));
    row.rsplit("\">")
        .next()
        .and_then(|cell| cell.strip_suffix("</td>"))
        .unwrap_or_else(|| panic!("no count in {row}"))
}
