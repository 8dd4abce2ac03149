//! Logging in and out, and what the logged-in user may see.

use sportello_domain::catalogue::Catalogue;
use sportello_domain::user::{AppInfo, Credentials, Session};

use super::{CommandResult, Cx};

/// The Comune's name and whether this is a demo database; needs no login.
pub async fn app_info(cx: Cx<'_>) -> CommandResult<AppInfo> {
    Ok(cx.app().await?.app_info().await?)
}

pub async fn login(cx: Cx<'_>, credentials: Credentials) -> CommandResult<Session> {
    let user = cx
        .app()
        .await?
        .log_in(&credentials.username, &credentials.password)
        .await?;
    cx.set_user(Some(user.id));
    Ok(cx.app().await?.session(user).await?)
}

pub async fn logout(cx: Cx<'_>) -> CommandResult<()> {
    cx.set_user(None);
    Ok(())
}

pub async fn current_session(cx: Cx<'_>) -> CommandResult<Option<Session>> {
    match cx.user().await {
        Ok(user) => Ok(Some(cx.app().await?.session(user).await?)),
        Err(_) => Ok(None),
    }
}

/// The departments, and the services the user works on.
pub async fn catalogue(cx: Cx<'_>) -> CommandResult<Catalogue> {
    let who = cx.principal().await?;
    Ok(cx.app().await?.catalogue(&who).await?)
}
