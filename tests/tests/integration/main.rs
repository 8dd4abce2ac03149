//! The store driven through the domain, as the app uses it: a fresh SQLite file per test.
#![allow(clippy::unwrap_used)]

mod certificates;
mod helpers;
mod protocol;
mod queue;
mod review;
mod users;
