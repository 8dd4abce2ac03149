//! The portal's HTTP client (reqwest): JWT login, and login again on a 401 (the platform has no
//! refresh); every request with a timeout, retried with exponential backoff and jitter on what may
//! pass (a timeout, a dropped connection, a 5xx, a 429), never on what will not (another 4xx); pages
//! of at most 100 applications followed through `links.next` until the server's count is reached.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::model::{Page, Service};

/// Never more per page: the platform answers 400 above 100.
pub const MAX_PAGE: u32 = 100;

/// What went wrong talking to the portal, for IT's log; the sync turns it into the officer's words.
#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    #[error("the portal refused the credentials ({0})")]
    Login(StatusCode),
    #[error("the portal answered {status} to {what}: {body}")]
    Status {
        what: String,
        status: StatusCode,
        body: String,
    },
    #[error("the portal could not be reached for {what} after {attempts} attempts: {source}")]
    Unreachable {
        what: String,
        attempts: u32,
        source: reqwest::Error,
    },
    #[error("the portal's answer to {what} is not what the API documents: {problem}")]
    Shape { what: String, problem: String },
    #[error("the file at {url} is larger than {limit} bytes")]
    TooLarge { url: String, limit: u64 },
}

/// How patient the client is.
#[derive(Debug, Clone)]
pub struct Patience {
    /// Per request, connection included.
    pub timeout: Duration,
    /// Attempts per request (the first included).
    pub attempts: u32,
    /// The first wait between attempts; it doubles, with up to half of it added at random.
    pub backoff: Duration,
}

impl Default for Patience {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(20),
            attempts: 5,
            backoff: Duration::from_millis(300),
        }
    }
}

/// Where a listing stands: the next page's URL, the items read, the server's count.
#[derive(Debug, Clone)]
pub struct Pages {
    next: Option<String>,
    /// The distinct applications read (a page may repeat an item of the previous one).
    seen: std::collections::HashSet<String>,
    /// The total the server announced, once a page said it.
    pub count: Option<u64>,
}

/// A client logged in to one portal as one operator account. A clone shares the connection pool
/// and starts with the same token (the sync's concurrent readers).
#[derive(Debug, Clone)]
pub struct PortalClient {
    http: reqwest::Client,
    /// `https://host/lang/api`, without a trailing slash.
    base: String,
    username: String,
    password: String,
    token: Option<String>,
    patience: Patience,
    /// Logins made so far (the first, and one after each 401).
    pub logins: u32,
}

/// A small pseudo-random jitter, in `0..=max` milliseconds (no need for a cryptographic source).
fn jitter(max: u64, seed: u64) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::from(d.subsec_nanos()));
    let mixed =
        (nanos ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    if max == 0 {
        0
    } else {
        mixed % (max + 1)
    }
}

fn retryable(status: StatusCode) -> bool {
    status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS
}

impl PortalClient {
    pub fn new(
        base: &str,
        username: &str,
        password: &str,
        patience: Patience,
    ) -> Result<Self, PortalError> {
        let http = reqwest::Client::builder()
            .timeout(patience.timeout)
            .connect_timeout(patience.timeout)
            .user_agent(concat!("Sportello/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| PortalError::Unreachable {
                what: "the client".into(),
                attempts: 0,
                source: e,
            })?;
        Ok(Self {
            http,
            base: base.trim_end_matches('/').to_owned(),
            username: username.to_owned(),
            password: password.to_owned(),
            token: None,
            patience,
            logins: 0,
        })
    }

    /// `POST /auth` with the account's credentials; keeps the JWT.
    pub async fn login(&mut self) -> Result<(), PortalError> {
        let url = format!("{}/auth", self.base);
        let body = serde_json::json!({"username": self.username, "password": self.password});
        let response = self
            .send_retrying("login", || self.http.post(&url).json(&body))
            .await?;
        let status = response.status();
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(PortalError::Login(status));
        }
        let value = self.json("login", response).await?;
        let token = value["token"]
            .as_str()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| PortalError::Shape {
                what: "login".into(),
                problem: "no token in the answer".into(),
            })?;
        self.token = Some(token.to_owned());
        self.logins += 1;
        Ok(())
    }

    /// Sends one request, retrying what may pass with backoff and jitter.
    async fn send_retrying(
        &self,
        what: &str,
        request: impl Fn() -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, PortalError> {
        self.send_attempts(what, self.patience.attempts, request)
            .await
    }

    /// Sends one request up to `attempts` times.
    async fn send_attempts(
        &self,
        what: &str,
        attempts: u32,
        request: impl Fn() -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, PortalError> {
        let mut wait = self.patience.backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt >= attempts;
            match request().send().await {
                Ok(response) if retryable(response.status()) && !last => {
                    tracing::warn!(what, status = %response.status(), attempt, "portal busy or failing; retrying");
                }
                Ok(response) => return Ok(response),
                Err(e)
                    if !last
                        && (e.is_timeout() || e.is_connect() || e.is_request() || e.is_body()) =>
                {
                    tracing::warn!(what, error = %e, attempt, "portal unreachable; retrying");
                }
                Err(e) => {
                    return Err(PortalError::Unreachable {
                        what: what.to_owned(),
                        attempts: attempt,
                        source: e,
                    })
                }
            }
            let extra = jitter(
                u64::try_from(wait.as_millis() / 2).unwrap_or(0),
                u64::from(attempt),
            );
            tokio::time::sleep(wait + Duration::from_millis(extra)).await;
            wait = wait.saturating_mul(2);
        }
    }

    /// An authenticated request; on a 401 (an expired token) logs in again once and repeats it.
    async fn authenticated(
        &mut self,
        method: Method,
        url: &str,
        what: &str,
    ) -> Result<reqwest::Response, PortalError> {
        self.authenticated_with(method, url, what, None, None).await
    }

    /// The same, with a JSON body and an `Idempotency-Key` header (sent on every attempt; a server
    /// that honours it applies the request once, one that ignores it is checked by the caller).
    async fn authenticated_with(
        &mut self,
        method: Method,
        url: &str,
        what: &str,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> Result<reqwest::Response, PortalError> {
        if self.token.is_none() {
            self.login().await?;
        }
        let mut relogged = false;
        loop {
            let token = self.token.clone().unwrap_or_default();
            // A POST is sent once: if its answer is lost it may have been applied, and only the
            // caller, who can read the portal's state, may decide to send it again.
            let attempts = if body.is_some() {
                1
            } else {
                self.patience.attempts
            };
            let response = self
                .send_attempts(what, attempts, || {
                    let mut request = self.http.request(method.clone(), url).bearer_auth(&token);
                    if let Some(body) = body {
                        request = request.json(body);
                    }
                    if let Some(key) = key {
                        request = request.header("Idempotency-Key", key);
                    }
                    request
                })
                .await?;
            if response.status() == StatusCode::UNAUTHORIZED && !relogged {
                tracing::info!(what, "portal token expired; logging in again");
                self.login().await?;
                relogged = true;
                continue;
            }
            return Ok(response);
        }
    }

    async fn call(&mut self, method: Method, url: &str, what: &str) -> Result<Value, PortalError> {
        let response = self.authenticated(method, url, what).await?;
        self.json(what, response).await
    }

    /// A file's bytes (a file reference's `url`, with the Bearer header), refused past `limit`
    /// bytes whatever the file claims: read as it streams, never trusted from a header.
    pub async fn download(&mut self, url: &str, limit: u64) -> Result<Vec<u8>, PortalError> {
        let mut response = self.authenticated(Method::GET, url, "attachment").await?;
        let status = response.status();
        if !status.is_success() {
            let body = response.text().await.unwrap_or_default();
            return Err(PortalError::Status {
                what: "attachment".into(),
                status,
                body: body.chars().take(300).collect(),
            });
        }
        let too_large = || PortalError::TooLarge {
            url: url.to_owned(),
            limit,
        };
        if response.content_length().is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| PortalError::Unreachable {
                what: "attachment".into(),
                attempts: 1,
                source: e,
            })?
        {
            if (bytes.len() + chunk.len()) as u64 > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    async fn json(&self, what: &str, response: reqwest::Response) -> Result<Value, PortalError> {
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| PortalError::Unreachable {
                what: what.to_owned(),
                attempts: 1,
                source: e,
            })?;
        if !status.is_success() {
            return Err(PortalError::Status {
                what: what.to_owned(),
                status,
                body: text.chars().take(300).collect(),
            });
        }
        serde_json::from_str(&text).map_err(|e| PortalError::Shape {
            what: what.to_owned(),
            problem: e.to_string(),
        })
    }

    /// `GET /services`: a bare array.
    pub async fn services(&mut self) -> Result<Vec<Service>, PortalError> {
        let url = format!("{}/services", self.base);
        let value = self.call(Method::GET, &url, "services").await?;
        serde_json::from_value(value).map_err(|e| PortalError::Shape {
            what: "services".into(),
            problem: e.to_string(),
        })
    }

    /// Every application the filter selects (`query`, e.g. `submittedAt[after]=…`), page by page
    /// through `links.next`, at most 100 at a time; items stay raw (read one by one by the ingest).
    pub async fn applications(&mut self, query: &str) -> Result<Vec<Value>, PortalError> {
        let mut pages = self.pages(query);
        let mut all = Vec::new();
        while let Some(page) = self.next_page(&mut pages).await? {
            all.extend(page);
        }
        Ok(all)
    }

    /// The pages of a listing, to read one at a time ([`PortalClient::next_page`]) while the
    /// previous one is being worked on.
    pub fn pages(&self, query: &str) -> Pages {
        Pages {
            next: Some(format!(
                "{}/applications?version=2&limit={MAX_PAGE}&offset=0{}{}",
                self.base,
                if query.is_empty() { "" } else { "&" },
                query
            )),
            seen: std::collections::HashSet::new(),
            count: None,
        }
    }

    /// The next page of a listing, or `None` once `links.next` is null, a page is empty or the
    /// server's count is reached.
    pub async fn next_page(
        &mut self,
        pages: &mut Pages,
    ) -> Result<Option<Vec<Value>>, PortalError> {
        let Some(url) = pages.next.take() else {
            return Ok(None);
        };
        let value = self.call(Method::GET, &url, "applications").await?;
        let page: Page = serde_json::from_value(value).map_err(|e| PortalError::Shape {
            what: "applications".into(),
            problem: e.to_string(),
        })?;
        pages.count = page.count().or(pages.count);
        for item in &page.data {
            if let Some(id) = item.get("id").and_then(Value::as_str) {
                pages.seen.insert(id.to_owned());
            }
        }
        let more = pages.count.is_none_or(|c| (pages.seen.len() as u64) < c);
        if !page.data.is_empty() && more {
            pages.next = page.links.next;
        }
        Ok(Some(page.data))
    }
    /// One application (`GET /applications/{id}?version=2`), raw.
    pub async fn application(&mut self, id: &str) -> Result<Value, PortalError> {
        let url = format!("{}/applications/{id}?version=2", self.base);
        self.call(Method::GET, &url, "application").await
    }

    /// `POST /applications/{id}/transition/{action}` with its JSON body: 204 on success. Sent once
    /// per call: after an error the caller reads the portal's state before calling again.
    pub async fn transition(
        &mut self,
        id: &str,
        action: &str,
        body: &Value,
        key: &str,
    ) -> Result<(), PortalError> {
        let url = format!("{}/applications/{id}/transition/{action}", self.base);
        let what = format!("transition {action}");
        let response = self
            .authenticated_with(Method::POST, &url, &what, Some(body), Some(key))
            .await?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let body = response.text().await.unwrap_or_default();
        Err(PortalError::Status {
            what,
            status,
            body: body.chars().take(300).collect(),
        })
    }

    /// The application's messages (internal ones are not returned), page by page (≤ 100).
    pub async fn messages(&mut self, id: &str) -> Result<Vec<Value>, PortalError> {
        let mut all = Vec::new();
        loop {
            let url = format!(
                "{}/applications/{id}/messages?offset={}&limit={MAX_PAGE}",
                self.base,
                all.len()
            );
            let value = self.call(Method::GET, &url, "messages").await?;
            let page = match value {
                Value::Array(items) => items,
                Value::Object(mut o) => match o.remove("data") {
                    Some(Value::Array(items)) => items,
                    _ => Vec::new(),
                },
                _ => {
                    return Err(PortalError::Shape {
                        what: "messages".into(),
                        problem: "not a list".into(),
                    })
                }
            };
            let full = page.len() as u32 >= MAX_PAGE;
            all.extend(page);
            if !full {
                return Ok(all);
            }
        }
    }

    /// `POST /applications/{id}/messages`: 201 with the created message.
    pub async fn post_message(
        &mut self,
        id: &str,
        body: &Value,
        key: &str,
    ) -> Result<Value, PortalError> {
        let url = format!("{}/applications/{id}/messages", self.base);
        let response = self
            .authenticated_with(Method::POST, &url, "message", Some(body), Some(key))
            .await?;
        self.json("message", response).await
    }
}
