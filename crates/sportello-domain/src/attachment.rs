//! What Sportello trusts a citizen's file to be, read from its bytes: its type, whether it carries
//! what runs by itself, and so whether the window may show it and the system viewer may open it.
//! One reading for the portal link, the counter and the viewer.

/// A PDF's markers of what runs by itself: JavaScript, a launch action, an embedded program.
const ACTIVE_PDF_MARKERS: [&[u8]; 4] = [b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile"];

/// Whether a PDF carries what runs by itself (JavaScript, a launch action, an embedded file).
pub fn pdf_has_active_content(pdf: &[u8]) -> bool {
    ACTIVE_PDF_MARKERS
        .iter()
        .any(|m| pdf.windows(m.len()).any(|w| w == *m))
}

/// Why a stored file is not to be trusted, for the officer, or `None`. `media_type` is the type
/// read from the bytes at intake (`application/octet-stream` when it is none Sportello knows).
/// Such a file is never shown in the window nor handed to the system viewer: it can only be saved.
pub fn distrust(name: &str, media_type: &str, bytes: &[u8]) -> Option<String> {
    let claims_pdf = name.to_lowercase().ends_with(".pdf");
    match media_type {
        "application/pdf" if pdf_has_active_content(bytes) => Some(format!(
            "Il PDF «{name}» contiene codice o azioni automatiche (JavaScript, avvio di programmi): \
             Sportello non lo mostra né lo apre; salvarlo solo se serve, senza aprirlo con altri programmi."
        )),
        "application/pdf" | "image/jpeg" | "image/png" => None,
        _ if claims_pdf => Some(format!(
            "L'allegato «{name}» ha il nome di un PDF ma non lo è: non aprirlo, chiederne una copia."
        )),
        _ => Some(format!(
            "Il file «{name}» non è un PDF né un'immagine: Sportello non lo apre; salvarlo solo se serve."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_pdf_and_a_photo_are_trusted() {
        assert_eq!(
            distrust("isee.pdf", "application/pdf", b"%PDF-1.4 plain"),
            None
        );
        assert_eq!(
            distrust("foto.jpg", "image/jpeg", &[0xFF, 0xD8, 0xFF]),
            None
        );
    }

    #[test]
    fn a_pdf_with_javascript_or_a_launch_action_is_distrusted() {
        let js = b"%PDF-1.7 1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>";
        assert!(distrust("a.pdf", "application/pdf", js)
            .is_some_and(|m| m.contains("codice o azioni automatiche")));
        let launch = b"%PDF-1.7 << /S /Launch /F (cmd.exe) >>";
        assert!(pdf_has_active_content(launch));
        assert!(!pdf_has_active_content(
            b"%PDF-1.7 1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj"
        ));
    }

    #[test]
    fn an_executable_named_pdf_is_distrusted_as_such() {
        let m = distrust("contratto.PDF", "application/octet-stream", b"MZ\x90\x00");
        assert!(m.is_some_and(|m| m.contains("ha il nome di un PDF ma non lo è")));
        let m = distrust("programma.exe", "application/octet-stream", b"MZ\x90\x00");
        assert!(m.is_some_and(|m| m.contains("non è un PDF né un'immagine")));
    }
}

/// The most pixels an image may declare for the window to decode it (40 megapixels: a phone's
/// photo is 12-50, a scanned A4 page at 300 dpi is 8.7).
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;
/// The longest side an image may declare, in pixels.
pub const MAX_IMAGE_SIDE: u64 = 10_000;

/// Why the window does not show a stored file (its message is for the officer).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotViewable {
    #[error(
        "Il file non è un PDF né un'immagine JPEG o PNG: Sportello non lo mostra. \
         Salvarlo con nome se serve esaminarlo."
    )]
    UnknownType,
    #[error(
        "Il contenuto del file non corrisponde al tipo registrato: Sportello non lo mostra. \
         Salvarlo e chiederne una copia al cittadino."
    )]
    TypeMismatch,
    #[error(
        "L'immagine dichiara {width} × {height} pixel: troppo grande per essere mostrata senza \
         bloccare la finestra. Salvarla con nome e aprirla con un programma adatto."
    )]
    ImageTooLarge { width: u64, height: u64 },
    #[error(
        "L'immagine è danneggiata: non se ne leggono le dimensioni. Salvarla e chiederne una \
         copia al cittadino."
    )]
    UnreadableImage,
}

/// Whether the window may show `bytes`, registered as `media_type`: a PDF (pdf.js draws it in its
/// worker, one page at a time, running nothing), or a JPEG or PNG whose header declares at most
/// [`MAX_IMAGE_PIXELS`] and [`MAX_IMAGE_SIDE`] — an "image bomb" of a few kilobytes that declares
/// 100000 × 100000 pixels would make the window decode 40 GB. Only the header is read.
pub fn viewable(media_type: &str, bytes: &[u8]) -> Result<(), NotViewable> {
    let sniffed = crate::submission::sniff_media_type(bytes).ok_or(NotViewable::UnknownType)?;
    if sniffed != media_type {
        return Err(NotViewable::TypeMismatch);
    }
    if sniffed == "application/pdf" {
        return Ok(());
    }
    let size = imagesize::blob_size(bytes).map_err(|_| NotViewable::UnreadableImage)?;
    let (width, height) = (size.width as u64, size.height as u64);
    if width == 0 || height == 0 {
        return Err(NotViewable::UnreadableImage);
    }
    if width > MAX_IMAGE_SIDE
        || height > MAX_IMAGE_SIDE
        || width.saturating_mul(height) > MAX_IMAGE_PIXELS
    {
        return Err(NotViewable::ImageTooLarge { width, height });
    }
    Ok(())
}

#[cfg(test)]
mod viewable_tests {
    use super::*;

    /// A PNG's signature and IHDR chunk declaring `width` × `height` (no pixel data: what an image
    /// bomb's header says is all the check reads).
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        png.extend_from_slice(&width.to_be_bytes());
        png.extend_from_slice(&height.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        png
    }

    #[test]
    fn an_image_bomb_is_refused_from_its_header() {
        assert_eq!(
            viewable("image/png", &png_header(100_000, 100_000)),
            Err(NotViewable::ImageTooLarge {
                width: 100_000,
                height: 100_000
            })
        );
        // One side past the limit, or too many pixels in all.
        assert!(viewable("image/png", &png_header(12_000, 100)).is_err());
        assert!(viewable("image/png", &png_header(8_000, 6_000)).is_err());
        let message = viewable("image/png", &png_header(100_000, 100_000))
            .unwrap_err()
            .to_string();
        assert!(message.contains("100000 × 100000 pixel"), "{message}");
    }

    #[test]
    fn a_photo_and_a_scan_are_shown() {
        assert_eq!(viewable("image/png", &png_header(4_000, 3_000)), Ok(()));
        assert_eq!(viewable("image/png", &png_header(2_480, 3_508)), Ok(()));
        let photo = crate::sample_pdf::SAMPLE_PHOTO;
        assert_eq!(viewable("image/jpeg", photo), Ok(()));
        let pdf = crate::sample_pdf::sample_pdf(&["Allegato".to_owned()]);
        assert_eq!(viewable("application/pdf", &pdf), Ok(()));
    }

    #[test]
    fn unknown_mismatched_and_broken_files_are_not_shown() {
        assert_eq!(
            viewable("application/octet-stream", b"MZ\x90\x00"),
            Err(NotViewable::UnknownType)
        );
        assert_eq!(
            viewable("image/jpeg", b"%PDF-1.4 plain"),
            Err(NotViewable::TypeMismatch)
        );
        assert_eq!(
            viewable("image/png", b"\x89PNG\r\n\x1a\n"),
            Err(NotViewable::UnreadableImage)
        );
        assert_eq!(
            viewable("image/png", &png_header(0, 10)),
            Err(NotViewable::UnreadableImage)
        );
    }
}
