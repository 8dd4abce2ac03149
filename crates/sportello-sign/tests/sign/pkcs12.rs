//! PKCS#12 files as OpenSSL 3 writes them (PBES2, AES-256-CBC, PBKDF2-HMAC-SHA256).

use der::Decode;
use sportello_sign::certificate::{to_pem, CertificateTemplate};
use sportello_sign::testing::{sample_pdf, TestCa};
use sportello_sign::{
    sign_pdf, SignError, SignErrorCode, SignatureAlgorithm, Signer, SoftwareSigner,
};

use crate::pades::{now, options};
use crate::tools::{assert_valid_everywhere, Workdir};

/// Makes `firma.p12` (password `segreto`) with an OpenSSL key of `keygen` and a certificate of
/// the test CA, and returns its path.
fn openssl_pkcs12(work: &Workdir, ca: &TestCa, keygen: &[&str]) -> std::path::PathBuf {
    let mut args = vec!["genpkey"];
    args.extend_from_slice(keygen);
    args.extend_from_slice(&["-out", "key.pem"]);
    work.openssl(&args);
    work.openssl(&[
        "pkey", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "pub.der",
    ]);
    let public = std::fs::read(work.path().join("pub.der")).unwrap();
    let spki = spki::SubjectPublicKeyInfoOwned::from_der(&public).unwrap();
    let cert = ca
        .issue("Mario Rossi", spki, CertificateTemplate::signing_usage())
        .unwrap();
    work.write("cert.pem", to_pem(&cert).unwrap().as_bytes());
    work.openssl(&[
        "pkcs12",
        "-export",
        "-inkey",
        "key.pem",
        "-in",
        "cert.pem",
        "-certfile",
        "ca.pem",
        "-passout",
        "pass:segreto",
        "-out",
        "firma.p12",
    ]);
    let info = work.openssl(&[
        "pkcs12",
        "-in",
        "firma.p12",
        "-info",
        "-noout",
        "-passin",
        "pass:segreto",
    ]);
    assert!(
        info.contains("AES-256-CBC") && info.contains("PBKDF2"),
        "not the modern format:\n{info}"
    );
    work.path().join("firma.p12")
}

#[test]
fn openssl3_pkcs12_files_with_rsa_and_p256_keys_sign_valid_documents() {
    let ca = TestCa::new(now()).unwrap();
    let work = Workdir::new(ca.certificate_der());
    let cases: [(&[&str], SignatureAlgorithm); 2] = [
        (
            &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
            SignatureAlgorithm::RsaPkcs1Sha256,
        ),
        (
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
            SignatureAlgorithm::EcdsaP256Sha256,
        ),
    ];
    for (keygen, algorithm) in cases {
        let p12 = openssl_pkcs12(&work, &ca, keygen);
        let signer = SoftwareSigner::from_pkcs12_file(&p12, "segreto").unwrap();
        assert_eq!(signer.algorithm(), algorithm);
        assert_eq!(signer.certificate_chain().len(), 2, "leaf and CA");
        assert_eq!(signer.label(), "Mario Rossi (file firma.p12)");
        let signed = sign_pdf(&sample_pdf("Certificato").unwrap(), &options(), &signer).unwrap();
        assert_valid_everywhere(&work, &signed);
    }
}

#[test]
fn a_wrong_pkcs12_password_is_reported_as_such() {
    let ca = TestCa::new(now()).unwrap();
    let work = Workdir::new(ca.certificate_der());
    let p12 = openssl_pkcs12(
        &work,
        &ca,
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
    );
    let err = SoftwareSigner::from_pkcs12_file(&p12, "sbagliata").unwrap_err();
    assert!(matches!(err, SignError::WrongPassword), "{err:?}");
    assert_eq!(err.code(), SignErrorCode::WrongPassword);
    assert_eq!(err.user_message(), "Password del file di firma errata");
}
