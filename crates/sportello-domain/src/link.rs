//! The portal link's rules: what each workflow move must tell the Comune's portal, and what the
//! administrators see of the link (the deliveries waiting or failed, the quarantine, the last runs).
//!
//! The portal (OpenCity Italia) knows an application's life by its transitions: `assign` before
//! `accept`/`reject`, `request-integration`, `accept-integration`, `register` for the intake's
//! protocol numbers; the letters that have no transition (the 10-bis notice, the receipt of art.
//! 18-bis) travel as applicant-visible messages with the PDF attached.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::workflow::ActionKind;

/// One thing the portal must be told, in the order the workflow produced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Delivery {
    /// `register`: the intake's protocol number and the case file's number.
    Register,
    /// The receipt of art. 18-bis L. 241/1990, as a message with its PDF.
    Receipt,
    /// `assign`: the portal's operator takes the application (required before accept/reject).
    Assign,
    /// `accept` with the decision letter (then `register-outcome` if the portal asks for it).
    Accept,
    /// `reject` with the decision letter (then `register-outcome` if the portal asks for it).
    Reject,
    /// `request-integration` with the letter.
    RequestIntegration,
    /// `accept-integration`: the citizen's answer is taken.
    AcceptIntegration,
    /// The art. 10-bis notice, as a message with its PDF (the portal has no transition for it).
    Notice,
    /// The start-of-procedure notice (art. 8) naming the responsible officer, as a message with
    /// its PDF (no transition either).
    StartNotice,
    /// A message the officer wrote (applicant-visible or internal).
    Message,
}

impl Delivery {
    pub const ALL: [Delivery; 10] = [
        Delivery::Register,
        Delivery::Receipt,
        Delivery::Assign,
        Delivery::Accept,
        Delivery::Reject,
        Delivery::RequestIntegration,
        Delivery::AcceptIntegration,
        Delivery::Notice,
        Delivery::StartNotice,
        Delivery::Message,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Register => "register",
            Delivery::Receipt => "receipt",
            Delivery::Assign => "assign",
            Delivery::Accept => "accept",
            Delivery::Reject => "reject",
            Delivery::RequestIntegration => "requestIntegration",
            Delivery::AcceptIntegration => "acceptIntegration",
            Delivery::Notice => "notice",
            Delivery::StartNotice => "startNotice",
            Delivery::Message => "message",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// How the administrators' screen names it.
    pub fn label(self) -> &'static str {
        match self {
            Delivery::Register => "Protocollazione della domanda",
            Delivery::Receipt => "Ricevuta di presentazione (art. 18-bis)",
            Delivery::Assign => "Presa in carico",
            Delivery::Accept => "Accoglimento con lettera",
            Delivery::Reject => "Diniego con lettera",
            Delivery::RequestIntegration => "Richiesta di integrazione",
            Delivery::AcceptIntegration => "Integrazione acquisita",
            Delivery::Notice => "Preavviso di diniego (art. 10-bis)",
            Delivery::StartNotice => "Avvio del procedimento (art. 8)",
            Delivery::Message => "Messaggio al cittadino",
        }
    }

    /// Whether the item carries the PDF the move produced (a letter, or the receipt).
    pub fn carries_letter(self) -> bool {
        matches!(
            self,
            Delivery::Receipt
                | Delivery::Accept
                | Delivery::Reject
                | Delivery::RequestIntegration
                | Delivery::Notice
                | Delivery::StartNotice
        )
    }
}

/// What the portal must be told after a workflow move on a submission that came from it. A move the
/// portal has no counterpart for (recording observations, resuming the review) tells it nothing; a
/// withdrawal is the citizen's own act on the portal, never sent back.
pub fn deliveries_for(action: ActionKind) -> &'static [Delivery] {
    match action {
        ActionKind::TakeInCharge => &[Delivery::Assign, Delivery::StartNotice],
        ActionKind::RequestIntegration => &[Delivery::RequestIntegration],
        ActionKind::RecordIntegration => &[Delivery::AcceptIntegration],
        ActionKind::Approve => &[Delivery::Accept],
        ActionKind::SendNotice => &[Delivery::Notice],
        ActionKind::ConfirmRejection | ActionKind::Reject => &[Delivery::Reject],
        // A new submission found inadmissible was never taken: the portal wants it assigned first.
        ActionKind::RejectInadmissible => &[Delivery::Assign, Delivery::Reject],
        ActionKind::RecordObservations
        | ActionKind::RecordNoticeReceipt
        | ActionKind::ResumeReview
        | ActionKind::Withdraw
        // The portal's accepted application is final there: the annulment letter is kept and
        // registered, and reaches the citizen by PEC or post (docs/legal.md).
        | ActionKind::Annul => &[],
    }
}

/// What the intake of a portal submission sends back: its protocol numbers, then the receipt.
pub const AT_INTAKE: [Delivery; 2] = [Delivery::Register, Delivery::Receipt];

/// Whether a portal status is the citizen's doing (or the portal staff's), which the submission's
/// history records: opening or answering an integration request, withdrawing, an annulment on the
/// portal. The other statuses are the echo of Sportello's own deliveries.
pub fn reported_status(code: &str) -> bool {
    matches!(code, "4200" | "4300" | "20000" | "50000")
}

/// The portal status of a withdrawal by the citizen.
pub const WITHDRAWN: &str = "20000";

/// Where an item of the outbox stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DeliveryState {
    /// Not yet tried, or tried and to be tried again.
    Waiting,
    /// The portal took it.
    Delivered,
    /// The portal refused it: an administrator looks and retries.
    Failed,
}

/// One item of the outbox, as the "Sincronizzazione" view and `sportello outbox list` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OutboxItem {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub submission_id: i64,
    /// The application's id on the portal.
    pub external_id: String,
    pub delivery: Delivery,
    pub state: DeliveryState,
    pub created_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// An application that could not be read or routed, kept whole with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuarantineItem {
    #[ts(type = "number")]
    pub id: i64,
    pub external_id: String,
    /// Why, in English for IT (the reason the mapping or the ingest gave).
    pub reason: String,
    pub first_seen_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub attempts: i64,
    /// Set once a retry ingested it.
    pub resolved_at: Option<DateTime<Utc>>,
    #[ts(type = "number | null")]
    pub submission_id: Option<i64>,
    /// The payload's size in bytes (the payload itself is read from the database by IT).
    #[ts(type = "number")]
    pub payload_bytes: i64,
}

/// One run of the sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncRun {
    #[ts(type = "number")]
    pub id: i64,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// A full reconciliation (every application), not only the recent changes.
    pub full_scan: bool,
    #[ts(type = "number")]
    pub seen: i64,
    #[ts(type = "number")]
    pub created: i64,
    #[ts(type = "number")]
    pub updated: i64,
    #[ts(type = "number")]
    pub quarantined: i64,
    #[ts(type = "number")]
    pub delivered: i64,
    #[ts(type = "number")]
    pub failed: i64,
    /// Why the run stopped early (English, for IT), if it did.
    pub error: Option<String>,
}

/// The link at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncOverview {
    pub last_run: Option<SyncRun>,
    /// Decisions and receipts not yet delivered.
    #[ts(type = "number")]
    pub waiting: i64,
    /// Items the portal refused, waiting for an administrator.
    #[ts(type = "number")]
    pub failed: i64,
    /// Applications in the quarantine, not yet resolved.
    #[ts(type = "number")]
    pub quarantined: i64,
    /// Waiting and failed items, oldest first (at most 200).
    pub outbox: Vec<OutboxItem>,
    /// Unresolved quarantine, newest first (at most 200).
    pub quarantine: Vec<QuarantineItem>,
}

/// Where a running sync is, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncProgress {
    /// Reading and ingesting (`total` known), or delivering (`total` unknown).
    pub delivering: bool,
    #[ts(type = "number")]
    pub done: i64,
    #[ts(type = "number | null")]
    pub total: Option<i64>,
}

/// The "Sincronizzazione" view: the link at a glance, which portal, and what runs now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncView {
    pub overview: SyncOverview,
    /// The portal's address, when this workstation runs the sync (on a server it runs as a
    /// service and this is `None`).
    pub portal: Option<String>,
    /// The local portal simulator of the demo, not the Comune's portal.
    pub simulated: bool,
    /// A run is going on now.
    pub progress: Option<SyncProgress>,
}

/// One submission as `sportello queue list` prints it: every submission, with its portal id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListedSubmission {
    pub id: i64,
    pub protocol: String,
    pub service: String,
    pub department: String,
    pub state: crate::workflow::State,
    pub received_at: DateTime<Utc>,
    pub deadline: Option<chrono::NaiveDate>,
    pub channel: String,
    /// The application's id on the portal (portal submissions).
    pub portal_id: Option<String>,
    pub case_file: Option<String>,
}

/// What one application did to the database when it was ingested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", content = "submission", rename_all = "camelCase")]
pub enum Ingested {
    /// A new submission, registered, its case file opened, its receipt queued.
    Created(i64),
    /// A known submission whose application changed on the portal (recorded in its history).
    Updated(i64),
    /// Nothing new.
    Unchanged(i64),
    /// Not readable or not routable: kept in the quarantine.
    Quarantined,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_decision_reaches_the_portal_and_inadmissibility_assigns_first() {
        assert_eq!(deliveries_for(ActionKind::Approve), &[Delivery::Accept]);
        assert_eq!(
            deliveries_for(ActionKind::RejectInadmissible),
            &[Delivery::Assign, Delivery::Reject]
        );
        assert_eq!(
            deliveries_for(ActionKind::ConfirmRejection),
            &[Delivery::Reject]
        );
        // The citizen's withdrawal happened on the portal (or at the counter): never sent back.
        assert!(deliveries_for(ActionKind::Withdraw).is_empty());
        for d in Delivery::ALL {
            assert_eq!(Delivery::parse(d.as_str()), Some(d));
        }
    }
}
