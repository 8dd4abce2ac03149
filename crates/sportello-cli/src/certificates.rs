//! Certificates from the command line: `verify`, `certificate sample|issue`, and their configuration.

use anyhow::{bail, Context, Result};
use chrono::{NaiveDate, Utc};
use sportello_application::Principal;
use sportello_domain::certificate::CertificateKind;
use sportello_domain::clock::{Clock, SystemClock};
use sportello_domain::issuance::{IssueOutcome, IssueProgress, Verdict, VerificationReport};
use sportello_issuance::{config::keys, DeviceConfig, VirtualStamp};

use crate::{app, flag, log_in, open_app, settings};

/// Exit codes of `sportello verify`, for scripts.
const EXIT_INVALID: i32 = 1;
const EXIT_NOT_VALID_NOW: i32 = 2;

fn print_report(file: &str, r: &VerificationReport) {
    println!("File: {file}");
    println!("Esito: {}", r.summary);
    for (i, s) in r.signatures.iter().enumerate() {
        let when = s
            .signed_at
            .map(|t| t.format(" il %d/%m/%Y %H:%M UTC").to_string())
            .unwrap_or_default();
        let state = if s.intact {
            "integra".to_string()
        } else {
            format!("NON integra: {}", s.problem.clone().unwrap_or_default())
        };
        let org = s
            .organisation
            .as_deref()
            .map(|o| format!(" ({o})"))
            .unwrap_or_default();
        println!(
            "Firma {}: {}{org}, {}{when}: {state}{}",
            i + 1,
            s.signer,
            s.level,
            if s.demo {
                " [sigillo DEMO, senza valore legale]"
            } else {
                ""
            }
        );
    }
    match &r.certificate {
        Some(c) => {
            let validity = c.valid_until.map_or("illimitata".to_string(), |d| {
                format!("fino al {}", d.format("%d/%m/%Y"))
            });
            println!(
                "Registro: documento {}, {}, protocollo {} del {}, validità {validity}",
                c.document_id,
                c.kind,
                c.protocol,
                c.issued_at.format("%d/%m/%Y")
            );
            if let Some(a) = &c.annulled {
                println!(
                    "ANNULLATO il {} ({}): {}",
                    a.annulled_at.format("%d/%m/%Y"),
                    a.act,
                    a.reason
                );
            }
        }
        None => println!("Registro: documento non presente"),
    }
    println!("SHA-256: {}", r.file_sha256);
}

/// `sportello verify FILE [--json] [--no-register]`: 0 valid, 1 signature broken, 2 not valid now.
pub async fn verify(args: &[String]) -> Result<()> {
    let file = args
        .get(1)
        .filter(|a| !a.starts_with("--"))
        .context("usage: sportello verify FILE.pdf [--json] [--no-register]")?;
    let pdf = std::fs::read(file).with_context(|| format!("cannot read {file}"))?;
    let offline = args.iter().any(|a| a == "--no-register");
    let today = SystemClock.today();
    let report = if offline {
        sportello_issuance::verify_document(None, &pdf, today)
            .await
            .map_err(app)?
    } else {
        let sportello = open_app().await?;
        sportello
            .verify(&Principal::System, &pdf, today)
            .await
            .map_err(app)?
    };
    if args.iter().any(|a| a == "--json") {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(file, &report);
    }
    let code = match report.verdict {
        Verdict::Valid => 0,
        Verdict::Unregistered if offline => 0,
        Verdict::Invalid => EXIT_INVALID,
        _ => EXIT_NOT_VALID_NOW,
    };
    if code != 0 {
        std::process::exit(code);
    }
    Ok(())
}

fn kind(raw: &str) -> Result<CertificateKind> {
    let wanted = raw.to_lowercase().replace(['-', '_'], " ");
    CertificateKind::ALL
        .into_iter()
        .find(|k| {
            k.label().to_lowercase() == wanted
                || format!("{k:?}").to_lowercase() == wanted.replace(' ', "")
        })
        .with_context(|| {
            let names: Vec<String> = CertificateKind::ALL
                .iter()
                .map(|k| k.label().to_lowercase().replace(' ', "-"))
                .collect();
            format!(
                "unknown certificate type {raw:?}; one of: {}",
                names.join(", ")
            )
        })
}

/// `sportello certificate sample --type residenza --out FILE.pdf`: a signed sample with the demo seal.
pub async fn sample(args: &[String]) -> Result<()> {
    let kind = kind(&flag(args, "--type").unwrap_or_else(|| "residenza".into()))?;
    let out = flag(args, "--out").context("--out FILE.pdf is required")?;
    let store = settings().await?;
    let pdf = sportello_issuance::sample_certificate(&store, kind, Utc::now())
        .await
        .map_err(app)?;
    std::fs::write(&out, &pdf).with_context(|| format!("cannot write {out}"))?;
    println!(
        "Certificato di esempio ({}) firmato con il sigillo DEMO: {out} ({} byte)",
        kind.label(),
        pdf.len()
    );
    Ok(())
}

/// `sportello certificate issue --by USER [--ids 1,2,3]`: the head's batch from the command line (the
/// PIN from SPORTELLO_PIN); without `--ids`, every approved request waiting for its certificate.
pub async fn issue(args: &[String]) -> Result<()> {
    let sportello = open_app().await?;
    let who = log_in(&sportello, args).await?;
    let ids: Vec<i64> = match flag(args, "--ids") {
        Some(list) => list
            .split(',')
            .map(|s| s.trim().parse().context("--ids wants numbers"))
            .collect::<Result<_>>()?,
        None => sportello
            .pending_certificates(&who)
            .await
            .map_err(app)?
            .iter()
            .map(|p| p.submission_id)
            .collect(),
    };
    if ids.is_empty() {
        println!("Nessuna richiesta accolta in attesa del certificato.");
        return Ok(());
    }
    let pin = std::env::var("SPORTELLO_PIN").unwrap_or_default();
    let report = |p: IssueProgress| {
        if let IssueProgress::Document { outcome, .. } = p {
            match outcome {
                IssueOutcome::Issued {
                    submission_id,
                    document_id,
                    protocol,
                } => println!(
                    "pratica {submission_id}: rilasciato {document_id}, protocollo {protocol}"
                ),
                IssueOutcome::Failed {
                    submission_id,
                    message,
                } => println!("pratica {submission_id}: NON rilasciato: {message}"),
            }
        }
    };
    let outcomes = sportello
        .issue_certificates(&who, &ids, &pin, &SystemClock, &report)
        .await
        .map_err(app)?;
    let issued = outcomes.iter().filter(|o| o.is_issued()).count();
    println!(
        "{issued} certificati rilasciati, {} non rilasciati.",
        outcomes.len() - issued
    );
    Ok(())
}

/// `sportello config firma demo|pkcs12 FILE|pkcs11 MODULE [--token L]|remoto URL --user U --key K`.
pub async fn configure_device(args: &[String]) -> Result<()> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    if words.len() == 2 {
        return show_device().await;
    }
    let device = match words.as_slice() {
        ["config", "firma", "demo", ..] => DeviceConfig::Demo,
        ["config", "firma", "pkcs12", path, ..] => DeviceConfig::Pkcs12 { path: (*path).into() },
        ["config", "firma", "pkcs11", module, ..] => DeviceConfig::Pkcs11 { module: (*module).into(), token_label: flag(args, "--token") },
        ["config", "firma", "remoto", url, ..] => DeviceConfig::Remote {
            url: (*url).into(),
            user: flag(args, "--user").context("--user is required")?,
            key_id: flag(args, "--key").context("--key is required")?,
        },
        _ => bail!("usage: sportello config firma demo | pkcs12 FILE.p12 | pkcs11 MODULE [--token LABEL] | remoto URL --user U --key K"),
    };
    let store = settings().await?;
    store
        .set_setting(keys::SIGNING_DEVICE, &serde_json::to_string(&device)?)
        .await?;
    println!(
        "Dispositivo di firma impostato: {}",
        serde_json::to_string(&device)?
    );
    Ok(())
}

/// `sportello config bollo-virtuale --authority "…" --number N --date AAAA-MM-GG`.
pub async fn configure_virtual_stamp(args: &[String]) -> Result<()> {
    let stamp = VirtualStamp {
        authority: flag(args, "--authority").context("--authority is required")?,
        number: flag(args, "--number").context("--number is required")?,
        date: NaiveDate::parse_from_str(
            &flag(args, "--date").context("--date is required")?,
            "%Y-%m-%d",
        )
        .context("--date wants AAAA-MM-GG")?,
    };
    let store = settings().await?;
    store
        .set_setting(keys::VIRTUAL_STAMP, &serde_json::to_string(&stamp)?)
        .await?;
    println!(
        "Autorizzazione al bollo virtuale impostata: {} n. {} del {}",
        stamp.authority,
        stamp.number,
        stamp.date.format("%d/%m/%Y")
    );
    Ok(())
}

/// `sportello config marca-temporale URL|nessuna`: PAdES B-T with an RFC 3161 service, or B-B.
pub async fn configure_timestamp(args: &[String]) -> Result<()> {
    let url = args
        .get(2)
        .context("usage: sportello config marca-temporale URL | nessuna")?;
    let value = if url == "nessuna" { "" } else { url.as_str() };
    let store = settings().await?;
    store.set_setting(keys::TIMESTAMP_URL, value).await?;
    match value {
        "" => println!("Marca temporale disattivata: le firme saranno PAdES B-B."),
        url => println!("Marca temporale da {url}: le firme saranno PAdES B-T."),
    }
    Ok(())
}

/// `sportello config ente --ipa c_x000 --province "…" --address "…" --pec "…" [--tar "…"] [--stemma FILE.png]`.
pub async fn configure_comune(args: &[String]) -> Result<()> {
    let store = settings().await?;
    let mut comune = sportello_issuance::ComuneConfig::load(&store)
        .await
        .map_err(app)?;
    if let Some(v) = flag(args, "--ipa") {
        sportello_domain::certificate::IpaCode::parse(&v)
            .map_err(|e| anyhow::anyhow!(e.to_string()))?;
        comune.ipa_code = v;
    }
    for (name, field) in [
        ("--province", &mut comune.province),
        ("--address", &mut comune.address),
        ("--pec", &mut comune.pec),
        ("--tar", &mut comune.tar),
        ("--codice-fiscale", &mut comune.fiscal_code),
    ] {
        if let Some(v) = flag(args, name) {
            *field = v;
        }
    }
    comune.save(&store).await.map_err(app)?;
    if let Some(path) = flag(args, "--stemma") {
        let png = std::fs::read(&path).with_context(|| format!("cannot read {path}"))?;
        anyhow::ensure!(png.starts_with(b"\x89PNG"), "{path} is not a PNG file");
        store
            .set_setting(keys::COMUNE_COAT_OF_ARMS, &hex::encode(png))
            .await?;
    }
    println!(
        "Dati dell'ente salvati: {} (IPA {}), {}",
        comune.name, comune.ipa_code, comune.address
    );
    Ok(())
}

/// `sportello config firma`: the configured device, and the smart-card modules found on this machine.
async fn show_device() -> Result<()> {
    let info = open_app()
        .await?
        .signing_device(&Principal::System)
        .await
        .map_err(app)?;
    println!("Dispositivo di firma configurato: {}", info.label);
    let found = sportello_sign::probe_modules();
    if found.is_empty() {
        println!("Nessun modulo PKCS#11 di smart card trovato nei percorsi consueti.");
    }
    for module in found {
        println!(
            "Modulo PKCS#11 trovato: {} (sportello config firma pkcs11 \"{}\")",
            module.display(),
            module.display()
        );
    }
    Ok(())
}
