//! The Comune's population register (anagrafe) as certificates need it: a person by fiscal code and
//! the members of their family, as the domain's [`Person`] and [`FamilyMember`]. In production it is
//! kept in step with ANPR; the demo fills it.

use serde::de::DeserializeOwned;
use serde::Serialize;
use sportello_domain::certificate::{
    BirthAct, Certifiability, CivilStatus, FamilyMember, Person, Relation, Residence, Sex,
};
use sportello_domain::FiscalCode;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use crate::error::{Result, StoreError};
use crate::{time, Store};

/// A person as the register keeps them: the person, their family and their place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resident {
    pub person: Person,
    pub family_id: i64,
    pub relation: Relation,
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("residents.{what}: {e}"))
}

/// A unit enum as its bare serde name (`married`), or a tagged one as JSON.
fn code<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn decode<T: DeserializeOwned>(what: &str, raw: &str) -> Result<T> {
    let value = if raw.starts_with('{') {
        serde_json::from_str(raw)
    } else {
        serde_json::from_value(serde_json::Value::String(raw.to_string()))
    };
    value.map_err(|e| corrupt(what, e))
}

fn certifiability(r: &SqliteRow) -> Result<Certifiability> {
    let status: String = r.try_get("status")?;
    let date = time::parse_opt_date(r.try_get::<Option<String>, _>("status_date")?.as_deref())?;
    Ok(match (status.as_str(), date) {
        ("deceased", Some(date)) => Certifiability::Deceased { date },
        ("emigrated", Some(date)) => Certifiability::Emigrated { date },
        ("certifiable", _) => Certifiability::Certifiable,
        _ => Certifiability::NotRegistered,
    })
}

fn resident(r: &SqliteRow) -> Result<Resident> {
    let birth_number: Option<String> = r.try_get("birth_number")?;
    let birth_act = match birth_number {
        Some(number) => Some(BirthAct {
            comune: r
                .try_get::<Option<String>, _>("birth_comune")?
                .unwrap_or_default(),
            year: r
                .try_get::<Option<i32>, _>("birth_year")?
                .unwrap_or_default(),
            part: r
                .try_get::<Option<String>, _>("birth_part")?
                .unwrap_or_default(),
            series: r
                .try_get::<Option<String>, _>("birth_series")?
                .unwrap_or_default(),
            number,
        }),
        None => None,
    };
    let fiscal_code: String = r.try_get("fiscal_code")?;
    let person = Person {
        fiscal_code: FiscalCode::parse(&fiscal_code).map_err(|e| corrupt("fiscal_code", e))?,
        surname: r.try_get("family_name")?,
        name: r.try_get("given_name")?,
        sex: if r.try_get::<String, _>("sex")? == "F" {
            Sex::Female
        } else {
            Sex::Male
        },
        birth_date: time::parse_date(&r.try_get::<String, _>("birth_date")?)?,
        birth_place: r.try_get("birth_place")?,
        birth_act,
        residence: Residence {
            address: r.try_get("address")?,
            comune: r.try_get("residence_comune")?,
            since: time::parse_date(&r.try_get::<String, _>("resident_since")?)?,
        },
        civil_status: decode::<CivilStatus>(
            "civil_status",
            &r.try_get::<String, _>("civil_status")?,
        )?,
        citizenship: r.try_get("citizenship")?,
        certifiability: certifiability(r)?,
        open_procedure: r.try_get("open_procedure")?,
    };
    Ok(Resident {
        person,
        family_id: r.try_get("family_id")?,
        relation: decode("relation", &r.try_get::<String, _>("relation")?)?,
    })
}

impl Resident {
    pub fn member(&self) -> FamilyMember {
        let p = &self.person;
        FamilyMember {
            fiscal_code: p.fiscal_code.clone(),
            surname: p.surname.clone(),
            name: p.name.clone(),
            sex: p.sex,
            birth_date: p.birth_date,
            birth_place: p.birth_place.clone(),
            relation: self.relation.clone(),
        }
    }
}

impl Store {
    /// A person of the register by fiscal code.
    pub async fn resident(&self, fiscal_code: &str) -> Result<Option<Resident>> {
        let row = sqlx::query("SELECT * FROM residents WHERE fiscal_code = ?")
            .bind(fiscal_code)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(resident).transpose()
    }

    /// The members of a family still in the register, the head first.
    pub async fn family(&self, family_id: i64) -> Result<Vec<FamilyMember>> {
        let rows = sqlx::query(
            "SELECT * FROM residents WHERE family_id = ? AND status = 'certifiable'
             ORDER BY relation NOT LIKE '%headOfFamily%', birth_date",
        )
        .bind(family_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(resident(r)?.member())).collect()
    }

    /// Adds or replaces a person (the register's synchronisation and the demo use it).
    pub async fn put_resident(&self, r: &Resident, demo: bool) -> Result<()> {
        let p = &r.person;
        let act = p.birth_act.as_ref();
        let (status, status_date) = match &p.certifiability {
            Certifiability::Certifiable => ("certifiable", None),
            Certifiability::Deceased { date } => ("deceased", Some(time::date(*date))),
            Certifiability::Emigrated { date } => ("emigrated", Some(time::date(*date))),
            Certifiability::NotRegistered => ("notRegistered", None),
        };
        sqlx::query(
            "INSERT OR REPLACE INTO residents (fiscal_code, family_name, given_name, sex, birth_date, birth_place,
               birth_comune, birth_year, birth_part, birth_series, birth_number, citizenship, civil_status,
               address, residence_comune, resident_since, family_id, relation, status, status_date,
               open_procedure, demo)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(p.fiscal_code.as_str())
        .bind(&p.surname)
        .bind(&p.name)
        .bind(p.sex.letter())
        .bind(time::date(p.birth_date))
        .bind(&p.birth_place)
        .bind(act.map(|a| a.comune.as_str()))
        .bind(act.map(|a| a.year))
        .bind(act.map(|a| a.part.as_str()))
        .bind(act.map(|a| a.series.as_str()))
        .bind(act.map(|a| a.number.as_str()))
        .bind(&p.citizenship)
        .bind(code(&p.civil_status))
        .bind(&p.residence.address)
        .bind(&p.residence.comune)
        .bind(time::date(p.residence.since))
        .bind(r.family_id)
        .bind(code(&r.relation))
        .bind(status)
        .bind(status_date)
        .bind(&p.open_procedure)
        .bind(demo)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
