//! `POST /applications/{id}/transition/{action}` (§4): every call is recorded with what became of
//! it, including those applied whose answer was then lost.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::Value;

use super::{error, gate, lost_answer};
use crate::state::{ReceivedTransition, Sim};

pub async fn transition(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let (user, outcome) = match gate(&sim, &headers).await {
        Err(refused) => (String::new(), Err(refused)),
        Ok(session) => {
            let result = sim
                .store()
                .transition(&sim.base, &id, &action, &session.user_id, &body);
            let answer = result.map_err(|r| {
                error(
                    StatusCode::from_u16(r.status).unwrap_or(StatusCode::BAD_REQUEST),
                    r.body,
                )
            });
            (session.user_id, answer)
        }
    };
    let applied = outcome.is_ok();
    let (answer, response, lost) = match outcome {
        Ok(()) => match lost_answer(&sim) {
            Some((code, response)) => (code, response, true),
            None => (204, StatusCode::NO_CONTENT.into_response(), false),
        },
        Err(response) => (status_seen(&response), response, false),
    };
    let mut store = sim.store();
    if let Some(record) = store.get_mut(&id) {
        let duplicate = record
            .transitions
            .iter()
            .any(|t| t.applied && t.action == action);
        record.transitions.push(ReceivedTransition {
            action,
            body,
            user,
            at: Utc::now(),
            applied,
            answer,
            answer_lost: lost,
            duplicate,
        });
    }
    response
}

/// The status a caller will see; 0 for a connection dropped by the injected fault (a 200 whose
/// body fails).
fn status_seen(response: &Response) -> u16 {
    let status = response.status().as_u16();
    if status == 200 {
        0
    } else {
        status
    }
}
