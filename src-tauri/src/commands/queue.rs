//! The queue.

use sportello_domain::clock::Clock;
use sportello_domain::queue::{QueueFilter, QueuePage, QueueQuery, StateCounts};
use tauri::State;

use super::CommandResult;
use crate::AppState;

#[tauri::command]
pub async fn queue_page(state: State<'_, AppState>, query: QueueQuery) -> CommandResult<QueuePage> {
    let who = state.principal().await?;
    let today = state.clock.today();
    Ok(state.app().await?.queue_page(&who, &query, today).await?)
}

#[tauri::command]
pub async fn queue_counts(
    state: State<'_, AppState>,
    filter: QueueFilter,
) -> CommandResult<StateCounts> {
    let who = state.principal().await?;
    let today = state.clock.today();
    Ok(state
        .app()
        .await?
        .queue_counts(&who, &filter, today)
        .await?)
}
