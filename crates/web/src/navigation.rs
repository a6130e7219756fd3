//! What pages link to and how: the header's [`Nav`], breadcrumbs, and the
//! percent-encoding of the names that go into addresses. A leaf: it imports
//! nothing else from the crate, so anything may use it.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What the page header needs: who is signed in and which sections they may open.
pub struct Nav {
    pub user: Option<NavUser>,
}

pub struct NavUser {
    pub username: String,
    pub role_label: &'static str,
    pub csrf_token: String,
    pub can_manage_users: bool,
    pub can_view_audit_log: bool,
    pub can_configure_sign_off: bool,
    pub can_view_own_work: bool,
    pub can_approve_figures: bool,
    pub can_use_register: bool,
    pub can_import_tables: bool,
    pub can_view_returns: bool,
}

impl Nav {
    pub fn anonymous() -> Nav {
        Nav { user: None }
    }

    /// The token every form on the page must post back.
    pub fn csrf_token(&self) -> &str {
        self.user.as_ref().map_or("", |user| &user.csrf_token)
    }
}

/// One step in a page's breadcrumbs.
pub struct Crumb {
    pub label: String,
    pub href: String,
}

impl Crumb {
    pub fn new(label: impl Into<String>, href: impl Into<String>) -> Crumb {
        Crumb {
            label: label.into(),
            href: href.into(),
        }
    }
}

/// A plan's overview page, the root of its other pages' addresses.
pub fn plan_path(id: i64) -> String {
    format!("/plans/{id}")
}

/// Everything but RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// As [`SEGMENT`], but keeping `/` so a local path stays readable.
const PATH: &AsciiSet = &SEGMENT.remove(b'/');

/// Percent-encodes one path segment or query value (indicator keys hold spaces and may hold `/`).
pub fn segment(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

/// Percent-encodes a local path for a query string, such as the sign-in page's `next`.
pub fn path_in_query(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoding_keeps_paths_readable_and_escapes_the_rest() {
        assert_eq!(path_in_query("/admin/users"), "/admin/users");
        assert_eq!(
            path_in_query("/admin/audit?before=5&x=é"),
            "/admin/audit%3Fbefore%3D5%26x%3D%C3%A9"
        );
    }

    #[test]
    fn segments_escape_slashes_and_spaces() {
        assert_eq!(segment("NI 61/a~b_c.d-e"), "NI%2061%2Fa~b_c.d-e");
        assert_eq!(segment("2010/11"), "2010%2F11");
    }
}
