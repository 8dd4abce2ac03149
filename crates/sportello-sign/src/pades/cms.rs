//! The CMS part of a PAdES B-B signature (ETSI EN 319 122-1 baseline): detached `SignedData`,
//! SHA-256, signed attributes content-type, message-digest and signing-certificate-v2 only.

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::db::{rfc5911, rfc5912};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::{Attribute, Attributes};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;
use x509_cert::Certificate;

use crate::certificate;
use crate::error::{Result, SignError};
use crate::signer::SignatureAlgorithm;

/// `ESSCertIDv2` (RFC 5035). `hash_algorithm` is absent for SHA-256, its DEFAULT.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct EssCertIdV2 {
    #[asn1(optional = "true")]
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    pub cert_hash: OctetString,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial>,
}

/// `IssuerSerial` (RFC 5035).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct IssuerSerial {
    pub issuer: Vec<GeneralName>,
    pub serial_number: SerialNumber,
}

/// `SigningCertificateV2` (RFC 5035), without policies.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
}

pub(crate) fn sha256_identifier() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: rfc5912::ID_SHA_256,
        parameters: None,
    }
}

/// The signed attributes of one signature: their DER encoding is what the device signs.
#[derive(Debug, Clone)]
pub struct SignedAttributes {
    attributes: Attributes,
    der: Vec<u8>,
    signer: Certificate,
}

impl SignedAttributes {
    pub(crate) fn new(document_digest: &[u8; 32], signer_certificate: &[u8]) -> Result<Self> {
        let signer = certificate::parse(signer_certificate)?;
        let cert_hash: [u8; 32] = Sha256::digest(signer_certificate).into();
        let attributes = SetOfVec::try_from(vec![
            attribute(rfc5911::ID_CONTENT_TYPE, &rfc5911::ID_DATA)?,
            attribute(
                rfc5911::ID_MESSAGE_DIGEST,
                &OctetString::new(document_digest.to_vec())?,
            )?,
            attribute(
                rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2,
                &signing_certificate_v2(&signer, &cert_hash)?,
            )?,
        ])?;
        let der = attributes.to_der()?;
        Ok(Self {
            attributes,
            der,
            signer,
        })
    }

    /// The DER `SET OF Attribute` the device signs.
    pub fn to_be_signed(&self) -> &[u8] {
        &self.der
    }

    /// SHA-256 of [`Self::to_be_signed`], for devices that sign a digest.
    pub fn digest(&self) -> [u8; 32] {
        Sha256::digest(&self.der).into()
    }

    /// Phase three: a CMS `ContentInfo` with detached `SignedData` holding these attributes,
    /// `signature` (as returned by a [`crate::Signer`]) and the certificates of `chain`.
    pub fn into_cms(
        self,
        chain: &[Vec<u8>],
        algorithm: SignatureAlgorithm,
        signature: &[u8],
    ) -> Result<Vec<u8>> {
        let signer_info = signer_info(&self.signer, self.attributes, algorithm, signature)?;
        let signed_data = SignedData {
            version: CmsVersion::V1,
            digest_algorithms: SetOfVec::try_from(vec![sha256_identifier()])?,
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: rfc5911::ID_DATA,
                econtent: None,
            },
            certificates: Some(certificate_set(chain, &self.signer)?),
            crls: None,
            signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info])?),
        };
        let info = ContentInfo {
            content_type: rfc5911::ID_SIGNED_DATA,
            content: Any::encode_from(&signed_data)?,
        };
        Ok(info.to_der()?)
    }

    /// Test hook: replaces the signing-certificate-v2 hash with a wrong one, so validators
    /// can be shown to reject it.
    #[cfg(feature = "test-support")]
    pub fn corrupt_signing_certificate_hash(&mut self) -> Result<()> {
        let wrong = [0x5a; 32];
        let attrs: Vec<Attribute> = self
            .attributes
            .iter()
            .map(|a| {
                if a.oid == rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2 {
                    attribute(a.oid, &signing_certificate_v2(&self.signer, &wrong)?)
                } else {
                    Ok(a.clone())
                }
            })
            .collect::<Result<_>>()?;
        self.attributes = SetOfVec::try_from(attrs)?;
        self.der = self.attributes.to_der()?;
        Ok(())
    }
}

/// A `SignerInfo` identifying `signer` by issuer and serial, SHA-256, no unsigned attributes.
pub(crate) fn signer_info(
    signer: &Certificate,
    attributes: Attributes,
    algorithm: SignatureAlgorithm,
    signature: &[u8],
) -> Result<SignerInfo> {
    Ok(SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: signer.tbs_certificate.issuer.clone(),
            serial_number: signer.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: sha256_identifier(),
        signed_attrs: Some(attributes),
        signature_algorithm: algorithm.algorithm_identifier(),
        signature: OctetString::new(signature.to_vec())?,
        unsigned_attrs: None,
    })
}

pub(crate) fn attribute<T: der::EncodeValue + der::Tagged>(
    oid: const_oid::ObjectIdentifier,
    value: &T,
) -> Result<Attribute> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![Any::encode_from(value)?])?,
    })
}

pub(crate) fn signing_certificate_v2(
    signer: &Certificate,
    hash: &[u8; 32],
) -> Result<SigningCertificateV2> {
    let issuer_serial = IssuerSerial {
        issuer: vec![GeneralName::DirectoryName(
            signer.tbs_certificate.issuer.clone(),
        )],
        serial_number: signer.tbs_certificate.serial_number.clone(),
    };
    Ok(SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None,
            cert_hash: OctetString::new(hash.to_vec())?,
            issuer_serial: Some(issuer_serial),
        }],
    })
}

/// The chain's certificates, making sure the signer's own is among them.
pub(crate) fn certificate_set(chain: &[Vec<u8>], signer: &Certificate) -> Result<CertificateSet> {
    let mut certs = Vec::with_capacity(chain.len() + 1);
    for der in chain {
        let cert =
            Certificate::from_der(der).map_err(|e| SignError::InvalidCertificate(e.to_string()))?;
        if !certs.contains(&cert) {
            certs.push(cert);
        }
    }
    if !certs.contains(signer) {
        certs.push(signer.clone());
    }
    let choices: Vec<_> = certs
        .into_iter()
        .map(CertificateChoices::Certificate)
        .collect();
    Ok(CertificateSet(SetOfVec::try_from(choices)?))
}
