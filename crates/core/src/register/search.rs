//! What a search of the register asks for: part of a child's name (words
//! without digits), their whole reference, or their date of birth
//! (`2003-05-01` or `1/5/2003`), any of them matching; and how many children
//! one search shows.

use chrono::NaiveDate;

use super::Child;

/// A search shows at most this many children, first by reference; the page
/// says when there were more, so the user can narrow it.
pub const SEARCH_LIMIT: usize = 50;

/// A search as typed, read once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildSearch {
    /// The words typed, trimmed and in lower case: matched within the
    /// name, and against the whole reference.
    pub text: String,
    /// The date of birth the text gives, if it is one.
    pub born: Option<NaiveDate>,
}

impl ChildSearch {
    /// `None` for an empty search.
    pub fn new(query: &str) -> Option<ChildSearch> {
        let text = query.trim().to_lowercase();
        if text.is_empty() {
            return None;
        }
        let born = text
            .parse::<NaiveDate>()
            .ok()
            .or_else(|| NaiveDate::parse_from_str(&text, "%d/%m/%Y").ok());
        Some(ChildSearch { text, born })
    }

    /// Whether the text is looked for within names: not when it holds a
    /// digit (a reference or a date), so such a search never walks the names.
    pub fn in_names(&self) -> bool {
        !self.text.chars().any(|c| c.is_ascii_digit())
    }

    pub fn matches(&self, child: &Child) -> bool {
        (self.in_names() && child.name.to_lowercase().contains(&self.text))
            || child.id.0.to_lowercase() == self.text
            || self
                .born
                .is_some_and(|born| child.date_of_birth == Some(born))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::{ChildFlags, ChildId, Gender};

    fn child() -> Child {
        Child {
            id: ChildId::new("K00042"),
            organisation: "Kingston".into(),
            name: "Ruby Nowak".into(),
            date_of_birth: NaiveDate::from_ymd_opt(2003, 5, 1),
            gender: Gender::Female,
            ethnicity: None,
            setting: None,
            locality: None,
            family: None,
            flags: ChildFlags::default(),
        }
    }

    #[test]
    fn part_of_the_name_the_whole_reference_or_the_birthday_finds_the_child() {
        for query in ["nowa", " RUBY NOWAK ", "k00042", "2003-05-01", "1/5/2003"] {
            let search = ChildSearch::new(query).expect("a search");
            assert!(search.matches(&child()), "{query}");
        }
        let mut numbered = child();
        numbered.name = "Ruby Nowak 2".into();
        let digits = ChildSearch::new("nowak 2").expect("a search");
        assert!(
            !digits.matches(&numbered),
            "digits are not looked for in names"
        );
        for query in ["K0004", "Ruby Smith", "2003-05-02"] {
            let search = ChildSearch::new(query).expect("a search");
            assert!(!search.matches(&child()), "{query}");
        }
    }

    #[test]
    fn an_empty_search_asks_for_nothing() {
        assert_eq!(ChildSearch::new("  "), None);
    }
}
