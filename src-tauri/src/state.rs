//! What the shell keeps between commands: the application, the clock and who is logged in.

use std::sync::Mutex;

use sportello_application::{Opening, Principal, Sportello};
use sportello_domain::clock::SystemClock;
use sportello_domain::user::UserInfo;
use sportello_domain::{AppError, ErrorCode};

pub struct AppState {
    /// The application, opened again at the next command while the server does not answer.
    sportello: Opening,
    pub clock: SystemClock,
    user: Mutex<Option<i64>>,
    /// The task forwarding the server's change feed to the window, if one runs.
    watch: Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
    /// The portal link's background sync on this workstation (idle in shared mode).
    pub sync: std::sync::Arc<crate::sync::SyncState>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
}

fn unauthenticated() -> AppError {
    AppError::new(
        ErrorCode::Unauthenticated,
        "Sessione non attiva: accedere di nuovo.",
    )
}

impl AppState {
    pub fn new(sportello: Opening) -> Self {
        Self::with_sync(
            sportello,
            std::sync::Arc::new(crate::sync::SyncState::idle()),
        )
    }

    pub fn with_sync(sportello: Opening, sync: std::sync::Arc<crate::sync::SyncState>) -> Self {
        Self {
            sportello,
            clock: SystemClock,
            user: Mutex::new(None),
            watch: Mutex::new(None),
            sync,
        }
    }

    /// The application, opening the database if it could not be opened before.
    pub async fn app(&self) -> Result<Sportello, AppError> {
        Ok(self.sportello.get().await?)
    }

    /// How the application is opened (at start-up, or per user at login).
    pub fn opening(&self) -> &Opening {
        &self.sportello
    }

    /// The change feed's task from now on; the one before (if any) stops.
    pub fn set_watch(&self, task: Option<tauri::async_runtime::JoinHandle<()>>) {
        let previous = std::mem::replace(
            &mut *self
                .watch
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
            task,
        );
        if let Some(previous) = previous {
            previous.abort();
        }
    }

    pub fn set_user(&self, id: Option<i64>) {
        *self
            .user
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = id;
    }

    fn user_id(&self) -> Option<i64> {
        *self
            .user
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The logged-in user, re-read so a deactivation takes effect at once.
    pub async fn user(&self) -> Result<UserInfo, AppError> {
        let id = self.user_id().ok_or_else(unauthenticated)?;
        if let Some(user) = self.app().await?.active_user(id).await? {
            Ok(user)
        } else {
            self.set_user(None);
            Err(unauthenticated())
        }
    }

    /// Who acts in this window: the logged-in user. What they may do is the policy's to say.
    pub async fn principal(&self) -> Result<Principal, AppError> {
        Ok(Principal::User(self.user().await?.actor()))
    }
}
