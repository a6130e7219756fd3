//! The Trust Board pack of a plan, built and rendered by `trustboard_report`
//! exactly as `trustboard report` makes it, and sent as a file to download.
//!
//! Every format is sent as an attachment: the HTML pack carries its own
//! `<style>`, which the site's Content-Security-Policy forbids on pages, and
//! a downloaded file opened from disk is not under that policy.

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use trustboard_core::period::Period;
use trustboard_report::build::{board_pack, BuildError, PackOptions};
use trustboard_report::{PackFormat, RenderOptions};
use trustboard_store::audit::AuditAction;

use super::work::{audit_entry, load_plan_handle, loaded_plan};
use crate::authz::ProduceBoardPack;
use crate::error::AppError;
use crate::session::{Authorised, ClientAddress};
use crate::state::AppState;

/// `?period=2010/11&format=pdf&published=1`, as the form on the plan overview sends it.
#[derive(Deserialize)]
pub struct PackQuery {
    #[serde(default)]
    period: String,
    #[serde(default)]
    format: String,
    published: Option<String>,
}

fn pack_format(text: &str) -> Option<PackFormat> {
    PackFormat::ALL
        .into_iter()
        .find(|format| format.extension() == text)
}

/// What the audit log says was taken away: `2010/11 pdf, published` or `… internal`.
fn download_detail(period: Period, format: PackFormat, published: bool) -> String {
    let audience = if published { "published" } else { "internal" };
    format!("{period} {}, {audience}", format.extension())
}

/// `kingston-cypp-board-pack-2010-11.pdf`.
fn file_name(plan: &str, period: Period, format: PackFormat) -> String {
    let stem = safe_file_name(&format!("{plan}-board-pack-{period}"));
    format!("{stem}.{}", format.extension())
}

/// A downloaded file's name: letters and digits kept, anything else a hyphen.
pub(super) fn safe_file_name(stem: &str) -> String {
    stem.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// Every pack that leaves the server is written to the audit log, with who
/// took it, which period and format, and whether it was the published one.
pub async fn download(
    auth: Authorised<ProduceBoardPack>,
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path(id): Path<i64>,
    Query(query): Query<PackQuery>,
) -> Result<Response, AppError> {
    let period: Period = query.period.parse().map_err(|_| AppError::BadRequest)?;
    let format = pack_format(&query.format).ok_or(AppError::BadRequest)?;
    let published = query.published.is_some_and(|value| value == "1");
    let plan = load_plan_handle(&state, id).await?;
    let loaded = loaded_plan(&state, &plan).await?;
    let mut options = PackOptions::new(period, chrono::Utc::now().date_naive());
    options.published = published;
    crate::pack_inputs::fill(state.store(), plan.id, &mut options).await?;
    // Laying out a PDF takes a while: keep it off the request threads.
    let bytes = tokio::task::spawn_blocking(move || {
        let pack = board_pack(&loaded.doc, &options).map_err(|error| match error {
            BuildError::Judge(_) | BuildError::UnknownLocality(_) => AppError::NotFound,
            BuildError::Invalid(error) => AppError::internal(error),
        })?;
        format
            .render(&pack, RenderOptions { published })
            .map_err(AppError::internal)
    })
    .await
    .map_err(AppError::internal)??;
    let detail = download_detail(period, format, published);
    let address = address.to_string();
    state
        .store()
        .record_audit(&audit_entry(
            &auth.current,
            AuditAction::BoardPackDownloaded,
            &plan.name,
            &detail,
            &address,
        ))
        .await?;
    let disposition = format!(
        "attachment; filename=\"{}\"",
        file_name(&plan.name, period, format)
    );
    let headers = [
        (CONTENT_TYPE, HeaderValue::from_static(format.media_type())),
        (
            CONTENT_DISPOSITION,
            HeaderValue::from_str(&disposition).map_err(AppError::internal)?,
        ),
    ];
    Ok((headers, bytes).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_only_safe_characters() {
        let period: Period = "2010/11"
            .parse()
            .unwrap_or_else(|_| Period::financial(2010));
        assert_eq!(
            file_name("Kingston \"CYPP\"", period, PackFormat::Pdf),
            "Kingston--CYPP--board-pack-2010-11.pdf"
        );
    }

    #[test]
    fn formats_are_named_by_their_extension() {
        assert_eq!(pack_format("xlsx"), Some(PackFormat::Xlsx));
        assert_eq!(pack_format("docx"), None);
    }
}
