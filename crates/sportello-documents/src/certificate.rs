//! The certificate sheet: heading, title, the person's data and what each kind attests, the
//! family table, use and stamp duty, fees, the art. 40 sentence, validity, references, the
//! officer, and the QR contrassegno with its caption.

use chrono::{DateTime, Utc};
use genpdf::elements::{LinearLayout, TableLayout};
use genpdf::style::Style;
use genpdf::Element;
use sha2::{Digest, Sha256};
use sportello_domain::certificate::{
    euro, italian_date, CertificateKind, Contrassegno, IssuableCertificate, Issue,
};

use crate::fonts::Fonts;
use crate::layout::{self, centered, fields, gap, para, BLUE, GREY};
use crate::{pdfa, qr, ComuneIdentity, DocumentError};

mod body;

/// Everything printed on one certificate.
#[derive(Debug, Clone)]
pub struct CertificateDocument {
    pub certificate: IssuableCertificate,
    pub issue: Issue,
    /// When the PDF is produced (metadata dates).
    pub generated_at: DateTime<Utc>,
    /// Signed by the demo seal: every page says «DEMO — non valido».
    pub demo: bool,
}

impl CertificateDocument {
    /// The SHA-256 of the canonical content, which the contrassegno carries.
    pub fn digest(&self) -> [u8; 32] {
        Sha256::digest(self.certificate.canonical_content(&self.issue).as_bytes()).into()
    }

    pub fn contrassegno(&self, comune: &ComuneIdentity) -> Contrassegno {
        self.certificate
            .contrassegno(comune.ipa_code.clone(), &self.issue, self.digest())
    }

    pub(crate) fn title(&self) -> String {
        let kind = self.certificate.kind();
        if kind != CertificateKind::Contestuale {
            return kind.title().to_string();
        }
        let parts: Vec<String> = self
            .certificate
            .parts()
            .iter()
            .map(|k| k.label().to_lowercase())
            .collect();
        format!("{} ({})", kind.title(), parts.join(", "))
    }

    pub(crate) fn metadata(&self, comune: &ComuneIdentity) -> pdfa::Metadata {
        let person = self.certificate.person();
        pdfa::Metadata {
            title: format!("{} – {}", self.title(), person.full_name()),
            author: comune.title(),
            subject: format!(
                "Protocollo n. {} – documento {}",
                self.issue.protocol, self.issue.document_id
            ),
            created: self.generated_at,
        }
    }
}

pub fn render(
    fonts: &Fonts,
    document: &CertificateDocument,
    comune: &ComuneIdentity,
) -> Result<Vec<u8>, DocumentError> {
    let issue = &document.issue;
    let footer = format!(
        "{} – documento {} – protocollo n. {}",
        comune.title(),
        issue.document_id,
        issue.protocol
    );
    let title = document.title();
    let mut doc = layout::document(fonts, comune, &title, footer, document.demo)?;
    doc.push(centered(
        &title,
        Style::new().bold().with_font_size(15).with_color(BLUE),
    ));
    doc.push(gap(0.6));
    body::push(&mut doc, &document.certificate)?;
    doc.push(gap(0.6));
    push_conditions(&mut doc, document)?;
    doc.push(gap(0.6));
    doc.push(closing(document, comune)?);
    layout::finish(doc)
}

/// Use, stamp duty, fees, the art. 40 sentence and validity.
fn push_conditions(
    doc: &mut genpdf::Document,
    document: &CertificateDocument,
) -> Result<(), DocumentError> {
    let cert = &document.certificate;
    let usage = cert.declared_use();
    let use_text = match (usage.exemption, &usage.exemption_text) {
        (None, _) => "uso generico, in bollo".to_string(),
        (Some(code), Some(text)) => format!("{} ({text})", code.description()),
        (Some(code), None) => code.description().to_string(),
    };
    doc.push(fields(&[
        ("Uso dichiarato", use_text),
        ("Imposta di bollo", cert.stamp_duty().wording()),
        ("Diritti di segreteria", euro(cert.fees_cents())),
    ])?);
    doc.push(gap(0.5));
    doc.push(
        para(cert.art_40_sentence(), Style::new().bold())
            .padded(2)
            .framed(),
    );
    doc.push(gap(0.5));
    doc.push(para(
        &cert.validity().wording(document.issue.issued_on),
        Style::new(),
    ));
    Ok(())
}

/// Place and date, officer, references, and the QR code with its caption.
fn closing(
    document: &CertificateDocument,
    comune: &ComuneIdentity,
) -> Result<TableLayout, DocumentError> {
    let issue = &document.issue;
    let mut left = LinearLayout::vertical();
    left.push(para(
        &format!("{}, {}", comune.name, italian_date(issue.issued_on)),
        Style::new(),
    ));
    left.push(gap(0.5));
    // Every ANPR certificate (Table 13) is the population register's: birth included.
    left.push(para("L'Ufficiale d'Anagrafe", Style::new()));
    left.push(para(&issue.officer, Style::new().bold()));
    left.push(para(
        "Documento informatico firmato digitalmente ai sensi del D.Lgs. 82/2005 (CAD).",
        Style::new().with_font_size(8).with_color(GREY),
    ));
    left.push(gap(0.5));
    let small = Style::new().with_font_size(9);
    left.push(para(
        &format!(
            "Protocollo n. {} del {}",
            issue.protocol,
            italian_date(issue.issued_on)
        ),
        small,
    ));
    left.push(para(
        &format!("Identificativo del documento: {}", issue.document_id),
        small,
    ));
    let mut right = LinearLayout::vertical();
    right.push(
        qr::image(&document.contrassegno(comune).to_string(), 26.0)?
            .with_alignment(genpdf::Alignment::Center),
    );
    right.push(layout::lines(
        &caption(comune),
        Style::new().with_font_size(7).with_color(GREY),
    ));
    let mut table = TableLayout::new(vec![3, 2]);
    table
        .row()
        .element(left)
        .element(right)
        .push()
        .map_err(|e| DocumentError::Layout(e.to_string()))?;
    Ok(table)
}

fn caption(comune: &ComuneIdentity) -> String {
    let online = comune
        .verification_url
        .as_ref()
        .map_or(String::new(), |url| format!(" o su {url}"));
    format!(
        "Contrassegno elettronico (art. 23, comma 2-bis, D.Lgs. 82/2005). Chiunque può verificare \
         gratuitamente, per tutto il periodo di validità, che questa copia sia conforme al documento \
         informatico originale, presso il {}{online}.",
        comune.title()
    )
}
