//! What changes an application: the operators' transitions (decided by [`crate::workflow`]) and
//! messages, and the citizen's own actions (withdrawing, answering).

use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::data::{service, time};
use crate::state::{Message, MessageFile, Record, Store};
use crate::workflow::{self, Change, Current, Refusal};

/// Reads `attachments: [{name, mime_type, file (base64)}]` (already validated where it matters).
pub fn decode_files(store: &mut Store, body: &Value) -> Vec<MessageFile> {
    let items = body
        .get("attachments")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    items
        .iter()
        .map(|item| {
            let text = |k: &str| {
                item.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            MessageFile {
                id: store.new_id("b0000000"),
                name: text("name"),
                mime_type: text("mime_type"),
                bytes: base64::engine::general_purpose::STANDARD
                    .decode(text("file"))
                    .unwrap_or_default(),
            }
        })
        .collect()
}

fn file_object(base: &str, app: &str, file: &MessageFile, now: DateTime<Utc>) -> Value {
    json!({"id": file.id, "name": file.name, "originalName": file.name,
        "url": format!("{base}/applications/{app}/attachments/{}?version=2", file.id),
        "description": file.name, "created_at": time::iso(now), "protocol_required": true,
        "protocol_number": null})
}

impl Store {
    /// Applies `action` by `caller` (a user id) to an application, now: `Ok` when the status
    /// changed, or the refusal to send.
    pub fn transition(
        &mut self,
        base: &str,
        id: &str,
        action: &str,
        caller: &str,
        body: &Value,
    ) -> Result<(), Refusal> {
        let not_found = || Refusal {
            status: 404,
            body: json!(["Application not found"]),
        };
        let record = self.get(id).ok_or_else(not_found)?;
        let status = record.status();
        let current = Current {
            status: &status,
            assignee: record.assignee.as_deref(),
            protocol_required: service(&record.generated.service)
                .is_some_and(|s| s.protocol_required),
            registered: !record.value["protocol_number"].is_null(),
        };
        let change = workflow::decide(action, &current, caller, body)?;
        let now = Utc::now();
        let files = decode_files(self, body);
        for file in &files {
            self.made_files.insert(file.id.clone(), file.clone());
        }
        let message_id = self.new_id("c0000000");
        let record = self.get_mut(id).ok_or_else(not_found)?;
        record.apply(base, action, caller, body, &change, &files, now, message_id);
        Ok(())
    }
}

fn text(body: &Value, key: &str) -> Value {
    body.get(key)
        .filter(|v| v.is_string())
        .cloned()
        .unwrap_or(Value::Null)
}

impl Record {
    #[allow(clippy::too_many_arguments)]
    fn apply(
        &mut self,
        base: &str,
        action: &str,
        caller: &str,
        body: &Value,
        change: &Change,
        files: &[MessageFile],
        now: DateTime<Utc>,
        message_id: String,
    ) {
        let id = self.generated.id.clone();
        let v = &mut self.value;
        let protocol = |v: &mut Value, prefix: &str| {
            v[format!("{prefix}protocol_number")] = text(body, "protocol_number");
            v[format!("{prefix}protocol_document_id")] = text(body, "protocol_document_id");
            v[format!("{prefix}protocol_time")] = json!(now.timestamp());
            v[format!("{prefix}protocolled_at")] = json!(time::iso(now));
        };
        match action {
            "register" => {
                v["protocol_folder_number"] = text(body, "protocol_folder_number");
                v["protocol_folder_code"] = text(body, "protocol_folder_code");
                protocol(v, "");
                let first = v["compiled_modules"][0]["id"]
                    .as_str()
                    .unwrap_or(&id)
                    .to_owned();
                v["protocol_numbers"] =
                    json!([{"id": first, "protocollo": body["protocol_number"]}]);
            }
            "register-outcome" => protocol(v, "outcome_"),
            "accept" | "reject" => {
                v["outcome"] = json!(action == "accept");
                v["outcome_motivation"] = text(body, "message");
                v["outcome_attachments"] = Value::Array(
                    files
                        .iter()
                        .map(|f| file_object(base, &id, f, now))
                        .collect(),
                );
            }
            "request-integration" => {
                let request = json!({"id": message_id, "name": "richiesta-integrazione.pdf",
                    "url": format!("{base}/applications/{id}/attachments/{message_id}?version=2"),
                    "originalName": "Richiesta integrazione.pdf", "description": body["message"],
                    "created_at": time::iso(now), "protocol_required": true, "protocol_number": null,
                    "attachments": files.iter().map(|f| file_object(base, &id, f, now)).collect::<Vec<_>>()});
                push(
                    v,
                    "integrations",
                    json!({"outbound": request, "inbound": null}),
                );
                self.integration_requested = Some(now);
                self.messages.push(Message {
                    id: message_id,
                    message: body["message"].as_str().unwrap_or_default().to_owned(),
                    author: caller.to_owned(),
                    visibility: "applicant".into(),
                    created_at: now,
                    sent_at: Some(time::iso(now)),
                    read_at: None,
                    clicked_at: None,
                    protocol_required: false,
                    protocolled_at: None,
                    protocol_number: None,
                    attachments: files.to_vec(),
                    from_citizen: false,
                    answer_lost: false,
                });
            }
            "accept-integration" => {
                let answer = self.answer(body);
                if let Some(last) = self.value["integrations"]
                    .as_array_mut()
                    .and_then(|l| l.last_mut())
                {
                    last["inbound"] = json!({"messages": answer, "created_at": time::iso(now)});
                }
            }
            _ => {}
        }
        if change.assign {
            self.assignee = Some(caller.to_owned());
        }
        self.set_status(base, change.to, now, caller, body["message"].as_str());
        if let Some(then) = change.then {
            let citizen = self.value["user"].as_str().unwrap_or_default().to_owned();
            self.set_status(base, then, now, &citizen, None);
        }
    }

    /// The messages that answer the last request for integration: those named, or the
    /// citizen's applicant-visible ones sent after it.
    fn answer(&self, body: &Value) -> Vec<String> {
        if let Some(named) = body.get("messages").and_then(Value::as_array) {
            return named
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
        }
        let since = self.integration_requested.unwrap_or_default();
        self.messages
            .iter()
            .filter(|m| m.from_citizen && m.visibility == "applicant" && m.created_at >= since)
            .map(|m| m.id.clone())
            .collect()
    }

    /// Moves to `status` now and writes it in the history.
    pub fn set_status(
        &mut self,
        base: &str,
        status: &str,
        now: DateTime<Utc>,
        user: &str,
        message: Option<&str>,
    ) {
        workflow::set_status(
            &mut self.value,
            status,
            now,
            base,
            self.generated.links_as_object,
        );
        self.history
            .push(json!({"status_code": status.parse::<i64>().unwrap_or(0),
            "status_name": workflow::status_name(status), "user": user, "message": message,
            "message_id": null, "date": time::iso(now)}));
    }

    /// The citizen withdraws (`withdraw`, citizen only): false when it is a draft or already
    /// closed.
    pub fn withdraw(&mut self, base: &str) -> bool {
        let status = self.status();
        if matches!(
            status.as_str(),
            "1000" | "7000" | "9000" | "20000" | "50000"
        ) {
            return false;
        }
        let citizen = self.value["user"].as_str().unwrap_or_default().to_owned();
        self.set_status(base, "20000", Utc::now(), &citizen, None);
        true
    }

    /// A message from the citizen; with `concludes`, the citizen also closes the integration
    /// from the portal (4100/4200 → 4300).
    pub fn citizen_message(
        &mut self,
        base: &str,
        id: String,
        text: &str,
        files: Vec<MessageFile>,
        concludes: bool,
    ) {
        let now = Utc::now();
        let citizen = self.value["user"].as_str().unwrap_or_default().to_owned();
        self.messages.push(Message {
            id: id.clone(),
            message: text.to_owned(),
            author: citizen.clone(),
            visibility: "applicant".into(),
            created_at: now,
            sent_at: Some(time::iso(now)),
            read_at: None,
            clicked_at: None,
            protocol_required: true,
            protocolled_at: None,
            protocol_number: None,
            attachments: files,
            from_citizen: true,
            answer_lost: false,
        });
        if concludes && matches!(self.status().as_str(), "4100" | "4200") {
            if let Some(last) = self.value["integrations"]
                .as_array_mut()
                .and_then(|l| l.last_mut())
            {
                last["inbound"] = json!({"messages": [id], "created_at": time::iso(now)});
            }
            self.set_status(base, "4300", now, &citizen, Some(text));
        }
    }
}

fn push(v: &mut Value, key: &str, item: Value) {
    match v[key].as_array_mut() {
        Some(list) => list.push(item),
        None => v[key] = json!([item]),
    }
}
