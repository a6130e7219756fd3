//! The JSON API and its OpenAPI description.

use axum::http::StatusCode;

use crate::harness::*;
use crate::route_matrix::{route_matrix, PUBLIC_ROUTES, PUBLISHED_PLAN_ROUTES};

/// Whether `path` is an instance of the OpenAPI path `template` (`/plans/{id}`).
fn fits_template(template: &str, path: &str) -> bool {
    let (template, path): (Vec<&str>, Vec<&str>) =
        (template.split('/').collect(), path.split('/').collect());
    template.len() == path.len()
        && template
            .iter()
            .zip(&path)
            .all(|(t, p)| t == p || (t.starts_with('{') && t.ends_with('}') && !p.is_empty()))
}

#[tokio::test]
async fn the_api_describes_itself_and_answers_in_json() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::LeadOfficer).await;
    let mut browser = app.visitor();
    let spec = browser.get("/api/openapi.json").await;
    assert_eq!(spec.header("content-type"), "application/json");
    let spec: serde_json::Value =
        serde_json::from_str(&spec.body).expect("OpenAPI document is JSON");
    assert_eq!(spec["openapi"], "3.1.0");
    let documented: Vec<&String> = spec["paths"].as_object().expect("paths").keys().collect();
    let served: Vec<String> = route_matrix(0)
        .iter()
        .map(|case| case.path)
        .chain(PUBLIC_ROUTES.iter().copied())
        .chain(PUBLISHED_PLAN_ROUTES.iter().copied())
        .filter_map(|path| path.strip_prefix("/api"))
        .map(|path| path.split('?').next().unwrap_or(path).to_owned())
        .collect();
    for path in &served {
        assert!(
            documented
                .iter()
                .any(|template| fits_template(template, path)),
            "{path} is served but not documented"
        );
    }
    for template in documented {
        assert!(
            served.iter().any(|path| fits_template(template, path)),
            "{template} is documented but not in the route matrix"
        );
    }

    let unauthorised = app.visitor().get("/api/me").await;
    assert_eq!(unauthorised.status, StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = serde_json::from_str(&unauthorised.body).expect("JSON error");
    assert_eq!(body["error"]["status"], 401);
    assert!(body["error"]["message"].is_string());

    let mut signed_in = app.signed_in("alice").await;
    let me: serde_json::Value =
        serde_json::from_str(&signed_in.get("/api/me").await.body).expect("JSON");
    assert_eq!(me["username"], "alice");
    assert_eq!(me["role"], "lead_officer");
    assert_eq!(me["permissions"], serde_json::json!(["view_plans"]));
    assert_eq!(me["organisation"], KINGSTON);
    assert_eq!(me["register"]["capacity"], "aggregate_only");
    let plans: serde_json::Value =
        serde_json::from_str(&signed_in.get("/api/plans").await.body).expect("JSON");
    assert_eq!(plans, serde_json::json!([]));
}
