//! The public page of a published plan, and what it never shows.

use axum::http::StatusCode;

use crate::harness::*;

#[tokio::test]
async fn a_published_plan_shows_approved_figures_to_anyone_with_small_numbers_withheld() {
    let app = TestApp::start().await;
    app.add_user("petra", Role::PerformanceOfficer).await;
    app.import_sample_plan().await;
    let mut anonymous = app.visitor();
    assert_eq!(
        anonymous.get("/public/1").await.status,
        StatusCode::NOT_FOUND,
        "unpublished plans have no public page"
    );
    let json = anonymous.get("/api/public/1").await;
    assert_eq!(json.status, StatusCode::NOT_FOUND, "nor public JSON");
    assert_eq!(json.header("content-type"), "application/json");
    let mut officer = app.signed_in("petra").await;
    let reply = officer.publish_plan(true).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    let page = anonymous.get("/public/1?period=2010/11").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let rows = html_table_rows(&page.body, "public");
    let ni61 = rows
        .iter()
        .find(|row| row[0].starts_with("NI 61 "))
        .expect("NI 61 on the public page");
    // 83.3% of 6 children: 5 placed in time. Five is below six, so it is withheld.
    assert!(ni61[2].starts_with("Withheld"), "{ni61:?}");
    assert_eq!(ni61[4], "Not shown", "no RAG beside a withheld figure");
    assert!(!page.body.contains("5/6"), "the small count leaked");
    assert!(
        rows.iter()
            .any(|row| !row[2].starts_with("Withheld") && row[2] != "Not available"),
        "other figures are shown"
    );
    assert!(!page.body.contains("Sign out"), "no one is signed in");

    let csv = anonymous.get("/public/1?period=2010/11&format=csv").await;
    assert!(!csv.body.contains("5/6"));

    app.add_user("root", Role::Admin).await;
    let audit = app.signed_in("root").await.get("/admin/audit").await;
    assert!(
        audit.body.contains("Plan published"),
        "publication is audited"
    );

    officer.publish_plan(false).await;
    assert_eq!(
        anonymous.get("/public/1").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        anonymous.get("/api/public/1").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn internal_commentary_is_shown_to_officers_and_never_to_the_board_or_the_public() {
    let app = TestApp::start().await;
    let (mut perf, mut lead) = app.sign_off().await;
    let mut checker = app.checker().await;
    let internal = "Two social workers left the assessment team in March";
    let open = "Timeliness improved after the new triage rota";
    submit_ni59_with_commentary(&mut perf, internal, true).await;
    app.approve_waiting(&mut checker).await;
    submit_ni59_with_commentary(&mut lead, open, false).await;
    app.approve_waiting(&mut checker).await;

    let ni59 = "/plans/1/indicators/NI%2059?period=2010%2F11";
    for (name, browser) in [
        ("performance officer", &mut perf),
        ("lead officer", &mut lead),
    ] {
        let page = browser.get(ni59).await;
        assert!(page.body.contains(open), "{name}:\n{}", page.body);
        let at = page.body.find(internal).expect("internal commentary shown");
        let item = &page.body[page.body[..at].rfind("<li").unwrap_or(0)..at];
        assert!(item.contains("Internal"), "{name}: marked internal: {item}");
        assert!(item.contains("perf"), "{name}: its author: {item}");
    }
    let mut board = app.signed_in("board").await;
    let page = board.get(ni59).await;
    assert!(page.body.contains(open));
    assert!(
        !page.body.contains(internal),
        "board members see no internal commentary"
    );

    let reply = perf.publish_plan(true).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let mut anonymous = app.visitor();
    for path in [
        "/public/1?period=2010%2F11",
        "/public/1?period=2010%2F11&format=csv",
    ] {
        let public = anonymous.get(path).await;
        assert_eq!(public.status, StatusCode::OK, "{path}");
        assert!(public.body.contains("NI 59"), "{path} lists NI 59");
        assert!(!public.body.contains(internal), "{path}");
        assert!(!public.body.contains(open), "{path}: no commentary at all");
        assert!(!public.body.contains("Commentary"), "{path}");
    }
}

/// Submits NI 59's 2010/11 out-turn with `commentary`, internal or not.
async fn submit_ni59_with_commentary(browser: &mut Browser, commentary: &str, internal: bool) {
    let figure = Figure {
        text: "75%",
        commentary,
        internal,
        intent: "submit",
    };
    let reply = browser.enter(&figure).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
}

/// The published board pack, the public page and the public JSON withhold
/// exactly the same figures: small counts of people, whether the national
/// catalogue, the plan's unit or the wording says the indicator counts
/// people, and nothing that is not such a count (`3 sessions`).
#[tokio::test]
async fn the_published_pack_the_public_page_and_the_api_withhold_the_same_figures() {
    use trustboard_core::model::{Indicator, ObservationKind};
    let app = TestApp::start().await;
    app.add_user("petra", Role::PerformanceOfficer).await;
    let mut doc = app.import_sample_plan().await;
    let template = doc
        .indicators
        .iter()
        .find(|i| i.key == "NI 61")
        .expect("NI 61")
        .clone();
    let figure = doc
        .observations
        .iter()
        .find(|o| o.indicator == "NI 61" && o.kind == ObservationKind::Actual)
        .expect("an NI 61 out-turn")
        .clone();
    // (title, code, stated unit, out-turn, withheld?)
    let cases = [
        ("Young carers assessed", None, Some("number"), "3", true),
        (
            "Number of children adopted from care",
            None,
            None,
            "2",
            true,
        ),
        (
            "Children killed or seriously injured on roads",
            Some("NI 48"),
            Some("%"),
            "4",
            true,
        ),
        (
            "Parenting sessions delivered",
            None,
            None,
            "3 sessions",
            false,
        ),
        (
            "Families attending family centres",
            None,
            Some("rate per 1,000"),
            "4",
            false,
        ),
    ];
    for (n, (title, code, unit, text, _)) in cases.iter().enumerate() {
        let key = format!("T{n}");
        doc.indicators.push(Indicator {
            key: key.clone(),
            code: code.map(str::to_string),
            title: (*title).to_string(),
            unit: unit.map(str::to_string),
            ..template.clone()
        });
        let mut observation = figure.clone();
        observation.indicator = key;
        observation.period = "2010/11".parse().expect("period");
        observation.text = (*text).to_string();
        observation.parsed = trustboard_core::value::parse(text);
        doc.observations.push(observation);
    }
    app.import(&doc, "with small numbers").await;
    let mut officer = app.signed_in("petra").await;
    assert_eq!(
        officer.publish_plan(true).await.status,
        StatusCode::SEE_OTHER
    );

    let page = app.visitor().get("/public/1?period=2010/11").await;
    let rows = html_table_rows(&page.body, "public");
    let pack = officer
        .get("/plans/1/report?period=2010%2F11&format=html&published=1")
        .await;
    assert_eq!(pack.status, StatusCode::OK);
    let api = app.visitor().get("/api/public/1?period=2010/11").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let api: serde_json::Value = serde_json::from_str(&api.body).expect("JSON");
    let lines = api["lines"].as_array().expect("lines");

    let (mut on_page, mut in_pack, mut in_api, mut expected) = (vec![], vec![], vec![], vec![]);
    for (title, _, _, text, withheld) in cases {
        if withheld {
            expected.push(title);
        }
        let row = rows
            .iter()
            .find(|row| row[0].ends_with(title))
            .unwrap_or_else(|| panic!("{title} on the public page: {rows:?}"));
        if row[2].starts_with("Withheld") {
            on_page.push(title);
        }
        let at = pack
            .body
            .find(title)
            .unwrap_or_else(|| panic!("{title} in the pack"));
        let end = at + pack.body[at..].find("</tr>").expect("a pack row");
        if !pack.body[at..end].contains(&format!("2010/11: {text}<")) {
            in_pack.push(title);
        }
        let line = lines
            .iter()
            .find(|line| line["name"].as_str().is_some_and(|n| n.ends_with(title)))
            .unwrap_or_else(|| panic!("{title} in the JSON: {lines:?}"));
        match (&line["actual"], &line["withheld"]) {
            (serde_json::Value::Null, serde_json::Value::String(reason)) => {
                assert!(
                    !reason.contains(text),
                    "the reason names the figure: {reason}"
                );
                in_api.push(title);
            }
            (serde_json::Value::String(shown), serde_json::Value::Null) => {
                assert_eq!(shown, text, "{title}");
            }
            other => panic!("{title}: {other:?}"),
        }
    }
    assert_eq!(on_page, expected, "public page");
    assert_eq!(in_pack, expected, "published pack");
    assert_eq!(in_api, expected, "public JSON");
}
