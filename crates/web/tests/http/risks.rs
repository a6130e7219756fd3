//! The risk register on the web: adding and changing risks, refusals named,
//! who may keep it, the heat map's counts, and two people changing one risk
//! at once, on both backends.

use axum::http::StatusCode;
use tokio::task::JoinSet;
use trustboard_core::risks::RiskInput;

use crate::harness::*;

/// A risk as its form is filled in: inherent 4×5, residual 3×4, due for
/// review long after any test runs.
pub fn risk_form(description: &str) -> RiskInput {
    RiskInput {
        description: description.to_owned(),
        owner: "Head of Early Help".to_owned(),
        inherent_likelihood: "4".to_owned(),
        inherent_impact: "5".to_owned(),
        residual_likelihood: "3".to_owned(),
        residual_impact: "4".to_owned(),
        controls: "Weekly audit of open cases".to_owned(),
        review_date: "2099-03-31".to_owned(),
        trend: "steady".to_owned(),
        status: "open".to_owned(),
    }
}

/// The form's fields: each named as the core names it, with `_` for spaces.
pub fn fields(input: &RiskInput, token: &str) -> Vec<(String, String)> {
    std::iter::once(("csrf_token".to_owned(), token.to_owned()))
        .chain(
            input
                .fields()
                .into_iter()
                .map(|(label, value)| (label.replace(' ', "_"), value.to_owned())),
        )
        .collect()
}

pub async fn post(browser: &mut Browser, path: &str, fields: &[(String, String)]) -> Reply {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    browser.post(path, &borrowed).await
}

async fn add(browser: &mut Browser, input: &RiskInput) -> Reply {
    let form = browser.get("/plans/1/risks/new").await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.csrf_token();
    post(browser, "/plans/1/risks", &fields(input, &token)).await
}

async fn officers_add_and_change_risks_and_the_heat_map_counts_them(app: &TestApp) {
    app.import_sample_plan().await;
    let mut perf = app.sign_in_as("perf", Role::PerformanceOfficer).await;
    let reply = add(&mut perf, &risk_form("Rising demand at the front door")).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/plans/1/risks?done=R1");
    let mut second = risk_form("Loss of grant funding");
    second.review_date = "2001-01-31".to_owned();
    assert_eq!(add(&mut perf, &second).await.status, StatusCode::SEE_OTHER);

    let register = perf.get("/plans/1/risks").await;
    assert_eq!(register.status, StatusCode::OK);
    let rows = html_table_rows(&register.body, "risks");
    // The overdue review comes first, though both score the same.
    assert!(
        rows[0][0].starts_with("R2 Loss of grant funding"),
        "{rows:?}"
    );
    assert!(rows[0][6].contains("Review overdue"), "{rows:?}");
    assert_eq!(rows[1][4], "12 High (3×4)");
    // Residual 3×4: impact 4 is the second row, likelihood 3 the third cell.
    let residual = html_table_rows(&register.body, "heat-map-residual");
    assert_eq!(residual.len(), 5);
    assert_eq!(residual[1][2], "High 12 2 risks: R1, R2");
    assert_eq!(residual[0][4], "Extreme 25 No risks");
    let inherent = html_table_rows(&register.body, "heat-map-inherent");
    assert_eq!(inherent[0][3], "Extreme 20 2 risks: R1, R2");

    // A change: the residual score comes down and the risk's page shows who changed what.
    let page = perf.get("/plans/1/risks/1").await;
    let mut changed = risk_form("Rising demand at the front door");
    changed.residual_likelihood = "2".to_owned();
    let token = page.csrf_token();
    let version = page.hidden_field("version");
    let mut form = fields(&changed, &token);
    form.push(("version".to_owned(), version));
    let reply = post(&mut perf, "/plans/1/risks/1", &form).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let page = perf.get("/plans/1/risks/1").await;
    assert!(page.body.contains("8 High (2×4)"));
    let history = html_table_rows(&page.body, "history");
    assert_eq!(history[0][1..], ["perf", "residual likelihood", "3", "2"]);
    let register = perf.get("/plans/1/risks").await;
    let residual = html_table_rows(&register.body, "heat-map-residual");
    assert_eq!(residual[1][1], "High 8 1 risk: R1");

    // Refusals name the field, the value and why, and write nothing.
    let mut above = risk_form("Controls that make it worse");
    above.residual_impact = "5".to_owned();
    above.residual_likelihood = "5".to_owned();
    let reply = add(&mut perf, &above).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("The residual score “25” was refused")
            && reply.body.contains("above the inherent score of 20"),
        "{}",
        reply.body
    );
    let mut bad_date = risk_form("A date nobody can read");
    bad_date.review_date = "31/03/2012".to_owned();
    let reply = add(&mut perf, &bad_date).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply
        .body
        .contains("The review date “31/03/2012” was refused"));
    assert_eq!(app.store.risks(1).await.expect("risks").len(), 2);

    // Every write is audited.
    let admin = app.add_user("auditor", Role::Admin).await;
    let audit = app
        .store
        .audit_log(admin.organisation.id, None, 50)
        .await
        .expect("audit log");
    let actions: Vec<&str> = audit.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions.iter().filter(|a| a.starts_with("risk.")).count(),
        3,
        "{actions:?}"
    );

    // Readers see the register but not the forms; their posts are refused.
    let mut board = app.sign_in_as("board", Role::BoardMember).await;
    let register = board.get("/plans/1/risks").await;
    assert_eq!(register.status, StatusCode::OK);
    assert!(!register.body.contains("/plans/1/risks/new"));
    assert_eq!(
        board.get("/plans/1/risks/new").await.status,
        StatusCode::FORBIDDEN
    );
    let token = board.csrf_token().await;
    let reply = post(
        &mut board,
        "/plans/1/risks",
        &fields(&risk_form("Not theirs"), &token),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let page = board.get("/plans/1/risks/1").await;
    assert!(!page.body.contains("Save risk"));
}

async fn two_changes_from_one_version_have_one_winner(app: &TestApp) {
    app.import_sample_plan().await;
    let mut perf = app.sign_in_as("perf", Role::PerformanceOfficer).await;
    add(&mut perf, &risk_form("Rising demand at the front door")).await;
    let page = perf.get("/plans/1/risks/1").await;
    let version = page.hidden_field("version");
    let mut rivals = JoinSet::new();
    for rival in 0..4 {
        let mut browser = app
            .sign_in_as(&format!("rival{rival}"), Role::PerformanceOfficer)
            .await;
        let version = version.clone();
        rivals.spawn(async move {
            let token = browser.csrf_token().await;
            let mut changed = risk_form("Rising demand at the front door");
            changed.owner = format!("Owner {rival}");
            let mut form = fields(&changed, &token);
            form.push(("version".to_owned(), version));
            post(&mut browser, "/plans/1/risks/1", &form).await.status
        });
    }
    let statuses = rivals.join_all().await;
    let won = statuses
        .iter()
        .filter(|s| **s == StatusCode::SEE_OTHER)
        .count();
    let lost = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((won, lost), (1, 3), "{statuses:?}");
    let held = app.store.risk(1, 1).await.expect("read").expect("risk");
    assert_eq!(held.version, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officers_add_and_change_risks_and_the_heat_map_counts_them_on_sqlite() {
    let app = TestApp::start().await;
    officers_add_and_change_risks_and_the_heat_map_counts_them(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officers_add_and_change_risks_and_the_heat_map_counts_them_on_postgresql() {
    let app = TestApp::on_postgres().await;
    officers_add_and_change_risks_and_the_heat_map_counts_them(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_changes_from_one_version_have_one_winner_on_sqlite() {
    let app = TestApp::start().await;
    two_changes_from_one_version_have_one_winner(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_changes_from_one_version_have_one_winner_on_postgresql() {
    let app = TestApp::on_postgres().await;
    two_changes_from_one_version_have_one_winner(&app).await;
    app.finish().await;
}
