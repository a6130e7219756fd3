//! Kent's projects and key actions on the web, on both backends: a lead
//! officer's six-monthly report is approved by a performance officer, never
//! by its own author, and only then shown to board members and in the pack.

use axum::http::StatusCode;

use crate::harness::*;

const KENT: &str = "Kent County Council";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_is_entered_approved_by_another_and_reaches_the_pack_on_sqlite() {
    let app = TestApp::start().await;
    a_report_is_entered_approved_by_another_and_reaches_the_pack(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_is_entered_approved_by_another_and_reaches_the_pack_on_postgresql() {
    let app = TestApp::on_postgres().await;
    a_report_is_entered_approved_by_another_and_reaches_the_pack(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_two_approvals_at_once_one_wins_and_the_other_is_a_conflict_on_sqlite() {
    let app = TestApp::start().await;
    of_two_approvals_at_once_one_wins_and_the_other_is_a_conflict(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_two_approvals_at_once_one_wins_and_the_other_is_a_conflict_on_postgresql() {
    let app = TestApp::on_postgres().await;
    of_two_approvals_at_once_one_wins_and_the_other_is_a_conflict(&app).await;
    app.finish().await;
}

pub async fn kent_user(app: &TestApp, name: &str, role: Role) -> Browser {
    app.add_member(name, role, Membership::of(KENT)).await;
    app.signed_in(name).await
}

/// The address of the project whose title starts with `title` on the list page.
pub fn project_link(list: &Reply, title: &str) -> String {
    let at = list
        .body
        .find(&format!("\">{title}"))
        .unwrap_or_else(|| panic!("{title} is not listed:\n{}", list.body));
    let start = list.body[..at].rfind("href=\"").expect("a link") + "href=\"".len();
    list.body[start..at].to_owned()
}

pub async fn enter_report(browser: &mut Browser, project: &str, commentary: &str) -> Reply {
    let token = browser.csrf_token().await;
    browser
        .post(
            &format!("{project}/reports"),
            &[
                ("csrf_token", token.as_str()),
                ("period", "2009/10 H1"),
                ("status", "at_risk"),
                ("rag", "amber"),
                ("commentary", commentary),
            ],
        )
        .await
}

pub async fn decide(
    browser: &mut Browser,
    project: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Reply {
    let page = browser.get(project).await;
    let form = format!("{project}/reports/");
    let start = page
        .body
        .find(&form)
        .unwrap_or_else(|| panic!("no decision form on {project}:\n{}", page.body));
    let id: String = page.body[start + form.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let version = page.hidden_field("version");
    let token = page.csrf_token();
    let mut sent = vec![
        ("csrf_token", token.as_str()),
        ("version", version.as_str()),
    ];
    sent.extend_from_slice(fields);
    browser
        .post(&format!("{project}/reports/{id}/{action}"), &sent)
        .await
}

async fn a_report_is_entered_approved_by_another_and_reaches_the_pack(app: &TestApp) {
    let plan = app.import_kent_business_plan().await;
    let mut lead = kent_user(app, "lead", Role::LeadOfficer).await;
    let mut perf = kent_user(app, "perf", Role::PerformanceOfficer).await;
    let mut checker = kent_user(app, "checker", Role::PerformanceOfficer).await;
    let mut board = kent_user(app, "board", Role::BoardMember).await;

    let list = board.get(&format!("/plans/{plan}/projects")).await;
    assert_eq!(list.status, StatusCode::OK);
    for group in [
        "T2010",
        "Joint Targets",
        "Children and Young People",
        "CFE Specific Projects",
    ] {
        assert!(list.body.contains(group), "{group} is a heading");
    }
    let project = project_link(&list, "Special School Review");
    let details = board.get(&project).await;
    assert!(
        details.body.contains("1 special school will be delivered"),
        "deliverables shown"
    );
    assert!(details.body.contains("CYPP Priority 5"));
    assert!(
        !details.body.contains("Enter a progress report"),
        "board members do not enter"
    );

    // Refused values are named; nothing is written.
    let token = lead.csrf_token().await;
    let refused = lead
        .post(
            &format!("{project}/reports"),
            &[
                ("csrf_token", token.as_str()),
                ("period", "2009/10"),
                ("status", "on_track"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.error_summary().contains("not a half year"),
        "{}",
        refused.error_summary()
    );
    assert!(refused
        .error_summary()
        .contains("Choose red, amber or green"));

    let entered = enter_report(&mut lead, &project, "Wave 3 school delayed by planning").await;
    assert_eq!(entered.status, StatusCode::SEE_OTHER);
    // Not yet approved: the board sees nothing of it, officers see it waiting.
    let unseen = board.get(&project).await;
    assert!(
        !unseen.body.contains("Wave 3 school delayed"),
        "the board sees an unapproved report"
    );
    assert!(perf
        .get(&project)
        .await
        .body
        .contains("Wave 3 school delayed"));
    // A lead officer may not decide at all.
    let token = lead.csrf_token().await;
    let by_lead = lead
        .post(
            &format!("{project}/reports/1/approve"),
            &[("csrf_token", token.as_str()), ("version", "1")],
        )
        .await;
    assert_eq!(by_lead.status, StatusCode::FORBIDDEN);

    // A performance officer's own report waits for another.
    let own = enter_report(&mut perf, &project, "Own words").await;
    assert_eq!(own.status, StatusCode::SEE_OTHER);
    let own_page = perf.get(&project).await;
    assert!(
        own_page.body.contains("You entered this report"),
        "the author is told"
    );
    let token = perf.csrf_token().await;
    let own_id = app.store.project_reports(plan).await.expect("reports")[1]
        .id
        .to_string();
    let refused = perf
        .post(
            &format!("{project}/reports/{own_id}/approve"),
            &[("csrf_token", token.as_str()), ("version", "1")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // The checker returns the newest report (the officer's own) and approves the lead officer's.
    let returned = decide(
        &mut checker,
        &project,
        "return",
        &[("reason", "Say which school")],
    )
    .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER);
    let approved = decide(&mut checker, &project, "approve", &[]).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);

    let seen = board.get(&project).await;
    assert!(seen.body.contains("Wave 3 school delayed by planning"));
    assert!(
        !seen.body.contains("Own words"),
        "a returned report stays hidden"
    );
    assert!(seen.body.contains("Approved by checker"));
    let list = board.get(&format!("/plans/{plan}/projects")).await;
    assert!(list.body.contains("At risk"));
    assert!(
        list.body.contains("▲ A</span> Amber"),
        "RAG with shape and letter"
    );

    // Every write is in the audit log, naming the project and half year.
    let organisation = app.store.users().await.expect("users")[0].organisation.id;
    let audit = app
        .store
        .audit_log(organisation, None, 100)
        .await
        .expect("audit");
    let about_project: Vec<&str> = audit
        .iter()
        .filter(|r| r.subject.as_deref() == Some("project `Special School Review`, 2009/10 H1"))
        .map(|r| r.action.as_str())
        .collect();
    assert_eq!(
        about_project,
        [
            "project_report.approved",
            "project_report.returned",
            "project_report.submitted",
            "project_report.submitted"
        ]
    );

    let pack = perf
        .get(&format!(
            "/plans/{plan}/report?period=2009%2F10&format=html"
        ))
        .await;
    assert_eq!(pack.status, StatusCode::OK, "{}", pack.body);
    assert!(pack.body.contains("Projects and key actions"));
    assert!(pack.body.contains("Wave 3 school delayed by planning"));
    assert!(!pack.body.contains("Own words"));
}

async fn of_two_approvals_at_once_one_wins_and_the_other_is_a_conflict(app: &TestApp) {
    let plan = app.import_kent_business_plan().await;
    let mut lead = kent_user(app, "lead", Role::LeadOfficer).await;
    let mut first = kent_user(app, "first", Role::PerformanceOfficer).await;
    let mut second = kent_user(app, "second", Role::PerformanceOfficer).await;
    let list = lead.get(&format!("/plans/{plan}/projects")).await;
    let project = project_link(&list, "Parenting Strategy");
    let entered = enter_report(&mut lead, &project, "Consultation under way").await;
    assert_eq!(entered.status, StatusCode::SEE_OTHER);
    let report = app.store.project_reports(plan).await.expect("reports")[0].clone();
    let path = format!("{project}/reports/{}/approve", report.id);
    let version = report.version.to_string();
    let first_token = first.csrf_token().await;
    let second_token = second.csrf_token().await;
    let first_form = [
        ("csrf_token", first_token.as_str()),
        ("version", version.as_str()),
    ];
    let second_form = [
        ("csrf_token", second_token.as_str()),
        ("version", version.as_str()),
    ];
    let (a, b) = tokio::join!(
        first.post(&path, &first_form),
        second.post(&path, &second_form)
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    let after = app.store.project_reports(plan).await.expect("reports");
    assert_eq!(after[0].version, report.version + 1, "decided once");
}
