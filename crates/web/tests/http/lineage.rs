//! Successive plans over HTTP: a performance officer links the sample plan to
//! the plan it followed, the overview names it, and an indicator's page shows
//! one series across both, each figure saying which plan it came from.

use axum::http::StatusCode;
use trustboard_core::model::{Indicator, ObservationKind, PlanDocument, PlanHeader};
use trustboard_core::value::parse;

use crate::harness::*;

pub(crate) fn plan(organisation: &str, name: &str) -> PlanDocument {
    let value = |period: &str, text: &str| trustboard_core::model::Observation {
        indicator: "NI 61".into(),
        period: period.parse().expect("a period"),
        kind: ObservationKind::Actual,
        locality: None,
        group: None,
        text: text.into(),
        parsed: parse(text),
        set_by: None,
        agreed_on: None,
        source: trustboard_core::model::ValueSource::Written,
    };
    PlanDocument {
        organisation: organisation.into(),
        plan: PlanHeader {
            name: name.into(),
            title: "Children & Young People's Plan 2006 – 2010 Summary".into(),
            period: "2006-10".into(),
        },
        indicators: vec![Indicator {
            code: Some("NI 61".into()),
            ..Indicator::new(
                "NI 61",
                "Timeliness of placements of looked after children for adoption",
            )
        }],
        observations: vec![value("2007/08", "61.5%"), value("2008/09", "66.7%")],
        ..PlanDocument::default()
    }
}

#[tokio::test]
async fn an_indicator_page_shows_one_series_across_linked_plans() {
    let app = TestApp::start().await;
    app.import_sample_plan().await;
    app.import(&plan(KINGSTON, "CYPP 2006-10"), "summary.txt")
        .await;
    app.import(
        &plan("London Borough of Richmond upon Thames", "CYPP 2006-10"),
        "richmond.txt",
    )
    .await;
    let mut officer = app.sign_in_as("officer", Role::PerformanceOfficer).await;
    let mut board = app.sign_in_as("board", Role::BoardMember).await;

    let before = officer.get("/plans/1/indicators/NI%2061").await;
    assert!(
        !before.body.contains("id=\"table-across-plans\""),
        "no other plan yet"
    );
    let overview = officer.get("/plans/1").await;
    assert!(
        overview.body.contains("This plan follows"),
        "the officer is offered the form"
    );
    assert!(
        !overview.body.contains("Richmond"),
        "another council's plans are not offered"
    );

    let refused = board.submit("/plans/1/follows", &[("previous", "2")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let other_council = officer
        .submit("/plans/1/follows", &[("previous", "3")])
        .await;
    assert_eq!(other_council.status, StatusCode::NOT_FOUND);
    let linked = officer
        .submit("/plans/1/follows", &[("previous", "2"), ("continued", "")])
        .await;
    assert_eq!(linked.status, StatusCode::SEE_OTHER);

    let overview = board.get("/plans/1").await;
    assert!(
        overview.body.contains("Follows <a href=\"/plans/2\">"),
        "{}",
        overview.body
    );
    let page = board.get("/plans/1/indicators/NI%2061").await;
    assert_eq!(page.status, StatusCode::OK);
    let rows = html_table_rows(&page.body, "across-plans");
    let actuals: Vec<(String, String)> = rows
        .iter()
        .filter(|r| r[1] == "Out-turn")
        .map(|r| (r[0].clone(), r[4].clone()))
        .collect();
    assert_eq!(
        actuals[0],
        ("2007/08".to_string(), "CYPP 2006-10".to_string())
    );
    assert_eq!(
        actuals[1],
        ("2008/09".to_string(), "CYPP 2006-10".to_string())
    );
    assert!(actuals[2..].iter().all(|(_, plan)| plan == "CYPP 2009-13"));
    assert!(actuals.len() > 2, "the sample plan's own out-turns follow");
    assert!(rows.iter().any(|r| r[2] == "61.5%"));
    assert!(
        page.body.contains("across plans"),
        "the chart covers both plans"
    );

    let kingston = app.store.users().await.expect("users")[0].organisation.id;
    let log = app
        .store
        .audit_log(kingston, None, 50)
        .await
        .expect("audit log");
    let linked = log
        .iter()
        .find(|r| r.action == "plan.linked")
        .expect("the link is audited");
    assert_eq!(linked.actor.as_deref(), Some("officer"));
    app.finish().await;
}

/// Where a form is sent, its fields, and what the error page must say.
type RefusedForm = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
);

#[tokio::test]
async fn a_refused_link_says_which_field_and_value_on_the_error_page() {
    let app = TestApp::start().await;
    app.import_sample_plan().await;
    app.import(&plan(KINGSTON, "CYPP 2006-10"), "summary.txt")
        .await;
    let mut officer = app.sign_in_as("officer", Role::PerformanceOfficer).await;
    let cases: [RefusedForm; 5] = [
        (
            "/plans/1/follows",
            &[("previous", "the old one")],
            "The previous “the old one” was refused: choose the plan this one follows",
        ),
        (
            "/plans/1/follows",
            &[("previous", "1")],
            "The previous “1” was refused: a plan cannot follow itself",
        ),
        (
            "/plans/1/follows",
            &[("previous", "2"), ("merged", "4-3")],
            "The merged “4-3” was refused: `4-3` does not say which outcome became which",
        ),
        (
            "/plans/1/follows",
            &[("previous", "2"), ("deleted", "13")],
            "The deleted “13” was refused: plan `CYPP 2006-10` has no outcome `13`",
        ),
        (
            "/plans/1/indicators/NI%2061/same-as",
            &[("other", "2|NI 99")],
            "The other “2|NI 99” was refused:",
        ),
    ];
    for (path, fields, says) in cases {
        let reply = officer.submit(path, fields).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(
            reply.body.contains("There is a problem with what you sent"),
            "the service's error page: {}",
            reply.body
        );
        assert!(reply.body.contains(says), "{says}\n{}", reply.body);
    }
    let links = app.store.plan_links(None).await.expect("links");
    assert!(links.is_empty(), "nothing refused was linked: {links:?}");
    app.finish().await;
}

/// NI 61's 2009/10 out-turn, the first of the sample plan, judged through
/// the API: arrow and every step of the judgement.
async fn first_year_of_ni61(browser: &mut Browser) -> (String, String) {
    let reply = browser
        .get("/api/plans/1/indicators/NI%2061?period=2009%2F10")
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = reply.json();
    let steps: Vec<&str> = page["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    (
        page["arrow"].as_str().unwrap_or_default().to_string(),
        steps.join("\n"),
    )
}

/// NI 61's row in the 2009/10 board pack's scorecard, as HTML.
async fn ni61_in_pack(browser: &mut Browser) -> String {
    let pack = browser
        .get("/plans/1/report?period=2009%2F10&format=html")
        .await;
    assert_eq!(pack.status, StatusCode::OK);
    pack.body
        .split("<tr><th scope=\"row\">")
        .find(|row| row.contains("NI 61"))
        .and_then(|row| row.split("</tr>").next())
        .unwrap_or_else(|| panic!("no NI 61 in the pack:\n{}", pack.body))
        .to_string()
}

/// The first year of a plan is compared with the last of the plan it
/// follows once the two are linked, on the pages, the API and the pack alike;
/// unlinked, it has nothing to compare with.
async fn direction_of_travel_reaches_back_into_the_plan_followed(app: TestApp) {
    app.import_sample_plan().await;
    app.import(&plan(KINGSTON, "CYPP 2006-10"), "summary.txt")
        .await;
    let mut officer = app.sign_in_as("officer", Role::PerformanceOfficer).await;
    let wording = "66.7% in 2008/09 → 100% now: better; \
                   compared with 2008/09 in CYPP 2006-10, the predecessor plan";

    let (arrow, steps) = first_year_of_ni61(&mut officer).await;
    assert_eq!(arrow, "not_comparable");
    assert!(ni61_in_pack(&mut officer)
        .await
        .contains("</span> Not comparable</td>"));
    assert!(
        steps.contains("no out-turn for 2008/09 or earlier to compare with"),
        "{steps}"
    );
    let linked = officer
        .submit("/plans/1/follows", &[("previous", "2"), ("continued", "")])
        .await;
    assert_eq!(linked.status, StatusCode::SEE_OTHER);

    let (arrow, steps) = first_year_of_ni61(&mut officer).await;
    assert_eq!(arrow, "better");
    assert!(steps.contains(wording), "{steps}");
    let page = officer
        .get("/plans/1/indicators/NI%2061?period=2009%2F10")
        .await;
    assert!(page.body.contains("the predecessor plan"), "{}", page.body);
    let row = ni61_in_pack(&mut officer).await;
    assert!(row.contains("</span> Better</td>"), "{row}");
    // The plan followed has no plan before it: its own first year is unchanged.
    let earlier = officer
        .get("/api/plans/2/indicators/NI%2061?period=2007%2F08")
        .await
        .json();
    assert_eq!(earlier["arrow"], "not_comparable");
    app.finish().await;
}

#[tokio::test]
async fn direction_of_travel_reaches_back_into_the_plan_followed_on_sqlite() {
    direction_of_travel_reaches_back_into_the_plan_followed(TestApp::start().await).await;
}

#[tokio::test]
async fn direction_of_travel_reaches_back_into_the_plan_followed_on_postgres() {
    direction_of_travel_reaches_back_into_the_plan_followed(TestApp::on_postgres().await).await;
}
