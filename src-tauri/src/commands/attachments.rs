//! A citizen's attachment for the officer: saved where the officer chooses ("Salva con nome"), read
//! into the window's viewer, or handed to the system's viewer. Every reading goes through the use
//! case, which checks the bytes against their registered SHA-256 and records it in the audit trail;
//! what the domain does not trust is never shown nor opened (`sportello_domain::attachment`).

use std::path::{Path, PathBuf};

use sportello_domain::attachment::{distrust, viewable};
use sportello_domain::clock::Clock;
use sportello_domain::file_name::WindowsFileName;
use sportello_domain::submission::{sniff_media_type, AttachmentContent};
use sportello_domain::{AppError, ErrorCode};

use super::args::Bytes;
use super::save::{save_as, SaveAs};
use super::{CommandResult, Cx};

pub async fn export_attachment(cx: Cx<'_>, id: i64) -> CommandResult<Option<String>> {
    let file = read(&cx, id).await?;
    let save = SaveAs {
        title: "Salva l'allegato",
        name: WindowsFileName::new(&file.name),
        filter: None,
        what: "l'allegato",
    };
    save_as(&cx, save, &file.content).await
}

/// The file's bytes for the window's viewer (a PDF or an image of a size it can decode).
pub async fn read_attachment(cx: Cx<'_>, id: i64) -> CommandResult<Bytes> {
    let file = read(&cx, id).await?;
    viewable(&file.media_type, &file.content).map_err(|why| refuse(id, why.to_string()))?;
    Ok(Bytes(file.content))
}

/// "Apri con il visualizzatore di sistema": a copy in this run's private folder, named safely with
/// the extension of what the bytes are, opened by the system's default program for it.
pub async fn open_attachment(cx: Cx<'_>, id: i64) -> CommandResult<()> {
    let file = read(&cx, id).await?;
    if let Some(why) = distrust(&file.name, &file.media_type, &file.content) {
        return Err(refuse(id, why));
    }
    viewable(&file.media_type, &file.content).map_err(|why| refuse(id, why.to_string()))?;
    let path = viewer_copy(&file).map_err(|e| {
        tracing::error!(attachment = id, error = %e, "cannot write the copy for the system viewer");
        AppError::new(
            ErrorCode::Internal,
            "Non è stato possibile preparare l'allegato per il visualizzatore di sistema: usare «Salva con nome».",
        )
    })?;
    open::that_detached(&path).map_err(|e| {
        tracing::warn!(attachment = id, error = %e, "the system viewer did not start");
        AppError::new(
            ErrorCode::Unavailable,
            "Nessun programma del sistema apre questo tipo di file: usare «Visualizza» o «Salva con nome».",
        )
    })
}

async fn read(cx: &Cx<'_>, id: i64) -> CommandResult<AttachmentContent> {
    let who = cx.principal().await?;
    let now = cx.clock.now();
    Ok(cx.app().await?.attachment(&who, id, now).await?)
}

fn refuse(id: i64, why: String) -> AppError {
    tracing::warn!(attachment = id, "an attachment was not shown: {why}");
    AppError::new(ErrorCode::IllegalAction, why)
}

/// Writes the copy once (attachments never change), in a folder of its own per attachment.
fn viewer_copy(file: &AttachmentContent) -> std::io::Result<PathBuf> {
    let folder = run_folder()?.join(file.id.to_string());
    private_dir(&folder)?;
    let path = folder.join(viewer_name(&file.name, &file.content).as_str());
    if !path.exists() {
        let partial = path.with_extension("part");
        std::fs::write(&partial, &file.content)?;
        std::fs::rename(&partial, &path)?;
    }
    Ok(path)
}

/// The citizen's name made safe, its extension forced from the bytes (`.pdf`, `.jpg`, `.png`): an
/// executable named `contratto.pdf.exe` can only ever open as the PDF it was checked to be.
fn viewer_name(name: &str, bytes: &[u8]) -> WindowsFileName {
    let extension = match sniff_media_type(bytes) {
        Some("image/jpeg") => "jpg",
        Some("image/png") => "png",
        _ => "pdf",
    };
    let stem = Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    WindowsFileName::new(&format!("{stem}.{extension}"))
}

/// How long copies of earlier runs are kept (another window of the same user may still show them).
const KEEP_EARLIER_RUNS: std::time::Duration = std::time::Duration::from_secs(12 * 60 * 60);

/// This run's folder in the user's own cache (`…/Sportello/allegati/<process id>`), made private;
/// the first time, folders of earlier runs older than [`KEEP_EARLIER_RUNS`] are removed.
fn run_folder() -> std::io::Result<PathBuf> {
    static CLEANED: std::sync::Once = std::sync::Once::new();
    let base = dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("Sportello")
        .join("allegati");
    private_dir(&base)?;
    let own = std::process::id().to_string();
    CLEANED.call_once(|| remove_old_runs(&base, &own));
    let folder = base.join(own);
    private_dir(&folder)?;
    Ok(folder)
}

fn remove_old_runs(base: &Path, own: &str) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().unwrap_or_default() > KEEP_EARLIER_RUNS);
        if old && entry.file_name() != own {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Makes `dir` (and its parents); on Unix only its owner may enter it.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_is_what_the_bytes_are() {
        let pdf = b"%PDF-1.4 plain";
        assert_eq!(
            viewer_name("contratto.pdf.exe", pdf).as_str(),
            "contratto.pdf.pdf"
        );
        assert_eq!(viewer_name("CON.pdf", pdf).as_str(), "_CON.pdf");
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0];
        assert_eq!(viewer_name("foto.PNG", &jpeg).as_str(), "foto.jpg");
        assert_eq!(
            viewer_name("senza estensione", pdf).as_str(),
            "senza estensione.pdf"
        );
    }
}
