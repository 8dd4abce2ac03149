//! The conversations of the open portal submissions, read back on each full run: the citizen's
//! messages are kept (as plain text: the portal's HTML is never rendered), and the `read_at` of
//! Sportello's own messages is recorded (which notices the citizen never opened).

use serde_json::Value;
use sportello_application::{Principal, Sportello};
use sportello_portal::client::{PortalClient, PortalError};
use sportello_store::PortalMessage;

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

fn instant(v: &Value) -> Option<chrono::DateTime<chrono::Utc>> {
    v.as_str()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// One message of the portal's list, as the store keeps it (`None` without an id or a date).
pub fn portal_message(m: &Value) -> Option<PortalMessage> {
    let html = m.get("message").and_then(Value::as_str).unwrap_or_default();
    Some(PortalMessage {
        portal_id: m.get("id").and_then(Value::as_str)?.to_owned(),
        text: html_to_text(html).chars().take(20_000).collect(),
        created_at: instant(m.get("created_at")?)?,
        read_at: m.get("read_at").and_then(instant),
        ours: html.contains("Riferimento: sportello-"),
    })
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
        let read: Vec<PortalMessage> = messages.iter().filter_map(portal_message).collect();
        kept += app
            .record_portal_messages(&Principal::System, id, &read)
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
