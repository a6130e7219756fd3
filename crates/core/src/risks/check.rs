//! Checking a risk as typed into a form or on the command line. Every
//! refusal names the field, the value as given and the reason.

use chrono::NaiveDate;

use super::{Rating, Risk, RiskStatus, Score, Trend};
use crate::limits::{check_length, opening, MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_TITLE_CHARS};

/// A risk as given, every field as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RiskInput {
    pub description: String,
    pub owner: String,
    pub inherent_likelihood: String,
    pub inherent_impact: String,
    pub residual_likelihood: String,
    pub residual_impact: String,
    pub controls: String,
    /// `YYYY-MM-DD`.
    pub review_date: String,
    /// `rising`, `steady` or `falling`.
    pub trend: String,
    /// `open` or `closed`.
    pub status: String,
}

/// Why a risk was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {field} `{value}` was refused: {reason}")]
pub struct RiskError {
    /// The field as people name it ("residual likelihood").
    pub field: &'static str,
    pub value: String,
    pub reason: String,
}

fn refuse(field: &'static str, value: &str, reason: impl Into<String>) -> RiskError {
    RiskError {
        field,
        value: opening(value),
        reason: reason.into(),
    }
}

fn text(field: &'static str, value: &str, max: usize, required: bool) -> Result<String, RiskError> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(refuse(field, value, format!("enter the {field}")));
    }
    check_length(field, value, max).map_err(|reason| refuse(field, value, reason))?;
    Ok(value.to_owned())
}

fn rating(field: &'static str, value: &str) -> Result<Rating, RiskError> {
    value
        .trim()
        .parse::<u8>()
        .ok()
        .and_then(Rating::new)
        .ok_or_else(|| refuse(field, value, "give a whole number from 1 to 5"))
}

fn chosen<T>(
    field: &'static str,
    value: &str,
    from_code: fn(&str) -> Option<T>,
    choices: &str,
) -> Result<T, RiskError> {
    from_code(value.trim()).ok_or_else(|| refuse(field, value, format!("choose {choices}")))
}

impl RiskInput {
    /// The risk, or the first field refused, in the order the form asks them.
    pub fn check(&self) -> Result<Risk, RiskError> {
        let description = text("description", &self.description, MAX_TITLE_CHARS, true)?;
        let owner = text("owner", &self.owner, MAX_NAME_CHARS, true)?;
        let inherent = Score {
            likelihood: rating("inherent likelihood", &self.inherent_likelihood)?,
            impact: rating("inherent impact", &self.inherent_impact)?,
        };
        let residual = Score {
            likelihood: rating("residual likelihood", &self.residual_likelihood)?,
            impact: rating("residual impact", &self.residual_impact)?,
        };
        if residual.value() > inherent.value() {
            return Err(refuse(
                "residual score",
                &residual.value().to_string(),
                format!(
                    "it is above the inherent score of {}; controls can lower a risk's score, never raise it",
                    inherent.value()
                ),
            ));
        }
        let controls = text("controls", &self.controls, MAX_NOTE_CHARS, false)?;
        let review_date =
            NaiveDate::parse_from_str(self.review_date.trim(), "%Y-%m-%d").map_err(|_| {
                refuse(
                    "review date",
                    &self.review_date,
                    "give a date as YYYY-MM-DD",
                )
            })?;
        let trend = chosen(
            "trend",
            &self.trend,
            Trend::from_code,
            "rising, steady or falling",
        )?;
        let status = chosen(
            "status",
            &self.status,
            RiskStatus::from_code,
            "open or closed",
        )?;
        Ok(Risk {
            description,
            owner,
            inherent,
            residual,
            controls,
            review_date,
            trend,
            status,
        })
    }

    /// The fields of `risk`, as a form shows them to be changed.
    pub fn from_risk(risk: &Risk) -> RiskInput {
        RiskInput {
            description: risk.description.clone(),
            owner: risk.owner.clone(),
            inherent_likelihood: risk.inherent.likelihood.value().to_string(),
            inherent_impact: risk.inherent.impact.value().to_string(),
            residual_likelihood: risk.residual.likelihood.value().to_string(),
            residual_impact: risk.residual.impact.value().to_string(),
            controls: risk.controls.clone(),
            review_date: risk.review_date.format("%Y-%m-%d").to_string(),
            trend: risk.trend.code().to_owned(),
            status: risk.status.code().to_owned(),
        }
    }
}

impl RiskInput {
    /// Each field with the name people know it by, in the form's order: what
    /// a risk's history lists as changed.
    pub fn fields(&self) -> [(&'static str, &str); 10] {
        [
            ("description", &self.description),
            ("owner", &self.owner),
            ("inherent likelihood", &self.inherent_likelihood),
            ("inherent impact", &self.inherent_impact),
            ("residual likelihood", &self.residual_likelihood),
            ("residual impact", &self.residual_impact),
            ("controls", &self.controls),
            ("review date", &self.review_date),
            ("trend", &self.trend),
            ("status", &self.status),
        ]
    }
}
