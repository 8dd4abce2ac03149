//! PDF/A-2b post-processing of genpdf's output (ISO 19005-2, level B), with lopdf.
//!
//! genpdf/printpdf write a plain PDF: built-in fonts (see [`crate::fonts`]), no XMP, no output
//! intent, interpolated images, optional content whose default configuration has no name. This
//! module embeds the fonts, declares PDF/A-2b in XMP metadata matching the Info dictionary, adds an
//! sRGB ICC v2 output intent, fixes optional content and image flags, and writes a classic
//! xref/trailer with an /ID, so a signature can be appended as an incremental update.
//! [`rules::violations`] checks the result; `docs/pdfa.md` lists the rules.

pub mod rules;
mod rules_objects;
mod xmp;

use chrono::{DateTime, Utc};
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};
use sha2::{Digest, Sha256};

use crate::fonts::Fonts;
use crate::DocumentError;

/// The ICC v2 sRGB profile of the output intent (Debian icc-profiles-free, zlib licence).
pub const SRGB_ICC: &[u8] = include_bytes!("../icc/sRGB-v2.icc");

/// Document information, written identically to the Info dictionary and to XMP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub created: DateTime<Utc>,
}

pub(crate) const CREATOR: &str = "Sportello";
pub(crate) const PRODUCER: &str = "Sportello (genpdf 0.2, lopdf 0.47)";

/// Makes genpdf's output a PDF/A-2b document.
pub fn conform(pdf: &[u8], meta: &Metadata, fonts: &Fonts) -> Result<Vec<u8>, DocumentError> {
    let mut doc = Document::load_mem(pdf).map_err(|e| DocumentError::Pdf(e.to_string()))?;
    embed_fonts(&mut doc, fonts);
    fix_images(&mut doc);
    fix_optional_content(&mut doc)?;
    compress_streams(&mut doc)?;
    set_catalog_entries(&mut doc, meta)?;
    set_trailer(&mut doc, meta);
    doc.prune_objects();
    doc.renumber_objects();
    doc.version = "1.7".into();
    doc.binary_mark = vec![0xE2, 0xE3, 0xCF, 0xD3];
    let mut out = Vec::with_capacity(pdf.len() + 120_000);
    doc.save_to(&mut out)
        .map_err(|e| DocumentError::Pdf(e.to_string()))?;
    Ok(out)
}

/// Deflates what printpdf left uncompressed (content, images) at zlib's fast level: the
/// per-document part of the pipeline, where level 9 cost a fifth of the time for a few hundred bytes.
fn compress_streams(doc: &mut Document) -> Result<(), DocumentError> {
    for obj in doc.objects.values_mut() {
        let Object::Stream(stream) = obj else {
            continue;
        };
        if stream.dict.has(b"Filter") || !stream.allows_compression || stream.content.len() < 64 {
            continue;
        }
        let packed = crate::fonts::deflate(&stream.content, flate2::Compression::fast())?;
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(packed);
    }
    Ok(())
}

/// Replaces each built-in font printpdf wrote with the embedded Titillium face.
fn embed_fonts(doc: &mut Document, fonts: &Fonts) {
    let builtin: Vec<(ObjectId, Vec<u8>)> = doc
        .objects
        .iter()
        .filter_map(|(id, obj)| {
            let dict = obj.as_dict().ok()?;
            (dict.get(b"Type").ok()?.as_name().ok()? == b"Font").then_some(())?;
            Some((*id, dict.get(b"BaseFont").ok()?.as_name().ok()?.to_vec()))
        })
        .collect();
    for (id, base_font) in builtin {
        if let Some(face) = fonts.for_builtin(&base_font) {
            face.write_into(doc, id);
        }
    }
}

/// PDF/A forbids interpolated images (a QR code must stay sharp anyway).
fn fix_images(doc: &mut Document) {
    for obj in doc.objects.values_mut() {
        if let Object::Stream(stream) = obj {
            let is_image =
                stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image");
            if is_image {
                stream.dict.remove(b"Interpolate");
            }
        }
    }
}

/// Names the default configuration, lists every group in its Order and drops printpdf's bogus
/// "Usage" dictionary (typed as a group without a name).
fn fix_optional_content(doc: &mut Document) -> Result<(), DocumentError> {
    let groups: Vec<ObjectId> = {
        let catalog = doc.catalog().map_err(pdf_error)?;
        let Ok(props) = catalog.get(b"OCProperties").and_then(Object::as_dict) else {
            return Ok(());
        };
        let ocgs = props
            .get(b"OCGs")
            .and_then(Object::as_array)
            .map_err(pdf_error)?;
        ocgs.iter().filter_map(|o| o.as_reference().ok()).collect()
    };
    for (i, id) in groups.iter().enumerate() {
        let group = doc
            .get_object_mut(*id)
            .and_then(Object::as_dict_mut)
            .map_err(pdf_error)?;
        group.remove(b"Usage");
        if group.get(b"Name").is_err() {
            group.set("Name", Object::string_literal(format!("Livello {}", i + 1)));
        }
    }
    let refs: Vec<Object> = groups.iter().map(|id| Object::Reference(*id)).collect();
    let catalog = doc.catalog_mut().map_err(pdf_error)?;
    let props = catalog
        .get_mut(b"OCProperties")
        .and_then(Object::as_dict_mut)
        .map_err(pdf_error)?;
    props.set(
        "D",
        dictionary! {
            "Name" => Object::string_literal("Predefinita"),
            "Order" => refs.clone(),
            "ON" => refs,
            "OFF" => Vec::<Object>::new(),
        },
    );
    Ok(())
}

fn set_catalog_entries(doc: &mut Document, meta: &Metadata) -> Result<(), DocumentError> {
    let profile = doc.add_object(Stream::new(
        dictionary! { "N" => 3, "Alternate" => "DeviceRGB" },
        SRGB_ICC.to_vec(),
    ));
    let xmp = Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp::packet(meta).into_bytes(),
    )
    .with_compression(false);
    let metadata = doc.add_object(xmp);
    let catalog = doc.catalog_mut().map_err(pdf_error)?;
    catalog.set(
        "OutputIntents",
        vec![Object::Dictionary(dictionary! {
            "Type" => "OutputIntent",
            "S" => "GTS_PDFA1",
            "OutputConditionIdentifier" => Object::string_literal("sRGB IEC61966-2.1"),
            "RegistryName" => Object::string_literal("http://www.color.org"),
            "Info" => Object::string_literal("sRGB IEC61966-2.1"),
            "DestOutputProfile" => profile,
        })],
    );
    catalog.set("Metadata", metadata);
    catalog.set("Lang", Object::string_literal("it-IT"));
    for key in [&b"AA"[..], b"OpenAction", b"Names", b"AcroForm"] {
        catalog.remove(key);
    }
    Ok(())
}

/// A new Info dictionary (printpdf's old one, with its own dates, is pruned) and the /ID.
fn set_trailer(doc: &mut Document, meta: &Metadata) {
    let date = pdf_date(meta.created);
    let info = doc.add_object(Dictionary::from_iter([
        ("Title", text_string(&meta.title)),
        ("Author", text_string(&meta.author)),
        ("Subject", text_string(&meta.subject)),
        ("Creator", text_string(CREATOR)),
        ("Producer", text_string(PRODUCER)),
        ("CreationDate", Object::string_literal(date.clone())),
        ("ModDate", Object::string_literal(date)),
    ]));
    let seed = Sha256::new()
        .chain_update(meta.title.as_bytes())
        .chain_update(meta.subject.as_bytes())
        .chain_update(meta.created.to_rfc3339().as_bytes())
        .finalize();
    let id = Object::String(seed[..16].to_vec(), lopdf::StringFormat::Hexadecimal);
    doc.trailer.remove(b"Encrypt");
    doc.trailer.set("Info", info);
    doc.trailer.set("ID", vec![id.clone(), id]);
}

/// A PDF text string: PDFDocEncoding-safe ASCII as is, anything else as UTF-16BE with a BOM.
pub(crate) fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::string_literal(text);
    }
    let bytes = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// `D:20260315103000+00'00'`.
pub(crate) fn pdf_date(at: DateTime<Utc>) -> String {
    at.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}

fn pdf_error(e: lopdf::Error) -> DocumentError {
    DocumentError::Pdf(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_intent_profile_is_icc_v2() {
        assert_eq!(
            SRGB_ICC[8], 2,
            "PDF/A-2 output intents need an ICC v2 profile"
        );
        assert_eq!(&SRGB_ICC[12..20], b"mntrRGB ");
        assert_eq!(&SRGB_ICC[36..40], b"acsp");
    }

    #[test]
    fn non_ascii_text_strings_are_utf16_with_bom() {
        assert_eq!(
            text_string("Forlì"),
            Object::String(
                vec![0xFE, 0xFF, 0, b'F', 0, b'o', 0, b'r', 0, b'l', 0, 0xEC],
                lopdf::StringFormat::Hexadecimal
            )
        );
        assert_eq!(text_string("Forli"), Object::string_literal("Forli"));
    }
}
