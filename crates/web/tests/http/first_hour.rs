//! What people found in their first hour: where the approvals are, what an
//! approver sees before deciding, and who owns an indicator.

use crate::harness::*;

/// The text of the element with `id`, up to its closing tag.
fn element<'a>(body: &'a str, id: &str) -> &'a str {
    let start = body
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in\n{body}"));
    let rest = &body[start..];
    &rest[..rest.find("</dd>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn performance_officers_reach_the_approvals_from_the_main_navigation() {
    let app = TestApp::start().await;
    let (mut perf, mut lead) = app.sign_off().await;
    lead.enter_ni59("81%", "submit").await;

    let home = perf.get("/").await;
    assert!(
        home.body
            .contains("<a class=\"header__link\" href=\"/approvals\">Approvals</a>"),
        "{}",
        home.body
    );
    let approvals = perf.get("/approvals").await;
    assert!(
        approvals.body.contains("/plans/1/approvals\">")
            && approvals.body.contains("1 figure waiting"),
        "{}",
        approvals.body
    );
    assert!(!lead.get("/").await.body.contains("href=\"/approvals\""));

    let mine = perf.get("/my/indicators").await.body;
    assert!(
        !mine.contains("You do not own any indicators yet"),
        "a performance officer is not told to wait for an owner: {mine}"
    );
    assert!(mine.contains("href=\"/approvals\""), "{mine}");
}

#[tokio::test]
async fn the_approver_sees_the_target_the_previous_figure_and_the_rag_it_would_get() {
    let app = TestApp::start().await;
    app.add_user("checker", Role::PerformanceOfficer).await;
    let (_perf, mut lead) = app.sign_off().await;
    lead.enter_ni59("81%", "submit").await;
    let mut checker = app.signed_in("checker").await;
    let page = checker.get("/plans/1/approvals/1").await.body;
    assert!(element(&page, "target").contains("80%"), "{page}");
    assert!(element(&page, "previous").contains("2009/10"), "{page}");
    let rag = element(&page, "rag-if-approved");
    assert!(rag.contains("Green"), "81% meets the 80% target: {rag}");
    assert_eq!(
        app.stored_ni59().await,
        "73.5%",
        "the preview stores nothing"
    );
}

#[tokio::test]
async fn an_indicator_page_names_its_assigned_owner_as_lead_officer() {
    let app = TestApp::start().await;
    let (_perf, _lead) = app.sign_off().await;
    let mut board = app.signed_in("board").await;
    let page = board.get("/plans/1/indicators/NI%2059").await.body;
    let row = page
        .split("<div class=\"summary-list__row\">")
        .find(|row| row.contains(">Lead officer<"))
        .unwrap_or_else(|| panic!("no lead officer row in\n{page}"));
    assert!(row.contains("lead (assigned owner)"), "{row}");
    assert!(!row.contains("Not recorded"), "{row}");
}
