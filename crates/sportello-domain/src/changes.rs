//! What the window hears about changes made elsewhere (other workstations on the same server), so
//! its queue, counts and open detail follow within seconds without a reload. Ids only: the window
//! reads the submissions again through the policy, as for anything it shows.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum ChangeEvent {
    /// These submissions changed (arrived, moved, were assigned).
    Submissions {
        #[ts(type = "number[]")]
        ids: Vec<i64>,
    },
    /// Too much changed to list, or the feed was interrupted: read everything again.
    Everything,
    /// The connection to the server was lost; changes are not heard until it is back
    /// (`Everything` then follows).
    Lost,
}

impl ChangeEvent {
    /// Reads the server's notification payload: comma-separated ids, or `*` for everything.
    #[must_use]
    pub fn from_payload(payload: &str) -> Self {
        if payload == "*" {
            return Self::Everything;
        }
        let ids: Result<Vec<i64>, _> = payload.split(',').map(str::parse).collect();
        match ids {
            Ok(ids) if !ids.is_empty() => Self::Submissions { ids },
            _ => Self::Everything,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ChangeEvent;

    #[test]
    fn payloads_are_ids_or_everything() {
        assert_eq!(
            ChangeEvent::from_payload("4,17"),
            ChangeEvent::Submissions { ids: vec![4, 17] }
        );
        assert_eq!(ChangeEvent::from_payload("*"), ChangeEvent::Everything);
        // Anything unexpected is read as "everything changed": the window reloads, nothing is missed.
        assert_eq!(ChangeEvent::from_payload("4,x"), ChangeEvent::Everything);
        assert_eq!(ChangeEvent::from_payload(""), ChangeEvent::Everything);
    }
}
