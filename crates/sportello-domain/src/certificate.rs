//! Certificates (DOMAIN.md §3): the kinds ANPR issues, the person and family they are about, the
//! declared use with its stamp-duty exemption, fees, validity (DPR 445/2000 art. 41), the art. 40
//! sentence, and [`check_issuable`], which blocks the same cases ANPR refuses. Pure data: rendering is
//! `sportello-documents`' job, storage the store's.

mod checks;
mod contrassegno;
mod kind;
mod person;
mod usage;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_anpr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use checks::check_issuable;
pub use contrassegno::{
    base64url_decode, base64url_encode, Contrassegno, ContrassegnoError, DocumentId, IpaCode,
};
pub use kind::{CertificateKind, Validity};
pub use person::{
    italian_date, BirthAct, Certifiability, CivilStatus, FamilyMember, Person, Relation, Residence,
    Sex,
};
pub use usage::{
    euro, DeclaredUse, ExemptionCode, FeeSchedule, StampDuty, StampPayment, UnknownUse, UsePurpose,
    MAX_EXEMPTION_TEXT,
};

use crate::error::AppError;
use crate::protocol::ProtocolNumber;

/// DPR 445/2000 art. 40 c.02, as amended by L. 183/2011: printed on every certificate, exactly.
pub const ART_40_SENTENCE: &str = "Il presente certificato non può essere prodotto agli organi della pubblica amministrazione o ai privati gestori di pubblici servizi";

/// The sentence for certificates issued for immigration procedures (D.Lgs. 286/1998), verbatim as
/// ANPR prints it (its checks on a certificate request); only on certificates exempt from bollo.
pub const ART_40_IMMIGRATION: &str =
    "CERTIFICATO RILASCIATO PER PROCEDIMENTI DISCIPLINATI DALLE NORME SULL'IMMIGRAZIONE";

/// The sentence for certificates issued for judicial use, verbatim as ANPR prints it; only on
/// certificates exempt from bollo.
pub const ART_40_JUDICIAL: &str =
    "AI SENSI DELL'ART. 40, D.P.R. 445/2000 IL PRESENTE CERTIFICATO E' RILASCIATO PER CAUSE GIUDIZIARIE";

/// What the citizen asked for, with the person's data from the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CertificateRequest {
    pub kind: CertificateKind,
    /// For a «contestuale»: the kinds printed on the one sheet (at least two).
    pub parts: Vec<CertificateKind>,
    pub person: Person,
    /// Every member of the family, head included, for «stato di famiglia».
    pub family: Vec<FamilyMember>,
    pub declared_use: DeclaredUse,
    pub payment: Option<StampPayment>,
}

/// The Comune's amounts, the stamp duty (€16) and the secretarial fees, and the kinds it issues free
/// of bollo whatever the use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IssuingRules {
    pub stamp_duty_cents: u32,
    pub fees: FeeSchedule,
    /// What Comuni settle differently (e.g. the certificato di cittadinanza): none by default, so every
    /// ANPR certificate is in bollo unless its declared use is exempt.
    pub exempt_kinds: Vec<KindExemption>,
}

impl Default for IssuingRules {
    fn default() -> Self {
        Self {
            stamp_duty_cents: 1600,
            fees: FeeSchedule::default(),
            exempt_kinds: Vec::new(),
        }
    }
}

/// A kind the Comune issues free of bollo, with the legal basis it prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KindExemption {
    pub kind: CertificateKind,
    pub legal_basis: String,
}

impl IssuingRules {
    /// The legal basis printed when every part is exempt by the Comune's setting (distinct bases
    /// joined), `None` when the certificate is in bollo.
    pub fn kind_exemption(&self, parts: &[CertificateKind]) -> Option<String> {
        let mut bases: Vec<&str> = Vec::new();
        for part in parts {
            let basis = self.exempt_kinds.iter().find(|e| e.kind == *part)?;
            if !bases.contains(&basis.legal_basis.as_str()) {
                bases.push(basis.legal_basis.as_str());
            }
        }
        (!bases.is_empty()).then(|| bases.join(" e "))
    }
}

/// Why a certificate cannot be issued, in the officer's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateBlock {
    #[error("{0} non è certificabile: {1}.")]
    NotCertifiable(String, String),
    #[error("Sulla posizione di {0} è aperto un procedimento ({1}): il certificato non può essere rilasciato fino alla sua conclusione.")]
    OpenProcedure(String, String),
    #[error("Un certificato contestuale deve comprendere almeno due certificati diversi.")]
    ContestualeParts,
    #[error("Lo stato di famiglia richiede l'elenco dei componenti con un solo intestatario della scheda.")]
    FamilyHead,
    #[error("{0} risulta {1}: il certificato di stato libero non può essere rilasciato.")]
    NotFree(String, String),
    #[error("Per l'esenzione «altro» (codice 99) il motivo dell'esenzione è obbligatorio.")]
    ExemptionTextMissing,
    #[error(
        "Il motivo dell'esenzione supera 256 caratteri, il massimo che ANPR accetta: abbreviarlo."
    )]
    ExemptionTextTooLong,
    #[error(
        "L'uso {0} richiede l'esenzione dall'imposta di bollo: indicare il codice di esenzione."
    )]
    SpecialUseNotExempt(&'static str),
    #[error("Il Comune rilascia questo certificato in esenzione dall'imposta di bollo: non va indicato alcun pagamento.")]
    ExemptKindPaid,
    #[error("L'importo dell'imposta di bollo è zero ma il certificato non è esente: verificare la configurazione.")]
    StampDutyZero,
    #[error("I diritti di segreteria sono zero ma il certificato non è esente: verificare la configurazione.")]
    FeesZero,
    #[error("Manca la prova del pagamento dell'imposta di bollo (marca, ricevuta pagoPA o autorizzazione al pagamento virtuale).")]
    StampNotPaid,
    #[error("L'identificativo della marca da bollo deve avere 14 cifre.")]
    MarcaId,
}

impl From<CertificateBlock> for AppError {
    fn from(block: CertificateBlock) -> Self {
        AppError::new(crate::ErrorCode::IllegalAction, block.to_string())
    }
}

/// A certificate that passed every check: only [`check_issuable`] makes one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuableCertificate {
    kind: CertificateKind,
    parts: Vec<CertificateKind>,
    person: Person,
    family: Vec<FamilyMember>,
    declared_use: DeclaredUse,
    stamp_duty: StampDuty,
    fees_cents: u32,
}

/// The registration data of an issued certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub issued_on: NaiveDate,
    pub protocol: ProtocolNumber,
    /// The issuing officer, as printed.
    pub officer: String,
    pub document_id: DocumentId,
}

impl IssuableCertificate {
    pub fn kind(&self) -> CertificateKind {
        self.kind
    }

    /// The kinds printed: the one kind, or the parts of a «contestuale».
    pub fn parts(&self) -> &[CertificateKind] {
        &self.parts
    }

    pub fn person(&self) -> &Person {
        &self.person
    }

    pub fn family(&self) -> &[FamilyMember] {
        &self.family
    }

    pub fn declared_use(&self) -> &DeclaredUse {
        &self.declared_use
    }

    pub fn stamp_duty(&self) -> &StampDuty {
        &self.stamp_duty
    }

    pub fn fees_cents(&self) -> u32 {
        self.fees_cents
    }

    /// Unlimited only when every fact printed cannot change.
    pub fn validity(&self) -> Validity {
        if self
            .parts
            .iter()
            .all(|k| k.validity() == Validity::Unlimited)
        {
            Validity::Unlimited
        } else {
            Validity::SixMonths
        }
    }

    /// The art. 40 sentence for this certificate's use.
    pub fn art_40_sentence(&self) -> &'static str {
        match self.declared_use.purpose {
            UsePurpose::Generic => ART_40_SENTENCE,
            UsePurpose::Immigration => ART_40_IMMIGRATION,
            UsePurpose::Judicial => ART_40_JUDICIAL,
        }
    }

    /// Everything printed, as one deterministic string: what the contrassegno's digest covers.
    pub fn canonical_content(&self, issue: &Issue) -> String {
        let value = serde_json::json!({
            "certificate": self,
            "issuedOn": issue.issued_on,
            "validUntil": self.validity().valid_until(issue.issued_on),
            "protocol": issue.protocol.to_string(),
            "officer": issue.officer,
            "documentId": issue.document_id,
            "art40": self.art_40_sentence(),
        });
        value.to_string()
    }

    /// The QR payload for this certificate, given the SHA-256 of [`Self::canonical_content`].
    pub fn contrassegno(&self, ipa_code: IpaCode, issue: &Issue, digest: [u8; 32]) -> Contrassegno {
        Contrassegno {
            ipa_code,
            document_id: issue.document_id.clone(),
            protocol: issue.protocol,
            issued_on: issue.issued_on,
            valid_until: self.validity().valid_until(issue.issued_on),
            digest,
        }
    }
}
