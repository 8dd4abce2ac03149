//! CSV exports (the `csv` crate) for the spreadsheets IT and the records manager open on Windows: RFC 4180 (fields
//! quoted when they hold the separator, a quote or a line break; quotes doubled), CRLF line ends, and
//! a UTF-8 byte-order mark so Excel reads accented letters. The separator is a comma by default;
//! Excel with Italian regional settings splits columns on `;`, hence `--sep ';'`.
//!
//! Text that came from outside (a correspondent's name, a subject) and starts like a formula
//! (`=`, `+`, `-`, `@`, tab, CR) is prefixed with `'`, so a spreadsheet shows it instead of running it.

use std::io::Write;

use anyhow::{bail, Context, Result};
use sportello_domain::protocol::{Direction, RegisterEntry};

/// Makes Excel read the file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// A CSV document (RFC 4180, CRLF, BOM first) written by the `csv` crate with separator `sep`, which
/// must not be a quote or a line break.
pub fn document<S: AsRef<str>>(sep: char, rows: &[Vec<S>]) -> Result<String> {
    if matches!(sep, '"' | '\r' | '\n') || !sep.is_ascii() {
        bail!("{sep:?} cannot separate CSV fields");
    }
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(sep as u8)
        .terminator(::csv::Terminator::CRLF)
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(BOM.as_bytes().to_vec());
    for row in rows {
        writer.write_record(row.iter().map(AsRef::as_ref))?;
    }
    let bytes = writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(String::from_utf8(bytes)?)
}

/// Outside text that a spreadsheet would take for a formula, made inert.
pub fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

const REGISTER_HEADER: [&str; 9] = [
    "Numero",
    "Direzione",
    "Registrata il (UTC)",
    "Corrispondente",
    "Oggetto",
    "Impronta SHA-256",
    "Annullata",
    "Atto di annullamento",
    "Motivo dell'annullamento",
];

/// The protocol register as CSV, one registration a row, annulled ones included and marked.
pub fn register(entries: &[RegisterEntry], sep: char) -> Result<String> {
    let mut rows: Vec<Vec<String>> = vec![REGISTER_HEADER
        .iter()
        .map(std::string::ToString::to_string)
        .collect()];
    for e in entries {
        let direction = match e.direction {
            Direction::Incoming => "Entrata",
            Direction::Outgoing => "Uscita",
        };
        let (annulled, act, reason) = e.annulment.as_ref().map_or(("no", "", ""), |a| {
            ("sì", a.act.as_str(), a.reason.as_str())
        });
        rows.push(vec![
            e.protocol.clone(),
            direction.to_string(),
            e.registered_at.format("%Y-%m-%d %H:%M:%S").to_string(),
            inert(&e.correspondent),
            inert(&e.subject),
            e.document_sha256.clone(),
            annulled.to_string(),
            inert(act),
            inert(reason),
        ]);
    }
    document(sep, &rows)
}

/// The separator `--sep` names: one character, or `tab`.
pub fn separator(raw: &str) -> Result<char> {
    let mut chars = raw.chars();
    match (raw, chars.next(), chars.next()) {
        ("tab" | "\\t", _, _) => Ok('\t'),
        (_, Some(c), None) => Ok(c),
        _ => bail!("--sep wants one character, not {raw:?}"),
    }
}

/// `--csv FILE` (or `-` for the standard output): writes the register. An existing file is not
/// overwritten: the records manager chooses a new name.
pub fn write_register(entries: &[RegisterEntry], target: &str, sep: char) -> Result<()> {
    let text = register(entries, sep)?;
    if target == "-" {
        std::io::stdout().lock().write_all(text.as_bytes())?;
    } else {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(target)
            .with_context(|| format!("cannot create {target} (it must not exist yet)"))?;
        file.write_all(text.as_bytes())
            .with_context(|| format!("cannot write {target}"))?;
        println!("{} registrazioni esportate in {target}.", entries.len());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use sportello_domain::protocol::Annulment;

    fn entry(correspondent: &str, subject: &str) -> RegisterEntry {
        RegisterEntry {
            id: 1,
            protocol: "2026/0000042".into(),
            direction: Direction::Incoming,
            registered_at: chrono::Utc
                .with_ymd_and_hms(2026, 3, 2, 9, 15, 0)
                .single()
                .unwrap(),
            correspondent: correspondent.into(),
            subject: subject.into(),
            document_sha256: "ab".repeat(32),
            submission_id: Some(7),
            operator: "m.rossi".into(),
            annulment: None,
        }
    }

    /// Splits a document the way RFC 4180 reads it, for checking round trips.
    fn parse(text: &str, sep: char) -> Vec<Vec<String>> {
        let mut rows = vec![];
        let (mut row, mut field, mut quoted) = (vec![], String::new(), false);
        let mut chars = text.strip_prefix(BOM).unwrap().chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => quoted = true,
                (false, '\r') => {
                    assert_eq!(chars.next(), Some('\n'), "a bare CR ends no line");
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                (false, '\n') => panic!("a bare LF ends a line: {text:?}"),
                (false, c) if c == sep => row.push(std::mem::take(&mut field)),
                (false, c) => field.push(c),
            }
        }
        assert!(
            field.is_empty() && row.is_empty(),
            "the last line lacks its CRLF"
        );
        rows
    }

    #[test]
    fn starts_with_a_bom_and_ends_every_line_with_crlf() {
        let text = register(&[entry("Mario Rossi", "Certificato")], ',').unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(text.matches("\r\n").count(), 2);
        assert_eq!(text.matches('\n').count(), 2);
        assert!(text.ends_with("\r\n"));
    }

    #[test]
    fn quotes_separators_quotes_and_line_breaks_and_round_trips() {
        let subject = "Richiesta \"urgente\", con a capo\nseconda riga; fine";
        let text = register(&[entry("Niccolò Però, erede", subject)], ',').unwrap();
        let rows = parse(&text, ',');
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], REGISTER_HEADER);
        assert_eq!(rows[1][3], "Niccolò Però, erede");
        assert_eq!(rows[1][4], subject);
        assert_eq!(rows[1][2], "2026-03-02 09:15:00");
        assert!(text.contains("\"Richiesta \"\"urgente\"\", con a capo\nseconda riga; fine\""));
    }

    #[test]
    fn a_semicolon_separator_for_italian_excel() {
        let text = register(&[entry("Rossi; Bianchi", "a,b")], ';').unwrap();
        let rows = parse(&text, ';');
        assert_eq!(rows[1][3], "Rossi; Bianchi");
        assert_eq!(rows[1][4], "a,b");
        assert!(text.contains(";a,b;"));
        assert!(document::<&str>('"', &[]).is_err());
    }

    #[test]
    fn annulled_registrations_are_marked_with_act_and_reason() {
        let mut e = entry("Mario Rossi", "Istanza");
        e.annulment = Some(Annulment {
            annulled_at: e.registered_at,
            operator: "admin".into(),
            act: "Determina n. 12/2026".into(),
            reason: "Registrazione duplicata".into(),
        });
        let rows = parse(&register(&[e], ',').unwrap(), ',');
        assert_eq!(
            rows[1][6..],
            ["sì", "Determina n. 12/2026", "Registrazione duplicata"]
        );
    }

    #[test]
    fn text_that_looks_like_a_formula_is_made_inert() {
        let rows = parse(
            &register(&[entry("=HYPERLINK(\"http://x\")", "-2+3")], ',').unwrap(),
            ',',
        );
        assert_eq!(rows[1][3], "'=HYPERLINK(\"http://x\")");
        assert_eq!(rows[1][4], "'-2+3");
        assert_eq!(inert("Rossi"), "Rossi");
    }
}
