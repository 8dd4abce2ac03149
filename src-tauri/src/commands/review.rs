//! One submission: reading it, acting on it, assigning it.

use sportello_domain::submission::{Assignment, CounterSubmission, SubmissionDetail};
use sportello_domain::user::UserInfo;
use sportello_domain::workflow::Action;

use super::{CommandResult, Cx};

pub async fn submission_detail(cx: Cx<'_>, id: i64) -> CommandResult<SubmissionDetail> {
    let who = cx.principal().await?;
    Ok(cx.app().await?.detail(&who, id, &cx.clock).await?)
}

/// A submission entered at the counter for a citizen who came in person.
pub async fn create_submission(
    cx: Cx<'_>,
    submission: CounterSubmission,
) -> CommandResult<SubmissionDetail> {
    let who = cx.principal().await?;
    Ok(cx
        .app()
        .await?
        .enter_at_counter(&who, submission, &cx.clock)
        .await?)
}

pub async fn apply_action(cx: Cx<'_>, id: i64, action: Action) -> CommandResult<SubmissionDetail> {
    let who = cx.principal().await?;
    let detail = cx.app().await?.act(&who, id, &action, &cx.clock).await?;
    // What the move queued for the portal goes out now on a single workstation, not in a minute.
    cx.sync.wake.notify_one();
    Ok(detail)
}

pub async fn assign_submission(
    cx: Cx<'_>,
    id: i64,
    assignment: Assignment,
) -> CommandResult<SubmissionDetail> {
    let who = cx.principal().await?;
    Ok(cx
        .app()
        .await?
        .assign(&who, id, &assignment, &cx.clock)
        .await?)
}

pub async fn department_officers(cx: Cx<'_>) -> CommandResult<Vec<UserInfo>> {
    let who = cx.principal().await?;
    Ok(cx.app().await?.department_officers(&who).await?)
}
