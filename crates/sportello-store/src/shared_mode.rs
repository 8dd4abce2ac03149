//! Shared mode on [`Store`]: a workstation opening the server with the user's own login role, IT
//! preparing a server, and the users' login roles (docs/database-roles.md).

use sportello_domain::user::{Actor, UserInfo};

use crate::error::Result;
use crate::store::is_postgres_url;
use crate::{postgres, sqlite, Store};

impl Store {
    /// Opens the Comune's server at `url` as the login role `login` with the user's own password: a
    /// workstation at login in shared mode (docs/database-roles.md). The embedded file has no
    /// database users.
    pub async fn open_as_user(url: &str, login: &str, password: &str) -> Result<Self> {
        if is_postgres_url(url) {
            Ok(Store::Postgres(
                postgres::engine::Store::open_as_user(url, login, password).await?,
            ))
        } else {
            Ok(Store::Sqlite(
                sqlite::engine::Store::open_as_user(url, login, password).await?,
            ))
        }
    }

    /// Creates the server's database if missing and records the login roles' prefix on it (IT's
    /// maintenance connection; `sportello admin init`). The schema comes with [`Store::open`].
    pub async fn prepare_server(url: &str, role_prefix: &str) -> Result<()> {
        if !is_postgres_url(url) {
            return Err(crate::StoreError::Corrupt(format!(
                "{} is not a PostgreSQL server",
                crate::redact(url)
            )));
        }
        postgres::prepare_server(url, role_prefix).await
    }

    /// The logged-in user's own new password (see the engine's `change_own_password`).
    pub async fn change_own_password(&self, actor: &Actor, password: &str) -> Result<UserInfo> {
        match self {
            Store::Sqlite(s) => s.change_own_password(actor, password).await,
            Store::Postgres(s) => s.change_own_password(actor, password).await,
        }
    }

    /// The login role of user `id` on a server (shared mode); `None` on the embedded file.
    pub async fn login_role(&self, id: i64) -> Result<Option<String>> {
        match self {
            Store::Sqlite(s) => s.login_role(id).await,
            Store::Postgres(s) => s.login_role(id).await,
        }
    }

    /// The user whose login role this connection is (shared mode), if an active one.
    pub async fn connected_user(&self) -> Result<Option<UserInfo>> {
        match self {
            Store::Sqlite(s) => s.connected_user().await,
            Store::Postgres(s) => s.connected_user().await,
        }
    }
}
