//! The validators every signature test runs, shared with the crates that issue signed documents.
pub use sportello_sign::testing::validators::*;
