use super::*;

fn open(file: &str, text: &str, mapping: &str) -> Result<Table, ImportError> {
    let options = Options {
        sheet: None,
        mapping: Mapping::parse_list(mapping).expect("a mapping"),
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
    };
    let again = Table::open("t.csv", text.as_bytes(), &options).expect("a table");
    assert_eq!(readings(&again), ["title", "actual", "trend"]);
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
