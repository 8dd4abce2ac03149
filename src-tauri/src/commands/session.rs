//! Logging in and out, and what the logged-in user may see.

use serde::Deserialize;
use sportello_domain::catalogue::Catalogue;
use sportello_domain::user::{AppInfo, Session};
use tauri::State;

use super::CommandResult;
use crate::AppState;

#[derive(Debug, Deserialize)]
pub struct LoginRequest {
    username: String,
    password: String,
}

/// The Comune's name and whether this is a demo database; needs no login.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    Ok(state.app().await?.app_info().await?)
}

#[tauri::command]
pub async fn login(state: State<'_, AppState>, request: LoginRequest) -> CommandResult<Session> {
    let user = state
        .app()
        .await?
        .log_in(&request.username, &request.password)
        .await?;
    state.set_user(Some(user.id));
    Ok(state.app().await?.session(user).await?)
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> CommandResult<()> {
    state.set_user(None);
    Ok(())
}

#[tauri::command]
pub async fn current_session(state: State<'_, AppState>) -> CommandResult<Option<Session>> {
    match state.user().await {
        Ok(user) => Ok(Some(state.app().await?.session(user).await?)),
        Err(_) => Ok(None),
    }
}

/// The departments, and the services the user works on.
#[tauri::command]
pub async fn catalogue(state: State<'_, AppState>) -> CommandResult<Catalogue> {
    let who = state.principal().await?;
    Ok(state.app().await?.catalogue(&who).await?)
}
