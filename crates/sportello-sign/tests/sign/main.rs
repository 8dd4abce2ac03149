//! Sportello's signatures checked by independent validators (pyHanko, pdfsig, qpdf), one
//! integration-test binary for the whole crate.

// Helpers outside #[test] functions panic on purpose: a failed setup is a failed test.
#![allow(clippy::unwrap_used)]

mod demo;
mod pades;
mod pkcs11;
mod pkcs12;
mod remote;
mod timestamp;
mod tools;
