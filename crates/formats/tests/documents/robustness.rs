//! Arbitrary tables never crash the reader.

use super::*;
use proptest::prelude::*;

/// Pieces of real tables, shuffled into rows: whatever comes out, the
/// reader answers with a plan or an error, never a crash.
fn fragment() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "Objective\tPerformance Measures\tKey milestones and timescales",
        "Objectives\tPerformance Indicator\t2009/10 out-turn\t2010/11 target",
        "Our commitment is to work to...\tThe benefits\tWe will monitor\tDelivery Board",
        "Performance Measure or Activity\t\tRelevant Service level plan\tLead or Support",
        "Outcome 1: All children",
        "Theme 2: Ensuring",
        "Appendix 1: Key Data",
        "1.1 Ensure",
        "2.1 a)",
        "1.1.1",
        "(NI55)",
        "NI (106):",
        "TARGET 10:",
        "<ul style=\"x\"> • By May 2012: • item ○ sub",
        "<p>15.3</p> <p>48</p>",
        "– one – two - three",
        "a) 31/35 b) 9/10",
        "(see Objective 11.1)",
        "See 2.4",
        "é–•",
        "<",
        "",
        "\t",
    ])
    .prop_map(str::to_string)
}

proptest! {
    #[test]
    fn any_arrangement_of_table_pieces_is_read_or_refused(
        rows in prop::collection::vec(prop::collection::vec(fragment(), 1..5), 0..12)
    ) {
        let text: String = rows.iter().map(|cells| cells.join("\t") + "\n").collect();
        let hints = Hints { plan: Some("Plan".into()), organisation: Some("Council".into()) };
        if let Err(error) = read(&text, "random.txt", &hints) {
            prop_assert_eq!(error.file, "random.txt");
        }
    }
}
