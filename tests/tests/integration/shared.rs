//! Shared mode, end to end: each user's workstation works on the server through that user's own
//! login role (`Store::open_as_user`), so every use case must pass the server's rules as well as
//! the policy (migration 0010). PostgreSQL only.

use sportello_application::{Opening, Principal};
use sportello_domain::policy::{self, Permission};
use sportello_domain::queue::QueueFilter;
use sportello_domain::user::{NewUser, Role, UserUpdate};
use sportello_domain::workflow::Action;
use sportello_domain::ErrorCode;
use sportello_store::NewCertificate;
use sqlx::Connection;

use crate::helpers::{at, clock, day, TestDb};

/// The window's way into `db` in shared mode, with the test database's role prefix
/// (`sportello_tests::fresh_database`: its own name and a dot).
fn per_user(db: &TestDb) -> Opening {
    let url = std::fs::read_to_string(db.dir.path().join("url")).unwrap();
    let name = url.split('?').next().unwrap().rsplit_once('/').unwrap().1;
    let prefix = format!("{name}.");
    Opening::per_user(url, prefix)
}

#[tokio::test]
async fn every_role_works_on_its_own_connection() {
    if !sportello_tests::on_postgres() {
        return;
    }
    let db = TestDb::new().await;
    let officer = db
        .user("operatore", Role::Operatore, Some("demografici"))
        .await;
    let head = db
        .user("capo", Role::Responsabile, Some("demografici"))
        .await;
    let stranger = db.user("scuola", Role::Operatore, Some("scuola")).await;
    let records = db.user("protocollo", Role::Protocollo, None).await;
    let admin = db.user("admin2", Role::Amministratore, None).await;
    let id = db.received(2026, 2, 2).await;

    // The officer: connected as themselves, takes, reads and approves (a letter, registered).
    let desk = db.connected_as(&officer).await;
    let me = desk.raw().connected_user().await.unwrap().unwrap();
    assert_eq!(me.id, officer.id);
    desk.apply_action(&officer, id, &Action::TakeInCharge, &clock(2026, 2, 3))
        .await
        .unwrap();
    let detail = desk.detail(&officer, id, &clock(2026, 2, 4)).await.unwrap();
    assert_eq!(detail.id, id);
    let counts = desk
        .queue_counts(&officer, &QueueFilter::default(), day(2026, 2, 4))
        .await
        .unwrap();
    assert_eq!(counts.total, 1);
    let approve = Action::Approve {
        reason: "Dati verificati".into(),
    };
    desk.apply_action(&officer, id, &approve, &clock(2026, 2, 5))
        .await
        .unwrap();

    // Another department's officer: the submission does not exist for them.
    let other = db.connected_as(&stranger).await;
    let refused = other
        .detail(&stranger, id, &clock(2026, 2, 5))
        .await
        .unwrap_err();
    assert_eq!(
        sportello_domain::AppError::from(refused).code,
        ErrorCode::NotFound
    );

    // The head signs the certificate: document, registration, certificate and history rows.
    let desk = db.connected_as(&head).await;
    assert_eq!(desk.pending_certificates(&head).await.unwrap().len(), 1);
    let mut session = desk.begin_issue(&head, at(2026, 2, 6)).await.unwrap();
    let pdf = b"%PDF-1.7 signed bytes".to_vec();
    let number = session
        .record(&NewCertificate {
            submission_id: id,
            document_id: "2026-0000009-XYZ",
            kind: "Residenza",
            subject_fiscal_code: "RSSMRA85T10A562S",
            correspondent: "Rossi Mario",
            valid_until: Some(day(2026, 8, 5)),
            pdf: &pdf,
            signer: "Sigillo di prova",
            demo: true,
            copies: 1,
            replaces: None,
        })
        .await
        .unwrap();
    session.commit().await.unwrap();
    assert_eq!(
        number.number, 4,
        "request, start notice, decision letter, certificate"
    );

    // The records manager reads the register, annuls the decision letter's registration, checks
    // the audit trail.
    let desk = db.connected_as(&records).await;
    let entries = desk.register_entries(&records, 2026).await.unwrap();
    assert_eq!(entries.len(), 4);
    let letter = sportello_domain::protocol::ProtocolNumber {
        year: 2026,
        number: 3,
    };
    let annulled = desk
        .annul_registration(
            &records,
            letter,
            "Determina n. 1",
            "Errore materiale",
            at(2026, 2, 7),
        )
        .await
        .unwrap();
    assert!(annulled.annulment.is_some());
    let report = desk
        .app
        .verify_audit(&Principal::User(records.clone()), None)
        .await
        .unwrap();
    assert!(report.is_whole(), "{report:?}");

    // The administrator adds a user and moves another; the new user connects with their password.
    let desk = db.connected_as(&admin).await;
    let who = Principal::User(admin.clone());
    let new = NewUser {
        username: "nuovo".into(),
        full_name: "Nuovo Utente".into(),
        role: Role::Operatore,
        department: Some("scuola".into()),
        password: "password-di-prova".into(),
    };
    let added = desk.app.create_user(&who, &new).await.unwrap();
    db.connected_as(&added.actor()).await;
    let moved = desk
        .update_user(
            &admin,
            stranger.id,
            &UserUpdate {
                role: Role::Responsabile,
                department: Some("scuola".into()),
                password: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.role, Role::Responsabile);
    assert!(policy::authorize(&who, Permission::ManageUsers, policy::Target::Comune).is_ok());
    // The server followed: the moved user's login role is now a head's.
    let pool = db.store.raw().postgres_pool().unwrap();
    let head_now: bool = sqlx::query_scalar(
        "SELECT pg_has_role(db_role, 'sportello_responsabile', 'MEMBER') FROM users WHERE id = $1",
    )
    .bind(stranger.id)
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(head_now);
    let mut raw = pool.acquire().await.unwrap();
    raw.ping().await.unwrap();
}

/// The window's way in shared mode (`Opening::per_user`): nothing before login, the user's own
/// password checked by the server, and a password reset elsewhere ends the session plainly.
#[tokio::test]
async fn a_workstation_logs_in_with_the_users_own_password() {
    if !sportello_tests::on_postgres() {
        return;
    }
    let db = TestDb::new().await;
    let officer = db
        .user("operatore", Role::Operatore, Some("demografici"))
        .await;
    let opening = per_user(&db);
    let code = |e: sportello_application::Error| sportello_domain::AppError::from(e).code;

    let info = opening.app_info().await.unwrap();
    assert!(!info.demo);
    assert_eq!(
        code(opening.get().await.unwrap_err()),
        ErrorCode::Unauthenticated
    );
    let wrong = opening.log_in("operatore", "sbagliata").await.unwrap_err();
    assert_eq!(code(wrong), ErrorCode::BadCredentials);
    let unknown = opening
        .log_in("nessuno", "password-di-prova")
        .await
        .unwrap_err();
    assert_eq!(code(unknown), ErrorCode::BadCredentials);

    let user = opening
        .log_in(" Operatore ", "password-di-prova")
        .await
        .unwrap();
    assert_eq!(user.id, officer.id);
    let who = Principal::User(officer.clone());
    let app = opening.get().await.unwrap();
    app.queue_counts(&who, &QueueFilter::default(), day(2026, 2, 4))
        .await
        .unwrap();

    // IT resets the password on another workstation: this session ends, and says so.
    db.store
        .set_password("operatore", "nuova-password-2026")
        .await
        .unwrap();
    let ended = app
        .queue_counts(&who, &QueueFilter::default(), day(2026, 2, 4))
        .await
        .unwrap_err();
    let shown = sportello_domain::AppError::from(ended);
    assert_eq!(shown.code, ErrorCode::Unauthenticated, "{}", shown.message);
    assert!(
        shown.message.contains("accedere di nuovo"),
        "{}",
        shown.message
    );

    opening.log_out().await;
    assert_eq!(
        code(opening.get().await.unwrap_err()),
        ErrorCode::Unauthenticated
    );
    assert_eq!(
        code(
            opening
                .log_in("operatore", "password-di-prova")
                .await
                .unwrap_err()
        ),
        ErrorCode::BadCredentials
    );
    opening
        .log_in("operatore", "nuova-password-2026")
        .await
        .unwrap();
}

/// On the user's own connection the server changes the login role's password itself.
#[tokio::test]
async fn a_user_changes_their_password_on_their_own_connection() {
    if !sportello_tests::on_postgres() {
        return;
    }
    let db = TestDb::new().await;
    let officer = db
        .user("operatore", Role::Operatore, Some("demografici"))
        .await;
    db.must_change_password(&officer).await;
    let opening = per_user(&db);
    let user = opening
        .log_in("operatore", "password-di-prova")
        .await
        .unwrap();
    assert!(user.password_change_due);
    let app = opening.get().await.unwrap();
    let changed = app
        .change_own_password(&Principal::User(officer.clone()), "nuova-password-2026")
        .await
        .unwrap();
    assert!(!changed.password_change_due);
    opening.log_out().await;
    assert!(opening
        .log_in("operatore", "password-di-prova")
        .await
        .is_err());
    opening
        .log_in("operatore", "nuova-password-2026")
        .await
        .unwrap();
}

/// A role taken away mid-session: the window's next request, made with the role it still believes
/// the user has, is refused by the server itself, and the officer reads why.
#[tokio::test]
async fn a_role_revoked_mid_session_is_refused_by_the_server() {
    if !sportello_tests::on_postgres() {
        return;
    }
    let db = TestDb::new().await;
    let officer = db
        .user("operatore", Role::Operatore, Some("demografici"))
        .await;
    let admin = db.user("admin2", Role::Amministratore, None).await;
    db.received(2026, 2, 2).await;
    let opening = per_user(&db);
    opening
        .log_in("operatore", "password-di-prova")
        .await
        .unwrap();
    let app = opening.get().await.unwrap();
    let stale = Principal::User(officer.clone());
    app.queue_counts(&stale, &QueueFilter::default(), day(2026, 2, 4))
        .await
        .unwrap();
    db.store
        .update_user(
            &admin,
            officer.id,
            &UserUpdate {
                role: Role::Protocollo,
                department: None,
                password: None,
            },
        )
        .await
        .unwrap();
    let refused = app
        .queue_counts(&stale, &QueueFilter::default(), day(2026, 2, 4))
        .await
        .unwrap_err();
    let shown = sportello_domain::AppError::from(refused);
    assert_eq!(shown.code, ErrorCode::Forbidden, "{}", shown.message);
    assert!(
        shown.message.contains("server del Comune"),
        "{}",
        shown.message
    );
}
