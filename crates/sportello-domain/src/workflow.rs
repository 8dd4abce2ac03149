//! The L. 241/1990 procedure as a guarded state machine (DOMAIN.md §2).
//!
//! `decide` is the only way to move a procedure: it checks the state, the actor and the input, and returns
//! an [`Outcome`] describing the move; `Procedure::apply` performs it on the in-memory value, and the store
//! persists it together with its history row. Illegal moves come back as [`WorkflowError`], with the
//! Italian message the officer reads.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::SuspensionKind;
use crate::user::Actor;
use crate::{AppError, ErrorCode};

/// Where a procedure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum State {
    Received,
    InReview,
    IntegrationRequested,
    NoticeSent,
    Approved,
    /// Silence meant consent (art. 20 L. 241/1990): the term ran out with no express decision.
    ApprovedBySilence,
    Rejected,
    Inadmissible,
    Withdrawn,
    /// Annulled by the administration itself (art. 21-nonies L. 241/1990).
    Annulled,
}

impl State {
    pub const ALL: [State; 10] = [
        State::Received,
        State::InReview,
        State::IntegrationRequested,
        State::NoticeSent,
        State::Approved,
        State::ApprovedBySilence,
        State::Rejected,
        State::Inadmissible,
        State::Withdrawn,
        State::Annulled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Received => "received",
            State::InReview => "inReview",
            State::IntegrationRequested => "integrationRequested",
            State::NoticeSent => "noticeSent",
            State::Approved => "approved",
            State::ApprovedBySilence => "approvedBySilence",
            State::Rejected => "rejected",
            State::Inadmissible => "inadmissible",
            State::Withdrawn => "withdrawn",
            State::Annulled => "annulled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        State::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            State::Received => "Ricevuta",
            State::InReview => "In istruttoria",
            State::IntegrationRequested => "Integrazione richiesta",
            State::NoticeSent => "Preavviso di diniego",
            State::Approved => "Accolta",
            State::ApprovedBySilence => "Accolta per silenzio-assenso",
            State::Rejected => "Respinta",
            State::Inadmissible => "Inammissibile",
            State::Withdrawn => "Ritirata",
            State::Annulled => "Annullata d'ufficio",
        }
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            State::Approved
                | State::ApprovedBySilence
                | State::Rejected
                | State::Inadmissible
                | State::Withdrawn
                | State::Annulled
        )
    }
}

/// What an officer asks to do, with the text the action needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum Action {
    TakeInCharge,
    RequestIntegration {
        reason: String,
    },
    /// The answer as the officer received it (paper, PEC, counter), with the scanned documents.
    RecordIntegration {
        note: String,
        #[serde(default)]
        documents: Vec<crate::submission::CounterAttachment>,
    },
    Approve {
        reason: String,
    },
    SendNotice {
        reason: String,
    },
    RecordObservations {
        text: String,
        #[serde(default)]
        documents: Vec<crate::submission::CounterAttachment>,
    },
    /// The day the citizen received the 10-bis notice, from a PEC delivery receipt or a signature
    /// at the counter (the portal's own delivery date is recorded by the link): the ten days for
    /// observations count from it.
    RecordNoticeReceipt {
        on: NaiveDate,
        note: String,
    },
    ResumeReview {
        reason: String,
    },
    ConfirmRejection {
        reason: String,
        answer: String,
    },
    Reject {
        reason: String,
    },
    RejectInadmissible {
        reason: String,
    },
    Withdraw {
        note: String,
    },
    /// Self-annulment of an unlawful acceptance (art. 21-nonies L. 241/1990): the reasons of law
    /// and of public interest, within twelve months of the decision.
    Annul {
        reason: String,
    },
}

/// The name of an action, as the UI lists the ones allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ActionKind {
    TakeInCharge,
    RequestIntegration,
    RecordIntegration,
    Approve,
    SendNotice,
    RecordObservations,
    RecordNoticeReceipt,
    ResumeReview,
    ConfirmRejection,
    Reject,
    RejectInadmissible,
    Withdraw,
    Annul,
}

impl ActionKind {
    pub const ALL: [ActionKind; 13] = [
        ActionKind::TakeInCharge,
        ActionKind::RequestIntegration,
        ActionKind::RecordIntegration,
        ActionKind::Approve,
        ActionKind::SendNotice,
        ActionKind::RecordObservations,
        ActionKind::RecordNoticeReceipt,
        ActionKind::ResumeReview,
        ActionKind::ConfirmRejection,
        ActionKind::Reject,
        ActionKind::RejectInadmissible,
        ActionKind::Withdraw,
        ActionKind::Annul,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::TakeInCharge => "takeInCharge",
            ActionKind::RequestIntegration => "requestIntegration",
            ActionKind::RecordIntegration => "recordIntegration",
            ActionKind::Approve => "approve",
            ActionKind::SendNotice => "sendNotice",
            ActionKind::RecordObservations => "recordObservations",
            ActionKind::RecordNoticeReceipt => "recordNoticeReceipt",
            ActionKind::ResumeReview => "resumeReview",
            ActionKind::ConfirmRejection => "confirmRejection",
            ActionKind::Reject => "reject",
            ActionKind::RejectInadmissible => "rejectInadmissible",
            ActionKind::Withdraw => "withdraw",
            ActionKind::Annul => "annul",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionKind::TakeInCharge => "Prendi in carico",
            ActionKind::RequestIntegration => "Richiedi integrazione",
            ActionKind::RecordIntegration => "Registra integrazione ricevuta",
            ActionKind::Approve => "Accogli",
            ActionKind::SendNotice => "Invia preavviso di diniego (art. 10-bis)",
            ActionKind::RecordObservations => "Registra osservazioni del cittadino",
            ActionKind::RecordNoticeReceipt => "Registra la data di ricevimento del preavviso",
            ActionKind::ResumeReview => "Riprendi l'istruttoria",
            ActionKind::ConfirmRejection => "Adotta il diniego definitivo",
            ActionKind::Reject => "Respingi",
            ActionKind::RejectInadmissible => "Dichiara inammissibile",
            ActionKind::Withdraw => "Registra il ritiro del cittadino",
            ActionKind::Annul => "Annulla d'ufficio (art. 21-nonies)",
        }
    }
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::TakeInCharge => ActionKind::TakeInCharge,
            Action::RequestIntegration { .. } => ActionKind::RequestIntegration,
            Action::RecordIntegration { .. } => ActionKind::RecordIntegration,
            Action::Approve { .. } => ActionKind::Approve,
            Action::SendNotice { .. } => ActionKind::SendNotice,
            Action::RecordObservations { .. } => ActionKind::RecordObservations,
            Action::RecordNoticeReceipt { .. } => ActionKind::RecordNoticeReceipt,
            Action::ResumeReview { .. } => ActionKind::ResumeReview,
            Action::ConfirmRejection { .. } => ActionKind::ConfirmRejection,
            Action::Reject { .. } => ActionKind::Reject,
            Action::RejectInadmissible { .. } => ActionKind::RejectInadmissible,
            Action::Withdraw { .. } => ActionKind::Withdraw,
            Action::Annul { .. } => ActionKind::Annul,
        }
    }

    /// The scanned documents the citizen brought with an answer recorded by the officer.
    pub fn documents(&self) -> &[crate::submission::CounterAttachment] {
        match self {
            Action::RecordIntegration { documents, .. }
            | Action::RecordObservations { documents, .. } => documents,
            _ => &[],
        }
    }

    /// The main text of the action (reason, note, observations), if it has one.
    pub fn text(&self) -> Option<&str> {
        match self {
            Action::TakeInCharge => None,
            Action::RequestIntegration { reason }
            | Action::Approve { reason }
            | Action::SendNotice { reason }
            | Action::ResumeReview { reason }
            | Action::ConfirmRejection { reason, .. }
            | Action::Reject { reason }
            | Action::RejectInadmissible { reason }
            | Action::Annul { reason } => Some(reason),
            Action::RecordIntegration { note, .. }
            | Action::Withdraw { note }
            | Action::RecordNoticeReceipt { note, .. } => Some(note),
            Action::RecordObservations { text, .. } => Some(text),
        }
    }
}

/// The parts of a procedure the guards look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Procedure {
    pub state: State,
    /// The responsible officer (RdP), once somebody took it in charge or a head assigned it.
    pub assignee: Option<i64>,
    pub integration_used: bool,
    /// Whether this service needs the 10-bis notice before a rejection.
    pub notice_applies: bool,
    pub notice_sent_on: Option<NaiveDate>,
    pub observations_on: Option<NaiveDate>,
    /// The last day for observations as the calendar sets it (see `clock::observation_last_day`);
    /// without it, the tenth day after the notice.
    pub observation_last_day: Option<NaiveDate>,
    /// The day the citizen received the 10-bis notice, once known.
    pub notice_received_on: Option<NaiveDate>,
    /// The day the procedure was decided (closed), for the term of a self-annulment.
    pub decided_on: Option<NaiveDate>,
    /// On a silence-consent service (art. 20), the last day to decide: the day after it, consent
    /// has formed and no decision may be taken any more. `None` on other services.
    pub silence_deadline: Option<NaiveDate>,
}

impl Procedure {
    pub fn new(notice_applies: bool) -> Self {
        Self {
            state: State::Received,
            assignee: None,
            integration_used: false,
            notice_applies,
            notice_sent_on: None,
            observations_on: None,
            observation_last_day: None,
            notice_received_on: None,
            decided_on: None,
            silence_deadline: None,
        }
    }

    /// The day silence-consent formed, if it has by `today` (the day after the last day to decide).
    pub fn silence_consent_formed(&self, today: NaiveDate) -> Option<NaiveDate> {
        self.silence_deadline
            .filter(|last| today > *last && !self.state.is_final())
            .and_then(|last| last.succ_opt())
    }
}

/// The documents a move produces for the protocol register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    /// A letter the Comune sends (decision, request, notice).
    Outgoing(&'static str),
    /// A document the citizen sent (answer, observations, withdrawal).
    Incoming(&'static str),
}

/// What a move changes on the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockChange {
    Start(SuspensionKind),
    Answer(SuspensionKind),
    /// The citizen received the 10-bis notice on this day.
    NoticeReceived(NaiveDate),
    /// The suspension ends today without an answer (a 10-bis notice withdrawn by resuming review).
    End(SuspensionKind),
}

/// A legal move, ready to be applied and stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub action: ActionKind,
    pub from: State,
    pub to: State,
    pub text: Option<String>,
    pub becomes_assignee: bool,
    pub registration: Option<Registration>,
    pub clock: Option<ClockChange>,
}

/// An illegal move and why, in words the officer understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("L'azione «{action}» non è consentita per una pratica nello stato «{state}».")]
    NotAllowed {
        action: &'static str,
        state: &'static str,
    },
    #[error("La pratica è già in carico a un altro operatore.")]
    AlreadyAssigned,
    #[error("Solo il responsabile del procedimento o il responsabile dell'ufficio può eseguire questa azione.")]
    NotResponsible,
    #[error("Il testo è obbligatorio: indicare la motivazione.")]
    TextRequired,
    #[error("Il testo è troppo lungo (massimo {0} caratteri).")]
    TextTooLong(usize),
    #[error("L'integrazione può essere richiesta una sola volta (L. 241/1990, art. 2 c. 7).")]
    IntegrationAlreadyUsed,
    #[error("Per questo servizio il diniego richiede prima il preavviso (art. 10-bis).")]
    NoticeRequired,
    #[error("Il preavviso di diniego non è previsto per questo servizio.")]
    NoticeNotApplicable,
    #[error("Il termine per le osservazioni scade il {0}: fino ad allora si possono solo registrare le osservazioni o riprendere l'istruttoria.")]
    ObservationWindowOpen(String),
    #[error("Il diniego definitivo deve indicare perché le osservazioni del cittadino non sono state accolte.")]
    AnswerRequired,
    #[error("Le osservazioni sono già state registrate.")]
    ObservationsAlreadyRecorded,
    #[error("La data di ricevimento deve essere compresa tra l'invio del preavviso ({0}) e oggi.")]
    ReceiptDateOutOfRange(String),
    #[error("L'annullamento d'ufficio è possibile solo entro dodici mesi dal provvedimento (art. 21-nonies L. 241/1990): il termine è scaduto il {0}.")]
    AnnulmentTooLate(String),
    #[error("La data di ricevimento del preavviso è già registrata: il termine per le osservazioni decorre da essa.")]
    ReceiptAlreadyRecorded,
    #[error("Il termine per provvedere è scaduto il {0} senza un provvedimento espresso: l'istanza è accolta per silenzio-assenso (art. 20 L. 241/1990) e non si può più respingere né decidere; resta solo l'annullamento d'ufficio motivato (art. 21-nonies).")]
    SilenceConsentFormed(String),
}

impl From<WorkflowError> for AppError {
    fn from(e: WorkflowError) -> Self {
        let code = match e {
            WorkflowError::TextRequired
            | WorkflowError::TextTooLong(_)
            | WorkflowError::AnswerRequired
            | WorkflowError::ReceiptDateOutOfRange(_) => ErrorCode::InvalidInput,
            WorkflowError::AlreadyAssigned => ErrorCode::Conflict,
            WorkflowError::NotResponsible => ErrorCode::Forbidden,
            _ => ErrorCode::IllegalAction,
        };
        AppError::new(code, e.to_string())
    }
}

pub const MAX_TEXT: usize = 20_000;
/// Days the citizen has to send observations after a 10-bis notice.
pub const OBSERVATION_DAYS: u64 = 10;

mod guards;
mod timed;
pub use guards::{allowed_actions, citizen_answer, decide, START_NOTICE};
pub use timed::{due_effect, DueEffect, TimedEffect};

#[cfg(test)]
mod tests;
