//! The stand-in documents of the demo and of the portal simulator: a small, valid, multi-page PDF
//! of plain text (what a citizen's scanned form would be in real life) and a tiny JPEG photo.
//!
//! The PDF is PDF 1.4 with a correct cross-reference table, the standard Helvetica fonts (not
//! embedded) in WinAnsi encoding, one content stream per page and «Pagina N di M» at the foot of
//! each page, so independent readers (poppler, pdf.js, qpdf) open it. It is not a certificate:
//! those are made by `sportello-documents`.

/// A tiny photo (8×8 pixels, baseline JPEG) standing in for a citizen's picture.
pub const SAMPLE_PHOTO: &[u8] = include_bytes!("../assets/sample-photo.jpg");

/// A4 in points.
const PAGE_WIDTH: u32 = 595;
const PAGE_HEIGHT: u32 = 842;
const MARGIN: u32 = 56;
/// Characters per line of body text (11 pt Helvetica within the margins).
const LINE_CHARS: usize = 86;

/// A PDF with one A4 page per entry of `pages` (one empty page when there is none). Each page's
/// first line is its heading; the other lines are body text, wrapped at the margin; `\n` starts a
/// new line and an empty line leaves a gap. Characters outside WinAnsi become `?`.
pub fn sample_pdf(pages: &[String]) -> Vec<u8> {
    let blank = [String::new()];
    let pages = if pages.is_empty() { &blank[..] } else { pages };
    let count = pages.len();
    // Objects: 1 catalog, 2 page tree, 3 and 4 fonts, then a page and its content per page.
    let kids: Vec<String> = (0..count).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {count} >>",
            kids.join(" ")
        )
        .into_bytes(),
        font("Helvetica"),
        font("Helvetica-Bold"),
    ];
    for (i, text) in pages.iter().enumerate() {
        let stream = page_content(text, i + 1, count);
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                6 + 2 * i
            )
            .into_bytes(),
        );
        let mut content = format!("<< /Length {} >>\nstream\n", stream.len()).into_bytes();
        content.extend_from_slice(&stream);
        content.extend_from_slice(b"\nendstream");
        objects.push(content);
    }
    assemble(&objects)
}

fn font(name: &str) -> Vec<u8> {
    format!("<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding >>")
        .into_bytes()
}

/// The page's drawing: the heading in bold, the body wrapped, the page number at the foot.
fn page_content(text: &str, number: usize, count: usize) -> Vec<u8> {
    let mut lines = text.lines();
    let heading = lines.next().unwrap_or_default();
    let mut out = format!("BT /F2 16 Tf {MARGIN} {} Td ", PAGE_HEIGHT - MARGIN - 16).into_bytes();
    show(&mut out, heading);
    out.extend_from_slice(b" Tj /F1 11 Tf 15 TL T* T*");
    for line in lines.flat_map(wrap) {
        out.extend_from_slice(b" T* ");
        show(&mut out, &line);
        out.extend_from_slice(b" Tj");
    }
    out.extend_from_slice(
        format!(" ET BT /F1 9 Tf {} {MARGIN} Td ", PAGE_WIDTH / 2 - 30).as_bytes(),
    );
    show(&mut out, &format!("Pagina {number} di {count}"));
    out.extend_from_slice(b" Tj ET");
    out
}

/// One line of body text cut at word boundaries into lines that fit; an empty line stays one.
fn wrap(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for word in line.split_whitespace() {
        let current = out.last_mut().expect("never empty");
        if current.is_empty() {
            current.push_str(word);
        } else if current.chars().count() + 1 + word.chars().count() <= LINE_CHARS {
            current.push(' ');
            current.push_str(word);
        } else {
            out.push(word.to_owned());
        }
    }
    out
}

/// `text` as a PDF string literal in WinAnsi, ASCII-only (octal escapes above 127).
fn show(out: &mut Vec<u8>, text: &str) {
    out.push(b'(');
    for c in text.chars() {
        match winansi(c) {
            b @ (b'(' | b')' | b'\\') => out.extend_from_slice(&[b'\\', b]),
            b @ 0x20..=0x7E => out.push(b),
            b => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
        }
    }
    out.push(b')');
}

/// The WinAnsi byte of `c`: Latin-1 for accented letters and guillemets, the typographic
/// apostrophe and dashes at their Windows-1252 places, `?` for anything else.
fn winansi(c: char) -> u8 {
    match c {
        '\u{2019}' => 0x92,
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        '\u{20AC}' => 0x80,
        ' '..='~' => c as u8,
        '\u{A0}'..='\u{FF}' => u8::try_from(u32::from(c)).unwrap_or(b'?'),
        _ => b'?',
    }
}

/// The file: header, numbered objects, cross-reference table, trailer.
fn assemble(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let size = objects.len() + 1;
    let mut table = format!("xref\n0 {size}\n0000000000 65535 f \n");
    for offset in offsets {
        table.push_str(&format!("{offset:010} 00000 n \n"));
    }
    table.push_str(&format!(
        "trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ));
    out.extend_from_slice(table.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }

    /// The file as text with the same byte offsets (the header's binary comment becomes dots).
    fn text(pdf: &[u8]) -> String {
        pdf.iter()
            .map(|&b| if b.is_ascii() { char::from(b) } else { '.' })
            .collect()
    }

    fn three_pages() -> Vec<u8> {
        sample_pdf(&[
            "Contratto di locazione\nAllegato dimostrativo".to_owned(),
            "Articolo 1\nIl locatore concede in locazione l’immobile sito in via Roma 1."
                .to_owned(),
            "Articolo 2\nCanone mensile: 650,00 € (seicentocinquanta).".to_owned(),
        ])
    }

    #[test]
    fn the_page_tree_counts_every_page() {
        let pdf = three_pages();
        assert!(pdf.starts_with(b"%PDF-1.4\n"));
        assert!(find(&pdf, b"/Kids [5 0 R 7 0 R 9 0 R] /Count 3").is_some());
        assert!(pdf.ends_with(b"%%EOF\n"));
        let one = sample_pdf(&[]);
        assert!(
            find(&one, b"/Count 1").is_some(),
            "a PDF has at least one page"
        );
    }

    #[test]
    fn every_cross_reference_points_at_its_object() {
        let pdf = three_pages();
        let text = text(&pdf);
        let start: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        assert!(
            pdf[start..].starts_with(b"xref\n0 11\n"),
            "startxref points at the table"
        );
        let table = &text[start..];
        let entries: Vec<usize> = table
            .lines()
            .skip(3)
            .take(10)
            .map(|l| l[..10].parse().expect("an offset"))
            .collect();
        for (i, offset) in entries.iter().enumerate() {
            let header = format!("{} 0 obj\n", i + 1);
            assert!(
                pdf[*offset..].starts_with(header.as_bytes()),
                "object {}",
                i + 1
            );
        }
        assert!(table.contains("trailer\n<< /Size 11 /Root 1 0 R >>"));
    }

    #[test]
    fn each_stream_length_is_its_byte_count_and_text_is_winansi() {
        let pdf = three_pages();
        assert!(
            pdf[15..].is_ascii(),
            "after the header, text outside ASCII is octal escapes"
        );
        let text = text(&pdf);
        for part in text.split("<< /Length ").skip(1) {
            let (len, rest) = part.split_once(" >>\nstream\n").expect("a stream");
            let len: usize = len.parse().expect("a length");
            assert!(rest[len..].starts_with("\nendstream"));
        }
        assert!(text.contains("(Pagina 2 di 3) Tj"));
        assert!(
            text.contains("l\\222immobile"),
            "the apostrophe at its WinAnsi place"
        );
        assert!(text.contains("650,00 \\200"), "the euro sign");
    }

    #[test]
    fn long_lines_wrap_at_word_boundaries() {
        let long = "parola ".repeat(40);
        let lines = wrap(&long);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= LINE_CHARS));
        assert_eq!(wrap(""), vec![String::new()]);
    }

    /// The UI's mock shell serves these bytes (its viewer tests and accessibility run open them), so
    /// the window is tested on what the demo and the simulator really make; CI fails on a stale file.
    #[test]
    fn export_ui_fixture() {
        use base64::Engine as _;
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        let pdf = sample_pdf(&[
            "Contratto di locazione\nAllegato dimostrativo".to_owned(),
            "Articolo 1\nIl locatore concede in locazione l’immobile sito in via Roma 1."
                .to_owned(),
            "Articolo 2\nCanone mensile: 650,00 €.".to_owned(),
        ]);
        let ts = format!(
            "// Generated by `cargo test -p sportello-domain` (sample_pdf.rs): do not edit.\n\
             // The demo's stand-in documents, as the mock shell serves them (base64).\n\
             export const SAMPLE_PDF_3_PAGES = '{}';\n\
             export const SAMPLE_PHOTO = '{}';\n",
            b64(&pdf),
            b64(SAMPLE_PHOTO)
        );
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../ui/src/test/sampleFiles.ts");
        std::fs::write(path, ts).expect("write ui/src/test/sampleFiles.ts");
    }

    /// An independent reader agrees, where poppler is installed (scripts/test installs it).
    #[test]
    fn pdfinfo_reads_three_pages() {
        let path = std::env::temp_dir().join(format!("sample-pdf-{}.pdf", std::process::id()));
        std::fs::write(&path, three_pages()).expect("write the sample");
        let Ok(out) = std::process::Command::new("pdfinfo").arg(&path).output() else {
            eprintln!("pdfinfo is not installed: the structure tests above stand alone");
            let _ = std::fs::remove_file(&path);
            return;
        };
        let _ = std::fs::remove_file(&path);
        let info = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.ends_with(" 3")),
            "{info}"
        );
    }
}
