//! The commands the UI calls: thin adapters that take input, get state, call one use case of the
//! application and map its error to `{code, message}`. Which commands exist, with which arguments
//! and answers, is written once, in `list.rs`.

pub mod admin;
mod args;
pub mod attachments;
pub mod audit;
pub mod certificates;
pub mod contacts;
mod contract;
pub mod queue;
pub mod register;
pub mod review;
mod save;
pub mod session;
pub mod sync;

pub use args::{Body, Progress};
pub use contract::{invoke_handler, typescript};

/// What every command returns: a value, or `{code, message}` for the UI.
pub type CommandResult<T> = Result<T, sportello_domain::AppError>;

/// What a command works with: the shell's state (through `Deref`) and the app, for dialogs.
#[derive(Debug)]
pub struct Cx<'a> {
    state: tauri::State<'a, crate::AppState>,
    pub window: tauri::AppHandle,
}

impl<'a> Cx<'a> {
    pub fn new(state: tauri::State<'a, crate::AppState>, window: tauri::AppHandle) -> Self {
        Self { state, window }
    }
}

impl std::ops::Deref for Cx<'_> {
    type Target = crate::AppState;
    fn deref(&self) -> &crate::AppState {
        &self.state
    }
}
