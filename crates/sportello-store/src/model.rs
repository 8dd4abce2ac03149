//! The values the store takes and returns that do not depend on the database: the same for SQLite and
//! PostgreSQL, so the application sees one type whichever database it runs on.

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sportello_domain::certificate::{CertificateKind, FamilyMember, Person, Relation};
use sportello_domain::policy::SubmissionFacts;
use sportello_domain::protocol::{Direction, ProtocolNumber};
use sportello_domain::workflow::ActionKind;

use crate::error::{Result, StoreError};

/// A person as the register keeps them: the person, their family and their place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resident {
    pub person: Person,
    pub family_id: i64,
    pub relation: Relation,
}

pub(crate) fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("residents.{what}: {e}"))
}

/// A unit enum as its bare serde name (`married`), or a tagged one as JSON.
pub(crate) fn code<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

pub(crate) fn decode<T: DeserializeOwned>(what: &str, raw: &str) -> Result<T> {
    let value = if raw.starts_with('{') {
        serde_json::from_str(raw)
    } else {
        serde_json::from_value(serde_json::Value::String(raw.to_string()))
    };
    value.map_err(|e| corrupt(what, e))
}

impl Resident {
    pub fn member(&self) -> FamilyMember {
        let p = &self.person;
        FamilyMember {
            fiscal_code: p.fiscal_code.clone(),
            surname: p.surname.clone(),
            name: p.name.clone(),
            sex: p.sex,
            birth_date: p.birth_date,
            birth_place: p.birth_place.clone(),
            relation: self.relation.clone(),
        }
    }
}

/// What the citizen asked for, read from a certificate request (approved, or about to be).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovedRequest {
    pub submission_id: i64,
    pub department: String,
    /// Who the certificate goes to (the applicant), for the register.
    pub correspondent: String,
    pub kind: String,
    /// For a «contestuale»: the kinds whose box the citizen ticked, and only those.
    pub parts: Vec<CertificateKind>,
    pub subject_fiscal_code: String,
    pub declared_use: String,
    pub exemption_text: Option<String>,
    /// How many copies the citizen asked for (the form's «copie», 1 when absent): each is a
    /// certificate of its own, with its identifier, registration and bollo.
    pub copies: u32,
    /// The valid certificates this request already produced, newest first (when there are as many as
    /// the copies, only a re-issue may follow).
    pub issued: Vec<String>,
}

impl ApprovedRequest {
    /// The copies still to issue.
    pub fn copies_missing(&self) -> u32 {
        self.copies
            .saturating_sub(u32::try_from(self.issued.len()).unwrap_or(u32::MAX))
    }
}

/// A signed certificate to record.
#[derive(Debug)]
pub struct NewCertificate<'a> {
    pub submission_id: i64,
    pub document_id: &'a str,
    pub kind: &'a str,
    pub subject_fiscal_code: &'a str,
    pub correspondent: &'a str,
    pub valid_until: Option<NaiveDate>,
    pub pdf: &'a [u8],
    pub signer: &'a str,
    pub demo: bool,
    /// The copies the request asks for: no more valid certificates than these are recorded.
    pub copies: u32,
    /// The certificate row this one replaces (a re-issue) and why: it is annulled in the same step.
    pub replaces: Option<(i64, &'a str)>,
}

/// What a decision letter says, with the number it will be registered under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRequest {
    pub purpose: LetterPurpose,
    pub protocol: ProtocolNumber,
    pub at: DateTime<Utc>,
    /// The applicant, as the register names them.
    pub recipient: String,
    pub fiscal_code: String,
    pub address: Option<String>,
    /// The service, e.g. «Richiesta di certificato anagrafico o di stato civile».
    pub service: String,
    pub request_protocol: ProtocolNumber,
    pub request_date: NaiveDate,
    /// The officer's reasons (the move's text).
    pub reasons: String,
    /// The citizen's observations, for a final rejection after a 10-bis notice.
    pub observations: Option<String>,
    /// An anagrafe service (its refusals may also be appealed to the Prefetto).
    pub appeal_to_prefetto: bool,
    /// A final decision taken after its deadline: the legal term and the days actually taken
    /// (art. 2 c.9-quinquies L. 241/1990).
    pub late: Option<(u32, i64)>,
    /// The service's legal basis (the catalogue's), printed on the letter.
    pub legal_basis: Option<String>,
    pub officer: String,
    pub office: String,
    pub demo: bool,
}

/// What a letter is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterPurpose {
    /// The letter of a workflow move (approval, integration request, 10-bis notice, rejection).
    Decision(ActionKind),
    /// The receipt of a submission (art. 18-bis L. 241/1990).
    Receipt(ReceiptTerms),
    /// The start-of-procedure notice (artt. 7-8 L. 241/1990) when the submission is first taken.
    StartNotice {
        term_days: u32,
        deadline: NaiveDate,
        silence_consent: bool,
    },
    /// The attestation that silence-consent formed (art. 20 c.2-bis L. 241/1990): the term in days
    /// and its last day.
    SilenceConsent { term_days: u32, last_day: NaiveDate },
}

impl LetterPurpose {
    pub fn as_str(&self) -> &'static str {
        match self {
            LetterPurpose::Decision(action) => action.as_str(),
            LetterPurpose::Receipt(_) => "receipt",
            LetterPurpose::SilenceConsent { .. } => "silenceConsent",
            LetterPurpose::StartNotice { .. } => "takeInCharge",
        }
    }
}

/// What a receipt states: the term, the day it ends, whether silence means consent, the case file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptTerms {
    pub term_days: u32,
    pub deadline: NaiveDate,
    pub silence_consent: bool,
    pub case_file: String,
}

/// Why a letter could not be printed: the printer's own error (the issuance crate's), kept whole for
/// the log.
pub type PrintError = Box<dyn std::error::Error + Send + Sync>;

/// Prints a decision letter (PDF/A, sealed where the device allows). Called inside a write
/// transaction: it must be quick and must not touch the store.
pub trait LetterPrinter: Send + Sync + std::fmt::Debug {
    fn print(&self, letter: &LetterRequest) -> Result<Vec<u8>, PrintError>;
}

/// A registration to make, inside the caller's transaction.
#[derive(Debug, Clone)]
pub struct Registration<'a> {
    pub direction: Direction,
    pub at: DateTime<Utc>,
    pub correspondent: &'a str,
    pub subject: &'a str,
    pub document: &'a [u8],
    pub submission_id: Option<i64>,
    pub operator: &'a str,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The department, state and responsible officer of a submission: what the policy needs, no citizen
/// data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyFacts {
    pub department: String,
    pub state: sportello_domain::workflow::State,
    pub assignee: Option<i64>,
}

impl PolicyFacts {
    pub fn facts(&self) -> SubmissionFacts<'_> {
        SubmissionFacts {
            department: &self.department,
            state: self.state,
            assignee: self.assignee,
        }
    }
}

/// Sportello's own hash of a password (Argon2id, PHC string).
pub(crate) fn hash_password(password: &str) -> crate::error::Result<String> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut password_hash::rand_core::OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| crate::error::StoreError::Corrupt(format!("password hashing failed: {e}")))
}

/// One application read from the portal, as the link hands it to the ingest.
#[derive(Debug, Clone)]
pub struct PortalArrival {
    /// The application's id on the portal.
    pub external_id: String,
    /// Its status code (a string, as the portal sends it).
    pub portal_status: String,
    /// Its latest status change on the portal.
    pub changed_at: Option<DateTime<Utc>>,
    /// The object as it came (kept whole in the quarantine); its SHA-256 tells a changed
    /// application from one delivered again.
    pub payload: String,
    /// The submission it maps onto, attachments fetched; or why it cannot be read or routed.
    pub reading: std::result::Result<sportello_domain::submission::NewSubmission, String>,
    /// What the link noticed while reading it (an attachment refused, a suspicious name): shown to
    /// the officer beside the catalogue's own checks.
    pub flags: Vec<sportello_domain::catalogue::FieldError>,
    /// Withdrawn by the citizen on the portal.
    pub withdrawn: bool,
}

/// An outbox item to deliver, as the worker needs it.
#[derive(Debug, Clone)]
pub struct OutboxWork {
    pub id: i64,
    pub submission_id: i64,
    pub external_id: String,
    pub delivery: sportello_domain::link::Delivery,
    pub payload: serde_json::Value,
    pub idempotency_key: String,
    /// Attempts already begun: more than zero means an earlier attempt's answer may have been lost.
    pub attempts: i64,
}

/// A message read from the portal for a submission (the citizen's, or ours with its `read_at`).
#[derive(Debug, Clone)]
pub struct PortalMessage {
    /// The message's id on the portal.
    pub portal_id: String,
    /// Plain text (the portal's HTML with its markup removed).
    pub text: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    /// Carries the reference of one of Sportello's deliveries (ours, not the citizen's).
    pub ours: bool,
    /// The citizen's files attached to it, downloaded (ours are not read back).
    pub files: Vec<sportello_domain::submission::NewAttachment>,
    /// What the link noticed about them (a file refused, a name made safe): flags for the officer.
    pub notes: Vec<sportello_domain::catalogue::FieldError>,
}

/// A letter the portal took as a message.
#[derive(Debug, Clone)]
pub struct LetterSent<'a> {
    pub submission_id: i64,
    pub kind: sportello_domain::message::MessageKind,
    /// The message's text as the citizen reads it (plain).
    pub text: &'a str,
    pub portal_id: &'a str,
    pub sent_at: DateTime<Utc>,
    /// The letter's document (the PDF it carries), if any.
    pub document_id: Option<i64>,
}

/// What a scheduler run applied (`Store::apply_timed_effects`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimedReport {
    /// Integration requests that lapsed: the review resumed.
    pub lapsed: usize,
    /// Requests accepted by silence-consent.
    pub silence_consent: usize,
    /// Submissions changed by an officer meanwhile, left for the next run.
    pub left: usize,
}
