//! Users: Argon2id password hashes, roles and departments.

use argon2::password_hash::{PasswordHash, PasswordVerifier};
use argon2::Argon2;
use chrono::Utc;
use sportello_domain::policy::{AdminScope, DepartmentScope, Permission};
use sportello_domain::user::{Actor, NewUser, Role, UserInfo, UserUpdate, Username};
use sportello_domain::{AppError, ErrorCode};
use sqlx::Row;

use super::dialect::{self, DbRow};
use super::Store;
use crate::error::{Result, StoreError};

const SELECT_USER: &str =
    "SELECT id, username, full_name, role, department, active, password_change_due FROM users";

use crate::model::hash_password;

fn bad_credentials() -> StoreError {
    AppError::new(
        ErrorCode::BadCredentials,
        "Nome utente o password non corretti.",
    )
    .into()
}

impl Store {
    fn user_from_row(&self, row: &DbRow) -> Result<UserInfo> {
        let role: String = row.try_get("role")?;
        let department: Option<String> = row.try_get("department")?;
        Ok(UserInfo {
            id: row.try_get("id")?,
            username: row.try_get("username")?,
            full_name: row.try_get("full_name")?,
            role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role}")))?,
            department_name: department
                .as_deref()
                .and_then(|d| self.catalogue.department(d))
                .map(|d| d.name.clone()),
            department,
            active: row.try_get("active")?,
            password_change_due: row.try_get("password_change_due")?,
        })
    }

    /// Creates a user after validating the administrator's input.
    pub async fn create_user(
        &self,
        scope: &AdminScope,
        new: &NewUser,
        demo: bool,
    ) -> Result<UserInfo> {
        let username = new.validate()?;
        if let Some(d) = &new.department {
            if self.catalogue.department(d).is_none() {
                return Err(AppError::invalid("L'ufficio indicato non esiste.").into());
            }
        }
        let hash = hash_password(&new.password)?;
        let mut tx = self.write_tx().await?;
        let inserted = sqlx::query(
            "INSERT INTO users (username, full_name, role, department, password_hash, demo, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(username.as_str())
        .bind(new.full_name.trim())
        .bind(new.role.as_str())
        .bind(new.department.as_deref().filter(|_| new.role.has_department()))
        .bind(hash)
        .bind(demo)
        .bind(crate::time::Instant(Utc::now()))
        .fetch_one(&mut *tx)
        .await;
        match inserted {
            Ok(row) => {
                let id = row.try_get("id")?;
                dialect::sync_login_role(&mut tx, id, Some(&new.password)).await?;
                let detail = serde_json::json!({
                    "username": username.as_str(),
                    "role": new.role.as_str(),
                    "department": new.department,
                });
                admin_audit(&mut tx, scope, "userCreated", id, detail).await?;
                tx.commit().await?;
                let by = scope.by().map(|a| a.id);
                tracing::info!(?by, user = id, role = new.role.as_str(), "user created");
                self.user(id).await
            }
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(AppError::invalid(
                format!("Il nome utente «{}» è già in uso.", username.as_str()),
            )
            .into()),
            Err(e) => Err(e.into()),
        }
    }

    /// The user whose own login role this connection was opened with (a workstation on a server);
    /// `None` when it is no active Sportello user (or on the embedded file, which has none).
    pub async fn connected_user(&self) -> Result<Option<UserInfo>> {
        let row = sqlx::query(&format!(
            "{SELECT_USER} WHERE db_role = {} AND active",
            dialect::SESSION_LOGIN
        ))
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(|r| self.user_from_row(r)).transpose()
    }

    /// The login role of user `id` on a server (shared mode); `None` on the embedded file.
    pub async fn login_role(&self, id: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT db_role FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .flatten(),
        )
    }

    pub async fn user(&self, id: i64) -> Result<UserInfo> {
        let mut conn = self.pool.acquire().await?;
        self.user_on(&mut conn, id).await
    }

    /// A user read on a connection the caller already holds (never a second one from the pool: a
    /// caller holding one while waiting for another can exhaust it under load).
    pub(crate) async fn user_on(
        &self,
        conn: &mut super::dialect::Conn,
        id: i64,
    ) -> Result<UserInfo> {
        let row = sqlx::query(&format!("{SELECT_USER} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, "Utente non trovato."))?;
        self.user_from_row(&row)
    }

    /// A user by login name (for the CLI, whose caller already holds the database).
    pub async fn user_by_username(&self, username: &str) -> Result<UserInfo> {
        let name = Username::parse(username)?;
        let row = sqlx::query(&format!("{SELECT_USER} WHERE username = $1"))
            .bind(name.as_str())
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("Utente «{}» non trovato.", name.as_str()),
                )
            })?;
        self.user_from_row(&row)
    }

    /// Checks a login; unknown users and wrong passwords get the same answer.
    pub async fn authenticate(&self, username: &str, password: &str) -> Result<UserInfo> {
        let name = Username::parse(username).map_err(|_| bad_credentials())?;
        let row = sqlx::query(&format!(
            "SELECT password_hash, {} WHERE username = $1",
            &SELECT_USER[7..]
        ))
        .bind(name.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            tracing::info!(username = name.as_str(), "login refused: unknown user");
            return Err(bad_credentials());
        };
        let hash: String = row.try_get("password_hash")?;
        let parsed =
            PasswordHash::new(&hash).map_err(|e| StoreError::Corrupt(format!("hash: {e}")))?;
        if Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_err()
        {
            tracing::info!(username = name.as_str(), "login refused: wrong password");
            return Err(bad_credentials());
        }
        let user = self.user_from_row(&row)?;
        if !user.active {
            tracing::info!(username = name.as_str(), "login refused: user deactivated");
            return Err(AppError::new(
                ErrorCode::Forbidden,
                "L'utente è disattivato: rivolgersi all'amministratore.",
            )
            .into());
        }
        tracing::info!(username = name.as_str(), "login");
        Ok(user)
    }

    pub async fn list_users(&self, _scope: &AdminScope) -> Result<Vec<UserInfo>> {
        let rows = sqlx::query(&format!("{SELECT_USER} ORDER BY full_name, id"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| self.user_from_row(r)).collect()
    }

    /// Active officers and heads of the scope's department, for assignment.
    pub async fn department_officers(&self, scope: &DepartmentScope) -> Result<Vec<UserInfo>> {
        scope
            .require(Permission::ListOfficers, None)
            .map_err(AppError::from)?;
        let department = scope.department();
        let rows = sqlx::query(&format!(
            "{SELECT_USER} WHERE department = $1 AND active = TRUE AND role IN ('operatore', 'responsabile') ORDER BY full_name"
        ))
        .bind(department)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| self.user_from_row(r)).collect()
    }

    /// An administrator changes a user's role, department and, if given, password.
    pub async fn update_user(
        &self,
        scope: &AdminScope,
        id: i64,
        change: &UserUpdate,
    ) -> Result<UserInfo> {
        change.validate()?;
        let by = scope.by().map(|a| a.id);
        // Nobody changes their own role or password here (on a server the database refuses it too,
        // migration 0010): another administrator does.
        if by == Some(id) {
            return Err(AppError::invalid(
                "Il proprio profilo non si modifica da sé: lo fa un altro amministratore.",
            )
            .into());
        }
        let department = change
            .department
            .as_deref()
            .filter(|_| change.role.has_department());
        if department.is_some_and(|d| self.catalogue.department(d).is_none()) {
            return Err(AppError::invalid("L'ufficio indicato non esiste.").into());
        }
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("UPDATE users SET role = $1, department = $2 WHERE id = $3")
            .bind(change.role.as_str())
            .bind(department)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(AppError::new(ErrorCode::NotFound, "Utente non trovato.").into());
        }
        let new_password = change
            .password
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty());
        if let Some(password) = new_password {
            sqlx::query(
                "UPDATE users SET password_hash = $1, password_change_due = TRUE WHERE id = $2",
            )
            .bind(hash_password(password)?)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        let detail = serde_json::json!({
            "role": change.role.as_str(),
            "department": department,
            "passwordChanged": new_password.is_some(),
        });
        dialect::sync_login_role(&mut tx, id, new_password).await?;
        admin_audit(&mut tx, scope, "userUpdated", id, detail).await?;
        tx.commit().await?;
        tracing::info!(
            ?by,
            user = id,
            role = change.role.as_str(),
            password = change.password.is_some(),
            "user updated"
        );
        self.user(id).await
    }

    /// Sets a new password (an administrator's reset, or IT through the CLI); its user chooses their
    /// own at the next login.
    pub async fn set_password(&self, scope: &AdminScope, id: i64, password: &str) -> Result<()> {
        sportello_domain::user::check_password_strength(password)?;
        let hash = hash_password(password)?;
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE users SET password_hash = $1, password_change_due = TRUE WHERE id = $2",
        )
        .bind(hash)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(AppError::new(ErrorCode::NotFound, "Utente non trovato.").into());
        }
        dialect::sync_login_role(&mut tx, id, Some(password)).await?;
        admin_audit(&mut tx, scope, "passwordReset", id, serde_json::json!({})).await?;
        tx.commit().await?;
        tracing::info!(user = id, "password changed");
        Ok(())
    }

    /// The logged-in user chooses a new password (required after a one-time one): Sportello's hash
    /// and, on a server, the user's login role (as a SCRAM verifier) change together.
    pub async fn change_own_password(&self, actor: &Actor, password: &str) -> Result<UserInfo> {
        sportello_domain::user::check_password_strength(password)?;
        let hash = hash_password(password)?;
        let mut tx = self.write_tx().await?;
        dialect::change_own_password(&mut tx, actor.id, password, &hash).await?;
        let entry = super::audit::Entry {
            at: Utc::now(),
            actor_id: Some(actor.id),
            actor_name: &actor.full_name,
            action: "passwordChanged",
            object_kind: "user",
            object_id: actor.id.to_string(),
            detail: "{}".into(),
        };
        super::audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        tracing::info!(user = actor.id, "password changed by its user");
        self.user(actor.id).await
    }

    /// Activates or deactivates a user; an administrator cannot deactivate themselves.
    pub async fn set_user_active(
        &self,
        scope: &AdminScope,
        id: i64,
        active: bool,
    ) -> Result<UserInfo> {
        let by = scope.by().map(|a| a.id);
        if by == Some(id) && !active {
            return Err(AppError::invalid("Non è possibile disattivare il proprio utente.").into());
        }
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
            .bind(active)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(AppError::new(ErrorCode::NotFound, "Utente non trovato.").into());
        }
        let action = if active {
            "userActivated"
        } else {
            "userDeactivated"
        };
        dialect::sync_login_role(&mut tx, id, None).await?;
        admin_audit(&mut tx, scope, action, id, serde_json::json!({})).await?;
        tx.commit().await?;
        tracing::info!(?by, user = id, active, "user activation changed");
        self.user(id).await
    }
}

/// An administrator's act on a user, in the audit trail (never the password itself).
async fn admin_audit(
    conn: &mut super::dialect::Conn,
    scope: &AdminScope,
    action: &str,
    user: i64,
    detail: serde_json::Value,
) -> Result<()> {
    let (actor_id, actor_name) = super::audit::admin_actor(scope.by());
    let entry = super::audit::Entry {
        at: Utc::now(),
        actor_id,
        actor_name: &actor_name,
        action,
        object_kind: "user",
        object_id: user.to_string(),
        detail: detail.to_string(),
    };
    super::audit::append(conn, &entry).await.map(|_| ())
}
