//! `sportello portal-sim`: the local stand-in for the Comune's portal (`sportello-portal-sim`), for
//! trying the link without a portal and for tests. Prints the API's base URL, then serves until
//! stopped.

use std::time::Duration;

use anyhow::{bail, Result};
use sportello_portal_sim::{serve, SimConfig};

use crate::cli::PortalSimArgs;

/// The fault keys `--faults` accepts, as the error lists them.
const KEYS: &str =
    "5xx, timeout, drop, truncate, malformed, duplicate, reorder, badhash, lost, latency, ttl";

/// A share in 0..=1 (`0.05`).
fn share(key: &str, value: &str) -> Result<f64> {
    match value.trim().parse::<f64>() {
        Ok(share) if (0.0..=1.0).contains(&share) => Ok(share),
        _ => bail!("guasto {key}: atteso un numero tra 0 e 1, non «{value}»"),
    }
}

/// A duration in milliseconds or seconds (`20ms`, `30s`).
fn duration(key: &str, value: &str) -> Result<Duration> {
    let value = value.trim();
    let parsed = if let Some(ms) = value.strip_suffix("ms") {
        ms.parse::<u64>().ok().map(Duration::from_millis)
    } else {
        value
            .strip_suffix('s')
            .and_then(|s| s.parse::<u64>().ok())
            .map(Duration::from_secs)
    };
    parsed.ok_or_else(|| {
        anyhow::anyhow!("guasto {key}: attesa una durata, es. 20ms o 30s, non «{value}»")
    })
}

/// `5xx=0.1,latency=20ms,ttl=30s,…` onto the configuration; an unknown fault or a bad value is
/// refused.
fn faults(spec: &str, config: &mut SimConfig) -> Result<()> {
    for item in spec.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let Some((key, value)) = item.split_once('=') else {
            bail!("guasto «{item}»: atteso NOME=VALORE");
        };
        let key = key.trim();
        let slot = match key {
            "5xx" => &mut config.fail_5xx,
            "timeout" => &mut config.timeout,
            "drop" => &mut config.drop,
            "truncate" => &mut config.truncate,
            "malformed" => &mut config.malformed,
            "duplicate" => &mut config.duplicate,
            "reorder" => &mut config.reorder,
            "badhash" => &mut config.bad_hash,
            "lost" => &mut config.lost_answer,
            "latency" => {
                config.latency = duration(key, value)?;
                continue;
            }
            "ttl" => match duration(key, value)? {
                ttl if ttl.is_zero() => {
                    bail!("guasto ttl: la durata dei token deve essere maggiore di zero")
                }
                ttl => {
                    config.token_ttl = ttl;
                    continue;
                }
            },
            other => bail!("guasto sconosciuto «{other}» (noti: {KEYS})"),
        };
        *slot = share(key, value)?;
    }
    Ok(())
}

pub async fn run(args: PortalSimArgs) -> Result<()> {
    let mut config = SimConfig {
        user: args.user,
        password: args.password,
        applications: args.applications,
        seed: args.seed,
        ..SimConfig::default()
    };
    for (option, value) in [
        ("--hostile", args.hostile),
        ("--rule-breaking", args.rule_breaking),
    ] {
        if !(0.0..=1.0).contains(&value) {
            bail!("{option}: atteso un numero tra 0 e 1, non «{value}»");
        }
    }
    config.hostile = args.hostile;
    config.rule_breaking = args.rule_breaking;
    faults(&args.faults, &mut config)?;
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let address = listener.local_addr()?;
    let (_handle, task) = serve(listener, config);
    println!("http://{address}/lang/api");
    println!(
        "Simulatore del portale in ascolto (non è il portale del Comune). Ctrl+C per fermarlo."
    );
    task.await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_read_or_refused_in_italian() {
        let mut config = SimConfig::default();
        let spec = "5xx=0.1,latency=20ms,duplicate=0.05,truncate=0.02,drop=0.01,timeout=0.01,\
                    malformed=0.01,reorder=1,ttl=30s,badhash=0.02,lost=0.05";
        assert!(faults(spec, &mut config).is_ok());
        assert!((config.fail_5xx - 0.1).abs() < f64::EPSILON);
        assert_eq!(config.latency, Duration::from_millis(20));
        assert_eq!(config.token_ttl, Duration::from_secs(30));
        let shares = [
            (config.duplicate, 0.05),
            (config.truncate, 0.02),
            (config.drop, 0.01),
            (config.timeout, 0.01),
            (config.malformed, 0.01),
            (config.reorder, 1.0),
            (config.bad_hash, 0.02),
            (config.lost_answer, 0.05),
        ];
        for (got, want) in shares {
            assert!((got - want).abs() < f64::EPSILON, "{got} {want}");
        }
        for bad in [
            "5xx=2",
            "ttl=trenta",
            "ttl=0s",
            "latenza=20ms",
            "5xx",
            "latency=20",
            "lost=-0.1",
            "badhash=molto",
        ] {
            let e = faults(bad, &mut SimConfig::default())
                .unwrap_err()
                .to_string();
            assert!(e.contains("guasto"), "{bad}: {e}");
        }
    }
}
