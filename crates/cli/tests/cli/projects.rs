//! `trustboard import` of Kent's business plan brings its projects; `projects
//! list` shows them, and the board pack shows each with its latest approved
//! progress report, in every format.

use calamine::{open_workbook, Reader, Xlsx};
use chrono::Utc;
use serde_json::Value;
use trustboard_core::access::Role;
use trustboard_core::judge::rag::Rag;
use trustboard_core::period::Period;
use trustboard_core::projects::ProgressStatus;
use trustboard_store::accounts::{InsertUser, NewUser};
use trustboard_store::audit::{Actor, AuditAction, AuditEntry};
use trustboard_store::projects::{ReportDecision, ReportDraft};
use trustboard_store::{Backend, Store};

use crate::harness::{items, on_both_backends, text, Trustboard};
use crate::report::{flat, poppler};
use crate::seeds::seed;

on_both_backends!(kent_projects_are_listed_and_reach_the_pack);

const KENT: &str = "Kent County Council";

fn audit(actor: Actor<'_>, action: AuditAction) -> AuditEntry<'_> {
    AuditEntry {
        at: Utc::now(),
        actor: Some(actor),
        action,
        subject: None,
        detail: "",
        client_address: None,
    }
}

async fn account(store: &Store, username: &str, role: Role) -> i64 {
    let new = NewUser {
        username,
        password_hash: "not a real hash",
        role,
        now: Utc::now(),
        organisation: KENT,
        practitioner: None,
    };
    let entry = AuditEntry {
        at: Utc::now(),
        actor: None,
        action: AuditAction::UserCreated,
        subject: None,
        detail: "",
        client_address: None,
    };
    match store.insert_user(&new, &entry).await.expect("insert user") {
        InsertUser::Created(user) => user.id,
        refused => panic!("{username} not added: {refused:?}"),
    }
}

/// A lead officer's report on the Special School Review, approved by a performance officer.
async fn approved_report(store: &Store) {
    let lead = Actor {
        user_id: account(store, "lead", Role::LeadOfficer).await,
        username: "lead",
    };
    let perf = Actor {
        user_id: account(store, "perf", Role::PerformanceOfficer).await,
        username: "perf",
    };
    let plan = store.plan_handles().await.expect("plans")[0].id;
    let project = store
        .projects(plan)
        .await
        .expect("projects")
        .into_iter()
        .find(|p| p.project.title.text == "Special School Review")
        .expect("the Special School Review");
    let draft = ReportDraft {
        period: Period::half_year(2009, 1),
        progress: ProgressStatus::OffTrack,
        rag: Rag::Red,
        commentary: "Wave 4 schools wait for funding",
        author: lead,
        at: Utc::now(),
    };
    let report = store
        .enter_project_report(
            plan,
            project.id,
            &draft,
            &audit(lead, AuditAction::ProjectReportSubmitted),
        )
        .await
        .expect("enter")
        .expect("the project");
    let approve = audit(perf, AuditAction::ProjectReportApproved);
    store
        .decide_project_report(
            plan,
            report.id,
            report.version,
            ReportDecision::Approve,
            perf,
            &approve,
        )
        .await
        .expect("approve");
}

fn kent_projects_are_listed_and_reach_the_pack(backend: Backend) {
    let t = Trustboard::new(backend);
    let outcome = t.import(&[&seed("004")], &[]);
    assert_eq!(outcome["report"]["projects"], 44, "{}", outcome["report"]);
    let listed = t.json(["projects", "list", "--org", KENT, "--json"]);
    let projects = items(&listed, "projects list");
    assert_eq!(projects.len(), 44);
    assert_eq!(text(&projects[0], "group"), Some("T2010"));
    assert!(projects.iter().all(|p| p["latest_report"].is_null()));

    t.with_store(async |store| approved_report(store).await);
    // Importing the document again keeps the project, and so its report.
    t.import(&[&seed("004")], &[]);
    let listed = t.json(["projects", "list", "--org", KENT, "--json"]);
    let reported: Vec<&Value> = items(&listed, "projects list")
        .iter()
        .filter(|p| !p["latest_report"].is_null())
        .collect();
    let [special] = reported.as_slice() else {
        panic!("one project has a report: {listed}");
    };
    assert_eq!(special["title"]["text"], "Special School Review");
    assert_eq!(special["latest_report"]["status"], "off_track");
    assert_eq!(special["latest_report"]["rag"], "red");
    let words = t.ok(["projects", "list", "--org", KENT]);
    assert!(words.contains("Wave 4 schools wait for funding"), "{words}");

    let pack = |format: &str| {
        let out = t.scratch(&format!("kent.{format}"));
        t.ok([
            "report",
            "--org",
            KENT,
            "--period",
            "2009/10",
            "--today",
            "2010-06-01",
            "--format",
            format,
            "--out",
            out.to_str().expect("a UTF-8 path"),
        ]);
        out
    };
    let html = std::fs::read_to_string(pack("html")).expect("the HTML");
    assert!(html.contains("<h2 id=\"projects\">Projects and key actions</h2>"));
    assert!(
        html.contains("■ R</span> Red"),
        "the RAG with its shape and letter"
    );
    assert!(html.contains("Wave 4 schools wait for funding"));
    let pdf = flat(&poppler("pdftotext", &[], &pack("pdf")));
    assert!(
        pdf.contains("Projects and key actions"),
        "the PDF has the section"
    );
    assert!(
        pdf.contains("Wave 4 schools wait for funding"),
        "the PDF has the report"
    );
    let mut workbook: Xlsx<_> = open_workbook(pack("xlsx")).expect("the workbook");
    let sheet = workbook
        .worksheet_range("Projects")
        .expect("a Projects sheet");
    let special_row = sheet
        .rows()
        .find(|row| row.get(1).map(ToString::to_string).as_deref() == Some("Special School Review"))
        .expect("the Special School Review row");
    assert_eq!(special_row[5].to_string(), "R Red");
    assert_eq!(
        special_row[6].to_string(),
        "Wave 4 schools wait for funding"
    );
}
