//! The portal link on a single workstation: the app runs the sync in the background (in shared mode
//! it runs as one service on the server host, `sportello sync --daemon`, never here). The portal is
//! named by SPORTELLO_PORTAL_URL / _USER / _PASSWORD; without one, on the demo's embedded database,
//! the app starts the local portal simulator so a newcomer sees submissions arrive — marked as
//! such in the "Sincronizzazione" view.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sportello_application::Sportello;
use sportello_domain::changes::ChangeEvent;
use sportello_domain::link::SyncProgress;
use sportello_portal::mapping::Mappings;
use sportello_sync::{Link, LinkConfig, Progress};
use tokio::sync::{broadcast, Notify};

/// How often the background sync runs.
const EVERY: Duration = Duration::from_secs(60);

/// What the window may know of the background sync.
#[derive(Debug)]
pub struct SyncState {
    /// The portal's address, when this workstation syncs.
    pub portal: Option<String>,
    pub simulated: bool,
    pub progress: Mutex<Option<SyncProgress>>,
    /// Wakes the loop for a run now (an administrator's "Sincronizza ora").
    pub wake: Notify,
    /// Submissions the sync changed, for the window's live updates on the embedded database.
    pub changes: broadcast::Sender<ChangeEvent>,
}

impl SyncState {
    pub fn idle() -> Self {
        Self {
            portal: None,
            simulated: false,
            progress: Mutex::new(None),
            wake: Notify::new(),
            changes: broadcast::channel(16).0,
        }
    }

    fn set_progress(&self, p: Option<SyncProgress>) {
        *self
            .progress
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = p;
    }

    pub fn progress(&self) -> Option<SyncProgress> {
        *self
            .progress
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn from_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The portal this workstation syncs with: the configured one (`sportello_sync::config`), or the
/// simulator on a demo.
async fn portal(app: &Sportello) -> Option<(LinkConfig, bool)> {
    let settings = sportello_store::workstation().ok().and_then(|w| w.portal);
    match sportello_sync::config::portal(None, None, settings.as_ref()) {
        Ok(Some(config)) => return Some((config, false)),
        Ok(None) => {}
        Err(e) => {
            tracing::error!(error = %e, "the portal is named but cannot be used; no sync");
            return None;
        }
    }
    if !app.store().is_demo().await.unwrap_or(false) || from_env("SPORTELLO_NO_PORTAL").is_some() {
        return None;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.ok()?;
    // A few hostile and rule-breaking applications too, so the demo shows the quarantine and
    // the flags an officer must check.
    let sim = sportello_portal_sim::SimConfig {
        applications: 25,
        hostile: 0.08,
        rule_breaking: 0.12,
        base_date: chrono::Utc::now(),
        ..sportello_portal_sim::SimConfig::default()
    };
    let (user, password) = (sim.user.clone(), sim.password.clone());
    let (handle, _task) = sportello_portal_sim::serve(listener, sim);
    tracing::info!(url = %handle.base_url(), "demo: the local portal simulator serves the portal link");
    let mappings = Mappings::shipped().ok()?;
    Some((
        LinkConfig::new(&handle.base_url(), &user, &password, mappings),
        true,
    ))
}

/// Starts the background sync if this workstation has a portal; returns what the window reads.
pub async fn start(app: Sportello) -> Arc<SyncState> {
    let Some((config, simulated)) = portal(&app).await else {
        return Arc::new(SyncState::idle());
    };
    let state = Arc::new(SyncState {
        portal: Some(config.portal_url.clone()),
        simulated,
        ..SyncState::idle()
    });
    let mut link = match Link::new(app, config) {
        Ok(link) => link,
        Err(e) => {
            tracing::error!(error = %e, "cannot start the portal link");
            return state;
        }
    };
    let shared = state.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            let watch = shared.clone();
            let progress = move |p: Progress| {
                watch.set_progress(Some(match p {
                    Progress::Ingesting { done, total } => SyncProgress {
                        delivering: false,
                        done: done as i64,
                        total: Some(total as i64),
                    },
                    Progress::Conversations => SyncProgress {
                        delivering: false,
                        done: 0,
                        total: None,
                    },
                    Progress::Delivering { done } => SyncProgress {
                        delivering: true,
                        done: done as i64,
                        total: None,
                    },
                }));
            };
            match link.run_once(false, &progress).await {
                Ok(run) if run.created + run.updated > 0 => {
                    let _ = shared.changes.send(ChangeEvent::Everything);
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "background portal sync failed"),
            }
            shared.set_progress(None);
            tokio::select! {
                () = shared.wake.notified() => {}
                () = tokio::time::sleep(EVERY) => {}
            }
        }
    });
    state
}
