//! The kinds of certificate (ANPR's table) this Comune issues, and how long each is valid.

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

    /// Issued from the civil-status registers, hence exempt from stamp duty.
    pub fn is_stato_civile(self) -> bool {
        matches!(self, CertificateKind::Nascita)
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
