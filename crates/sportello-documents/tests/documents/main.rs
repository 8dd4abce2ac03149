//! Renders every certificate kind and every letter, and reads them back with independent tools.

mod fixtures;
mod tools;

use std::sync::OnceLock;

use fixtures::*;
use sportello_documents::pdfa::rules::violations;
use sportello_documents::{Documents, LetterKind};
use sportello_domain::certificate::{
    CertificateKind, Contrassegno, DeclaredUse, ExemptionCode, ART_40_SENTENCE,
};

fn documents() -> &'static Documents {
    static DOCS: OnceLock<Documents> = OnceLock::new();
    DOCS.get_or_init(|| Documents::new().expect("fonts"))
}

fn file_name(kind: CertificateKind) -> String {
    kind.label().to_lowercase().replace(' ', "-")
}

#[test]
fn every_kind_renders_as_pdfa_a_citizen_can_read() {
    for kind in CertificateKind::ALL {
        let doc = document(&request(kind), false);
        let pdf = documents()
            .render_certificate(&doc, &forli())
            .expect("render");
        assert_eq!(violations(&pdf), Vec::<String>::new(), "{kind:?}");
        let path = tools::scratch(&file_name(kind), &pdf);
        tools::qpdf_check(&path);
        let text = tools::joined(&tools::text(&path, None));
        assert!(
            text.contains(ART_40_SENTENCE),
            "{kind:?}: art. 40 sentence missing in {text}"
        );
        for expected in [
            "Comune di Forlì",
            "Provincia di Forlì-Cesena",
            "Rossi Mario Niccolò",
            "RSSMRA85T10A562S",
            "Validità",
            "Diritti di segreteria",
            "2026/0004321",
            "CERT-2026-0004321",
            "Anna Maria Bertè",
            "16/03/2026",
        ] {
            assert!(
                text.contains(expected),
                "{kind:?}: «{expected}» missing in {text}"
            );
        }
        assert!(!text.contains("DEMO"), "{kind:?}");
        assert_eq!(
            tools::pages(&path),
            1,
            "{kind:?} with a four-member family fits one sheet"
        );
        tools::png(&path, &file_name(kind));
    }
}

#[test]
fn each_kind_prints_what_it_attests() {
    let cases = [
        (CertificateKind::Residenza, vec!["è residente a Forlì (FC) in Corso della Repubblica 10 dal 01/04/2010", "€ 16,00", "01234567890123", "€ 0,52", "fino al 16/09/2026"]),
        (CertificateKind::Nascita, vec!["anno 1985, parte I, serie A, numero 1234", "€ 16,00", "€ 0,52", "Validità illimitata", "Ufficiale d'Anagrafe"]),
        (CertificateKind::StatoDiFamigliaConParentela, vec!["Rapporto con l'intestatario", "Rossi Giosuè", "Rossi Zoë", "figlia", "convivente", "intestatario scheda"]),
        (CertificateKind::StatoLibero, vec!["è di stato libero (celibe)"]),
        (CertificateKind::Contestuale, vec!["Certificato contestuale (residenza, cittadinanza, stato di famiglia con rapporti di parentela)", "cittadinanza italiana", "Bianchi Lucia"]),
    ];
    for (kind, expected) in cases {
        let pdf = documents()
            .render_certificate(&document(&request(kind), false), &forli())
            .expect("render");
        let text = tools::joined(&tools::text(
            &tools::scratch(&format!("attests-{}", file_name(kind)), &pdf),
            None,
        ));
        for e in expected {
            assert!(text.contains(e), "{kind:?}: «{e}» missing in {text}");
        }
    }
    let plain = documents()
        .render_certificate(
            &document(&request(CertificateKind::StatoDiFamiglia), false),
            &forli(),
        )
        .expect("render");
    let text = tools::text(&tools::scratch("famiglia-senza-parentela", &plain), None);
    assert!(
        !text.contains("Rapporto con l'intestatario") && !text.contains("convivente"),
        "{text}"
    );
}

#[test]
fn exemptions_print_code_and_legal_basis_and_special_uses_their_sentence() {
    let mut r = request(CertificateKind::Residenza);
    r.payment = None;
    r.declared_use = DeclaredUse::exempt(ExemptionCode::CourtProceedings);
    let pdf = documents()
        .render_certificate(&document(&r, false), &forli())
        .expect("render");
    let text = tools::joined(&tools::text(
        &tools::scratch("esente-giudiziario", &pdf),
        None,
    ));
    assert!(
        text.contains(
            "Esente dall'imposta di bollo (codice 3) ai sensi dell'art. 18 DPR 30.5.2002, n. 115 e \
             Circ. Agenzia delle entrate, 14.8.2002, n. 70/E"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "AI SENSI DELL'ART. 40, D.P.R. 445/2000 IL PRESENTE CERTIFICATO E' RILASCIATO PER CAUSE GIUDIZIARIE"
        ),
        "{text}"
    );
    assert!(
        !text.contains(ART_40_SENTENCE),
        "the judicial variant replaces the ordinary sentence"
    );
}

#[test]
fn every_letter_renders_with_its_terms() {
    for (name, kind) in all_letters() {
        let pdf = documents()
            .render_letter(&letter(kind.clone()), &forli())
            .expect("render");
        assert_eq!(violations(&pdf), Vec::<String>::new(), "{name}");
        let path = tools::scratch(&format!("lettera-{name}"), &pdf);
        tools::qpdf_check(&path);
        let text = tools::joined(&tools::text(&path, None));
        let expected: Vec<&str> = match kind {
            LetterKind::Approval => vec!["Comunicazione di accoglimento", "è accolta"],
            LetterKind::IntegrationRequest { .. } => vec!["entro 30 giorni", "art. 2, comma 7"],
            LetterKind::Notice10Bis => vec![
                "Comunicazione dei motivi ostativi ai sensi dell'art. 10-bis L. 241/1990",
                "entro il termine di 10 giorni",
                // DL 76/2020: the term is suspended and restarts ten days after the observations.
                "sospende i termini di conclusione del procedimento, che ricominciano a decorrere \
                 dieci giorni dopo la presentazione delle osservazioni",
            ],
            LetterKind::Rejection { .. } => vec![
                "TAR per l'Emilia-Romagna entro 60 giorni",
                "Presidente della Repubblica entro 120 giorni",
                "ricorso al Prefetto entro 30 giorni (art. 36 D.P.R. 223/1989)",
                "Il richiedente dichiara",
            ],
            LetterKind::Receipt { .. } => vec![
                "Ricevuta di presentazione dell'istanza (art. 18-bis L. 241/1990)",
                "fascicolo n. 2026/000123",
                "entro 30 giorni dalla presentazione, cioè entro il 02/04/2026",
                "silenzio-assenso (art. 20 L. 241/1990)",
                "comunicazione di avvio del procedimento",
            ],
            // Artt. 7-8 L. 241/1990: office and person responsible, the term, remedies, the documents.
            LetterKind::StartNotice { .. } => vec![
                "Comunicazione di avvio del procedimento (artt. 7 e 8 L. 241/1990)",
                "Responsabile del procedimento è Anna Maria Bertè, dell'ufficio Servizi demografici",
                "entro 30 giorni dalla presentazione, cioè entro il 02/04/2026",
                "titolare del potere sostitutivo (art. 2, comma 9-bis, L. 241/1990)",
                "ricorrere al TAR per l'Emilia-Romagna contro il silenzio",
                "possono essere visionati presso l'ufficio Servizi demografici",
            ],
            // Art. 21-nonies L. 241/1990 (twelve months since D.L. 77/2021).
            LetterKind::Annulment { .. } => vec![
                "Provvedimento di annullamento d'ufficio (art. 21-nonies L. 241/1990)",
                "è annullato d'ufficio ai sensi dell'art. 21-nonies L. 241/1990, entro dodici mesi",
                "TAR per l'Emilia-Romagna entro 60 giorni",
            ],
            // Art. 20 c.2-bis (D.L. 76/2020) and c.3.
            LetterKind::SilenceConsentAttestation { .. } => vec![
                "Attestazione di accoglimento per silenzio-assenso",
                "Ai sensi dell'art. 20, comma 2-bis, L. 241/1990 si attesta che il termine di 30 giorni \
                 per la conclusione del procedimento è decorso il 01/04/2026",
                "è pertanto accolta per silenzio-assenso",
                "autotutela ai sensi degli artt. 21-quinquies e 21-nonies",
            ],
        };
        for e in expected.into_iter().chain([
            "Gentile Mario Niccolò Rossi",
            "2026/0004100",
            "non è possibile rilasciare",
            "LET-2026-0005000",
            "Normativa di riferimento: D.P.R. 223/1989 (regolamento anagrafico), art. 33.",
        ]) {
            assert!(text.contains(e), "{name}: «{e}» missing in {text}");
        }
        tools::png(&path, &format!("lettera-{name}"));
    }
}

/// Art. 2 c.9-quinquies L. 241/1990: a decision taken late states the legal term and the time
/// actually taken; and a letter that will not be signed does not claim to be.
#[test]
fn a_late_decision_states_the_legal_term_and_the_days_taken_and_an_unsigned_letter_claims_no_signature(
) {
    let mut late = letter(LetterKind::Approval);
    late.late = Some(sportello_documents::LateDecision {
        term_days: 30,
        days_taken: 47,
    });
    late.signed = false;
    let pdf = documents().render_letter(&late, &forli()).expect("render");
    let path = tools::scratch("lettera-tardiva", &pdf);
    let text = tools::joined(&tools::text(&path, None));
    assert!(
        text.contains(
            "ai sensi dell'art. 2, comma 9-quinquies, L. 241/1990 si indica che il termine previsto \
             per la conclusione del procedimento è di 30 giorni e che il termine effettivamente \
             impiegato è di 47 giorni"
        ),
        "{text}"
    );
    assert!(!text.contains("firmato digitalmente"), "{text}");
    let on_time = letter(LetterKind::Approval);
    let pdf = documents()
        .render_letter(&on_time, &forli())
        .expect("render");
    let text = tools::joined(&tools::text(
        &tools::scratch("lettera-in-termine", &pdf),
        None,
    ));
    assert!(!text.contains("9-quinquies"), "{text}");
    assert!(text.contains("firmato digitalmente"), "{text}");
}

#[test]
fn demo_documents_say_so_on_every_page() {
    let mut r = request(CertificateKind::StatoDiFamigliaConParentela);
    r.family = family(40);
    let pdf = documents()
        .render_certificate(&document(&r, true), &forli())
        .expect("render");
    assert_eq!(violations(&pdf), Vec::<String>::new());
    let path = tools::scratch("demo-lungo", &pdf);
    tools::qpdf_check(&path);
    let pages = tools::pages(&path);
    assert!(
        pages >= 2,
        "the long family should take several pages, got {pages}"
    );
    for page in 1..=pages {
        let text = tools::text(&path, Some(page));
        assert!(
            text.matches("DEMO — non valido").count() >= 2,
            "page {page}: {text}"
        );
    }
    tools::png(&path, "demo-stato-di-famiglia");
}

#[test]
fn the_qr_code_carries_the_contrassegno() {
    let doc = document(&request(CertificateKind::Residenza), false);
    let payload = doc.contrassegno(&forli()).to_string();
    let parsed = Contrassegno::parse(&payload).expect("parse");
    assert_eq!(parsed.digest, doc.digest());
    assert_eq!(parsed.valid_until, Some(date(2026, 9, 16)));
    let pdf = documents()
        .render_certificate(&doc, &forli())
        .expect("render");
    let expected = sportello_documents::qr::modules(&payload).expect("qr");
    let pdf_doc = lopdf::Document::load_mem(&pdf).expect("load");
    let found = pdf_doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .any(|s| {
            s.dict.get(b"Width").and_then(lopdf::Object::as_i64).ok()
                == Some(i64::from(expected.width()))
                && s.decompressed_content()
                    .unwrap_or_else(|_| s.content.clone())
                    == expected.as_raw().as_slice()
        });
    assert!(found, "no image in the PDF holds the QR code of {payload}");
}

#[test]
fn raw_genpdf_output_is_not_pdfa_and_the_checker_says_why() {
    let doc = document(&request(CertificateKind::Residenza), false);
    let raw = documents()
        .render_certificate_raw(&doc, &forli())
        .expect("render");
    let found = violations(&raw).join("\n");
    for rule in [
        "not embedded",
        "no /Metadata",
        "no OutputIntents",
        "interpolated image",
        "no /Name",
        "binary comment",
    ] {
        assert!(
            found.contains(rule),
            "expected a violation about «{rule}» in:\n{found}"
        );
    }
}

#[test]
fn documents_render_in_parallel() {
    let docs = documents().clone();
    let kinds = CertificateKind::ALL;
    let render = |docs: &Documents, k: CertificateKind| {
        docs.render_certificate(&document(&request(k), false), &forli())
            .expect("render")
    };
    let parallel: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = kinds
            .iter()
            .map(|k| s.spawn(|| render(&docs, *k)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    for (kind, pdf) in kinds.iter().zip(parallel) {
        // printpdf numbers images in hash order, so bytes may differ; what is printed may not.
        let sequential = render(&docs, *kind);
        let name = format!("parallel-{}", file_name(*kind));
        assert_eq!(violations(&pdf), Vec::<String>::new());
        assert_eq!(
            tools::text(&tools::scratch(&name, &pdf), None),
            tools::text(&tools::scratch(&format!("{name}-seq"), &sequential), None)
        );
    }
}

#[test]
fn names_outside_latin_1_do_not_break_the_document() {
    let mut r = request(CertificateKind::Residenza);
    r.person.surname = "Wałęsa".into();
    let pdf = documents()
        .render_certificate(&document(&r, false), &forli())
        .expect("render");
    let text = tools::text(&tools::scratch("nome-polacco", &pdf), None);
    assert!(
        text.contains("Wa??sa"),
        "unsupported letters become «?»: {text}"
    );
}

#[test]
fn the_checker_catches_widths_that_disagree_with_the_font_program() {
    let pdf = documents()
        .render_certificate(
            &document(&request(CertificateKind::Residenza), false),
            &forli(),
        )
        .expect("render");
    let mut doc = lopdf::Document::load_mem(&pdf).expect("load");
    for obj in doc.objects.values_mut() {
        let Ok(dict) = obj.as_dict_mut() else {
            continue;
        };
        if dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"CIDFontType2") {
            let w = dict
                .get_mut(b"W")
                .and_then(|w| w.as_array_mut())
                .expect("W");
            let widths = w[1].as_array_mut().expect("widths");
            widths[usize::from(b'A')] = lopdf::Object::Integer(900);
        }
    }
    let mut tampered = Vec::new();
    doc.save_to(&mut tampered).expect("save");
    let found = violations(&tampered).join("\n");
    assert!(found.contains("6.2.11.5: width of CID 65"), "{found}");
}
