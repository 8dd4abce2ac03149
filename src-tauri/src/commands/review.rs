//! One submission: reading it, acting on it, assigning it.

use sportello_domain::submission::{Assignment, CounterSubmission, SubmissionDetail};
use sportello_domain::user::UserInfo;
use sportello_domain::workflow::Action;
use tauri::State;

use super::CommandResult;
use crate::AppState;

#[tauri::command]
pub async fn submission_detail(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<SubmissionDetail> {
    let who = state.principal().await?;
    Ok(state.app().await?.detail(&who, id, &state.clock).await?)
}

/// A submission entered at the counter for a citizen who came in person.
#[tauri::command]
pub async fn create_submission(
    state: State<'_, AppState>,
    submission: CounterSubmission,
) -> CommandResult<SubmissionDetail> {
    let who = state.principal().await?;
    Ok(state
        .app()
        .await?
        .enter_at_counter(&who, submission, &state.clock)
        .await?)
}

#[tauri::command]
pub async fn apply_action(
    state: State<'_, AppState>,
    id: i64,
    action: Action,
) -> CommandResult<SubmissionDetail> {
    let who = state.principal().await?;
    Ok(state
        .app()
        .await?
        .act(&who, id, &action, &state.clock)
        .await?)
}

#[tauri::command]
pub async fn assign_submission(
    state: State<'_, AppState>,
    id: i64,
    assignment: Assignment,
) -> CommandResult<SubmissionDetail> {
    let who = state.principal().await?;
    Ok(state
        .app()
        .await?
        .assign(&who, id, &assignment, &state.clock)
        .await?)
}

#[tauri::command]
pub async fn department_officers(state: State<'_, AppState>) -> CommandResult<Vec<UserInfo>> {
    let who = state.principal().await?;
    Ok(state.app().await?.department_officers(&who).await?)
}
