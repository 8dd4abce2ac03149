//! Messages with the citizen through the portal (OpenCity's messages API): what the officer writes,
//! visible to the applicant or internal to the portal's operators. The officer's text is plain: it
//! becomes the portal's HTML here, escaped, so nothing the officer (or a pasted text) writes can run
//! in the citizen's browser.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::AppError;

/// The longest message kept.
pub const MAX_MESSAGE: usize = 5000;

/// A message the officer writes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewMessage {
    pub text: String,
    /// Seen only by the portal's operators, not by the citizen.
    pub internal: bool,
}

impl NewMessage {
    pub fn validate(&self) -> Result<(), AppError> {
        let text = self.text.trim();
        if text.is_empty() {
            return Err(AppError::invalid("Scrivere il testo del messaggio."));
        }
        if text.chars().count() > MAX_MESSAGE {
            return Err(AppError::invalid(format!(
                "Il messaggio supera {MAX_MESSAGE} caratteri."
            )));
        }
        Ok(())
    }
}

/// The officer's plain text as the portal's HTML: escaped, one paragraph per block, line breaks kept.
pub fn to_html(text: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
    };
    let mut html = String::new();
    for paragraph in text.trim().split("\n\n").filter(|p| !p.trim().is_empty()) {
        html.push_str("<p>");
        html.push_str(&escape(paragraph.trim()).replace('\n', "<br>"));
        html.push_str("</p>");
    }
    html
}

/// One message of a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MessageEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// Written by the citizen (true) or the office.
    pub incoming: bool,
    pub internal: bool,
    pub text: String,
    pub author: String,
    pub created_at: DateTime<Utc>,
    /// When the portal sent it to the citizen (the delivery date); `None` while it waits.
    pub sent_at: Option<DateTime<Utc>>,
    pub read_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_officers_text_never_becomes_markup() {
        assert_eq!(
            to_html("Gentile cittadino,\nmanca l'ISEE.\n\n<script>alert(1)</script> & saluti"),
            "<p>Gentile cittadino,<br>manca l&#39;ISEE.</p><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; saluti</p>"
        );
        assert!(NewMessage {
            text: " ".into(),
            internal: false
        }
        .validate()
        .is_err());
    }
}
