//! `sportello deadlines`: the scheduler of the law's own effects (integration requests that lapse,
//! silence-consent), for the server (`--daemon`, a service beside `sportello sync --daemon`) or a
//! cron job. The desktop app on the embedded database runs the same use case by itself.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use chrono::Utc;
use sportello_application::{Principal, Sportello, TimedRun};

use crate::cli::DeadlinesArgs;
use crate::sync::EXIT_BUSY;
use crate::{app, open_app};

fn holder() -> String {
    format!("{}:{}", sportello_sync::host_name(), std::process::id())
}

async fn once(sportello: &Sportello, json: bool) -> Result<ExitCode> {
    let run = sportello
        .apply_timed_effects(&Principal::System, &holder(), Utc::now())
        .await
        .map_err(app)?;
    match run {
        TimedRun::Done(report) if json => println!("{}", serde_json::to_string(&report)?),
        TimedRun::Done(report) => println!(
            "Termini applicati: {} integrazioni non pervenute nel termine (istruttoria ripresa), \
             {} istanze accolte per silenzio-assenso; {} pratiche modificate nel frattempo, \
             rinviate al prossimo controllo.",
            report.lapsed, report.silence_consent, report.left
        ),
        TimedRun::Busy(holder) => {
            eprintln!("I termini sono già applicati da un'altra postazione o servizio ({holder}): nulla da fare.");
            return Ok(ExitCode::from(EXIT_BUSY));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn run(args: DeadlinesArgs) -> Result<ExitCode> {
    let sportello = open_app().await?;
    if !args.daemon {
        return once(&sportello, args.json).await;
    }
    let every = Duration::from_secs(args.every.max(30));
    if !args.json {
        println!(
            "Controllo dei termini ogni {} s. Ctrl+C per fermarlo.",
            every.as_secs()
        );
    }
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        if let Err(e) = once(&sportello, args.json).await {
            eprintln!("Controllo dei termini non riuscito: {e:#}");
        }
        tokio::select! {
            _ = &mut stop => break,
            () = tokio::time::sleep(every) => {}
        }
    }
    Ok(ExitCode::SUCCESS)
}
