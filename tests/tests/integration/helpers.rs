use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde_json::json;
use sportello_application::Sportello;
use sportello_domain::clock::FixedClock;
use sportello_domain::submission::{Applicant, Channel, Contact, NewSubmission};
use sportello_domain::user::{Actor, NewUser, Role};
use sportello_domain::workflow::Action;
use sportello_domain::FiscalCode;
use sportello_store::Store;

pub use crate::desk::Desk;

/// A fresh database in its own temporary folder (kept alive by the returned guard), driven through
/// the application layer.
pub struct TestDb {
    pub store: Desk,
    pub dir: tempfile::TempDir,
}

/// The application as the app opens it: letters printed as PDF/A with the fonts loaded once per
/// test binary.
async fn desk(store: Store) -> Desk {
    static RENDERER: std::sync::OnceLock<std::sync::Arc<sportello_issuance::Renderer>> =
        std::sync::OnceLock::new();
    let renderer = RENDERER
        .get_or_init(|| std::sync::Arc::new(sportello_issuance::Renderer::new().unwrap()))
        .clone();
    Desk {
        app: Sportello::with_renderer(store, renderer).await.unwrap(),
    }
}

/// The population register holds the person the certificate requests are about (Mario Rossi,
/// `RSSMRA85T10A562S`, with his family) and the Comune pays bollo virtually: approving a request runs
/// ANPR's checks, as issuing does.
async fn register(store: Store) -> Store {
    sportello_issuance::register_sample_family(&store, 1)
        .await
        .unwrap();
    let stamp = sportello_issuance::VirtualStamp {
        authority: "Agenzia delle Entrate – Direzione provinciale di Pescara".into(),
        number: "12345/2020".into(),
        date: day(2020, 1, 15),
    };
    store
        .set_setting(
            sportello_issuance::config::keys::VIRTUAL_STAMP,
            &serde_json::to_string(&stamp).unwrap(),
        )
        .await
        .unwrap();
    store
}

impl TestDb {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = sportello_tests::fresh_database(dir.path()).await;
        std::fs::write(dir.path().join("url"), &url).unwrap();
        let store = desk(register(Store::open(&url).await.unwrap()).await).await;
        Self { store, dir }
    }

    /// A fresh server database whose login roles are `prefix` + username (PostgreSQL only).
    pub async fn with_role_prefix(prefix: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = sportello_tests::fresh_postgres_with_role_prefix(prefix).await;
        std::fs::write(dir.path().join("url"), &url).unwrap();
        let store = desk(register(Store::open(&url).await.unwrap()).await).await;
        Self { store, dir }
    }

    /// Marks `who` as logged in with a one-time password: they must choose their own first.
    pub async fn must_change_password(&self, who: &Actor) {
        self.store
            .exec(&format!(
                "UPDATE users SET password_change_due = TRUE WHERE id = {}",
                who.id
            ))
            .await
            .unwrap();
    }

    /// Another workstation on the same database: its own connections, its own application.
    pub async fn workstation(&self) -> Desk {
        let url = std::fs::read_to_string(self.dir.path().join("url")).unwrap();
        desk(Store::open(&url).await.unwrap()).await
    }

    /// A workstation in shared mode, logged in as `who`: the server opened with `who`'s own login
    /// role and password (PostgreSQL only), so everything it does passes the server's rules too.
    pub async fn connected_as(&self, who: &Actor) -> Desk {
        let url = std::fs::read_to_string(self.dir.path().join("url")).unwrap();
        let pool = self
            .store
            .raw()
            .postgres_pool()
            .expect("shared mode is PostgreSQL's");
        let login: String = sqlx::query_scalar("SELECT db_role FROM users WHERE id = $1")
            .bind(who.id)
            .fetch_one(pool)
            .await
            .unwrap();
        desk(
            Store::open_as_user(&url, &login, "password-di-prova")
                .await
                .unwrap(),
        )
        .await
    }

    /// Closes and reopens the same database, as a restart of the app does.
    pub async fn restart(self) -> Self {
        self.store.close().await;
        let url = std::fs::read_to_string(self.dir.path().join("url")).unwrap();
        let store = desk(Store::open(&url).await.unwrap()).await;
        Self {
            store,
            dir: self.dir,
        }
    }

    /// A valid certificate request received and registered on the given day.
    pub async fn received(&self, y: i32, m: u32, d: u32) -> i64 {
        self.store
            .receive(&certificate_request(at(y, m, d)), &clock(y, m, d))
            .await
            .unwrap()
    }

    /// Registers the person certificate request `id` is about (a request from the portal names
    /// anyone), unmarried and alone in a family of their own, so approving it passes ANPR's checks.
    pub async fn register_subject_of(&self, id: i64) {
        let form = &self
            .store
            .texts(&format!(
                "SELECT CAST(form AS TEXT) FROM submissions WHERE id = {id}"
            ))
            .await[0][0];
        let form: serde_json::Value = serde_json::from_str(form).unwrap();
        let store = self.store.raw();
        let mut resident = store.resident("RSSMRA85T10A562S").await.unwrap().unwrap();
        resident.person.fiscal_code =
            FiscalCode::parse(form["intestatario"].as_str().unwrap()).unwrap();
        resident.person.civil_status = sportello_domain::certificate::CivilStatus::Unmarried;
        resident.family_id = 1000 + id;
        store.put_resident(&resident, false).await.unwrap();
    }

    /// A certificate request received on 2 Feb 2026 and taken in charge by `officer` on 3 Feb.
    pub async fn taken(&self, officer: &Actor) -> i64 {
        let id = self.received(2026, 2, 2).await;
        self.store
            .apply_action(officer, id, &Action::TakeInCharge, &clock(2026, 2, 3))
            .await
            .unwrap();
        id
    }

    /// The same, with a 10-bis notice sent on 4 Feb.
    pub async fn noticed(&self, officer: &Actor) -> i64 {
        let id = self.taken(officer).await;
        let notice = Action::SendNotice {
            reason: "Requisiti non provati".into(),
        };
        self.store
            .apply_action(officer, id, &notice, &clock(2026, 2, 4))
            .await
            .unwrap();
        id
    }

    pub async fn user(&self, username: &str, role: Role, department: Option<&str>) -> Actor {
        let new = NewUser {
            username: username.into(),
            full_name: format!("Nome {username}"),
            role,
            department: department.map(str::to_string),
            password: "password-di-prova".into(),
        };
        self.store.create_user(&new).await.unwrap().actor()
    }
}

pub fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 30, 0).unwrap()
}

pub fn clock(y: i32, m: u32, d: u32) -> FixedClock {
    FixedClock(at(y, m, d))
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn applicant(cf: &str, given: &str, family: &str) -> Applicant {
    Applicant {
        fiscal_code: FiscalCode::parse(cf).unwrap(),
        given_name: given.into(),
        family_name: family.into(),
        birth_date: Some(day(1985, 12, 10)),
        birth_place: Some("Roma".into()),
    }
}

/// A valid certificate request received at `received`.
pub fn certificate_request(received: DateTime<Utc>) -> NewSubmission {
    NewSubmission {
        service: "certificato-anagrafico".into(),
        applicant: applicant("RSSMRA85T10A562S", "Mario", "Rossi"),
        contact: Contact {
            email: Some("mario.rossi@esempio.it".into()),
            phone: None,
            address: None,
        },
        form: json!({
            "tipo_certificato": "Residenza",
            "intestatario": "RSSMRA85T10A562S",
            "uso": "Uso generico (in bollo)",
            "copie": 1
        }),
        attachments: vec![],
        received_at: received,
        channel: Channel::Portal,
        external_id: None,
    }
}
