//! A response as the tests read it, and what they look for in pages.

use axum::body::Body;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, Response, StatusCode};

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as text (a binary download's is not readable).
    pub body: String,
    /// The body exactly as sent.
    pub bytes: Vec<u8>,
}

impl Reply {
    pub(super) async fn read(response: Response<Body>) -> Reply {
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .expect("the whole body");
        Reply {
            status: parts.status,
            headers: parts.headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    /// A header's value, or "" when it is missing.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn location(&self) -> &str {
        self.header(LOCATION.as_str())
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect()
    }

    /// The value of the first hidden field `name` in the page.
    pub fn hidden_field(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("no field {name} in:\n{}", self.body))
            + marker.len();
        self.body[start..]
            .chars()
            .take_while(|c| *c != '"')
            .collect()
    }

    /// The value of the first hidden `csrf_token` field in the page.
    pub fn csrf_token(&self) -> String {
        self.hidden_field("csrf_token")
    }

    pub fn error_summary(&self) -> String {
        let start = self.body.find("<div class=\"error-summary\"");
        let start = start.unwrap_or_else(|| panic!("no error summary in:\n{}", self.body));
        let end = self.body[start..]
            .find("</div>")
            .map_or(self.body.len(), |i| start + i);
        self.body[start..end].to_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}):\n{}", self.body))
    }
}

/// The text of every cell of the HTML table with id `table-{id}`, row by row, tags stripped.
pub fn html_table_rows(body: &str, id: &str) -> Vec<Vec<String>> {
    let start = body
        .find(&format!("id=\"table-{id}\""))
        .unwrap_or_else(|| panic!("no table {id} in:\n{body}"));
    let body = &body[start..];
    let tbody =
        &body[body.find("<tbody>").unwrap_or(0)..body.find("</tbody>").unwrap_or(body.len())];
    tbody
        .split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| cell_text(&format!("<td{}", cell.split("</td>").next().unwrap_or(""))))
                .collect()
        })
        .collect()
}

/// A cell's text: tags dropped, entities decoded, trimmed.
fn cell_text(cell: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in cell.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .trim()
        .to_owned()
}

/// The `href`s of the links in `body` whose address contains `part`.
pub fn links_containing(body: &str, part: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.contains(part))
        .map(|href| href.replace("&amp;", "&"))
        .collect()
}
