//! The effects a term produces by itself, with nobody acting (DOMAIN.md §2): an integration request
//! left unanswered lapses and the review resumes (art. 2 c.7 L. 241/1990), and on a silence-consent
//! service an undecided request is accepted once the term runs out (art. 20). The scheduler applies
//! them as the System; each is dated to its legal day, however late the scheduler runs.

use chrono::{Days, NaiveDate};

use super::{Procedure, State};
use crate::clock::INTEGRATION_MAX_DAYS;

/// A legal effect of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimedEffect {
    /// The citizen did not answer the integration request within its term: the review resumes on
    /// what the office has, and no answer is invented.
    IntegrationLapsed,
    /// Art. 20: the term ran out with no express decision; the request is accepted.
    SilenceConsent,
}

impl TimedEffect {
    /// The history row's event.
    pub fn as_str(self) -> &'static str {
        match self {
            TimedEffect::IntegrationLapsed => "integrationLapsed",
            TimedEffect::SilenceConsent => "silenceConsent",
        }
    }
}

/// An effect due on a procedure, and what it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueEffect {
    pub effect: TimedEffect,
    /// The legal day it took effect.
    pub on: NaiveDate,
    pub from: State,
    pub to: State,
    /// The history row's text.
    pub text: String,
    /// The outgoing document it registers (the attestation of art. 20 c.2-bis), if any.
    pub registration: Option<&'static str>,
}

/// The subject of the attestation that silence-consent formed (art. 20 c.2-bis).
pub const SILENCE_CONSENT_ATTESTATION: &str =
    "Attestazione di formazione del silenzio-assenso (art. 20 L. 241/1990)";

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The effect due on `p` by `today`, the earliest first. `integration_requested_on`: the day of the
/// integration request still unanswered (and not ended by the officer), if any. Apply it and ask
/// again: a lapse may be followed by silence-consent.
pub fn due_effect(
    p: &Procedure,
    integration_requested_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<DueEffect> {
    if p.state.is_final() {
        return None;
    }
    // While an integration request waits the clock stands still: only its lapse can come.
    if p.state == State::IntegrationRequested {
        let asked = integration_requested_on?;
        let lapse = asked + Days::new(INTEGRATION_MAX_DAYS);
        return (today >= lapse).then(|| DueEffect {
            effect: TimedEffect::IntegrationLapsed,
            on: lapse,
            from: p.state,
            to: State::InReview,
            text: format!(
                "Il termine di {INTEGRATION_MAX_DAYS} giorni per l'integrazione richiesta il {} è \
                 scaduto senza risposta: l'istruttoria riprende il {} sulla base degli atti \
                 disponibili (art. 2, comma 7, L. 241/1990).",
                date(asked),
                date(lapse)
            ),
            registration: None,
        });
    }
    let formed = p.silence_consent_formed(today)?;
    let last = formed.pred_opt().unwrap_or(formed);
    Some(DueEffect {
        effect: TimedEffect::SilenceConsent,
        on: formed,
        from: p.state,
        to: State::ApprovedBySilence,
        text: format!(
            "Il termine per provvedere è scaduto il {} senza un provvedimento espresso: dal {} \
             l'istanza è accolta per silenzio-assenso (art. 20 L. 241/1990).",
            date(last),
            date(formed)
        ),
        registration: Some(SILENCE_CONSENT_ATTESTATION),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn waiting_for_integration() -> Procedure {
        let mut p = Procedure::new(true);
        p.state = State::IntegrationRequested;
        p.assignee = Some(7);
        p.integration_used = true;
        p
    }

    #[test]
    fn an_unanswered_integration_request_lapses_on_its_thirtieth_day_and_not_before() {
        let p = waiting_for_integration();
        let asked = day(2026, 3, 2);
        assert_eq!(due_effect(&p, Some(asked), day(2026, 3, 31)), None);
        let due = due_effect(&p, Some(asked), day(2026, 4, 1)).unwrap();
        assert_eq!(due.effect, TimedEffect::IntegrationLapsed);
        // 2 March + 30 days.
        assert_eq!(due.on, day(2026, 4, 1));
        assert_eq!(
            (due.from, due.to),
            (State::IntegrationRequested, State::InReview)
        );
        assert_eq!(due.registration, None, "no document is invented");
    }

    #[test]
    fn a_lapse_found_late_is_dated_to_its_legal_day() {
        let due = due_effect(
            &waiting_for_integration(),
            Some(day(2026, 3, 2)),
            day(2026, 6, 30),
        );
        assert_eq!(due.unwrap().on, day(2026, 4, 1));
    }

    #[test]
    fn silence_consent_accepts_an_undecided_request_the_day_after_its_deadline() {
        let mut p = Procedure::new(false);
        p.state = State::InReview;
        p.silence_deadline = Some(day(2026, 5, 4));
        assert_eq!(
            due_effect(&p, None, day(2026, 5, 4)),
            None,
            "the last day is the office's"
        );
        let due = due_effect(&p, None, day(2026, 5, 20)).unwrap();
        assert_eq!(due.effect, TimedEffect::SilenceConsent);
        assert_eq!(due.on, day(2026, 5, 5));
        assert_eq!(due.to, State::ApprovedBySilence);
        assert_eq!(due.registration, Some(SILENCE_CONSENT_ATTESTATION));
        assert!(due.text.contains("04/05/2026"), "{}", due.text);
    }

    #[test]
    fn without_silence_consent_an_overdue_request_only_stays_overdue() {
        let mut p = Procedure::new(false);
        p.state = State::InReview;
        assert_eq!(due_effect(&p, None, day(2027, 1, 1)), None);
        p.state = State::Approved;
        p.silence_deadline = Some(day(2026, 5, 4));
        assert_eq!(
            due_effect(&p, None, day(2027, 1, 1)),
            None,
            "decided in time"
        );
    }

    fn head() -> crate::user::Actor {
        crate::user::Actor {
            id: 1,
            role: crate::user::Role::Responsabile,
            department: Some("demografici".into()),
            full_name: "Giulia Verdi".into(),
        }
    }

    #[test]
    fn the_officer_resumes_early_with_a_reason_and_no_answer_is_invented() {
        use crate::clock::SuspensionKind;
        use crate::workflow::{decide, Action, ClockChange, WorkflowError};
        let mut p = waiting_for_integration();
        p.assignee = Some(head().id);
        let empty = Action::ResumeReview { reason: " ".into() };
        assert_eq!(
            decide(&p, &head(), &empty, day(2026, 3, 10)),
            Err(WorkflowError::TextRequired)
        );
        let resume = Action::ResumeReview {
            reason: "Il documento mancante è stato acquisito d'ufficio.".into(),
        };
        let o = decide(&p, &head(), &resume, day(2026, 3, 10)).unwrap();
        assert_eq!(o.to, State::InReview);
        assert_eq!(
            o.registration, None,
            "nothing is registered as the citizen's"
        );
        assert_eq!(o.clock, Some(ClockChange::End(SuspensionKind::Integration)));
    }

    #[test]
    fn a_rejection_after_silence_consent_formed_is_refused() {
        use crate::workflow::{decide, Action, WorkflowError};
        let mut p = Procedure::new(false);
        p.state = State::InReview;
        p.assignee = Some(head().id);
        p.silence_deadline = Some(day(2026, 5, 4));
        let reject = Action::Reject {
            reason: "Requisiti non posseduti.".into(),
        };
        assert!(
            decide(&p, &head(), &reject, day(2026, 5, 4)).is_ok(),
            "in time"
        );
        let late = decide(&p, &head(), &reject, day(2026, 5, 5)).unwrap_err();
        assert_eq!(
            late,
            WorkflowError::SilenceConsentFormed("04/05/2026".into())
        );
        assert!(late.to_string().contains("21-nonies"), "{late}");
    }

    /// Art. 10-bis: the window counts from the citizen's receipt, typed from a PEC receipt or a
    /// counter signature: a day between the notice and today, once.
    #[test]
    fn the_receipt_of_a_notice_is_recorded_once_between_the_notice_and_today() {
        use crate::workflow::{decide, Action, ClockChange, WorkflowError};
        let mut p = Procedure::new(true);
        p.state = State::NoticeSent;
        p.assignee = Some(head().id);
        p.notice_sent_on = Some(day(2026, 3, 2));
        let receipt = |d: u32| Action::RecordNoticeReceipt {
            on: day(2026, 3, d),
            note: "Ricevuta di consegna PEC".into(),
        };
        let today = day(2026, 3, 9);
        assert!(matches!(
            decide(&p, &head(), &receipt(1), today),
            Err(WorkflowError::ReceiptDateOutOfRange(_))
        ));
        assert!(matches!(
            decide(&p, &head(), &receipt(10), today),
            Err(WorkflowError::ReceiptDateOutOfRange(_))
        ));
        let o = decide(&p, &head(), &receipt(6), today).unwrap();
        assert_eq!(o.clock, Some(ClockChange::NoticeReceived(day(2026, 3, 6))));
        assert_eq!((o.to, o.registration), (State::NoticeSent, None));
        p.follow(&o, today);
        assert_eq!(p.notice_received_on, Some(day(2026, 3, 6)));
        assert_eq!(
            decide(&p, &head(), &receipt(7), today),
            Err(WorkflowError::ReceiptAlreadyRecorded)
        );
    }

    /// Art. 21-nonies: after silence-consent only a reasoned self-annulment remains, by the
    /// responsible officer or the head, within twelve months.
    #[test]
    fn a_reasoned_self_annulment_is_the_only_move_after_silence_consent_within_twelve_months() {
        use crate::workflow::{allowed_actions, decide, Action, ActionKind, WorkflowError};
        let mut p = Procedure::new(false);
        p.state = State::ApprovedBySilence;
        p.assignee = Some(head().id);
        p.decided_on = Some(day(2026, 3, 5));
        assert_eq!(
            allowed_actions(&p, &head(), day(2026, 6, 1)),
            vec![ActionKind::Annul]
        );
        let annul = Action::Annul {
            reason: "Il requisito dichiarato non sussiste; prevale l'interesse pubblico.".into(),
        };
        let o = decide(&p, &head(), &annul, day(2027, 3, 5)).unwrap();
        assert_eq!(o.to, State::Annulled);
        assert!(o.registration.is_some());
        assert_eq!(
            decide(&p, &head(), &annul, day(2027, 3, 6)),
            Err(WorkflowError::AnnulmentTooLate("05/03/2027".into()))
        );
        let empty = Action::Annul { reason: " ".into() };
        assert_eq!(
            decide(&p, &head(), &empty, day(2026, 6, 1)),
            Err(WorkflowError::TextRequired)
        );
        p.state = State::Rejected;
        assert!(
            decide(&p, &head(), &annul, day(2026, 6, 1)).is_err(),
            "only acceptances"
        );
    }
}
