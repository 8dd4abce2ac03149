//! Demo population register: every person a demo certificate request is about, with a family, so each
//! certificate type has something to print. A few are deliberately not certifiable (emigrated, or with
//! a pending procedure) so the blocking checks show up in the demo too.

use chrono::{Datelike, Days, NaiveDate};
use sportello_domain::certificate::{
    BirthAct, Certifiability, CivilStatus, Person, Relation, Residence, Sex,
};
use sportello_domain::submission::Applicant;

use super::{people, Rng};
use crate::error::Result;
use crate::{Resident, Store};

const COMUNE: &str = "Borgo Esempio (PE)";

fn birth_act(rng: &mut Rng, place: &str, birth: NaiveDate) -> BirthAct {
    BirthAct {
        comune: place.to_string(),
        year: birth.year(),
        part: "I".into(),
        series: if rng.below(3) == 0 {
            "A".into()
        } else {
            String::new()
        },
        number: (rng.below(900) + 1).to_string(),
    }
}

fn sex_of(applicant: &Applicant) -> Sex {
    let day: u32 = applicant.fiscal_code.as_str()[9..11].parse().unwrap_or(0);
    if day > 40 {
        Sex::Female
    } else {
        Sex::Male
    }
}

fn registered(
    rng: &mut Rng,
    a: &Applicant,
    today: NaiveDate,
    address: &str,
    civil: CivilStatus,
) -> Person {
    let birth = a.birth_date.unwrap_or(today - Days::new(40 * 365));
    let place = a.birth_place.clone().unwrap_or_else(|| COMUNE.into());
    Person {
        fiscal_code: a.fiscal_code.clone(),
        surname: a.family_name.clone(),
        name: a.given_name.clone(),
        sex: sex_of(a),
        birth_act: Some(birth_act(rng, &place, birth)),
        birth_date: birth,
        birth_place: place,
        residence: Residence {
            address: address.to_string(),
            comune: COMUNE.into(),
            since: today - Days::new(365 + rng.below(9000)),
        },
        civil_status: civil,
        citizenship: "italiana".into(),
        certifiability: Certifiability::Certifiable,
        open_procedure: None,
    }
}

impl Store {
    /// Registers every person the demo's certificate requests are about, each with a family.
    pub(super) async fn load_demo_residents(
        &self,
        rng: &mut Rng,
        today: NaiveDate,
    ) -> Result<usize> {
        let rows = self.demo_certificate_applicants().await?;
        let mut count = 0;
        for (i, (head, address)) in rows.into_iter().enumerate() {
            let family_id = i as i64 + 1;
            let address = address
                .and_then(|a| a.split(" - ").next().map(str::to_string))
                .unwrap_or_else(|| "Via Roma, 1".into());
            let married = i % 3 != 2;
            let civil = if married {
                CivilStatus::Married
            } else {
                CivilStatus::Unmarried
            };
            let mut person = registered(rng, &head, today, &address, civil);
            if i % 10 == 9 {
                person.citizenship = "marocchina".into();
            }
            if i % 13 == 5 {
                person.certifiability = Certifiability::Emigrated {
                    date: today - Days::new(40),
                };
            } else if i % 17 == 7 {
                person.open_procedure =
                    Some("cambio di abitazione in corso di accertamento".into());
            }
            let members = usize::from(married) + rng.below(3) as usize;
            self.put_resident(
                &Resident {
                    person,
                    family_id,
                    relation: Relation::HeadOfFamily,
                },
                true,
            )
            .await?;
            count += 1;
            for m in 0..members {
                let (who, _) = people::person(rng, today);
                let (relation, civil) = if married && m == 0 {
                    (Relation::Spouse, CivilStatus::Married)
                } else {
                    (Relation::Child, CivilStatus::Unmarried)
                };
                let person = registered(rng, &who, today, &address, civil);
                self.put_resident(
                    &Resident {
                        person,
                        family_id,
                        relation,
                    },
                    true,
                )
                .await?;
                count += 1;
            }
        }
        Ok(count)
    }
}
