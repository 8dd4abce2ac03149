//! What the shell keeps between commands: the application, the clock and who is logged in.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use sportello_application::{Principal, Sportello};
use sportello_domain::clock::SystemClock;
use sportello_domain::user::UserInfo;
use sportello_domain::{AppError, ErrorCode};

/// Opens the application (the configured database); called again while it could not be opened.
pub type Opener =
    fn() -> Pin<Box<dyn Future<Output = Result<Sportello, sportello_application::Error>> + Send>>;

pub struct AppState {
    /// The application, once its database could be opened. A server that was unreachable at start-up
    /// is tried again at the next command, so the window recovers when the server is back.
    sportello: tokio::sync::RwLock<Option<Sportello>>,
    open: Opener,
    pub clock: SystemClock,
    user: Mutex<Option<i64>>,
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
    pub fn new(opened: Option<Sportello>, open: Opener) -> Self {
        Self {
            sportello: tokio::sync::RwLock::new(opened),
            open,
            clock: SystemClock,
            user: Mutex::new(None),
        }
    }

    /// The application, opening the database if it could not be opened before.
    pub async fn app(&self) -> Result<Sportello, AppError> {
        if let Some(app) = self.sportello.read().await.as_ref() {
            return Ok(app.clone());
        }
        let mut slot = self.sportello.write().await;
        if let Some(app) = slot.as_ref() {
            return Ok(app.clone());
        }
        let app = (self.open)().await?;
        tracing::info!("database reachable again: the application is open");
        *slot = Some(app.clone());
        Ok(app)
    }

    pub fn set_user(&self, id: Option<i64>) {
        *self.user.lock().unwrap_or_else(|p| p.into_inner()) = id;
    }

    fn user_id(&self) -> Option<i64> {
        *self.user.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The logged-in user, re-read so a deactivation takes effect at once.
    pub async fn user(&self) -> Result<UserInfo, AppError> {
        let id = self.user_id().ok_or_else(unauthenticated)?;
        match self.app().await?.active_user(id).await? {
            Some(user) => Ok(user),
            None => {
                self.set_user(None);
                Err(unauthenticated())
            }
        }
    }

    /// Who acts in this window: the logged-in user. What they may do is the policy's to say.
    pub async fn principal(&self) -> Result<Principal, AppError> {
        Ok(Principal::User(self.user().await?.actor()))
    }
}
