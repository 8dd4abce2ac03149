//! Sportello's application layer: the use cases the desktop app and the command line call.
//!
//! Each use case takes the [`Principal`] who acts, asks the one policy (`sportello_domain::policy`)
//! for the scope it needs, and calls the store (and the issuance service) with that scope. The store
//! functions that touch citizen data, the register or the users take a scope only the policy makes, so
//! a use case cannot forget the check and neither the shell nor the CLI checks anything itself.
//!
//! It deliberately holds no SQL (that is `sportello-store`'s), no rule about states or deadlines (that
//! is `sportello-domain`'s) and nothing of Tauri.

mod audit;
mod certificates;
mod contacts;
mod error;
mod link;
mod opening;
mod register;
mod review;
mod session;
mod timed;
mod users;

use std::sync::Arc;

pub use certificates::MAX_VERIFY_BYTES;
use chrono::{DateTime, Utc};
pub use error::{Error, Result};
pub use opening::{Open, Opening};
pub use sportello_domain::policy::Principal;
use sportello_issuance::{Certificates, LetterDesk, Renderer};
use sportello_store::Store;
pub use timed::{TimedRun, TIMED_LEASE};

/// The application over one store: cheap to clone, shared by every command.
#[derive(Debug, Clone)]
pub struct Sportello {
    store: Store,
    certificates: Certificates,
}

impl Sportello {
    /// The application over `store`, with decision letters and certificates printed by `renderer`
    /// (its fonts loaded once): letters are PDF/A, sealed with the demo seal in a demo. This is the one
    /// letter path: the app, the CLI, the demo loader and the tests all print through it.
    pub async fn with_renderer(store: Store, renderer: Arc<Renderer>) -> Result<Self> {
        let desk = LetterDesk::load(&store, renderer.clone()).await?;
        let store = store.with_letter_printer(Arc::new(desk));
        Ok(Self {
            certificates: Certificates::with_renderer(store.clone(), renderer),
            store,
        })
    }

    /// The same, loading the fonts now.
    pub async fn new(store: Store) -> Result<Self> {
        let renderer = Arc::new(Renderer::new()?);
        Self::with_renderer(store, renderer).await
    }

    /// Opens the database at `url` as a workstation does (`Store::open_workstation`) and, when it
    /// is the embedded file and empty, fills it with the demo (the installation acts: the System
    /// principal) — the embedded default's first run. An empty server is IT's to prepare: it never
    /// gets demo data by itself.
    pub async fn open_or_demo(url: &str, now: DateTime<Utc>) -> Result<Self> {
        let store = Store::open_workstation(url).await?;
        let empty = store.is_empty().await?;
        if empty && store.postgres_pool().is_some() {
            tracing::error!("the server's database has no users: it was never prepared");
            return Err(sportello_domain::AppError::new(
                sportello_domain::ErrorCode::Unavailable,
                "Il database del server non è ancora pronto (nessun utente): l'ufficio informatico deve prepararlo con sportello migrate e sportello user add.",
            )
            .into());
        }
        if empty {
            // The demo Comune's identity first, so the demo's letters are printed with it.
            sportello_issuance::config::load_demo(&store).await?;
        }
        let app = Self::new(store).await?;
        if empty {
            let summary = app
                .load_demo(&Principal::System, now, DEMO_SUBMISSIONS, DEMO_SEED)
                .await?;
            tracing::info!(?summary, "empty database: demo data loaded");
        }
        Ok(app)
    }

    /// The store underneath, for maintenance commands and tests that read raw rows.
    pub fn store(&self) -> &Store {
        &self.store
    }
}

/// How many submissions the demo has, and the seed that makes it the same every time.
pub const DEMO_SUBMISSIONS: usize = 300;
pub const DEMO_SEED: u64 = 2026;
