//! `sportello`: the command line for the Comune's IT staff. It works on the same database as the app
//! (`SPORTELLO_DATABASE_URL`, or the embedded default in the OS app-data folder).

use anyhow::{bail, Context, Result};
use chrono::Utc;
use sportello_application::{Principal, Sportello};
use sportello_domain::user::{NewUser, Role};
use sportello_store::{default_database_url, demo, Store};

mod bench_certificates;
mod bench_queue;
mod certificates;
mod csv;
mod protocol;

const USAGE: &str = "Uso: sportello <comando>

  demo load [--count N]     carica utenti e pratiche dimostrative in un database vuoto
  user add --username U --name \"Nome Cognome\" --role operatore|responsabile|amministratore
           [--department ID]  (password da SPORTELLO_PASSWORD)
  user password --username U  reimposta la password (da SPORTELLO_PASSWORD)
  protocol list --by UTENTE [--year A] [--csv FILE|- [--sep ';']]
                            stampa il registro di protocollo dell'anno, o lo esporta in CSV
                            (UTF-8 con BOM, righe CRLF: si apre in Excel)
  protocol annul --by UTENTE --number 2026/0000042 --act \"Determina n. …\" --reason \"…\"
                            annulla una registrazione (l'originale resta leggibile)
  verify FILE.pdf [--json] [--no-register]
                            verifica firma, registro, annullamento e validità di un documento
                            (uscita 0 valido, 1 firma non integra, 2 annullato/scaduto/non registrato)
  certificate sample --type residenza --out FILE.pdf
                            un certificato di esempio firmato con il sigillo DEMO (non registrato)
  certificate issue --by UTENTE [--ids 1,2]
                            rilascia i certificati delle richieste accolte (PIN da SPORTELLO_PIN)
  config comune \"Comune di …\"   imposta il nome del Comune
  config firma demo|pkcs12 FILE|pkcs11 MODULO [--token ETICHETTA]|remoto URL --user U --key K
                            imposta il dispositivo di firma dei certificati
                            (senza argomenti: mostra quello attuale e i moduli di smart card trovati)
  config bollo-virtuale --authority \"…\" --number N --date AAAA-MM-GG
                            imposta l'autorizzazione al pagamento virtuale del bollo
  config marca-temporale URL|nessuna
                            firme PAdES B-T con il servizio di marca temporale RFC 3161 indicato
  config ente [--ipa CODICE] [--province \"…\"] [--address \"…\"] [--pec …] [--tar \"…\"] [--stemma FILE.png]
                            i dati dell'ente stampati sui documenti (stemma compreso)
  config patrono MM-GG      imposta il giorno del santo patrono (festivo per le scadenze)
  migrate                   crea o aggiorna lo schema del database
  bench [--rows N] [--runs R] [--database URL]
                            misura la coda su N pratiche (M passate per il flusso di lavoro) in un
                            database temporaneo o in un database PostgreSQL vuoto: p50 e p99, e la
                            stessa query in sqlite3/psql come riferimento
  bench certificates [--count N]
                            misura il rilascio di N certificati (con il confronto pyHanko)
  --version                 versione

Con --by UTENTE il comando agisce come quell'utente, che accede con la password in SPORTELLO_PASSWORD
(il registro di protocollo è del responsabile della gestione documentale; i certificati del responsabile
dell'ufficio). Gli altri comandi agiscono come l'installazione (configurazione e manutenzione).

Database: SPORTELLO_DATABASE_URL, oppure il file predefinito nella cartella dati dell'utente.";

/// A store or issuing error as the CLI reports it: the Italian message the officer would see.
pub(crate) fn app(e: impl Into<sportello_domain::AppError>) -> anyhow::Error {
    anyhow::anyhow!(e.into().message)
}

/// The application on the configured database.
pub(crate) async fn open_app() -> Result<Sportello> {
    let store = Store::open(&default_database_url()).await?;
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
pub(crate) async fn log_in(sportello: &Sportello, args: &[String]) -> Result<Principal> {
    let username = flag(args, "--by").context("--by USER is required")?;
    let password = std::env::var("SPORTELLO_PASSWORD")
        .context("set SPORTELLO_PASSWORD to the password of the --by user")?;
    let user = sportello.log_in(&username, &password).await.map_err(app)?;
    Ok(Principal::User(user.actor()))
}

pub(crate) fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

pub(crate) fn number(args: &[String], name: &str, default: usize) -> Result<usize> {
    flag(args, name).map_or(Ok(default), |v| {
        v.parse().with_context(|| format!("{name} wants a number"))
    })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SPORTELLO_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["--version" | "-V", ..] => println!("sportello {}", env!("CARGO_PKG_VERSION")),
        ["demo", "load", ..] => demo_load(number(&args, "--count", 300)?).await?,
        ["user", "add", ..] => user_add(&args).await?,
        ["user", "password", ..] => user_password(&args).await?,
        ["protocol", "list", ..] => protocol::list(&args).await?,
        ["protocol", "annul", ..] => protocol::annul(&args).await?,
        ["verify", ..] => certificates::verify(&args).await?,
        ["certificate", "sample", ..] => certificates::sample(&args).await?,
        ["certificate", "issue", ..] => certificates::issue(&args).await?,
        ["config", "firma", ..] => certificates::configure_device(&args).await?,
        ["config", "bollo-virtuale", ..] => certificates::configure_virtual_stamp(&args).await?,
        ["config", "marca-temporale", ..] => certificates::configure_timestamp(&args).await?,
        ["config", "ente", ..] => certificates::configure_comune(&args).await?,
        ["config", "comune", name] => set_config("comune_name", name).await?,
        ["config", "patrono", day] => set_patron_day(day).await?,
        ["migrate", ..] => {
            let url = default_database_url();
            Store::open(&url).await?;
            println!("Schema aggiornato: {url}");
        }
        ["bench", "certificates", ..] => bench_certificates::run(&args).await?,
        ["bench", ..] => bench_queue::run(&args).await?,
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    }
    Ok(())
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

async fn demo_load(count: usize) -> Result<()> {
    let store = Store::open(&default_database_url()).await?;
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
    println!(
        "Dati dimostrativi caricati: {} utenti, {} pratiche, {} azioni (password degli utenti: {}).",
        s.users, s.submissions, s.actions, demo::DEMO_PASSWORD
    );
    Ok(())
}

async fn user_add(args: &[String]) -> Result<()> {
    let role = flag(args, "--role").unwrap_or_default();
    let new = NewUser {
        username: flag(args, "--username").context("--username is required")?,
        full_name: flag(args, "--name").context("--name is required")?,
        role: Role::parse(&role).with_context(|| format!("unknown role {role:?}"))?,
        department: flag(args, "--department"),
        password: std::env::var("SPORTELLO_PASSWORD").context("set SPORTELLO_PASSWORD")?,
    };
    let sportello = open_app().await?;
    match sportello.create_user(&Principal::System, &new).await {
        Ok(u) => println!(
            "Utente creato: {} ({}), id {}",
            u.username,
            u.role.label(),
            u.id
        ),
        Err(e) => bail!("{}", sportello_domain::AppError::from(e).message),
    }
    Ok(())
}

async fn user_password(args: &[String]) -> Result<()> {
    let username = flag(args, "--username").context("--username is required")?;
    let password = std::env::var("SPORTELLO_PASSWORD").context("set SPORTELLO_PASSWORD")?;
    open_app()
        .await?
        .set_password(&Principal::System, &username, &password)
        .await
        .map_err(app)?;
    println!("Password reimpostata per {username}.");
    Ok(())
}
