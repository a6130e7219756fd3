//! Kent's resources, projects and risks where a board reads them: the plan's
//! overview and the JSON API, each reply fitting its documented schema, on
//! both backends. A report awaiting approval stays out of the board's view.

use axum::http::StatusCode;
use trustboard_core::risks::RiskInput;

use crate::api::{assert_fits, reply_schema};
use crate::harness::*;
use crate::projects::{decide, enter_report, kent_user, project_link};
use crate::risks::{fields, post, risk_form};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_and_the_api_show_resources_projects_and_risks_on_sqlite() {
    let app = TestApp::start().await;
    the_overview_and_the_api_show_resources_projects_and_risks(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_and_the_api_show_resources_projects_and_risks_on_postgresql() {
    let app = TestApp::on_postgres().await;
    the_overview_and_the_api_show_resources_projects_and_risks(&app).await;
    app.finish().await;
}

/// `path`'s reply to `browser`, checked against the schema `template` documents.
async fn fitting(
    browser: &mut Browser,
    spec: &serde_json::Value,
    path: &str,
    template: &str,
) -> serde_json::Value {
    let reply = browser.get(path).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    let body = reply.json();
    assert_fits(&reply_schema(spec, template, "get", "200"), &body, path);
    body
}

/// The projects the API lists to `browser`.
async fn projects_seen_by(
    browser: &mut Browser,
    spec: &serde_json::Value,
    api: &str,
) -> serde_json::Value {
    let path = format!("{api}/projects");
    fitting(browser, spec, &path, "/plans/{id}/projects").await
}

/// The reports the API lists for the project titled `title`.
fn reports_of<'a>(projects: &'a serde_json::Value, title: &str) -> &'a Vec<serde_json::Value> {
    projects["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .find(|p| p["title"].as_str().is_some_and(|t| t.starts_with(title)))
        .unwrap_or_else(|| panic!("{title} is not listed"))["reports"]
        .as_array()
        .expect("reports")
}

async fn the_overview_and_the_api_show_resources_projects_and_risks(app: &TestApp) {
    app.import_sample_plan().await;
    let plan = app.import_kent_business_plan().await;
    let mut lead = kent_user(app, "lead", Role::LeadOfficer).await;
    let mut perf = kent_user(app, "perf", Role::PerformanceOfficer).await;
    let mut checker = kent_user(app, "checker", Role::PerformanceOfficer).await;
    let mut board = kent_user(app, "board", Role::BoardMember).await;
    let spec = app.visitor().get("/api/openapi.json").await.json();
    let overview = format!("/plans/{plan}");
    let api = format!("/api/plans/{plan}");

    // Budget by outcome is there from the import; no project has a report yet.
    let page = board.get(&overview).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"resources\""), "{}", page.body);
    assert!(page.body.contains("Budget linked to each outcome (£000s)"));
    let projects = projects_seen_by(&mut board, &spec, &api).await;
    let count = projects["projects"].as_array().expect("projects").len();
    assert!(count > 10, "seed 004's projects are listed: {count}");
    let projects_said = format!(
        "{count} projects and key actions. By their latest approved report: no approved report yet {count}."
    );
    assert!(page.body.contains(&projects_said), "{}", page.body);
    assert!(!page.body.contains("Top risks"), "no risk yet");

    // A risk, and a report entered by the lead officer.
    let token = perf.csrf_token().await;
    let risk: RiskInput = risk_form("Special school places run short");
    let form = perf.get(&format!("{overview}/risks/new")).await;
    assert!(
        form.body.contains("Special School Review"),
        "projects offered"
    );
    let added = post(
        &mut perf,
        &format!("{overview}/risks"),
        &fields(&risk, &token),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let list = lead.get(&format!("{overview}/projects")).await;
    let project = project_link(&list, "Special School Review");
    let entered = enter_report(&mut lead, &project, "Two sites still to agree").await;
    assert_eq!(entered.status, StatusCode::SEE_OTHER, "{}", entered.body);

    // A second risk belongs to the project: its page lists it, and the
    // project's own register holds it alone.
    let project_id = project.rsplit('/').next().expect("an id").to_owned();
    let mut sent = fields(&risk_form("Sites for two schools not agreed"), &token);
    sent.push(("project".to_owned(), project_id.clone()));
    let added = post(&mut perf, &format!("{overview}/risks"), &sent).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = board.get(&project).await;
    assert!(
        page.body
            .contains("R2</a> Sites for two schools not agreed"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Special school places run short"));
    let own = board
        .get(&format!("{overview}/risks?project={project_id}"))
        .await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains("Risk register: Special School Review"));
    assert!(own.body.contains("Sites for two schools not agreed"));
    assert!(!own.body.contains("Special school places run short"));
    let mut wrong = fields(&risk_form("Nowhere"), &token);
    wrong.push(("project".to_owned(), "999999".to_owned()));
    let refused = post(&mut perf, &format!("{overview}/risks"), &wrong).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("999999"), "{}", refused.body);

    // The report waits in the plan's approval queue.
    let queue = checker.get(&format!("{overview}/approvals")).await;
    assert!(queue
        .body
        .contains("Project progress reports awaiting approval"));
    assert!(
        queue
            .body
            .contains(&format!("href=\"{project}\">Special School Review")),
        "{}",
        queue.body
    );
    let queues = checker.get("/approvals").await;
    assert!(
        queues.body.contains("and 1 project report waiting"),
        "{}",
        queues.body
    );

    // Awaiting approval: the lead officer sees it, the board does not.
    let seen = projects_seen_by(&mut lead, &spec, &api).await;
    let reports = reports_of(&seen, "Special School Review");
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["status"], "submitted");
    let seen = projects_seen_by(&mut board, &spec, &api).await;
    assert!(reports_of(&seen, "Special School Review").is_empty());
    let page = board.get(&overview).await;
    assert!(page.body.contains(&projects_said), "{}", page.body);

    let approved = decide(&mut checker, &project, "approve", &[]).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let seen = projects_seen_by(&mut board, &spec, &api).await;
    let reports = reports_of(&seen, "Special School Review");
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["status"], "approved");
    assert_eq!(reports[0]["rag"], "amber");
    assert_eq!(reports[0]["period"], "2009/10 H1");

    // The register: scores as likelihood × impact, banded.
    let register = fitting(
        &mut board,
        &spec,
        &format!("{api}/risks"),
        "/plans/{id}/risks",
    )
    .await;
    assert_eq!(register["risks"].as_array().map(Vec::len), Some(2));
    let first = &register["risks"][0];
    assert_eq!(first["description"], "Special school places run short");
    assert_eq!(first["inherent"]["score"], 20);
    assert_eq!(first["inherent"]["band"], "extreme");
    assert_eq!(first["residual"]["score"], 12);
    assert_eq!(first["residual"]["band"], "high");
    assert_eq!(first["review_overdue"], false);
    assert!(first["project"].is_null());
    assert_eq!(
        register["risks"][1]["project"]["title"],
        "Special School Review"
    );

    // The pack's part, for the period pages open on (the report's half year is before it).
    let part = fitting(
        &mut board,
        &spec,
        &format!("{api}/resources"),
        "/plans/{id}/resources",
    )
    .await;
    assert_eq!(
        part["resources"]["years"],
        serde_json::json!(["2008-09", "2009-10"])
    );
    assert_eq!(part["risks"]["open"], 2);
    let reported: Vec<&serde_json::Value> = part["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .filter(|p| !p["progress"].is_null())
        .collect();
    assert_eq!(reported.len(), 1, "only the approved report is shown");
    assert_eq!(
        reported[0]["progress"]["commentary"],
        "Two sites still to agree"
    );

    // The overview says the same.
    let page = board.get(&overview).await;
    assert!(page.body.contains("Top risks"));
    assert!(page.body.contains("Special school places run short"));
    let others = count - 1;
    assert!(
        page.body
            .contains(&format!("Amber</span> 1; no approved report yet {others}.")),
        "{}",
        page.body
    );

    // A bad threshold is named; a plan without resources shows no section.
    let refused = board
        .get(&format!("{api}/resources?threshold_percent=lots"))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("threshold_percent"),
        "{}",
        refused.body
    );
    let mut officer = app.sign_in_as("officer", Role::PerformanceOfficer).await;
    let sample = officer.get("/plans/1").await;
    assert_eq!(sample.status, StatusCode::OK);
    assert!(!sample.body.contains("id=\"resources\""));
    // Another organisation's account reaches none of it.
    for path in ["resources", "risks", "projects"] {
        let reply = officer.get(&format!("{api}/{path}")).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
    }
}
