//! People and their identifiers: names, birth places, fiscal codes with a correct check character,
//! Italian IBANs (CIN and check digits), VAT numbers. Written here on purpose, independent of
//! `sportello-domain`, so a mistake in Sportello's own validation is not copied into its test data.

use chrono::NaiveDate;

use crate::rng::Rng;

pub const GIVEN_MALE: [&str; 12] = [
    "Mario",
    "Luca",
    "Paolo",
    "Marco",
    "Giuseppe",
    "Antonio",
    "Francesco",
    "Davide",
    "Matteo",
    "Andrea",
    "Nicola",
    "Stefano",
];
pub const GIVEN_FEMALE: [&str; 12] = [
    "Giulia",
    "Sara",
    "Anna",
    "Elena",
    "Francesca",
    "Chiara",
    "Valentina",
    "Martina",
    "Federica",
    "Alessia",
    "Ilaria",
    "Rosa",
];
pub const FAMILY: [&str; 16] = [
    "Rossi", "Bianchi", "Russo", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci", "Marino",
    "Greco", "Bruno", "Gallo", "Di Marco", "De Luca", "D'Angelo", "Fontana",
];
/// Birth places with their cadastral (Belfiore) codes.
pub const PLACES: [(&str, &str, &str); 10] = [
    ("Roma", "H501", "RM"),
    ("Milano", "F205", "MI"),
    ("Napoli", "F839", "NA"),
    ("Pescara", "G482", "PE"),
    ("Montesilvano", "F646", "PE"),
    ("Chieti", "C632", "CH"),
    ("Torino", "L219", "TO"),
    ("Bologna", "A944", "BO"),
    ("Firenze", "D612", "FI"),
    ("Bari", "A662", "BA"),
];
const STREETS: [&str; 8] = [
    "Via Roma",
    "Corso Umberto I",
    "Via Vestina",
    "Viale Europa",
    "Via Garibaldi",
    "Piazza Diaz",
    "Via Marinelli",
    "Via Verrotti",
];

/// Someone the generator made up.
#[derive(Debug, Clone)]
pub struct Person {
    pub given: String,
    pub family: String,
    pub female: bool,
    pub born: NaiveDate,
    pub place: usize,
    pub fiscal_code: String,
}

impl Person {
    /// A person born between the two years.
    pub fn new(rng: &mut Rng, from_year: i32, to_year: i32) -> Self {
        let female = rng.chance(0.5);
        let given = if female {
            rng.pick(&GIVEN_FEMALE)
        } else {
            rng.pick(&GIVEN_MALE)
        };
        let family = *rng.pick(&FAMILY);
        let year = i32::try_from(rng.between(i64::from(from_year), i64::from(to_year)))
            .unwrap_or(from_year);
        let born = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default()
            + chrono::Days::new(rng.between(0, 364).unsigned_abs());
        let place = rng.below(PLACES.len());
        let fiscal_code = fiscal_code(family, given, born, female, PLACES[place].1);
        Self {
            given: (*given).to_owned(),
            family: family.to_owned(),
            female,
            born,
            place,
            fiscal_code,
        }
    }

    pub fn place_name(&self) -> &'static str {
        PLACES[self.place].0
    }

    pub fn email(&self) -> String {
        let clean = |s: &str| s.to_lowercase().replace([' ', '\''], "");
        format!("{}.{}@esempio.it", clean(&self.given), clean(&self.family))
    }
}

pub fn street(rng: &mut Rng) -> (&'static str, String) {
    (*rng.pick(&STREETS), rng.between(1, 180).to_string())
}

pub fn mobile(rng: &mut Rng) -> String {
    format!(
        "3{}{}",
        rng.pick(&["20", "28", "33", "39", "47"]),
        rng.digits(7)
    )
}

fn letters(s: &str, vowels: bool) -> Vec<char> {
    s.to_ascii_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic() && "AEIOU".contains(*c) == vowels)
        .collect()
}

fn three(mut chars: Vec<char>, vowels: Vec<char>) -> String {
    chars.extend(vowels);
    chars.extend(['X', 'X', 'X']);
    chars[..3].iter().collect()
}

/// The fiscal code of a natural person (surname, name, birth date and sex, place, check character).
pub fn fiscal_code(
    family: &str,
    given: &str,
    born: NaiveDate,
    female: bool,
    place: &str,
) -> String {
    use chrono::Datelike;
    let surname = three(letters(family, false), letters(family, true));
    let consonants = letters(given, false);
    let name = if consonants.len() >= 4 {
        [consonants[0], consonants[2], consonants[3]]
            .iter()
            .collect()
    } else {
        three(consonants, letters(given, true))
    };
    let month = "ABCDEHLMPRST".as_bytes()[born.month0() as usize] as char;
    let day = born.day() + if female { 40 } else { 0 };
    let first15 = format!(
        "{surname}{name}{:02}{month}{day:02}{place}",
        born.year() % 100
    );
    let check = check_character(&first15);
    format!("{first15}{check}")
}

const ODD: [u32; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/// The check letter of a fiscal code (or of an IBAN's CIN): odd positions through the table, even
/// positions at face value, modulo 26.
pub fn check_character(text: &str) -> char {
    let sum: u32 = text
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let value = c
                .to_digit(10)
                .unwrap_or_else(|| u32::from(c) - u32::from('A'));
            if i % 2 == 0 {
                ODD[value as usize]
            } else {
                value
            }
        })
        .sum();
    char::from(b'A' + (sum % 26) as u8)
}

/// A well-formed Italian IBAN: CIN, ABI, CAB and account, with its check digits.
pub fn iban(rng: &mut Rng) -> String {
    let abi = rng.pick(&["05424", "03069", "02008", "05034", "01030"]);
    let bban_tail = format!("{abi}{}{}", rng.digits(5), rng.digits(12));
    let cin = check_character(&bban_tail);
    let bban = format!("{cin}{bban_tail}");
    let numeric: String = format!("{bban}IT00")
        .chars()
        .map(|c| c.to_digit(36).unwrap_or(0).to_string())
        .collect();
    let rem = numeric
        .bytes()
        .fold(0u32, |r, b| (r * 10 + u32::from(b - b'0')) % 97);
    format!("IT{:02}{bban}", 98 - rem)
}

/// A VAT number (partita IVA): seven digits, the office code, the Luhn-style check digit.
pub fn vat_number(rng: &mut Rng) -> String {
    let body = format!(
        "{}{}",
        rng.digits(7),
        rng.pick(&["068", "069", "001", "015"])
    );
    let sum: u32 = body
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap_or(0);
            if i % 2 == 0 {
                d
            } else {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            }
        })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// The same code with a wrong check character.
pub fn spoil(code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    if let Some(last) = chars.last_mut() {
        *last = if *last == 'Z' {
            'A'
        } else {
            char::from(*last as u8 + 1)
        };
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_fiscal_code_is_computed() {
        let born = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap_or_default();
        assert_eq!(
            fiscal_code("Rossi", "Mario", born, false, "H501"),
            "RSSMRA80A01H501U"
        );
    }
}
