//! Logging in, the session, and what a user may see of the catalogue.

use sportello_domain::catalogue::Catalogue;
use sportello_domain::policy::{self, Permission, Principal, Target};
use sportello_domain::user::{AppInfo, Session, UserInfo};

use crate::{Result, Sportello};

impl Sportello {
    /// What the login screen may show before anybody logs in.
    pub async fn app_info(&self) -> Result<AppInfo> {
        Ok(self.store.app_info().await?)
    }

    /// Checks a login; unknown users and wrong passwords get the same answer.
    pub async fn log_in(&self, username: &str, password: &str) -> Result<UserInfo> {
        Ok(self.store.authenticate(username, password).await?)
    }

    /// The user behind a session, re-read so a deactivation takes effect at once; `None` when the
    /// user no longer exists or was deactivated.
    pub async fn active_user(&self, id: i64) -> Result<Option<UserInfo>> {
        match self.store.user(id).await {
            Ok(user) if user.active => Ok(Some(user)),
            Ok(_) => Ok(None),
            Err(e) => {
                tracing::warn!(user = id, error = %e, "session user cannot be read");
                Ok(None)
            }
        }
    }

    /// The session the window shows: the user, the Comune and whether this is a demo.
    pub async fn session(&self, user: UserInfo) -> Result<Session> {
        Ok(Session {
            user,
            demo: self.store.is_demo().await?,
            comune: self.store.comune_name().await?,
        })
    }

    /// The departments, and the services the principal works on: their department's for officers
    /// and heads, all of them for everyone else.
    pub async fn catalogue(&self, who: &Principal) -> Result<Catalogue> {
        policy::authorize(who, Permission::ViewCatalogue, Target::Comune)?;
        let mut catalogue = self.store.catalogue().clone();
        if let Ok(scope) = policy::department_scope(who, Permission::EnterAtCounter) {
            catalogue
                .services
                .retain(|s| s.department == scope.department());
        }
        Ok(catalogue)
    }
}
