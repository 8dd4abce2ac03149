//! Sportello's application layer: the use cases the desktop app and the command line call.
//!
//! Each use case takes the [`Principal`] who acts, asks the one policy (`sportello_domain::policy`)
//! for the scope it needs, and calls the store (and the issuance service) with that scope. The store
//! functions that touch citizen data, the register or the users take a scope only the policy makes, so
//! a use case cannot forget the check and neither the shell nor the CLI checks anything itself.
//!
//! It deliberately holds no SQL (that is `sportello-store`'s), no rule about states or deadlines (that
//! is `sportello-domain`'s) and nothing of Tauri.

mod certificates;
mod error;
mod register;
mod review;
mod session;
mod users;

use std::sync::Arc;

pub use error::{Error, Result};
pub use sportello_domain::policy::Principal;
use sportello_issuance::{Certificates, Renderer};
use sportello_store::Store;

/// The application over one store: cheap to clone, shared by every command.
#[derive(Debug, Clone)]
pub struct Sportello {
    store: Store,
    certificates: Certificates,
}

impl Sportello {
    /// The application over `store`, with certificates rendered by `renderer` (the fonts are loaded
    /// once and shared with the decision letters).
    pub fn new(store: Store, renderer: Arc<Renderer>) -> Self {
        Self {
            certificates: Certificates::with_renderer(store.clone(), renderer),
            store,
        }
    }

    /// The same, loading the fonts on first use (the CLI and tests).
    pub fn without_renderer(store: Store) -> Self {
        Self {
            certificates: Certificates::new(store.clone()),
            store,
        }
    }

    /// The store underneath, for maintenance commands and tests that read raw rows.
    pub fn store(&self) -> &Store {
        &self.store
    }
}
