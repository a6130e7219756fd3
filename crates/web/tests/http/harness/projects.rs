//! Business plans with projects: Kent's as `trustboard import` reads it, and
//! the one project the route matrix needs.

use trustboard_core::projects::{Project, Written};
use trustboard_formats::{Hints, Reading};
use trustboard_store::{BusinessPlan, ImportOptions};

use super::TestApp;

/// The first seed document whose file name starts with `prefix`.
fn seed(prefix: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the seed documents are missing from {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("seed {prefix} is missing from {}", dir.display()))
}

impl TestApp {
    /// Kent's business plan (seed 004) with its budgets and projects, in one
    /// import as the command line makes it; returns the plan's id.
    pub async fn import_kent_business_plan(&self) -> i64 {
        let path = seed("004");
        let reading = Reading::of(&[&path], None, &Hints::default()).expect("seed 004 reads");
        let resources = reading.resources().to_vec();
        let projects = reading.projects().to_vec();
        let doc = reading.finish().expect("seed 004 is a plan");
        let business_plan = BusinessPlan {
            resources: Some(&resources),
            projects: Some(&projects),
        };
        let options = ImportOptions {
            dry_run: false,
            source: path.display().to_string(),
        };
        self.store
            .import_checked(&doc, options, None, business_plan, &())
            .await
            .expect("seed 004 imports");
        let handles = self.store.plan_handles().await.expect("plans");
        handles
            .iter()
            .find(|h| h.organisation == doc.organisation)
            .expect("Kent's plan")
            .id
    }

    /// For the route matrix: project 1 on the sample plan (plan 1), with
    /// report 1 on it entered by `lead_officer` and awaiting approval.
    pub async fn prepare_project_report(&self) {
        use trustboard_core::judge::rag::Rag;
        use trustboard_core::projects::ProgressStatus;
        use trustboard_store::audit::{Actor, AuditAction, AuditEntry};
        use trustboard_store::projects::ReportDraft;
        let written = |text: &str| Written {
            original: text.to_string(),
            text: text.to_string(),
        };
        let project = Project {
            line: 1,
            group: "CFE Specific Projects".to_string(),
            title: written("Parenting Strategy"),
            lead: written("Strategy, Policy & Performance"),
            lead_services: vec!["Strategy, Policy & Performance".to_string()],
            deliverables_original: "Consult parents".to_string(),
            deliverables: vec!["Consult parents".to_string()],
            priority: written("CYPP Priority 3"),
            priority_references: Vec::new(),
        };
        let doc = self.stored_sample_plan().await;
        let business_plan = BusinessPlan {
            resources: None,
            projects: Some(std::slice::from_ref(&project)),
        };
        self.store
            .import_checked(&doc, ImportOptions::default(), None, business_plan, &())
            .await
            .expect("projects import");
        let author = Actor {
            user_id: self.user_id("lead_officer").await,
            username: "lead_officer",
        };
        let draft = ReportDraft {
            period: trustboard_core::period::Period::half_year(2010, 1),
            progress: ProgressStatus::OnTrack,
            rag: Rag::Green,
            commentary: "Consultation under way",
            author,
            at: chrono::Utc::now(),
        };
        let audit = AuditEntry {
            at: chrono::Utc::now(),
            actor: Some(author),
            action: AuditAction::ProjectReportSubmitted,
            subject: None,
            detail: "",
            client_address: None,
        };
        self.store
            .enter_project_report(1, 1, &draft, &audit)
            .await
            .expect("report")
            .expect("project 1");
    }
}
