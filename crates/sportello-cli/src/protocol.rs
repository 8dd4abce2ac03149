//! `sportello protocol list|annul`: the protocol register for the records manager.

use anyhow::{Context, Result};
use chrono::{Datelike, Utc};
use sportello_domain::protocol::Direction;

use crate::{app, flag, log_in, open_app};

pub async fn list(args: &[String]) -> Result<()> {
    let sportello = open_app().await?;
    let year = match flag(args, "--year") {
        Some(y) => y.parse().context("--year wants a year")?,
        None => Utc::now().year(),
    };
    let who = log_in(&sportello, args).await?;
    let entries = sportello.register_entries(&who, year).await.map_err(app)?;
    if args.iter().any(|a| a == "--csv") {
        return crate::csv::write_register(&entries, args);
    }
    for e in &entries {
        let dir = if e.direction == Direction::Incoming {
            "E"
        } else {
            "U"
        };
        let annulled = e.annulment.as_ref().map_or(String::new(), |a| {
            format!("  [ANNULLATA: {} - {}]", a.act, a.reason)
        });
        println!(
            "{} {} {}  {}  {}  sha256:{}{}",
            e.protocol,
            dir,
            e.registered_at.format("%d/%m/%Y %H:%M"),
            e.correspondent,
            e.subject,
            &e.document_sha256[..16],
            annulled
        );
    }
    println!("{} registrazioni nel {year}.", entries.len());
    Ok(())
}

pub async fn annul(args: &[String]) -> Result<()> {
    let number = flag(args, "--number").context("--number 2026/0000042 is required")?;
    let act = flag(args, "--act").context("--act (the authorising act) is required")?;
    let reason = flag(args, "--reason").context("--reason is required")?;
    let sportello = open_app().await?;
    let who = log_in(&sportello, args).await?;
    let entry = sportello
        .annul_registration(&who, &number, &act, &reason, Utc::now())
        .await
        .map_err(app)?;
    println!(
        "Registrazione {} annullata ({}); l'originale resta consultabile.",
        entry.protocol, act
    );
    Ok(())
}
