use sportello_domain::user::{NewUser, Role};
use sportello_domain::{AppError, ErrorCode};

use crate::helpers::*;

#[tokio::test]
async fn login_checks_argon2id_hashes_and_refuses_deactivated_users() {
    let db = TestDb::new().await;
    let admin = db.user("admin", Role::Amministratore, None).await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let s = &db.store;
    assert_eq!(
        s.authenticate("M.Rossi", "password-di-prova")
            .await
            .unwrap()
            .id,
        officer.id
    );
    let wrong = AppError::from(s.authenticate("m.rossi", "sbagliata").await.unwrap_err());
    let unknown = AppError::from(s.authenticate("nessuno", "sbagliata").await.unwrap_err());
    assert_eq!(
        wrong, unknown,
        "unknown users and wrong passwords look the same"
    );
    assert_eq!(wrong.code, ErrorCode::BadCredentials);
    let hash = s
        .texts("SELECT password_hash FROM users WHERE username = 'm.rossi'")
        .await
        .remove(0)
        .remove(0);
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    s.set_user_active(&admin, officer.id, false).await.unwrap();
    let off = AppError::from(
        s.authenticate("m.rossi", "password-di-prova")
            .await
            .unwrap_err(),
    );
    assert_eq!(off.code, ErrorCode::Forbidden);
    let myself = AppError::from(
        s.set_user_active(&admin, admin.id, false)
            .await
            .unwrap_err(),
    );
    assert_eq!(myself.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn duplicate_and_malformed_users_are_refused() {
    let db = TestDb::new().await;
    db.user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let mut new = NewUser {
        username: "M.ROSSI".into(),
        full_name: "Mario Rossi".into(),
        role: Role::Operatore,
        department: Some("demografici".into()),
        password: "una-password-lunga".into(),
    };
    let dup = AppError::from(db.store.create_user(&new).await.unwrap_err());
    assert_eq!(dup.message, "Il nome utente «m.rossi» è già in uso.");
    new.username = "g.neri".into();
    new.department = Some("ufficio-inesistente".into());
    let dept = AppError::from(db.store.create_user(&new).await.unwrap_err());
    assert_eq!(dept.message, "L'ufficio indicato non esiste.");
}

#[tokio::test]
async fn demo_data_is_deterministic_and_covers_every_service() {
    let now = at(2026, 11, 22);
    let mut snapshots = Vec::new();
    for _ in 0..2 {
        let db = TestDb::new().await;
        let summary = db.store.load_demo(now, 120, 7).await.unwrap();
        assert_eq!(summary.submissions, 120);
        let rows = db
            .store
            .texts("SELECT service, fiscal_code, state FROM submissions ORDER BY id")
            .await;
        // One letter path: the demo's decisions carry the same PDF/A letters the app prints.
        let letters = db
            .store
            .count("SELECT COUNT(*) FROM documents WHERE kind IN ('approve', 'reject', 'sendNotice', 'requestIntegration', 'confirmRejection', 'rejectInadmissible')")
            .await;
        let not_pdf = db
            .store
            .count("SELECT COUNT(*) FROM documents WHERE kind IN ('approve', 'reject', 'sendNotice', 'requestIntegration', 'confirmRejection', 'rejectInadmissible') AND media_type <> 'application/pdf'")
            .await;
        assert!(letters > 10, "the demo decided some submissions: {letters}");
        assert_eq!(not_pdf, 0);
        snapshots.push(rows);
    }
    assert_eq!(snapshots[0], snapshots[1]);
    let services: std::collections::BTreeSet<&str> =
        snapshots[0].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(services.len(), 9);
    let states: std::collections::BTreeSet<&str> =
        snapshots[0].iter().map(|r| r[2].as_str()).collect();
    assert!(states.len() >= 5, "varied states: {states:?}");
}

#[tokio::test]
async fn a_reset_password_replaces_the_old_one() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let short = AppError::from(db.store.set_password("m.rossi", "corta").await.unwrap_err());
    assert_eq!(short.message, "La password deve avere almeno 10 caratteri.");
    db.store
        .set_password("m.rossi", "nuova-password-lunga")
        .await
        .unwrap();
    assert!(db
        .store
        .authenticate("m.rossi", "password-di-prova")
        .await
        .is_err());
    let reset = db
        .store
        .authenticate("m.rossi", "nuova-password-lunga")
        .await
        .unwrap();
    assert_eq!(reset.id, officer.id);
    // A password someone else set is changed by its user at the next login.
    assert!(reset.password_change_due);
}

#[tokio::test]
async fn an_administrator_moves_a_user_and_resets_the_password() {
    let db = TestDb::new().await;
    let admin = db.user("admin", Role::Amministratore, None).await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let change = |role, department: Option<&str>, password: Option<&str>| {
        sportello_domain::user::UserUpdate {
            role,
            department: department.map(str::to_string),
            password: password.map(str::to_string),
        }
    };
    let s = &db.store;
    let no_office = AppError::from(
        s.update_user(&admin, officer.id, &change(Role::Responsabile, None, None))
            .await
            .unwrap_err(),
    );
    assert_eq!(no_office.code, ErrorCode::InvalidInput);
    let demote = AppError::from(
        s.update_user(
            &admin,
            admin.id,
            &change(Role::Operatore, Some("sociali"), None),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!(demote.code, ErrorCode::InvalidInput);
    let moved = s
        .update_user(
            &admin,
            officer.id,
            &change(
                Role::Responsabile,
                Some("sociali"),
                Some("password-nuova-123"),
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        (moved.role, moved.department.as_deref()),
        (Role::Responsabile, Some("sociali"))
    );
    assert!(s
        .authenticate("m.rossi", "password-nuova-123")
        .await
        .is_ok());
    let kept = s
        .update_user(
            &admin,
            officer.id,
            &change(Role::Responsabile, Some("sociali"), Some(" ")),
        )
        .await
        .unwrap();
    assert_eq!(kept.id, officer.id);
    assert!(
        s.authenticate("m.rossi", "password-nuova-123")
            .await
            .is_ok(),
        "a blank password keeps the old one"
    );
}

/// After a one-time password the user chooses their own: Sportello's hash changes (and on a server
/// the login role's), the "change at first login" mark goes, the installation has no password to
/// change.
#[tokio::test]
async fn a_user_chooses_their_own_password() {
    use sportello_application::Principal;
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    db.must_change_password(&officer).await;
    assert!(
        db.store
            .authenticate("m.rossi", "password-di-prova")
            .await
            .unwrap()
            .password_change_due
    );
    let who = Principal::User(officer.clone());
    let short = db
        .store
        .app
        .change_own_password(&who, "corta")
        .await
        .unwrap_err();
    assert_eq!(
        sportello_domain::AppError::from(short).code,
        sportello_domain::ErrorCode::InvalidInput
    );
    let changed = db
        .store
        .app
        .change_own_password(&who, "nuova-password-2026")
        .await
        .unwrap();
    assert!(!changed.password_change_due);
    assert!(db
        .store
        .authenticate("m.rossi", "password-di-prova")
        .await
        .is_err());
    db.store
        .authenticate("m.rossi", "nuova-password-2026")
        .await
        .unwrap();
    let system = db
        .store
        .app
        .change_own_password(&Principal::System, "nuova-password-2026")
        .await
        .unwrap_err();
    assert_eq!(
        sportello_domain::AppError::from(system).code,
        sportello_domain::ErrorCode::Forbidden
    );
}
