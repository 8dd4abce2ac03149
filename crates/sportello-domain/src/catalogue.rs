//! The service catalogue: departments and services as data (TOML files under `catalogue/`), not code.
//!
//! Each service says which department handles it, its form fields with their validation, the attachments
//! it needs, its procedure term, whether the 10-bis notice and silence-consent apply, whether it issues a
//! certificate, and the reason templates officers start from.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::ClockRules;
use crate::workflow::ActionKind;

mod eligibility;
mod form;
pub use eligibility::{evaluate as evaluate_eligibility, EligibilityCheck, EligibilityRule};
pub use form::{is_iban, FieldError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Department {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum FieldKind {
    Text,
    Textarea,
    Date,
    Number,
    Select,
    Checkbox,
    Email,
    Phone,
    Iban,
    FiscalCode,
}

/// Extra rules a field's value must meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum FieldRule {
    /// A date that must not be in the past (e.g. a contract registration's expiry).
    NotExpired,
    /// A date that must not be in the future (e.g. a birth date).
    NotFuture,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(
    rename_all(serialize = "camelCase", deserialize = "snake_case"),
    deny_unknown_fields
)]
#[ts(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldDef {
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub max_length: Option<u32>,
    #[serde(default)]
    pub rule: Option<FieldRule>,
    #[serde(default)]
    pub help: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    rename_all(serialize = "camelCase", deserialize = "snake_case"),
    deny_unknown_fields
)]
#[ts(rename_all = "camelCase")]
#[ts(export)]
pub struct AttachmentRequirement {
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub required: bool,
    pub media_types: Vec<String>,
    /// Largest accepted file, in megabytes.
    pub max_mb: u32,
}

/// A starting text for an action's reason; `{{name}}` placeholders are filled in by the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    rename_all(serialize = "camelCase", deserialize = "snake_case"),
    deny_unknown_fields
)]
#[ts(rename_all = "camelCase")]
#[ts(export)]
pub struct ReasonTemplate {
    pub action: ActionKind,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(
    rename_all(serialize = "camelCase", deserialize = "snake_case"),
    deny_unknown_fields
)]
#[ts(rename_all = "camelCase")]
#[ts(export)]
pub struct ServiceDefinition {
    pub id: String,
    pub name: String,
    pub department: String,
    pub description: String,
    pub deadline_days: u32,
    pub notice_10bis: bool,
    pub silence_consent: bool,
    pub issues_certificate: bool,
    /// Whether a deadline on a Sunday or holiday moves to the next working day (default on).
    #[serde(default = "yes")]
    pub shift_holidays: bool,
    /// The law the service rests on, printed in its letters and shown to the officer.
    pub legal_basis: String,
    /// An anagrafe service: its refusals may also be appealed to the Prefetto within 30 days
    /// (art. 36 D.P.R. 223/1989), which the letters print.
    #[serde(default)]
    pub appeal_to_prefetto: bool,
    pub fields: Vec<FieldDef>,
    #[serde(default)]
    pub attachments: Vec<AttachmentRequirement>,
    #[serde(default)]
    pub reason_templates: Vec<ReasonTemplate>,
    /// The call's requirements, evaluated and explained on each application (never a reason to
    /// refuse it at intake).
    #[serde(default)]
    pub eligibility: Vec<EligibilityRule>,
}

fn yes() -> bool {
    true
}

impl ServiceDefinition {
    pub fn clock_rules(&self) -> ClockRules {
        ClockRules {
            term_days: self.deadline_days,
            shift_holidays: self.shift_holidays,
            expiring_within_days: 7,
            silence_consent: self.silence_consent,
            silence_warning_days: 5,
        }
    }

    /// Checks a form against the service's fields; every problem is reported, in Italian.
    pub fn validate_form(&self, form: &serde_json::Value, today: NaiveDate) -> Vec<FieldError> {
        form::validate(&self.fields, form, today)
    }
}

/// Why the catalogue files are not usable (a build-time or configuration mistake, for IT).
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("catalogue file {file}: {source}")]
    Parse {
        file: String,
        source: toml::de::Error,
    },
    #[error("catalogue: {0}")]
    Inconsistent(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Catalogue {
    pub departments: Vec<Department>,
    pub services: Vec<ServiceDefinition>,
}

#[derive(Deserialize)]
struct DepartmentsFile {
    departments: Vec<Department>,
}

const BUILTIN_SERVICES: [(&str, &str); 9] = [
    (
        "certificato-anagrafico.toml",
        include_str!("../catalogue/certificato-anagrafico.toml"),
    ),
    (
        "identificazione-account.toml",
        include_str!("../catalogue/identificazione-account.toml"),
    ),
    (
        "prenotazione-appuntamento.toml",
        include_str!("../catalogue/prenotazione-appuntamento.toml"),
    ),
    (
        "contributo-affitto.toml",
        include_str!("../catalogue/contributo-affitto.toml"),
    ),
    (
        "iscrizione-servizi-scolastici.toml",
        include_str!("../catalogue/iscrizione-servizi-scolastici.toml"),
    ),
    (
        "pratica-suap.toml",
        include_str!("../catalogue/pratica-suap.toml"),
    ),
    (
        "segnalazione.toml",
        include_str!("../catalogue/segnalazione.toml"),
    ),
    (
        "iscrizione-nido.toml",
        include_str!("../catalogue/iscrizione-nido.toml"),
    ),
    (
        "ritiro-buoni-spesa.toml",
        include_str!("../catalogue/ritiro-buoni-spesa.toml"),
    ),
];

impl Catalogue {
    /// The seed catalogue shipped with the app.
    pub fn builtin() -> Result<Self, CatalogueError> {
        let parse_err = |file: &str| {
            let file = file.to_string();
            move |source| CatalogueError::Parse { file, source }
        };
        let deps: DepartmentsFile = toml::from_str(include_str!("../catalogue/departments.toml"))
            .map_err(parse_err("departments.toml"))?;
        let services = BUILTIN_SERVICES
            .iter()
            .map(|(file, text)| toml::from_str(text).map_err(parse_err(file)))
            .collect::<Result<Vec<ServiceDefinition>, _>>()?;
        let catalogue = Self {
            departments: deps.departments,
            services,
        };
        catalogue.check()?;
        Ok(catalogue)
    }

    fn check(&self) -> Result<(), CatalogueError> {
        for s in &self.services {
            if self.department(&s.department).is_none() {
                return Err(CatalogueError::Inconsistent(format!(
                    "service {} names unknown department {}",
                    s.id, s.department
                )));
            }
            if s.legal_basis.trim().is_empty() {
                return Err(CatalogueError::Inconsistent(format!(
                    "service {} does not state its legal basis",
                    s.id
                )));
            }
            if !(1..=180).contains(&s.deadline_days) {
                return Err(CatalogueError::Inconsistent(format!(
                    "service {} has a term of {} days (1-180 allowed)",
                    s.id, s.deadline_days
                )));
            }
            let select_without_options = s
                .fields
                .iter()
                .find(|f| f.kind == FieldKind::Select && f.options.is_empty());
            if let Some(f) = select_without_options {
                return Err(CatalogueError::Inconsistent(format!(
                    "service {} field {} is a select without options",
                    s.id, f.key
                )));
            }
        }
        Ok(())
    }

    pub fn service(&self, id: &str) -> Option<&ServiceDefinition> {
        self.services.iter().find(|s| s.id == id)
    }

    pub fn department(&self, id: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }

    pub fn services_of(&self, department: &str) -> impl Iterator<Item = &ServiceDefinition> {
        let department = department.to_string();
        self.services
            .iter()
            .filter(move |s| s.department == department)
    }
}

#[cfg(test)]
mod tests;
