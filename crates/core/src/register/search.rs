//! What a search of the register asks for: the start of each word of a
//! child's name (words without digits), their whole reference, or their date
//! of birth (`2003-05-01` or `1/5/2003`), any of them matching; and how many
//! children one search shows.

use chrono::NaiveDate;

use super::{Child, ChildId};

/// A search shows at most this many children, first by reference; the page
/// says when there were more, so the user can narrow it.
pub const SEARCH_LIMIT: usize = 50;

/// A child as a search lists them: enough to tell children apart and to
/// open the right record, and no more of the record than that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildListing {
    pub id: ChildId,
    /// The partnership whose register the child is on.
    pub organisation: String,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub locality: Option<String>,
}

impl From<&Child> for ChildListing {
    fn from(child: &Child) -> Self {
        ChildListing {
            id: child.id.clone(),
            organisation: child.organisation.clone(),
            name: child.name.clone(),
            date_of_birth: child.date_of_birth,
            locality: child.locality.clone(),
        }
    }
}

/// A search as typed, read once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildSearch {
    /// The words typed, trimmed and in lower case: matched against the
    /// whole reference.
    pub text: String,
    /// The typed words as [`name_words`] splits them, each of which must
    /// begin a word of the name; empty when the text is not looked for in
    /// names.
    pub words: Vec<String>,
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
        // Text with a digit is a reference or a date, never looked for in
        // names.
        let words = if text.chars().any(|c| c.is_ascii_digit()) {
            Vec::new()
        } else {
            name_words(&text)
        };
        Some(ChildSearch { text, born, words })
    }

    /// Whether each typed word begins a word of `name`.
    pub fn matches_name(&self, name: &str) -> bool {
        let name = name_words(name);
        !self.words.is_empty()
            && self
                .words
                .iter()
                .all(|typed| name.iter().any(|word| word.starts_with(typed.as_str())))
    }

    pub fn matches(&self, child: &ChildListing) -> bool {
        self.matches_name(&child.name)
            || child.id.0.to_lowercase() == self.text
            || self
                .born
                .is_some_and(|born| child.date_of_birth == Some(born))
    }
}

/// The words of a name as a search sees them: in lower case, split at
/// spaces, hyphens and any other mark that is not a letter or a digit, with
/// apostrophes dropped (`O'Brien` is `obrien`), each word once.
pub fn name_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for part in name.split(|c: char| !c.is_alphanumeric() && !is_apostrophe(c)) {
        let word: String = part
            .chars()
            .filter(|c| !is_apostrophe(*c))
            .flat_map(char::to_lowercase)
            .collect();
        if !word.is_empty() && !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '`')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child() -> ChildListing {
        ChildListing {
            id: ChildId::new("K00042"),
            organisation: "Kingston".into(),
            name: "Ruby Nowak".into(),
            date_of_birth: NaiveDate::from_ymd_opt(2003, 5, 1),
            locality: None,
        }
    }

    #[test]
    fn part_of_the_name_the_whole_reference_or_the_birthday_finds_the_child() {
        for query in [
            "nowa",
            " RUBY NOWAK ",
            "nowak ruby",
            "ru no",
            "k00042",
            "2003-05-01",
            "1/5/2003",
        ] {
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
        for query in ["K0004", "Ruby Smith", "owak", "by", "-", "2003-05-02"] {
            let search = ChildSearch::new(query).expect("a search");
            assert!(!search.matches(&child()), "{query}");
        }
    }

    #[test]
    fn a_name_splits_into_words_as_people_type_them() {
        assert_eq!(name_words("Mary-Jane O'Brien"), ["mary", "jane", "obrien"]);
        assert_eq!(
            name_words("  ÉMILE  D\u{2019}Arcy émile"),
            ["émile", "darcy"]
        );
        assert_eq!(name_words("--"), Vec::<String>::new());
        let search = ChildSearch::new("o'brien mary").expect("a search");
        assert!(search.matches_name("Mary-Jane O'Brien"));
        assert!(search.matches_name("Mary OBrien"));
        assert!(!search.matches_name("Mary Brien"));
    }

    #[test]
    fn an_empty_search_asks_for_nothing() {
        assert_eq!(ChildSearch::new("  "), None);
    }
}
