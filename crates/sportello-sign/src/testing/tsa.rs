//! A test time-stamping authority: answers RFC 3161 requests with tokens signed by a key
//! certified by the test CA (extendedKeyUsage timeStamping, critical), or with the faults a
//! client must refuse. The HTTP side is the test's own.

use chrono::{DateTime, Utc};
use cmpv2::status::{PkiFailureInfoValues, PkiStatus, PkiStatusInfo};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerInfos};
use const_oid::db::rfc5911;
use const_oid::ObjectIdentifier;
use der::asn1::{Int, OctetString, SetOfVec, Utf8StringRef};
use der::{Any, Decode, Encode};
use rand_core::RngCore;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_tsp::{Accuracy, TimeStampReq, TimeStampResp, TspVersion};

use crate::error::Result;
use crate::pades::{
    attribute, certificate_set, sha256_identifier, signer_info, signing_certificate_v2,
};
use crate::signer::SoftwareKey;
use crate::timestamp::token::{GenTime, TstInfo, ID_CT_TST_INFO};

/// The TSA policy the test authority stamps under (an example arc, RFC 3161 style).
pub const TEST_POLICY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.3.4.1");

/// How the test TSA answers a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TsaAnswer {
    /// A good token for the request.
    Grant,
    /// A well-signed token over another imprint.
    WrongImprint,
    /// Status `rejection` with a reason and `badAlg`, no token.
    Reject,
}

/// A time-stamping authority with a fixed clock.
#[derive(Debug, Clone)]
pub struct TestTsa {
    key: SoftwareKey,
    chain: Vec<Vec<u8>>,
    certificate: Certificate,
    gen_time: DateTime<Utc>,
}

impl TestTsa {
    /// `chain` starts with the certificate of `key`; every token says `gen_time`.
    pub(crate) fn new(
        key: SoftwareKey,
        chain: Vec<Vec<u8>>,
        gen_time: DateTime<Utc>,
    ) -> Result<Self> {
        let certificate = crate::certificate::parse(&chain[0])?;
        Ok(Self {
            key,
            chain,
            certificate,
            gen_time,
        })
    }

    pub fn certificate_der(&self) -> &[u8] {
        &self.chain[0]
    }

    /// The time every token states.
    pub fn gen_time(&self) -> DateTime<Utc> {
        self.gen_time
    }

    /// The DER `TimeStampResp` answering the DER `TimeStampReq` `request`.
    pub fn respond(&self, request: &[u8], answer: TsaAnswer) -> Result<Vec<u8>> {
        let request = TimeStampReq::from_der(request)?;
        if answer == TsaAnswer::Reject {
            let status = PkiStatusInfo {
                status: PkiStatus::Rejection,
                status_string: Some(vec![Utf8StringRef::new("algoritmo non accettato")?]),
                fail_info: Some(PkiFailureInfoValues::BadAlg.into()),
            };
            return Ok(TimeStampResp {
                status,
                time_stamp_token: None,
            }
            .to_der()?);
        }
        let mut imprint = request.message_imprint;
        if answer == TsaAnswer::WrongImprint {
            let mut hash = imprint.hashed_message.as_bytes().to_vec();
            hash[0] ^= 0x01;
            imprint.hashed_message = OctetString::new(hash)?;
        }
        let info = TstInfo {
            version: TspVersion::V1,
            policy: TEST_POLICY,
            message_imprint: imprint,
            serial_number: random_serial()?,
            gen_time: GenTime(self.gen_time),
            accuracy: Some(Accuracy {
                seconds: Some(1),
                millis: None,
                micros: None,
            }),
            ordering: false,
            nonce: request.nonce,
            tsa: None,
            extensions: None,
        };
        let status = PkiStatusInfo {
            status: PkiStatus::Accepted,
            status_string: None,
            fail_info: None,
        };
        Ok(TimeStampResp {
            status,
            time_stamp_token: Some(self.token(&info.to_der()?)?),
        }
        .to_der()?)
    }

    /// A CMS `SignedData` over `tst_info` (RFC 3161 §2.4.2, ESS signing-certificate-v2).
    fn token(&self, tst_info: &[u8]) -> Result<ContentInfo> {
        let digest = Sha256::digest(tst_info);
        let cert_hash: [u8; 32] = Sha256::digest(&self.chain[0]).into();
        let attributes = SetOfVec::try_from(vec![
            attribute(rfc5911::ID_CONTENT_TYPE, &ID_CT_TST_INFO)?,
            attribute(
                rfc5911::ID_MESSAGE_DIGEST,
                &OctetString::new(digest.as_slice())?,
            )?,
            attribute(
                rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2,
                &signing_certificate_v2(&self.certificate, &cert_hash)?,
            )?,
        ])?;
        let signature = self.key.sign(&attributes.to_der()?)?;
        let signer = signer_info(
            &self.certificate,
            attributes,
            self.key.algorithm(),
            &signature,
        )?;
        let signed_data = SignedData {
            // Version 3: the content type is not id-data (RFC 5652 §5.1).
            version: CmsVersion::V3,
            digest_algorithms: SetOfVec::try_from(vec![sha256_identifier()])?,
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: ID_CT_TST_INFO,
                econtent: Some(Any::encode_from(&OctetString::new(tst_info)?)?),
            },
            certificates: Some(certificate_set(&self.chain, &self.certificate)?),
            crls: None,
            signer_infos: SignerInfos(SetOfVec::try_from(vec![signer])?),
        };
        Ok(ContentInfo {
            content_type: rfc5911::ID_SIGNED_DATA,
            content: Any::encode_from(&signed_data)?,
        })
    }
}

fn random_serial() -> Result<Int> {
    let mut bytes = [0u8; 10];
    rand_core::OsRng.fill_bytes(&mut bytes);
    bytes[0] = (bytes[0] & 0x7f) | 0x01;
    Ok(Int::new(&bytes)?)
}
