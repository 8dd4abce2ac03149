//! The demo seal: created once, stored, restored, and clearly reported as demo.

use sportello_sign::testing::{sample_pdf, TestCa};
use sportello_sign::{sign_pdf, verify, DemoSeal, PadesLevel, SignError, Signer, SoftwareKey};

use crate::pades::{now, options};
use crate::tools::{assert_intact_everywhere, Workdir};

#[test]
fn a_restored_demo_seal_signs_documents_reported_as_demo() {
    let seal = DemoSeal::create("Comune di Prova", now()).unwrap();
    let stored_key = seal.private_key_der().unwrap();
    let restored = DemoSeal::from_parts(&stored_key, seal.certificate_der()).unwrap();
    assert!(restored.is_demo());
    assert!(restored.label().contains("demo"));

    let signed = sign_pdf(&sample_pdf("Certificato").unwrap(), &options(), &restored).unwrap();
    // pyHanko accepts it only when told to trust the seal itself; pdfsig checks integrity.
    let pdfsig = assert_intact_everywhere(&Workdir::new(seal.certificate_der()), &signed);
    assert!(!pdfsig.contains("Certificate is Trusted."), "{pdfsig}");
    let report = verify(&signed).unwrap();
    let signature = &report.signatures[0];
    let signer = signature.signer.as_ref().unwrap();
    assert!(signer.demo && signer.self_signed);
    let cn = signer.common_name.as_deref().unwrap();
    assert_eq!(cn, "SIGILLO DEMO - NON VALIDO - Comune di Prova");
    assert_eq!(signer.organization.as_deref(), Some("Comune di Prova"));
    // Ten years ahead; and back over the demo's own past (an expired or not-yet-valid
    // certificate never signs).
    assert_eq!((signer.not_after - now()).num_days() / 365, 10);
    assert!((now() - signer.not_before).num_days() >= 20 * 365);
    assert_eq!(signature.level, PadesLevel::BB);
    assert_eq!(signature.certificate_valid_at_signing_time, Some(true));
}

#[test]
fn a_real_certificate_cannot_be_restored_as_the_demo_seal() {
    let ca = TestCa::new(now()).unwrap();
    let key = SoftwareKey::generate_p256();
    let signer = ca.signer("Mario Rossi", key.clone()).unwrap();
    let err = DemoSeal::from_parts(&key.to_pkcs8_der().unwrap(), &signer.certificate_chain()[0])
        .unwrap_err();
    assert!(matches!(err, SignError::InvalidCertificate(_)), "{err:?}");
}
