//! The timeline of a submission: one immutable row per change, written in the change's transaction.

use chrono::{DateTime, Utc};
use sportello_domain::submission::HistoryEntry;
use sportello_domain::workflow::{ActionKind, State};
use sqlx::Row;

use super::dialect::Conn;

use crate::error::Result;
use crate::time::Instant;

/// A history row to write.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub submission_id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
    pub event: &'a str,
    pub from_state: Option<State>,
    pub to_state: Option<State>,
    pub text: Option<&'a str>,
    pub protocol_id: Option<i64>,
}

pub async fn record(conn: &mut Conn, e: &Event<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO history (submission_id, at, actor_id, actor_name, event, from_state, to_state, text, protocol_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(e.submission_id)
    .bind(Instant(e.at))
    .bind(e.actor_id)
    .bind(e.actor_name)
    .bind(e.event)
    .bind(e.from_state.map(State::as_str))
    .bind(e.to_state.map(State::as_str))
    .bind(e.text)
    .bind(e.protocol_id)
    .execute(&mut *conn)
    .await?;
    // Every change the timeline shows is also in the audit trail, chained.
    let detail = serde_json::json!({
        "from": e.from_state.map(State::as_str),
        "to": e.to_state.map(State::as_str),
        "text": e.text,
        "protocolId": e.protocol_id,
    });
    super::audit::append(
        conn,
        &super::audit::Entry {
            at: e.at,
            actor_id: e.actor_id,
            actor_name: e.actor_name,
            action: e.event,
            object_kind: "submission",
            object_id: e.submission_id.to_string(),
            detail: detail.to_string(),
        },
    )
    .await?;
    Ok(())
}

fn label(event: &str) -> String {
    match event {
        "received" => "Pratica ricevuta e protocollata".into(),
        "assigned" => "Assegnata".into(),
        "certificateIssued" => "Certificato rilasciato".into(),
        "certificateReissued" => "Certificato riemesso".into(),
        "certificateAnnulled" => "Certificato annullato".into(),
        "registrationAnnulled" => "Registrazione di protocollo annullata".into(),
        "released" => "Rilasciata all'ufficio".into(),
        "portalUpdated" => "Aggiornamento dal portale".into(),
        "contactRecorded" => "Contatto con il cittadino".into(),
        "callbackDone" => "Richiamo effettuato".into(),
        "messageWritten" => "Messaggio sul portale".into(),
        "messageReceived" => "Messaggio del cittadino".into(),
        "receiptIssued" => "Ricevuta inviata al cittadino (art. 18-bis L. 241/1990)".into(),
        "noticeReceived" => "Preavviso ricevuto dal cittadino".into(),
        "integrationLapsed" => "Integrazione non pervenuta nel termine: istruttoria ripresa".into(),
        "silenceConsent" => "Accolta per silenzio-assenso (art. 20 L. 241/1990)".into(),
        other => ActionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == other)
            .map_or_else(|| other.to_string(), |k| k.label().to_string()),
    }
}

pub async fn list(conn: &mut Conn, submission_id: i64) -> Result<Vec<HistoryEntry>> {
    let rows = sqlx::query(
        "SELECT h.id, h.at, h.actor_name, h.event, h.from_state, h.to_state, h.text, p.year, p.number
         FROM history h LEFT JOIN protocol_registrations p ON p.id = h.protocol_id
         WHERE h.submission_id = $1 ORDER BY h.id",
    )
    .bind(submission_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let event: String = r.try_get("event")?;
            let state = |col: &str| -> Result<Option<State>> {
                r.try_get::<Option<String>, _>(col)?
                    .map(|s| {
                        State::parse(&s).ok_or_else(|| {
                            crate::StoreError::Corrupt(format!("history state {s:?}"))
                        })
                    })
                    .transpose()
            };
            let protocol = match (
                r.try_get::<Option<i64>, _>("year")?,
                r.try_get::<Option<i64>, _>("number")?,
            ) {
                (Some(year), Some(number)) => {
                    Some(super::protocol::number_of(year, number)?.to_string())
                }
                _ => None,
            };
            Ok(HistoryEntry {
                id: r.try_get("id")?,
                at: r.try_get::<Instant, _>("at")?.0,
                actor: r.try_get("actor_name")?,
                label: label(&event),
                event,
                from_state: state("from_state")?,
                to_state: state("to_state")?,
                text: r.try_get("text")?,
                protocol,
            })
        })
        .collect()
}
