//! Shared mode: what PostgreSQL itself refuses a user who connects straight with their own login
//! role (as `psql` would), and the test that the server's grants agree with the application's
//! policy (migration 0010, docs/database-roles.md). PostgreSQL only: the embedded file has no
//! database users.

use std::collections::BTreeSet;
use std::str::FromStr;

use sportello_domain::policy::{self, Permission, Principal, SubmissionFacts, Target};
use sportello_domain::user::{Actor, Role};
use sportello_domain::workflow::{self, Action, ActionKind, Procedure, State};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Executor, PgConnection};

use crate::helpers::{day, TestDb};

const PASSWORD: &str = "password-di-prova";

/// A test database with one user of each role; `None` on SQLite.
struct Server {
    db: TestDb,
    url: String,
    officer: Actor,
    head: Actor,
    stranger: Actor,
    records: Actor,
    admin: Actor,
}

impl Server {
    async fn new() -> Option<Self> {
        if !sportello_tests::on_postgres() {
            return None;
        }
        let db = TestDb::new().await;
        let url = std::fs::read_to_string(db.dir.path().join("url")).unwrap();
        Some(Self {
            officer: db
                .user("operatore", Role::Operatore, Some("demografici"))
                .await,
            head: db
                .user("capo", Role::Responsabile, Some("demografici"))
                .await,
            stranger: db.user("scuola", Role::Operatore, Some("scuola")).await,
            records: db.user("protocollo", Role::Protocollo, None).await,
            admin: db.user("admin2", Role::Amministratore, None).await,
            db,
            url,
        })
    }

    /// The login role of `who`, as the server named it.
    async fn login(&self, who: &Actor) -> String {
        let pool = self.db.store.raw().postgres_pool().unwrap();
        sqlx::query_scalar("SELECT db_role FROM users WHERE id = $1")
            .bind(who.id)
            .fetch_one(pool)
            .await
            .unwrap()
    }

    /// A connection opened as `who` with their password, straight to the server.
    async fn connect(&self, who: &Actor) -> PgConnection {
        let options = PgConnectOptions::from_str(&self.url)
            .unwrap()
            .username(&self.login(who).await)
            .password(PASSWORD);
        PgConnection::connect_with(&options).await.unwrap()
    }
}

/// The SQLSTATE of a statement's failure; panics if it succeeded.
async fn refused(conn: &mut PgConnection, sql: &str) -> String {
    match conn.execute(sql).await {
        Ok(done) => panic!("{sql} was allowed ({} rows)", done.rows_affected()),
        Err(sqlx::Error::Database(e)) => e.code().unwrap().to_string(),
        Err(e) => panic!("{sql}: {e}"),
    }
}

async fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(conn).await.unwrap()
}

const INSUFFICIENT_PRIVILEGE: &str = "42501";

#[tokio::test]
async fn a_wrong_password_or_a_deactivated_user_cannot_connect() {
    let Some(server) = Server::new().await else {
        return;
    };
    let options = PgConnectOptions::from_str(&server.url)
        .unwrap()
        .username(&server.login(&server.officer).await);
    let wrong = PgConnection::connect_with(&options.clone().password("sbagliata")).await;
    assert!(wrong.is_err(), "a wrong password was accepted");
    let mut open = server.connect(&server.officer).await;
    assert_eq!(count(&mut open, "SELECT 1::bigint").await, 1);
    server
        .db
        .store
        .set_user_active(&server.admin, server.officer.id, false)
        .await
        .unwrap();
    // Deactivation ends the open session and refuses new ones.
    assert!(
        open.execute("SELECT 1").await.is_err(),
        "the session survived deactivation"
    );
    let again = PgConnection::connect_with(&options.password(PASSWORD)).await;
    assert!(again.is_err(), "a deactivated user connected");
}

#[tokio::test]
async fn an_officer_sees_only_their_departments_submissions() {
    let Some(server) = Server::new().await else {
        return;
    };
    let id = server.db.taken(&server.officer).await;
    let mut own = server.connect(&server.officer).await;
    let mut other = server.connect(&server.stranger).await;
    for table in [
        "submissions",
        "history",
        "documents",
        "attachments",
        "suspensions",
        "access_log",
    ] {
        let sql = format!("SELECT count(*) FROM {table}");
        assert_eq!(
            count(&mut other, &sql).await,
            0,
            "{table} seen by another department"
        );
    }
    assert_eq!(count(&mut own, "SELECT count(*) FROM submissions").await, 1);
    assert!(count(&mut own, "SELECT count(*) FROM history").await >= 2);
    // Nor can they write into it, or move a submission into their own department.
    let moved = other
        .execute(format!("UPDATE submissions SET state = 'approved' WHERE id = {id}").as_str())
        .await
        .unwrap();
    assert_eq!(moved.rows_affected(), 0);
    // The population register is the anagrafe's.
    assert_eq!(count(&mut other, "SELECT count(*) FROM residents").await, 0);
}

#[tokio::test]
async fn history_audit_register_and_certificates_are_append_only_for_everyone() {
    let Some(server) = Server::new().await else {
        return;
    };
    server.db.taken(&server.officer).await;
    for who in [
        &server.officer,
        &server.head,
        &server.records,
        &server.admin,
    ] {
        let mut conn = server.connect(who).await;
        for table in [
            "history",
            "audit_log",
            "protocol_registrations",
            "protocol_annulments",
            "certificates",
            "attachments",
            "documents",
            "access_log",
        ] {
            for sql in [
                format!("UPDATE {table} SET {} = {0}", first_column(table)),
                format!("DELETE FROM {table} WHERE false"),
                format!("TRUNCATE {table}"),
            ] {
                if table == "audit_log"
                    && sql.starts_with("DELETE")
                    && who.role == Role::Amministratore
                {
                    continue; // pruning, behind a checkpoint (the trigger of 0007 checks it)
                }
                assert_eq!(
                    refused(&mut conn, &sql).await,
                    INSUFFICIENT_PRIVILEGE,
                    "{:?}: {sql}",
                    who.role
                );
            }
        }
        assert_eq!(
            refused(&mut conn, "UPDATE audit_head SET seq = 0").await,
            INSUFFICIENT_PRIVILEGE
        );
    }
}

fn first_column(table: &str) -> &'static str {
    match table {
        "protocol_annulments" => "reason",
        "audit_log" => "detail",
        "access_log" => "at",
        "certificates" | "documents" | "attachments" => "sha256",
        _ => "id",
    }
}

#[tokio::test]
async fn a_state_or_a_decision_changes_only_through_the_workflow() {
    let Some(server) = Server::new().await else {
        return;
    };
    let id = server.db.taken(&server.officer).await;
    let me = server.officer.id;
    let mut conn = server.connect(&server.officer).await;
    // A state written by hand, without the move's history row.
    let sql = format!(
        "UPDATE submissions SET state = 'approved', closed_on = CURRENT_DATE WHERE id = {id}"
    );
    assert_eq!(refused(&mut conn, &sql).await, INSUFFICIENT_PRIVILEGE);
    // A history row does not make an illegal move legal (in review → withdrawn is one, in review →
    // received is not).
    let mut tx = conn.begin().await.unwrap();
    tx.execute(
        format!(
        "INSERT INTO history (submission_id, at, actor_id, actor_name, event, from_state, to_state)
         VALUES ({id}, now(), {me}, 'x', 'x', 'inReview', 'received')"
    )
        .as_str(),
    )
    .await
    .unwrap();
    tx.execute(format!("UPDATE submissions SET state = 'received' WHERE id = {id}").as_str())
        .await
        .unwrap();
    let failed = tx.commit().await.unwrap_err();
    assert_eq!(sqlstate(&failed), INSUFFICIENT_PRIVILEGE);
    // Someone else's name on the history row is refused at once.
    let other = server.head.id;
    let sql = format!(
        "INSERT INTO history (submission_id, at, actor_id, actor_name, event) VALUES ({id}, now(), {other}, 'x', 'note')"
    );
    assert_eq!(refused(&mut conn, &sql).await, INSUFFICIENT_PRIVILEGE);
    // The assignee is a decision too.
    let sql = format!("UPDATE submissions SET assignee_id = {other} WHERE id = {id}");
    assert_eq!(refused(&mut conn, &sql).await, INSUFFICIENT_PRIVILEGE);
    let state: String = sqlx::query_scalar("SELECT state FROM submissions WHERE id = $1")
        .bind(id)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(state, "inReview");
}

fn sqlstate(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) => db.code().unwrap().to_string(),
        other => panic!("not a database error: {other}"),
    }
}

#[tokio::test]
async fn protocol_numbers_come_only_from_the_counter() {
    let Some(server) = Server::new().await else {
        return;
    };
    server.db.received(2026, 2, 2).await;
    let mut conn = server.connect(&server.officer).await;
    let last = count(
        &mut conn,
        "SELECT last FROM protocol_counters WHERE year = 2026",
    )
    .await;
    assert_eq!(last, 1);
    let insert = |number: i64| {
        format!(
            "INSERT INTO protocol_registrations (year, number, direction, registered_at, correspondent, subject, document_sha256, operator)
             VALUES (2026, {number}, 'outgoing', now(), 'x', 'x', 'x', 'x')"
        )
    };
    // A number ahead of the counter, or one already used.
    assert_eq!(
        refused(&mut conn, &insert(last + 5)).await,
        INSUFFICIENT_PRIVILEGE
    );
    assert_eq!(
        refused(&mut conn, &insert(last + 1)).await,
        INSUFFICIENT_PRIVILEGE
    );
    // The counter moved by more than one, backwards, or without a registration.
    for sql in [
        "UPDATE protocol_counters SET last = last + 2 WHERE year = 2026",
        "UPDATE protocol_counters SET last = last - 1 WHERE year = 2026",
        "UPDATE protocol_counters SET last = last + 1 WHERE year = 2026",
        "DELETE FROM protocol_counters",
    ] {
        assert_eq!(
            refused(&mut conn, sql).await,
            INSUFFICIENT_PRIVILEGE,
            "{sql}"
        );
    }
    // Taken and registered in one transaction, as the app does: allowed.
    let mut tx = conn.begin().await.unwrap();
    tx.execute("UPDATE protocol_counters SET last = last + 1 WHERE year = 2026")
        .await
        .unwrap();
    tx.execute(insert(last + 1).as_str()).await.unwrap();
    tx.commit().await.unwrap();
    let numbers: Vec<i64> = sqlx::query_scalar(
        "SELECT number FROM protocol_registrations WHERE year = 2026 ORDER BY number",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert_eq!(numbers, vec![1, 2]);
}

#[tokio::test]
async fn nobody_reads_password_hashes_or_grants_themselves_a_role() {
    let Some(server) = Server::new().await else {
        return;
    };
    for who in [
        &server.officer,
        &server.head,
        &server.records,
        &server.admin,
    ] {
        let mut conn = server.connect(who).await;
        assert_eq!(
            refused(&mut conn, "SELECT password_hash FROM users").await,
            INSUFFICIENT_PRIVILEGE
        );
        assert!(count(&mut conn, "SELECT count(username) FROM users").await >= 5);
        let me = server.login(who).await;
        let code = refused(
            &mut conn,
            &format!("GRANT sportello_responsabile TO \"{me}\""),
        )
        .await;
        assert_eq!(code, INSUFFICIENT_PRIVILEGE, "{:?}", who.role);
        let code = refused(&mut conn, &format!("ALTER ROLE \"{me}\" CREATEROLE")).await;
        assert_eq!(code, INSUFFICIENT_PRIVILEGE);
    }
    // An administrator changes the others, never their own row or role.
    let mut admin = server.connect(&server.admin).await;
    let own = server.admin.id;
    let done = admin
        .execute(format!("UPDATE users SET role = 'responsabile', department = 'demografici' WHERE id = {own}").as_str())
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 0);
    let code = refused(
        &mut admin,
        &format!("SELECT sportello_sync_login_role({own}, NULL)"),
    )
    .await;
    assert_eq!(code, INSUFFICIENT_PRIVILEGE);
    let mut officer = server.connect(&server.officer).await;
    let code = refused(
        &mut officer,
        &format!(
            "SELECT sportello_sync_login_role({}, NULL)",
            server.officer.id
        ),
    )
    .await;
    assert_eq!(code, INSUFFICIENT_PRIVILEGE);
    // No login role can make roles.
    assert_eq!(
        count(
            &mut admin,
            "SELECT count(*) FROM pg_roles WHERE rolcanlogin AND rolcreaterole AND NOT rolsuper"
        )
        .await,
        0
    );
}

/// What each permission needs of the database, for the comparison below.
fn needs(permission: Permission) -> &'static [(&'static str, &'static str)] {
    match permission {
        Permission::ViewQueue | Permission::ViewSubmission => &[
            ("submissions", "SELECT"),
            ("history", "SELECT"),
            ("attachments", "SELECT"),
            ("documents", "SELECT"),
        ],
        Permission::EnterAtCounter => &[("submissions", "INSERT")],
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
        Permission::ReceiveSubmission
        | Permission::ViewCatalogue
        | Permission::ViewSigningDevice
        | Permission::ListOfficers
        | Permission::ViewCertificates => &[],
    }
}

const PERMISSIONS: [Permission; 21] = [
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
        Action::RecordIntegration { note: "n".into() },
        Action::Approve { reason: "r".into() },
        Action::SendNotice { reason: "r".into() },
        Action::RecordObservations { text: "t".into() },
        Action::ResumeReview { reason: "r".into() },
        Action::ConfirmRejection {
            reason: "r".into(),
            answer: "a".into(),
        },
        Action::Reject { reason: "r".into() },
        Action::RejectInadmissible { reason: "r".into() },
        Action::Withdraw { note: "n".into() },
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
