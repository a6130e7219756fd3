//! The forms that add to a child's record: one for each kind of step (see
//! `step_form`), and one to put a new child on the register with the first
//! concern. The core checks every step; a refusal is shown as the error
//! summary and nothing is written. A step made against an older version of
//! the record (someone else recorded one first) gets the conflict message.
//! After every write the plan indicators fed by the register are derived
//! again.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use trustboard_core::register::{Child, ChildFlags, ChildId, Gender, StepError};
use trustboard_store::register::{NewChild, RegisterAction, RegisterBatch, RegisterError};

use super::child::signpost_response;
use super::step_form::{parse, step_kind, Field, Input, People, StepKind};
use super::{child_path, register_crumbs};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::navigation::{Crumb, Nav};
use crate::register::{open_child, today, write_step, Opened, RegisterUser};
use crate::state::AppState;
use crate::templates::{render, FieldError};

pub struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct FieldView {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    /// date, text, textarea, select, checkboxes or yesno.
    pub control: &'static str,
    pub value: String,
    pub options: Vec<OptionView>,
    pub error: Option<String>,
}

impl FieldView {
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.name));
        }
        ids.join(" ")
    }
}

fn field_view(
    field: &Field,
    answers: &HashMap<String, String>,
    people: &People,
    errors: &[FieldError],
) -> FieldView {
    let value = answers.get(field.name).cloned().unwrap_or_default();
    let option = |value: &str, label: String, selected: bool| OptionView {
        value: value.to_string(),
        label,
        selected,
    };
    let (control, options) = match field.input {
        Input::Date => ("date", Vec::new()),
        Input::Text => ("text", Vec::new()),
        Input::LongText | Input::Lines => ("textarea", Vec::new()),
        Input::YesNo => ("yesno", Vec::new()),
        Input::Practitioner => (
            "select",
            people
                .practitioners
                .iter()
                .map(|p| {
                    option(
                        &p.id.0,
                        format!("{} ({})", p.name, p.agency),
                        p.id.0 == value,
                    )
                })
                .collect(),
        ),
        Input::Practitioners => (
            "checkboxes",
            people
                .practitioners
                .iter()
                .map(|p| {
                    let name = format!("{}.{}", field.name, p.id);
                    let checked = answers.contains_key(&name);
                    option(&name, format!("{} ({})", p.name, p.agency), checked)
                })
                .collect(),
        ),
        Input::Flags(flags) => (
            "checkboxes",
            flags
                .iter()
                .map(|(code, label)| {
                    let name = format!("{}.{code}", field.name);
                    let checked = answers.contains_key(&name);
                    option(&name, (*label).to_string(), checked)
                })
                .collect(),
        ),
        Input::Locality if people.localities.is_empty() => ("text", Vec::new()),
        Input::Locality => (
            "select",
            people
                .localities
                .iter()
                .map(|name| option(name, name.clone(), *name == value))
                .collect(),
        ),
        Input::Agency => (
            "select",
            people
                .agencies
                .iter()
                .map(|a| option(&a.id.0, a.name.clone(), a.id.0 == value))
                .collect(),
        ),
        Input::Choice(choices) => (
            "select",
            choices
                .iter()
                .map(|(code, label)| option(code, (*label).to_string(), *code == value))
                .collect(),
        ),
    };
    let placeholder = if field.required {
        "Choose"
    } else {
        "Not given"
    };
    let mut options = options;
    if control == "select" {
        options.insert(0, option("", placeholder.to_string(), value.is_empty()));
    }
    FieldView {
        name: field.name,
        label: field.label,
        hint: field.hint,
        control,
        value,
        options,
        error: errors
            .iter()
            .find(|error| error.field == field.name)
            .map(|error| error.message.clone()),
    }
}

#[derive(Template)]
#[template(path = "register_step.html")]
struct StepPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    title: String,
    caption: String,
    action: String,
    version: i64,
    errors: Vec<FieldError>,
    fields: Vec<FieldView>,
    /// Someone else recorded a step first.
    conflict: bool,
}

async fn people(state: &AppState, user: &RegisterUser) -> Result<People, AppError> {
    let staff = state
        .store()
        .register_staff(user.organisation())
        .await
        .map_err(AppError::internal)?;
    Ok(People {
        agencies: staff.agencies,
        practitioners: staff.practitioners,
        localities: staff.localities,
    })
}

/// The answers a fresh form starts with: today's date, and the user's own
/// practitioner wherever one is asked for.
fn starting_answers(kind_fields: &[Field], user: &RegisterUser) -> HashMap<String, String> {
    let today = today().to_string();
    let me = user
        .current
        .user
        .practitioner
        .as_ref()
        .map(|linked| linked.practitioner.0.clone());
    let mut answers = HashMap::new();
    for field in kind_fields {
        match field.input {
            Input::Date => {
                answers.insert(field.name.to_string(), today.clone());
            }
            Input::Practitioner if field.required => {
                if let Some(me) = &me {
                    answers.insert(field.name.to_string(), me.clone());
                }
            }
            _ => {}
        }
    }
    answers
}

fn kind_of(code: &str) -> Result<&'static StepKind, AppError> {
    step_kind(code).ok_or(AppError::NotFound)
}

pub async fn form(
    State(state): State<AppState>,
    user: RegisterUser,
    Path((reference, code)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let kind = kind_of(&code)?;
    let purpose = format!("opened the form: {}", kind.title);
    let stored = match open_child(&state, &user, &reference, &purpose).await? {
        Opened::Full(stored) => stored,
        Opened::Signpost(signpost) => return signpost_response(&user, &signpost),
    };
    let people = people(&state, &user).await?;
    let answers = starting_answers(kind.fields, &user);
    let target = Target {
        reference: &reference,
        name: &stored.record.child.name,
        version: stored.version,
    };
    let page = step_page(&user, kind, &target, &answers, &people, Vec::new(), false);
    Ok(render(&page)?.into_response())
}

/// The child a step form is for, and the version of their record it was read at.
struct Target<'a> {
    reference: &'a str,
    name: &'a str,
    version: i64,
}

fn step_page(
    user: &RegisterUser,
    kind: &StepKind,
    target: &Target<'_>,
    answers: &HashMap<String, String>,
    people: &People,
    errors: Vec<FieldError>,
    conflict: bool,
) -> StepPage {
    let Target {
        reference,
        name,
        version,
    } = *target;
    let path = child_path(reference);
    let mut breadcrumbs = register_crumbs();
    breadcrumbs.push(Crumb::new(name.to_string(), path.clone()));
    StepPage {
        nav: user.current.nav(),
        breadcrumbs,
        title: kind.title.to_string(),
        caption: format!("{name} ({reference})"),
        action: format!("{path}/steps/{}", kind.code),
        version,
        fields: kind
            .fields
            .iter()
            .map(|field| field_view(field, answers, people, &errors))
            .collect(),
        errors,
        conflict,
    }
}

/// The core's refusal as a sentence a person reads.
fn sentence(error: &StepError) -> String {
    let text = error.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

fn see_other(to: &str) -> Response {
    let location =
        HeaderValue::from_str(to).unwrap_or_else(|_| HeaderValue::from_static("/register"));
    (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response()
}

pub async fn record(
    State(state): State<AppState>,
    user: RegisterUser,
    Path((reference, code)): Path<(String, String)>,
    CsrfForm(answers): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let kind = kind_of(&code)?;
    let purpose = format!("submitted the form: {}", kind.title);
    let stored = match open_child(&state, &user, &reference, &purpose).await? {
        Opened::Full(stored) => stored,
        Opened::Signpost(signpost) => return signpost_response(&user, &signpost),
    };
    let name = stored.record.child.name.clone();
    let version: i64 = answers
        .get("version")
        .and_then(|text| text.parse().ok())
        .ok_or(AppError::BadRequest)?;
    let people = people(&state, &user).await?;
    let show = |errors: Vec<FieldError>,
                conflict: bool,
                status: StatusCode|
     -> Result<Response, AppError> {
        let target = Target {
            reference: &reference,
            name: &name,
            version,
        };
        let page = step_page(&user, kind, &target, &answers, &people, errors, conflict);
        Ok((status, render(&page)?).into_response())
    };
    let step = match parse(kind, &answers, &people) {
        Ok(step) => step,
        Err(errors) => return show(errors, false, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let first_field = kind.fields.first().map_or("date", |field| field.name);
    match write_step(&state, &user, &stored.record.child.id, &step, version).await {
        Ok(_) => Ok(see_other(&format!("{}?done=step", child_path(&reference)))),
        Err(RegisterError::Refused { error, .. }) => show(
            vec![FieldError::new(first_field, sentence(&error))],
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(RegisterError::Conflict { .. }) => show(
            vec![FieldError::new(
                first_field,
                "Someone else recorded a step for this child after you opened this form, so nothing was recorded. Open the child's record again, check what changed, then record your step",
            )],
            true,
            StatusCode::CONFLICT,
        ),
        Err(error) => Err(AppError::internal(error)),
    }
}

/// The child's own details on the new-child form, before the concern's.
const CHILD_FIELDS: &[Field] = &[
    Field {
        name: "reference",
        label: "Reference",
        hint: "The child's reference on the register, unique in your organisation.",
        input: Input::Text,
        required: true,
    },
    Field {
        name: "name",
        label: "Full name",
        hint: "",
        input: Input::Text,
        required: true,
    },
    Field {
        name: "date_of_birth",
        label: "Date of birth",
        hint: "",
        input: Input::Date,
        required: false,
    },
    Field {
        name: "gender",
        label: "Gender",
        hint: "",
        input: Input::Choice(&[("female", "Female"), ("male", "Male"), ("other", "Other")]),
        required: false,
    },
    Field {
        name: "ethnicity",
        label: "Ethnicity",
        hint: "As the family describes it.",
        input: Input::Text,
        required: false,
    },
    Field {
        name: "family",
        label: "Family reference",
        hint: "Shared by brothers and sisters, for whole-family work.",
        input: Input::Text,
        required: false,
    },
    Field {
        name: "setting",
        label: "School or setting",
        hint: "",
        input: Input::Text,
        required: false,
    },
    Field {
        name: "locality",
        label: "Locality",
        hint: "The area the child's figures are counted in, for example their cluster.",
        input: Input::Locality,
        required: false,
    },
    Field {
        name: "flags",
        label: "Flags",
        hint: "Tick all that apply.",
        input: Input::Flags(CHILD_FLAGS),
        required: false,
    },
];

/// The flags a child may carry: (code, label). The code is the field of the
/// core's `ChildFlags`.
const CHILD_FLAGS: &[(&str, &str)] = &[
    ("free_school_meals", "Free school meals"),
    ("special_educational_needs", "Special educational needs"),
    ("looked_after", "Looked after"),
    ("young_carer", "Young carer"),
];

#[derive(Template)]
#[template(path = "register_new_child.html")]
struct NewChildPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    errors: Vec<FieldError>,
    child_fields: Vec<FieldView>,
    concern_fields: Vec<FieldView>,
}

fn concern_kind() -> Result<&'static StepKind, AppError> {
    step_kind("concern").ok_or_else(|| AppError::internal("the concern form is missing"))
}

fn new_child_page(
    user: &RegisterUser,
    answers: &HashMap<String, String>,
    people: &People,
    errors: Vec<FieldError>,
) -> Result<NewChildPage, AppError> {
    let views = |fields: &[Field]| -> Vec<FieldView> {
        fields
            .iter()
            .map(|field| field_view(field, answers, people, &errors))
            .collect()
    };
    Ok(NewChildPage {
        nav: user.current.nav(),
        breadcrumbs: register_crumbs(),
        child_fields: views(CHILD_FIELDS),
        concern_fields: views(concern_kind()?.fields),
        errors,
    })
}

pub async fn new_child_form(
    State(state): State<AppState>,
    user: RegisterUser,
) -> Result<Response, AppError> {
    let people = people(&state, &user).await?;
    let answers = starting_answers(concern_kind()?.fields, &user);
    Ok(render(&new_child_page(&user, &answers, &people, Vec::new())?)?.into_response())
}

fn answer_text(answers: &HashMap<String, String>, name: &str) -> Option<String> {
    answers
        .get(name)
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty())
}

/// The child the form describes, or what is wrong with it.
fn new_child(
    answers: &HashMap<String, String>,
    organisation: &str,
    localities: &[String],
) -> Result<Child, Vec<FieldError>> {
    let mut errors = Vec::new();
    let locality = answer_text(answers, "locality");
    if let Some(name) = &locality {
        if !localities.is_empty() && !localities.contains(name) {
            errors.push(FieldError::new(
                "locality",
                "Choose the locality from the list, so the child is counted in its figures",
            ));
        }
    }
    let reference = answer_text(answers, "reference");
    if reference.is_none() {
        errors.push(FieldError::new("reference", "Enter the child's reference"));
    }
    let name = answer_text(answers, "name");
    if name.is_none() {
        errors.push(FieldError::new("name", "Enter the child's full name"));
    }
    let born = match answer_text(answers, "date_of_birth") {
        None => None,
        Some(text) => match text.parse::<NaiveDate>() {
            Ok(date) => Some(date),
            Err(_) => {
                errors.push(FieldError::new(
                    "date_of_birth",
                    "Enter the date of birth as a real date, for example 2012-03-31",
                ));
                None
            }
        },
    };
    let gender = match answer_text(answers, "gender").as_deref() {
        None => Gender::NotRecorded,
        Some("female") => Gender::Female,
        Some("male") => Gender::Male,
        Some("other") => Gender::Other,
        Some(_) => {
            errors.push(FieldError::new("gender", "Choose the gender from the list"));
            Gender::NotRecorded
        }
    };
    match (reference, name) {
        (Some(reference), Some(name)) if errors.is_empty() => Ok(Child {
            id: ChildId::new(reference),
            organisation: organisation.to_string(),
            name,
            date_of_birth: born,
            gender,
            ethnicity: answer_text(answers, "ethnicity"),
            setting: answer_text(answers, "setting"),
            locality,
            family: answer_text(answers, "family"),
            flags: child_flags(answers),
        }),
        _ => Err(errors),
    }
}

/// The flags ticked on the new-child form.
fn child_flags(answers: &HashMap<String, String>) -> ChildFlags {
    let ticked = |code: &str| answers.contains_key(&format!("flags.{code}"));
    ChildFlags {
        free_school_meals: ticked("free_school_meals"),
        special_educational_needs: ticked("special_educational_needs"),
        looked_after: ticked("looked_after"),
        young_carer: ticked("young_carer"),
    }
}

pub async fn add_child(
    State(state): State<AppState>,
    user: RegisterUser,
    CsrfForm(answers): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let people = people(&state, &user).await?;
    let show = |errors: Vec<FieldError>| -> Result<Response, AppError> {
        let page = new_child_page(&user, &answers, &people, errors)?;
        Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
    };
    let child = new_child(&answers, user.organisation(), &people.localities);
    let concern = parse(concern_kind()?, &answers, &people);
    let (child, concern) = match (child, concern) {
        (Ok(child), Ok(concern)) => (child, concern),
        (child, concern) => {
            let mut errors = child.err().unwrap_or_default();
            errors.extend(concern.err().unwrap_or_default());
            return show(errors);
        }
    };
    let id = child.id.clone();
    let batch = RegisterBatch {
        agencies: Vec::new(),
        practitioners: Vec::new(),
        children: vec![NewChild {
            child,
            opened: concern.date(),
            steps: vec![concern],
        }],
    };
    let store = state.store();
    match store
        .import_register(user.organisation(), &batch, user.actor(), today())
        .await
    {
        Ok(_) => {}
        Err(RegisterError::DuplicateChild { child, .. }) => {
            return show(vec![FieldError::new(
                "reference",
                format!("A child with reference {child} is already on the register: search for them and record the concern on their record"),
            )]);
        }
        Err(RegisterError::Refused { error, .. }) => {
            return show(vec![FieldError::new("date", sentence(&error))]);
        }
        Err(error) => return Err(AppError::internal(error)),
    }
    user.audit(
        &state,
        RegisterAction::RecordStep,
        Some(&id),
        "put the child on the register with a concern",
    )
    .await?;
    store
        .derive_register_values(user.organisation(), user.actor(), today(), Utc::now())
        .await
        .map_err(AppError::internal)?;
    Ok(see_other(&format!("{}?done=added", child_path(&id.0))))
}
