//! The HTTP surface: OPENCITY_API.md's endpoints under `/lang/api`, each behind the same gate
//! (latency and injected faults first, then the token).

mod applications;
mod messages;
mod transitions;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Value};

use crate::data::{SERVICES, TENANT};
use crate::faults::{self, Fault};
use crate::state::{operator_id, Session, Sim};

pub fn router(sim: Arc<Sim>) -> Router {
    let app = "/lang/api/applications/{application}";
    Router::new()
        .route("/lang/api/auth", post(auth))
        .route("/lang/api/services", get(services))
        .route("/lang/api/users/{user}", get(user))
        .route("/lang/api/applications", get(applications::list))
        .route(app, get(applications::one))
        .route(&format!("{app}/history"), get(applications::history))
        .route(
            &format!("{app}/attachments/{{file}}"),
            get(applications::attachment),
        )
        .route(
            &format!("{app}/transition/{{action}}"),
            post(transitions::transition),
        )
        .route(
            &format!("{app}/messages"),
            get(messages::list).post(messages::post),
        )
        .route(
            &format!("{app}/messages/{{message}}"),
            get(messages::one).patch(messages::patch),
        )
        .route(
            &format!("{app}/messages/{{message}}/attachments/{{file}}"),
            get(messages::attachment),
        )
        .with_state(sim)
}

pub fn error(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

pub fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, json!(["Application not found"]))
}

/// What an authenticated endpoint meets before its work: the injected faults, then the token.
/// `Ok` with the caller's session to go on.
pub async fn gate(sim: &Sim, headers: &HeaderMap) -> Result<Session, Response> {
    if let Some(fault) = faults::before(&sim.config, &sim.counters).await {
        return Err(fault);
    }
    session(sim, headers).ok_or_else(|| {
        error(
            StatusCode::UNAUTHORIZED,
            json!({"code": 401, "message": "Expired JWT Token"}),
        )
    })
}

fn session(sim: &Sim, headers: &HeaderMap) -> Option<Session> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))?;
    sim.tokens()
        .get(token)
        .filter(|s| Instant::now() < s.until)
        .cloned()
}

/// A JWT-shaped token (header, the documented claims, a fake signature): clients may read `id`
/// and `roles` from it as [M] does; the simulator only looks it up.
fn token(sim: &Sim, username: &str, user_id: &str, n: u64) -> String {
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let now = chrono::Utc::now().timestamp();
    let ttl = i64::try_from(sim.config.token_ttl.as_secs()).unwrap_or(i64::MAX);
    let claims = json!({"iat": now, "exp": now.saturating_add(ttl), "roles": ["ROLE_OPERATORE", "ROLE_USER"],
        "username": username, "id": user_id, "tenant_id": TENANT});
    let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(format!("sportello-portal-sim-{}-{n}", sim.config.seed));
    format!(
        "{}.{}.{signature}",
        b64(&json!({"typ": "JWT", "alg": "RS256"})),
        b64(&claims)
    )
}

async fn auth(State(sim): State<Arc<Sim>>, Json(body): Json<Value>) -> Response {
    if let Some(fault) = faults::before(&sim.config, &sim.counters).await {
        return fault;
    }
    let config = &sim.config;
    let accounts = std::iter::once((&config.user, &config.password))
        .chain(config.colleagues.iter().map(|(u, p)| (u, p)));
    let Some((username, _)) = accounts
        .into_iter()
        .find(|(u, p)| body["username"] == u.as_str() && body["password"] == p.as_str())
    else {
        return error(
            StatusCode::UNAUTHORIZED,
            json!({"code": 401, "message": "Invalid credentials."}),
        );
    };
    let n = sim.logins.fetch_add(1, Ordering::SeqCst);
    let user_id = operator_id(username);
    let token = token(&sim, username, &user_id, n);
    let session = Session {
        user_id,
        username: username.clone(),
        until: Instant::now() + sim.config.token_ttl,
    };
    sim.tokens().insert(token.clone(), session);
    Json(json!({ "token": token })).into_response()
}

/// `GET /services`: a bare array, no token needed.
async fn services(State(sim): State<Arc<Sim>>) -> Response {
    if let Some(fault) = faults::before(&sim.config, &sim.counters).await {
        return fault;
    }
    let list: Vec<Value> = SERVICES
        .iter()
        .map(|s| json!({"id": s.id, "identifier": s.slug, "name": s.name, "slug": s.slug,
            "tenant": TENANT, "status": 1, "access_level": 3000, "protocol_required": s.protocol_required,
            "payment_required": 0, "allow_withdraw": true, "allow_integration_request": true,
            "workflow": 0, "max_response_time": 30,
            "flow_steps": [{"identifier": format!("{}-form", s.slug), "title": "Modulo", "type": "formio",
                "description": null, "guide": null,
                "parameters": {"formio_id": format!("{}-formio", s.slug),
                    "url": format!("{}/services/{}/form", sim.base, s.id)}}]}))
        .collect();
    faults::json_answer(
        &sim.config,
        &sim.counters,
        StatusCode::OK,
        &Value::Array(list),
    )
}

/// `GET /users/{id}?version=2`: the operator's profile.
async fn user(State(sim): State<Arc<Sim>>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let session = match gate(&sim, &headers).await {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    if id != session.user_id {
        return error(StatusCode::NOT_FOUND, json!(["User not found"]));
    }
    Json(json!({"id": session.user_id, "username": session.username, "email": format!("{}@comune.example.it", session.username),
        "given_name": session.username, "family_name": "Simulato", "role": "operator",
        "enabled_services_ids": SERVICES.iter().map(|s| s.id).collect::<Vec<_>>(),
        "user_groups_ids": [], "system_user": false}))
    .into_response()
}

/// Whether the answer to a call that was applied is lost (503 or a dropped connection); the
/// status code the caller will see, 0 for a drop.
pub fn lost_answer(sim: &Sim) -> Option<(u16, Response)> {
    if !sim.counters.roll(&sim.config, Fault::LostAnswer) {
        return None;
    }
    let n = sim.counters.injected(Fault::LostAnswer);
    Some(if n % 2 == 1 {
        (503, faults::unavailable())
    } else {
        (0, faults::dropped())
    })
}
