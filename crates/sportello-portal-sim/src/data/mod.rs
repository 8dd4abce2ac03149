//! The generated applications: every catalogue service, shaped as OPENCITY_API.md §3 documents
//! (v2, Form.io's nested `data`), deterministic by seed; a share of drafts and withdrawn ones, a
//! share breaking a service rule, a share built to hurt ([`Hostile`]).

mod forms;
mod hostile;
mod kinds;
pub mod people;
pub mod time;

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

pub use kinds::{service, Hostile, Kind, PortalService, RuleBreak, SERVICES};

use crate::config::SimConfig;
use crate::rng::Rng;
use crate::workflow;
use forms::Files;
use people::Person;

/// The tenant (the Comune) every application belongs to.
pub const TENANT: &str = "60e35f02-0000-4000-8000-000000000001";

/// One generated application and what the generator meant it to be.
#[derive(Debug, Clone)]
pub struct Generated {
    pub id: String,
    pub number: usize,
    /// The portal slug it was filed under.
    pub service: String,
    pub kind: Kind,
    /// The application object as the API serves it (v2).
    pub value: Value,
    /// The ids of every file it carries (uploads and compiled modules).
    pub files: Vec<String>,
    /// Whether its `links` are served as an object with numeric keys (the PHP `unset()` quirk).
    pub links_as_object: bool,
}

impl Generated {
    pub fn status(&self) -> &str {
        self.value["status"].as_str().unwrap_or_default()
    }
}

/// Makes applications one after the other; the n-th is the same whatever comes after it.
#[derive(Debug, Clone)]
pub struct Generator {
    seed: u64,
    base: String,
    start: DateTime<Utc>,
    step: Duration,
    config: SimConfig,
    next: usize,
    hostiles: usize,
    rule_breaks: usize,
}

/// Every application `config` asks for (`config.applications` listed by default, plus drafts),
/// their URLs under `base` (`http://host/lang/api`). What the server starts with.
pub fn generate(config: &SimConfig, base: &str) -> Vec<Generated> {
    Generator::new(config, base).listed(config.applications)
}

impl Generator {
    pub fn new(config: &SimConfig, base: &str) -> Self {
        let span = Duration::days(28);
        let step = span / i32::try_from(config.applications.max(1)).unwrap_or(i32::MAX);
        Self {
            seed: config.seed,
            base: base.to_owned(),
            start: config.base_date - span,
            step: step.max(Duration::seconds(30)),
            config: config.clone(),
            next: 0,
            hostiles: 0,
            rule_breaks: 0,
        }
    }

    /// Generates until `count` applications that the list shows by default (not drafts).
    pub fn listed(&mut self, count: usize) -> Vec<Generated> {
        let mut out = Vec::new();
        let mut listed = 0;
        while listed < count {
            let app = self.next_application();
            listed += usize::from(app.status() != "1000");
            out.push(app);
        }
        out
    }

    fn kind(&mut self, rng: &mut Rng) -> Kind {
        if self.next == 0 {
            return Kind::Regular;
        }
        let roll = rng.next_u64() as f64 / u64::MAX as f64;
        if roll < self.config.hostile {
            self.hostiles += 1;
            Kind::Hostile(Hostile::ALL[(self.hostiles - 1) % Hostile::ALL.len()])
        } else if roll < self.config.hostile + self.config.rule_breaking {
            self.rule_breaks += 1;
            Kind::RuleBreaking(RuleBreak::ALL[(self.rule_breaks - 1) % RuleBreak::ALL.len()])
        } else {
            Kind::Regular
        }
    }

    fn status(&self, rng: &mut Rng) -> &'static str {
        if self.next == 0 {
            "2000"
        } else if rng.chance(self.config.drafts) {
            "1000"
        } else if rng.chance(self.config.withdrawn) {
            "20000"
        } else {
            "2000"
        }
    }

    /// The next application.
    pub fn next_application(&mut self) -> Generated {
        let number = self.next;
        let mut rng = Rng::new(self.seed, number as u64);
        let kind = self.kind(&mut rng);
        let status = self.status(&mut rng);
        self.next += 1;
        let svc = match kind {
            Kind::RuleBreaking(rule) => rule.service(),
            Kind::Hostile(Hostile::PathTraversal | Hostile::HugeAttachment) => &SERVICES[0],
            _ if number == 0 => &SERVICES[0],
            _ => &SERVICES[rng.below(SERVICES.len())],
        };
        let id = format!("00000000-0000-4000-8000-{number:012}");
        let who = Person::new(&mut rng, 1950, 2004);
        let today = self.config.base_date.date_naive();
        let mut files = Files {
            app_id: &id,
            base: &self.base,
            number,
            ids: Vec::new(),
        };
        let form = forms::form(svc.catalogue, &mut rng, &who, today, &mut files);
        let created = self.start
            + self.step * i32::try_from(number).unwrap_or(i32::MAX)
            + Duration::seconds(rng.between(0, self.step.num_seconds() / 2));
        let submitted = created + Duration::minutes(rng.between(2, 40));
        let mut data = json!({"applicant": applicant(&mut rng, &who)});
        if let Some(map) = data.as_object_mut() {
            map.extend(form);
        }
        let mut app = envelope(&id, number, svc, &who, data);
        dates(&mut app, created, (status != "1000").then_some(submitted));
        if svc.protocol_required && status != "1000" {
            let module = files.file(
                "f0",
                &format!("Modulo {}.pdf", svc.name),
                "Modulo compilato",
            );
            app["compiled_modules"] = json!([merge(
                module,
                json!({"created_at": time::iso(submitted), "protocol_number": null})
            )]);
        }
        payment(&mut app, &mut rng);
        let links_as_object = rng.chance(0.3);
        let changed = match status {
            "1000" => created,
            "20000" => submitted + Duration::hours(30),
            _ => submitted,
        };
        workflow::set_status(&mut app, status, changed, &self.base, links_as_object);
        let files = files.ids;
        let mut generated = Generated {
            id,
            number,
            service: svc.slug.to_owned(),
            kind,
            value: app,
            files,
            links_as_object,
        };
        hostile::apply(&mut generated, &self.base, today, &mut rng);
        generated
    }
}

fn merge(mut a: Value, b: Value) -> Value {
    if let (Some(a), Value::Object(b)) = (a.as_object_mut(), b) {
        a.extend(b);
    }
    a
}

fn applicant(rng: &mut Rng, who: &Person) -> Value {
    let (street, number) = people::street(rng);
    json!({
        "completename": {"name": who.given, "surname": who.family},
        "fiscal_code": {"fiscal_code": who.fiscal_code},
        "email_address": who.email(),
        "cell_number": people::mobile(rng),
        "Born": {"natoAIl": time::formio_date(who.born), "place_of_birth": who.place_name()},
        "address": {"address": street, "house_number": number, "municipality": "Montesilvano",
                    "postal_code": "65015", "county": "PE"},
    })
}

fn envelope(id: &str, number: usize, svc: &PortalService, who: &Person, data: Value) -> Value {
    json!({
        "id": id, "user": format!("5b00796e-0000-4000-8000-{number:012}"),
        "user_name": format!("{} {}", who.given, who.family),
        "service": svc.slug, "service_id": svc.id, "service_name": svc.name, "service_group_name": null,
        "tenant": TENANT,
        "subject": format!("{} {} {} {}", svc.name, who.given, who.family, who.fiscal_code),
        "data": data, "backoffice_data": null, "compiled_modules": [], "attachments": [],
        "protocol_folder_number": null, "protocol_folder_code": null, "protocol_number": null,
        "protocol_document_id": null, "protocol_numbers": [], "protocol_time": null, "protocolled_at": null,
        "outcome": null, "outcome_motivation": null, "outcome_file": null, "outcome_attachments": [],
        "outcome_protocol_number": null, "outcome_protocol_document_id": null,
        "outcome_protocol_numbers": null, "outcome_protocol_time": null, "outcome_protocolled_at": null,
        "payment_type": null, "payment_data": [],
        "authentication": {"authentication_method": "spid", "session_id": null, "spid_code": null,
            "spid_level": "2", "certificate_issuer": null, "certificate_subject": null,
            "certificate": null, "instant": null, "session_index": null},
        "meetings": [], "integrations": [], "flow_changed_at": null, "user_compilation_notes": null
    })
}

fn dates(app: &mut Value, created: DateTime<Utc>, submitted: Option<DateTime<Utc>>) {
    app["creation_time"] = json!(created.timestamp());
    app["created_at"] = json!(time::iso(created));
    app["submission_time"] = json!(submitted.map(|s| s.timestamp()));
    app["submitted_at"] = json!(submitted.map(time::iso));
}

/// A stamp-duty payment for certificates "in bollo" (MyPay's object); `[]` otherwise.
fn payment(app: &mut Value, rng: &mut Rng) {
    if app["data"]["uso"] == "Uso generico (in bollo)" {
        app["payment_type"] = json!("mypay");
        app["payment_data"] = json!({
            "status": "COMPLETE", "payment_amount": "16.00",
            "iud": rng.digits(16), "iuv": format!("RF{}", rng.digits(20)),
            "reason": "Imposta di bollo - certificato anagrafico", "expire_at": null,
        });
    }
}
