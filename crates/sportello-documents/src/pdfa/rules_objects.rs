//! Object-level PDF/A-2b rules: fonts embedded with consistent widths, no actions or scripts,
//! image flags, annotations, optional content, and device colours against the RGB output intent.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::rules::deref;
use crate::fonts::table;

pub(super) fn check_object(
    doc: &Document,
    id: ObjectId,
    dict: &Dictionary,
    found: &mut Vec<String>,
) {
    let name = |key: &[u8]| dict.get(key).and_then(Object::as_name).ok();
    if name(b"Type") == Some(b"Font") {
        check_font(doc, id, dict, found);
    }
    if name(b"S").is_some_and(|s| {
        [
            &b"JavaScript"[..],
            b"Launch",
            b"ImportData",
            b"ResetForm",
            b"Sound",
            b"Movie",
            b"Hide",
            b"Rendition",
            b"SetOCGState",
            b"Trans",
            b"GoTo3DView",
        ]
        .contains(&s)
    }) {
        found.push(format!("6.6.1: forbidden action in object {id:?}"));
    }
    if dict.has(b"JS") || dict.has(b"AA") {
        found.push(format!(
            "6.6.1/6.6.2: JavaScript or additional actions in object {id:?}"
        ));
    }
    if name(b"Subtype") == Some(b"Image") {
        if dict
            .get(b"Interpolate")
            .and_then(Object::as_bool)
            .unwrap_or(false)
        {
            found.push(format!("6.2.8: interpolated image {id:?}"));
        }
        if dict.has(b"Alternates") || dict.has(b"OPI") {
            found.push(format!("6.2.8: image {id:?} has Alternates or OPI"));
        }
    }
    if name(b"Type") == Some(b"Annot") || dict.has(b"Annots") && name(b"Type") != Some(b"Page") {
        let flags = dict.get(b"F").and_then(Object::as_i64).unwrap_or(0);
        if flags & 4 == 0 || flags & 3 != 0 {
            found.push(format!("6.3.2: annotation {id:?} not printable or hidden"));
        }
    }
    if name(b"Subtype") == Some(b"PS") || dict.has(b"PS") {
        found.push(format!("6.2.9: PostScript in object {id:?}"));
    }
}

fn check_font(doc: &Document, id: ObjectId, font: &Dictionary, found: &mut Vec<String>) {
    let subtype = font
        .get(b"Subtype")
        .and_then(Object::as_name)
        .unwrap_or_default();
    match subtype {
        b"Type0" => {
            if font.get(b"ToUnicode").is_err() {
                found.push(format!("6.2.11.7: composite font {id:?} without ToUnicode"));
            }
        }
        b"Type3" => {}
        _ => {
            let descriptor = font
                .get(b"FontDescriptor")
                .map(|d| deref(doc, d))
                .and_then(Object::as_dict);
            let embedded = descriptor
                .is_ok_and(|d| d.has(b"FontFile") || d.has(b"FontFile2") || d.has(b"FontFile3"));
            if !embedded {
                found.push(format!("6.2.11.4.1: font {id:?} is not embedded"));
            }
            if subtype == b"CIDFontType2" {
                check_cid_font(doc, id, font, found);
            }
        }
    }
}

/// CIDToGIDMap present (6.2.11.3.2) and /W widths equal to the program's (6.2.11.5).
fn check_cid_font(doc: &Document, id: ObjectId, font: &Dictionary, found: &mut Vec<String>) {
    let map = match font.get(b"CIDToGIDMap").map(|m| deref(doc, m)) {
        Ok(Object::Name(n)) if n == b"Identity" => None,
        Ok(Object::Stream(s)) => Some(
            s.decompressed_content()
                .unwrap_or_else(|_| s.content.clone()),
        ),
        _ => {
            found.push(format!(
                "6.2.11.3.2: CIDFontType2 {id:?} without CIDToGIDMap"
            ));
            return;
        }
    };
    let program = font
        .get(b"FontDescriptor")
        .map(|d| deref(doc, d))
        .and_then(Object::as_dict)
        .and_then(|d| d.get(b"FontFile2"))
        .map(|f| deref(doc, f))
        .and_then(Object::as_stream)
        .map(|s| {
            s.decompressed_content()
                .unwrap_or_else(|_| s.content.clone())
        });
    let program = program.unwrap_or_default();
    let Some(advance) = advances(&program) else {
        found.push(format!("6.2.11.4.1: font program of {id:?} not readable"));
        return;
    };
    let widths = font
        .get(b"W")
        .and_then(Object::as_array)
        .map(|w| cid_widths(doc, w))
        .unwrap_or_default();
    for (cid, width) in widths {
        let gid = match &map {
            None => cid,
            Some(map) => u32::from(u16::from_be_bytes([
                map.get(cid as usize * 2).copied().unwrap_or(0),
                map.get(cid as usize * 2 + 1).copied().unwrap_or(0),
            ])),
        };
        let program_width = advance(gid);
        if (program_width - width).abs() > 1.0 {
            found.push(format!(
                "6.2.11.5: width of CID {cid} in {id:?} is {width}, program says {program_width}"
            ));
            return;
        }
    }
}

/// Advance widths in 1/1000 em straight from the program's `head`, `hhea` and `hmtx` tables.
fn advances(ttf: &[u8]) -> Option<impl Fn(u32) -> f32 + '_> {
    let u16_at = |t: &[u8], at: usize| Some(u16::from_be_bytes([*t.get(at)?, *t.get(at + 1)?]));
    let upem = f32::from(u16_at(table(ttf, b"head")?, 18)?);
    let metrics = usize::from(u16_at(table(ttf, b"hhea")?, 34)?);
    let hmtx = table(ttf, b"hmtx")?;
    (metrics > 0 && hmtx.len() >= metrics * 4).then_some(())?;
    Some(move |gid: u32| {
        let entry = (gid as usize).min(metrics - 1) * 4;
        f32::from(u16::from_be_bytes([hmtx[entry], hmtx[entry + 1]])) * 1000.0 / upem
    })
}

/// Expands a /W array (`c [w1 w2 …]` and `cfirst clast w` forms).
fn cid_widths(doc: &Document, w: &[Object]) -> Vec<(u32, f32)> {
    let num = |o: &Object| {
        deref(doc, o)
            .as_float()
            .ok()
            .or_else(|| deref(doc, o).as_i64().ok().map(|v| v as f32))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < w.len() {
        let first = num(&w[i]).unwrap_or(0.0) as u32;
        if let Ok(list) = deref(doc, &w[i + 1]).as_array() {
            out.extend(
                list.iter()
                    .enumerate()
                    .filter_map(|(k, v)| Some((first + k as u32, num(v)?))),
            );
            i += 2;
        } else {
            let last = num(&w[i + 1]).unwrap_or(0.0) as u32;
            let width = w.get(i + 2).and_then(num).unwrap_or(0.0);
            out.extend((first..=last).map(|c| (c, width)));
            i += 3;
        }
    }
    out
}

/// 6.9: every configuration named, no /AS, every group named and listed in /Order.
pub(super) fn check_optional_content(doc: &Document, found: &mut Vec<String>) {
    let Ok(props) = doc
        .catalog()
        .and_then(|c| c.get(b"OCProperties"))
        .map(|p| deref(doc, p))
        .and_then(Object::as_dict)
    else {
        return;
    };
    let groups: Vec<&Object> = props
        .get(b"OCGs")
        .and_then(Object::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let config = props
        .get(b"D")
        .map(|d| deref(doc, d))
        .and_then(Object::as_dict);
    let Ok(config) = config else {
        found.push("6.9: optional content without a default configuration".into());
        return;
    };
    if !config.has(b"Name") {
        found.push("6.9: default optional content configuration has no /Name".into());
    }
    if config.has(b"AS") {
        found.push("6.9: optional content configuration has /AS".into());
    }
    let order = config
        .get(b"Order")
        .and_then(Object::as_array)
        .cloned()
        .unwrap_or_default();
    for group in groups {
        if !order.contains(group) {
            found.push("6.9: an optional content group is missing from /Order".into());
        }
        if !deref(doc, group).as_dict().is_ok_and(|g| g.has(b"Name")) {
            found.push("6.9: an optional content group has no /Name".into());
        }
    }
    for (id, obj) in &doc.objects {
        let is_group = obj
            .as_dict()
            .is_ok_and(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"OCG"));
        if is_group && !obj.as_dict().is_ok_and(|d| d.has(b"Name")) {
            found.push(format!("6.9: object {id:?} typed /OCG has no /Name"));
        }
    }
}

/// 6.2.4.3: with an RGB output intent, no DeviceCMYK (operators k/K or image colour space).
pub(super) fn check_content_colours(doc: &Document, found: &mut Vec<String>) {
    for page in doc.get_pages().values() {
        let bytes = doc.get_page_content(*page);
        let Ok(content) = Content::decode(&bytes) else {
            found.push("page content not parsable".into());
            continue;
        };
        if content
            .operations
            .iter()
            .any(|op| op.operator == "k" || op.operator == "K")
        {
            found.push("6.2.4.3: DeviceCMYK colour with an RGB output intent".into());
        }
    }
    for obj in doc.objects.values() {
        if let Object::Stream(s) = obj {
            if s.dict.get(b"ColorSpace").and_then(Object::as_name).ok() == Some(b"DeviceCMYK") {
                found.push("6.2.4.3: DeviceCMYK image with an RGB output intent".into());
            }
        }
    }
}
