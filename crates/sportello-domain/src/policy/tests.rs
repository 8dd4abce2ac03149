//! The policy as a table: every principal × permission × state × own or other department × responsible
//! officer or not. Each expected row is written out by hand; the test fails on any cell that differs.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::workflow::ActionKind as K;

const OWN: &str = "demografici";
const OTHER: &str = "sociali";
/// The responsible officer (assignee) of the assigned submissions below.
const RDP: i64 = 1;

fn user(id: i64, role: Role, department: Option<&str>) -> Principal {
    Principal::User(Actor {
        id,
        role,
        department: department.map(str::to_string),
        full_name: format!("Utente {id}"),
    })
}

/// The columns of every table, in order.
fn principals() -> [(&'static str, Principal); 6] {
    [
        ("operatore RdP", user(RDP, Role::Operatore, Some(OWN))),
        ("altro operatore", user(2, Role::Operatore, Some(OWN))),
        ("responsabile", user(3, Role::Responsabile, Some(OWN))),
        ("protocollo", user(4, Role::Protocollo, None)),
        ("amministratore", user(5, Role::Amministratore, None)),
        ("sistema", Principal::System),
    ]
}

/// `Y` allowed, `N` forbidden, `H` hidden (another department's: "not found").
fn cell(result: Result<(), Denial>) -> char {
    match result {
        Ok(()) => 'Y',
        Err(Denial::NotVisible) => 'H',
        Err(Denial::Forbidden(_)) => 'N',
    }
}

fn check_row(label: &str, expected: &str, ask: impl Fn(&Principal) -> Result<(), Denial>) {
    let got = principals()
        .iter()
        .map(|(_, p)| cell(ask(p)).to_string())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(
        got,
        expected,
        "{label}\n columns: {:?}",
        principals().map(|(n, _)| n)
    );
}

/// The submissions the table asks about: (label, state, assignee).
const SUBMISSIONS: [(&str, State, Option<i64>); 4] = [
    ("new, unassigned", State::Received, None),
    ("new, assigned to the RdP", State::Received, Some(RDP)),
    ("in review by the RdP", State::InReview, Some(RDP)),
    ("approved (closed)", State::Approved, Some(RDP)),
];

/// (permission, expected for each submission of [`SUBMISSIONS`] in the own department).
/// Columns: operatore RdP, altro operatore, responsabile, protocollo, amministratore, sistema.
fn own_department_table() -> Vec<(Permission, [&'static str; 4])> {
    use Permission as P;
    let everyone_in_office = "Y Y Y N N N";
    let all4 = |s| [s, s, s, s];
    vec![
        (P::ViewSubmission, all4(everyone_in_office)),
        (P::ViewCertificates, all4(everyone_in_office)),
        (P::Move(K::TakeInCharge), all4(everyone_in_office)),
        // The citizen's withdrawal is recorded by the responsible officer or the head.
        (
            P::Move(K::Withdraw),
            ["N N Y N N N", "Y N Y N N N", "Y N Y N N N", "Y N Y N N N"],
        ),
        (
            P::Move(K::RejectInadmissible),
            ["Y Y Y N N N", "Y N Y N N N", "Y N Y N N N", "Y N Y N N N"],
        ),
        (
            P::Move(K::Approve),
            ["N N Y N N N", "Y N Y N N N", "Y N Y N N N", "Y N Y N N N"],
        ),
        (
            P::Move(K::RequestIntegration),
            ["N N Y N N N", "Y N Y N N N", "Y N Y N N N", "Y N Y N N N"],
        ),
        (
            P::Move(K::RecordObservations),
            ["N N Y N N N", "Y N Y N N N", "Y N Y N N N", "Y N Y N N N"],
        ),
        (
            P::Move(K::ConfirmRejection),
            ["N N Y N N N", "Y N Y N N N", "Y N Y N N N", "Y N Y N N N"],
        ),
        (
            P::Assign,
            ["N N Y N N N", "N N Y N N N", "N N Y N N N", "N N N N N N"],
        ),
        (P::ReissueCertificate, all4("N N Y N N N")),
        (P::AnnulCertificate, all4("N N Y Y N N")),
        (P::ViewRegister, all4("N N N Y N N")),
        (P::ManageUsers, all4("N N N N Y Y")),
        (P::ChangeOwnPassword, all4("Y Y Y Y Y N")),
        // The portal link runs as the System; administrators watch it and retry what failed.
        (P::SyncPortal, all4("N N N N N Y")),
        (P::ViewSync, all4("N N N N Y Y")),
        // Anyone of the office records a call and a callback, whoever the submission's RdP.
        (P::RecordContact, all4(everyone_in_office)),
        (P::RetrySync, all4("N N N N Y Y")),
    ]
}

#[test]
fn submissions_of_the_own_department() {
    for (permission, expected) in own_department_table() {
        for ((label, state, assignee), row) in SUBMISSIONS.iter().zip(expected) {
            let facts = SubmissionFacts {
                department: OWN,
                state: *state,
                assignee: *assignee,
            };
            check_row(&format!("{permission:?} on {label}"), row, |p| {
                authorize(p, permission, Target::Submission(facts))
            });
        }
    }
}

#[test]
fn another_departments_submissions_are_hidden_from_its_officers() {
    use Permission as P;
    let table = [
        (P::ViewSubmission, "H H H N N N"),
        (P::Move(K::TakeInCharge), "H H H N N N"),
        (P::Move(K::Approve), "H H H N N N"),
        (P::Assign, "H H H N N N"),
        (P::ViewCertificates, "H H H N N N"),
        (P::ReissueCertificate, "H H H N N N"),
        // The records manager annuls any department's certificate; a head only their own.
        (P::AnnulCertificate, "H H H Y N N"),
    ];
    for (permission, row) in table {
        for (label, state, _) in SUBMISSIONS {
            // Even assigned to "our" RdP id, another department's record stays hidden.
            let facts = SubmissionFacts {
                department: OTHER,
                state,
                assignee: Some(RDP),
            };
            check_row(&format!("{permission:?} on other {label}"), row, |p| {
                authorize(p, permission, Target::Submission(facts))
            });
        }
    }
}

#[test]
fn department_wide_and_comune_wide_permissions() {
    use Permission as P;
    let department = [
        (P::ViewQueue, "Y Y Y N N N"),
        (P::EnterAtCounter, "Y Y Y N N N"),
        (P::ListOfficers, "Y Y Y N N N"),
        (P::IssueCertificates, "N N Y N N N"),
    ];
    for (permission, row) in department {
        check_row(&format!("{permission:?} on own department"), row, |p| {
            authorize(p, permission, Target::Department(OWN))
        });
        check_row(
            &format!("{permission:?} on another department"),
            "N N N N N N",
            |p| authorize(p, permission, Target::Department(OTHER)),
        );
    }
    let comune = [
        (P::ViewRegister, "N N N Y N N"),
        (P::AnnulRegistration, "N N N Y N N"),
        (P::ManageUsers, "N N N N Y Y"),
        (P::Configure, "N N N N Y Y"),
        (P::VerifyAudit, "N N N Y Y Y"),
        (P::PruneAudit, "N N N N Y Y"),
        (P::VerifyDocument, "Y Y Y Y Y Y"),
        (P::ViewCatalogue, "Y Y Y Y Y Y"),
        (P::ViewSigningDevice, "Y Y Y Y Y Y"),
        (P::ReceiveSubmission, "N N N N N Y"),
        // Lapses and silence-consent are the law's effects, applied by the scheduler alone.
        (P::ApplyTimedEffects, "N N N N N Y"),
        (P::ViewQueue, "N N N N N N"),
    ];
    for (permission, row) in comune {
        check_row(&format!("{permission:?} on the Comune"), row, |p| {
            authorize(p, permission, Target::Comune)
        });
    }
}

#[test]
fn scopes_are_minted_only_for_who_may_hold_them() {
    let [(_, rdp), _, (_, head), (_, records), (_, admin), (_, system)] = principals();
    let scope = department_scope(&rdp, Permission::ViewQueue).unwrap();
    assert_eq!(scope.department(), OWN);
    assert!(department_scope(&records, Permission::ViewQueue).is_err());
    assert!(department_scope(&admin, Permission::ViewQueue).is_err());
    assert!(department_scope(&system, Permission::ViewQueue).is_err());
    assert!(department_scope(&rdp, Permission::IssueCertificates).is_err());
    assert!(department_scope(&head, Permission::IssueCertificates).is_ok());
    assert!(register_scope(&records, Permission::ViewRegister, Target::Comune).is_ok());
    assert!(register_scope(&admin, Permission::ViewRegister, Target::Comune).is_err());
    assert!(admin_scope(&admin, Permission::ManageUsers).is_ok());
    assert_eq!(
        admin_scope(&system, Permission::Configure).unwrap().by(),
        None
    );
    assert!(admin_scope(&head, Permission::ManageUsers).is_err());
    assert!(intake_scope(&system).is_ok());
    assert!(intake_scope(&head).is_err());
}

#[test]
fn a_scope_checks_each_record_against_its_department() {
    let [(_, rdp), ..] = principals();
    let scope = department_scope(&rdp, Permission::ViewSubmission).unwrap();
    let mine = SubmissionFacts {
        department: OWN,
        state: State::InReview,
        assignee: Some(RDP),
    };
    let theirs = SubmissionFacts {
        department: OTHER,
        ..mine
    };
    assert!(scope.allows(Permission::Move(K::Approve), mine));
    assert_eq!(
        scope.check(Permission::ViewSubmission, theirs),
        Err(Denial::NotVisible)
    );
    let error = AppError::from(scope.check(Permission::ViewSubmission, theirs).unwrap_err());
    assert_eq!(error.code, ErrorCode::NotFound);
}
