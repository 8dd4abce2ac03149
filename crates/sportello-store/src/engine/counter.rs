//! Submissions entered at the counter by an officer, for citizens who come in person.

use sportello_domain::clock::Clock;
use sportello_domain::policy::{DepartmentScope, Permission};
use sportello_domain::submission::{CounterSubmission, SubmissionDetail};
use sportello_domain::AppError;

use super::Store;
use crate::error::{Result, StoreError};

impl Store {
    /// Receives a submission typed in by the scope's officer for a service of their department; it is
    /// registered and stored like one from the portal, with the officer named in its first history row.
    pub async fn receive_at_counter(
        &self,
        scope: &DepartmentScope,
        input: CounterSubmission,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        let actor = scope.actor();
        let service = self
            .catalogue
            .service(&input.service)
            .filter(|s| {
                scope
                    .require(Permission::EnterAtCounter, Some(&s.department))
                    .is_ok()
            })
            .ok_or_else(|| {
                StoreError::forbidden("Il servizio scelto non è di competenza del proprio ufficio.")
            })?
            .clone();
        // The applicant's data, the form and the scanned documents are checked together: every
        // problem at once.
        let now = clock.now();
        let form = input.form.clone();
        let new = match input.into_new(now) {
            Ok(new) => {
                let problems =
                    super::submissions::problems(&service, &new.form, &new.attachments, now);
                if !problems.is_empty() {
                    return Err(AppError::fields(problems).into());
                }
                new
            }
            Err(e) => {
                // The form's own problems too (the documents were reported with the applicant's).
                let form_problems = super::submissions::problems(&service, &form, &[], now)
                    .into_iter()
                    .filter(|p| !p.field.starts_with("attachment."));
                let all = e.fields.into_iter().chain(form_problems).collect();
                return Err(AppError::fields(all).into());
            }
        };
        let mut tx = self.write_tx().await?;
        let id = self
            .insert(&mut tx, &service, &new, false, now, Some(actor))
            .await?;
        tx.commit().await?;
        tracing::info!(user = actor.id, submission = id, service = %service.id, "submission entered at the counter");
        self.detail_after_change(scope, id, clock)
            .await
            .map_err(|e| {
                tracing::error!(submission = id, "stored but not readable back");
                StoreError::from(AppError::from(e))
            })
    }
}
