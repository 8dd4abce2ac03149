//! The kinds of certificate (ANPR's Table 13) this Comune issues, and how long each is valid.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CertificateKind {
    Residenza,
    StatoDiFamiglia,
    StatoDiFamigliaConParentela,
    Nascita,
    Cittadinanza,
    EsistenzaInVita,
    StatoCivile,
    StatoLibero,
    /// Several kinds on one sheet.
    Contestuale,
}

impl CertificateKind {
    pub const ALL: [CertificateKind; 9] = [
        CertificateKind::Residenza,
        CertificateKind::StatoDiFamiglia,
        CertificateKind::StatoDiFamigliaConParentela,
        CertificateKind::Nascita,
        CertificateKind::Cittadinanza,
        CertificateKind::EsistenzaInVita,
        CertificateKind::StatoCivile,
        CertificateKind::StatoLibero,
        CertificateKind::Contestuale,
    ];

    /// The option label in the catalogue (`tipo_certificato`).
    pub fn label(self) -> &'static str {
        match self {
            CertificateKind::Residenza => "Residenza",
            CertificateKind::StatoDiFamiglia => "Stato di famiglia",
            CertificateKind::StatoDiFamigliaConParentela => {
                "Stato di famiglia con rapporti di parentela"
            }
            CertificateKind::Nascita => "Nascita",
            CertificateKind::Cittadinanza => "Cittadinanza",
            CertificateKind::EsistenzaInVita => "Esistenza in vita",
            CertificateKind::StatoCivile => "Stato civile",
            CertificateKind::StatoLibero => "Stato libero",
            CertificateKind::Contestuale => "Contestuale",
        }
    }

    /// Parses the catalogue's option label, ignoring case and surrounding blanks.
    pub fn from_label(label: &str) -> Option<Self> {
        let label = label.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.label().eq_ignore_ascii_case(label))
    }

    /// The title printed at the top of the certificate.
    pub fn title(self) -> &'static str {
        match self {
            CertificateKind::Residenza => "Certificato di residenza",
            CertificateKind::StatoDiFamiglia => "Certificato di stato di famiglia",
            CertificateKind::StatoDiFamigliaConParentela => {
                "Certificato di stato di famiglia con rapporti di parentela"
            }
            CertificateKind::Nascita => "Certificato di nascita",
            CertificateKind::Cittadinanza => "Certificato di cittadinanza",
            CertificateKind::EsistenzaInVita => "Certificato di esistenza in vita",
            CertificateKind::StatoCivile => "Certificato di stato civile",
            CertificateKind::StatoLibero => "Certificato di stato libero",
            CertificateKind::Contestuale => "Certificato contestuale",
        }
    }

    /// The kind's ID in ANPR's Table 13 (`tab_tipo_di_certificato`), `None` for a «contestuale»
    /// (several of them on one sheet). Every kind of the table is an *anagrafe* certificate, issued
    /// from the population register by the Ufficiale d'Anagrafe: code 1 «Anagrafico di nascita»
    /// included, so none is exempt from bollo as a stato civile certificate would be.
    pub fn anpr_code(self) -> Option<u8> {
        match self {
            CertificateKind::Nascita => Some(1),
            CertificateKind::Cittadinanza => Some(5),
            CertificateKind::EsistenzaInVita => Some(7),
            CertificateKind::Residenza => Some(8),
            CertificateKind::StatoCivile => Some(11),
            CertificateKind::StatoDiFamiglia => Some(12),
            CertificateKind::StatoDiFamigliaConParentela => Some(16),
            CertificateKind::StatoLibero => Some(17),
            CertificateKind::Contestuale => None,
        }
    }

    /// The request form's checkbox that asks for this kind on a «contestuale» (`None` for the
    /// contestuale itself).
    pub fn part_key(self) -> Option<&'static str> {
        match self {
            CertificateKind::Residenza => Some("contestuale_residenza"),
            CertificateKind::StatoDiFamiglia => Some("contestuale_stato_di_famiglia"),
            CertificateKind::StatoDiFamigliaConParentela => {
                Some("contestuale_stato_di_famiglia_parentela")
            }
            CertificateKind::Nascita => Some("contestuale_nascita"),
            CertificateKind::Cittadinanza => Some("contestuale_cittadinanza"),
            CertificateKind::EsistenzaInVita => Some("contestuale_esistenza_in_vita"),
            CertificateKind::StatoCivile => Some("contestuale_stato_civile"),
            CertificateKind::StatoLibero => Some("contestuale_stato_libero"),
            CertificateKind::Contestuale => None,
        }
    }

    pub fn lists_family(self) -> bool {
        matches!(
            self,
            CertificateKind::StatoDiFamiglia | CertificateKind::StatoDiFamigliaConParentela
        )
    }

    /// Art. 41: unlimited for facts that cannot change (birth), six months otherwise.
    pub fn validity(self) -> Validity {
        match self {
            CertificateKind::Nascita => Validity::Unlimited,
            _ => Validity::SixMonths,
        }
    }
}

/// How long a certificate is valid (DPR 445/2000 art. 41).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Validity {
    SixMonths,
    Unlimited,
}

impl Validity {
    /// The last day of validity: the same day six months later (the month's last day when that
    /// day does not exist), `None` when unlimited.
    pub fn valid_until(self, issued_on: NaiveDate) -> Option<NaiveDate> {
        match self {
            Validity::SixMonths => issued_on.checked_add_months(Months::new(6)),
            Validity::Unlimited => None,
        }
    }

    /// The sentence printed on the certificate.
    pub fn wording(self, issued_on: NaiveDate) -> String {
        match self.valid_until(issued_on) {
            Some(until) => format!(
                "Validità: sei mesi dalla data di rilascio (art. 41 D.P.R. 445/2000), fino al {}.",
                super::italian_date(until)
            ),
            None => "Validità illimitata: attesta fatti non soggetti a modificazioni \
                     (art. 41, comma 1, D.P.R. 445/2000)."
                .to_string(),
        }
    }
}
