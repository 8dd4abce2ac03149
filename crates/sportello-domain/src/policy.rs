//! Who may do what: the one place Sportello decides it.
//!
//! Every use case asks [`authorize`] (or mints a scope from it) before it reads or changes anything;
//! the workflow asks [`may_move`] who may make a move; nothing else in Sportello looks at a role. The
//! answer depends on the principal, the permission, and — for a submission — its department, its
//! state and its responsible officer. The table in `policy/tests.rs` is the readable version a
//! Comune's secretary can check, one row per case.
//!
//! Scopes ([`DepartmentScope`], [`RegisterScope`], [`AdminScope`]) are capabilities: only this module
//! makes them, and the store's functions that touch citizen data, the register or the users take one,
//! so a caller that skipped the check does not compile.

use crate::user::{Actor, Role};
use crate::workflow::{ActionKind, State};
use crate::{AppError, ErrorCode};

/// Who acts: a logged-in user, or Sportello itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    User(Actor),
    /// The installation acting without a user: the portal sync, the timed legal effects, and IT's
    /// command line on the machine that holds the embedded database (setup and maintenance).
    System,
}

/// What a principal asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// The department's queue and counts.
    ViewQueue,
    /// One submission whole, with its history (the read is logged).
    ViewSubmission,
    /// A submission typed in at the counter for a service of the department.
    EnterAtCounter,
    /// A workflow move on a submission (the workflow also checks the state).
    Move(ActionKind),
    /// Assigning, reassigning or releasing a submission.
    Assign,
    /// The department's officers, to choose an assignee.
    ListOfficers,
    /// The certificates a submission produced, and their PDFs.
    ViewCertificates,
    /// Signing and issuing the certificates of approved requests.
    IssueCertificates,
    ReissueCertificate,
    AnnulCertificate,
    /// The protocol register, whole.
    ViewRegister,
    AnnulRegistration,
    /// Checking a document someone brings (signature and register).
    VerifyDocument,
    /// The services and departments.
    ViewCatalogue,
    /// The signing device the batch would use.
    ViewSigningDevice,
    ManageUsers,
    /// The Comune's settings (identity, signing device, holidays).
    Configure,
    /// A submission arriving from the portal (or the demo loader), registered at intake.
    ReceiveSubmission,
    /// Checking the audit trail's chain (administrators, and the records manager who answers for
    /// the register it anchors).
    VerifyAudit,
    /// Removing audit entries past their retention, behind a checkpoint.
    PruneAudit,
    /// Choosing a new password for oneself (required after a one-time password).
    ChangeOwnPassword,
    /// Running the portal link: reading the portal, ingesting, delivering (the System only).
    SyncPortal,
    /// Applying what terms produce by themselves: lapsed integration requests, silence-consent
    /// (the System only: the scheduler, under its lease).
    ApplyTimedEffects,
    /// The link's state: runs, deliveries waiting or failed, the quarantine (administrators).
    ViewSync,
    /// Retrying a failed delivery or a quarantined application (administrators).
    RetrySync,
    /// Talking with the citizen about a submission: recording a phone call, e-mail or visit,
    /// marking a callback done, writing a message through the portal.
    RecordContact,
}

/// What the permission is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// Nothing in particular (the register, the users, the settings).
    Comune,
    /// A department's work as a whole (its queue, its counter, its batch).
    Department(&'a str),
    /// One submission.
    Submission(SubmissionFacts<'a>),
}

/// The parts of a submission the policy looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubmissionFacts<'a> {
    pub department: &'a str,
    pub state: State,
    /// The responsible officer (RdP), if any.
    pub assignee: Option<i64>,
}

/// A refusal: the Italian message the officer reads and whether the thing is even visible.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denial {
    /// Another department's submission: it is not revealed that it exists.
    #[error("La pratica richiesta non esiste o non è visibile per il proprio ufficio.")]
    NotVisible,
    #[error("{0}")]
    Forbidden(&'static str),
}

impl From<Denial> for AppError {
    fn from(d: Denial) -> Self {
        let code = match d {
            Denial::NotVisible => ErrorCode::NotFound,
            Denial::Forbidden(_) => ErrorCode::Forbidden,
        };
        AppError::new(code, d.to_string())
    }
}

const NO_CITIZEN_DATA: &str = "Il proprio profilo non dà accesso alle pratiche dei cittadini.";
const HEAD_ONLY: &str = "Solo il responsabile dell'ufficio può eseguire questa operazione.";
const SIGN_HEAD_ONLY: &str = "Solo il responsabile dell'ufficio firma e rilascia i certificati.";
const RECORDS_ONLY: &str =
    "Il registro di protocollo è tenuto dal responsabile della gestione documentale.";
const ANNUL_CERTIFICATE: &str = "Solo il responsabile dell'ufficio o il responsabile della gestione documentale possono annullare un certificato.";
const ADMIN_ONLY: &str = "Funzione riservata agli amministratori.";
const AUDIT_ONLY: &str =
    "La verifica del registro di controllo è riservata agli amministratori e al responsabile della gestione documentale.";
const NOT_RESPONSIBLE: &str =
    "Solo il responsabile del procedimento o il responsabile dell'ufficio può eseguire questa azione.";
const CLOSED: &str = "Una pratica conclusa non si può assegnare.";
const SYSTEM_ONLY: &str = "Operazione riservata al collegamento con il portale.";
const USERS_ONLY: &str = "Operazione riservata agli utenti che hanno effettuato l'accesso.";
const TIMED_ONLY: &str =
    "Gli effetti dei termini di legge sono applicati da Sportello stesso, non da un utente.";

/// Whether `role` works on citizens' submissions at all.
pub fn works_on_submissions(role: Role) -> bool {
    role.has_department()
}

/// Whether `actor` answers for a submission with this assignee: its responsible officer, or a head of
/// department (who may override, stating a reason in the move's text).
pub fn is_responsible(actor: &Actor, assignee: Option<i64>) -> bool {
    assignee == Some(actor.id) || actor.role == Role::Responsabile
}

/// Who may make a workflow move, in the department the caller has already checked. The workflow asks
/// this before the state-specific rules.
pub fn may_move(actor: &Actor, kind: ActionKind, state: State, assignee: Option<i64>) -> bool {
    if !works_on_submissions(actor.role) {
        return false;
    }
    match kind {
        // Anyone of the office may take a submission. The citizen's withdrawal (a renunciation that
        // closes the procedure) is recorded by the responsible officer or the head, like any
        // other decisive move (the portal's own withdrawals are the link's, as the System).
        ActionKind::TakeInCharge => true,
        // A new, unassigned submission may be found inadmissible by anyone of the office.
        ActionKind::RejectInadmissible if state == State::Received && assignee.is_none() => true,
        _ => is_responsible(actor, assignee),
    }
}

/// The one answer to "may `who` do `permission` on `target`?".
pub fn authorize(
    who: &Principal,
    permission: Permission,
    target: Target<'_>,
) -> Result<(), Denial> {
    use Permission as P;
    let actor = match who {
        Principal::System => return system(permission),
        Principal::User(actor) => actor,
    };
    match permission {
        P::VerifyDocument | P::ViewCatalogue | P::ViewSigningDevice | P::ChangeOwnPassword => {
            Ok(())
        }
        P::ViewRegister | P::AnnulRegistration => role_is(actor, Role::Protocollo, RECORDS_ONLY),
        P::ManageUsers | P::Configure | P::PruneAudit | P::ViewSync | P::RetrySync => {
            role_is(actor, Role::Amministratore, ADMIN_ONLY)
        }
        P::SyncPortal => Err(Denial::Forbidden(SYSTEM_ONLY)),
        P::ApplyTimedEffects => Err(Denial::Forbidden(TIMED_ONLY)),
        P::VerifyAudit if matches!(actor.role, Role::Amministratore | Role::Protocollo) => Ok(()),
        P::VerifyAudit => Err(Denial::Forbidden(AUDIT_ONLY)),
        P::ReceiveSubmission => Err(Denial::Forbidden(SYSTEM_ONLY)),
        P::AnnulCertificate if actor.role == Role::Protocollo => Ok(()),
        _ => in_department(actor, permission, target),
    }
}

fn system(permission: Permission) -> Result<(), Denial> {
    match permission {
        Permission::ReceiveSubmission
        | Permission::SyncPortal
        | Permission::ApplyTimedEffects
        | Permission::ViewSync
        | Permission::RetrySync
        | Permission::ManageUsers
        | Permission::Configure
        | Permission::VerifyAudit
        | Permission::PruneAudit => Ok(()),
        Permission::ViewCatalogue | Permission::VerifyDocument | Permission::ViewSigningDevice => {
            Ok(())
        }
        _ => Err(Denial::Forbidden(USERS_ONLY)),
    }
}

fn role_is(actor: &Actor, role: Role, refusal: &'static str) -> Result<(), Denial> {
    if actor.role == role {
        Ok(())
    } else {
        Err(Denial::Forbidden(refusal))
    }
}

/// Permissions on a department's work: the user must belong to it, then each permission its rule.
fn in_department(actor: &Actor, permission: Permission, target: Target<'_>) -> Result<(), Denial> {
    use Permission as P;
    let Some(own) = actor
        .department
        .as_deref()
        .filter(|_| works_on_submissions(actor.role))
    else {
        return Err(Denial::Forbidden(match permission {
            P::AnnulCertificate => ANNUL_CERTIFICATE,
            _ => NO_CITIZEN_DATA,
        }));
    };
    let facts = match target {
        Target::Department(d) if d == own => None,
        Target::Submission(f) if f.department == own => Some(f),
        Target::Submission(_) => return Err(Denial::NotVisible),
        Target::Department(_) | Target::Comune => return Err(Denial::Forbidden(NO_CITIZEN_DATA)),
    };
    let head = actor.role == Role::Responsabile;
    match (permission, facts) {
        (
            P::ViewQueue
            | P::ViewSubmission
            | P::EnterAtCounter
            | P::ListOfficers
            | P::RecordContact,
            _,
        ) => Ok(()),
        (P::ViewCertificates, _) => Ok(()),
        (P::IssueCertificates | P::ReissueCertificate, _) if !head => {
            Err(Denial::Forbidden(SIGN_HEAD_ONLY))
        }
        (P::IssueCertificates | P::ReissueCertificate, _) => Ok(()),
        (P::AnnulCertificate, _) if !head => Err(Denial::Forbidden(ANNUL_CERTIFICATE)),
        (P::AnnulCertificate, _) => Ok(()),
        (P::Assign, _) if !head => Err(Denial::Forbidden(HEAD_ONLY)),
        (P::Assign, Some(f)) if f.state.is_final() => Err(Denial::Forbidden(CLOSED)),
        (P::Assign, _) => Ok(()),
        (P::Move(kind), Some(f)) if !may_move(actor, kind, f.state, f.assignee) => {
            Err(Denial::Forbidden(NOT_RESPONSIBLE))
        }
        (P::Move(_), Some(_)) => Ok(()),
        (P::Move(_), None) => Err(Denial::Forbidden(NOT_RESPONSIBLE)),
        (
            P::VerifyDocument
            | P::ViewCatalogue
            | P::ViewSigningDevice
            | P::ViewRegister
            | P::AnnulRegistration
            | P::ManageUsers
            | P::Configure
            | P::ReceiveSubmission
            | P::VerifyAudit
            | P::PruneAudit
            | P::ChangeOwnPassword
            | P::SyncPortal
            | P::ApplyTimedEffects
            | P::ViewSync
            | P::RetrySync,
            _,
        ) => Err(Denial::Forbidden(NO_CITIZEN_DATA)),
    }
}

/// The right to work on one department's submissions, as an officer or a head of it. The store's
/// functions on submissions take one; [`DepartmentScope::check`] asks the policy about each record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentScope {
    actor: Actor,
    department: String,
}

impl DepartmentScope {
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn department(&self) -> &str {
        &self.department
    }

    /// May this scope's user do `permission` on a submission with these facts?
    pub fn check(&self, permission: Permission, facts: SubmissionFacts<'_>) -> Result<(), Denial> {
        let who = Principal::User(self.actor.clone());
        authorize(&who, permission, Target::Submission(facts))
    }

    /// May this scope's user do `permission` on the department's work as a whole, or on the work of
    /// `department` (e.g. the department a counter service belongs to)?
    pub fn require(&self, permission: Permission, department: Option<&str>) -> Result<(), Denial> {
        let who = Principal::User(self.actor.clone());
        let department = department.unwrap_or(&self.department);
        authorize(&who, permission, Target::Department(department))
    }

    /// The same question, as a yes/no for the UI (which buttons to show).
    pub fn allows(&self, permission: Permission, facts: SubmissionFacts<'_>) -> bool {
        self.check(permission, facts).is_ok()
    }
}

/// Authorizes `permission` on `who`'s own department and returns the scope to do it in.
pub fn department_scope(
    who: &Principal,
    permission: Permission,
) -> Result<DepartmentScope, Denial> {
    let Principal::User(actor) = who else {
        return Err(Denial::Forbidden(USERS_ONLY));
    };
    let department = actor
        .department
        .as_deref()
        .filter(|_| works_on_submissions(actor.role))
        .ok_or(Denial::Forbidden(NO_CITIZEN_DATA))?;
    authorize(who, permission, Target::Department(department))?;
    Ok(DepartmentScope {
        actor: actor.clone(),
        department: department.to_string(),
    })
}

/// The right to read and annul in the protocol register, or to annul a certificate's registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterScope {
    actor: Actor,
}

impl RegisterScope {
    pub fn actor(&self) -> &Actor {
        &self.actor
    }
}

/// Authorizes `permission` on the register (or on one certificate's registration).
pub fn register_scope(
    who: &Principal,
    permission: Permission,
    target: Target<'_>,
) -> Result<RegisterScope, Denial> {
    let Principal::User(actor) = who else {
        return Err(Denial::Forbidden(USERS_ONLY));
    };
    authorize(who, permission, target)?;
    Ok(RegisterScope {
        actor: actor.clone(),
    })
}

/// The right to manage users and settings: an administrator, or the installation itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminScope {
    by: Option<Actor>,
}

impl AdminScope {
    /// The administrator acting, or `None` for the installation (IT's command line).
    pub fn by(&self) -> Option<&Actor> {
        self.by.as_ref()
    }
}

pub fn admin_scope(who: &Principal, permission: Permission) -> Result<AdminScope, Denial> {
    authorize(who, permission, Target::Comune)?;
    Ok(AdminScope {
        by: match who {
            Principal::User(a) => Some(a.clone()),
            Principal::System => None,
        },
    })
}

/// The right to check (or prune) the audit trail: its own capability, so it can never stand in for
/// the right to manage users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditScope {
    by: Option<Actor>,
}

impl AuditScope {
    /// Who checks, or `None` for the installation (IT's command line).
    pub fn by(&self) -> Option<&Actor> {
        self.by.as_ref()
    }
}

/// `VerifyAudit` or `PruneAudit`; any other permission is refused.
pub fn audit_scope(who: &Principal, permission: Permission) -> Result<AuditScope, Denial> {
    if !matches!(permission, Permission::VerifyAudit | Permission::PruneAudit) {
        return Err(Denial::Forbidden(AUDIT_ONLY));
    }
    authorize(who, permission, Target::Comune)?;
    Ok(AuditScope {
        by: match who {
            Principal::User(a) => Some(a.clone()),
            Principal::System => None,
        },
    })
}

/// The right to register what arrives from outside (the portal, the demo loader).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntakeScope(());

pub fn intake_scope(who: &Principal) -> Result<IntakeScope, Denial> {
    authorize(who, Permission::ReceiveSubmission, Target::Comune)?;
    Ok(IntakeScope(()))
}

/// The right to apply the timed legal effects (the scheduler, as the System).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedScope(());

pub fn timed_scope(who: &Principal) -> Result<TimedScope, Denial> {
    authorize(who, Permission::ApplyTimedEffects, Target::Comune)?;
    Ok(TimedScope(()))
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::IntakeScope {}
    impl Sealed for super::TimedScope {}
}

/// The System's work that holds a lease in the database, so that one workstation or service does
/// it at a time: the portal link, the scheduler.
pub trait SystemWork: sealed::Sealed {}
impl SystemWork for IntakeScope {}
impl SystemWork for TimedScope {}

#[cfg(test)]
mod tests;
