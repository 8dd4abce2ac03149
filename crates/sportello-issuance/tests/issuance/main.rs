//! Certificates issued for real: rendered, made PDF/A, signed, registered, then checked by the
//! independent validators (pyHanko, pdfsig, qpdf, pdftotext) and by our own verification.
#![allow(clippy::unwrap_used)]

mod asked;
mod batch;
mod every_kind;
mod letters;
mod support;
