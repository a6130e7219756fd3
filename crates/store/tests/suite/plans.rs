//! Importing and loading plans, on both backends.

use trustboard_core::model::{ObservationKind, PlanDocument};
use trustboard_core::plan_diff::Slot;
use trustboard_store::{HistoryEntry, ImportOptions, ImportReport, Store, StoreError};

use crate::harness::on_both_backends;
use crate::sample::{kingston, node, period, richmond, said, value, KINGSTON, PLAN};

on_both_backends!(
    import_then_load_gives_the_same_document,
    reimporting_the_same_document_changes_nothing,
    a_changed_value_keeps_its_old_text_in_history,
    a_target_set_by_someone_else_keeps_who_had_set_it_in_history,
    content_missing_from_a_reimport_is_retired_not_deleted,
    a_dry_run_reports_changes_and_writes_nothing,
    a_failing_import_leaves_the_store_as_it_was,
    plans_of_two_organisations_live_side_by_side,
    the_national_catalogue_is_shared_and_upserted,
    imports_running_at_the_same_time_both_succeed,
    statements_are_kept_as_the_latest_import_gives_them_all_or_nothing,
    a_plan_larger_than_one_statement_is_written_and_rewritten_whole,
);

async fn import(store: &Store, doc: &PlanDocument, source: &str) -> ImportReport {
    store
        .import_plan(
            doc,
            ImportOptions {
                dry_run: false,
                source: source.to_string(),
            },
        )
        .await
        .unwrap_or_else(|error| panic!("import from {source} failed: {error}"))
}

/// The error importing `doc` fails with.
async fn import_refused(store: &Store, doc: &PlanDocument) -> StoreError {
    let options = ImportOptions {
        dry_run: false,
        source: "refused".to_string(),
    };
    match store.import_plan(doc, options).await {
        Ok(report) => panic!("the import should have been refused: {report:?}"),
        Err(error) => error,
    }
}

async fn load(store: &Store, doc: &PlanDocument) -> PlanDocument {
    store
        .load_plan(Some(&doc.organisation), &doc.plan.name)
        .await
        .unwrap_or_else(|error| panic!("load failed: {error}"))
}

/// The earlier texts of `slot` in the plan, oldest first.
async fn history_of(store: &Store, slot: &Slot) -> Vec<HistoryEntry> {
    let history = store.observation_history(None, PLAN, slot).await;
    history.unwrap_or_else(|error| panic!("history failed: {error}"))
}

async fn import_then_load_gives_the_same_document(store: Store) {
    let doc = kingston();
    let report = import(&store, &doc, "kingston.xlsx").await;
    assert!(report.new_plan);
    assert_eq!(report.nodes.added, doc.nodes.len());
    assert_eq!(report.observations.added, doc.observations.len());
    assert_eq!(report.milestones.added, doc.milestones.len());
    assert_eq!(load(&store, &doc).await, doc);
    // The organisation is optional when the name is unique.
    assert_eq!(
        store.load_plan(None, PLAN).await.expect("unique plan name"),
        doc
    );
}

async fn reimporting_the_same_document_changes_nothing(store: Store) {
    let doc = kingston();
    import(&store, &doc, "first.xlsx").await;
    let again = import(&store, &doc, "second.xlsx").await;
    assert_eq!(again.changes(), 0, "{again:#?}");
    assert_eq!(again.observations.unchanged, doc.observations.len());
    assert!(again.changed_observations.is_empty());
    // Importing what was loaded is also a no-op.
    let loaded = load(&store, &doc).await;
    assert_eq!(import(&store, &loaded, "export.json").await.changes(), 0);
    // Nothing was replaced, so there is no history.
    let slot = Slot::of(&doc.observations[0]);
    assert!(history_of(&store, &slot).await.is_empty());
}

async fn a_changed_value_keeps_its_old_text_in_history(store: Store) {
    let doc = kingston();
    import(&store, &doc, "2010 plan.xlsx").await;
    let mut refreshed = doc.clone();
    refreshed.observations[0] = value("NI 59", "2009/10", ObservationKind::Actual, "85.7% (6/7)");
    let report = import(&store, &refreshed, "2011 refresh.xlsx").await;

    assert_eq!(report.observations.changed, 1);
    assert_eq!(report.observations.unchanged, doc.observations.len() - 1);
    assert_eq!(report.changes(), 1);
    let change = &report.changed_observations[0];
    assert_eq!(
        (change.indicator.as_str(), change.period, change.kind),
        ("NI 59", period("2009/10"), ObservationKind::Actual)
    );
    assert_eq!(
        (change.old_text.as_str(), change.new_text.as_str()),
        ("83.3% (5/6)", "85.7% (6/7)")
    );
    assert_eq!(load(&store, &doc).await, refreshed);

    let slot = Slot::of(&refreshed.observations[0]);
    let history = store
        .observation_history(Some(KINGSTON), PLAN, &slot)
        .await
        .expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].text, "83.3% (5/6)");
    assert_eq!(history[0].parsed, doc.observations[0].parsed);
    assert_eq!(history[0].recorded_by, "2010 plan.xlsx");
    assert_eq!(history[0].replaced_by, "2011 refresh.xlsx");
    assert!(history[0].recorded_at <= history[0].replaced_at);

    // A third text keeps both earlier ones, oldest first.
    refreshed.observations[0].text = "86%".to_string();
    refreshed.observations[0].parsed = trustboard_core::value::parse("86%");
    import(&store, &refreshed, "correction").await;
    let texts: Vec<String> = history_of(&store, &slot)
        .await
        .into_iter()
        .map(|h| h.text)
        .collect();
    assert_eq!(texts, ["83.3% (5/6)", "85.7% (6/7)"]);
}

async fn a_target_set_by_someone_else_keeps_who_had_set_it_in_history(store: Store) {
    let mut doc = kingston();
    let target = &mut doc.observations[1];
    assert_eq!(target.kind, ObservationKind::Target);
    target.set_by = Some("Trust Board".to_string());
    target.agreed_on = chrono::NaiveDate::from_ymd_opt(2010, 3, 24);
    import(&store, &doc, "2010 plan.xlsx").await;

    // Same wording, but the target is now the LAA's, agreed a year later.
    let mut refreshed = doc.clone();
    refreshed.observations[1].set_by = Some("DCSF (LAA)".to_string());
    refreshed.observations[1].agreed_on = chrono::NaiveDate::from_ymd_opt(2011, 3, 30);
    import(&store, &refreshed, "2011 refresh.xlsx").await;
    assert_eq!(load(&store, &doc).await, refreshed);

    let history = history_of(&store, &Slot::of(&refreshed.observations[1])).await;
    assert_eq!(history.len(), 1, "{history:#?}");
    assert_eq!(history[0].text, "Baseline plus 5%");
    assert_eq!(history[0].set_by.as_deref(), Some("Trust Board"));
    assert_eq!(
        history[0].agreed_on,
        chrono::NaiveDate::from_ymd_opt(2010, 3, 24)
    );
    assert_eq!(
        (
            history[0].recorded_by.as_str(),
            history[0].replaced_by.as_str()
        ),
        ("2010 plan.xlsx", "2011 refresh.xlsx")
    );
}

async fn content_missing_from_a_reimport_is_retired_not_deleted(store: Store) {
    let doc = kingston();
    import(&store, &doc, "2009 plan").await;
    let mut refreshed = doc.clone();
    // Objective 1.2 and its indicator NI 111 (with NI 111's values and the link from a milestone) go.
    refreshed.nodes.retain(|n| n.code != "1.2");
    refreshed.indicators.retain(|i| i.key != "NI 111");
    refreshed.observations.retain(|o| o.indicator != "NI 111");
    refreshed.statements.retain(|s| s.indicator != "NI 111");
    refreshed.milestones[0].indicators.retain(|i| i != "NI 111");
    refreshed.localities.pop();
    let report = import(&store, &refreshed, "2011 refresh").await;
    assert_eq!(
        (report.nodes.retired, report.nodes.unchanged),
        (1, doc.nodes.len() - 1)
    );
    assert_eq!(report.indicators.retired, 1);
    assert_eq!(report.observations.retired, 2);
    assert_eq!(
        (report.milestones.changed, report.localities.retired),
        (1, 1)
    );

    let loaded = load(&store, &doc).await;
    let codes: Vec<&str> = loaded.nodes.iter().map(|n| n.code.as_str()).collect();
    let original: Vec<&str> = doc.nodes.iter().map(|n| n.code.as_str()).collect();
    assert_eq!(
        codes, original,
        "the retired node keeps its place in the tree"
    );
    let retired = loaded
        .nodes
        .iter()
        .find(|n| n.code == "1.2")
        .and_then(|n| n.retired.clone());
    assert_eq!(retired.map(|r| r.when), Some("2011 refresh".to_string()));
    assert_eq!(loaded.indicators, refreshed.indicators);
    assert_eq!(loaded.observations, refreshed.observations);
    assert_eq!(loaded.localities, refreshed.localities);
    assert_eq!(loaded.statements, refreshed.statements);
    assert_eq!(
        import(&store, &refreshed, "2011 refresh again")
            .await
            .changes(),
        0
    );

    let summary = store.find_plan(Some(PLAN)).await.expect("one plan");
    assert_eq!(
        (summary.nodes, summary.indicators),
        (doc.nodes.len() - 2, 2),
        "retired content is not counted"
    );

    // Bringing everything back restores it, values and all.
    let back = import(&store, &doc, "undo").await;
    assert_eq!((back.indicators.added, back.observations.added), (1, 2));
    let mut expected = doc.clone();
    expected.nodes[4].retired = retired_as("2011 refresh");
    assert_eq!(
        back.nodes.changed, 1,
        "1.2 comes back with its retirement cleared"
    );
    expected.nodes[4].retired = None;
    assert_eq!(load(&store, &doc).await, expected);
}

fn retired_as(when: &str) -> Option<trustboard_core::model::Retirement> {
    Some(trustboard_core::model::Retirement {
        when: when.to_string(),
        merged_into: None,
    })
}

async fn a_dry_run_reports_changes_and_writes_nothing(store: Store) {
    let doc = kingston();
    let dry = ImportOptions {
        dry_run: true,
        source: "preview".to_string(),
    };
    let preview = store
        .import_plan(&doc, dry.clone())
        .await
        .expect("dry run of a new plan");
    assert!(preview.dry_run && preview.new_plan);
    assert_eq!(preview.observations.added, doc.observations.len());
    assert!(
        store.list_plans().await.expect("list").is_empty(),
        "a dry run creates no plan"
    );

    import(&store, &doc, "real").await;
    let mut changed = doc.clone();
    changed.observations[1] = value(
        "NI 59",
        "2010/11",
        ObservationKind::Target,
        "Baseline plus 10%",
    );
    changed
        .nodes
        .push(node("3", None, "outcome", "Enjoy and achieve"));
    let preview = store
        .import_plan(&changed, dry)
        .await
        .expect("dry run of a change");
    assert_eq!((preview.nodes.added, preview.observations.changed), (1, 1));
    assert_eq!(
        preview.changed_observations[0].new_text,
        "Baseline plus 10%"
    );
    assert_eq!(load(&store, &doc).await, doc, "the dry run changed nothing");
    let slot = Slot::of(&doc.observations[1]);
    assert!(history_of(&store, &slot).await.is_empty());
}

async fn a_failing_import_leaves_the_store_as_it_was(store: Store) {
    // A new plan that fails leaves no organisation or plan behind.
    let mut broken = kingston();
    broken
        .observations
        .push(value("NI 999", "2010/11", ObservationKind::Actual, "12"));
    let error = import_refused(&store, &broken).await;
    assert!(
        matches!(&error, StoreError::UnknownReference { entity: "indicator", key, .. } if key == "NI 999"),
        "{error}"
    );
    assert!(
        error.to_string().contains("NI 999 actual for 2010/11"),
        "{error}"
    );
    assert!(store.list_plans().await.expect("list").is_empty());

    // A re-import that changes nodes, indicators and values before failing changes none of them.
    let doc = kingston();
    import(&store, &doc, "good").await;
    let mut bad = doc.clone();
    bad.nodes[0].title = "Be healthier".to_string();
    bad.indicators[0].title = "Renamed".to_string();
    bad.observations[0] = value("NI 59", "2009/10", ObservationKind::Actual, "90%");
    bad.milestones[0].indicators.push("NI 404".to_string());
    let error = import_refused(&store, &bad).await;
    assert!(
        matches!(&error, StoreError::UnknownReference { key, .. } if key == "NI 404"),
        "{error}"
    );
    assert_eq!(load(&store, &doc).await, doc);
    let slot = Slot::of(&doc.observations[0]);
    assert!(history_of(&store, &slot).await.is_empty());
    assert_eq!(import(&store, &doc, "good again").await.changes(), 0);
}

async fn plans_of_two_organisations_live_side_by_side(store: Store) {
    assert!(matches!(
        store.find_plan(None).await,
        Err(StoreError::NoPlans)
    ));
    let (kingston, richmond) = (kingston(), richmond());
    import(&store, &kingston, "k").await;
    assert_eq!(
        store
            .find_plan(None)
            .await
            .expect("the only plan")
            .organisation,
        KINGSTON
    );
    import(&store, &richmond, "r").await;

    assert_eq!(load(&store, &kingston).await, kingston);
    assert_eq!(load(&store, &richmond).await, richmond);

    let plans = store.list_plans().await.expect("list");
    let names: Vec<(&str, &str)> = plans
        .iter()
        .map(|p| (p.organisation.as_str(), p.name.as_str()))
        .collect();
    // Ordered by organisation: London Borough … before Royal Borough ….
    assert_eq!(
        names,
        [(richmond.organisation.as_str(), PLAN), (KINGSTON, PLAN)]
    );
    assert_eq!(
        (
            plans[0].nodes,
            plans[0].indicators,
            plans[0].observations,
            plans[0].milestones
        ),
        (1, 1, 1, 0)
    );
    assert_eq!(
        (
            plans[1].nodes,
            plans[1].indicators,
            plans[1].observations,
            plans[1].milestones
        ),
        (7, 3, 10, 4),
        "the retired outcome 8 is not counted"
    );

    let ambiguous = store
        .load_plan(None, PLAN)
        .await
        .expect_err("two plans share the name");
    assert!(
        matches!(&ambiguous, StoreError::AmbiguousPlan { choices } if choices.len() == 2),
        "{ambiguous}"
    );
    assert!(ambiguous.to_string().contains("Richmond"), "{ambiguous}");
    let ambiguous = store.find_plan(None).await.expect_err("two plans");
    assert!(ambiguous.to_string().contains(KINGSTON), "{ambiguous}");

    let missing = store
        .find_plan(Some("CYPP 2013-16"))
        .await
        .expect_err("no such plan");
    assert!(
        matches!(&missing, StoreError::PlanNotFound { available, .. } if available.len() == 2),
        "{missing}"
    );
    let missing = store
        .load_plan(Some("Kent"), PLAN)
        .await
        .expect_err("no such organisation");
    assert!(
        missing.to_string().contains("CYPP 2009-13 (Kent)"),
        "{missing}"
    );

    // Changing one organisation's plan leaves the other's alone.
    let mut changed = richmond.clone();
    changed.observations[0] = value("NI 59", "2010/11", ObservationKind::Actual, "61%");
    assert_eq!(import(&store, &changed, "r2").await.observations.changed, 1);
    assert_eq!(load(&store, &kingston).await, kingston);
}

async fn the_national_catalogue_is_shared_and_upserted(store: Store) {
    use trustboard_core::model::Polarity;
    use trustboard_store::NationalIndicator;
    let ni = |code: &str, title: &str| NationalIndicator {
        code: code.to_string(),
        title: title.to_string(),
        unit: Some("%".to_string()),
        polarity: Some(Polarity::HigherIsBetter),
        definition: None,
    };
    store
        .upsert_national_indicators(&[
            ni("NI 59", "Initial assessments"),
            ni("NI 111", "First time entrants"),
        ])
        .await
        .expect("catalogue filled");
    let mut renamed = ni("NI 59", "Initial assessments within 7 working days");
    renamed.polarity = None;
    renamed.definition = Some("Percentage of initial assessments".to_string());
    store
        .upsert_national_indicators(std::slice::from_ref(&renamed))
        .await
        .expect("catalogue updated");
    let catalogue = store.national_indicators().await.expect("catalogue");
    assert_eq!(catalogue, [ni("NI 111", "First time entrants"), renamed]);
}

async fn imports_running_at_the_same_time_both_succeed(store: Store) {
    let (kingston, richmond) = (kingston(), richmond());
    let options = |source: &str| ImportOptions {
        dry_run: false,
        source: source.to_string(),
    };
    let (a, b, c) = tokio::join!(
        store.import_plan(&kingston, options("k")),
        store.import_plan(&richmond, options("r")),
        store.import_plan(&kingston, options("k again")),
    );
    let (a, c) = match (a, b, c) {
        (Ok(a), Ok(_), Ok(c)) => (a, c),
        other => panic!("every import should succeed: {other:?}"),
    };
    // The same plan twice: one import created it, the other found nothing to change.
    let mut changes = [a.changes(), c.changes()];
    changes.sort_unstable();
    assert_eq!(changes[0], 0);
    assert!(a.new_plan != c.new_plan);
    assert_eq!(load(&store, &kingston).await, kingston);
    assert_eq!(load(&store, &richmond).await, richmond);
}

async fn statements_are_kept_as_the_latest_import_gives_them_all_or_nothing(store: Store) {
    let doc = kingston();
    import(&store, &doc, "first").await;
    assert_eq!(load(&store, &doc).await.statements, doc.statements);
    // A re-import's statements replace the stored ones: changed, dropped and added alike.
    let mut next = doc.clone();
    next.statements.remove(1);
    next.statements[0].text = "Slippage".to_string();
    next.statements.push(said(
        "NI 59",
        "2011/12",
        trustboard_core::model::StatementKind::Rag,
        "Not met",
    ));
    let report = import(&store, &next, "second").await;
    // One dropped, one reworded (its old and new wording) and one added.
    assert_eq!(report.statements_changed, 4, "{report:#?}");
    assert_eq!(report.changes(), 4, "only the statements changed");
    assert_eq!(load(&store, &doc).await, next);
    let again = import(&store, &next, "third").await;
    assert_eq!(again.changes(), 0, "{again:#?}");
    // A statement about an indicator the plan does not hold stops the whole
    // import, undoing the other changes made before it.
    let mut bad = next.clone();
    bad.nodes[0].title = "Be healthier".to_string();
    bad.statements.clear();
    bad.statements.push(said(
        "NI 404",
        "2010/11",
        trustboard_core::model::StatementKind::Comment,
        "Lost",
    ));
    let error = import_refused(&store, &bad).await;
    assert!(
        matches!(&error, StoreError::UnknownReference { key, .. } if key == "NI 404"),
        "{error}"
    );
    assert_eq!(load(&store, &doc).await, next);
}

/// The kingston plan with `count` more indicators under objective 1.1, each
/// with an out-turn and a target (every third out-turn is not a figure).
fn with_many_indicators(count: usize) -> PlanDocument {
    let mut doc = kingston();
    for i in 0..count {
        let key = format!("L{i}");
        let mut indicator =
            trustboard_core::model::Indicator::new(&key, &format!("Local measure {i}"));
        indicator.objectives = vec!["1.1".to_string(), "1".to_string()];
        doc.indicators.push(indicator);
        let actual = if i % 3 == 0 {
            "not collected".to_string()
        } else {
            format!("{}%", i % 100)
        };
        doc.observations
            .push(value(&key, "2009/10", ObservationKind::Actual, &actual));
        doc.observations
            .push(value(&key, "2010/11", ObservationKind::Target, "60%"));
    }
    doc
}

/// New rows go many to a statement, and retirements, histories and links
/// in batches: every row still lands with its own links and history.
async fn a_plan_larger_than_one_statement_is_written_and_rewritten_whole(store: Store) {
    let doc = with_many_indicators(2_500);
    let report = import(&store, &doc, "big.csv").await;
    assert_eq!(report.indicators.added, doc.indicators.len());
    assert_eq!(report.observations.added, doc.observations.len());
    assert_eq!(load(&store, &doc).await, doc);

    // Drop the last 1,100 indicators and change 1,200 out-turns.
    let mut smaller = with_many_indicators(1_400);
    for observation in smaller
        .observations
        .iter_mut()
        .filter(|o| o.indicator.starts_with('L') && o.kind == ObservationKind::Actual)
        .take(1_200)
    {
        observation.text = format!("{} (revised)", observation.text);
        observation.parsed = trustboard_core::value::parse(&observation.text);
    }
    let report = import(&store, &smaller, "smaller.csv").await;
    assert_eq!(report.indicators.retired, 1_100);
    assert_eq!(report.observations.retired, 2_200);
    assert_eq!(report.observations.changed, 1_200);
    assert_eq!(load(&store, &doc).await, smaller);
    for key in ["L0", "L1199"] {
        let slot = Slot {
            indicator: key.to_string(),
            period: period("2009/10"),
            kind: ObservationKind::Actual,
            locality: None,
            group: None,
        };
        let history = history_of(&store, &slot).await;
        let before = doc
            .observations
            .iter()
            .find(|o| Slot::of(o) == slot)
            .expect("the value was in the first import");
        assert_eq!(history.len(), 1, "{key}: {history:#?}");
        assert_eq!(history[0].text, before.text);
        assert_eq!(history[0].replaced_by, "smaller.csv");
    }
}
