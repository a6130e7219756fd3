//! Tables as CSV and XLSX, and the Trust Board pack.

use axum::http::StatusCode;

use crate::harness::*;

#[tokio::test]
async fn downloads_hold_exactly_the_rows_of_the_page() {
    let app = TestApp::start().await;
    app.add_user("lead", Role::LeadOfficer).await;
    app.import_sample_plan().await;
    let mut browser = app.signed_in("lead").await;
    for path in [
        "/plans/1/nodes/1?period=2010/11",
        "/plans/1/exceptions?period=2010/11",
        "/plans/1?period=2010/11",
    ] {
        let page = browser.get(path).await;
        let id = ["scorecard", "exceptions", "outcomes"]
            .into_iter()
            .find(|id| page.body.contains(&format!("id=\"table-{id}\"")))
            .expect("a table");
        let rows = html_table_rows(&page.body, id);
        assert!(!rows.is_empty(), "{path} has rows");
        let csv = browser.get(&format!("{path}&format=csv")).await;
        assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
        let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
        let downloaded: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.expect("CSV row").iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(downloaded, rows, "{path}");
        let xlsx = browser.get(&format!("{path}&format=xlsx")).await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert!(xlsx.header("content-disposition").contains(".xlsx"));
    }
}

#[tokio::test]
async fn performance_officers_download_the_board_pack_in_each_format() {
    let app = TestApp::start().await;
    let doc = app.import_sample_plan().await;
    app.add_user("perf", Role::PerformanceOfficer).await;
    app.add_user("board", Role::BoardMember).await;
    let mut perf = app.signed_in("perf").await;

    let overview = perf.get("/plans/1?period=2010%2F11").await;
    assert!(
        overview.body.contains("action=\"/plans/1/report\""),
        "the overview offers the pack"
    );
    let mut board = app.signed_in("board").await;
    let overview = board.get("/plans/1").await;
    assert!(
        !overview.body.contains("/plans/1/report"),
        "{}",
        overview.body
    );

    for (format, media_type, magic) in [
        ("pdf", "application/pdf", "%PDF"),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "PK",
        ),
        ("html", "text/html; charset=utf-8", "<!DOCTYPE html>"),
    ] {
        for published in ["", "&published=1"] {
            let path = format!("/plans/1/report?period=2010%2F11&format={format}{published}");
            let reply = perf.get(&path).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
            assert_eq!(reply.header("content-type"), media_type, "{path}");
            let disposition = reply.header("content-disposition");
            assert!(
                disposition.starts_with("attachment; filename=\"")
                    && disposition.ends_with(&format!("2010-11.{format}\"")),
                "{path}: {disposition}"
            );
            assert!(
                reply
                    .body
                    .to_ascii_lowercase()
                    .starts_with(&magic.to_ascii_lowercase()),
                "{path} starts with {magic}"
            );
        }
    }
    let html = perf
        .get("/plans/1/report?period=2010%2F11&format=html")
        .await;
    // The title holds an apostrophe, which HTML may escape.
    for part in doc.plan.title.split('\'') {
        assert!(html.body.contains(part), "the pack names the plan: {part}");
    }

    for bad in [
        "/plans/1/report?period=2010%2F11&format=docx",
        "/plans/1/report?period=someday&format=pdf",
        "/plans/1/report?format=pdf",
    ] {
        assert_eq!(perf.get(bad).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(
        perf.get("/plans/9/report?period=2010%2F11&format=pdf")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        board
            .get("/plans/1/report?period=2010%2F11&format=pdf")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn every_board_pack_download_is_in_the_audit_log() {
    let app = TestApp::start().await;
    app.import_sample_plan().await;
    app.add_user("perf", Role::PerformanceOfficer).await;
    app.add_user("admin", Role::Admin).await;
    let mut perf = app.signed_in("perf").await;
    for (format, published) in [("pdf", ""), ("xlsx", "&published=1"), ("html", "")] {
        let path = format!("/plans/1/report?period=2010%2F11&format={format}{published}");
        assert_eq!(perf.get(&path).await.status, StatusCode::OK, "{path}");
    }
    // A refused request takes nothing away and records nothing.
    perf.get("/plans/1/report?period=2010%2F11&format=docx")
        .await;

    let log = app.signed_in("admin").await.get("/admin/audit").await.body;
    let downloads: Vec<&str> = log
        .split("<tr>")
        .filter(|row| row.contains("Board pack downloaded"))
        .collect();
    assert_eq!(downloads.len(), 3, "{log}");
    for (row, detail) in downloads.iter().zip([
        "2010/11 html, internal",
        "2010/11 xlsx, published",
        "2010/11 pdf, internal",
    ]) {
        assert!(
            row.contains(">perf<") && row.contains(detail) && row.contains("127.0.0.1"),
            "{row}"
        );
    }
}

#[tokio::test]
async fn approved_commentary_reaches_the_pack_and_internal_remarks_stay_out_of_the_published_one() {
    let app = TestApp::start().await;
    let (mut perf, mut lead) = app.sign_off().await;
    let mut checker = app.checker().await;
    let pack = |published: &str| format!("/plans/1/report?period=2010%2F11&format=html{published}");
    let said = "Audit of late assessments completed";
    let internal = "Two social workers off sick until March";

    // NI 59 stays short of its target, so the pack reports it by exception.
    lead.enter(&Figure {
        text: "70%",
        commentary: said,
        internal: false,
        intent: "submit",
    })
    .await;
    assert!(
        !perf.get(&pack("")).await.body.contains(said),
        "never before approval"
    );
    app.approve_waiting(&mut checker).await;
    for published in ["", "&published=1"] {
        let body = perf.get(&pack(published)).await.body;
        assert!(body.contains(said), "{published}: {body}");
    }

    lead.enter(&Figure {
        text: "71%",
        commentary: internal,
        internal: true,
        intent: "submit",
    })
    .await;
    app.approve_waiting(&mut checker).await;
    let inside = perf.get(&pack("")).await.body;
    assert!(
        inside.contains(internal) && inside.contains(said),
        "{inside}"
    );
    let published = perf.get(&pack("&published=1")).await.body;
    assert!(
        !published.contains(internal) && published.contains(said),
        "{published}"
    );
}

#[tokio::test]
async fn the_headline_counts_download_accounts_for_every_indicator() {
    let app = TestApp::start().await;
    app.import_sample_plan().await;
    let mut board = app.sign_in_as("board", Role::BoardMember).await;
    let overview = board.get("/plans/1?period=2010%2F11").await;
    let links = links_containing(&overview.body, "/headline-counts");
    assert_eq!(
        links,
        [
            "/plans/1/headline-counts?period=2010%2F11&format=csv",
            "/plans/1/headline-counts?period=2010%2F11&format=xlsx",
        ],
        "the overview offers the table beside its headline"
    );
    let summary = board.get("/api/plans/1/overview?period=2010%2F11").await;
    let summary = &summary.json()["summary"];
    let indicators = summary["indicators"].as_u64().expect("a count") as usize;
    assert!(indicators > 200, "the sample plan's indicators");

    let csv = board.get(&links[0]).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert!(csv
        .header("content-disposition")
        .ends_with("-headline-counts-2010-11.csv\""));
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    for reconciliation in summary["reconciliation"].as_array().expect("a list") {
        let label = match reconciliation["headline"].as_str() {
            Some("improved") => "% improved",
            Some("targets_met") => "% of targets met",
            other => panic!("a headline figure: {other:?}"),
        };
        let lines: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[0] == label).collect();
        let keys: std::collections::BTreeSet<&str> = lines.iter().map(|r| &r[1]).collect();
        assert_eq!(lines.len(), indicators, "{label}: a line per indicator");
        assert_eq!(keys.len(), indicators, "{label}: each indicator once");
        let counted = lines.iter().filter(|r| &r[4] == "yes").count();
        assert_eq!(
            Some(counted as u64),
            reconciliation["counted"].as_u64(),
            "{label}"
        );
        for line in lines.iter().filter(|r| &r[4] == "no") {
            assert!(
                !line[6].is_empty(),
                "{label}: {line:?} says why it is left out"
            );
        }
    }
    assert_eq!(rows.len(), 2 * indicators);

    let xlsx = board.get(&links[1]).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.starts_with("PK"), "a workbook");
    assert!(xlsx
        .header("content-disposition")
        .ends_with("-headline-counts-2010-11.xlsx\""));
    let refused = board
        .get("/plans/1/headline-counts?period=2010%2F11&format=docx")
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let no_format = board.get("/plans/1/headline-counts?period=2010%2F11").await;
    assert_eq!(no_format.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_format.body.contains("The format “” was refused"));
    app.finish().await;
}
