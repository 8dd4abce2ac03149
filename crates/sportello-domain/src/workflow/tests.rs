use super::*;
use crate::user::Role;
use proptest::prelude::*;

fn officer(id: i64) -> Actor {
    Actor {
        id,
        role: Role::Operatore,
        department: Some("demografici".into()),
        full_name: format!("Operatore {id}"),
    }
}

fn head() -> Actor {
    Actor {
        id: 100,
        role: Role::Responsabile,
        department: Some("demografici".into()),
        full_name: "Capo".into(),
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + chrono::Days::new(u64::from(d))
}

fn run(
    p: &mut Procedure,
    actor: &Actor,
    action: Action,
    today: NaiveDate,
) -> Result<Outcome, WorkflowError> {
    let o = decide(p, actor, &action, today)?;
    p.apply(&o, actor, today);
    Ok(o)
}

fn reason(s: &str) -> String {
    s.to_string()
}

#[test]
fn the_full_happy_path_with_integration() {
    let mut p = Procedure::new(true);
    let a = officer(1);
    run(&mut p, &a, Action::TakeInCharge, day(1)).unwrap();
    assert_eq!((p.state, p.assignee), (State::InReview, Some(1)));
    let o = run(
        &mut p,
        &a,
        Action::RequestIntegration {
            reason: reason("Manca il documento"),
        },
        day(2),
    )
    .unwrap();
    assert_eq!(
        o.clock,
        Some(ClockChange::Start(SuspensionKind::Integration))
    );
    run(
        &mut p,
        &a,
        Action::RecordIntegration {
            note: reason("Documento ricevuto"),
            documents: Vec::new(),
        },
        day(14),
    )
    .unwrap();
    let o = run(
        &mut p,
        &a,
        Action::Approve {
            reason: reason("Requisiti presenti"),
        },
        day(15),
    )
    .unwrap();
    assert_eq!(p.state, State::Approved);
    assert_eq!(
        o.registration,
        Some(Registration::Outgoing("Provvedimento di accoglimento"))
    );
}

#[test]
fn integration_can_be_requested_only_once() {
    let mut p = Procedure::new(true);
    let a = officer(1);
    run(&mut p, &a, Action::TakeInCharge, day(1)).unwrap();
    run(
        &mut p,
        &a,
        Action::RequestIntegration {
            reason: reason("a"),
        },
        day(2),
    )
    .unwrap();
    run(
        &mut p,
        &a,
        Action::RecordIntegration {
            note: reason("b"),
            documents: Vec::new(),
        },
        day(3),
    )
    .unwrap();
    let err = run(
        &mut p,
        &a,
        Action::RequestIntegration {
            reason: reason("c"),
        },
        day(4),
    )
    .unwrap_err();
    assert_eq!(err, WorkflowError::IntegrationAlreadyUsed);
}

#[test]
fn a_second_officer_cannot_take_a_taken_submission() {
    let mut p = Procedure::new(true);
    run(&mut p, &officer(1), Action::TakeInCharge, day(1)).unwrap();
    let before = p.clone();
    let err = run(&mut p, &officer(2), Action::TakeInCharge, day(1)).unwrap_err();
    assert_eq!(err, WorkflowError::AlreadyAssigned);
    assert_eq!(p, before);
    assert!(AppError::from(err).message.contains("già in carico"));
}

#[test]
fn approving_a_rejected_submission_is_refused() {
    let mut p = Procedure::new(false);
    let a = officer(1);
    run(&mut p, &a, Action::TakeInCharge, day(1)).unwrap();
    run(
        &mut p,
        &a,
        Action::Reject {
            reason: reason("Fuori graduatoria"),
        },
        day(2),
    )
    .unwrap();
    let err = run(
        &mut p,
        &a,
        Action::Approve {
            reason: reason("ok"),
        },
        day(3),
    )
    .unwrap_err();
    assert_eq!(
        err,
        WorkflowError::NotAllowed {
            action: "Accogli",
            state: "Respinta"
        }
    );
    assert_eq!(
        err.to_string(),
        "L'azione «Accogli» non è consentita per una pratica nello stato «Respinta»."
    );
}

#[test]
fn an_empty_reason_is_refused() {
    let mut p = Procedure::new(true);
    let a = officer(1);
    run(&mut p, &a, Action::TakeInCharge, day(1)).unwrap();
    let err = run(
        &mut p,
        &a,
        Action::Approve {
            reason: reason("   "),
        },
        day(2),
    )
    .unwrap_err();
    assert_eq!(err, WorkflowError::TextRequired);
    assert_eq!(p.state, State::InReview);
}

#[test]
fn rejection_needs_the_10bis_notice_and_an_answer_to_observations() {
    let mut p = Procedure::new(true);
    let a = officer(1);
    run(&mut p, &a, Action::TakeInCharge, day(1)).unwrap();
    assert_eq!(
        run(
            &mut p,
            &a,
            Action::Reject {
                reason: reason("x")
            },
            day(2)
        ),
        Err(WorkflowError::NoticeRequired)
    );
    run(
        &mut p,
        &a,
        Action::SendNotice {
            reason: reason("ISEE oltre soglia"),
        },
        day(2),
    )
    .unwrap();
    let early = run(
        &mut p,
        &a,
        Action::ConfirmRejection {
            reason: reason("x"),
            answer: String::new(),
        },
        day(5),
    );
    assert_eq!(
        early,
        Err(WorkflowError::ObservationWindowOpen("13/03/2026".into()))
    );
    run(
        &mut p,
        &a,
        Action::RecordObservations {
            text: reason("Allego nuovo ISEE"),
            documents: Vec::new(),
        },
        day(6),
    )
    .unwrap();
    assert_eq!(p.observations_on, Some(day(6)));
    let no_answer = run(
        &mut p,
        &a,
        Action::ConfirmRejection {
            reason: reason("x"),
            answer: " ".into(),
        },
        day(7),
    );
    assert_eq!(no_answer, Err(WorkflowError::AnswerRequired));
    run(
        &mut p,
        &a,
        Action::ConfirmRejection {
            reason: reason("x"),
            answer: reason("ISEE scaduto"),
        },
        day(7),
    )
    .unwrap();
    assert_eq!(p.state, State::Rejected);
}

#[test]
fn rejection_after_the_window_lapsed_without_observations() {
    let mut p = Procedure::new(true);
    let a = officer(1);
    let mut probe = Procedure {
        state: State::NoticeSent,
        assignee: Some(1),
        notice_sent_on: Some(day(2)),
        ..Procedure::new(true)
    };
    let last_day = Action::ConfirmRejection {
        reason: reason("x"),
        answer: String::new(),
    };
    // Day 12 is the tenth day after the notice: observations may still arrive.
    assert_eq!(
        run(&mut probe, &a, last_day, day(12)),
        Err(WorkflowError::ObservationWindowOpen("13/03/2026".into()))
    );
    run(&mut p, &a, Action::TakeInCharge, day(1)).unwrap();
    run(
        &mut p,
        &a,
        Action::SendNotice {
            reason: reason("x"),
        },
        day(2),
    )
    .unwrap();
    run(
        &mut p,
        &a,
        Action::ConfirmRejection {
            reason: reason("x"),
            answer: String::new(),
        },
        day(13),
    )
    .unwrap();
    assert_eq!(p.state, State::Rejected);
}

#[test]
fn only_the_responsible_officer_or_the_head_acts() {
    let mut p = Procedure::new(true);
    run(&mut p, &officer(1), Action::TakeInCharge, day(1)).unwrap();
    let err = run(
        &mut p,
        &officer(2),
        Action::Approve {
            reason: reason("x"),
        },
        day(2),
    )
    .unwrap_err();
    assert_eq!(err, WorkflowError::NotResponsible);
    run(
        &mut p,
        &head(),
        Action::Approve {
            reason: reason("Decido io"),
        },
        day(2),
    )
    .unwrap();
    assert_eq!(p.state, State::Approved);
}

#[test]
fn allowed_actions_follow_the_state() {
    let mut p = Procedure::new(true);
    let a = officer(1);
    assert_eq!(
        allowed_actions(&p, &a, day(1)),
        vec![ActionKind::TakeInCharge, ActionKind::RejectInadmissible]
    );
    run(&mut p, &a, Action::TakeInCharge, day(1)).unwrap();
    assert_eq!(
        allowed_actions(&p, &a, day(1)),
        vec![
            ActionKind::RequestIntegration,
            ActionKind::Approve,
            ActionKind::SendNotice,
            ActionKind::RejectInadmissible,
            ActionKind::Withdraw
        ]
    );
    assert!(allowed_actions(&p, &officer(2), day(1)).is_empty());
}

#[test]
fn only_the_responsible_officer_or_the_head_records_a_withdrawal() {
    let withdraw = || Action::Withdraw {
        note: reason("Rinuncia presentata allo sportello"),
    };
    // Unassigned: the head of the office is responsible (art. 5 c.2), not any officer.
    let p = Procedure::new(true);
    assert_eq!(
        decide(&p, &officer(1), &withdraw(), day(1)),
        Err(WorkflowError::NotResponsible)
    );
    assert!(decide(&p, &head(), &withdraw(), day(1)).is_ok());
    // Assigned: its officer and the head, not a colleague.
    let mut p = Procedure::new(true);
    run(&mut p, &officer(1), Action::TakeInCharge, day(1)).unwrap();
    assert!(decide(&p, &officer(1), &withdraw(), day(2)).is_ok());
    assert!(decide(&p, &head(), &withdraw(), day(2)).is_ok());
    assert_eq!(
        decide(&p, &officer(2), &withdraw(), day(2)),
        Err(WorkflowError::NotResponsible)
    );
}

fn any_action() -> impl Strategy<Value = Action> {
    let text = prop_oneof![Just(String::new()), Just("  ".to_string()), "[a-z ]{1,12}"];
    prop_oneof![
        Just(Action::TakeInCharge),
        text.clone()
            .prop_map(|reason| Action::RequestIntegration { reason }),
        text.clone().prop_map(|note| Action::RecordIntegration {
            note,
            documents: Vec::new(),
        }),
        text.clone().prop_map(|reason| Action::Approve { reason }),
        text.clone()
            .prop_map(|reason| Action::SendNotice { reason }),
        text.clone().prop_map(|text| Action::RecordObservations {
            text,
            documents: Vec::new(),
        }),
        text.clone()
            .prop_map(|reason| Action::ResumeReview { reason }),
        (0u64..40, text.clone()).prop_map(|(d, note)| Action::RecordNoticeReceipt {
            on: day(1) + chrono::Days::new(d),
            note,
        }),
        (text.clone(), text.clone())
            .prop_map(|(reason, answer)| Action::ConfirmRejection { reason, answer }),
        text.clone().prop_map(|reason| Action::Reject { reason }),
        text.clone()
            .prop_map(|reason| Action::RejectInadmissible { reason }),
        text.clone().prop_map(|note| Action::Withdraw { note }),
        text.prop_map(|reason| Action::Annul { reason }),
    ]
}

fn any_actor() -> impl Strategy<Value = Actor> {
    prop_oneof![Just(officer(1)), Just(officer(2)), Just(head())]
}

/// Every legal edge of the machine: (from, action, to).
fn legal_edge(from: State, kind: ActionKind, to: State) -> bool {
    use ActionKind as K;
    use State::*;
    matches!(
        (from, kind, to),
        (Received, K::TakeInCharge, InReview)
            | (_, K::TakeInCharge, _)
            | (InReview, K::RequestIntegration, IntegrationRequested)
            | (
                IntegrationRequested,
                K::RecordIntegration | K::ResumeReview,
                InReview
            )
            | (InReview, K::Approve, Approved)
            | (InReview, K::SendNotice, NoticeSent)
            | (
                NoticeSent,
                K::RecordObservations | K::RecordNoticeReceipt,
                NoticeSent
            )
            | (NoticeSent, K::ResumeReview, InReview)
            | (Approved | ApprovedBySilence, K::Annul, Annulled)
            | (NoticeSent, K::ConfirmRejection, Rejected)
            | (InReview, K::Reject, Rejected)
            | (Received | InReview, K::RejectInadmissible, Inadmissible)
            | (_, K::Withdraw, Withdrawn)
    ) && (kind != K::TakeInCharge || from == to || (from, to) == (Received, InReview))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn random_action_sequences_never_make_an_illegal_move(
        notice_applies in any::<bool>(),
        steps in proptest::collection::vec((any_actor(), any_action(), 0u32..4), 1..40),
    ) {
        let mut p = Procedure::new(notice_applies);
        let mut today = day(0);
        let mut integrations = 0;
        for (actor, action, advance) in steps {
            today = today + chrono::Days::new(u64::from(advance));
            let before = p.clone();
            if let Ok(o) = decide(&p, &actor, &action, today) {
                // Only an acceptance is ever reopened, and only by its self-annulment (art. 21-nonies).
                prop_assert!(!before.state.is_final() || o.action == ActionKind::Annul, "moved out of a final state");
                prop_assert!(legal_edge(before.state, o.action, o.to), "{:?} -{:?}-> {:?}", before.state, o.action, o.to);
                if let Some(text) = action.text() {
                    prop_assert!(!text.trim().is_empty(), "accepted a blank text");
                }
                if o.to == State::Rejected && o.action == ActionKind::Reject {
                    prop_assert!(!notice_applies);
                }
                if o.action == ActionKind::RequestIntegration {
                    integrations += 1;
                }
                p.apply(&o, &actor, today);
                prop_assert!(p.state == State::Received || p.state.is_final() || p.assignee.is_some());
            } else { prop_assert_eq!(&p, &before) }
        }
        prop_assert!(integrations <= 1, "integration requested {} times", integrations);
    }
}

#[test]
fn the_final_rejection_keeps_its_answer_to_the_observations() {
    let a = officer(1);
    let mut p = Procedure {
        state: State::NoticeSent,
        assignee: Some(1),
        notice_sent_on: Some(day(2)),
        ..Procedure::new(true)
    };
    run(
        &mut p,
        &a,
        Action::RecordObservations {
            text: reason("Allego ISEE"),
            documents: Vec::new(),
        },
        day(4),
    )
    .unwrap();
    let answer = Action::ConfirmRejection {
        reason: reason("ISEE oltre soglia"),
        answer: reason("Il nuovo ISEE è scaduto"),
    };
    let o = run(&mut p, &a, answer, day(5)).unwrap();
    assert_eq!(
        o.text.as_deref(),
        Some("ISEE oltre soglia\n\nRisposta alle osservazioni: Il nuovo ISEE è scaduto")
    );
}

#[test]
fn resuming_review_without_observations_ends_the_suspension() {
    let a = officer(1);
    let mut p = Procedure {
        state: State::NoticeSent,
        assignee: Some(1),
        notice_sent_on: Some(day(2)),
        ..Procedure::new(true)
    };
    let o = run(
        &mut p,
        &a,
        Action::ResumeReview {
            reason: reason("Requisito verificato d'ufficio"),
        },
        day(4),
    )
    .unwrap();
    assert_eq!(o.clock, Some(ClockChange::End(SuspensionKind::Notice10bis)));
    assert_eq!(p.state, State::InReview);
}

#[test]
fn the_final_rejection_waits_for_the_calendar_s_last_day() {
    let a = officer(1);
    let sent = NaiveDate::from_ymd_opt(2026, 3, 26).unwrap();
    let last = NaiveDate::from_ymd_opt(2026, 4, 7).unwrap();
    let mut p = Procedure {
        state: State::NoticeSent,
        assignee: Some(1),
        notice_sent_on: Some(sent),
        observation_last_day: Some(last),
        ..Procedure::new(true)
    };
    let reject = || Action::ConfirmRejection {
        reason: reason("x"),
        answer: String::new(),
    };
    assert_eq!(
        run(&mut p, &a, reject(), last),
        Err(WorkflowError::ObservationWindowOpen("07/04/2026".into()))
    );
    run(&mut p, &a, reject(), last.succ_opt().unwrap()).unwrap();
}

#[test]
fn the_citizens_answer_records_the_integration_or_the_observations_in_their_window() {
    let o = officer(1);
    let mut p = Procedure::new(true);
    run(&mut p, &o, Action::TakeInCharge, day(0)).unwrap();
    // Nothing pending: a message answers nothing.
    assert_eq!(citizen_answer(&p, "Buongiorno", day(1)), None);
    run(
        &mut p,
        &o,
        Action::RequestIntegration {
            reason: reason("Manca il contratto"),
        },
        day(1),
    )
    .unwrap();
    let answer = citizen_answer(&p, "Allego il contratto", day(4)).unwrap();
    assert_eq!(answer.action, ActionKind::RecordIntegration);
    assert_eq!(
        (answer.from, answer.to),
        (State::IntegrationRequested, State::InReview)
    );
    assert_eq!(
        answer.clock,
        Some(ClockChange::Answer(SuspensionKind::Integration))
    );
    assert_eq!(
        answer.registration,
        Some(Registration::Incoming("Integrazione documentale"))
    );
    p.follow(&answer, day(4));
    assert_eq!((p.state, p.assignee), (State::InReview, Some(1)));

    run(
        &mut p,
        &o,
        Action::SendNotice {
            reason: reason("Requisiti mancanti"),
        },
        day(5),
    )
    .unwrap();
    // The tenth day after the notice is the last one (no calendar given: day 15).
    assert_eq!(citizen_answer(&p, "Osservo che…", day(16)), None);
    let observations = citizen_answer(&p, "Osservo che…", day(15)).unwrap();
    assert_eq!(observations.action, ActionKind::RecordObservations);
    p.follow(&observations, day(15));
    assert_eq!(p.observations_on, Some(day(15)));
    // Observations once: a second message is a message.
    assert_eq!(citizen_answer(&p, "Aggiungo…", day(15)), None);
}
