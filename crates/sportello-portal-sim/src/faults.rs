//! The faults the simulator injects, each drawn from its own seeded stream so a run repeats and a
//! test can compute what it should see ([`expected`]), and the broken answers themselves.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::config::SimConfig;
use crate::rng::draw;

/// A kind of fault. Each has its own stream of draws: the n-th decision of a kind depends only on
/// the seed and n.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// A 503 before any work (every request).
    FiveXx,
    /// The request hangs (every request).
    Timeout,
    /// The connection is closed without an answer (every request).
    Drop,
    /// A JSON answer cut in half (lists, single applications, services, messages).
    Truncate,
    /// A JSON answer with a PHP warning in front (same answers as `Truncate`).
    Malformed,
    /// A page repeating the previous page's last item (pages after the first).
    Duplicate,
    /// A page with its items shuffled (every page).
    Reorder,
    /// An attachment's bytes differ from before, or fall short of their `Content-Length`.
    BadHash,
    /// A transition or message post applied, then answered with a 503 or a dropped connection.
    LostAnswer,
}

impl Fault {
    pub const ALL: [Self; 9] = [
        Self::FiveXx,
        Self::Timeout,
        Self::Drop,
        Self::Truncate,
        Self::Malformed,
        Self::Duplicate,
        Self::Reorder,
        Self::BadHash,
        Self::LostAnswer,
    ];

    fn index(self) -> usize {
        Self::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    fn stream(self, seed: u64) -> u64 {
        seed ^ (0xFA17_0000 + self.index() as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93)
    }

    /// Its share in a configuration.
    pub fn share(self, config: &SimConfig) -> f64 {
        match self {
            Self::FiveXx => config.fail_5xx,
            Self::Timeout => config.timeout,
            Self::Drop => config.drop,
            Self::Truncate => config.truncate,
            Self::Malformed => config.malformed,
            Self::Duplicate => config.duplicate,
            Self::Reorder => config.reorder,
            Self::BadHash => config.bad_hash,
            Self::LostAnswer => config.lost_answer,
        }
    }
}

/// Whether the n-th draw (from 0) of `fault` hits at `share`.
pub fn hits(seed: u64, fault: Fault, share: f64, n: u64) -> bool {
    share > 0.0 && draw(fault.stream(seed), n) < share
}

/// How many of the first `draws` decisions of `fault` hit: what a test should count.
pub fn expected(seed: u64, fault: Fault, share: f64, draws: u64) -> u64 {
    (0..draws).filter(|n| hits(seed, fault, share, *n)).count() as u64
}

/// The draws made and the faults injected, per kind.
#[derive(Debug, Default)]
pub struct Counters {
    draws: [AtomicU64; 9],
    injected: [AtomicU64; 9],
}

impl Counters {
    /// Decides the next `fault`: true when it is to be injected (and counted).
    pub fn roll(&self, config: &SimConfig, fault: Fault) -> bool {
        let n = self.draws[fault.index()].fetch_add(1, Ordering::SeqCst);
        let hit = hits(config.seed, fault, fault.share(config), n);
        if hit {
            self.injected[fault.index()].fetch_add(1, Ordering::SeqCst);
        }
        hit
    }

    pub fn draws(&self, fault: Fault) -> u64 {
        self.draws[fault.index()].load(Ordering::SeqCst)
    }

    pub fn injected(&self, fault: Fault) -> u64 {
        self.injected[fault.index()].load(Ordering::SeqCst)
    }
}

/// What every request meets first: the configured latency, then a 503, a hang or a drop.
pub async fn before(config: &SimConfig, counters: &Counters) -> Option<Response> {
    if !config.latency.is_zero() {
        tokio::time::sleep(config.latency).await;
    }
    if counters.roll(config, Fault::FiveXx) {
        return Some(unavailable());
    }
    if counters.roll(config, Fault::Timeout) {
        tokio::time::sleep(config.hang).await;
        return Some(unavailable());
    }
    counters.roll(config, Fault::Drop).then(dropped)
}

pub fn unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({"code": 503, "message": "Service Unavailable"})),
    )
        .into_response()
}

/// A connection closed without an answer: the body fails before its first byte, so the server
/// aborts the connection (hyper closes it on a body error) and the client reads no response.
pub fn dropped() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Vec<u8>, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "simulated drop",
        ))
    });
    Response::new(Body::from_stream(failing))
}

/// A body that promises `declared` bytes and sends fewer: the connection ends mid-way.
pub fn short(bytes: Vec<u8>, declared: u64, content_type: &'static str) -> Response {
    let body = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes)]);
    let mut response = Response::new(Body::from_stream(body));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(content_type),
    );
    headers.insert(header::CONTENT_LENGTH, header::HeaderValue::from(declared));
    response
}

/// A JSON answer, cut in half or made invalid as the dice say.
pub fn json_answer(
    config: &SimConfig,
    counters: &Counters,
    status: StatusCode,
    value: &Value,
) -> Response {
    let text = value.to_string();
    let body = if counters.roll(config, Fault::Truncate) {
        let mut cut = text.len() / 2;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text[..cut].to_owned()
    } else if counters.roll(config, Fault::Malformed) {
        format!("<br />\n<b>Warning</b>:  Undefined array key \"data\" in <b>/var/www/html/src/Controller/Rest/ApplicationsAPIController.php</b> on line <b>412</b><br />\n{text}")
    } else {
        text
    };
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}
