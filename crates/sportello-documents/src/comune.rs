//! The issuing Comune's identity: configuration, never hard-coded.

use sportello_domain::certificate::IpaCode;

#[derive(Debug, Clone)]
pub struct ComuneIdentity {
    /// As printed after «Comune di», e.g. `Forlì`.
    pub name: String,
    /// e.g. `Forlì-Cesena`.
    pub province: String,
    pub ipa_code: IpaCode,
    /// e.g. `Piazza Aurelio Saffi 8, 47121 Forlì (FC)`.
    pub address: String,
    pub pec: String,
    /// The regional administrative court named in appeal terms, e.g. `TAR per l'Emilia-Romagna`.
    pub tar: String,
    /// Where the contrassegno can also be checked online, if the Comune publishes such a page.
    pub verification_url: Option<String>,
    /// Coat of arms as PNG bytes; printed at the top left when present.
    pub coat_of_arms_png: Option<Vec<u8>>,
}

impl ComuneIdentity {
    pub fn title(&self) -> String {
        format!("Comune di {}", self.name)
    }
}
