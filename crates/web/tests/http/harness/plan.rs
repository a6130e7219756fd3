//! The Kingston sample plan and the sign-off fixtures the plan tests start from.

use axum::http::StatusCode;
use trustboard_core::model::PlanDocument;
use trustboard_store::{ImportOptions, Versioned};

use super::{Browser, Reply, Role, TestApp};

/// NI 59's entry form in plan 1.
pub const NI59_ENTRY: &str = "/plans/1/indicators/NI%2059/entry";

/// NI 59's 2010/11 out-turn in the sample plan: 73.5% against a target of 80%.
pub fn ni59_slot() -> trustboard_core::plan_diff::Slot {
    trustboard_core::plan_diff::Slot {
        indicator: "NI 59".into(),
        period: "2010/11".parse().expect("a period"),
        kind: trustboard_core::model::ObservationKind::Actual,
        locality: None,
        group: None,
    }
}

fn sample_plan() -> PlanDocument {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../cli/sample/kingston-cypp-2009-13.json"
    );
    let text = std::fs::read_to_string(path).expect("the Kingston sample plan");
    serde_json::from_str(&text).expect("the sample plan is a plan document")
}

impl TestApp {
    /// Imports the Kingston sample plan; the first plan in a fresh store is plan 1.
    pub async fn import_sample_plan(&self) -> PlanDocument {
        let doc = sample_plan();
        self.import(&doc, "kingston-cypp-2009-13.json").await;
        doc
    }

    /// Imports `doc` as if from the file `source`, as `trustboard import` would.
    pub async fn import(&self, doc: &PlanDocument, source: &str) {
        let options = ImportOptions {
            dry_run: false,
            source: source.into(),
        };
        self.store
            .import_plan(doc, options)
            .await
            .unwrap_or_else(|error| panic!("import {source}: {error}"));
    }

    pub async fn user_id(&self, username: &str) -> i64 {
        let users = self.store.users().await.expect("users");
        users
            .iter()
            .find(|u| u.username == username)
            .unwrap_or_else(|| panic!("no user {username}"))
            .id
    }

    /// The sample plan as the store holds it now.
    pub async fn stored_sample_plan(&self) -> PlanDocument {
        let name = "CYPP 2009-13";
        self.store.load_plan(None, name).await.expect("plan")
    }

    /// The figures NI 59's 2010/11 out-turn has had before its current one.
    pub async fn ni59_history(&self) -> Vec<trustboard_store::HistoryEntry> {
        let name = "CYPP 2009-13";
        let slot = ni59_slot();
        let history = self.store.observation_history(None, name, &slot).await;
        history.expect("history")
    }

    /// NI 59's stored 2010/11 out-turn.
    pub async fn stored_ni59(&self) -> String {
        let value = self.store.slot_value(1, &ni59_slot()).await.expect("slot");
        value.current.expect("a stored figure").text
    }

    /// The sample plan, a performance officer `perf` and lead officers `lead` (who owns
    /// NI 59, assigned through the settings page) and `other`, and a board member `board`.
    /// Returns `perf` and `lead`, signed in.
    pub async fn sign_off(&self) -> (Browser, Browser) {
        self.import_sample_plan().await;
        let mut perf = self.sign_in_as("perf", Role::PerformanceOfficer).await;
        let lead = self.add_user("lead", Role::LeadOfficer).await;
        self.add_user("other", Role::LeadOfficer).await;
        self.add_user("board", Role::BoardMember).await;
        let settings = perf.get("/plans/1/indicators/NI%2059/settings").await;
        assert_eq!(settings.status, StatusCode::OK);
        let token = settings.csrf_token();
        let id = lead.id.to_string();
        let reply = perf
            .post(
                "/plans/1/indicators/NI%2059/owner",
                &[
                    ("csrf_token", &token),
                    ("owner", &id),
                    ("owner_version", &settings.hidden_field("owner_version")),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let lead = self.signed_in("lead").await;
        (perf, lead)
    }

    /// A second performance officer, `checker`, signed in: nobody approves
    /// their own entries, so `perf`'s are approved by `checker`.
    pub async fn checker(&self) -> Browser {
        self.sign_in_as("checker", Role::PerformanceOfficer).await
    }

    /// Approves every entry waiting in plan 1, oldest first, as `approver`.
    pub async fn approve_waiting(&self, approver: &mut Browser) {
        let waiting = self
            .store
            .submissions(1, trustboard_core::workflow::SubmissionStatus::Submitted)
            .await
            .expect("the approval queue");
        for entry in waiting {
            let token = approver.csrf_token().await;
            let path = format!("/plans/1/approvals/{}/approve", entry.id);
            let reply = approver.post(&path, &[("csrf_token", &token)]).await;
            assert_eq!(
                reply.status,
                StatusCode::SEE_OTHER,
                "{path}: {}",
                reply.body
            );
        }
    }

    /// For the route matrix: NI 59 and milestone 1 of plan 1 owned by the user
    /// `lead_officer`, entry 1 (NI 59 for 2010/11) submitted by `lead_officer`,
    /// and risk R1 on plan 1's register.
    pub async fn prepare_sign_off(&self) {
        use trustboard_store::audit::{AuditAction, AuditEntry};
        use trustboard_store::entry::{EntryDraft, SaveOutcome};
        use trustboard_store::owners::{Owned, OwnerChange};
        let lead = self.user_id("lead_officer").await;
        let officer = "performance_officer";
        let actor = trustboard_store::audit::Actor {
            user_id: self.user_id(officer).await,
            username: officer,
        };
        let author = trustboard_store::audit::Actor {
            user_id: lead,
            username: "lead_officer",
        };
        let audit = |action| AuditEntry {
            at: chrono::Utc::now(),
            actor: Some(actor),
            action,
            subject: None,
            detail: "",
            client_address: None,
        };
        for subject in [
            Owned::Indicator {
                plan_id: 1,
                key: "NI 59",
            },
            Owned::Milestone { id: 1 },
        ] {
            let based_on = match subject {
                Owned::Indicator { plan_id, key } => {
                    self.store
                        .indicator_ownership(plan_id, key)
                        .await
                        .expect("read")
                        .expect("the indicator")
                        .version
                }
                Owned::Milestone { id } => {
                    self.store
                        .milestone(1, id)
                        .await
                        .expect("read")
                        .expect("the milestone")
                        .owner_version
                }
            };
            let change = OwnerChange {
                subject,
                user_id: Some(lead),
                based_on,
                by: actor,
                at: chrono::Utc::now(),
            };
            let done = self
                .store
                .set_owner(&change, &audit(AuditAction::OwnerAssigned))
                .await
                .expect("set an owner");
            assert_eq!(done, Versioned::Written, "{subject:?}");
        }
        let slot = ni59_slot();
        let version = self.store.slot_value(1, &slot).await.expect("slot").version;
        let parsed = trustboard_core::value::parse("81%");
        let draft = EntryDraft {
            slot: &slot,
            text: "81%",
            parsed: &parsed,
            commentary: "",
            commentary_internal: false,
            base_version: version,
            submit: true,
            author,
            at: chrono::Utc::now(),
        };
        let saved = self
            .store
            .save_entry(1, &draft, &audit(AuditAction::EntrySubmitted))
            .await
            .expect("save an entry");
        assert!(
            matches!(saved, SaveOutcome::Saved(ref entry) if entry.id == 1),
            "{saved:?}"
        );
        let risk = crate::risks::risk_form("Rising demand at the front door")
            .check()
            .expect("a valid risk");
        let by = trustboard_store::risks::ChangedBy {
            name: officer,
            at: chrono::Utc::now(),
        };
        let number = self
            .store
            .add_risk(
                1,
                trustboard_store::risks::RiskWrite {
                    risk: &risk,
                    project: None,
                },
                by,
                &audit(AuditAction::RiskAdded),
            )
            .await
            .expect("add a risk");
        assert_eq!(number, 1);
    }
}

/// NI 59's 2010/11 out-turn as typed into its entry form.
pub struct Figure<'a> {
    pub text: &'a str,
    pub commentary: &'a str,
    pub internal: bool,
    /// `draft` or `submit`.
    pub intent: &'a str,
}

impl Browser {
    /// Fills in NI 59's 2010/11 entry form as this browser sees it now.
    pub async fn enter(&mut self, figure: &Figure<'_>) -> Reply {
        let form = self.get(&format!("{NI59_ENTRY}?period=2010%2F11")).await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        let token = form.csrf_token();
        let version = form.hidden_field("version");
        let mut fields = vec![
            ("csrf_token", token.as_str()),
            ("period", "2010/11"),
            ("locality", ""),
            ("group", ""),
            ("version", version.as_str()),
            ("text", figure.text),
            ("commentary", figure.commentary),
            ("intent", figure.intent),
        ];
        if figure.internal {
            fields.push(("internal", "yes"));
        }
        self.post(NI59_ENTRY, &fields).await
    }

    /// NI 59's 2010/11 out-turn, with the commentary the sign-off tests use.
    pub async fn enter_ni59(&mut self, text: &str, intent: &str) -> Reply {
        self.enter(&Figure {
            text,
            commentary: "Audit of late assessments completed",
            internal: false,
            intent,
        })
        .await
    }
}
