//! Writing PDF objects as bytes (ISO 32000-1 §7.3), for the objects an incremental update adds.

use chrono::{DateTime, FixedOffset};
use lopdf::{Dictionary, Object, StringFormat};

use crate::error::{Result, SignError};

/// Appends the PDF syntax of `object` to `out`. Streams are refused: a signature update never
/// rewrites one.
pub fn write_object(out: &mut Vec<u8>, object: &Object) -> Result<()> {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(real(*r).as_bytes()),
        Object::Name(n) => write_name(out, n),
        Object::String(s, StringFormat::Literal) => write_literal(out, s),
        Object::String(s, StringFormat::Hexadecimal) => write_hex(out, s),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item)?;
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dictionary(out, d)?,
        Object::Reference((id, gen)) => out.extend_from_slice(format!("{id} {gen} R").as_bytes()),
        Object::Stream(_) => {
            return Err(SignError::InvalidPdf(
                "a stream cannot be rewritten by a signature update".into(),
            ))
        }
    }
    Ok(())
}

/// Appends `<< /Key value … >>`.
pub fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) -> Result<()> {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        write_name(out, key);
        out.push(b' ');
        write_object(out, value)?;
    }
    out.extend_from_slice(b">>");
    Ok(())
}

fn real(r: f32) -> String {
    if r.is_finite() {
        // Rust never uses exponent notation in Display, as PDF requires.
        format!("{r}")
    } else {
        "0".into()
    }
}

/// A name, escaping delimiters and bytes outside the printable range as `#xx`.
pub fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        let regular = (0x21..=0x7e).contains(&b) && !b"#()<>[]{}/%".contains(&b);
        if regular {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

fn write_literal(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'(');
    for &b in s {
        match b {
            b'\\' | b'(' | b')' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

fn write_hex(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'<');
    out.extend_from_slice(hex::encode_upper(s).as_bytes());
    out.push(b'>');
}

/// A PDF text string: PDFDocEncoding-compatible ASCII as a literal, anything else as UTF-16BE
/// with a byte order mark.
pub fn text_string(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xfe, 0xff];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// A PDF date string, `D:YYYYMMDDHHmmSS+HH'mm'` (ISO 32000-1 §7.9.4).
pub fn pdf_date(at: &DateTime<FixedOffset>) -> String {
    let offset = at.offset().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.abs() / 60;
    format!(
        "D:{}{sign}{:02}'{:02}'",
        at.format("%Y%m%d%H%M%S"),
        minutes / 60,
        minutes % 60
    )
}

/// Parses a PDF date string (`D:` prefix optional, fields after the year optional).
pub fn parse_pdf_date(text: &str) -> Option<DateTime<FixedOffset>> {
    let s = text.strip_prefix("D:").unwrap_or(text);
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 || digits.len() > 14 || digits.len() % 2 != 0 {
        return None;
    }
    let padded = format!("{digits:0<14}");
    let (year, rest) = padded.split_at(4);
    // Missing month and day default to 01, not 00.
    let month = if digits.len() >= 6 { &rest[0..2] } else { "01" };
    let day = if digits.len() >= 8 { &rest[2..4] } else { "01" };
    let naive = chrono::NaiveDateTime::parse_from_str(
        &format!("{year}{month}{day}{}", &rest[4..10]),
        "%Y%m%d%H%M%S",
    )
    .ok()?;
    let offset = parse_offset(&s[digits.len()..])?;
    naive.and_local_timezone(offset).single()
}

fn parse_offset(s: &str) -> Option<FixedOffset> {
    let mut chars = s.chars();
    let sign = match chars.next() {
        None | Some('Z') => return FixedOffset::east_opt(0),
        Some('+') => 1,
        Some('-') => -1,
        Some(_) => return None,
    };
    let digits: String = chars.filter(char::is_ascii_digit).collect();
    let hours: i32 = digits.get(0..2)?.parse().ok()?;
    let minutes: i32 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(o: &Object) -> String {
        let mut out = Vec::new();
        write_object(&mut out, o).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn names_and_strings_are_escaped() {
        assert_eq!(bytes(&Object::Name(b"A B#".to_vec())), "/A#20B#23");
        let s = Object::String(b"a(b)\\c\r".to_vec(), StringFormat::Literal);
        assert_eq!(bytes(&s), "(a\\(b\\)\\\\c\\r)");
        assert_eq!(
            bytes(&Object::Array(vec![1.into(), (3, 0).into()])),
            "[1 3 0 R]"
        );
    }

    #[test]
    fn non_ascii_text_becomes_utf16() {
        let o = text_string("Città");
        assert_eq!(bytes(&o), "<FEFF0043006900740074 00E0>".replace(' ', ""));
        assert_eq!(bytes(&text_string("Roma")), "(Roma)");
    }

    #[test]
    fn dates_round_trip() {
        let at = DateTime::parse_from_rfc3339("2026-03-05T09:08:07+01:00").unwrap();
        assert_eq!(pdf_date(&at), "D:20260305090807+01'00'");
        assert_eq!(parse_pdf_date(&pdf_date(&at)), Some(at));
        let utc = parse_pdf_date("D:20260305090807Z").unwrap();
        assert_eq!(utc.timestamp(), at.timestamp() + 3600);
        assert_eq!(parse_pdf_date("garbage"), None);
    }
}
