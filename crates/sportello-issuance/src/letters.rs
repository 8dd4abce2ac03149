//! The workflow's decision letters as PDF/A documents: the store asks for one inside the move's
//! transaction ([`LetterPrinter`]); the letter is sealed when the Comune works with the demo seal.
//! With a real device, letters stay unsigned PDF/A until the officer's own signature is wired in.

use std::sync::Arc;

use sportello_documents::{LateDecision, Letter, LetterKind, Recipient};
use sportello_domain::certificate::DocumentId;
use sportello_domain::workflow::ActionKind;
use sportello_sign::{DemoSeal, Signer};
use sportello_store::{LetterPrinter, LetterPurpose, LetterRequest, PrintError, Store};

use crate::config::{self, ComuneConfig, DeviceConfig};
use crate::device::demo_seal;
use crate::error::Result;
use crate::render::Renderer;

/// Days the citizen has to send what an integration request asks for.
const INTEGRATION_DAYS: u32 = 30;

/// Prints the letters of one Comune.
#[derive(Debug)]
pub struct LetterDesk {
    renderer: Arc<Renderer>,
    comune: ComuneConfig,
    seal: Option<DemoSeal>,
}

impl LetterDesk {
    /// Reads the Comune's identity and, with the demo device, its demo seal.
    pub async fn load(store: &Store, renderer: Arc<Renderer>) -> Result<Self> {
        let seal = match config::device(store).await? {
            DeviceConfig::Demo => Some(demo_seal(store).await?),
            _ => None,
        };
        Ok(Self {
            renderer,
            comune: ComuneConfig::load(store).await?,
            seal,
        })
    }
}

fn kind(request: &LetterRequest) -> Option<LetterKind> {
    let action = match &request.purpose {
        LetterPurpose::Decision(action) => *action,
        LetterPurpose::Receipt(terms) => {
            return Some(LetterKind::Receipt {
                term_days: terms.term_days,
                deadline: terms.deadline,
                silence_consent: terms.silence_consent,
                case_file: terms.case_file.clone(),
            })
        }
        LetterPurpose::StartNotice {
            term_days,
            deadline,
            silence_consent,
        } => {
            return Some(LetterKind::StartNotice {
                term_days: *term_days,
                deadline: *deadline,
                silence_consent: *silence_consent,
            })
        }
        LetterPurpose::SilenceConsent {
            term_days,
            last_day,
        } => {
            return Some(LetterKind::SilenceConsentAttestation {
                term_days: *term_days,
                last_day: *last_day,
            })
        }
    };
    Some(match action {
        ActionKind::Approve => LetterKind::Approval,
        ActionKind::RequestIntegration => LetterKind::IntegrationRequest {
            days: INTEGRATION_DAYS,
        },
        ActionKind::SendNotice => LetterKind::Notice10Bis,
        ActionKind::ConfirmRejection => LetterKind::Rejection {
            observations: request.observations.clone(),
            appeal_to_prefetto: request.appeal_to_prefetto,
        },
        ActionKind::Reject | ActionKind::RejectInadmissible => LetterKind::Rejection {
            observations: None,
            appeal_to_prefetto: request.appeal_to_prefetto,
        },
        ActionKind::Annul => LetterKind::Annulment {
            appeal_to_prefetto: request.appeal_to_prefetto,
        },
        _ => return None,
    })
}

impl LetterPrinter for LetterDesk {
    fn print(&self, request: &LetterRequest) -> std::result::Result<Vec<u8>, PrintError> {
        let kind =
            kind(request).ok_or_else(|| format!("no letter for {}", request.purpose.as_str()))?;
        let document_id = format!(
            "LET-{}-{:07}",
            request.protocol.year, request.protocol.number
        );
        let letter = Letter {
            kind,
            recipient: Recipient {
                name: request.recipient.clone(),
                fiscal_code: Some(request.fiscal_code.clone()),
                address: request.address.iter().cloned().collect(),
            },
            protocol: request.protocol,
            date: sportello_domain::clock::civil_date(request.at),
            subject: request.service.clone(),
            request_protocol: request.request_protocol,
            request_date: request.request_date,
            reasons: request.reasons.clone(),
            officer: request.officer.clone(),
            office: request.office.clone(),
            document_id: DocumentId::parse(&document_id)?,
            generated_at: request.at,
            demo: request.demo || self.seal.is_some(),
            late: request.late.map(|(term_days, days_taken)| LateDecision {
                term_days,
                days_taken,
            }),
            legal_basis: request.legal_basis.clone(),
            signed: self.seal.is_some(),
        };
        let identity = self.comune.identity()?;
        let pdf = self
            .renderer
            .documents()
            .render_letter(&letter, &identity)?;
        Ok(match &self.seal {
            Some(seal) => {
                self.renderer
                    .sign(&pdf, &self.comune, request.at, seal as &dyn Signer)?
            }
            None => pdf,
        })
    }
}
