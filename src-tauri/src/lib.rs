//! The Sportello desktop shell: opens the store, keeps who is logged in, and registers the commands.
//! Every command calls one use case of `sportello-application`, which asks the policy; the shell
//! checks nothing itself, and everything it calls is tested without a window.

pub mod commands;
mod scheduler;
mod state;
mod sync;

use chrono::Utc;
use sportello_application::{Opening, Sportello};
use sportello_store::{database_location, DatabaseSource};
use tauri::Manager;

pub use state::AppState;

/// Opens the configured database (the embedded file by default) and, on a first run with an empty
/// database, loads the demo; decision letters are PDF/A, sealed with the demo seal in a demo.
/// Which database comes from `database_location`: the machine-wide `sportello.toml` IT deploys
/// names the server; without it, the embedded file.
async fn open_app() -> Result<Sportello, sportello_application::Error> {
    let location = database_location()?;
    match &location.source {
        DatabaseSource::MachineConfig(path) => {
            tracing::info!(config = %path.display(), "database named by the machine-wide configuration");
        }
        DatabaseSource::Environment => tracing::info!("database named by SPORTELLO_DATABASE_URL"),
        DatabaseSource::Embedded => tracing::info!("embedded database"),
    }
    Sportello::open_or_demo(&location.url, Utc::now()).await
}

/// Logs in English for IT: to stderr and, appended, to `logs/sportello.log` in the data folder
/// (on Windows release builds there is no console, so the file is where IT looks).
fn init_logging() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = tracing_subscriber::EnvFilter::try_from_env("SPORTELLO_LOG")
        .unwrap_or_else(|_| "info".into());
    let dir = sportello_store::data_dir().join("logs");
    let file = std::fs::create_dir_all(&dir).and_then(|()| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("sportello.log"))
    });
    let file_layer = file
        .as_ref()
        .ok()
        .and_then(|f| f.try_clone().ok())
        .map(|f| {
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(std::sync::Mutex::new(f))
        });
    tracing_subscriber::registry()
        .with(filter)
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .with(file_layer)
        .init();
    if let Err(e) = file {
        tracing::warn!(error = %e, dir = %dir.display(), "cannot open the log file; logging to stderr only");
    }
}

pub fn run() {
    init_logging();
    tauri::Builder::default()
        // The save dialog, opened from Rust only (the window has no dialog permission).
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            // Shared mode: nothing is opened before a user logs in with their own credentials.
            if let Ok(location) = database_location() {
                if let Some(prefix) = location.per_user {
                    tracing::info!(server = %sportello_store::redact(&location.url), "shared mode: each user logs in to the server with their own role");
                    app.manage(AppState::new(Opening::per_user(location.url, prefix)));
                    return Ok(());
                }
            }
            // A server that cannot be reached now is tried again at the next command: the window
            // shows the Italian message meanwhile, and works as soon as the server is back.
            let opened = match tauri::async_runtime::block_on(open_app()) {
                Ok(sportello) => Some(sportello),
                Err(e) => {
                    tracing::error!(error = %e, "cannot open the database; will retry at the next command");
                    None
                }
            };
            // The portal link runs here only on a single workstation (a server runs it as a
            // service); on the demo it talks to the local portal simulator.
            let sync = match &opened {
                Some(sportello) => tauri::async_runtime::block_on(sync::start(sportello.clone())),
                None => std::sync::Arc::new(sync::SyncState::idle()),
            };
            if let Some(sportello) = &opened {
                scheduler::start(sportello.clone(), sync.clone());
            }
            app.manage(AppState::with_sync(
                Opening::new(opened, Box::new(|| Box::pin(open_app()))),
                sync,
            ));
            Ok(())
        })
        .invoke_handler(commands::invoke_handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "the app stopped with an error");
            std::process::exit(1);
        });
}
