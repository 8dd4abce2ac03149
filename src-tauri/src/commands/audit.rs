//! The audit trail's check, for administrators and the records manager.

use sportello_domain::audit::{AuditHead, AuditReport};

use super::{CommandResult, Cx};

pub async fn audit_head(cx: Cx<'_>) -> CommandResult<AuditHead> {
    let who = cx.principal().await?;
    Ok(cx.app().await?.audit_head(&who).await?)
}

/// One pass over the chain; `anchor` is a head printed earlier (the daily register), when given.
pub async fn verify_audit(cx: Cx<'_>, anchor: Option<AuditHead>) -> CommandResult<AuditReport> {
    let who = cx.principal().await?;
    let anchor = anchor.as_ref().map(|a| (a.seq, a.hash.as_str()));
    Ok(cx.app().await?.verify_audit(&who, anchor).await?)
}
