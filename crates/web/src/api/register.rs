//! The register's JSON API: search, a child's record, and recording a step,
//! with the same access decisions and audit as the pages (`crate::register`).
//! Recording a step is a change, so it must carry the session's CSRF token in
//! the `X-CSRF-Token` header.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use trustboard_core::register::{ChildRecord, DueAction, Step};
use trustboard_core::sharing::Signpost;
use trustboard_store::register::RegisterError;

use crate::error::{api_error, ApiError, AppError};
use crate::register::{
    contact_text, open_child, search, timeline, today, write_step, DueRules, Found, Opened,
    RegisterUser, TimelineEntry,
};
use crate::session::secrets_match;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Serialize, schemars::JsonSchema)]
#[serde(tag = "access", rename_all = "snake_case")]
#[schemars(rename = "RegisterSearchResult")]
pub enum SearchResult {
    Full {
        reference: String,
        name: String,
        date_of_birth: Option<chrono::NaiveDate>,
        locality: Option<String>,
        level: Option<u8>,
    },
    Signpost {
        reference: String,
        name: String,
        contact: String,
        open_caf: bool,
    },
}

pub async fn search_children(
    State(state): State<AppState>,
    user: RegisterUser,
    Query(query): Query<SearchQuery>,
) -> Result<Json<Vec<SearchResult>>, ApiError> {
    let found = search(&state, &user, &query.q).await?.found;
    Ok(Json(
        found
            .into_iter()
            .map(|found| match found {
                Found::Full(found) => SearchResult::Full {
                    level: found.card.level.map(|level| level.number()),
                    reference: found.child.id.0,
                    name: found.child.name,
                    date_of_birth: found.child.date_of_birth,
                    locality: found.child.locality,
                },
                Found::Signpost {
                    reference,
                    name,
                    signpost,
                } => SearchResult::Signpost {
                    reference,
                    name,
                    contact: contact_text(&signpost),
                    open_caf: signpost.open_caf,
                },
            })
            .collect(),
    ))
}

#[derive(Serialize, schemars::JsonSchema)]
#[schemars(rename = "ChildRecordReply")]
pub(super) struct ChildReply {
    /// The number of steps recorded; send it back with the next step.
    version: i64,
    record: ChildRecord,
    due: Vec<DueAction>,
    timeline: Vec<TimelineEntry>,
}

fn signpost_reply(signpost: &Signpost) -> Response {
    let mut extra = serde_json::Map::new();
    extra.insert(
        "signpost".into(),
        json!({ "contact": contact_text(signpost), "open_caf": signpost.open_caf }),
    );
    api_error(
        StatusCode::FORBIDDEN,
        "You are not working with this child; contact the person named",
        extra,
    )
}

pub async fn child(
    State(state): State<AppState>,
    user: RegisterUser,
    Path(reference): Path<String>,
) -> Result<Response, ApiError> {
    let stored =
        match open_child(&state, &user, &reference, "read the record through the API").await? {
            Opened::Full(stored) => stored,
            Opened::Signpost(signpost) => return Ok(signpost_reply(&signpost)),
        };
    let due = DueRules::of(&state, &user)
        .await?
        .due(&stored.record, today());
    let reply = ChildReply {
        version: stored.version,
        due,
        timeline: timeline(&stored.record),
        record: stored.record,
    };
    Ok(Json(reply).into_response())
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct StepRequest {
    /// The record's version the step was prepared against.
    version: i64,
    step: Step,
}

pub async fn record_step(
    State(state): State<AppState>,
    user: RegisterUser,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Json(request): Json<StepRequest>,
) -> Result<Response, ApiError> {
    let token = headers
        .get("x-csrf-token")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    if !secrets_match(token, &user.current.csrf_token) {
        return Err(AppError::FormExpired.into());
    }
    let stored =
        match open_child(&state, &user, &reference, "recorded a step through the API").await? {
            Opened::Full(stored) => stored,
            Opened::Signpost(signpost) => return Ok(signpost_reply(&signpost)),
        };
    let child = &stored.record.child.id;
    match write_step(&state, &user, child, &request.step, request.version).await {
        Ok(version) => {
            Ok((StatusCode::CREATED, Json(json!({ "version": version }))).into_response())
        }
        Err(RegisterError::Refused { error, .. }) => Ok(api_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &error.to_string(),
            serde_json::Map::new(),
        )),
        Err(RegisterError::Conflict { found, .. }) => {
            let mut extra = serde_json::Map::new();
            extra.insert("version".into(), json!(found));
            Ok(api_error(
                StatusCode::CONFLICT,
                "Someone else recorded a step for this child first; nothing was recorded. Read the record again and retry",
                extra,
            ))
        }
        Err(error) => Err(AppError::internal(error).into()),
    }
}
