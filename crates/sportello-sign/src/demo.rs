//! The demo seal: a self-signed P-256 key the app creates once, on first run, so a small
//! office can try the whole flow. Its subject says `SIGILLO DEMO - NON VALIDO`; validators and
//! [`crate::verify()`] report it as untrusted and demo.

use chrono::{DateTime, Duration, Utc};

use crate::certificate::{self, CertificateTemplate, Issuer, DEMO_MARKER};
use crate::error::{Result, SignError};
use crate::signer::{SignatureAlgorithm, Signer, SoftwareKey};

/// The demo seal of one Comune. Store [`DemoSeal::private_key_der`] and
/// [`DemoSeal::certificate_der`] once; rebuild with [`DemoSeal::from_parts`].
#[derive(Debug, Clone)]
pub struct DemoSeal {
    key: SoftwareKey,
    chain: Vec<Vec<u8>>,
    comune: String,
}

impl DemoSeal {
    /// A new key and self-signed certificate, `CN=SIGILLO DEMO - NON VALIDO - <comune>,
    /// O=<comune>, C=IT`, keyUsage nonRepudiation + digitalSignature, valid for ten years
    /// from `now` — and from twenty years before it, since the demo's own history (and tests'
    /// fixed clocks) is dated in the past and an expired or not-yet-valid certificate never signs
    /// (CAD art. 24). It has no legal value either way.
    pub fn create(comune: &str, now: DateTime<Utc>) -> Result<Self> {
        let key = SoftwareKey::generate_p256();
        let subject = certificate::name(&format!("{DEMO_MARKER} - {comune}"), Some(comune))?;
        let template = CertificateTemplate {
            subject: subject.clone(),
            public_key: key.public_key_info()?,
            not_before: now - Duration::days(20 * 365),
            not_after: now + Duration::days(3652),
            is_ca: false,
            key_usage: CertificateTemplate::signing_usage(),
            extended_key_usage: Vec::new(),
        };
        let issuer = Issuer {
            name: &subject,
            key: &key,
        };
        let cert = certificate::issue(&template, issuer)?;
        Ok(Self {
            key,
            chain: vec![cert],
            comune: comune.to_string(),
        })
    }

    /// Rebuilds a stored seal. Refuses a certificate that is not a demo seal's, so a real key
    /// can never be passed off as the demo.
    pub fn from_parts(private_key_pkcs8_der: &[u8], certificate_der: &[u8]) -> Result<Self> {
        let cert = certificate::parse(certificate_der)?;
        let summary = certificate::summary(&cert);
        if !summary.demo {
            return Err(SignError::InvalidCertificate(
                "not a demo seal certificate".into(),
            ));
        }
        let key = SoftwareKey::from_pkcs8_der(private_key_pkcs8_der)?;
        if cert.tbs_certificate.subject_public_key_info != key.public_key_info()? {
            return Err(SignError::InvalidCertificate(
                "the certificate does not match the private key".into(),
            ));
        }
        Ok(Self {
            key,
            chain: vec![certificate_der.to_vec()],
            comune: summary.organization.unwrap_or_default(),
        })
    }

    /// The private key as unencrypted PKCS#8 DER (store it as a secret).
    pub fn private_key_der(&self) -> Result<Vec<u8>> {
        self.key.to_pkcs8_der()
    }

    pub fn certificate_der(&self) -> &[u8] {
        &self.chain[0]
    }
}

impl Signer for DemoSeal {
    fn certificate_chain(&self) -> &[Vec<u8>] {
        &self.chain
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::EcdsaP256Sha256
    }

    fn sign(&self, to_be_signed: &[u8]) -> Result<Vec<u8>> {
        self.key.sign(to_be_signed)
    }

    fn is_demo(&self) -> bool {
        true
    }

    fn label(&self) -> String {
        format!("Sigillo demo (non valido) - {}", self.comune)
    }
}
