//! Certificate requests as issuing reads them: which approved requests still wait for a certificate
//! (or for some of their copies), and what a request asks for — read before it is approved too, so
//! the approval can run ANPR's checks.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sportello_domain::certificate::CertificateKind;
use sportello_domain::issuance::PendingCertificate;
use sportello_domain::policy::{DepartmentScope, Permission};
use sportello_domain::workflow::State;
use sportello_domain::{AppError, ErrorCode};
use sqlx::types::Json;
use sqlx::Row;

use super::certificates::LIVE_CERTIFICATES;
use super::Store;
use crate::error::Result;
use crate::model::ApprovedRequest;
use crate::time::Instant;

pub(super) const CERTIFICATE_SERVICE: &str = "certificato-anagrafico";

fn text(form: &Value, key: &str) -> String {
    form.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The form's «copie»: 1 when absent (requests received before the field was read).
fn copies(form: &Value) -> u32 {
    form.get("copie")
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1)
}

/// The kinds ticked for a «contestuale», in the catalogue's order.
fn parts(form: &Value) -> Vec<CertificateKind> {
    CertificateKind::ALL
        .into_iter()
        .filter(|k| {
            k.part_key()
                .is_some_and(|key| form.get(key).and_then(Value::as_bool) == Some(true))
        })
        .collect()
}

impl Store {
    /// The approved certificate requests of the actor's department with copies still to issue.
    pub async fn pending_certificates(
        &self,
        scope: &DepartmentScope,
    ) -> Result<Vec<PendingCertificate>> {
        scope
            .require(Permission::ViewCertificates, None)
            .map_err(AppError::from)?;
        let department = scope.department();
        let rows = sqlx::query(
            "SELECT s.id, s.family_name, s.given_name, s.form, s.protocol_key,
                    (SELECT MAX(h.at) FROM history h WHERE h.submission_id = s.id AND h.to_state = 'approved') AS approved_at,
                    (SELECT COUNT(*) FROM certificates c
                       LEFT JOIN protocol_annulments a ON a.registration_id = c.registration_id
                       WHERE c.submission_id = s.id AND a.registration_id IS NULL) AS live
             FROM submissions s
             WHERE s.department = $1 AND s.service = $2 AND s.state = $3
             ORDER BY approved_at, s.id",
        )
        .bind(department)
        .bind(CERTIFICATE_SERVICE)
        .bind(State::Approved.as_str())
        .fetch_all(&self.pool)
        .await?;
        let mut pending = Vec::new();
        for r in &rows {
            let Json(form) = r.try_get::<Json<Value>, _>("form")?;
            if r.try_get::<i64, _>("live")? >= i64::from(copies(&form)) {
                continue;
            }
            let approved: Option<Instant> = r.try_get("approved_at")?;
            pending.push(PendingCertificate {
                submission_id: r.try_get("id")?,
                protocol: super::queue::protocol_of_key(r.try_get("protocol_key")?).to_string(),
                applicant: format!(
                    "{} {}",
                    r.try_get::<String, _>("family_name")?,
                    r.try_get::<String, _>("given_name")?
                ),
                subject_fiscal_code: text(&form, "intestatario"),
                kind: text(&form, "tipo_certificato"),
                declared_use: text(&form, "uso"),
                approved_at: approved.map_or(DateTime::<Utc>::UNIX_EPOCH, |at| at.0),
            });
        }
        Ok(pending)
    }

    /// Reads an approved certificate request of the scope's department.
    pub async fn certificate_request(
        &self,
        scope: &DepartmentScope,
        id: i64,
    ) -> Result<ApprovedRequest> {
        let request = self
            .read_certificate_request(scope, id, Permission::ViewCertificates)
            .await?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::IllegalAction,
                    format!("La pratica n. {id} non è una richiesta di certificato."),
                )
            })?;
        if request.1 != State::Approved {
            return Err(AppError::new(
                ErrorCode::IllegalAction,
                format!("La richiesta n. {id} non è stata ancora accolta: il certificato non si può rilasciare."),
            )
            .into());
        }
        Ok(request.0)
    }

    /// What submission `id` asks for when it is a certificate request, whatever its state (the
    /// approval checks it before it decides); `None` for any other service.
    pub async fn certificate_request_to_decide(
        &self,
        scope: &DepartmentScope,
        id: i64,
    ) -> Result<Option<ApprovedRequest>> {
        let request = self
            .read_certificate_request(scope, id, Permission::ViewSubmission)
            .await?;
        Ok(request.map(|(r, _)| r))
    }

    async fn read_certificate_request(
        &self,
        scope: &DepartmentScope,
        id: i64,
        permission: Permission,
    ) -> Result<Option<(ApprovedRequest, State)>> {
        let mut conn = self.pool.acquire().await?;
        let stored = self.load_visible(&mut conn, scope, id, permission).await?;
        if stored.service != CERTIFICATE_SERVICE {
            return Ok(None);
        }
        let Json(form): Json<Value> =
            sqlx::query_scalar("SELECT form FROM submissions WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
        let issued: Vec<String> = sqlx::query(LIVE_CERTIFICATES)
            .bind(id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get("document_id"))
            .collect::<std::result::Result<_, _>>()?;
        let exemption = text(&form, "motivo_esenzione");
        let request = ApprovedRequest {
            submission_id: id,
            department: stored.department,
            correspondent: stored.correspondent,
            kind: text(&form, "tipo_certificato"),
            parts: parts(&form),
            subject_fiscal_code: text(&form, "intestatario"),
            declared_use: text(&form, "uso"),
            exemption_text: (!exemption.is_empty()).then_some(exemption),
            copies: copies(&form),
            issued,
        };
        Ok(Some((request, stored.procedure.state)))
    }
}
