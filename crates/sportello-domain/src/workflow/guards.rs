//! The guards: which move is legal, for whom, in which state.

use super::{
    Action, ActionKind, Actor, ClockChange, Days, NaiveDate, Outcome, Procedure, Registration,
    State, SuspensionKind, WorkflowError, MAX_TEXT, OBSERVATION_DAYS,
};

/// The register's subject of the start-of-procedure notice.
pub const START_NOTICE: &str = "Comunicazione di avvio del procedimento (art. 8 L. 241/1990)";

fn not_allowed(action: ActionKind, state: State) -> WorkflowError {
    WorkflowError::NotAllowed {
        action: action.label(),
        state: state.label(),
    }
}

fn required_text(text: &str) -> Result<String, WorkflowError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(WorkflowError::TextRequired);
    }
    if text.chars().count() > MAX_TEXT {
        return Err(WorkflowError::TextTooLong(MAX_TEXT));
    }
    Ok(text.to_string())
}

fn optional_text(text: &str) -> Result<Option<String>, WorkflowError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    required_text(text).map(Some)
}

/// Who may make the move is the policy's to say (`policy::may_move`); the workflow adds the state.
fn is_responsible(p: &Procedure, actor: &Actor) -> bool {
    crate::policy::is_responsible(actor, p.assignee)
}

fn outcome(p: &Procedure, action: ActionKind, to: State, text: Option<String>) -> Outcome {
    Outcome {
        action,
        from: p.state,
        to,
        text,
        becomes_assignee: false,
        registration: None,
        clock: None,
    }
}

/// Decides whether `actor` may perform `action` on `p` today, and what it changes.
pub fn decide(
    p: &Procedure,
    actor: &Actor,
    action: &Action,
    today: NaiveDate,
) -> Result<Outcome, WorkflowError> {
    let kind = action.kind();
    if let Action::Annul { reason } = action {
        return annul(p, actor, reason, today);
    }
    if p.state.is_final() || !crate::policy::works_on_submissions(actor.role) {
        return Err(not_allowed(kind, p.state));
    }
    // Art. 20: once the term ran out on a silence-consent service the request is accepted by law,
    // whether or not the scheduler has recorded it yet; nothing can be decided on it any more.
    if let Some(formed) = p.silence_consent_formed(today) {
        let last = formed.pred_opt().unwrap_or(formed);
        return Err(WorkflowError::SilenceConsentFormed(
            last.format("%d/%m/%Y").to_string(),
        ));
    }
    match action {
        Action::TakeInCharge => take_in_charge(p, actor),
        Action::Withdraw { .. } if !is_responsible(p, actor) => Err(WorkflowError::NotResponsible),
        Action::Withdraw { note } => {
            let mut o = outcome(p, kind, State::Withdrawn, Some(required_text(note)?));
            o.registration = Some(Registration::Incoming("Rinuncia all'istanza"));
            Ok(o)
        }
        Action::RejectInadmissible { reason } => inadmissible(p, actor, reason),
        _ if p.state == State::Received => Err(not_allowed(kind, p.state)),
        _ if !is_responsible(p, actor) => Err(WorkflowError::NotResponsible),
        _ => decide_as_responsible(p, action, today),
    }
}

fn take_in_charge(p: &Procedure, actor: &Actor) -> Result<Outcome, WorkflowError> {
    match p.assignee {
        Some(id) if id != actor.id => Err(WorkflowError::AlreadyAssigned),
        Some(_) if p.state != State::Received => {
            Err(not_allowed(ActionKind::TakeInCharge, p.state))
        }
        _ => {
            let to = if p.state == State::Received {
                State::InReview
            } else {
                p.state
            };
            let mut o = outcome(p, ActionKind::TakeInCharge, to, None);
            o.becomes_assignee = true;
            // Art. 8: the citizen is told who answers for the procedure, by when, and what to do
            // if nothing happens; only when it is first taken (a head's later assignment is not
            // a new start).
            if p.state == State::Received {
                o.registration = Some(Registration::Outgoing(START_NOTICE));
            }
            Ok(o)
        }
    }
}

/// Art. 21-nonies: an acceptance (express or by silence) the office finds unlawful may be annulled,
/// with its reasons of law and of public interest, within twelve months of the decision.
fn annul(
    p: &Procedure,
    actor: &Actor,
    reason: &str,
    today: NaiveDate,
) -> Result<Outcome, WorkflowError> {
    let kind = ActionKind::Annul;
    if !matches!(p.state, State::Approved | State::ApprovedBySilence)
        || !crate::policy::works_on_submissions(actor.role)
    {
        return Err(not_allowed(kind, p.state));
    }
    if !is_responsible(p, actor) {
        return Err(WorkflowError::NotResponsible);
    }
    if let Some(last) = p
        .decided_on
        .and_then(|d| d.checked_add_months(chrono::Months::new(12)))
        .filter(|last| today > *last)
    {
        return Err(WorkflowError::AnnulmentTooLate(
            last.format("%d/%m/%Y").to_string(),
        ));
    }
    let mut o = outcome(p, kind, State::Annulled, Some(required_text(reason)?));
    o.registration = Some(Registration::Outgoing(
        "Provvedimento di annullamento d'ufficio (art. 21-nonies L. 241/1990)",
    ));
    Ok(o)
}

fn inadmissible(p: &Procedure, actor: &Actor, reason: &str) -> Result<Outcome, WorkflowError> {
    let kind = ActionKind::RejectInadmissible;
    if !matches!(p.state, State::Received | State::InReview) {
        return Err(not_allowed(kind, p.state));
    }
    let unassigned_new = p.state == State::Received && p.assignee.is_none();
    if !unassigned_new && !is_responsible(p, actor) {
        return Err(WorkflowError::NotResponsible);
    }
    let mut o = outcome(p, kind, State::Inadmissible, Some(required_text(reason)?));
    o.becomes_assignee = p.assignee.is_none();
    o.registration = Some(Registration::Outgoing("Provvedimento di inammissibilità"));
    Ok(o)
}

fn decide_as_responsible(
    p: &Procedure,
    action: &Action,
    today: NaiveDate,
) -> Result<Outcome, WorkflowError> {
    use State::{Approved, InReview, IntegrationRequested, NoticeSent, Rejected};
    let kind = action.kind();
    let wrong_state = || Err(not_allowed(kind, p.state));
    let (to, registration, clock) = match (action, p.state) {
        (Action::RequestIntegration { .. }, InReview) if p.integration_used => {
            return Err(WorkflowError::IntegrationAlreadyUsed)
        }
        (Action::RequestIntegration { .. }, InReview) => (
            IntegrationRequested,
            Some(Registration::Outgoing(
                "Richiesta di integrazione documentale",
            )),
            Some(ClockChange::Start(SuspensionKind::Integration)),
        ),
        (Action::RecordIntegration { .. }, IntegrationRequested) => (
            InReview,
            Some(Registration::Incoming("Integrazione documentale")),
            Some(ClockChange::Answer(SuspensionKind::Integration)),
        ),
        (Action::Approve { .. }, InReview) => (
            Approved,
            Some(Registration::Outgoing("Provvedimento di accoglimento")),
            None,
        ),
        (Action::SendNotice { .. }, InReview) if !p.notice_applies => {
            return Err(WorkflowError::NoticeNotApplicable)
        }
        (Action::SendNotice { .. }, InReview) => (
            NoticeSent,
            Some(Registration::Outgoing(
                "Comunicazione dei motivi ostativi (art. 10-bis)",
            )),
            Some(ClockChange::Start(SuspensionKind::Notice10bis)),
        ),
        (Action::RecordObservations { .. }, NoticeSent) if p.observations_on.is_some() => {
            return Err(WorkflowError::ObservationsAlreadyRecorded)
        }
        (Action::RecordObservations { .. }, NoticeSent) => (
            NoticeSent,
            Some(Registration::Incoming(
                "Osservazioni al preavviso di diniego",
            )),
            Some(ClockChange::Answer(SuspensionKind::Notice10bis)),
        ),
        // Art. 2 c.7: the officer need not wait for an answer that is not coming; no document is
        // invented for it, the suspension simply ends today.
        (Action::ResumeReview { .. }, IntegrationRequested) => (
            InReview,
            None,
            Some(ClockChange::End(SuspensionKind::Integration)),
        ),
        (Action::RecordNoticeReceipt { .. }, NoticeSent)
            if p.observations_on.is_some() || p.notice_received_on.is_some() =>
        {
            return Err(WorkflowError::ReceiptAlreadyRecorded)
        }
        (Action::RecordNoticeReceipt { on, .. }, NoticeSent) => {
            let sent = p.notice_sent_on.unwrap_or(today);
            if *on < sent || *on > today {
                let sent = sent.format("%d/%m/%Y").to_string();
                return Err(WorkflowError::ReceiptDateOutOfRange(sent));
            }
            (NoticeSent, None, Some(ClockChange::NoticeReceived(*on)))
        }
        (Action::ResumeReview { .. }, NoticeSent) => {
            // Without observations, resuming withdraws the notice: the clock restarts today.
            let end = p
                .observations_on
                .is_none()
                .then_some(ClockChange::End(SuspensionKind::Notice10bis));
            (InReview, None, end)
        }
        (Action::ConfirmRejection { answer, .. }, NoticeSent) => {
            check_rejection_after_notice(p, answer, today)?;
            (
                Rejected,
                Some(Registration::Outgoing("Provvedimento di diniego")),
                None,
            )
        }
        (Action::Reject { .. }, InReview) if p.notice_applies => {
            return Err(WorkflowError::NoticeRequired)
        }
        (Action::Reject { .. }, InReview) => (
            Rejected,
            Some(Registration::Outgoing("Provvedimento di diniego")),
            None,
        ),
        _ => return wrong_state(),
    };
    let mut text = action.text().map(required_text).transpose()?;
    if let (Action::ConfirmRejection { answer, .. }, Some(reason)) = (action, &text) {
        // The final rejection must say why the observations were not accepted (art. 10-bis).
        if let Some(answer) = optional_text(answer)? {
            text = Some(format!("{reason}\n\nRisposta alle osservazioni: {answer}"));
        }
    }
    let mut o = outcome(p, kind, to, text);
    o.registration = registration;
    o.clock = clock;
    Ok(o)
}

fn check_rejection_after_notice(
    p: &Procedure,
    answer: &str,
    today: NaiveDate,
) -> Result<(), WorkflowError> {
    if p.observations_on.is_some() {
        if answer.trim().is_empty() {
            return Err(WorkflowError::AnswerRequired);
        }
        return Ok(());
    }
    // Observations are timely up to and including the tenth day after the notice.
    let sent = p.notice_sent_on.unwrap_or(today);
    let tenth = sent
        .checked_add_days(Days::new(OBSERVATION_DAYS))
        .unwrap_or(sent);
    let last_day = p.observation_last_day.unwrap_or(tenth);
    if today <= last_day {
        return Err(WorkflowError::ObservationWindowOpen(
            last_day.format("%d/%m/%Y").to_string(),
        ));
    }
    Ok(())
}

/// A text that satisfies every text guard, to probe which actions are allowed `today`.
fn probe(kind: ActionKind, today: NaiveDate) -> Action {
    let t = || "x".to_string();
    match kind {
        ActionKind::TakeInCharge => Action::TakeInCharge,
        ActionKind::RequestIntegration => Action::RequestIntegration { reason: t() },
        ActionKind::RecordIntegration => Action::RecordIntegration {
            note: t(),
            documents: Vec::new(),
        },
        ActionKind::Approve => Action::Approve { reason: t() },
        ActionKind::SendNotice => Action::SendNotice { reason: t() },
        ActionKind::RecordObservations => Action::RecordObservations {
            text: t(),
            documents: Vec::new(),
        },
        ActionKind::RecordNoticeReceipt => Action::RecordNoticeReceipt {
            on: today,
            note: t(),
        },
        ActionKind::ResumeReview => Action::ResumeReview { reason: t() },
        ActionKind::ConfirmRejection => Action::ConfirmRejection {
            reason: t(),
            answer: t(),
        },
        ActionKind::Reject => Action::Reject { reason: t() },
        ActionKind::RejectInadmissible => Action::RejectInadmissible { reason: t() },
        ActionKind::Withdraw => Action::Withdraw { note: t() },
        ActionKind::Annul => Action::Annul { reason: t() },
    }
}

/// The actions `actor` may perform on `p` today, in the order the UI shows them.
pub fn allowed_actions(p: &Procedure, actor: &Actor, today: NaiveDate) -> Vec<ActionKind> {
    ActionKind::ALL
        .into_iter()
        .filter(|k| decide(p, actor, &probe(*k, today), today).is_ok())
        .collect()
}

/// The citizen's written answer arriving on `on` (from the portal): the integration asked for, or
/// observations on a 10-bis notice while their window is open — the moves an officer records for
/// an answer on paper, here the citizen's own act. `None`: the message answers nothing pending (it
/// is kept as a message all the same).
pub fn citizen_answer(p: &Procedure, text: &str, on: NaiveDate) -> Option<Outcome> {
    let action = match p.state {
        State::IntegrationRequested => Action::RecordIntegration {
            note: text.to_owned(),
            documents: Vec::new(),
        },
        State::NoticeSent if p.observations_on.is_none() => {
            let last_day = p.observation_last_day.or_else(|| {
                p.notice_sent_on
                    .map(|sent| sent + Days::new(OBSERVATION_DAYS))
            })?;
            if on > last_day {
                return None;
            }
            Action::RecordObservations {
                text: text.to_owned(),
                documents: Vec::new(),
            }
        }
        _ => return None,
    };
    decide_as_responsible(p, &action, on).ok()
}

impl Procedure {
    /// Performs a legal move decided by [`decide`].
    pub fn apply(&mut self, outcome: &Outcome, actor: &Actor, today: NaiveDate) {
        if outcome.becomes_assignee {
            self.assignee = Some(actor.id);
        }
        self.follow(outcome, today);
    }

    /// Performs a move that gives the procedure no new responsible officer (the citizen's answer,
    /// [`citizen_answer`]).
    pub fn follow(&mut self, outcome: &Outcome, today: NaiveDate) {
        self.state = outcome.to;
        match outcome.clock {
            Some(ClockChange::Start(SuspensionKind::Integration)) => self.integration_used = true,
            Some(ClockChange::Start(SuspensionKind::Notice10bis)) => {
                self.notice_sent_on = Some(today);
                self.notice_received_on = None;
                self.observations_on = None;
                self.observation_last_day = None;
            }
            Some(ClockChange::Answer(SuspensionKind::Notice10bis))
                if outcome.action == ActionKind::RecordObservations =>
            {
                self.observations_on = Some(today);
            }
            Some(ClockChange::NoticeReceived(on)) => self.notice_received_on = Some(on),
            _ => {}
        }
    }
}
