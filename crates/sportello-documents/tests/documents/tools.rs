//! The independent tools the tests read documents with: qpdf and Poppler. Missing tools fail.

use std::path::{Path, PathBuf};
use std::process::Command;

const HINT: &str = "run scripts/test, which installs qpdf and poppler-utils";

fn run(tool: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} could not be started ({e}): {HINT}"));
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// Writes `pdf` to a scratch file named after `name`.
pub fn scratch(name: &str, pdf: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sportello-documents-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write pdf");
    path
}

pub fn qpdf_check(path: &Path) {
    let (ok, text) = run("qpdf", &["--check", path.to_str().expect("path")]);
    assert!(
        ok && text.contains("No syntax or stream encoding errors"),
        "qpdf --check {}: {text}",
        path.display()
    );
    assert!(
        !text.contains("WARNING"),
        "qpdf warns on {}: {text}",
        path.display()
    );
}

/// The text of `page` (or all pages), as pdftotext reads it in reading order.
pub fn text(path: &Path, page: Option<usize>) -> String {
    let p = page.map(|p| p.to_string());
    let mut args = vec!["-enc", "UTF-8"];
    if let Some(p) = &p {
        args.extend(["-f", p, "-l", p]);
    }
    args.extend([path.to_str().expect("path"), "-"]);
    let (ok, text) = run("pdftotext", &args);
    assert!(ok, "pdftotext failed: {text}");
    text
}

/// Whitespace collapsed, as a reader joins wrapped lines.
pub fn joined(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn pages(path: &Path) -> usize {
    let (ok, text) = run("pdfinfo", &[path.to_str().expect("path")]);
    assert!(ok, "pdfinfo failed: {text}");
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// Renders the first page at 60 dpi into the artefacts folder.
pub fn png(path: &Path, name: &str) -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR").map_or_else(
        |_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    let dir = target.join("certificates-png");
    std::fs::create_dir_all(&dir).expect("png dir");
    let prefix = dir.join(name);
    let (ok, text) = run(
        "pdftoppm",
        &[
            "-r",
            "60",
            "-png",
            "-singlefile",
            path.to_str().expect("path"),
            prefix.to_str().expect("prefix"),
        ],
    );
    assert!(ok, "pdftoppm failed: {text}");
    prefix.with_extension("png")
}
