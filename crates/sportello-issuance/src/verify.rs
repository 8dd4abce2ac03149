//! «Is this document good?»: its signatures (`sportello-sign`), then what the register knows of the
//! exact bytes — issued, annulled, expired.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use sportello_domain::issuance::{verdict, SignatureSummary, Verdict, VerificationReport};
use sportello_sign::{PadesLevel, SignError, SignatureReport};
use sportello_store::Store;

use crate::error::Result;

fn summary(s: &SignatureReport) -> SignatureSummary {
    let signer = s.signer.as_ref();
    let problem = if !s.digest_matches {
        Some("il contenuto è stato modificato dopo la firma".to_string())
    } else if !s.signature_valid {
        Some("il valore della firma non corrisponde al certificato".to_string())
    } else if s.signing_certificate_matches != Some(true) {
        Some("il certificato del firmatario non è quello indicato nella firma".to_string())
    } else if s.timestamp_valid == Some(false) {
        Some("la marca temporale non corrisponde alla firma".to_string())
    } else if !s.covers_whole_file {
        Some("al documento è stato aggiunto contenuto dopo la firma".to_string())
    } else {
        None
    };
    SignatureSummary {
        signer: signer
            .and_then(|c| c.common_name.clone())
            .unwrap_or_else(|| "sconosciuto".into()),
        organisation: signer.and_then(|c| c.organization.clone()),
        level: match s.level {
            PadesLevel::BB => "PAdES B-B",
            PadesLevel::BT => "PAdES B-T",
            PadesLevel::NotPades => "CMS (non PAdES)",
        }
        .into(),
        signed_at: s.signing_time.map(|t| t.to_utc()),
        intact: problem.is_none(),
        covers_whole_file: s.covers_whole_file,
        demo: signer.is_some_and(|c| c.demo),
        problem,
    }
}

fn sentence(verdict: Verdict, signatures: &[SignatureSummary]) -> String {
    let demo = signatures.iter().any(|s| s.demo);
    match (verdict, demo) {
        (Verdict::Valid, true) => {
            "Documento integro e registrato, ma firmato con il sigillo DEMO: non ha valore legale"
                .into()
        }
        (v, _) => v.label().into(),
    }
}

/// Verifies `pdf`; with a store, also against the register (annulled, expired, unknown).
pub async fn verify_document(
    store: Option<&Store>,
    pdf: &[u8],
    today: NaiveDate,
) -> Result<VerificationReport> {
    let file_sha256 = hex::encode(Sha256::digest(pdf));
    let signatures: Vec<SignatureSummary> = match sportello_sign::verify(pdf) {
        Ok(v) => v.signatures.iter().map(summary).collect(),
        Err(SignError::NoSignature) => Vec::new(),
        Err(e) => {
            tracing::info!(error = %e, "document to verify is not a readable signed PDF");
            Vec::new()
        }
    };
    let certificate = match store {
        Some(store) => store.certificate_by_sha256(&file_sha256).await?,
        None => None,
    };
    let (mut verdict, expired) = verdict(&signatures, certificate.as_ref(), today);
    let mut summary = if signatures.is_empty() {
        "Documento non valido: nessuna firma leggibile".to_string()
    } else {
        sentence(verdict, &signatures)
    };
    // Not a certificate, but a registered document (a decision letter): say so.
    if let (Verdict::Unregistered, Some(store)) = (verdict, store) {
        if let Some(entry) = store.registration_by_sha256(&file_sha256).await? {
            let when = entry.registered_at.format("%d/%m/%Y");
            (verdict, summary) = match entry.annulment {
                Some(a) => (
                    Verdict::Annulled,
                    format!(
                        "Documento del protocollo n. {} del {when}, annullato con {}",
                        entry.protocol, a.act
                    ),
                ),
                None => (
                    Verdict::Valid,
                    format!(
                        "Documento integro, registrato al protocollo n. {} del {when}",
                        entry.protocol
                    ),
                ),
            };
        }
    }
    Ok(VerificationReport {
        verdict,
        summary,
        file_sha256,
        signatures,
        certificate,
        expired,
    })
}
