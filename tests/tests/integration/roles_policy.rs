//! Shared mode: what the server's grants say, compared with the application's policy and workflow;
//! what a read outside the app leaves in the server's log; and what another Comune's user on the
//! same cluster sees (migration 0010). PostgreSQL only.

use std::collections::BTreeSet;
use std::str::FromStr;

use sportello_domain::policy::{self, Permission, Principal, SubmissionFacts, Target};
use sportello_domain::user::{Actor, Role};
use sportello_domain::workflow::{self, Action, ActionKind, Procedure, State};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Executor, PgConnection};

use crate::helpers::{day, TestDb};
use crate::roles::{count, Server, PASSWORD};

/// What each permission needs of the database, for the comparison below.
fn needs(permission: Permission) -> &'static [(&'static str, &'static str)] {
    match permission {
        Permission::ViewQueue | Permission::ViewSubmission => &[
            ("submissions", "SELECT"),
            ("history", "SELECT"),
            ("attachments", "SELECT"),
            ("blobs", "SELECT"),
            ("documents", "SELECT"),
        ],
        Permission::EnterAtCounter => &[
            ("submissions", "INSERT"),
            ("attachments", "INSERT"),
            ("blobs", "INSERT"),
        ],
        Permission::Move(_) | Permission::Assign => {
            &[("submissions", "UPDATE"), ("history", "INSERT")]
        }
        Permission::IssueCertificates | Permission::ReissueCertificate => {
            &[("certificates", "INSERT")]
        }
        // An annulment writes the submission's history row too.
        Permission::AnnulRegistration | Permission::AnnulCertificate => {
            &[("protocol_annulments", "INSERT"), ("history", "INSERT")]
        }
        Permission::ViewRegister | Permission::VerifyDocument => &[
            ("protocol_registrations", "SELECT"),
            ("certificates", "SELECT"),
        ],
        Permission::ManageUsers => &[("users", "INSERT")],
        Permission::Configure => &[("settings", "UPDATE")],
        Permission::VerifyAudit => &[("audit_log", "SELECT")],
        Permission::PruneAudit => &[("audit_log", "DELETE")],
        // The quarantine holds unread citizens' data: administrators only.
        Permission::ViewSync => &[("portal_quarantine", "SELECT")],
        Permission::RetrySync => &[("outbox", "UPDATE")],
        Permission::RecordContact => &[("contacts", "INSERT")],
        Permission::ReceiveSubmission
        | Permission::ViewCatalogue
        | Permission::ViewSigningDevice
        | Permission::ListOfficers
        | Permission::ViewCertificates
        // Through the server's own function (sportello_change_own_password), not a table grant.
        | Permission::ChangeOwnPassword
        // The link's and the scheduler's own role (sportello_system), never a user's.
        | Permission::SyncPortal
        | Permission::ApplyTimedEffects => &[],
    }
}

const PERMISSIONS: [Permission; 25] = [
    Permission::ViewQueue,
    Permission::ViewSubmission,
    Permission::EnterAtCounter,
    Permission::Move(ActionKind::Approve),
    Permission::Assign,
    Permission::ListOfficers,
    Permission::ViewCertificates,
    Permission::IssueCertificates,
    Permission::ReissueCertificate,
    Permission::AnnulCertificate,
    Permission::ViewRegister,
    Permission::AnnulRegistration,
    Permission::VerifyDocument,
    Permission::ViewCatalogue,
    Permission::ViewSigningDevice,
    Permission::ManageUsers,
    Permission::Configure,
    Permission::ReceiveSubmission,
    Permission::VerifyAudit,
    Permission::PruneAudit,
    Permission::Move(ActionKind::TakeInCharge),
    Permission::SyncPortal,
    Permission::ViewSync,
    Permission::RetrySync,
    Permission::RecordContact,
];

/// For every role: a table privilege the server grants exactly when the policy grants a permission
/// that needs it (on the user's own department).
#[tokio::test]
async fn the_servers_grants_agree_with_the_policy() {
    let Some(server) = Server::new().await else {
        return;
    };
    let universe: BTreeSet<(&str, &str)> = PERMISSIONS
        .iter()
        .flat_map(|p| needs(*p).iter().copied())
        .collect();
    let mut conn = server.connect(&server.admin).await;
    for who in [
        &server.officer,
        &server.head,
        &server.records,
        &server.admin,
    ] {
        let principal = Principal::User(who.clone());
        let own = who.department.as_deref().unwrap_or("demografici");
        // A move is asked about a submission: one of the department, in review, theirs.
        let target = |p: Permission| match p {
            Permission::Move(_) => Target::Submission(SubmissionFacts {
                department: own,
                state: State::InReview,
                assignee: Some(who.id),
            }),
            _ => Target::Department(own),
        };
        let expected: BTreeSet<(&str, &str)> = PERMISSIONS
            .iter()
            .filter(|p| policy::authorize(&principal, **p, target(**p)).is_ok())
            .flat_map(|p| needs(*p).iter().copied())
            .collect();
        let login = server.login(who).await;
        for (table, privilege) in &universe {
            // Column grants count (history's `tx` and the users' password hash are left out).
            let granted: bool = sqlx::query_scalar(
                "SELECT CASE WHEN $3 = 'DELETE' THEN has_table_privilege($1, $2, $3)
                        ELSE has_any_column_privilege($1, $2, $3) END",
            )
            .bind(&login)
            .bind(table)
            .bind(privilege)
            .fetch_one(&mut conn)
            .await
            .unwrap();
            assert_eq!(
                granted,
                expected.contains(&(table, privilege)),
                "{:?}: {privilege} on {table}",
                who.role
            );
        }
    }
}

/// The server's list of legal moves is the domain's workflow, explored move by move.
#[tokio::test]
async fn the_servers_workflow_is_the_domains() {
    let Some(server) = Server::new().await else {
        return;
    };
    let head = Actor {
        id: 1,
        role: Role::Responsabile,
        department: Some("demografici".into()),
        full_name: "x".into(),
    };
    let actions = [
        Action::TakeInCharge,
        Action::RequestIntegration { reason: "r".into() },
        Action::RecordIntegration {
            note: "n".into(),
            documents: Vec::new(),
        },
        Action::Approve { reason: "r".into() },
        Action::SendNotice { reason: "r".into() },
        Action::RecordObservations {
            text: "t".into(),
            documents: Vec::new(),
        },
        Action::ResumeReview { reason: "r".into() },
        Action::ConfirmRejection {
            reason: "r".into(),
            answer: "a".into(),
        },
        Action::Reject { reason: "r".into() },
        Action::RejectInadmissible { reason: "r".into() },
        Action::Withdraw { note: "n".into() },
        Action::RecordNoticeReceipt {
            on: day(2026, 1, 3),
            note: "n".into(),
        },
        Action::Annul { reason: "r".into() },
    ];
    let mut domain = BTreeSet::new();
    for state in State::ALL {
        for notice_applies in [false, true] {
            for observations in [false, true] {
                let mut p = Procedure::new(notice_applies);
                p.state = state;
                p.assignee = Some(head.id);
                p.notice_sent_on = Some(day(2026, 1, 2));
                p.observations_on = observations.then(|| day(2026, 1, 5));
                for action in &actions {
                    if let Ok(o) = workflow::decide(&p, &head, action, day(2026, 3, 1)) {
                        if o.from != o.to {
                            domain.insert((o.from.as_str().to_string(), o.to.as_str().to_string()));
                        }
                    }
                }
            }
        }
    }
    // The law's own effects, applied by the scheduler (lapse, silence-consent).
    for state in State::ALL {
        let mut p = Procedure::new(false);
        p.state = state;
        p.silence_deadline = Some(day(2026, 1, 10));
        if let Some(due) = workflow::due_effect(&p, Some(day(2026, 1, 2)), day(2026, 3, 1)) {
            domain.insert((due.from.as_str().to_string(), due.to.as_str().to_string()));
        }
    }
    let pool = server.db.store.raw().postgres_pool().unwrap();
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT from_state, to_state FROM workflow_transitions")
            .fetch_all(pool)
            .await
            .unwrap();
    let table: BTreeSet<(String, String)> = rows.into_iter().collect();
    assert_eq!(table, domain);
}

/// Reads made outside the app leave a trace in the server's log (pgaudit, `pgaudit.role`).
#[tokio::test]
async fn a_read_outside_the_app_is_in_the_servers_log() {
    let Some(server) = Server::new().await else {
        return;
    };
    let Ok(log) = std::env::var("SPORTELLO_TEST_PG_LOG") else {
        panic!("SPORTELLO_TEST_PG_LOG is not set: scripts/test starts the server with pgaudit");
    };
    let mut conn = server.connect(&server.stranger).await;
    let marker = format!("sportello_probe_{}", std::process::id());
    conn.execute(format!("SELECT fiscal_code AS {marker} FROM submissions").as_str())
        .await
        .unwrap();
    let login = server.login(&server.stranger).await;
    let text = std::fs::read_to_string(log).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains(&marker) && l.contains("AUDIT: OBJECT"));
    let line = line.unwrap_or_else(|| panic!("no pgaudit line for the read by {login}"));
    assert!(line.contains("public.submissions"), "{line}");
    // log_line_prefix names the user (scripts/lib.sh, as docs/deploy-server.md sets it).
    assert!(line.contains(&format!("{login}@")), "{line}");
}

/// Many Comuni on one cluster: a login role of one Comune's database, connecting to another's,
/// reads nothing there (every policy asks for a user of *this* database).
#[tokio::test]
async fn a_user_of_another_comune_on_the_same_cluster_reads_nothing() {
    let Some(server) = Server::new().await else {
        return;
    };
    let other = TestDb::new().await;
    other.received(2026, 2, 2).await;
    other
        .user("operatore", Role::Operatore, Some("demografici"))
        .await;
    let other_url = std::fs::read_to_string(other.dir.path().join("url")).unwrap();
    let options = PgConnectOptions::from_str(&other_url)
        .unwrap()
        .username(&server.login(&server.officer).await)
        .password(PASSWORD);
    let mut conn = PgConnection::connect_with(&options).await.unwrap();
    for table in [
        "submissions",
        "users",
        "settings",
        "protocol_registrations",
        "certificates",
        "history",
    ] {
        let sql = format!("SELECT count(*) FROM {table}");
        assert_eq!(count(&mut conn, &sql).await, 0, "{table} of another Comune");
    }
}
