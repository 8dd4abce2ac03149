//! Sportello's certificate issuance, from an approved request to a signed, registered certificate,
//! and the verification of a document someone brings.
//!
//! It owns the use cases that span the other crates: ANPR's blocking checks on the register's data
//! (`sportello-domain`), rendering to PDF/A (`sportello-documents`), the PAdES signature with the
//! configured device (`sportello-sign`) and the outgoing registration (`sportello-store`), in batches
//! that use both cores and leave no gap in the register. It knows nothing of Tauri: the app and the
//! CLI call [`Certificates`].

mod batch;
pub mod config;
mod device;
mod error;
mod letters;
mod render;
mod request;
mod sample;
mod service;
mod verify;

pub use batch::Issuer;
pub use config::{ComuneConfig, DeviceConfig, VirtualStamp};
pub use device::{demo_seal, open_signer, OpenedDevice};
pub use error::{IssueError, Result};
pub use letters::LetterDesk;
pub use render::Renderer;
pub use sample::{register_sample_family, sample_certificate, sample_request};
pub use service::Certificates;
pub use verify::verify_document;
