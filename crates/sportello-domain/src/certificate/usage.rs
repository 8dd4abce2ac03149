//! The use the citizen declares, the stamp-duty exemption it may carry (ANPR codes 1-10 and 99), how
//! the stamp duty was paid, and the secretarial fees.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::person::italian_date;

/// ANPR's stamp-duty exemption codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ExemptionCode {
    Onlus,
    SportsClub,
    CourtProceedings,
    CourtExpert,
    Guardianship,
    Adoption,
    SeparationDivorce,
    StreetRenaming,
    ForeignPension,
    PublicAdministrations,
    Other,
}

impl ExemptionCode {
    pub const ALL: [ExemptionCode; 11] = [
        ExemptionCode::Onlus,
        ExemptionCode::SportsClub,
        ExemptionCode::CourtProceedings,
        ExemptionCode::CourtExpert,
        ExemptionCode::Guardianship,
        ExemptionCode::Adoption,
        ExemptionCode::SeparationDivorce,
        ExemptionCode::StreetRenaming,
        ExemptionCode::ForeignPension,
        ExemptionCode::PublicAdministrations,
        ExemptionCode::Other,
    ];

    /// The number in ANPR's table.
    pub fn number(self) -> u8 {
        match self {
            ExemptionCode::Other => 99,
            other => Self::ALL
                .iter()
                .position(|c| *c == other)
                .map_or(0, |i| i as u8 + 1),
        }
    }

    /// What the exemption is for, in Italian.
    pub fn description(self) -> &'static str {
        match self {
            ExemptionCode::Onlus => "ONLUS",
            ExemptionCode::SportsClub => "società sportive",
            ExemptionCode::CourtProceedings => "procedimento giudiziario",
            ExemptionCode::CourtExpert => "consulente tecnico d'ufficio o curatore fallimentare",
            ExemptionCode::Guardianship => "tutela o amministrazione di sostegno",
            ExemptionCode::Adoption => "adozione o affidamento di minori",
            ExemptionCode::SeparationDivorce => "separazione o divorzio",
            ExemptionCode::StreetRenaming => "variazione di toponomastica o numerazione civica",
            ExemptionCode::ForeignPension => "pensione estera",
            ExemptionCode::PublicAdministrations => "scambio tra pubbliche amministrazioni",
            ExemptionCode::Other => "altro",
        }
    }

    /// The legal basis printed on the certificate, as ANPR's Table 39 (`tab_esenzione_bollo`) writes
    /// it after the exemption's name; the officer may not edit it.
    pub fn legal_basis(self) -> &'static str {
        match self {
            ExemptionCode::Onlus => "art. 27 bis, tabella allegato B) DPR 642/1972",
            ExemptionCode::SportsClub => "art. 8 bis, tabella allegato B) DPR 642/1972",
            ExemptionCode::CourtProceedings => {
                "art. 18 DPR 30.5.2002, n. 115 e Circ. Agenzia delle entrate, 14.8.2002, n. 70/E"
            }
            ExemptionCode::CourtExpert | ExemptionCode::PublicAdministrations => {
                "art. 16, tabella allegato B) DPR 642/1972"
            }
            ExemptionCode::Guardianship => {
                "art. 13, tabella allegato B) DPR 642/72 e Circ. MIN. GIUST. prot. M-DG. DAG del 5 febbraio 2007.14803.U"
            }
            ExemptionCode::Adoption => {
                "art. 13, tabella allegato B) DPR 642/1972 e art. 82 L. 184/1983"
            }
            ExemptionCode::SeparationDivorce => "art. 19 della legge 74/1987",
            ExemptionCode::StreetRenaming => "art. 16 co. 8, della L. 537/1993",
            ExemptionCode::ForeignPension => "art. 9, tabella allegato B) DPR 642/1972",
            ExemptionCode::Other => "D.P.R. 642/1972",
        }
    }

    /// Whether the exemption also waives the secretarial fees: Table 39 marks codes 4, 6, 7 and 10
    /// «ESENZIONE DIRITTO DI SEGRETERIA: SI».
    pub fn waives_secretarial_fees(self) -> bool {
        matches!(
            self,
            ExemptionCode::CourtExpert
                | ExemptionCode::Adoption
                | ExemptionCode::SeparationDivorce
                | ExemptionCode::PublicAdministrations
        )
    }
}

/// The longest exemption text ANPR accepts (its checks on a certificate request).
pub const MAX_EXEMPTION_TEXT: usize = 256;

/// Why the certificate is wanted, when it changes the art. 40 sentence (immigration, judicial use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum UsePurpose {
    Generic,
    Immigration,
    Judicial,
}

/// The declared use: a purpose and, unless in bollo, an exemption (code 99 needs the citizen's text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeclaredUse {
    pub purpose: UsePurpose,
    pub exemption: Option<ExemptionCode>,
    /// The citizen's reason, mandatory for code 99.
    pub exemption_text: Option<String>,
}

/// A «uso» label the catalogue does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Uso dichiarato non riconosciuto: «{0}».")]
pub struct UnknownUse(pub String);

impl DeclaredUse {
    pub fn in_bollo() -> Self {
        Self {
            purpose: UsePurpose::Generic,
            exemption: None,
            exemption_text: None,
        }
    }

    pub fn exempt(code: ExemptionCode) -> Self {
        let purpose = match code {
            ExemptionCode::CourtProceedings => UsePurpose::Judicial,
            _ => UsePurpose::Generic,
        };
        Self {
            purpose,
            exemption: Some(code),
            exemption_text: None,
        }
    }

    /// Parses the catalogue's «uso» option label; `text` is the «motivo dell'esenzione» field.
    pub fn from_catalogue(label: &str, text: Option<&str>) -> Result<Self, UnknownUse> {
        let label = label.trim();
        let text = text
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from);
        let base = match label {
            "Uso generico (in bollo)" => Self::in_bollo(),
            "Uso immigrazione" => Self::special(UsePurpose::Immigration, None),
            "Uso giudiziario" => Self::special(UsePurpose::Judicial, None),
            _ => {
                let what = label
                    .strip_prefix("Esenzione:")
                    .map(str::trim)
                    .ok_or_else(|| UnknownUse(label.to_string()))?;
                let code = ExemptionCode::ALL
                    .into_iter()
                    .find(|c| catalogue_word(*c) == what)
                    .ok_or_else(|| UnknownUse(label.to_string()))?;
                Self::exempt(code)
            }
        };
        Ok(Self {
            exemption_text: text.filter(|_| base.exemption == Some(ExemptionCode::Other)),
            ..base
        })
    }

    fn special(purpose: UsePurpose, exemption: Option<ExemptionCode>) -> Self {
        Self {
            purpose,
            exemption,
            exemption_text: None,
        }
    }
}

/// The words after «Esenzione:» in the catalogue's options.
fn catalogue_word(code: ExemptionCode) -> &'static str {
    match code {
        ExemptionCode::Onlus => "ONLUS",
        ExemptionCode::SportsClub => "società sportive",
        ExemptionCode::CourtProceedings => "procedimento giudiziario",
        ExemptionCode::CourtExpert => "consulente tecnico o curatore fallimentare",
        ExemptionCode::Guardianship => "tutela o amministrazione di sostegno",
        ExemptionCode::Adoption => "adozione o affidamento",
        ExemptionCode::SeparationDivorce => "separazione o divorzio",
        ExemptionCode::StreetRenaming => "toponomastica",
        ExemptionCode::ForeignPension => "pensione estera",
        ExemptionCode::PublicAdministrations => "scambio tra pubbliche amministrazioni",
        ExemptionCode::Other => "altro",
    }
}

/// How the €16 stamp duty was paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "method", rename_all = "camelCase")]
#[ts(export)]
pub enum StampPayment {
    /// A «marca da bollo»: its 14-digit identifier and date.
    #[serde(rename_all = "camelCase")]
    Marca { id: String, date: NaiveDate },
    /// A pagoPA receipt (IUR or notice number).
    #[serde(rename_all = "camelCase")]
    PagoPa { receipt: String, date: NaiveDate },
    /// Virtual payment authorised by the revenue office.
    #[serde(rename_all = "camelCase")]
    Virtual {
        authority: String,
        number: String,
        date: NaiveDate,
    },
}

/// The stamp duty as printed: paid, or exempt with its legal basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum StampDuty {
    Paid {
        payment: StampPayment,
        #[ts(type = "number")]
        amount_cents: u32,
    },
    #[serde(rename_all = "camelCase")]
    Exempt {
        /// `None` for a kind the Comune issues free of bollo whatever the use (its setting).
        code: Option<ExemptionCode>,
        legal_basis: String,
        text: Option<String>,
    },
}

impl StampDuty {
    pub fn is_exempt(&self) -> bool {
        matches!(self, StampDuty::Exempt { .. })
    }

    /// The sentence printed on the certificate.
    pub fn wording(&self) -> String {
        match self {
            StampDuty::Paid {
                payment,
                amount_cents,
            } => {
                let amount = euro(*amount_cents);
                match payment {
                    StampPayment::Marca { id, date } => format!(
                        "Imposta di bollo di {amount} assolta con marca da bollo n. {id} del {}",
                        italian_date(*date)
                    ),
                    StampPayment::PagoPa { receipt, date } => format!(
                        "Imposta di bollo di {amount} assolta tramite pagoPA, ricevuta n. {receipt} del {}",
                        italian_date(*date)
                    ),
                    StampPayment::Virtual { authority, number, date } => format!(
                        "Imposta di bollo assolta in modo virtuale – Autorizzazione {authority} n. {number} del {}",
                        italian_date(*date)
                    ),
                }
            }
            StampDuty::Exempt {
                code,
                legal_basis,
                text,
            } => {
                let code = code.map_or(String::new(), |c| format!(" (codice {})", c.number()));
                let text = text.as_ref().map_or(String::new(), |t| format!(": {t}"));
                format!("Esente dall'imposta di bollo{code} ai sensi dell'{legal_basis}{text}")
            }
        }
    }
}

/// Secretarial fees in cents (configurable per Comune).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FeeSchedule {
    pub with_stamp_cents: u32,
    pub without_stamp_cents: u32,
}

impl Default for FeeSchedule {
    fn default() -> Self {
        Self {
            with_stamp_cents: 52,
            without_stamp_cents: 26,
        }
    }
}

/// `€ 0,52`.
pub fn euro(cents: u32) -> String {
    format!("€ {},{:02}", cents / 100, cents % 100)
}
