//! What a demo citizen writes in a service's form and attaches: plausible values for every kind of
//! field, deterministic for a seed.

use chrono::{Days, NaiveDate};
use serde_json::{json, Map, Value};
use sportello_domain::catalogue::{FieldDef, FieldKind, FieldRule, ServiceDefinition};
use sportello_domain::submission::NewAttachment;

use super::{people, Rng};

pub(super) fn attachment(key: String, label: &str, media_type: &str) -> NewAttachment {
    let content = format!("%PDF-1.4\n% Allegato dimostrativo: {label}\n%%EOF\n").into_bytes();
    let ext = if media_type == "application/pdf" {
        "pdf"
    } else {
        "jpg"
    };
    NewAttachment {
        name: format!("{key}.{ext}"),
        requirement: Some(key),
        media_type: media_type.into(),
        content,
    }
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
