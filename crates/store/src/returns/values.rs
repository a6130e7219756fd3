//! Plan values computed from a return: each indicator goes to every plan
//! indicator of the organisation with the same NI number, as the actual value
//! for the return's financial year, whole area.

use chrono::{DateTime, Utc};
use sqlx::Row;
use trustboard_core::judge::catalogue::ni_number;
use trustboard_core::model::ObservationKind;
use trustboard_core::plan_diff::Slot;
use trustboard_core::returns::{Collection, ReturnIndicator, ReturnYear};
use trustboard_core::value::parse;

use crate::connect::Store;
use crate::entry::{read_slot, write_computed, ObservationEdit};
use crate::error::StoreError;

use super::ReturnsError;

/// What a value computed from a return is recorded as coming from (`observations.updated_by`).
pub const RETURN_SOURCE: &str = "statutory return";

#[derive(Debug, Clone, PartialEq)]
pub struct WrittenValue {
    pub plan: String,
    pub indicator: String,
    pub code: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReturnValuesReport {
    pub written: Vec<WrittenValue>,
    pub unchanged: usize,
    /// Computed indicators no plan of the organisation has.
    pub unmatched: Vec<String>,
}

/// Where a plan value came from, as an indicator page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnValueRecord {
    pub collection: Collection,
    pub year: ReturnYear,
    pub code: String,
    pub rule: String,
    pub numerator: i64,
    pub denominator: Option<i64>,
    pub affected_by: String,
}

struct PlanIndicator {
    plan_id: i64,
    plan: String,
    key: String,
    number: Option<u16>,
}

impl Store {
    /// Writes each computed indicator into the organisation's plans and
    /// records where it came from, in one transaction.
    pub async fn store_return_values(
        &self,
        organisation: &str,
        collection: Collection,
        year: ReturnYear,
        indicators: &[ReturnIndicator],
        at: DateTime<Utc>,
    ) -> Result<ReturnValuesReport, ReturnsError> {
        let mut tx = self.begin_write().await?;
        let organisation_id = crate::register::rows::organisation_id(&mut tx, organisation)
            .await?
            .ok_or_else(|| ReturnsError::UnknownOrganisation(organisation.to_string()))?;
        let rows = sqlx::query(
            "SELECT p.id AS plan_id, p.name AS plan, i.key, i.code, i.title
             FROM indicators i JOIN plans p ON p.id = i.plan_id AND p.organisation_id = i.organisation_id
             WHERE p.organisation_id = $1 AND i.retired_by IS NULL ORDER BY p.id, i.key",
        )
        .bind(organisation_id)
        .fetch_all(&mut *tx)
        .await?;
        let plan_indicators = rows
            .iter()
            .map(|row| {
                let code: Option<String> = row.try_get("code")?;
                let title: String = row.try_get("title")?;
                Ok(PlanIndicator {
                    plan_id: row.try_get("plan_id")?,
                    plan: row.try_get("plan")?,
                    key: row.try_get("key")?,
                    number: code
                        .as_deref()
                        .and_then(ni_number)
                        .or_else(|| ni_number(&title)),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let mut report = ReturnValuesReport::default();
        let mut changed_plans = std::collections::BTreeSet::new();
        for indicator in indicators {
            let (Some(number), Some(text)) = (ni_number(&indicator.code), &indicator.text) else {
                continue;
            };
            let targets: Vec<&PlanIndicator> = plan_indicators
                .iter()
                .filter(|p| p.number == Some(number))
                .collect();
            if targets.is_empty() {
                report.unmatched.push(indicator.code.clone());
            }
            for target in targets {
                let slot = Slot {
                    indicator: target.key.clone(),
                    period: year.period(),
                    kind: ObservationKind::Actual,
                    locality: None,
                    group: None,
                };
                let (_, current) = read_slot(&mut tx, target.plan_id, &slot).await?;
                let same = current.current.as_ref().map(|c| c.text.as_str()) == Some(text.as_str());
                if same {
                    report.unchanged += 1;
                } else {
                    let edit = ObservationEdit {
                        slot: &slot,
                        text,
                        parsed: &parse(text),
                        expected_version: current.version,
                        source: RETURN_SOURCE,
                        at,
                    };
                    write_computed(&mut tx, target.plan_id, &edit).await?;
                    changed_plans.insert(target.plan_id);
                    report.written.push(WrittenValue {
                        plan: target.plan.clone(),
                        indicator: target.key.clone(),
                        code: indicator.code.clone(),
                        text: text.clone(),
                    });
                }
                record_provenance(
                    &mut tx,
                    organisation_id,
                    target,
                    collection,
                    year,
                    indicator,
                )
                .await?;
            }
        }
        for plan_id in changed_plans {
            crate::plans::bump_revision(&mut tx, plan_id).await?;
        }
        tx.commit().await?;
        Ok(report)
    }

    /// Where the plan indicator's values computed from returns came from, by year.
    pub async fn return_value_sources(
        &self,
        plan_id: i64,
        indicator_key: &str,
    ) -> Result<Vec<ReturnValueRecord>, ReturnsError> {
        let rows = sqlx::query(
            "SELECT collection, year, code, rule, numerator, denominator, affected_by
             FROM return_values WHERE plan_id = $1 AND indicator_key = $2 ORDER BY year DESC",
        )
        .bind(plan_id)
        .bind(indicator_key)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let collection: String = row.try_get("collection")?;
                Ok(ReturnValueRecord {
                    collection: Collection::parse(&collection).ok_or_else(|| {
                        StoreError::Corrupt {
                            column: "return_values.collection",
                            value: collection.clone(),
                            reason: "not a collection".into(),
                        }
                    })?,
                    year: ReturnYear::ending(row.try_get::<i64, _>("year")? as i32),
                    code: row.try_get("code")?,
                    rule: row.try_get("rule")?,
                    numerator: row.try_get("numerator")?,
                    denominator: row.try_get("denominator")?,
                    affected_by: row.try_get("affected_by")?,
                })
            })
            .collect::<Result<_, StoreError>>()
            .map_err(ReturnsError::from)
    }
}

async fn record_provenance(
    conn: &mut sqlx::AnyConnection,
    organisation_id: i64,
    target: &PlanIndicator,
    collection: Collection,
    year: ReturnYear,
    indicator: &ReturnIndicator,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM return_values WHERE plan_id = $1 AND indicator_key = $2 AND year = $3",
    )
    .bind(target.plan_id)
    .bind(&target.key)
    .bind(i64::from(year.ending))
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO return_values (organisation_id, plan_id, indicator_key, collection, year, code,
             rule, numerator, denominator, affected_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(organisation_id)
    .bind(target.plan_id)
    .bind(&target.key)
    .bind(collection.as_str())
    .bind(i64::from(year.ending))
    .bind(&indicator.code)
    .bind(&indicator.rule)
    .bind(indicator.numerator as i64)
    .bind(indicator.denominator.map(|d| d as i64))
    .bind(indicator.affected_by.join(", "))
    .execute(conn)
    .await?;
    Ok(())
}
