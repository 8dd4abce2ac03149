//! The Italian fiscal code of a natural person (DOMAIN.md §6), validated on its check character,
//! omocodia included. It is never derived from personal data, only checked.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A syntactically valid 16-character fiscal code with a correct check letter, in upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FiscalCode(String);

/// Why a string is not a fiscal code. The message is Italian, for the officer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FiscalCodeError {
    #[error("Il codice fiscale deve avere 16 caratteri (ne ha {0}).")]
    Length(usize),
    #[error("Il codice fiscale contiene un carattere non ammesso in posizione {0}.")]
    Character(usize),
    #[error("Il carattere di controllo del codice fiscale non è corretto: verificare di averlo trascritto bene.")]
    CheckCharacter,
}

/// Positions (0-based) that hold digits, which omocodia may replace with letters.
const DIGIT_POSITIONS: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];
const OMOCODIA_LETTERS: &str = "LMNPQRSTUV";
const ODD_VALUES: [u32; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

impl FiscalCode {
    pub fn parse(raw: &str) -> Result<Self, FiscalCodeError> {
        let code: String = raw.trim().to_ascii_uppercase();
        let code = code.strip_prefix("TINIT-").unwrap_or(&code).to_string();
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != 16 {
            return Err(FiscalCodeError::Length(chars.len()));
        }
        for (i, c) in chars.iter().enumerate() {
            if !is_allowed(i, *c) {
                return Err(FiscalCodeError::Character(i + 1));
            }
        }
        if check_character(&chars[..15]) != chars[15] {
            return Err(FiscalCodeError::CheckCharacter);
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code with the middle hidden, for printed lists (DOMAIN.md §8): `RSSMRA*******62S`... keeps
    /// the surname/name letters and the last three characters.
    pub fn masked(&self) -> String {
        format!("{}*******{}", &self.0[..6], &self.0[13..])
    }
}

fn is_allowed(position: usize, c: char) -> bool {
    let letter = c.is_ascii_uppercase();
    if DIGIT_POSITIONS.contains(&position) {
        c.is_ascii_digit() || OMOCODIA_LETTERS.contains(c)
    } else if position == 8 {
        // The month letter.
        "ABCDEHLMPRST".contains(c)
    } else if position == 11 {
        // The first character of the place code is always a letter.
        letter
    } else {
        letter
    }
}

/// The check letter computed on the first 15 characters as written (omocodia included).
pub fn check_character(first15: &[char]) -> char {
    let sum: u32 = first15
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let index = if c.is_ascii_digit() {
                *c as u32 - '0' as u32
            } else {
                *c as u32 - 'A' as u32
            };
            // Positions are 1-based in the rule: the 1st, 3rd, ... are "odd".
            if i % 2 == 0 {
                ODD_VALUES[index as usize]
            } else {
                index
            }
        })
        .sum();
    char::from(b'A' + (sum % 26) as u8)
}

impl FromStr for FiscalCode {
    type Err = FiscalCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for FiscalCode {
    type Error = FiscalCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<FiscalCode> for String {
    fn from(code: FiscalCode) -> Self {
        code.0
    }
}

impl fmt::Display for FiscalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_the_reference_examples() {
        for code in [
            "RSSMRA85T10A562S",
            "MRTMTT25D09F205Z",
            "rssmra85t10a562s",
            "TINIT-RSSMRA85T10A562S",
        ] {
            assert!(FiscalCode::parse(code).is_ok(), "{code}");
        }
        assert_eq!(
            FiscalCode::parse(" rssmra85t10a562s ").unwrap().as_str(),
            "RSSMRA85T10A562S"
        );
    }

    #[test]
    fn rejects_a_wrong_check_letter() {
        assert_eq!(
            FiscalCode::parse("RSSMRA85T10A562T"),
            Err(FiscalCodeError::CheckCharacter)
        );
    }

    #[test]
    fn rejects_wrong_length_and_characters() {
        assert_eq!(
            FiscalCode::parse("RSSMRA85T10A562"),
            Err(FiscalCodeError::Length(15))
        );
        assert_eq!(
            FiscalCode::parse("RSSMRA85Z10A562S"),
            Err(FiscalCodeError::Character(9))
        );
        assert_eq!(
            FiscalCode::parse("RSSMRA85T10A56$S"),
            Err(FiscalCodeError::Character(15))
        );
        assert_eq!(
            FiscalCode::parse("RSSMRA85T10Ä562S"),
            Err(FiscalCodeError::Character(12))
        );
    }

    #[test]
    fn accepts_omocodia_with_the_check_computed_as_written() {
        // RSSMRA85T10A562S with its last digit (2 -> N) replaced: the check letter changes.
        let mut chars: Vec<char> = "RSSMRA85T10A56N".chars().collect();
        let check = check_character(&chars);
        chars.push(check);
        let code: String = chars.into_iter().collect();
        assert!(FiscalCode::parse(&code).is_ok());
        // The omocode with the original check letter is wrong.
        assert!(FiscalCode::parse("RSSMRA85T10A56NS").is_err() || check == 'S');
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(
            FiscalCode::parse("RSSMRA85T10A562S").unwrap().masked(),
            "RSSMRA*******62S"
        );
    }

    proptest! {
        #[test]
        fn every_single_character_change_of_a_valid_code_is_caught_or_valid(pos in 0usize..16, c in "[A-Z0-9]") {
            let mut chars: Vec<char> = "RSSMRA85T10A562S".chars().collect();
            let new = c.chars().next().unwrap();
            prop_assume!(chars[pos] != new);
            chars[pos] = new;
            let code: String = chars.iter().collect();
            // Changing one character must never produce a valid code with the same check letter,
            // except the check letter itself being recomputed: a single substitution is always caught.
            prop_assert!(FiscalCode::parse(&code).is_err());
        }
    }
}
