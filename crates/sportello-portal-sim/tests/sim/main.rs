//! The simulator over real HTTP, as a client meets it: paging and filters, transitions with the
//! documented rules and errors, messages, attachments, and each fault at its configured share.
#![allow(clippy::unwrap_used)]

mod applications;
mod faults;
mod messages;
mod transitions;

use std::time::Duration;

use serde_json::{json, Value};
use sportello_portal_sim::{serve, SimConfig, SimHandle};

/// A running simulator and a plain HTTP client logged in as its operator.
#[derive(Debug)]
pub struct Portal {
    pub base: String,
    pub sim: SimHandle,
    pub http: reqwest::Client,
    pub token: String,
}

/// What came back: the status (0 when no answer could be read) and the body, parsed when it is
/// JSON (`Value::String` with the raw text otherwise).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
}

impl Answer {
    pub fn json(&self) -> bool {
        !self.body.is_string()
    }
}

pub async fn start(config: SimConfig) -> Portal {
    start_with_timeout(config, Duration::from_secs(10)).await
}

pub async fn start_with_timeout(config: SimConfig, timeout: Duration) -> Portal {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/lang/api", listener.local_addr().unwrap());
    let (sim, _task) = serve(listener, config);
    let http = reqwest::Client::builder().timeout(timeout).build().unwrap();
    let mut portal = Portal {
        base,
        sim,
        http,
        token: String::new(),
    };
    portal.token = portal.login("operatore", "portale-di-prova").await;
    portal
}

impl Portal {
    /// A token for an account (retried past injected faults).
    pub async fn login(&self, user: &str, password: &str) -> String {
        for _ in 0..50 {
            let a = self
                .send(
                    self.http
                        .post(format!("{}/auth", self.base))
                        .json(&json!({"username": user, "password": password})),
                )
                .await;
            if a.status == 200 && a.json() {
                return a.body["token"].as_str().unwrap().to_owned();
            }
        }
        panic!("no login");
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let Ok(response) = request.send().await else {
            return Answer {
                status: 0,
                body: Value::Null,
            };
        };
        let status = response.status().as_u16();
        match response.text().await {
            Ok(text) if text.is_empty() => Answer {
                status,
                body: Value::Null,
            },
            Ok(text) => Answer {
                status,
                body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
            },
            Err(_) => Answer {
                status: 0,
                body: Value::Null,
            },
        }
    }

    /// `GET {base}{path}` with the operator's token.
    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.http.get(self.url(path)).bearer_auth(&self.token))
            .await
    }

    pub async fn post_as(&self, token: &str, path: &str, body: &Value) -> Answer {
        self.send(self.http.post(self.url(path)).bearer_auth(token).json(body))
            .await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.post_as(&self.token, path, body).await
    }

    pub async fn transition(&self, id: &str, action: &str, body: &Value) -> Answer {
        self.post(&format!("/applications/{id}/transition/{action}"), body)
            .await
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        }
    }

    /// Every application the default list shows, through `links.next`.
    pub async fn all(&self, query: &str) -> Vec<Value> {
        let mut url = format!("/applications?version=2&limit=100{query}");
        let mut all = Vec::new();
        loop {
            let page = self.get(&url).await;
            assert_eq!(page.status, 200, "{page:?}");
            all.extend(page.body["data"].as_array().unwrap().iter().cloned());
            match page.body["links"]["next"].as_str() {
                Some(next) => next.clone_into(&mut url),
                None => return all,
            }
        }
    }
}

/// Faults off and no hostile data: a quiet portal.
pub fn quiet() -> SimConfig {
    SimConfig {
        hostile: 0.0,
        rule_breaking: 0.0,
        ..SimConfig::default()
    }
}
