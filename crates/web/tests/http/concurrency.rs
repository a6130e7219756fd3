//! Many people acting on one figure at the same moment, on both backends:
//! of requests made from the same version of the figure exactly one wins and
//! every other is answered with a conflict page (409), never an error and
//! never a second write.

use axum::http::StatusCode;

use trustboard_core::model::MilestoneStatus;
use trustboard_core::workflow::SubmissionStatus;
use trustboard_store::actions::MilestoneRecord;
use trustboard_store::owners::Owner;

use crate::harness::*;
use crate::polarity_review::{row_of, TRIAGE};

/// Performance officers who enter rival figures, and those who approve them.
const AUTHORS: usize = 4;
const APPROVERS: usize = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_approvals_and_edits_have_one_winner_on_sqlite() {
    let app = TestApp::start().await;
    simultaneous_approvals_and_edits_have_one_winner(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_approvals_and_edits_have_one_winner_on_postgresql() {
    let app = TestApp::on_postgres().await;
    simultaneous_approvals_and_edits_have_one_winner(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_entry_approved_by_many_at_once_is_approved_once_on_sqlite() {
    let app = TestApp::start().await;
    one_entry_approved_by_many_at_once_is_approved_once(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_entry_approved_by_many_at_once_is_approved_once_on_postgresql() {
    let app = TestApp::on_postgres().await;
    one_entry_approved_by_many_at_once_is_approved_once(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_polarity_decided_by_many_at_once_is_decided_once_on_sqlite() {
    let app = TestApp::start().await;
    one_polarity_decided_by_many_at_once_is_decided_once(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_polarity_decided_by_many_at_once_is_decided_once_on_postgresql() {
    let app = TestApp::on_postgres().await;
    one_polarity_decided_by_many_at_once_is_decided_once(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_role_changed_by_many_administrators_at_once_is_changed_once_on_sqlite() {
    let app = TestApp::start().await;
    one_role_changed_by_many_administrators_at_once_is_changed_once(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_role_changed_by_many_administrators_at_once_is_changed_once_on_postgresql() {
    let app = TestApp::on_postgres().await;
    one_role_changed_by_many_administrators_at_once_is_changed_once(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn plans_linked_both_ways_at_once_are_linked_once_on_sqlite() {
    let app = TestApp::start().await;
    plans_linked_both_ways_at_once_are_linked_once(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn plans_linked_both_ways_at_once_are_linked_once_on_postgresql() {
    let app = TestApp::on_postgres().await;
    plans_linked_both_ways_at_once_are_linked_once(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_milestone_status_set_by_many_at_once_is_set_once_on_sqlite() {
    let app = TestApp::start().await;
    one_milestone_status_set_by_many_at_once_is_set_once(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_milestone_status_set_by_many_at_once_is_set_once_on_postgresql() {
    let app = TestApp::on_postgres().await;
    one_milestone_status_set_by_many_at_once_is_set_once(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_indicator_owner_chosen_by_many_at_once_is_chosen_once_on_sqlite() {
    let app = TestApp::start().await;
    one_owner_chosen_by_many_at_once_is_chosen_once(&app, Owned::Indicator).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_indicator_owner_chosen_by_many_at_once_is_chosen_once_on_postgresql() {
    let app = TestApp::on_postgres().await;
    one_owner_chosen_by_many_at_once_is_chosen_once(&app, Owned::Indicator).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_milestone_owner_chosen_by_many_at_once_is_chosen_once_on_sqlite() {
    let app = TestApp::start().await;
    one_owner_chosen_by_many_at_once_is_chosen_once(&app, Owned::Milestone).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_milestone_owner_chosen_by_many_at_once_is_chosen_once_on_postgresql() {
    let app = TestApp::on_postgres().await;
    one_owner_chosen_by_many_at_once_is_chosen_once(&app, Owned::Milestone).await;
    app.finish().await;
}

/// A request ready to send: who sends it, where, and the form fields.
type Request = (Browser, String, Vec<(String, String)>);

async fn officers(app: &TestApp, prefix: &str, count: usize) -> Vec<Browser> {
    let mut browsers = Vec::new();
    for n in 0..count {
        browsers.push(
            app.sign_in_as(&format!("{prefix}{n}"), Role::PerformanceOfficer)
                .await,
        );
    }
    browsers
}

/// Sends every `(browser, path, fields)` at once; returns each reply with its
/// path, in the order of the requests.
async fn all_at_once(requests: Vec<Request>) -> Vec<(String, Reply)> {
    let mut running = Vec::new();
    for (mut browser, path, fields) in requests {
        running.push(tokio::spawn(async move {
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let reply = browser.post(&path, &fields).await;
            (path, reply)
        }));
    }
    let mut replies = Vec::new();
    for request in running {
        replies.push(request.await.expect("a request"));
    }
    replies
}

/// Where among the replies is the one change made.
fn winner(replies: &[(String, Reply)]) -> usize {
    replies
        .iter()
        .position(|(_, r)| r.status == StatusCode::SEE_OTHER)
        .expect("a winner")
}

/// How many times Kingston's audit log records `action`.
async fn times_audited(app: &TestApp, action: &str) -> usize {
    let organisation = app
        .store
        .organisation(KINGSTON)
        .await
        .expect("read")
        .expect("Kingston");
    app.store
        .audit_log(organisation.id, None, 1_000)
        .await
        .expect("audit log")
        .iter()
        .filter(|record| record.action == action)
        .count()
}

/// Exactly one reply is the redirect of a change made; every other is a
/// conflict page saying each of `explained`.
fn one_winner_and_conflict_pages(replies: &[(String, Reply)], explained: &[&str]) {
    let won = replies
        .iter()
        .filter(|(_, r)| r.status == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(
        won,
        1,
        "{:?}",
        replies.iter().map(|(_, r)| r.status).collect::<Vec<_>>()
    );
    for (_, reply) in replies
        .iter()
        .filter(|(_, r)| r.status != StatusCode::SEE_OTHER)
    {
        assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
        for text in explained {
            assert!(reply.body.contains(text), "{text}: {}", reply.body);
        }
    }
}

/// Approving `entry` as `approver`, ready to send.
async fn approval(approver: &mut Browser, entry: i64) -> Request {
    let token = approver.csrf_token().await;
    (
        approver.clone(),
        format!("/plans/1/approvals/{entry}/approve"),
        vec![("csrf_token".to_owned(), token)],
    )
}

/// The NI 59 2010/11 entry form filled in from the version the browser sees now.
async fn entry(author: &mut Browser, text: &str) -> Request {
    let form = author.get(&format!("{NI59_ENTRY}?period=2010%2F11")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let fields = [
        ("csrf_token", form.csrf_token()),
        ("period", "2010/11".to_owned()),
        ("locality", String::new()),
        ("group", String::new()),
        ("version", form.hidden_field("version")),
        ("text", text.to_owned()),
        ("intent", "submit".to_owned()),
    ];
    let fields = fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    (author.clone(), NI59_ENTRY.to_owned(), fields)
}

async fn one_entry_approved_by_many_at_once_is_approved_once(app: &TestApp) {
    let (_perf, mut lead) = app.sign_off().await;
    assert_eq!(
        lead.enter_ni59("81%", "submit").await.status,
        StatusCode::SEE_OTHER
    );
    let mut approvers = officers(app, "approver", AUTHORS * APPROVERS).await;
    let mut requests = Vec::new();
    for approver in &mut approvers {
        requests.push(approval(approver, 1).await);
    }
    let replies = all_at_once(requests).await;
    one_winner_and_conflict_pages(
        &replies,
        &[
            "This figure has already been decided",
            "Approved by approver",
        ],
    );
    assert_eq!(app.stored_ni59().await, "81%");
    assert_eq!(app.ni59_history().await.len(), 1, "written once");
}

async fn simultaneous_approvals_and_edits_have_one_winner(app: &TestApp) {
    let (_perf, mut lead) = app.sign_off().await;
    // The lead officer's figures go straight into the plan, so their
    // submission is an edit racing the approvals.
    let organisation = app
        .store
        .organisation(KINGSTON)
        .await
        .expect("read")
        .expect("Kingston");
    let audit = trustboard_store::audit::AuditEntry {
        at: chrono::Utc::now(),
        actor: None,
        action: trustboard_store::audit::AuditAction::SignOffRuleChanged,
        subject: None,
        detail: "",
        client_address: None,
    };
    app.store
        .set_lead_officer_entries_need_approval(organisation.id, false, &audit)
        .await
        .expect("setting");
    let mut authors = officers(app, "author", AUTHORS).await;
    let mut approvers = officers(app, "approver", APPROVERS).await;
    let mut texts = vec!["73.5%".to_owned()];
    for round in 0..3 {
        let version = app
            .store
            .slot_value(1, &ni59_slot())
            .await
            .expect("slot")
            .version;
        for (n, author) in authors.iter_mut().enumerate() {
            let text = format!("{}%", 60 + 10 * round + n);
            let (browser, path, fields) = entry(author, &text).await;
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let saved = browser.clone().post(&path, &fields).await;
            assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        }
        let entries: Vec<(i64, String)> = app
            .store
            .submissions(1, SubmissionStatus::Submitted)
            .await
            .expect("queue")
            .into_iter()
            .map(|entry| (entry.id, entry.text))
            .collect();
        assert_eq!(entries.len(), AUTHORS);
        let lead_text = format!("{}%", 90 - round);
        let mut requests = vec![entry(&mut lead, &lead_text).await];
        for approver in &mut approvers {
            for (id, _) in &entries {
                requests.push(approval(approver, *id).await);
            }
        }
        let replies = all_at_once(requests).await;
        let winners: Vec<&(String, Reply)> = replies
            .iter()
            .filter(|(_, r)| r.status == StatusCode::SEE_OTHER)
            .collect();
        assert_eq!(
            winners.len(),
            1,
            "round {round}: {:?}",
            replies
                .iter()
                .map(|(p, r)| (p, r.status))
                .collect::<Vec<_>>()
        );
        for (path, reply) in &replies {
            if reply.status == StatusCode::SEE_OTHER {
                continue;
            }
            assert_eq!(reply.status, StatusCode::CONFLICT, "{path}: {}", reply.body);
            assert!(
                reply.body.contains("Someone else changed this figure")
                    || reply.body.contains("This figure has already been decided"),
                "{path}: {}",
                reply.body
            );
        }
        let (path, _) = winners[0];
        let winning_text = if path == NI59_ENTRY {
            lead_text
        } else {
            let id: i64 = path
                .trim_start_matches("/plans/1/approvals/")
                .trim_end_matches("/approve")
                .parse()
                .expect("entry id");
            entries
                .iter()
                .find(|(e, _)| *e == id)
                .expect("an entry")
                .1
                .clone()
        };
        let value = app.store.slot_value(1, &ni59_slot()).await.expect("slot");
        assert_eq!(value.version, version + 1, "round {round}: one write");
        assert_eq!(app.stored_ni59().await, winning_text);
        texts.push(winning_text);
        // Entries that lost stay waiting; they are returned to clear the queue.
        for (id, _) in &entries {
            let mut approver = approvers[0].clone();
            let token = approver.csrf_token().await;
            approver
                .post(
                    &format!("/plans/1/approvals/{id}/return"),
                    &[("csrf_token", &token), ("reason", "Superseded")],
                )
                .await;
        }
    }
    let history: Vec<String> = app
        .ni59_history()
        .await
        .into_iter()
        .map(|h| h.text)
        .collect();
    assert_eq!(
        history,
        texts[..3],
        "every replaced figure kept once, in order"
    );
}

/// Officers who loaded the polarity page at the same version each state a
/// polarity for one indicator at once: one is saved, every other page is told
/// nothing was saved, and the history holds one change.
async fn one_polarity_decided_by_many_at_once_is_decided_once(app: &TestApp) {
    let plan = app.import_sample_plan().await;
    let key = plan
        .indicators
        .iter()
        .find(|i| i.title == TRIAGE)
        .map(|i| i.key.clone())
        .expect("the triage indicator");
    let mut deciders = officers(app, "decider", AUTHORS * APPROVERS).await;
    let mut requests = Vec::new();
    for (n, decider) in deciders.iter_mut().enumerate() {
        let page = decider.get("/plans/1/polarity").await;
        assert_eq!(page.status, StatusCode::OK);
        let row = row_of(&page, &key);
        let polarity = if n % 2 == 0 { "higher" } else { "lower" };
        let fields = vec![
            ("csrf_token".to_owned(), page.csrf_token()),
            (format!("key-{row}"), key.clone()),
            (
                format!("version-{row}"),
                page.hidden_field(&format!("version-{row}")),
            ),
            (format!("polarity-{row}"), polarity.to_owned()),
        ];
        requests.push((decider.clone(), "/plans/1/polarity".to_owned(), fields));
    }
    let replies = all_at_once(requests).await;
    let locations: Vec<&str> = replies.iter().map(|(_, r)| r.location()).collect();
    assert!(
        replies
            .iter()
            .all(|(_, r)| r.status == StatusCode::SEE_OTHER),
        "{:?}",
        replies.iter().map(|(_, r)| r.status).collect::<Vec<_>>()
    );
    let saved = locations
        .iter()
        .filter(|l| **l == "/plans/1/polarity?saved=1")
        .count();
    assert_eq!(saved, 1, "{locations:?}");
    let refused = locations
        .iter()
        .filter(|l| l.starts_with("/plans/1/polarity?conflict="))
        .count();
    assert_eq!(refused, locations.len() - 1, "{locations:?}");
    let history = app
        .store
        .indicator_polarity_history(None, &plan.plan.name, &key)
        .await
        .expect("history");
    assert_eq!(history.len(), 1, "written once: {history:?}");
}

/// Administrators who loaded one account's page change its role at once:
/// one change is made, every other is answered with a conflict page, and
/// the audit log records one change.
async fn one_role_changed_by_many_administrators_at_once_is_changed_once(app: &TestApp) {
    let target = app.add_user("target", Role::BoardMember).await;
    let page_path = format!("/admin/users/{}", target.id);
    let mut requests = Vec::new();
    for n in 0..AUTHORS * APPROVERS {
        let mut admin = app.sign_in_as(&format!("admin{n}"), Role::Admin).await;
        let page = admin.get(&page_path).await;
        assert_eq!(page.status, StatusCode::OK);
        let role = if n % 2 == 0 {
            "lead_officer"
        } else {
            "performance_officer"
        };
        let fields = vec![
            ("csrf_token".to_owned(), page.csrf_token()),
            ("role".to_owned(), role.to_owned()),
            ("version".to_owned(), page.hidden_field("version")),
        ];
        requests.push((admin, format!("{page_path}/role"), fields));
    }
    let replies = all_at_once(requests).await;
    one_winner_and_conflict_pages(
        &replies,
        &["Another administrator changed this account meanwhile"],
    );
    let stored = app
        .store
        .user(target.id)
        .await
        .expect("read")
        .expect("user");
    assert_eq!(stored.version, target.version + 1, "changed once");
    assert_ne!(stored.role, Role::BoardMember);
    assert_eq!(
        times_audited(app, "user.role_changed").await,
        1,
        "audited once"
    );
}

/// A form every officer loaded at the same version and sends at once.
struct SameVersionForm<'a> {
    page: &'a str,
    action: &'a str,
    /// The hidden field holding the version the page showed.
    version: &'a str,
    /// The field each officer sets, and the values they set it to in turn.
    field: &'a str,
    values: &'a [String],
}

/// Sends `form` from many officers at once, each its next value; checks that
/// one made the change and every other got the conflict page, and returns
/// the winner's value.
async fn sent_from_one_version(app: &TestApp, form: SameVersionForm<'_>) -> String {
    let mut senders = officers(app, "sender", AUTHORS * APPROVERS).await;
    let mut values = Vec::new();
    let mut requests = Vec::new();
    for (sender, value) in senders.iter_mut().zip(form.values.iter().cycle()) {
        let page = sender.get(form.page).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let fields = vec![
            ("csrf_token".to_owned(), page.csrf_token()),
            (form.field.to_owned(), value.clone()),
            (form.version.to_owned(), page.hidden_field(form.version)),
        ];
        requests.push((sender.clone(), form.action.to_owned(), fields));
        values.push(value.clone());
    }
    let replies = all_at_once(requests).await;
    one_winner_and_conflict_pages(&replies, &["Someone else made a change at the same moment"]);
    values.swap_remove(winner(&replies))
}

/// Officers who loaded one milestone's page at the same status version each
/// save a status at once: one is saved, every other is answered with the
/// conflict page, and the audit log records one change.
async fn one_milestone_status_set_by_many_at_once_is_set_once(app: &TestApp) {
    app.import_sample_plan().await;
    let before = milestone_one(app).await;
    let statuses: Vec<String> = MilestoneStatus::ALL
        .iter()
        .map(|s| s.code().to_owned())
        .collect();
    let won = sent_from_one_version(
        app,
        SameVersionForm {
            page: "/plans/1/milestones/1",
            action: "/plans/1/milestones/1/status",
            version: "status_version",
            field: "status",
            values: &statuses,
        },
    )
    .await;
    let stored = milestone_one(app).await;
    assert_eq!(
        stored.status.map(|s| s.code()),
        Some(won.as_str()),
        "the winner's"
    );
    assert_eq!(stored.status_version, before.status_version + 1, "set once");
    assert_eq!(
        times_audited(app, "milestone.status_changed").await,
        1,
        "audited once"
    );
}

/// Lead officers who may be named owners, by the ids the owner field takes.
async fn lead_officers(app: &TestApp) -> Vec<String> {
    let mut leads = Vec::new();
    for n in 0..APPROVERS {
        let lead = app.add_user(&format!("lead{n}"), Role::LeadOfficer).await;
        leads.push(lead.id.to_string());
    }
    leads
}

/// Milestone 1 of plan 1 as stored.
async fn milestone_one(app: &TestApp) -> MilestoneRecord {
    app.store
        .milestone(1, 1)
        .await
        .expect("read")
        .expect("milestone 1")
}

/// What the owner tests name an owner for: indicator NI 61 or milestone 1 of plan 1.
#[derive(Clone, Copy)]
enum Owned {
    Indicator,
    Milestone,
}

impl Owned {
    /// The page the owner is chosen on and the address its form goes to.
    fn paths(self) -> (&'static str, &'static str) {
        match self {
            Owned::Indicator => (
                "/plans/1/indicators/NI%2061/settings",
                "/plans/1/indicators/NI%2061/owner",
            ),
            Owned::Milestone => ("/plans/1/milestones/1", "/plans/1/milestones/1/owner"),
        }
    }

    /// The owner's id, if any, and the owner version, as stored.
    async fn stored(self, app: &TestApp) -> (Option<String>, i64) {
        let id = |owner: Option<Owner>| owner.map(|o| o.user_id.to_string());
        match self {
            Owned::Indicator => {
                let ownership = app
                    .store
                    .indicator_ownership(1, "NI 61")
                    .await
                    .expect("read")
                    .expect("NI 61");
                (id(ownership.owner), ownership.version)
            }
            Owned::Milestone => {
                let milestone = milestone_one(app).await;
                (id(milestone.owner), milestone.owner_version)
            }
        }
    }
}

/// Officers who loaded the page of `owned` at the same owner version each
/// name one of several lead officers at once: one is named, every other is
/// answered with the conflict page, and the audit log records one change.
async fn one_owner_chosen_by_many_at_once_is_chosen_once(app: &TestApp, owned: Owned) {
    app.import_sample_plan().await;
    let leads = lead_officers(app).await;
    let (owner, version) = owned.stored(app).await;
    assert_eq!(owner, None);
    let (page, action) = owned.paths();
    let won = sent_from_one_version(
        app,
        SameVersionForm {
            page,
            action,
            version: "owner_version",
            field: "owner",
            values: &leads,
        },
    )
    .await;
    assert_eq!(
        owned.stored(app).await,
        (Some(won), version + 1),
        "the winner's, chosen once"
    );
    assert_eq!(
        times_audited(app, "owner.assigned").await,
        1,
        "audited once"
    );
}

/// Officers say at the same moment that plan 1 follows plan 2 and that plan 2
/// follows plan 1: one link is made, never a loop or a duplicate, and every
/// other request is answered with the conflict page, or (when it came after
/// the link was made) the link already made or the loop refused.
async fn plans_linked_both_ways_at_once_are_linked_once(app: &TestApp) {
    app.import_sample_plan().await;
    let summary = crate::lineage::plan(KINGSTON, "CYPP 2006-10");
    app.import(&summary, "summary.txt").await;
    let mut linkers = officers(app, "linker", AUTHORS * APPROVERS).await;
    let mut requests = Vec::new();
    for (n, linker) in linkers.iter_mut().enumerate() {
        let (later, earlier) = if n % 2 == 0 { (1, "2") } else { (2, "1") };
        let fields = vec![
            ("csrf_token".to_owned(), linker.csrf_token().await),
            ("previous".to_owned(), earlier.to_owned()),
        ];
        requests.push((linker.clone(), format!("/plans/{later}/follows"), fields));
    }
    let replies = all_at_once(requests).await;
    for (path, reply) in &replies {
        assert!(
            [
                StatusCode::SEE_OTHER,
                StatusCode::CONFLICT,
                StatusCode::UNPROCESSABLE_ENTITY
            ]
            .contains(&reply.status),
            "{path}: {} {}",
            reply.status,
            reply.body
        );
        if reply.status == StatusCode::CONFLICT {
            assert!(reply
                .body
                .contains("Someone else made a change at the same moment"));
        }
    }
    let links = app.store.plan_links(Some(KINGSTON)).await.expect("links");
    assert_eq!(links.len(), 1, "{links:?}");
    let winner = format!("/plans/{}/follows", links[0].later.id);
    let won = replies
        .iter()
        .filter(|(path, r)| *path == winner && r.status == StatusCode::SEE_OTHER)
        .count();
    assert!(won >= 1, "the link made was asked for");
    let loser = replies
        .iter()
        .filter(|(path, r)| *path != winner && r.status == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(loser, 0, "no request for the other direction succeeded");
}
