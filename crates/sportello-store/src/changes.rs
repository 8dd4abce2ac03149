//! The change feed: on PostgreSQL, the `sportello_changes` notifications (migration 0009) as
//! [`ChangeEvent`]s, with the connection's loss and return; on SQLite there is no other
//! workstation, so no feed.

use std::time::Duration;

use sportello_domain::changes::ChangeEvent;
use sqlx::postgres::PgListener;

use crate::error::Result;
use crate::Store;

const CHANNEL: &str = "sportello_changes";
/// How long to wait between attempts to listen again after the connection was lost.
const RETRY: Duration = Duration::from_secs(2);

/// Changes made by any workstation, as the server announces them.
#[derive(Debug)]
pub struct Changes {
    pool: sqlx::PgPool,
    listener: Option<PgListener>,
}

impl Store {
    /// The change feed, listening from now on; `None` on the embedded database.
    pub async fn changes(&self) -> Result<Option<Changes>> {
        let Some(pool) = self.postgres_pool() else {
            return Ok(None);
        };
        let listener = listen(pool).await?;
        Ok(Some(Changes {
            pool: pool.clone(),
            listener: Some(listener),
        }))
    }
}

async fn listen(pool: &sqlx::PgPool) -> Result<PgListener> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

impl Changes {
    /// The next event. After [`ChangeEvent::Lost`] it keeps trying to listen again; once it does,
    /// [`ChangeEvent::Everything`] follows, since what was announced meanwhile was not heard.
    pub async fn next(&mut self) -> ChangeEvent {
        loop {
            let Some(listener) = self.listener.as_mut() else {
                match listen(&self.pool).await {
                    Ok(listener) => {
                        tracing::info!("change feed listening again");
                        self.listener = Some(listener);
                        return ChangeEvent::Everything;
                    }
                    Err(e) => {
                        tracing::debug!(error = %e, "change feed: the server is still unreachable");
                        tokio::time::sleep(RETRY).await;
                        continue;
                    }
                }
            };
            match listener.try_recv().await {
                Ok(Some(notification)) => return ChangeEvent::from_payload(notification.payload()),
                Ok(None) => {
                    tracing::warn!("change feed: connection to the server lost");
                    self.listener = None;
                    return ChangeEvent::Lost;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "change feed: connection to the server lost");
                    self.listener = None;
                    return ChangeEvent::Lost;
                }
            }
        }
    }
}
