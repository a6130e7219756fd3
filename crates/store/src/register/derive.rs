//! Feeding plans from the register: a coordinator maps a register measure to
//! a plan indicator once; deriving then takes the measure's figures for the
//! whole area and each of the plan's localities, by month, quarter and
//! financial year, from the figures kept current with the register (see
//! [`super::figures`]), and writes each as the indicator's actual value.
//!
//! A derived value is an ordinary value of the plan, written like an approved
//! entry (the text it replaces goes to `observation_history`), with
//! `updated_by` set to [`DERIVED_SOURCE`]; its text is `83.3% (5/6)`, so its
//! numerator and denominator are stored too.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, Row};
use trustboard_core::model::{ObservationKind, ValueSource};
use trustboard_core::register::figures::{Figure, Figures, RegisterMeasure};
use trustboard_core::value::parse;

use crate::accounts::timestamp_from_text;
use crate::connect::Store;
use crate::entry::{read_slot, write_computed, ObservationEdit};
use crate::error::StoreError;
use trustboard_core::plan_diff::Slot;

use super::access::{insert_access, RegisterAccess, RegisterAction};
use super::error::RegisterError;
use super::figures::{make_figures_current, recounted_figures, stored_figures};
use super::rows::existing_organisation;

/// What a derived value is recorded as coming from (`observations.updated_by`).
pub const DERIVED_SOURCE: &str = "register";

/// Where a stored value came from, told by who last wrote it.
pub fn value_source(updated_by: &str) -> ValueSource {
    match updated_by {
        DERIVED_SOURCE => ValueSource::Register,
        crate::returns::RETURN_SOURCE => ValueSource::Return,
        _ => ValueSource::Written,
    }
}

/// A register measure feeding one plan indicator (by its key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureMapping {
    pub measure: String,
    pub plan_id: i64,
    pub indicator: String,
}

/// One value that derivation changed.
#[derive(Debug, Clone, PartialEq)]
pub struct DerivedChange {
    pub slot: Slot,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeriveReport {
    pub added: usize,
    pub unchanged: usize,
    pub changed: Vec<DerivedChange>,
    /// Values of periods that had ended when a record was erased, kept as
    /// they were although the register now counts differently.
    pub kept_after_erasure: usize,
}

/// `83.3% (5/6)`: the figure and the counts behind it; a count alone for
/// the measures that count (`12`). Nothing for a proportion of no one.
fn value_text(figure: &Figure) -> Option<String> {
    match figure.denominator {
        None => Some(figure.numerator.to_string()),
        Some(0) => None,
        Some(denominator) => Some(format!(
            "{:.1}% ({}/{denominator})",
            100.0 * figure.numerator as f64 / denominator as f64,
            figure.numerator
        )),
    }
}

/// The day of the organisation's latest erasure. Figures of periods that
/// ended before it may already have been published, and erasing a child must
/// not change them, so derivation leaves them as they are.
async fn last_erasure(
    conn: &mut AnyConnection,
    organisation_id: i64,
) -> Result<Option<NaiveDate>, StoreError> {
    let latest: Option<String> = sqlx::query_scalar(
        "SELECT MAX(decided_at) FROM register_erasures WHERE organisation_id = $1",
    )
    .bind(organisation_id)
    .fetch_one(conn)
    .await?;
    latest
        .map(|text| timestamp_from_text("register_erasures.decided_at", &text))
        .transpose()
        .map(|at| at.map(|at| at.date_naive()))
}

/// The localities plan `plan_id` reports on: its own and its organisation's.
async fn plan_localities(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<BTreeSet<String>, RegisterError> {
    let rows = sqlx::query(
        "SELECT l.name FROM localities l JOIN plans p ON p.organisation_id = l.organisation_id
         WHERE p.id = $1 AND (l.plan_id = p.id OR l.plan_id IS NULL) AND l.retired_by IS NULL",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .map(|row| row.try_get("name"))
        .collect::<Result<_, _>>()?)
}

impl Store {
    /// Maps `mapping.measure` of the organisation's register to a plan
    /// indicator, replacing its earlier mapping for that plan.
    pub async fn map_register_measure(
        &self,
        organisation: &str,
        mapping: &MeasureMapping,
    ) -> Result<(), RegisterError> {
        if RegisterMeasure::from_name(&mapping.measure).is_none() {
            return Err(RegisterError::UnknownMeasure(mapping.measure.clone()));
        }
        let mut tx = self.begin_write().await?;
        let organisation_id = existing_organisation(&mut tx, organisation).await?;
        let indicator = sqlx::query(
            "SELECT 1 AS found FROM indicators WHERE plan_id = $1 AND key = $2 AND retired_by IS NULL",
        )
        .bind(mapping.plan_id)
        .bind(&mapping.indicator)
        .fetch_optional(&mut *tx)
        .await?;
        if indicator.is_none() {
            return Err(RegisterError::UnknownIndicator(mapping.indicator.clone()));
        }
        sqlx::query(
            "DELETE FROM register_measure_mappings WHERE organisation_id = $1 AND measure = $2 AND plan_id = $3",
        )
        .bind(organisation_id)
        .bind(&mapping.measure)
        .bind(mapping.plan_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO register_measure_mappings (organisation_id, measure, plan_id, indicator_key)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(organisation_id)
        .bind(&mapping.measure)
        .bind(mapping.plan_id)
        .bind(&mapping.indicator)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn register_measure_mappings(
        &self,
        organisation: &str,
    ) -> Result<Vec<MeasureMapping>, RegisterError> {
        let mut tx = self.begin_read().await?;
        let organisation_id = existing_organisation(&mut tx, organisation).await?;
        let rows = sqlx::query(
            "SELECT measure, plan_id, indicator_key FROM register_measure_mappings
             WHERE organisation_id = $1 ORDER BY plan_id, measure",
        )
        .bind(organisation_id)
        .fetch_all(&mut *tx)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(MeasureMapping {
                    measure: row.try_get("measure")?,
                    plan_id: row.try_get("plan_id")?,
                    indicator: row.try_get("indicator_key")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(RegisterError::from)
    }

    /// Computes every mapped measure from the organisation's register and
    /// writes the figures into the plans, in one transaction.
    pub async fn derive_register_values(
        &self,
        organisation: &str,
        actor: &str,
        today: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<DeriveReport, RegisterError> {
        let mappings = self.register_measure_mappings(organisation).await?;
        let mut report = DeriveReport::default();
        let mut tx = self.begin_write().await?;
        let organisation_id = existing_organisation(&mut tx, organisation).await?;
        make_figures_current(&mut tx, organisation_id, organisation).await?;
        let figures = stored_figures(&mut tx, organisation_id).await?.all(today);
        let last_erasure = last_erasure(&mut tx, organisation_id).await?;
        let mut changed_plans = BTreeSet::new();
        for mapping in &mappings {
            let known = plan_localities(&mut tx, mapping.plan_id).await?;
            let of_plan = figures.iter().filter(|figure| {
                figure.measure.name() == mapping.measure
                    && figure
                        .locality
                        .as_ref()
                        .is_none_or(|name| known.contains(name))
            });
            for figure in of_plan {
                let Some(text) = value_text(figure) else {
                    continue;
                };
                let period = &figure.period;
                let slot = Slot {
                    indicator: mapping.indicator.clone(),
                    period: *period,
                    kind: ObservationKind::Actual,
                    locality: figure.locality.clone(),
                    group: None,
                };
                let (_, current) = read_slot(&mut tx, mapping.plan_id, &slot).await?;
                let old = current.current.map(|current| current.text);
                if old.as_deref() == Some(text.as_str()) {
                    report.unchanged += 1;
                    continue;
                }
                if old.is_some() && last_erasure.is_some_and(|erased| period.end() < erased) {
                    report.kept_after_erasure += 1;
                    continue;
                }
                let edit = ObservationEdit {
                    slot: &slot,
                    text: &text,
                    parsed: &parse(&text),
                    expected_version: current.version,
                    source: DERIVED_SOURCE,
                    at,
                };
                write_computed(&mut tx, mapping.plan_id, &edit).await?;
                changed_plans.insert(mapping.plan_id);
                match old {
                    Some(old) => report.changed.push(DerivedChange {
                        slot,
                        old,
                        new: text,
                    }),
                    None => report.added += 1,
                }
            }
        }
        for plan_id in changed_plans {
            crate::plans::bump_revision(&mut tx, plan_id).await?;
        }
        let detail = format!(
            "derived plan values: {} added, {} changed, {} unchanged",
            report.added,
            report.changed.len(),
            report.unchanged
        );
        let access = RegisterAccess {
            actor,
            action: RegisterAction::Derive,
            child: None,
            detail: &detail,
            at,
        };
        insert_access(&mut tx, organisation_id, None, &access).await?;
        tx.commit().await?;
        Ok(report)
    }
}

/// Where [`Store::register_figures`] takes the figures from; both give the same numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureSource {
    /// The monthly tallies kept current with every write.
    Kept,
    /// Every child's stored contribution, added up afresh.
    Recounted,
}

impl Store {
    /// The organisation's register figures (see [`Figures::all`] for every
    /// figure), rebuilt from the records first if the stored ones do not
    /// cover the register as it stands.
    pub async fn register_figures(
        &self,
        organisation: &str,
        source: FigureSource,
    ) -> Result<Figures, RegisterError> {
        let mut tx = self.begin_write().await?;
        let organisation_id = existing_organisation(&mut tx, organisation).await?;
        make_figures_current(&mut tx, organisation_id, organisation).await?;
        let figures = match source {
            FigureSource::Kept => stored_figures(&mut tx, organisation_id).await?,
            FigureSource::Recounted => recounted_figures(&mut tx, organisation_id).await?,
        };
        tx.commit().await?;
        Ok(figures)
    }
}
