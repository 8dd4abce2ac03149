//! What the UI sees of certificate issuance and verification: the approved requests waiting for a
//! signature, the per-document results of a batch, the certificates a submission produced, and the
//! verdict on a document someone brings to be checked.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::protocol::Annulment;

/// An approved certificate request whose certificate has not been issued yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PendingCertificate {
    #[ts(type = "number")]
    pub submission_id: i64,
    /// The incoming protocol number of the request.
    pub protocol: String,
    pub applicant: String,
    /// The fiscal code of the person the certificate is about.
    pub subject_fiscal_code: String,
    /// The certificate type as the citizen chose it (e.g. «Residenza»).
    pub kind: String,
    /// The declared use as the citizen chose it (e.g. «Uso generico (in bollo)»).
    pub declared_use: String,
    pub approved_at: DateTime<Utc>,
}

/// The result of one document of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "status")]
#[ts(export)]
pub enum IssueOutcome {
    /// Issued, signed and registered.
    #[serde(rename_all = "camelCase")]
    Issued {
        #[ts(type = "number")]
        submission_id: i64,
        document_id: String,
        protocol: String,
    },
    /// Not issued; `message` says why in Italian. The other documents of the batch are unaffected.
    #[serde(rename_all = "camelCase")]
    Failed {
        #[ts(type = "number")]
        submission_id: i64,
        message: String,
    },
}

impl IssueOutcome {
    pub fn submission_id(&self) -> i64 {
        match self {
            IssueOutcome::Issued { submission_id, .. }
            | IssueOutcome::Failed { submission_id, .. } => *submission_id,
        }
    }

    pub fn is_issued(&self) -> bool {
        matches!(self, IssueOutcome::Issued { .. })
    }
}

/// Progress of a batch, streamed to the window while it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "event")]
#[ts(export)]
pub enum IssueProgress {
    Started { total: u32, signer: String },
    Document { done: u32, outcome: IssueOutcome },
    Finished { issued: u32, failed: u32 },
}

/// What a head asks for: the approved requests to issue, and the PIN of the signing device (empty
/// for devices that need none, such as the demo seal).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IssueRequest {
    #[ts(type = "Array<number>")]
    pub submission_ids: Vec<i64>,
    pub pin: String,
}

/// The signing device the app is configured with, as the batch screen presents it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SigningDeviceInfo {
    /// E.g. «Sigillo DEMO — non valido» or «Smart card (PKCS#11)».
    pub label: String,
    /// The demo seal: documents it signs carry «DEMO — non valido».
    pub demo: bool,
    /// Whether the head must type a PIN (once per batch).
    pub needs_pin: bool,
}

/// Annulling an issued certificate: by an authorising act, with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CertificateAnnulmentRequest {
    pub document_id: String,
    pub act: String,
    pub reason: String,
}

/// Re-issuing a certificate: a new document replaces the old one, which is annulled.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReissueRequest {
    pub document_id: String,
    pub reason: String,
    pub pin: String,
}

/// A certificate as the register knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IssuedCertificate {
    pub document_id: String,
    #[ts(type = "number")]
    pub submission_id: i64,
    pub kind: String,
    pub protocol: String,
    pub issued_at: DateTime<Utc>,
    /// `None`: valid without a time limit.
    pub valid_until: Option<NaiveDate>,
    pub signer: String,
    pub demo: bool,
    pub sha256: String,
    /// The document this one replaces (a re-issue).
    pub replaces: Option<String>,
    /// The annulment of its registration, if any.
    pub annulled: Option<Annulment>,
}

/// One signature found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SignatureSummary {
    pub signer: String,
    pub organisation: Option<String>,
    /// `PAdES B-B` or `PAdES B-T`.
    pub level: String,
    pub signed_at: Option<DateTime<Utc>>,
    /// The signed bytes are exactly those the signer signed.
    pub intact: bool,
    /// The signature covers the whole file (nothing was appended after signing).
    pub covers_whole_file: bool,
    /// Signed by the demo seal, which has no legal value.
    pub demo: bool,
    /// Why the signature is not intact, in Italian, when it is not.
    pub problem: Option<String>,
}

/// The verdict on a document, from the strongest problem down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Verdict {
    /// Intact, registered, neither annulled nor expired.
    Valid,
    /// No signature, or a signature that does not match the bytes.
    Invalid,
    /// Intact, but the register has annulled it.
    Annulled,
    /// Intact and registered, but past its validity.
    Expired,
    /// Intact, but this register does not know it (another Comune's, or a sample).
    Unregistered,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Valid => "Documento valido",
            Verdict::Invalid => "Documento non valido: la firma non corrisponde al contenuto",
            Verdict::Annulled => "Documento annullato",
            Verdict::Expired => "Documento scaduto",
            Verdict::Unregistered => "Firma integra, ma documento non presente nel registro",
        }
    }
}

/// The whole answer to «is this document good?».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VerificationReport {
    pub verdict: Verdict,
    /// An Italian sentence for the officer or the citizen.
    pub summary: String,
    pub file_sha256: String,
    pub signatures: Vec<SignatureSummary>,
    /// The register's record of this document, when it has one.
    pub certificate: Option<IssuedCertificate>,
    pub expired: bool,
}

/// The verdict from the parts: signatures first, then the register.
pub fn verdict(
    signatures: &[SignatureSummary],
    certificate: Option<&IssuedCertificate>,
    today: NaiveDate,
) -> (Verdict, bool) {
    let intact = !signatures.is_empty() && signatures.iter().all(|s| s.intact);
    let expired = certificate
        .and_then(|c| c.valid_until)
        .is_some_and(|until| today > until);
    let verdict = match certificate {
        _ if !intact => Verdict::Invalid,
        None => Verdict::Unregistered,
        Some(c) if c.annulled.is_some() => Verdict::Annulled,
        Some(_) if expired => Verdict::Expired,
        Some(_) => Verdict::Valid,
    };
    (verdict, expired)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature(intact: bool) -> SignatureSummary {
        SignatureSummary {
            signer: "Sigillo".into(),
            organisation: None,
            level: "PAdES B-B".into(),
            signed_at: None,
            intact,
            covers_whole_file: intact,
            demo: false,
            problem: None,
        }
    }

    fn certificate(valid_until: Option<NaiveDate>, annulled: bool) -> IssuedCertificate {
        IssuedCertificate {
            document_id: "X".into(),
            submission_id: 1,
            kind: "Residenza".into(),
            protocol: "2026/0000001".into(),
            issued_at: DateTime::<Utc>::UNIX_EPOCH,
            valid_until,
            signer: "Sigillo".into(),
            demo: false,
            sha256: String::new(),
            replaces: None,
            annulled: annulled.then(|| Annulment {
                annulled_at: DateTime::<Utc>::UNIX_EPOCH,
                operator: "Admin".into(),
                act: "Det. 1/2026".into(),
                reason: "errore".into(),
            }),
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).expect("valid date")
    }

    #[test]
    fn a_broken_signature_is_invalid_whatever_the_register_says() {
        let c = certificate(None, false);
        assert_eq!(
            verdict(&[signature(false)], Some(&c), day(1)).0,
            Verdict::Invalid
        );
        assert_eq!(verdict(&[], Some(&c), day(1)).0, Verdict::Invalid);
    }

    #[test]
    fn the_register_decides_between_valid_annulled_expired_and_unknown() {
        let ok = [signature(true)];
        assert_eq!(verdict(&ok, None, day(1)).0, Verdict::Unregistered);
        let annulled = certificate(Some(day(30)), true);
        assert_eq!(verdict(&ok, Some(&annulled), day(1)).0, Verdict::Annulled);
        let valid = certificate(Some(day(10)), false);
        assert_eq!(verdict(&ok, Some(&valid), day(10)), (Verdict::Valid, false));
        assert_eq!(
            verdict(&ok, Some(&valid), day(11)),
            (Verdict::Expired, true)
        );
        let forever = certificate(None, false);
        assert_eq!(verdict(&ok, Some(&forever), day(30)).0, Verdict::Valid);
    }
}
