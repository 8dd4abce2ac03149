//! What the shell keeps between commands: the store, the clock and who is logged in.

use std::sync::Mutex;

use sportello_domain::clock::SystemClock;
use sportello_domain::user::{Actor, Role, Session, UserInfo};
use sportello_domain::{AppError, ErrorCode};
use sportello_issuance::Certificates;
use sportello_store::Store;

#[derive(Debug)]
pub struct AppState {
    pub store: Store,
    pub certificates: Certificates,
    pub clock: SystemClock,
    user: Mutex<Option<i64>>,
}

fn unauthenticated() -> AppError {
    AppError::new(
        ErrorCode::Unauthenticated,
        "Sessione non attiva: accedere di nuovo.",
    )
}

impl AppState {
    pub fn new(store: Store, renderer: std::sync::Arc<sportello_issuance::Renderer>) -> Self {
        Self {
            certificates: Certificates::with_renderer(store.clone(), renderer),
            store,
            clock: SystemClock,
            user: Mutex::new(None),
        }
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
        let user = self.store.user(id).await.map_err(AppError::from)?;
        if !user.active {
            self.set_user(None);
            return Err(unauthenticated());
        }
        Ok(user)
    }

    pub async fn actor(&self) -> Result<Actor, AppError> {
        Ok(self.user().await?.actor())
    }

    pub async fn admin(&self) -> Result<Actor, AppError> {
        let actor = self.actor().await?;
        if actor.role != Role::Amministratore {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                "Funzione riservata agli amministratori.",
            ));
        }
        Ok(actor)
    }

    pub async fn session(&self, user: UserInfo) -> Result<Session, AppError> {
        Ok(Session {
            user,
            demo: self.store.is_demo().await.map_err(AppError::from)?,
            comune: self.store.comune_name().await.map_err(AppError::from)?,
        })
    }
}
