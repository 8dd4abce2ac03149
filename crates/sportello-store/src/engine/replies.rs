//! What the citizen writes back through the portal is the citizen's document: a message answering
//! a request for integration, or observations on a 10-bis notice within their window, is registered
//! as incoming — the hashes of what the citizen sent (text and files), the portal's arrival time in
//! the history and on the clock — and makes the workflow's move as the citizen's own act. A message
//! with files but no pending answer is registered too; a plain message is only kept.

use chrono::{DateTime, Utc};
use serde_json::json;
use sportello_domain::clock;
use sportello_domain::protocol::Direction;
use sportello_domain::workflow::{self, Registration as Reg};

use super::attachment::{self, Origin};
use super::dialect::Conn;
use super::history::{self, Event};
use super::protocol;
use super::review::Registered;
use super::submissions::{store_document, Stored, INTAKE_OPERATOR};
use super::Store;
use crate::error::Result;
use crate::model::{sha256_hex, PortalMessage, Registration};

/// Who the history names for the citizen's acts on the portal.
pub(super) const CITIZEN: &str = "Il cittadino, sul portale";

/// The document registered for a citizen's message: what the citizen sent, as the portal gave it.
fn canonical(m: &PortalMessage) -> Vec<u8> {
    let files: Vec<_> = m
        .files
        .iter()
        .map(|f| {
            json!({"name": f.name, "mediaType": f.media_type, "size": f.content.len(),
                   "sha256": sha256_hex(&f.content)})
        })
        .collect();
    json!({
        "portalMessage": m.portal_id,
        // To the microsecond, as the register keeps times.
        "arrivedAt": m.created_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "text": m.text,
        "files": files,
    })
    .to_string()
    .into_bytes()
}

impl Store {
    /// What a new citizen message `message_id` of submission `id` does, in the caller's
    /// transaction: registered if it answers what is pending (and then the answer's move, with its
    /// history row) or brings files; otherwise, or without a move, a `messageReceived` history row.
    pub(super) async fn citizen_wrote(
        &self,
        conn: &mut Conn,
        id: i64,
        message_id: i64,
        m: &PortalMessage,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let stored = self.load(conn, id).await?;
        let arrived_on = clock::civil_date(m.created_at);
        let text = if m.text.trim().is_empty() {
            format!("(messaggio con {} allegati)", m.files.len())
        } else {
            m.text.clone()
        };
        let answer = (!stored.procedure.state.is_final())
            .then(|| workflow::citizen_answer(&stored.procedure, &text, arrived_on))
            .flatten();
        if answer.is_none() && m.files.is_empty() {
            return message_received(conn, &stored, m, None).await;
        }
        let subject = match answer.as_ref().and_then(|a| a.registration) {
            Some(Reg::Incoming(subject)) => format!("{subject} (dal portale)"),
            _ => "Messaggio del cittadino con allegati (dal portale)".to_owned(),
        };
        let document = canonical(m);
        store_document(
            conn,
            id,
            "portalMessage",
            "application/json",
            &document,
            now,
        )
        .await?;
        let (protocol_id, number) = protocol::register(
            conn,
            &Registration {
                direction: Direction::Incoming,
                at: now,
                correspondent: &stored.correspondent,
                subject: &subject,
                document: &document,
                submission_id: Some(id),
                operator: INTAKE_OPERATOR,
            },
        )
        .await?;
        for file in &m.files {
            let origin = Origin::Later {
                registration_id: protocol_id,
                message_id: Some(message_id),
            };
            attachment::store(conn, id, file, origin).await?;
        }
        let Some(answer) = answer else {
            return message_received(conn, &stored, m, Some(protocol_id)).await;
        };
        let mut procedure = stored.procedure.clone();
        procedure.follow(&answer, arrived_on);
        self.update_suspensions(conn, id, answer.clock, arrived_on)
            .await?;
        let registered = Registered {
            protocol_id,
            number,
            letter: None,
        };
        self.queue_for_portal(conn, &stored, &answer, Some(&registered), now)
            .await?;
        let summary: String = text.chars().take(200).collect();
        let event = Event {
            submission_id: id,
            at: m.created_at,
            actor_id: None,
            actor_name: CITIZEN,
            event: answer.action.as_str(),
            from_state: Some(answer.from),
            to_state: Some(answer.to),
            text: Some(&summary),
            protocol_id: Some(protocol_id),
        };
        self.save_move(conn, &stored, &procedure, arrived_on, &event)
            .await?;
        tracing::info!(
            submission = id,
            action = answer.action.as_str(),
            "the citizen's answer arrived from the portal"
        );
        Ok(())
    }
}

/// The history row of a citizen message that made no move (registered or not), at the portal's time.
async fn message_received(
    conn: &mut Conn,
    stored: &Stored,
    m: &PortalMessage,
    protocol_id: Option<i64>,
) -> Result<()> {
    let state = Some(stored.procedure.state);
    let summary: String = m.text.chars().take(200).collect();
    history::record(
        conn,
        &Event {
            submission_id: stored.id,
            at: m.created_at,
            actor_id: None,
            actor_name: CITIZEN,
            event: "messageReceived",
            from_state: state,
            to_state: state,
            text: Some(&summary),
            protocol_id,
        },
    )
    .await
}
