//! A local stand-in for the Comune's portal: OpenCity Italia's API as `OPENCITY_API.md` documents
//! it, built to the document and never the other way round.
//!
//! - Generated applications for every catalogue service ([`data`]): v2 shapes with Form.io's
//!   nested `data`, valid fiscal codes and IBANs, the documented quirks (`payment_data` `[]` or an
//!   object, `links` a list or a numeric-key object, `meta.count` a number or a string), drafts the
//!   list leaves out, withdrawn ones, a share breaking a service rule ([`RuleBreak`]) and a share
//!   built to hurt ([`Hostile`]). Deterministic by seed.
//! - JWT login, paged and filtered lists (`limit` ≤ 100), transitions with the documented rules and
//!   errors ([`workflow`]), messages, attachments (real PDFs, JPEG photos).
//! - Faults ([`Fault`]): latency, 5xx, hangs, dropped connections, truncated or malformed JSON,
//!   duplicated or shuffled pages, bad attachment bytes, early token expiry, and answers lost after
//!   the action was applied. Each drawn from a seeded stream; counted on the [`SimHandle`].
//! - A record of every transition call and message, and the citizen's side, for the tests.
//!
//! It is not the portal: no Form.io schemas, no payments, one tenant.

mod actions;
mod config;
pub mod data;
mod faults;
mod files;
mod handle;
mod rng;
mod routes;
mod state;
pub mod workflow;

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

pub use config::SimConfig;
pub use data::{generate, Generated, Hostile, Kind, PortalService, RuleBreak, SERVICES};
pub use faults::{expected, Fault};
pub use files::{attachment_bytes, pdf, HUGE_SIZE};
pub use handle::SimHandle;
pub use state::{operator_id, Message, MessageFile, ReceivedTransition};

/// Serves the simulator on `listener` until the task is dropped; returns a handle on its state.
pub fn serve(
    listener: tokio::net::TcpListener,
    config: SimConfig,
) -> (SimHandle, tokio::task::JoinHandle<()>) {
    let base = listener.local_addr().map_or_else(
        |_| "http://localhost/lang/api".to_owned(),
        |a| format!("http://{a}/lang/api"),
    );
    let sim = Arc::new(state::Sim {
        store: Mutex::new(state::Store::new(&config, &base)),
        config,
        base,
        counters: faults::Counters::default(),
        logins: AtomicU64::new(0),
        tokens: Mutex::new(HashMap::new()),
    });
    let app = routes::router(sim.clone());
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "portal simulator stopped");
        }
    });
    (SimHandle { sim }, task)
}
