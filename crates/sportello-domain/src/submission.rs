//! A citizen's submission: who sent it, what they filled in and attached, and its history.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::{FieldError, ServiceDefinition};
use crate::clock::ClockView;
use crate::queue::QueueRow;
use crate::user::UserInfo;
use crate::workflow::{ActionKind, State};
use crate::FiscalCode;

/// The person the submission is about, as SPID/CIE or the counter identified them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Applicant {
    #[ts(type = "string")]
    pub fiscal_code: FiscalCode,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: Option<NaiveDate>,
    pub birth_place: Option<String>,
}

impl Applicant {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.family_name, self.given_name)
    }
}

/// How to reach the citizen (phone and e-mail support).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Contact {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// Where a submission came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Channel {
    Portal,
    Counter,
    Demo,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Portal => "portal",
            Channel::Counter => "counter",
            Channel::Demo => "demo",
        }
    }
}

/// A file as the citizen sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub requirement: Option<String>,
    pub name: String,
    pub media_type: String,
    pub content: Vec<u8>,
}

/// A submission before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSubmission {
    pub service: String,
    pub applicant: Applicant,
    pub contact: Contact,
    pub form: serde_json::Value,
    pub attachments: Vec<NewAttachment>,
    pub received_at: DateTime<Utc>,
    pub channel: Channel,
    pub external_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AttachmentInfo {
    #[ts(type = "number")]
    pub id: i64,
    pub requirement: Option<String>,
    pub name: String,
    pub media_type: String,
    #[ts(type = "number")]
    pub size: i64,
    pub sha256: String,
    /// The protocol registration the file came in with (`2026/0001234`): the submission's own, or
    /// the one of the citizen's later answer that brought it.
    pub protocol: String,
    pub registered_at: DateTime<Utc>,
    /// Why the intake distrusts this file (a `.pdf` that is not a PDF, a PDF with active content):
    /// such a file is never shown in the window nor handed to the system viewer, only saved.
    pub warning: Option<String>,
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    /// An action kind, or `received`, `assigned`, `released`.
    pub event: String,
    pub label: String,
    pub from_state: Option<State>,
    pub to_state: Option<State>,
    pub text: Option<String>,
    pub protocol: Option<String>,
}

/// Everything the split view shows for one submission.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SubmissionDetail {
    #[ts(type = "number")]
    pub id: i64,
    pub protocol: String,
    pub service: ServiceDefinition,
    pub state: State,
    pub applicant: Applicant,
    pub contact: Contact,
    pub channel: Channel,
    pub form: serde_json::Value,
    /// The call's requirements as the form answers them (`catalogue::evaluate_eligibility`).
    pub eligibility: Vec<crate::catalogue::EligibilityCheck>,
    pub attachments: Vec<AttachmentInfo>,
    pub history: Vec<HistoryEntry>,
    pub clock: ClockView,
    pub assignee: Option<UserInfo>,
    pub allowed_actions: Vec<ActionKind>,
    pub can_assign: bool,
    /// Whether this user may re-issue / annul the request's certificates (the policy's answer).
    pub can_reissue_certificates: bool,
    pub can_annul_certificates: bool,
    pub other_submissions: Vec<QueueRow>,
    pub received_at: DateTime<Utc>,
    pub demo: bool,
    /// Its case file (fascicolo), e.g. `2026/000123`, opened at intake.
    pub case_file: Option<String>,
    /// The application's id on the portal, for a submission that came from it.
    pub portal_id: Option<String>,
    /// What needs the officer's look: rules the submission breaks, files not fetched, text that
    /// had to be cleaned (it was ingested all the same: its procedure has legally started).
    pub flags: Vec<SubmissionFlag>,
    /// Calls, e-mails and visits, with the callbacks to do.
    pub contacts: Vec<crate::contact::ContactEntry>,
    /// Messages with the citizen through the portal.
    pub messages: Vec<crate::message::MessageEntry>,
}

/// One thing the intake noticed about a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SubmissionFlag {
    /// The form field (`isee`), `attachment.KEY`, or empty for the submission as a whole.
    pub field: String,
    /// In Italian, for the officer.
    pub message: String,
    pub raised_at: DateTime<Utc>,
}

/// One attachment whole, for the officer to read or save (never sent to the window as JSON: the
/// shell saves it or hands it to the viewer).
#[derive(Clone, PartialEq, Eq)]
pub struct AttachmentContent {
    pub id: i64,
    pub submission_id: i64,
    pub name: String,
    pub media_type: String,
    pub sha256: String,
    pub content: Vec<u8>,
}

impl std::fmt::Debug for AttachmentContent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttachmentContent")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("media_type", &self.media_type)
            .field("bytes", &self.content.len())
            .finish_non_exhaustive()
    }
}

/// A submission an officer enters at the counter for a citizen who came in person.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CounterSubmission {
    pub service: String,
    pub fiscal_code: String,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: Option<NaiveDate>,
    pub birth_place: Option<String>,
    pub contact: Contact,
    pub form: serde_json::Value,
    /// The documents the citizen brought, scanned (the service's required attachments).
    #[serde(default)]
    pub attachments: Vec<CounterAttachment>,
}

/// A document scanned at the counter, as the window sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CounterAttachment {
    /// The service's attachment requirement it answers (`contratto`), if any.
    pub requirement: Option<String>,
    pub name: String,
    /// The content, base64-encoded.
    pub content: String,
}

/// The media type the bytes show (the name and the window's word are not trusted).
pub fn sniff_media_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

impl CounterAttachment {
    /// The document as stored: decoded, its type read from its bytes, its name made safe.
    pub fn into_attachment(self) -> Result<NewAttachment, FieldError> {
        use base64::Engine as _;
        let field = format!(
            "attachment.{}",
            self.requirement.as_deref().unwrap_or(&self.name)
        );
        let name = crate::file_name::WindowsFileName::new(&self.name)
            .as_str()
            .to_owned();
        let content = base64::engine::general_purpose::STANDARD
            .decode(self.content.trim())
            .map_err(|_| FieldError {
                field: field.clone(),
                message: format!("Il file «{name}» non è stato ricevuto per intero: riprovare."),
            })?;
        let media_type = sniff_media_type(&content).ok_or_else(|| FieldError {
            field,
            message: format!("Il file «{name}» non è un PDF né un'immagine JPEG o PNG."),
        })?;
        Ok(NewAttachment {
            requirement: self.requirement,
            name,
            media_type: media_type.to_owned(),
            content,
        })
    }
}

fn name_part(raw: &str, what: &str) -> Result<String, crate::AppError> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(crate::AppError::invalid(format!(
            "Indicare il {what} del richiedente (massimo 100 caratteri)."
        )));
    }
    Ok(name.to_string())
}

impl CounterSubmission {
    /// Parses the officer's input into a submission received now at the counter.
    /// Every problem of the applicant's data is reported at once, each for its field
    /// (`applicant.fiscalCode`, `applicant.givenName`, `applicant.familyName`).
    pub fn into_new(self, received_at: DateTime<Utc>) -> Result<NewSubmission, crate::AppError> {
        let mut problems = Vec::new();
        let mut field = |key: &str, message: String| {
            problems.push(FieldError {
                field: format!("applicant.{key}"),
                message,
            });
        };
        let fiscal_code = FiscalCode::parse(&self.fiscal_code)
            .map_err(|e| field("fiscalCode", format!("Codice fiscale del richiedente: {e}")))
            .ok();
        let given_name = name_part(&self.given_name, "nome")
            .map_err(|e| field("givenName", e.message))
            .ok();
        let family_name = name_part(&self.family_name, "cognome")
            .map_err(|e| field("familyName", e.message))
            .ok();
        let mut attachments = Vec::with_capacity(self.attachments.len());
        for a in self.attachments {
            match a.into_attachment() {
                Ok(a) => attachments.push(a),
                Err(e) => problems.push(e),
            }
        }
        let (Some(fiscal_code), Some(given_name), Some(family_name)) =
            (fiscal_code, given_name, family_name)
        else {
            return Err(crate::AppError::fields(problems));
        };
        if !problems.is_empty() {
            return Err(crate::AppError::fields(problems));
        }
        let trim = |o: Option<String>| o.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let applicant = Applicant {
            fiscal_code,
            given_name,
            family_name,
            birth_date: self.birth_date,
            birth_place: trim(self.birth_place),
        };
        let contact = Contact {
            email: trim(self.contact.email),
            phone: trim(self.contact.phone),
            address: trim(self.contact.address),
        };
        Ok(NewSubmission {
            service: self.service,
            applicant,
            contact,
            form: self.form,
            attachments,
            received_at,
            channel: Channel::Counter,
            external_id: None,
        })
    }
}

/// A head's assignment: to an officer, or released to the department (`officer: null`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Assignment {
    #[ts(type = "number | null")]
    pub officer: Option<i64>,
    pub reason: String,
}
