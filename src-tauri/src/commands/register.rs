//! The protocol register, for the records manager.

use sportello_domain::clock::Clock;
use sportello_domain::protocol::{AnnulmentRequest, RegisterEntry};
use tauri::State;

use super::CommandResult;
use crate::AppState;

#[tauri::command]
pub async fn register_entries(
    state: State<'_, AppState>,
    year: i32,
) -> CommandResult<Vec<RegisterEntry>> {
    let who = state.principal().await?;
    Ok(state.app().await?.register_entries(&who, year).await?)
}

#[tauri::command]
pub async fn annul_registration(
    state: State<'_, AppState>,
    request: AnnulmentRequest,
) -> CommandResult<RegisterEntry> {
    let who = state.principal().await?;
    let (number, at) = (&request.number, state.clock.now());
    Ok(state
        .app()
        .await?
        .annul_registration(&who, number, &request.act, &request.reason, at)
        .await?)
}
