//! A plan's budget and staffing tables, written with its import, on both backends.

use trustboard_core::model::PlanDocument;
use trustboard_core::resources::{Figure, ResourceRow, ResourceTable, RowKind, TableKind};
use trustboard_store::{ImportOptions, Store, StoreError};

use crate::harness::on_both_backends;
use crate::sample::{kingston, KINGSTON, PLAN};

on_both_backends!(
    tables_come_back_exactly_as_imported,
    a_reimport_replaces_the_tables_and_a_dry_run_keeps_them,
    another_organisations_plan_of_the_same_name_has_its_own_tables,
);

fn row(line: usize, kind: RowKind, label: &str, owner: &str, cells: &[&str]) -> ResourceRow {
    ResourceRow {
        line,
        kind,
        label: label.to_string(),
        owner: owner.to_string(),
        figures: cells
            .iter()
            .map(|c| (!c.is_empty()).then(|| Figure::read(c)))
            .collect(),
    }
}

fn budget(title: &str, fte: &str) -> ResourceTable {
    ResourceTable {
        kind: TableKind::Budget,
        title: title.to_string(),
        year: "2009-10".to_string(),
        previous_year: "2008-09".to_string(),
        rows: vec![
            row(
                10,
                RowKind::Item,
                "Attendance and Behaviour",
                "LR",
                &[
                    "11,055.4",
                    "281.9",
                    fte,
                    "5,966.8",
                    "2,489.4",
                    "0.0",
                    "8,456.2",
                    "-549.9",
                    "-\n1,870.2",
                    "6,036.1",
                ],
            ),
            row(
                11,
                RowKind::Item,
                "",
                "MD",
                &["188.8", "4.0", "4.0", "", "", "", "", "", "", "0.0"],
            ),
            row(
                12,
                RowKind::Total,
                "Total Cost of Unit",
                "",
                &["", "", "", "", "", "", "", "", "-", ""],
            ),
        ],
    }
}

fn staffing() -> ResourceTable {
    ResourceTable {
        kind: TableKind::Staffing,
        title: "CFE Staffing Establishment".to_string(),
        year: "2009-10".to_string(),
        previous_year: "2008-9".to_string(),
        rows: vec![row(
            20,
            RowKind::Item,
            "Total Operations",
            "",
            &["696", "884.6", "188.6"],
        )],
    }
}

async fn import(store: &Store, doc: &PlanDocument, tables: &[ResourceTable], dry_run: bool) {
    let options = ImportOptions {
        dry_run,
        source: "business plan".to_string(),
    };
    let report = store
        .import_plan_with_resources(doc, tables, options)
        .await
        .unwrap_or_else(|error| panic!("import failed: {error}"));
    assert_eq!(report.resource_tables, tables.len());
}

async fn held(store: &Store, organisation: &str) -> Vec<ResourceTable> {
    store
        .resource_tables(Some(organisation), PLAN)
        .await
        .unwrap_or_else(|error| panic!("reading the tables failed: {error}"))
}

async fn tables_come_back_exactly_as_imported(store: Store) {
    let tables = vec![
        budget("Children, Families and Educational Achievement", "196.8"),
        staffing(),
    ];
    import(&store, &kingston(), &tables, false).await;
    let read = held(&store, KINGSTON).await;
    assert_eq!(read, tables);
    let internal = TableKind::Budget
        .column("internal_income")
        .unwrap_or_default();
    let figure = read[0].rows[0].figures[internal]
        .clone()
        .unwrap_or_else(|| panic!("no figure"));
    assert_eq!(
        (figure.text.as_str(), figure.value.map(|v| v.to_string())),
        ("-\n1,870.2", Some("-1870.2".to_string()))
    );
    // A sign whose digits were lost stays as written, with no value.
    let lost = read[0].rows[2].figures[internal]
        .clone()
        .unwrap_or_else(|| panic!("no figure"));
    assert_eq!((lost.text.as_str(), lost.value), ("-", None));
    // A plain import of the plan leaves the tables alone.
    store
        .import_plan(&kingston(), ImportOptions::default())
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(held(&store, KINGSTON).await, tables);
}

async fn a_reimport_replaces_the_tables_and_a_dry_run_keeps_them(store: Store) {
    let first = vec![budget("Portfolio", "196.8"), staffing()];
    import(&store, &kingston(), &first, false).await;
    let second = vec![budget("Portfolio", "200.0")];
    import(&store, &kingston(), &second, true).await;
    assert_eq!(held(&store, KINGSTON).await, first);
    import(&store, &kingston(), &second, false).await;
    assert_eq!(held(&store, KINGSTON).await, second);
}

async fn another_organisations_plan_of_the_same_name_has_its_own_tables(store: Store) {
    let ours = vec![budget("Ours", "196.8")];
    import(&store, &kingston(), &ours, false).await;
    let mut theirs_doc = kingston();
    theirs_doc.organisation = "Another Council".to_string();
    import(&store, &theirs_doc, &[staffing()], false).await;
    assert_eq!(held(&store, KINGSTON).await, ours);
    assert_eq!(held(&store, "Another Council").await, vec![staffing()]);
    let missing = store.resource_tables(Some("Nobody"), PLAN).await;
    assert!(
        matches!(missing, Err(StoreError::PlanNotFound { .. })),
        "{missing:?}"
    );
}
