//! Arguments and answers that are not JSON: a file sent as the request's raw body, a file sent back
//! as the response's raw body, and a progress channel. Each says how it crosses (`CommandArg`,
//! `IpcResponse`) and how the UI names it (`TS`), so the list can declare them like any other type.

use tauri::ipc::{
    Channel, CommandArg, CommandItem, InvokeBody, InvokeError, InvokeResponseBody, IpcResponse,
};
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

/// A file the shell sends back as the response body: the window receives an `ArrayBuffer`, not a
/// JSON array of numbers (a 10 MB scan would be ~40 MB of JSON).
pub struct Bytes(pub Vec<u8>);

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bytes({} bytes)", self.0.len())
    }
}

impl IpcResponse for Bytes {
    fn body(self) -> tauri::Result<InvokeResponseBody> {
        Ok(InvokeResponseBody::Raw(self.0))
    }
}

impl TS for Bytes {
    type WithoutGenerics = Self;
    fn name() -> String {
        "ArrayBuffer".to_owned()
    }
    fn inline() -> String {
        Self::name()
    }
    fn inline_flattened() -> String {
        panic!("ArrayBuffer cannot be flattened")
    }
    fn decl() -> String {
        panic!("ArrayBuffer is not declared")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_typed_as_the_window_sees_them() {
        assert_eq!(Bytes::name(), "ArrayBuffer");
        assert_eq!(Bytes::inline(), "ArrayBuffer");
        assert!(
            <Bytes as TS>::output_path().is_none(),
            "no binding file to import"
        );
        assert_eq!(Body::name(), "Uint8Array");
    }

    #[test]
    fn bytes_cross_as_the_raw_body() {
        let body = Bytes(b"%PDF-1.4".to_vec()).body().expect("a body");
        assert!(matches!(body, InvokeResponseBody::Raw(raw) if raw == b"%PDF-1.4"));
    }
}
