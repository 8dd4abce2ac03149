//! The contact log on whichever database is open (`engine/contacts.rs`).

use chrono::{DateTime, NaiveDate, Utc};
use sportello_domain::contact::{CallbackDue, ContactEntry, NewContact};
use sportello_domain::policy::DepartmentScope;

use super::Store;
use crate::error::Result;

impl Store {
    pub async fn record_contact(
        &self,
        scope: &DepartmentScope,
        id: i64,
        contact: &NewContact,
        now: DateTime<Utc>,
    ) -> Result<Vec<ContactEntry>> {
        on!(self, s => s.record_contact(scope, id, contact, now).await)
    }

    pub async fn complete_callback(
        &self,
        scope: &DepartmentScope,
        contact_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<ContactEntry>> {
        on!(self, s => s.complete_callback(scope, contact_id, now).await)
    }

    pub async fn callbacks_due(
        &self,
        scope: &DepartmentScope,
        until: NaiveDate,
    ) -> Result<Vec<CallbackDue>> {
        on!(self, s => s.callbacks_due(scope, until).await)
    }

    pub async fn attachment_content(
        &self,
        scope: &DepartmentScope,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<sportello_domain::submission::AttachmentContent> {
        on!(self, s => s.attachment_content(scope, id, now).await)
    }

    pub async fn write_message(
        &self,
        scope: &DepartmentScope,
        id: i64,
        message: &sportello_domain::message::NewMessage,
        now: DateTime<Utc>,
    ) -> Result<Vec<sportello_domain::message::MessageEntry>> {
        on!(self, s => s.write_message(scope, id, message, now).await)
    }

    pub async fn message_delivered(
        &self,
        scope: &sportello_domain::policy::IntakeScope,
        message_id: i64,
        portal_id: Option<&str>,
        sent_at: DateTime<Utc>,
    ) -> Result<()> {
        on!(self, s => s.message_delivered(scope, message_id, portal_id, sent_at).await)
    }

    pub async fn open_portal_submissions(
        &self,
        scope: &sportello_domain::policy::IntakeScope,
    ) -> Result<Vec<(i64, String)>> {
        on!(self, s => s.open_portal_submissions(scope).await)
    }

    pub async fn record_portal_messages(
        &self,
        scope: &sportello_domain::policy::IntakeScope,
        submission_id: i64,
        messages: &[crate::model::PortalMessage],
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize> {
        on!(self, s => s.record_portal_messages(scope, submission_id, messages, now).await)
    }

    pub async fn known_portal_messages(
        &self,
        scope: &sportello_domain::policy::IntakeScope,
        submission_id: i64,
    ) -> Result<std::collections::HashSet<String>> {
        on!(self, s => s.known_portal_messages(scope, submission_id).await)
    }

    pub async fn letter_sent(
        &self,
        scope: &sportello_domain::policy::IntakeScope,
        letter: &crate::model::LetterSent<'_>,
    ) -> Result<()> {
        on!(self, s => s.letter_sent(scope, letter).await)
    }

    pub async fn unread_notices(
        &self,
        scope: &sportello_domain::policy::DepartmentScope,
        now: DateTime<Utc>,
        after: chrono::Duration,
    ) -> Result<Vec<sportello_domain::message::UnreadNotice>> {
        on!(self, s => s.unread_notices(scope, now, after).await)
    }
}
