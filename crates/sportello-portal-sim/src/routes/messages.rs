//! Messages on an application (§6): internal ones hidden from the list, base64 attachments, and
//! `PATCH` by the author only, on the listed fields only.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde_json::{json, Value};

use super::{error, gate, lost_answer, not_found};
use crate::actions::decode_files;
use crate::data::time;
use crate::faults;
use crate::state::{Message, Sim};
use crate::workflow::attachment_errors;

fn message_not_found() -> Response {
    error(StatusCode::NOT_FOUND, json!(["Message not found"]))
}

pub async fn list(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Err(refused) = gate(&sim, &headers).await {
        return refused;
    }
    let number = |key: &str, default: usize| q.get(key).map_or(Ok(default), |v| v.parse::<usize>());
    let (Ok(offset), Ok(limit)) = (number("offset", 0), number("limit", 100)) else {
        return error(StatusCode::BAD_REQUEST, json!(["Invalid offset or limit"]));
    };
    if limit > 100 {
        return error(
            StatusCode::BAD_REQUEST,
            json!(["Limit parameter is too high"]),
        );
    }
    let listed: Vec<Value> = {
        let store = sim.store();
        let Some(record) = store.get(&id) else {
            return not_found();
        };
        record
            .messages
            .iter()
            .filter(|m| m.visibility != "internal")
            .skip(offset)
            .take(limit)
            .map(|m| m.to_json(&sim.base, &id))
            .collect()
    };
    faults::json_answer(
        &sim.config,
        &sim.counters,
        StatusCode::OK,
        &Value::Array(listed),
    )
}

pub async fn one(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path((id, message)): Path<(String, String)>,
) -> Response {
    if let Err(refused) = gate(&sim, &headers).await {
        return refused;
    }
    let found = {
        let store = sim.store();
        let Some(record) = store.get(&id) else {
            return not_found();
        };
        record
            .messages
            .iter()
            .find(|m| m.id == message && m.visibility != "internal")
            .map(|m| m.to_json(&sim.base, &id))
    };
    match found {
        Some(m) => faults::json_answer(&sim.config, &sim.counters, StatusCode::OK, &json!([m])),
        None => message_not_found(),
    }
}

fn invalid(errors: &[String]) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        json!({"type": "validation_error", "title": "There was a validation error", "errors": errors}),
    )
}

pub async fn post(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let session = match gate(&sim, &headers).await {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mut errors = attachment_errors(&body);
    let text = body["message"].as_str().filter(|m| !m.trim().is_empty());
    if text.is_none() {
        errors.insert(0, "message: This value should not be blank.".into());
    }
    let visibility = body["visibility"].as_str().unwrap_or("applicant");
    if !matches!(visibility, "applicant" | "internal") {
        errors.push("visibility: The value you selected is not a valid choice.".into());
    }
    let created = {
        let mut store = sim.store();
        if store.get(&id).is_none() {
            return not_found();
        }
        if !errors.is_empty() {
            return invalid(&errors);
        }
        let attachments = decode_files(&mut store, &body);
        let now = Utc::now();
        let message = Message {
            id: store.new_id("d0000000"),
            message: text.unwrap_or_default().to_owned(),
            author: session.user_id,
            visibility: visibility.to_owned(),
            created_at: now,
            sent_at: Some(
                body["sent_at"]
                    .as_str()
                    .map_or_else(|| time::iso(now), str::to_owned),
            ),
            read_at: None,
            clicked_at: None,
            protocol_required: body["protocol_required"].as_bool().unwrap_or(false),
            protocolled_at: None,
            protocol_number: None,
            attachments,
            from_citizen: false,
            answer_lost: false,
        };
        let json = message.to_json(&sim.base, &id);
        if let Some(record) = store.get_mut(&id) {
            record.messages.push(message);
        }
        json
    };
    if let Some((_, response)) = lost_answer(&sim) {
        let mut store = sim.store();
        if let Some(m) = store.get_mut(&id).and_then(|r| r.messages.last_mut()) {
            m.answer_lost = true;
        }
        return response;
    }
    (StatusCode::CREATED, Json(created)).into_response()
}

/// `PATCH`: the author only, while the message has no protocol number; other fields are dropped.
pub async fn patch(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path((id, message)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Response {
    let session = match gate(&sim, &headers).await {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mut store = sim.store();
    let Some(record) = store.get_mut(&id) else {
        return not_found();
    };
    let Some(m) = record.messages.iter_mut().find(|m| m.id == message) else {
        return message_not_found();
    };
    if m.author != session.user_id || m.protocol_number.is_some() {
        return error(
            StatusCode::FORBIDDEN,
            json!({"code": 403, "message": "Access Denied."}),
        );
    }
    let field = |key: &str| body.get(key).map(|v| v.as_str().map(str::to_owned));
    for (key, slot) in [
        ("sent_at", &mut m.sent_at),
        ("read_at", &mut m.read_at),
        ("clicked_at", &mut m.clicked_at),
        ("protocolled_at", &mut m.protocolled_at),
        ("protocol_number", &mut m.protocol_number),
    ] {
        if let Some(value) = field(key) {
            *slot = value;
        }
    }
    Json(m.to_json(&sim.base, &id)).into_response()
}

pub async fn attachment(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path((id, message, file)): Path<(String, String, String)>,
) -> Response {
    if let Err(refused) = gate(&sim, &headers).await {
        return refused;
    }
    let store = sim.store();
    let found = store
        .get(&id)
        .and_then(|r| r.messages.iter().find(|m| m.id == message))
        .and_then(|m| m.attachments.iter().find(|f| f.id == file));
    let Some(f) = found else {
        return error(StatusCode::NOT_FOUND, json!(["Attachment not found"]));
    };
    let disposition = format!("attachment; filename=\"{}\"", f.id);
    let media = if f.mime_type.is_empty() {
        "application/octet-stream".to_owned()
    } else {
        f.mime_type.clone()
    };
    (
        [
            (header::CONTENT_TYPE, media),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        f.bytes.clone(),
    )
        .into_response()
}
