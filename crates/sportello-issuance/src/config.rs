//! The Comune's configuration that issuing needs, kept in the store's settings: its identity as
//! printed on documents, the stamp-duty and fee amounts, the virtual stamp-duty authorisation, and the
//! signing device.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sportello_domain::certificate::{FeeSchedule, IssuingRules, KindExemption, StampPayment};
use sportello_store::Store;

use crate::error::{IssueError, Result};

/// Settings keys (one place, so the CLI and the app agree).
pub mod keys {
    pub const COMUNE_NAME: &str = "comune_name";
    pub const COMUNE_PROVINCE: &str = "comune_province";
    pub const COMUNE_IPA: &str = "comune_ipa";
    pub const COMUNE_ADDRESS: &str = "comune_address";
    pub const COMUNE_PEC: &str = "comune_pec";
    pub const COMUNE_FISCAL_CODE: &str = "comune_fiscal_code";
    pub const COMUNE_TAR: &str = "comune_tar";
    pub const COMUNE_VERIFICATION_URL: &str = "comune_verification_url";
    pub const STAMP_DUTY_CENTS: &str = "stamp_duty_cents";
    pub const FEE_WITH_STAMP_CENTS: &str = "fee_with_stamp_cents";
    pub const FEE_WITHOUT_STAMP_CENTS: &str = "fee_without_stamp_cents";
    pub const VIRTUAL_STAMP: &str = "virtual_stamp_authorisation";
    /// The kinds the Comune issues free of bollo, with the legal basis printed (JSON list).
    pub const STAMP_EXEMPT_KINDS: &str = "stamp_exempt_kinds";
    pub const SIGNING_DEVICE: &str = "signing_device";
    pub const DEMO_SEAL: &str = "demo_seal";
    pub const TIMESTAMP_URL: &str = "timestamp_url";
    /// The coat of arms, as the hex of a PNG file.
    pub const COMUNE_COAT_OF_ARMS: &str = "comune_coat_of_arms_png";
}

/// Who issues: printed in the letterhead and in the contrassegno.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComuneConfig {
    /// «Comune di Borgo Esempio».
    pub name: String,
    /// The province as printed, e.g. `Pescara`.
    pub province: String,
    /// The Comune's code in the IPA index (e.g. `c_h501`).
    pub ipa_code: String,
    pub address: String,
    pub pec: String,
    pub fiscal_code: String,
    /// The regional administrative court named in appeal terms, e.g. «TAR per l'Abruzzo».
    pub tar: String,
    /// A page where the contrassegno can also be checked online, if the Comune publishes one.
    pub verification_url: Option<String>,
    /// The RFC 3161 timestamping service: signatures are PAdES B-T when set, B-B otherwise.
    pub timestamp_url: Option<String>,
    /// The coat of arms (PNG), printed at the top left of every document.
    #[serde(skip)]
    pub coat_of_arms_png: Option<Vec<u8>>,
}

/// The virtual stamp-duty authorisation of the revenue office (art. 15 DPR 642/1972).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VirtualStamp {
    pub authority: String,
    pub number: String,
    pub date: NaiveDate,
}

/// Which signing device seals the certificates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DeviceConfig {
    /// The self-signed demo seal the app creates on first use: «DEMO — non valido».
    Demo,
    /// An encrypted PKCS#12 file; the PIN is its password.
    #[serde(rename_all = "camelCase")]
    Pkcs12 { path: String },
    /// A smart card or USB token through the vendor's PKCS#11 module.
    #[serde(rename_all = "camelCase")]
    Pkcs11 {
        module: String,
        token_label: Option<String>,
    },
    /// A remote signing service.
    #[serde(rename_all = "camelCase")]
    Remote {
        url: String,
        user: String,
        key_id: String,
    },
}

async fn text(store: &Store, key: &str, default: &str) -> Result<String> {
    Ok(store
        .setting(key)
        .await?
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_string()))
}

async fn cents(store: &Store, key: &'static str, default: u32) -> Result<u32> {
    match store.setting(key).await? {
        Some(v) => v.trim().parse().map_err(|_| IssueError::Setting {
            key,
            detail: format!("not a whole number of cents: {v:?}"),
        }),
        None => Ok(default),
    }
}

async fn json<T: for<'de> Deserialize<'de>>(store: &Store, key: &'static str) -> Result<Option<T>> {
    match store.setting(key).await? {
        Some(raw) => serde_json::from_str(&raw)
            .map(Some)
            .map_err(|e| IssueError::Setting {
                key,
                detail: e.to_string(),
            }),
        None => Ok(None),
    }
}

impl ComuneConfig {
    pub async fn load(store: &Store) -> Result<Self> {
        Ok(Self {
            name: text(store, keys::COMUNE_NAME, "Comune").await?,
            province: text(store, keys::COMUNE_PROVINCE, "").await?,
            ipa_code: text(store, keys::COMUNE_IPA, "c_demo").await?,
            address: text(store, keys::COMUNE_ADDRESS, "").await?,
            pec: text(store, keys::COMUNE_PEC, "").await?,
            fiscal_code: text(store, keys::COMUNE_FISCAL_CODE, "").await?,
            tar: text(store, keys::COMUNE_TAR, "TAR competente per territorio").await?,
            verification_url: store
                .setting(keys::COMUNE_VERIFICATION_URL)
                .await?
                .filter(|u| !u.trim().is_empty()),
            timestamp_url: store
                .setting(keys::TIMESTAMP_URL)
                .await?
                .filter(|u| !u.trim().is_empty()),
            coat_of_arms_png: store
                .setting(keys::COMUNE_COAT_OF_ARMS)
                .await?
                .and_then(|h| hex::decode(h.trim()).ok())
                .filter(|png| !png.is_empty()),
        })
    }

    /// The invented Comune of the demo data.
    pub fn demo() -> Self {
        Self {
            name: "Comune di Borgo Esempio".into(),
            province: "Pescara".into(),
            ipa_code: "c_demo".into(),
            address: "Piazza del Municipio, 1 - 65100 Borgo Esempio (PE)".into(),
            pec: "protocollo@pec.comune.borgoesempio.it".into(),
            fiscal_code: "80000000000".into(),
            tar: "TAR per l'Abruzzo".into(),
            verification_url: None,
            timestamp_url: None,
            coat_of_arms_png: None,
        }
    }

    pub async fn save(&self, store: &Store) -> Result<()> {
        for (key, value) in [
            (keys::COMUNE_NAME, &self.name),
            (keys::COMUNE_PROVINCE, &self.province),
            (keys::COMUNE_IPA, &self.ipa_code),
            (keys::COMUNE_ADDRESS, &self.address),
            (keys::COMUNE_PEC, &self.pec),
            (keys::COMUNE_FISCAL_CODE, &self.fiscal_code),
            (keys::COMUNE_TAR, &self.tar),
        ] {
            store.set_setting(key, value).await?;
        }
        Ok(())
    }
}

/// The amounts: €16 stamp duty, €0.52 / €0.26 fees unless configured otherwise; no kind free of bollo
/// unless the Comune lists it (`stamp_exempt_kinds`, e.g.
/// `[{"kind":"cittadinanza","legalBasis":"…"}]`).
pub async fn issuing_rules(store: &Store) -> Result<IssuingRules> {
    let defaults = IssuingRules::default();
    Ok(IssuingRules {
        stamp_duty_cents: cents(store, keys::STAMP_DUTY_CENTS, defaults.stamp_duty_cents).await?,
        fees: FeeSchedule {
            with_stamp_cents: cents(
                store,
                keys::FEE_WITH_STAMP_CENTS,
                defaults.fees.with_stamp_cents,
            )
            .await?,
            without_stamp_cents: cents(
                store,
                keys::FEE_WITHOUT_STAMP_CENTS,
                defaults.fees.without_stamp_cents,
            )
            .await?,
        },
        exempt_kinds: json::<Vec<KindExemption>>(store, keys::STAMP_EXEMPT_KINDS)
            .await?
            .unwrap_or_default(),
    })
}

/// How stamp duty on certificates in bollo is paid: virtually, when the Comune is authorised.
pub async fn stamp_payment(store: &Store) -> Result<Option<StampPayment>> {
    Ok(json::<VirtualStamp>(store, keys::VIRTUAL_STAMP)
        .await?
        .map(|v| StampPayment::Virtual {
            authority: v.authority,
            number: v.number,
            date: v.date,
        }))
}

/// The configured device; the demo seal when none is configured.
pub async fn device(store: &Store) -> Result<DeviceConfig> {
    Ok(json(store, keys::SIGNING_DEVICE)
        .await?
        .unwrap_or(DeviceConfig::Demo))
}

/// The demo Comune's identity and virtual stamp-duty authorisation, so demo certificates in bollo can
/// be issued (called after the demo data is loaded; the signing device stays the demo seal).
pub async fn load_demo(store: &Store) -> Result<()> {
    ComuneConfig::demo().save(store).await?;
    let stamp = VirtualStamp {
        authority: "Agenzia delle Entrate – Direzione provinciale di Pescara (DEMO)".into(),
        number: "12345/2020".into(),
        date: NaiveDate::from_ymd_opt(2020, 1, 15).unwrap_or_default(),
    };
    let json = serde_json::to_string(&stamp).map_err(|e| IssueError::Setting {
        key: keys::VIRTUAL_STAMP,
        detail: e.to_string(),
    })?;
    store.set_setting(keys::VIRTUAL_STAMP, &json).await?;
    Ok(())
}
