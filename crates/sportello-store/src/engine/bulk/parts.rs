//! The parts of a bulk load: the tables written at each flush (in the order foreign keys need them),
//! the register's numbering, and the suspensions a move opens or closes — each as `Store::act` and
//! `Store::insert` make them.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sportello_domain::clock::{self, Suspension, SuspensionKind};
use sportello_domain::protocol::ProtocolNumber;
use sportello_domain::workflow::ClockChange;

use super::super::dialect::{self, Conn};
use crate::bulk::Table;
use crate::error::Result;

/// The rows of one flush, in the order foreign keys need them.
pub(super) struct Rows {
    pub(super) submissions: Table,
    pub(super) names: Option<Table>,
    /// The files' bytes, once per hash (the run remembers which it wrote).
    pub(super) blobs: Table,
    pub(super) attachments: Table,
    pub(super) documents: Table,
    pub(super) registrations: Table,
    pub(super) history: Table,
}

impl Rows {
    pub(super) fn new() -> Self {
        Self {
            submissions: Table::new(
                "submissions",
                &[
                    "id",
                    "service",
                    "department",
                    "fiscal_code",
                    "given_name",
                    "family_name",
                    "sort_name",
                    "birth_date",
                    "birth_place",
                    "email",
                    "phone",
                    "address",
                    "form",
                    "channel",
                    "external_id",
                    "received_at",
                    "received_on",
                    "protocol_key",
                    "state",
                    "assignee_id",
                    "integration_used",
                    "notice_sent_on",
                    "observations_on",
                    "deadline",
                    "suspended_until",
                    "closed_on",
                    "demo",
                    "version",
                ],
            ),
            names: dialect::NAME_INDEX.map(|t| Table::new(t, &["rowid", "name"])),
            blobs: Table::new("blobs", &["sha256", "size", "content"]),
            attachments: Table::new(
                "attachments",
                &[
                    "submission_id",
                    "requirement",
                    "name",
                    "media_type",
                    "size",
                    "sha256",
                    "warning",
                ],
            ),
            documents: Table::new(
                "documents",
                &[
                    "submission_id",
                    "kind",
                    "media_type",
                    "content",
                    "sha256",
                    "created_at",
                ],
            ),
            registrations: Table::new(
                "protocol_registrations",
                &[
                    "id",
                    "year",
                    "number",
                    "direction",
                    "registered_at",
                    "correspondent",
                    "subject",
                    "document_sha256",
                    "submission_id",
                    "operator",
                ],
            ),
            history: Table::new(
                "history",
                &[
                    "submission_id",
                    "at",
                    "actor_id",
                    "actor_name",
                    "event",
                    "from_state",
                    "to_state",
                    "text",
                    "protocol_id",
                ],
            ),
        }
    }

    pub(super) async fn write(&mut self, conn: &mut Conn) -> Result<()> {
        let mut tables = vec![&mut self.submissions];
        tables.extend(self.names.as_mut());
        tables.extend([
            &mut self.blobs,
            &mut self.attachments,
            &mut self.documents,
            &mut self.registrations,
            &mut self.history,
        ]);
        for table in tables {
            dialect::bulk_insert(conn, table).await?;
            table.rows.clear();
        }
        Ok(())
    }
}

/// The protocol register's numbers and row ids, given as the register gives them.
pub(super) struct Register {
    pub(super) next_id: i64,
    pub(super) last: HashMap<i32, i64>,
}

impl Register {
    /// The next registration's row id and number.
    pub(super) fn take(&mut self, at: DateTime<Utc>) -> (i64, ProtocolNumber) {
        let year = clock::civil_date(at).year();
        let last = self.last.entry(year).or_insert(0);
        *last += 1;
        self.next_id += 1;
        let number = ProtocolNumber {
            year,
            number: u32::try_from(*last).unwrap_or(u32::MAX),
        };
        (self.next_id - 1, number)
    }
}

/// What a move changes on the clock, as `Store::act` records it in `suspensions`.
pub(super) fn change_suspensions(
    suspensions: &mut Vec<Suspension>,
    change: Option<ClockChange>,
    today: NaiveDate,
) {
    match change {
        Some(ClockChange::Start(kind)) => suspensions.push(Suspension {
            kind,
            from: today,
            answered: None,
            ended: None,
            received: None,
        }),
        Some(ClockChange::Answer(kind)) => {
            for s in suspensions
                .iter_mut()
                .filter(|s| s.kind == kind && s.answered.is_none())
            {
                s.answered = Some(today);
            }
        }
        Some(ClockChange::NoticeReceived(on)) => {
            for s in suspensions.iter_mut().filter(|s| {
                s.kind == SuspensionKind::Notice10bis && s.answered.is_none() && s.ended.is_none()
            }) {
                s.received = Some(on);
            }
        }
        Some(ClockChange::End(kind)) => {
            for s in suspensions
                .iter_mut()
                .filter(|s| s.kind == kind && s.answered.is_none() && s.ended.is_none())
            {
                s.ended = Some(today);
            }
        }
        None => {}
    }
}
