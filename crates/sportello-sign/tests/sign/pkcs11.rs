//! PKCS#11 tokens, on SoftHSM2 tokens made inside the test. One test function: SoftHSM reads
//! its configuration from the process-wide SOFTHSM2_CONF.

use std::path::{Path, PathBuf};
use std::process::Command;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, CertificateType, ObjectClass};
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;
use der::{Decode, Encode};
use p256::pkcs8::EncodePublicKey;
use sportello_sign::certificate::CertificateTemplate;
use sportello_sign::testing::{sample_pdf, TestCa};
use sportello_sign::{
    probe_modules, sign_pdf, verify, Pkcs11Config, Pkcs11Signer, SignError, SignatureAlgorithm,
    Signer,
};
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};

use crate::pades::{now, options};
use crate::tools::{assert_valid_everywhere, run_ok, tool, Workdir};

const PIN: &str = "12345678";
/// DER OID of prime256v1.
const P256_PARAMS: [u8; 10] = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

fn softhsm_module() -> PathBuf {
    probe_modules()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("softhsm2"))
        .expect("SoftHSM2 not installed: run scripts/test, which installs the signature validators")
}

fn init_token(label: &str) {
    run_ok(Command::new(tool("softhsm2-util")).args([
        "--init-token",
        "--free",
        "--label",
        label,
        "--pin",
        PIN,
        "--so-pin",
        "87654321",
    ]));
}

/// Opens a read-write session on token `label`, logged in as the user.
fn admin_session(context: &Pkcs11, label: &str) -> Session {
    let slot = context
        .get_slots_with_token()
        .unwrap()
        .into_iter()
        .find(|s| context.get_token_info(*s).unwrap().label().trim() == label)
        .unwrap();
    let session = context.open_rw_session(slot).unwrap();
    session
        .login(UserType::User, Some(&AuthPin::from(PIN)))
        .unwrap();
    session
}

fn store_certificate(session: &Session, id: &[u8], der: &[u8]) {
    let cert = x509_cert::Certificate::from_der(der).unwrap();
    session
        .create_object(&[
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::CertificateType(CertificateType::X_509),
            Attribute::Token(true),
            Attribute::Id(id.to_vec()),
            Attribute::Subject(cert.tbs_certificate.subject.to_der().unwrap()),
            Attribute::Value(der.to_vec()),
        ])
        .unwrap();
}

fn private_template(id: &[u8], always_authenticate: bool) -> Vec<Attribute> {
    vec![
        Attribute::Token(true),
        Attribute::Private(true),
        Attribute::Sensitive(true),
        Attribute::Sign(true),
        Attribute::Id(id.to_vec()),
        Attribute::AlwaysAuthenticate(always_authenticate),
    ]
}

/// A P-256 key pair on the token with a certificate of `usage` from `ca`.
fn add_ec_key(session: &Session, ca: &TestCa, id: &[u8], cn: &str, usage: KeyUsage) {
    let public = [
        Attribute::Token(true),
        Attribute::Verify(true),
        Attribute::Id(id.to_vec()),
        Attribute::EcParams(P256_PARAMS.to_vec()),
    ];
    let (public, _) = session
        .generate_key_pair(
            &Mechanism::EccKeyPairGen,
            &public,
            &private_template(id, false),
        )
        .unwrap();
    let attrs = session
        .get_attributes(public, &[AttributeType::EcPoint])
        .unwrap();
    let Some(Attribute::EcPoint(point)) = attrs.into_iter().next() else {
        panic!("no EC point")
    };
    let point = der::asn1::OctetString::from_der(&point).unwrap();
    let key = p256::PublicKey::from_sec1_bytes(point.as_bytes()).unwrap();
    let spki =
        spki::SubjectPublicKeyInfoOwned::from_der(key.to_public_key_der().unwrap().as_bytes())
            .unwrap();
    store_certificate(session, id, &ca.issue(cn, spki, usage).unwrap());
}

/// An RSA-2048 key pair (CKA_ALWAYS_AUTHENTICATE set) with a signing certificate.
fn add_rsa_key(session: &Session, ca: &TestCa, id: &[u8], cn: &str) {
    let public = [
        Attribute::Token(true),
        Attribute::Verify(true),
        Attribute::Id(id.to_vec()),
        Attribute::ModulusBits(2048.into()),
        Attribute::PublicExponent(vec![1, 0, 1]),
    ];
    let (public, _) = session
        .generate_key_pair(
            &Mechanism::RsaPkcsKeyPairGen,
            &public,
            &private_template(id, true),
        )
        .unwrap();
    let attrs = session
        .get_attributes(
            public,
            &[AttributeType::Modulus, AttributeType::PublicExponent],
        )
        .unwrap();
    let (mut n, mut e) = (Vec::new(), Vec::new());
    for attr in attrs {
        match attr {
            Attribute::Modulus(v) => n = v,
            Attribute::PublicExponent(v) => e = v,
            _ => {}
        }
    }
    let key = rsa::RsaPublicKey::new(
        rsa::BigUint::from_bytes_be(&n),
        rsa::BigUint::from_bytes_be(&e),
    )
    .unwrap();
    let spki =
        spki::SubjectPublicKeyInfoOwned::from_der(key.to_public_key_der().unwrap().as_bytes())
            .unwrap();
    let cert = ca
        .issue(cn, spki, CertificateTemplate::signing_usage())
        .unwrap();
    store_certificate(session, id, &cert);
}

/// Four tokens: a CNS-like card (authentication + signature keys, CA certificate), an RSA
/// token, a token with an authentication key only, and an empty one.
fn make_tokens(module: &Path, ca: &TestCa) {
    for label in ["Firma CNS", "Firma RSA", "Solo autenticazione", "Vuoto"] {
        init_token(label);
    }
    let context = Pkcs11::new(module).unwrap();
    context
        .initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
        .unwrap();
    let auth = KeyUsage(KeyUsages::DigitalSignature.into());
    let cns = admin_session(&context, "Firma CNS");
    add_ec_key(&cns, ca, b"auth", "Mario Rossi (autenticazione)", auth);
    add_ec_key(
        &cns,
        ca,
        b"sign",
        "Mario Rossi",
        CertificateTemplate::signing_usage(),
    );
    store_certificate(&cns, b"ca", ca.certificate_der());
    add_rsa_key(
        &admin_session(&context, "Firma RSA"),
        ca,
        b"rsa",
        "Anna Bianchi",
    );
    add_ec_key(
        &admin_session(&context, "Solo autenticazione"),
        ca,
        b"auth",
        "Luca Verdi",
        auth,
    );
    // Sessions close here; the library stays initialised for the signers (no C_Finalize).
}

fn open(module: &Path, label: &str, pin: &str) -> Result<Pkcs11Signer, SignError> {
    Pkcs11Signer::open(&Pkcs11Config {
        module: module.to_path_buf(),
        token_label: Some(label.into()),
        pin: pin.into(),
    })
}

fn common_name(signer: &dyn Signer) -> String {
    let cert = sportello_sign::certificate::parse(&signer.certificate_chain()[0]).unwrap();
    sportello_sign::certificate::summary(&cert)
        .common_name
        .unwrap()
}

#[test]
fn pkcs11_tokens_sign_batches_with_one_login_and_pick_the_non_repudiation_key() {
    let module = softhsm_module();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tokens")).unwrap();
    let conf = dir.path().join("softhsm2.conf");
    let text = format!(
        "directories.tokendir = {}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n",
        dir.path().display()
    );
    std::fs::write(&conf, text).unwrap();
    std::env::set_var("SOFTHSM2_CONF", &conf);
    let ca = TestCa::new(now()).unwrap();
    make_tokens(&module, &ca);
    let work = Workdir::new(ca.certificate_der());

    let err = open(&module, "Firma CNS", "00000000").unwrap_err();
    assert!(matches!(err, SignError::PinIncorrect), "{err:?}");
    assert_eq!(err.user_message(), "PIN errato");

    // The CNS card: the nonRepudiation key, not the authentication one; chain from the card.
    let cns = open(&module, "Firma CNS", PIN).unwrap();
    assert_eq!(cns.algorithm(), SignatureAlgorithm::EcdsaP256Sha256);
    assert_eq!(common_name(&cns), "Mario Rossi");
    assert_eq!(cns.certificate_chain().len(), 2);
    assert_eq!(cns.label(), "Mario Rossi (Firma CNS)");
    // Batch: one login, several documents.
    for n in 0..3 {
        let pdf = sample_pdf(&format!("Certificato numero {n}")).unwrap();
        let signed = sign_pdf(&pdf, &options(), &cns).unwrap();
        if n == 0 {
            assert_valid_everywhere(&work, &signed);
        } else {
            assert!(verify(&signed).unwrap().all_valid());
        }
    }

    // RSA with CKA_ALWAYS_AUTHENTICATE: a context-specific login per signature.
    let rsa = open(&module, "Firma RSA", PIN).unwrap();
    assert_eq!(rsa.algorithm(), SignatureAlgorithm::RsaPkcs1Sha256);
    let signed = sign_pdf(&sample_pdf("Certificato").unwrap(), &options(), &rsa).unwrap();
    assert_valid_everywhere(&work, &signed);

    // No nonRepudiation certificate: fall back to digitalSignature.
    let auth_only = open(&module, "Solo autenticazione", PIN).unwrap();
    assert_eq!(common_name(&auth_only), "Luca Verdi");

    let err = open(&module, "Vuoto", PIN).unwrap_err();
    assert!(matches!(err, SignError::NoSigningCertificate), "{err:?}");
    assert_eq!(
        err.user_message(),
        "Nessun certificato di firma trovato sul dispositivo"
    );
    let err = open(&module, "Nessun token", PIN).unwrap_err();
    assert!(matches!(err, SignError::TokenNotPresent), "{err:?}");
    let err = open(Path::new("/nonexistent/libpkcs11.so"), "Firma CNS", PIN).unwrap_err();
    assert!(matches!(err, SignError::ModuleNotLoadable(_)), "{err:?}");
}
