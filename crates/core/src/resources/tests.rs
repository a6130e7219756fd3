use super::*;

fn amount(text: &str) -> Amount {
    Amount::read(text).unwrap()
}

fn row(line: usize, kind: RowKind, label: &str, cells: &[&str]) -> ResourceRow {
    ResourceRow {
        line,
        kind,
        label: label.to_string(),
        owner: String::new(),
        figures: cells
            .iter()
            .map(|c| (!c.is_empty()).then(|| Figure::read(c)))
            .collect(),
    }
}

fn table(kind: TableKind, rows: Vec<ResourceRow>) -> ResourceTable {
    ResourceTable {
        kind,
        title: "t".to_string(),
        year: "2009-10".to_string(),
        previous_year: "2008-09".to_string(),
        rows,
    }
}

#[test]
fn printed_figures_read_exactly_with_their_sign_apart() {
    assert_eq!(amount("1,128.0").to_string(), "1128.0");
    assert_eq!(amount("-54,308.8").to_string(), "-54308.8");
    assert_eq!(amount("696").to_string(), "696.0");
    assert_eq!(amount("-\n1,870.2"), amount("-1870.2"));
    assert_eq!(amount("0.125").to_string(), "0.125");
    for not_a_figure in ["-", "", "1.2345", "12a", "--1", "."] {
        assert_eq!(Amount::read(not_a_figure), None, "{not_a_figure:?}");
    }
    // Ten tenths make exactly one, as binary floating point would not.
    let tenth = amount("0.1");
    let ten: Vec<Amount> = std::iter::repeat_n(tenth, 10).collect();
    assert_eq!(Amount::sum(&ten), amount("1"));
    assert_eq!(amount("0.1") + amount("0.2"), amount("0.3"));
}

#[test]
fn amounts_travel_as_decimal_text() {
    let json = serde_json::to_string(&amount("-5,518.1")).unwrap();
    assert_eq!(json, "\"-5518.1\"");
    assert_eq!(
        serde_json::from_str::<Amount>(&json).unwrap(),
        amount("-5518.1")
    );
    assert!(serde_json::from_str::<Amount>("\"1e3\"").is_err());
}

#[test]
fn staffing_differences_and_totals_are_checked_on_every_row() {
    let rows = vec![
        row(1, RowKind::Item, "Total A", &["10.0", "12.0", "2.0"]),
        row(2, RowKind::Item, "Total B", &["5.0", "4.0", "-1.1"]),
        row(
            3,
            RowKind::Subtotal,
            "TOTAL P PORTFOLIO",
            &["15.0", "16.0", "1.0"],
        ),
        row(4, RowKind::Total, "TOTAL", &["15.0", "16.1", "1.0"]),
    ];
    let found = reconcile(&table(TableKind::Staffing, rows));
    let seen: Vec<(usize, usize, &str, String)> = found
        .iter()
        .map(|d| (d.line, d.column, d.printed.as_str(), d.summed.to_string()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (2, 2, "-1.1", "-1.0".to_string()),
            (4, 2, "1.0", "1.1".to_string()),
            (4, 1, "16.1", "16.0".to_string()),
            (4, 2, "1.0", "0.9".to_string()),
            (4, 1, "16.1", "16.0".to_string()),
        ]
    );
    assert_eq!(found[0].heading, "2009-10 Difference");
}

#[test]
fn budget_totals_add_activities_then_memorandum_items_and_lost_digits_are_listed() {
    //        prev   pFTE  FTE  emp   run   con  gross  ext    int   ctrl
    let rows = vec![
        row(
            1,
            RowKind::Item,
            "A",
            &[
                "1.0", "1.0", "1.0", "2.0", "1.0", "0.0", "3.0", "-1.0", "0.0", "2.0",
            ],
        ),
        row(
            2,
            RowKind::Item,
            "",
            &[
                "2.0", "1.0", "1.0", "1.0", "1.0", "1.0", "3.0", "0.0", "-1.0", "2.1",
            ],
        ),
        row(
            3,
            RowKind::Subtotal,
            "Controllable Totals",
            &[
                "3.0", "2.0", "2.0", "3.0", "2.0", "1.0", "6.0", "-1.0", "-1.0", "4.0",
            ],
        ),
        row(
            4,
            RowKind::Memorandum,
            "Overheads",
            &["0.5", "", "", "", "", "", "", "", "", "0.5"],
        ),
        row(
            5,
            RowKind::Total,
            "Total Cost of Unit",
            &[
                "3.5", "2.0", "2.0", "3.0", "2.0", "1.0", "6.0", "-1.0", "-", "4.5",
            ],
        ),
    ];
    let found = reconcile(&table(TableKind::Budget, rows));
    let seen: Vec<(usize, &str, &str, String)> = found
        .iter()
        .map(|d| {
            (
                d.line,
                d.label.as_str(),
                d.printed.as_str(),
                d.summed.to_string(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (2, "", "2.1", "2.0".to_string()),
            (3, "Controllable Totals", "4.0", "4.1".to_string()),
            (5, "Total Cost of Unit", "-", "-1.0".to_string()),
        ]
    );
    assert_eq!(found[2].heading, "2009-10 Internal Income");
}
