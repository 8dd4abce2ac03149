//! The platform's statuses and its transitions as OPENCITY_API.md §4 documents them: which action
//! is allowed from which status, by whom, with which body, and where it leads. Pure: the state
//! applies the [`Change`].

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use crate::data::time;

/// Every action in the order the platform lists them; a link's key, when `links` is served as an
/// object, is its place here (the holes PHP's `unset()` leaves).
const ACTIONS: [(&str, &str); 10] = [
    ("assign", "Assign Application"),
    ("register", "Register Application"),
    ("accept", "Accept Application"),
    ("reject", "Reject Application"),
    ("request-integration", "Request integration"),
    ("accept-integration", "Accept integration"),
    ("cancel-integration", "Cancel integration"),
    ("register-outcome", "Register outcome"),
    ("register-integration-answer", "Register integration answer"),
    ("withdraw", "Withdraw Application"),
];

/// The constant name of a status code (`status_name`), lowercase.
pub fn status_name(code: &str) -> &'static str {
    match code {
        "1000" => "status_draft",
        "1900" => "status_pre_submit",
        "2000" => "status_submitted",
        "3000" => "status_registered",
        "4000" => "status_pending",
        "4100" => "status_request_integration",
        "4200" => "status_draft_for_integration",
        "4300" => "status_submitted_after_integration",
        "4400" => "status_registered_after_integration",
        "4500" => "status_pending_after_integration",
        "5000" => "status_processing",
        "6000" => "status_complete_waitallegatioperatore",
        "7000" => "status_complete",
        "8000" => "status_cancelled_waitallegatioperatore",
        "9000" => "status_cancelled",
        "20000" => "status_withdraw",
        "50000" => "status_revoked",
        _ => "status_unknown",
    }
}

/// Whether a status code is one the platform knows (the list's `status` filter refuses others).
pub fn known(code: &str) -> bool {
    status_name(code) != "status_unknown" || code == "1500"
}

/// The actions an operator may take in a status (the application's `links`).
fn available(status: &str) -> &'static [&'static str] {
    match status {
        "2000" => &["assign", "register"],
        "3000" => &["assign"],
        "4000" | "4500" => &["accept", "reject", "request-integration"],
        "4100" => &[],
        "4200" => &["accept-integration", "cancel-integration"],
        "4300" => &["accept", "reject", "register-integration-answer"],
        "4400" => &["assign", "accept", "reject"],
        "6000" | "8000" => &["register-outcome"],
        _ => &[],
    }
}

/// Sets `status`, `status_name`, `links` and the last change's time.
pub fn set_status(app: &mut Value, status: &str, at: DateTime<Utc>, base: &str, as_object: bool) {
    let id = app["id"].as_str().unwrap_or_default().to_owned();
    let link = |action: &str, description: &str| {
        json!({"action": action, "description": description,
               "url": format!("{base}/applications/{id}/transition/{action}?version=2")})
    };
    let allowed = available(status);
    let chosen = ACTIONS
        .iter()
        .enumerate()
        .filter(|(_, (action, _))| allowed.contains(action));
    app["links"] = if as_object {
        let map: Map<String, Value> = chosen
            .map(|(i, (a, d))| (i.to_string(), link(a, d)))
            .collect();
        Value::Object(map)
    } else {
        Value::Array(chosen.map(|(_, (a, d))| link(a, d)).collect())
    };
    app["status"] = json!(status);
    app["status_name"] = json!(status_name(status));
    app["latest_status_change_time"] = json!(at.timestamp());
    app["latest_status_change_at"] = json!(time::iso(at));
}

/// What the application is when a transition arrives.
#[derive(Debug, Clone)]
pub struct Current<'a> {
    pub status: &'a str,
    pub assignee: Option<&'a str>,
    pub protocol_required: bool,
    pub registered: bool,
}

/// Where an allowed transition leads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Change {
    pub to: &'static str,
    /// The caller becomes the assignee.
    pub assign: bool,
    /// The status the citizen moves it to at once (4100 → 4200: the sim's citizen opens a
    /// request for integration as soon as it is made).
    pub then: Option<&'static str>,
}

/// Why a transition is refused: the answer's status and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub status: u16,
    pub body: Value,
}

fn state_error(action: &str, current: &Current<'_>) -> Refusal {
    Refusal {
        status: 400,
        body: json!({"type": "error", "title": "Application isn't in correct state",
            "description": format!("The transition {action} is not allowed from status {} ({}).",
                current.status, status_name(current.status))}),
    }
}

fn error(title: &str, description: &str) -> Refusal {
    Refusal {
        status: 400,
        body: json!({"type": "error", "title": title, "description": description}),
    }
}

fn invalid(errors: &[String]) -> Refusal {
    Refusal {
        status: 400,
        body: json!({"type": "validation_error", "title": "There was a validation error",
                     "errors": errors}),
    }
}

fn text<'a>(body: &'a Value, key: &str) -> Option<&'a str> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// The required text fields of a body that are missing.
fn missing(body: &Value, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .filter(|k| text(body, k).is_none())
        .map(|k| format!("{k}: This value should not be blank."))
        .collect()
}

/// Attachments of an accept/reject or request-integration body: each needs `name`, `mime_type`
/// and `file` in base64.
pub fn attachment_errors(body: &Value) -> Vec<String> {
    use base64::Engine;
    let Some(items) = body.get("attachments").filter(|v| !v.is_null()) else {
        return Vec::new();
    };
    let Some(items) = items.as_array() else {
        return vec!["attachments: This value should be of type array.".into()];
    };
    let mut errors = Vec::new();
    for (i, item) in items.iter().enumerate() {
        for key in ["name", "mime_type", "file"] {
            if text(item, key).is_none() {
                errors.push(format!(
                    "attachments[{i}].{key}: This value should not be blank."
                ));
            }
        }
        let decodes = text(item, "file")
            .is_some_and(|f| base64::engine::general_purpose::STANDARD.decode(f).is_ok());
        if text(item, "file").is_some() && !decodes {
            errors.push(format!(
                "attachments[{i}].file: This value is not valid base64."
            ));
        }
    }
    errors
}

/// Decides a transition: the change it makes, or the documented refusal.
pub fn decide(
    action: &str,
    current: &Current<'_>,
    caller: &str,
    body: &Value,
) -> Result<Change, Refusal> {
    let from = |allowed: &[&str]| {
        if allowed.contains(&current.status) {
            Ok(())
        } else {
            Err(state_error(action, current))
        }
    };
    let checked = |errors: Vec<String>| {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(invalid(&errors))
        }
    };
    let to = |to: &'static str| {
        Ok(Change {
            to,
            ..Change::default()
        })
    };
    match action {
        "assign" => {
            from(&["2000", "3000", "4000", "4300", "4400", "4500"])?;
            if current.protocol_required && !current.registered {
                return Err(error(
                    "Application must be registered",
                    "The service requires protocol: register the application before assigning it.",
                ));
            }
            let to = if matches!(current.status, "4300" | "4400" | "4500") {
                "4500"
            } else {
                "4000"
            };
            Ok(Change {
                to,
                assign: true,
                then: None,
            })
        }
        "accept" | "reject" => {
            from(&["4000", "4300", "4400", "4500", "5000"])?;
            if current.assignee != Some(caller) {
                return Err(error(
                    "Operation not allowed",
                    "Only the operator the application is assigned to can accept or reject it.",
                ));
            }
            checked(attachment_errors(body))?;
            let accepted = action == "accept";
            to(match (accepted, current.protocol_required) {
                (true, false) => "7000",
                (true, true) => "6000",
                (false, false) => "9000",
                (false, true) => "8000",
            })
        }
        "request-integration" => {
            from(&["4000", "4500"])?;
            let mut errors = missing(body, &["message"]);
            errors.extend(attachment_errors(body));
            checked(errors)?;
            Ok(Change {
                to: "4100",
                assign: false,
                then: Some("4200"),
            })
        }
        "accept-integration" => {
            from(&["4200"])?;
            match body.get("messages") {
                None | Some(Value::Null | Value::Array(_)) => to("4300"),
                Some(_) => Err(invalid(&[
                    "messages: This value should be null or a list of ids.".into(),
                ])),
            }
        }
        "cancel-integration" => {
            from(&["4200"])?;
            to("4500")
        }
        "register" => {
            from(&["2000"])?;
            checked(missing(
                body,
                &["protocol_folder_number", "protocol_number"],
            ))?;
            to("3000")
        }
        "register-outcome" => {
            from(&["6000", "8000"])?;
            checked(missing(body, &["protocol_number"]))?;
            to(if current.status == "6000" {
                "7000"
            } else {
                "9000"
            })
        }
        "register-integration-answer" => {
            from(&["4300"])?;
            checked(missing(body, &["protocol_number"]))?;
            to("4400")
        }
        "register-integration-request" => {
            from(&["4100", "4200"])?;
            checked(missing(body, &["protocol_number"]))?;
            Ok(Change {
                to: if current.status == "4100" {
                    "4100"
                } else {
                    "4200"
                },
                ..Change::default()
            })
        }
        "withdraw" => Err(error(
            "Operation not allowed",
            "Only the applicant can withdraw an application.",
        )),
        _ => Err(Refusal {
            status: 404,
            body: json!(["Transition not found"]),
        }),
    }
}
