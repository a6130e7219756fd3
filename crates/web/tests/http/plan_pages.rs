//! The plan's pages: overview, indicators, scorecards, localities, and how they follow changes.

use axum::http::StatusCode;

use crate::harness::*;

#[tokio::test]
async fn the_overview_counts_what_the_judge_counts_for_each_outcome() {
    use trustboard_core::judge::{judge_plan, JudgeOptions};
    let app = TestApp::start().await;
    app.add_user("board", Role::BoardMember).await;
    let doc = app.import_sample_plan().await;
    let mut browser = app.signed_in("board").await;
    let api = browser
        .get("/api/plans/1/overview?period=2010/11")
        .await
        .json();
    let page = browser.get("/plans/1?period=2010/11").await;
    assert_eq!(page.status, StatusCode::OK);
    let table = html_table_rows(&page.body, "outcomes");
    let outcomes: Vec<_> = doc
        .nodes
        .iter()
        .filter(|n| n.parent.is_none() && n.retired.is_none())
        .collect();
    assert!(!outcomes.is_empty());
    assert_eq!(table.len(), outcomes.len());
    let today = chrono::Utc::now().date_naive();
    for (outcome, row) in outcomes.iter().zip(&table) {
        let mut options = JudgeOptions::new("2010/11".parse().expect("period"), today);
        options.node = Some(outcome.code.clone());
        let judged = judge_plan(&doc, &options).expect("judged");
        let s = &judged.summary;
        let expected: Vec<String> = [
            s.indicators,
            s.rag.green,
            s.rag.amber,
            s.rag.red,
            s.rag.grey,
            s.direction.improved,
            s.direction.declined,
            s.direction.unchanged,
            s.direction.mixed,
            s.direction.not_comparable,
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(row[1..], expected[..], "outcome {}", outcome.code);
        assert!(
            page.body.contains(&s.headline.replace('\'', "&#39;"))
                || page.body.contains(&s.headline),
            "headline of {}",
            outcome.code
        );
        let from_api = api["outcomes"]
            .as_array()
            .expect("outcomes")
            .iter()
            .find(|o| o["code"] == outcome.code.as_str())
            .expect("outcome in the API");
        assert_eq!(from_api["summary"]["rag"]["red"], s.rag.red);
        assert_eq!(
            from_api["summary"]["direction"]["improved"],
            s.direction.improved
        );
        assert_eq!(from_api["summary"]["headline"], s.headline.as_str());
    }
}

#[tokio::test]
async fn the_indicator_page_explains_a_small_cohort_and_charts_it() {
    let app = TestApp::start().await;
    app.add_user("board", Role::BoardMember).await;
    app.import_sample_plan().await;
    let mut browser = app.signed_in("board").await;
    let page = browser
        .get("/plans/1/indicators/NI%2061?period=2010/11")
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("one child"), "{}", page.body);
    assert!(page.body.contains("<svg role=\"img\""), "an inline chart");
    assert!(
        page.body.contains("<title id=\"chart-title\">"),
        "the chart has a title"
    );
    assert!(
        !page.body.contains(" style=\""),
        "no inline style under the CSP"
    );
    let api = browser
        .get("/api/plans/1/indicators/NI%2061?period=2010/11")
        .await
        .json();
    let values = html_table_rows(&page.body, "values");
    assert_eq!(
        values.len(),
        api["values"].as_array().expect("values").len()
    );
    for (row, value) in values
        .iter()
        .zip(api["values"].as_array().into_iter().flatten())
    {
        assert_eq!(
            row[3],
            value["text"].as_str().unwrap_or_default(),
            "text as written"
        );
    }
    assert!(api["steps"].as_array().is_some_and(|s| s
        .iter()
        .any(|s| s.as_str().unwrap_or("").contains("one child"))));
}

#[tokio::test]
async fn judgements_follow_a_reimport_of_the_plan() {
    let app = TestApp::start().await;
    app.add_user("board", Role::BoardMember).await;
    let mut doc = app.import_sample_plan().await;
    let mut browser = app.signed_in("board").await;
    let before = browser
        .get("/api/plans/1/overview?period=2010/11")
        .await
        .json();
    let count = before["summary"]["indicators"].as_u64().expect("count");
    let kept = doc.indicators[0].key.clone();
    doc.indicators.retain(|i| i.key == kept);
    doc.observations.retain(|o| o.indicator == kept);
    doc.milestones.clear();
    app.import(&doc, "smaller.json").await;
    let after = browser
        .get("/api/plans/1/overview?period=2010/11")
        .await
        .json();
    assert!(count > 1);
    assert_eq!(after["summary"]["indicators"], 1);
}

/// Reads the plan pages, changes one value by re-importing, and publishes, on `app`'s backend.
async fn plan_pages_follow_changes(app: &TestApp) {
    app.add_user("petra", Role::PerformanceOfficer).await;
    let mut doc = app.import_sample_plan().await;
    let mut officer = app.signed_in("petra").await;
    let path = "/plans/1/indicators/NI%2061?period=2010/11";
    let before = officer.get(path).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    assert!(
        !before.body.contains("id=\"table-history\""),
        "no value has been changed yet"
    );

    let changed = doc
        .observations
        .iter_mut()
        .find(|o| {
            o.indicator == "NI 61"
                && o.kind == trustboard_core::model::ObservationKind::Actual
                && o.locality.is_none()
                && o.group.is_none()
                && o.period.to_string() == "2010/11"
        })
        .expect("NI 61's 2010/11 out-turn");
    let earlier = std::mem::replace(&mut changed.text, "100%".into());
    changed.parsed = trustboard_core::value::parse("100%");
    app.import(&doc, "corrected.json").await;
    let after = officer.get(path).await;
    let history = html_table_rows(&after.body, "history");
    assert!(
        history
            .iter()
            .any(|row| row[4] == earlier && row[9] == "corrected.json"),
        "{history:?}"
    );
    assert!(
        !after.body.contains("one child"),
        "the judgement was not refreshed"
    );

    officer.publish_plan(true).await;
    let public = app.visitor().get("/public/1").await;
    assert_eq!(public.status, StatusCode::OK);
}

#[tokio::test]
async fn plan_pages_follow_changes_on_sqlite() {
    let app = TestApp::start().await;
    plan_pages_follow_changes(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn plan_pages_follow_changes_on_postgresql() {
    let app = TestApp::on_postgres().await;
    plan_pages_follow_changes(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn localities_are_compared_where_the_plan_has_figures_for_them() {
    use trustboard_core::model::{Locality, ObservationKind};
    let app = TestApp::start().await;
    app.add_user("board", Role::BoardMember).await;
    let mut doc = app.import_sample_plan().await;
    let mut browser = app.signed_in("board").await;
    let none = browser.get("/plans/1/localities").await;
    assert!(none.body.contains("This plan has no figures by locality."));

    let area = doc
        .observations
        .iter()
        .find(|o| {
            o.indicator == "NI 59"
                && o.kind == ObservationKind::Actual
                && o.locality.is_none()
                && o.period.to_string() == "2010/11"
        })
        .cloned()
        .expect("NI 59's 2010/11 out-turn");
    for (name, text) in [("North cluster", "91%"), ("South cluster", "52%")] {
        doc.localities.push(Locality {
            name: name.into(),
            parent: None,
            kind: "cluster".into(),
            valid_from: None,
            valid_to: None,
        });
        let mut local = area.clone();
        local.locality = Some(name.into());
        local.text = text.into();
        local.parsed = trustboard_core::value::parse(text);
        doc.observations.push(local);
    }
    app.import(&doc, "clusters.json").await;
    let page = browser
        .get("/plans/1/localities?indicator=NI%2059&period=2010/11")
        .await;
    let rows = html_table_rows(&page.body, "localities");
    assert_eq!(rows.len(), 2, "{rows:?}");
    // Neither cluster has a target of its own, so both are judged against the area's 80%.
    assert_eq!(rows[0][0], "North cluster");
    assert_eq!(rows[0][1], "91%");
    assert!(rows[0][2].ends_with("(whole-area target)"), "{:?}", rows[0]);
    assert!(rows[0][3].starts_with("Green"), "{:?}", rows[0]);
    assert_eq!(rows[1][1], "52%");
    assert!(rows[1][3].starts_with("Red"), "{:?}", rows[1]);
    let api = browser
        .get("/api/plans/1/localities?indicator=NI%2059&period=2010/11")
        .await
        .json();
    assert_eq!(api["localities"][1]["actual"], "52%");
}

#[tokio::test]
async fn indicator_and_scorecard_pages_link_to_the_work_each_user_may_do() {
    let app = TestApp::start().await;
    let (mut perf, mut lead) = app.sign_off().await;
    let mut board = app.signed_in("board").await;
    let mut other = app.signed_in("other").await;
    let ni59 = "/plans/1/indicators/NI%2059?period=2010%2F11";
    // (who, may enter NI 59, may change its settings)
    for (name, browser, enters, configures) in [
        ("performance officer", &mut perf, true, true),
        ("owning lead officer", &mut lead, true, false),
        ("other lead officer", &mut other, false, false),
        ("board member", &mut board, false, false),
    ] {
        let page = browser.get(ni59).await;
        assert_eq!(page.status, StatusCode::OK, "{name}");
        let entry = links_containing(&page.body, "/entry");
        let settings = links_containing(&page.body, "/settings");
        assert_eq!(!entry.is_empty(), enters, "{name}: {entry:?}");
        assert_eq!(!settings.is_empty(), configures, "{name}: {settings:?}");
        let actions = links_containing(&page.body, "/actions");
        assert!(!actions.is_empty(), "{name}: NI 59 serves an objective");
        for href in entry.iter().chain(&settings).chain(&actions) {
            let followed = browser.get(href).await;
            assert_eq!(followed.status, StatusCode::OK, "{name} follows {href}");
        }
    }
    let scorecard = board.get("/plans/1/nodes/1.1").await;
    let actions = links_containing(&scorecard.body, "/actions");
    assert_eq!(actions, ["/plans/1/nodes/1.1/actions"]);
    let action_plan = board.get(&actions[0]).await;
    assert_eq!(action_plan.status, StatusCode::OK);
    assert!(action_plan.body.contains("Action plan: 1.1 "));
}

#[tokio::test]
async fn a_period_the_plan_has_no_figures_near_is_refused_before_anything_is_judged() {
    let app = TestApp::start().await;
    app.import_sample_plan().await;
    let mut officer = app.sign_in_as("olive", Role::PerformanceOfficer).await;
    for (period, sent) in [
        ("2099/00", "2099/00"),
        ("1990/91", "1990/91"),
        ("next+year", "next year"),
    ] {
        let reply = officer.get(&format!("/plans/1?period={period}")).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{period}");
        assert!(
            reply.body.contains("There is a problem")
                && reply
                    .body
                    .contains(&format!("The period “{sent}” was refused")),
            "the page names the field and the value: {}",
            reply.body
        );
        let api = officer
            .get(&format!("/api/plans/1/overview?period={period}"))
            .await;
        assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY, "{period}");
        let error = api.json();
        assert_eq!(error["field"], "period", "{error}");
        assert_eq!(error["value"], sent, "{error}");
        assert!(
            error["reason"].as_str().is_some_and(|r| !r.is_empty()),
            "{error}"
        );
        assert_eq!(error["error"]["status"], 422, "{error}");
    }
    assert_eq!(
        officer.get("/plans/1?period=2010/11").await.status,
        StatusCode::OK
    );
    app.finish().await;
}

/// The numbers a dashboard's `rag-counts` list shows beside each badge.
fn badge_counts(bar: &str) -> Vec<(String, usize)> {
    bar.split("<span class=\"rag rag-")
        .skip(1)
        .map(|badge| {
            let class: String = badge.chars().take_while(|c| *c != '"').collect();
            // `…"><span aria-hidden="true">■ R</span> Red</span> 3`
            let close = "</span>";
            let inner = &badge[badge.find(close).expect("shape and letter") + close.len()..];
            let after = &inner[inner.find(close).expect("badge end") + close.len()..];
            let count: String = after
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            (class, count.parse().expect("a count beside the badge"))
        })
        .collect()
}

#[tokio::test]
async fn the_overview_is_a_dashboard_with_the_exceptions_and_controls_first() {
    use trustboard_core::judge::{judge_plan, JudgeOptions};
    let app = TestApp::start().await;
    let doc = app.import_sample_plan().await;
    app.add_user("board", Role::BoardMember).await;
    app.add_user("perf", Role::PerformanceOfficer).await;
    let page = app
        .signed_in("board")
        .await
        .get("/plans/1?period=2010/11")
        .await
        .body;
    assert!(!page.contains("style="), "the CSP forbids inline style");

    let at = |needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("no {needle} in\n{page}"))
    };
    assert!(at("class=\"big-figures\"") < at("id=\"exceptions\""));
    assert!(at("id=\"exceptions\"") < at("class=\"list list--plain outcome-bars\""));
    assert!(
        at("outcome-bars") < at("id=\"table-outcomes\""),
        "the long table comes last"
    );
    assert!(
        !page.contains("action=\"/plans/1/report\""),
        "board members get no pack controls"
    );

    // Every exception the judge finds is on the dashboard, with its trend drawn.
    let today = chrono::Utc::now().date_naive();
    let judged = judge_plan(
        &doc,
        &JudgeOptions::new("2010/11".parse().expect("period"), today),
    )
    .expect("judged");
    let cards: Vec<&str> = page
        .split("<li class=\"exception-card\">")
        .skip(1)
        .collect();
    assert_eq!(cards.len(), judged.exceptions.len(), "{page}");
    assert!(cards
        .iter()
        .any(|card| card.contains("NI 59") && card.contains("<svg role=\"img\"")));

    // Each outcome's bar: its segments in words, its badges with shape and letter.
    let bars: Vec<&str> = page.split("<li class=\"outcome-bar\">").skip(1).collect();
    assert!(!bars.is_empty());
    for bar in &bars {
        let label_start = bar.find("aria-label=\"").expect("the bar is described") + 12;
        let label: String = bar[label_start..]
            .chars()
            .take_while(|c| *c != '"')
            .collect();
        let counts = badge_counts(bar);
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        assert!(label.contains(&format!(": {total} indicators")), "{label}");
        for (class, count) in &counts {
            let word = match class.as_str() {
                "red" => "Red",
                "amber" => "Amber",
                "green" => "Green",
                _ => "Not assessed",
            };
            assert!(label.contains(&format!("{count} {word}")), "{label}");
        }
        assert!(bar.contains("aria-hidden=\"true\">■ R</span> Red") || !bar.contains("rag-red"));
    }
    let red: usize = bars
        .iter()
        .flat_map(|bar| badge_counts(bar))
        .filter(|(class, _)| class == "red")
        .map(|(_, n)| n)
        .sum();
    assert!(red >= 1, "NI 59 is red in 2010/11");

    // Those who make the pack and publish find the controls before the detail.
    let page = app
        .signed_in("perf")
        .await
        .get("/plans/1?period=2010/11")
        .await
        .body;
    let pack = page
        .find("action=\"/plans/1/report\"")
        .expect("the pack form");
    let publish = page
        .find("action=\"/plans/1/published\"")
        .expect("the publish form");
    let exceptions = page.find("id=\"exceptions\"").expect("the exceptions");
    assert!(pack < exceptions && publish < exceptions);
}

#[tokio::test]
async fn the_councils_own_rating_stands_beside_ours_and_a_disagreement_is_an_exception() {
    use trustboard_core::model::{Statement, StatementKind};
    let app = TestApp::start().await;
    app.add_user("board", Role::BoardMember).await;
    let mut doc = app.import_sample_plan().await;
    let said = |indicator: &str, kind, text: &str| Statement {
        indicator: indicator.into(),
        period: "2010/11".parse().expect("a period"),
        kind,
        text: text.into(),
    };
    // NI 59 is 73.5% against a target of 80%: red by trustboard's reckoning.
    doc.statements = vec![
        said("NI 59", StatementKind::Rag, "On course"),
        said("NI 59", StatementKind::Comment, "Recovering after a dip"),
    ];
    app.import(&doc, "with the council's ratings").await;
    let mut browser = app.signed_in("board").await;
    let page = browser
        .get("/plans/1/indicators/NI%2059?period=2010/11")
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let start = page
        .body
        .find("id=\"stated-rating\"")
        .expect("the council's rating is shown");
    let stated = &page.body[start..];
    let stated = &stated[..stated.find("</dl>").expect("the list ends")];
    assert!(
        stated.contains("The council&#39;s own rating for 2010/11")
            || stated.contains("The council's own rating for 2010/11"),
        "{stated}"
    );
    assert!(stated.contains("On course (read as Green)"), "{stated}");
    assert!(stated.contains("Red"), "{stated}");
    assert!(
        page.body
            .contains("the council said On course (read as Green); trustboard judges Red because"),
        "{}",
        page.body
    );
    let written = html_table_rows(&page.body, "statements");
    assert!(
        written
            .iter()
            .any(|row| row.last().map(String::as_str) == Some("Recovering after a dip")),
        "{written:?}"
    );

    // The disagreement is among the plan's exceptions, in plain words.
    let overview = browser.get("/plans/1/exceptions?period=2010/11").await;
    assert_eq!(overview.status, StatusCode::OK);
    assert!(
        overview.body.contains(
            "Rated differently by the council: the council said On course (read as Green)"
        ),
        "{}",
        overview.body
    );

    // Where the council agrees, there is no such exception.
    doc.statements = vec![said("NI 59", StatementKind::Rag, "Red")];
    app.import(&doc, "agreeing").await;
    let agreed = browser.get("/plans/1/exceptions?period=2010/11").await;
    assert!(
        !agreed.body.contains("Rated differently"),
        "{}",
        agreed.body
    );
}
