//! The contract between the window and the core, made from the one list in `list.rs`: the Tauri
//! commands (each calls its module's function with the declared arguments, so a function that
//! disagrees with the list does not compile), the invoke handler, and the UI's TypeScript.

use std::any::TypeId;
use std::collections::BTreeSet;

use sportello_domain::audit::{AuditHead, AuditReport};
use sportello_domain::catalogue::Catalogue;
use sportello_domain::changes::ChangeEvent;
use sportello_domain::contact::{CallbackDue, ContactEntry, NewContact};
use sportello_domain::issuance::{
    CertificateAnnulmentRequest, IssueOutcome, IssueProgress, IssueRequest, IssuedCertificate,
    PendingCertificate, ReissueRequest, SigningDeviceInfo, VerificationReport,
};
use sportello_domain::link::{OutboxItem, SyncView};
use sportello_domain::message::{MessageEntry, NewMessage, UnreadNotice};
use sportello_domain::protocol::{AnnulmentRequest, RegisterEntry};
use sportello_domain::queue::{QueueFilter, QueuePage, QueueQuery, StateCounts};
use sportello_domain::submission::{Assignment, CounterSubmission, SubmissionDetail};
use sportello_domain::user::{
    AppInfo, Credentials, NewUser, PasswordChange, Session, UserInfo, UserUpdate, WorkstationInfo,
};
use sportello_domain::workflow::Action;
use ts_rs::TS;

use super::args::{Body, Bytes, Progress};
use super::{CommandResult, Cx};

/// One argument or answer as the TypeScript side sees it.
#[derive(Debug)]
struct TsType {
    name: String,
    /// The generated bindings it needs, by type name (each lives in `bindings/<name>.ts`).
    imports: BTreeSet<String>,
    /// Sent as the request's raw body rather than as a JSON key.
    raw_body: bool,
}

/// Collects the exported types a signature names, through generics (`Array<UserInfo>`).
struct Named(BTreeSet<String>);

impl ts_rs::TypeVisitor for Named {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_some() {
            self.0.insert(T::ident());
        }
        T::visit_generics(self);
    }
}

fn ts<T: TS + 'static + ?Sized>() -> TsType {
    let mut named = Named(BTreeSet::new());
    ts_rs::TypeVisitor::visit::<T>(&mut named);
    let imports = named.0;
    // Ids and years are far below 2^53: the domain's bindings type them as `number` too.
    let name = match T::name().as_str() {
        "bigint" => "number".to_owned(),
        other => other.to_owned(),
    };
    TsType {
        name,
        imports,
        raw_body: TypeId::of::<T>() == TypeId::of::<Body>(),
    }
}

/// One command as the list declares it.
#[derive(Debug)]
struct Command {
    name: &'static str,
    args: Vec<(&'static str, TsType)>,
    answer: TsType,
}

impl Command {
    /// `name: Type` for each argument, as the TypeScript side names and types them.
    fn params(&self) -> Vec<String> {
        self.args
            .iter()
            .map(|(n, t)| format!("{}: {}", camel(n), t.name))
            .collect()
    }
}

macro_rules! sportello_commands {
    ($( $module:ident :: $name:ident ( $( $arg:ident : $ty:ty ),* ) -> $answer:ty ; )*) => {
        /// The Tauri commands, one per entry of the list.
        pub mod handlers {
            use super::*;
            $(
                #[tauri::command]
                pub async fn $name(
                    state: tauri::State<'_, crate::AppState>,
                    window: tauri::AppHandle,
                    $( $arg: $ty ),*
                ) -> CommandResult<$answer> {
                    super::super::$module::$name(Cx::new(state, window), $( $arg ),*).await
                }
            )*
        }

        /// Registers every command of the list.
        pub fn invoke_handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![ $( handlers::$name ),* ]
        }

        fn commands() -> Vec<Command> {
            vec![$(
                Command {
                    name: stringify!($name),
                    args: vec![$( (stringify!($arg), ts::<$ty>()) ),*],
                    answer: ts::<$answer>(),
                }
            ),*]
        }
    };
}

include!("list.rs");

/// `snake_case` to `camelCase`, as Tauri maps argument keys and as the UI names functions.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The UI's `ui/src/api/commands.ts`: one typed function per command, the command names, and the
/// `Contract` map the test fixtures are typed by.
#[must_use]
pub fn typescript() -> String {
    use std::fmt::Write as _;
    let commands = commands();
    let imports: BTreeSet<&str> = commands
        .iter()
        .flat_map(|c| c.args.iter().map(|(_, t)| t).chain([&c.answer]))
        .flat_map(|t| t.imports.iter().map(String::as_str))
        .collect();
    let mut out = String::from(
        "// Generated from src-tauri/src/commands/list.rs by `cargo test -p sportello-app`: do not edit.\n",
    );
    out.push_str("import type { Channel } from '@tauri-apps/api/core';\n");
    for name in &imports {
        let _ = writeln!(out, "import type {{ {name} }} from './bindings/{name}';");
    }
    out.push_str("import { call } from './call';\n\n");
    out.push_str("/** Every command the shell registers, as the list declares them. */\n");
    out.push_str("export interface Contract {\n");
    for c in &commands {
        let args = c.params();
        let args = if args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            format!("{{ {} }}", args.join("; "))
        };
        let _ = writeln!(
            out,
            "  {}: {{ args: {args}; answer: {} }};",
            c.name, c.answer.name
        );
    }
    out.push_str("}\n\nexport type CommandName = keyof Contract;\n\n");
    out.push_str("export const COMMAND_NAMES: readonly CommandName[] = [\n");
    for c in &commands {
        let _ = writeln!(out, "  '{}',", c.name);
    }
    out.push_str("];\n");
    for c in &commands {
        let params = c.params();
        let payload = match c.args.as_slice() {
            [] => String::new(),
            [(n, t)] if t.raw_body => format!(", {}", camel(n)),
            args => {
                let keys: Vec<String> = args.iter().map(|(n, _)| camel(n)).collect();
                format!(", {{ {} }}", keys.join(", "))
            }
        };
        let _ = write!(
            out,
            "\nexport const {} = ({}): Promise<{}> =>\n  call('{}'{});\n",
            camel(c.name),
            params.join(", "),
            c.answer.name,
            c.name,
            payload
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_matches_tauri_argument_keys() {
        assert_eq!(camel("document_id"), "documentId");
        assert_eq!(camel("queue_page"), "queuePage");
        assert_eq!(camel("id"), "id");
    }

    #[test]
    fn the_raw_body_is_sent_as_the_body_and_channels_as_channels() {
        let ts = typescript();
        assert!(ts.contains("export const verifyDocument = (pdf: Uint8Array): Promise<VerificationReport> =>\n  call('verify_document', pdf);"), "{ts}");
        assert!(ts.contains("progress: Channel<IssueProgress>"), "{ts}");
        assert!(
            ts.contains("export const submissionDetail = (id: number)"),
            "{ts}"
        );
        assert!(
            ts.contains("import type { SubmissionDetail } from './bindings/SubmissionDetail';"),
            "{ts}"
        );
    }

    /// The catalogue shipped with the app, for the UI's test fixtures (the IPC mock serves it), so
    /// they cannot drift from the real services; CI fails on a stale file.
    #[test]
    fn export_catalogue_fixture() {
        let catalogue = Catalogue::builtin().expect("the built-in catalogue parses");
        let json =
            serde_json::to_string_pretty(&catalogue).expect("the catalogue serialises") + "\n";
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/test/catalogue.json");
        std::fs::write(&path, json).expect("write ui/src/test/catalogue.json");
    }

    /// Writes the UI's functions, as the domain's tests write its types; CI fails on a stale file.
    #[test]
    fn export_typescript_commands() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/api/commands.ts");
        std::fs::write(&path, typescript()).expect("write ui/src/api/commands.ts");
    }
}
