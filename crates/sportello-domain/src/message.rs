//! Messages with the citizen through the portal (OpenCity's messages API): what the officer writes,
//! visible to the applicant or internal to the portal's operators. The officer's text is plain: it
//! becomes the portal's HTML here, escaped, so nothing the officer (or a pasted text) writes can run
//! in the citizen's browser.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::submission::{CounterAttachment, NewAttachment};
use crate::AppError;

/// The longest message kept.
pub const MAX_MESSAGE: usize = 5000;
/// The most files one message carries, and their most bytes together.
pub const MAX_MESSAGE_FILES: usize = 5;
pub const MAX_MESSAGE_BYTES: usize = 20 * 1024 * 1024;

/// A message the officer writes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewMessage {
    pub text: String,
    /// Seen only by the portal's operators, not by the citizen.
    pub internal: bool,
    /// Files sent with it (PDF, JPEG or PNG, read from their bytes).
    #[serde(default)]
    pub attachments: Vec<CounterAttachment>,
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
        if self.attachments.len() > MAX_MESSAGE_FILES {
            return Err(AppError::invalid(format!(
                "Un messaggio porta al massimo {MAX_MESSAGE_FILES} allegati."
            )));
        }
        Ok(())
    }

    /// The files, decoded and checked (type from the bytes, names made safe, size bounded).
    pub fn files(&self) -> Result<Vec<NewAttachment>, AppError> {
        let mut total = 0;
        let mut files = Vec::with_capacity(self.attachments.len());
        for a in &self.attachments {
            let file = a
                .clone()
                .into_attachment()
                .map_err(|e| AppError::invalid(e.message))?;
            total += file.content.len();
            if total > MAX_MESSAGE_BYTES {
                return Err(AppError::invalid(format!(
                    "Gli allegati del messaggio superano {} MB in tutto.",
                    MAX_MESSAGE_BYTES / 1024 / 1024
                )));
            }
            files.push(file);
        }
        Ok(files)
    }
}

/// What a message is: the officer's word, or one of the letters the portal link sends as a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum MessageKind {
    Message,
    /// The receipt and start-of-procedure notice (art. 18-bis, art. 8).
    Receipt,
    /// The 10-bis notice.
    Notice,
    /// The start-of-procedure notice naming the responsible officer (art. 8).
    StartNotice,
    /// A request for integration.
    IntegrationRequest,
}

impl MessageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Message => "message",
            MessageKind::Receipt => "receipt",
            MessageKind::Notice => "notice",
            MessageKind::StartNotice => "startNotice",
            MessageKind::IntegrationRequest => "integrationRequest",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "receipt" => MessageKind::Receipt,
            "notice" => MessageKind::Notice,
            "startNotice" => MessageKind::StartNotice,
            "integrationRequest" => MessageKind::IntegrationRequest,
            _ => MessageKind::Message,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MessageKind::Message => "Messaggio",
            MessageKind::Receipt => "Ricevuta e comunicazione di avvio del procedimento",
            MessageKind::Notice => "Preavviso di diniego (art. 10-bis)",
            MessageKind::StartNotice => "Comunicazione di avvio del procedimento (art. 8)",
            MessageKind::IntegrationRequest => "Richiesta di integrazione",
        }
    }
}

/// A file that travelled with a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MessageFile {
    pub name: String,
    #[ts(type = "number")]
    pub size: i64,
    /// For the citizen's files: the attachment, to open in the viewer.
    #[ts(type = "number | null")]
    pub attachment_id: Option<i64>,
}

/// Days after which a notice or request the citizen has not opened is listed, to call them.
pub const UNREAD_AFTER_DAYS: i64 = 2;

/// A notice or request the citizen has not opened on the portal: someone should call them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UnreadNotice {
    #[ts(type = "number")]
    pub submission_id: i64,
    pub protocol: String,
    pub applicant: String,
    pub phone: Option<String>,
    pub kind: MessageKind,
    pub sent_at: DateTime<Utc>,
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
    pub kind: MessageKind,
    pub files: Vec<MessageFile>,
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
            internal: false,
            attachments: Vec::new(),
        }
        .validate()
        .is_err());
    }
}

#[cfg(test)]
mod file_tests {
    use super::*;
    use base64::Engine as _;

    fn file(name: &str, bytes: &[u8]) -> CounterAttachment {
        CounterAttachment {
            requirement: None,
            name: name.into(),
            content: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }

    #[test]
    fn a_messages_files_are_read_from_their_bytes_and_bounded() {
        let ok = NewMessage {
            text: "In allegato il modulo.".into(),
            internal: false,
            attachments: vec![file("../modulo.pdf", b"%PDF-1.7 modulo")],
        };
        let files = ok.files().unwrap();
        assert_eq!(files[0].media_type, "application/pdf");
        assert!(!files[0].name.contains('/'), "{}", files[0].name);
        let exe = NewMessage {
            attachments: vec![file("modulo.pdf", b"MZ\x90")],
            ..ok.clone()
        };
        assert!(exe.files().unwrap_err().message.contains("non è un PDF"));
        let many = NewMessage {
            attachments: (0..6).map(|_| file("a.pdf", b"%PDF-1.4")).collect(),
            ..ok
        };
        assert!(many.validate().is_err());
    }
}
