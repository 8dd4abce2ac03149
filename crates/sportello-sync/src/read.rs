//! One raw application from the portal onto what the ingest takes ([`PortalArrival`]): read on its
//! own (one bad item never holds up the page), its status looked up in the platform's table, its
//! Form.io data mapped through the configured mappings, its files downloaded with the Bearer header,
//! size-limited, their type read from their bytes. What cannot be read or routed becomes a
//! quarantine reason; what the link notices in a readable one becomes a flag for the officer.

use serde_json::Value;
use sportello_domain::catalogue::{Catalogue, FieldError};
use sportello_domain::file_name::WindowsFileName;
use sportello_domain::submission::NewAttachment;
use sportello_portal::client::{PortalClient, PortalError};
use sportello_portal::mapping::{FileToFetch, Mappings};
use sportello_portal::model::Application;
use sportello_portal::status::Meaning;
use sportello_store::PortalArrival;

/// The most a file may weigh when its requirement does not say (the catalogue's default).
pub const DEFAULT_FILE_LIMIT: u64 = 50 * 1024 * 1024;

/// What reading an item gave.
#[derive(Debug)]
pub enum Read {
    /// Not a submission yet (a draft, a payment pending): left on the portal.
    NotSubmitted,
    /// To ingest (readable or not: an unreadable one carries its quarantine reason).
    Arrival(Box<PortalArrival>),
}

/// The portal id of a raw item, or a stand-in made from its content when it has none (so even an
/// item without an id is kept once in the quarantine, not once per sync).
pub fn external_id(raw: &Value, payload: &str) -> String {
    match raw.get("id") {
        Some(Value::String(id)) if !id.trim().is_empty() && id.len() <= 200 => id.clone(),
        _ => format!(
            "senza-id:{}",
            sportello_store::sha256_hex(payload.as_bytes())
        ),
    }
}

/// Removes what must never reach a name or a database column: NUL (PostgreSQL refuses it), other
/// control characters but tab and newline, and the bidirectional overrides and isolates that make a
/// name read differently from what it is (U+202A-U+202E, U+2066-U+2069). Says whether it removed
/// anything.
fn scrub(value: &mut Value) -> bool {
    fn bad(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    }
    match value {
        Value::String(s) if s.chars().any(bad) => {
            s.retain(|c| !bad(c));
            true
        }
        Value::Array(items) => items.iter_mut().fold(false, |acc, v| scrub(v) | acc),
        Value::Object(map) => map.values_mut().fold(false, |acc, v| scrub(v) | acc),
        _ => false,
    }
}

/// The longest name, place or contact a submission keeps in its columns (the whole application
/// stays in its registered payload).
pub const MAX_TEXT: usize = 300;

/// Shortens the applicant's names, place and contacts to [`MAX_TEXT`]; says whether it did.
fn bound(submission: &mut sportello_domain::submission::NewSubmission) -> bool {
    fn cut(s: &mut String) -> bool {
        if s.chars().count() > MAX_TEXT {
            *s = s.chars().take(MAX_TEXT).collect();
            true
        } else {
            false
        }
    }
    let a = &mut submission.applicant;
    let c = &mut submission.contact;
    let mut cut_any = cut(&mut a.given_name) | cut(&mut a.family_name);
    for s in [
        &mut a.birth_place,
        &mut c.email,
        &mut c.phone,
        &mut c.address,
    ]
    .into_iter()
    .flatten()
    {
        cut_any |= cut(s);
    }
    cut_any
}

/// The media type the bytes show, whatever the name claims (the domain's one reading of them, as
/// at the counter); anything else is an opaque file.
fn sniff(bytes: &[u8]) -> &'static str {
    sportello_domain::submission::sniff_media_type(bytes).unwrap_or("application/octet-stream")
}

fn flag(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Reads one raw item. `Err` only for what may pass (the portal unreachable while downloading):
/// the item is read again at the next sync.
pub async fn read(
    client: &mut PortalClient,
    mappings: &Mappings,
    catalogue: &Catalogue,
    raw: Value,
) -> Result<Read, PortalError> {
    let payload = raw.to_string();
    let external_id = external_id(&raw, &payload);
    let unreadable = |reason: String, status: String| {
        Read::Arrival(Box::new(PortalArrival {
            external_id: external_id.clone(),
            portal_status: status,
            changed_at: None,
            payload: payload.clone(),
            reading: Err(reason),
            flags: Vec::new(),
            withdrawn: false,
        }))
    };
    let mut clean = raw;
    let scrubbed = scrub(&mut clean);
    let app = match Application::from_value(clean) {
        Ok(app) => app,
        Err(e) => return Ok(unreadable(e.to_string(), String::new())),
    };
    let status = match app.status() {
        Ok(status) => status,
        Err(e) => return Ok(unreadable(e.to_string(), app.status_code.clone())),
    };
    let meaning = status.meaning();
    if meaning == Meaning::NotSubmitted {
        return Ok(Read::NotSubmitted);
    }
    let mapped = match mappings.map(&app) {
        Ok(mapped) => mapped,
        Err(e) => return Ok(unreadable(e.to_string(), app.status_code.clone())),
    };
    let mut flags = Vec::new();
    if scrubbed {
        flags.push(flag(
            "",
            "La domanda conteneva caratteri di controllo o di direzione del testo, rimossi: \
             verificare nomi e dati con il documento originale.",
        ));
    }
    let mut submission = mapped.submission;
    if bound(&mut submission) {
        flags.push(flag(
            "",
            format!(
                "Un dato anagrafico o di contatto superava {MAX_TEXT} caratteri ed è stato \
                 accorciato: il testo intero è nella domanda originale conservata."
            ),
        ));
    }
    let service = catalogue.service(&submission.service);
    for file in mapped.files {
        let limit = file
            .requirement
            .as_deref()
            .and_then(|key| service?.attachments.iter().find(|r| r.key == key))
            .map_or(DEFAULT_FILE_LIMIT, |r| u64::from(r.max_mb) * 1024 * 1024);
        match fetch(client, &file, limit).await {
            Ok((attachment, noted)) => {
                flags.extend(noted);
                submission.attachments.push(attachment);
            }
            Err(Fetch::Refused(message)) => flags.push(flag(
                format!(
                    "attachment.{}",
                    file.requirement.as_deref().unwrap_or("altro")
                ),
                message,
            )),
            Err(Fetch::Again(e)) => return Err(e),
        }
    }
    Ok(Read::Arrival(Box::new(PortalArrival {
        external_id,
        portal_status: app.status_code.clone(),
        changed_at: app
            .latest_status_change_at
            .map(|t| t.with_timezone(&chrono::Utc)),
        payload,
        reading: Ok(submission),
        flags,
        withdrawn: meaning == Meaning::Withdrawn,
    })))
}

pub(crate) enum Fetch {
    /// Not downloaded, for a reason the officer reads (the rest of the submission is ingested).
    Refused(String),
    /// The portal could not be reached: try the whole item again later.
    Again(PortalError),
}

/// Downloads one file within `limit`; its name made safe, its type read from its bytes.
pub(crate) async fn fetch(
    client: &mut PortalClient,
    file: &FileToFetch,
    limit: u64,
) -> Result<(NewAttachment, Vec<FieldError>), Fetch> {
    let declared = file
        .file
        .original_name
        .clone()
        .unwrap_or_else(|| file.file.name.clone());
    let field = format!(
        "attachment.{}",
        file.requirement.as_deref().unwrap_or("altro")
    );
    let safe = WindowsFileName::new(declared.rsplit(['/', '\\']).next().unwrap_or(""));
    let mut noted = Vec::new();
    if safe.as_str() != declared {
        noted.push(flag(
            field.clone(),
            format!(
                "Il nome dell'allegato «{}» non era sicuro: salvato come «{}».",
                declared.chars().take(120).collect::<String>(),
                safe.as_str()
            ),
        ));
    }
    let bytes = match client.download(&file.file.url, limit).await {
        Ok(bytes) => bytes,
        Err(PortalError::TooLarge { .. }) => {
            return Err(Fetch::Refused(format!(
                "L'allegato «{}» supera {} MB e non è stato scaricato: chiederlo al cittadino.",
                safe.as_str(),
                limit / 1024 / 1024
            )))
        }
        Err(PortalError::Status { status, .. }) if status.is_client_error() => {
            return Err(Fetch::Refused(format!(
                "L'allegato «{}» non è disponibile sul portale (errore {}).",
                safe.as_str(),
                status.as_u16()
            )))
        }
        Err(e) => return Err(Fetch::Again(e)),
    };
    let media_type = sniff(&bytes);
    if let Some(warning) = sportello_domain::attachment::distrust(safe.as_str(), media_type, &bytes)
    {
        noted.push(flag(field, warning));
    }
    Ok((
        NewAttachment {
            requirement: file.requirement.clone(),
            name: safe.as_str().to_owned(),
            media_type: media_type.to_owned(),
            content: bytes,
        },
        noted,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_scrubbed_and_reported() {
        let mut v =
            serde_json::json!({"a": "Ma\u{202E}rio\u{0}", "b": ["ok\n", "x\u{2066}y"], "c": 1});
        assert!(scrub(&mut v));
        assert_eq!(
            v,
            serde_json::json!({"a": "Mario", "b": ["ok\n", "xy"], "c": 1})
        );
        let mut clean = serde_json::json!({"a": "Niccolò"});
        assert!(!scrub(&mut clean));
    }

    #[test]
    fn the_bytes_decide_the_type() {
        assert_eq!(sniff(b"%PDF-1.7\n"), "application/pdf");
        assert_eq!(sniff(b"MZ\x90\x00"), "application/octet-stream");
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), "image/jpeg");
    }

    #[test]
    fn an_item_without_an_id_is_keyed_by_its_content() {
        let raw = serde_json::json!("not an object");
        let payload = raw.to_string();
        let id = external_id(&raw, &payload);
        assert!(id.starts_with("senza-id:"));
        assert_eq!(id, external_id(&raw, &payload));
    }
}
