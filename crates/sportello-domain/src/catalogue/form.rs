//! Validation of a submitted form against the service's field definitions.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::{FieldDef, FieldKind, FieldRule};
use crate::FiscalCode;

/// A problem with one field, for the officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

pub(super) fn validate(fields: &[FieldDef], form: &Value, today: NaiveDate) -> Vec<FieldError> {
    let Some(obj) = form.as_object() else {
        return vec![FieldError {
            field: String::new(),
            message: "Il modulo non è leggibile.".into(),
        }];
    };
    fields
        .iter()
        .filter_map(|f| {
            let value = obj.get(&f.key).filter(|v| !is_blank(v));
            let message = match value {
                None if f.required => Some(format!("Il campo «{}» è obbligatorio.", f.label)),
                None => None,
                Some(v) => check_value(f, v, today).err().map(|Problem(m)| m),
            };
            message.map(|message| FieldError {
                field: f.key.clone(),
                message,
            })
        })
        .collect()
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Why a field's value is refused, in Italian for the officer.
#[derive(Debug)]
struct Problem(String);

type Check = Result<(), Problem>;

fn problem(label: &str, what: &str) -> Problem {
    Problem(format!("«{label}»: {what}"))
}

fn check_value(f: &FieldDef, v: &Value, today: NaiveDate) -> Check {
    match f.kind {
        FieldKind::Checkbox => v
            .as_bool()
            .map(|_| ())
            .ok_or_else(|| problem(&f.label, "valore non valido.")),
        FieldKind::Number => check_number(f, v),
        FieldKind::Date => check_date(f, v, today),
        _ => {
            let s = v
                .as_str()
                .ok_or_else(|| problem(&f.label, "è atteso un testo."))?;
            check_text(f, s.trim())
        }
    }
}

fn check_number(f: &FieldDef, v: &Value) -> Check {
    let n = v
        .as_f64()
        .ok_or_else(|| problem(&f.label, "è atteso un numero."))?;
    if f.min.is_some_and(|min| n < min) || f.max.is_some_and(|max| n > max) {
        let bound = |b: Option<f64>| b.map_or("-".into(), |m| m.to_string());
        let range = format!(
            "il valore deve essere compreso tra {} e {}.",
            bound(f.min),
            bound(f.max)
        );
        return Err(problem(&f.label, &range));
    }
    Ok(())
}

fn check_date(f: &FieldDef, v: &Value, today: NaiveDate) -> Check {
    let raw = v.as_str().unwrap_or_default();
    let date = NaiveDate::parse_from_str(raw.get(..10).unwrap_or(raw), "%Y-%m-%d")
        .map_err(|_| problem(&f.label, "data non valida."))?;
    match f.rule {
        Some(FieldRule::NotExpired) if date < today => {
            let expired = format!(
                "la data {} è già trascorsa (scaduta).",
                date.format("%d/%m/%Y")
            );
            Err(problem(&f.label, &expired))
        }
        Some(FieldRule::NotFuture) if date > today => {
            Err(problem(&f.label, "la data non può essere futura."))
        }
        _ => Ok(()),
    }
}

fn check_text(f: &FieldDef, s: &str) -> Check {
    let max = f.max_length.unwrap_or(if f.kind == FieldKind::Textarea {
        10_000
    } else {
        500
    });
    if s.chars().count() > max as usize {
        return Err(problem(&f.label, &format!("massimo {max} caratteri.")));
    }
    let ok = match f.kind {
        FieldKind::Select => f.options.iter().any(|o| o == s),
        FieldKind::Email => is_email(s),
        FieldKind::Phone => is_phone(s),
        FieldKind::Iban => is_iban(s),
        FieldKind::FiscalCode => FiscalCode::parse(s).is_ok(),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(problem(&f.label, "valore non valido."))
    }
}

fn is_email(s: &str) -> bool {
    let mut parts = s.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty() && domain.contains('.') && !s.contains(char::is_whitespace)
}

fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits)
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +-/().".contains(c))
}

/// IBAN check digits (ISO 13616, mod 97).
pub fn is_iban(s: &str) -> bool {
    let iban: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if !(15..=34).contains(&iban.len()) || !iban.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let rearranged = iban[4..].chars().chain(iban[..4].chars());
    let mut rem: u32 = 0;
    for c in rearranged {
        let v = c.to_digit(36).unwrap_or(0);
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use serde_json::json;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn the_builtin_catalogue_loads_with_every_seed_service() {
        let c = Catalogue::builtin().unwrap();
        assert_eq!(c.services.len(), 9);
        assert!(c
            .service("contributo-affitto")
            .unwrap()
            .fields
            .iter()
            .any(|f| f.rule == Some(FieldRule::NotExpired)));
        assert!(c.services.iter().all(|s| !s.reason_templates.is_empty()));
    }

    #[test]
    fn iban_check_digits() {
        assert!(is_iban("IT60 X054 2811 1010 0000 0123 456"));
        assert!(!is_iban("IT61X0542811101000000123456"));
    }

    #[test]
    fn rent_contribution_refuses_an_expired_contract_registration() {
        let c = Catalogue::builtin().unwrap();
        let s = c.service("contributo-affitto").unwrap();
        let form = json!({
            "tipo_bando": "Ordinario",
            "isee": 9000.0,
            "canone_mensile": 450.0,
            "estremi_registrazione": "Serie 3T n. 1234",
            "scadenza_registrazione": "2025-06-30",
            "iban": "IT60X0542811101000000123456",
            "componenti_nucleo": 3
        });
        let errors = s.validate_form(&form, today());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "scadenza_registrazione");
        assert!(errors[0].message.contains("30/06/2025"));
    }

    #[test]
    fn missing_and_malformed_fields_are_all_reported() {
        let c = Catalogue::builtin().unwrap();
        let s = c.service("contributo-affitto").unwrap();
        let errors = s.validate_form(&json!({"iban": "IT00", "isee": "tanto"}), today());
        assert!(errors
            .iter()
            .any(|e| e.field == "iban" && e.message.contains("non valido")));
        assert!(errors
            .iter()
            .any(|e| e.field == "isee" && e.message.contains("numero")));
        assert!(errors
            .iter()
            .any(|e| e.field == "tipo_bando" && e.message.contains("obbligatorio")));
        assert_eq!(validate(&s.fields, &json!([1, 2]), today()).len(), 1);
    }
}
