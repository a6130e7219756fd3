//! Kent's business plan: the table of high-risk, high-profile projects. The
//! expected counts are taken from the seed's lines here: a project is a line
//! with text in its title and "Relevant Plan" cells.

use trustboard_core::projects::PriorityReference;
use trustboard_formats::documents::read_projects;

use super::*;

/// The seed's table: from its heading row to the first line of prose after it.
fn table_lines(text: &str) -> Vec<(usize, Vec<String>)> {
    let start = text
        .lines()
        .position(|l| l.starts_with("Project/ development/ key action\t"))
        .expect("the projects table's heading row");
    text.lines()
        .enumerate()
        .skip(start + 1)
        .take_while(|(_, l)| l.trim().is_empty() || l.contains('\t'))
        .map(|(n, l)| (n + 1, l.split('\t').map(untagged).collect()))
        .collect()
}

#[test]
fn every_project_of_the_table_is_read_with_its_group() {
    let (text, file) = seed("004");
    let (projects, warnings) = read_projects(&text, &file);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let lines = table_lines(&text);
    let filled = |cells: &[String], c: usize| cells.get(c).is_some_and(|t| !t.is_empty());
    let starts: Vec<usize> = lines
        .iter()
        .filter(|(_, cells)| filled(cells, 0) && filled(cells, 1))
        .map(|(line, _)| *line)
        .collect();
    let groups: Vec<&str> = lines
        .iter()
        .filter(|(_, cells)| filled(cells, 0) && (1..4).all(|c| !filled(cells, c)))
        .map(|(_, cells)| cells[0].as_str())
        .collect();
    assert_eq!(
        groups,
        [
            "T2010",
            "Joint Targets",
            "Children and Young People's Plan",
            "CFE Specific Projects"
        ]
    );
    assert_eq!(projects.len(), starts.len());
    assert_eq!(projects.len(), 44);
    assert_eq!(projects.iter().map(|p| p.line).collect::<Vec<_>>(), starts);
    let in_group = |g: &str| projects.iter().filter(|p| p.group == g).count();
    assert_eq!(
        groups.iter().map(|g| in_group(g)).collect::<Vec<_>>(),
        [9, 9, 13, 13]
    );
}

#[test]
fn a_row_wrapped_over_a_blank_line_is_one_project() {
    let (text, file) = seed("004");
    let (projects, _) = read_projects(&text, &file);
    let travel = projects
        .iter()
        .find(|p| p.title.text.starts_with("TARGET 30:"))
        .expect("target 30");
    assert_eq!(travel.group, "Joint Targets");
    assert_eq!(
        travel.title.text,
        "TARGET 30: Work towards introducing a Kent youth travel card entitling all 11-16 year \
         olds to free public transport in the county, subject to the outcome of two district pilots"
    );
    assert_eq!(
        travel.deliverables,
        [
            "Update/continue publicity plan including leaflets, press releases and presentations \
          Complete countywide roll out in June 2009 Investigate opportunities for smartcards and \
          options to extend the scheme once it has been rolled out county-wide"
        ]
    );
    assert_eq!(travel.lead_services, ["School Organisation"]);
    assert_eq!(travel.priority.text, "Joint Target T2010");
    assert!(
        travel.title.original.contains('\n'),
        "{:?}",
        travel.title.original
    );
}

#[test]
fn bullets_become_deliverables_and_a_wrapped_bullet_is_finished() {
    let (text, file) = seed("004");
    let (projects, _) = read_projects(&text, &file);
    let workforce = projects
        .iter()
        .find(|p| {
            p.title
                .text
                .starts_with("Workforce planning and development")
        })
        .expect("workforce planning");
    assert_eq!(workforce.group, "Children and Young People's Plan");
    assert_eq!(
        workforce.lead_services,
        [
            "Strategy, Policy & Performance",
            "Finance & Corporate Services"
        ]
    );
    assert_eq!(
        workforce.deliverables,
        [
            "Develop and implement an inter-agency strategy for workforce development",
            "Continue to develop and introduce the lead professional function",
            "Ensure all those who work with Children and Young People have the skills to \
             identify vulnerable children and children with additional needs",
            "Ensure quality of leadership to deliver best outcomes for all",
            "Give our workforce the skills to identify issues faced by families and the \
             knowledge of services available to sign post parents to the help they need",
            "Provide training and support to staff in early years' settings",
        ]
    );
    assert!(workforce
        .deliverables_original
        .starts_with("<ul style=\"list-style-type: none\"> •"));
    assert_eq!(
        workforce.priority.text,
        "V4K CYPP Enabler B/ KCC Performance Improvement Plan"
    );
    assert_eq!(
        workforce.priority.original,
        "<p>V4K CYPP Enabler B/ KCC Performance Improvement Plan</p>"
    );
}

#[test]
fn indicators_and_plan_priorities_are_recognised() {
    let (text, file) = seed("004");
    let (projects, _) = read_projects(&text, &file);
    let by_title = |start: &str| {
        projects
            .iter()
            .find(|p| p.title.text.starts_with(start))
            .unwrap_or_else(|| panic!("{start}"))
    };
    let mental_health = by_title("Improved access to Mental Health services");
    assert_eq!(
        mental_health.priority.text,
        "V4K CYPP 2D/ LAA NI51 Effectiveness of child and adolescent mental health services \
         /JAR Action Plan/ KCC Performance Improvement Plan"
    );
    assert_eq!(
        mental_health.priority_references,
        [PriorityReference::NationalIndicator(51)]
    );
    assert_eq!(
        by_title("To increase engagement").priority_references,
        [
            PriorityReference::CyppPriority(7),
            PriorityReference::NationalIndicator(117),
            PriorityReference::NationalIndicator(78),
            PriorityReference::NationalIndicator(111),
        ]
    );
    let carers = by_title("Young Carers Strategy");
    assert_eq!(
        carers.priority_references,
        [PriorityReference::CyppPriority(5)]
    );
    assert_eq!(
        carers.lead_services,
        [
            "Children's Social Services",
            "Strategy, Policy & Performance"
        ]
    );
    let secondary = by_title("Kent Secondary Strategy");
    assert_eq!(
        secondary.priority.text,
        "V4K Kent Secondary Strategic Plan, CYPP 13"
    );
}
