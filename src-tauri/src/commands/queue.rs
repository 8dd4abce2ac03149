//! The queue.

use sportello_domain::clock::Clock;
use sportello_domain::queue::{QueueFilter, QueuePage, QueueQuery, StateCounts};
use tauri::State;

use super::CommandResult;
use crate::AppState;

#[tauri::command]
pub async fn queue_page(state: State<'_, AppState>, query: QueueQuery) -> CommandResult<QueuePage> {
    let actor = state.actor().await?;
    Ok(state
        .store
        .queue_page(&actor, &query, state.clock.today())
        .await?)
}

#[tauri::command]
pub async fn queue_counts(
    state: State<'_, AppState>,
    filter: QueueFilter,
) -> CommandResult<StateCounts> {
    let actor = state.actor().await?;
    Ok(state
        .store
        .queue_counts(&actor, &filter, state.clock.today())
        .await?)
}
