//! `sportello bench certificates [--count N]`: the head's batch of N certificates — checked,
//! rendered, made PDF/A-2b, sealed and registered — timed end to end in a temporary database, with
//! the cost of each stage, and pyHanko signing the same PDF with the same key for comparison.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::Utc;
use serde_json::json;
use sportello_application::{Principal, Sportello};
use sportello_domain::certificate::{check_issuable, CertificateKind, IssuingRules};
use sportello_domain::clock::{FixedClock, SystemClock};
use sportello_domain::submission::{Applicant, Channel, Contact, NewSubmission};
use sportello_domain::user::{NewUser, Role};
use sportello_domain::workflow::Action;
use sportello_domain::FiscalCode;
use sportello_issuance::{
    config, demo_seal, register_sample_family, sample_request, ComuneConfig, Renderer,
};
use sportello_sign::Signer;
use sportello_store::Store;

use crate::app;

async fn user(sportello: &Sportello, username: &str, role: Role) -> Result<Principal> {
    let new = NewUser {
        username: username.into(),
        full_name: format!("Bench {username}"),
        role,
        department: Some("demografici".into()),
        password: "bench-password".into(),
    };
    let user = sportello
        .create_user(&Principal::System, &new)
        .await
        .map_err(app)?;
    Ok(Principal::User(user.actor()))
}

/// N approved certificate requests about the sample person (not timed).
async fn approved_requests(
    sportello: &Sportello,
    officer: &Principal,
    subject: &str,
    count: usize,
) -> Result<Vec<i64>> {
    let now = Utc::now();
    let mut ids = Vec::with_capacity(count);
    for i in 0..count {
        let kind = if i % 3 == 0 {
            "Stato di famiglia"
        } else {
            "Residenza"
        };
        let new = NewSubmission {
            service: "certificato-anagrafico".into(),
            applicant: Applicant {
                fiscal_code: FiscalCode::parse(subject)?,
                given_name: "Mario".into(),
                family_name: "Rossi".into(),
                birth_date: None,
                birth_place: None,
            },
            contact: Contact::default(),
            form: json!({ "tipo_certificato": kind, "intestatario": subject, "uso": "Uso generico (in bollo)", "copie": 1 }),
            attachments: vec![],
            received_at: now,
            channel: Channel::Portal,
            external_id: None,
        };
        let clock = FixedClock(now);
        let id = sportello
            .receive(&Principal::System, &new, &clock)
            .await
            .map_err(app)?;
        sportello
            .act(officer, id, &Action::TakeInCharge, &clock)
            .await
            .map_err(app)?;
        sportello
            .act(
                officer,
                id,
                &Action::Approve {
                    reason: "Verificato".into(),
                },
                &clock,
            )
            .await
            .map_err(app)?;
        ids.push(id);
    }
    Ok(ids)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Renders and signs `n` documents on one thread, returning (render ms, sign ms) medians and one PDF.
fn stage_costs(seal: &dyn Signer, n: usize) -> Result<(f64, f64, Vec<u8>)> {
    let renderer = Renderer::new().map_err(app)?;
    let comune = ComuneConfig::demo();
    let certificate = check_issuable(
        &sample_request(CertificateKind::Residenza).map_err(app)?,
        &IssuingRules::default(),
    )
    .map_err(app)?;
    let issue = sportello_domain::certificate::Issue {
        issued_on: Utc::now().date_naive(),
        protocol: sportello_domain::protocol::ProtocolNumber {
            year: 2026,
            number: 1,
        },
        officer: "Bench".into(),
        document_id: sportello_domain::certificate::DocumentId::parse("BENCH-1")
            .map_err(|e| anyhow::anyhow!(e))?,
    };
    let (mut render, mut sign, mut last) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..n {
        let t = Instant::now();
        let pdf = renderer
            .certificate(&certificate, &issue, &comune, Utc::now(), true)
            .map_err(app)?;
        render.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        renderer
            .sign(&pdf, &comune, Utc::now(), seal)
            .map_err(app)?;
        sign.push(t.elapsed().as_secs_f64() * 1e3);
        last = pdf;
    }
    Ok((median(render), median(sign), last))
}

/// pyHanko's median ms to sign `pdf` with the same key, through its Python API.
fn pyhanko_median(
    dir: &std::path::Path,
    pdf: &[u8],
    key_der: &[u8],
    cert_der: &[u8],
    n: usize,
) -> Result<f64> {
    let venv = std::env::var_os("SPORTELLO_VENV")
        .map_or_else(|| dirs_home().join(".cache/sportello/venv"), PathBuf::from);
    let script = PathBuf::from("crates/sportello-sign/tools/pyhanko_bench.py");
    std::fs::write(dir.join("in.pdf"), pdf)?;
    std::fs::write(dir.join("key.der"), key_der)?;
    std::fs::write(dir.join("cert.der"), cert_der)?;
    let out = Command::new(venv.join("bin/python"))
        .arg(&script)
        .arg(dir.join("in.pdf"))
        .args(["-n", &n.to_string(), "--key"])
        .arg(dir.join("key.der"))
        .arg("--cert")
        .arg(dir.join("cert.der"))
        .output()
        .with_context(|| format!("cannot run {} with {}", script.display(), venv.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    anyhow::ensure!(
        out.status.success(),
        "pyHanko bench failed: {}{}",
        text,
        String::from_utf8_lossy(&out.stderr)
    );
    let line = text
        .lines()
        .find(|l| l.starts_with("pyhanko:"))
        .context("no pyhanko summary line")?;
    let value = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("median_ms="))
        .context("no median")?;
    Ok(value.parse()?)
}

fn dirs_home() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default()
}

pub async fn run(count: usize) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("sportello-bench-cert-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let store = Store::open(&dir.join("bench.db").display().to_string()).await?;
    config::load_demo(&store).await.map_err(app)?;
    let sportello = Sportello::new(store.clone()).await.map_err(app)?;
    let officer = user(&sportello, "operatore", Role::Operatore).await?;
    let head = user(&sportello, "responsabile", Role::Responsabile).await?;
    let subject = register_sample_family(&store, 1).await.map_err(app)?;
    let ids = approved_requests(&sportello, &officer, &subject, count).await?;
    let seal = demo_seal(&store).await.map_err(app)?;

    let start = Instant::now();
    let outcomes = sportello
        .issue_certificates(&head, &ids, "", &SystemClock, &|_| ())
        .await
        .map_err(app)?;
    let total = start.elapsed().as_secs_f64();
    let issued = outcomes.iter().filter(|o| o.is_issued()).count();
    anyhow::ensure!(
        issued == count,
        "only {issued} of {count} issued: {:?}",
        outcomes.iter().find(|o| !o.is_issued())
    );
    println!(
        "{:<58} {:>8.2} s",
        format!("batch of {count}: check, render, PDF/A, seal, register"),
        total
    );
    println!(
        "{:<58} {:>8.2} ms",
        "  per certificate (both cores)",
        total * 1e3 / count as f64
    );

    let (render, sign, pdf) = tokio::task::block_in_place(|| stage_costs(&seal, 50))?;
    println!(
        "{:<58} {:>8.2} ms",
        "  render + PDF/A-2b, one thread (median of 50)", render
    );
    println!(
        "{:<58} {:>8.2} ms",
        "  PAdES seal, one thread (median of 50)", sign
    );
    match pyhanko_median(
        &dir,
        &pdf,
        &seal.private_key_der()?,
        seal.certificate_der(),
        50,
    ) {
        Ok(py) => {
            println!(
                "{:<58} {:>8.2} ms",
                "  pyHanko signing the same PDF, same key (median of 50)", py
            );
            println!(
                "{:<58} {:>8.1} x",
                "  pyHanko / Sportello signing",
                py / sign
            );
        }
        Err(e) => println!("pyHanko comparison not run: {e:#}"),
    }
    store.close().await;
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
