//! Rendering (genpdf → PDF/A-2b, `sportello-documents`) and sealing (PAdES, `sportello-sign`) of one
//! certificate. Synchronous and thread-safe: the batch runs it on several threads.

use chrono::{DateTime, Utc};
use sportello_documents::{CertificateDocument, ComuneIdentity, Documents};
use sportello_domain::certificate::{IpaCode, IssuableCertificate, Issue};
use sportello_sign::{sign_pdf, SignatureOptions, Signer};

use crate::config::ComuneConfig;
use crate::error::{IssueError, Result};

/// The fonts, loaded once, and what every certificate shares.
#[derive(Debug)]
pub struct Renderer {
    documents: Documents,
}

impl ComuneConfig {
    /// The identity as the documents print it.
    pub fn identity(&self) -> Result<ComuneIdentity> {
        let name = self.name.trim();
        let name = name.strip_prefix("Comune di ").unwrap_or(name).to_string();
        Ok(ComuneIdentity {
            name,
            province: self.province.clone(),
            ipa_code: IpaCode::parse(&self.ipa_code).map_err(|e| IssueError::Setting {
                key: crate::config::keys::COMUNE_IPA,
                detail: e.to_string(),
            })?,
            address: self.address.clone(),
            pec: self.pec.clone(),
            tar: self.tar.clone(),
            verification_url: self.verification_url.clone(),
            coat_of_arms_png: self.coat_of_arms_png.clone(),
        })
    }
}

impl Renderer {
    pub fn new() -> Result<Self> {
        let documents = Documents::new()?;
        Ok(Self { documents })
    }

    pub fn documents(&self) -> &Documents {
        &self.documents
    }

    /// The certificate as PDF/A-2b, not yet signed.
    pub fn certificate(
        &self,
        certificate: &IssuableCertificate,
        issue: &Issue,
        comune: &ComuneConfig,
        at: DateTime<Utc>,
        demo: bool,
    ) -> Result<Vec<u8>> {
        let document = CertificateDocument {
            certificate: certificate.clone(),
            issue: issue.clone(),
            generated_at: at,
            demo,
        };
        self.documents
            .render_certificate(&document, &comune.identity()?)
            .map_err(IssueError::from)
    }

    /// Appends the Comune's PAdES signature (an incremental update) to `pdf`.
    pub fn sign(
        &self,
        pdf: &[u8],
        comune: &ComuneConfig,
        at: DateTime<Utc>,
        signer: &dyn Signer,
    ) -> Result<Vec<u8>> {
        let mut options = SignatureOptions::new(at.fixed_offset());
        options.field_name = "SigilloComune".into();
        options.reason = Some("Rilascio di certificato anagrafico".into());
        options.location = Some(comune.name.clone());
        options.timestamp_url.clone_from(&comune.timestamp_url);
        Ok(sign_pdf(pdf, &options, signer)?)
    }
}
