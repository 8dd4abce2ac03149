use chrono::{DateTime, FixedOffset, Utc};
use sportello_sign::testing::{sample_pdf, TestCa};
use sportello_sign::{sign_pdf, SignatureOptions, SoftwareKey};

use crate::tools::{assert_valid_everywhere, Workdir};

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-05T10:00:00Z").unwrap().to_utc()
}

pub fn options() -> SignatureOptions {
    let at: DateTime<FixedOffset> = DateTime::parse_from_rfc3339("2026-03-05T11:00:00+01:00").unwrap();
    SignatureOptions::new(at)
}

#[test]
fn p256_signature_is_valid_for_pyhanko_pdfsig_and_qpdf() {
    let ca = TestCa::new(now()).unwrap();
    let signer = ca.signer("Mario Rossi", SoftwareKey::generate_p256()).unwrap();
    let pdf = sample_pdf("Certificato di residenza").unwrap();
    let signed = sign_pdf(&pdf, &options(), &signer).unwrap();
    assert!(signed.starts_with(&pdf), "the original bytes must be kept");
    assert_valid_everywhere(&Workdir::new(&ca), &signed);
}
