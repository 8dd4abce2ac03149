//! Reading one submission whole for the split view; every read is logged (GDPR: who saw whose data).

use sportello_domain::clock::{self, Clock};
use sportello_domain::policy::{DepartmentScope, Permission};
use sportello_domain::submission::SubmissionDetail;
use sportello_domain::workflow;
use sqlx::Row;

use crate::error::{Result, StoreError};
use crate::queue::QUEUE_SELECT;
use crate::submissions::{self, applicant_of};
use crate::{history, time, Store};

const OTHER_SUBMISSIONS: i64 = 20;

impl Store {
    /// The submission as the scope's user may see it, with the actions allowed to them today.
    pub async fn detail(
        &self,
        scope: &DepartmentScope,
        id: i64,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        let (today, actor) = (clock.today(), scope.actor());
        let mut conn = self.pool.acquire().await?;
        let stored = self
            .load_visible(&mut conn, scope, id, Permission::ViewSubmission)
            .await?;
        let row = sqlx::query("SELECT * FROM submissions WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
        let service = self
            .catalogue
            .service(&stored.service)
            .ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "submission {id} has unknown service {}",
                    stored.service
                ))
            })?
            .clone();
        let (applicant, contact) = applicant_of(&row)?;
        let suspensions = submissions::suspensions(&mut conn, id).await?;
        let closed_on = time::parse_opt_date(row.try_get("closed_on")?)?;
        let clock_view = clock::evaluate(
            stored.received_on,
            &service.clock_rules(),
            &suspensions,
            &self.calendar,
            today,
            closed_on,
        );
        let form_text: String = row.try_get("form")?;
        let form = serde_json::from_str(&form_text)
            .map_err(|e| StoreError::Corrupt(format!("form of {id}: {e}")))?;
        let assignee = match stored.procedure.assignee {
            Some(user) => Some(self.user(user).await?),
            None => None,
        };
        let others = sqlx::query(&format!(
            "{QUEUE_SELECT} WHERE s.fiscal_code = ? AND s.department = ? AND s.id <> ? ORDER BY s.received_at DESC LIMIT ?"
        ))
        .bind(applicant.fiscal_code.as_str())
        .bind(&stored.department)
        .bind(id)
        .bind(OTHER_SUBMISSIONS)
        .fetch_all(&mut *conn)
        .await?;
        let channel: String = row.try_get("channel")?;
        let detail = SubmissionDetail {
            id,
            protocol: crate::queue::protocol_of_key(row.try_get("protocol_key")?).to_string(),
            state: stored.procedure.state,
            applicant,
            contact,
            channel: match channel.as_str() {
                "portal" => sportello_domain::submission::Channel::Portal,
                "counter" => sportello_domain::submission::Channel::Counter,
                "demo" => sportello_domain::submission::Channel::Demo,
                other => return Err(StoreError::Corrupt(format!("channel {other:?} of {id}"))),
            },
            form,
            attachments: submissions::attachments(&mut conn, id).await?,
            history: history::list(&mut conn, id).await?,
            clock: clock_view,
            assignee,
            allowed_actions: workflow::allowed_actions(&stored.procedure, actor, today),
            can_assign: scope.allows(Permission::Assign, stored.facts()),
            other_submissions: others
                .iter()
                .map(|r| self.queue_row(r, today))
                .collect::<Result<_>>()?,
            received_at: time::parse_instant(&row.try_get::<String, _>("received_at")?)?,
            demo: row.try_get("demo")?,
            service,
        };
        sqlx::query("INSERT INTO access_log (at, user_id, submission_id) VALUES (?, ?, ?)")
            .bind(time::instant(clock.now()))
            .bind(actor.id)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        Ok(detail)
    }
}
