//! `GET /applications` (paged, filtered, drafts left out), one application, its history, and the
//! files it carries.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};

use super::{error, gate, not_found};
use crate::faults::{self, Fault};
use crate::files::{self, HUGE_PREFIX, HUGE_SIZE};
use crate::rng::{draw, Rng};
use crate::state::Sim;
use crate::workflow;

type Params = HashMap<String, String>;

fn bad(message: &str) -> Response {
    error(StatusCode::BAD_REQUEST, json!([message]))
}

/// `yyyy-mm-dd` or `yyyy-mm-ddTHH:ii:ssP`.
fn instant(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw)
        .map(|d| d.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()?
                .and_hms_opt(0, 0, 0)
                .map(|d| d.and_utc())
        })
}

/// Whether an application passes the query's filters; `Err` with the 400's message.
fn filter(q: &Params) -> Result<impl Fn(&Value) -> bool + '_, &'static str> {
    if let Some(status) = q.get("status") {
        if !workflow::known(status) {
            return Err("Status code not valid");
        }
    }
    let mut bounds = Vec::new();
    for (key, value) in q {
        if let Some(op) = key
            .strip_prefix("submittedAt[")
            .and_then(|k| k.strip_suffix(']'))
        {
            let at = instant(value).ok_or("Date format not valid")?;
            bounds.push((op.to_owned(), at));
        }
    }
    Ok(move |app: &Value| {
        let status = app["status"].as_str().unwrap_or_default();
        let wanted = q.get("status").map_or(status != "1000", |s| s == status);
        let service = q
            .get("service")
            .or(q.get("service_identifier"))
            .is_none_or(|s| app["service"] == s.as_str());
        let service_id = q
            .get("service_id")
            .is_none_or(|s| app["service_id"] == s.as_str());
        let submitted = app["submitted_at"].as_str().and_then(instant);
        let dated = bounds.iter().all(|(op, at)| {
            submitted.is_some_and(|s| match op.as_str() {
                "after" => s >= *at,
                "strictly_after" => s > *at,
                "before" => s <= *at,
                "strictly_before" => s < *at,
                _ => true,
            })
        });
        wanted && service && service_id && dated
    })
}

fn order_key(order: &str) -> Option<&'static str> {
    match order {
        "creationTime" | "createdAt" => Some("creation_time"),
        "submissionTime" => Some("submission_time"),
        "latestStatusChangeTimestamp" | "updatedAt" => Some("latest_status_change_time"),
        _ => None,
    }
}

/// Percent-encodes a query value (everything but the unreserved characters).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn page_link(base: &str, q: &Params, offset: usize) -> String {
    let mut keys: Vec<&String> = q.keys().filter(|k| *k != "offset").collect();
    keys.sort();
    let rest = keys.iter().fold(String::new(), |mut rest, k| {
        rest.push_str(&format!("&{}={}", encode(k), encode(&q[*k])));
        rest
    });
    format!("{base}/applications?offset={offset}{rest}")
}

pub async fn list(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(mut q): Query<Params>,
) -> Response {
    if let Err(refused) = gate(&sim, &headers).await {
        return refused;
    }
    let number = |key: &str, default: usize| q.get(key).map_or(Ok(default), |v| v.parse::<usize>());
    let (Ok(offset), Ok(limit)) = (number("offset", 0), number("limit", 10)) else {
        return bad("Invalid offset or limit");
    };
    if limit > 100 {
        return bad("Limit parameter is too high");
    }
    let Some(key) = order_key(q.get("order").map_or("creationTime", String::as_str)) else {
        return bad("Order parameter is not valid");
    };
    let descending = match q.get("sort").map_or("ASC", String::as_str) {
        "ASC" => false,
        "DESC" => true,
        _ => return bad("Sort parameter is not valid"),
    };
    let keep = match filter(&q) {
        Ok(keep) => keep,
        Err(message) => return bad(message),
    };
    // Select and sort references; only the page is copied (a page of 100 out of 10,000 must not
    // cost a copy of all of them).
    let (total, mut page) = {
        let store = sim.store();
        let mut selected: Vec<&Value> = store
            .records
            .iter()
            .map(|r| &r.value)
            .filter(|v| keep(v))
            .collect();
        selected.sort_by_key(|v| v[key].as_i64().unwrap_or(i64::MAX));
        if descending {
            selected.reverse();
        }
        let total = selected.len();
        let mut page: Vec<Value> = selected
            .iter()
            .skip(offset)
            .take(limit)
            .map(|v| (*v).clone())
            .collect();
        if offset > 0 && offset <= total && sim.counters.roll(&sim.config, Fault::Duplicate) {
            page.insert(0, selected[offset - 1].clone());
        }
        (total, page)
    };
    drop(keep);
    if sim.counters.roll(&sim.config, Fault::Reorder) {
        let mut rng = Rng::new(sim.config.seed, sim.counters.draws(Fault::Reorder));
        for i in (1..page.len()).rev() {
            page.swap(i, rng.below(i + 1));
        }
    }
    q.insert("limit".into(), limit.to_string());
    q.insert("version".into(), "2".into());
    let link = |offset: usize| page_link(&sim.base, &q, offset);
    let next = (offset + limit < total).then(|| link(offset + limit));
    let prev = (offset > 0).then(|| link(offset.saturating_sub(limit)));
    // `meta.count`: a number, or a string on some servers (a seeded choice per page).
    let count = if draw(sim.config.seed ^ 0xC0_4E7, offset as u64) < 0.5 {
        json!(total.to_string())
    } else {
        json!(total)
    };
    let mut parameter = json!({"offset": offset, "limit": limit, "version": 2});
    if let Some(status) = q.get("status") {
        parameter["status"] = json!(status);
    }
    let body = json!({"meta": {"parameter": parameter, "count": count},
        "links": {"self": link(offset), "prev": prev, "next": next}, "data": page});
    faults::json_answer(&sim.config, &sim.counters, StatusCode::OK, &body)
}

pub async fn one(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(refused) = gate(&sim, &headers).await {
        return refused;
    }
    let value = sim.store().get(&id).map(|r| r.value.clone());
    match value {
        Some(value) => faults::json_answer(&sim.config, &sim.counters, StatusCode::OK, &value),
        None => not_found(),
    }
}

/// `GET /applications/{id}/history`: the status changes, from the submission on.
pub async fn history(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(refused) = gate(&sim, &headers).await {
        return refused;
    }
    let store = sim.store();
    let Some(record) = store.get(&id) else {
        return not_found();
    };
    let v = &record.value;
    let mut entries = vec![
        json!({"status_code": 1000, "status_name": "status_draft", "user": v["user"],
        "message": null, "message_id": null, "date": v["created_at"]}),
    ];
    if !v["submitted_at"].is_null() {
        entries.push(
            json!({"status_code": 2000, "status_name": "status_submitted", "user": v["user"],
            "message": null, "message_id": null, "date": v["submitted_at"]}),
        );
    }
    if record.generated.status() == "20000" {
        entries.push(json!({"status_code": 20000, "status_name": "status_withdraw", "user": v["user"],
            "message": null, "message_id": null, "date": record.generated.value["latest_status_change_at"]}));
    }
    entries.extend(record.history.iter().cloned());
    Json(Value::Array(entries)).into_response()
}

pub async fn attachment(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    if let Err(refused) = gate(&sim, &headers).await {
        return refused;
    }
    let (bytes, media, served_before) = {
        let mut store = sim.store();
        let generated = store
            .get(&id)
            .is_some_and(|r| r.generated.files.contains(&file));
        let made = store
            .made_files
            .get(&file)
            .map(|f| (f.bytes.clone(), "application/octet-stream"));
        let bytes = match (generated, made) {
            (true, _) if file.starts_with(HUGE_PREFIX) => return huge(&file),
            (true, _) => (files::attachment_bytes(&file), files::media_type(&file)),
            (false, Some(made)) if store.get(&id).is_some() => made,
            _ => return error(StatusCode::NOT_FOUND, json!(["Attachment not found"])),
        };
        let served = store.served.entry(file.clone()).or_insert(0);
        *served += 1;
        (bytes.0, bytes.1, *served > 1)
    };
    if sim.counters.roll(&sim.config, Fault::BadHash) {
        if served_before {
            return served(files::altered(&bytes), media, &file);
        }
        let declared = bytes.len() as u64 + 1024;
        return faults::short(bytes, declared, media);
    }
    served(bytes, media, &file)
}

fn served(bytes: Vec<u8>, media: &'static str, file: &str) -> Response {
    let disposition = format!("attachment; filename=\"{file}\"");
    (
        [
            (header::CONTENT_TYPE, media.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// A file that declares 1 GiB and would stream that many zeros to whoever keeps reading.
fn huge(file: &str) -> Response {
    let chunk = vec![0u8; 64 * 1024];
    let chunks = (HUGE_SIZE / chunk.len() as u64) as usize;
    let stream =
        futures_util::stream::iter(std::iter::repeat_n(chunk, chunks).map(Ok::<_, std::io::Error>));
    let mut response = Response::new(Body::from_stream(stream));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/pdf"),
    );
    h.insert(header::CONTENT_LENGTH, header::HeaderValue::from(HUGE_SIZE));
    if let Ok(v) = header::HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}
