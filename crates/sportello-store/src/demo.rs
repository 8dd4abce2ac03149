//! Demo data: a realistic, deterministic set of submissions for every seed service, made by the
//! project's own code paths (receive, then the real workflow actions in chronological order), so
//! history, protocol numbers and clocks are what real use would produce. Everything is marked demo.

use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};
use sportello_domain::catalogue::{Catalogue, ServiceDefinition};
use sportello_domain::clock::FixedClock;
use sportello_domain::policy::{self, IntakeScope, Permission, Principal};
use sportello_domain::submission::{Channel, NewSubmission};
use sportello_domain::user::{Actor, NewUser, Role};
use sportello_domain::workflow::Action;
use sportello_domain::AppError;

use crate::error::Result;
use crate::Store;

mod forms;
mod people;
mod residents;

use forms::{attachment, form_for};

/// The password of every demo user (shown on the login screen of a demo database).
pub const DEMO_PASSWORD: &str = "sportello-demo";

/// Deterministic pseudo-random numbers (SplitMix64): the same seed gives the same demo data.
#[derive(Debug)]
pub(crate) struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    pub(crate) fn pick_ref<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// (username, full name, role, department)
const USERS: [(&str, &str, Role, Option<&str>); 10] = [
    (
        "m.rossi",
        "Marco Rossi",
        Role::Operatore,
        Some("demografici"),
    ),
    (
        "l.bianchi",
        "Laura Bianchi",
        Role::Operatore,
        Some("demografici"),
    ),
    (
        "g.verdi",
        "Giovanna Verdi",
        Role::Responsabile,
        Some("demografici"),
    ),
    (
        "a.esposito",
        "Anna Esposito",
        Role::Operatore,
        Some("sociali"),
    ),
    (
        "f.romano",
        "Franco Romano",
        Role::Responsabile,
        Some("sociali"),
    ),
    ("s.colombo", "Sara Colombo", Role::Operatore, Some("scuola")),
    ("p.ricci", "Paolo Ricci", Role::Operatore, Some("suap")),
    (
        "d.marino",
        "Davide Marino",
        Role::Operatore,
        Some("lavori-pubblici"),
    ),
    ("e.conti", "Elena Conti", Role::Protocollo, None),
    (
        "admin",
        "Amministratore di sistema",
        Role::Amministratore,
        None,
    ),
];

/// What `load` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub users: usize,
    pub submissions: usize,
    pub actions: usize,
}

/// One step of the demo timeline.
#[derive(Debug)]
pub(crate) enum Step {
    Receive(Box<NewSubmission>),
    /// The submission, to be made again from this generator state when it is needed (a bulk load
    /// of a million keeps states, not submissions, in memory).
    Seeded(u64),
    Act(usize, Action),
}

/// A demo timeline: every submission's steps, in the order they happen (time, then submission).
pub(crate) type Timeline = Vec<(DateTime<Utc>, usize, Step)>;

impl Store {
    /// Loads the demo users and `count` submissions received over the 120 days before `now`: the
    /// installation (`who` is the System principal) registers them, the demo officers act on them.
    pub async fn load_demo(
        &self,
        who: &Principal,
        now: DateTime<Utc>,
        count: usize,
        seed: u64,
    ) -> Result<DemoSummary> {
        self.demo(who, now, count, seed, false).await
    }

    /// The same demo as [`Store::load_demo`] with the same arguments, written by the database's bulk
    /// path: the rows each receipt and move would write, computed by the domain's rules (see
    /// `engine/bulk.rs`), with a small stand-in for each decision letter's PDF. For benchmarks at a
    /// million submissions; the tests check it against `load_demo`.
    pub async fn generate_demo(
        &self,
        who: &Principal,
        now: DateTime<Utc>,
        count: usize,
        seed: u64,
    ) -> Result<DemoSummary> {
        self.demo(who, now, count, seed, true).await
    }

    async fn demo(
        &self,
        who: &Principal,
        now: DateTime<Utc>,
        count: usize,
        seed: u64,
        bulk: bool,
    ) -> Result<DemoSummary> {
        let intake = policy::intake_scope(who).map_err(AppError::from)?;
        let actors = self.demo_users(who).await?;
        let mut rng = Rng(seed);
        let timeline = self.timeline(&mut rng, &actors, now, count, bulk);
        let actions = match (bulk, self) {
            (true, Store::Sqlite(s)) => s.bulk_load(&intake, &actors, &timeline, now).await?,
            (true, Store::Postgres(s)) => s.bulk_load(&intake, &actors, &timeline, now).await?,
            (false, _) => self.drive(&intake, &actors, timeline, now, count).await?,
        };
        self.load_demo_residents(&mut rng, now.date_naive()).await?;
        Ok(DemoSummary {
            users: USERS.len(),
            submissions: count,
            actions,
        })
    }

    /// Drives the timeline through the use cases: each submission received, each move acted.
    async fn drive(
        &self,
        intake: &IntakeScope,
        actors: &[Actor],
        timeline: Timeline,
        now: DateTime<Utc>,
        count: usize,
    ) -> Result<usize> {
        let mut ids = vec![None; count];
        let mut actions = 0;
        for (at, i, step) in timeline {
            match step {
                Step::Receive(new) => {
                    ids[i] = Some(self.receive(intake, &new, true, &FixedClock(at)).await?);
                }
                Step::Seeded(state) => {
                    let new = submission_again(self.catalogue(), state, i, actors, now);
                    ids[i] = Some(self.receive(intake, &new, true, &FixedClock(at)).await?);
                }
                Step::Act(actor, action) => {
                    let Some(id) = ids[i] else { continue };
                    let who = Principal::User(actors[actor].clone());
                    let scope = policy::department_scope(&who, Permission::ViewSubmission)
                        .map_err(AppError::from)?;
                    match self.act(&scope, id, &action, &FixedClock(at)).await {
                        Ok(()) => actions += 1,
                        Err(e) => tracing::debug!(submission = id, error = %e, "demo step skipped"),
                    }
                }
            }
        }
        Ok(actions)
    }

    /// The demo users and the demo settings.
    async fn demo_users(&self, who: &Principal) -> Result<Vec<Actor>> {
        let admin = policy::admin_scope(who, Permission::ManageUsers).map_err(AppError::from)?;
        let mut actors = Vec::new();
        for (username, full_name, role, department) in USERS {
            let new = NewUser {
                username: username.into(),
                full_name: full_name.into(),
                role,
                department: department.map(str::to_string),
                password: DEMO_PASSWORD.into(),
            };
            actors.push(self.create_user(&admin, &new, true).await?.actor());
        }
        self.set_setting("demo", "1").await?;
        self.set_setting("comune_name", "Comune di Borgo Esempio")
            .await?;
        Ok(actors)
    }

    /// Every demo submission's life, in the order it happens; `seeded` keeps each submission as
    /// the generator state that makes it again (see [`submission_again`]).
    fn timeline(
        &self,
        rng: &mut Rng,
        actors: &[Actor],
        now: DateTime<Utc>,
        count: usize,
        seeded: bool,
    ) -> Timeline {
        let services = &self.catalogue().services;
        let mut timeline: Timeline = Vec::new();
        for i in 0..count {
            let service = &services[i % services.len()];
            let state = rng.0;
            timeline.extend(
                plan(rng, service, actors, now)
                    .into_iter()
                    .map(|(t, s)| match s {
                        Step::Receive(_) if seeded => (t, i, Step::Seeded(state)),
                        s => (t, i, s),
                    }),
            );
        }
        timeline.sort_by_key(|(t, i, _)| (*t, *i));
        timeline
    }
}

/// The `i`-th demo submission again, from the generator state its plan started with.
pub(crate) fn submission_again(
    catalogue: &Catalogue,
    state: u64,
    i: usize,
    actors: &[Actor],
    now: DateTime<Utc>,
) -> NewSubmission {
    let services = &catalogue.services;
    let steps = plan(&mut Rng(state), &services[i % services.len()], actors, now);
    match steps.into_iter().next() {
        Some((_, Step::Receive(new))) => *new,
        _ => unreachable!("a plan always starts with the submission"),
    }
}

/// `count` valid demo submissions received over the 120 days before `now` (for benchmarks and imports).
pub fn sample_submissions(
    store: &Store,
    now: DateTime<Utc>,
    count: usize,
    seed: u64,
) -> Vec<NewSubmission> {
    let mut rng = Rng(seed);
    let services = &store.catalogue().services;
    (0..count)
        .map(|i| {
            let steps = plan(&mut rng, &services[i % services.len()], &[], now);
            match steps.into_iter().next() {
                Some((_, Step::Receive(new))) => *new,
                _ => unreachable!("a plan always starts with the submission"),
            }
        })
        .collect()
}

fn office_hour(rng: &mut Rng, day: NaiveDate) -> DateTime<Utc> {
    let naive = day
        .and_hms_opt(7 + rng.below(9) as u32, rng.below(60) as u32, 0)
        .unwrap_or_default();
    Utc.from_utc_datetime(&naive)
}

/// The life of one demo submission: received, then a path through the workflow cut at `now`.
fn plan(
    rng: &mut Rng,
    service: &ServiceDefinition,
    actors: &[Actor],
    now: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, Step)> {
    let received_day = now.date_naive() - Days::new(rng.below(120));
    let received = office_hour(rng, received_day).min(now - Duration::minutes(5));
    let (applicant, contact) = people::person(rng, received_day);
    let form = form_for(rng, service, &applicant, received_day);
    let attachments = service
        .attachments
        .iter()
        .filter(|a| a.required || rng.below(2) == 0)
        .map(|a| attachment(a.key.clone(), &a.label, &a.media_types[0]))
        .collect();
    let new = NewSubmission {
        service: service.id.clone(),
        applicant,
        contact,
        form,
        attachments,
        received_at: received,
        channel: Channel::Demo,
        external_id: None,
    };
    let officers: Vec<usize> = (0..actors.len())
        .filter(|i| {
            actors[*i].department.as_deref() == Some(service.department.as_str())
                && actors[*i].role == Role::Operatore
        })
        .collect();
    let mut steps = vec![(received, Step::Receive(Box::new(new)))];
    let Some(&officer) = officers.get(rng.below(officers.len() as u64) as usize) else {
        return steps;
    };
    let text = |s: &str| s.to_string();
    let path: Vec<Action> = match rng.below(20) {
        0..=4 => vec![],
        5..=7 => vec![Action::TakeInCharge],
        8..=9 => vec![
            Action::TakeInCharge,
            Action::RequestIntegration {
                reason: text("Manca un documento: si prega di integrarlo."),
            },
        ],
        10..=11 => vec![
            Action::TakeInCharge,
            Action::RequestIntegration {
                reason: text("Manca un documento: si prega di integrarlo."),
            },
            Action::RecordIntegration {
                note: text("Documento ricevuto via PEC."),
                documents: Vec::new(),
            },
        ],
        12..=15 => vec![
            Action::TakeInCharge,
            Action::Approve {
                reason: text("Requisiti verificati: la richiesta è accolta."),
            },
        ],
        16..=17 if !service.notice_10bis => vec![
            Action::TakeInCharge,
            Action::Reject {
                reason: text("Requisiti del bando non posseduti."),
            },
        ],
        16 => vec![
            Action::TakeInCharge,
            Action::SendNotice {
                reason: text("Requisiti non presenti alla data della domanda."),
            },
        ],
        17 => vec![
            Action::TakeInCharge,
            Action::SendNotice {
                reason: text("Requisiti non presenti alla data della domanda."),
            },
            Action::RecordObservations {
                text: text("Il cittadino allega una dichiarazione."),
                documents: Vec::new(),
            },
            Action::ConfirmRejection {
                reason: text("I requisiti restano non provati."),
                answer: text("La dichiarazione non sostituisce il documento richiesto."),
            },
        ],
        18 => vec![
            Action::TakeInCharge,
            Action::RejectInadmissible {
                reason: text("Domanda duplicata."),
            },
        ],
        // The withdrawal is recorded by the officer who took the submission (its RdP).
        _ => vec![
            Action::TakeInCharge,
            Action::Withdraw {
                note: text("Il cittadino ha comunicato la rinuncia per telefono."),
            },
        ],
    };
    let mut at = received;
    for action in path {
        at += Duration::hours(20 + rng.below(24 * 6) as i64);
        if matches!(action, Action::ConfirmRejection { .. }) {
            at += Duration::days(11);
        }
        if at >= now {
            break;
        }
        steps.push((at, Step::Act(officer, action)));
    }
    steps
}
