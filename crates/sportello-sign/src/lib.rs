//! Sportello's digital signatures.
//!
//! Owns: PAdES baseline B-B and B-T signing of (PDF/A) documents by incremental update
//! ([`prepare`] / [`Prepared`] / [`sign_pdf`]), the RFC 3161 client that fetches B-T's
//! signature time-stamp ([`TimestampAuthority`]), the signing devices behind the [`Signer`] trait
//! (PKCS#12 file, PKCS#11 smart card or token, remote signing service, demo seal), and the
//! verification of the signatures in a PDF ([`verify()`]).
//!
//! Does not own: rendering documents, storing keys or settings (the app stores the demo seal's
//! bytes and the device configuration), Tauri commands, trust decisions about qualified
//! certificate lists (EU trusted lists), revocation checks.
//!
//! Usage, from a blocking context (in async code inside `tokio::task::spawn_blocking`):
//!
//! ```text
//! let signer = Pkcs11Signer::open(&Pkcs11Config { module, token_label: None, pin })?; // PIN once
//! // or SoftwareSigner::from_pkcs12_file(path, password)?, RemoteSigner::connect(config)?,
//! //    DemoSeal::from_parts(&stored_key, &stored_cert)? (DemoSeal::create on first run)
//! let mut options = SignatureOptions::new(clock_now);
//! options.timestamp_url = configured_tsa; // Some(url): B-T (RFC 3161 time-stamp); None: B-B
//! for pdf in batch {
//!     let signed = sign_pdf(&pdf, &options, &signer)?;
//! }
//! let report = verify(&signed)?; // report.all_valid(), report.signatures[0].signer, …
//! ```
//!
//! A device that cannot sign arbitrary bytes (a remote service returning a whole CMS) uses the
//! phases: [`prepare`], [`Prepared::signed_attributes`], [`SignedAttributes::into_cms`],
//! for B-T [`add_signature_timestamp`], then [`Prepared::embed`].

pub mod certificate;
mod demo;
pub mod devices;
mod error;
pub mod pades;
mod signer;
mod timestamp;
mod verify;

pub use demo::DemoSeal;
pub use devices::pkcs11::{probe_modules, Pkcs11Config, Pkcs11Signer};
pub use devices::remote::{RemoteConfig, RemoteSigner};
pub use error::{Result, SignError, SignErrorCode};
pub use pades::{
    add_signature_timestamp, prepare, sign_pdf, ByteRange, Prepared, SignatureOptions,
    SignedAttributes, DEFAULT_RESERVED_BYTES, TIMESTAMP_RESERVED_BYTES,
};
pub use signer::{SignatureAlgorithm, Signer, SoftwareKey, SoftwareSigner};
pub use timestamp::{
    TimestampAuthority, DEFAULT_TIMESTAMP_TIMEOUT, TIMESTAMP_QUERY, TIMESTAMP_REPLY,
};
pub use verify::{verify, PadesLevel, SignatureReport, Verification};
#[cfg(feature = "test-support")]
pub mod testing;
