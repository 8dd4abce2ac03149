//! The application as a window holds it. Two ways:
//!
//! * **opened at start-up** (the embedded file, or a URL IT gave in `SPORTELLO_DATABASE_URL`): opened
//!   when the database answers, and again at the next use while it does not — so a window started
//!   while the server was down recovers by itself;
//! * **per user** (shared mode, the server named by `sportello.toml`): nothing is opened before
//!   login; the login opens the server with the user's own login role and password, and the logout
//!   closes it. The workstation holds no credential of its own (docs/database-roles.md).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use sportello_domain::user::{AppInfo, UserInfo, Username};
use sportello_domain::{AppError, ErrorCode};
use sportello_issuance::Renderer;
use sportello_store::Store;

use crate::{Error, Result, Sportello};

/// How to open the application (the configured database), as often as needed.
pub type Open =
    Box<dyn Fn() -> Pin<Box<dyn Future<Output = Result<Sportello>> + Send>> + Send + Sync>;

enum How {
    AtStartUp(Open),
    PerUser {
        url: String,
        role_prefix: String,
        renderer: tokio::sync::OnceCell<Arc<Renderer>>,
    },
}

pub struct Opening {
    slot: tokio::sync::RwLock<Option<Sportello>>,
    how: How,
}

impl std::fmt::Debug for Opening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opening").finish_non_exhaustive()
    }
}

fn not_logged_in() -> Error {
    AppError::new(
        ErrorCode::Unauthenticated,
        "Sessione non attiva: accedere di nuovo.",
    )
    .into()
}

fn bad_credentials() -> Error {
    AppError::new(
        ErrorCode::BadCredentials,
        "Nome utente o password non corretti.",
    )
    .into()
}

impl Opening {
    /// `opened` is what start-up could open (`None` when the database did not answer).
    pub fn new(opened: Option<Sportello>, open: Open) -> Self {
        Self {
            slot: tokio::sync::RwLock::new(opened),
            how: How::AtStartUp(open),
        }
    }

    /// Shared mode: the server at `url` (no credentials in it), opened at each login as the login
    /// role `role_prefix` + username.
    pub fn per_user(url: String, role_prefix: String) -> Self {
        Self {
            slot: tokio::sync::RwLock::new(None),
            how: How::PerUser {
                url,
                role_prefix,
                renderer: tokio::sync::OnceCell::new(),
            },
        }
    }

    /// The application, opening the database now if it could not be opened before; the error of
    /// that attempt (e.g. «Il server del database non risponde…») otherwise. Per user: the logged-in
    /// user's, or «Sessione non attiva».
    pub async fn get(&self) -> Result<Sportello> {
        if let Some(app) = self.slot.read().await.as_ref() {
            return Ok(app.clone());
        }
        let How::AtStartUp(open) = &self.how else {
            return Err(not_logged_in());
        };
        let mut slot = self.slot.write().await;
        if let Some(app) = slot.as_ref() {
            return Ok(app.clone());
        }
        let app = open().await?;
        tracing::info!("database reachable again: the application is open");
        *slot = Some(app.clone());
        Ok(app)
    }

    /// Checks a login and returns the user. Per user, the login *is* the connection: the server
    /// checks the password (SCRAM or the Comune's LDAP) and the user is the one whose login role
    /// the connection has; unknown users and wrong passwords get the same answer.
    pub async fn log_in(&self, username: &str, password: &str) -> Result<UserInfo> {
        let How::PerUser {
            url,
            role_prefix,
            renderer,
        } = &self.how
        else {
            return self.get().await?.log_in(username, password).await;
        };
        // The username rule's one home; a name it refuses gets the same answer as a wrong password.
        let Ok(username) = Username::parse(username) else {
            return Err(bad_credentials());
        };
        if password.is_empty() {
            return Err(bad_credentials());
        }
        let login = format!("{role_prefix}{}", username.as_str());
        let store = match Store::open_as_user(url, &login, password).await {
            Ok(store) => store,
            Err(e) => {
                let shown = AppError::from(e);
                return Err(if shown.code == ErrorCode::Unauthenticated {
                    tracing::info!(login, "login refused by the server");
                    bad_credentials()
                } else {
                    shown.into()
                });
            }
        };
        let Some(user) = store.connected_user().await? else {
            tracing::warn!(
                login,
                "a login role with no active Sportello user connected"
            );
            store.close().await;
            return Err(bad_credentials());
        };
        let renderer = renderer
            .get_or_try_init(|| async { Renderer::new().map(Arc::new) })
            .await?;
        let app = Sportello::with_renderer(store, renderer.clone()).await?;
        let previous = self.slot.write().await.replace(app);
        if let Some(previous) = previous {
            previous.store().close().await;
        }
        tracing::info!(
            user = user.id,
            "logged in on the server with the user's own role"
        );
        Ok(user)
    }

    /// Ends the session; per user, the user's connections are closed.
    pub async fn log_out(&self) {
        if let How::PerUser { .. } = self.how {
            if let Some(app) = self.slot.write().await.take() {
                app.store().close().await;
            }
        }
    }

    /// What the login screen may show before anybody logs in; per user, before login nothing can be
    /// read from the server (the workstation has no credential of its own).
    pub async fn app_info(&self) -> Result<AppInfo> {
        if let How::PerUser { .. } = self.how {
            if let Some(app) = self.slot.read().await.as_ref() {
                return app.app_info().await;
            }
            return Ok(AppInfo {
                comune: "Comune".to_string(),
                demo: false,
                demo_password: None,
            });
        }
        self.get().await?.app_info().await
    }
}
