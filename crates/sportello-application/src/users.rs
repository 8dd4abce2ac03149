//! Users and settings, for administrators (and IT's command line, acting as the installation).

use sportello_domain::policy::{self, Permission, Principal, Target};
use sportello_domain::user::{NewUser, UserInfo, UserUpdate};
use sportello_store::Store;

use crate::{Result, Sportello};

impl Sportello {
    pub async fn list_users(&self, who: &Principal) -> Result<Vec<UserInfo>> {
        let scope = policy::admin_scope(who, Permission::ManageUsers)?;
        Ok(self.store.list_users(&scope).await?)
    }

    /// The logged-in user chooses a new password (required after a one-time one).
    pub async fn change_own_password(&self, who: &Principal, password: &str) -> Result<UserInfo> {
        policy::authorize(who, Permission::ChangeOwnPassword, Target::Comune)?;
        let Principal::User(actor) = who else {
            // The policy refuses the installation: it has no password of its own.
            return Err(sportello_domain::AppError::internal().into());
        };
        Ok(self.store.change_own_password(actor, password).await?)
    }

    pub async fn create_user(&self, who: &Principal, new: &NewUser) -> Result<UserInfo> {
        let scope = policy::admin_scope(who, Permission::ManageUsers)?;
        Ok(self.store.create_user(&scope, new, false).await?)
    }

    pub async fn update_user(
        &self,
        who: &Principal,
        id: i64,
        change: &UserUpdate,
    ) -> Result<UserInfo> {
        let scope = policy::admin_scope(who, Permission::ManageUsers)?;
        Ok(self.store.update_user(&scope, id, change).await?)
    }

    pub async fn set_user_active(
        &self,
        who: &Principal,
        id: i64,
        active: bool,
    ) -> Result<UserInfo> {
        let scope = policy::admin_scope(who, Permission::ManageUsers)?;
        Ok(self.store.set_user_active(&scope, id, active).await?)
    }

    /// Sets a user's password, found by login name (IT's reset from the command line).
    pub async fn set_password(
        &self,
        who: &Principal,
        username: &str,
        password: &str,
    ) -> Result<()> {
        let scope = policy::admin_scope(who, Permission::ManageUsers)?;
        let user = self.store.user_by_username(username).await?;
        Ok(self.store.set_password(&scope, user.id, password).await?)
    }

    /// The Comune's settings, for the principal allowed to configure: the issuance crate's
    /// configuration functions then read and write them.
    pub fn settings(&self, who: &Principal) -> Result<&Store> {
        policy::admin_scope(who, Permission::Configure)?;
        Ok(&self.store)
    }
}

impl Sportello {
    /// Sets the patron saint's day (`MM-DD`), a local holiday, and recomputes the open submissions'
    /// deadlines; returns how many changed.
    pub async fn set_patron_day(&mut self, who: &Principal, raw: &str) -> Result<usize> {
        policy::admin_scope(who, Permission::Configure)?;
        Ok(self.store.set_patron_day(raw).await?)
    }
}
