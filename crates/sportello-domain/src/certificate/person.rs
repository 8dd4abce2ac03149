//! The person a certificate is about, as the population register (ANPR) knows them, and the members
//! of their family with the relation to the head of family.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::FiscalCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn letter(self) -> &'static str {
        match self {
            Sex::Male => "M",
            Sex::Female => "F",
        }
    }

    /// Picks the Italian word for this sex, e.g. `("celibe", "nubile")`.
    fn pick(self, male: &'static str, female: &'static str) -> &'static str {
        match self {
            Sex::Male => male,
            Sex::Female => female,
        }
    }
}

/// Where the birth is recorded in the civil-status registers (atto di nascita).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BirthAct {
    pub comune: String,
    pub year: i32,
    pub part: String,
    pub series: String,
    pub number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Residence {
    /// Street and number, e.g. `Via delle Torri 12`.
    pub address: String,
    /// Comune and province, e.g. `Forlì (FC)`.
    pub comune: String,
    pub since: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CivilStatus {
    Unmarried,
    Married,
    Widowed,
    Divorced,
    CivilUnion,
    CivilUnionDissolved,
}

impl CivilStatus {
    pub fn label(self, sex: Sex) -> &'static str {
        match self {
            CivilStatus::Unmarried => sex.pick("celibe", "nubile"),
            CivilStatus::Married => sex.pick("coniugato", "coniugata"),
            CivilStatus::Widowed => sex.pick("vedovo", "vedova"),
            CivilStatus::Divorced => sex.pick("divorziato", "divorziata"),
            CivilStatus::CivilUnion => sex.pick("unito civilmente", "unita civilmente"),
            CivilStatus::CivilUnionDissolved => "unione civile sciolta",
        }
    }

    /// Free to marry: what a «stato libero» certificate attests.
    pub fn is_free(self) -> bool {
        !matches!(self, CivilStatus::Married | CivilStatus::CivilUnion)
    }
}

/// Whether ANPR lets the Comune certify this person today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "status", rename_all = "camelCase")]
#[ts(export)]
pub enum Certifiability {
    Certifiable,
    Deceased { date: NaiveDate },
    Emigrated { date: NaiveDate },
    NotRegistered,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Person {
    #[ts(type = "string")]
    pub fiscal_code: FiscalCode,
    pub surname: String,
    pub name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    /// Comune and province, or the foreign state, e.g. `Forlì (FC)`.
    pub birth_place: String,
    pub birth_act: Option<BirthAct>,
    pub residence: Residence,
    pub civil_status: CivilStatus,
    /// As printed, e.g. `italiana`.
    pub citizenship: String,
    pub certifiability: Certifiability,
    /// A registry procedure still open on the person (e.g. a change of residence being checked).
    pub open_procedure: Option<String>,
}

impl Person {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.surname, self.name)
    }
}

/// The relation of a family member to the head of family (intestatario della scheda di famiglia).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "text", rename_all = "camelCase")]
#[ts(export)]
pub enum Relation {
    HeadOfFamily,
    Spouse,
    CivilPartner,
    Child,
    Parent,
    Sibling,
    Grandchild,
    Grandparent,
    ParentInLaw,
    ChildInLaw,
    Cohabitant,
    Other(String),
}

impl Relation {
    pub fn label(&self, sex: Sex) -> String {
        let word = match self {
            Relation::HeadOfFamily => "intestatario scheda",
            Relation::Spouse => "coniuge",
            Relation::CivilPartner => sex.pick("unito civilmente", "unita civilmente"),
            Relation::Child => sex.pick("figlio", "figlia"),
            Relation::Parent => sex.pick("padre", "madre"),
            Relation::Sibling => sex.pick("fratello", "sorella"),
            Relation::Grandchild => "nipote",
            Relation::Grandparent => sex.pick("nonno", "nonna"),
            Relation::ParentInLaw => sex.pick("suocero", "suocera"),
            Relation::ChildInLaw => sex.pick("genero", "nuora"),
            Relation::Cohabitant => "convivente",
            Relation::Other(text) => text.as_str(),
        };
        word.to_string()
    }
}

/// One line of a «stato di famiglia»: who, and how they relate to the head of family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FamilyMember {
    #[ts(type = "string")]
    pub fiscal_code: FiscalCode,
    pub surname: String,
    pub name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub birth_place: String,
    pub relation: Relation,
}

impl FamilyMember {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.surname, self.name)
    }
}

/// `15/03/2026`, as dates are printed on Italian certificates.
pub fn italian_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}
