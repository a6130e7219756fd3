//! The form of every kind of step the core records, described once as data:
//! its fields, how each is shown, and how the answers become the core's
//! [`Step`] (through its JSON form, so the core's types decide the shape).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::{json, Map, Value};
use trustboard_core::register::{Agency, Practitioner, Step};

use crate::templates::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Date,
    Text,
    LongText,
    /// One item a line.
    Lines,
    Practitioner,
    /// Checkboxes of practitioners: `{field}.{reference}`.
    Practitioners,
    Agency,
    Choice(&'static [(&'static str, &'static str)]),
    YesNo,
    /// One of the organisation's localities (free text when it has none).
    Locality,
    /// Checkboxes of yes/no flags: `{field}.{code}`, each `true` when ticked.
    Flags(&'static [(&'static str, &'static str)]),
}

pub struct Field {
    /// Where the answer goes in the step, `.` between levels.
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub input: Input,
    pub required: bool,
}

pub struct StepKind {
    /// In the form's address: `/register/children/{ref}/steps/{code}`.
    pub code: &'static str,
    pub title: &'static str,
    /// The core's name for the step.
    pub step: &'static str,
    pub fields: &'static [Field],
}

const LEVELS: &[(&str, &str)] = &[
    ("universal", "0: Universal, not vulnerable"),
    ("early_warning", "1: Early warning"),
    ("flagged", "2: Vulnerable and flagged"),
    (
        "family_support_package",
        "3: Vulnerable, flagged, family support package",
    ),
    ("risk_of_serious_harm", "4: Risk of serious harm"),
];
const CAF_OUTCOMES: &[(&str, &str)] = &[
    ("no_further_action", "No further action (closes the CAF)"),
    ("flag", "Flag"),
    ("involve_another_agency", "Involve another agency"),
    ("family_support_meeting", "Family support meeting"),
    ("yisp", "Youth Inclusion Support Programme"),
];
const MEETING_KINDS: &[(&str, &str)] = &[
    ("team_around_the_child", "Team Around the Child (TAC)"),
    ("family_support", "Family support meeting"),
    ("yisp", "YISP panel"),
];
const CLOSURE_OUTCOMES: &[(&str, &str)] = &[
    ("needs_met", "Needs met"),
    (
        "stepped_down_to_universal_services",
        "Stepped down to universal services",
    ),
    ("stepped_up_to_social_care", "Stepped up to social care"),
    ("moved_away", "Moved away"),
    ("family_withdrew", "Family withdrew"),
    ("other", "Other"),
];
const CONSENT: &[(&str, &str)] = &[
    ("given", "Given"),
    ("refused", "Refused"),
    ("withdrawn", "Withdrawn"),
];
const SHARE_CHOICES: &[(&str, &str)] = &[("share", "Share"), ("not_share", "Do not share")];
const LEGAL_BASES: &[(&str, &str)] = &[
    ("consent", "Consent"),
    ("statutory_duty", "Statutory duty"),
    ("court_order", "Court order"),
    ("public_interest", "Public interest"),
    ("risk_of_significant_harm", "Risk of significant harm"),
];

const fn field(name: &'static str, label: &'static str, input: Input) -> Field {
    Field {
        name,
        label,
        hint: "",
        input,
        required: true,
    }
}

const fn optional(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    input: Input,
) -> Field {
    Field {
        name,
        label,
        hint,
        input,
        required: false,
    }
}

/// The reason for a level-4 referral, turned into the referral by [`parse`].
const REFERRAL_REASON: &str = "referral_reason";

pub const STEP_KINDS: &[StepKind] = &[
    StepKind {
        code: "concern",
        title: "Record a concern",
        step: "record_concern",
        fields: &[
            field("date", "Date raised", Input::Date),
            field("raised_by", "Raised by", Input::Text),
            field("agency", "Agency", Input::Agency),
            field("description", "What is the concern", Input::LongText),
            optional(
                "suggested_level",
                "Level the raiser suggests",
                "Leave as not suggested if they gave none.",
                Input::Choice(LEVELS),
            ),
        ],
    },
    StepKind {
        code: "involvement",
        title: "Record an agency's involvement",
        step: "record_involvement",
        fields: &[
            field("date", "Date", Input::Date),
            field("agency", "Agency", Input::Agency),
            optional("practitioner", "Practitioner", "", Input::Practitioner),
            optional("note", "Note", "", Input::LongText),
        ],
    },
    StepKind {
        code: "level",
        title: "Change the level of vulnerability",
        step: "set_level",
        fields: &[
            field("change.date", "Date", Input::Date),
            field("change.level", "Level", Input::Choice(LEVELS)),
            field("change.set_by", "Set by", Input::Practitioner),
            field("change.reason", "Reason", Input::LongText),
            optional(
                REFERRAL_REASON,
                "Safeguarding referral made the same day",
                "Level 4 only: why the child was referred to the safeguarding service.",
                Input::LongText,
            ),
        ],
    },
    StepKind {
        code: "caf-start",
        title: "Start a CAF: check and preparation",
        step: "start_caf",
        fields: &[
            field(
                "need_identified",
                "Date the need was identified",
                Input::Date,
            ),
            field("date", "Date of preparation", Input::Date),
            field("assessor", "Assessor", Input::Practitioner),
            field(
                "family_agreed",
                "Has the family agreed to the CAF?",
                Input::YesNo,
            ),
        ],
    },
    StepKind {
        code: "caf-discussion",
        title: "Record the CAF discussion",
        step: "discuss_caf",
        fields: &[
            field("date", "Date", Input::Date),
            field("needs", "Needs, one a line", Input::Lines),
            field("strengths", "Strengths, one a line", Input::Lines),
            field("outcome", "Outcome", Input::Choice(CAF_OUTCOMES)),
        ],
    },
    StepKind {
        code: "caf-delivery",
        title: "Start delivery of the CAF",
        step: "start_caf_delivery",
        fields: &[
            field("date", "Date", Input::Date),
            field("plan", "Family and child support plan", Input::LongText),
        ],
    },
    StepKind {
        code: "caf-close",
        title: "Close the CAF",
        step: "close_caf",
        fields: &[
            field("date", "Date", Input::Date),
            field("reason", "Reason", Input::LongText),
        ],
    },
    StepKind {
        code: "lead-professional",
        title: "Appoint a Lead Professional",
        step: "assign_lead_professional",
        fields: &[
            field("practitioner", "Lead Professional", Input::Practitioner),
            field("date", "From", Input::Date),
        ],
    },
    StepKind {
        code: "lead-professional-end",
        title: "End the Lead Professional's term",
        step: "end_lead_professional",
        fields: &[
            field("date", "Date", Input::Date),
            field("reason", "Reason", Input::LongText),
        ],
    },
    StepKind {
        code: "meeting",
        title: "Record a TAC, family support or YISP meeting",
        step: "hold_meeting",
        fields: &[
            field("kind", "Kind of meeting", Input::Choice(MEETING_KINDS)),
            field("date", "Date", Input::Date),
            field("attendees", "Who attended", Input::Practitioners),
            field("plan", "Plan agreed", Input::LongText),
        ],
    },
    StepKind {
        code: "review",
        title: "Record a review",
        step: "record_review",
        fields: &[
            field("date", "Date", Input::Date),
            optional("attendees", "Who attended", "", Input::Practitioners),
            field("notes", "Notes", Input::LongText),
        ],
    },
    StepKind {
        code: "referral",
        title: "Refer to the safeguarding service",
        step: "refer_to_safeguarding",
        fields: &[
            field("date", "Date", Input::Date),
            field("referred_by", "Referred by", Input::Practitioner),
            field("reason", "Reason", Input::LongText),
        ],
    },
    StepKind {
        code: "consent",
        title: "Record consent given, refused or withdrawn",
        step: "record_consent",
        fields: &[
            field("status", "Consent", Input::Choice(CONSENT)),
            field(
                "scope",
                "Scope: what may be shared, with whom, for what",
                Input::LongText,
            ),
            field("date", "Date", Input::Date),
            field("given_by", "Given, refused or withdrawn by", Input::Text),
            field("recorded_by", "Recorded by", Input::Practitioner),
        ],
    },
    StepKind {
        code: "carer",
        title: "Record a parent or carer",
        step: "record_carer",
        fields: &[
            field("date", "Date recorded", Input::Date),
            field("name", "Name", Input::Text),
            field("relationship", "Relationship to the child", Input::Text),
            field(
                "parental_responsibility",
                "Do they have parental responsibility?",
                Input::YesNo,
            ),
            optional(
                "contact",
                "How to contact them",
                "Telephone, address or email, as the family gave it.",
                Input::LongText,
            ),
        ],
    },
    StepKind {
        code: "share",
        title: "Record a decision to share or not to share",
        step: "record_share_decision",
        fields: &[
            field("choice", "Decision", Input::Choice(SHARE_CHOICES)),
            field("recipient", "Recipient agency", Input::Agency),
            field("purpose", "Purpose", Input::LongText),
            field("basis", "Legal basis", Input::Choice(LEGAL_BASES)),
            field("reason", "Reason", Input::LongText),
            field("decided_by", "Decided by", Input::Practitioner),
            field("date", "Date", Input::Date),
        ],
    },
    StepKind {
        code: "close",
        title: "Close the record",
        step: "close",
        fields: &[
            field("date", "Date", Input::Date),
            field("outcome", "Outcome", Input::Choice(CLOSURE_OUTCOMES)),
            field("closed_by", "Closed by", Input::Practitioner),
            field("note", "Closing note", Input::LongText),
        ],
    },
    StepKind {
        code: "reopen",
        title: "Reopen the record",
        step: "reopen",
        fields: &[
            field("date", "Date", Input::Date),
            field("reopened_by", "Reopened by", Input::Practitioner),
            field("reason", "Reason", Input::LongText),
        ],
    },
];

pub fn step_kind(code: &str) -> Option<&'static StepKind> {
    STEP_KINDS.iter().find(|kind| kind.code == code)
}

/// The register's agencies and practitioners, for the pickers.
pub struct People {
    pub agencies: Vec<Agency>,
    pub practitioners: Vec<Practitioner>,
    /// The organisation's localities; empty when it has none on record.
    pub localities: Vec<String>,
}

fn practitioner_value(practitioner: &Practitioner) -> Value {
    serde_json::to_value(practitioner).unwrap_or(Value::Null)
}

/// Puts `value` at the dotted `name` in `object`.
fn insert(object: &mut Map<String, Value>, name: &str, value: Value) {
    match name.split_once('.') {
        Some((head, rest)) => {
            let inner = object
                .entry(head)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = inner {
                insert(inner, rest, value);
            }
        }
        None => {
            object.insert(name.to_string(), value);
        }
    }
}

/// Reads one answer; `Ok(None)` when left empty.
fn answer(
    field: &Field,
    answers: &HashMap<String, String>,
    people: &People,
) -> Result<Option<Value>, String> {
    let text = answers
        .get(field.name)
        .map(|text| text.trim())
        .unwrap_or("");
    let label = field.label.to_lowercase();
    match field.input {
        Input::Flags(flags) => {
            let ticked: Map<String, Value> = flags
                .iter()
                .map(|(code, _)| {
                    let key = format!("{}.{code}", field.name);
                    (code.to_string(), json!(answers.contains_key(&key)))
                })
                .collect();
            Ok(Some(Value::Object(ticked)))
        }
        Input::Practitioners => {
            let prefix = format!("{}.", field.name);
            let chosen: Vec<Value> = people
                .practitioners
                .iter()
                .filter(|p| answers.contains_key(&format!("{prefix}{}", p.id)))
                .map(practitioner_value)
                .collect();
            Ok((!chosen.is_empty()).then_some(Value::Array(chosen)))
        }
        _ if text.is_empty() => Ok(None),
        Input::Date => text
            .parse::<NaiveDate>()
            .map(|_| Some(json!(text)))
            .map_err(|_| format!("Enter the {label} as a real date, for example 2026-03-31")),
        Input::Text | Input::LongText => Ok(Some(json!(text))),
        Input::Locality if people.localities.is_empty() => Ok(Some(json!(text))),
        Input::Locality => people
            .localities
            .iter()
            .find(|locality| locality.as_str() == text)
            .map(|locality| Some(json!(locality)))
            .ok_or_else(|| format!("Choose the {label} from the list")),
        Input::Lines => Ok(Some(json!(text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()))),
        Input::Practitioner => people
            .practitioners
            .iter()
            .find(|p| p.id.0 == text)
            .map(|p| Some(practitioner_value(p)))
            .ok_or_else(|| format!("Choose the {label} from the list")),
        Input::Agency => people
            .agencies
            .iter()
            .find(|a| a.id.0 == text)
            .map(|a| Some(json!(a.id.0)))
            .ok_or_else(|| format!("Choose the {label} from the list")),
        Input::Choice(choices) => choices
            .iter()
            .find(|(code, _)| *code == text)
            .map(|(code, _)| Some(json!(code)))
            .ok_or_else(|| format!("Choose the {label} from the list")),
        Input::YesNo => match text {
            "yes" => Ok(Some(json!(true))),
            "no" => Ok(Some(json!(false))),
            _ => Err(format!("Answer {label}")),
        },
    }
}

/// The step the answers describe, or every problem with them at once.
pub fn parse(
    kind: &StepKind,
    answers: &HashMap<String, String>,
    people: &People,
) -> Result<Step, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut object = Map::new();
    object.insert("step".into(), json!(kind.step));
    let mut referral_reason = None;
    for field in kind.fields {
        match answer(field, answers, people) {
            Ok(Some(value)) if field.name == REFERRAL_REASON => referral_reason = Some(value),
            Ok(Some(value)) => insert(&mut object, field.name, value),
            Ok(None) if field.required => {
                let what = match field.input {
                    Input::Practitioners => "Choose at least one person who attended".to_string(),
                    Input::Date | Input::Text | Input::LongText | Input::Lines => {
                        format!("Enter the {}", field.label.to_lowercase())
                    }
                    _ => format!("Choose the {}", field.label.to_lowercase()),
                };
                errors.push(FieldError::new(field.name, what));
            }
            Ok(None) => {}
            Err(message) => errors.push(FieldError::new(field.name, message)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if let (Some(reason), Some(Value::Object(change))) = (referral_reason, object.get("change")) {
        // The referral made with a level-4 decision: same day, same person.
        let referral = json!({
            "date": change.get("date"),
            "referred_by": change.get("set_by"),
            "reason": reason,
        });
        object.insert("referral".into(), referral);
    }
    serde_json::from_value(Value::Object(object)).map_err(|error| {
        vec![FieldError::new(
            kind.fields.first().map_or("date", |field| field.name),
            format!("The answers could not be recorded ({error}); check them and try again"),
        )]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use trustboard_core::register::{AgencyId, PractitionerId};

    fn people() -> People {
        People {
            localities: Vec::new(),
            agencies: vec![Agency {
                id: AgencyId::new("school"),
                name: "School".into(),
                organisation: "Kingston".into(),
            }],
            practitioners: vec![Practitioner {
                id: PractitionerId::new("p1"),
                name: "Sam".into(),
                agency: AgencyId::new("school"),
            }],
        }
    }

    fn answers(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn every_kind_names_a_step_the_core_knows() {
        for kind in STEP_KINDS {
            // Missing answers are reported, never a step of an unknown kind.
            let outcome = parse(kind, &HashMap::new(), &people());
            let fields = outcome.err().unwrap_or_default();
            assert!(!fields.is_empty(), "{}", kind.code);
        }
    }

    #[test]
    fn a_level_4_with_its_reason_carries_the_referral() {
        let kind = step_kind("level").expect("level form");
        let step = parse(
            kind,
            &answers(&[
                ("change.date", "2026-01-05"),
                ("change.level", "risk_of_serious_harm"),
                ("change.set_by", "p1"),
                ("change.reason", "Bruises"),
                ("referral_reason", "Bruises seen at school"),
            ]),
            &people(),
        )
        .expect("a step");
        match step {
            Step::SetLevel { change, referral } => {
                assert_eq!(change.level.number(), 4);
                let referral = referral.expect("a referral");
                assert_eq!(referral.date, change.date);
                assert_eq!(referral.referred_by.id.0, "p1");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn meetings_take_their_attendees_from_checkboxes() {
        let kind = step_kind("meeting").expect("meeting form");
        let step = parse(
            kind,
            &answers(&[
                ("kind", "team_around_the_child"),
                ("date", "2026-01-05"),
                ("attendees.p1", "yes"),
                ("plan", "Weekly visits"),
            ]),
            &people(),
        )
        .expect("a step");
        assert!(matches!(step, Step::HoldMeeting(meeting) if meeting.attendees.len() == 1));
        let errors = parse(kind, &answers(&[("date", "5 Jan")]), &people()).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert!(messages.contains(&"Enter the date as a real date, for example 2026-03-31"));
        assert!(messages.contains(&"Choose at least one person who attended"));
    }
}
