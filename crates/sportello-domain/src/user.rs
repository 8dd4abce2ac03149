//! Users, roles and departments as the app sees them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::AppError;

/// What a user may do (the policy in [`crate::policy`] says exactly what). Operatore works the queue of
/// the department's services; Responsabile sees the whole department, assigns work and signs
/// certificates; Protocollo is the records manager (Responsabile della gestione documentale, DPR
/// 445/2000 art. 61), who keeps the protocol register; Amministratore is IT: users and settings, no
/// citizen data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Role {
    Operatore,
    Responsabile,
    Protocollo,
    Amministratore,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operatore => "operatore",
            Role::Responsabile => "responsabile",
            Role::Protocollo => "protocollo",
            Role::Amministratore => "amministratore",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub const ALL: [Role; 4] = [
        Role::Operatore,
        Role::Responsabile,
        Role::Protocollo,
        Role::Amministratore,
    ];

    /// Officers and heads belong to a department; the records manager and IT serve the whole Comune.
    pub fn has_department(self) -> bool {
        matches!(self, Role::Operatore | Role::Responsabile)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Operatore => "Operatore",
            Role::Responsabile => "Responsabile",
            Role::Protocollo => "Responsabile della gestione documentale",
            Role::Amministratore => "Amministratore",
        }
    }
}

/// A user as shown in the UI (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UserInfo {
    #[ts(type = "number")]
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub department: Option<String>,
    pub department_name: Option<String>,
    pub active: bool,
    /// Logged in with a one-time password (after a move to the server): a new one is chosen first.
    pub password_change_due: bool,
}

/// Who is logged in, and whether the database holds demo data (the UI marks it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Session {
    pub user: UserInfo,
    pub demo: bool,
    pub comune: String,
}

/// What the login screen shows before anybody logs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    pub comune: String,
    /// The database holds demo data: the login screen says so and shows the demo password.
    pub demo: bool,
    pub demo_password: Option<String>,
}

/// The acting user, as the workflow and the queries need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: i64,
    pub role: Role,
    pub department: Option<String>,
    pub full_name: String,
}

impl UserInfo {
    /// The acting user behind this account.
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.id,
            role: self.role,
            department: self.department.clone(),
            full_name: self.full_name.clone(),
        }
    }
}

/// This workstation, as the window needs to know it: when an idle window locks, and whether it
/// works on the Comune's server or on the embedded file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WorkstationInfo {
    /// Minutes without input before the window locks; 0 never locks.
    pub idle_lock_minutes: u32,
    pub server: bool,
}

/// What the login screen sends. The password is never logged nor kept.
#[derive(Clone, Deserialize, TS)]
#[ts(export)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// The logged-in user's new password (chosen at first login after a one-time one). Never logged.
#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PasswordChange {
    pub new_password: String,
}

impl std::fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordChange").finish_non_exhaustive()
    }
}

/// A new user as the administrator enters it.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewUser {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub department: Option<String>,
    pub password: String,
}

/// An administrator's change to a user: role and department, and a new password if given.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UserUpdate {
    pub role: Role,
    pub department: Option<String>,
    pub password: Option<String>,
}

impl UserUpdate {
    pub fn validate(&self) -> Result<(), AppError> {
        if self.role.has_department() && self.department.is_none() {
            return Err(AppError::invalid(
                "Operatori e responsabili devono appartenere a un ufficio.",
            ));
        }
        match self.password.as_deref().map(str::trim) {
            Some(p) if !p.is_empty() => check_password_strength(p),
            _ => Ok(()),
        }
    }
}

/// A login name: 3-32 characters of `a-z 0-9 . _ -`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let name = raw.trim().to_lowercase();
        let ok_chars = name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c));
        if !(3..=32).contains(&name.len()) || !ok_chars {
            return Err(AppError::invalid(
                "Il nome utente deve avere da 3 a 32 caratteri tra lettere minuscole, cifre, punto, trattino e trattino basso.",
            ));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks a new password: at least 10 characters (demo users are created by code, not through this).
pub fn check_password_strength(password: &str) -> Result<(), AppError> {
    if password.chars().count() < 10 {
        return Err(AppError::invalid(
            "La password deve avere almeno 10 caratteri.",
        ));
    }
    Ok(())
}

impl NewUser {
    /// Validates the whole form; an officer or head must belong to a department.
    pub fn validate(&self) -> Result<Username, AppError> {
        let username = Username::parse(&self.username)?;
        if self.full_name.trim().is_empty() {
            return Err(AppError::invalid("Indicare nome e cognome dell'utente."));
        }
        if self.role.has_department() && self.department.is_none() {
            return Err(AppError::invalid(
                "Operatori e responsabili devono appartenere a un ufficio.",
            ));
        }
        check_password_strength(&self.password)?;
        Ok(username)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(Username::parse(" M.Rossi ").unwrap().as_str(), "m.rossi");
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse("rossi'; drop table users;--").is_err());
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn officers_need_a_department() {
        let user = NewUser {
            username: "gverdi".into(),
            full_name: "Giulia Verdi".into(),
            role: Role::Operatore,
            department: None,
            password: "lunga-abbastanza".into(),
        };
        assert_eq!(
            user.validate().unwrap_err().code,
            crate::ErrorCode::InvalidInput
        );
    }
}
