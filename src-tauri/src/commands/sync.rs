//! The "Sincronizzazione" view: the portal link at a glance, and an administrator's retry.

use chrono::Utc;
use sportello_domain::link::{OutboxItem, SyncView};

use super::{CommandResult, Cx};

pub async fn sync_overview(cx: Cx<'_>) -> CommandResult<SyncView> {
    let who = cx.principal().await?;
    let overview = cx.app().await?.sync_overview(&who).await?;
    Ok(SyncView {
        overview,
        portal: cx.sync.portal.clone(),
        simulated: cx.sync.simulated,
        progress: cx.sync.progress(),
    })
}

/// Sends a failed delivery again, at once if this workstation runs the sync.
pub async fn retry_delivery(cx: Cx<'_>, id: i64) -> CommandResult<OutboxItem> {
    let who = cx.principal().await?;
    let item = cx.app().await?.retry_delivery(&who, id, Utc::now()).await?;
    cx.sync.wake.notify_one();
    Ok(item)
}

/// A run now, if this workstation runs the sync.
pub async fn sync_now(cx: Cx<'_>) -> CommandResult<()> {
    let who = cx.principal().await?;
    cx.app().await?.request_sync(&who)?;
    cx.sync.wake.notify_one();
    Ok(())
}
