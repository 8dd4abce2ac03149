//! Certificates: the head's batch, the documents a submission produced, annulment and re-issue, and
//! the «Verifica» screen.

use sportello_domain::clock::Clock;
use sportello_domain::file_name::WindowsFileName;
use sportello_domain::issuance::{
    CertificateAnnulmentRequest, IssueOutcome, IssueProgress, IssueRequest, IssuedCertificate,
    PendingCertificate, ReissueRequest, SigningDeviceInfo, VerificationReport,
};

use super::save::{save_as, SaveAs};
use super::{Body, CommandResult, Cx, Progress};

pub async fn pending_certificates(cx: Cx<'_>) -> CommandResult<Vec<PendingCertificate>> {
    let who = cx.principal().await?;
    Ok(cx.app().await?.pending_certificates(&who).await?)
}

pub async fn signing_device(cx: Cx<'_>) -> CommandResult<SigningDeviceInfo> {
    let who = cx.principal().await?;
    Ok(cx.app().await?.signing_device(&who).await?)
}

pub async fn issue_certificates(
    cx: Cx<'_>,
    request: IssueRequest,
    progress: Progress<IssueProgress>,
) -> CommandResult<Vec<IssueOutcome>> {
    let who = cx.principal().await?;
    let report = |event: IssueProgress| {
        if let Err(e) = progress.0.send(event) {
            tracing::warn!(error = %e, "cannot send batch progress to the window");
        }
    };
    let (ids, pin) = (&request.submission_ids, &request.pin);
    Ok(cx
        .app()
        .await?
        .issue_certificates(&who, ids, pin, &cx.clock, &report)
        .await?)
}

pub async fn submission_certificates(cx: Cx<'_>, id: i64) -> CommandResult<Vec<IssuedCertificate>> {
    let who = cx.principal().await?;
    Ok(cx.app().await?.certificates_of(&who, id).await?)
}

/// Saves the signed PDF where the officer chooses (`save::save_as`); the path, or `None` when the
/// officer cancels.
pub async fn export_certificate(cx: Cx<'_>, document_id: String) -> CommandResult<Option<String>> {
    let who = cx.principal().await?;
    let pdf = cx.app().await?.certificate_pdf(&who, &document_id).await?;
    let save = SaveAs {
        title: "Salva il certificato",
        name: WindowsFileName::new(&format!("Certificato {document_id}.pdf")),
        filter: Some(("Documento PDF", &["pdf"])),
        what: "il certificato",
    };
    save_as(&cx, save, &pdf).await
}

pub async fn annul_certificate(
    cx: Cx<'_>,
    request: CertificateAnnulmentRequest,
) -> CommandResult<IssuedCertificate> {
    let who = cx.principal().await?;
    let at = cx.clock.now();
    Ok(cx
        .app()
        .await?
        .annul_certificate(&who, &request, at)
        .await?)
}

pub async fn reissue_certificate(
    cx: Cx<'_>,
    request: ReissueRequest,
) -> CommandResult<IssueOutcome> {
    let who = cx.principal().await?;
    Ok(cx
        .app()
        .await?
        .reissue_certificate(&who, &request, &cx.clock)
        .await?)
}

/// Verifies the PDF sent as the request's raw body (bytes, not a JSON array of numbers); the
/// application refuses one over its size limit before parsing it.
pub async fn verify_document(cx: Cx<'_>, pdf: Body) -> CommandResult<VerificationReport> {
    let who = cx.principal().await?;
    let today = cx.clock.today();
    Ok(cx.app().await?.verify(&who, &pdf.0, today).await?)
}
