//! Generation timings, in release mode: `cargo run --release -p sportello-documents --example gen_bench`.
//!
//! Prints per-document milliseconds for (1) genpdf embedding the TTF fonts itself (the old way:
//! printpdf scans every code point of every face at each document), (2) the crate's pipeline
//! (built-in-font layout + PDF/A-2b post-processing), single-threaded and on every core.

#[path = "../tests/documents/fixtures.rs"]
mod fixtures;

use std::time::Instant;

use genpdf::elements::Paragraph;
use sportello_documents::Documents;
use sportello_domain::certificate::CertificateKind;

const REGULAR: &[u8] = include_bytes!("../fonts/TitilliumWeb-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/TitilliumWeb-Bold.ttf");

fn embedded_fonts_document() -> Vec<u8> {
    let data = |b: &[u8]| genpdf::fonts::FontData::new(b.to_vec(), None).expect("font");
    let family = genpdf::fonts::FontFamily {
        regular: data(REGULAR),
        bold: data(BOLD),
        italic: data(REGULAR),
        bold_italic: data(BOLD),
    };
    let mut doc = genpdf::Document::new(family);
    doc.set_minimal_conformance();
    for _ in 0..40 {
        doc.push(Paragraph::new("Il presente certificato non può essere prodotto agli organi della pubblica amministrazione – Forlì"));
    }
    let mut out = Vec::new();
    doc.render(&mut out).expect("render");
    out
}

fn per_doc(label: &str, n: usize, start: Instant) {
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    println!(
        "{label:<58} {:>7.2} ms/document ({n} documents, {ms:.0} ms)",
        ms / n as f64
    );
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let comune = fixtures::forli();
    let docs: Vec<_> = (0..n)
        .map(|i| fixtures::document(&fixtures::request(CertificateKind::ALL[i % 9]), false))
        .collect();

    let start = Instant::now();
    let old = 20.min(n);
    for _ in 0..old {
        embedded_fonts_document();
    }
    per_doc(
        "before: genpdf embedding the TTF (text only, no PDF/A)",
        old,
        start,
    );

    let start = Instant::now();
    let renderer = Documents::new().expect("fonts");
    println!(
        "{:<58} {:>7.2} ms once",
        "Documents::new (fonts parsed and compressed)",
        start.elapsed().as_secs_f64() * 1000.0
    );

    let start = Instant::now();
    for d in &docs {
        renderer.render_certificate_raw(d, &comune).expect("render");
    }
    per_doc("after: genpdf layout only (built-in-font path)", n, start);

    let start = Instant::now();
    let mut bytes = 0;
    for d in &docs {
        bytes += renderer
            .render_certificate(d, &comune)
            .expect("render")
            .len();
    }
    per_doc("after: full certificate, PDF/A-2b, 1 thread", n, start);
    println!("{:<58} {:>7} KB", "average size", bytes / n / 1024);

    let threads = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let start = Instant::now();
    std::thread::scope(|s| {
        for chunk in docs.chunks(n.div_ceil(threads)) {
            let (renderer, comune) = (&renderer, &comune);
            s.spawn(move || {
                for d in chunk {
                    renderer.render_certificate(d, comune).expect("render");
                }
            });
        }
    });
    per_doc(
        &format!("after: full certificate, PDF/A-2b, {threads} threads"),
        n,
        start,
    );
}
