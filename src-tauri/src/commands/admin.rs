//! User management, for administrators.

use sportello_domain::user::{NewUser, UserInfo, UserUpdate};

use super::{CommandResult, Cx};

pub async fn list_users(cx: Cx<'_>) -> CommandResult<Vec<UserInfo>> {
    let who = cx.principal().await?;
    Ok(cx.app().await?.list_users(&who).await?)
}

pub async fn create_user(cx: Cx<'_>, user: NewUser) -> CommandResult<UserInfo> {
    let who = cx.principal().await?;
    Ok(cx.app().await?.create_user(&who, &user).await?)
}

pub async fn update_user(cx: Cx<'_>, id: i64, change: UserUpdate) -> CommandResult<UserInfo> {
    let who = cx.principal().await?;
    Ok(cx.app().await?.update_user(&who, id, &change).await?)
}

pub async fn set_user_active(cx: Cx<'_>, id: i64, active: bool) -> CommandResult<UserInfo> {
    let who = cx.principal().await?;
    Ok(cx.app().await?.set_user_active(&who, id, active).await?)
}
