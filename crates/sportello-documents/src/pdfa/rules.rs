//! An independent check of the PDF/A-2b rules this crate implements (veraPDF cannot be fetched
//! here). It reads the saved bytes back, so it also catches what lopdf's writer might lose. Each
//! rule is listed in `docs/pdfa.md`.

use lopdf::{Dictionary, Document, Object};

/// Every rule the document breaks, in words; empty when it passes.
pub fn violations(pdf: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    check_header(pdf, &mut found);
    let doc = match Document::load_mem(pdf) {
        Ok(doc) => doc,
        Err(e) => return vec![format!("file not readable: {e}")],
    };
    check_trailer(&doc, &mut found);
    let xmp = check_metadata(&doc, &mut found);
    if let Some(xmp) = xmp {
        check_info_matches_xmp(&doc, &xmp, &mut found);
    }
    check_output_intent(&doc, &mut found);
    for (id, obj) in &doc.objects {
        let dict = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => {
                check_stream(&s.dict, &mut found);
                &s.dict
            }
            _ => continue,
        };
        super::rules_objects::check_object(&doc, *id, dict, &mut found);
    }
    super::rules_objects::check_optional_content(&doc, &mut found);
    super::rules_objects::check_content_colours(&doc, &mut found);
    found
}

fn check_header(pdf: &[u8], found: &mut Vec<String>) {
    let header_ok =
        pdf.starts_with(b"%PDF-1.") && pdf.get(7).is_some_and(|d| (b'0'..=b'7').contains(d));
    if !header_ok {
        found.push("6.1.2: header is not %PDF-1.0..1.7".into());
    }
    let second = pdf.split(|b| *b == b'\n').nth(1).unwrap_or_default();
    if !(second.first() == Some(&b'%')
        && second.iter().skip(1).take(4).filter(|b| **b > 127).count() == 4)
    {
        found.push("6.1.2: no binary comment after the header".into());
    }
}

fn check_trailer(doc: &Document, found: &mut Vec<String>) {
    let id_ok = doc
        .trailer
        .get(b"ID")
        .and_then(Object::as_array)
        .is_ok_and(|ids| ids.len() == 2 && ids.iter().all(|i| matches!(i, Object::String(..))));
    if !id_ok {
        found.push("6.1.3: trailer has no /ID with two strings".into());
    }
    if doc.trailer.has(b"Encrypt") {
        found.push("6.1.3: the document is encrypted".into());
    }
}

fn check_metadata(doc: &Document, found: &mut Vec<String>) -> Option<String> {
    let catalog = doc.catalog().ok()?;
    let stream = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_object(id))
        .and_then(Object::as_stream);
    let Ok(stream) = stream else {
        found.push("6.6.2.1: catalog has no /Metadata stream".into());
        return None;
    };
    if stream.dict.has(b"Filter") {
        found.push("6.6.2.1: metadata stream is filtered".into());
    }
    let xmp = String::from_utf8_lossy(&stream.content).into_owned();
    for (needle, rule) in [
        ("<?xpacket begin=", "6.6.2.1: XMP packet header missing"),
        (
            "<pdfaid:part>2</pdfaid:part>",
            "6.6.4: pdfaid:part is not 2",
        ),
        (
            "<pdfaid:conformance>B</pdfaid:conformance>",
            "6.6.4: pdfaid:conformance is not B",
        ),
    ] {
        if !xmp.contains(needle) {
            found.push(rule.into());
        }
    }
    Some(xmp)
}

/// ISO 19005-2 §6.6.2.3.1: each Info entry must have its XMP equivalent with the same value.
fn check_info_matches_xmp(doc: &Document, xmp: &str, found: &mut Vec<String>) {
    let Ok(info) = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
    else {
        return;
    };
    let pairs: [(&[u8], &str); 5] = [
        (b"Title", "dc:title"),
        (b"Author", "dc:creator"),
        (b"Subject", "dc:description"),
        (b"Creator", "xmp:CreatorTool"),
        (b"Producer", "pdf:Producer"),
    ];
    for (key, tag) in pairs {
        if let Some(value) = info_text(info, key) {
            if xmp_value(xmp, tag).as_deref() != Some(escape(&value).as_str()) {
                found.push(format!(
                    "6.6.2.3: Info /{} differs from XMP {tag}",
                    String::from_utf8_lossy(key)
                ));
            }
        }
    }
    for (key, tag) in [
        (&b"CreationDate"[..], "xmp:CreateDate"),
        (b"ModDate", "xmp:ModifyDate"),
    ] {
        if let Some(value) = info_text(info, key) {
            if xmp_value(xmp, tag).as_deref() != Some(xmp_date(&value).as_str()) {
                found.push(format!(
                    "6.6.2.3: Info /{} differs from XMP {tag}",
                    String::from_utf8_lossy(key)
                ));
            }
        }
    }
}

fn check_output_intent(doc: &Document, found: &mut Vec<String>) {
    let intents = doc
        .catalog()
        .and_then(|c| c.get(b"OutputIntents"))
        .and_then(Object::as_array);
    let Ok(intents) = intents else {
        found.push("6.2.3: no OutputIntents".into());
        return;
    };
    let pdfa: Vec<&Dictionary> = intents
        .iter()
        .filter_map(|i| deref(doc, i).as_dict().ok())
        .filter(|d| d.get(b"S").and_then(Object::as_name).ok() == Some(b"GTS_PDFA1"))
        .collect();
    let [intent] = pdfa[..] else {
        found.push("6.2.3: not exactly one GTS_PDFA1 output intent".into());
        return;
    };
    let profile = intent
        .get(b"DestOutputProfile")
        .map(|p| deref(doc, p))
        .and_then(Object::as_stream);
    let Ok(profile) = profile else {
        found.push("6.2.3: output intent has no DestOutputProfile stream".into());
        return;
    };
    let icc = profile
        .decompressed_content()
        .unwrap_or_else(|_| profile.content.clone());
    if icc.get(8) != Some(&2) {
        found.push("6.2.3: output profile is not ICC version 2".into());
    }
    if icc.get(16..20) != Some(b"RGB ")
        || profile.dict.get(b"N").and_then(Object::as_i64).ok() != Some(3)
    {
        found.push("6.2.3: output profile is not an RGB profile with /N 3".into());
    }
}

fn check_stream(dict: &Dictionary, found: &mut Vec<String>) {
    for key in [&b"F"[..], b"FFilter", b"FDecodeParms"] {
        if dict.has(key) {
            found.push("6.1.7: stream refers to an external file".into());
        }
    }
    if dict.get(b"Filter").and_then(Object::as_name).ok() == Some(b"LZWDecode") {
        found.push("6.1.7: LZW compression".into());
    }
}

pub(super) fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(obj),
        other => other,
    }
}

fn info_text(info: &Dictionary, key: &[u8]) -> Option<String> {
    let Object::String(bytes, _) = info.get(key).ok()? else {
        return None;
    };
    Some(match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|b| char::from(*b)).collect(),
    })
}

/// The text of `<tag>…</tag>`, or of its single `rdf:li`.
fn xmp_value(xmp: &str, tag: &str) -> Option<String> {
    let start = xmp.find(&format!("<{tag}>"))? + tag.len() + 2;
    let inner = &xmp[start..start + xmp[start..].find(&format!("</{tag}>"))?];
    match inner.find("<rdf:li") {
        Some(li) => {
            let from = li + inner[li..].find('>')? + 1;
            Some(inner[from..from + inner[from..].find("</rdf:li>")?].to_string())
        }
        None => Some(inner.to_string()),
    }
}

/// `D:20260315103000+00'00'` → `2026-03-15T10:30:00+00:00`.
fn xmp_date(pdf: &str) -> String {
    let d = pdf.trim_start_matches("D:");
    if d.len() < 14 || !d.is_char_boundary(14) {
        return String::new();
    }
    let tz = d.get(14..).unwrap_or("").replace('\'', "");
    let tz = if tz.len() == 5 {
        format!("{}:{}", &tz[..3], &tz[3..])
    } else {
        tz
    };
    format!(
        "{}-{}-{}T{}:{}:{}{tz}",
        &d[..4],
        &d[4..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14]
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
