//! The store driven through the domain, as the app uses it: a fresh SQLite file per test.

mod helpers;
mod protocol;
mod queue;
mod review;
mod users;
