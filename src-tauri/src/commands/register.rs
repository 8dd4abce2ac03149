//! The protocol register, for the records manager (an administrator).

use sportello_domain::clock::Clock;
use sportello_domain::protocol::{AnnulmentRequest, ProtocolNumber, RegisterEntry};
use sportello_domain::AppError;
use tauri::State;

use super::CommandResult;
use crate::AppState;

#[tauri::command]
pub async fn register_entries(
    state: State<'_, AppState>,
    year: i32,
) -> CommandResult<Vec<RegisterEntry>> {
    let admin = state.admin().await?;
    Ok(state.store.register_entries(&admin, year).await?)
}

#[tauri::command]
pub async fn annul_registration(
    state: State<'_, AppState>,
    request: AnnulmentRequest,
) -> CommandResult<RegisterEntry> {
    let admin = state.admin().await?;
    let number = ProtocolNumber::parse(&request.number)
        .ok_or_else(|| AppError::invalid("Numero di protocollo non valido (es. 2026/0000042)."))?;
    let at = state.clock.now();
    Ok(state
        .store
        .annul_registration(&admin, number, &request.act, &request.reason, at)
        .await?)
}
