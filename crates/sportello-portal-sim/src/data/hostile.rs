//! Turns a regular generated application into a rule-breaking or hostile one (its [`Kind`]).

use chrono::{Days, NaiveDate};
use serde_json::{json, Value};

use super::kinds::{Hostile, Kind, RuleBreak};
use super::people;
use super::time::formio_date;
use super::Generated;
use crate::files::{HUGE_PREFIX, HUGE_SIZE};
use crate::rng::Rng;

/// The slug and id of a service no mapping knows.
pub const UNKNOWN_SLUG: &str = "servizio-dismesso-2019";
const UNKNOWN_ID: &str = "dead0000-0000-4000-8000-000000000000";
/// The name a path-traversal attachment carries.
pub const TRAVERSAL_NAME: &str = "../../etc/passwd";

pub fn apply(app: &mut Generated, base: &str, today: NaiveDate, rng: &mut Rng) {
    match app.kind {
        Kind::Regular => {}
        Kind::RuleBreaking(rule) => rule_break(&mut app.value, rule, today, rng),
        Kind::Hostile(kind) => hostile(app, kind, base, rng),
    }
}

fn rule_break(app: &mut Value, rule: RuleBreak, today: NaiveDate, rng: &mut Rng) {
    let submitted = app["submitted_at"]
        .as_str()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map_or(today, |t| t.date_naive());
    let data = &mut app["data"];
    match rule {
        RuleBreak::ExpiredRegistration => {
            // Expired when the citizen submitted it (the day the rule is judged by), not only by
            // the simulator's "today".
            let expired = submitted.min(today) - Days::new(rng.between(1, 400).unsigned_abs());
            data["contratto"]["scadenza_registrazione"] = json!(formio_date(expired));
        }
        RuleBreak::BadPupilFiscalCode => {
            let code = data["alunno"]["fiscal_code"]["fiscal_code"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            data["alunno"]["fiscal_code"]["fiscal_code"] = json!(people::spoil(&code));
        }
    }
}

fn hostile(app: &mut Generated, kind: Hostile, base: &str, rng: &mut Rng) {
    let v = &mut app.value;
    match kind {
        Hostile::UnknownService => {
            v["service"] = json!(UNKNOWN_SLUG);
            v["service_id"] = json!(UNKNOWN_ID);
            v["service_name"] = json!("Servizio dismesso");
            UNKNOWN_SLUG.clone_into(&mut app.service);
        }
        Hostile::DataNotAnObject => {
            v["data"] = if rng.chance(0.5) {
                json!(v["data"].to_string())
            } else {
                json!([v["data"].clone()])
            };
        }
        Hostile::MissingFiscalCode => {
            if let Some(applicant) = v["data"]["applicant"].as_object_mut() {
                applicant.remove("fiscal_code");
            }
        }
        Hostile::InvalidFiscalCode => {
            let code = v["data"]["applicant"]["fiscal_code"]["fiscal_code"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            v["data"]["applicant"]["fiscal_code"]["fiscal_code"] = json!(people::spoil(&code));
        }
        Hostile::HugeField => {
            v["data"]["applicant"]["address"]["address"] =
                json!(format!("Via {}", "Lunga".repeat(40 * 1024)));
        }
        Hostile::ControlCharacters => {
            let name = &mut v["data"]["applicant"]["completename"];
            name["name"] = json!("Mario\u{202E}issoR");
            name["surname"] = json!("Rossi\u{1B}[2J\u{0}\u{7}");
            v["user_name"] = json!("Mario\u{202E}issoR Rossi\u{1B}[2J\u{0}\u{7}");
        }
        Hostile::PathTraversal => {
            let field = v["data"]["documento_identita"].clone();
            let mut object = traversal_or_first(&field, app, base);
            object["name"] = json!(TRAVERSAL_NAME);
            object["originalName"] = json!(TRAVERSAL_NAME);
            app.value["data"]["documento_identita"] = json!([object]);
        }
        Hostile::HugeAttachment => {
            let id = format!("{HUGE_PREFIX}000000-0000-4000-8000-{:012}", app.number);
            let object = json!({
                "id": id, "name": "scansione.pdf", "size": HUGE_SIZE,
                "url": format!("{base}/applications/{}/attachments/{id}?version=2", app.id),
                "originalName": "scansione-documento.pdf",
                "description": "Documento d'identità del richiedente", "protocol_required": true,
            });
            app.files.push(id);
            v["data"]["documento_identita"] = json!([object]);
        }
    }
}

/// The first file of a field, or a new PDF file object when the citizen attached none.
fn traversal_or_first(field: &Value, app: &mut Generated, base: &str) -> Value {
    if let Some(first) = field.get(0) {
        return first.clone();
    }
    let id = format!("f0{:06}-0000-4000-8000-{:012}", 90, app.number);
    app.files.push(id.clone());
    json!({
        "id": id, "name": "documento.pdf",
        "url": format!("{base}/applications/{}/attachments/{id}?version=2", app.id),
        "description": "Documento d'identità del richiedente", "protocol_required": true,
    })
}
