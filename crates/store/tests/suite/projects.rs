//! A business plan's projects, written with its import, and their progress
//! reports signed off by a second person, on both backends.

use chrono::Utc;
use trustboard_core::access::Role;
use trustboard_core::judge::rag::Rag;
use trustboard_core::period::Period;
use trustboard_core::projects::{ProgressStatus, Project, Written};
use trustboard_core::workflow::SubmissionStatus;
use trustboard_store::audit::AuditAction;
use trustboard_store::projects::{latest_approved, DecisionOutcome, ReportDecision, ReportDraft};
use trustboard_store::risks::{RiskWrite, WHOLE_PLAN};
use trustboard_store::{BusinessPlan, ImportOptions, Store, StoreError, Versioned};

use crate::harness::on_both_backends;
use crate::risks::{audit, by, typed};
use crate::sample::kingston;
use crate::sign_off::{actor, entry_audit, user};

on_both_backends!(
    projects_come_back_as_imported_and_a_reimport_keeps_those_reported_on,
    a_report_is_approved_only_by_someone_else,
    of_two_approvals_at_once_exactly_one_is_made,
    a_risk_belongs_to_a_project_of_its_plan_and_keeps_it_through_a_reimport,
);

fn written(text: &str) -> Written {
    Written {
        original: format!("<p>{text}</p>"),
        text: text.to_string(),
    }
}

fn project(line: usize, title: &str) -> Project {
    Project {
        line,
        group: "CFE Specific Projects".to_string(),
        title: written(title),
        lead: written("Resources/ School Organisation"),
        lead_services: vec!["Resources".to_string(), "School Organisation".to_string()],
        deliverables_original: "<ul> • One • Two".to_string(),
        deliverables: vec!["One".to_string(), "Two".to_string()],
        priority: written("CYPP Priority 5"),
        priority_references: vec![trustboard_core::projects::PriorityReference::CyppPriority(
            5,
        )],
    }
}

async fn import(store: &Store, projects: &[Project]) -> i64 {
    let business_plan = BusinessPlan {
        resources: None,
        projects: Some(projects),
    };
    let options = ImportOptions {
        dry_run: false,
        source: "business plan".to_string(),
    };
    let report = store
        .import_checked(&kingston(), options, None, business_plan, &())
        .await
        .unwrap_or_else(|error| panic!("import failed: {error}"));
    assert_eq!(report.projects, projects.len());
    store.plan_handles().await.expect("plans")[0].id
}

fn h1() -> Period {
    Period::half_year(2009, 1)
}

async fn enter(
    store: &Store,
    plan: i64,
    project: i64,
    author: &trustboard_store::accounts::User,
) -> trustboard_store::projects::ProjectReport {
    let draft = ReportDraft {
        period: h1(),
        progress: ProgressStatus::AtRisk,
        rag: Rag::Amber,
        commentary: "Wave 3 school delayed by planning",
        author: actor(author),
        at: Utc::now(),
    };
    let audit = entry_audit(Some(actor(author)), AuditAction::ProjectReportSubmitted);
    store
        .enter_project_report(plan, project, &draft, &audit)
        .await
        .expect("enter")
        .expect("the project is there")
}

async fn projects_come_back_as_imported_and_a_reimport_keeps_those_reported_on(store: Store) {
    let first = vec![
        project(10, "Special School Review"),
        project(12, "Parenting Strategy"),
    ];
    let plan = import(&store, &first).await;
    let held = store.projects(plan).await.expect("projects");
    assert_eq!(
        held.iter().map(|p| p.project.clone()).collect::<Vec<_>>(),
        first
    );
    let lead = user(&store, "lead", Role::LeadOfficer).await;
    let reported = held[0].id;
    enter(&store, plan, reported, &lead).await;

    // The next document drops both, renames nothing and adds one.
    let second = vec![project(20, "Young Carers Strategy")];
    import(&store, &second).await;
    let held = store.projects(plan).await.expect("projects");
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].project, second[0]);
    // The one reported on is retired with its report, not deleted.
    assert!(store.project(plan, reported).await.expect("read").is_none());
    assert!(store
        .project_reports(plan)
        .await
        .expect("reports")
        .is_empty());

    // Brought back, it is the same project with its report again.
    let third = vec![project(30, "Special School Review")];
    import(&store, &third).await;
    let held = store.projects(plan).await.expect("projects");
    assert_eq!(held[0].id, reported);
    assert_eq!(held[0].project.line, 30);
    assert_eq!(store.project_reports(plan).await.expect("reports").len(), 1);
}

async fn a_report_is_approved_only_by_someone_else(store: Store) {
    let plan = import(&store, &[project(10, "Special School Review")]).await;
    let project_id = store.projects(plan).await.expect("projects")[0].id;
    let lead = user(&store, "lead", Role::LeadOfficer).await;
    let perf = user(&store, "perf", Role::PerformanceOfficer).await;
    let report = enter(&store, plan, project_id, &perf).await;
    assert_eq!(report.status, SubmissionStatus::Submitted);
    assert_eq!(report.author, "perf");
    let approve = |who| {
        let store = store.clone();
        async move {
            let audit = entry_audit(None, AuditAction::ProjectReportApproved);
            store
                .decide_project_report(
                    plan,
                    report.id,
                    report.version,
                    ReportDecision::Approve,
                    who,
                    &audit,
                )
                .await
                .expect("decide")
        }
    };
    assert_eq!(approve(actor(&perf)).await, DecisionOutcome::OwnEntry);
    let reports = store.project_reports(plan).await.expect("reports");
    assert!(latest_approved(&reports, project_id, None).is_none());

    let other = user(&store, "perf2", Role::PerformanceOfficer).await;
    assert_eq!(approve(actor(&other)).await, DecisionOutcome::Done);
    let reports = store.project_reports(plan).await.expect("reports");
    let shown = latest_approved(&reports, project_id, None).expect("approved");
    assert_eq!(shown.decided_by.as_deref(), Some("perf2"));
    assert_eq!(
        (shown.progress, shown.rag),
        (ProgressStatus::AtRisk, Rag::Amber)
    );
    // A pack for the year before the report's half year does not show it.
    assert!(latest_approved(&reports, project_id, Some(Period::financial(2008))).is_none());

    // A returned report stays out of sight; the wrong plan finds no report.
    let second = enter(&store, plan, project_id, &lead).await;
    let audit = entry_audit(None, AuditAction::ProjectReportReturned);
    let returned = store
        .decide_project_report(
            plan,
            second.id,
            second.version,
            ReportDecision::Return {
                reason: "Say which school",
            },
            actor(&other),
            &audit,
        )
        .await
        .expect("return");
    assert_eq!(returned, DecisionOutcome::Done);
    let reports = store.project_reports(plan).await.expect("reports");
    assert_eq!(
        latest_approved(&reports, project_id, None).map(|r| r.id),
        Some(report.id)
    );
    let elsewhere = store
        .decide_project_report(
            plan + 1,
            second.id,
            second.version + 1,
            ReportDecision::Approve,
            actor(&other),
            &audit,
        )
        .await
        .expect("decide");
    assert_eq!(elsewhere, DecisionOutcome::Missing);
}

async fn of_two_approvals_at_once_exactly_one_is_made(store: Store) {
    let plan = import(&store, &[project(10, "Special School Review")]).await;
    let project_id = store.projects(plan).await.expect("projects")[0].id;
    let lead = user(&store, "lead", Role::LeadOfficer).await;
    let first = user(&store, "perf1", Role::PerformanceOfficer).await;
    let second = user(&store, "perf2", Role::PerformanceOfficer).await;
    let report = enter(&store, plan, project_id, &lead).await;
    let approve = |who: trustboard_store::accounts::User| {
        let store = store.clone();
        tokio::spawn(async move {
            let audit = entry_audit(Some(actor(&who)), AuditAction::ProjectReportApproved);
            store
                .decide_project_report(
                    plan,
                    report.id,
                    report.version,
                    ReportDecision::Approve,
                    actor(&who),
                    &audit,
                )
                .await
                .expect("decide")
        })
    };
    let (a, b) = tokio::join!(approve(first), approve(second));
    let mut outcomes = vec![a.expect("task"), b.expect("task")];
    outcomes.sort_by_key(|o| format!("{o:?}"));
    assert_eq!(outcomes, [DecisionOutcome::Conflict, DecisionOutcome::Done]);
    let reports = store.project_reports(plan).await.expect("reports");
    assert_eq!(reports[0].version, report.version + 1);
}

async fn a_risk_belongs_to_a_project_of_its_plan_and_keeps_it_through_a_reimport(store: Store) {
    let plan = import(
        &store,
        &[
            project(10, "Special School Review"),
            project(12, "Parenting Strategy"),
        ],
    )
    .await;
    let parenting = store.projects(plan).await.expect("projects")[1].id;
    let risk = typed("Too few parenting practitioners")
        .check()
        .expect("a valid risk");
    let of = |project| RiskWrite {
        risk: &risk,
        project,
    };
    let added = audit(AuditAction::RiskAdded);
    let number = store
        .add_risk(plan, of(Some(parenting)), by("anna"), &added)
        .await
        .expect("added");
    let held = store.risk(plan, number).await.expect("read").expect("held");
    assert_eq!(
        held.project.map(|p| (p.id, p.title)),
        Some((parenting, "Parenting Strategy".to_owned()))
    );

    // A project that is not this plan's is refused and nothing is written.
    let refused = store
        .add_risk(plan, of(Some(parenting + 100)), by("anna"), &added)
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::NotInPlan {
                entity: "project",
                ..
            })
        ),
        "{refused:?}"
    );
    assert_eq!(store.risks(plan).await.expect("risks").len(), 1);

    // Moving it to the whole plan is a change like any other, kept in its history.
    let changed = audit(AuditAction::RiskChanged);
    let written = store
        .update_risk(plan, number, 1, of(None), by("ben"), &changed)
        .await
        .expect("update");
    assert_eq!(written, Versioned::Written);
    let history = store.risk_history(held.id).await.expect("history");
    let moves: Vec<(Option<&str>, &str, i64)> = history
        .iter()
        .filter(|c| c.field == "project")
        .map(|c| (c.old.as_deref(), c.new.as_str(), c.version))
        .collect();
    assert_eq!(
        moves,
        [
            (None, "Parenting Strategy", 1),
            (Some("Parenting Strategy"), WHOLE_PLAN, 2),
        ]
    );

    // A project with a risk is kept, retired, when the next document drops it.
    store
        .update_risk(plan, number, 2, of(Some(parenting)), by("ben"), &changed)
        .await
        .expect("update");
    import(&store, &[project(20, "Young Carers Strategy")]).await;
    assert_eq!(store.projects(plan).await.expect("projects").len(), 1);
    let held = store.risk(plan, number).await.expect("read").expect("held");
    assert_eq!(
        held.project.map(|p| p.title),
        Some("Parenting Strategy".to_owned())
    );
}
