//! Entering figures and signing them off.

use axum::http::StatusCode;

use crate::harness::*;

#[tokio::test]
async fn lead_officers_enter_and_submit_only_for_indicators_they_own() {
    let app = TestApp::start().await;
    let (_perf, mut lead) = app.sign_off().await;

    let mine = lead.get("/my/indicators").await;
    assert!(
        mine.body
            .contains("Initial assessments carried out within 7 days"),
        "{}",
        mine.body
    );
    let mut other = app.signed_in("other").await;
    assert_eq!(
        other
            .get(&format!("{NI59_ENTRY}?period=2010%2F11"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let token = other.csrf_token().await;
    let reply = other
        .post(
            NI59_ENTRY,
            &[
                ("csrf_token", &token),
                ("period", "2010/11"),
                ("version", "1"),
                ("intent", "submit"),
                ("text", "99%"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // `lead` owns NI 59 but not NI 61.
    assert_eq!(
        lead.get("/plans/1/indicators/NI%2061/entry").await.status,
        StatusCode::FORBIDDEN
    );

    let empty = lead.enter_ni59("  ", "submit").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty
        .error_summary()
        .contains("Enter the out-turn, for example 62% or 31/35"));
    let nonsense = lead.enter_ni59("going well", "submit").await;
    assert_eq!(nonsense.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nonsense
        .error_summary()
        .contains("for example 62%, 31/35 or n/a"));
    assert!(
        nonsense.body.contains("value=\"going well\""),
        "the text is kept"
    );

    let draft = lead.enter_ni59("81%", "draft").await;
    assert_eq!(draft.status, StatusCode::SEE_OTHER, "{}", draft.body);
    let mut board = app.signed_in("board").await;
    let mut perf = app.signed_in("perf").await;
    let queue = perf.get("/plans/1/approvals").await;
    assert!(
        queue.body.contains("No figures are waiting"),
        "a draft is not submitted"
    );
    let submitted = lead.enter_ni59("81%", "submit").await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER);
    let queue = perf.get("/plans/1/approvals").await;
    assert!(
        queue.body.contains("81%") && queue.body.contains("lead"),
        "{}",
        queue.body
    );
    assert_eq!(
        app.stored_ni59().await,
        "73.5%",
        "nothing changes before approval"
    );
    let officer_home = perf.get("/my/indicators").await;
    assert!(
        officer_home.body.contains("/plans/1/approvals\">"),
        "{}",
        officer_home.body
    );
    assert!(
        officer_home.body.contains("1 figure waiting"),
        "{}",
        officer_home.body
    );

    let token = board.csrf_token().await;
    for path in [
        NI59_ENTRY,
        "/plans/1/approvals/1/approve",
        "/plans/1/approvals/1/return",
    ] {
        let reply = board
            .post(
                path,
                &[
                    ("csrf_token", &token),
                    ("period", "2010/11"),
                    ("reason", "no"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
    }
    let page = perf.get("/plans/1/approvals/1").await;
    assert!(page.body.contains("81%"), "the entry is still pending");
}

#[tokio::test]
async fn approval_stores_the_figure_keeps_the_old_one_and_changes_the_rag() {
    let app = TestApp::start().await;
    let (mut perf, mut lead) = app.sign_off().await;
    let before = lead.get(&format!("{NI59_ENTRY}?period=2010%2F11")).await;
    assert!(before.body.contains(">Red</strong>"), "{}", before.body);
    assert_eq!(
        lead.enter_ni59("81%", "submit").await.status,
        StatusCode::SEE_OTHER
    );

    let page = perf.get("/plans/1/approvals/1").await;
    let token = page.csrf_token();
    let reply = perf
        .post("/plans/1/approvals/1/approve", &[("csrf_token", &token)])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);

    assert_eq!(app.stored_ni59().await, "81%");
    let doc = app.stored_sample_plan().await;
    assert!(doc
        .observations
        .iter()
        .any(|o| o.indicator == "NI 59" && o.text == "81%"));
    let history = app.ni59_history().await;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].text, "73.5%");
    assert!(
        history[0].replaced_by.contains("approved by perf"),
        "{:?}",
        history[0]
    );

    let after = lead.get(&format!("{NI59_ENTRY}?period=2010%2F11")).await;
    assert!(after.body.contains(">Green</strong>"), "{}", after.body);
    assert!(
        after.body.contains("Audit of late assessments completed"),
        "commentary shown"
    );
    let comments = app.store.commentary(1, "NI 59").await.expect("commentary");
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].author, "lead");
    let kingston = app.store.users().await.expect("users")[0].organisation.id;
    let log = app
        .store
        .audit_log(kingston, None, 50)
        .await
        .expect("audit log");
    for action in ["entry.submitted", "entry.approved", "owner.assigned"] {
        assert!(log.iter().any(|r| r.action == action), "{action} recorded");
    }
    let queue = perf.get("/plans/1/approvals").await;
    assert!(queue.body.contains("No figures are waiting"));
}

#[tokio::test]
async fn returned_figures_go_back_to_their_author_with_the_reason() {
    let app = TestApp::start().await;
    let (mut perf, mut lead) = app.sign_off().await;
    assert_eq!(
        lead.enter_ni59("8.1%", "submit").await.status,
        StatusCode::SEE_OTHER
    );
    let token = perf.csrf_token().await;
    let empty = perf
        .post(
            "/plans/1/approvals/1/return",
            &[("csrf_token", &token), ("reason", " ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty
        .error_summary()
        .contains("Enter why the figure is being returned"));
    let long_reason = "r".repeat(10_001);
    let long = perf
        .post(
            "/plans/1/approvals/1/return",
            &[("csrf_token", &token), ("reason", &long_reason)],
        )
        .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(long
        .error_summary()
        .contains("The reason must be 10,000 characters or fewer; it has 10,001"));
    let reply = perf
        .post(
            "/plans/1/approvals/1/return",
            &[
                ("csrf_token", &token),
                ("reason", "Decimal point in the wrong place"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(app.stored_ni59().await, "73.5%");
    let page = lead.get(&format!("{NI59_ENTRY}?period=2010%2F11")).await;
    assert!(
        page.body
            .contains("Returned: Decimal point in the wrong place"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("value=\"8.1%\""),
        "the returned text is there to correct"
    );
}

#[tokio::test]
async fn a_figure_changed_meanwhile_is_a_conflict_and_is_never_overwritten() {
    let app = TestApp::start().await;
    let (mut perf, mut lead) = app.sign_off().await;
    let mut checker = app.checker().await;
    // The lead officer opens the form, then the performance officer changes the figure.
    let stale = lead.get(&format!("{NI59_ENTRY}?period=2010%2F11")).await;
    assert_eq!(
        perf.enter_ni59("79%", "submit").await.status,
        StatusCode::SEE_OTHER
    );
    let token = checker.csrf_token().await;
    let approved = checker
        .post("/plans/1/approvals/1/approve", &[("csrf_token", &token)])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);

    let fields = [
        ("csrf_token", stale.csrf_token()),
        ("period", "2010/11".to_owned()),
        ("version", stale.hidden_field("version")),
        ("text", "81%".to_owned()),
        ("intent", "submit".to_owned()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let conflict = lead.post(NI59_ENTRY, &fields).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert!(conflict.body.contains("Someone else changed this figure"));
    assert!(
        conflict.body.contains("<strong>81%</strong>")
            && conflict.body.contains("<strong>79%</strong>")
    );
    assert_eq!(app.stored_ni59().await, "79%");

    // An entry made before a change cannot be approved over it either.
    assert_eq!(
        lead.enter_ni59("81%", "submit").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        perf.enter_ni59("80.5%", "submit").await.status,
        StatusCode::SEE_OTHER
    );
    let approved = checker
        .post("/plans/1/approvals/3/approve", &[("csrf_token", &token)])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let refused = checker
        .post("/plans/1/approvals/2/approve", &[("csrf_token", &token)])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.body.contains("<strong>81%</strong>")
            && refused.body.contains("<strong>80.5%</strong>")
    );
    assert_eq!(app.stored_ni59().await, "80.5%");
    let history = app.ni59_history().await;
    let texts: Vec<&str> = history.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(texts, ["73.5%", "79%"], "every change kept");
}

#[tokio::test]
async fn figures_are_entered_for_a_group_and_only_for_known_localities() {
    let app = TestApp::start().await;
    let (mut perf, _lead) = app.sign_off().await;
    // The plan sets NI 59 a target for children on free school meals.
    let mut doc = app.stored_sample_plan().await;
    let mut fsm_target = doc
        .observations
        .iter()
        .find(|o| {
            o.indicator == "NI 59" && o.kind == trustboard_core::model::ObservationKind::Target
        })
        .expect("an NI 59 target")
        .clone();
    fsm_target.group = Some("FSM".into());
    doc.observations.push(fsm_target);
    app.import(&doc, "with an FSM target").await;

    let form = perf
        .get(&format!("{NI59_ENTRY}?period=2010%2F11&group=FSM"))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.hidden_field("version"), "0", "no FSM figure yet");
    let token = form.csrf_token();
    let fields = [
        ("csrf_token", token.as_str()),
        ("period", "2010/11"),
        ("locality", ""),
        ("group", "FSM"),
        ("version", "0"),
        ("text", "12/20"),
        ("intent", "submit"),
    ];
    let reply = perf.post(NI59_ENTRY, &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(
        reply.location().contains("group=FSM"),
        "{}",
        reply.location()
    );
    let mut checker = app.checker().await;
    app.approve_waiting(&mut checker).await;
    let fsm = trustboard_core::plan_diff::Slot {
        group: Some("FSM".into()),
        ..ni59_slot()
    };
    let value = app.store.slot_value(1, &fsm).await.expect("slot");
    assert_eq!(value.current.map(|c| c.text).as_deref(), Some("12/20"));
    assert_eq!(
        app.stored_ni59().await,
        "73.5%",
        "the whole area's figure is separate"
    );
}

#[tokio::test]
async fn nobody_approves_or_returns_a_figure_they_entered() {
    let app = TestApp::start().await;
    let (mut perf, _lead) = app.sign_off().await;
    assert_eq!(
        perf.enter_ni59("79%", "submit").await.status,
        StatusCode::SEE_OTHER
    );
    let page = perf.get("/plans/1/approvals/1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("You entered this figure, so you cannot approve or return it"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("/approvals/1/approve\"")
            && !page.body.contains("/approvals/1/return\""),
        "no buttons to press: {}",
        page.body
    );
    let token = page.csrf_token();
    for (path, fields) in [
        (
            "/plans/1/approvals/1/approve",
            vec![("csrf_token", token.as_str())],
        ),
        (
            "/plans/1/approvals/1/return",
            vec![("csrf_token", token.as_str()), ("reason", "Looks wrong")],
        ),
    ] {
        let refused = perf.post(path, &fields).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            refused
                .body
                .contains("Another performance officer must check it"),
            "{path}: {}",
            refused.body
        );
    }
    assert_eq!(app.stored_ni59().await, "73.5%", "nothing was written");
    let entry = app.store.submission(1).await.expect("read").expect("entry");
    assert_eq!(
        entry.status,
        trustboard_core::workflow::SubmissionStatus::Submitted
    );

    let mut checker = app.checker().await;
    let page = checker.get("/plans/1/approvals/1").await;
    assert!(
        page.body.contains("/plans/1/approvals/1/approve\""),
        "{}",
        page.body
    );
    app.approve_waiting(&mut checker).await;
    assert_eq!(app.stored_ni59().await, "79%");
    let history = app.ni59_history().await;
    assert!(
        history[0]
            .replaced_by
            .contains("web entry by perf, approved by checker"),
        "{:?}",
        history[0]
    );
}

#[tokio::test]
async fn administrators_choose_whether_lead_officers_figures_wait_for_approval() {
    let app = TestApp::start().await;
    let (mut perf, mut lead) = app.sign_off().await;
    let mut admin = app.sign_in_as("admin", Role::Admin).await;
    assert_eq!(
        perf.get("/admin/sign-off").await.status,
        StatusCode::FORBIDDEN
    );
    let page = admin.get("/admin/sign-off").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("value=\"approval\" checked"),
        "on by default: {}",
        page.body
    );
    assert_eq!(
        lead.enter_ni59("81%", "submit").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.stored_ni59().await, "73.5%", "waits for approval");

    let token = page.csrf_token();
    let missing = admin
        .post("/admin/sign-off", &[("csrf_token", &token)])
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.error_summary().contains("Select how lead officers"));
    let saved = admin
        .post(
            "/admin/sign-off",
            &[("csrf_token", &token), ("lead_officers", "direct")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = admin.get("/admin/sign-off").await;
    assert!(
        page.body.contains("value=\"direct\" checked"),
        "{}",
        page.body
    );

    // The entry already waiting still waits; a new one goes in when submitted,
    // with its commentary.
    let token = perf.csrf_token().await;
    let returned = perf
        .post(
            "/plans/1/approvals/1/return",
            &[("csrf_token", &token), ("reason", "Resubmit")],
        )
        .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER);
    let reply = lead.enter_ni59("82%", "submit").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(
        reply.location().contains("done=approved"),
        "{}",
        reply.location()
    );
    assert_eq!(app.stored_ni59().await, "82%");
    let comments = app.store.commentary(1, "NI 59").await.expect("commentary");
    assert_eq!(comments.len(), 1, "{comments:?}");
    // A performance officer's own figures still wait for someone else.
    assert_eq!(
        perf.enter_ni59("83%", "submit").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.stored_ni59().await, "82%");

    let kingston = app.store.users().await.expect("users")[0].organisation.id;
    let log = app
        .store
        .audit_log(kingston, None, 50)
        .await
        .expect("audit log");
    assert!(log
        .iter()
        .any(|r| r.action == "organisation.sign_off_changed"));
}

#[tokio::test]
async fn commentary_is_shown_only_once_its_figure_is_approved() {
    let app = TestApp::start().await;
    let (mut perf, mut lead) = app.sign_off().await;
    app.add_user("board2", Role::BoardMember).await;
    let mut board = app.signed_in("board2").await;
    let indicator = "/plans/1/indicators/NI%2059?period=2010%2F11";
    let returned_note = "Backlog cleared after the March audit";
    let figure = Figure {
        text: "8.1%",
        commentary: returned_note,
        internal: false,
        intent: "submit",
    };
    assert_eq!(lead.enter(&figure).await.status, StatusCode::SEE_OTHER);
    for browser in [&mut lead, &mut perf, &mut board] {
        let page = browser.get(indicator).await;
        assert!(!page.body.contains(returned_note), "not before approval");
    }
    let token = perf.csrf_token().await;
    perf.post(
        "/plans/1/approvals/1/return",
        &[("csrf_token", &token), ("reason", "Decimal point")],
    )
    .await;
    let page = board.get(indicator).await;
    assert!(
        !page.body.contains(returned_note),
        "nor after it is returned"
    );

    let approved_note = "Timeliness improved after the new triage rota";
    let figure = Figure {
        text: "81%",
        commentary: approved_note,
        ..figure
    };
    assert_eq!(lead.enter(&figure).await.status, StatusCode::SEE_OTHER);
    assert!(!board.get(indicator).await.body.contains(approved_note));
    app.approve_waiting(&mut perf).await;
    let page = board.get(indicator).await;
    assert!(page.body.contains(approved_note), "{}", page.body);
    assert!(!page.body.contains(returned_note));
    let comments = app.store.commentary(1, "NI 59").await.expect("commentary");
    assert_eq!(comments.len(), 1, "{comments:?}");
}

#[tokio::test]
async fn over_long_commentary_or_figures_are_refused_and_nothing_is_saved() {
    let app = TestApp::start().await;
    let (_perf, mut lead) = app.sign_off().await;
    let long_commentary = "c".repeat(10_001);
    let long_figure = "9".repeat(201);
    for (text, commentary, message) in [
        (
            "81%",
            long_commentary.as_str(),
            "Commentary must be 10,000 characters or fewer; it has 10,001",
        ),
        (
            long_figure.as_str(),
            "",
            "The out-turn must be 200 characters or fewer; it has 201",
        ),
    ] {
        let reply = lead
            .enter(&Figure {
                text,
                commentary,
                internal: false,
                intent: "submit",
            })
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            reply.error_summary().contains(message),
            "{}",
            reply.error_summary()
        );
    }
    assert!(app.store.submission(1).await.expect("read").is_none());
    app.finish().await;
}

/// Entry is refused, with the field and the value named, for a period far
/// outside the plan's years or a locality or group the plan does not have.
async fn figures_outside_the_plan_are_refused_and_nothing_is_saved(app: &TestApp) {
    let (mut perf, _lead) = app.sign_off().await;
    let form = perf.get(&format!("{NI59_ENTRY}?period=2010%2F11")).await;
    let token = form.csrf_token();
    // (period, locality, group, the field refused, its value, why)
    let refusals = [
        (
            "1900/01",
            "",
            "",
            "period",
            "1900/01",
            "outside the years of plan CYPP 2009-13",
        ),
        (
            "2099/00",
            "",
            "",
            "period",
            "2099/00",
            "enter a period from 2006/07 to 2015/16",
        ),
        ("someday", "", "", "period", "someday", "is not a period"),
        (
            "2010/11",
            "Atlantis",
            "",
            "locality",
            "Atlantis",
            "has no locality called Atlantis",
        ),
        (
            "2010/11",
            "",
            "Martians",
            "group",
            "Martians",
            "no figures or targets for the group Martians",
        ),
    ];
    for (period, locality, group, field, value, reason) in refusals {
        let query = format!(
            "{NI59_ENTRY}?period={}&locality={locality}&group={group}",
            period.replace('/', "%2F")
        );
        let page = perf.get(&query).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let named = format!("The {field} “{value}” was refused");
        assert!(page.body.contains(&named), "{named}: {}", page.body);
        assert!(page.body.contains(reason), "{reason}: {}", page.body);

        let fields = [
            ("csrf_token", token.as_str()),
            ("period", period),
            ("locality", locality),
            ("group", group),
            ("version", "0"),
            ("text", "50%"),
            ("intent", "submit"),
        ];
        let reply = perf.post(NI59_ENTRY, &fields).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(reply.body.contains(&named), "{}", reply.body);
    }
    let submitted = trustboard_core::workflow::SubmissionStatus::Submitted;
    let waiting = app.store.submissions(1, submitted).await;
    assert!(
        waiting.expect("submissions").is_empty(),
        "nothing was saved"
    );
}

#[tokio::test]
async fn figures_outside_the_plan_are_refused_and_nothing_is_saved_on_sqlite() {
    let app = TestApp::start().await;
    figures_outside_the_plan_are_refused_and_nothing_is_saved(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn figures_outside_the_plan_are_refused_and_nothing_is_saved_on_postgresql() {
    let app = TestApp::on_postgres().await;
    figures_outside_the_plan_are_refused_and_nothing_is_saved(&app).await;
    app.finish().await;
}
