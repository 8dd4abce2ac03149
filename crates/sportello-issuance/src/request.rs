//! From an approved request in the store to an [`IssuableCertificate`]: the register's data about the
//! person and their family, the declared use, and ANPR's blocking checks.

use sportello_domain::certificate::{
    check_issuable, CertificateKind, CertificateRequest, DeclaredUse, IssuableCertificate,
    IssuingRules, StampPayment,
};
use sportello_domain::policy::DepartmentScope;
use sportello_domain::{AppError, ErrorCode};
use sportello_store::{ApprovedRequest, Store};

use crate::error::Result;

/// The kinds printed on a «contestuale» when the citizen did not pick them: the usual combination.
const CONTESTUALE_PARTS: [CertificateKind; 3] = [
    CertificateKind::Residenza,
    CertificateKind::Cittadinanza,
    CertificateKind::StatoDiFamiglia,
];

/// An approved request that passed every check, ready to render.
#[derive(Debug, Clone)]
pub struct Checked {
    pub request: ApprovedRequest,
    pub certificate: IssuableCertificate,
}

fn invalid(message: String) -> AppError {
    AppError::new(ErrorCode::IllegalAction, message)
}

/// Reads request `id` and checks it as ANPR would; the error says in Italian why it cannot be issued.
pub async fn check(
    store: &Store,
    scope: &DepartmentScope,
    id: i64,
    rules: &IssuingRules,
    payment: Option<&StampPayment>,
) -> Result<Checked> {
    let request = store.certificate_request(scope, id).await?;
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
    let family = if kind.lists_family() || kind == CertificateKind::Contestuale {
        store.family(resident.family_id).await?
    } else {
        vec![resident.member()]
    };
    let domain_request = CertificateRequest {
        kind,
        parts: if kind == CertificateKind::Contestuale {
            CONTESTUALE_PARTS.to_vec()
        } else {
            Vec::new()
        },
        person: resident.person,
        family,
        declared_use,
        // The Comune's virtual-stamp authorisation covers certificates in bollo; stato civile
        // certificates are exempt by law and must carry no payment.
        payment: if kind.is_stato_civile() {
            None
        } else {
            payment.cloned()
        },
    };
    let certificate = check_issuable(&domain_request, rules)?;
    Ok(Checked {
        request,
        certificate,
    })
}
