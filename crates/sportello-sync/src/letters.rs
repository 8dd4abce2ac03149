//! What travels as a message: the letters' PDFs and the office's files as the portal's attachment
//! objects, and the letters the portal took as messages kept in the conversation with their
//! delivery date (so that their `read_at` can be followed).

use base64::Engine as _;
use serde_json::{json, Value};
use sportello_application::{Principal, Sportello};
use sportello_domain::message::MessageKind;
use sportello_portal::client::{PortalClient, PortalError};
use sportello_store::{LetterSent, OutboxWork};

use crate::conversations::{citizen_of, html_to_text, instant};

/// The PDF the item carries (a letter or the receipt), as the portal's attachment object.
pub(crate) async fn letter(
    app: &Sportello,
    work: &OutboxWork,
    payload: &Value,
    name: &str,
) -> Result<Vec<Value>, String> {
    let Some(id) = payload.get("documentId").and_then(Value::as_i64) else {
        return Ok(Vec::new());
    };
    let (bytes, media_type) = app
        .document_content(&Principal::System, id)
        .await
        .map_err(|e| format!("document {id} of outbox item {}: {e}", work.id))?;
    let protocol = payload
        .get("protocol")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .replace('/', "-");
    Ok(vec![json!({
        "name": format!("{name}-{protocol}.pdf"),
        "mime_type": media_type,
        "file": base64::engine::general_purpose::STANDARD.encode(bytes),
    })])
}

/// The office's files of a message (`payload.files`), as the portal's attachment objects.
pub(crate) async fn files(app: &Sportello, work: &OutboxWork) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for f in work.payload["files"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let Some(id) = f["documentId"].as_i64() else {
            continue;
        };
        let (bytes, media_type) = app
            .document_content(&Principal::System, id)
            .await
            .map_err(|e| format!("file {id} of outbox item {}: {e}", work.id))?;
        out.push(json!({
            "name": f["name"],
            "mime_type": media_type,
            "file": base64::engine::general_purpose::STANDARD.encode(bytes),
        }));
    }
    Ok(out)
}

/// Keeps a letter the portal took as a message in the conversation, with its delivery date (the
/// portal's `sent_at`); the delivery stands if this fails (logged).
pub(crate) async fn record_letter(
    app: &Sportello,
    work: &OutboxWork,
    kind: MessageKind,
    payload: &Value,
    portal_message: &Value,
) {
    let Some(portal_id) = portal_message.get("id").and_then(Value::as_str) else {
        tracing::warn!(
            item = work.id,
            "the portal's message has no id; its reading cannot be followed"
        );
        return;
    };
    let sent_at = portal_message
        .get("sent_at")
        .and_then(instant)
        .or_else(|| portal_message.get("created_at").and_then(instant))
        .unwrap_or_else(chrono::Utc::now);
    let html = portal_message
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let text = html_to_text(crate::deliver::without_reference(html));
    let letter = LetterSent {
        submission_id: work.submission_id,
        kind,
        text: &text,
        portal_id,
        sent_at,
        document_id: payload.get("documentId").and_then(Value::as_i64),
    };
    if let Err(e) = app.letter_sent(&Principal::System, &letter).await {
        tracing::error!(item = work.id, error = %e, "a letter sent as a message was not recorded");
    }
}

/// After `request-integration`: the message the portal made of it (the newest by someone other
/// than the citizen since the call), kept so that its reading can be followed. Best effort: a
/// portal that makes no message for it leaves nothing to follow.
pub(crate) async fn record_request(
    app: &Sportello,
    client: &mut PortalClient,
    work: &OutboxWork,
    since: chrono::DateTime<chrono::Utc>,
) {
    let found = async {
        let citizen = citizen_of(client, &work.external_id).await?;
        let messages = client.messages(&work.external_id).await?;
        Ok::<_, PortalError>(messages.into_iter().rev().find(|m| {
            let author = m.get("author").and_then(Value::as_str).unwrap_or_default();
            let created = m.get("created_at").and_then(instant);
            author != citizen
                && m.get("visibility").and_then(Value::as_str) != Some("internal")
                && created.is_some_and(|c| c >= since)
        }))
    }
    .await;
    match found {
        Ok(Some(m)) => {
            record_letter(
                app,
                work,
                MessageKind::IntegrationRequest,
                &work.payload,
                &m,
            )
            .await;
        }
        Ok(None) => tracing::info!(
            item = work.id,
            "the portal made no message of the request for integration"
        ),
        Err(e) => {
            tracing::warn!(item = work.id, error = %e, "the request's message could not be read back");
        }
    }
}
