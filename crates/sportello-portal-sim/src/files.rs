//! The bytes the simulator serves for the files it generated: a real two-page PDF per document
//! (the domain's stand-in writer: a valid cross-reference table, so independent readers open it)
//! and a small JPEG per photo, each unique to its file id, so a hash tells two files apart.

/// A generated photo's id starts with this (every other generated file is a PDF).
pub const PHOTO_PREFIX: &str = "f1";
/// The size a hostile file object declares, and its download's `Content-Length`: 1 GiB.
pub const HUGE_SIZE: u64 = 1 << 30;
/// A generated file served as [`HUGE_SIZE`] bytes of zeros, lazily.
pub const HUGE_PREFIX: &str = "f9";

const PHOTO: &[u8] = sportello_domain::sample_pdf::SAMPLE_PHOTO;

/// The bytes of a generated file: a two-page PDF naming the file, or a JPEG for a photo.
pub fn attachment_bytes(file_id: &str) -> Vec<u8> {
    if file_id.starts_with(PHOTO_PREFIX) {
        jpeg(file_id)
    } else {
        pdf(&format!(
            "Sportello - simulatore del portale - file {file_id}"
        ))
    }
}

/// The media type of a generated file.
pub fn media_type(file_id: &str) -> &'static str {
    if file_id.starts_with(PHOTO_PREFIX) {
        "image/jpeg"
    } else {
        "application/pdf"
    }
}

/// The same bytes with one byte changed in the document's text: what a portal that regenerated a
/// file would serve the second time (same size, different hash).
pub fn altered(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at = out.len() / 2;
    if let Some(b) = out.get_mut(at) {
        *b = if *b == b'0' { b'1' } else { b'0' };
    }
    out
}

/// A photo: the tiny JPEG with a comment segment naming the file, right after the SOI marker.
fn jpeg(file_id: &str) -> Vec<u8> {
    let comment = format!("Sportello simulatore {file_id}");
    let length = u16::try_from(comment.len() + 2).unwrap_or(u16::MAX);
    let mut out = PHOTO[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(comment.as_bytes());
    out.extend_from_slice(&PHOTO[2..]);
    out
}

/// A two-page PDF naming the file (the domain's stand-in document writer).
pub fn pdf(text: &str) -> Vec<u8> {
    sportello_domain::sample_pdf::sample_pdf(&[
        format!("{text}\nDocumento generato dal simulatore del portale: non ha valore legale."),
        "Dichiarazioni\nIl richiedente dichiara, ai sensi degli articoli 46 e 47 del D.P.R. 445/2000, \
         che quanto riportato corrisponde al vero."
            .to_owned(),
    ])
}
