//! A local stand-in for the Comune's portal: OpenCity Italia's API as `OPENCITY_API.md` documents
//! it (JWT login, applications v2 paged through `links.next` with `limit` ≤ 100, services as a bare
//! array, tokens that expire), over generated applications, with faults injected on request (a
//! share of 5xx answers, tokens that expire early). Built to the document, never the other way
//! round: the client is also tried against a server nobody on the team wrote.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Duration as Days, TimeZone, Utc};
use serde_json::{json, Value};

/// What the simulator serves and how it misbehaves.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub user: String,
    pub password: String,
    pub applications: usize,
    pub seed: u64,
    /// How long a token lives (the platform's default is an hour).
    pub token_ttl: Duration,
    /// Share of requests answered 503, in 0..=1, decided by a counter seeded with `seed`.
    pub fail_5xx: f64,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            user: "operatore".into(),
            password: "portale-di-prova".into(),
            applications: 40,
            seed: 2026,
            token_ttl: Duration::from_secs(3600),
            fail_5xx: 0.0,
        }
    }
}

struct Sim {
    config: SimConfig,
    applications: Vec<Value>,
    tokens: std::sync::Mutex<HashMap<String, Instant>>,
    requests: AtomicU64,
    /// Counters for the tests: logins granted, 5xx injected.
    pub logins: AtomicU64,
    pub failures: AtomicU64,
}

/// Counts a test can read while the simulator runs.
#[derive(Clone)]
pub struct SimHandle {
    sim: Arc<Sim>,
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle").finish_non_exhaustive()
    }
}

impl SimHandle {
    pub fn logins(&self) -> u64 {
        self.sim.logins.load(Ordering::SeqCst)
    }
    pub fn failures(&self) -> u64 {
        self.sim.failures.load(Ordering::SeqCst)
    }
    /// Expires every token now (as a portal restart or a short TTL would).
    pub fn expire_tokens(&self) {
        self.sim
            .tokens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }
}

/// A deterministic number in `0..1` for the n-th draw.
fn draw(seed: u64, n: u64) -> f64 {
    let mut x = seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

const GIVEN: [&str; 8] = [
    "Mario", "Giulia", "Luca", "Sara", "Paolo", "Anna", "Marco", "Elena",
];
const FAMILY: [&str; 8] = [
    "Rossi", "Bianchi", "Russo", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci",
];

/// The n-th generated application, shaped as OPENCITY_API.md §3 documents it.
fn application(n: usize, seed: u64, base: &str) -> Value {
    let given = GIVEN[n % GIVEN.len()];
    let family = FAMILY[(n / GIVEN.len() + usize::try_from(seed % 7).unwrap_or(0)) % FAMILY.len()];
    let id = format!("00000000-0000-4000-8000-{n:012}");
    let submitted = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .unwrap_or_default()
        + Days::minutes(i64::try_from(n).unwrap_or(0) * 7);
    let at = submitted.with_timezone(
        &chrono::FixedOffset::east_opt(3600).expect("one hour east of UTC is a valid offset"),
    );
    json!({
        "id": id, "user": format!("5b00796e-0000-4000-8000-{n:012}"), "user_name": format!("{given} {family}"),
        "service": "certificato-anagrafico", "service_id": "5756cd98-7fe6-4818-bad8-69a2c843b546",
        "service_name": "Certificato anagrafico", "service_group_name": null,
        "tenant": "60e35f02-0000-4000-8000-000000000001",
        "subject": format!("Certificato anagrafico {given} {family}"),
        "data": {"applicant": {"completename": {"name": given, "surname": family},
                 "email_address": format!("{}.{}@esempio.it", given.to_lowercase(), family.to_lowercase())},
                 "documento_identita": [{"id": format!("f0000000-0000-4000-8000-{n:012}"), "name": "ci.pdf",
                   "url": format!("{base}/applications/{id}/attachments/f0000000-0000-4000-8000-{n:012}?version=2"),
                   "originalName": format!("carta-identita-{}.pdf", family.to_lowercase())}]},
        "backoffice_data": null, "compiled_modules": [], "attachments": [],
        "created_at": at.to_rfc3339(), "submitted_at": at.to_rfc3339(),
        "latest_status_change_time": submitted.timestamp(), "latest_status_change_at": at.to_rfc3339(),
        "protocol_folder_number": null, "protocol_number": null, "protocol_numbers": [],
        "outcome": null, "payment_type": null, "payment_data": [],
        "status": "2000", "status_name": "status_submitted",
        "links": [{"action": "assign", "description": "Assign Application", "url": format!("/lang/api/applications/{id}/transition/assign?version=2")}],
        "meetings": [], "integrations": [], "flow_changed_at": null, "user_compilation_notes": null
    })
}

fn error(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

impl Sim {
    /// A 503 now and then, as configured.
    fn injected_failure(&self) -> Option<Response> {
        let n = self.requests.fetch_add(1, Ordering::SeqCst);
        (draw(self.config.seed, n) < self.config.fail_5xx).then(|| {
            self.failures.fetch_add(1, Ordering::SeqCst);
            error(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({"code": 503, "message": "Service Unavailable"}),
            )
        })
    }

    /// What an authenticated endpoint answers before its work: an injected failure, or a 401 for a
    /// missing or expired token; `None` to go on.
    fn refuse(&self, headers: &HeaderMap) -> Option<Response> {
        if let Some(failure) = self.injected_failure() {
            return Some(failure);
        }
        (!self.authorised(headers)).then(|| {
            error(
                StatusCode::UNAUTHORIZED,
                json!({"code": 401, "message": "Expired JWT Token"}),
            )
        })
    }

    fn authorised(&self, headers: &HeaderMap) -> bool {
        let Some(token) = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return false;
        };
        let tokens = self
            .tokens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        tokens
            .get(token)
            .is_some_and(|until| Instant::now() < *until)
    }
}

async fn auth(State(sim): State<Arc<Sim>>, Json(body): Json<Value>) -> Response {
    if let Some(failure) = sim.injected_failure() {
        return failure;
    }
    if body["username"] != sim.config.user.as_str()
        || body["password"] != sim.config.password.as_str()
    {
        return error(
            StatusCode::UNAUTHORIZED,
            json!({"code": 401, "message": "Invalid credentials."}),
        );
    }
    let n = sim.logins.fetch_add(1, Ordering::SeqCst);
    let token = format!("sim-token-{}-{n}", sim.config.seed);
    sim.tokens
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(token.clone(), Instant::now() + sim.config.token_ttl);
    Json(json!({ "token": token })).into_response()
}

/// The bytes of a generated file: a small PDF-like document naming the file.
pub fn attachment_bytes(file_id: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% Sportello portal simulator, file {file_id}\n%%EOF\n").into_bytes()
}

async fn attachment(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path((application, file)): Path<(String, String)>,
) -> Response {
    if let Some(refused) = sim.refuse(&headers) {
        return refused;
    }
    let known = sim.applications.iter().any(|a| {
        a["id"] == application.as_str() && a["data"]["documento_identita"][0]["id"] == file.as_str()
    });
    if !known {
        return error(StatusCode::NOT_FOUND, json!(["Attachment not found"]));
    }
    (
        [
            ("content-type", "application/pdf".to_owned()),
            (
                "content-disposition",
                format!("attachment; filename=\"{file}.pdf\""),
            ),
        ],
        attachment_bytes(&file),
    )
        .into_response()
}

async fn services(State(sim): State<Arc<Sim>>) -> Response {
    if let Some(failure) = sim.injected_failure() {
        return failure;
    }
    Json(json!([{"id": "5756cd98-7fe6-4818-bad8-69a2c843b546", "identifier": "certificato-anagrafico",
                 "name": "Certificato anagrafico", "slug": "certificato-anagrafico", "status": 1,
                 "max_response_time": 30}]))
    .into_response()
}

async fn list_applications(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = sim.refuse(&headers) {
        return refused;
    }
    let number =
        |key: &str, default: usize| query.get(key).map_or(Ok(default), |v| v.parse::<usize>());
    let (Ok(offset), Ok(limit)) = (number("offset", 0), number("limit", 10)) else {
        return error(StatusCode::BAD_REQUEST, json!(["Invalid offset or limit"]));
    };
    if limit > 100 {
        return error(
            StatusCode::BAD_REQUEST,
            json!(["Limit parameter is too high"]),
        );
    }
    let total = sim.applications.len();
    let page: Vec<Value> = sim
        .applications
        .iter()
        .skip(offset)
        .take(limit)
        .cloned()
        .collect();
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let link = |offset: usize| {
        format!("http://{host}/lang/api/applications?offset={offset}&limit={limit}&version=2")
    };
    let next = (offset + limit < total).then(|| link(offset + limit));
    let prev = (offset > 0).then(|| link(offset.saturating_sub(limit)));
    Json(json!({
        "meta": {"parameter": {"offset": offset, "limit": limit, "version": 2}, "count": total},
        "links": {"self": link(offset), "prev": prev, "next": next},
        "data": page
    }))
    .into_response()
}

/// Serves the simulator on `listener` until the task is dropped; returns a handle for its counters.
pub fn serve(
    listener: tokio::net::TcpListener,
    config: SimConfig,
) -> (SimHandle, tokio::task::JoinHandle<()>) {
    let base = listener.local_addr().map_or_else(
        |_| "http://localhost/lang/api".to_owned(),
        |a| format!("http://{a}/lang/api"),
    );
    let applications = (0..config.applications)
        .map(|n| application(n, config.seed, &base))
        .collect();
    let sim = Arc::new(Sim {
        config,
        applications,
        tokens: std::sync::Mutex::new(HashMap::new()),
        requests: AtomicU64::new(0),
        logins: AtomicU64::new(0),
        failures: AtomicU64::new(0),
    });
    let app = Router::new()
        .route("/lang/api/auth", post(auth))
        .route("/lang/api/services", get(services))
        .route("/lang/api/applications", get(list_applications))
        .route(
            "/lang/api/applications/{application}/attachments/{file}",
            get(attachment),
        )
        .with_state(sim.clone());
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "portal simulator stopped");
        }
    });
    (SimHandle { sim }, task)
}
