//! PAdES B-B signatures made with in-memory keys, checked by pyHanko, pdfsig and qpdf.

use chrono::{DateTime, FixedOffset, Utc};
use lopdf::{Document, Object};
use sportello_sign::testing::{sample_pdf, sample_pdf_with_xref_stream, TestCa};
use sportello_sign::{prepare, sign_pdf, verify, SignError, SignatureOptions, Signer, SoftwareKey};

use crate::tools::{assert_qpdf_clean, assert_valid_everywhere, Workdir};

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-05T10:00:00Z")
        .unwrap()
        .to_utc()
}

pub fn options() -> SignatureOptions {
    let at: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2026-03-05T11:00:00+01:00").unwrap();
    let mut options = SignatureOptions::new(at);
    options.reason = Some("Rilascio certificato".into());
    options.location = Some("Città di Prova".into());
    options
}

/// A byte of the page text ("Certificato…") inside the first signed range.
fn flip_text_byte(pdf: &mut [u8]) {
    let at = pdf
        .windows(11)
        .position(|w| w == b"Certificato")
        .expect("text in PDF");
    pdf[at] ^= 0x01;
}

#[test]
fn p256_signature_is_valid_for_pyhanko_pdfsig_and_qpdf() {
    let ca = TestCa::new(now()).unwrap();
    let signer = ca
        .signer("Mario Rossi", SoftwareKey::generate_p256())
        .unwrap();
    let pdf = sample_pdf("Certificato di residenza").unwrap();
    assert!(
        pdf.windows(5).any(|w| w == b"xref\n"),
        "the sample has a classic table"
    );
    let signed = sign_pdf(&pdf, &options(), &signer).unwrap();
    assert!(signed.starts_with(&pdf), "the original bytes must be kept");
    assert!(
        signed[pdf.len()..].windows(5).any(|w| w == b"xref\n"),
        "classic update"
    );
    assert_valid_everywhere(&Workdir::new(ca.certificate_der()), &signed);
}

#[test]
fn a_file_with_a_cross_reference_stream_is_signed_with_a_stream_update() {
    let ca = TestCa::new(now()).unwrap();
    let signer = ca
        .signer("Mario Rossi", SoftwareKey::generate_p256())
        .unwrap();
    let pdf = sample_pdf_with_xref_stream("Certificato di nascita").unwrap();
    let signed = sign_pdf(&pdf, &options(), &signer).unwrap();
    let update = &signed[pdf.len()..];
    assert!(update
        .windows(10)
        .any(|w| w == b"/Type/XRef" || w == b"/Type /XRe"));
    assert_valid_everywhere(&Workdir::new(ca.certificate_der()), &signed);
}

#[test]
fn a_byte_flipped_after_signing_fails_pyhanko_pdfsig_and_verify() {
    let ca = TestCa::new(now()).unwrap();
    let signer = ca
        .signer("Mario Rossi", SoftwareKey::generate_p256())
        .unwrap();
    let pdf = sample_pdf("Certificato di residenza").unwrap();
    let mut signed = sign_pdf(&pdf, &options(), &signer).unwrap();
    flip_text_byte(&mut signed);
    let work = Workdir::new(ca.certificate_der());
    let path = work.write("tampered.pdf", &signed);
    let (ok, text) = work.pyhanko(&path);
    assert!(
        !ok && !text.contains("INTACT:TRUSTED,UNTOUCHED"),
        "pyHanko accepted:\n{text}"
    );
    let text = work.pdfsig(&path);
    assert!(
        !text.contains("Signature is Valid."),
        "pdfsig accepted:\n{text}"
    );
    assert!(
        text.contains("Digest Mismatch") || text.contains("Invalid"),
        "pdfsig:\n{text}"
    );
    let report = verify(&signed).unwrap();
    assert!(!report.signatures[0].intact && !report.signatures[0].digest_matches);
    assert!(!report.all_valid());
}

#[test]
fn a_wrong_signing_certificate_hash_fails_pyhanko_and_verify() {
    let ca = TestCa::new(now()).unwrap();
    let signer = ca
        .signer("Mario Rossi", SoftwareKey::generate_p256())
        .unwrap();
    let pdf = sample_pdf("Certificato di residenza").unwrap();
    let prepared = prepare(&pdf, &options()).unwrap();
    let chain = signer.certificate_chain();
    let mut attributes = prepared.signed_attributes(&chain[0]).unwrap();
    attributes.corrupt_signing_certificate_hash().unwrap();
    let signature = signer.sign(attributes.to_be_signed()).unwrap();
    let cms = attributes
        .into_cms(chain, signer.algorithm(), &signature)
        .unwrap();
    let signed = prepared.embed(&cms).unwrap();

    let work = Workdir::new(ca.certificate_der());
    let path = work.write("bad-ess.pdf", &signed);
    let (ok, text) = work.pyhanko(&path);
    assert!(
        !ok && !text.contains("INTACT:TRUSTED,UNTOUCHED"),
        "pyHanko accepted:\n{text}"
    );
    assert!(
        text.contains("Signing certificate attribute does not match"),
        "pyHanko:\n{text}"
    );
    let report = verify(&signed).unwrap();
    let signature = &report.signatures[0];
    // The signature itself is intact: only the certificate binding is wrong.
    assert!(signature.intact);
    assert_eq!(signature.signing_certificate_matches, Some(false));
    assert!(!report.all_valid());
}

#[test]
fn the_two_phase_api_gives_the_same_document_as_sign_pdf() {
    let ca = TestCa::new(now()).unwrap();
    let signer = ca
        .signer("Mario Rossi", SoftwareKey::generate_p256())
        .unwrap();
    let pdf = sample_pdf("Certificato di residenza").unwrap();
    let mut opts = options();
    opts.reserved_bytes = Some(SignatureOptions::reserve_for_chain(
        signer.certificate_chain(),
    ));
    let prepared = prepare(&pdf, &opts).unwrap();
    let chain = signer.certificate_chain();
    let attributes = prepared.signed_attributes(&chain[0]).unwrap();
    let signature = signer.sign(attributes.to_be_signed()).unwrap();
    let cms = attributes
        .into_cms(chain, signer.algorithm(), &signature)
        .unwrap();
    let two_phase = prepared.embed(&cms).unwrap();
    // Deterministic ECDSA and /M from the options: the same bytes, whatever the clock says.
    assert_eq!(two_phase, sign_pdf(&pdf, &options(), &signer).unwrap());
}

#[test]
fn a_signature_larger_than_the_reservation_is_refused() {
    let ca = TestCa::new(now()).unwrap();
    let signer = ca
        .signer("Mario Rossi", SoftwareKey::generate_p256())
        .unwrap();
    let pdf = sample_pdf("Certificato").unwrap();
    let mut opts = options();
    opts.reserved_bytes = Some(200);
    let err = sign_pdf(&pdf, &opts, &signer).unwrap_err();
    assert!(
        matches!(err, SignError::SignatureTooLarge { reserved: 200, .. }),
        "{err}"
    );
}

#[test]
fn the_signature_field_keeps_the_pdfa_structure() {
    let ca = TestCa::new(now()).unwrap();
    let signer = ca
        .signer("Mario Rossi", SoftwareKey::generate_p256())
        .unwrap();
    let pdf = sample_pdf("Certificato").unwrap();
    let before = Document::load_mem(&pdf).unwrap();
    let signed = sign_pdf(&pdf, &options(), &signer).unwrap();
    let doc = Document::load_mem(&signed).unwrap();
    let catalog = doc.catalog().unwrap();
    let old_catalog = before.catalog().unwrap();
    for key in [&b"Metadata"[..], b"OutputIntents", b"Pages"] {
        assert_eq!(catalog.get(key).unwrap(), old_catalog.get(key).unwrap());
    }
    assert_eq!(
        doc.trailer.get(b"ID").unwrap(),
        before.trailer.get(b"ID").unwrap()
    );
    let form = catalog
        .get_deref(b"AcroForm", &doc)
        .unwrap()
        .as_dict()
        .unwrap();
    assert_eq!(form.get(b"SigFlags").unwrap().as_i64().unwrap(), 3);
    assert!(form.get(b"NeedAppearances").is_err());
    let fields = form.get_deref(b"Fields", &doc).unwrap().as_array().unwrap();
    let widget_ref = fields[0].as_reference().unwrap();
    let widget = doc.get_dictionary(widget_ref).unwrap();
    assert_eq!(widget.get(b"F").unwrap().as_i64().unwrap(), 132);
    assert_eq!(
        widget.get(b"Subtype").unwrap().as_name().unwrap(),
        b"Widget"
    );
    let rect: Vec<i64> = widget
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_i64().unwrap())
        .collect();
    assert_eq!(rect, [0, 0, 0, 0]);
    let page = doc
        .get_dictionary(*doc.get_pages().get(&1).unwrap())
        .unwrap();
    let annots = page.get_deref(b"Annots", &doc).unwrap().as_array().unwrap();
    assert!(annots.contains(&Object::Reference(widget_ref)));
    let sig = widget.get_deref(b"V", &doc).unwrap().as_dict().unwrap();
    assert_eq!(
        sig.get(b"SubFilter").unwrap().as_name().unwrap(),
        b"ETSI.CAdES.detached"
    );
    assert_eq!(
        sig.get(b"M").unwrap().as_str().unwrap(),
        b"D:20260305110000+01'00'"
    );
}

#[test]
fn a_second_signature_keeps_the_first_intact_and_reports_it_as_extended() {
    let ca = TestCa::new(now()).unwrap();
    let first = ca
        .signer("Mario Rossi", SoftwareKey::generate_p256())
        .unwrap();
    let second = ca
        .signer("Anna Bianchi", SoftwareKey::generate_p256())
        .unwrap();
    let pdf = sample_pdf("Certificato").unwrap();
    let once = sign_pdf(&pdf, &options(), &first).unwrap();
    let twice = sign_pdf(&once, &options(), &second).unwrap();
    let report = verify(&twice).unwrap();
    assert_eq!(report.signatures.len(), 2);
    assert!(report.all_valid(), "{report:#?}");
    assert!(!report.signatures[0].covers_whole_file);
    assert_eq!(report.signatures[0].field_name.as_deref(), Some("Firma"));
    assert_eq!(report.signatures[1].field_name.as_deref(), Some("Firma 2"));
    let work = Workdir::new(ca.certificate_der());
    let path = work.write("twice.pdf", &twice);
    let (ok, text) = work.pyhanko(&path);
    assert!(
        ok && text.contains("INTACT:TRUSTED,UNTOUCHED"),
        "pyHanko:\n{text}"
    );
    assert_eq!(work.pdfsig(&path).matches("Signature is Valid.").count(), 2);
    assert_qpdf_clean(&path);
}

/// CAD art. 24 c.4: a certificate outside its validity makes no signature, so Sportello never
/// signs with one (a device whose certificate expired, a clock set before it was issued).
#[test]
fn an_expired_signing_certificate_is_refused_before_signing() {
    // Issued three years before the signing time, for two years: expired a year ago.
    let past = now() - chrono::Duration::days(3 * 365);
    let ca = TestCa::new(past).unwrap();
    let signer = ca
        .signer("Mario Rossi", SoftwareKey::generate_p256())
        .unwrap();
    let pdf = sample_pdf("Certificato di residenza").unwrap();
    let refused = sign_pdf(&pdf, &options(), &signer).unwrap_err();
    assert!(
        matches!(refused, SignError::CertificateOutsideValidity { .. }),
        "{refused:?}"
    );
    assert!(refused.user_message().contains("CAD art. 24"));
    // Not yet valid: a CA whose certificates start next month.
    let future = TestCa::new(now() + chrono::Duration::days(30)).unwrap();
    let early = future
        .signer("Mario Rossi", SoftwareKey::generate_p256())
        .unwrap();
    assert!(matches!(
        sign_pdf(&pdf, &options(), &early),
        Err(SignError::CertificateOutsideValidity { .. })
    ));
}
