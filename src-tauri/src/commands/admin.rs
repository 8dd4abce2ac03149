//! User management, for administrators.

use sportello_domain::user::{NewUser, UserInfo, UserUpdate};
use tauri::State;

use super::CommandResult;
use crate::AppState;

#[tauri::command]
pub async fn list_users(state: State<'_, AppState>) -> CommandResult<Vec<UserInfo>> {
    let who = state.principal().await?;
    Ok(state.app().await?.list_users(&who).await?)
}

#[tauri::command]
pub async fn create_user(state: State<'_, AppState>, user: NewUser) -> CommandResult<UserInfo> {
    let who = state.principal().await?;
    Ok(state.app().await?.create_user(&who, &user).await?)
}

#[tauri::command]
pub async fn update_user(
    state: State<'_, AppState>,
    id: i64,
    change: UserUpdate,
) -> CommandResult<UserInfo> {
    let who = state.principal().await?;
    Ok(state.app().await?.update_user(&who, id, &change).await?)
}

#[tauri::command]
pub async fn set_user_active(
    state: State<'_, AppState>,
    id: i64,
    active: bool,
) -> CommandResult<UserInfo> {
    let who = state.principal().await?;
    Ok(state.app().await?.set_user_active(&who, id, active).await?)
}
