//! Saving a citizen's attachment where the officer chooses ("Salva con nome"): the bytes checked
//! against their registered SHA-256, the reading recorded in the audit trail (the use case's).

use sportello_domain::clock::Clock;
use sportello_domain::file_name::WindowsFileName;
use sportello_domain::{AppError, ErrorCode};

use super::certificates::write_whole;
use super::{CommandResult, Cx};

pub async fn export_attachment(cx: Cx<'_>, id: i64) -> CommandResult<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let who = cx.principal().await?;
    let now = cx.clock.now();
    let file = cx.app().await?.attachment(&who, id, now).await?;
    let dir = dirs::document_dir().map_or_else(sportello_store::data_dir, |documents| {
        documents.join("Sportello")
    });
    // The proposed folder; the dialog still opens if it cannot be made.
    let _ = std::fs::create_dir_all(&dir);
    let name = WindowsFileName::new(&file.name);
    let dialog = cx
        .window
        .dialog()
        .file()
        .set_title("Salva l'allegato")
        .set_directory(&dir)
        .set_file_name(name.as_str());
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
    write_whole(&path, &file.content).map_err(|e| {
        tracing::error!(error = %e, path = %path.display(), "cannot save the attachment");
        AppError::new(
            ErrorCode::InvalidInput,
            "Non è stato possibile salvare l'allegato nella cartella scelta: sceglierne un'altra in cui si possa scrivere.",
        )
    })?;
    Ok(Some(path.display().to_string()))
}
