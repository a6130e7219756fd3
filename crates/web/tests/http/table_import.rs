//! Importing a council's performance table in the browser, on both backends:
//! upload, preview of every column with its first rows, corrections,
//! import into a new plan or over one of the organisation's plans; refusals
//! that name the file, column and value; and nothing across organisations.

use axum::http::StatusCode;
use trustboard_core::model::ObservationKind;

use crate::harness::*;

/// A small table as a council's CSV: a code, a title, an out-turn and a
/// target with their years in the headings, and a column whose heading says
/// nothing the reader knows.
const TABLE: &str = "Ref,Indicator,Actual 06/07,Target 07/08,Mystery\n\
NI 50,Emotional health of children,63%,65%,Improving\n\
NI 99,Looked after children reaching level 4 in English,45%,50%,Worse\n";

const KENT: &str = "Kent County Council";

/// The preview's rows: column, heading, how it is read, first rows' values.
fn preview_rows(reply: &Reply) -> Vec<Vec<String>> {
    html_table_rows(&reply.body, "columns")
}

fn row<'a>(rows: &'a [Vec<String>], heading: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[1] == heading)
        .unwrap_or_else(|| panic!("no column {heading} in {rows:?}"))
}

/// Uploads `bytes` as `file_name` from the upload page.
async fn upload(browser: &mut Browser, file_name: &str, bytes: &[u8]) -> Reply {
    let page = browser.get("/plans/import").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let token = page.csrf_token();
    browser
        .upload("/plans/import", &token, file_name, bytes)
        .await
}

/// What the preview's form posts for each column as the page shows it: the
/// selected reading and the period.
fn column_fields(body: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for part in body.split("name=\"reading-").skip(1) {
        let key = part.split('"').next().unwrap_or_default();
        let select = part.split("</select>").next().unwrap_or_default();
        let chosen = select
            .split("<option value=\"")
            .skip(1)
            .find(|option| option.contains("\" selected>"))
            .and_then(|option| option.split('"').next())
            .unwrap_or_default();
        fields.push((format!("reading-{key}"), chosen.to_string()));
    }
    for part in body.split("name=\"period-").skip(1) {
        let key = part.split('"').next().unwrap_or_default();
        let value = part
            .split("value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default();
        fields.push((format!("period-{key}"), value.to_string()));
    }
    fields
}

/// Posts the preview's form back as the page fills it in, with `changes`
/// made to it.
async fn post_preview(browser: &mut Browser, preview: &Reply, changes: &[(&str, &str)]) -> Reply {
    let mut fields = vec![
        ("csrf_token".to_string(), preview.csrf_token()),
        ("file_name".to_string(), preview.hidden_field("file_name")),
        ("content".to_string(), preview.hidden_field("content")),
    ];
    // The heading line a person chose travels with the preview.
    if preview.body.contains("name=\"heading_line\" value=\"") {
        fields.push(("heading_line".into(), preview.hidden_field("heading_line")));
    }
    fields.extend(column_fields(&preview.body));
    for (name, value) in changes {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = (*value).to_string(),
            None => fields.push(((*name).to_string(), (*value).to_string())),
        }
    }
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    browser.post("/plans/import/columns", &form).await
}

/// The kind and period of the stored value written `text` in `plan`, if any.
async fn stored_value(
    app: &TestApp,
    organisation: &str,
    plan: &str,
    text: &str,
) -> Option<(ObservationKind, String)> {
    let doc = app
        .store
        .load_plan(Some(organisation), plan)
        .await
        .expect("the plan");
    doc.observations
        .iter()
        .find(|o| o.text == text)
        .map(|o| (o.kind, o.period.to_string()))
}

async fn a_table_is_uploaded_corrected_and_imported(app: &TestApp) {
    let officer = app.add_user("officer", Role::PerformanceOfficer).await;
    let mut browser = app.signed_in("officer").await;
    let home = browser.get("/").await;
    assert!(
        links_containing(&home.body, "/plans/import").len() >= 2,
        "the plans page and the navigation link to the import:\n{}",
        home.body
    );

    let preview = upload(&mut browser, "kingston-2007.csv", TABLE.as_bytes()).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let rows = preview_rows(&preview);
    assert_eq!(rows.len(), 5, "{rows:?}");
    // The undecided column comes first, with its values.
    assert_eq!(rows[0][1], "Mystery", "{rows:?}");
    assert!(rows[0][2].contains("Not decided"), "{rows:?}");
    assert!(
        rows[0][3].contains("Improving") && rows[0][3].contains("Worse"),
        "{rows:?}"
    );
    let actual = row(&rows, "Actual 06/07");
    assert!(actual[2].contains("2006/07"), "{actual:?}");
    assert!(actual[3].contains("63%") && actual[3].contains("45%"));

    // Correct: Mystery is the council's trend; the out-turn is of 2007/08.
    let checked = post_preview(
        &mut browser,
        &preview,
        &[
            ("reading-0-5", "trend"),
            ("reading-0-3", "actual"),
            ("period-0-3", "2007/08"),
            ("action", "check"),
        ],
    )
    .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    let rows = preview_rows(&checked);
    let mystery = row(&rows, "Mystery");
    assert!(
        mystery[2].contains("trend") && mystery[2].contains("as you said"),
        "{mystery:?}"
    );
    let actual = row(&rows, "Actual 06/07");
    assert!(actual[2].contains("2007/08"), "{actual:?}");
    assert!(!checked.body.contains("Not decided"), "{}", checked.body);

    let imported = post_preview(
        &mut browser,
        &checked,
        &[
            ("reading-0-5", "trend"),
            ("reading-0-3", "actual"),
            ("period-0-3", "2007/08"),
            ("target", "new"),
            ("plan_name", "CYPP 2007"),
            ("save_mapping", "yes"),
            ("action", "import"),
        ],
    )
    .await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.body);
    assert!(
        imported
            .body
            .contains("kingston-2007.csv imported into CYPP 2007"),
        "{}",
        imported.body
    );
    assert_eq!(
        stored_value(app, KINGSTON, "CYPP 2007", "63%").await,
        Some((ObservationKind::Actual, "2007/08".to_string()))
    );
    assert_eq!(
        stored_value(app, KINGSTON, "CYPP 2007", "65%").await,
        Some((ObservationKind::Target, "2007/08".to_string()))
    );
    let plan_link: Vec<String> = links_containing(&imported.body, "/plans/")
        .into_iter()
        .filter(|link| link != "/plans/import")
        .collect();
    assert_eq!(plan_link.len(), 1, "{}", imported.body);
    assert_eq!(browser.get(&plan_link[0]).await.status, StatusCode::OK);

    // The corrections are kept for the organisation and read the next table.
    let saved = app
        .store
        .table_mapping(officer.organisation.id)
        .await
        .expect("the store")
        .expect("a saved mapping");
    assert!(saved.contains("Mystery=trend"), "{saved}");
    assert!(saved.contains("Actual 06/07=actual:2007/08"), "{saved}");
    let next = upload(&mut browser, "kingston-2008.csv", TABLE.as_bytes()).await;
    assert_eq!(next.status, StatusCode::OK, "{}", next.body);
    let rows = preview_rows(&next);
    assert!(row(&rows, "Mystery")[2].contains("as you said"), "{rows:?}");
    assert!(!next.body.contains("Not decided"), "{}", next.body);

    // Updating the plan from the next table: all of it, into the same plan.
    let plans = app.store.plan_handles().await.expect("plans");
    let id = plans[0].id.to_string();
    let updated = post_preview(
        &mut browser,
        &next,
        &[
            ("target", "existing"),
            ("plan", id.as_str()),
            ("action", "import"),
        ],
    )
    .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
    assert!(updated.body.contains("0 change(s)"), "{}", updated.body);
    let plans = app.store.plan_handles().await.expect("plans");
    assert_eq!(plans.len(), 1);
    assert_eq!(
        plans[0].title, "CYPP 2007",
        "a table naming no title is titled by its plan's name"
    );

    // A table without the saved columns is read from its headings, and says so.
    let other = "Indicator,Actual 06/07\nChildren seen within 7 days,12\n";
    let preview = upload(&mut browser, "other.csv", other.as_bytes()).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        preview.body.contains("id=\"mapping-note\""),
        "{}",
        preview.body
    );
    assert!(preview.body.contains("`Mystery`"), "{}", preview.body);
}

#[tokio::test]
async fn a_table_is_uploaded_corrected_and_imported_on_sqlite() {
    let app = TestApp::start().await;
    a_table_is_uploaded_corrected_and_imported(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn a_table_is_uploaded_corrected_and_imported_on_postgresql() {
    let app = TestApp::on_postgres().await;
    a_table_is_uploaded_corrected_and_imported(&app).await;
    app.finish().await;
}

/// A table under two lines of titles whose headings the reader does not
/// know well enough to find the heading row by itself.
const UNHEADED: &str = "Kingston performance report\n\
Prepared for the Children's Trust Board\n\
Ref,What we look at,Then,Hoped for\n\
NI 50,Emotional health of children,63%,65%\n\
NI 99,Looked after children reaching level 4 in English,45%,50%\n";

/// Posts the heading line's form with `line` chosen ("" for none).
async fn choose_heading_line(browser: &mut Browser, page: &Reply, line: &str) -> Reply {
    let (token, file_name, content) = (
        page.csrf_token(),
        page.hidden_field("file_name"),
        page.hidden_field("content"),
    );
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("file_name", file_name.as_str()),
        ("content", content.as_str()),
        ("action", "check"),
    ];
    if !line.is_empty() {
        fields.push(("heading_line", line));
    }
    browser.post("/plans/import/columns", &fields).await
}

async fn the_heading_line_is_chosen_when_it_cannot_be_found(app: &TestApp) {
    let mut browser = app.sign_in_as("officer", Role::PerformanceOfficer).await;
    let asked = upload(&mut browser, "unheaded.csv", UNHEADED.as_bytes()).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert!(asked
        .body
        .contains("Which line of unheaded.csv holds the headings"));
    let lines = html_table_rows(&asked.body, "heading-lines");
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert_eq!(lines[2][1], "What we look at", "{lines:?}");
    assert!(
        asked
            .body
            .contains("<label class=\"label radio__label\" for=\"heading-line-3\">Line 3</label>"),
        "each line's choice is labelled: {}",
        asked.body
    );

    // Line 3: the columns under it, with those the headings do not say undecided.
    let preview = choose_heading_line(&mut browser, &asked, "3").await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let rows = preview_rows(&preview);
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(row(&rows, "Then")[2].contains("Not decided"), "{rows:?}");
    assert!(row(&rows, "Then")[3].contains("63%"), "{rows:?}");
    assert_eq!(preview.hidden_field("heading_line"), "3");

    // Corrected and imported, the rows under line 3 become the plan.
    let corrections = [
        ("reading-0-1", "code"),
        ("reading-0-2", "title"),
        ("reading-0-3", "actual"),
        ("period-0-3", "2006/07"),
        ("reading-0-4", "target"),
        ("period-0-4", "2007/08"),
        ("target", "new"),
        ("plan_name", "KPIs 2007"),
        ("action", "import"),
    ];
    let imported = post_preview(&mut browser, &preview, &corrections).await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.body);
    assert!(
        imported
            .body
            .contains("unheaded.csv imported into KPIs 2007"),
        "{}",
        imported.body
    );
    assert_eq!(
        stored_value(app, KINGSTON, "KPIs 2007", "45%").await,
        Some((ObservationKind::Actual, "2006/07".to_string()))
    );
    assert_eq!(
        stored_value(app, KINGSTON, "KPIs 2007", "65%").await,
        Some((ObservationKind::Target, "2007/08".to_string()))
    );
    let doc = app
        .store
        .load_plan(Some(KINGSTON), "KPIs 2007")
        .await
        .expect("the plan");
    assert_eq!(doc.indicators.len(), 2, "the title lines are no indicators");

    // On request, a table read by itself offers the same choice.
    let found = upload(&mut browser, "kingston-2007.csv", TABLE.as_bytes()).await;
    let offered = post_preview(&mut browser, &found, &[("action", "heading")]).await;
    assert_eq!(offered.status, StatusCode::OK, "{}", offered.body);
    assert_eq!(html_table_rows(&offered.body, "heading-lines").len(), 3);
}

#[tokio::test]
async fn the_heading_line_is_chosen_when_it_cannot_be_found_on_sqlite() {
    let app = TestApp::start().await;
    the_heading_line_is_chosen_when_it_cannot_be_found(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn the_heading_line_is_chosen_when_it_cannot_be_found_on_postgresql() {
    let app = TestApp::on_postgres().await;
    the_heading_line_is_chosen_when_it_cannot_be_found(&app).await;
    app.finish().await;
}

async fn an_undecided_column_refuses_the_import(app: &TestApp) {
    app.import_sample_plan().await;
    let before = app
        .store
        .plan_handle(1)
        .await
        .expect("store")
        .expect("plan 1");
    let mut browser = app.sign_in_as("officer", Role::PerformanceOfficer).await;
    let preview = upload(&mut browser, "kingston-2007.csv", TABLE.as_bytes()).await;
    assert!(
        preview.body.contains("1 column(s) not decided"),
        "{}",
        preview.body
    );
    for fields in [
        [
            ("target", "new"),
            ("plan_name", "CYPP 2007"),
            ("action", "import"),
        ],
        [("target", "existing"), ("plan", "1"), ("action", "import")],
    ] {
        let refused = post_preview(&mut browser, &preview, &fields).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        let summary = refused.error_summary();
        assert!(summary.contains("column 5 `Mystery`"), "{summary}");
        assert!(summary.contains("nothing is imported"), "{summary}");
        assert_eq!(preview_rows(&refused)[0][1], "Mystery");
    }
    let plans = app.store.plan_handles().await.expect("plans");
    assert_eq!(plans.len(), 1, "no plan was added");
    assert_eq!(plans[0].revision, before.revision, "plan 1 is as it was");
}

#[tokio::test]
async fn an_undecided_column_refuses_the_import_on_sqlite() {
    let app = TestApp::start().await;
    an_undecided_column_refuses_the_import(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn an_undecided_column_refuses_the_import_on_postgresql() {
    let app = TestApp::on_postgres().await;
    an_undecided_column_refuses_the_import(&app).await;
    app.finish().await;
}

async fn bad_files_and_readings_are_refused_by_name(app: &TestApp) {
    let mut browser = app.sign_in_as("officer", Role::PerformanceOfficer).await;
    // With no heading row found, the person is asked which line it is; a
    // line with nothing to read under it is refused by name.
    let no_table = upload(
        &mut browser,
        "minutes.txt",
        b"Minutes of the board\nNo table here\n",
    )
    .await;
    assert_eq!(no_table.status, StatusCode::OK, "{}", no_table.body);
    assert!(no_table.body.contains("id=\"heading-note\""));
    let refused = choose_heading_line(&mut browser, &no_table, "").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused
        .error_summary()
        .contains("Choose the line that holds the column headings"));
    let refused = choose_heading_line(&mut browser, &no_table, "9").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = refused.error_summary();
    assert!(
        summary.contains("Line 9") && summary.contains("holds nothing to read as headings"),
        "{summary}"
    );

    let broken = upload(
        &mut browser,
        "report.xlsx",
        b"PK\x03\x04 not really a workbook",
    )
    .await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        broken.error_summary().contains("report.xlsx"),
        "{}",
        broken.body
    );

    let huge = vec![b'x'; 4 * 1024 * 1024 + 1];
    let too_large = upload(&mut browser, "everything.csv", &huge).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    let summary = too_large.error_summary();
    assert!(
        summary.contains("everything.csv") && summary.contains("4 MB"),
        "{summary}"
    );

    let empty = upload(&mut browser, "empty.csv", b"").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.error_summary().contains("empty.csv is empty"));

    // A reading that cannot be read names the column and the value.
    let preview = upload(&mut browser, "kingston-2007.csv", TABLE.as_bytes()).await;
    let wrong = post_preview(
        &mut browser,
        &preview,
        &[
            ("reading-0-3", "actual"),
            ("period-0-3", "year seven"),
            ("action", "check"),
        ],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = wrong.error_summary();
    assert!(
        summary.contains("Column 3 `Actual 06/07`")
            && summary.contains("`year seven` is not a period"),
        "{summary}"
    );
    // The page gives back what was chosen, to correct.
    assert!(
        wrong.body.contains("value=\"year seven\""),
        "{}",
        wrong.body
    );

    // Without a CSRF token nothing is read.
    let forged = browser
        .upload(
            "/plans/import",
            "forged",
            "kingston-2007.csv",
            TABLE.as_bytes(),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // Only performance officers and administrators import.
    let mut lead = app.sign_in_as("lead", Role::LeadOfficer).await;
    assert_eq!(
        lead.get("/plans/import").await.status,
        StatusCode::FORBIDDEN
    );
    let token = lead.csrf_token().await;
    let refused = lead
        .upload(
            "/plans/import",
            &token,
            "kingston-2007.csv",
            TABLE.as_bytes(),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(app.store.plan_handles().await.expect("plans").is_empty());
}

#[tokio::test]
async fn bad_files_and_readings_are_refused_by_name_on_sqlite() {
    let app = TestApp::start().await;
    bad_files_and_readings_are_refused_by_name(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn bad_files_and_readings_are_refused_by_name_on_postgresql() {
    let app = TestApp::on_postgres().await;
    bad_files_and_readings_are_refused_by_name(&app).await;
    app.finish().await;
}

async fn another_organisation_reaches_neither_plan_nor_mapping(app: &TestApp) {
    let doc = app.import_sample_plan().await;
    let before = app
        .store
        .plan_handle(1)
        .await
        .expect("store")
        .expect("plan 1");
    let kent = app
        .add_member("kent", Role::PerformanceOfficer, Membership::of(KENT))
        .await;
    let mut browser = app.signed_in("kent").await;
    let preview = upload(&mut browser, "kent-2007.csv", TABLE.as_bytes()).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        !preview.body.contains(&doc.plan.title),
        "Kingston's plan is not offered to Kent"
    );
    let into_kingston = post_preview(
        &mut browser,
        &preview,
        &[
            ("reading-0-5", "trend"),
            ("target", "existing"),
            ("plan", "1"),
            ("action", "import"),
        ],
    )
    .await;
    assert_eq!(into_kingston.status, StatusCode::NOT_FOUND);
    let after = app
        .store
        .plan_handle(1)
        .await
        .expect("store")
        .expect("plan 1");
    assert_eq!(
        after.revision, before.revision,
        "Kingston's plan is untouched"
    );

    // Kent's own import goes to Kent, and Kent's readings stay Kent's.
    let own = post_preview(
        &mut browser,
        &preview,
        &[
            ("reading-0-5", "trend"),
            ("target", "new"),
            ("plan_name", "Kent CYPP"),
            ("save_mapping", "yes"),
            ("action", "import"),
        ],
    )
    .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let plans = app.store.plan_handles().await.expect("plans");
    let kent_plan = plans
        .iter()
        .find(|p| p.name == "Kent CYPP")
        .expect("Kent's plan");
    assert_eq!(kent_plan.organisation, KENT);
    assert!(app
        .store
        .table_mapping(kent.organisation.id)
        .await
        .expect("store")
        .is_some());
    let mut kingston = app.sign_in_as("officer", Role::PerformanceOfficer).await;
    let form = kingston.get("/plans/import").await;
    assert!(!form.body.contains("saved-mapping"), "{}", form.body);
    let preview = upload(&mut kingston, "kingston-2007.csv", TABLE.as_bytes()).await;
    assert!(preview.body.contains("Not decided"), "{}", preview.body);
}

#[tokio::test]
async fn another_organisation_reaches_neither_plan_nor_mapping_on_sqlite() {
    let app = TestApp::start().await;
    another_organisation_reaches_neither_plan_nor_mapping(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn another_organisation_reaches_neither_plan_nor_mapping_on_postgresql() {
    let app = TestApp::on_postgres().await;
    another_organisation_reaches_neither_plan_nor_mapping(&app).await;
    app.finish().await;
}
