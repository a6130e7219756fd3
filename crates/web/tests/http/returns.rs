//! The statutory returns on the web: the validation report of a year, as a
//! page and as CSV and XLSX downloads holding the same rows; children named
//! only to those who may see children's records, and every such read audited;
//! indicator pages saying which return a figure came from; and the drill-down
//! from such a figure to the children it counted, audited like the report.

use std::io::Cursor;

use axum::http::StatusCode;
use calamine::{open_workbook_from_rs, Reader, Xlsx};
use chrono::Utc;
use trustboard_core::returns::{Collection, RawRow, ReturnIndicator, ReturnYear, Table};
use trustboard_core::spreadsheet::restore_cell;
use trustboard_store::returns::ReturnUpload;

use crate::harness::*;

/// 2010/11, a year of the sample plan.
const YEAR: ReturnYear = ReturnYear { ending: 2011 };
const REPORT: &str = "/returns/2011";
const NI62: &str = "/plans/1/indicators/NI%2062?period=2010%2F11";
/// Children's identifiers, unlike anything else on the pages.
const FIRST_CHILD: &str = "LA-77310";
const SECOND_CHILD: &str = "LA-77320";
/// A placement code that is not an allowed one, and that a spreadsheet would run.
const BAD_PLACE: &str = "=ZZ";

fn episode(line: usize, child: &str, decom: &str, rne: &str, place: &str, dec: &str) -> RawRow {
    let fields = [
        ("CHILD", child),
        ("DECOM", decom),
        ("RNE", rne),
        ("LS", "C2"),
        ("CIN", "N1"),
        ("PLACE", place),
        ("DEC", dec),
        ("REC", if dec.is_empty() { "" } else { "X1" }),
    ];
    RawRow::new(Table::Episodes, format!("episodes.csv:{line}"), &fields)
}

/// The first child moves placement twice in the year, once to a placement
/// with a code that is not allowed; the second stays in one.
fn rows() -> Vec<RawRow> {
    vec![
        episode(2, FIRST_CHILD, "01/05/2010", "S", "U1", "01/06/2010"),
        episode(3, FIRST_CHILD, "01/06/2010", "P", BAD_PLACE, "01/07/2010"),
        episode(4, FIRST_CHILD, "01/07/2010", "P", "U3", ""),
        episode(5, SECOND_CHILD, "01/05/2010", "S", "U1", ""),
    ]
}

/// Imports the return as a performance officer would, writes its figures
/// into the sample plan, and gives back NI 62 as computed.
async fn import_return(app: &TestApp) -> ReturnIndicator {
    let files = vec!["episodes.csv".to_string()];
    let rows = rows();
    let upload = ReturnUpload {
        collection: Collection::Ssda903,
        year: YEAR,
        files: &files,
        rows: &rows,
        actor: "perf",
        at: Utc::now(),
    };
    app.store
        .import_return(KINGSTON, &upload)
        .await
        .expect("import");
    let (_, indicators) = app
        .store
        .evaluated_return(KINGSTON, Collection::Ssda903, YEAR, None)
        .await
        .expect("evaluate");
    app.store
        .store_return_values(KINGSTON, Collection::Ssda903, YEAR, &indicators, Utc::now())
        .await
        .expect("plan values");
    indicators
        .into_iter()
        .find(|indicator| indicator.code == "NI 62")
        .expect("NI 62 is computed")
}

/// A census in which two children carry the first child's identifier: rule
/// 8510 quotes it as the value.
async fn import_census(app: &TestApp) {
    let files = vec!["cin.xml".to_string()];
    let rows: Vec<RawRow> = (1..=2)
        .map(|n| {
            RawRow::new(
                Table::CinChild,
                format!("cin.xml /Message/Children/Child[{n}]"),
                &[("CHILD", FIRST_CHILD), ("LAchildID", FIRST_CHILD)],
            )
        })
        .collect();
    let upload = ReturnUpload {
        collection: Collection::Cin,
        year: YEAR,
        files: &files,
        rows: &rows,
        actor: "perf",
        at: Utc::now(),
    };
    app.store
        .import_return(KINGSTON, &upload)
        .await
        .expect("import");
}

fn csv_rows(reply: &Reply) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(reply.bytes.as_slice());
    let headers = reader
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.expect("CSV row")
                .iter()
                .map(|cell| restore_cell(cell).to_owned())
                .collect()
        })
        .collect();
    (headers, rows)
}

fn xlsx_rows(reply: &Reply) -> (Vec<String>, Vec<Vec<String>>) {
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(reply.bytes.clone())).expect("an XLSX workbook");
    let range = book
        .worksheet_range("problems")
        .expect("the problems sheet");
    let mut rows = range
        .rows()
        .map(|row| row.iter().map(ToString::to_string).collect::<Vec<String>>());
    let headers = rows.next().expect("a header row");
    (headers, rows.collect())
}

async fn the_report_lists_every_problem_and_downloads_hold_the_same_rows(app: &TestApp) {
    app.import_sample_plan().await;
    app.add_user("perf", Role::PerformanceOfficer).await;
    import_return(app).await;
    let mut perf = app.signed_in("perf").await;

    let returns = perf.get("/returns").await;
    assert_eq!(returns.status, StatusCode::OK);
    assert_eq!(links_containing(&returns.body, REPORT), vec![REPORT]);

    let page = perf.get(REPORT).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let rows = html_table_rows(&page.body, "problems");
    let bad_place = rows
        .iter()
        .find(|row| row.contains(&BAD_PLACE.to_string()))
        .expect("the placement that is not allowed is listed");
    assert_eq!(
        bad_place[..6],
        [
            "SSDA903",
            "146",
            FIRST_CHILD,
            "episodes.csv:3",
            "PLACE",
            BAD_PLACE
        ]
    );
    assert!(bad_place[7].contains("NI 62"), "{bad_place:?}");
    // The rules' summary counts the rows the table lists.
    let by_rule = html_table_rows(&page.body, "rules");
    for rule in &by_rule {
        let listed = rows.iter().filter(|row| row[1] == rule[1]).count();
        assert_eq!(rule[3], listed.to_string(), "{rule:?}");
    }
    assert_eq!(
        by_rule
            .iter()
            .map(|rule| rule[3].parse::<usize>().unwrap_or(0))
            .sum::<usize>(),
        rows.len()
    );

    let csv = perf.get(&format!("{REPORT}?format=csv")).await;
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert!(
        csv.body.contains(&format!("'{BAD_PLACE}")),
        "a cell a spreadsheet would run is written as text"
    );
    let (headers, csv_rows) = csv_rows(&csv);
    assert_eq!(headers[2], "Child");
    assert_eq!(csv_rows, rows);

    let xlsx = perf.get(&format!("{REPORT}?format=xlsx")).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.header("content-disposition").ends_with(".xlsx\""));
    let (xlsx_headers, xlsx_rows) = xlsx_rows(&xlsx);
    assert_eq!(xlsx_headers, headers);
    assert_eq!(xlsx_rows, rows);

    // Each of the three reads named children, and each is in the register's audit.
    let audit = app
        .store
        .register_actor_audit(KINGSTON, "perf")
        .await
        .expect("audit");
    let details: Vec<&str> = audit.iter().map(|a| a.detail.as_str()).collect();
    for how in ["viewed", "downloaded as CSV", "downloaded as XLSX"] {
        assert_eq!(
            details
                .iter()
                .filter(|d| d.starts_with(how) && d.contains("2010/11"))
                .count(),
            1,
            "{how}: {details:?}"
        );
    }
    assert!(details.iter().all(|d| !d.contains(FIRST_CHILD)));

    assert_eq!(
        perf.get("/returns/2012").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_report_lists_every_problem_and_downloads_hold_the_same_rows_on_sqlite() {
    let app = TestApp::start().await;
    the_report_lists_every_problem_and_downloads_hold_the_same_rows(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn the_report_lists_every_problem_and_downloads_hold_the_same_rows_on_postgresql() {
    let app = TestApp::on_postgres().await;
    the_report_lists_every_problem_and_downloads_hold_the_same_rows(&app).await;
    app.finish().await;
}

async fn only_those_who_may_see_childrens_records_see_the_children(app: &TestApp) {
    app.import_sample_plan().await;
    app.add_user("admin", Role::Admin).await;
    app.add_user("board", Role::BoardMember).await;
    app.add_user("perf", Role::PerformanceOfficer).await;
    import_return(app).await;
    import_census(app).await;

    // A performance officer sees the identifier the census repeats.
    let mut perf = app.signed_in("perf").await;
    let page = perf.get(REPORT).await;
    let duplicate = html_table_rows(&page.body, "problems")
        .into_iter()
        .find(|row| row[1] == "8510")
        .expect("the duplicated child is listed");
    assert_eq!(
        duplicate[2..6],
        [
            FIRST_CHILD,
            "cin.xml /Message/Children/Child[2]",
            "LAchildID",
            FIRST_CHILD
        ]
    );

    // An administrator reads the report without the children, even where a
    // rule quotes one.
    let mut admin = app.signed_in("admin").await;
    let page = admin.get(REPORT).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(html_table_rows(&page.body, "problems")
        .iter()
        .any(|row| row.contains(&BAD_PLACE.to_string())));
    let csv = admin.get(&format!("{REPORT}?format=csv")).await;
    let (headers, _) = csv_rows(&csv);
    assert!(!headers.iter().any(|h| h == "Child"), "{headers:?}");
    for reply in [&page, &csv] {
        assert!(!reply.body.contains(FIRST_CHILD) && !reply.body.contains(SECOND_CHILD));
    }

    // A board member is refused the report in every form.
    let mut board = app.signed_in("board").await;
    for path in [
        REPORT.to_string(),
        format!("{REPORT}?format=csv"),
        format!("{REPORT}?format=xlsx"),
    ] {
        let reply = board.get(&path).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        assert!(!reply.body.contains(FIRST_CHILD), "{path}");
    }
    // Nothing naming a child was shown, so nothing was audited.
    nothing_audited_for(app, &["admin", "board"]).await;
}

#[tokio::test]
async fn only_those_who_may_see_childrens_records_see_the_children_on_sqlite() {
    let app = TestApp::start().await;
    only_those_who_may_see_childrens_records_see_the_children(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn only_those_who_may_see_childrens_records_see_the_children_on_postgresql() {
    let app = TestApp::on_postgres().await;
    only_those_who_may_see_childrens_records_see_the_children(&app).await;
    app.finish().await;
}

async fn an_indicator_page_says_which_return_its_figure_came_from(app: &TestApp) {
    app.import_sample_plan().await;
    app.add_user("perf", Role::PerformanceOfficer).await;
    app.add_user("board", Role::BoardMember).await;
    let ni62 = import_return(app).await;
    assert!(
        ni62.affected_by.iter().any(|rule| rule == "146"),
        "the placement code that is not allowed could change NI 62: {:?}",
        ni62.affected_by
    );
    let denominator = ni62.denominator.expect("NI 62 is a proportion");

    let mut perf = app.signed_in("perf").await;
    let page = perf.get(NI62).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("Where the figures came from"), "{body}");
    assert!(body.contains("statutory return <strong>SSDA903 2010/11</strong>"));
    assert!(
        body.contains("by perf, from episodes.csv"),
        "who imported it"
    );
    assert!(body.contains(&format!("Numerator</dt><dd>{}</dd>", ni62.numerator)));
    assert!(body.contains(&format!("Denominator</dt><dd>{denominator}</dd>")));
    // The definition used, up to any character the page escapes.
    let definition: String = ni62
        .rule
        .chars()
        .take_while(|c| !"&'\"<>".contains(*c))
        .collect();
    assert!(
        definition.len() > 10 && body.contains(&definition),
        "{definition}"
    );
    for rule in &ni62.affected_by {
        assert!(body.contains(&format!("<li>{rule}: ")), "{rule}");
    }
    assert_eq!(
        links_containing(body, "/returns/2011\""),
        Vec::<String>::new()
    );
    assert_eq!(
        links_containing(body, REPORT)
            .into_iter()
            .filter(|link| !link.contains("/indicators/"))
            .collect::<Vec<_>>(),
        vec![REPORT]
    );

    // A board member sees where the figure came from, but no link to the
    // report and no child.
    let mut board = app.signed_in("board").await;
    let page = board.get(NI62).await;
    assert!(page
        .body
        .contains("statutory return <strong>SSDA903 2010/11</strong>"));
    assert!(links_containing(&page.body, REPORT).is_empty());
    assert!(!page.body.contains(FIRST_CHILD));

    // An indicator no return gave a figure says nothing of returns.
    let page = perf.get("/plans/1/indicators/NI%2059").await;
    assert!(!page.body.contains("Where the figures came from"));
}

#[tokio::test]
async fn an_indicator_page_says_which_return_its_figure_came_from_on_sqlite() {
    let app = TestApp::start().await;
    an_indicator_page_says_which_return_its_figure_came_from(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn an_indicator_page_says_which_return_its_figure_came_from_on_postgresql() {
    let app = TestApp::on_postgres().await;
    an_indicator_page_says_which_return_its_figure_came_from(&app).await;
    app.finish().await;
}

/// The drill-down from NI 62 to its children, as the indicator page links it.
async fn children_link(perf: &mut Browser) -> String {
    let page = perf.get(NI62).await;
    let links = links_containing(&page.body, "/returns/2011/indicators/");
    assert_eq!(links.len(), 1, "{links:?}");
    links[0].clone()
}

async fn a_figure_drills_down_to_the_children_it_counted(app: &TestApp) {
    app.import_sample_plan().await;
    app.add_user("perf", Role::PerformanceOfficer).await;
    app.add_user("cora", Role::RegisterCoordinator).await;
    app.add_user("board", Role::BoardMember).await;
    app.add_user("admin", Role::Admin).await;
    let ni62 = import_return(app).await;
    let expected: Vec<Vec<String>> = ni62
        .counted
        .iter()
        .map(|c| {
            let yes = if c.in_numerator { "Yes" } else { "No" };
            vec![c.child.clone(), yes.to_string(), c.facts.clone()]
        })
        .collect();
    assert_eq!(
        expected.len(),
        2,
        "both children are in NI 62's denominator"
    );

    let mut perf = app.signed_in("perf").await;
    let link = children_link(&mut perf).await;
    let page = perf.get(&link).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let rows = html_table_rows(&page.body, "children");
    assert_eq!(rows, expected);
    // The listed children make the figure shown beside them.
    let yes = rows.iter().filter(|row| row[1] == "Yes").count() as u64;
    assert_eq!(
        (yes, Some(rows.len() as u64)),
        (ni62.numerator, ni62.denominator)
    );
    assert!(page
        .body
        .contains(&format!("Numerator</dt><dd>{}</dd>", ni62.numerator)));
    assert!(rows[0][2].contains("placements in the year"), "{rows:?}");

    let csv = perf
        .get(&format!(
            "{}?format=csv",
            link.split('?').next().unwrap_or(&link)
        ))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let (headers, csv_rows) = csv_rows(&csv);
    assert_eq!(headers, ["Child", "In the numerator", "What decided it"]);
    assert_eq!(csv_rows, expected);

    // A register coordinator may see them too.
    let mut cora = app.signed_in("cora").await;
    assert_eq!(cora.get(&link).await.status, StatusCode::OK);

    // An indicator no return of the year computed is not found.
    assert_eq!(
        perf.get("/returns/2011/indicators/NI%20999").await.status,
        StatusCode::NOT_FOUND
    );

    // Every view and download is in the register's audit: who, which figure
    // and year, how many children; never who they are.
    let audit = app
        .store
        .register_actor_audit(KINGSTON, "perf")
        .await
        .expect("audit");
    let details: Vec<&str> = audit.iter().map(|a| a.detail.as_str()).collect();
    assert!(
        details.contains(&"viewed the 2 children counted in NI 62 for 2010/11"),
        "{details:?}"
    );
    assert!(
        details.contains(&"downloaded as CSV the 2 children counted in NI 62 for 2010/11"),
        "{details:?}"
    );
    assert!(!details.iter().any(|d| d.contains(FIRST_CHILD)));
    let audit = app
        .store
        .register_actor_audit(KINGSTON, "cora")
        .await
        .expect("audit");
    assert_eq!(audit.len(), 1, "{audit:?}");

    // Board members and administrators are refused, with no link to follow;
    // visitors are sent to sign in. None of them is audited.
    for user in ["board", "admin"] {
        let mut browser = app.signed_in(user).await;
        let page = browser.get(NI62).await;
        assert!(links_containing(&page.body, "/returns/2011/indicators/").is_empty());
        for path in [link.clone(), format!("{link}&format=csv")] {
            let reply = browser.get(&path).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{user} {path}");
            assert!(!reply.body.contains(FIRST_CHILD));
        }
    }
    let reply = app.visitor().get(&link).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(!reply.body.contains(FIRST_CHILD));
    nothing_audited_for(app, &["board", "admin"]).await;
}

#[tokio::test]
async fn a_figure_drills_down_to_the_children_it_counted_on_sqlite() {
    let app = TestApp::start().await;
    a_figure_drills_down_to_the_children_it_counted(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn a_figure_drills_down_to_the_children_it_counted_on_postgresql() {
    let app = TestApp::on_postgres().await;
    a_figure_drills_down_to_the_children_it_counted(&app).await;
    app.finish().await;
}

/// Those shown no child have nothing in the register's audit.
async fn nothing_audited_for(app: &TestApp, users: &[&str]) {
    for user in users {
        let audit = app
            .store
            .register_actor_audit(KINGSTON, user)
            .await
            .expect("audit");
        assert!(audit.is_empty(), "{user}: {audit:?}");
    }
}
