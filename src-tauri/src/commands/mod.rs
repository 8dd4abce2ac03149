//! The commands the UI calls: thin adapters that take input, get state, call one store function and
//! map its error to `{code, message}`.

pub mod admin;
pub mod certificates;
pub mod queue;
pub mod register;
pub mod review;
pub mod session;

/// What every command returns: a value, or `{code, message}` for the UI.
pub type CommandResult<T> = Result<T, sportello_domain::AppError>;
