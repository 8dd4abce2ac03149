//! The portal's status codes (OPENCITY_API.md §3, from the platform's `Entity/Pratica.php`), sent as
//! strings, and what each one means for Sportello. The Montesilvano client labels some of them wrongly
//! (2000 as a draft, 9000 as approved): this table follows the platform.

use std::fmt;

/// One status of an application on the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortalStatus {
    Draft,
    PaymentPending,
    PaymentOutcomePending,
    PaymentSuccess,
    PaymentError,
    PreSubmit,
    Submitted,
    Registered,
    Pending,
    RequestIntegration,
    DraftForIntegration,
    SubmittedAfterIntegration,
    RegisteredAfterIntegration,
    PendingAfterIntegration,
    Processing,
    CompleteWaitingOutcomeRegistration,
    Complete,
    CancelledWaitingOutcomeRegistration,
    Cancelled,
    Withdrawn,
    Revoked,
}

/// What a status means to Sportello.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// Not yet a submission (a draft, or waiting for the citizen's payment): not ingested.
    NotSubmitted,
    /// Sent by the citizen and not yet decided: a procedure Sportello runs.
    Open,
    /// The portal waits for the citizen's integration.
    AwaitingCitizen,
    /// Decided (accepted or rejected), possibly waiting for the outcome's registration.
    Decided,
    /// The citizen withdrew it: the citizen's act, recorded as such.
    Withdrawn,
    /// Annulled on the portal.
    Revoked,
}

/// A code the table does not know (kept, never guessed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown portal status code {0:?}")]
pub struct UnknownStatus(pub String);

/// (code, status, constant name as `status_name` carries it, Italian label).
const TABLE: [(&str, PortalStatus, &str, &str); 21] = [
    ("1000", PortalStatus::Draft, "status_draft", "Bozza"),
    (
        "1500",
        PortalStatus::PaymentPending,
        "status_payment_pending",
        "In attesa di pagamento",
    ),
    (
        "1510",
        PortalStatus::PaymentOutcomePending,
        "status_payment_outcome_pending",
        "Esito del pagamento in attesa",
    ),
    (
        "1520",
        PortalStatus::PaymentSuccess,
        "status_payment_success",
        "Pagamento riuscito",
    ),
    (
        "1530",
        PortalStatus::PaymentError,
        "status_payment_error",
        "Pagamento non riuscito",
    ),
    (
        "1900",
        PortalStatus::PreSubmit,
        "status_pre_submit",
        "Inviata",
    ),
    (
        "2000",
        PortalStatus::Submitted,
        "status_submitted",
        "Acquisita",
    ),
    (
        "3000",
        PortalStatus::Registered,
        "status_registered",
        "Protocollata",
    ),
    (
        "4000",
        PortalStatus::Pending,
        "status_pending",
        "Presa in carico",
    ),
    (
        "4100",
        PortalStatus::RequestIntegration,
        "status_request_integration",
        "Richiesta integrazioni",
    ),
    (
        "4200",
        PortalStatus::DraftForIntegration,
        "status_draft_for_integration",
        "In attesa di integrazioni",
    ),
    (
        "4300",
        PortalStatus::SubmittedAfterIntegration,
        "status_submitted_after_integration",
        "Integrazioni concluse",
    ),
    (
        "4400",
        PortalStatus::RegisteredAfterIntegration,
        "status_registered_after_integration",
        "Integrazioni protocollate",
    ),
    (
        "4500",
        PortalStatus::PendingAfterIntegration,
        "status_pending_after_integration",
        "Presa in carico dopo integrazioni",
    ),
    (
        "5000",
        PortalStatus::Processing,
        "status_processing",
        "In elaborazione",
    ),
    (
        "6000",
        PortalStatus::CompleteWaitingOutcomeRegistration,
        "status_complete_waitallegatioperatore",
        "Accettata, in attesa di protocollo esito",
    ),
    (
        "7000",
        PortalStatus::Complete,
        "status_complete",
        "Accettata",
    ),
    (
        "8000",
        PortalStatus::CancelledWaitingOutcomeRegistration,
        "status_cancelled_waitallegatioperatore",
        "Rifiutata, in attesa di protocollo esito",
    ),
    (
        "9000",
        PortalStatus::Cancelled,
        "status_cancelled",
        "Rifiutata",
    ),
    (
        "20000",
        PortalStatus::Withdrawn,
        "status_withdraw",
        "Ritirata",
    ),
    (
        "50000",
        PortalStatus::Revoked,
        "status_revoked",
        "Annullata",
    ),
];

impl PortalStatus {
    /// Reads a code as the portal sends it (a string; a number is accepted too).
    pub fn parse(code: &str) -> Result<Self, UnknownStatus> {
        let code = code.trim();
        TABLE
            .iter()
            .find(|(c, ..)| *c == code)
            .map(|(_, s, ..)| *s)
            .ok_or_else(|| UnknownStatus(code.to_owned()))
    }

    fn row(self) -> &'static (&'static str, PortalStatus, &'static str, &'static str) {
        // Every variant has its row: the table lists them all (checked by a test).
        TABLE
            .iter()
            .find(|(_, s, ..)| *s == self)
            .unwrap_or(&TABLE[0])
    }

    /// The code on the wire, e.g. `"4000"`.
    pub fn code(self) -> &'static str {
        self.row().0
    }

    /// The constant's name as `status_name` carries it, e.g. `"status_pending"`.
    pub fn name(self) -> &'static str {
        self.row().2
    }

    /// The platform's Italian label, e.g. «Presa in carico».
    pub fn label(self) -> &'static str {
        self.row().3
    }

    /// The portal's final states: accepted, rejected, withdrawn.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Complete | Self::Cancelled | Self::Withdrawn)
    }

    pub fn meaning(self) -> Meaning {
        use PortalStatus as S;
        match self {
            S::Draft | S::PaymentPending | S::PaymentOutcomePending | S::PaymentError => {
                Meaning::NotSubmitted
            }
            S::PaymentSuccess
            | S::PreSubmit
            | S::Submitted
            | S::Registered
            | S::Pending
            | S::SubmittedAfterIntegration
            | S::RegisteredAfterIntegration
            | S::PendingAfterIntegration
            | S::Processing => Meaning::Open,
            S::RequestIntegration | S::DraftForIntegration => Meaning::AwaitingCitizen,
            S::CompleteWaitingOutcomeRegistration
            | S::Complete
            | S::CancelledWaitingOutcomeRegistration
            | S::Cancelled => Meaning::Decided,
            S::Withdrawn => Meaning::Withdrawn,
            S::Revoked => Meaning::Revoked,
        }
    }

    /// Every status, in the table's order.
    pub fn all() -> impl Iterator<Item = PortalStatus> {
        TABLE.iter().map(|(_, s, ..)| *s)
    }
}

impl fmt::Display for PortalStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.label(), self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_to_itself_and_the_final_states_are_the_platforms() {
        for status in PortalStatus::all() {
            assert_eq!(PortalStatus::parse(status.code()), Ok(status));
        }
        let finals: Vec<&str> = PortalStatus::all()
            .filter(|s| s.is_final())
            .map(PortalStatus::code)
            .collect();
        assert_eq!(finals, ["7000", "9000", "20000"]);
    }

    /// The platform's table (OPENCITY_API.md §3), not the Montesilvano client's labels.
    #[test]
    fn codes_mean_what_the_platform_says() {
        let cases = [
            ("2000", Meaning::Open, "Acquisita"),
            ("9000", Meaning::Decided, "Rifiutata"),
            ("7000", Meaning::Decided, "Accettata"),
            ("1000", Meaning::NotSubmitted, "Bozza"),
            (
                "4200",
                Meaning::AwaitingCitizen,
                "In attesa di integrazioni",
            ),
            ("20000", Meaning::Withdrawn, "Ritirata"),
            (" 4000 ", Meaning::Open, "Presa in carico"),
        ];
        for (code, meaning, label) in cases {
            let status = PortalStatus::parse(code).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(status.meaning(), meaning, "{code}");
            assert_eq!(status.label(), label, "{code}");
        }
        assert_eq!(
            PortalStatus::parse("4"),
            Err(UnknownStatus("4".into())),
            "a legacy 2017 code is not guessed"
        );
    }
}
