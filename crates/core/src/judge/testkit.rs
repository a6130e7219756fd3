//! Builders for hand-made plans in tests.

use crate::model::{Indicator, Milestone, Node, Observation, ObservationKind, PlanDocument};
use crate::period::Period;
use crate::value::{
    Base, Change, Direction, ParsedValue, Part, Quantity, RelativeTarget, Status, Unit, Value,
    YearNote, YearRole,
};

pub fn pct(amount: f64) -> ParsedValue {
    ParsedValue::new(Value::Number(Quantity {
        amount,
        unit: Unit::Percent,
    }))
}

pub fn number(amount: f64) -> ParsedValue {
    ParsedValue::new(Value::Number(Quantity {
        amount,
        unit: Unit::Number,
    }))
}

pub fn ratio(numerator: f64, denominator: f64) -> ParsedValue {
    ParsedValue::new(Value::Ratio {
        numerator,
        denominator,
        stated: None,
    })
}

pub fn status(status: Status) -> ParsedValue {
    ParsedValue::new(Value::Status { status })
}

pub fn parts(values: Vec<(&str, ParsedValue)>) -> ParsedValue {
    ParsedValue::new(Value::Parts {
        parts: values
            .into_iter()
            .map(|(label, value)| Part {
                label: label.to_string(),
                value,
            })
            .collect(),
    })
}

pub fn band(low: f64, high: f64) -> ParsedValue {
    ParsedValue::new(Value::Band {
        low: Quantity {
            amount: low,
            unit: Unit::Percent,
        },
        high: Quantity {
            amount: high,
            unit: Unit::Percent,
        },
    })
}

pub fn relative(base: Base, direction: Direction, change: Change) -> ParsedValue {
    ParsedValue::new(Value::Relative {
        target: RelativeTarget::Change {
            base,
            direction,
            change,
        },
    })
}

/// `2010 result 66%`: an academic result.
pub fn result(year: i32, amount: f64, role: YearRole) -> ParsedValue {
    let mut parsed = pct(amount);
    parsed.qualifiers.year = Some(YearNote { year, role });
    parsed
}

pub fn fy(year: i32) -> Period {
    Period::financial(year)
}

pub fn indicator(key: &str, code: Option<&str>, title: &str, objectives: &[&str]) -> Indicator {
    Indicator {
        code: code.map(str::to_string),
        objectives: objectives.iter().map(|o| o.to_string()).collect(),
        ..Indicator::new(key, title)
    }
}

pub fn node(code: &str, parent: Option<&str>) -> Node {
    Node {
        code: code.to_string(),
        parent: parent.map(str::to_string),
        kind: "objective".into(),
        title: code.into(),
        retired: None,
    }
}

pub fn milestone(node: &str, text: &str, due: chrono::NaiveDate, indicators: &[&str]) -> Milestone {
    Milestone {
        node: node.to_string(),
        text: text.to_string(),
        due: Some(due),
        indicators: indicators.iter().map(|i| i.to_string()).collect(),
        ..Milestone::default()
    }
}

/// Adds an observation; `text` is what the council wrote and `parsed` what it means.
pub fn observe(
    doc: &mut PlanDocument,
    indicator: &str,
    period: Period,
    kind: ObservationKind,
    text: &str,
    parsed: ParsedValue,
) {
    doc.observations.push(Observation {
        indicator: indicator.to_string(),
        period,
        kind,
        locality: None,
        group: None,
        text: text.to_string(),
        parsed,
        set_by: None,
        agreed_on: None,
        source: crate::model::ValueSource::Written,
    });
}

pub fn plan() -> PlanDocument {
    let mut doc = PlanDocument {
        organisation: "Kingston".into(),
        ..Default::default()
    };
    doc.plan.name = "CYPP 2009-13".into();
    doc
}
