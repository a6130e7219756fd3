//! The early-help register as the pages and the API see it: who is asking
//! ([`RegisterUser`]), what they may see of one child ([`open_child`]), of a
//! search ([`search`]) or of the whole register ([`fully_visible`]), each
//! decided by the core's `sharing::access`, the first two written to the
//! register's audit here (lists are audited by the page that shows them),
//! and the child's history as a timeline.
//!
//! Nothing about a child reaches a response except through these functions.

mod timeline;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::{NaiveDate, Utc};
use trustboard_core::calendar::WorkingCalendar;
use trustboard_core::register::{
    due_actions, ChildId, ChildRecord, ChildSearch, DueAction, Level, RegisterSettings, Step,
    SEARCH_LIMIT,
};
use trustboard_core::sharing::{access, access_by_standing, Access, Contact, Signpost, Viewer};
use trustboard_store::register::{
    FoundChild, RegisterAccess, RegisterAction, RegisterError, StoredRecord,
};

use crate::authz::Action;
use crate::error::AppError;
use crate::session::{is_api, CurrentUser, Rejection};
use crate::state::AppState;

pub use timeline::{carer_text, timeline, TimelineEntry};

/// Today, for the register's rules: what is due, and how late a step may be dated.
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// What is due for a child, counted in the organisation's working-day
/// calendar (the shipped bank holidays and any it added) with the prompts
/// the server is configured with.
pub struct DueRules {
    calendar: WorkingCalendar,
    settings: RegisterSettings,
}

impl DueRules {
    pub async fn of(state: &AppState, user: &RegisterUser) -> Result<DueRules, AppError> {
        Ok(DueRules {
            calendar: state.store().working_calendar(user.organisation()).await?,
            settings: state.config().register_settings,
        })
    }

    pub fn due(&self, record: &ChildRecord, today: NaiveDate) -> Vec<DueAction> {
        due_actions(record, today, &self.calendar, &self.settings)
    }
}

/// A signed-in user who may use the register, and who they are to it.
/// Anyone else is refused, and the refusal is written to their
/// organisation's register audit.
pub struct RegisterUser {
    pub current: CurrentUser,
    pub viewer: Viewer,
}

impl RegisterUser {
    pub fn organisation(&self) -> &str {
        &self.viewer.organisation
    }

    pub fn actor(&self) -> &str {
        &self.current.user.username
    }

    pub fn coordinates(&self) -> bool {
        self.current.can(Action::CoordinateRegister)
    }

    /// Refuses, and audits the refusal of, anyone but a coordinator asking
    /// for `what` (the audit, retention, the whole register).
    pub async fn require_coordinator(&self, state: &AppState, what: &str) -> Result<(), AppError> {
        if self.coordinates() {
            return Ok(());
        }
        let detail = format!("refused: {what} is for coordinators");
        self.audit(state, RegisterAction::View, None, &detail)
            .await?;
        Err(AppError::Forbidden)
    }

    /// Writes one access to the organisation's register audit.
    pub async fn audit(
        &self,
        state: &AppState,
        action: RegisterAction,
        child: Option<&ChildId>,
        detail: &str,
    ) -> Result<(), AppError> {
        let entry = RegisterAccess {
            actor: self.actor(),
            action,
            child,
            detail,
            at: Utc::now(),
        };
        state
            .store()
            .record_register_access(self.organisation(), &entry)
            .await
            .map_err(AppError::internal)
    }
}

impl FromRequestParts<AppState> for RegisterUser {
    type Rejection = Rejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let current = CurrentUser::from_request_parts(parts, state).await?;
        let api = is_api(parts);
        let refuse = |error| Rejection::Error { api, error };
        let user = RegisterUser {
            viewer: current.viewer(),
            current,
        };
        if !user.current.can(Action::UseRegister) {
            let detail = format!("refused: {} {}", parts.method, parts.uri.path());
            user.audit(state, RegisterAction::View, None, &detail)
                .await
                .map_err(refuse)?;
            return Err(refuse(AppError::Forbidden));
        }
        Ok(user)
    }
}

/// What a user may see of one child.
pub enum Opened {
    Full(Box<StoredRecord>),
    /// The child is known and whom to contact; a 403 with this as its body.
    Signpost(Signpost),
}

/// Looks a child up on the user's own register and decides with the core
/// what they may see; every outcome is audited. A child of another
/// organisation, or one the user may see nothing of, is not found.
pub async fn open_child(
    state: &AppState,
    user: &RegisterUser,
    reference: &str,
    purpose: &str,
) -> Result<Opened, AppError> {
    let child = ChildId::new(reference);
    let stored = match state
        .store()
        .register_record(user.organisation(), &child)
        .await
    {
        Ok(stored) => stored,
        Err(RegisterError::UnknownChild { .. } | RegisterError::UnknownOrganisation(_)) => {
            let detail = format!("refused {purpose}: no child {reference} on this register");
            user.audit(state, RegisterAction::View, None, &detail)
                .await?;
            return Err(AppError::NotFound);
        }
        Err(error) => return Err(AppError::internal(error)),
    };
    match access(&user.viewer, &stored.record, today()) {
        Access::Full => {
            user.audit(state, RegisterAction::View, Some(&child), purpose)
                .await?;
            Ok(Opened::Full(Box::new(stored)))
        }
        Access::Signpost(signpost) => {
            let detail = format!("refused {purpose}: signpost shown");
            user.audit(state, RegisterAction::View, Some(&child), &detail)
                .await?;
            Ok(Opened::Signpost(signpost))
        }
        Access::None => {
            let detail = format!("refused {purpose}: no access");
            user.audit(state, RegisterAction::View, Some(&child), &detail)
                .await?;
            Err(AppError::NotFound)
        }
    }
}

/// The child's record when the user may see all of it; a signpost or
/// nothing is refused (403 or 404).
pub async fn open_full(
    state: &AppState,
    user: &RegisterUser,
    reference: &str,
    purpose: &str,
) -> Result<StoredRecord, AppError> {
    match open_child(state, user, reference, purpose).await? {
        Opened::Full(stored) => Ok(*stored),
        Opened::Signpost(_) => Err(AppError::Forbidden),
    }
}

/// The records on the user's register they may see in full (for a
/// coordinator, all of them), for the lists of work and children.
pub async fn fully_visible(
    state: &AppState,
    user: &RegisterUser,
) -> Result<Vec<ChildRecord>, AppError> {
    let records = state
        .store()
        .register_records(user.organisation())
        .await
        .map_err(AppError::internal)?;
    let today = today();
    Ok(records
        .into_iter()
        .filter(|record| access(&user.viewer, record, today) == Access::Full)
        .collect())
}

/// One search result: the whole row, or only the signpost.
pub enum Found {
    Full(Box<FoundChild>),
    Signpost {
        reference: String,
        name: String,
        signpost: Signpost,
    },
}

/// What a search shows: the children found, and whether more matched than
/// one search shows ([`SEARCH_LIMIT`]).
pub struct Searched {
    pub found: Vec<Found>,
    pub more: bool,
}

/// Searches the user's register (through the store's indexes, never the
/// whole register); audited with what was found.
pub async fn search(
    state: &AppState,
    user: &RegisterUser,
    query: &str,
) -> Result<Searched, AppError> {
    let Some(asked) = ChildSearch::new(query) else {
        return Ok(Searched {
            found: Vec::new(),
            more: false,
        });
    };
    let matched = state
        .store()
        .search_register(user.organisation(), &asked, SEARCH_LIMIT, today())
        .await
        .map_err(AppError::internal)?;
    let found: Vec<Found> = matched
        .children
        .into_iter()
        .filter_map(|found| {
            let standing = &found.card.standing;
            match access_by_standing(&user.viewer, &found.child.organisation, standing) {
                Access::Full => Some(Found::Full(Box::new(found))),
                Access::Signpost(signpost) => Some(Found::Signpost {
                    reference: found.child.id.0,
                    name: found.child.name,
                    signpost,
                }),
                Access::None => None,
            }
        })
        .collect();
    let signposts = found
        .iter()
        .filter(|found| matches!(found, Found::Signpost { .. }))
        .count();
    let detail = format!(
        "searched for \"{}\": {} shown in full, {signposts} signposted{}",
        query.trim(),
        found.len() - signposts,
        if matched.more { ", more not shown" } else { "" }
    );
    user.audit(state, RegisterAction::Search, None, &detail)
        .await?;
    Ok(Searched {
        found,
        more: matched.more,
    })
}

/// Whom a signpost says to contact, in words.
pub fn contact_text(signpost: &Signpost) -> String {
    match &signpost.contact {
        Contact::LeadProfessional(lead) => {
            format!("{} (Lead Professional, {})", lead.name, lead.agency)
        }
        Contact::Coordinators => "the early-help register coordinators".to_string(),
    }
}

/// A level as people say it: "3: Vulnerable, flagged, family support package".
pub fn level_text(level: Option<Level>) -> String {
    match level {
        Some(level) => format!("{}: {}", level.number(), level.title()),
        None => "Not set".to_string(),
    }
}

/// Writes a step and keeps the plan's register indicators current.
pub async fn write_step(
    state: &AppState,
    user: &RegisterUser,
    child: &ChildId,
    step: &Step,
    version: i64,
) -> Result<i64, RegisterError> {
    let store = state.store();
    let version = store
        .record_register_step(
            user.organisation(),
            child,
            step,
            version,
            user.actor(),
            today(),
        )
        .await?;
    let detail = format!("recorded a step dated {}", step.date());
    let entry = RegisterAccess {
        actor: user.actor(),
        action: RegisterAction::RecordStep,
        child: Some(child),
        detail: &detail,
        at: Utc::now(),
    };
    store
        .record_register_access(user.organisation(), &entry)
        .await?;
    store
        .derive_register_values(user.organisation(), user.actor(), today(), Utc::now())
        .await?;
    Ok(version)
}
