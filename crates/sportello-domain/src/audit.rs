//! The audit trail's rules without IO: what an entry is, how its hash commits to the one before, and
//! what verification reports. The store appends and reads; this says what the bytes mean, once, for
//! both databases (and for any future server-side function, with the same test vectors).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Entries kept at least this long (months) before they may be pruned behind a checkpoint.
pub const MIN_RETENTION_MONTHS: u32 = 6;

/// The chain's head: the last entry's number and hash (0 and [`GENESIS`] before the first). Printed
/// outside the database (the daily register), it anchors the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditHead {
    #[ts(type = "number")]
    pub seq: i64,
    pub hash: String,
}

/// What a pruning left behind: how many entries went, and the checkpoint verification now starts
/// from (none when nothing was old enough).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pruned {
    pub removed: i64,
    pub checkpoint: Option<AuditHead>,
}

/// One entry's fields, as stored (the time as the text the database keeps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryFields<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub object_kind: &'a str,
    pub object_id: &'a str,
    pub detail: &'a str,
}

/// SHA-256 (lower-case hex) of the previous hash and the entry, each field written as its byte
/// length, `:`, its bytes and a newline, so no two different entries encode alike.
#[must_use]
pub fn entry_hash(prev_hash: &str, e: &EntryFields<'_>) -> String {
    let seq = e.seq.to_string();
    let actor_id = e.actor_id.map(|id| id.to_string()).unwrap_or_default();
    let mut hasher = Sha256::new();
    for field in [
        prev_hash,
        &seq,
        e.at,
        &actor_id,
        e.actor_name,
        e.action,
        e.object_kind,
        e.object_id,
        e.detail,
    ] {
        hasher.update(field.len().to_string().as_bytes());
        hasher.update(b":");
        hasher.update(field.as_bytes());
        hasher.update(b"\n");
    }
    hex::encode(hasher.finalize())
}

/// What is wrong at one place of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ProblemKind {
    /// The entry's content no longer gives its hash.
    Edited,
    /// Numbers are missing before this entry.
    Missing,
    /// The entry does not follow the one before it (inserted, reordered, or the one before changed).
    Broken,
    /// The chain ends before, or differs from, the head the database or an anchor records.
    Head,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditProblem {
    #[ts(type = "number")]
    pub seq: i64,
    pub kind: ProblemKind,
    /// For the administrator, in Italian.
    pub message: String,
}

/// The result of one pass over the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditReport {
    /// Entries read and checked.
    #[ts(type = "number")]
    pub checked: i64,
    /// Where the pass started: 0, or the last pruning checkpoint.
    #[ts(type = "number")]
    pub from_seq: i64,
    #[ts(type = "number")]
    pub head_seq: i64,
    pub head_hash: String,
    /// Empty when the chain is whole.
    pub problems: Vec<AuditProblem>,
}

impl AuditReport {
    #[must_use]
    pub fn is_whole(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks entries read in `seq` order, one at a time: the verifier keeps only the last hash.
#[derive(Debug)]
pub struct Verifier {
    /// An entry's number and hash printed outside the database (the daily register): it must still
    /// be there, unchanged, or the whole chain was rewritten.
    anchor: Option<(i64, String)>,
    anchor_seen: bool,
    from_seq: i64,
    expected_seq: i64,
    prev_hash: String,
    checked: i64,
    problems: Vec<AuditProblem>,
}

/// Verification stops listing after this many problems (one edit breaks one link; a reordering a few).
const MAX_PROBLEMS: usize = 100;

impl Verifier {
    /// Starts at the genesis (`from_seq` 0) or at a checkpoint's number and hash.
    #[must_use]
    pub fn new(from_seq: i64, from_hash: &str) -> Self {
        Self {
            anchor: None,
            anchor_seen: false,
            from_seq,
            expected_seq: from_seq + 1,
            prev_hash: from_hash.to_owned(),
            checked: 0,
            problems: Vec::new(),
        }
    }

    /// Also checks the chain against an anchor printed outside the database.
    #[must_use]
    pub fn with_anchor(mut self, seq: i64, hash: &str) -> Self {
        self.anchor_seen = seq == self.from_seq && hash == self.prev_hash;
        self.anchor = Some((seq, hash.to_owned()));
        self
    }

    fn problem(&mut self, seq: i64, kind: ProblemKind, message: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(AuditProblem { seq, kind, message });
        }
    }

    /// One stored entry with the hashes it carries.
    pub fn check(&mut self, e: &EntryFields<'_>, prev_hash: &str, hash: &str) {
        self.checked += 1;
        if e.seq != self.expected_seq {
            if e.seq > self.expected_seq {
                let (first, last) = (self.expected_seq, e.seq - 1);
                self.problem(e.seq, ProblemKind::Missing, format!("Mancano le registrazioni dalla n. {first} alla n. {last}: sono state cancellate."));
            } else {
                self.problem(
                    e.seq,
                    ProblemKind::Broken,
                    format!("La registrazione n. {} è fuori ordine.", e.seq),
                );
            }
        } else if prev_hash != self.prev_hash {
            self.problem(e.seq, ProblemKind::Broken, format!("La registrazione n. {} non segue la precedente: una registrazione è stata inserita, spostata o modificata.", e.seq));
        }
        if entry_hash(prev_hash, e) != hash {
            self.problem(
                e.seq,
                ProblemKind::Edited,
                format!(
                    "Il contenuto della registrazione n. {} è stato modificato.",
                    e.seq
                ),
            );
        }
        if let Some((seq, anchored)) = &self.anchor {
            if *seq == e.seq {
                self.anchor_seen = true;
                if anchored != hash {
                    let message = format!("La registrazione n. {seq} non ha più l'impronta stampata fuori dal database: la catena è stata riscritta.");
                    self.problem(e.seq, ProblemKind::Head, message);
                }
            }
        }
        self.expected_seq = e.seq + 1;
        hash.clone_into(&mut self.prev_hash);
    }

    /// Ends the pass against the head the database keeps and, if given, an anchor printed elsewhere.
    #[must_use]
    pub fn finish(mut self, head_seq: i64, head_hash: &str) -> AuditReport {
        let last = self.expected_seq - 1;
        if last != head_seq || self.prev_hash != head_hash {
            let message = if last < head_seq {
                format!(
                    "Le registrazioni dalla n. {} alla n. {head_seq} sono state cancellate.",
                    last + 1
                )
            } else {
                format!("L'ultima registrazione (n. {last}) non corrisponde alla testa della catena (n. {head_seq}).")
            };
            self.problem(head_seq, ProblemKind::Head, message);
        }
        if let Some((seq, _)) = &self.anchor {
            if !self.anchor_seen {
                let seq = *seq;
                let message = format!("La registrazione n. {seq}, stampata fuori dal database, non si trova nella catena verificata.");
                self.problem(seq, ProblemKind::Head, message);
            }
        }
        AuditReport {
            checked: self.checked,
            from_seq: self.from_seq,
            head_seq,
            head_hash: head_hash.to_owned(),
            problems: self.problems,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first() -> EntryFields<'static> {
        EntryFields {
            seq: 1,
            at: "2026-11-29T09:00:00.000000Z",
            actor_id: Some(7),
            actor_name: "Mario Rossi",
            action: "takeInCharge",
            object_kind: "submission",
            object_id: "42",
            detail: "received → inReview",
        }
    }

    fn second() -> EntryFields<'static> {
        EntryFields {
            seq: 2,
            at: "2026-11-29T09:05:00.000000Z",
            actor_id: None,
            actor_name: "Sistema",
            action: "view",
            object_kind: "submission",
            object_id: "42",
            detail: "",
        }
    }

    // Computed independently with Python's hashlib over the documented encoding.
    const H1: &str = "69bde39cf15145c7782255517d056377c5997ab6dcf176fd2e64d14c1f1e8007";
    const H2: &str = "1ca47eac8c915da70eb09c73e062a15e40d327260dfadf896caa63b9518ceb85";

    #[test]
    fn hashes_match_the_test_vectors() {
        assert_eq!(entry_hash(GENESIS, &first()), H1);
        assert_eq!(entry_hash(H1, &second()), H2);
    }

    #[test]
    fn a_whole_chain_verifies() {
        let mut v = Verifier::new(0, GENESIS);
        v.check(&first(), GENESIS, H1);
        v.check(&second(), H1, H2);
        let report = v.finish(2, H2);
        assert!(report.is_whole(), "{report:?}");
        assert_eq!(report.checked, 2);
    }

    #[test]
    fn an_edit_a_deletion_and_a_truncation_are_found_where_they_are() {
        let mut edited = first();
        edited.detail = "received → approved";
        let mut v = Verifier::new(0, GENESIS);
        v.check(&edited, GENESIS, H1);
        v.check(&second(), H1, H2);
        let report = v.finish(2, H2);
        assert_eq!(report.problems.len(), 1);
        assert_eq!(
            (report.problems[0].seq, report.problems[0].kind),
            (1, ProblemKind::Edited)
        );

        let mut v = Verifier::new(0, GENESIS);
        v.check(&second(), H1, H2);
        let report = v.finish(2, H2);
        assert_eq!(
            (report.problems[0].seq, report.problems[0].kind),
            (2, ProblemKind::Missing)
        );

        let mut v = Verifier::new(0, GENESIS);
        v.check(&first(), GENESIS, H1);
        let report = v.finish(2, H2);
        assert_eq!(
            (report.problems[0].seq, report.problems[0].kind),
            (2, ProblemKind::Head)
        );
    }

    #[test]
    fn a_chain_rewritten_whole_is_caught_by_its_anchor() {
        // Every entry re-hashed consistently after an edit: only the anchor printed earlier tells.
        let mut edited = first();
        edited.detail = "received → approved";
        let h1 = entry_hash(GENESIS, &edited);
        let h2 = entry_hash(&h1, &second());
        let mut v = Verifier::new(0, GENESIS).with_anchor(2, H2);
        v.check(&edited, GENESIS, &h1);
        v.check(&second(), &h1, &h2);
        let report = v.finish(2, &h2);
        assert_eq!(report.problems.len(), 1, "{report:?}");
        assert_eq!(
            (report.problems[0].seq, report.problems[0].kind),
            (2, ProblemKind::Head)
        );

        let mut v = Verifier::new(0, GENESIS).with_anchor(2, H2);
        v.check(&first(), GENESIS, H1);
        v.check(&second(), H1, H2);
        assert!(v.finish(2, H2).is_whole());
    }

    #[test]
    fn a_rewritten_link_is_found() {
        // Entry 2 re-hashed consistently on a different previous hash: it no longer follows entry 1.
        let forged_prev = "f".repeat(64);
        let forged = entry_hash(&forged_prev, &second());
        let mut v = Verifier::new(0, GENESIS);
        v.check(&first(), GENESIS, H1);
        v.check(&second(), &forged_prev, &forged);
        let report = v.finish(2, &forged);
        assert_eq!(
            (report.problems[0].seq, report.problems[0].kind),
            (2, ProblemKind::Broken)
        );
    }
}
