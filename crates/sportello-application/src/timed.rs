//! The scheduler's use case: the effects legal terms produce by themselves (lapsed integration
//! requests, silence-consent), applied by the System under a lease in the database, so that two
//! workstations or services never both apply them. Days missed while nothing ran are caught up:
//! each effect is dated to its legal day (`sportello_domain::workflow::due_effect`).

use chrono::{DateTime, Duration, Utc};
use sportello_domain::policy::{self, Principal};
use sportello_store::TimedReport;

use crate::{Result, Sportello};

/// The lease's name in the database.
pub const TIMED_LEASE: &str = "timed-effects";
/// How long a runner may hold the lease without renewing it (a runner that died frees it then).
const LEASE_TTL: Duration = Duration::minutes(10);

/// How a scheduler run went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimedRun {
    Done(TimedReport),
    /// Another runner holds the lease (its holder name): nothing was done here.
    Busy(String),
}

impl Sportello {
    /// Applies the effects due by `now`, as `holder` (e.g. `host:pid`), if no other runner holds
    /// the lease.
    pub async fn apply_timed_effects(
        &self,
        who: &Principal,
        holder: &str,
        now: DateTime<Utc>,
    ) -> Result<TimedRun> {
        let scope = policy::timed_scope(who)?;
        let store = &self.store;
        if !store
            .take_lease(&scope, TIMED_LEASE, holder, now, now + LEASE_TTL)
            .await?
        {
            let other = store.lease_holder(&scope, TIMED_LEASE).await?;
            return Ok(TimedRun::Busy(other.map(|(h, _)| h).unwrap_or_default()));
        }
        let result = store.apply_timed_effects(&scope, now).await;
        store
            .release_lease(&scope, TIMED_LEASE, holder, now)
            .await?;
        Ok(TimedRun::Done(result?))
    }
}
