//! Invented Italian people for the demo data: names, addresses and valid fiscal codes.

use chrono::{Datelike, NaiveDate};
use sportello_domain::fiscal_code::check_character;
use sportello_domain::submission::{Applicant, Contact};
use sportello_domain::FiscalCode;

use super::Rng;

const MALE: [&str; 20] = [
    "Marco",
    "Giuseppe",
    "Luca",
    "Francesco",
    "Alessandro",
    "Andrea",
    "Matteo",
    "Lorenzo",
    "Davide",
    "Simone",
    "Antonio",
    "Giovanni",
    "Roberto",
    "Stefano",
    "Nicolò",
    "Paolo",
    "Salvatore",
    "Fabio",
    "Emanuele",
    "Tommaso",
];
const FEMALE: [&str; 20] = [
    "Giulia",
    "Francesca",
    "Chiara",
    "Sara",
    "Martina",
    "Anna",
    "Valentina",
    "Federica",
    "Elena",
    "Alessia",
    "Laura",
    "Maria",
    "Silvia",
    "Paola",
    "Ilaria",
    "Beatrice",
    "Noemi",
    "Aurora",
    "Rosa",
    "Lucia",
];
const SURNAMES: [&str; 30] = [
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
    "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo",
    "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso",
    "Ferrara", "Galli", "D'Angelo", "Leone",
];
/// (place of birth, cadastral code)
const PLACES: [(&str, &str); 10] = [
    ("Roma", "H501"),
    ("Milano", "F205"),
    ("Napoli", "F839"),
    ("Torino", "L219"),
    ("Bologna", "A944"),
    ("Firenze", "D612"),
    ("Bari", "A662"),
    ("Palermo", "G273"),
    ("Pescara", "G482"),
    ("Perugia", "G478"),
];
const STREETS: [&str; 12] = [
    "Via Roma",
    "Via Garibaldi",
    "Corso Vittorio Emanuele II",
    "Via Mazzini",
    "Piazza della Repubblica",
    "Via Dante Alighieri",
    "Via XX Settembre",
    "Via Cavour",
    "Viale dei Mille",
    "Via San Francesco",
    "Via delle Rose",
    "Largo Matteotti",
];

fn letters(s: &str) -> (Vec<char>, Vec<char>) {
    let up: Vec<char> = s
        .to_uppercase()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect();
    up.iter().partition(|c| !"AEIOU".contains(**c))
}

fn surname_code(s: &str) -> String {
    let (cons, vow) = letters(s);
    cons.iter()
        .chain(vow.iter())
        .chain(['X'; 3].iter())
        .take(3)
        .collect()
}

fn name_code(s: &str) -> String {
    let (cons, vow) = letters(s);
    if cons.len() >= 4 {
        [cons[0], cons[2], cons[3]].iter().collect()
    } else {
        cons.iter()
            .chain(vow.iter())
            .chain(['X'; 3].iter())
            .take(3)
            .collect()
    }
}

/// A fiscal code computed from the person's data, for demo people only (the product never derives one).
fn fiscal_code(
    family: &str,
    given: &str,
    birth: NaiveDate,
    female: bool,
    place: &str,
) -> FiscalCode {
    let month = "ABCDEHLMPRST"
        .chars()
        .nth(birth.month0() as usize)
        .unwrap_or('A');
    let day = birth.day() + if female { 40 } else { 0 };
    let first15 = format!(
        "{}{}{:02}{}{:02}{}",
        surname_code(family),
        name_code(given),
        birth.year() % 100,
        month,
        day,
        place
    );
    let chars: Vec<char> = first15.chars().collect();
    let code = format!("{first15}{}", check_character(&chars));
    FiscalCode::parse(&code).unwrap_or_else(|e| panic!("demo fiscal code {code} is invalid: {e}"))
}

pub(super) fn person(rng: &mut Rng, today: NaiveDate) -> (Applicant, Contact) {
    let female = rng.below(2) == 0;
    let given = if female {
        rng.pick(&FEMALE)
    } else {
        rng.pick(&MALE)
    };
    let family = rng.pick(&SURNAMES);
    let (place, code) = *rng.pick_ref(&PLACES);
    let age_days = 365 * (18 + rng.below(70) as i64) + rng.below(365) as i64;
    let birth = today - chrono::Days::new(age_days as u64);
    let fiscal_code = fiscal_code(family, given, birth, female, code);
    let mail_name: String = format!("{given}.{family}")
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let contact = Contact {
        email: Some(format!("{mail_name}{}@esempio.it", rng.below(90) + 10)),
        phone: Some(format!(
            "3{}{} {:07}",
            rng.below(5) + 3,
            rng.below(10),
            rng.below(10_000_000)
        )),
        address: Some(format!(
            "{}, {} - 65100 Borgo Esempio",
            rng.pick(&STREETS),
            rng.below(120) + 1
        )),
    };
    let applicant = Applicant {
        fiscal_code,
        given_name: given.to_string(),
        family_name: family.to_string(),
        birth_date: Some(birth),
        birth_place: Some(place.to_string()),
    };
    (applicant, contact)
}

/// A valid Italian IBAN with computed check digits.
pub(super) fn iban(rng: &mut Rng) -> String {
    let bban = format!("X0542811101{:012}", rng.below(1_000_000_000_000));
    let numeric: String = format!("{bban}IT00")
        .chars()
        .map(|c| c.to_digit(36).map_or(String::new(), |d| d.to_string()))
        .collect();
    let rem = numeric
        .bytes()
        .fold(0u32, |acc, b| (acc * 10 + u32::from(b - b'0')) % 97);
    format!("IT{:02}{bban}", 98 - rem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_people_have_valid_fiscal_codes_and_ibans() {
        let mut rng = Rng(7);
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        for _ in 0..500 {
            let (a, _) = person(&mut rng, today);
            assert!(FiscalCode::parse(a.fiscal_code.as_str()).is_ok());
            assert!(sportello_domain::catalogue::is_iban(&iban(&mut rng)));
        }
        assert_eq!(surname_code("De Luca"), "DLC");
        assert_eq!(name_code("Francesca"), "FNC");
        assert_eq!(surname_code("Fo"), "FOX");
    }
}
