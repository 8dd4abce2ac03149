//! File names that Windows accepts, for attachments and certificates saved on an officer's PC.
//!
//! A name that comes from a citizen, a portal or a service title ("Certificato: residenza?",
//! "CON.pdf", "verbale. ") becomes a [`WindowsFileName`] once, at the edge: no reserved device name
//! (`CON`, `PRN`, `AUX`, `NUL`, `COM1`-`COM9`, `LPT1`-`LPT9`, with any extension), none of
//! `< > : " / \ | ? *` or control characters, no trailing dot or space, and short enough that the
//! folder plus the name stays within the classic 260-character `MAX_PATH`. Italian accented letters
//! are kept. The same rules are safe on Linux, so the name is used on every platform.

use std::fmt;

/// `MAX_PATH`: a full path holds at most 259 characters plus the terminating NUL.
pub const MAX_PATH: usize = 260;
/// The longest single path component NTFS accepts, in UTF-16 code units.
pub const MAX_COMPONENT: usize = 255;
/// The shortest name worth saving; a folder that leaves less room is an error.
pub const MIN_NAME: usize = 12;
/// What an empty or all-invalid name becomes.
pub const FALLBACK: &str = "documento";
/// Extensions longer than this are treated as part of the stem when shortening.
const MAX_EXTENSION: usize = 10;

const FORBIDDEN: &[char] = &['<', '>', ':', '"', '/', '\\', '|', '?', '*'];
const RESERVED: &[&str] = &["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"];

/// A file name Windows accepts as one path component. Always non-empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WindowsFileName(String);

/// Why no name fits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileNameError {
    #[error(
        "La cartella di destinazione ha un percorso troppo lungo ({0} caratteri): \
         sceglierne una più vicina alla radice del disco."
    )]
    FolderTooLong(usize),
}

impl WindowsFileName {
    /// `raw` made acceptable, at most [`MAX_COMPONENT`] UTF-16 units long.
    pub fn new(raw: &str) -> Self {
        Self(sanitise(raw, MAX_COMPONENT))
    }

    /// `raw` made acceptable and short enough that `folder\name` stays under [`MAX_PATH`].
    pub fn in_folder(raw: &str, folder: &str) -> Result<Self, FileNameError> {
        let folder_len = utf16_len(folder.trim_end_matches(['\\', '/']));
        // folder + separator + name + NUL <= MAX_PATH
        let room = MAX_PATH.saturating_sub(folder_len + 2).min(MAX_COMPONENT);
        if room < MIN_NAME {
            return Err(FileNameError::FolderTooLong(folder_len));
        }
        Ok(Self(sanitise(raw, room)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WindowsFileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for WindowsFileName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Whether `stem` (the part before the first dot, trailing spaces ignored) names a DOS device.
fn is_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").trim_end_matches(' ');
    let upper = stem.to_uppercase();
    if RESERVED.contains(&upper.as_str()) {
        return true;
    }
    let digit = |c: char| matches!(c, '1'..='9' | '¹' | '²' | '³');
    let mut chars = upper.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    (prefix == "COM" || prefix == "LPT")
        && chars.next().is_some_and(digit)
        && chars.next().is_none()
}

fn trim_ends(s: &str) -> &str {
    s.trim_start_matches([' ']).trim_end_matches(['.', ' '])
}

/// The name's last `.ext`, when it looks like an extension worth keeping while shortening.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 => {
            let ext = &name[i..];
            let ok = ext.chars().count() <= MAX_EXTENSION + 1
                && ext[1..].chars().all(char::is_alphanumeric);
            if ok {
                (&name[..i], ext)
            } else {
                (name, "")
            }
        }
        _ => (name, ""),
    }
}

/// The longest prefix of `s` of at most `max` UTF-16 units.
fn take_utf16(s: &str, max: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += c.len_utf16();
        if used > max {
            return &s[..i];
        }
    }
    s
}

/// Shortens to `room` UTF-16 units, cutting the stem and keeping the extension when it fits.
fn shorten(name: &str, room: usize) -> String {
    if utf16_len(name) <= room {
        return name.to_string();
    }
    let (stem, ext) = split_extension(name);
    let ext_len = utf16_len(ext);
    if ext_len + 1 > room {
        return take_utf16(name, room).to_string();
    }
    format!("{}{ext}", trim_ends(take_utf16(stem, room - ext_len)))
}

fn sanitise(raw: &str, room: usize) -> String {
    let replaced: String = raw
        .chars()
        .map(|c| {
            if FORBIDDEN.contains(&c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut name = trim_ends(&shorten(trim_ends(&replaced), room)).to_string();
    if name.is_empty() {
        name = FALLBACK.to_string();
    }
    if is_reserved(&name) {
        name = trim_ends(&shorten(&format!("_{name}"), room)).to_string();
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn name(raw: &str) -> String {
        WindowsFileName::new(raw).to_string()
    }

    #[test]
    fn forbidden_characters_become_underscores() {
        assert_eq!(
            name("Certificato: residenza? <Rossi> \"A|B\" 1/2\\3*.pdf"),
            "Certificato_ residenza_ _Rossi_ _A_B_ 1_2_3_.pdf"
        );
        assert_eq!(name("riga\nnuova\tTab\u{0}.txt"), "riga_nuova_Tab_.txt");
    }

    #[test]
    fn reserved_device_names_are_prefixed_whatever_their_case_or_extension() {
        for raw in [
            "CON",
            "con.pdf",
            "Nul.tar.gz",
            "COM1.txt",
            "lpt9",
            "aux .p7m",
            "COM¹",
        ] {
            let n = name(raw);
            assert!(n.starts_with('_'), "{raw} -> {n}");
            assert!(!is_reserved(&n), "{raw} -> {n}");
        }
        assert_eq!(name("con.pdf"), "_con.pdf");
        for fine in [
            "CONTRATTO.pdf",
            "COM10.txt",
            "COM0",
            "LPT",
            "console.log",
            "AUXILIA.doc",
        ] {
            assert_eq!(name(fine), fine);
        }
    }

    #[test]
    fn trailing_dots_and_spaces_are_removed() {
        assert_eq!(name("verbale. . "), "verbale");
        assert_eq!(name("  relazione.pdf  "), "relazione.pdf");
    }

    #[test]
    fn italian_accented_letters_are_kept() {
        let raw = "Dichiarazione di Niccolò Però – Città di Forlì, perché sì.pdf";
        assert_eq!(name(raw), raw);
    }

    #[test]
    fn nothing_usable_gives_the_fallback() {
        for raw in ["", "   ", "...", ". .", "."] {
            assert_eq!(name(raw), FALLBACK, "{raw:?}");
        }
        assert_eq!(name("***"), "___");
    }

    #[test]
    fn a_long_name_is_cut_in_the_stem_and_keeps_its_extension() {
        let raw = format!("{}.pdf", "à".repeat(400));
        let n = name(&raw);
        assert_eq!(utf16_len(&n), MAX_COMPONENT);
        assert!(n.ends_with("à.pdf"));
    }

    #[test]
    fn the_whole_path_stays_under_max_path() {
        let folder = format!(
            "C:\\Users\\mario.rossi\\Documents\\{}",
            "Pratiche\\".repeat(20)
        );
        let n = WindowsFileName::in_folder(&format!("{}.pdf", "x".repeat(300)), &folder).unwrap();
        let full = format!("{}\\{n}", folder.trim_end_matches('\\'));
        assert_eq!(utf16_len(&full), MAX_PATH - 1);
        assert!(std::path::Path::new(n.as_str())
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf")));
    }

    #[test]
    fn a_folder_that_leaves_no_room_is_an_error() {
        let folder = format!("C:\\{}", "a".repeat(250));
        assert_eq!(
            WindowsFileName::in_folder("x.pdf", &folder),
            Err(FileNameError::FolderTooLong(253))
        );
    }

    fn assert_acceptable(n: &str, room: usize) {
        assert!(!n.is_empty());
        assert!(
            !n.chars().any(|c| FORBIDDEN.contains(&c) || c.is_control()),
            "{n:?}"
        );
        assert!(!n.ends_with(['.', ' ']), "{n:?}");
        assert!(!is_reserved(n), "{n:?}");
        assert!(utf16_len(n) <= room, "{n:?}");
    }

    proptest! {
        #[test]
        fn any_input_gives_an_acceptable_name(raw in "(?s).{0,300}|[ .:*?a-zA-Z0-9àèéìòù]{0,30}") {
            let n = name(&raw);
            assert_acceptable(&n, MAX_COMPONENT);
            prop_assert_eq!(name(&n), n);
        }

        #[test]
        fn any_input_fits_any_folder_with_room(
            raw in "(?s).{0,300}",
            depth in 0usize..24,
        ) {
            let folder = format!("C:\\Sportello{}", "\\cartella".repeat(depth));
            let n = WindowsFileName::in_folder(&raw, &folder).unwrap();
            assert_acceptable(n.as_str(), MAX_PATH - 2 - utf16_len(&folder));
        }

        #[test]
        fn reserved_names_never_survive(
            dev in "(?i)(con|prn|aux|nul|com[1-9]|lpt[1-9])",
            rest in "(\\.[a-z]{0,4}){0,2} {0,2}",
        ) {
            let n = name(&format!("{dev}{rest}"));
            assert_acceptable(&n, MAX_COMPONENT);
        }

        #[test]
        fn acceptable_names_are_left_alone(raw in "[a-zA-Z0-9àèéìòùÀÈÉÌÒÙ_-][a-zA-Z0-9àèéìòù _.-]{0,60}[a-zA-Z0-9àèéìòù_-]") {
            prop_assume!(!is_reserved(&raw));
            prop_assert_eq!(name(&raw), raw);
        }
    }
}
