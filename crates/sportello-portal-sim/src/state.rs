//! The simulator's state: the applications as they change, who holds which token, and what every
//! transition call and message carried (for the tests' assertions).

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::config::SimConfig;
use crate::data::{Generated, Generator};
use crate::faults::Counters;

/// One transition call as it arrived, and what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedTransition {
    pub action: String,
    /// The body as sent (`null` when empty or not JSON).
    pub body: Value,
    /// The caller's user id (empty when the token was refused).
    pub user: String,
    pub at: DateTime<Utc>,
    /// Whether the application changed because of it.
    pub applied: bool,
    /// The answer's status: 204, 400, 401, 404, 503; 0 when the connection was dropped.
    pub answer: u16,
    /// Applied, but the caller was told otherwise (a lost answer: 503 or dropped).
    pub answer_lost: bool,
    /// The same action with the same body was already applied to this application.
    pub duplicate: bool,
}

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageFile {
    pub id: String,
    pub name: String,
    pub mime_type: String,
    pub bytes: Vec<u8>,
}

/// A message on an application (§6), with what the tests need besides.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub id: String,
    pub message: String,
    pub author: String,
    /// `applicant` or `internal`.
    pub visibility: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<String>,
    pub read_at: Option<String>,
    pub clicked_at: Option<String>,
    pub protocol_required: bool,
    pub protocolled_at: Option<String>,
    pub protocol_number: Option<String>,
    pub attachments: Vec<MessageFile>,
    /// Written by the citizen (through [`crate::SimHandle`]), not posted through the API.
    pub from_citizen: bool,
    /// Stored, but the poster got a 503 or a dropped connection.
    pub answer_lost: bool,
}

impl Message {
    /// The message as the API shows it.
    pub fn to_json(&self, base: &str, application: &str) -> Value {
        let files: Vec<Value> = self
            .attachments
            .iter()
            .map(|f| json!({"id": f.id, "name": f.name,
                "url": format!("{base}/applications/{application}/messages/{}/attachments/{}", self.id, f.id)}))
            .collect();
        json!({
            "id": self.id, "message": self.message, "author": self.author,
            "application": application, "visibility": self.visibility,
            "created_at": crate::data::time::iso(self.created_at), "sent_at": self.sent_at,
            "read_at": self.read_at, "clicked_at": self.clicked_at,
            "protocol_required": self.protocol_required, "protocolled_at": self.protocolled_at,
            "protocol_number": self.protocol_number, "attachments": files,
        })
    }
}

/// One application and its history in the simulator.
#[derive(Debug, Clone)]
pub struct Record {
    pub generated: Generated,
    pub value: Value,
    pub assignee: Option<String>,
    pub transitions: Vec<ReceivedTransition>,
    pub messages: Vec<Message>,
    pub history: Vec<Value>,
    /// When the last request for integration was made.
    pub integration_requested: Option<DateTime<Utc>>,
}

impl Record {
    pub fn new(generated: Generated) -> Self {
        Self {
            value: generated.value.clone(),
            generated,
            assignee: None,
            transitions: Vec::new(),
            messages: Vec::new(),
            history: Vec::new(),
            integration_requested: None,
        }
    }

    pub fn status(&self) -> String {
        self.value["status"].as_str().unwrap_or_default().to_owned()
    }
}

/// The mutable part of the simulator.
#[derive(Debug)]
pub struct Store {
    pub generator: Generator,
    pub records: Vec<Record>,
    index: HashMap<String, usize>,
    /// Downloads per file id (a second download may be served different bytes).
    pub served: HashMap<String, u32>,
    /// Files made after the start: outcome attachments (id → name, media type, bytes).
    pub made_files: HashMap<String, MessageFile>,
    next_id: u64,
}

impl Store {
    pub fn new(config: &SimConfig, base: &str) -> Self {
        let mut generator = Generator::new(config, base);
        let first = generator.listed(config.applications);
        let mut store = Self {
            generator,
            records: Vec::new(),
            index: HashMap::new(),
            served: HashMap::new(),
            made_files: HashMap::new(),
            next_id: 0,
        };
        store.extend(first);
        store
    }

    pub fn extend(&mut self, generated: Vec<Generated>) {
        for g in generated {
            self.index.insert(g.id.clone(), self.records.len());
            self.records.push(Record::new(g));
        }
    }

    pub fn get(&self, id: &str) -> Option<&Record> {
        self.index.get(id).map(|i| &self.records[*i])
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Record> {
        self.index.get(id).map(|i| &mut self.records[*i])
    }

    /// A fresh id for a message or a file (`prefix` is its first eight hex digits).
    pub fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}-0000-4000-8000-{:012}", self.next_id)
    }
}

/// Who a token belongs to.
#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: String,
    pub username: String,
    pub until: Instant,
}

/// Everything the handlers share.
#[derive(Debug)]
pub struct Sim {
    pub config: SimConfig,
    /// `http://host:port/lang/api`.
    pub base: String,
    pub counters: Counters,
    pub logins: AtomicU64,
    pub tokens: Mutex<HashMap<String, Session>>,
    pub store: Mutex<Store>,
}

impl Sim {
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn tokens(&self) -> MutexGuard<'_, HashMap<String, Session>> {
        self.tokens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The portal's user id of an operator account (stable per username).
pub fn operator_id(username: &str) -> String {
    let hash = username.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("a0000000-0000-4000-8000-{:012}", hash % 1_000_000_000_000)
}
