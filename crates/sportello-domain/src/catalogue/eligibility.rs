//! A call's eligibility rules (e.g. the rent contribution's ISEE threshold): evaluated and explained
//! on each application, never used to refuse it at intake — whether a requirement is met is the
//! officer's finding, stated in the decision, and a citizen above a threshold is still entitled to
//! file and to get a reasoned answer (and the 10-bis notice where it applies).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// One requirement of the call on a numeric answer of the form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(
    rename_all(serialize = "camelCase", deserialize = "snake_case"),
    deny_unknown_fields
)]
#[ts(rename_all = "camelCase")]
#[ts(export)]
pub struct EligibilityRule {
    /// What is required, e.g. «ISEE non superiore alla soglia del bando».
    pub label: String,
    /// The form field it reads.
    pub field: String,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    /// Where the requirement comes from (the call, the regulation), printed with it.
    pub basis: String,
}

/// How an application stands against one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EligibilityCheck {
    pub label: String,
    /// `None` when the form does not say (the officer checks the documents).
    pub met: Option<bool>,
    /// Why, in Italian, with the value, the threshold and the basis.
    pub explanation: String,
}

/// `1234.5` as the officer reads an amount: `1.234,50`.
fn italian_number(n: f64) -> String {
    let cents = (n * 100.0).round() as i64;
    let (int, frac) = (cents.abs() / 100, cents.abs() % 100);
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{grouped},{frac:02}")
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().replace(',', ".").parse().ok(),
        _ => None,
    }
}

/// Each rule evaluated on `form`, in the catalogue's order.
pub fn evaluate(rules: &[EligibilityRule], form: &Value) -> Vec<EligibilityCheck> {
    rules
        .iter()
        .map(|rule| {
            let Some(value) = form.get(&rule.field).and_then(number) else {
                return EligibilityCheck {
                    label: rule.label.clone(),
                    met: None,
                    explanation: format!(
                        "Il modulo non indica il valore: verificarlo sui documenti ({}).",
                        rule.basis
                    ),
                };
            };
            let shown = italian_number(value);
            let below = rule.min.filter(|min| value < *min);
            let above = rule.max.filter(|max| value > *max);
            let (met, why) = match (below, above) {
                (Some(min), _) => (
                    false,
                    format!("{shown} è inferiore al minimo di {}", italian_number(min)),
                ),
                (_, Some(max)) => (
                    false,
                    format!("{shown} supera la soglia di {}", italian_number(max)),
                ),
                _ => {
                    let bounds = match (rule.min, rule.max) {
                        (Some(min), Some(max)) => format!(
                            "compreso tra {} e {}",
                            italian_number(min),
                            italian_number(max)
                        ),
                        (Some(min), None) => format!("non inferiore a {}", italian_number(min)),
                        (None, Some(max)) => format!("entro la soglia di {}", italian_number(max)),
                        (None, None) => "senza limiti".into(),
                    };
                    (true, format!("{shown} è {bounds}"))
                }
            };
            EligibilityCheck {
                label: rule.label.clone(),
                met: Some(met),
                explanation: format!("Valore dichiarato {why} ({}).", rule.basis),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn isee_threshold() -> Vec<EligibilityRule> {
        vec![EligibilityRule {
            label: "ISEE non superiore alla soglia del bando".into(),
            field: "isee".into(),
            min: None,
            max: Some(26_000.0),
            basis: "bando comunale, art. 2".into(),
        }]
    }

    #[test]
    fn an_isee_above_the_threshold_is_explained_not_refused() {
        let checks = evaluate(&isee_threshold(), &json!({"isee": 30_000.5}));
        assert_eq!(checks.len(), 1);
        assert_eq!(checks[0].met, Some(false));
        assert_eq!(
            checks[0].explanation,
            "Valore dichiarato 30.000,50 supera la soglia di 26.000,00 (bando comunale, art. 2)."
        );
    }

    #[test]
    fn an_isee_within_the_threshold_is_met_and_a_missing_one_is_for_the_officer() {
        let ok = evaluate(&isee_threshold(), &json!({"isee": "12500,3"}));
        assert_eq!(ok[0].met, Some(true));
        assert_eq!(
            ok[0].explanation,
            "Valore dichiarato 12.500,30 è entro la soglia di 26.000,00 (bando comunale, art. 2)."
        );
        let missing = evaluate(&isee_threshold(), &json!({}));
        assert_eq!(missing[0].met, None);
    }
}
