//! Sportello's documents: certificates (every kind ANPR issues here, and the «contestuale») and the
//! workflow's decision letters, rendered with genpdf on A4 in Titillium Web and made PDF/A-2b.
//!
//! It owns layout, fonts, the QR contrassegno image and PDF/A post-processing. It does not decide
//! what may be issued (that is `sportello_domain::certificate::check_issuable`), sign (the signing
//! crate appends an incremental update to these bytes), or store anything.
//!
//! [`Documents`] is built once (fonts parsed and compressed) and shared: it is `Send + Sync`, and
//! each call renders an independent document, so batches can run on several threads.

mod certificate;
mod comune;
pub mod fonts;
mod layout;
mod letter;
pub mod pdfa;
pub mod qr;
pub mod winansi;

use std::sync::Arc;

pub use certificate::CertificateDocument;
pub use comune::ComuneIdentity;
pub use letter::{LateDecision, Letter, LetterKind, Recipient};

use fonts::Fonts;

/// What went wrong while producing a document. Details are for the log, not for the officer.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("font {0} could not be read")]
    Font(&'static str),
    #[error("layout failed: {0}")]
    Layout(String),
    #[error("image could not be read: {0}")]
    Image(String),
    #[error("PDF post-processing failed: {0}")]
    Pdf(String),
}

/// The renderer: fonts loaded once, cheap to clone and share across threads.
#[derive(Debug, Clone)]
pub struct Documents {
    fonts: Arc<Fonts>,
}

impl Documents {
    /// Loads the bundled Titillium Web faces (a few milliseconds; do it once).
    pub fn new() -> Result<Self, DocumentError> {
        Ok(Self {
            fonts: Arc::new(Fonts::titillium()?),
        })
    }

    /// A certificate as PDF/A-2b bytes, ready to be signed.
    pub fn render_certificate(
        &self,
        document: &CertificateDocument,
        comune: &ComuneIdentity,
    ) -> Result<Vec<u8>, DocumentError> {
        let raw = certificate::render(&self.fonts, document, comune)?;
        pdfa::conform(&raw, &document.metadata(comune), &self.fonts)
    }

    /// A decision letter as PDF/A-2b bytes, ready to be signed.
    pub fn render_letter(
        &self,
        letter: &Letter,
        comune: &ComuneIdentity,
    ) -> Result<Vec<u8>, DocumentError> {
        let raw = letter::render(&self.fonts, letter, comune)?;
        pdfa::conform(&raw, &letter.metadata(comune), &self.fonts)
    }

    /// genpdf's output before PDF/A post-processing (for tests and benchmarks).
    #[doc(hidden)]
    pub fn render_certificate_raw(
        &self,
        document: &CertificateDocument,
        comune: &ComuneIdentity,
    ) -> Result<Vec<u8>, DocumentError> {
        certificate::render(&self.fonts, document, comune)
    }
}
