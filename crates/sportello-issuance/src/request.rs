//! From a certificate request in the store to an [`IssuableCertificate`]: the register's data about the
//! person and their family, the parts and the declared use asked, and ANPR's blocking checks. The same
//! path runs when the officer approves the request and when the head issues it.

use sportello_domain::certificate::{
    check_issuable, CertificateKind, CertificateRequest, DeclaredUse, IssuableCertificate,
    IssuingRules, StampPayment,
};
use sportello_domain::policy::DepartmentScope;
use sportello_domain::{AppError, ErrorCode};
use sportello_store::{ApprovedRequest, Store};

use crate::config;
use crate::error::Result;

/// An approved request that passed every check, ready to render.
#[derive(Debug, Clone)]
pub struct Checked {
    pub request: ApprovedRequest,
    pub certificate: IssuableCertificate,
}

fn invalid(message: String) -> AppError {
    AppError::new(ErrorCode::IllegalAction, message)
}

/// Reads approved request `id` and checks it as ANPR would; the error says in Italian why it cannot
/// be issued.
pub async fn check(
    store: &Store,
    scope: &DepartmentScope,
    id: i64,
    rules: &IssuingRules,
    payment: Option<&StampPayment>,
) -> Result<Checked> {
    let request = store.certificate_request(scope, id).await?;
    let certificate = certify(store, &request, rules, payment).await?;
    Ok(Checked {
        request,
        certificate,
    })
}

/// Before submission `id` is approved: when it is a certificate request, ANPR's checks with the
/// Comune's current rules, so a request that could never be issued is not approved. Other services
/// pass.
pub async fn check_before_approval(store: &Store, scope: &DepartmentScope, id: i64) -> Result<()> {
    let Some(request) = store.certificate_request_to_decide(scope, id).await? else {
        return Ok(());
    };
    let rules = config::issuing_rules(store).await?;
    let payment = config::stamp_payment(store).await?;
    certify(store, &request, &rules, payment.as_ref()).await?;
    Ok(())
}

/// The register's data and the request, through ANPR's checks.
async fn certify(
    store: &Store,
    request: &ApprovedRequest,
    rules: &IssuingRules,
    payment: Option<&StampPayment>,
) -> Result<IssuableCertificate> {
    let kind = CertificateKind::from_label(&request.kind).ok_or_else(|| {
        invalid(format!(
            "Tipo di certificato non riconosciuto: «{}».",
            request.kind
        ))
    })?;
    let declared_use =
        DeclaredUse::from_catalogue(&request.declared_use, request.exemption_text.as_deref())
            .map_err(|e| invalid(format!("Uso dichiarato non riconosciuto: «{}».", e.0)))?;
    let resident = store
        .resident(&request.subject_fiscal_code)
        .await?
        .ok_or_else(|| {
            invalid(format!(
                "{} non risulta nell'anagrafe del Comune: il certificato non può essere rilasciato.",
                request.subject_fiscal_code
            ))
        })?;
    let parts = if kind == CertificateKind::Contestuale {
        request.parts.clone()
    } else {
        vec![kind]
    };
    // The family is read only when a part asked prints it (data minimisation).
    let family = if parts.iter().any(|k| k.lists_family()) {
        store.family(resident.family_id).await?
    } else {
        Vec::new()
    };
    let domain_request = CertificateRequest {
        kind,
        parts: if kind == CertificateKind::Contestuale {
            parts.clone()
        } else {
            Vec::new()
        },
        person: resident.person,
        family,
        declared_use,
        // The Comune's virtual-stamp authorisation covers certificates in bollo; a kind the Comune
        // issues free of bollo carries no payment.
        payment: if rules.kind_exemption(&parts).is_some() {
            None
        } else {
            payment.cloned()
        },
    };
    Ok(check_issuable(&domain_request, rules)?)
}
