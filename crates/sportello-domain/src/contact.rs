//! The contact log of a submission: phone calls, e-mails and visits from citizens who struggle with
//! the forms (or whom the office calls back), with what was said, how it ended and, when something
//! is left to do, a callback due by a day and by whom. Entries are never changed; only a callback is
//! marked done.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::AppError;

/// How the citizen and the office were in touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ContactChannel {
    Phone,
    Email,
    Pec,
    /// At the counter, in person.
    Visit,
}

impl ContactChannel {
    pub const ALL: [ContactChannel; 4] = [Self::Phone, Self::Email, Self::Pec, Self::Visit];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Email => "email",
            Self::Pec => "pec",
            Self::Visit => "visit",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Phone => "Telefono",
            Self::Email => "E-mail",
            Self::Pec => "PEC",
            Self::Visit => "Di persona",
        }
    }
}

/// The longest summary or outcome kept.
pub const MAX_CONTACT_TEXT: usize = 2000;

/// A contact the officer records.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewContact {
    pub channel: ContactChannel,
    /// The citizen called or wrote (true), or the office did.
    pub incoming: bool,
    /// What was asked or said.
    pub summary: String,
    /// How it ended (explained, form filled in together, documents asked for…).
    pub outcome: String,
    /// Something left to do: call back by this day.
    pub callback_due: Option<NaiveDate>,
    /// Who calls back: an officer of the office (none: whoever of the office).
    #[ts(type = "number | null")]
    pub callback_by: Option<i64>,
}

impl NewContact {
    /// Checks the texts and the callback's day (`today` or later), each problem in Italian.
    pub fn validate(&self, today: NaiveDate) -> Result<(), AppError> {
        let summary = self.summary.trim();
        if summary.is_empty() {
            return Err(AppError::invalid(
                "Indicare in breve il contenuto del contatto.",
            ));
        }
        if summary.chars().count() > MAX_CONTACT_TEXT
            || self.outcome.trim().chars().count() > MAX_CONTACT_TEXT
        {
            return Err(AppError::invalid(format!(
                "Il testo supera {MAX_CONTACT_TEXT} caratteri."
            )));
        }
        if self.callback_due.is_some_and(|d| d < today) {
            return Err(AppError::invalid(
                "La data del richiamo non può essere nel passato.",
            ));
        }
        if self.callback_by.is_some() && self.callback_due.is_none() {
            return Err(AppError::invalid(
                "Indicare entro quando richiamare il cittadino.",
            ));
        }
        Ok(())
    }
}

/// One entry of the contact log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub at: DateTime<Utc>,
    pub channel: ContactChannel,
    pub incoming: bool,
    pub summary: String,
    pub outcome: String,
    pub recorded_by: String,
    pub callback_due: Option<NaiveDate>,
    pub callback_by: Option<String>,
    pub callback_done_at: Option<DateTime<Utc>>,
}

/// A callback due, as the officer's queue lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CallbackDue {
    #[ts(type = "number")]
    pub contact_id: i64,
    #[ts(type = "number")]
    pub submission_id: i64,
    pub protocol: String,
    pub applicant: String,
    pub phone: Option<String>,
    pub due: NaiveDate,
    pub summary: String,
    /// Who is to call back (none: whoever of the office).
    pub callback_by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact() -> NewContact {
        NewContact {
            channel: ContactChannel::Phone,
            incoming: true,
            summary: "Chiede come allegare l'ISEE.".into(),
            outcome: "Spiegato; richiamare dopo l'invio.".into(),
            callback_due: NaiveDate::from_ymd_opt(2026, 12, 2),
            callback_by: Some(4),
        }
    }

    #[test]
    fn a_contact_needs_a_summary_and_a_callback_not_in_the_past() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        assert!(contact().validate(today).is_ok());
        let empty = NewContact {
            summary: "  ".into(),
            ..contact()
        };
        assert!(empty.validate(today).is_err());
        let past = NewContact {
            callback_due: NaiveDate::from_ymd_opt(2026, 11, 30),
            ..contact()
        };
        assert!(past
            .validate(today)
            .unwrap_err()
            .message
            .contains("passato"));
        let who_without_when = NewContact {
            callback_due: None,
            ..contact()
        };
        assert!(who_without_when.validate(today).is_err());
        for c in ContactChannel::ALL {
            assert_eq!(ContactChannel::parse(c.as_str()), Some(c));
        }
    }
}
