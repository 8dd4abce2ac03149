//! One submission: reading it, acting on it, assigning it.

use sportello_domain::submission::{Assignment, CounterSubmission, SubmissionDetail};
use sportello_domain::user::UserInfo;
use sportello_domain::workflow::Action;
use sportello_domain::{AppError, ErrorCode};
use tauri::State;

use super::CommandResult;
use crate::AppState;

#[tauri::command]
pub async fn submission_detail(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<SubmissionDetail> {
    let actor = state.actor().await?;
    Ok(state.store.detail(&actor, id, &state.clock).await?)
}

/// A submission entered at the counter for a citizen who came in person.
#[tauri::command]
pub async fn create_submission(
    state: State<'_, AppState>,
    submission: CounterSubmission,
) -> CommandResult<SubmissionDetail> {
    let actor = state.actor().await?;
    Ok(state
        .store
        .receive_at_counter(&actor, submission, &state.clock)
        .await?)
}

#[tauri::command]
pub async fn apply_action(
    state: State<'_, AppState>,
    id: i64,
    action: Action,
) -> CommandResult<SubmissionDetail> {
    let actor = state.actor().await?;
    Ok(state
        .store
        .apply_action(&actor, id, &action, &state.clock)
        .await?)
}

#[tauri::command]
pub async fn assign_submission(
    state: State<'_, AppState>,
    id: i64,
    assignment: Assignment,
) -> CommandResult<SubmissionDetail> {
    let actor = state.actor().await?;
    Ok(state
        .store
        .assign(&actor, id, &assignment, &state.clock)
        .await?)
}

#[tauri::command]
pub async fn department_officers(state: State<'_, AppState>) -> CommandResult<Vec<UserInfo>> {
    let actor = state.actor().await?;
    let department = actor.department.ok_or_else(|| {
        AppError::new(
            ErrorCode::Forbidden,
            "Il proprio profilo non appartiene a un ufficio.",
        )
    })?;
    Ok(state.store.department_officers(&department).await?)
}
