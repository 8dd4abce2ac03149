//! [`Certificates`]: what the app and the CLI call — the batch, annulment and re-issue, verification.

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use sportello_domain::clock::Clock;
use sportello_domain::issuance::{
    CertificateAnnulmentRequest, IssueOutcome, IssueProgress, IssuedCertificate, ReissueRequest,
    SigningDeviceInfo, VerificationReport,
};
use sportello_domain::policy::{self, DepartmentScope, Permission, Principal, Target};
use sportello_domain::protocol::ProtocolNumber;
use sportello_domain::{AppError, ErrorCode};
use sportello_store::Store;

use crate::batch::Issuer;
use crate::device;
use crate::error::Result;
use crate::render::Renderer;

/// The issuing service over one store. Cheap to clone; the fonts are loaded once, on first use.
#[derive(Debug, Clone)]
pub struct Certificates {
    store: Store,
    renderer: Arc<OnceLock<Arc<Renderer>>>,
}

fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, "Il certificato indicato non esiste.")
}

impl Certificates {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            renderer: Arc::new(OnceLock::new()),
        }
    }

    /// The same, sharing fonts already loaded (the app loads them once for letters and certificates).
    pub fn with_renderer(store: Store, renderer: Arc<Renderer>) -> Self {
        Self {
            store,
            renderer: Arc::new(OnceLock::from(renderer)),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    fn renderer(&self) -> Result<Arc<Renderer>> {
        if let Some(r) = self.renderer.get() {
            return Ok(r.clone());
        }
        let made = Arc::new(Renderer::new()?);
        Ok(self.renderer.get_or_init(|| made).clone())
    }

    pub async fn device_info(&self) -> Result<SigningDeviceInfo> {
        device::info(&self.store).await
    }

    async fn issuer(&self, pin: &str) -> Result<Issuer> {
        let device = device::open_signer(&self.store, pin).await?;
        Ok(Issuer {
            store: self.store.clone(),
            renderer: self.renderer()?,
            signer: device.signer,
            parallel: device.parallel,
            local: device.local,
        })
    }

    /// Issues the certificates of the approved requests `ids`, opening the device once with `pin`.
    /// The scope was made for [`Permission::IssueCertificates`]; it is asked again before the device
    /// is opened, so a refused user does not spend the card's PIN attempts.
    pub async fn issue(
        &self,
        scope: &DepartmentScope,
        ids: &[i64],
        pin: &str,
        clock: &dyn Clock,
        progress: &(dyn Fn(IssueProgress) + Sync),
    ) -> Result<Vec<IssueOutcome>> {
        scope
            .require(Permission::IssueCertificates, None)
            .map_err(AppError::from)?;
        if ids.is_empty() {
            return Err(AppError::invalid("Selezionare almeno una richiesta.").into());
        }
        self.issuer(pin)
            .await?
            .issue(scope, ids, clock, progress)
            .await
    }

    /// Refuses, with ANPR's reason, to approve a certificate request that could not be issued (the
    /// same checks the batch runs again at issuance); any other submission passes.
    pub async fn check_before_approval(&self, scope: &DepartmentScope, id: i64) -> Result<()> {
        crate::request::check_before_approval(&self.store, scope, id).await
    }

    /// Annuls a certificate by annulling its registration; it stays readable and verifies as annulled.
    pub async fn annul(
        &self,
        who: &Principal,
        request: &CertificateAnnulmentRequest,
        at: DateTime<Utc>,
    ) -> Result<IssuedCertificate> {
        let found = self
            .store
            .certificate_by_document_id(request.document_id.trim())
            .await?
            .ok_or_else(not_found)?;
        let facts = self.store.policy_facts(found.submission_id).await?;
        let scope = policy::register_scope(
            who,
            Permission::AnnulCertificate,
            Target::Submission(facts.facts()),
        )
        .map_err(AppError::from)?;
        let number = ProtocolNumber::parse(&found.protocol).ok_or_else(not_found)?;
        self.store
            .annul_registration(&scope, number, &request.act, &request.reason, at)
            .await?;
        let user = scope.actor().id;
        tracing::info!(user, document = %found.document_id, "certificate annulled");
        Ok(self
            .store
            .certificate_by_document_id(&found.document_id)
            .await?
            .ok_or_else(not_found)?)
    }

    /// Re-issues a certificate: a new document for the same request replaces the old, which is annulled.
    pub async fn reissue(
        &self,
        scope: &DepartmentScope,
        request: &ReissueRequest,
        clock: &dyn Clock,
    ) -> Result<IssueOutcome> {
        let old = self
            .store
            .certificate_by_document_id(request.document_id.trim())
            .await?
            .ok_or_else(not_found)?;
        // Before the device is opened: a refused user must not spend the card's PIN attempts.
        let facts = self.store.policy_facts(old.submission_id).await?;
        scope
            .check(Permission::ReissueCertificate, facts.facts())
            .map_err(AppError::from)?;
        if old.annulled.is_some() {
            return Err(AppError::new(
                ErrorCode::IllegalAction,
                "Il certificato è annullato: la richiesta è tornata tra quelle da firmare.",
            )
            .into());
        }
        let reason = request.reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid("Indicare il motivo della nuova emissione.").into());
        }
        let replaces = self
            .store
            .certificate_row_id(&old.document_id)
            .await?
            .ok_or_else(not_found)?;
        // The old certificate is annulled in the same step that registers the new one.
        self.issuer(&request.pin)
            .await?
            .reissue(scope, old.submission_id, (replaces, reason), clock)
            .await
    }

    /// Checks a document: its signatures, and what the register knows of it.
    pub async fn verify(&self, pdf: &[u8], today: chrono::NaiveDate) -> Result<VerificationReport> {
        crate::verify::verify_document(Some(&self.store), pdf, today).await
    }
}
