//! Certificates from the command line: `verify`, `certificate sample|issue`, and their configuration.

use anyhow::{bail, Context, Result};
use chrono::{NaiveDate, Utc};
use sportello_application::Principal;
use sportello_domain::certificate::CertificateKind;
use sportello_domain::clock::{Clock, SystemClock};
use sportello_domain::issuance::{IssueOutcome, IssueProgress, Verdict, VerificationReport};
use sportello_issuance::{config::keys, DeviceConfig, VirtualStamp};

use crate::cli::{DeviceArg, EnteArgs, VerifyArgs};
use crate::{app, log_in, open_app, settings, By};

/// Exit codes of `sportello verify`, for scripts (2 is a usage error, as for every command).
const EXIT_INVALID: i32 = 1;
const EXIT_NOT_VALID_NOW: i32 = 3;

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

/// `sportello verify FILE [--json] [--no-register]`: 0 valid, 1 signature broken, 3 not valid now.
pub async fn verify(args: &VerifyArgs) -> Result<()> {
    let file = args.file.display().to_string();
    let pdf = read_limited(&args.file, sportello_application::MAX_VERIFY_BYTES as u64)?;
    let offline = args.no_register;
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
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&file, &report);
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

/// Reads `path` if it is no larger than `limit`, checked before reading.
fn read_limited(path: &std::path::Path, limit: u64) -> Result<Vec<u8>> {
    let shown = path.display();
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {shown}"))?
        .len();
    if size > limit {
        bail!(
            "{shown} is {} MB: documents over {} MB are not verified",
            size / 1_000_000,
            limit / 1_000_000
        );
    }
    std::fs::read(path).with_context(|| format!("cannot read {shown}"))
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
pub async fn sample(kind_name: &str, out: &std::path::Path) -> Result<()> {
    let kind = kind(kind_name)?;
    let store = settings().await?;
    let pdf = sportello_issuance::sample_certificate(&store, kind, Utc::now())
        .await
        .map_err(app)?;
    std::fs::write(out, &pdf).with_context(|| format!("cannot write {}", out.display()))?;
    println!(
        "Certificato di esempio ({}) firmato con il sigillo DEMO: {} ({} byte)",
        kind.label(),
        out.display(),
        pdf.len()
    );
    Ok(())
}

/// `sportello certificate issue --by USER [--ids 1,2,3] [--json]`: the head's batch from the command
/// line (the PIN from SPORTELLO_PIN); without `--ids`, every approved request waiting for its
/// certificate.
pub async fn issue(by: &By, ids: Vec<i64>, json: bool) -> Result<()> {
    let sportello = open_app().await?;
    let who = log_in(&sportello, by).await?;
    let ids: Vec<i64> = if ids.is_empty() {
        sportello
            .pending_certificates(&who)
            .await
            .map_err(app)?
            .iter()
            .map(|p| p.submission_id)
            .collect()
    } else {
        ids
    };
    if ids.is_empty() {
        if json {
            println!("[]");
        } else {
            println!("Nessuna richiesta accolta in attesa del certificato.");
        }
        return Ok(());
    }
    let pin = std::env::var("SPORTELLO_PIN").unwrap_or_default();
    let report = |p: IssueProgress| {
        if json {
            return;
        }
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
    if json {
        println!("{}", serde_json::to_string_pretty(&outcomes)?);
        return Ok(());
    }
    let issued = outcomes.iter().filter(|o| o.is_issued()).count();
    println!(
        "{issued} certificati rilasciati, {} non rilasciati.",
        outcomes.len() - issued
    );
    Ok(())
}

/// `sportello config firma demo|pkcs12 FILE|pkcs11 MODULE [--token L]|remoto URL --user U --key K`.
pub async fn configure_device(device: Option<DeviceArg>) -> Result<()> {
    let device = match device {
        None => return show_device().await,
        Some(DeviceArg::Demo) => DeviceConfig::Demo,
        Some(DeviceArg::Pkcs12 { file }) => DeviceConfig::Pkcs12 {
            path: file.display().to_string(),
        },
        Some(DeviceArg::Pkcs11 { module, token }) => DeviceConfig::Pkcs11 {
            module: module.display().to_string(),
            token_label: token,
        },
        Some(DeviceArg::Remoto { url, user, key }) => DeviceConfig::Remote {
            url,
            user,
            key_id: key,
        },
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
pub async fn configure_virtual_stamp(
    authority: String,
    number: String,
    date: NaiveDate,
) -> Result<()> {
    let stamp = VirtualStamp {
        authority,
        number,
        date,
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
pub async fn configure_timestamp(url: &str) -> Result<()> {
    let value = if url == "nessuna" { "" } else { url };
    let store = settings().await?;
    store.set_setting(keys::TIMESTAMP_URL, value).await?;
    match value {
        "" => println!("Marca temporale disattivata: le firme saranno PAdES B-B."),
        url => println!("Marca temporale da {url}: le firme saranno PAdES B-T."),
    }
    Ok(())
}

/// `sportello config ente --ipa c_x000 --province "…" --address "…" --pec "…" [--tar "…"] [--stemma FILE.png]`.
pub async fn configure_comune(args: EnteArgs) -> Result<()> {
    // The coat of arms is read and checked before anything is saved.
    let coat_of_arms = match &args.stemma {
        Some(path) => {
            let png =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            anyhow::ensure!(
                png.starts_with(b"\x89PNG"),
                "{} is not a PNG file",
                path.display()
            );
            Some(png)
        }
        None => None,
    };
    let store = settings().await?;
    let mut comune = sportello_issuance::ComuneConfig::load(&store)
        .await
        .map_err(app)?;
    if let Some(v) = args.ipa {
        sportello_domain::certificate::IpaCode::parse(&v)
            .map_err(|e| anyhow::anyhow!(e.to_string()))?;
        comune.ipa_code = v;
    }
    for (value, field) in [
        (args.province, &mut comune.province),
        (args.address, &mut comune.address),
        (args.pec, &mut comune.pec),
        (args.tar, &mut comune.tar),
        (args.codice_fiscale, &mut comune.fiscal_code),
    ] {
        if let Some(v) = value {
            *field = v;
        }
    }
    comune.save(&store).await.map_err(app)?;
    if let Some(png) = coat_of_arms {
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
