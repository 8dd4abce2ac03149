//! What sort of application the generator made, so tests can find each sort and assert on it.

/// The portal services the simulator offers, one per catalogue service. Slugs differ from the
/// catalogue's ids where a Comune's portal would name them differently: `portal-mappings.toml`
/// bridges them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortalService {
    pub slug: &'static str,
    pub id: &'static str,
    pub name: &'static str,
    /// The catalogue service it maps onto (`crates/sportello-domain/catalogue/*.toml`).
    pub catalogue: &'static str,
    /// Whether the service requires protocol: `assign` then needs a protocol number, and
    /// `accept`/`reject` stop at 6000/8000 until `register-outcome`.
    pub protocol_required: bool,
}

pub const SERVICES: [PortalService; 9] = [
    PortalService {
        slug: "certificato-anagrafico",
        id: "5756cd98-7fe6-4818-bad8-69a2c843b546",
        name: "Certificato anagrafico",
        catalogue: "certificato-anagrafico",
        protocol_required: false,
    },
    PortalService {
        slug: "contributo-affitto-2026",
        id: "1c0a7e52-3b1f-4d8e-9a51-2f7c0e6b8d11",
        name: "Contributo per il canone di locazione 2026",
        catalogue: "contributo-affitto",
        protocol_required: true,
    },
    PortalService {
        slug: "identificazione-cittadino",
        id: "2d1b8f63-4c20-4e9f-8b62-3a8d1f7c9e22",
        name: "Identificazione per l'account online",
        catalogue: "identificazione-account",
        protocol_required: false,
    },
    PortalService {
        slug: "iscrizione-mensa-trasporto",
        id: "3e2c9074-5d31-4fa0-9c73-4b9e2a8dae33",
        name: "Iscrizione a mensa e trasporto scolastico",
        catalogue: "iscrizione-servizi-scolastici",
        protocol_required: true,
    },
    PortalService {
        slug: "scia-attivita-produttive",
        id: "4f3da185-6e42-40b1-8d84-5caf3b9ebf44",
        name: "SUAP - Pratica per attività produttive",
        catalogue: "pratica-suap",
        protocol_required: true,
    },
    PortalService {
        slug: "prenotazione-appuntamenti",
        id: "50a4b296-7f53-41c2-9e95-6db04cafc055",
        name: "Prenota un appuntamento",
        catalogue: "prenotazione-appuntamento",
        protocol_required: false,
    },
    PortalService {
        slug: "segnalazione-disservizio",
        id: "61b5c3a7-8064-42d3-8fa6-7ec15db0d166",
        name: "Segnala un disservizio",
        catalogue: "segnalazione",
        protocol_required: false,
    },
    PortalService {
        slug: "domanda-asilo-nido",
        id: "72c6d4b8-9175-43e4-a0b7-8fd26ec1e277",
        name: "Domanda di ammissione all'asilo nido",
        catalogue: "iscrizione-nido",
        protocol_required: true,
    },
    PortalService {
        slug: "prenota-ritiro-buoni-spesa",
        id: "83d7e5c9-a286-44f5-b1c8-9ae37fd2f388",
        name: "Prenota il ritiro dei buoni spesa",
        catalogue: "ritiro-buoni-spesa",
        protocol_required: false,
    },
];

/// The service of a slug or an id.
pub fn service(slug_or_id: &str) -> Option<&'static PortalService> {
    SERVICES
        .iter()
        .find(|s| s.slug == slug_or_id || s.id == slug_or_id)
}

/// A readable, routable application that breaks one of its service's rules: the ingest takes it
/// and the officer sees the rule broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleBreak {
    /// `contributo-affitto` with a contract registration that expired before the base date.
    ExpiredRegistration,
    /// `iscrizione-servizi-scolastici` with a pupil's fiscal code whose check character is wrong.
    BadPupilFiscalCode,
}

impl RuleBreak {
    pub const ALL: [Self; 2] = [Self::ExpiredRegistration, Self::BadPupilFiscalCode];

    pub fn service(self) -> &'static PortalService {
        match self {
            Self::ExpiredRegistration => &SERVICES[1],
            Self::BadPupilFiscalCode => &SERVICES[3],
        }
    }
}

/// An application built to hurt: some cannot be routed (the mapping refuses them), the others
/// map but carry what the ingest must flag or neutralise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hostile {
    /// A service slug (and id) the Comune never configured. Mapping: `UnknownService`.
    UnknownService,
    /// `data` is a string or a list, not an object. Mapping: `DataNotAnObject`.
    DataNotAnObject,
    /// No applicant fiscal code at all. Mapping: `Missing { field: "fiscal code" }`.
    MissingFiscalCode,
    /// An applicant fiscal code with a wrong check character. Mapping: `FiscalCode`.
    InvalidFiscalCode,
    /// A 200 KB string in the applicant's address. Maps; the ingest must bound it.
    HugeField,
    /// Control characters (ESC, NUL, BEL) and U+202E (right-to-left override) in the applicant's
    /// names. Maps; the ingest must strip or refuse them.
    ControlCharacters,
    /// An attachment named `../../etc/passwd`. Maps; the ingest must never use it as a path.
    PathTraversal,
    /// An attachment declaring 1 GiB (`size`, and the download's `Content-Length`). Maps; the
    /// download must refuse it by its limit.
    HugeAttachment,
}

impl Hostile {
    pub const ALL: [Self; 8] = [
        Self::UnknownService,
        Self::DataNotAnObject,
        Self::MissingFiscalCode,
        Self::InvalidFiscalCode,
        Self::HugeField,
        Self::ControlCharacters,
        Self::PathTraversal,
        Self::HugeAttachment,
    ];

    /// Whether the field mapping itself refuses it (the rest are for the ingest to flag).
    pub fn unroutable(self) -> bool {
        matches!(
            self,
            Self::UnknownService
                | Self::DataNotAnObject
                | Self::MissingFiscalCode
                | Self::InvalidFiscalCode
        )
    }
}

/// What the generator meant an application to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Regular,
    RuleBreaking(RuleBreak),
    Hostile(Hostile),
}
