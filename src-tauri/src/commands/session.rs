//! Logging in and out, what the logged-in user may see, and the changes other workstations make.

use sportello_domain::catalogue::Catalogue;
use sportello_domain::changes::ChangeEvent;
use sportello_domain::user::{AppInfo, Credentials, PasswordChange, Session, WorkstationInfo};

use super::{CommandResult, Cx, Progress};

/// When an idle window locks, and whether this workstation works on a server (`sportello.toml`);
/// needs no login.
pub async fn workstation_info(_cx: Cx<'_>) -> CommandResult<WorkstationInfo> {
    let workstation = sportello_store::workstation()?;
    Ok(WorkstationInfo {
        idle_lock_minutes: workstation.idle_lock_minutes,
        server: sportello_store::is_postgres_url(&workstation.database.url),
    })
}

/// The Comune's name and whether this is a demo database; needs no login.
pub async fn app_info(cx: Cx<'_>) -> CommandResult<AppInfo> {
    Ok(cx.opening().app_info().await?)
}

/// On a server in shared mode the login opens the user's own connection (see `Opening`).
pub async fn login(cx: Cx<'_>, credentials: Credentials) -> CommandResult<Session> {
    let user = cx
        .opening()
        .log_in(&credentials.username, &credentials.password)
        .await?;
    cx.set_user(Some(user.id));
    Ok(cx.app().await?.session(user).await?)
}

pub async fn logout(cx: Cx<'_>) -> CommandResult<()> {
    cx.set_watch(None);
    cx.set_user(None);
    cx.opening().log_out().await;
    Ok(())
}

/// The logged-in user's new password (first login after a one-time password, or by choice).
pub async fn change_password(cx: Cx<'_>, change: PasswordChange) -> CommandResult<Session> {
    let who = cx.principal().await?;
    let app = cx.app().await?;
    let user = app.change_own_password(&who, &change.new_password).await?;
    Ok(app.session(user).await?)
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

/// Forwards what other workstations change to the window (`feed`) until the next call or logout.
/// Nothing to forward on the embedded database.
pub async fn watch_changes(cx: Cx<'_>, feed: Progress<ChangeEvent>) -> CommandResult<()> {
    let who = cx.principal().await?;
    let Some(mut changes) = cx.app().await?.changes(&who).await? else {
        // The embedded database: the only other writer is this workstation's portal sync.
        let mut arrivals = cx.sync.changes.subscribe();
        let task = tauri::async_runtime::spawn(async move {
            while let Ok(event) = arrivals.recv().await {
                if feed.0.send(event).is_err() {
                    break;
                }
            }
        });
        cx.set_watch(Some(task));
        return Ok(());
    };
    let task = tauri::async_runtime::spawn(async move {
        loop {
            let event = changes.next().await;
            if let Err(e) = feed.0.send(event) {
                tracing::info!(error = %e, "the window stopped listening to changes");
                break;
            }
        }
    });
    cx.set_watch(Some(task));
    Ok(())
}
