//! Certificates: the head's batch, a submission's certificates, annulment, re-issue, verification.

use chrono::{DateTime, NaiveDate, Utc};
use sportello_domain::clock::Clock;
use sportello_domain::issuance::{
    CertificateAnnulmentRequest, IssueOutcome, IssueProgress, IssuedCertificate,
    PendingCertificate, ReissueRequest, SigningDeviceInfo, VerificationReport,
};
use sportello_domain::policy::{self, Permission, Principal, Target};
use sportello_domain::AppError;

use crate::{Result, Sportello};

/// The largest file the verification accepts.
pub const MAX_VERIFY_BYTES: usize = 20 * 1024 * 1024;

impl Sportello {
    /// The approved certificate requests of the department that wait for their certificate.
    pub async fn pending_certificates(&self, who: &Principal) -> Result<Vec<PendingCertificate>> {
        let scope = policy::department_scope(who, Permission::ViewCertificates)?;
        Ok(self.store.pending_certificates(&scope).await?)
    }

    pub async fn signing_device(&self, who: &Principal) -> Result<SigningDeviceInfo> {
        policy::authorize(who, Permission::ViewSigningDevice, Target::Comune)?;
        Ok(self.certificates.device_info().await?)
    }

    /// Signs and issues the certificates of `ids`, opening the device once with `pin`.
    pub async fn issue_certificates(
        &self,
        who: &Principal,
        ids: &[i64],
        pin: &str,
        clock: &dyn Clock,
        progress: &(dyn Fn(IssueProgress) + Sync),
    ) -> Result<Vec<IssueOutcome>> {
        let scope = policy::department_scope(who, Permission::IssueCertificates)?;
        Ok(self
            .certificates
            .issue(&scope, ids, pin, clock, progress)
            .await?)
    }

    pub async fn certificates_of(
        &self,
        who: &Principal,
        id: i64,
    ) -> Result<Vec<IssuedCertificate>> {
        let scope = policy::department_scope(who, Permission::ViewCertificates)?;
        Ok(self.store.certificates_of(&scope, id).await?)
    }

    /// The signed PDF of a certificate of the principal's department.
    pub async fn certificate_pdf(&self, who: &Principal, document_id: &str) -> Result<Vec<u8>> {
        let scope = policy::department_scope(who, Permission::ViewCertificates)?;
        Ok(self.store.certificate_pdf(&scope, document_id).await?)
    }

    pub async fn annul_certificate(
        &self,
        who: &Principal,
        request: &CertificateAnnulmentRequest,
        at: DateTime<Utc>,
    ) -> Result<IssuedCertificate> {
        Ok(self.certificates.annul(who, request, at).await?)
    }

    pub async fn reissue_certificate(
        &self,
        who: &Principal,
        request: &ReissueRequest,
        clock: &dyn Clock,
    ) -> Result<IssueOutcome> {
        let scope = policy::department_scope(who, Permission::ReissueCertificate)?;
        Ok(self.certificates.reissue(&scope, request, clock).await?)
    }

    /// Checks a document someone brings: its signatures and what the register knows of it.
    pub async fn verify(
        &self,
        who: &Principal,
        pdf: &[u8],
        today: NaiveDate,
    ) -> Result<VerificationReport> {
        policy::authorize(who, Permission::VerifyDocument, Target::Comune)?;
        if pdf.len() > MAX_VERIFY_BYTES {
            return Err(AppError::invalid(
                "Il file supera i 20 MB: non è un certificato emesso da Sportello.",
            )
            .into());
        }
        Ok(self.certificates.verify(pdf, today).await?)
    }
}
