//! Saving a document where the officer chooses, in the system's save dialog (which asks before
//! replacing a file), proposing Documents\Sportello and a name Windows accepts. The file is written
//! beside its final name and then renamed, so a failed save leaves nothing half-written.

use sportello_domain::file_name::WindowsFileName;
use sportello_domain::{AppError, ErrorCode};

use super::{CommandResult, Cx};

/// What is saved: the dialog's title, the proposed name, an optional filter, the words for the
/// error ("il certificato", "l'allegato").
#[derive(Debug)]
pub struct SaveAs<'a> {
    pub title: &'a str,
    pub name: WindowsFileName,
    pub filter: Option<(&'a str, &'a [&'a str])>,
    pub what: &'a str,
}

/// Opens the dialog and writes `bytes`; the path, or `None` when the officer cancels.
pub async fn save_as(cx: &Cx<'_>, save: SaveAs<'_>, bytes: &[u8]) -> CommandResult<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let dir = dirs::document_dir().map_or_else(sportello_store::data_dir, |documents| {
        documents.join("Sportello")
    });
    // The proposed folder; the dialog still opens if it cannot be made.
    let _ = std::fs::create_dir_all(&dir);
    let mut dialog = cx
        .window
        .dialog()
        .file()
        .set_title(save.title)
        .set_directory(&dir)
        .set_file_name(save.name.as_str());
    if let Some((label, extensions)) = save.filter {
        dialog = dialog.add_filter(label, extensions);
    }
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
    write_whole(&path, bytes).map_err(|e| {
        tracing::error!(error = %e, path = %path.display(), what = save.what, "cannot save the file");
        AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "Non è stato possibile salvare {} nella cartella scelta: sceglierne un'altra in cui si possa scrivere.",
                save.what
            ),
        )
    })?;
    Ok(Some(path.display().to_string()))
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place.
fn write_whole(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".part");
    let partial = std::path::PathBuf::from(partial);
    let written = std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}
