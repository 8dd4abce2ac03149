//! The Comune's population register (anagrafe) as certificates need it: a person by fiscal code and
//! the members of their family, as the domain's [`Person`] and [`FamilyMember`]. In production it is
//! kept in step with ANPR; the demo fills it.

use chrono::NaiveDate;
use sportello_domain::certificate::{
    BirthAct, Certifiability, CivilStatus, FamilyMember, Person, Residence, Sex,
};
use sportello_domain::FiscalCode;
use sqlx::Row;

use super::dialect::DbRow;
use super::Store;
use crate::error::Result;
use crate::model::{code, corrupt, decode, Resident};

const RESIDENT_COLUMNS: &str = "fiscal_code, family_name, given_name, sex, birth_date, birth_place,
    birth_comune, birth_year, birth_part, birth_series, birth_number, citizenship, civil_status, address,
    residence_comune, resident_since, family_id, relation, status, status_date, open_procedure";

fn certifiability(r: &DbRow) -> Result<Certifiability> {
    let status: String = r.try_get("status")?;
    let date: Option<NaiveDate> = r.try_get("status_date")?;
    Ok(match (status.as_str(), date) {
        ("deceased", Some(date)) => Certifiability::Deceased { date },
        ("emigrated", Some(date)) => Certifiability::Emigrated { date },
        ("certifiable", _) => Certifiability::Certifiable,
        ("notRegistered", _) => Certifiability::NotRegistered,
        (other, date) => return Err(corrupt("status", format!("{other:?} on {date:?}"))),
    })
}

fn resident(r: &DbRow) -> Result<Resident> {
    let birth_number: Option<String> = r.try_get("birth_number")?;
    let birth_act = match birth_number {
        Some(number) => Some(BirthAct {
            comune: r
                .try_get::<Option<String>, _>("birth_comune")?
                .unwrap_or_default(),
            year: r
                .try_get::<Option<i64>, _>("birth_year")?
                .and_then(|y| i32::try_from(y).ok())
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
        sex: match r.try_get::<String, _>("sex")?.as_str() {
            "F" => Sex::Female,
            "M" => Sex::Male,
            other => return Err(corrupt("sex", other)),
        },
        birth_date: r.try_get("birth_date")?,
        birth_place: r.try_get("birth_place")?,
        birth_act,
        residence: Residence {
            address: r.try_get("address")?,
            comune: r.try_get("residence_comune")?,
            since: r.try_get("resident_since")?,
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

impl Store {
    /// A person of the register by fiscal code.
    pub async fn resident(&self, fiscal_code: &str) -> Result<Option<Resident>> {
        let sql = format!("SELECT {RESIDENT_COLUMNS} FROM residents WHERE fiscal_code = $1");
        let row = sqlx::query(&sql)
            .bind(fiscal_code)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(resident).transpose()
    }

    /// The members of a family still in the register, the head first.
    pub async fn family(&self, family_id: i64) -> Result<Vec<FamilyMember>> {
        let sql = format!(
            "SELECT {RESIDENT_COLUMNS} FROM residents WHERE family_id = $1 AND status = 'certifiable'
             ORDER BY relation NOT LIKE '%headOfFamily%', birth_date"
        );
        let rows = sqlx::query(&sql)
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
            Certifiability::Deceased { date } => ("deceased", Some(*date)),
            Certifiability::Emigrated { date } => ("emigrated", Some(*date)),
            Certifiability::NotRegistered => ("notRegistered", None),
        };
        sqlx::query(
            "INSERT INTO residents (fiscal_code, family_name, given_name, sex, birth_date, birth_place,
               birth_comune, birth_year, birth_part, birth_series, birth_number, citizenship, civil_status,
               address, residence_comune, resident_since, family_id, relation, status, status_date,
               open_procedure, demo)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
             ON CONFLICT (fiscal_code) DO UPDATE SET family_name = excluded.family_name,
               given_name = excluded.given_name, sex = excluded.sex, birth_date = excluded.birth_date,
               birth_place = excluded.birth_place, birth_comune = excluded.birth_comune,
               birth_year = excluded.birth_year, birth_part = excluded.birth_part,
               birth_series = excluded.birth_series, birth_number = excluded.birth_number,
               citizenship = excluded.citizenship, civil_status = excluded.civil_status,
               address = excluded.address, residence_comune = excluded.residence_comune,
               resident_since = excluded.resident_since, family_id = excluded.family_id,
               relation = excluded.relation, status = excluded.status, status_date = excluded.status_date,
               open_procedure = excluded.open_procedure, demo = excluded.demo",
        )
        .bind(p.fiscal_code.as_str())
        .bind(&p.surname)
        .bind(&p.name)
        .bind(p.sex.letter())
        .bind(p.birth_date)
        .bind(&p.birth_place)
        .bind(act.map(|a| a.comune.as_str()))
        .bind(act.map(|a| i64::from(a.year)))
        .bind(act.map(|a| a.part.as_str()))
        .bind(act.map(|a| a.series.as_str()))
        .bind(act.map(|a| a.number.as_str()))
        .bind(&p.citizenship)
        .bind(code(&p.civil_status))
        .bind(&p.residence.address)
        .bind(&p.residence.comune)
        .bind(p.residence.since)
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

impl Store {
    /// The applicants of the demo's certificate requests, with their address, first seen first (the
    /// demo's population register is made from them).
    pub async fn demo_certificate_applicants(
        &self,
    ) -> Result<Vec<(sportello_domain::submission::Applicant, Option<String>)>> {
        let rows = sqlx::query(
            "SELECT fiscal_code, MIN(family_name) AS family_name, MIN(given_name) AS given_name,
                    MIN(birth_date) AS birth_date, MIN(birth_place) AS birth_place, MIN(address) AS address
             FROM submissions WHERE service = 'certificato-anagrafico' AND demo = TRUE
             GROUP BY fiscal_code ORDER BY MIN(id)",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let cf: String = r.try_get("fiscal_code")?;
                let applicant = sportello_domain::submission::Applicant {
                    fiscal_code: FiscalCode::parse(&cf).map_err(|e| corrupt("fiscal_code", e))?,
                    given_name: r.try_get("given_name")?,
                    family_name: r.try_get("family_name")?,
                    birth_date: r.try_get("birth_date")?,
                    birth_place: r.try_get("birth_place")?,
                };
                Ok((applicant, r.try_get("address")?))
            })
            .collect()
    }
}
