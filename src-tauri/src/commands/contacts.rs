//! The contact log of a submission and the callbacks due.

use sportello_domain::clock::Clock;
use sportello_domain::contact::{CallbackDue, ContactEntry, NewContact};
use sportello_domain::message::{MessageEntry, NewMessage, UnreadNotice};

use super::{CommandResult, Cx};

pub async fn record_contact(
    cx: Cx<'_>,
    id: i64,
    contact: NewContact,
) -> CommandResult<Vec<ContactEntry>> {
    let who = cx.principal().await?;
    let now = cx.clock.now();
    Ok(cx
        .app()
        .await?
        .record_contact(&who, id, &contact, now)
        .await?)
}

pub async fn complete_callback(cx: Cx<'_>, contact_id: i64) -> CommandResult<Vec<ContactEntry>> {
    let who = cx.principal().await?;
    let now = cx.clock.now();
    Ok(cx
        .app()
        .await?
        .complete_callback(&who, contact_id, now)
        .await?)
}

/// The callbacks due today or overdue, the user's and the office's.
pub async fn callbacks_due(cx: Cx<'_>) -> CommandResult<Vec<CallbackDue>> {
    let who = cx.principal().await?;
    let today = cx.clock.today();
    Ok(cx.app().await?.callbacks_due(&who, today).await?)
}

/// A message to the citizen through the portal (or an internal note), delivered by the link.
pub async fn write_message(
    cx: Cx<'_>,
    id: i64,
    message: NewMessage,
) -> CommandResult<Vec<MessageEntry>> {
    let who = cx.principal().await?;
    let now = cx.clock.now();
    let entries = cx
        .app()
        .await?
        .write_message(&who, id, &message, now)
        .await?;
    // On a single workstation the link delivers it now rather than at the next minute.
    cx.sync.wake.notify_one();
    Ok(entries)
}

/// The office's notices and requests the citizen has not opened on the portal: whom to call.
pub async fn unread_notices(cx: Cx<'_>) -> CommandResult<Vec<UnreadNotice>> {
    let who = cx.principal().await?;
    let now = cx.clock.now();
    Ok(cx.app().await?.unread_notices(&who, now).await?)
}
