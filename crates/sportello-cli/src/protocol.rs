//! `sportello protocol list|annul`: the protocol register for the records manager.

use anyhow::{Context, Result};
use chrono::{Datelike, Utc};
use sportello_domain::protocol::{Direction, ProtocolNumber};
use sportello_store::{default_database_url, Store};

use crate::{app, flag};

async fn admin(store: &Store, args: &[String]) -> Result<sportello_domain::user::Actor> {
    let by = flag(args, "--by").unwrap_or_else(|| "admin".into());
    let user = store.user_by_username(&by).await.map_err(app)?;
    Ok(user.actor())
}

pub async fn list(args: &[String]) -> Result<()> {
    let store = Store::open(&default_database_url()).await?;
    let year = match flag(args, "--year") {
        Some(y) => y.parse().context("--year wants a year")?,
        None => Utc::now().year(),
    };
    let actor = admin(&store, args).await?;
    let entries = store.register_entries(&actor, year).await.map_err(app)?;
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
    let raw = flag(args, "--number").context("--number 2026/0000042 is required")?;
    let number =
        ProtocolNumber::parse(&raw).with_context(|| format!("{raw:?} is not a protocol number"))?;
    let act = flag(args, "--act").context("--act (the authorising act) is required")?;
    let reason = flag(args, "--reason").context("--reason is required")?;
    let store = Store::open(&default_database_url()).await?;
    let actor = admin(&store, args).await?;
    let entry = store
        .annul_registration(&actor, number, &act, &reason, Utc::now())
        .await
        .map_err(app)?;
    println!(
        "Registrazione {} annullata ({}); l'originale resta consultabile.",
        entry.protocol, act
    );
    Ok(())
}
