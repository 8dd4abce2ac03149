//! The protocol register, for the records manager.

use chrono::{DateTime, Utc};
use sportello_domain::policy::{self, Permission, Principal, Target};
use sportello_domain::protocol::{ProtocolNumber, RegisterEntry};
use sportello_domain::AppError;

use crate::{Result, Sportello};

impl Sportello {
    /// The registrations of a year, in number order, annulments included.
    pub async fn register_entries(&self, who: &Principal, year: i32) -> Result<Vec<RegisterEntry>> {
        let scope = policy::register_scope(who, Permission::ViewRegister, Target::Comune)?;
        Ok(self.store.register_entries(&scope, year).await?)
    }

    /// Annuls a registration by an authorising act; the original stays readable.
    pub async fn annul_registration(
        &self,
        who: &Principal,
        number: &str,
        act: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<RegisterEntry> {
        let scope = policy::register_scope(who, Permission::AnnulRegistration, Target::Comune)?;
        let number = ProtocolNumber::parse(number).ok_or_else(|| {
            AppError::invalid("Numero di protocollo non valido (es. 2026/0000042).")
        })?;
        Ok(self
            .store
            .annul_registration(&scope, number, act, reason, at)
            .await?)
    }
}
