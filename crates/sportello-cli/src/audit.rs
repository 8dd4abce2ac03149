//! `sportello audit verify|head|prune`: the audit trail for IT, acting as the installation.

use anyhow::Result;
use chrono::Utc;
use sportello_application::Principal;

use crate::cli::Anchor;
use crate::{app, open_app};

/// Exit code of a verification that found the trail altered (`--help` and docs/cli.md list it).
const ALTERED: i32 = 4;

pub async fn verify(anchor: Option<&Anchor>, json: bool) -> Result<()> {
    let sportello = open_app().await?;
    let anchor = anchor.map(|a| (a.seq, a.hash.as_str()));
    let report = sportello
        .verify_audit(&Principal::System, anchor)
        .await
        .map_err(app)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else if report.is_whole() {
        println!(
            "Registro di controllo integro: {} registrazioni verificate (dalla n. {} alla n. {}), impronta finale {}.",
            report.checked,
            report.from_seq + 1,
            report.head_seq,
            report.head_hash
        );
    } else {
        println!(
            "REGISTRO DI CONTROLLO ALTERATO ({} problemi):",
            report.problems.len()
        );
        for p in &report.problems {
            println!("  n. {}: {}", p.seq, p.message);
        }
    }
    if !report.is_whole() {
        std::process::exit(ALTERED);
    }
    Ok(())
}

pub async fn head(json: bool) -> Result<()> {
    let head = open_app()
        .await?
        .audit_head(&Principal::System)
        .await
        .map_err(app)?;
    if json {
        println!("{}", serde_json::to_string(&head)?);
    } else {
        println!("{}:{}", head.seq, head.hash);
    }
    Ok(())
}

pub async fn prune(keep_months: u32) -> Result<()> {
    let pruned = open_app()
        .await?
        .prune_audit(&Principal::System, keep_months, Utc::now())
        .await
        .map_err(app)?;
    match pruned.checkpoint {
        Some(c) => println!(
            "Eliminate {} registrazioni più vecchie di {keep_months} mesi; la verifica riparte dalla n. {} ({}).",
            pruned.removed, c.seq, c.hash
        ),
        None => println!("Nessuna registrazione più vecchia di {keep_months} mesi."),
    }
    Ok(())
}
