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

/// The largest file the «Verifica» screen accepts.
const MAX_VERIFY_BYTES: usize = 20 * 1024 * 1024;

#[tauri::command]
pub async fn pending_certificates(
    state: State<'_, AppState>,
) -> CommandResult<Vec<PendingCertificate>> {
    let actor = state.actor().await?;
    Ok(state.store.pending_certificates(&actor).await?)
}

#[tauri::command]
pub async fn signing_device(state: State<'_, AppState>) -> CommandResult<SigningDeviceInfo> {
    state.actor().await?;
    Ok(state.certificates.device_info().await?)
}

#[tauri::command]
pub async fn issue_certificates(
    state: State<'_, AppState>,
    request: IssueRequest,
    progress: Channel<IssueProgress>,
) -> CommandResult<Vec<IssueOutcome>> {
    let actor = state.actor().await?;
    let report = |event: IssueProgress| {
        if let Err(e) = progress.send(event) {
            tracing::warn!(error = %e, "cannot send batch progress to the window");
        }
    };
    Ok(state
        .certificates
        .issue(
            &actor,
            &request.submission_ids,
            &request.pin,
            &state.clock,
            &report,
        )
        .await?)
}

#[tauri::command]
pub async fn submission_certificates(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<Vec<IssuedCertificate>> {
    let actor = state.actor().await?;
    Ok(state.store.certificates_of(&actor, id).await?)
}

/// Saves the signed PDF under Documents\Sportello with a name Windows accepts; returns the path.
#[tauri::command]
pub async fn export_certificate(
    state: State<'_, AppState>,
    document_id: String,
) -> CommandResult<String> {
    let actor = state.actor().await?;
    let pdf = state.store.certificate_pdf(&actor, &document_id).await?;
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
    let actor = state.actor().await?;
    Ok(state
        .certificates
        .annul(&actor, &request, state.clock.now())
        .await?)
}

#[tauri::command]
pub async fn reissue_certificate(
    state: State<'_, AppState>,
    request: ReissueRequest,
) -> CommandResult<IssueOutcome> {
    let actor = state.actor().await?;
    Ok(state
        .certificates
        .reissue(&actor, &request, &state.clock)
        .await?)
}

#[tauri::command]
pub async fn verify_document(
    state: State<'_, AppState>,
    pdf: Vec<u8>,
) -> CommandResult<VerificationReport> {
    state.actor().await?;
    if pdf.len() > MAX_VERIFY_BYTES {
        return Err(AppError::invalid(
            "Il file supera i 20 MB: non è un certificato emesso da Sportello.",
        ));
    }
    Ok(state.certificates.verify(&pdf, state.clock.today()).await?)
}
