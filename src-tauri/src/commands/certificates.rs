//! Certificates: the head's batch, the documents a submission produced, annulment and re-issue, and
//! the «Verifica» screen.

use sportello_domain::clock::Clock;
use sportello_domain::file_name::WindowsFileName;
use sportello_domain::issuance::{
    CertificateAnnulmentRequest, IssueOutcome, IssueProgress, IssueRequest, IssuedCertificate,
    PendingCertificate, ReissueRequest, SigningDeviceInfo, VerificationReport,
};
use sportello_domain::{AppError, ErrorCode};

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

/// Saves the signed PDF where the officer chooses in the system's save dialog (which asks before
/// replacing a file), proposing Documents\Sportello and a name Windows accepts. Returns the path, or
/// `None` when the officer cancels. The file is written beside its final name and then renamed, so
/// a failed save leaves nothing half-written.
pub async fn export_certificate(cx: Cx<'_>, document_id: String) -> CommandResult<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let who = cx.principal().await?;
    let pdf = cx.app().await?.certificate_pdf(&who, &document_id).await?;
    let dir = dirs::document_dir().map_or_else(sportello_store::data_dir, |documents| {
        documents.join("Sportello")
    });
    // The proposed folder; the dialog still opens if it cannot be made.
    let _ = std::fs::create_dir_all(&dir);
    let name = WindowsFileName::new(&format!("Certificato {document_id}.pdf"));
    let dialog = cx
        .window
        .dialog()
        .file()
        .set_title("Salva il certificato")
        .set_directory(&dir)
        .set_file_name(name.as_str())
        .add_filter("Documento PDF", &["pdf"]);
    let chosen = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "the save dialog failed");
            AppError::new(
                ErrorCode::Internal,
                "La finestra di salvataggio non si è aperta.",
            )
        })?;
    let Some(path) = chosen.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    write_whole(&path, &pdf).map_err(|e| {
        tracing::error!(error = %e, path = %path.display(), "cannot save the certificate");
        AppError::new(
            ErrorCode::InvalidInput,
            "Non è stato possibile salvare il certificato nella cartella scelta: sceglierne un'altra in cui si possa scrivere.",
        )
    })?;
    Ok(Some(path.display().to_string()))
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place.
pub(super) fn write_whole(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".part");
    let partial = std::path::PathBuf::from(partial);
    let written = std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
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
