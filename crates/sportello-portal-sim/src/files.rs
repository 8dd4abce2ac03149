//! The bytes the simulator serves for the files it generated: a real one-page PDF per document (a
//! valid cross-reference table, so independent readers open it) and a small JPEG per photo, each
//! unique to its file id, so a hash tells two files apart.

/// A generated photo's id starts with this (every other generated file is a PDF).
pub const PHOTO_PREFIX: &str = "f1";
/// The size a hostile file object declares, and its download's `Content-Length`: 1 GiB.
pub const HUGE_SIZE: u64 = 1 << 30;
/// A generated file served as [`HUGE_SIZE`] bytes of zeros, lazily.
pub const HUGE_PREFIX: &str = "f9";

const PHOTO: &[u8] = include_bytes!("../assets/photo.jpg");

/// The bytes of a generated file: a one-page PDF naming the file, or a JPEG for a photo.
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

/// A minimal, valid PDF 1.4: catalog, pages, one A4 page with one line of Helvetica text.
pub fn pdf(text: &str) -> Vec<u8> {
    let safe: String = text
        .chars()
        .filter(char::is_ascii)
        .map(|c| {
            if matches!(c, '(' | ')' | '\\') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let stream = format!("BT /F1 11 Tf 56 780 Td ({safe}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        table.push_str(&format!("{offset:010} 00000 n \n"));
    }
    table.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.extend_from_slice(table.as_bytes());
    out
}
