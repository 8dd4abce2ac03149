//! Reading one submission whole for the split view; every read is logged (GDPR: who saw whose data).

use sportello_domain::clock::{self, Clock};
use sportello_domain::policy::{DepartmentScope, Permission};
use sportello_domain::submission::SubmissionDetail;
use sportello_domain::workflow;
use sqlx::Row;

use super::queue::QUEUE_SELECT;
use super::submissions::{self, applicant_of};
use super::{history, Store};
use crate::error::{Result, StoreError};
use crate::time::Instant;

const OTHER_SUBMISSIONS: i64 = 20;

impl Store {
    /// A submission opened by an officer: read whole, and the opening recorded in the audit trail
    /// (the GDPR access log).
    pub async fn detail(
        &self,
        scope: &DepartmentScope,
        id: i64,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        let detail = self.detail_after_change(scope, id, clock).await?;
        let actor = scope.actor();
        let mut tx = self.write_tx().await?;
        let entry = super::audit::Entry {
            at: clock.now(),
            actor_id: Some(actor.id),
            actor_name: &actor.full_name,
            action: "view",
            object_kind: "submission",
            object_id: id.to_string(),
            detail: String::new(),
        };
        super::audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(detail)
    }

    /// The submission as the scope's user may see it, with the actions allowed to them today. As a
    /// change's answer it is not logged again: the change is in the audit trail already.
    pub(crate) async fn detail_after_change(
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
        let row = sqlx::query(
            "SELECT fiscal_code, given_name, family_name, birth_date, birth_place, email, phone, address,
                    form, channel, received_at, protocol_key, closed_on, demo
             FROM submissions WHERE id = $1",
        )
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
        let closed_on: Option<chrono::NaiveDate> = row.try_get("closed_on")?;
        let clock_view = clock::evaluate(
            stored.received_on,
            &service.clock_rules(),
            &suspensions,
            &self.calendar,
            today,
            closed_on,
        );
        let sqlx::types::Json(form) =
            row.try_get::<sqlx::types::Json<serde_json::Value>, _>("form")?;
        let assignee = match stored.procedure.assignee {
            Some(user) => Some(self.user_on(&mut conn, user).await?),
            None => None,
        };
        let others = sqlx::query(&format!(
            "{QUEUE_SELECT} WHERE s.fiscal_code = $1 AND s.department = $2 AND s.id <> $3 ORDER BY s.received_at DESC LIMIT $4"
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
            protocol: super::queue::protocol_of_key(row.try_get("protocol_key")?).to_string(),
            state: stored.procedure.state,
            applicant,
            contact,
            channel: match channel.as_str() {
                "portal" => sportello_domain::submission::Channel::Portal,
                "counter" => sportello_domain::submission::Channel::Counter,
                "demo" => sportello_domain::submission::Channel::Demo,
                other => return Err(StoreError::Corrupt(format!("channel {other:?} of {id}"))),
            },
            eligibility: sportello_domain::catalogue::evaluate_eligibility(
                &service.eligibility,
                &form,
            ),
            form,
            attachments: super::attachment::list(&mut conn, id).await?,
            history: history::list(&mut conn, id).await?,
            clock: clock_view,
            assignee,
            allowed_actions: workflow::allowed_actions(&stored.procedure, actor, today),
            can_assign: scope.allows(Permission::Assign, stored.facts()),
            can_reissue_certificates: scope.allows(Permission::ReissueCertificate, stored.facts()),
            can_annul_certificates: scope.allows(Permission::AnnulCertificate, stored.facts()),
            other_submissions: others
                .iter()
                .map(|r| self.queue_row(r, today))
                .collect::<Result<_>>()?,
            received_at: row.try_get::<Instant, _>("received_at")?.0,
            demo: row.try_get("demo")?,
            case_file: super::link::case_file_of(&mut conn, id).await?,
            portal_id: super::outbox::external_id(&mut conn, id).await?,
            flags: super::link::flags_of(&mut conn, id).await?,
            contacts: super::contacts::contacts(&mut conn, id).await?,
            messages: super::messages::messages(&mut conn, id).await?,
            service,
        };
        Ok(detail)
    }
}
