//! The workflow's decision letters (L. 241/1990): approval, integration request, the art. 10-bis
//! notice with its 10-day observation term, and the final rejection with the appeal terms.

use chrono::{DateTime, NaiveDate, Utc};
use genpdf::style::Style;
use genpdf::Element;
use sportello_domain::certificate::{italian_date, DocumentId};
use sportello_domain::protocol::ProtocolNumber;

use crate::fonts::Fonts;
use crate::layout::{self, centered, gap, lines, para, BLUE, GREY};
use crate::{pdfa, ComuneIdentity, DocumentError};

/// Which decision the letter communicates.
/// What a 10-bis notice does to the clock, in the words of art. 10-bis L. 241/1990 as amended by
/// art. 12 D.L. 76/2020 («sospende», no longer «interrompe»; the term restarts ten days after the
/// observations). The clock computes the same (`clock::restart_day`).
pub const NOTICE_10BIS_SUSPENSION: &str = "La presente comunicazione sospende i termini di conclusione \
     del procedimento, che ricominciano a decorrere dieci giorni dopo la presentazione delle \
     osservazioni o, in mancanza delle stesse, dalla scadenza del termine di 10 giorni (art. 10-bis \
     L. 241/1990, come modificato dall'art. 12 D.L. 76/2020).";

/// The further remedy against an anagrafe decision: the appeal to the Prefetto within 30 days
/// (art. 36 D.P.R. 223/1989), besides the TAR.
pub const PREFETTO_APPEAL: &str = "Trattandosi di provvedimento in materia anagrafica, è ammesso \
     altresì ricorso al Prefetto entro 30 giorni (art. 36 D.P.R. 223/1989).";

/// What a decision taken after its term must state (art. 2 c.9-quinquies L. 241/1990): the term the
/// law set and the time actually taken (calendar days from receipt, suspensions excluded).
pub fn late_decision_sentence(term_days: u32, days_taken: i64) -> String {
    format!(
        "Il provvedimento è adottato oltre il termine: ai sensi dell'art. 2, comma 9-quinquies, L. \
         241/1990 si indica che il termine previsto per la conclusione del procedimento è di \
         {term_days} giorni e che il termine effettivamente impiegato è di {days_taken} giorni."
    )
}

/// The attestation of art. 20 c.2-bis L. 241/1990 (added by D.L. 76/2020): the terms ran out and
/// the request is accepted by silence; self-protection powers remain (art. 20 c.3).
pub fn silence_consent_attestation(term_days: u32, last_day: NaiveDate) -> [String; 2] {
    [
        format!(
            "Ai sensi dell'art. 20, comma 2-bis, L. 241/1990 si attesta che il termine di {term_days} \
             giorni per la conclusione del procedimento è decorso il {} senza che sia stato adottato \
             un provvedimento espresso o comunicato un provvedimento di diniego: l'istanza indicata \
             in oggetto è pertanto accolta per silenzio-assenso (art. 20, comma 1, L. 241/1990).",
            italian_date(last_day)
        ),
        "Resta salvo il potere dell'amministrazione di assumere determinazioni in via di autotutela \
         ai sensi degli artt. 21-quinquies e 21-nonies L. 241/1990 (art. 20, comma 3)."
            .into(),
    ]
}

/// What the citizen may do if the term passes with no decision: on a silence-consent service the
/// request is accepted (art. 20); otherwise the substitute official (art. 2 c.9-bis, who decides in
/// half the original term, c.9-ter) and the appeal against silence (artt. 31 and 117 c.p.a.).
pub fn if_nothing_happens(silence_consent: bool, comune: &ComuneIdentity) -> String {
    if silence_consent {
        "Se entro tale termine non è comunicato un provvedimento di diniego, la domanda si intende \
         accolta per silenzio-assenso (art. 20 L. 241/1990)."
            .into()
    } else {
        format!(
            "In caso di inerzia è possibile rivolgersi al titolare del potere sostitutivo (art. 2, \
             comma 9-bis, L. 241/1990), che conclude il procedimento entro la metà del termine \
             originario, e ricorrere al {} contro il silenzio (artt. 31 e 117 del codice del processo \
             amministrativo).",
            comune.tar
        )
    }
}

/// The remedies against a decision: the TAR within 60 days or the President of the Republic
/// within 120; for anagrafe decisions also the Prefetto within 30 ([`PREFETTO_APPEAL`]).
fn appeals(appeal_to_prefetto: bool, comune: &ComuneIdentity) -> String {
    let further = if appeal_to_prefetto {
        format!(" {PREFETTO_APPEAL}")
    } else {
        String::new()
    };
    format!(
        "Contro il presente provvedimento è ammesso ricorso al {} entro 60 giorni dalla \
         notificazione o dalla piena conoscenza, oppure ricorso straordinario al Presidente della \
         Repubblica entro 120 giorni.{further}",
        comune.tar
    )
}

/// What a late decision states (see [`late_decision_sentence`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateDecision {
    pub term_days: u32,
    pub days_taken: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterKind {
    Approval,
    /// Art. 2 c.7 and art. 6: missing information, the clock stops until the answer.
    IntegrationRequest {
        days: u32,
    },
    /// Art. 10-bis: the reasons against acceptance; 10 days for observations.
    Notice10Bis,
    /// The final rejection; `observations` says why the citizen's observations were not accepted.
    Rejection {
        observations: Option<String>,
        /// An anagrafe decision: the appeal to the Prefetto is printed too ([`PREFETTO_APPEAL`]).
        appeal_to_prefetto: bool,
    },
    /// Art. 18-bis L. 241/1990: the receipt of a submission, with the term within which the Comune
    /// must answer (or after which silence means consent, art. 20); with the office and the case
    /// file it is also the notice that the procedure has started (art. 8).
    Receipt {
        term_days: u32,
        deadline: NaiveDate,
        silence_consent: bool,
        case_file: String,
    },
    /// Art. 21-nonies L. 241/1990: the acceptance is annulled by the office itself.
    Annulment {
        appeal_to_prefetto: bool,
    },
    /// Artt. 7-8 L. 241/1990: the procedure has started; who is responsible, by when it must end,
    /// what to do if it does not, where to see the documents.
    StartNotice {
        term_days: u32,
        deadline: NaiveDate,
        silence_consent: bool,
    },
    /// Art. 20 c.2-bis: consent formed by silence when the term ended on `last_day`.
    SilenceConsentAttestation {
        term_days: u32,
        last_day: NaiveDate,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub name: String,
    pub fiscal_code: Option<String>,
    /// Postal or PEC address lines.
    pub address: Vec<String>,
}

/// One letter, with the references of the request it answers.
#[derive(Debug, Clone)]
pub struct Letter {
    pub kind: LetterKind,
    pub recipient: Recipient,
    /// The outgoing protocol number and date of this letter.
    pub protocol: ProtocolNumber,
    pub date: NaiveDate,
    /// The request answered, e.g. `Richiesta di certificato anagrafico`.
    pub subject: String,
    pub request_protocol: ProtocolNumber,
    pub request_date: NaiveDate,
    /// The officer's reasons (facts and legal grounds); may span several lines.
    pub reasons: String,
    /// The responsible officer (RdP) and their office.
    pub officer: String,
    pub office: String,
    pub document_id: DocumentId,
    pub generated_at: DateTime<Utc>,
    pub demo: bool,
    /// A decision taken after its term ([`late_decision_sentence`]).
    pub late: Option<LateDecision>,
    /// The law the service rests on (the catalogue's), printed after the reasons.
    pub legal_basis: Option<String>,
    /// Whether the PDF will carry a signature or seal: an unsigned letter never says it is signed.
    pub signed: bool,
}

impl LetterKind {
    pub fn title(&self) -> &'static str {
        match self {
            LetterKind::Approval => "Comunicazione di accoglimento dell'istanza",
            LetterKind::IntegrationRequest { .. } => "Richiesta di integrazione documentale",
            LetterKind::Notice10Bis => {
                "Comunicazione dei motivi ostativi ai sensi dell'art. 10-bis L. 241/1990"
            }
            LetterKind::Rejection { .. } => "Provvedimento di diniego dell'istanza",
            LetterKind::Receipt { .. } => {
                "Ricevuta di presentazione dell'istanza (art. 18-bis L. 241/1990)"
            }
            LetterKind::StartNotice { .. } => {
                "Comunicazione di avvio del procedimento (artt. 7 e 8 L. 241/1990)"
            }
            LetterKind::Annulment { .. } => {
                "Provvedimento di annullamento d'ufficio (art. 21-nonies L. 241/1990)"
            }
            LetterKind::SilenceConsentAttestation { .. } => {
                "Attestazione di accoglimento per silenzio-assenso (art. 20 L. 241/1990)"
            }
        }
    }
}

impl Letter {
    pub(crate) fn metadata(&self, comune: &ComuneIdentity) -> pdfa::Metadata {
        pdfa::Metadata {
            title: format!("{} – {}", self.kind.title(), self.subject),
            author: comune.title(),
            subject: format!(
                "Protocollo n. {} – documento {}",
                self.protocol, self.document_id
            ),
            created: self.generated_at,
        }
    }

    /// The paragraphs after the reasons: what happens next and what the citizen may do.
    fn consequences(&self, comune: &ComuneIdentity) -> Vec<String> {
        let mut out = self.kind_consequences(comune);
        if let Some(late) = self.late {
            out.insert(0, late_decision_sentence(late.term_days, late.days_taken));
        }
        out
    }

    fn kind_consequences(&self, comune: &ComuneIdentity) -> Vec<String> {
        match &self.kind {
            LetterKind::Approval => vec!["L'istanza è accolta per le ragioni sopra indicate.".into()],
            LetterKind::IntegrationRequest { days } => vec![format!(
                "Ai sensi dell'art. 2, comma 7, e dell'art. 6 L. 241/1990 si chiede di trasmettere quanto \
                 indicato entro {days} giorni dal ricevimento della presente. Il termine del procedimento \
                 resta sospeso fino alla ricezione delle integrazioni; in mancanza, l'istanza sarà \
                 esaminata sulla base degli atti disponibili."
            )],
            LetterKind::Notice10Bis => vec![
                "Ai sensi dell'art. 10-bis L. 241/1990, entro il termine di 10 giorni dal ricevimento della \
                 presente comunicazione Ella ha il diritto di presentare per iscritto le proprie \
                 osservazioni, eventualmente corredate da documenti."
                    .into(),
                NOTICE_10BIS_SUSPENSION.into(),
            ],
            LetterKind::Rejection {
                observations,
                appeal_to_prefetto,
            } => {
                let mut out = Vec::new();
                if let Some(obs) = observations {
                    out.push(format!("Osservazioni presentate dall'interessato: {obs}"));
                }
                out.push("Per le ragioni sopra indicate l'istanza è respinta.".into());
                out.push(appeals(*appeal_to_prefetto, comune));
                out
            }
            LetterKind::Annulment { appeal_to_prefetto } => vec![
                "Ritenuto, per le ragioni sopra indicate, che il provvedimento di accoglimento sia \
                 illegittimo e che sussistano ragioni di interesse pubblico al suo annullamento, tenuto \
                 conto degli interessi dei destinatari, il provvedimento è annullato d'ufficio ai sensi \
                 dell'art. 21-nonies L. 241/1990, entro dodici mesi dalla sua adozione."
                    .into(),
                appeals(*appeal_to_prefetto, comune),
            ],
            LetterKind::Receipt {
                term_days,
                deadline,
                silence_consent,
                case_file,
            } => {
                let mut out = vec![
                    format!(
                        "Si attesta che l'istanza indicata in oggetto è stata presentata il {} tramite il \
                         portale dei servizi online ed è stata registrata al protocollo con il numero \
                         indicato; è stato aperto il fascicolo n. {case_file}.",
                        italian_date(self.request_date)
                    ),
                    format!(
                        "Il procedimento è di competenza dell'ufficio {}; fino all'assegnazione il \
                         responsabile del procedimento è il responsabile dell'ufficio (art. 5, comma 2, \
                         L. 241/1990).",
                        self.office
                    ),
                    format!(
                        "Il procedimento deve concludersi entro {term_days} giorni dalla presentazione, \
                         cioè entro il {}, salvo le sospensioni previste dalla legge (artt. 2, comma 7, \
                         e 10-bis L. 241/1990).",
                        italian_date(*deadline)
                    ),
                ];
                out.push(if_nothing_happens(*silence_consent, comune));
                out.push(
                    "La presente ricevuta vale come comunicazione di avvio del procedimento (art. 18-bis, \
                     comma 1, e art. 8 L. 241/1990)."
                        .into(),
                );
                out
            }
            LetterKind::StartNotice {
                term_days,
                deadline,
                silence_consent,
            } => vec![
                format!(
                    "Ai sensi degli artt. 7 e 8 L. 241/1990 si comunica l'avvio del procedimento relativo \
                     all'istanza indicata in oggetto, presentata il {}.",
                    italian_date(self.request_date)
                ),
                format!(
                    "Responsabile del procedimento è {}, dell'ufficio {} (artt. 5 e 6 L. 241/1990), al \
                     quale è possibile rivolgersi per ogni informazione.",
                    self.officer, self.office
                ),
                format!(
                    "Il procedimento deve concludersi entro {term_days} giorni dalla presentazione, cioè \
                     entro il {}, salvo le sospensioni previste dalla legge (artt. 2, comma 7, e 10-bis L. \
                     241/1990).",
                    italian_date(*deadline)
                ),
                if_nothing_happens(*silence_consent, comune),
                format!(
                    "Gli atti del procedimento possono essere visionati presso l'ufficio {} negli orari di \
                     apertura al pubblico e sul portale dei servizi online (artt. 8, comma 2, lettera d, e \
                     10 L. 241/1990).",
                    self.office
                ),
            ],
            LetterKind::SilenceConsentAttestation {
                term_days,
                last_day,
            } => silence_consent_attestation(*term_days, *last_day).into(),
        }
    }
}

pub fn render(
    fonts: &Fonts,
    letter: &Letter,
    comune: &ComuneIdentity,
) -> Result<Vec<u8>, DocumentError> {
    let footer = format!(
        "{} – documento {} – protocollo n. {}",
        comune.title(),
        letter.document_id,
        letter.protocol
    );
    let mut doc = layout::document(fonts, comune, letter.kind.title(), footer, letter.demo)?;
    let small = Style::new().with_font_size(9);
    doc.push(para(
        &format!(
            "Protocollo n. {} del {}",
            letter.protocol,
            italian_date(letter.date)
        ),
        small,
    ));
    doc.push(gap(1.0));
    let r = &letter.recipient;
    let mut to = vec![format!("Gentile {}", r.name)];
    to.extend(
        r.fiscal_code
            .iter()
            .map(|cf| format!("Codice fiscale {cf}")),
    );
    to.extend(r.address.iter().cloned());
    doc.push(lines(&to.join("\n"), Style::new()).padded(genpdf::Margins::trbl(0, 0, 0, 95)));
    doc.push(gap(1.0));
    let object = format!(
        "Oggetto: {} – {}, protocollo n. {} del {}.",
        letter.kind.title(),
        letter.subject,
        letter.request_protocol,
        italian_date(letter.request_date)
    );
    doc.push(para(&object, Style::new().bold()));
    doc.push(gap(1.0));
    doc.push(centered(
        letter.kind.title(),
        Style::new().bold().with_font_size(13).with_color(BLUE),
    ));
    doc.push(gap(0.8));
    if !letter.reasons.trim().is_empty() {
        doc.push(para("Motivazione:", Style::new().bold()));
        doc.push(lines(&letter.reasons, Style::new()));
    }
    if let Some(basis) = letter
        .legal_basis
        .as_deref()
        .filter(|b| !b.trim().is_empty())
    {
        doc.push(gap(0.4));
        doc.push(para(
            &format!("Normativa di riferimento: {basis}."),
            Style::new().with_font_size(9),
        ));
    }
    for text in letter.consequences(comune) {
        doc.push(gap(0.6));
        doc.push(para(&text, Style::new()));
    }
    doc.push(gap(1.5));
    doc.push(para(
        &format!("{}, {}", comune.name, italian_date(letter.date)),
        Style::new(),
    ));
    doc.push(para(
        &format!("Il responsabile del procedimento – {}", letter.office),
        Style::new(),
    ));
    doc.push(para(&letter.officer, Style::new().bold()));
    if letter.signed {
        doc.push(para(
            "Documento informatico firmato digitalmente ai sensi del D.Lgs. 82/2005 (CAD).",
            Style::new().with_font_size(8).with_color(GREY),
        ));
    }
    doc.push(para(
        &format!("Identificativo del documento: {}", letter.document_id),
        small,
    ));
    layout::finish(doc)
}
