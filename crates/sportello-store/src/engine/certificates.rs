//! Issued certificates: recording a signed certificate (document,
//! outgoing registration, certificate row and history row in one transaction), and reading them back
//! for verification, re-issue and annulment.

use chrono::{DateTime, Utc};
use sportello_domain::issuance::IssuedCertificate;
use sportello_domain::policy::{DepartmentScope, Permission};
use sportello_domain::protocol::{Direction, ProtocolNumber};
use sportello_domain::user::Actor;
use sportello_domain::workflow::State;
use sportello_domain::{AppError, ErrorCode};
use sqlx::{Row, Transaction};

use super::dialect::{Conn, Db, DbRow};
use super::history::{self, Event};
use super::protocol;
use super::submissions::store_document_returning_id;
use super::Store;
use crate::error::Result;
use crate::model::{sha256_hex, NewCertificate, Registration};
use crate::time::Instant;

/// A write transaction for issuing certificates: it holds the register's write lock, so the protocol
/// numbers it announces with [`IssueSession::next_number`] are the ones the records will get. Rendering
/// and signing happen between `begin` and `record`, so the printed number and the registered one agree.
#[derive(Debug)]
pub struct IssueSession {
    tx: Transaction<'static, Db>,
    next: ProtocolNumber,
    actor: Actor,
    at: DateTime<Utc>,
}

fn certificate_row(r: &DbRow) -> Result<IssuedCertificate> {
    let annulled = protocol::annulment(r)?;
    Ok(IssuedCertificate {
        document_id: r.try_get("document_id")?,
        submission_id: r.try_get("submission_id")?,
        kind: r.try_get("kind")?,
        protocol: protocol::number_of(r.try_get("year")?, r.try_get("number")?)?.to_string(),
        issued_at: r.try_get::<Instant, _>("issued_at")?.0,
        valid_until: r.try_get("valid_until")?,
        signer: r.try_get("signer")?,
        demo: r.try_get("demo")?,
        sha256: r.try_get("sha256")?,
        replaces: r.try_get("replaces")?,
        annulled,
    })
}

/// The certificates of a submission that are not annulled (one per copy asked), newest first.
pub(super) const LIVE_CERTIFICATES: &str = "SELECT c.id, c.document_id FROM certificates c
    LEFT JOIN protocol_annulments a ON a.registration_id = c.registration_id
    WHERE c.submission_id = $1 AND a.registration_id IS NULL ORDER BY c.id DESC";

const SELECT_CERTIFICATE: &str =
    "SELECT c.document_id, c.submission_id, c.kind, c.issued_at, c.valid_until,
    c.signer, c.demo, c.sha256, r.year, r.number, p.document_id AS replaces,
    a.annulled_at, a.operator AS a_operator, a.act, a.reason
    FROM certificates c JOIN protocol_registrations r ON r.id = c.registration_id
    LEFT JOIN certificates p ON p.id = c.replaces_id
    LEFT JOIN protocol_annulments a ON a.registration_id = c.registration_id";

impl Store {
    /// Opens an issuing transaction for the scope's user (a head of department, as the policy says) at
    /// `at`.
    pub async fn begin_issue(
        &self,
        scope: &DepartmentScope,
        at: DateTime<Utc>,
    ) -> Result<IssueSession> {
        scope
            .require(Permission::IssueCertificates, None)
            .map_err(AppError::from)?;
        let actor = scope.actor();
        let mut tx = self.write_tx().await?;
        let next = protocol::next_number(&mut tx, at).await?;
        Ok(IssueSession {
            tx,
            next,
            actor: actor.clone(),
            at,
        })
    }

    /// The register's record of a certificate, by its document ID.
    pub async fn certificate_by_document_id(&self, id: &str) -> Result<Option<IssuedCertificate>> {
        let row = sqlx::query(&format!("{SELECT_CERTIFICATE} WHERE c.document_id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(certificate_row).transpose()
    }

    /// The register's record of a certificate, by the SHA-256 of its signed bytes.
    pub async fn certificate_by_sha256(&self, sha256: &str) -> Result<Option<IssuedCertificate>> {
        let row = sqlx::query(&format!("{SELECT_CERTIFICATE} WHERE c.sha256 = $1"))
            .bind(sha256)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(certificate_row).transpose()
    }

    /// The certificates a submission produced, newest first.
    pub async fn certificates_of(
        &self,
        scope: &DepartmentScope,
        id: i64,
    ) -> Result<Vec<IssuedCertificate>> {
        let mut conn = self.pool.acquire().await?;
        self.load_visible(&mut conn, scope, id, Permission::ViewCertificates)
            .await?;
        let rows = sqlx::query(&format!(
            "{SELECT_CERTIFICATE} WHERE c.submission_id = $1 ORDER BY c.id DESC"
        ))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        rows.iter().map(certificate_row).collect()
    }

    /// The signed PDF of a certificate the scope's department issued.
    pub async fn certificate_pdf(
        &self,
        scope: &DepartmentScope,
        document_id: &str,
    ) -> Result<Vec<u8>> {
        scope
            .require(Permission::ViewCertificates, None)
            .map_err(AppError::from)?;
        let department = scope.department();
        let pdf: Option<Vec<u8>> = sqlx::query_scalar(
            "SELECT d.content FROM certificates c JOIN documents d ON d.id = c.document_row
             JOIN submissions s ON s.id = c.submission_id
             WHERE c.document_id = $1 AND s.department = $2",
        )
        .bind(document_id)
        .bind(department)
        .fetch_optional(&self.pool)
        .await?;
        pdf.ok_or_else(|| {
            AppError::new(ErrorCode::NotFound, "Il certificato richiesto non esiste.").into()
        })
    }

    /// The row id of a certificate, for a re-issue that replaces it.
    pub async fn certificate_row_id(&self, document_id: &str) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM certificates WHERE document_id = $1")
                .bind(document_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}

impl IssueSession {
    /// The protocol number the next [`IssueSession::record`] will register.
    pub fn next_number(&self) -> ProtocolNumber {
        self.next
    }

    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// Records one signed certificate: its document, its outgoing registration with the SHA-256 of the
    /// signed bytes, the certificate row and the submission's history row.
    pub async fn record(&mut self, c: &NewCertificate<'_>) -> Result<ProtocolNumber> {
        // A savepoint: a failure leaves the session's earlier records in place and this one out.
        let mut savepoint = sqlx::Connection::begin(&mut *self.tx).await?;
        let conn = &mut *savepoint;
        still_issuable(conn, c).await?;
        let document_row = store_document_returning_id(
            conn,
            c.submission_id,
            "certificate",
            "application/pdf",
            c.pdf,
            self.at,
        )
        .await?;
        let subject = format!("Certificato anagrafico: {} ({})", c.kind, c.document_id);
        let registration = Registration {
            direction: Direction::Outgoing,
            at: self.at,
            correspondent: c.correspondent,
            subject: &subject,
            document: c.pdf,
            submission_id: Some(c.submission_id),
            operator: &self.actor.full_name,
        };
        let (registration_id, number) = protocol::register(conn, &registration).await?;
        if number != self.next {
            tracing::error!(expected = %self.next, got = %number, "protocol number moved during issuing");
            return Err(AppError::new(
                ErrorCode::Conflict,
                "La numerazione di protocollo è cambiata durante il rilascio: ripetere l'operazione.",
            )
            .into());
        }
        sqlx::query(
            "INSERT INTO certificates (document_id, submission_id, kind, fiscal_code, issued_at, valid_until,
               registration_id, document_row, sha256, signer, demo, replaces_id, issued_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(c.document_id)
        .bind(c.submission_id)
        .bind(c.kind)
        .bind(c.subject_fiscal_code)
        .bind(Instant(self.at))
        .bind(c.valid_until)
        .bind(registration_id)
        .bind(document_row)
        .bind(sha256_hex(c.pdf))
        .bind(c.signer)
        .bind(c.demo)
        .bind(c.replaces.map(|(id, _)| id))
        .bind(&self.actor.full_name)
        .execute(&mut *conn)
        .await?;
        let text = format!(
            "Certificato {} rilasciato, prot. {number}, firmato da {}.",
            c.document_id, c.signer
        );
        let event = Event {
            submission_id: c.submission_id,
            at: self.at,
            actor_id: Some(self.actor.id),
            actor_name: &self.actor.full_name,
            event: if c.replaces.is_some() {
                "certificateReissued"
            } else {
                "certificateIssued"
            },
            from_state: Some(State::Approved),
            to_state: Some(State::Approved),
            text: Some(&text),
            protocol_id: Some(registration_id),
        };
        history::record(conn, &event).await?;
        if let Some((old, reason)) = c.replaces {
            annul_replaced(conn, (&self.actor, self.at), c.submission_id, old, reason).await?;
        }
        savepoint.commit().await?;
        self.next.number += 1;
        Ok(number)
    }

    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

/// Re-checked under the lock: the request is still approved, and it has fewer valid certificates than
/// the copies it asks for (or, for a re-issue, the one being replaced is still valid), so two heads
/// cannot issue the same copy twice.
async fn still_issuable(conn: &mut Conn, c: &NewCertificate<'_>) -> Result<()> {
    let state: String = sqlx::query_scalar("SELECT state FROM submissions WHERE id = $1")
        .bind(c.submission_id)
        .fetch_one(&mut *conn)
        .await?;
    if state != State::Approved.as_str() {
        let msg = "La richiesta non risulta più accolta: il certificato non è stato rilasciato.";
        return Err(AppError::new(ErrorCode::Conflict, msg).into());
    }
    let live: Vec<i64> = sqlx::query(LIVE_CERTIFICATES)
        .bind(c.submission_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<std::result::Result<_, _>>()?;
    match c.replaces {
        None if live.len() < c.copies as usize => Ok(()),
        Some((old, _)) if live.contains(&old) => Ok(()),
        None => Err(AppError::new(
            ErrorCode::Conflict,
            "Il certificato di questa richiesta è già stato rilasciato.",
        )
        .into()),
        Some(_) => Err(AppError::new(
            ErrorCode::Conflict,
            "Il certificato da sostituire non è più quello valido: ricaricare la pratica.",
        )
        .into()),
    }
}

/// Annuls the certificate a re-issue replaces, with its history row, in the re-issue's step.
async fn annul_replaced(
    conn: &mut Conn,
    (actor, at): (&Actor, DateTime<Utc>),
    submission_id: i64,
    old: i64,
    reason: &str,
) -> Result<()> {
    let registration: i64 =
        sqlx::query_scalar("SELECT registration_id FROM certificates WHERE id = $1")
            .bind(old)
            .fetch_one(&mut *conn)
            .await?;
    let act = "Nuova emissione";
    sqlx::query(
            "INSERT INTO protocol_annulments (registration_id, annulled_at, operator, act, reason) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(registration)
        .bind(Instant(at))
        .bind(&actor.full_name)
        .bind(act)
        .bind(reason.trim())
        .execute(&mut *conn)
        .await?;
    let original = protocol::entry_by_id(conn, registration).await?;
    protocol::annulment_history(conn, &original, submission_id, actor, (act, reason), at).await
}
