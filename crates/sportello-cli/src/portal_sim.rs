//! `sportello portal-sim`: the local stand-in for the Comune's portal (`sportello-portal-sim`), for
//! trying the link without a portal and for tests. Prints the API's base URL, then serves until
//! stopped.

use std::time::Duration;

use anyhow::{bail, Result};
use sportello_portal_sim::{serve, SimConfig};

use crate::cli::PortalSimArgs;

/// `5xx=0.1,ttl=30s` onto the configuration; an unknown fault or a bad value is refused.
fn faults(spec: &str, config: &mut SimConfig) -> Result<()> {
    for item in spec.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let Some((key, value)) = item.split_once('=') else {
            bail!("guasto «{item}»: atteso NOME=VALORE");
        };
        match key.trim() {
            "5xx" => match value.trim().parse::<f64>() {
                Ok(share) if (0.0..=1.0).contains(&share) => config.fail_5xx = share,
                _ => bail!("guasto 5xx: atteso un numero tra 0 e 1, non «{value}»"),
            },
            "ttl" => match value
                .trim()
                .strip_suffix('s')
                .and_then(|s| s.parse::<u64>().ok())
            {
                Some(secs) if secs > 0 => config.token_ttl = Duration::from_secs(secs),
                _ => bail!("guasto ttl: atteso un numero di secondi, es. 30s, non «{value}»"),
            },
            other => bail!("guasto sconosciuto «{other}» (noti: 5xx, ttl)"),
        }
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
        assert!(faults("5xx=0.25, ttl=30s", &mut config).is_ok());
        assert!((config.fail_5xx - 0.25).abs() < f64::EPSILON);
        assert_eq!(config.token_ttl, Duration::from_secs(30));
        for bad in ["5xx=2", "ttl=trenta", "latenza=20ms", "5xx"] {
            let e = faults(bad, &mut SimConfig::default())
                .unwrap_err()
                .to_string();
            assert!(e.contains("guasto"), "{bad}: {e}");
        }
    }
}
