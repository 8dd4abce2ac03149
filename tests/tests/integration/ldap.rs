//! Officers log in with their directory (Active Directory) password through PostgreSQL's own LDAP
//! authentication: pg_hba sends members of `sportello_ldap` to the directory, here the test
//! command's OpenLDAP (Debian's slapd; scripts/lib.sh `start_test_ldap`). PostgreSQL only.

use sportello_application::Opening;
use sportello_domain::user::Role;
use sportello_domain::ErrorCode;

use crate::helpers::TestDb;

#[tokio::test]
async fn an_officer_logs_in_with_the_directory_password() {
    if !sportello_tests::on_postgres() {
        return;
    }
    assert!(
        std::env::var("SPORTELLO_TEST_LDAP").is_ok(),
        "SPORTELLO_TEST_LDAP is not set: scripts/test starts the test OpenLDAP"
    );
    // Login roles named as the directory names its people (uid=ldap.rossi).
    let db = TestDb::with_role_prefix("ldap.").await;
    let officer = db.user("rossi", Role::Operatore, Some("demografici")).await;
    // IT's one step per user (docs/deploy-server.md): this login goes to the directory.
    db.store
        .exec("GRANT sportello_ldap TO \"ldap.rossi\"")
        .await
        .unwrap();
    let url = std::fs::read_to_string(db.dir.path().join("url")).unwrap();
    let opening = Opening::per_user(url, "ldap.".into());
    let code = |e: sportello_application::Error| sportello_domain::AppError::from(e).code;

    let user = opening
        .log_in("rossi", "password-di-dominio")
        .await
        .unwrap();
    assert_eq!(user.id, officer.id);
    opening.log_out().await;
    // The password Sportello set when the user was made no longer counts: the directory decides.
    let local = opening
        .log_in("rossi", "password-di-prova")
        .await
        .unwrap_err();
    assert_eq!(code(local), ErrorCode::BadCredentials);
    let wrong = opening.log_in("rossi", "sbagliata").await.unwrap_err();
    assert_eq!(code(wrong), ErrorCode::BadCredentials);
}
