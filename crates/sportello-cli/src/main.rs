//! `sportello`: the command line for the Comune's IT staff. It works on the same database as the app
//! (`SPORTELLO_DATABASE_URL`, or the embedded default in the OS app-data folder).

use anyhow::{bail, Context, Result};
use chrono::Utc;
use clap::Parser;
use sportello_application::{Principal, Sportello};
use sportello_domain::user::{NewUser, Role};
use sportello_store::{default_database_url, demo, Store};

use cli::{
    AdminCommand, AuditCommand, BenchCommand, By, CertificateCommand, Cli, Command, ConfigCommand,
    DemoCommand, OutboxCommand, ProtocolCommand, QuarantineCommand, QueueCommand, RoleArg,
    UserCommand,
};

mod admin;
mod audit;
mod bench_certificates;
mod bench_officers;
mod bench_portal;
mod bench_queue;
mod bench_shell;
mod certificates;
mod cli;
mod csv;
mod deadlines;
mod portal_sim;
mod protocol;
mod sync;

/// A store or issuing error as the CLI reports it: the Italian message the officer would see.
pub(crate) fn app(e: impl Into<sportello_domain::AppError>) -> anyhow::Error {
    anyhow::anyhow!(e.into().message)
}

/// The application on the configured database.
/// The configured database URL (`SPORTELLO_DATABASE_URL`, the machine-wide `sportello.toml`, or
/// the embedded file), with a configuration problem reported in Italian.
pub(crate) fn database_url() -> Result<String> {
    default_database_url().map_err(app)
}

/// The application on the configured database, used as it is: a server's schema is upgraded only by
/// `sportello migrate`.
pub(crate) async fn open_app() -> Result<Sportello> {
    let store = Store::open_workstation(&database_url()?)
        .await
        .map_err(app)?;
    Sportello::new(store).await.map_err(app)
}

/// The settings, for IT's command line acting as the installation (the policy's System principal).
pub(crate) async fn settings() -> Result<Store> {
    Ok(open_app()
        .await?
        .settings(&Principal::System)
        .map_err(app)?
        .clone())
}

/// The user named by `--by`, logged in with the password in SPORTELLO_PASSWORD: the command line
/// never acts as a user without that user's credentials.
pub(crate) async fn log_in(sportello: &Sportello, by: &By) -> Result<Principal> {
    let password = std::env::var("SPORTELLO_PASSWORD")
        .context("set SPORTELLO_PASSWORD to the password of the --by user")?;
    let user = sportello
        .log_in(&by.username, &password)
        .await
        .map_err(app)?;
    Ok(Principal::User(user.actor()))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<std::process::ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SPORTELLO_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .init();
    // clap refuses unknown flags and bad values with exit code 2 before anything is opened.
    match Cli::parse().command {
        Command::Demo(DemoCommand::Load { count, json }) => demo_load(count, json).await?,
        Command::User(UserCommand::Add {
            username,
            name,
            role,
            department,
            json,
        }) => user_add(username, name, role, department, json).await?,
        Command::User(UserCommand::Password { username }) => user_password(&username).await?,
        Command::Protocol(ProtocolCommand::List {
            by,
            year,
            csv,
            sep,
            json,
        }) => protocol::list(&by, year, csv.as_deref(), &sep, json).await?,
        Command::Protocol(ProtocolCommand::Annul {
            by,
            number,
            act,
            reason,
        }) => protocol::annul(&by, &number, &act, &reason).await?,
        Command::Verify(args) => certificates::verify(&args).await?,
        Command::Certificate(CertificateCommand::Sample { kind, out }) => {
            certificates::sample(&kind, &out).await?;
        }
        Command::Certificate(CertificateCommand::Issue { by, ids, json }) => {
            certificates::issue(&by, ids, json).await?;
        }
        Command::Config(ConfigCommand::Firma { device }) => {
            certificates::configure_device(device).await?;
        }
        Command::Config(ConfigCommand::BolloVirtuale {
            authority,
            number,
            date,
        }) => certificates::configure_virtual_stamp(authority, number, date).await?,
        Command::Config(ConfigCommand::MarcaTemporale { url }) => {
            certificates::configure_timestamp(&url).await?;
        }
        Command::Config(ConfigCommand::Ente(args)) => certificates::configure_comune(args).await?,
        Command::Config(ConfigCommand::Comune { name }) => set_config("comune_name", &name).await?,
        Command::Config(ConfigCommand::Patrono { day }) => set_patron_day(&day).await?,
        Command::Audit(AuditCommand::Verify { anchor, json }) => {
            audit::verify(anchor.as_ref(), json).await?;
        }
        Command::Audit(AuditCommand::Head { json }) => audit::head(json).await?,
        Command::Audit(AuditCommand::Prune { keep_months }) => audit::prune(keep_months).await?,
        Command::Admin(AdminCommand::Init {
            admin,
            name,
            role_prefix,
            demo,
        }) => admin::init(admin, name, &role_prefix, demo).await?,
        Command::MigrateTo { url, role_prefix } => admin::migrate_to(&url, &role_prefix).await?,
        Command::PortalSim(args) => portal_sim::run(args).await?,
        Command::Migrate => {
            let url = database_url()?;
            Store::open(&url).await.map_err(app)?;
            println!("Schema aggiornato: {}", sportello_store::redact(&url));
        }
        Command::Bench(args) => match args.what {
            Some(BenchCommand::Certificates { count }) => bench_certificates::run(count).await?,
            Some(BenchCommand::Portal {
                applications,
                database,
            }) => bench_portal::run(applications, database).await?,
            Some(BenchCommand::Audit { entries, database }) => {
                bench_officers::audit(entries, database).await?;
            }
            Some(BenchCommand::Officers {
                officers,
                rows,
                actions,
                database,
            }) => bench_officers::run(officers, rows, actions, database).await?,
            None => bench_queue::run(args.rows, args.runs, args.database).await?,
        },
        Command::Sync(args) => return sync::sync(args).await,
        Command::Outbox(OutboxCommand::List { all, json }) => sync::outbox_list(all, json).await?,
        Command::Outbox(OutboxCommand::Retry { id, json }) => sync::outbox_retry(id, json).await?,
        Command::Quarantine(QuarantineCommand::List { all, json }) => {
            sync::quarantine_list(all, json).await?;
        }
        Command::Quarantine(QuarantineCommand::Retry { portal, id, json }) => {
            return sync::quarantine_retry(&portal, id, json).await;
        }
        Command::Queue(QueueCommand::List { limit, json }) => sync::queue_list(limit, json).await?,
        Command::Deadlines(args) => return deadlines::run(args).await,
    }
    Ok(std::process::ExitCode::SUCCESS)
}

async fn set_patron_day(day: &str) -> Result<()> {
    let mut sportello = open_app().await?;
    let changed = sportello
        .set_patron_day(&Principal::System, day)
        .await
        .map_err(app)?;
    println!(
        "Giorno del patrono impostato: {day}; scadenze ricalcolate per {changed} pratiche aperte."
    );
    Ok(())
}

async fn set_config(key: &str, value: &str) -> Result<()> {
    let store = settings().await?;
    store.set_setting(key, value.trim()).await?;
    println!("Impostazione salvata: {key} = {}", value.trim());
    Ok(())
}

async fn demo_load(count: usize, json: bool) -> Result<()> {
    let store = Store::open_workstation(&database_url()?)
        .await
        .map_err(app)?;
    if !store.is_empty().await? {
        bail!("the database already has users: demo data goes only into an empty database");
    }
    // The demo Comune's identity first, so the demo's letters are printed with it.
    sportello_issuance::config::load_demo(&store)
        .await
        .map_err(app)?;
    let sportello = Sportello::new(store).await.map_err(app)?;
    let s = sportello
        .load_demo(&Principal::System, Utc::now(), count, 2026)
        .await
        .map_err(app)?;
    if json {
        let summary = serde_json::json!({
            "users": s.users, "submissions": s.submissions, "actions": s.actions,
        });
        println!("{summary}");
    } else {
        println!(
            "Dati dimostrativi caricati: {} utenti, {} pratiche, {} azioni (password degli utenti: {}).",
            s.users, s.submissions, s.actions, demo::DEMO_PASSWORD
        );
    }
    Ok(())
}

async fn user_add(
    username: String,
    full_name: String,
    role: RoleArg,
    department: Option<String>,
    json: bool,
) -> Result<()> {
    let role = match role {
        RoleArg::Operatore => Role::Operatore,
        RoleArg::Responsabile => Role::Responsabile,
        RoleArg::Protocollo => Role::Protocollo,
        RoleArg::Amministratore => Role::Amministratore,
    };
    let new = NewUser {
        username,
        full_name,
        role,
        department,
        password: std::env::var("SPORTELLO_PASSWORD").context("set SPORTELLO_PASSWORD")?,
    };
    let sportello = open_app().await?;
    let user = sportello
        .create_user(&Principal::System, &new)
        .await
        .map_err(app)?;
    if json {
        println!("{}", serde_json::to_string(&user)?);
    } else {
        println!(
            "Utente creato: {} ({}), id {}",
            user.username,
            user.role.label(),
            user.id
        );
    }
    Ok(())
}

async fn user_password(username: &str) -> Result<()> {
    let password = std::env::var("SPORTELLO_PASSWORD").context("set SPORTELLO_PASSWORD")?;
    open_app()
        .await?
        .set_password(&Principal::System, username, &password)
        .await
        .map_err(app)?;
    println!("Password reimpostata per {username}.");
    Ok(())
}
