//! The document a workflow move registers: the letter the Comune sends (printed as PDF/A, the one
//! letter path), or what the citizen sent as the officer received it — their answer or
//! observations, with the scanned documents they brought, each named by its SHA-256 in what is
//! registered and kept as an attachment under the same registration.

use chrono::{DateTime, Utc};
use sportello_domain::protocol::Direction;
use sportello_domain::submission::NewAttachment;
use sportello_domain::user::Actor;
use sportello_domain::workflow::{Outcome, Registration as Reg};
use sportello_domain::{AppError, ErrorCode};

use super::dialect::Conn;
use super::protocol;
use super::review::Registered;
use super::submissions::{store_document, store_document_returning_id, Stored};
use super::Store;
use crate::error::Result;
use crate::model::{sha256_hex, Registration};

/// What the citizen sent, as the officer recorded it: the incoming document a move registers.
pub(super) fn incoming_note(
    stored: &Stored,
    subject: &str,
    outcome: &Outcome,
    actor: &Actor,
    now: DateTime<Utc>,
) -> String {
    format!(
        "{subject}\nPratica n. {} - {}\nDestinatario/mittente: {}\n\n{}\n\n{} - {}\n",
        stored.id,
        stored.service,
        stored.correspondent,
        outcome.text.as_deref().unwrap_or_default(),
        actor.full_name,
        now.format("%d/%m/%Y %H:%M"),
    )
}

impl Store {
    /// Registers the letter or the citizen's document a move produces, and keeps its text.
    pub(super) async fn register_move(
        &self,
        conn: &mut Conn,
        stored: &Stored,
        actor: &Actor,
        outcome: &Outcome,
        documents: &[NewAttachment],
        now: DateTime<Utc>,
    ) -> Result<Option<Registered>> {
        let Some(reg) = outcome.registration else {
            return Ok(None);
        };
        let (direction, subject) = match reg {
            Reg::Outgoing(s) => (Direction::Outgoing, s),
            Reg::Incoming(s) => (Direction::Incoming, s),
        };
        if direction == Direction::Outgoing {
            // The one letter path: the decision letter as the citizen receives it, PDF/A.
            let request = self
                .letter_request(conn, stored, actor, outcome, now)
                .await?;
            let pdf = self.print_letter(&request)?;
            let action = outcome.action.as_str();
            let document_id =
                store_document_returning_id(conn, stored.id, action, "application/pdf", &pdf, now)
                    .await?;
            let registration = Registration {
                direction,
                at: now,
                correspondent: &stored.correspondent,
                subject,
                document: &pdf,
                submission_id: Some(stored.id),
                operator: &actor.full_name,
            };
            let (id, number) = protocol::register(conn, &registration).await?;
            if number != request.protocol {
                let msg = "La numerazione di protocollo è cambiata: ripetere l'operazione.";
                return Err(AppError::new(ErrorCode::Conflict, msg).into());
            }
            return Ok(Some(Registered {
                protocol_id: id,
                number,
                letter: Some(document_id),
            }));
        }
        // What the citizen sent, as the officer recorded it (the portal's own documents come with
        // the portal link).
        // The documents brought are part of what is registered: each named with its SHA-256.
        let mut letter = incoming_note(stored, subject, outcome, actor, now);
        if !documents.is_empty() {
            letter.push_str("\nDocumenti presentati:\n");
            for d in documents {
                letter.push_str(&format!(
                    "- {} ({}, {} byte) SHA-256 {}\n",
                    d.name,
                    d.media_type,
                    d.content.len(),
                    sha256_hex(&d.content)
                ));
            }
        }
        store_document(
            conn,
            stored.id,
            outcome.action.as_str(),
            "text/plain; charset=utf-8",
            letter.as_bytes(),
            now,
        )
        .await?;
        let registration = Registration {
            direction,
            at: now,
            correspondent: &stored.correspondent,
            subject,
            document: letter.as_bytes(),
            submission_id: Some(stored.id),
            operator: &actor.full_name,
        };
        let (protocol_id, number) = protocol::register(conn, &registration).await?;
        for d in documents {
            let origin = super::attachment::Origin::Later {
                registration_id: protocol_id,
                message_id: None,
            };
            super::attachment::store(conn, stored.id, d, origin).await?;
        }
        Ok(Some(Registered {
            protocol_id,
            number,
            letter: None,
        }))
    }
}
