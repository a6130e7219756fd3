//! What a board pack takes from the database beyond the plan itself: the
//! approved commentary on the period's figures, each indicator's series
//! across the plans linked to this one, its figures in the plans this one
//! follows, which direction of travel falls back on, its resource tables
//! with their links to outcomes, its risk register, and the business plan's
//! projects with their latest approved progress reports. The pages and
//! `trustboard report` both fill a pack's options here, so the two packs say the same.

use trustboard_core::period::Period;
use trustboard_core::resources::Threshold;
use trustboard_report::build::projects::{ApprovedReport, ProjectStanding};
use trustboard_report::build::resources::ResourceInputs;
use trustboard_report::build::PackOptions;
use trustboard_report::{Audience, Commentary};
use trustboard_store::projects::latest_approved;
use trustboard_store::{Store, StoreError};

/// Adds plan `plan_id`'s commentary for `options.period`, its series
/// across plans, its earlier plans' figures, its resources, its risks and its
/// projects to `options`.
pub async fn fill(
    store: &Store,
    plan_id: i64,
    options: &mut PackOptions,
) -> Result<(), StoreError> {
    options.commentary = commentary(store, plan_id, options.period).await?;
    options.across_plans = store.plan_across_plans(plan_id).await?;
    options.earlier_plans = store.earlier_plans(plan_id).await?;
    fill_resources(store, plan_id, Threshold::default(), options).await
}

/// Adds what the pack's resources, risks and projects are made from:
/// the resource tables with their links, year-on-year changes from `threshold`.
pub async fn fill_resources(
    store: &Store,
    plan_id: i64,
    threshold: Threshold,
    options: &mut PackOptions,
) -> Result<(), StoreError> {
    options.resources = resource_inputs(store, plan_id, threshold).await?;
    options.risks = store
        .risks(plan_id)
        .await?
        .iter()
        .map(|record| record.scored())
        .collect();
    options.projects = projects(store, plan_id, options.period).await?;
    Ok(())
}

/// The plan's resource tables and budget links, for the "Resources"
/// section; `None` when the plan holds no tables.
pub async fn resource_inputs(
    store: &Store,
    plan_id: i64,
    threshold: Threshold,
) -> Result<Option<ResourceInputs>, StoreError> {
    let tables = store.resource_tables_of(plan_id).await?;
    if tables.is_empty() {
        return Ok(None);
    }
    Ok(Some(ResourceInputs {
        tables,
        links: store.budget_links(plan_id).await?.links,
        threshold,
    }))
}

/// Each project with the latest report approved for a half year up to `period`.
async fn projects(
    store: &Store,
    plan_id: i64,
    period: Period,
) -> Result<Vec<ProjectStanding>, StoreError> {
    let reports = store.project_reports(plan_id).await?;
    Ok(store
        .projects(plan_id)
        .await?
        .into_iter()
        .map(|stored| ProjectStanding {
            latest: latest_approved(&reports, stored.id, Some(period)).map(|report| {
                ApprovedReport {
                    period: report.period,
                    status: report.progress,
                    rag: report.rag,
                    commentary: report.commentary.clone(),
                }
            }),
            project: stored.project,
        })
        .collect())
}

/// The approved commentary on the period's figures, as the pack words it.
/// Internal remarks are marked so; a published pack leaves them out.
async fn commentary(
    store: &Store,
    plan_id: i64,
    period: Period,
) -> Result<std::collections::BTreeMap<String, Vec<Commentary>>, StoreError> {
    let by_indicator = store
        .period_commentary(plan_id, &period.to_string())
        .await?;
    Ok(by_indicator
        .into_iter()
        .map(|(key, comments)| {
            let notes = comments
                .into_iter()
                .map(|comment| Commentary {
                    author: Some(comment.author),
                    text: comment.text,
                    audience: if comment.internal {
                        Audience::Internal
                    } else {
                        Audience::Public
                    },
                })
                .collect();
            (key, notes)
        })
        .collect())
}
