//! The queue.

use sportello_domain::clock::Clock;
use sportello_domain::queue::{QueueFilter, QueuePage, QueueQuery, StateCounts};

use super::{CommandResult, Cx};

pub async fn queue_page(cx: Cx<'_>, query: QueueQuery) -> CommandResult<QueuePage> {
    let who = cx.principal().await?;
    let today = cx.clock.today();
    Ok(cx.app().await?.queue_page(&who, &query, today).await?)
}

pub async fn queue_counts(cx: Cx<'_>, filter: QueueFilter) -> CommandResult<StateCounts> {
    let who = cx.principal().await?;
    let today = cx.clock.today();
    Ok(cx.app().await?.queue_counts(&who, &filter, today).await?)
}
