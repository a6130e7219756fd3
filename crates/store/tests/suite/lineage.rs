//! Successive plans linked, and an indicator read as one series across them,
//! on both backends.

use chrono::Utc;
use trustboard_core::lineage::{LinkError, OutcomeFate, OutcomeLink};
use trustboard_core::model::{Indicator, ObservationKind, PlanDocument, PlanHeader};
use trustboard_store::audit::{AuditAction, AuditEntry};
use trustboard_store::{ImportOptions, Store, StoreError};

use crate::harness::on_both_backends;
use crate::sample::{node, value, KINGSTON};

on_both_backends!(
    a_plan_follows_another_with_what_became_of_its_outcomes,
    plans_of_two_organisations_are_never_linked,
    an_indicator_reads_as_one_series_across_linked_plans,
    indicators_a_person_links_join_the_series,
);

const EARLIER: &str = "CYPP 2006-10";
const LATER: &str = "CYPP 2009-13";

fn audit(action: AuditAction) -> AuditEntry<'static> {
    AuditEntry {
        at: Utc::now(),
        actor: None,
        action,
        subject: None,
        detail: "",
        client_address: None,
    }
}

fn coded(key: &str, code: Option<&str>, title: &str) -> Indicator {
    Indicator {
        code: code.map(str::to_string),
        objectives: vec!["1".into()],
        ..Indicator::new(key, title)
    }
}

fn plan(organisation: &str, name: &str, period: &str) -> PlanDocument {
    PlanDocument {
        organisation: organisation.to_string(),
        plan: PlanHeader {
            name: name.to_string(),
            title: format!("Children and Young People's Plan {period}"),
            period: period.to_string(),
        },
        ..PlanDocument::default()
    }
}

/// Kingston's 2006-10 plan: five outcomes, teenage conceptions as NI 112 and
/// re-referrals under a local title.
fn earlier() -> PlanDocument {
    let mut doc = plan(KINGSTON, EARLIER, "2006-10");
    for (code, title) in [
        ("1", "Being Healthy"),
        ("2", "Staying Safe"),
        ("3", "Enjoy and Achieve"),
        ("4", "Making a Positive Contribution"),
        ("5", "Achieving Economic Well-being"),
    ] {
        doc.nodes.push(node(code, None, "outcome", title));
    }
    doc.indicators = vec![
        coded("NI 112", Some("NI 112"), "Under 18 conception rate"),
        coded("Re-referrals", None, "Re-referrals of children in need"),
    ];
    let actual = ObservationKind::Actual;
    doc.observations = vec![
        value("NI 112", "2007/08", actual, "44"),
        value("NI 112", "2008/09", actual, "42"),
        value("NI 112", "2009/10", actual, "40"),
        value("Re-referrals", "2008/09", actual, "24%"),
    ];
    doc
}

/// The 2009-13 plan that followed: four outcomes, NI 112 written as an LAA
/// target, re-referrals under a national code.
fn later() -> PlanDocument {
    let mut doc = plan(KINGSTON, LATER, "2009-13");
    for (code, title) in [
        ("1", "Be healthy"),
        ("2", "Stay safe"),
        ("3", "Enjoy and achieve"),
        ("4", "Positive contribution and economic well-being"),
    ] {
        doc.nodes.push(node(code, None, "outcome", title));
    }
    doc.indicators = vec![
        coded(
            "NI 112 (LAA)",
            Some("NI 112 (LAA)"),
            "Under 18 conception rate",
        ),
        coded("CSC 003", Some("CSC 003"), "Re-referrals within 12 months"),
    ];
    let actual = ObservationKind::Actual;
    doc.observations = vec![
        value("NI 112 (LAA)", "2009/10", actual, "41"),
        value("NI 112 (LAA)", "2010/11", actual, "38"),
        value("NI 112 (LAA)", "2011/12", ObservationKind::Target, "35"),
        value("CSC 003", "2010/11", actual, "21%"),
    ];
    doc
}

async fn imported(store: &Store, doc: &PlanDocument) -> i64 {
    let options = ImportOptions {
        dry_run: false,
        source: "test".into(),
    };
    store.import_plan(doc, options).await.expect("import");
    store
        .plan_id(Some(&doc.organisation), &doc.plan.name)
        .await
        .expect("the plan just imported")
}

fn fate(pair: &str, fate: OutcomeFate) -> OutcomeLink {
    OutcomeLink::parse_pair(pair, fate).expect("a pair")
}

/// (plan, period, text) of each figure of the series, by kind.
async fn series(store: &Store, plan: i64, key: &str) -> Vec<(String, String, String)> {
    store
        .indicator_across_plans(plan, key)
        .await
        .expect("the series")
        .into_iter()
        .filter(|p| p.observation.kind == ObservationKind::Actual)
        .map(|p| (p.plan, p.observation.period.to_string(), p.observation.text))
        .collect()
}

fn row(plan: &str, period: &str, text: &str) -> (String, String, String) {
    (plan.to_string(), period.to_string(), text.to_string())
}

async fn a_plan_follows_another_with_what_became_of_its_outcomes(store: Store) {
    let first = imported(&store, &earlier()).await;
    let second = imported(&store, &later()).await;
    let outcomes = [
        fate("1=>1", OutcomeFate::Continued),
        fate("2=>2", OutcomeFate::Continued),
        fate("4=>4", OutcomeFate::MergedInto),
        fate("5=>4", OutcomeFate::MergedInto),
        OutcomeLink::new("3", OutcomeFate::Deleted, None).expect("deleted"),
    ];
    store
        .link_plans(first, second, &outcomes, &audit(AuditAction::PlansLinked))
        .await
        .expect("link");
    // Linking again with a fate changed replaces that fate and adds no link.
    let changed = [fate("3=>3", OutcomeFate::Continued)];
    store
        .link_plans(first, second, &changed, &audit(AuditAction::PlansLinked))
        .await
        .expect("link again");
    let links = store.plan_links(Some(KINGSTON)).await.expect("links");
    let [link] = links.as_slice() else {
        panic!("one link expected: {links:#?}");
    };
    assert_eq!(
        (link.earlier.name.as_str(), link.later.name.as_str()),
        (EARLIER, LATER)
    );
    assert_eq!(link.outcomes.len(), 5);
    let third = link
        .outcomes
        .iter()
        .find(|o| o.earlier == "3")
        .expect("outcome 3");
    assert_eq!(
        (third.fate, third.later.as_deref()),
        (OutcomeFate::Continued, Some("3"))
    );
    let merged: Vec<&str> = link
        .outcomes
        .iter()
        .filter(|o| o.fate == OutcomeFate::MergedInto)
        .map(|o| o.earlier.as_str())
        .collect();
    assert_eq!(merged, ["4", "5"]);

    let neighbours = store.plan_neighbours(second).await.expect("neighbours");
    assert_eq!(neighbours.previous.len(), 1);
    assert_eq!(neighbours.previous[0].name, EARLIER);
    assert!(neighbours.next.is_empty());

    let backwards = store
        .link_plans(second, first, &[], &audit(AuditAction::PlansLinked))
        .await;
    assert!(
        matches!(
            backwards,
            Err(StoreError::Lineage(LinkError::Circular { .. }))
        ),
        "{backwards:?}"
    );
    let unknown = [fate("9=>1", OutcomeFate::Continued)];
    let refused = store
        .link_plans(first, second, &unknown, &audit(AuditAction::PlansLinked))
        .await;
    assert!(
        matches!(&refused, Err(StoreError::NotInPlan { key, .. }) if key == "9"),
        "{refused:?}"
    );
    assert_eq!(
        store.plan_links(None).await.expect("links"),
        links,
        "nothing half-written"
    );
}

async fn plans_of_two_organisations_are_never_linked(store: Store) {
    let first = imported(&store, &earlier()).await;
    let other = imported(
        &store,
        &plan("London Borough of Richmond upon Thames", LATER, "2009-13"),
    )
    .await;
    let refused = store
        .link_plans(first, other, &[], &audit(AuditAction::PlansLinked))
        .await;
    let Err(error) = refused else {
        panic!("a link across organisations was made");
    };
    assert!(matches!(error, StoreError::PlansOfTwoOrganisations { .. }));
    assert!(error.to_string().contains("Richmond"), "{error}");
    assert!(store.plan_links(None).await.expect("links").is_empty());
    let backwards = store
        .link_plans(other, first, &[], &audit(AuditAction::PlansLinked))
        .await;
    assert!(matches!(
        backwards,
        Err(StoreError::PlansOfTwoOrganisations { .. })
    ));
    assert!(store
        .plan_neighbours(first)
        .await
        .expect("neighbours")
        .next
        .is_empty());
}

async fn an_indicator_reads_as_one_series_across_linked_plans(store: Store) {
    let first = imported(&store, &earlier()).await;
    let second = imported(&store, &later()).await;
    assert_eq!(
        series(&store, second, "NI 112 (LAA)").await,
        [row(LATER, "2009/10", "41"), row(LATER, "2010/11", "38")],
        "before the plans are linked, each plan has its own figures only"
    );
    let whole_plan = store.plan_across_plans(second).await.expect("the plan");
    assert!(whole_plan.is_empty(), "no figure from another plan yet");
    store
        .link_plans(first, second, &[], &audit(AuditAction::PlansLinked))
        .await
        .expect("link");
    // The whole plan at once: only the indicator the earlier plan shares,
    // with the series it has on its own.
    let whole_plan = store.plan_across_plans(second).await.expect("the plan");
    assert_eq!(
        whole_plan.keys().collect::<Vec<_>>(),
        ["NI 112 (LAA)"],
        "CSC 003 has no figure in the earlier plan"
    );
    assert_eq!(
        whole_plan["NI 112 (LAA)"],
        store
            .indicator_across_plans(second, "NI 112 (LAA)")
            .await
            .expect("the series")
    );
    assert_eq!(
        series(&store, second, "NI 112 (LAA)").await,
        [
            row(EARLIER, "2007/08", "44"),
            row(EARLIER, "2008/09", "42"),
            row(LATER, "2009/10", "41"),
            row(LATER, "2010/11", "38"),
        ],
        "the plan read speaks for the year both plans hold"
    );
    assert_eq!(
        series(&store, first, "NI 112").await[2],
        row(EARLIER, "2009/10", "40")
    );
    let targets = store
        .indicator_across_plans(first, "NI 112")
        .await
        .expect("series")
        .into_iter()
        .filter(|p| p.observation.kind == ObservationKind::Target)
        .count();
    assert_eq!(
        targets, 1,
        "the later plan's target joins the earlier plan's series"
    );
}

async fn indicators_a_person_links_join_the_series(store: Store) {
    let first = imported(&store, &earlier()).await;
    let second = imported(&store, &later()).await;
    let audit_link = audit(AuditAction::IndicatorsLinked);
    let unlinked = store
        .link_indicators((first, "Re-referrals"), (second, "CSC 003"), &audit_link)
        .await;
    assert!(
        matches!(unlinked, Err(StoreError::PlansNotLinked { .. })),
        "{unlinked:?}"
    );
    store
        .link_plans(first, second, &[], &audit(AuditAction::PlansLinked))
        .await
        .expect("link plans");
    assert_eq!(series(&store, second, "CSC 003").await.len(), 1);
    let missing = store
        .link_indicators((second, "CSC 003"), (first, "Rereferrals"), &audit_link)
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotInPlan { .. })),
        "{missing:?}"
    );
    // Named later plan first: the link is stored the way the plans run.
    store
        .link_indicators((second, "CSC 003"), (first, "Re-referrals"), &audit_link)
        .await
        .expect("link indicators");
    assert_eq!(
        series(&store, second, "CSC 003").await,
        [row(EARLIER, "2008/09", "24%"), row(LATER, "2010/11", "21%")]
    );
    let links = store.plan_links(Some(KINGSTON)).await.expect("links");
    let linked = &links[0].indicators;
    assert_eq!(linked.len(), 1);
    assert_eq!(
        (linked[0].earlier.key.as_str(), linked[0].later.key.as_str()),
        ("Re-referrals", "CSC 003")
    );
}
