//! User management, for administrators.

use sportello_domain::user::{NewUser, UserInfo, UserUpdate};
use tauri::State;

use super::CommandResult;
use crate::AppState;

#[tauri::command]
pub async fn list_users(state: State<'_, AppState>) -> CommandResult<Vec<UserInfo>> {
    state.admin().await?;
    Ok(state.store.list_users().await?)
}

#[tauri::command]
pub async fn create_user(state: State<'_, AppState>, user: NewUser) -> CommandResult<UserInfo> {
    let admin = state.admin().await?;
    let created = state.store.create_user(&user, false).await?;
    tracing::info!(
        by = admin.id,
        user = created.id,
        role = created.role.as_str(),
        "user created"
    );
    Ok(created)
}

#[tauri::command]
pub async fn update_user(
    state: State<'_, AppState>,
    id: i64,
    change: UserUpdate,
) -> CommandResult<UserInfo> {
    let admin = state.admin().await?;
    Ok(state.store.update_user(&admin, id, &change).await?)
}

#[tauri::command]
pub async fn set_user_active(
    state: State<'_, AppState>,
    id: i64,
    active: bool,
) -> CommandResult<UserInfo> {
    let admin = state.admin().await?;
    Ok(state.store.set_user_active(&admin, id, active).await?)
}
