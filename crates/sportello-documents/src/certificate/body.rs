//! What each kind of certificate attests, from the register's data.

use genpdf::elements::{FrameCellDecorator, TableLayout};
use genpdf::style::Style;
use genpdf::{Element, Margins};
use sportello_domain::certificate::{
    italian_date, CertificateKind, FamilyMember, IssuableCertificate, Person, Sex,
};

use crate::layout::{fields, gap, para, GREY};
use crate::DocumentError;

pub fn push(doc: &mut genpdf::Document, cert: &IssuableCertificate) -> Result<(), DocumentError> {
    let person = cert.person();
    doc.push(para(
        "L'Ufficiale d'Anagrafe, viste le risultanze degli atti anagrafici, certifica che",
        Style::new(),
    ));
    doc.push(gap(0.5));
    doc.push(fields(&identity(person))?);
    for kind in cert.parts() {
        doc.push(gap(0.4));
        push_part(doc, *kind, cert)?;
    }
    Ok(())
}

fn identity(person: &Person) -> Vec<(&'static str, String)> {
    vec![
        ("Cognome e nome", person.full_name()),
        ("Codice fiscale", person.fiscal_code.to_string()),
        ("Sesso", person.sex.letter().to_string()),
        (
            "Nato/a",
            format!(
                "il {} a {}",
                italian_date(person.birth_date),
                person.birth_place
            ),
        ),
    ]
}

fn push_part(
    doc: &mut genpdf::Document,
    kind: CertificateKind,
    cert: &IssuableCertificate,
) -> Result<(), DocumentError> {
    let p = cert.person();
    let o = |m: &'static str, f: &'static str| if p.sex == Sex::Female { f } else { m };
    let sentence = match kind {
        CertificateKind::Residenza => format!(
            "è residente a {} in {} dal {}.",
            p.residence.comune,
            p.residence.address,
            italian_date(p.residence.since)
        ),
        CertificateKind::Cittadinanza => {
            format!("è in possesso della cittadinanza {}.", p.citizenship)
        }
        CertificateKind::EsistenzaInVita => {
            "è in vita alla data del presente certificato.".to_string()
        }
        CertificateKind::StatoCivile => {
            format!("è di stato civile: {}.", p.civil_status.label(p.sex))
        }
        CertificateKind::StatoLibero => format!(
            "è di stato libero ({}): non risulta legat{} da matrimonio né da unione civile.",
            p.civil_status.label(p.sex),
            o("o", "a")
        ),
        CertificateKind::Nascita => birth_sentence(p, o("nato", "nata")),
        CertificateKind::StatoDiFamiglia | CertificateKind::StatoDiFamigliaConParentela => {
            "fa parte della famiglia anagrafica così composta:".to_string()
        }
        CertificateKind::Contestuale => String::new(),
    };
    doc.push(para(
        &format!("{} – {}", kind.label(), sentence),
        Style::new(),
    ));
    if kind.lists_family() {
        doc.push(gap(0.4));
        doc.push(family_table(
            cert.family(),
            kind == CertificateKind::StatoDiFamigliaConParentela,
        )?);
    }
    Ok(())
}

fn birth_sentence(p: &Person, nato: &str) -> String {
    let act = p.birth_act.as_ref().map_or(String::new(), |a| {
        format!(
            " L'atto di nascita è iscritto nei registri del Comune di {}, anno {}, parte {}, serie {}, numero {}.",
            a.comune, a.year, a.part, a.series, a.number
        )
    });
    format!(
        "è {nato} a {} il {}.{act}",
        p.birth_place,
        italian_date(p.birth_date)
    )
}

fn family_table(members: &[FamilyMember], kinship: bool) -> Result<TableLayout, DocumentError> {
    let mut weights = vec![4, 4, 4];
    if kinship {
        weights.push(3);
    }
    let mut table = TableLayout::new(weights);
    table.set_cell_decorator(FrameCellDecorator::new(true, true, false));
    let head = Style::new().bold().with_font_size(9).with_color(GREY);
    let mut header = vec!["Cognome e nome", "Nascita", "Codice fiscale"];
    if kinship {
        header.push("Rapporto con l'intestatario");
    }
    let mut row = table.row();
    for h in header {
        row = row.element(para(h, head).padded(Margins::all(0.8)));
    }
    row.push().map_err(layout_error)?;
    let cell = Style::new().with_font_size(9);
    for m in members {
        let mut row = table
            .row()
            .element(para(&m.full_name(), cell.bold()).padded(Margins::all(0.8)))
            .element(
                para(
                    &format!("{} – {}", italian_date(m.birth_date), m.birth_place),
                    cell,
                )
                .padded(Margins::all(0.8)),
            )
            .element(para(m.fiscal_code.as_str(), cell).padded(Margins::all(0.8)));
        if kinship {
            row = row.element(para(&m.relation.label(m.sex), cell).padded(Margins::all(0.8)));
        }
        row.push().map_err(layout_error)?;
    }
    Ok(table)
}

fn layout_error(e: genpdf::error::Error) -> DocumentError {
    DocumentError::Layout(e.to_string())
}
