//! Forms people fill in again and again across the tests.

use super::{Browser, Reply};

impl Browser {
    /// Posts `fields` with this session's CSRF token, as the page's form would.
    pub async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let token = self.csrf_token().await;
        let mut with_token = vec![("csrf_token", token.as_str())];
        with_token.extend_from_slice(fields);
        self.post(path, &with_token).await
    }

    /// An administrator's new-user form, with `role` as its form code (`board_member`).
    pub async fn add_account(&mut self, username: &str, role: &str, password: &str) -> Reply {
        let fields = [
            ("username", username),
            ("role", role),
            ("password", password),
        ];
        self.submit("/admin/users", &fields).await
    }

    /// Publishes plan 1, or withdraws it.
    pub async fn publish_plan(&mut self, published: bool) -> Reply {
        let answer = if published { "yes" } else { "no" };
        self.submit("/plans/1/published", &[("published", answer)])
            .await
    }
}
