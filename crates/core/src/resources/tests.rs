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

mod linked {
    use super::*;
    use crate::model::{Indicator, Node, Observation, ObservationKind, PlanDocument};
    use crate::period::Period;

    /// A budget of two activities (2008-09 and 2009-10 controllable expenditure) under outcome 1.
    fn budget() -> ResourceTable {
        let cells = vec![""; 10];
        let line = |previous: &'static str, current: &'static str| {
            let mut c = cells.clone();
            c[0] = previous;
            c[9] = current;
            c
        };
        table(
            TableKind::Budget,
            vec![
                row(10, RowKind::Item, "Fostering", &line("1,000.0", "1,200.0")),
                row(11, RowKind::Item, "Youth work", &line("500.0", "450.0")),
            ],
        )
    }

    fn node(code: &str, parent: Option<&str>) -> Node {
        Node {
            code: code.to_string(),
            parent: parent.map(str::to_string),
            kind: if parent.is_some() {
                "objective"
            } else {
                "outcome"
            }
            .to_string(),
            title: format!("Node {code}"),
            retired: None,
        }
    }

    fn plan(outturn: Option<&str>) -> PlanDocument {
        let mut served = Indicator::new("L1", "Number of children supported by foster carers");
        served.objectives = vec!["1.1".to_string()];
        let mut rate = Indicator::new("L2", "Percentage of placements stable");
        rate.objectives = vec!["1.1".to_string()];
        PlanDocument {
            nodes: vec![node("1", None), node("1.1", Some("1")), node("2", None)],
            indicators: vec![served, rate],
            observations: outturn
                .map(|text| Observation {
                    indicator: "L1".to_string(),
                    period: Period::financial(2009),
                    kind: ObservationKind::Actual,
                    locality: None,
                    group: None,
                    text: text.to_string(),
                    parsed: crate::value::parse(text),
                    set_by: None,
                    agreed_on: None,
                    source: Default::default(),
                })
                .into_iter()
                .collect(),
            ..PlanDocument::default()
        }
    }

    fn link(id: i64, row: usize, label: &str, node: &str, share: &str) -> BudgetLink {
        BudgetLink {
            id,
            line: LineRef {
                table: 0,
                row,
                label: label.to_string(),
            },
            node: node.to_string(),
            share: Share::read(share).unwrap(),
        }
    }

    #[test]
    fn shares_are_percentages_above_nothing_and_at_most_the_whole() {
        assert_eq!(Share::read("40").unwrap().to_string(), "40%");
        assert_eq!(Share::read("12.5%").unwrap().to_string(), "12.5%");
        assert_eq!(Share::read("100").unwrap().to_string(), "100%");
        for refused in ["0", "-5", "100.1", "half", ""] {
            assert!(
                matches!(Share::read(refused), Err(LinkRefusal::NotAShare { .. })),
                "{refused:?}"
            );
        }
        // A third of £1,000.0k is £333.333k, exactly to the pound.
        let third = Share::read("33.333").unwrap();
        assert_eq!(third.of(amount("1000.0")).to_string(), "333.33");
    }

    #[test]
    fn the_shares_of_one_line_never_come_to_more_than_the_whole() {
        let tables = [budget()];
        let held = [
            link(1, 0, "Fostering", "1", "60"),
            link(2, 1, "Youth work", "2", "90"),
        ];
        let fostering = held[0].line.clone();
        assert_eq!(
            check_link(
                &tables,
                &held,
                &fostering,
                "1.1",
                Share::read("40").unwrap()
            ),
            Ok(())
        );
        let refused = check_link(
            &tables,
            &held,
            &fostering,
            "2",
            Share::read("40.5").unwrap(),
        )
        .unwrap_err();
        assert_eq!(
            refused.to_string(),
            "`Fostering` already gives 60% to other outcomes and objectives; adding 40.5% would make 100.5%, more than the whole line"
        );
        assert!(matches!(
            check_link(&tables, &held, &fostering, "1", Share::read("10").unwrap()),
            Err(LinkRefusal::AlreadyLinked { .. })
        ));
        let moved = LineRef {
            label: "Something else".to_string(),
            ..fostering
        };
        assert!(matches!(
            check_link(&tables, &held, &moved, "2", Share::read("10").unwrap()),
            Err(LinkRefusal::NotABudgetLine { .. })
        ));
    }

    #[test]
    fn an_outcome_gets_its_lines_times_their_shares_each_year_with_its_objectives() {
        let tables = [budget()];
        let links = [
            link(1, 0, "Fostering", "1.1", "50"),
            link(2, 1, "Youth work", "1", "10"),
            link(3, 1, "Youth work", "2", "90"),
        ];
        let spend = outcome_spend(&plan(None), &tables, &links);
        let years = |code: &str| -> Vec<(String, String)> {
            let outcome = spend.iter().find(|o| o.code == code).unwrap();
            outcome
                .years
                .iter()
                .map(|y| (y.year.label.clone(), y.amount.to_string()))
                .collect()
        };
        assert_eq!(
            years("1"),
            [
                ("2008-09".to_string(), "550.0".to_string()),
                ("2009-10".to_string(), "645.0".to_string())
            ]
        );
        assert_eq!(years("2")[1].1, "405.0");
    }

    #[test]
    fn cost_per_unit_divides_linked_spend_by_the_count_of_people_served_that_year() {
        let tables = [budget()];
        let links = [link(1, 0, "Fostering", "1.1", "50")];
        let spend = outcome_spend(&plan(Some("240")), &tables, &links);
        let costs = &spend[0].unit_costs;
        // Only the count of people, and only for years with linked spend.
        assert_eq!(costs.len(), 2, "{costs:?}");
        let this_year = costs.iter().find(|c| c.year == "2009-10").unwrap();
        assert_eq!(this_year.unit, "£ per child supported by foster carers");
        assert_eq!(this_year.cost, Ok(2500.0));
        let last_year = costs.iter().find(|c| c.year == "2008-09").unwrap();
        assert_eq!(
            last_year.cost,
            Err("no out-turn is held for 2008-09".to_string())
        );

        let spend = outcome_spend(&plan(Some("Not yet available")), &tables, &links);
        let this_year = spend[0]
            .unit_costs
            .iter()
            .find(|c| c.year == "2009-10")
            .unwrap();
        assert_eq!(
            this_year.cost,
            Err("the out-turn for 2009-10 is `Not yet available`, not a number".to_string())
        );
        let spend = outcome_spend(&plan(Some("0")), &tables, &links);
        assert!(spend[0].unit_costs[1]
            .cost
            .as_ref()
            .unwrap_err()
            .contains("nobody"));
    }

    #[test]
    fn a_link_whose_line_moved_counts_for_nothing() {
        let tables = [budget()];
        let links = [link(1, 0, "Renamed", "1", "100")];
        let spend = outcome_spend(&plan(None), &tables, &links);
        assert!(spend[0].years.iter().all(|y| y.amount.is_zero()));
    }

    #[test]
    fn units_are_named_from_what_the_indicator_counts() {
        let unit = |title: &str| unit_of(&Indicator::new("k", title));
        assert_eq!(
            unit("Number of young people in education"),
            "£ per young person in education"
        );
        assert_eq!(unit("No. of families supported"), "£ per family supported");
        assert_eq!(unit("Number of CAFs completed"), "£ per CAF completed");
    }
}

mod checked {
    use super::*;

    fn staffing(previous: &str, current: &str) -> ResourceTable {
        ResourceTable {
            kind: TableKind::Staffing,
            title: "CFE Staffing Establishment".to_string(),
            year: "2009-10".to_string(),
            previous_year: "2008-9".to_string(),
            rows: vec![
                row(330, RowKind::Item, "Services", &[previous, current, ""]),
                row(331, RowKind::Total, "TOTAL", &[previous, current, ""]),
            ],
        }
    }

    fn budget_fte(previous: &str, current: &str) -> ResourceTable {
        let mut cells = vec![""; 10];
        cells[1] = previous;
        cells[2] = current;
        table(
            TableKind::Budget,
            vec![row(289, RowKind::Total, "Total Cost of Unit", &cells)],
        )
    }

    #[test]
    fn the_establishment_is_checked_against_the_budgets_fte_for_each_year_both_give() {
        let tables = [
            staffing("100.5", "120.0"),
            budget_fte("100.0", "60.0"),
            budget_fte("0.5", "60.0"),
        ];
        let checks = fte_checks(&tables);
        assert_eq!(checks.len(), 2);
        assert!(checks.iter().all(FteCheck::agrees), "{checks:?}");
        let tables = [staffing("100.5", "120.0"), budget_fte("100.0", "60.0")];
        let checks = fte_checks(&tables);
        assert_eq!(checks[0].year, "2008-9");
        assert!(!checks[0].agrees());
        assert_eq!(checks[0].difference().to_string(), "0.5");
        assert_eq!(
            (checks[0].staffing_line, checks[0].staffing_column),
            (331, 0)
        );
        assert_eq!(checks[1].difference().to_string(), "60.0");
        assert!(fte_checks(&[budget_fte("1.0", "1.0")]).is_empty());
    }

    #[test]
    fn moves_past_a_share_or_an_amount_are_listed_money_first_largest_first() {
        let line =
            |label: &str, before: &'static str, after: &'static str, fte: [&'static str; 2]| {
                let mut cells = vec![""; 10];
                cells[0] = before;
                cells[9] = after;
                cells[1] = fte[0];
                cells[2] = fte[1];
                row(1, RowKind::Item, label, &cells)
            };
        let budget = table(
            TableKind::Budget,
            vec![
                line("Small but sharp", "10.0", "20.0", ["1.0", "1.0"]),
                line("Large and slight", "5,000.0", "5,150.0", ["100.0", "105.0"]),
                line("Steady", "1,000.0", "1,050.0", ["10.0", "12.0"]),
                line("New", "0.0", "30.0", ["0.0", "0.0"]),
            ],
        );
        let changes = year_on_year(std::slice::from_ref(&budget), Threshold::default());
        let listed: Vec<(&str, &str)> =
            changes.iter().map(|c| (c.label.as_str(), c.unit)).collect();
        assert_eq!(
            listed,
            [
                ("Large and slight", "£000s"),
                ("New", "£000s"),
                ("Small but sharp", "£000s"),
                ("Steady", "FTE"),
            ]
        );
        assert_eq!(changes[0].percent, Some(3.0));
        assert_eq!(changes[1].percent, None);
        let strict = Threshold {
            percent: amount("50"),
            money: amount("1000"),
        };
        let listed = year_on_year(std::slice::from_ref(&budget), strict);
        assert_eq!(
            listed.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(),
            ["New", "Small but sharp"]
        );
    }
}
