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

/// `text` as one segment of a path or a query value.
fn segment(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The schema the OpenAPI document gives the reply of `template` with
/// `status` to `method`, as a schema to validate against on its own: the
/// document's components travel with it, so its references resolve.
pub fn reply_schema(
    spec: &serde_json::Value,
    template: &str,
    method: &str,
    status: &str,
) -> serde_json::Value {
    let reply = &spec["paths"][template][method]["responses"][status];
    let mut schema = reply["content"]["application/json"]["schema"].clone();
    assert!(
        schema.is_object(),
        "{method} {template} documents no JSON schema for {status}"
    );
    schema["components"] = spec["components"].clone();
    schema
}

/// Validates `body` against `schema`, listing every way it does not fit.
pub fn assert_fits(schema: &serde_json::Value, body: &serde_json::Value, what: &str) {
    let validator = jsonschema::validator_for(schema)
        .unwrap_or_else(|error| panic!("the schema for {what} is not a JSON Schema: {error}"));
    let problems: Vec<String> = validator
        .iter_errors(body)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(
        problems.is_empty(),
        "{what} does not fit its documented schema:\n{}",
        problems.join("\n")
    );
}

/// Every `$ref` in `value`, with where it was found.
fn references(value: &serde_json::Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                if let ("$ref", Some(target)) = (key.as_str(), inner.as_str()) {
                    out.push((at.to_string(), target.to_string()));
                }
                references(inner, &format!("{at}/{key}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                references(inner, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Every schema in `value` that says only that it is an object.
fn bare_objects(value: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            let described = [
                "properties",
                "additionalProperties",
                "oneOf",
                "anyOf",
                "allOf",
                "$ref",
            ]
            .iter()
            .any(|key| map.contains_key(*key));
            if map.get("type").and_then(|t| t.as_str()) == Some("object") && !described {
                out.push(at.to_string());
            }
            for (key, inner) in map {
                bare_objects(inner, &format!("{at}/{key}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                bare_objects(inner, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn every_schema_in_the_document_is_described_and_every_reference_resolves() {
    let app = TestApp::start().await;
    let spec = app.visitor().get("/api/openapi.json").await.json();
    let mut bare = Vec::new();
    bare_objects(&spec, "#", &mut bare);
    assert!(bare.is_empty(), "schemas that say only `object`: {bare:?}");
    let mut found = Vec::new();
    references(&spec, "#", &mut found);
    assert!(
        found.len() > 50,
        "the generated schemas refer to one another"
    );
    for (at, target) in found {
        let pointer = target
            .strip_prefix('#')
            .expect("a reference within the document");
        assert!(
            spec.pointer(pointer).is_some(),
            "{at} refers to {target}, which the document does not hold"
        );
    }
    // The replies whose schemas used to be hand-written as bare objects.
    for name in [
        "Overview",
        "Scorecard",
        "IndicatorPage",
        "Exceptions",
        "Localities",
        "PublicView",
    ] {
        let schema = &spec["components"]["schemas"][name];
        assert!(schema["properties"].is_object(), "{name}: {schema}");
    }
    let record = &spec["components"]["schemas"]["ChildRecordReply"]["properties"]["record"];
    assert_eq!(record["$ref"], "#/components/schemas/ChildRecord");
    app.finish().await;
}

/// Every reply the API gives on the sample plan and a register child fits
/// the schema the document gives it, and so does a step sent to it.
async fn replies_fit_their_schemas(app: TestApp) {
    app.import_sample_plan().await;
    app.add_register_staff().await;
    app.add_register_child("C1", "Alex Example", "school", register_today())
        .await;
    app.add_practitioner("yusuf", "p-youth").await;
    let mut officer = app.sign_in_as("officer", Role::PerformanceOfficer).await;
    officer.publish_plan(true).await;
    let mut coordinator = app
        .sign_in_as("coordinator", Role::RegisterCoordinator)
        .await;
    let mut practitioner = app.signed_in("yusuf").await;
    let spec = app.visitor().get("/api/openapi.json").await.json();

    let doc = app.stored_sample_plan().await;
    let mut plan_paths: Vec<(String, &str)> = vec![
        ("/api/me".into(), "/me"),
        ("/api/plans".into(), "/plans"),
        ("/api/plans/1/overview".into(), "/plans/{id}/overview"),
        ("/api/plans/1/exceptions".into(), "/plans/{id}/exceptions"),
        ("/api/plans/1/localities".into(), "/plans/{id}/localities"),
        (
            "/api/plans/1/overview?period=2008/09".into(),
            "/plans/{id}/overview",
        ),
    ];
    for node in doc.nodes.iter().filter(|n| n.retired.is_none()) {
        let path = format!("/api/plans/1/nodes/{}", segment(&node.code));
        plan_paths.push((path, "/plans/{id}/nodes/{code}"));
    }
    for indicator in &doc.indicators {
        let path = format!("/api/plans/1/indicators/{}", segment(&indicator.key));
        plan_paths.push((path, "/plans/{id}/indicators/{key}"));
        let path = format!(
            "/api/plans/1/localities?indicator={}",
            segment(&indicator.key)
        );
        plan_paths.push((path, "/plans/{id}/localities"));
    }
    for (path, template) in &plan_paths {
        let reply = officer.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        assert_fits(
            &reply_schema(&spec, template, "get", "200"),
            &reply.json(),
            path,
        );
    }
    let public = app.visitor().get("/api/public/1").await;
    assert_eq!(public.status, StatusCode::OK);
    let schema = reply_schema(&spec, "/public/{id}", "get", "200");
    assert_fits(&schema, &public.json(), "/api/public/1");

    // The register: a full search result, a signpost, a record and a step.
    let token = coordinator.csrf_token().await;
    // `practitioner` has a default: a request may leave it out.
    let step = serde_json::json!({"version": 1, "step": {
        "step": "record_involvement", "date": register_today(), "agency": "health",
        "note": "Health visitor"}});
    let schema = &spec["paths"]["/register/children/{reference}/steps"]["post"]["requestBody"]
        ["content"]["application/json"]["schema"];
    let mut request = schema.clone();
    request["components"] = spec["components"].clone();
    assert_fits(&request, &step, "a step as sent");
    let reply = coordinator
        .post_json("/api/register/children/C1/steps", &step, &token)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let schema = reply_schema(&spec, "/register/children/{reference}/steps", "post", "201");
    assert_fits(&schema, &reply.json(), "the step's reply");
    let search = "/register/search";
    for (browser, what) in [(&mut coordinator, "full"), (&mut practitioner, "signpost")] {
        let reply = browser.get("/api/register/search?q=Alex").await;
        assert_eq!(reply.status, StatusCode::OK);
        let body = reply.json();
        assert_eq!(body[0]["access"], what, "{body}");
        assert_fits(&reply_schema(&spec, search, "get", "200"), &body, what);
    }
    let reply = coordinator.get("/api/register/children/C1").await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    assert!(body["record"]["concerns"]
        .as_array()
        .is_some_and(|c| !c.is_empty()));
    let schema = reply_schema(&spec, "/register/children/{reference}", "get", "200");
    assert_fits(&schema, &body, "a child's record");
    let reply = practitioner.get("/api/register/children/C1").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let schema = reply_schema(&spec, "/register/children/{reference}", "get", "403");
    assert_fits(&schema, &reply.json(), "a signpost");

    // A reply that does not fit is caught: the check is not vacuous.
    let mut altered = body.clone();
    altered["record"]["concerns"][0]["date"] = serde_json::json!(17);
    let schema = reply_schema(&spec, "/register/children/{reference}", "get", "200");
    let validator = jsonschema::validator_for(&schema).expect("a schema");
    assert!(!validator.is_valid(&altered));
    app.finish().await;
}

#[tokio::test]
async fn replies_fit_their_schemas_on_sqlite() {
    replies_fit_their_schemas(TestApp::start().await).await;
}

#[tokio::test]
async fn replies_fit_their_schemas_on_postgres() {
    replies_fit_their_schemas(TestApp::on_postgres().await).await;
}
