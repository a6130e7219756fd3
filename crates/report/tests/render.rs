//! Renders hand-built board packs to HTML, PDF and XLSX and reads the output back.
//!
//! The PDF checks use poppler-utils (`pdftotext`, `pdfinfo`, `pdffonts`); they fail, naming
//! the package, when it is not installed.

mod fixture;

use std::io::{Cursor, Read, Write};
use std::process::{Command, Stdio};

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use trustboard_report::*;

use fixture::*;

const INTERNAL: RenderOptions = RenderOptions { published: false };
const PUBLISHED: RenderOptions = RenderOptions { published: true };

fn html(pack: &BoardPack, opts: RenderOptions) -> String {
    let bytes = render_html(pack, opts).expect("HTML renders");
    String::from_utf8(bytes).expect("HTML is UTF-8")
}

/// Text between each opening `<tag` and the next `</tag>`, tags stripped.
fn elements(html: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut found = vec![];
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        let Some(end) = after.find(&close) else { break };
        let inner = &after[..end];
        let body = inner.split_once('>').map_or("", |(_, body)| body);
        found.push(strip_tags(body));
        rest = &after[end..];
    }
    found
}

fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    text
}

#[test]
fn html_headings_follow_the_order_a_board_reads() {
    let page = html(&board_pack(), INTERNAL);
    let h1 = elements(&page, "h1");
    assert_eq!(
        h1,
        vec!["Trust Board performance report – 2010/11 year end"]
    );
    let h2 = elements(&page, "h2");
    assert_eq!(
        h2,
        vec![
            "Contents",
            "Headline",
            "Scorecards by outcome",
            "Exceptions",
            "Milestones overdue or at risk",
            "Risks",
            "Projects and key actions",
            "Appendix: summary of performance indicators",
            "Figures across successive plans",
            "Appendix: what the headline counts",
            "Key",
        ]
    );
    let h3 = elements(&page, "h3");
    assert!(h3[0].starts_with("Outcome 1: "), "{h3:?}");
    assert!(h3[3].starts_with("Outcome 6: "), "{h3:?}");
    // Scorecards for outcomes 1, 2, 5, 6, the appendix section for outcome 1,
    // then the one indicator with figures from an earlier plan.
    assert_eq!(h3.len(), 6, "{h3:?}");
    assert!(h3[5].starts_with("NI 61: "), "{h3:?}");
}

#[test]
fn html_tables_have_captions_and_scoped_headers() {
    let page = html(&board_pack(), INTERNAL);
    let tables = page.matches("<table").count();
    assert!(
        tables >= 7,
        "headline, 4 scorecards, exceptions, milestones, appendix"
    );
    let captions = elements(&page, "caption");
    assert_eq!(captions.len(), tables, "every table has a caption");
    for (table, rest) in page.split("<table").skip(1).enumerate() {
        let after_open = rest.split_once('>').map_or("", |(_, after)| after);
        assert!(
            after_open.trim_start().starts_with("<caption>"),
            "table {table} does not start with its caption"
        );
    }
    let header_cells = page.matches("<th").count() - page.matches("<thead").count();
    let scoped =
        page.matches("<th scope=\"col\">").count() + page.matches("<th scope=\"row\">").count();
    assert_eq!(header_cells, scoped, "every th has a scope");
    assert!(captions.contains(&"Outcome 5 scorecard: 45 indicators".to_owned()));
    assert!(captions.contains(&"Outcome 2 scorecard: 1 indicator".to_owned()));
}

#[test]
fn html_shows_rag_as_words_and_charts_with_text_alternatives() {
    let page = html(&board_pack(), INTERNAL);
    for (class, word) in [
        ("rag-red", "Red"),
        ("rag-amber", "Amber"),
        ("rag-green", "Green"),
        ("rag-grey", "Not assessed"),
    ] {
        let badge = page
            .split(&format!("<span class=\"rag {class}\">"))
            .nth(1)
            .unwrap_or_else(|| panic!("no {class} badge"));
        let badge = &badge[..badge.find("</span></").unwrap_or(badge.len())];
        assert!(
            strip_tags(badge).contains(word),
            "{class} badge lacks the word {word}"
        );
    }
    assert!(
        !page.contains("<script"),
        "the document must not need script"
    );
    let charts = page.matches("<svg").count();
    assert_eq!(
        charts,
        3 + 1 + LONG_OUTCOME_ROWS + 1,
        "one chart per indicator"
    );
    assert_eq!(page.matches("<title id=\"chart-").count(), charts);
    assert_eq!(page.matches("<desc id=\"chart-").count(), charts);
    assert!(page.contains("2009/10 out-turn 59, target 80; 2010/11 out-turn 50.53, target 85"));
}

#[test]
fn html_escapes_council_text() {
    let page = html(&board_pack(), INTERNAL);
    assert!(page.contains("English &amp; mathematics at Key Stage 4 &lt;KS4&gt;"));
    assert!(!page.contains("<KS4>"));
}

#[test]
fn html_published_drops_internal_commentary_and_withholds_small_numbers() {
    let pack = board_pack();
    let internal = html(&pack, INTERNAL);
    let published = html(&pack, PUBLISHED);
    assert!(internal.contains(INTERNAL_NOTE));
    assert!(internal.contains(SUPPRESSED_FIGURE));
    assert!(published.contains(PUBLIC_NOTE));
    assert!(!published.contains(INTERNAL_NOTE));
    assert!(!published.contains(SUPPRESSED_FIGURE));
    assert!(published.contains("2010/11: [c]"));
    // The chart must not leak the withheld figure either.
    assert!(published.contains("2010/11 out-turn withheld"));
    assert!(internal.contains("2010/11 out-turn 3, confidence interval 1 to 5"));
}

// ---------------------------------------------------------------- PDF

fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let mut child = Command::new(tool)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| {
            panic!(
                "{tool} could not be started ({error}). The PDF tests need poppler-utils: \
                 apt-get install -y poppler-utils"
            )
        });
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin.write_all(pdf).expect("PDF written to the tool");
    drop(stdin);
    let output = child.wait_with_output().expect("tool finishes");
    assert!(output.status.success(), "{tool} failed on the PDF");
    // Some tools print attribute strings in the PDF's own encoding; only the text matters.
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Text of each page in content-stream order (which is the order the pack is read in).
fn pdf_pages(pdf: &[u8]) -> Vec<String> {
    let text = poppler("pdftotext", &["-raw", "-", "-"], pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|page| page.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn pdf_info(pdf: &[u8]) -> String {
    poppler("pdfinfo", &["-"], pdf)
}

fn info_field<'a>(info: &'a str, field: &str) -> &'a str {
    info.lines()
        .find_map(|line| line.strip_prefix(&format!("{field}:")))
        .map_or("", str::trim)
}

/// The page's words separated by single spaces, so wrapped cells read as one run.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Page (1-based) whose lines include `line` exactly.
fn page_with_line(pages: &[String], line: &str) -> Option<usize> {
    pages
        .iter()
        .position(|page| page.lines().any(|candidate| candidate.trim() == line))
        .map(|index| index + 1)
}

#[test]
fn pdf_is_tagged_titled_a4_with_embedded_font() {
    let pdf = render_pdf(&board_pack(), INTERNAL).expect("PDF renders");
    let info = pdf_info(&pdf);
    assert_eq!(
        info_field(&info, "Title"),
        "Trust Board performance report – 2010/11 year end"
    );
    assert_eq!(info_field(&info, "Tagged"), "yes");
    // Written under krilla's PDF/UA-1 validator, which also declares it in the metadata.
    let metadata = poppler("pdfinfo", &["-meta", "-"], &pdf);
    assert!(
        metadata.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "{metadata}"
    );
    assert!(metadata.contains("<rdf:li>en-GB</rdf:li>"));
    assert!(info_field(&info, "Page size").contains("(A4)"), "{info}");
    let fonts = poppler("pdffonts", &["-"], &pdf);
    let dejavu: Vec<&str> = fonts
        .lines()
        .filter(|line| line.contains("DejaVu"))
        .collect();
    assert!(!dejavu.is_empty(), "{fonts}");
    for line in dejavu {
        let columns: Vec<&str> = line.split_whitespace().collect();
        // name, type words…, encoding, emb, sub, uni, object, generation
        let emb = columns[columns.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {line}");
    }
}

#[test]
fn pdf_structure_tree_follows_reading_order() {
    let pdf = render_pdf(&board_pack(), INTERNAL).expect("PDF renders");
    let tree = poppler("pdfinfo", &["-struct-text", "-"], &pdf);
    let elements: Vec<&str> = tree
        .lines()
        .map(str::trim)
        .filter_map(|line| line.split_whitespace().next())
        .filter(|kind| matches!(*kind, "H1" | "H2" | "H3" | "TOC" | "Table"))
        .collect();
    assert_eq!(
        &elements[..4],
        ["H1", "H2", "TOC", "H2"],
        "title, contents, headline"
    );
    let h2: Vec<&str> = tree
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("H2 "))
        .collect();
    assert_eq!(h2.len(), 11, "{h2:?}");
    assert!(h2[2].contains("Scorecards by outcome") && h2[3].contains("Exceptions"));
    assert!(h2[5].contains("Risks"), "{h2:?}");
    assert!(h2[6].contains("Projects and key actions"), "{h2:?}");
    assert!(h2[8].contains("Figures across successive plans"), "{h2:?}");
    assert!(
        h2[9].contains("Appendix: what the headline counts"),
        "{h2:?}"
    );
    assert!(tree.contains("Caption") && tree.contains("THead") && tree.contains("TBody"));
    assert!(tree.contains("/Scope /Column") && tree.contains("/Scope /Row"));
    let figures = tree.lines().filter(|line| line.trim() == "Figure").count();
    assert_eq!(
        figures,
        3 + 1 + LONG_OUTCOME_ROWS + 1,
        "one figure per charted indicator"
    );
    // Running headers and page numbers are artifacts, outside the structure.
    assert!(!tree.contains("Page 1 of"));
    // Wrapped lines keep their word breaks.
    assert!(
        tree.contains("who have a CAF completed"),
        "words run together"
    );
    assert!(!tree.contains("youngpeople"));
}

#[test]
fn pdf_pages_carry_running_header_and_numbers() {
    let pdf = render_pdf(&board_pack(), INTERNAL).expect("PDF renders");
    let pages = pdf_pages(&pdf);
    let count: usize = info_field(&pdf_info(&pdf), "Pages")
        .parse()
        .expect("page count");
    assert_eq!(pages.len(), count);
    for (index, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Page {} of {count}", index + 1)),
            "page {} lacks its number",
            index + 1
        );
        assert!(page.contains("Children and Young People's Plan 2009–13 · 2010/11 year end"));
    }
}

#[test]
fn pdf_contents_page_numbers_point_at_the_headings() {
    let pdf = render_pdf(&board_pack(), INTERNAL).expect("PDF renders");
    let pages = pdf_pages(&pdf);
    let contents = &pages[0];
    let contents_lines: Vec<&str> = contents.lines().map(str::trim).collect();
    for heading in [
        "Headline",
        "Scorecards by outcome",
        "Exceptions",
        "Milestones overdue or at risk",
        "Appendix: summary of performance indicators",
    ] {
        // Each contents entry reads as "<heading>, page <n>".
        let listed: usize = contents_lines
            .iter()
            .find_map(|line| {
                line.strip_prefix(heading)?
                    .strip_prefix(", page ")?
                    .parse()
                    .ok()
            })
            .unwrap_or_else(|| panic!("{heading} missing from contents"));
        let actual = pages
            .iter()
            .skip(1)
            .position(|page| page.lines().any(|line| line.trim() == heading))
            .map(|index| index + 2);
        assert_eq!(Some(listed), actual, "contents entry for {heading}");
    }
}

#[test]
fn pdf_long_table_continues_with_repeated_header_and_whole_rows() {
    let pdf = render_pdf(&board_pack(), INTERNAL).expect("PDF renders");
    let pages = pdf_pages(&pdf);
    let start = page_with_line(&pages, "Outcome 5 scorecard").expect("outcome 5 table");
    let continued: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.contains("Outcome 5 scorecard (continued)"))
        .map(|(index, _)| index + 1)
        .collect();
    assert!(!continued.is_empty(), "45 rows cannot fit on one page");
    assert_eq!(continued[0], start + 1);
    for page in &continued {
        assert!(
            pages[page - 1].contains("Comparators"),
            "header repeated on page {page}"
        );
    }
    // Every row's first and last lines land on the same page: rows are never split.
    for n in 1..=LONG_OUTCOME_ROWS {
        let code = format!("CSC {n:03}: Long indicator {n}:");
        let pages_with_code: Vec<usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, page)| flat(page).contains(&code))
            .map(|(index, _)| index + 1)
            .collect();
        assert_eq!(pages_with_code.len(), 1, "row {n} appears on one page only");
        let page = flat(&pages[pages_with_code[0] - 1]);
        let row_text = &page[page.find(&code).unwrap_or(0)..];
        let latest = 40.0 + (n % 50) as f64 + 0.5;
        assert!(
            row_text.contains(&format!("2010/11: {latest}%")),
            "row {n}'s out-turn is not on the page with its title"
        );
    }
}

#[test]
fn pdf_page_count_grows_with_the_content() {
    let full = board_pack();
    let mut short = board_pack();
    short.outcomes[2].rows.truncate(2);
    let pages = |pack: &BoardPack| -> usize {
        let pdf = render_pdf(pack, INTERNAL).expect("PDF renders");
        info_field(&pdf_info(&pdf), "Pages")
            .parse()
            .expect("page count")
    };
    let short_pages = pages(&short);
    let full_pages = pages(&full);
    // 43 more rows of about 48 points each need at least two more A4 pages.
    assert!(
        full_pages >= short_pages + 2,
        "{short_pages} -> {full_pages}"
    );
    // Contents, headline, scorecards, exceptions and milestones, appendix: five at least.
    assert!(short_pages >= 5, "{short_pages}");
}

#[test]
fn pdf_shows_known_rows_and_rag_words() {
    let pdf = render_pdf(&board_pack(), INTERNAL).expect("PDF renders");
    let flat = flat(&pdf_pages(&pdf).join("\n"));
    assert!(flat.contains("1.1 % of children and young people with multiple needs who have a CAF"));
    assert!(flat.contains("2010/11: 50.53%"));
    // Each badge reads as its status word, followed by the reason.
    for status in [
        "Red 50.53% against a target of 85%",
        "Amber 65.87% against 70%",
        "Green Target met",
        "Not assessed No 2010/11 out-turn yet",
    ] {
        assert!(flat.contains(status), "{status} missing");
    }
    assert!(flat.contains(INTERNAL_NOTE));
    assert!(flat.contains("Baseline to be established"));
    // Each project with its report, its rating as a word, or no report.
    assert!(flat.contains("Projects and key actions"));
    assert!(flat.contains("Special School Review"));
    assert!(
        flat.contains("Off track Red"),
        "the project's status and rating"
    );
    assert!(flat.contains(PROJECT_COMMENTARY));
    assert!(flat.contains("Parenting Strategy"));
    assert!(flat.contains("No approved progress report yet"));
}

#[test]
fn pdf_published_drops_internal_commentary_and_withholds_small_numbers() {
    let pdf = render_pdf(&board_pack(), PUBLISHED).expect("PDF renders");
    let flat = flat(&pdf_pages(&pdf).join("\n"));
    assert!(flat.contains(PUBLIC_NOTE));
    assert!(!flat.contains(INTERNAL_NOTE));
    assert!(!flat.contains(SUPPRESSED_FIGURE));
    assert!(flat.contains("2010/11: [c]"));
    assert!(flat.contains("Published version"));
}

// ---------------------------------------------------------------- XLSX

fn workbook(pack: &BoardPack, opts: RenderOptions) -> (Vec<u8>, Xlsx<Cursor<Vec<u8>>>) {
    let bytes = render_xlsx(pack, opts).expect("XLSX renders");
    let book = open_workbook_from_rs(Cursor::new(bytes.clone())).expect("calamine reads it");
    (bytes, book)
}

fn cell(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str, row: u32, col: u32) -> Data {
    let range = book.worksheet_range(sheet).expect("sheet exists");
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

/// Column index of a header in row `row`.
fn column(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str, row: u32, header: &str) -> u32 {
    let range = book.worksheet_range(sheet).expect("sheet exists");
    (0..range.end().map_or(0, |(_, col)| col + 1))
        .find(|col| range.get_value((row, *col)) == Some(&Data::String(header.to_owned())))
        .unwrap_or_else(|| panic!("no {header} column in {sheet}"))
}

fn zipped_file(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("xlsx is a zip");
    let mut file = archive.by_name(name).expect("part exists");
    let mut text = String::new();
    file.read_to_string(&mut text).expect("part is text");
    text
}

#[test]
fn xlsx_has_summary_outcome_and_appendix_sheets() {
    let (_, book) = workbook(&board_pack(), INTERNAL);
    assert_eq!(
        book.sheet_names(),
        vec![
            "Summary",
            "Outcome 1",
            "Outcome 2",
            "Outcome 5",
            "Outcome 6",
            "Exceptions",
            "Milestones",
            "Risks",
            "Projects",
            "Appendix",
            "Across plans",
            "Headline counts"
        ]
    );
}

#[test]
fn xlsx_stores_figures_as_numbers_beside_the_text_as_written() {
    let (_, mut book) = workbook(&board_pack(), INTERNAL);
    let outturn = column(&mut book, "Outcome 1", 2, "2010/11 out-turn");
    let written = column(&mut book, "Outcome 1", 2, "2010/11 as written");
    assert_eq!(written, outturn + 1);
    assert_eq!(
        cell(&mut book, "Outcome 1", 3, 2),
        Data::String(CAF_TITLE.to_owned())
    );
    match cell(&mut book, "Outcome 1", 3, outturn) {
        Data::Float(value) => assert!((value - 0.5053).abs() < 1e-9, "{value}"),
        other => panic!("CAF out-turn is not a number: {other:?}"),
    }
    // "50.53%" says no more than the number, so it is not repeated.
    assert_eq!(cell(&mut book, "Outcome 1", 3, written), Data::Empty);
    // NI 118 has no figure yet: the text is kept, the number cell is empty.
    assert_eq!(cell(&mut book, "Outcome 1", 5, outturn), Data::Empty);
    assert_eq!(
        cell(&mut book, "Outcome 1", 5, written),
        Data::String("Not yet available".to_owned())
    );
    // "2009 result 68%" says more than 68%: both are kept.
    let ks4 = column(&mut book, "Outcome 2", 2, "2009 result as written");
    assert_eq!(
        cell(&mut book, "Outcome 2", 3, ks4),
        Data::String("2009 result 68%".to_owned())
    );
    let rag = column(&mut book, "Outcome 1", 2, "RAG");
    assert_eq!(
        cell(&mut book, "Outcome 1", 3, rag),
        Data::String("Red".to_owned())
    );
    assert_eq!(
        cell(&mut book, "Outcome 1", 4, rag),
        Data::String("Amber".to_owned())
    );
    assert_eq!(
        cell(&mut book, "Outcome 1", 5, rag),
        Data::String("Not assessed".to_owned())
    );
}

#[test]
fn xlsx_summary_counts_and_shares_are_numbers() {
    let (_, mut book) = workbook(&board_pack(), INTERNAL);
    assert_eq!(
        cell(&mut book, "Summary", 6, 0),
        Data::String("Improved".to_owned())
    );
    assert_eq!(cell(&mut book, "Summary", 6, 1), Data::Float(50.0));
    match cell(&mut book, "Summary", 6, 2) {
        // 50 improved of 71 comparable.
        Data::Float(share) => assert!((share - 50.0 / 71.0).abs() < 1e-9, "{share}"),
        other => panic!("share is not a number: {other:?}"),
    }
    assert_eq!(cell(&mut book, "Summary", 6, 3), Data::Float(41.0));
}

#[test]
fn html_and_xlsx_list_each_project_with_its_approved_report() {
    let page = html(&board_pack(), INTERNAL);
    let section = &page[page
        .find("<h2 id=\"projects\">")
        .expect("the projects section")..];
    let section = &section[..section.find("</section>").expect("its end")];
    assert!(section.contains("<caption>CFE Specific Projects</caption>"));
    assert!(section.contains("<th scope=\"row\">Special School Review</th>"));
    assert!(
        section.contains("■ R</span> Red"),
        "the rating with its shape and letter"
    );
    assert!(section.contains(PROJECT_COMMENTARY));
    assert!(section.contains("<td colspan=\"4\">No approved progress report yet</td>"));

    let (_, mut book) = workbook(&board_pack(), INTERNAL);
    assert_eq!(
        cell(&mut book, "Projects", 1, 1),
        Data::String("Special School Review".into())
    );
    assert_eq!(
        cell(&mut book, "Projects", 1, 5),
        Data::String("R Red".into())
    );
    assert_eq!(
        cell(&mut book, "Projects", 1, 6),
        Data::String(PROJECT_COMMENTARY.into())
    );
    assert_eq!(
        cell(&mut book, "Projects", 2, 3),
        Data::String("No approved progress report yet".into())
    );
}

#[test]
fn xlsx_fills_rag_cells_and_freezes_headers() {
    let (bytes, _) = workbook(&board_pack(), INTERNAL);
    let styles = zipped_file(&bytes, "xl/styles.xml");
    for colour in ["FFC62828", "FFF2A900", "FF2E7D32", "FF9E9E9E"] {
        assert!(styles.contains(colour), "no fill {colour} in styles");
    }
    let outcome_sheet = zipped_file(&bytes, "xl/worksheets/sheet2.xml");
    assert!(
        outcome_sheet.contains("ySplit=\"3\""),
        "outcome header not frozen"
    );
    assert!(outcome_sheet.contains("state=\"frozen\""));
    assert!(
        outcome_sheet.contains("customWidth=\"1\""),
        "column widths set"
    );
    let summary_sheet = zipped_file(&bytes, "xl/worksheets/sheet1.xml");
    assert!(summary_sheet.contains("ySplit=\"6\""));
}

#[test]
fn xlsx_published_withholds_small_numbers_and_internal_commentary() {
    let pack = board_pack();
    let (_, mut internal) = workbook(&pack, INTERNAL);
    let (_, mut published) = workbook(&pack, PUBLISHED);
    let outturn = column(&mut published, "Outcome 6", 2, "2010/11 out-turn");
    assert_eq!(cell(&mut published, "Outcome 6", 3, outturn), Data::Empty);
    assert_eq!(
        cell(&mut published, "Outcome 6", 3, outturn + 1),
        Data::String("[c]".to_owned())
    );
    assert_eq!(
        cell(&mut internal, "Outcome 6", 3, outturn),
        Data::Float(0.03)
    );
    let commentary = |book: &mut Xlsx<Cursor<Vec<u8>>>| match cell(book, "Exceptions", 1, 4) {
        Data::String(text) => text,
        other => panic!("no commentary: {other:?}"),
    };
    assert!(commentary(&mut internal).contains(INTERNAL_NOTE));
    let public = commentary(&mut published);
    assert!(public.contains(PUBLIC_NOTE) && !public.contains(INTERNAL_NOTE));
    assert_eq!(
        cell(&mut published, "Appendix", 3, 5),
        Data::String("[c]".to_owned())
    );
}

#[test]
fn xlsx_appendix_keeps_the_plans_shape() {
    let (_, mut book) = workbook(&board_pack(), INTERNAL);
    let headers: Vec<Data> = (0..9)
        .map(|col| cell(&mut book, "Appendix", 0, col))
        .collect();
    let expected: Vec<Data> = ["Outcome", "Objectives", "Performance Indicator"]
        .into_iter()
        .chain(APPENDIX_COLUMNS)
        .map(|text| Data::String(text.to_owned()))
        .collect();
    assert_eq!(headers, expected);
    assert_eq!(
        cell(&mut book, "Appendix", 2, 6),
        Data::String("Baseline plus 5%".to_owned())
    );
}

// ---------------------------------------------------------------- all formats

#[test]
fn a_malformed_pack_is_refused_by_every_renderer_with_the_row_named() {
    let mut pack = board_pack();
    pack.appendix.sections[0].rows[1].cells.pop();
    for format in PackFormat::ALL {
        let error = format
            .render(&pack, INTERNAL)
            .expect_err("malformed pack refused");
        let message = error.to_string();
        assert!(message.contains("outcome 1, row 2"), "{message}");
        assert!(message.contains("5 cells for 6 columns"), "{message}");
    }
}

#[test]
fn a_chart_value_that_is_not_a_number_is_refused() {
    let mut pack = board_pack();
    pack.outcomes[0].rows[0].series[0].actual = Some(f64::NAN);
    let error = render_pdf(&pack, INTERNAL).expect_err("NaN refused");
    assert!(error.to_string().contains("period 2008/09"), "{error}");
}

#[test]
fn headline_percentages_count_only_what_can_be_compared_or_assessed() {
    let pack = board_pack();
    let current = &pack.headline.current;
    // 50 improved, 18 declined, 3 unchanged; 12 not comparable are left out.
    let improved = current.direction.improved_percent().expect("comparable");
    assert!((improved - 5000.0 / 71.0).abs() < 1e-9);
    let met = current.targets.met_percent().expect("assessed");
    assert!((met - 60.0).abs() < 1e-9);
    assert_eq!(DirectionCounts::default().improved_percent(), None);
    let page = html(&pack, INTERNAL);
    assert!(page.contains("improvement in 70% of comparable indicators (50 of 71)"));
}

#[test]
fn a_pack_survives_a_json_round_trip() {
    let pack = board_pack();
    let json = serde_json::to_string(&pack).expect("serialises");
    let back: BoardPack = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, pack);
}
#[test]
fn pdf_shows_characters_the_typeface_lacks_as_replacements() {
    let mut pack = board_pack();
    pack.outcomes[0].rows[0].indicator_title =
        "Uptake in Tower \u{1F4C8} cluster 漢字 \u{E000}".to_owned();
    let pdf = render_pdf(&pack, INTERNAL).expect("renders despite missing glyphs");
    let text = flat(&pdf_pages(&pdf).join("\n"));
    assert!(
        text.contains("Uptake in Tower \u{FFFD} cluster \u{FFFD}\u{FFFD} \u{FFFD}"),
        "{text}"
    );
    // The HTML keeps what was written.
    assert!(html(&pack, INTERNAL).contains("Tower \u{1F4C8} cluster 漢字"));
}

#[test]
fn pdf_row_longer_than_a_page_continues_without_losing_text() {
    let mut pack = board_pack();
    let sentences: Vec<String> = (1..=160)
        .map(|n| format!("Action {n} agreed with the CAF coordinators and schools."))
        .collect();
    pack.exceptions[0].commentary[0].text = sentences.join(" ");
    let pdf = render_pdf(&pack, INTERNAL).expect("PDF renders");
    let pages = pdf_pages(&pdf);
    let holding: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, page)| flat(page).contains("agreed with the CAF coordinators"))
        .map(|(index, _)| index + 1)
        .collect();
    assert!(
        holding.len() >= 2,
        "the commentary needs more than a page: {holding:?}"
    );
    let text = flat(&pages.join("\n"));
    let mut from = 0;
    for n in [1, 80, 159, 160] {
        let sentence = format!("Action {n} agreed");
        let at = text[from..]
            .find(&sentence)
            .unwrap_or_else(|| panic!("{sentence} missing or out of order"));
        from += at;
    }
    assert!(pages[holding[1] - 1].contains("(continued)"));
}

#[test]
fn xlsx_sheet_names_stay_valid_and_unique_whatever_the_outcome_codes() {
    let mut pack = board_pack();
    pack.outcomes[0].code = "7/8 [merged]".to_owned();
    pack.outcomes[1].code = "7/8 [merged]".to_owned();
    pack.outcomes[2].code = "5: a very long outcome code that runs past the limit".to_owned();
    let (_, book) = workbook(&pack, INTERNAL);
    let names = book.sheet_names();
    assert_eq!(names[1], "Outcome 7-8 -merged-");
    assert_eq!(names[2], "Outcome 7-8 -merged- 2");
    for name in &names {
        assert!(name.chars().count() <= 31, "{name}");
        assert!(
            !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
            "{name}"
        );
    }
}

// ------------------------------------------- figures across plans, inclusion

/// The text of the cells of an HTML table's body rows, by the table's caption.
fn html_rows(page: &str, caption: &str) -> Vec<Vec<String>> {
    let table = page
        .split("<table")
        .find(|table| table.contains(&format!("<caption>{caption}</caption>")))
        .unwrap_or_else(|| panic!("no table captioned {caption}"));
    let body = table.split("<tbody>").nth(1).unwrap_or_default();
    let body = body.split("</tbody>").next().unwrap_or_default();
    body.split("<tr>")
        .skip(1)
        .map(|row| elements(&row.replace("<th", "<td").replace("</th>", "</td>"), "td"))
        .collect()
}

#[test]
fn html_shows_figures_across_plans_with_their_plan_and_withholds_small_ones_when_published() {
    let pack = board_pack();
    let caption = format!("{}: out-turns across plans", pack.across_plans[0].indicator);
    let internal = html(&pack, INTERNAL);
    let rows = html_rows(&internal, &caption);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][..3], ["2008/09", EARLIER_PLAN_FIGURE, EARLIER_PLAN]);
    assert!(rows[1][1].starts_with(SUPPRESSED_FIGURE), "{rows:?}");
    let published = html(&pack, PUBLISHED);
    let rows = html_rows(&published, &caption);
    assert_eq!(rows[1][1], "[c]", "{rows:?}");
    assert!(!published.contains(SUPPRESSED_FIGURE));
}

#[test]
fn every_format_lists_each_indicator_once_per_headline_figure_with_why_it_is_left_out() {
    let pack = board_pack();
    let page = html(&pack, INTERNAL);
    let rows = html_rows(
        &page,
        "Each indicator in each headline figure: counted, or why it is left out",
    );
    assert_eq!(
        rows,
        [
            [CAF_TITLE, "Counted: declined", "Counted: missed"],
            [
                "Number of families supported to complete an accredited parenting programme",
                "Left out: no comparable previous figure",
                "Left out: target unresolved"
            ],
        ],
        "one line per indicator, a verdict per headline figure"
    );
    assert!(page.contains("\u{201c}% improved\u{201d} counts 1 of 2 indicators"));

    let pdf = render_pdf(&pack, INTERNAL).expect("PDF renders");
    let words = flat(&pdf_pages(&pdf).join("\n"));
    assert!(words.contains("Appendix: what the headline counts"));
    assert!(
        words.contains("Left out: no comparable previous figure"),
        "{words}"
    );
    assert!(words.contains(EARLIER_PLAN_FIGURE) && words.contains(EARLIER_PLAN));

    let (_, mut book) = workbook(&pack, INTERNAL);
    let reason = column(&mut book, "Headline counts", 0, "Left out because");
    let reasons: Vec<String> = (1..=4)
        .map(|row| cell(&mut book, "Headline counts", row, reason).to_string())
        .collect();
    assert_eq!(
        reasons,
        ["", "no comparable previous figure", "", "target unresolved"]
    );
    let detail = column(&mut book, "Headline counts", 0, "Detail");
    assert_eq!(
        cell(&mut book, "Headline counts", 2, detail).to_string(),
        LEFT_OUT_DETAIL,
        "the workbook keeps each judgement's own words"
    );
    assert_eq!(cell(&mut book, "Headline counts", 5, 0), Data::Empty);
    assert_eq!(cell(&mut book, "Across plans", 1, 2), Data::Float(61.5));
    assert_eq!(
        cell(&mut book, "Across plans", 1, 4),
        Data::String(EARLIER_PLAN.into())
    );
}

#[test]
fn every_format_has_the_risk_heat_maps_and_top_risks() {
    let pack = board_pack();
    let page = html(&pack, INTERNAL);
    let captions = elements(&page, "caption");
    for caption in [
        "Open risks by residual score (after controls)",
        "Open risks by inherent score (before controls)",
        "Top risks by residual score",
    ] {
        assert!(
            captions.contains(&caption.to_owned()),
            "{caption}: {captions:?}"
        );
    }
    let residual = page
        .split("id=\"heat-map-residual\"")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .expect("residual heat map");
    let words = |html: &str| strip_tags(html);
    let rows: Vec<&str> = residual.split("<tr>").skip(2).collect();
    assert!(rows[0].contains("Impact 5: Catastrophic"), "impact 5 first");
    // Risk 2 sits at likelihood 3, impact 4: the second row, third likelihood.
    let impact_4: Vec<String> = rows[1]
        .split("<td")
        .skip(1)
        .map(|cell| words(&format!("<td{cell}")))
        .collect();
    assert_eq!(impact_4[2].trim(), "High 12 1 risk: R2");
    assert!(!words(residual).contains("Low 4"), "4 is moderate");
    assert!(words(residual).contains("Moderate 4 1 risk: R1"));
    assert!(!page.contains("A closed risk"));
    let top = elements(&page, "th")
        .into_iter()
        .filter(|th| th.starts_with("R2 ") || th.starts_with("R1 "))
        .collect::<Vec<_>>();
    assert_eq!(top[0], format!("R2 {TOP_RISK}"), "highest residual first");
    assert!(page.contains("2011-03-31 (overdue)"));

    let pdf = render_pdf(&pack, INTERNAL).expect("PDF renders");
    let flat = flat(&pdf_pages(&pdf).join("\n"));
    assert!(
        flat.contains("Open risks by residual score (after controls)"),
        "{flat}"
    );
    assert!(flat.contains("High 12 1 risk: R2"));
    assert!(flat.contains(&format!("R2 {TOP_RISK}")));
    assert!(flat.contains("2011-03-31 (overdue)"));

    let (_, mut book) = workbook(&pack, INTERNAL);
    assert_eq!(
        cell(&mut book, "Risks", 1, 0),
        Data::String(format!("R2 {TOP_RISK}"))
    );
    assert_eq!(
        cell(&mut book, "Risks", 1, 3),
        Data::String("12 High (3×4)".to_owned())
    );
}
