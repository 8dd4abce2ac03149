use chrono::DateTime;

use super::*;
use crate::testing::{sample_pdf, TestCa};
use crate::{sign_pdf, SignatureOptions, SoftwareKey};

fn signed() -> Vec<u8> {
    let at = DateTime::parse_from_rfc3339("2026-03-05T11:00:00+01:00").unwrap();
    let ca = TestCa::new(at.to_utc()).unwrap();
    let signer = ca
        .signer("Mario Rossi", SoftwareKey::generate_p256())
        .unwrap();
    sign_pdf(
        &sample_pdf("Certificato").unwrap(),
        &SignatureOptions::new(at),
        &signer,
    )
    .unwrap()
}

fn replace(pdf: &mut [u8], from: &[u8], to: &[u8]) {
    let at = pdf.windows(from.len()).position(|w| w == from).unwrap();
    pdf[at..at + to.len()].copy_from_slice(to);
}

#[test]
fn an_untouched_signature_is_valid_and_described() {
    let report = verify(&signed()).unwrap();
    assert!(report.all_valid());
    let s = &report.signatures[0];
    assert!(s.intact && s.covers_whole_file);
    assert_eq!(s.level, PadesLevel::BB);
    assert_eq!(s.signing_certificate_matches, Some(true));
    assert_eq!(s.certificate_valid_at_signing_time, Some(true));
    let signer = s.signer.as_ref().unwrap();
    assert_eq!(signer.common_name.as_deref(), Some("Mario Rossi"));
    assert!(!signer.demo && !signer.self_signed);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["signatures"][0]["level"], "B-B");
}

#[test]
fn a_flipped_byte_breaks_the_digest() {
    let mut pdf = signed();
    replace(&mut pdf, b"Certificato", b"Cert1ficato");
    let s = &verify(&pdf).unwrap().signatures[0];
    assert!(!s.intact && !s.digest_matches);
    assert!(s.signature_valid, "the CMS itself is untouched");
}

#[test]
fn bytes_appended_after_signing_are_reported() {
    let mut pdf = signed();
    pdf.extend_from_slice(b"\n% appended\n");
    let report = verify(&pdf).unwrap();
    assert!(report.signatures[0].intact);
    assert!(!report.signatures[0].covers_whole_file);
    assert!(!report.all_valid());
}

#[test]
fn a_bogus_byte_range_is_a_typed_error() {
    let mut pdf = signed();
    let at = pdf.windows(11).position(|w| w == b"/ByteRange ").unwrap() + 11;
    let bogus = b"[0 99999999 5 10]";
    pdf[at..at + bogus.len()].copy_from_slice(bogus);
    let end = pdf[at..].iter().position(|&b| b == b'/').unwrap() + at;
    pdf[at + bogus.len()..end].fill(b' ');
    assert!(matches!(
        verify(&pdf),
        Err(SignError::MalformedSignature(_))
    ));
}

#[test]
fn contents_that_are_not_cms_are_a_typed_error() {
    let mut pdf = signed();
    replace(&mut pdf, b"/Contents <30", b"/Contents <FF");
    assert!(matches!(
        verify(&pdf),
        Err(SignError::MalformedSignature(_))
    ));
}

#[test]
fn hostile_input_never_panics() {
    let pdf = signed();
    assert!(matches!(
        verify(b"not a pdf"),
        Err(SignError::InvalidPdf(_))
    ));
    let unsigned = sample_pdf("x").unwrap();
    assert!(matches!(verify(&unsigned), Err(SignError::NoSignature)));
    for len in (0..pdf.len()).step_by(97) {
        let _ = verify(&pdf[..len]);
    }
    let update = pdf.len() - 2500;
    for at in (update..pdf.len()).step_by(13) {
        let mut copy = pdf.clone();
        copy[at] = copy[at].wrapping_add(0x2b);
        let _ = verify(&copy);
    }
}
