//! The independent validators (pyHanko, Poppler's pdfsig, qpdf) and a scratch folder, for the
//! signature tests of this crate and of the crates that sign documents with it.
//! A missing tool fails the test: the suite never skips a check silently.

use std::path::{Path, PathBuf};
use std::process::Command;

const INSTALL_HINT: &str = "run scripts/test, which installs the signature validators";

/// A scratch folder with the test CA's certificate and an NSS database trusting it.
#[derive(Debug)]
pub struct Workdir {
    dir: tempfile::TempDir,
    pub ca_pem: PathBuf,
    nss_db: PathBuf,
}

impl Workdir {
    /// Trusts `anchor`, a CA certificate (DER).
    pub fn new(anchor: &[u8]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let ca_pem = dir.path().join("ca.pem");
        let pem = crate::certificate::to_pem(anchor).expect("CA PEM");
        std::fs::write(&ca_pem, pem).expect("write CA");
        let nss_db = dir.path().join("nss");
        std::fs::create_dir(&nss_db).expect("nss dir");
        let db = format!("sql:{}", nss_db.display());
        run_ok(Command::new(tool("certutil")).args(["-N", "-d", &db, "--empty-password"]));
        run_ok(
            Command::new(tool("certutil"))
                .args(["-A", "-d", &db, "-n", "ca", "-t", "CT,C,C", "-i"])
                .arg(&ca_pem),
        );
        Self {
            dir,
            ca_pem,
            nss_db,
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `openssl` with `args` in this folder.
    pub fn openssl(&self, args: &[&str]) -> String {
        run_ok(
            Command::new(tool("openssl"))
                .args(args)
                .current_dir(self.dir.path()),
        )
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("write file");
        path
    }

    /// pyHanko's validation summary of `pdf`: (exit status success, output).
    pub fn pyhanko(&self, pdf: &Path) -> (bool, String) {
        let out = Command::new(pyhanko_path())
            .args([
                "--verbose",
                "sign",
                "validate",
                "--no-revocation-check",
                "--trust",
            ])
            .arg(&self.ca_pem)
            .arg("--trust-replace")
            .arg(pdf)
            .output()
            .expect("run pyhanko");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    }

    /// pdfsig's report of `pdf`, trusting the test CA.
    pub fn pdfsig(&self, pdf: &Path) -> String {
        let db = format!("sql:{}", self.nss_db.display());
        let out = Command::new(tool("pdfsig"))
            .args(["-nssdir", &db])
            .arg(pdf)
            .output()
            .expect("run pdfsig");
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }
}

/// Asserts that pyHanko and pdfsig both accept the only signature of `pdf`, qpdf finds the
/// file clean, and our own verification agrees.
pub fn assert_valid_everywhere(work: &Workdir, pdf: &[u8]) {
    let text = assert_intact_everywhere(work, pdf);
    assert!(
        text.contains("Certificate is Trusted."),
        "pdfsig does not trust the signer:\n{text}"
    );
}

/// As [`assert_valid_everywhere`], without asking pdfsig to trust the signer (NSS does not
/// take a self-signed end-entity certificate as an anchor). Returns pdfsig's report.
pub fn assert_intact_everywhere(work: &Workdir, pdf: &[u8]) -> String {
    let report = crate::verify(pdf).expect("verify");
    assert!(
        report.all_valid(),
        "our verification disagrees: {report:#?}"
    );
    let path = work.write("signed.pdf", pdf);
    let (ok, text) = work.pyhanko(&path);
    let fields = pyhanko_intact_fields(&text);
    assert!(
        ok && fields.iter().any(|f| f == "TRUSTED") && fields.iter().any(|f| f == "UNTOUCHED"),
        "pyHanko rejected the signature:\n{text}"
    );
    let text = work.pdfsig(&path);
    assert!(
        text.contains("Signature is Valid."),
        "pdfsig rejected the signature:\n{text}"
    );
    assert_qpdf_clean(&path);
    text
}

/// The fields of pyHanko's summary line of an intact signature, e.g. `TRUSTED`,
/// `TIMESTAMP_TOKEN<INTACT:TRUSTED>`, `UNTOUCHED` from
/// `Firma:…:INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>,UNTOUCHED`; empty when not intact.
pub fn pyhanko_intact_fields(text: &str) -> Vec<String> {
    text.lines()
        .find_map(|line| line.split_once(":INTACT:"))
        .map(|(_, fields)| fields.split(',').map(str::to_string).collect())
        .unwrap_or_default()
}

pub fn assert_qpdf_clean(path: &Path) {
    let out = Command::new(tool("qpdf"))
        .arg("--check")
        .arg(path)
        .output()
        .expect("run qpdf");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "qpdf --check failed:\n{text}");
    assert!(
        text.contains("No syntax or stream encoding errors found"),
        "qpdf --check:\n{text}"
    );
    assert!(!text.contains("WARNING"), "qpdf --check warned:\n{text}");
}

fn pyhanko_path() -> PathBuf {
    let path = std::env::var_os("SPORTELLO_PYHANKO").map_or_else(
        || {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            home.join(".cache/sportello/venv/bin/pyhanko")
        },
        PathBuf::from,
    );
    assert!(
        path.exists(),
        "pyHanko not found at {} (or $SPORTELLO_PYHANKO): {INSTALL_HINT}",
        path.display()
    );
    path
}

/// A command on PATH, or a failed test saying how to install it.
pub fn tool(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{name} not found on PATH: {INSTALL_HINT}"))
}

pub fn run_ok(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}
