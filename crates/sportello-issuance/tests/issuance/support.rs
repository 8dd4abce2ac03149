//! A database with a department, its officer and head, the demo Comune, and approved requests.

use std::path::PathBuf;
use std::process::Command;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde_json::json;
use sportello_domain::clock::FixedClock;
use sportello_domain::policy::{self, DepartmentScope, Permission, Principal};
use sportello_domain::submission::{Applicant, Channel, Contact, NewSubmission};
use sportello_domain::user::{Actor, NewUser, Role};
use sportello_domain::workflow::Action;
use sportello_domain::FiscalCode;
use sportello_issuance::{config, register_sample_family};
use sportello_store::Store;

pub struct Office {
    pub store: Store,
    pub officer: Actor,
    pub head: Actor,
    _dir: tempfile::TempDir,
}

pub fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 30, 0).unwrap()
}

pub fn clock(y: i32, m: u32, d: u32) -> FixedClock {
    FixedClock(at(y, m, d))
}

async fn user(store: &Store, username: &str, role: Role) -> Actor {
    let new = NewUser {
        username: username.into(),
        full_name: format!("Nome {username}"),
        role,
        department: Some("demografici".into()),
        password: "password-di-prova".into(),
    };
    let installation = policy::admin_scope(&Principal::System, Permission::ManageUsers).unwrap();
    store
        .create_user(&installation, &new, false)
        .await
        .unwrap()
        .actor()
}

/// Who `actor` is to the policy.
pub fn who(actor: &Actor) -> Principal {
    Principal::User(actor.clone())
}

/// The scope the policy gives `actor` on their department's submissions.
pub fn scope(actor: &Actor) -> DepartmentScope {
    policy::department_scope(&who(actor), Permission::ViewSubmission).unwrap()
}

impl Office {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        // SQLite, or PostgreSQL when the test command runs the suite again there.
        let url = sportello_tests::fresh_database(dir.path()).await;
        let store = Store::open(&url).await.unwrap();
        config::load_demo(&store).await.unwrap();
        // Decision letters are printed as the app prints them: PDF/A sealed with the demo seal.
        let renderer = std::sync::Arc::new(sportello_issuance::Renderer::new().unwrap());
        let desk = sportello_issuance::LetterDesk::load(&store, renderer)
            .await
            .unwrap();
        let store = store.with_letter_printer(std::sync::Arc::new(desk));
        let officer = user(&store, "m.rossi", Role::Operatore).await;
        let head = user(&store, "l.verdi", Role::Responsabile).await;
        Self {
            store,
            officer,
            head,
            _dir: dir,
        }
    }

    /// Registers the sample person (with their family) in the population register.
    pub async fn register_person(&self) -> String {
        register_sample_family(&self.store, 1).await.unwrap()
    }

    /// A certificate request for `subject`, received, taken in charge and approved.
    pub async fn approved(&self, kind: &str, subject: &str, uso: &str) -> i64 {
        let id = self.taken(kind, subject, uso).await;
        let approve = Action::Approve {
            reason: "Dati verificati".into(),
        };
        self.store
            .apply_action(&scope(&self.officer), id, &approve, &clock(2026, 3, 3))
            .await
            .unwrap();
        id
    }

    /// A certificate request for `subject`, received on 2 March 2026 and taken in charge.
    pub async fn taken(&self, kind: &str, subject: &str, uso: &str) -> i64 {
        let form =
            json!({ "tipo_certificato": kind, "intestatario": subject, "uso": uso, "copie": 1 });
        self.taken_asking(subject, form).await
    }

    /// A certificate request whose form is `form`, received, taken in charge and approved.
    pub async fn approved_asking(&self, subject: &str, form: serde_json::Value) -> i64 {
        let id = self.taken_asking(subject, form).await;
        let approve = Action::Approve {
            reason: "Dati verificati".into(),
        };
        self.store
            .apply_action(&scope(&self.officer), id, &approve, &clock(2026, 3, 3))
            .await
            .unwrap();
        id
    }

    /// A certificate request whose form is `form`, received on 2 March 2026 and taken in charge.
    pub async fn taken_asking(&self, subject: &str, form: serde_json::Value) -> i64 {
        let new = NewSubmission {
            service: "certificato-anagrafico".into(),
            applicant: Applicant {
                fiscal_code: FiscalCode::parse(subject).unwrap(),
                given_name: "Mario".into(),
                family_name: "Rossi".into(),
                birth_date: NaiveDate::from_ymd_opt(1985, 12, 10),
                birth_place: Some("Forlì".into()),
            },
            contact: Contact::default(),
            form,
            attachments: vec![],
            received_at: at(2026, 3, 2),
            channel: Channel::Portal,
            external_id: None,
        };
        let id = self
            .store
            .receive(
                &policy::intake_scope(&Principal::System).unwrap(),
                &new,
                false,
                &clock(2026, 3, 2),
            )
            .await
            .unwrap();
        self.store
            .apply_action(
                &scope(&self.officer),
                id,
                &Action::TakeInCharge,
                &clock(2026, 3, 2),
            )
            .await
            .unwrap();
        id
    }

    /// The letter a move of submission `id` printed (`kind`: the action, e.g. `sendNotice`).
    pub async fn letter(&self, id: i64, kind: &str) -> Vec<u8> {
        const LETTER: &str = "SELECT content FROM documents WHERE submission_id = $1 AND kind = $2";
        match (self.store.sqlite_pool(), self.store.postgres_pool()) {
            (Some(pool), _) => {
                sqlx::query_scalar(LETTER)
                    .bind(id)
                    .bind(kind)
                    .fetch_one(pool)
                    .await
            }
            (_, Some(pool)) => {
                sqlx::query_scalar(LETTER)
                    .bind(id)
                    .bind(kind)
                    .fetch_one(pool)
                    .await
            }
            _ => unreachable!("a store is on one database"),
        }
        .unwrap()
    }
}

/// `pdftotext` of `pdf`, whitespace folded, as a citizen would read it.
pub fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new(sportello_sign::testing::validators::tool("pdftotext"))
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Keeps a PNG rendering of page 1 under the target dir, to look at as a citizen would.
pub fn keep_png(pdf: &[u8], name: &str) {
    // Beside the UI and E2E screenshots: artifacts/ at the repository root.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/certificates");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    let status = Command::new(sportello_sign::testing::validators::tool("pdftoppm"))
        .args(["-r", "60", "-png", "-singlefile"])
        .arg(&path)
        .arg(dir.join(name))
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm failed");
}
