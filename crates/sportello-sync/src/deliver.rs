//! Delivering one outbox item, exactly once. The portal's transitions and messages are plain POSTs
//! (no idempotency key the platform is known to honour), so exactly-once rests on two habits: the
//! attempt is counted in the database *before* the call, and an item whose earlier attempt may have
//! reached the portal (attempts > 0, or an error now) is first looked up on the portal — its status
//! for a transition, a message carrying the item's reference for a message — and sent only if it is
//! not there.

use serde_json::{json, Value};
use sportello_application::{Principal, Sportello};
use sportello_domain::link::Delivery;
use sportello_domain::message::MessageKind;
use sportello_portal::client::{PortalClient, PortalError};
use sportello_store::OutboxWork;

use crate::letters::{files, letter, record_letter, record_request};

/// How an attempt ended.
#[derive(Debug)]
pub enum Attempt {
    Delivered,
    /// To try again later (the portal unreachable or failing).
    Later(String),
    /// The portal refused it: an administrator looks.
    Refused(String),
}

/// The portal status codes after which a delivery has taken effect.
fn done_statuses(delivery: Delivery) -> &'static [&'static str] {
    const AFTER_REGISTRATION: &[&str] = &[
        "3000", "4000", "4100", "4200", "4300", "4400", "4500", "5000", "6000", "7000", "8000",
        "9000", "20000", "50000",
    ];
    match delivery {
        Delivery::Register => AFTER_REGISTRATION,
        Delivery::Assign => &[
            "4000", "4100", "4200", "4300", "4400", "4500", "5000", "6000", "7000", "8000", "9000",
            "20000", "50000",
        ],
        // 6000/8000 still wait for the outcome's registration: not done until 7000/9000.
        Delivery::Accept => &["7000"],
        Delivery::Reject => &["9000"],
        Delivery::RequestIntegration => &["4100", "4200", "4300", "4400", "4500"],
        Delivery::AcceptIntegration => &["4400", "4500", "5000", "6000", "7000", "8000", "9000"],
        Delivery::Receipt | Delivery::Notice | Delivery::StartNotice | Delivery::Message => &[],
    }
}

/// The letters sent as messages: how the conversation keeps them, the PDF's name, and the words
/// around it (the receipt's come with its payload).
fn letter_message(delivery: Delivery) -> (MessageKind, &'static str, &'static str) {
    match delivery {
        Delivery::Receipt => (MessageKind::Receipt, "ricevuta", ""),
        Delivery::StartNotice => (
            MessageKind::StartNotice,
            "avvio-del-procedimento",
            "<p>Comunicazione di avvio del procedimento (artt. 7 e 8 L. 241/1990): la lettera in \
             allegato indica il responsabile del procedimento, il termine entro cui deve concludersi \
             e i rimedi in caso di inerzia.</p>",
        ),
        _ => (
            MessageKind::Notice,
            "preavviso-di-diniego",
            "<p>Comunicazione dei motivi ostativi all'accoglimento della domanda (art. 10-bis \
             L. 241/1990): la lettera è in allegato. Entro 10 giorni dal ricevimento può \
             presentare osservazioni.</p>",
        ),
    }
}

/// The word that opens the reference a message carries, by which a later attempt recognises it
/// on the portal (and the conversation tells Sportello's messages from the citizen's).
const REFERENCE: &str = "Riferimento: ";

fn reference(key: &str) -> String {
    format!("{REFERENCE}{key}")
}

/// The message's text, with its reference.
fn message_text(text: &str, key: &str) -> String {
    format!("{text}<p><small>{}</small></p>", reference(key))
}

/// Whether a portal message carries the reference of one of Sportello's deliveries.
pub(crate) fn carries_reference(html: &str) -> bool {
    html.contains(&format!("{REFERENCE}sportello-"))
}

/// A message of Sportello's as the citizen reads it: its text without the reference.
pub(crate) fn without_reference(html: &str) -> &str {
    html.split(&format!("<p><small>{}", REFERENCE.trim_end()))
        .next()
        .unwrap_or(html)
}

/// Whether the item already took effect on the portal.
async fn already_there(
    app: &Sportello,
    client: &mut PortalClient,
    work: &OutboxWork,
) -> Result<bool, PortalError> {
    match work.delivery {
        // An internal note is not listed to API clients (§6): whether a lost answer's note arrived
        // cannot be read back, so it is counted delivered rather than risk a second one.
        Delivery::Message if work.payload["internal"] == true => {
            tracing::warn!(
                item = work.id,
                "an internal note's delivery cannot be verified; not sent again"
            );
            Ok(true)
        }
        Delivery::Receipt | Delivery::Notice | Delivery::StartNotice | Delivery::Message => {
            let messages = client.messages(&work.external_id).await?;
            let wanted = reference(&work.idempotency_key);
            let found = messages.iter().find(|m| {
                m.get("message")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.contains(&wanted))
            });
            if let (Some(found), Some(message_id)) = (found, work.payload["messageId"].as_i64()) {
                record_sent(app, message_id, found).await;
            }
            if let (Some(found), Delivery::Receipt | Delivery::Notice | Delivery::StartNotice) =
                (found, work.delivery)
            {
                let (kind, _, _) = letter_message(work.delivery);
                record_letter(app, work, kind, &work.payload, found).await;
            }
            Ok(found.is_some())
        }
        delivery => {
            let app = client.application(&work.external_id).await?;
            let status = status_of(&app);
            Ok(done_statuses(delivery).contains(&status.as_str()))
        }
    }
}

/// Records the portal's id and `sent_at` of the officer's message (the delivery date); the
/// delivery stands even if this fails (logged: the next detail shows it still waiting).
async fn record_sent(app: &Sportello, message_id: i64, portal_message: &Value) {
    let portal_id = portal_message.get("id").and_then(Value::as_str);
    let sent_at = portal_message
        .get("sent_at")
        .and_then(crate::conversations::instant)
        .unwrap_or_else(chrono::Utc::now);
    if let Err(e) = app
        .message_delivered(&Principal::System, message_id, portal_id, sent_at)
        .await
    {
        tracing::error!(message_id, error = %e, "the portal has the message; its sent_at was not recorded");
    }
}

fn status_of(app: &Value) -> String {
    match app.get("status") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn classify(e: &PortalError) -> Attempt {
    match e {
        PortalError::Status { status, .. } if status.is_client_error() => {
            Attempt::Refused(e.to_string())
        }
        PortalError::Login(_) => Attempt::Later(e.to_string()),
        _ => Attempt::Later(e.to_string()),
    }
}

/// Delivers one item: checks first when an earlier attempt may have arrived, then sends.
pub async fn deliver(app: &Sportello, client: &mut PortalClient, work: &OutboxWork) -> Attempt {
    if work.attempts > 0 {
        match already_there(app, client, work).await {
            Ok(true) => return Attempt::Delivered,
            Ok(false) => {}
            Err(e) => return Attempt::Later(e.to_string()),
        }
    }
    match send(app, client, work).await {
        Ok(()) => Attempt::Delivered,
        Err(Sent::Portal(e)) => {
            // The call failed, but it may have been applied (a lost answer): look before judging.
            match already_there(app, client, work).await {
                Ok(true) => Attempt::Delivered,
                Ok(false) => classify(&e),
                Err(again) => Attempt::Later(again.to_string()),
            }
        }
        Err(Sent::Local(e)) => Attempt::Later(e),
    }
}

enum Sent {
    Portal(PortalError),
    Local(String),
}

impl From<PortalError> for Sent {
    fn from(e: PortalError) -> Self {
        Sent::Portal(e)
    }
}

async fn send(app: &Sportello, client: &mut PortalClient, work: &OutboxWork) -> Result<(), Sent> {
    let key = work.idempotency_key.as_str();
    let id = work.external_id.as_str();
    let text = |p: &Value| {
        p.get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    match work.delivery {
        Delivery::Register => {
            let p = &work.payload;
            let body = json!({
                "protocol_folder_number": p["folderNumber"],
                "protocol_number": p["protocolNumber"],
                "protocol_document_id": key,
            });
            client.transition(id, "register", &body, key).await?;
        }
        Delivery::Assign => client.transition(id, "assign", &json!({}), key).await?,
        Delivery::Accept | Delivery::Reject | Delivery::RequestIntegration => {
            let (action, name) = match work.delivery {
                Delivery::Accept => ("accept", "esito"),
                Delivery::Reject => ("reject", "esito"),
                _ => ("request-integration", "richiesta-integrazione"),
            };
            let decided = matches!(work.delivery, Delivery::Accept | Delivery::Reject);
            // Accepted or rejected by an earlier attempt, the outcome's registration still missing.
            let waiting_outcome = decided
                && work.attempts > 0
                && matches!(
                    status_of(&client.application(id).await?).as_str(),
                    "6000" | "8000"
                );
            if !waiting_outcome {
                let attachments = letter(app, work, &work.payload, name)
                    .await
                    .map_err(Sent::Local)?;
                let body = json!({"message": text(&work.payload), "attachments": attachments});
                let since = chrono::Utc::now() - chrono::Duration::minutes(1);
                client.transition(id, action, &body, key).await?;
                if work.delivery == Delivery::RequestIntegration {
                    record_request(app, client, work, since).await;
                }
            }
            if decided {
                register_outcome(client, work).await?;
            }
        }
        Delivery::AcceptIntegration => {
            // The citizen either concluded the answer on the portal (4300: it waits for its
            // registration) or is still writing it (4200: the operator takes the messages so far).
            let portal = client.application(id).await?;
            match status_of(&portal).as_str() {
                "4300" => {
                    let body = json!({"protocol_number": work.payload["protocol"]});
                    client
                        .transition(id, "register-integration-answer", &body, key)
                        .await?;
                }
                "4100" => {
                    return Err(Sent::Local(
                        "the citizen has not opened the integration on the portal yet".into(),
                    ))
                }
                _ => {
                    client
                        .transition(id, "accept-integration", &json!({"messages": null}), key)
                        .await?;
                }
            }
        }
        Delivery::Message => {
            let internal = work.payload["internal"] == true;
            let html = work.payload["html"].as_str().unwrap_or_default();
            let body = json!({
                "message": message_text(html, key),
                "visibility": if internal { "internal" } else { "applicant" },
                "attachments": files(app, work).await.map_err(Sent::Local)?,
            });
            let created = client.post_message(id, &body, key).await?;
            if let Some(message_id) = work.payload["messageId"].as_i64() {
                record_sent(app, message_id, &created).await;
            }
        }
        Delivery::Receipt | Delivery::Notice | Delivery::StartNotice => {
            let payload = if work.delivery == Delivery::Receipt {
                app.prepare_receipt(&Principal::System, work.id, chrono::Utc::now())
                    .await
                    .map_err(|e| Sent::Local(format!("receipt of item {}: {e}", work.id)))?
            } else {
                work.payload.clone()
            };
            let (kind, name, intro) = letter_message(work.delivery);
            let attachments = letter(app, work, &payload, name)
                .await
                .map_err(Sent::Local)?;
            let message = match work.delivery {
                Delivery::Receipt => text(&payload),
                // The start notice has no officer's text: the letter says it all.
                Delivery::StartNotice => intro.to_owned(),
                _ => format!("{intro}<p>{}</p>", text(&payload)),
            };
            let body = json!({
                "message": message_text(&message, key),
                "visibility": "applicant",
                "attachments": attachments,
            });
            let created = client.post_message(id, &body, key).await?;
            record_letter(app, work, kind, &payload, &created).await;
        }
    }
    Ok(())
}

/// After `accept`/`reject` a service that requires protocol waits in 6000/8000 for the outcome's
/// registration: Sportello's letter number.
async fn register_outcome(client: &mut PortalClient, work: &OutboxWork) -> Result<(), Sent> {
    let app = client.application(&work.external_id).await?;
    if matches!(status_of(&app).as_str(), "6000" | "8000") {
        let body = json!({
            "protocol_number": work.payload["protocol"],
            "protocol_document_id": work.idempotency_key,
        });
        let key = format!("{}-outcome", work.idempotency_key);
        client
            .transition(&work.external_id, "register-outcome", &body, &key)
            .await?;
    }
    Ok(())
}
