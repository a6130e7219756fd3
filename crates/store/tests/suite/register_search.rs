//! Searching the register reads only the children a search finds, by any
//! of reference, date of birth or part of the name, up to a limit.

use trustboard_core::register::{
    ChildCard, ChildId, ChildListing, ChildSearch, Level, LevelChange, Step,
};
use trustboard_store::register::FoundChild;
use trustboard_store::Store;

use crate::harness::on_both_backends;
use crate::register::{batch, concern, date, new_child, teacher, TODAY};
use crate::sample::KINGSTON;

on_both_backends!(a_search_finds_by_reference_birth_or_name_up_to_the_limit);
on_both_backends!(names_few_children_share_are_found_beyond_the_first_children);
on_both_backends!(a_search_shows_each_child_by_the_card_their_latest_step_leaves);

fn named(id: &str, name: &str, born: (i32, u32, u32)) -> trustboard_store::register::NewChild {
    let mut made = new_child(id, vec![concern(date(2011, 4, 4))]);
    made.child.name = name.into();
    made.child.date_of_birth = Some(date(born.0, born.1, born.2));
    made
}

async fn found(
    store: &Store,
    organisation: &str,
    query: &str,
    limit: usize,
) -> (Vec<String>, bool) {
    let search = ChildSearch::new(query).expect("a search");
    let found = store
        .search_register(organisation, &search, limit, TODAY())
        .await
        .expect("searched");
    let references = found
        .children
        .iter()
        .map(|f| f.child.id.0.clone())
        .collect();
    (references, found.more)
}

async fn a_search_finds_by_reference_birth_or_name_up_to_the_limit(store: Store) {
    let children = vec![
        named("C2", "Leo Nowak", (2004, 2, 29)),
        named("C1", "Ruby Nowak", (2003, 5, 1)),
        named("C3", "Amelia %_Smith", (2004, 2, 29)),
        named("C4", "Zara Evans", (2005, 7, 9)),
    ];
    store
        .import_register(KINGSTON, &batch(children), "coordinator", TODAY())
        .await
        .expect("register import");

    let both = (vec!["C1".to_owned(), "C2".to_owned()], false);
    assert_eq!(found(&store, KINGSTON, " NOWAK", 10).await, both);
    assert_eq!(
        found(&store, KINGSTON, "nowak", 1).await,
        (vec!["C1".to_owned()], true)
    );
    assert_eq!(
        found(&store, KINGSTON, "c3", 10).await,
        (vec!["C3".to_owned()], false)
    );
    assert_eq!(
        found(&store, KINGSTON, "C", 10).await.0,
        Vec::<String>::new()
    );
    let born = (vec!["C2".to_owned(), "C3".to_owned()], false);
    assert_eq!(found(&store, KINGSTON, "2004-02-29", 10).await, born);
    assert_eq!(found(&store, KINGSTON, "29/02/2004", 10).await, born);
    // Each typed word begins a word of the name, in any order; marks
    // between words only separate them.
    assert_eq!(found(&store, KINGSTON, "a %_s", 10).await.0, ["C3"]);
    assert_eq!(found(&store, KINGSTON, "smith amel", 10).await.0, ["C3"]);
    for nothing in ["_", "mith", "nowak amelia"] {
        assert_eq!(
            found(&store, KINGSTON, nothing, 10).await.0,
            Vec::<String>::new(),
            "{nothing}"
        );
    }
    assert_eq!(
        found(&store, "Richmond", "nowak", 10).await.0,
        Vec::<String>::new()
    );

    // What is found is the child's listing, with the card their whole
    // record gives.
    let search = ChildSearch::new("ruby").expect("a search");
    let found = store
        .search_register(KINGSTON, &search, 10, TODAY())
        .await
        .expect("searched");
    let stored = store
        .register_record(KINGSTON, &ChildId::new("C1"))
        .await
        .expect("C1");
    assert_eq!(
        found.children,
        vec![FoundChild {
            card: ChildCard::settled(&stored.record),
            child: ChildListing::from(&stored.record.child),
        }]
    );
}

/// The one child a search by reference finds, on `today`.
async fn found_on(store: &Store, reference: &str, today: chrono::NaiveDate) -> FoundChild {
    let search = ChildSearch::new(reference).expect("a search");
    let mut found = store
        .search_register(KINGSTON, &search, 10, today)
        .await
        .expect("searched")
        .children;
    assert_eq!(found.len(), 1, "{reference}");
    found.remove(0)
}

async fn a_search_shows_each_child_by_the_card_their_latest_step_leaves(store: Store) {
    store
        .import_register(
            KINGSTON,
            &batch(vec![new_child("C1", vec![concern(date(2011, 4, 4))])]),
            "coordinator",
            TODAY(),
        )
        .await
        .expect("register import");
    let c1 = ChildId::new("C1");
    let before = found_on(&store, "c1", TODAY()).await;
    assert_eq!(before.card.level, None);
    assert!(before
        .card
        .standing
        .agencies
        .iter()
        .any(|a| a.0 == "school"));

    let level = Step::SetLevel {
        change: LevelChange {
            level: Level::Flagged,
            date: date(2012, 1, 9),
            set_by: teacher(),
            reason: "Panel".into(),
        },
        referral: None,
    };
    store
        .record_register_step(KINGSTON, &c1, &level, 1, "coordinator", TODAY())
        .await
        .expect("level set");
    let record = store
        .register_record(KINGSTON, &c1)
        .await
        .expect("C1")
        .record;
    let after = found_on(&store, "c1", TODAY()).await;
    assert_eq!(after.card.level, Some(Level::Flagged));
    assert_eq!(after.card, ChildCard::settled(&record));

    // On a day before the latest step (a clock set back), the kept card
    // does not hold: the card is read off the record for that day.
    let earlier = date(2011, 6, 1);
    assert_eq!(
        found_on(&store, "c1", earlier).await.card,
        ChildCard::of(&record, earlier)
    );
}

/// A name few children share is found however far into the register its
/// children come, with the first by reference first: so is a rare pairing
/// of two words many children have.
async fn names_few_children_share_are_found_beyond_the_first_children(store: Store) {
    let mut children: Vec<_> = (0..2100)
        .map(|n| named(&format!("A{n:05}"), "Amelia Smith", (2004, 1, 1)))
        .collect();
    children.extend((0..2100).map(|n| named(&format!("B{n:05}"), "Ruby Jones", (2004, 1, 1))));
    children.push(named("Z00002", "Leo Nowak", (2005, 2, 2)));
    children.push(named("Z00001", "Ruby Nowak", (2005, 1, 1)));
    children.push(named("Z00003", "Ruby Smith", (2005, 3, 3)));
    // Among the first children: "jo" begins "joanne" only once the
    // apostrophe is dropped, as the core reads names.
    children.push(named("A00000A", "Amelia J'oanne", (2005, 4, 4)));
    children.push(named("A00000B", "Amelia Jones", (2005, 4, 4)));
    children.push(named("A00000C", "Amelia Jones", (2005, 4, 4)));
    // Two words that begin "jo": found once, in its place by reference.
    children.push(named("B00000A", "Jo Jones", (2005, 4, 4)));
    store
        .import_register(KINGSTON, &batch(children), "coordinator", TODAY())
        .await
        .expect("register import");

    let nowaks = vec!["Z00001".to_owned(), "Z00002".to_owned()];
    assert_eq!(
        found(&store, KINGSTON, "NOWAK", 10).await,
        (nowaks.clone(), false)
    );
    assert_eq!(
        found(&store, KINGSTON, "ru now", 10).await,
        (vec!["Z00001".to_owned()], false)
    );
    assert_eq!(
        found(&store, KINGSTON, "le", 10).await,
        (vec!["Z00002".to_owned()], false)
    );
    // A name many children share fills the page from the first children.
    let (smiths, more) = found(&store, KINGSTON, "smith", 3).await;
    assert_eq!(
        (smiths, more),
        (
            vec![
                "A00000".to_owned(),
                "A00001".to_owned(),
                "A00002".to_owned()
            ],
            true
        )
    );
    assert_eq!(
        found(&store, KINGSTON, "quinn", 10).await.0,
        Vec::<String>::new()
    );
    // Over two thousand children are a Ruby and as many a Smith, but the
    // one Ruby Smith comes after all of them.
    assert_eq!(
        found(&store, KINGSTON, "smith ruby", 3).await,
        (vec!["Z00003".to_owned()], false)
    );
    assert_eq!(
        found(&store, KINGSTON, "r s", 3).await,
        (vec!["Z00003".to_owned()], false)
    );
    assert_eq!(
        found(&store, KINGSTON, "ruby jo", 2).await,
        (vec!["B00000".to_owned(), "B00001".to_owned()], true)
    );
    assert_eq!(
        found(&store, KINGSTON, "amelia jo", 1).await,
        (vec!["A00000A".to_owned()], true)
    );
    assert_eq!(
        found(&store, KINGSTON, "jo", 6).await,
        (
            ["A00000A", "A00000B", "A00000C", "B00000", "B00000A", "B00001"]
                .map(String::from)
                .to_vec(),
            true
        )
    );
}
