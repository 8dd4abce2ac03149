//! Sportello's digital signatures.
//!
//! Owns: PAdES baseline B-B signing of (PDF/A) documents by incremental update
//! ([`prepare`] / [`Prepared`] / [`sign_pdf`]), the signing devices behind the [`Signer`] trait
//! (PKCS#12 file, PKCS#11 smart card or token, remote signing service, demo seal), and the
//! verification of the signatures in a PDF ([`verify()`]).
//!
//! Does not own: rendering documents, storing keys or settings (the app stores the demo seal's
//! bytes and the device configuration), Tauri commands, trust decisions about qualified
//! certificate lists (EU trusted lists), revocation checks.

pub mod certificate;
mod demo;
pub mod devices;
mod error;
pub mod pades;
mod signer;
mod verify;

pub use demo::DemoSeal;
pub use devices::pkcs11::{probe_modules, Pkcs11Config, Pkcs11Signer};
pub use devices::remote::{RemoteConfig, RemoteSigner};
pub use error::{Result, SignError, SignErrorCode};
pub use pades::{
    prepare, sign_pdf, ByteRange, Prepared, SignatureOptions, SignedAttributes,
    DEFAULT_RESERVED_BYTES,
};
pub use signer::{SignatureAlgorithm, Signer, SoftwareKey, SoftwareSigner};
pub use verify::{verify, PadesLevel, SignatureReport, Verification};
#[cfg(feature = "test-support")]
pub mod testing;
