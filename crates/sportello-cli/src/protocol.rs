//! `sportello protocol list|annul`: the protocol register for the records manager.

use anyhow::Result;
use chrono::{Datelike, Utc};
use sportello_domain::protocol::Direction;

use crate::{app, log_in, open_app, By};

pub async fn list(
    by: &By,
    year: Option<i32>,
    csv: Option<&str>,
    sep: &str,
    json: bool,
) -> Result<()> {
    // A bad separator is refused before anything is read.
    let sep = crate::csv::separator(sep)?;
    let sportello = open_app().await?;
    let year = year.unwrap_or_else(|| Utc::now().year());
    let who = log_in(&sportello, by).await?;
    let entries = sportello.register_entries(&who, year).await.map_err(app)?;
    if let Some(target) = csv {
        return crate::csv::write_register(&entries, target, sep);
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(());
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

pub async fn annul(by: &By, number: &str, act: &str, reason: &str) -> Result<()> {
    let sportello = open_app().await?;
    let who = log_in(&sportello, by).await?;
    let entry = sportello
        .annul_registration(&who, number, act, reason, Utc::now())
        .await
        .map_err(app)?;
    println!(
        "Registrazione {} annullata ({}); l'originale resta consultabile.",
        entry.protocol, act
    );
    Ok(())
}
