//! Statutory returns in the store: rows kept as written and scoped by
//! organisation, replaced on re-import, and figures written into the plan
//! indicators with the same NI number.

use chrono::Utc;
use trustboard_core::calendar::WorkingCalendar;
use trustboard_core::model::{Indicator, Observation, ObservationKind, PlanDocument, ValueSource};
use trustboard_core::returns::{
    evaluate_return, looked_after_indicators, validate_ssda903, Collection, IndicatorInputs,
    RawRow, ReturnYear, Ssda903, Table,
};
use trustboard_store::returns::{ReturnUpload, ReturnsError};
use trustboard_store::{ImportOptions, Store};

use crate::harness::on_both_backends;
use crate::sample::{richmond, KINGSTON};

on_both_backends!(
    a_return_is_kept_as_written_for_its_organisation_only,
    figures_go_to_plan_indicators_with_the_same_ni_number,
    a_cin_census_is_kept_beside_the_ssda903_and_feeds_its_indicators,
);

const YEAR: ReturnYear = ReturnYear { ending: 2018 };

fn episode(line: usize, child: &str, decom: &str, rne: &str, place: &str, dec: &str) -> RawRow {
    let fields = [
        ("CHILD", child),
        ("DECOM", decom),
        ("RNE", rne),
        ("LS", "C2"),
        ("CIN", "N1"),
        ("PLACE", place),
        ("DEC", dec),
        ("REC", if dec.is_empty() { "" } else { "X1" }),
    ];
    RawRow::new(Table::Episodes, format!("episodes.csv:{line}"), &fields)
}

/// Child 1 has three placements in the year, child 2 one: NI 62 is 1 of 2.
fn rows() -> Vec<RawRow> {
    vec![
        episode(2, "1", "01/05/2017", "S", "U1", "01/06/2017"),
        episode(3, "1", "01/06/2017", "P", "U2", "01/07/2017"),
        episode(4, "1", "01/07/2017", "P", "U3", ""),
        episode(5, "2", "01/05/2017", "S", "U1", ""),
    ]
}

async fn import(store: &Store, organisation: &str, rows: &[RawRow]) -> bool {
    import_of(store, organisation, Collection::Ssda903, rows).await
}

async fn import_of(
    store: &Store,
    organisation: &str,
    collection: Collection,
    rows: &[RawRow],
) -> bool {
    let files = vec!["episodes.csv".to_string()];
    let upload = ReturnUpload {
        collection,
        year: YEAR,
        files: &files,
        rows,
        actor: "performance officer",
        at: Utc::now(),
    };
    store
        .import_return(organisation, &upload)
        .await
        .expect("import")
        .replaced
}

async fn a_return_is_kept_as_written_for_its_organisation_only(store: Store) {
    assert!(!import(&store, KINGSTON, &rows()).await);
    let back = store
        .return_rows(KINGSTON, Collection::Ssda903, YEAR)
        .await
        .expect("rows");
    assert_eq!(back, rows(), "every field's text and place come back");
    // Importing the year again replaces it rather than adding to it.
    assert!(import(&store, KINGSTON, &rows()[..1]).await);
    let again = store
        .return_rows(KINGSTON, Collection::Ssda903, YEAR)
        .await
        .expect("rows");
    assert_eq!(again.len(), 1);
    // Another council holds no return, and cannot read Kingston's.
    import(&store, "Richmond", &rows()[..2]).await;
    let theirs = store
        .return_rows("Richmond", Collection::Ssda903, YEAR)
        .await
        .expect("rows");
    assert_eq!(theirs.len(), 2);
    let other_year = store
        .return_rows(KINGSTON, Collection::Ssda903, ReturnYear::ending(2017))
        .await;
    assert!(matches!(other_year, Err(ReturnsError::NotImported { .. })));
    let held = store.held_returns(KINGSTON).await.expect("held");
    assert_eq!((held.len(), held[0].rows), (1, 1));
}

/// Kingston's plan, holding one more indicator with the given NI code.
async fn kingston_plan_with(store: &Store, key: &str, title: &str, code: &str) -> PlanDocument {
    let mut plan = richmond();
    plan.organisation = KINGSTON.into();
    let mut indicator = Indicator::new(key, title);
    indicator.code = Some(code.into());
    plan.indicators.push(indicator);
    store
        .import_plan(
            &plan,
            ImportOptions {
                dry_run: false,
                source: "test".into(),
            },
        )
        .await
        .expect("plan");
    plan
}

/// The figure Kingston's plan holds for one of its indicators.
async fn held_value(store: &Store, plan: &PlanDocument, key: &str) -> Observation {
    let doc = store
        .load_plan(Some(KINGSTON), &plan.plan.name)
        .await
        .expect("plan");
    doc.observations
        .into_iter()
        .find(|o| o.indicator == key)
        .expect("the figure")
}

async fn figures_go_to_plan_indicators_with_the_same_ni_number(store: Store) {
    let plan = kingston_plan_with(
        &store,
        "P62",
        "Placement stability: three or more moves",
        "NI062",
    )
    .await;
    import(&store, KINGSTON, &rows()).await;
    let ret = Ssda903::from_rows(
        store
            .return_rows(KINGSTON, Collection::Ssda903, YEAR)
            .await
            .expect("rows"),
    );
    let calendar = WorkingCalendar::england_and_wales();
    let inputs = IndicatorInputs {
        year: YEAR,
        calendar: &calendar,
        population: None,
    };
    let indicators = looked_after_indicators(&ret, &inputs, &validate_ssda903(&ret, YEAR));
    let report = store
        .store_return_values(KINGSTON, Collection::Ssda903, YEAR, &indicators, Utc::now())
        .await
        .expect("values");
    assert_eq!(report.written.len(), 1, "{report:?}");
    // NI 66 has a figure (0 of 2 reviewed on time) but no plan indicator.
    assert!(
        report.unmatched.contains(&"NI 66".to_string()),
        "{report:?}"
    );
    let value = held_value(&store, &plan, "P62").await;
    assert_eq!(value.text, "50.0% (1/2)");
    assert_eq!(value.period.to_string(), "2017/18");
    assert_eq!(value.kind, ObservationKind::Actual);
    assert_eq!(value.source, ValueSource::Return);
    let plan_id = store.plan_handles().await.expect("plans")[0].id;
    let sources = store
        .return_value_sources(plan_id, "P62")
        .await
        .expect("sources");
    assert_eq!(sources.len(), 1);
    assert_eq!((sources[0].numerator, sources[0].denominator), (1, Some(2)));
    assert_eq!(sources[0].code, "NI 62");
    // Storing the same figures again changes nothing.
    let again = store
        .store_return_values(KINGSTON, Collection::Ssda903, YEAR, &indicators, Utc::now())
        .await
        .expect("values");
    assert_eq!((again.written.len(), again.unchanged), (0, 1));
}

fn cin_row(table: Table, source: &str, fields: &[(&str, &str)]) -> RawRow {
    RawRow::new(table, format!("cin.xml {source}"), fields)
}

/// Two referrals in the year, one assessed: NI 68 is 1 of 2.
fn census() -> Vec<RawRow> {
    let a = "/Message/Children/Child[1]/CINdetails[1]";
    let b = "/Message/Children/Child[2]/CINdetails[1]";
    vec![
        cin_row(
            Table::CinHeader,
            "/Message/Header",
            &[("ReferenceDate", "2018-03-31")],
        ),
        cin_row(
            Table::CinReferral,
            a,
            &[
                ("CHILD", "A"),
                ("REFERRAL", a),
                ("CINreferralDate", "2017-06-01"),
            ],
        ),
        cin_row(
            Table::CinAssessment,
            &format!("{a}/Assessments[1]"),
            &[
                ("CHILD", "A"),
                ("REFERRAL", a),
                ("AssessmentActualStartDate", "2017-06-02"),
                ("AssessmentAuthorisationDate", ""),
            ],
        ),
        cin_row(
            Table::CinReferral,
            b,
            &[
                ("CHILD", "B"),
                ("REFERRAL", b),
                ("CINreferralDate", "01/07/2017"),
            ],
        ),
    ]
}

async fn a_cin_census_is_kept_beside_the_ssda903_and_feeds_its_indicators(store: Store) {
    let plan = kingston_plan_with(&store, "P68", "Referrals going on to assessment", "NI 68").await;
    import(&store, KINGSTON, &rows()).await;
    assert!(!import_of(&store, KINGSTON, Collection::Cin, &census()).await);
    // Each collection's rows come back as written, neither replacing the other.
    let back = store
        .return_rows(KINGSTON, Collection::Cin, YEAR)
        .await
        .expect("rows");
    assert_eq!(back, census());
    let looked_after = store
        .return_rows(KINGSTON, Collection::Ssda903, YEAR)
        .await
        .expect("rows");
    assert_eq!(looked_after, rows());
    let held = store.held_returns(KINGSTON).await.expect("held");
    let mut collections: Vec<Collection> = held.iter().map(|h| h.collection).collect();
    collections.sort();
    assert_eq!(collections, [Collection::Ssda903, Collection::Cin]);
    // Richmond cannot read Kingston's census.
    let theirs = store.return_rows("Richmond", Collection::Cin, YEAR).await;
    assert!(theirs.is_err());
    let calendar = WorkingCalendar::england_and_wales();
    let inputs = IndicatorInputs {
        year: YEAR,
        calendar: &calendar,
        population: None,
    };
    let (_, indicators) = evaluate_return(Collection::Cin, back, &inputs);
    let report = store
        .store_return_values(KINGSTON, Collection::Cin, YEAR, &indicators, Utc::now())
        .await
        .expect("values");
    assert_eq!(report.written.len(), 1, "{report:?}");
    let value = held_value(&store, &plan, "P68").await;
    assert_eq!(value.text, "50.0% (1/2)");
    assert_eq!(value.source, ValueSource::Return);
    let plan_id = store.plan_handles().await.expect("plans")[0].id;
    let sources = store
        .return_value_sources(plan_id, "P68")
        .await
        .expect("sources");
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0].collection, Collection::Cin);
    assert_eq!((sources[0].numerator, sources[0].denominator), (1, Some(2)));
}
