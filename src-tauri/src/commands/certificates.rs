//! Certificates: the head's batch, the documents a submission produced, annulment and re-issue, and
//! the «Verifica» screen.

use sportello_domain::clock::Clock;
use sportello_domain::file_name::WindowsFileName;
use sportello_domain::issuance::{
    CertificateAnnulmentRequest, IssueOutcome, IssueProgress, IssueRequest, IssuedCertificate,
    PendingCertificate, ReissueRequest, SigningDeviceInfo, VerificationReport,
};
use sportello_domain::{AppError, ErrorCode};
use tauri::ipc::Channel;
use tauri::State;

use super::CommandResult;
use crate::AppState;

#[tauri::command]
pub async fn pending_certificates(
    state: State<'_, AppState>,
) -> CommandResult<Vec<PendingCertificate>> {
    let who = state.principal().await?;
    Ok(state.app().await?.pending_certificates(&who).await?)
}

#[tauri::command]
pub async fn signing_device(state: State<'_, AppState>) -> CommandResult<SigningDeviceInfo> {
    let who = state.principal().await?;
    Ok(state.app().await?.signing_device(&who).await?)
}

#[tauri::command]
pub async fn issue_certificates(
    state: State<'_, AppState>,
    request: IssueRequest,
    progress: Channel<IssueProgress>,
) -> CommandResult<Vec<IssueOutcome>> {
    let who = state.principal().await?;
    let report = |event: IssueProgress| {
        if let Err(e) = progress.send(event) {
            tracing::warn!(error = %e, "cannot send batch progress to the window");
        }
    };
    let (ids, pin) = (&request.submission_ids, &request.pin);
    Ok(state
        .app()
        .await?
        .issue_certificates(&who, ids, pin, &state.clock, &report)
        .await?)
}

#[tauri::command]
pub async fn submission_certificates(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<Vec<IssuedCertificate>> {
    let who = state.principal().await?;
    Ok(state.app().await?.certificates_of(&who, id).await?)
}

/// Saves the signed PDF under Documents\Sportello with a name Windows accepts; returns the path.
#[tauri::command]
pub async fn export_certificate(
    state: State<'_, AppState>,
    document_id: String,
) -> CommandResult<String> {
    let who = state.principal().await?;
    let pdf = state
        .app()
        .await?
        .certificate_pdf(&who, &document_id)
        .await?;
    let dir = dirs::document_dir()
        .unwrap_or_else(sportello_store::data_dir)
        .join("Sportello");
    let name = WindowsFileName::new(&format!("Certificato {document_id}.pdf"));
    let path = dir.join(name.as_str());
    let written = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, &pdf));
    written.map_err(|e| {
        tracing::error!(error = %e, path = %path.display(), "cannot save the certificate");
        AppError::new(
            ErrorCode::Internal,
            "Non è stato possibile salvare il file nella cartella Documenti.",
        )
    })?;
    Ok(path.display().to_string())
}

#[tauri::command]
pub async fn annul_certificate(
    state: State<'_, AppState>,
    request: CertificateAnnulmentRequest,
) -> CommandResult<IssuedCertificate> {
    let who = state.principal().await?;
    let at = state.clock.now();
    Ok(state
        .app()
        .await?
        .annul_certificate(&who, &request, at)
        .await?)
}

#[tauri::command]
pub async fn reissue_certificate(
    state: State<'_, AppState>,
    request: ReissueRequest,
) -> CommandResult<IssueOutcome> {
    let who = state.principal().await?;
    Ok(state
        .app()
        .await?
        .reissue_certificate(&who, &request, &state.clock)
        .await?)
}

#[tauri::command]
pub async fn verify_document(
    state: State<'_, AppState>,
    pdf: Vec<u8>,
) -> CommandResult<VerificationReport> {
    let who = state.principal().await?;
    let today = state.clock.today();
    Ok(state.app().await?.verify(&who, &pdf, today).await?)
}
