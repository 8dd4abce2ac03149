//! The signing devices behind [`crate::Signer`]: PKCS#12 files (on [`crate::SoftwareSigner`]),
//! PKCS#11 tokens and smart cards, remote signing services.

mod pkcs12;
pub mod pkcs11;
mod probe;
pub mod remote;

pub use probe::{candidate_modules, existing, ModuleOs, WindowsDirs};
