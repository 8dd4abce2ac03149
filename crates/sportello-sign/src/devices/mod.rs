//! The signing devices behind [`crate::Signer`]: PKCS#12 files (on [`crate::SoftwareSigner`]),
//! PKCS#11 tokens and smart cards, remote signing services.

pub mod pkcs11;
mod pkcs12;
mod probe;
pub mod remote;

pub use probe::{candidate_modules, existing, ModuleOs, WindowsDirs};
