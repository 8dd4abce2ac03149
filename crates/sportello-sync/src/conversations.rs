//! The conversations of the open portal submissions, read back on each full run: the citizen's
//! messages are kept (as plain text: the portal's HTML is never rendered), and the `read_at` of
//! Sportello's own messages is recorded (which notices the citizen never opened).

use serde_json::Value;
use sportello_application::{Principal, Sportello};
use sportello_portal::client::{PortalClient, PortalError};
use sportello_portal::mapping::FileToFetch;
use sportello_portal::model::FileRef;
use sportello_store::PortalMessage;

use crate::read::{fetch, Fetch};

/// The most a file attached to a message may weigh.
pub const MESSAGE_FILE_LIMIT: u64 = 20 * 1024 * 1024;

/// The portal's HTML as plain text: tags dropped, paragraphs and line breaks kept, the usual
/// entities decoded.
pub fn html_to_text(html: &str) -> String {
    let breaks = html
        .replace("<br>", "\n")
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("</p>", "\n\n");
    let mut text = String::with_capacity(breaks.len());
    let mut in_tag = false;
    for c in breaks.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .trim()
        .to_owned()
}

/// A date of the portal's (ISO 8601), as a UTC instant.
pub(crate) fn instant(v: &Value) -> Option<chrono::DateTime<chrono::Utc>> {
    v.as_str()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// One message of the portal's list, as the store keeps it (`None` without an id or a date).
/// `citizen` is the application's `user`: a message by anyone else (an operator on the portal, the
/// portal's own text of a transition) or carrying a delivery's reference is not the citizen's.
pub fn portal_message(m: &Value, citizen: &str) -> Option<PortalMessage> {
    let html = m.get("message").and_then(Value::as_str).unwrap_or_default();
    let author = m.get("author").and_then(Value::as_str).unwrap_or_default();
    Some(PortalMessage {
        portal_id: m.get("id").and_then(Value::as_str)?.to_owned(),
        text: html_to_text(html).chars().take(20_000).collect(),
        created_at: instant(m.get("created_at")?)?,
        read_at: m.get("read_at").and_then(instant),
        ours: crate::deliver::carries_reference(html) || (!citizen.is_empty() && author != citizen),
        files: Vec::new(),
        notes: Vec::new(),
    })
}

/// Who the citizen is on the portal: the application's `user` (empty when the portal omits it).
pub(crate) async fn citizen_of(
    client: &mut PortalClient,
    external_id: &str,
) -> Result<String, PortalError> {
    let application = client.application(external_id).await?;
    Ok(application
        .get("user")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned())
}

/// Downloads the files of a citizen's message (Bearer, size-limited, type read from the bytes);
/// a file refused becomes a note for the officer, a portal out of reach leaves the message for
/// the next run.
async fn fetch_files(
    client: &mut PortalClient,
    raw: &Value,
    message: &mut PortalMessage,
) -> Result<(), PortalError> {
    let refs = raw
        .get("attachments")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for r in refs {
        let Ok(file) = serde_json::from_value::<FileRef>(r.clone()) else {
            tracing::warn!(portal_message = %message.portal_id, "a message's file object is unreadable");
            message.notes.push(sportello_domain::catalogue::FieldError {
                field: "attachment.messaggio".into(),
                message: "Un allegato di un messaggio del cittadino non è leggibile sul portale: chiederne una copia.".into(),
            });
            continue;
        };
        let wanted = FileToFetch {
            requirement: Some("messaggio".into()),
            file,
        };
        match fetch(client, &wanted, MESSAGE_FILE_LIMIT).await {
            Ok((attachment, noted)) => {
                message.files.push(attachment);
                message.notes.extend(noted);
            }
            Err(Fetch::Refused(why)) => {
                message.notes.push(sportello_domain::catalogue::FieldError {
                    field: "attachment.messaggio".into(),
                    message: why,
                });
            }
            Err(Fetch::Again(e)) => return Err(e),
        }
    }
    Ok(())
}

/// Reads the conversation of every open portal submission; returns the citizen's new messages.
/// Best effort: a conversation that cannot be read now waits for the next full run.
pub async fn read_all(
    app: &Sportello,
    client: &mut PortalClient,
) -> Result<usize, crate::LinkError> {
    let mut kept = 0;
    for (id, external_id) in app.open_portal_submissions(&Principal::System).await? {
        // One conversation that cannot be read now is read at the next full run; only a portal
        // that cannot be reached at all stops the reading.
        let messages = match client.messages(&external_id).await {
            Ok(messages) => messages,
            Err(e @ PortalError::Unreachable { .. }) => return Err(e.into()),
            Err(e) => {
                tracing::warn!(%external_id, error = %e, "a conversation could not be read; next full run");
                continue;
            }
        };
        let citizen = match citizen_of(client, &external_id).await {
            Ok(citizen) => citizen,
            Err(e @ PortalError::Unreachable { .. }) => return Err(e.into()),
            Err(e) => {
                tracing::warn!(%external_id, error = %e, "an application could not be read; next full run");
                continue;
            }
        };
        let known = app.known_portal_messages(&Principal::System, id).await?;
        let mut read = Vec::new();
        let mut complete = true;
        for raw in &messages {
            let Some(mut message) = portal_message(raw, &citizen) else {
                continue;
            };
            if !message.ours && !known.contains(&message.portal_id) {
                if let Err(e) = fetch_files(client, raw, &mut message).await {
                    // Kept whole at the next run, files and all.
                    tracing::warn!(%external_id, error = %e, "a message's files could not be read; next full run");
                    complete = false;
                    break;
                }
            }
            read.push(message);
        }
        if !complete && read.is_empty() {
            continue;
        }
        kept += app
            .record_portal_messages(&Principal::System, id, &read, chrono::Utc::now())
            .await?;
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portals_html_is_read_as_text_never_as_markup() {
        assert_eq!(
            html_to_text("<p>Allego il contratto.<br>Saluti</p><p>&lt;script&gt;x&lt;/script&gt; &amp; <b>Mario</b></p>"),
            "Allego il contratto.\nSaluti\n\n<script>x</script> & Mario"
        );
    }
}
