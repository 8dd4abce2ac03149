//! `sportello admin init`: IT prepares the Comune's server — the database, the roles and the schema
//! (the migrations, run on the maintenance connection), and the first administrator, whose login
//! role the server makes with their password. See docs/deploy-server.md.

use anyhow::{bail, Context, Result};
use chrono::Utc;
use sportello_application::{Principal, Sportello};
use sportello_domain::user::{NewUser, Role};
use sportello_store::{demo, is_postgres_url, redact, Store};

use crate::{app, database_url};

pub async fn init(
    admin: Option<String>,
    name: Option<String>,
    role_prefix: &str,
    with_demo: bool,
) -> Result<()> {
    let url = database_url()?;
    if !is_postgres_url(&url) {
        bail!("admin init prepara un server PostgreSQL: impostare SPORTELLO_DATABASE_URL=postgres://… (la connessione di manutenzione)");
    }
    let first = match (admin, name) {
        (Some(admin), Some(name)) => Some((admin, name)),
        (None, None) if with_demo => None,
        _ => bail!("indicare --admin e --name del primo amministratore (o --demo)"),
    };
    Store::prepare_server(&url, role_prefix)
        .await
        .map_err(app)?;
    let store = Store::open(&url).await.map_err(app)?;
    if !store.is_empty().await? {
        bail!(
            "il database {} ha già utenti: è già stato preparato",
            redact(&url)
        );
    }
    if with_demo {
        sportello_issuance::config::load_demo(&store)
            .await
            .map_err(app)?;
    }
    let sportello = Sportello::new(store).await.map_err(app)?;
    if with_demo {
        let s = sportello
            .load_demo(
                &Principal::System,
                Utc::now(),
                sportello_application::DEMO_SUBMISSIONS,
                sportello_application::DEMO_SEED,
            )
            .await
            .map_err(app)?;
        println!(
            "Dati dimostrativi: {} utenti del database (password {}), {} pratiche.",
            s.users,
            demo::DEMO_PASSWORD,
            s.submissions
        );
    }
    if let Some((username, full_name)) = first {
        let password = std::env::var("SPORTELLO_PASSWORD")
            .context("set SPORTELLO_PASSWORD to the first administrator's password")?;
        let user = sportello
            .create_user(
                &Principal::System,
                &NewUser {
                    username,
                    full_name,
                    role: Role::Amministratore,
                    department: None,
                    password,
                },
            )
            .await
            .map_err(app)?;
        println!(
            "Primo amministratore: {} (ruolo del database {}).",
            user.username,
            sportello
                .store()
                .login_role(user.id)
                .await?
                .unwrap_or_default()
        );
    }
    println!("Server pronto: {}", redact(&url));
    println!("Nel file sportello.toml delle postazioni (senza utente né password):");
    println!("[database]\nurl = \"postgres://SERVER/DATABASE?sslmode=verify-full\"");
    if !role_prefix.is_empty() {
        println!("role_prefix = \"{role_prefix}\"");
    }
    Ok(())
}

/// `sportello migrate-to URL`: the configured embedded file copied onto the server at `url`.
pub async fn migrate_to(url: &str, role_prefix: &str) -> Result<()> {
    let source_url = database_url()?;
    if is_postgres_url(&source_url) {
        bail!("migrate-to copia il database locale: SPORTELLO_DATABASE_URL deve indicare il file SQLite");
    }
    if !is_postgres_url(url) {
        bail!("la destinazione deve essere un server postgres://…");
    }
    let source = Store::open(&source_url).await.map_err(app)?;
    let report = sportello_store::migrate_to(&source, url, role_prefix)
        .await
        .map_err(app)?;
    println!("Copia verificata su {}:", redact(url));
    for (table, n) in &report.rows {
        println!("  {table:<24} {n:>10} righe");
    }
    println!(
        "  registro di controllo: {} registrazioni verificate, testa {}:{}",
        report.audit.checked, report.audit.head_seq, report.audit.head_hash
    );
    println!("Password monouso (da consegnare di persona; da cambiare al primo accesso):");
    for (username, password) in &report.passwords {
        println!("  {username:<24} {password}");
    }
    Ok(())
}
