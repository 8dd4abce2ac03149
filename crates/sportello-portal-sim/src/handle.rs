//! What a test holds while the simulator runs: its counters and records, and the citizen's side
//! of the portal (withdrawing, answering, new applications arriving).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use crate::data::{Generated, Kind};
use crate::faults::Fault;
use crate::state::{Message, MessageFile, ReceivedTransition, Sim};

/// A handle on a running simulator.
#[derive(Clone)]
pub struct SimHandle {
    pub(crate) sim: Arc<Sim>,
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle").finish_non_exhaustive()
    }
}

impl SimHandle {
    /// Logins granted.
    pub fn logins(&self) -> u64 {
        self.sim.logins.load(Ordering::SeqCst)
    }

    /// 503s injected by the `fail_5xx` share.
    pub fn failures(&self) -> u64 {
        self.sim.counters.injected(Fault::FiveXx)
    }

    /// How many times `fault` was injected.
    pub fn injected(&self, fault: Fault) -> u64 {
        self.sim.counters.injected(fault)
    }

    /// How many times `fault` was decided (injected or not): with [`crate::expected`], what a
    /// test compares [`SimHandle::injected`] with.
    pub fn draws(&self, fault: Fault) -> u64 {
        self.sim.counters.draws(fault)
    }

    /// Expires every token now (as a portal restart or a short TTL would).
    pub fn expire_tokens(&self) {
        self.sim.tokens().clear();
    }

    /// The API's base URL (`http://127.0.0.1:port/lang/api`).
    pub fn base_url(&self) -> String {
        self.sim.base.clone()
    }

    /// Applications the list shows by default (not drafts), as of now.
    pub fn applications_count(&self) -> usize {
        let store = self.sim.store();
        store
            .records
            .iter()
            .filter(|r| r.status() != "1000")
            .count()
    }

    /// Every application as generated (drafts included), with what it was meant to be.
    pub fn generated(&self) -> Vec<Generated> {
        self.sim
            .store()
            .records
            .iter()
            .map(|r| r.generated.clone())
            .collect()
    }

    /// What an application was generated as.
    pub fn kind(&self, application: &str) -> Option<Kind> {
        self.sim.store().get(application).map(|r| r.generated.kind)
    }

    /// The application as the API serves it now.
    pub fn application(&self, application: &str) -> Option<serde_json::Value> {
        self.sim.store().get(application).map(|r| r.value.clone())
    }

    /// The status code now (`"2000"`, …).
    pub fn status(&self, application: &str) -> Option<String> {
        self.sim
            .store()
            .get(application)
            .map(crate::state::Record::status)
    }

    /// The operator an application is assigned to (a user id).
    pub fn assignee(&self, application: &str) -> Option<String> {
        self.sim
            .store()
            .get(application)
            .and_then(|r| r.assignee.clone())
    }

    /// Every transition call received for an application, in order.
    pub fn transitions(&self, application: &str) -> Vec<ReceivedTransition> {
        self.sim
            .store()
            .get(application)
            .map(|r| r.transitions.clone())
            .unwrap_or_default()
    }

    /// How many `action` calls changed the application: 1 when delivered exactly once.
    pub fn applied(&self, application: &str, action: &str) -> usize {
        self.transitions(application)
            .iter()
            .filter(|t| t.applied && t.action == action)
            .count()
    }

    /// Every message on an application (internal ones and the citizen's included).
    pub fn messages(&self, application: &str) -> Vec<Message> {
        self.sim
            .store()
            .get(application)
            .map(|r| r.messages.clone())
            .unwrap_or_default()
    }

    /// The citizen opens every applicant-visible message of an application on the portal (its
    /// `read_at` set); returns how many were unread.
    pub fn citizen_reads(&self, application: &str) -> usize {
        let mut store = self.sim.store();
        let Some(record) = store.get_mut(application) else {
            return 0;
        };
        let now = crate::data::time::iso(chrono::Utc::now());
        let mut opened = 0;
        for m in &mut record.messages {
            if m.visibility == "applicant" && !m.from_citizen && m.read_at.is_none() {
                m.read_at = Some(now.clone());
                opened += 1;
            }
        }
        opened
    }

    /// The citizen withdraws the application (20000); false when it is a draft or closed.
    pub fn citizen_withdraws(&self, application: &str) -> bool {
        let mut store = self.sim.store();
        store
            .get_mut(application)
            .is_some_and(|r| r.withdraw(&self.sim.base))
    }

    /// The citizen answers a request for integration from the portal: a message with its files,
    /// and the integration concluded (4200 → 4300). In other statuses it is only a message.
    /// Returns the message id, `None` for an unknown application.
    pub fn citizen_sends_message(
        &self,
        application: &str,
        text: &str,
        attachments: Vec<(String, Vec<u8>)>,
    ) -> Option<String> {
        self.citizen_message(application, text, attachments, true)
    }

    /// The citizen writes a message without concluding the integration (the status stays): the
    /// operator then names it in `accept-integration`, or passes `null` to take those since the
    /// request.
    pub fn citizen_comments(
        &self,
        application: &str,
        text: &str,
        attachments: Vec<(String, Vec<u8>)>,
    ) -> Option<String> {
        self.citizen_message(application, text, attachments, false)
    }

    fn citizen_message(
        &self,
        application: &str,
        text: &str,
        attachments: Vec<(String, Vec<u8>)>,
        concludes: bool,
    ) -> Option<String> {
        let mut store = self.sim.store();
        store.get(application)?;
        let files: Vec<MessageFile> = attachments
            .into_iter()
            .map(|(name, bytes)| MessageFile {
                id: store.new_id("b0000000"),
                mime_type: media_type(&name).into(),
                name,
                bytes,
            })
            .collect();
        let id = store.new_id("e0000000");
        store.get_mut(application)?.citizen_message(
            &self.sim.base,
            id.clone(),
            text,
            files,
            concludes,
        );
        Some(id)
    }

    /// `n` more applications arrive (submitted after every earlier one); their ids (drafts
    /// begun meanwhile come on top and are not among them).
    pub fn add_applications(&self, n: usize) -> Vec<String> {
        let mut store = self.sim.store();
        let new = store.generator.listed(n);
        let ids = new
            .iter()
            .filter(|g| g.status() != "1000")
            .map(|g| g.id.clone())
            .collect();
        store.extend(new);
        ids
    }
}

/// The media type a citizen's file name suggests.
fn media_type(name: &str) -> &'static str {
    let extension = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("pdf") => "application/pdf",
        Some("jpg" | "jpeg") => "image/jpeg",
        _ => "application/octet-stream",
    }
}
