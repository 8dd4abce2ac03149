//! The application driven as the app's commands drive it (policy, use cases, store): a fresh SQLite
//! file per test.
#![allow(clippy::unwrap_used, clippy::many_single_char_names)]

mod approval;
mod audit;
mod bulk;
mod catalogue;
mod certificates;
mod concurrency;
mod contacts;
mod desk;
mod helpers;
mod ldap;
mod link;
mod live;
mod postgres;
mod protocol;
mod queue;
mod reconnect;
mod replies;
mod review;
mod roles;
mod roles_policy;
mod shared;
mod timed;
mod users;
