//! A withdrawal made by the citizen on the portal: the citizen's own act, recorded as the workflow's
//! `withdraw` move (the same edge an officer records at the counter), with the portal's application
//! registered as the incoming renunciation, in the ingest's transaction.

use chrono::{DateTime, Utc};
use sportello_domain::protocol::Direction;
use sportello_domain::workflow::{ActionKind, State};

use super::dialect::Conn;
use super::history::{self, Event};
use super::protocol;
use super::replies::CITIZEN;
use super::submissions::{store_document, INTAKE_OPERATOR};
use super::Store;
use crate::error::Result;
use crate::model::Registration;

impl Store {
    /// Closes submission `id` as withdrawn if it is still open; says whether it did.
    pub(super) async fn withdraw_from_portal(
        &self,
        conn: &mut Conn,
        id: i64,
        payload: &[u8],
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let stored = self.load(conn, id).await?;
        if stored.procedure.state.is_final() {
            return Ok(false);
        }
        let subject = "Rinuncia all'istanza (ritirata dal cittadino sul portale)";
        store_document(conn, id, "withdraw", "application/json", payload, now).await?;
        let (protocol_id, _) = protocol::register(
            conn,
            &Registration {
                direction: Direction::Incoming,
                at: now,
                correspondent: &stored.correspondent,
                subject,
                document: payload,
                submission_id: Some(id),
                operator: INTAKE_OPERATOR,
            },
        )
        .await?;
        let today = sportello_domain::clock::civil_date(now);
        sqlx::query(
            "UPDATE submissions SET state = $1, closed_on = $2, suspended_until = NULL, version = version + 1
             WHERE id = $3 AND version = $4",
        )
        .bind(State::Withdrawn.as_str())
        .bind(today)
        .bind(id)
        .bind(stored.version)
        .execute(&mut *conn)
        .await?;
        history::record(
            conn,
            &Event {
                submission_id: id,
                at,
                actor_id: None,
                actor_name: CITIZEN,
                event: ActionKind::Withdraw.as_str(),
                from_state: Some(stored.procedure.state),
                to_state: Some(State::Withdrawn),
                text: Some("Domanda ritirata dal cittadino sul portale."),
                protocol_id: Some(protocol_id),
            },
        )
        .await?;
        Ok(true)
    }
}
