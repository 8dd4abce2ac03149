//! The contact log: anyone of the office records a call, an e-mail or a visit, and does the
//! callbacks left to them or to the office.

use chrono::{DateTime, NaiveDate, Utc};
use sportello_domain::contact::{CallbackDue, ContactEntry, NewContact};
use sportello_domain::message::{UnreadNotice, UNREAD_AFTER_DAYS};
use sportello_domain::policy::{self, Permission, Principal};

use crate::{Result, Sportello};

impl Sportello {
    /// Records a contact on a submission; returns its contact log.
    pub async fn record_contact(
        &self,
        who: &Principal,
        id: i64,
        contact: &NewContact,
        now: DateTime<Utc>,
    ) -> Result<Vec<ContactEntry>> {
        let scope = policy::department_scope(who, Permission::RecordContact)?;
        Ok(self.store.record_contact(&scope, id, contact, now).await?)
    }

    /// Marks a callback done; returns the submission's contact log.
    pub async fn complete_callback(
        &self,
        who: &Principal,
        contact_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<ContactEntry>> {
        let scope = policy::department_scope(who, Permission::RecordContact)?;
        Ok(self
            .store
            .complete_callback(&scope, contact_id, now)
            .await?)
    }

    /// The user's callbacks (and the office's unassigned ones) due by `until`.
    pub async fn callbacks_due(
        &self,
        who: &Principal,
        until: NaiveDate,
    ) -> Result<Vec<CallbackDue>> {
        let scope = policy::department_scope(who, Permission::RecordContact)?;
        Ok(self.store.callbacks_due(&scope, until).await?)
    }

    /// The office's 10-bis notices and requests for integration the citizen has not opened on the
    /// portal [`UNREAD_AFTER_DAYS`] days after they were sent: whom to call.
    pub async fn unread_notices(
        &self,
        who: &Principal,
        now: DateTime<Utc>,
    ) -> Result<Vec<UnreadNotice>> {
        let scope = policy::department_scope(who, Permission::RecordContact)?;
        let after = chrono::Duration::days(UNREAD_AFTER_DAYS);
        Ok(self.store.unread_notices(&scope, now, after).await?)
    }

    /// An attachment whole (its reading is recorded in the audit trail).
    pub async fn attachment(
        &self,
        who: &Principal,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<sportello_domain::submission::AttachmentContent> {
        let scope = policy::department_scope(who, Permission::ViewSubmission)?;
        Ok(self.store.attachment_content(&scope, id, now).await?)
    }

    /// The officer writes to the citizen through the portal (or an internal note); delivered by
    /// the portal link.
    pub async fn write_message(
        &self,
        who: &Principal,
        id: i64,
        message: &sportello_domain::message::NewMessage,
        now: DateTime<Utc>,
    ) -> Result<Vec<sportello_domain::message::MessageEntry>> {
        let scope = policy::department_scope(who, Permission::RecordContact)?;
        Ok(self.store.write_message(&scope, id, message, now).await?)
    }
}
