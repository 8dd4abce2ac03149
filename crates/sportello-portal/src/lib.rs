//! The Comune's portal (OpenCity Italia's "Stanza del Cittadino") as Sportello reads it, built to
//! `../shared/OPENCITY_API.md` — the API as the platform's server code and a Comune's production
//! client use it — not to our own simulator.
//!
//! - [`model`]: the application object (v2), its file references, the paged envelope, the services,
//!   each tolerant of the documented quirks (`payment_data` as `[]` or an object, `links` as an array
//!   or a numeric-key object, camelCase `originalName`, `meta.count` as a number or a string).
//! - [`status`]: the platform's status codes (strings on the wire) and what each means for Sportello.
//! - [`mapping`]: Form.io's nested JSON onto the catalogue, by per-service mappings in configuration.
//! - [`client`]: the HTTP client: login and login again on 401, retries with backoff, paging.

pub mod client;
pub mod mapping;
pub mod model;
pub mod status;
