//! The OpenAPI document served at `/api/openapi.json`. Its paths, parameters
//! and error replies are kept by hand in `openapi.json` beside this file; the
//! schema of every reply and request body is generated here from the Rust type
//! the handler serialises, so the document cannot drift from what is sent.

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};
use trustboard_report::ResourcesPart;
use trustboard_store::PlanSummary;

use super::plan_resources::{ProjectList, RiskRegister};
use super::register::{ChildReply, SearchResult, StepRequest};
use super::Me;
use crate::performance::public::PublicView;
use crate::performance::views::{Exceptions, IndicatorPage, Localities, Overview, Scorecard};

const HAND_KEPT: &str = include_str!("openapi.json");

/// The whole document as JSON text, built once.
pub fn document() -> &'static str {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    DOCUMENT.get_or_init(|| build().to_string())
}

/// The hand-kept document with the generated schemas added to its components.
fn build() -> Value {
    let mut document: Value = serde_json::from_str(HAND_KEPT).expect("openapi.json is JSON");
    let schemas = document["components"]["schemas"]
        .as_object_mut()
        .expect("openapi.json has components.schemas");
    for (name, schema) in generated() {
        // A hand-kept schema of the same name would hide the generated one.
        assert!(
            schemas.insert(name.clone(), schema).is_none(),
            "openapi.json must not write the schema `{name}` by hand"
        );
    }
    document
}

/// The schemas of every type the API sends or takes, under the names the
/// paths refer to, with every type they are made of.
fn generated() -> Map<String, Value> {
    let mut generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .with(|settings| settings.definitions_path = "/components/schemas".into())
        .into_generator();
    generator.subschema_for::<Me>();
    generator.subschema_for::<PlanSummary>();
    generator.subschema_for::<Overview>();
    generator.subschema_for::<Scorecard>();
    generator.subschema_for::<IndicatorPage>();
    generator.subschema_for::<Exceptions>();
    generator.subschema_for::<Localities>();
    generator.subschema_for::<ResourcesPart>();
    generator.subschema_for::<RiskRegister>();
    generator.subschema_for::<ProjectList>();
    generator.subschema_for::<PublicView>();
    generator.subschema_for::<SearchResult>();
    generator.subschema_for::<ChildReply>();
    let mut schemas = generator.take_definitions(true);
    schemas.insert("StepRequest".into(), request_schema());
    schemas
}

/// A step as the API reads it, where a field with a default may be left out.
/// Inlined whole, as its parts are read more leniently than they are sent.
fn request_schema() -> Value {
    SchemaSettings::draft2020_12()
        .for_deserialize()
        .with(|settings| settings.inline_subschemas = true)
        .into_generator()
        .subschema_for::<StepRequest>()
        .into()
}
