//! Windows-1252 ("WinAnsi"), the only text encoding genpdf's built-in-font path writes. The PDF
//! fonts this crate embeds map these codes to Titillium's glyphs, so text is limited to Latin-1
//! plus the euro sign, typographic quotes and dashes: everything Italian needs. [`sanitize`]
//! replaces anything else before genpdf sees it (genpdf would refuse the whole document).

/// Code 0x80..=0x9F as lopdf 0.26 (genpdf's encoder) reads Windows-1252; unused codes are bullets.
const HIGH: [char; 32] = [
    '€', '•', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '•', 'Ž', '•', //
    '•', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '•', 'ž', 'Ÿ',
];

/// The character a code stands for, `None` for control codes.
pub fn char_of(code: u8) -> Option<char> {
    match code {
        0x20..=0x7E => Some(char::from(code)),
        0x7F => Some('•'),
        0x80..=0x9F => Some(HIGH[usize::from(code - 0x80)]),
        // lopdf maps 0xA0 to a plain space and 0xAD to a hyphen-minus.
        0xA0 => Some(' '),
        0xAD => Some('-'),
        _ => Some(char::from(code)),
    }
    .filter(|_| code >= 0x20)
}

/// Whether genpdf can write `c` with a built-in-font encoding.
pub fn is_encodable(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A1}'..='\u{AC}' | '\u{AE}'..='\u{FF}') || HIGH.contains(&c)
}

/// Replaces what WinAnsi cannot encode: no-break and other spaces become spaces, Unicode hyphens
/// and minus become `-`, controls are dropped, anything else becomes `?`.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            c if is_encodable(c) => Some(c),
            '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\t' => Some(' '),
            '\u{2010}' | '\u{2011}' | '\u{2212}' => Some('-'),
            '\u{AD}' | '\u{200B}' => None,
            c if c.is_control() => None,
            _ => Some('?'),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encodable_char_has_a_code() {
        let chars: Vec<char> = (0x20..=0xFFu8).filter_map(char_of).collect();
        for c in (' '..='\u{FF}').chain(HIGH) {
            if is_encodable(c) {
                assert!(chars.contains(&c), "{c:?}");
            }
        }
    }

    #[test]
    fn sanitize_keeps_italian_and_replaces_the_rest() {
        assert_eq!(
            sanitize("Forlì – «nazionalità» € 0,52"),
            "Forlì – «nazionalità» € 0,52"
        );
        assert_eq!(sanitize("Łukasz\u{A0}Nowak"), "?ukasz Nowak");
        assert_eq!(sanitize("a\u{AD}b\u{2212}c"), "ab-c");
    }
}
