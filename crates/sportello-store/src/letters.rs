//! Decision letters printed inside the move's transaction. The store knows what the letter says and
//! which protocol number it gets; a [`LetterPrinter`] (the issuance crate, with the documents and the
//! seal) turns that into the PDF that is kept and registered. Without a printer the store keeps the
//! letter as plain text, as before.

use chrono::{DateTime, NaiveDate, Utc};
use sportello_domain::protocol::ProtocolNumber;
use sportello_domain::workflow::{ActionKind, Outcome};
use sportello_domain::{AppError, ErrorCode};
use sqlx::{Row, SqliteConnection};

use crate::error::Result;
use crate::submissions::Stored;
use crate::Store;

/// What a decision letter says, with the number it will be registered under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRequest {
    pub action: ActionKind,
    pub protocol: ProtocolNumber,
    pub at: DateTime<Utc>,
    /// The applicant, as the register names them.
    pub recipient: String,
    pub fiscal_code: String,
    pub address: Option<String>,
    /// The service, e.g. «Richiesta di certificato anagrafico o di stato civile».
    pub service: String,
    pub request_protocol: ProtocolNumber,
    pub request_date: NaiveDate,
    /// The officer's reasons (the move's text).
    pub reasons: String,
    /// The citizen's observations, for a final rejection after a 10-bis notice.
    pub observations: Option<String>,
    pub officer: String,
    pub office: String,
    pub demo: bool,
}

/// Why a letter could not be printed: the printer's own error (the issuance crate's), kept whole for
/// the log.
pub type PrintError = Box<dyn std::error::Error + Send + Sync>;

/// Prints a decision letter (PDF/A, sealed where the device allows). Called inside a write
/// transaction: it must be quick and must not touch the store.
pub trait LetterPrinter: Send + Sync + std::fmt::Debug {
    fn print(&self, letter: &LetterRequest) -> Result<Vec<u8>, PrintError>;
}

impl Store {
    /// What the move's letter says; its number is the register's next (the caller holds the lock).
    pub(crate) async fn letter_request(
        &self,
        conn: &mut SqliteConnection,
        stored: &Stored,
        actor: &sportello_domain::user::Actor,
        outcome: &Outcome,
        now: DateTime<Utc>,
    ) -> Result<LetterRequest> {
        let row = sqlx::query(
            "SELECT fiscal_code, address, protocol_key, demo,
                (SELECT text FROM history WHERE submission_id = s.id AND event = 'recordObservations'
                 ORDER BY id DESC LIMIT 1) AS observations
             FROM submissions s WHERE id = ?",
        )
        .bind(stored.id)
        .fetch_one(&mut *conn)
        .await?;
        let protocol = crate::protocol::next_number(conn, now).await?;
        let service = self.catalogue.service(&stored.service);
        let office = self
            .catalogue
            .departments
            .iter()
            .find(|d| d.id == stored.department)
            .map_or_else(|| stored.department.clone(), |d| d.name.clone());
        Ok(LetterRequest {
            action: outcome.action,
            protocol,
            at: now,
            recipient: stored.correspondent.clone(),
            fiscal_code: row.try_get("fiscal_code")?,
            address: row.try_get("address")?,
            service: service.map_or_else(|| stored.service.clone(), |s| s.name.clone()),
            request_protocol: crate::queue::protocol_of_key(row.try_get("protocol_key")?),
            request_date: stored.received_on,
            reasons: outcome.text.clone().unwrap_or_default(),
            observations: row.try_get("observations")?,
            officer: actor.full_name.clone(),
            office,
            demo: row.try_get("demo")?,
        })
    }

    /// Prints the letter, or explains to the officer that it could not be produced.
    pub(crate) fn print_letter(&self, request: &LetterRequest) -> Result<Option<Vec<u8>>> {
        let Some(printer) = &self.letters else {
            return Ok(None);
        };
        printer.print(request).map(Some).map_err(|error| {
            tracing::error!(%error, protocol = %request.protocol, "decision letter could not be printed");
            AppError::new(
                ErrorCode::Internal,
                "Non è stato possibile comporre la lettera del provvedimento: nulla è stato registrato. Rivolgersi all'assistenza.",
            )
            .into()
        })
    }
}
