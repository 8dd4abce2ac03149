//! The portal link for IT and schedulers: `sportello sync`, `outbox list|retry`, `quarantine
//! list|retry`, `queue list`. Scriptable: `--json` prints one JSON document; the exit code says how
//! it went (`EXIT_CODES` in cli.rs).

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::Utc;
use sportello_application::{Principal, Sportello};
use sportello_sync::{Link, LinkConfig, LinkError, Progress};

use crate::cli::{PortalArgs, SyncArgs};
use crate::{app, open_app};

/// Another sync holds the lease.
pub const EXIT_BUSY: u8 = 5;
/// The run stopped early: the portal could not be read or delivered to (recorded in the run).
pub const EXIT_PORTAL: u8 = 6;

/// The portal's address and credentials (`sportello_sync::config`: flags, environment,
/// `sportello.toml`).
fn config(args: &PortalArgs) -> Result<LinkConfig> {
    let settings = sportello_store::workstation().map_err(app)?.portal;
    let mut config = sportello_sync::config::portal(
        args.portal.clone(),
        args.mappings.as_deref(),
        settings.as_ref(),
    )
    .map_err(|e| anyhow::anyhow!(e))?
    .context(
        "indicare il portale con --portal URL, SPORTELLO_PORTAL_URL o [portal] in sportello.toml",
    )?;
    if let Some(holder) = &args.holder {
        config.holder.clone_from(holder);
    }
    Ok(config)
}

/// A link error as IT reads it: what happened in Italian, the technical detail after it.
fn link_error(e: LinkError) -> anyhow::Error {
    match e {
        LinkError::Busy(holder) => {
            anyhow::anyhow!("un'altra sincronizzazione è in corso ({holder})")
        }
        LinkError::Portal(e) => {
            anyhow::anyhow!("il portale non ha risposto come previsto (dettaglio: {e})")
        }
        LinkError::App(e) => app(e),
    }
}

fn print_progress(json: bool) -> impl Fn(Progress) + Send + Sync {
    move |p| {
        if json {
            return;
        }
        match p {
            Progress::Ingesting { done, total } if total > 0 => {
                eprint!("\rLettura dal portale: {done}/{total}   ");
                if done == total {
                    eprintln!();
                }
            }
            Progress::Delivering { done } if done % 50 == 0 => {
                eprintln!("Invii al portale: {done}");
            }
            _ => {}
        }
    }
}

pub async fn sync(args: SyncArgs) -> Result<ExitCode> {
    let mut config = config(&args.portal)?;
    config.retry_base = chrono::Duration::seconds(i64::from(args.retry_after));
    let sportello = open_app().await?;
    let mut link = Link::new(sportello, config).map_err(link_error)?;
    if args.daemon {
        let every = Duration::from_secs(args.every.max(5));
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        if !args.json {
            println!(
                "Sincronizzazione continua con il portale ogni {} s. Ctrl+C per fermarla.",
                every.as_secs()
            );
        }
        link.run_daemon(every, stop).await.map_err(link_error)?;
        return Ok(ExitCode::SUCCESS);
    }
    let progress = print_progress(args.json);
    let outcome = link.run_once(args.full, &progress).await;
    let _ = link.release().await;
    match outcome {
        Ok(run) => {
            if args.json {
                println!("{}", serde_json::to_string(&run)?);
            } else {
                println!(
                    "Sincronizzazione n. {}: {} domande lette, {} nuove, {} aggiornate, {} in quarantena; {} invii consegnati, {} da ritentare.",
                    run.id, run.seen, run.created, run.updated, run.quarantined, run.delivered, run.failed
                );
                if let Some(error) = &run.error {
                    println!("Interrotta: {error}");
                }
            }
            Ok(if run.error.is_some() {
                ExitCode::from(EXIT_PORTAL)
            } else {
                ExitCode::SUCCESS
            })
        }
        Err(LinkError::Busy(holder)) => {
            eprintln!("Un'altra sincronizzazione è in corso ({holder}): nulla da fare.");
            Ok(ExitCode::from(EXIT_BUSY))
        }
        Err(e) => Err(link_error(e)),
    }
}

pub async fn outbox_list(all: bool, json: bool) -> Result<()> {
    let sportello = open_app().await?;
    let items = sportello
        .outbox(&Principal::System, all, i64::MAX)
        .await
        .map_err(app)?;
    if json {
        println!("{}", serde_json::to_string(&items)?);
        return Ok(());
    }
    println!("id\tpratica\tinvio\tstato\ttentativi\tultimo errore");
    for i in &items {
        println!(
            "{}\t{}\t{}\t{:?}\t{}\t{}",
            i.id,
            i.submission_id,
            i.delivery.label(),
            i.state,
            i.attempts,
            i.last_error.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

pub async fn outbox_retry(id: i64, json: bool) -> Result<()> {
    let sportello = open_app().await?;
    let item = sportello
        .retry_delivery(&Principal::System, id, Utc::now())
        .await
        .map_err(app)?;
    if json {
        println!("{}", serde_json::to_string(&item)?);
    } else {
        println!("Invio n. {id} rimesso in coda: parte alla prossima sincronizzazione.");
    }
    Ok(())
}

pub async fn quarantine_list(all: bool, json: bool) -> Result<()> {
    let sportello = open_app().await?;
    let items = sportello
        .quarantine(&Principal::System, all, i64::MAX)
        .await
        .map_err(app)?;
    if json {
        println!("{}", serde_json::to_string(&items)?);
        return Ok(());
    }
    println!("id\tdomanda sul portale\tvista\tmotivo");
    for i in &items {
        println!("{}\t{}\t{}\t{}", i.id, i.external_id, i.attempts, i.reason);
    }
    Ok(())
}

/// Reads quarantined applications again with the current mappings (after a fix).
pub async fn quarantine_retry(
    portal: &PortalArgs,
    id: Option<i64>,
    json: bool,
) -> Result<ExitCode> {
    let config = config(portal)?;
    let sportello = open_app().await?;
    let payloads = sportello
        .quarantined_payloads(&Principal::System, id)
        .await
        .map_err(app)?;
    let mut link = Link::new(sportello, config).map_err(link_error)?;
    let outcomes = link.reingest(payloads).await.map_err(link_error)?;
    let _ = link.release().await;
    if json {
        println!("{}", serde_json::to_string(&outcomes)?);
    } else {
        let resolved = outcomes.iter().filter(|o| o.1.is_some()).count();
        println!(
            "{} domande rilette: {resolved} acquisite, {} ancora in quarantena.",
            outcomes.len(),
            outcomes.len() - resolved
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn queue_list(limit: Option<i64>, json: bool) -> Result<()> {
    let sportello: Sportello = open_app().await?;
    let rows = sportello
        .list_submissions(&Principal::System, limit)
        .await
        .map_err(app)?;
    if json {
        println!("{}", serde_json::to_string(&rows)?);
        return Ok(());
    }
    println!("id\tprotocollo\tservizio\tstato\tricevuta il\tid sul portale");
    for r in &rows {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            r.id,
            r.protocol,
            r.service,
            r.state.label(),
            r.received_at.format("%d/%m/%Y %H:%M"),
            r.portal_id.as_deref().unwrap_or("")
        );
    }
    Ok(())
}
