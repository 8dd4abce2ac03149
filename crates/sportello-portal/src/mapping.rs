//! Form.io's nested JSON onto Sportello's catalogue, through per-service field mappings kept in
//! configuration (a TOML file IT edits, `portal-mappings.toml`), never in code: each portal service
//! names its catalogue service and, for the applicant and each catalogue field, the dotted path in
//! the application's `data` where the value sits.
//!
//! What cannot be read or routed (no mapping for the service, no usable applicant) is refused with a
//! reason for the quarantine; the rest becomes a [`NewSubmission`] whose clock starts at the portal's
//! `submitted_at`. Attachments stay references here: their bytes are downloaded, size-limited and
//! hashed by the ingest.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};
use sportello_domain::submission::{Applicant, Channel, Contact, NewSubmission};
use sportello_domain::FiscalCode;

use crate::model::{Application, FileRef};

/// The mapping file shipped with Sportello.
pub const SHIPPED: &str = include_str!("../../../config/portal-mappings.toml");

/// The whole mapping file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mappings {
    #[serde(default, rename = "service")]
    pub services: Vec<ServiceMapping>,
}

/// One portal service onto one catalogue service.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceMapping {
    /// The portal's service slug or its UUID (`service` or `service_id` of an application).
    pub portal: String,
    /// The catalogue service it becomes.
    pub catalogue: String,
    pub applicant: ApplicantPaths,
    /// Catalogue field key → dotted path in `data`.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Catalogue attachment requirement → dotted path of a Form.io file field in `data`.
    #[serde(default)]
    pub attachments: BTreeMap<String, String>,
}

/// Where the applicant's data sits in `data`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicantPaths {
    pub fiscal_code: String,
    pub given_name: String,
    pub family_name: String,
    #[serde(default)]
    pub birth_date: Option<String>,
    #[serde(default)]
    pub birth_place: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

/// Why an application goes to the quarantine instead of the queue (English for IT's log; the
/// administrators' screen shows it with the payload).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unroutable {
    #[error("no mapping for the portal service {0:?} (portal-mappings.toml)")]
    UnknownService(String),
    #[error("the application's data is not an object")]
    DataNotAnObject,
    #[error("the applicant's {field} is missing at {path:?}")]
    Missing { field: &'static str, path: String },
    #[error("the applicant's fiscal code {0:?} is not valid")]
    FiscalCode(String),
    #[error("the application has no submission time")]
    NotSubmitted,
}

/// A file the submission refers to, with the requirement it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileToFetch {
    pub requirement: Option<String>,
    pub file: FileRef,
}

/// An application read onto the catalogue: the submission (attachments still to fetch).
#[derive(Debug, Clone, PartialEq)]
pub struct Mapped {
    pub submission: NewSubmission,
    pub files: Vec<FileToFetch>,
}

/// The value at a dotted path (`applicant.completename.name`); text and numbers as text.
fn at<'a>(data: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(data, |v, key| v.get(key))
}

fn text(data: &Value, path: &str) -> Option<String> {
    match at(data, path)? {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A Form.io date (`1980-01-01T00:00:00+01:00`, or a bare `1980-01-01`) as the civil date it names.
fn date(data: &Value, path: &str) -> Option<NaiveDate> {
    let raw = text(data, path)?;
    DateTime::parse_from_rfc3339(&raw)
        .map(|d| d.date_naive())
        .ok()
        .or_else(|| NaiveDate::parse_from_str(raw.get(..10)?, "%Y-%m-%d").ok())
}

impl Mappings {
    /// Reads `portal-mappings.toml`.
    pub fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// The mappings shipped with Sportello (`config/portal-mappings.toml`), for the portal's
    /// standard forms and the simulator; a Comune's own file replaces them (`--mappings`).
    pub fn shipped() -> Result<Self, toml::de::Error> {
        Self::from_toml(SHIPPED)
    }

    fn for_application(&self, app: &Application) -> Option<&ServiceMapping> {
        self.services.iter().find(|m| {
            Some(m.portal.as_str()) == app.service.as_deref()
                || Some(m.portal.as_str()) == app.service_id.as_deref()
        })
    }

    /// Maps one application, or says why it cannot be.
    pub fn map(&self, app: &Application) -> Result<Mapped, Unroutable> {
        let mapping = self.for_application(app).ok_or_else(|| {
            Unroutable::UnknownService(
                app.service
                    .clone()
                    .or_else(|| app.service_id.clone())
                    .unwrap_or_default(),
            )
        })?;
        if !app.data.is_object() {
            return Err(Unroutable::DataNotAnObject);
        }
        let received_at: DateTime<Utc> = app
            .submitted_at
            .ok_or(Unroutable::NotSubmitted)?
            .with_timezone(&Utc);
        let paths = &mapping.applicant;
        let required = |field: &'static str, path: &String| {
            text(&app.data, path).ok_or_else(|| Unroutable::Missing {
                field,
                path: path.clone(),
            })
        };
        let raw_code = required("fiscal code", &paths.fiscal_code)?;
        let fiscal_code =
            FiscalCode::parse(&raw_code).map_err(|_| Unroutable::FiscalCode(raw_code.clone()))?;
        let optional = |path: &Option<String>| path.as_deref().and_then(|p| text(&app.data, p));
        let applicant = Applicant {
            fiscal_code,
            given_name: required("given name", &paths.given_name)?,
            family_name: required("family name", &paths.family_name)?,
            birth_date: paths.birth_date.as_deref().and_then(|p| date(&app.data, p)),
            birth_place: optional(&paths.birth_place),
        };
        // The form as the catalogue names its fields: values as they came (the store's rules then
        // flag what breaks them; the submission is ingested all the same).
        let mut form = Map::new();
        for (key, path) in &mapping.fields {
            if let Some(value) = at(&app.data, path).filter(|v| !v.is_null()) {
                form.insert(key.clone(), value.clone());
            }
        }
        let mut files = Vec::new();
        for (requirement, path) in &mapping.attachments {
            let mut found = Vec::new();
            if let Some(value) = at(&app.data, path) {
                collect(value, &mut found);
            }
            files.extend(found.into_iter().map(|file| FileToFetch {
                requirement: Some(requirement.clone()),
                file,
            }));
        }
        files.extend(
            app.compiled_modules
                .iter()
                .cloned()
                .map(|file| FileToFetch {
                    requirement: None,
                    file,
                }),
        );
        Ok(Mapped {
            submission: NewSubmission {
                service: mapping.catalogue.clone(),
                applicant,
                contact: Contact {
                    email: optional(&paths.email),
                    phone: optional(&paths.phone),
                    address: optional(&paths.address),
                },
                form: Value::Object(form),
                attachments: Vec::new(),
                received_at,
                channel: Channel::Portal,
                external_id: Some(app.id.clone()),
            },
            files,
        })
    }
}

/// The file references in a Form.io file field (a list of file objects, or one).
fn collect(value: &Value, out: &mut Vec<FileRef>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        Value::Object(_) => {
            if let Ok(file) = serde_json::from_value::<FileRef>(value.clone()) {
                out.push(file);
            }
        }
        _ => {}
    }
}
