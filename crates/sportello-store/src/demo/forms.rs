//! What a demo citizen writes in a service's form and attaches: plausible values for every kind of
//! field, deterministic for a seed.

use chrono::{Days, NaiveDate};
use serde_json::{json, Map, Value};
use sportello_domain::catalogue::{FieldDef, FieldKind, FieldRule, ServiceDefinition};
use sportello_domain::sample_pdf::{sample_pdf, SAMPLE_PHOTO};
use sportello_domain::submission::NewAttachment;

use super::{people, Rng};

/// A demo attachment: a three-page PDF naming the document (a title page and two of plausible
/// text), or the stand-in photo when the requirement takes only images.
pub(super) fn attachment(key: String, label: &str, media_type: &str) -> NewAttachment {
    let (ext, media_type, content) = if media_type.starts_with("image/") {
        ("jpg", "image/jpeg", SAMPLE_PHOTO.to_vec())
    } else {
        (
            "pdf",
            "application/pdf",
            sample_pdf(&demo_pages(&key, label)),
        )
    };
    NewAttachment {
        name: format!("{key}.{ext}"),
        requirement: Some(key),
        media_type: media_type.into(),
        content,
    }
}

fn demo_pages(key: &str, label: &str) -> Vec<String> {
    vec![
        format!(
            "{label}\nAllegato dimostrativo di Sportello \u{2013} requisito «{key}»\n\n\
             Documento generato per i dati di prova: non ha valore legale.\n\
             Comune di Borgo Esempio \u{2013} Sportello telematico.\n\n\
             Le pagine seguenti riproducono il testo tipico di un documento di questo tipo."
        ),
        format!(
            "{label} \u{2013} dichiarazioni\n\
             Il sottoscritto dichiara, ai sensi degli articoli 46 e 47 del D.P.R. 28 dicembre 2000, \
             n. 445, che quanto riportato nel presente documento corrisponde al vero ed è consapevole \
             delle sanzioni penali previste dall\u{2019}articolo 76 del medesimo decreto per le \
             dichiarazioni mendaci.\n\n\
             Dichiara inoltre di essere informato, ai sensi del Regolamento (UE) 2016/679, che i dati \
             personali raccolti saranno trattati, anche con strumenti informatici, esclusivamente \
             nell\u{2019}ambito del procedimento per il quale la presente dichiarazione viene resa."
        ),
        format!(
            "{label} \u{2013} estremi e firma\n\
             Luogo e data: Borgo Esempio, alla data della domanda.\n\n\
             Il documento è stato trasmesso con la domanda e registrato al protocollo insieme a essa; \
             la sua impronta SHA-256 è conservata nel fascicolo.\n\n\
             Firma del dichiarante (omessa nella copia dimostrativa)."
        ),
    ]
}

pub(super) fn form_for(
    rng: &mut Rng,
    service: &ServiceDefinition,
    applicant: &sportello_domain::submission::Applicant,
    day: NaiveDate,
) -> Value {
    let mut form = Map::new();
    for f in &service.fields {
        if f.required || rng.below(2) == 0 {
            form.insert(f.key.clone(), value_for(rng, f, applicant, day));
        }
    }
    // The parts of a «contestuale» are ticked only on a contestuale.
    if form.get("tipo_certificato").and_then(Value::as_str) != Some("Contestuale") {
        form.retain(|key, _| !key.starts_with("contestuale_"));
    }
    Value::Object(form)
}

fn value_for(
    rng: &mut Rng,
    f: &FieldDef,
    applicant: &sportello_domain::submission::Applicant,
    day: NaiveDate,
) -> Value {
    match f.kind {
        FieldKind::Select => json!(f.options[rng.below(f.options.len() as u64) as usize]),
        FieldKind::Date => {
            let date = match f.rule {
                Some(FieldRule::NotExpired) => day + Days::new(10 + rng.below(400)),
                _ => day - Days::new(rng.below(3000)),
            };
            json!(date.format("%Y-%m-%d").to_string())
        }
        FieldKind::Number => {
            let (min, max) = (
                f.min.unwrap_or(1.0),
                f.max.unwrap_or(30_000.0).min(30_000.0),
            );
            json!((min + (rng.below(1000) as f64 / 1000.0) * (max - min)).round())
        }
        FieldKind::Checkbox => json!(rng.below(2) == 0),
        FieldKind::Email => json!("cittadino@esempio.it"),
        FieldKind::Phone => json!("333 1234567"),
        FieldKind::Iban => json!(people::iban(rng)),
        FieldKind::FiscalCode => json!(applicant.fiscal_code.as_str()),
        FieldKind::Textarea => {
            json!("Testo inserito dal cittadino nel modulo online (dato dimostrativo).")
        }
        FieldKind::Text => json!(text_for(rng, &f.key)),
    }
}

fn text_for(rng: &mut Rng, key: &str) -> String {
    match key {
        "numero_documento" => format!("CA{:05}AB", rng.below(100_000)),
        "partita_iva" => format!("{:011}", rng.below(100_000_000_000)),
        "ateco" => "56.10.11".into(),
        "estremi_registrazione" => format!("Serie 3T n. {}", rng.below(9000) + 1000),
        "luogo" | "indirizzo_attivita" => format!("Via Roma {}", rng.below(120) + 1),
        "scuola" => "Scuola primaria «G. Rodari», classe 3ª B".into(),
        "denominazione" => "Bar Centrale di Esempio S.n.c.".into(),
        _ => "Dato dimostrativo".into(),
    }
}
