//! The portal's JSON as it arrives (OPENCITY_API.md §2–§5), read leniently where the platform is
//! known to vary and strictly where a wrong guess would mislead an officer. Keys are snake_case, and
//! null fields are present (`serialize_null: true`): every list here reads `null` as empty.

use chrono::{DateTime, FixedOffset};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::status::{PortalStatus, UnknownStatus};

/// `null` read as the type's default (an empty list, no text).
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A code or a count the platform sends as a string, or (elsewhere) as a number.
fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(de::Error::custom(format!(
            "expected a string or a number, got {other}"
        ))),
    }
}

/// `payment_data`: `[]` when empty, an object otherwise (a PHP array quirk).
fn payment<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Map<String, Value>>, D::Error> {
    match Value::deserialize(d)? {
        Value::Object(map) if map.is_empty() => Ok(None),
        Value::Object(map) => Ok(Some(map)),
        Value::Array(items) if items.is_empty() => Ok(None),
        Value::Null => Ok(None),
        other => Err(de::Error::custom(format!(
            "payment_data is neither [] nor an object: {other}"
        ))),
    }
}

/// `links`: a list, or an object with numeric keys once PHP's `unset()` left holes in it.
fn links<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Link>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .into_iter()
            .map(|v| serde_json::from_value(v).map_err(de::Error::custom))
            .collect(),
        Value::Object(map) => {
            let mut keyed: Vec<(u64, Value)> = map
                .into_iter()
                .map(|(k, v)| {
                    k.parse::<u64>().map(|k| (k, v)).map_err(|_| {
                        de::Error::custom(format!("links has a non-numeric key {k:?}"))
                    })
                })
                .collect::<Result<_, _>>()?;
            keyed.sort_by_key(|(k, _)| *k);
            keyed
                .into_iter()
                .map(|(_, v)| serde_json::from_value(v).map_err(de::Error::custom))
                .collect()
        }
        other => Err(de::Error::custom(format!(
            "links is neither a list nor an object: {other}"
        ))),
    }
}

/// A transition the application allows now (`links` of an application).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Link {
    pub action: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub description: String,
    pub url: String,
}

/// A file the citizen sent or the portal generated: a Form.io upload inside `data`, a compiled
/// module, an attachment. Downloaded from `url` with the Bearer header.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct FileRef {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    pub url: String,
    /// The name the citizen gave the file: camelCase on the wire (`originalName`).
    #[serde(rename = "originalName", alias = "original_name", default)]
    pub original_name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub created_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub protocol_required: Option<bool>,
    #[serde(default)]
    pub protocol_number: Option<String>,
}

/// An application (v2), the fields Sportello reads. `data` is the Form.io submission, nested; it is
/// mapped onto the catalogue by per-service field mappings kept in configuration.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Application {
    pub id: String,
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub user_name: Option<String>,
    /// The service's slug.
    #[serde(default)]
    pub service: Option<String>,
    #[serde(default)]
    pub service_id: Option<String>,
    #[serde(default)]
    pub service_name: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub data: Value,
    #[serde(default, deserialize_with = "null_as_default")]
    pub compiled_modules: Vec<FileRef>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub attachments: Vec<FileRef>,
    #[serde(default)]
    pub created_at: Option<DateTime<FixedOffset>>,
    /// When the citizen submitted it: the procedure's clock starts here, not at the sync.
    #[serde(default)]
    pub submitted_at: Option<DateTime<FixedOffset>>,
    /// Unix seconds of the last status change: the object has no `updated_at`.
    #[serde(default)]
    pub latest_status_change_time: Option<i64>,
    #[serde(default)]
    pub latest_status_change_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub protocol_folder_number: Option<String>,
    #[serde(default)]
    pub protocol_number: Option<String>,
    /// The status code, a string on the wire (see [`Application::status`]).
    #[serde(rename = "status", deserialize_with = "string_or_number")]
    pub status_code: String,
    #[serde(default)]
    pub status_name: Option<String>,
    #[serde(default, deserialize_with = "payment")]
    pub payment_data: Option<Map<String, Value>>,
    #[serde(default, deserialize_with = "links")]
    pub links: Vec<Link>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub integrations: Vec<Value>,
}

/// Why one application of a page could not be read (it goes to quarantine with this reason; the
/// rest of the page is read).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the application is not a JSON object")]
    NotAnObject,
    #[error("the application cannot be read: {0}")]
    Shape(String),
}

impl Application {
    /// Reads one application of a page on its own, so one bad item never holds up the others.
    pub fn from_value(value: Value) -> Result<Self, ReadError> {
        if !value.is_object() {
            return Err(ReadError::NotAnObject);
        }
        serde_json::from_value(value).map_err(|e| ReadError::Shape(e.to_string()))
    }

    /// The status, from the platform's table.
    pub fn status(&self) -> Result<PortalStatus, UnknownStatus> {
        PortalStatus::parse(&self.status_code)
    }

    /// Every file the application carries: compiled modules, attachments, and the Form.io uploads
    /// nested anywhere in `data` (objects with `id`, `url` and `originalName`).
    pub fn files(&self) -> Vec<FileRef> {
        let mut files: Vec<FileRef> = self
            .compiled_modules
            .iter()
            .chain(&self.attachments)
            .cloned()
            .collect();
        collect_form_files(&self.data, &mut files);
        files
    }
}

fn collect_form_files(value: &Value, out: &mut Vec<FileRef>) {
    match value {
        Value::Object(map) => {
            let looks_like_file = map.contains_key("url")
                && map.contains_key("id")
                && (map.contains_key("originalName") || map.contains_key("original_name"));
            if looks_like_file {
                if let Ok(file) = serde_json::from_value::<FileRef>(value.clone()) {
                    out.push(file);
                    return;
                }
            }
            for v in map.values() {
                collect_form_files(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_form_files(v, out)),
        _ => {}
    }
}

/// `meta` of a page: the total, a number or a string depending on the server.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Meta {
    #[serde(deserialize_with = "string_or_number")]
    pub count: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct PageLinks {
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub prev: Option<String>,
}

/// One page of `GET /applications?version=2`: the items stay raw until read one by one.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Page {
    pub meta: Meta,
    #[serde(default)]
    pub links: PageLinks,
    #[serde(default, deserialize_with = "null_as_default")]
    pub data: Vec<Value>,
}

impl Page {
    /// The total the server announces, if it is a whole number.
    pub fn count(&self) -> Option<u64> {
        self.meta.count.trim().parse().ok()
    }
}

/// A service (`GET /services`, a bare array).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Service {
    pub id: String,
    #[serde(default)]
    pub identifier: Option<String>,
    pub name: String,
    #[serde(default)]
    pub slug: Option<String>,
    /// 0 hidden, 1 published, 2 suspended, 3 private, 4 scheduled.
    #[serde(default)]
    pub status: Option<i64>,
    #[serde(default)]
    pub max_response_time: Option<i64>,
}
