//! The application as a window holds it: opened at start-up when the database answers, and opened
//! again at the next use while it does not — so a window started while the Comune's server was down
//! recovers by itself when the server is back, without a restart.

use std::future::Future;
use std::pin::Pin;

use crate::{Result, Sportello};

/// How to open the application (the configured database), as often as needed.
pub type Open =
    Box<dyn Fn() -> Pin<Box<dyn Future<Output = Result<Sportello>> + Send>> + Send + Sync>;

pub struct Opening {
    slot: tokio::sync::RwLock<Option<Sportello>>,
    open: Open,
}

impl std::fmt::Debug for Opening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opening").finish_non_exhaustive()
    }
}

impl Opening {
    /// `opened` is what start-up could open (`None` when the database did not answer).
    pub fn new(opened: Option<Sportello>, open: Open) -> Self {
        Self {
            slot: tokio::sync::RwLock::new(opened),
            open,
        }
    }

    /// The application, opening the database now if it could not be opened before; the error of
    /// that attempt (e.g. «Il server del database non risponde…») otherwise.
    pub async fn get(&self) -> Result<Sportello> {
        if let Some(app) = self.slot.read().await.as_ref() {
            return Ok(app.clone());
        }
        let mut slot = self.slot.write().await;
        if let Some(app) = slot.as_ref() {
            return Ok(app.clone());
        }
        let app = (self.open)().await?;
        tracing::info!("database reachable again: the application is open");
        *slot = Some(app.clone());
        Ok(app)
    }
}
