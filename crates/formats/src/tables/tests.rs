use super::*;

fn open(file: &str, text: &str, mapping: &str) -> Result<Table, ImportError> {
    let options = Options {
        sheet: None,
        mapping: Mapping::parse_list(mapping).expect("a mapping"),
        heading_line: None,
    };
    Table::open(file, text.as_bytes(), &options)
}

fn readings(table: &Table) -> Vec<String> {
    table
        .columns()
        .map(|(_, c)| c.reading.map_or("?".to_string(), |r| r.mapping_text()))
        .collect()
}

#[test]
fn the_heading_row_is_found_below_the_titles() {
    // `Next target` means 2007/08 here, as `Target 07/08` does: left undecided.
    let text = "Example Council\nCYPP performance 2006-09\n\nRef,Indicator,Actual 06/07,Target 07/08,Next target,RAG,England\n";
    let table = open("t.csv", text, "").expect("a table");
    assert_eq!(table.sheets[0].heading_line, 4);
    assert_eq!(
        readings(&table),
        [
            "code",
            "title",
            "actual:2006/07",
            "target:2007/08",
            "?",
            "rag",
            "england:2006/07"
        ]
    );
}

#[test]
fn periods_over_two_heading_rows_reach_the_columns_below() {
    let text =
        "|  | 2006/07 |  | 2007/08 |  |\n| Indicator | Target | Actual | Target | Actual |\n";
    let table = open("t.txt", text, "").expect("a table");
    assert_eq!(
        readings(&table),
        [
            "title",
            "target:2006/07",
            "actual:2006/07",
            "target:2007/08",
            "actual:2007/08"
        ]
    );
}

#[test]
fn undecided_columns_are_listed_and_a_mapping_settles_them() {
    let text = "Indicator\tActual 06/07\tCol 5 data\tIndicator description\n";
    let table = open("t.tsv", text, "").expect("a table");
    assert_eq!(readings(&table), ["title", "actual:2006/07", "?", "?"]);
    let refused = table.read(&Hints::default()).expect_err("undecided");
    assert!(
        refused
            .message
            .contains("3 `Col 5 data`, 4 `Indicator description`"),
        "{refused}"
    );
    assert!(refused.message.contains("--columns"), "{refused}");
    let table = open("t.tsv", text, "col 5 data=ignore,Col 4=comments").expect("a table");
    assert_eq!(
        readings(&table),
        ["title", "actual:2006/07", "ignore", "comments"]
    );
    let typo = open("t.tsv", text, "Colour=ignore").expect_err("no such column");
    assert!(typo.message.contains("`Colour`"), "{typo}");
}

#[test]
fn a_saved_mapping_reads_back_the_same_columns() {
    let text = "Indicator,Latest,Mystery\n";
    let table = open("t.csv", text, "").expect("a table");
    let saved = table.mapping_file();
    assert!(saved.contains("Latest=actual\n"), "{saved}");
    assert!(saved.contains("Mystery=\n"), "{saved}");
    let filled = saved.replace("Mystery=\n", "Mystery=trend\n");
    let options = Options {
        sheet: None,
        mapping: Mapping::parse_file(&filled).expect("a mapping"),
        heading_line: None,
    };
    let again = Table::open("t.csv", text.as_bytes(), &options).expect("a table");
    assert_eq!(readings(&again), ["title", "actual", "trend"]);
}

/// The plan read from `table`, named by hints.
fn read_named(table: &Table) -> (PlanDocument, Vec<Warning>) {
    let hints = Hints {
        organisation: Some("Example".into()),
        plan: Some("KPIs".into()),
    };
    table.read(&hints).expect("read")
}

/// The statements read, as `indicator period kind text` lines.
fn statements(doc: &PlanDocument) -> Vec<String> {
    doc.statements
        .iter()
        .map(|s| format!("{} {} {} {}", s.indicator, s.period, s.kind.code(), s.text))
        .collect()
}

#[test]
fn stated_words_are_kept_as_written_for_the_latest_out_turn_on_the_row() {
    let text = "Indicator,Actual 06/07,Actual 07/08,Target 07/08,RAG,Trend,Comments\n\
                Children seen,70%,74%,80%,On course,Improving,\"Better than\nlast year\"\n\
                Visits,12,,15,Slippage,,\n\
                Reviews,,,90%,Red,,\n";
    let table = open("t.csv", text, "").expect("a table");
    let (doc, warnings) = read_named(&table);
    assert_eq!(
        statements(&doc),
        [
            "Children seen 2007/08 rag On course",
            "Children seen 2007/08 trend Improving",
            "Children seen 2007/08 comment Better than\nlast year",
            "Visits 2006/07 rag Slippage",
        ]
    );
    let said: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    // Each column whose period was taken from the rows says so, with the periods taken.
    assert!(
        said.iter().any(|w| w.contains("t.csv:1:5")
            && w.contains("latest out-turn on its row (2006/07, 2007/08)")),
        "{said:?}"
    );
    // A rating on a row with no out-turn has no period: not kept, and the
    // warning says how to give one. (The quoted comment above spans two lines.)
    assert!(
        said.iter().any(|w| w.contains("t.csv:5:5")
            && w.contains("not kept")
            && w.contains("--columns \"RAG=rag:2010/11\"")),
        "{said:?}"
    );
}

#[test]
fn a_period_in_the_heading_or_the_mapping_decides_the_statement_period() {
    let text = "Indicator,Actual 07/08,RAG 06/07,Status\n\
                Children seen,74%,Achieved,Not met\n";
    let table = open("t.csv", text, "Status=rag:2008/09").expect("a table");
    assert_eq!(
        readings(&table),
        ["title", "actual:2007/08", "rag:2006/07", "rag:2008/09"]
    );
    let (doc, warnings) = read_named(&table);
    assert_eq!(
        statements(&doc),
        [
            "Children seen 2006/07 rag Achieved",
            "Children seen 2008/09 rag Not met"
        ]
    );
    assert!(
        warnings
            .iter()
            .all(|w| !w.message.contains("name no period")),
        "{warnings:?}"
    );
}

#[test]
fn a_second_different_rating_for_the_same_period_is_reported_not_kept() {
    let text = "Indicator,Actual 07/08,RAG,Traffic light\n\
                Children seen,74%,Green,Amber\n";
    let table = open("t.csv", text, "").expect("a table");
    let (doc, warnings) = read_named(&table);
    assert_eq!(statements(&doc), ["Children seen 2007/08 rag Green"]);
    assert!(
        warnings
            .iter()
            .any(|w| w.to_string().contains("t.csv:2:4") && w.message.contains("(`Green`)")),
        "{warnings:?}"
    );
}

/// Rows far below the heading row are read as they are wanted, and still
/// carry the lines they are on, past quoted line breaks and blank lines.
#[test]
fn rows_read_as_wanted_keep_their_lines() {
    let mut text = String::from("Example Council\nRef,Indicator,Actual 06/07\n");
    for i in 1..=60 {
        text.push_str(&format!(
            "L{i},\"Measure {i}\nwritten on two lines\",{i}%\n\n"
        ));
    }
    // Line 3 + 60 rows of three lines each: this row is on line 183.
    text.push_str(",,61%\n");
    let hints = Hints {
        plan: Some("KPIs".to_string()),
        organisation: None,
    };
    let table = open("t.csv", &text, "").expect("a table");
    let error = table
        .read(&hints)
        .expect_err("a figure without an indicator");
    assert_eq!((error.line, error.column), (183, 3), "{error}");

    let whole = text.replace(",,61%\n", "L61,Measure 61,61%\n");
    let table = open("t.csv", &whole, "").expect("a table");
    let mut seen = Vec::new();
    let (plan, _) = table
        .read_watched(&hints, &mut |done, total| seen.push((done, total)))
        .expect("the table reads");
    assert_eq!(plan.indicators.len(), 61);
    assert_eq!(plan.indicators[60].title, "Measure 61");
    assert_eq!(plan.indicators[0].title, "Measure 1 written on two lines");
    let total = (whole.len() - whole.find("L1,").expect("the first row")) as u64;
    assert_eq!(seen.last(), Some(&(total, total)));
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");

    // A text table: rules are skipped, lines still counted.
    let mut text = String::from("| Indicator | Actual 06/07 |\n|---|---|\n");
    for i in 1..=60 {
        text.push_str(&format!("| Measure {i} | {i}% |\n"));
    }
    text.push_str("|---|---|\n|  | 61% |\n");
    let table = open("t.txt", &text, "").expect("a table");
    let error = table
        .read(&hints)
        .expect_err("a figure without an indicator");
    assert_eq!(error.line, 64, "{error}");
}

#[test]
fn parts_give_the_rows_in_order_and_tell_a_repeat_of_an_earlier_part() {
    let text = "Example Council\nCode,Indicator,Actual 06/07\nA1,First,1%\nA2,Second,2%\nA3,Third,3%\nA1,First again,1%\n";
    let table = open("t.csv", text, "").expect("a table");
    let hints = Hints {
        plan: Some("KPIs".to_string()),
        organisation: None,
    };
    let mut parts = table.parts(&hints).expect("decided columns");
    assert_eq!(parts.names().expect("named").0, "Example Council");
    let mut keys = Vec::new();
    for _ in 0..2 {
        let part = parts
            .next_part(1, &mut |_, _| {})
            .expect("readable rows")
            .expect("a part");
        assert_eq!(part.observations.len(), 1);
        keys.extend(part.indicators.into_iter().map(|i| i.key));
    }
    assert_eq!(keys, ["A1", "A2"]);
    // A1 again, after its part was handed over: the table must be read whole.
    match parts.next_part(2, &mut |_, _| {}) {
        Err(PartsError::Repeated { line }) => assert_eq!(line, 6),
        other => panic!("expected a repeat, got {other:?}"),
    }
    // Read whole, the two A1 rows are one indicator.
    let (doc, _) = table.read(&hints).expect("a plan");
    let keys: Vec<&str> = doc.indicators.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["A1", "A2", "A3"]);
}

/// Headings the reader cannot place under two lines of titles.
const UNHEADED: &str = "Example Council\nKPI report\nRef,What we look at,Then,Hoped for\nNI 50,Emotional health,63%,65%\n";

fn open_at(text: &str, mapping: &str, heading_line: usize) -> Result<Table, ImportError> {
    let options = Options {
        sheet: None,
        mapping: Mapping::parse_list(mapping).expect("a mapping"),
        heading_line: Some(heading_line),
    };
    Table::open("kpi.csv", text.as_bytes(), &options)
}

#[test]
fn a_heading_line_named_is_read_where_none_is_found() {
    let refused = open("kpi.csv", UNHEADED, "").expect_err("no heading row of its own");
    assert!(no_heading_row(&refused), "{refused}");
    assert!(refused.message.contains("--heading-line N"), "{refused}");
    let table = open_at(UNHEADED, "", 3).expect("a table");
    assert_eq!(table.sheets[0].heading_line, 3);
    assert_eq!(readings(&table), ["code", "?", "?", "?"]);
    let mapping = "What we look at=title,Then=actual:2006/07,Hoped for=target:2007/08";
    let table = open_at(UNHEADED, mapping, 3).expect("a table");
    let (doc, _) = read_named(&table);
    assert_eq!(
        doc.indicators.len(),
        1,
        "the titles above are no indicators"
    );
    let texts: Vec<(String, &str)> = doc
        .observations
        .iter()
        .map(|o| (o.period.to_string(), o.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            ("2006/07".to_string(), "63%"),
            ("2007/08".to_string(), "65%")
        ]
    );
}

#[test]
fn a_heading_line_with_nothing_on_it_is_refused_by_number() {
    let blank = open_at("Indicator,Actual 06/07\n\nA,1\n", "", 2).expect_err("blank");
    assert_eq!((blank.line, blank.file.as_str()), (2, "kpi.csv"));
    assert!(blank.message.contains("line 2 holds nothing"), "{blank}");
    let beyond = open_at(UNHEADED, "", 60).expect_err("past the end");
    assert_eq!(beyond.line, 60);
    assert!(!no_heading_row(&beyond));
}

#[test]
fn the_first_lines_offered_skip_blank_ones_and_stop_at_the_count() {
    let text = "Title\n\nRef,What\nA,1\nB,2\n";
    let lines = first_lines("t.csv", text.as_bytes(), None, 3).expect("lines");
    assert_eq!(
        lines,
        [
            (1, vec!["Title".to_string()]),
            (3, vec!["Ref".to_string(), "What".to_string()]),
            (4, vec!["A".to_string(), "1".to_string()]),
        ]
    );
}
