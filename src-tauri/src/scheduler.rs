//! The law's own effects on a single workstation: the embedded database's app applies them itself,
//! at start and every few minutes (`Sportello::apply_timed_effects`, under the database's lease).
//! On a server, IT runs `sportello deadlines --daemon` as a service instead, never the workstations.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use sportello_application::{Principal, Sportello, TimedRun};
use sportello_domain::changes::ChangeEvent;

use crate::sync::SyncState;

/// How often the terms are checked.
const EVERY: Duration = Duration::from_secs(300);

pub fn start(app: Sportello, sync: Arc<SyncState>) {
    if app.store().postgres_pool().is_some() {
        return;
    }
    let holder = format!("{}:{}", sportello_sync::host_name(), std::process::id());
    tauri::async_runtime::spawn(async move {
        loop {
            match app
                .apply_timed_effects(&Principal::System, &holder, Utc::now())
                .await
            {
                Ok(TimedRun::Done(report)) if report.lapsed + report.silence_consent > 0 => {
                    let _ = sync.changes.send(ChangeEvent::Everything);
                }
                Ok(TimedRun::Done(_)) => {}
                Ok(TimedRun::Busy(other)) => {
                    tracing::info!(%other, "another runner applies the terms");
                }
                Err(e) => tracing::error!(error = %e, "timed effects run failed"),
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}
