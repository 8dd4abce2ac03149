//! Shared mode: what PostgreSQL itself refuses a user who connects straight with their own login
//! role (as `psql` would), and the test that the server's grants agree with the application's
//! policy (migration 0010, docs/database-roles.md). PostgreSQL only: the embedded file has no
//! database users.

use std::str::FromStr;

use sportello_domain::submission::NewAttachment;
use sportello_domain::user::{Actor, Role};
use sportello_domain::workflow::Action;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Executor, PgConnection};

use crate::helpers::{at, certificate_request, clock, TestDb};

pub(crate) const PASSWORD: &str = "password-di-prova";

/// A test database with one user of each role; `None` on SQLite.
pub(crate) struct Server {
    pub(crate) db: TestDb,
    pub(crate) url: String,
    pub(crate) officer: Actor,
    pub(crate) head: Actor,
    pub(crate) stranger: Actor,
    pub(crate) records: Actor,
    pub(crate) admin: Actor,
}

impl Server {
    pub(crate) async fn new() -> Option<Self> {
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
    pub(crate) async fn login(&self, who: &Actor) -> String {
        let pool = self.db.store.raw().postgres_pool().unwrap();
        sqlx::query_scalar("SELECT db_role FROM users WHERE id = $1")
            .bind(who.id)
            .fetch_one(pool)
            .await
            .unwrap()
    }

    /// A connection opened as `who` with their password, straight to the server.
    pub(crate) async fn connect(&self, who: &Actor) -> PgConnection {
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

pub(crate) async fn count(conn: &mut PgConnection, sql: &str) -> i64 {
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
    // A submission with everything that hangs off one: an attachment, its documents and history, a
    // suspension (an integration requested). Openings are in the audit trail, which officers cannot
    // read at all (the grants test).
    let mut new = certificate_request(at(2026, 2, 2));
    new.attachments.push(NewAttachment {
        requirement: None,
        name: "documento-identita.pdf".into(),
        media_type: "application/pdf".into(),
        content: b"%PDF-1.7 carta d'identita".to_vec(),
    });
    let desk = &server.db.store;
    let id = desk.receive(&new, &clock(2026, 2, 2)).await.unwrap();
    let officer = &server.officer;
    desk.apply_action(officer, id, &Action::TakeInCharge, &clock(2026, 2, 3))
        .await
        .unwrap();
    desk.detail(officer, id, &clock(2026, 2, 3)).await.unwrap();
    let integration = Action::RequestIntegration {
        reason: "Manca la ricevuta del bollo".into(),
    };
    desk.apply_action(officer, id, &integration, &clock(2026, 2, 4))
        .await
        .unwrap();
    let mut own = server.connect(&server.officer).await;
    let mut other = server.connect(&server.stranger).await;
    for table in [
        "submissions",
        "history",
        "documents",
        "attachments",
        "blobs",
        "suspensions",
    ] {
        let sql = format!("SELECT count(*) FROM {table}");
        assert!(
            count(&mut own, &sql).await > 0,
            "{table} hidden from its own department"
        );
        assert_eq!(
            count(&mut other, &sql).await,
            0,
            "{table} seen by another department"
        );
    }
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
            "blobs",
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
        "certificates" | "documents" | "attachments" | "blobs" => "sha256",
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
