//! A browser: one person's cookies, sending requests to the router in-process.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::header::{CONTENT_TYPE, COOKIE, HOST};
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use tower::ServiceExt;

use super::Reply;

/// Where requests come from unless a test says otherwise: a local client.
const CLIENT: ([u8; 4], u16) = ([127, 0, 0, 1], 50000);

#[derive(Clone)]
pub struct Browser {
    router: Router,
    cookies: BTreeMap<String, String>,
    /// The address the server sees the connection come from.
    peer: SocketAddr,
    /// Headers sent with every request, as a proxy in front would add them.
    extra_headers: Vec<(String, String)>,
}

impl Browser {
    pub(super) fn new(router: Router) -> Browser {
        Browser {
            router,
            cookies: BTreeMap::new(),
            peer: SocketAddr::from(CLIENT),
            extra_headers: Vec::new(),
        }
    }

    /// This browser, its cookies kept, sending its requests to `router`.
    pub(super) fn through(mut self, router: Router) -> Browser {
        self.router = router;
        self
    }

    /// This browser connecting from `address`, as a proxy's or another client's would.
    pub fn connecting_from(mut self, address: &str) -> Browser {
        self.peer = SocketAddr::new(address.parse().expect("an IP address"), 50000);
        self
    }

    /// This browser with `name: value` added to every request.
    pub fn with_header(mut self, name: &str, value: &str) -> Browser {
        self.extra_headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    /// This browser with a cookie set by hand, as a replayed or stolen one would be.
    pub fn with_cookie(mut self, name: &str, value: &str) -> Browser {
        self.cookies.insert(name.to_owned(), value.to_owned());
        self
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }

    /// Posts a form, with whatever CSRF token is among `fields`.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        self.send(Method::POST, path, Some(fields)).await
    }

    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        form: Option<&[(&str, &str)]>,
    ) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(HOST, "localhost");
        if !self.cookies.is_empty() {
            request = request.header(COOKIE, self.cookie_header());
        }
        let body = match form {
            Some(fields) => {
                request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
                fields
                    .iter()
                    .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                    .collect::<Vec<_>>()
                    .join("&")
            }
            None => String::new(),
        };
        let request = request.body(Body::from(body)).expect("a valid request");
        self.dispatch(request).await
    }

    /// Posts `body` as JSON with `csrf` in the `X-CSRF-Token` header, as an API client would.
    pub async fn post_json(&mut self, path: &str, body: &serde_json::Value, csrf: &str) -> Reply {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(HOST, "localhost")
            .header(CONTENT_TYPE, "application/json")
            .header("x-csrf-token", csrf);
        if !self.cookies.is_empty() {
            request = request.header(COOKIE, self.cookie_header());
        }
        let request = request
            .body(Body::from(body.to_string()))
            .expect("a valid request");
        self.dispatch(request).await
    }

    /// Posts a file as a page's upload form does (`multipart/form-data`),
    /// with `token` as its CSRF field, sent before the file.
    pub async fn upload(
        &mut self,
        path: &str,
        token: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Reply {
        let boundary = "trustboard-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(HOST, "localhost")
            .header(
                CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            );
        if !self.cookies.is_empty() {
            request = request.header(COOKIE, self.cookie_header());
        }
        let request = request.body(Body::from(body)).expect("a valid request");
        self.dispatch(request).await
    }

    /// Sends the request from this browser's address and keeps the cookies it sets.
    async fn dispatch(&mut self, mut request: Request<Body>) -> Reply {
        request.extensions_mut().insert(ConnectInfo(self.peer));
        for (name, value) in &self.extra_headers {
            let name = axum::http::HeaderName::from_bytes(name.as_bytes()).expect("a header name");
            let value = axum::http::HeaderValue::from_str(value).expect("a header value");
            request.headers_mut().append(name, value);
        }
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .unwrap_or_else(|never| match never {});
        let reply = Reply::read(response).await;
        self.remember(&reply);
        reply
    }

    /// A page's CSRF token for this browser's session.
    pub async fn csrf_token(&mut self) -> String {
        self.get("/").await.csrf_token()
    }

    /// Fills in the sign-in form as a person would.
    pub async fn try_sign_in(&mut self, username: &str, password: &str) -> Reply {
        let form = self.get("/sign-in").await;
        assert_eq!(form.status, StatusCode::OK);
        let token = form.csrf_token();
        let fields = [
            ("csrf_token", token.as_str()),
            ("username", username),
            ("password", password),
            ("next", ""),
        ];
        self.post("/sign-in", &fields).await
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Keeps and forgets cookies as a browser does for ours.
    fn remember(&mut self, reply: &Reply) {
        for set in reply.set_cookies() {
            let first = set.split(';').next().unwrap_or_default();
            let Some((name, value)) = first.split_once('=') else {
                continue;
            };
            if set.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }
}

/// Form encoding: unreserved characters as they are, spaces as `+`, the rest as `%XX`.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
