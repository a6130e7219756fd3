//! The first pages after an approval: the server judges again only the
//! indicator whose figure was approved, and says exactly what a server
//! judging the whole plan from scratch says, on both backends.

use axum::http::StatusCode;

use crate::harness::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_an_approval_the_pages_say_what_a_fresh_judgement_says_on_sqlite() {
    let app = TestApp::start().await;
    after_an_approval_the_pages_say_what_a_fresh_judgement_says(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_an_approval_the_pages_say_what_a_fresh_judgement_says_on_postgresql() {
    let app = TestApp::on_postgres().await;
    after_an_approval_the_pages_say_what_a_fresh_judgement_says(&app).await;
    app.finish().await;
}

/// What the board sees of the plan in 2010/11, as JSON.
const VIEWS: [&str; 4] = [
    "/api/plans/1/overview?period=2010/11",
    "/api/plans/1/indicators/NI%2059?period=2010/11",
    "/api/plans/1/exceptions?period=2010/11",
    "/api/plans/1/nodes/1?period=2010/11",
];

/// The overview page the board opens, rendered again after each sign-off.
const OVERVIEW_PAGE: &str = "/plans/1?period=2010/11";

async fn revision_of_plan_1(app: &TestApp) -> i64 {
    let plan = app.store.plan_handle(1).await.expect("plan");
    plan.expect("plan 1").revision
}

async fn views(browser: &mut Browser) -> Vec<serde_json::Value> {
    let mut replies = Vec::new();
    for path in VIEWS {
        let reply = browser.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        replies.push(reply.json());
    }
    replies
}

async fn after_an_approval_the_pages_say_what_a_fresh_judgement_says(app: &TestApp) {
    let (mut perf, mut lead) = app.sign_off().await;
    let mut board = app.signed_in("board").await;
    // The board's views are judged and held before the figure changes.
    let before = views(&mut board).await;
    let page_before = board.get(OVERVIEW_PAGE).await.body;
    let revision = revision_of_plan_1(app).await;
    assert_eq!(before[1]["rag"], "red", "{}", before[1]);

    assert_eq!(
        lead.enter_ni59("81%", "submit").await.status,
        StatusCode::SEE_OTHER
    );
    let token = perf.csrf_token().await;
    let reply = perf
        .post("/plans/1/approvals/1/approve", &[("csrf_token", &token)])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);

    // The approval said which indicator it changed, so only NI 59 is judged again.
    let now = revision_of_plan_1(app).await;
    let changed = app
        .store
        .changed_indicators(1, revision, now)
        .await
        .expect("changes");
    assert_eq!(changed, Some(["NI 59".to_owned()].into()));

    let after = views(&mut board).await;
    assert_eq!(after[1]["rag"], "green", "{}", after[1]);
    assert_ne!(before[0], after[0], "the overview counts the new RAG");
    let mut fresh = app.on_a_fresh_server(&board);
    let from_scratch = views(&mut fresh).await;
    for ((path, kept), fresh) in VIEWS.iter().zip(&after).zip(&from_scratch) {
        assert_eq!(kept, fresh, "{path}");
    }
    // The overview page was rendered again by the approval itself.
    let page_after = board.get(OVERVIEW_PAGE).await.body;
    assert_ne!(
        page_before, page_after,
        "the overview page shows the new RAG"
    );
    assert_eq!(page_after, fresh.get(OVERVIEW_PAGE).await.body);
}
