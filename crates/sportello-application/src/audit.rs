//! The audit trail: its head, a verification pass, and pruning past the retention.

use chrono::{DateTime, Months, Utc};
use sportello_domain::audit::{AuditHead, AuditReport, Pruned, MIN_RETENTION_MONTHS};
use sportello_domain::policy::{self, Permission, Principal};
use sportello_domain::AppError;

use crate::{Result, Sportello};

impl Sportello {
    pub async fn audit_head(&self, who: &Principal) -> Result<AuditHead> {
        let scope = policy::audit_scope(who, Permission::VerifyAudit)?;
        Ok(self.store.audit_head(&scope).await?)
    }

    /// Checks the whole chain from the last checkpoint, and against `anchor` (a head printed
    /// outside the database) when given.
    pub async fn verify_audit(
        &self,
        who: &Principal,
        anchor: Option<(i64, &str)>,
    ) -> Result<AuditReport> {
        let scope = policy::audit_scope(who, Permission::VerifyAudit)?;
        let report = self.store.verify_audit(&scope, anchor).await?;
        if report.is_whole() {
            tracing::info!(
                checked = report.checked,
                head = report.head_seq,
                "audit trail verified"
            );
        } else {
            tracing::error!(problems = report.problems.len(), first = ?report.problems.first(), "audit trail altered");
        }
        Ok(report)
    }

    /// Removes the entries older than `keep_months` (at least [`MIN_RETENTION_MONTHS`]) behind a
    /// checkpoint.
    pub async fn prune_audit(
        &self,
        who: &Principal,
        keep_months: u32,
        now: DateTime<Utc>,
    ) -> Result<Pruned> {
        let scope = policy::audit_scope(who, Permission::PruneAudit)?;
        if keep_months < MIN_RETENTION_MONTHS {
            return Err(AppError::invalid(format!(
                "Il registro di controllo si conserva per almeno {MIN_RETENTION_MONTHS} mesi."
            ))
            .into());
        }
        let before = now
            .checked_sub_months(Months::new(keep_months))
            .ok_or_else(|| AppError::invalid("Periodo di conservazione non valido."))?;
        Ok(self.store.prune_audit(&scope, before, now).await?)
    }
}
