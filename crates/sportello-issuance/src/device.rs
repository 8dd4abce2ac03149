//! Opening the configured signing device once per batch (one PIN), and the demo seal the app
//! creates on first use.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use sportello_domain::issuance::SigningDeviceInfo;
use sportello_sign::{
    DemoSeal, Pkcs11Config, Pkcs11Signer, RemoteConfig, RemoteSigner, Signer, SoftwareSigner,
};
use sportello_store::Store;

use crate::config::{self, keys, ComuneConfig, DeviceConfig};
use crate::error::{IssueError, Result};

/// Signatures a software key makes at once (the machine's cores).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// The demo seal of this database, created and stored on first use.
pub async fn demo_seal(store: &Store) -> Result<DemoSeal> {
    if let Some(stored) = store.setting(keys::DEMO_SEAL).await? {
        let parts: Option<(Vec<u8>, Vec<u8>)> = stored
            .split_once(':')
            .and_then(|(k, c)| Some((hex::decode(k).ok()?, hex::decode(c).ok()?)));
        let (key, cert) = parts.ok_or_else(|| IssueError::Setting {
            key: keys::DEMO_SEAL,
            detail: "not key:cert hex".into(),
        })?;
        return Ok(DemoSeal::from_parts(&key, &cert)?);
    }
    let comune = ComuneConfig::load(store).await?;
    let seal = DemoSeal::create(&comune.name, Utc::now())?;
    let stored = format!(
        "{}:{}",
        hex::encode(seal.private_key_der()?),
        hex::encode(seal.certificate_der())
    );
    store.set_setting(keys::DEMO_SEAL, &stored).await?;
    tracing::info!(comune = %comune.name, "demo seal created");
    Ok(seal)
}

/// What the batch screen says about the device.
pub async fn info(store: &Store) -> Result<SigningDeviceInfo> {
    Ok(match config::device(store).await? {
        DeviceConfig::Demo => SigningDeviceInfo {
            label: "Sigillo DEMO — non valido".into(),
            demo: true,
            needs_pin: false,
        },
        DeviceConfig::Pkcs12 { path } => SigningDeviceInfo {
            label: format!("File di firma {path}"),
            demo: false,
            needs_pin: true,
        },
        DeviceConfig::Pkcs11 { module, .. } => SigningDeviceInfo {
            label: format!("Smart card o token (PKCS#11: {module})"),
            demo: false,
            needs_pin: true,
        },
        DeviceConfig::Remote { url, user, .. } => SigningDeviceInfo {
            label: format!("Firma remota {url} ({user})"),
            demo: false,
            needs_pin: true,
        },
    })
}

/// A device opened for one batch.
pub struct OpenedDevice {
    pub signer: Arc<dyn Signer>,
    /// How many documents it signs at once.
    pub parallel: usize,
    /// A key in memory (demo seal, PKCS#12), which signs in microseconds, not seconds.
    pub local: bool,
}

impl std::fmt::Debug for OpenedDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedDevice")
            .field("signer", &self.signer.label())
            .field("parallel", &self.parallel)
            .field("local", &self.local)
            .finish()
    }
}

/// Opens the configured device with `pin`.
pub async fn open_signer(store: &Store, pin: &str) -> Result<OpenedDevice> {
    let device = config::device(store).await?;
    let local = matches!(device, DeviceConfig::Demo | DeviceConfig::Pkcs12 { .. });
    if let DeviceConfig::Demo = device {
        let signer = Arc::new(demo_seal(store).await?);
        return Ok(OpenedDevice {
            signer,
            parallel: cores(),
            local,
        });
    }
    let pin = pin.to_string();
    let opened = tokio::task::spawn_blocking(move || -> Result<(Arc<dyn Signer>, usize)> {
        Ok(match device {
            DeviceConfig::Demo => unreachable!("handled above"),
            DeviceConfig::Pkcs12 { path } => (
                Arc::new(SoftwareSigner::from_pkcs12_file(
                    &PathBuf::from(path),
                    &pin,
                )?),
                cores(),
            ),
            // A card signs one document at a time.
            DeviceConfig::Pkcs11 {
                module,
                token_label,
            } => {
                let config = Pkcs11Config {
                    module: module.into(),
                    token_label,
                    pin,
                };
                (Arc::new(Pkcs11Signer::open(&config)?), 1)
            }
            DeviceConfig::Remote { url, user, key_id } => {
                let config = RemoteConfig {
                    base_url: url,
                    user,
                    password: pin,
                    key_id,
                    otp: None,
                    timeout: Duration::from_secs(30),
                };
                (Arc::new(RemoteSigner::connect(config)?), 2)
            }
        })
    })
    .await
    .map_err(|e| IssueError::Worker(format!("signing device thread: {e}")))??;
    tracing::info!(device = %opened.0.label(), "signing device opened");
    let (signer, parallel) = opened;
    Ok(OpenedDevice {
        signer,
        parallel,
        local,
    })
}
