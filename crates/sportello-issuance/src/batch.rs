//! A head's batch: N approved requests checked, rendered (one certificate per copy asked), signed with
//! one device session and registered. A failure on one document says why and leaves the others issued.
//!
//! Protocol numbers are printed on the certificate and registered with the SHA-256 of the signed
//! bytes, so a chunk of documents is rendered inside one issuing transaction (which holds the
//! register's write lock): numbers are announced in order, documents rendered and signed in parallel,
//! then recorded in order. When a document fails, the ones after it are re-rendered with the number
//! they actually get, so the register has no gap and every printed number is the registered one.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sportello_domain::certificate::{base64url_encode, DocumentId, Issue, IssuingRules};
use sportello_domain::clock::{civil_date, Clock};
use sportello_domain::issuance::{IssueOutcome, IssueProgress};
use sportello_domain::policy::DepartmentScope;
use sportello_domain::protocol::ProtocolNumber;
use sportello_domain::user::Actor;
use sportello_sign::Signer;
use sportello_store::{IssueSession, NewCertificate, Store};

use crate::config::{self, ComuneConfig};
use crate::error::{IssueError, Result};
use crate::render::Renderer;
use crate::request::{self, Checked};

/// Documents per issuing transaction with a local key: long enough to use both cores, short enough
/// that other officers' writes wait well under a second.
const CHUNK: usize = 64;
/// With a device that signs slowly (a card, a remote service, a time-stamp per document), fewer
/// documents per transaction, so the register's lock is never held for long.
const SLOW_CHUNK: usize = 4;

/// What a batch needs besides the requests.
#[derive(Clone)]
pub struct Issuer {
    pub store: Store,
    pub renderer: Arc<Renderer>,
    pub signer: Arc<dyn Signer>,
    /// How many documents the device signs at once (1 for a smart card).
    pub parallel: usize,
    /// Whether the device signs in microseconds (a key in memory) rather than seconds.
    pub local: bool,
}

impl std::fmt::Debug for Issuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issuer")
            .field("signer", &self.signer.label())
            .field("parallel", &self.parallel)
            .finish_non_exhaustive()
    }
}

/// A rendered and signed certificate, not yet registered.
struct Signed {
    pdf: Vec<u8>,
    issue: Issue,
    valid_until: Option<chrono::NaiveDate>,
}

fn document_id(
    comune: &ComuneConfig,
    number: ProtocolNumber,
    id: i64,
    at: DateTime<Utc>,
) -> DocumentId {
    let seed = format!(
        "{}|{number}|{id}|{}",
        comune.ipa_code,
        at.timestamp_nanos_opt().unwrap_or_default()
    );
    let check = base64url_encode(&Sha256::digest(seed.as_bytes())[..6])
        .to_ascii_uppercase()
        .replace(['_', '-'], "X");
    let raw = format!("{}-{:07}-{check}", number.year, number.number);
    DocumentId::parse(&raw).unwrap_or_else(|_| DocumentId::parse("X").expect("a valid id"))
}

impl Issuer {
    fn produce(
        &self,
        checked: &Checked,
        comune: &ComuneConfig,
        number: ProtocolNumber,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Signed> {
        let issue = Issue {
            issued_on: civil_date(at),
            protocol: number,
            officer: actor.full_name.clone(),
            document_id: document_id(comune, number, checked.request.submission_id, at),
        };
        let pdf = self.renderer.certificate(
            &checked.certificate,
            &issue,
            comune,
            at,
            self.signer.is_demo(),
        )?;
        let pdf = self.renderer.sign(&pdf, comune, at, self.signer.as_ref())?;
        let valid_until = checked.certificate.validity().valid_until(issue.issued_on);
        Ok(Signed {
            pdf,
            issue,
            valid_until,
        })
    }

    /// Renders and signs `items` with consecutive numbers from `first`, on up to `self.parallel` threads.
    async fn produce_all(
        &self,
        items: Vec<Checked>,
        comune: &ComuneConfig,
        first: ProtocolNumber,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Vec<(Checked, Result<Signed>)> {
        let this = self.clone();
        let (comune, actor) = (comune.clone(), actor.clone());
        let (items_len, backup) = (items.len(), items.clone());
        let work = move || {
            use rayon::prelude::*;
            // A smart card signs one document at a time (`parallel` 1); a software key on every core.
            let threads = this.parallel.clamp(1, items.len().max(1));
            let produce = |(i, c): (usize, &Checked)| {
                let number = ProtocolNumber {
                    year: first.year,
                    number: first.number + i as u32,
                };
                this.produce(c, &comune, number, &actor, at)
            };
            let results: Vec<Result<Signed>> = match rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
            {
                Ok(pool) => pool.install(|| items.par_iter().enumerate().map(produce).collect()),
                Err(e) => {
                    tracing::warn!(error = %e, "no rendering threads: rendering one at a time");
                    items.iter().enumerate().map(produce).collect()
                }
            };
            items.into_iter().zip(results).collect()
        };
        let count = items_len;
        match tokio::task::spawn_blocking(work).await {
            Ok(produced) => produced,
            Err(e) => {
                tracing::error!(error = %e, "the rendering task failed");
                backup.into_iter().zip(panicked(count)).collect()
            }
        }
    }

    /// Issues a new certificate for request `id`, replacing (and annulling) certificate row
    /// `replaces.0` for the reason `replaces.1`.
    pub async fn reissue(
        &self,
        scope: &DepartmentScope,
        id: i64,
        replaces: (i64, &str),
        clock: &dyn Clock,
    ) -> Result<IssueOutcome> {
        let outcomes = self
            .run(scope, &[id], Some(replaces), clock, &|_| ())
            .await?;
        outcomes
            .into_iter()
            .next()
            .ok_or_else(|| IssueError::Worker("the re-issue produced no outcome".into()))
    }

    /// Issues the certificates of `ids`, reporting each document as it is done.
    pub async fn issue(
        &self,
        scope: &DepartmentScope,
        ids: &[i64],
        clock: &dyn Clock,
        progress: &(dyn Fn(IssueProgress) + Sync),
    ) -> Result<Vec<IssueOutcome>> {
        self.run(scope, ids, None, clock, progress).await
    }

    async fn run(
        &self,
        scope: &DepartmentScope,
        ids: &[i64],
        replaces: Option<(i64, &str)>,
        clock: &dyn Clock,
        progress: &(dyn Fn(IssueProgress) + Sync),
    ) -> Result<Vec<IssueOutcome>> {
        let actor = scope.actor();
        let comune = ComuneConfig::load(&self.store).await?;
        let rules: IssuingRules = config::issuing_rules(&self.store).await?;
        let payment = config::stamp_payment(&self.store).await?;
        // Each copy asked is a certificate of its own: the batch counts documents, not requests.
        let mut ready = Vec::new();
        let mut refused = Vec::new();
        for &id in ids {
            match request::check(&self.store, scope, id, &rules, payment.as_ref()).await {
                Ok(c) if replaces.is_some() => ready.push(c),
                Ok(c) if c.request.copies_missing() > 0 => {
                    for _ in 0..c.request.copies_missing() {
                        ready.push(c.clone());
                    }
                }
                Ok(c) => refused.push(failed(
                    id,
                    format!(
                        "Il certificato è già stato rilasciato ({}).",
                        c.request.issued.join(", ")
                    ),
                )),
                Err(e) => refused.push(failed(id, e.user_message())),
            }
        }
        progress(IssueProgress::Started {
            total: (refused.len() + ready.len()) as u32,
            signer: self.signer.label(),
        });
        let mut outcomes = Vec::with_capacity(refused.len() + ready.len());
        let report = |outcome: IssueOutcome, outcomes: &mut Vec<IssueOutcome>| {
            outcomes.push(outcome.clone());
            progress(IssueProgress::Document {
                done: outcomes.len() as u32,
                outcome,
            });
        };
        for outcome in refused {
            report(outcome, &mut outcomes);
        }
        let size = if self.local && comune.timestamp_url.is_none() {
            CHUNK
        } else {
            SLOW_CHUNK
        };
        for chunk in ready.chunks(size) {
            let at = clock.now();
            let mut session = self.store.begin_issue(scope, at).await?;
            let produced = self
                .produce_all(chunk.to_vec(), &comune, session.next_number(), actor, at)
                .await;
            let mut recorded = Vec::new();
            for (checked, result) in produced {
                let id = checked.request.submission_id;
                let outcome = match self
                    .record(
                        &mut session,
                        &checked,
                        result,
                        replaces,
                        (&comune, actor, at),
                    )
                    .await
                {
                    Ok((document_id, protocol)) => IssueOutcome::Issued {
                        submission_id: id,
                        document_id,
                        protocol: protocol.to_string(),
                    },
                    Err(e) => {
                        tracing::warn!(submission = id, error = %e, "certificate not issued");
                        failed(id, e.user_message())
                    }
                };
                recorded.push(outcome);
            }
            session.commit().await?;
            for outcome in recorded {
                if let IssueOutcome::Issued {
                    submission_id,
                    document_id,
                    protocol,
                } = &outcome
                {
                    tracing::info!(user = actor.id, submission = submission_id, document = %document_id, %protocol, "certificate issued");
                }
                report(outcome, &mut outcomes);
            }
        }
        let issued = outcomes.iter().filter(|o| o.is_issued()).count() as u32;
        progress(IssueProgress::Finished {
            issued,
            failed: outcomes.len() as u32 - issued,
        });
        Ok(outcomes)
    }

    /// Records one produced document, re-rendering it first if an earlier failure moved its number.
    async fn record(
        &self,
        session: &mut IssueSession,
        checked: &Checked,
        result: Result<Signed>,
        replaces: Option<(i64, &str)>,
        (comune, actor, at): (&ComuneConfig, &Actor, DateTime<Utc>),
    ) -> Result<(String, ProtocolNumber)> {
        let mut signed = result?;
        if signed.issue.protocol != session.next_number() {
            let (this, c, comune, actor, number) = (
                self.clone(),
                checked.clone(),
                comune.clone(),
                actor.clone(),
                session.next_number(),
            );
            signed =
                tokio::task::spawn_blocking(move || this.produce(&c, &comune, number, &actor, at))
                    .await
                    .map_err(|e| IssueError::Worker(e.to_string()))??;
        }
        let request = &checked.request;
        let new = NewCertificate {
            submission_id: request.submission_id,
            document_id: signed.issue.document_id.as_str(),
            kind: checked.certificate.kind().label(),
            subject_fiscal_code: &request.subject_fiscal_code,
            correspondent: &request.correspondent,
            valid_until: signed.valid_until,
            pdf: &signed.pdf,
            signer: &self.signer.label(),
            demo: self.signer.is_demo(),
            copies: request.copies,
            replaces,
        };
        let number = session.record(&new).await?;
        Ok((signed.issue.document_id.to_string(), number))
    }
}

fn failed(submission_id: i64, message: String) -> IssueOutcome {
    IssueOutcome::Failed {
        submission_id,
        message,
    }
}

/// One failure per document of a batch whose rendering panicked, so every request gets its outcome.
fn panicked(count: usize) -> Vec<Result<Signed>> {
    (0..count)
        .map(|_| Err(IssueError::Worker("a rendering thread panicked".into())))
        .collect()
}
