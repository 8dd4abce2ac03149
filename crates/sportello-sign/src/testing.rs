//! Test support (feature `test-support`): a throw-away CA that issues signing certificates
//! validators can be told to trust, and small input PDFs. Never used by the app.

mod tsa;
pub mod validators;

pub use tsa::{TestTsa, TsaAnswer, TEST_POLICY};

use chrono::{DateTime, Duration, Utc};
use lopdf::{dictionary, Document, Object, Stream};
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};
use x509_cert::name::Name;

use crate::certificate::{self, CertificateTemplate, Issuer};
use crate::error::{Result, SignError};
use crate::signer::{SoftwareKey, SoftwareSigner};

/// A self-signed test CA (P-256).
#[derive(Debug)]
pub struct TestCa {
    key: SoftwareKey,
    name: Name,
    certificate: Vec<u8>,
    now: DateTime<Utc>,
}

impl TestCa {
    /// A CA valid from a day before `now` for ten years.
    pub fn new(now: DateTime<Utc>) -> Result<Self> {
        let key = SoftwareKey::generate_p256();
        let name = certificate::name("Sportello Test CA", Some("Sportello test"))?;
        let template = CertificateTemplate {
            subject: name.clone(),
            public_key: key.public_key_info()?,
            not_before: now - Duration::days(1),
            not_after: now + Duration::days(3650),
            is_ca: true,
            key_usage: CertificateTemplate::ca_usage(),
            extended_key_usage: Vec::new(),
        };
        let issuer = Issuer {
            name: &name,
            key: &key,
        };
        let certificate = certificate::issue(&template, issuer)?;
        Ok(Self {
            key,
            name,
            certificate,
            now,
        })
    }

    pub fn certificate_der(&self) -> &[u8] {
        &self.certificate
    }

    pub fn certificate_pem(&self) -> Result<String> {
        certificate::to_pem(&self.certificate)
    }

    /// Issues a certificate for `public_key`, valid from a day before the CA's `now` for two
    /// years, with subject `CN=common_name, O=Comune di Prova, C=IT`.
    pub fn issue(
        &self,
        common_name: &str,
        public_key: spki::SubjectPublicKeyInfoOwned,
        key_usage: KeyUsage,
    ) -> Result<Vec<u8>> {
        self.issue_with_extended_usage(common_name, public_key, key_usage, Vec::new())
    }

    /// A time-stamping authority with a P-256 key certified by this CA for `id-kp-timeStamping`
    /// only (critical, RFC 3161 §2.3); its tokens say `gen_time`.
    pub fn timestamping_authority(
        &self,
        common_name: &str,
        gen_time: DateTime<Utc>,
    ) -> Result<TestTsa> {
        let key = SoftwareKey::generate_p256();
        let certificate = self.issue_with_extended_usage(
            common_name,
            key.public_key_info()?,
            KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation),
            vec![const_oid::db::rfc5280::ID_KP_TIME_STAMPING],
        )?;
        TestTsa::new(key, vec![certificate, self.certificate.clone()], gen_time)
    }

    fn issue_with_extended_usage(
        &self,
        common_name: &str,
        public_key: spki::SubjectPublicKeyInfoOwned,
        key_usage: KeyUsage,
        extended_key_usage: Vec<const_oid::ObjectIdentifier>,
    ) -> Result<Vec<u8>> {
        let template = CertificateTemplate {
            subject: certificate::name(common_name, Some("Comune di Prova"))?,
            public_key,
            not_before: self.now - Duration::days(1),
            not_after: self.now + Duration::days(730),
            is_ca: false,
            key_usage,
            extended_key_usage,
        };
        let issuer = Issuer {
            name: &self.name,
            key: &self.key,
        };
        certificate::issue(&template, issuer)
    }

    /// A signer for `key` with a fresh signing certificate (nonRepudiation + digitalSignature)
    /// and the chain leaf, CA.
    pub fn signer(&self, common_name: &str, key: SoftwareKey) -> Result<SoftwareSigner> {
        let leaf = self.issue(
            common_name,
            key.public_key_info()?,
            CertificateTemplate::signing_usage(),
        )?;
        SoftwareSigner::new(key, vec![leaf, self.certificate.clone()], common_name)
    }
}

/// A one-page PDF 1.7 with a line of text, an XMP metadata stream and a PDF/A output intent
/// (the shape of Sportello's certificates), saved with a classic cross-reference table.
pub fn sample_pdf(text: &str) -> Result<Vec<u8>> {
    let mut doc = sample_document(text);
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| SignError::InvalidPdf(e.to_string()))?;
    Ok(out)
}

/// The same document saved with object streams and a cross-reference stream.
pub fn sample_pdf_with_xref_stream(text: &str) -> Result<Vec<u8>> {
    let mut doc = sample_document(text);
    let mut out = Vec::new();
    doc.save_modern(&mut out)
        .map_err(|e| SignError::InvalidPdf(e.to_string()))?;
    Ok(out)
}

fn sample_document(text: &str) -> Document {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let escaped = text
        .replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)");
    let content = format!("BT /F1 18 Tf 72 720 Td ({escaped}) Tj ET");
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let metadata_id = doc.add_object(Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        XMP.as_bytes().to_vec(),
    ));
    let intent = dictionary! {
        "Type" => "OutputIntent", "S" => "GTS_PDFA1",
        "OutputConditionIdentifier" => Object::string_literal("sRGB"),
    };
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Metadata" => metadata_id,
        "OutputIntents" => vec![intent.into()],
    });
    doc.trailer.set("Root", catalog_id);
    let id = Object::String(
        b"sportello-test-id".to_vec(),
        lopdf::StringFormat::Hexadecimal,
    );
    doc.trailer.set("ID", vec![id.clone(), id]);
    doc
}

const XMP: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"#;
