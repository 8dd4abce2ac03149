//! Arguments that are not JSON keys: a file sent as the request's raw body, and a progress channel.
//! Each says how it reaches Rust (`CommandArg`) and how the UI names it (`TS`), so the list can
//! declare them like any other argument.

use tauri::ipc::{Channel, CommandArg, CommandItem, InvokeBody, InvokeError};
use tauri::Runtime;
use ts_rs::{TypeVisitor, TS};

/// A file the window sends as the request body: bytes, not a JSON array of numbers. A call that
/// sent JSON instead gets an Italian message.
pub struct Body(pub Vec<u8>);

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Body({} bytes)", self.0.len())
    }
}

impl<'de, R: Runtime> CommandArg<'de, R> for Body {
    fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        match command.message.payload() {
            InvokeBody::Raw(bytes) => Ok(Self(bytes.clone())),
            InvokeBody::Json(_) => {
                tracing::warn!(
                    command = command.name,
                    "a file argument arrived as JSON, not as the raw body"
                );
                Err(InvokeError::from(sportello_domain::AppError::invalid(
                    "Il documento non è arrivato come file.",
                )))
            }
        }
    }
}

impl TS for Body {
    type WithoutGenerics = Self;
    fn name() -> String {
        "Uint8Array".to_owned()
    }
    fn inline() -> String {
        Self::name()
    }
    fn inline_flattened() -> String {
        panic!("Uint8Array cannot be flattened")
    }
    fn decl() -> String {
        panic!("Uint8Array is not declared")
    }
    fn decl_concrete() -> String {
        Self::decl()
    }
}

/// Events the command sends while it runs (one per certificate of a batch).
pub struct Progress<T>(pub Channel<T>);

impl<T> std::fmt::Debug for Progress<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

impl<'de, R: Runtime, T> CommandArg<'de, R> for Progress<T> {
    fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        Channel::from_command(command).map(Self)
    }
}

impl<T: TS> TS for Progress<T> {
    type WithoutGenerics = Progress<ts_rs::Dummy>;
    fn ident() -> String {
        "Channel".to_owned()
    }
    fn name() -> String {
        format!("Channel<{}>", T::name())
    }
    fn inline() -> String {
        Self::name()
    }
    fn inline_flattened() -> String {
        panic!("Channel cannot be flattened")
    }
    fn visit_generics(v: &mut impl TypeVisitor)
    where
        Self: 'static,
    {
        T::visit_generics(v);
        v.visit::<T>();
    }
    fn decl() -> String {
        panic!("Channel is not declared")
    }
    fn decl_concrete() -> String {
        Self::decl()
    }
}
