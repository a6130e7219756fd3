//! The polarity review page, on both backends: a performance officer confirms
//! and changes polarities in one submit; a page loaded before someone else's
//! change saves nothing and says which indicator changed.

use axum::http::StatusCode;
use trustboard_core::model::{Polarity, PolaritySource};

use crate::harness::*;

#[tokio::test]
async fn polarities_are_confirmed_in_bulk_and_a_stale_page_saves_nothing_on_sqlite() {
    let app = TestApp::start().await;
    polarities_are_confirmed_in_bulk_and_a_stale_page_saves_nothing(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn polarities_are_confirmed_in_bulk_and_a_stale_page_saves_nothing_on_postgresql() {
    let app = TestApp::on_postgres().await;
    polarities_are_confirmed_in_bulk_and_a_stale_page_saves_nothing(&app).await;
    app.finish().await;
}

const ANTE_NATAL: &str = "Number of ante natal sessions provided in Children's Centres per year";
const CP_PLANS: &str = "Number of children subject to child protection plans";
pub(crate) const TRIAGE: &str = "Number of cases referred to triage service";

/// The row number of the indicator titled `title` on the page: its `key-N` field.
pub(crate) fn row_of(page: &Reply, key: &str) -> String {
    // The page escapes the key as HTML does (`Children's` → `Children&#39;s`).
    let escaped = key.replace('&', "&amp;").replace('\'', "&#39;");
    let marker = format!("\" value=\"{escaped}\"");
    let end = page
        .body
        .find(&marker)
        .unwrap_or_else(|| panic!("no row for {key}"));
    let start = page.body[..end].rfind("name=\"key-").expect("a key field") + "name=\"key-".len();
    page.body[start..end].to_string()
}

async fn polarity_of(app: &TestApp, title: &str) -> (Option<Polarity>, Option<PolaritySource>) {
    let plan = app.stored_sample_plan().await;
    let indicator = plan
        .indicators
        .iter()
        .find(|i| i.title == title)
        .expect("the indicator");
    (indicator.polarity, indicator.polarity_source)
}

async fn polarities_are_confirmed_in_bulk_and_a_stale_page_saves_nothing(app: &TestApp) {
    let plan = app.import_sample_plan().await;
    let key_of = |title: &str| {
        plan.indicators
            .iter()
            .find(|i| i.title == title)
            .map(|i| i.key.clone())
            .expect("in the sample")
    };
    let mut officer = app.sign_in_as("officer", Role::PerformanceOfficer).await;
    let mut late = app.sign_in_as("late", Role::PerformanceOfficer).await;
    let page = officer.get("/plans/1/polarity").await;
    assert_eq!(page.status, StatusCode::OK);
    let unknown_at = page.body.find("Unknown (").expect("unknown section");
    let inferred_at = page
        .body
        .find("Inferred, awaiting confirmation (")
        .expect("inferred section");
    assert!(unknown_at < inferred_at, "unknown ones come first");
    assert!(page
        .body
        .contains("targets: 2010/11 target 416 above 2009/10 out-turn 403"));
    let stale = late.get("/plans/1/polarity").await;

    let (ante, cp) = (key_of(ANTE_NATAL), key_of(CP_PLANS));
    let (a, c) = (row_of(&page, &ante), row_of(&page, &cp));
    let fields = [
        (format!("key-{a}"), ante.clone()),
        (
            format!("version-{a}"),
            page.hidden_field(&format!("version-{a}")),
        ),
        (format!("confirm-{a}"), "higher".to_string()),
        (format!("key-{c}"), cp.clone()),
        (
            format!("version-{c}"),
            page.hidden_field(&format!("version-{c}")),
        ),
        (format!("polarity-{c}"), "lower".to_string()),
    ];
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = officer.submit("/plans/1/polarity", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(saved.location(), "/plans/1/polarity?saved=2");
    assert_eq!(
        polarity_of(app, ANTE_NATAL).await,
        (Some(Polarity::HigherIsBetter), Some(PolaritySource::Stated))
    );
    assert_eq!(
        polarity_of(app, CP_PLANS).await,
        (Some(Polarity::LowerIsBetter), Some(PolaritySource::Stated))
    );
    let after = officer.get("/plans/1/polarity?saved=2").await;
    assert!(after.body.contains("2 polarities saved"));
    assert!(after.body.contains("officer"), "the history names who");

    // The late officer's page shows versions from before that save: changing
    // the ante-natal sessions (and the triage count with it) saves nothing.
    let triage = key_of(TRIAGE);
    let (a, t) = (row_of(&stale, &ante), row_of(&stale, &triage));
    let fields = [
        (format!("key-{t}"), triage.clone()),
        (
            format!("version-{t}"),
            stale.hidden_field(&format!("version-{t}")),
        ),
        (format!("polarity-{t}"), "higher".to_string()),
        (format!("key-{a}"), ante.clone()),
        (
            format!("version-{a}"),
            stale.hidden_field(&format!("version-{a}")),
        ),
        (format!("polarity-{a}"), "lower".to_string()),
    ];
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let refused = late.submit("/plans/1/polarity", &fields).await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert!(
        refused
            .location()
            .starts_with("/plans/1/polarity?conflict="),
        "{}",
        refused.location()
    );
    assert_eq!(
        polarity_of(app, ANTE_NATAL).await,
        (Some(Polarity::HigherIsBetter), Some(PolaritySource::Stated))
    );
    assert_eq!(
        polarity_of(app, TRIAGE).await,
        (None, None),
        "all or nothing"
    );
    let explained = late.get(refused.location()).await;
    assert!(explained.body.contains("Nothing was saved"));

    let mut board = app.sign_in_as("board", Role::BoardMember).await;
    assert_eq!(
        board.get("/plans/1/polarity").await.status,
        StatusCode::FORBIDDEN
    );
}
