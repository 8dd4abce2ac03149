//! The protocol register, for the records manager.

use sportello_domain::clock::Clock;
use sportello_domain::protocol::{AnnulmentRequest, RegisterEntry};

use super::{CommandResult, Cx};

pub async fn register_entries(cx: Cx<'_>, year: i32) -> CommandResult<Vec<RegisterEntry>> {
    let who = cx.principal().await?;
    Ok(cx.app().await?.register_entries(&who, year).await?)
}

pub async fn annul_registration(
    cx: Cx<'_>,
    request: AnnulmentRequest,
) -> CommandResult<RegisterEntry> {
    let who = cx.principal().await?;
    let (number, at) = (&request.number, cx.clock.now());
    Ok(cx
        .app()
        .await?
        .annul_registration(&who, number, &request.act, &request.reason, at)
        .await?)
}
