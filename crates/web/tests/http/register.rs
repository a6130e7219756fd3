//! The early-help register over HTTP: who may see what on every register page
//! and API call, the whole journey through the forms, refusals and conflicts,
//! and the plan indicator the register feeds. Each scenario runs on SQLite
//! and PostgreSQL.

use axum::http::StatusCode;
use serde_json::json;
use trustboard_core::register::ChildId;
use trustboard_store::register::MeasureMapping;

use crate::harness::*;

/// The sample plan's CAF timeliness indicator, fed by the register.
const CAF_INDICATOR: &str = "% of children and young people with multiple needs who have a CAF completed by a multi-agency professional within 15 working days, following identification of need";

/// Everyone the access matrix asks about, signed in.
struct People {
    plan_roles: Vec<(&'static str, Browser)>,
    coordinator: Browser,
    /// A practitioner of the school, whose concern put the child on the register.
    involved: Browser,
    /// A practitioner of the youth service, not working with the child.
    other_agency: Browser,
    /// A coordinator of another partnership.
    elsewhere: Browser,
}

async fn people(app: &TestApp) -> People {
    app.add_register_staff().await;
    app.add_register_staff_of(TESTSHIRE).await;
    let mut plan_roles = Vec::new();
    for (name, role) in [
        ("admin", Role::Admin),
        ("officer", Role::PerformanceOfficer),
        ("lead", Role::LeadOfficer),
        ("board", Role::BoardMember),
    ] {
        plan_roles.push((name, app.sign_in_as(name, role).await));
    }
    app.add_practitioner("sam", "p-school").await;
    app.add_practitioner("yusuf", "p-youth").await;
    app.add_member("tess", Role::RegisterCoordinator, Membership::of(TESTSHIRE))
        .await;
    People {
        plan_roles,
        coordinator: app.sign_in_as("cora", Role::RegisterCoordinator).await,
        involved: app.signed_in("sam").await,
        other_agency: app.signed_in("yusuf").await,
        elsewhere: app.signed_in("tess").await,
    }
}

/// The child's routes a practitioner might try, pages and API.
const CHILD_ROUTES: &[&str] = &[
    "/register/children/C1",
    "/register/children/C1/steps/review",
    "/api/register/children/C1",
];

async fn access_matrix(app: TestApp) {
    let mut people = people(&app).await;
    app.add_register_child("C1", "Alex Example", "school", register_today())
        .await;

    for path in CHILD_ROUTES {
        for (name, browser) in &mut people.plan_roles {
            let reply = browser.get(path).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{name} {path}");
            assert!(!reply.body.contains("Alex"), "{name} {path}");
        }
        assert_eq!(
            people.coordinator.get(path).await.status,
            StatusCode::OK,
            "{path}"
        );
        assert_eq!(
            people.involved.get(path).await.status,
            StatusCode::OK,
            "{path}"
        );
        let reply = people.elsewhere.get(path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!reply.body.contains("Alex"), "{path}");
        // The other agency's practitioner learns only whom to contact.
        let reply = people.other_agency.get(path).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            reply.body.contains("the early-help register coordinators"),
            "{path}: {}",
            reply.body
        );
        assert!(!reply.body.contains("Often late and hungry"), "{path}");
        let anonymous = app.visitor().get(path).await.status;
        let expected = if path.starts_with("/api/") {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::SEE_OTHER
        };
        assert_eq!(anonymous, expected, "{path}");
    }

    // Search: the whole row for those who may see the child, the signpost
    // for the other agency, nothing from another partnership.
    let search = "/api/register/search?q=alex";
    let found = people.coordinator.get(search).await.json();
    assert_eq!(found[0]["access"], "full");
    assert_eq!(found[0]["reference"], "C1");
    let found = people.other_agency.get(search).await.json();
    assert_eq!(found[0]["access"], "signpost");
    assert!(found[0].get("level").is_none());
    assert_eq!(people.elsewhere.get(search).await.json(), json!([]));
    for (name, browser) in &mut people.plan_roles {
        assert_eq!(
            browser.get(search).await.status,
            StatusCode::FORBIDDEN,
            "{name}"
        );
    }
    let page = people.other_agency.get("/register?q=Alex").await;
    assert!(
        page.body.contains("is known to the register"),
        "{}",
        page.body
    );
    // A search shows what it found; the work due is a page of its own.
    assert!(!page.body.contains("Due and overdue"), "{}", page.body);
    assert!(
        page.body.contains("href=\"/register\">Work due"),
        "{}",
        page.body
    );

    // Recording a step is refused the same way.
    let token = people.other_agency.csrf_token().await;
    let step = json!({"version": 1, "step": {"step": "record_review", "date": register_today(), "attendees": [], "notes": "x"}});
    let reply = people
        .other_agency
        .post_json("/api/register/children/C1/steps", &step, &token)
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let token = people.elsewhere.csrf_token().await;
    let reply = people
        .elsewhere
        .post_json("/api/register/children/C1/steps", &step, &token)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    // The API records a step the core accepts, refuses one it does not, and
    // turns away one made against an old version.
    let token = people.involved.csrf_token().await;
    let involvement = json!({"step": "record_involvement", "date": register_today(), "agency": "health", "note": "Health visitor"});
    let reply = people
        .involved
        .post_json(
            "/api/register/children/C1/steps",
            &json!({"version": 1, "step": involvement}),
            &token,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.json()["version"], 2);
    let reply = people
        .involved
        .post_json(
            "/api/register/children/C1/steps",
            &json!({"version": 1, "step": involvement}),
            &token,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let reply = people
        .involved
        .post_json("/api/register/children/C1/steps", &step.clone(), &token)
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let long_note = "n".repeat(10_001);
    let too_long = json!({"step": "record_involvement", "date": register_today(), "agency": "health", "note": long_note});
    let reply = people
        .involved
        .post_json(
            "/api/register/children/C1/steps",
            &json!({"version": 2, "step": too_long}),
            &token,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.json()["error"]["message"],
        "the involvement's note is 10,001 characters long; keep it to 10,000 or fewer"
    );
    let review = json!({"version": 2, "step": {"step": "record_review", "date": register_today(), "attendees": [], "notes": "x"}});
    let reply = people
        .involved
        .post_json("/api/register/children/C1/steps", &review, &token)
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.json()["error"]["message"]
        .as_str()
        .is_some_and(|error| error.contains("nothing to review yet")));
    let reply = people
        .involved
        .post_json("/api/register/children/C1/steps", &review, "not the token")
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // Only the register's people have the Register link.
    assert!(people
        .involved
        .get("/")
        .await
        .body
        .contains("href=\"/register\""));
    for (name, browser) in &mut people.plan_roles {
        assert!(
            !browser.get("/").await.body.contains("href=\"/register\""),
            "{name}"
        );
    }

    // A recorded decision to share with the youth service opens the record to it.
    let reply = record_step(
        &mut people.coordinator,
        "C1",
        "share",
        &[
            ("choice", "share"),
            ("recipient", "youth"),
            ("purpose", "Join the after-school group"),
            ("basis", "statutory_duty"),
            ("reason", "Section 11 duty to co-operate"),
            ("decided_by", "p-school"),
            ("date", &register_today().to_string()),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    // Shared without consent: on the sharing record, flagged for review.
    let page = people.coordinator.get("/register/children/C1").await;
    let sharing = page
        .body
        .split("Consent and sharing")
        .nth(1)
        .unwrap_or_default();
    assert!(
        sharing.contains("Decision: share with youth"),
        "{}",
        page.body
    );
    assert!(sharing.contains("flagged for review"));
    for path in CHILD_ROUTES {
        assert_eq!(
            people.other_agency.get(path).await.status,
            StatusCode::OK,
            "{path}"
        );
    }

    // Every refused attempt is in the audit.
    let child = app
        .store
        .register_child_audit(KINGSTON, &ChildId::new("C1"))
        .await
        .expect("child audit");
    assert!(child
        .iter()
        .any(|row| row.actor == "yusuf" && row.detail.contains("signpost shown")));
    assert!(child.iter().any(|row| row.actor == "yusuf"
        && row.action == "view"
        && !row.detail.starts_with("refused")));
    let board = app
        .store
        .register_actor_audit(KINGSTON, "board")
        .await
        .expect("actor audit");
    assert!(
        board
            .iter()
            .any(|row| row.detail == "refused: GET /register/children/C1"),
        "{board:?}"
    );
    let tess = app
        .store
        .register_actor_audit(TESTSHIRE, "tess")
        .await
        .expect("actor audit");
    assert!(
        tess.iter()
            .any(|row| row.detail.contains("no child C1 on this register")),
        "{tess:?}"
    );
    let searches = app
        .store
        .register_actor_audit(KINGSTON, "yusuf")
        .await
        .expect("actor audit");
    assert!(searches.iter().any(|row| row.action == "search"));
    // A practitioner asking for the coordinators' pages is refused, and that is recorded.
    let reply = people.involved.get("/register/children/C1/audit").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let sam = app
        .store
        .register_actor_audit(KINGSTON, "sam")
        .await
        .expect("actor audit");
    assert!(sam
        .iter()
        .any(|row| row.detail == "refused: who saw a child is for coordinators"));
    // Coordinators read the same on the child's page.
    let who = people.coordinator.get("/register/children/C1/audit").await;
    assert!(who.body.contains("yusuf") && who.body.contains("signpost shown"));
    let what = people.coordinator.get("/register/audit?user=yusuf").await;
    assert!(what.body.contains("search"));
    app.finish().await;
}

#[tokio::test]
async fn each_viewer_sees_what_the_sharing_rules_allow_on_sqlite() {
    access_matrix(TestApp::start().await).await;
}

#[tokio::test]
async fn each_viewer_sees_what_the_sharing_rules_allow_on_postgres() {
    access_matrix(TestApp::on_postgres().await).await;
}

/// Opens a step's form for `child` and submits it with `fields` and the
/// version the form carries.
async fn record_step(
    browser: &mut Browser,
    child: &str,
    kind: &str,
    fields: &[(&str, &str)],
) -> Reply {
    let path = format!("/register/children/{child}/steps/{kind}");
    let form = browser.get(&path).await;
    assert_eq!(form.status, StatusCode::OK, "{path}: {}", form.body);
    let version = form.hidden_field("version");
    let mut all = vec![("version", version.as_str())];
    all.extend_from_slice(fields);
    browser.submit(&path, &all).await
}

async fn journey(app: TestApp) {
    // The plan counts its figures in Kingston's four clusters.
    let mut plan = app.import_sample_plan().await;
    plan.localities.extend(
        [
            "Kingston Town",
            "Malden and Coombes",
            "Surbiton",
            "South of the Borough",
        ]
        .map(|name| trustboard_core::model::Locality {
            name: name.into(),
            parent: None,
            kind: "cluster".into(),
            valid_from: None,
            valid_to: None,
        }),
    );
    app.import(&plan, "kingston-cypp-2009-13.json").await;
    app.add_register_staff().await;
    let mapping = MeasureMapping {
        measure: "caf_within_15_working_days".into(),
        plan_id: 1,
        indicator: CAF_INDICATOR.into(),
    };
    app.store
        .map_register_measure(KINGSTON, &mapping)
        .await
        .expect("map");
    let mut cora = app.sign_in_as("cora", Role::RegisterCoordinator).await;

    let fields = [
        ("reference", "J1"),
        ("name", "Jo Journey"),
        ("date_of_birth", "2005-02-03"),
        ("gender", "female"),
        ("locality", "Surbiton"),
        ("date", "2011-04-04"),
        ("raised_by", "Ms Brown"),
        ("agency", "school"),
        ("description", "Often hungry and late"),
        ("flags.free_school_meals", "yes"),
        ("flags.young_carer", "yes"),
    ];
    // A locality the plan does not have would leave the child out of its
    // figures, so it is refused.
    let misspelt: Vec<(&str, &str)> = fields
        .iter()
        .map(|&(name, value)| {
            (
                name,
                if name == "locality" {
                    "Surbitom"
                } else {
                    value
                },
            )
        })
        .collect();
    let reply = cora.submit("/register/children/new", &misspelt).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .error_summary()
            .contains("Choose the locality from the list"),
        "{}",
        reply.error_summary()
    );
    let reply = cora.submit("/register/children/new", &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/register/children/J1?done=added");
    let again = cora.submit("/register/children/new", &fields).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again
        .error_summary()
        .contains("A child with reference J1 is already on the register"));
    let empty = cora.submit("/register/children/new", &[]).await;
    let summary = empty.error_summary();
    assert!(
        summary.contains("Enter the child&#39;s full name"),
        "{summary}"
    );
    assert!(summary.contains("Choose the agency"), "{summary}");

    let steps: &[(&str, &[(&str, &str)])] = &[
        (
            "level",
            &[
                ("change.date", "2011-04-05"),
                ("change.level", "family_support_package"),
                ("change.set_by", "p-school"),
                ("change.reason", "Needs in several areas"),
            ],
        ),
        (
            "caf-start",
            &[
                ("need_identified", "2011-04-06"),
                ("date", "2011-04-07"),
                ("assessor", "p-school"),
                ("family_agreed", "yes"),
            ],
        ),
        (
            "caf-discussion",
            &[
                ("date", "2011-04-14"),
                ("needs", "Attendance\nBreakfast"),
                ("strengths", "Close to grandmother"),
                ("outcome", "family_support_meeting"),
            ],
        ),
        (
            "lead-professional",
            &[("practitioner", "p-school"), ("date", "2011-04-15")],
        ),
        (
            "carer",
            &[
                ("date", "2011-04-15"),
                ("name", "Pat Journey"),
                ("relationship", "mother"),
                ("parental_responsibility", "yes"),
            ],
        ),
        (
            "meeting",
            &[
                ("kind", "team_around_the_child"),
                ("date", "2011-04-20"),
                ("attendees.p-school", "yes"),
                ("attendees.p-health", "yes"),
                ("plan", "Breakfast club and health visits"),
            ],
        ),
        (
            "review",
            &[
                ("date", "2011-07-01"),
                ("attendees.p-school", "yes"),
                ("notes", "Attendance improving"),
            ],
        ),
        (
            "close",
            &[
                ("date", "2011-08-01"),
                ("outcome", "needs_met"),
                ("closed_by", "p-school"),
                ("note", "Plan complete"),
            ],
        ),
    ];
    for (index, (kind, fields)) in steps.iter().enumerate() {
        if *kind == "caf-start" {
            // A review before there is a CAF or a meeting is refused with the
            // core's reason, and nothing is written.
            let reply = record_step(
                &mut cora,
                "J1",
                "review",
                &[("date", "2011-04-06"), ("notes", "Too soon")],
            )
            .await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(
                reply
                    .error_summary()
                    .contains("There is nothing to review yet"),
                "{}",
                reply.error_summary()
            );
            let stored = app
                .store
                .register_record(KINGSTON, &ChildId::new("J1"))
                .await
                .expect("record");
            assert_eq!(stored.version, 2, "nothing was written");
        }
        if *kind == "lead-professional" {
            // Level 3 since 2011 with no Lead Professional: overdue work.
            let home = cora.get("/register").await;
            assert!(home
                .body
                .contains("Appoint a Lead Professional: level 3 since 2011-04-05"));
            assert!(home.body.contains("Overdue"));
            let all = cora.get("/register/children").await;
            assert!(all.body.contains("Jo Journey") && all.body.contains("Open (1)"));
        }
        let reply = record_step(&mut cora, "J1", kind, fields).await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "step {index} {kind}: {}",
            reply.body
        );
    }
    let page = cora.get("/register/children/J1").await;
    assert!(
        page.body.contains("free school meals, young carer"),
        "the flags ticked are on the record"
    );
    assert!(
        page.body
            .contains("Pat Journey, mother, with parental responsibility"),
        "the carer is on the record"
    );
    for seen in [
        "Female",
        "2005-02-03",
        "Level set to 3",
        "CAF preparation",
        "CAF discussion",
        "Lead Professional appointed",
        "Meeting: team around the child",
        "Review",
        "Record closed",
    ] {
        assert!(page.body.contains(seen), "{seen}");
    }

    // The step made the CAF indicator's value: 1 CAF of 1 on time in 2011/12.
    let indicator = format!(
        "/plans/1/indicators/{}?period=2011/12",
        CAF_INDICATOR
            .replace('%', "%25")
            .replace(' ', "%20")
            .replace(',', "%2C")
    );
    let reply = cora.get(&indicator).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("100.0% (1/1)"), "{}", reply.body);

    // Closed in 2011, the record is past retention; erasing it is a decision
    // with a reason, and the audit keeps its rows without naming the child.
    let list = cora.get("/register/retention").await;
    assert!(list.body.contains("J1, closed 2011-08-01"), "{}", list.body);
    let reply = cora
        .submit("/register/retention/J1/erase", &[("reason", " ")])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply
        .error_summary()
        .contains("Enter the reason for erasing the record of J1"));
    let reply = cora
        .submit(
            "/register/retention/J1/erase",
            &[("reason", "Six years after closure")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        cora.get("/register/children/J1").await.status,
        StatusCode::NOT_FOUND
    );
    let audit = app
        .store
        .register_actor_audit(KINGSTON, "cora")
        .await
        .expect("audit");
    assert!(audit.iter().any(|row| row.action == "erase"));
    assert!(audit.iter().all(|row| !row.detail.contains("Jo Journey")));
    app.finish().await;
}

#[tokio::test]
async fn the_journey_from_concern_to_closure_runs_through_the_forms_on_sqlite() {
    journey(TestApp::start().await).await;
}

#[tokio::test]
async fn the_journey_from_concern_to_closure_runs_through_the_forms_on_postgres() {
    journey(TestApp::on_postgres().await).await;
}

async fn concurrent_steps(app: TestApp) {
    app.add_register_staff().await;
    app.add_register_child("C1", "Alex Example", "school", register_today())
        .await;
    let mut first = app.sign_in_as("cora", Role::RegisterCoordinator).await;
    let mut second = app.signed_in("cora").await;
    let path = "/register/children/C1/steps/concern";
    let version = first.get(path).await.hidden_field("version");
    let today = register_today().to_string();
    let post = |mut browser: Browser, agency: &'static str| {
        let fields: Vec<(String, String)> = [
            ("version", version.as_str()),
            ("date", today.as_str()),
            ("raised_by", "Dr Patel"),
            ("agency", agency),
            ("description", "Missed appointments"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
        tokio::spawn(async move {
            let token = browser.csrf_token().await;
            let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
            all.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            browser.post(path, &all).await
        })
    };
    let _ = second.csrf_token().await;
    let (a, b) = tokio::join!(post(first.clone(), "health"), post(second.clone(), "youth"));
    let replies = [a.expect("first"), b.expect("second")];
    let statuses: Vec<StatusCode> = replies.iter().map(|r| r.status).collect();
    assert!(
        statuses.contains(&StatusCode::SEE_OTHER) && statuses.contains(&StatusCode::CONFLICT),
        "{statuses:?}"
    );
    let lost = replies
        .iter()
        .find(|reply| reply.status == StatusCode::CONFLICT)
        .expect("a conflict");
    assert!(lost
        .error_summary()
        .contains("Someone else recorded a step for this child after you opened this form"));
    let stored = app
        .store
        .register_record(KINGSTON, &ChildId::new("C1"))
        .await
        .expect("record");
    assert_eq!(stored.version, 2);
    assert_eq!(stored.record.concerns.len(), 2);
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_steps_from_one_version_one_wins_and_one_is_told_on_sqlite() {
    concurrent_steps(TestApp::start().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_steps_from_one_version_one_wins_and_one_is_told_on_postgres() {
    concurrent_steps(TestApp::on_postgres().await).await;
}
