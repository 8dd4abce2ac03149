//! Phase one: append an incremental update holding the signature field, its widget and a
//! signature dictionary whose `/Contents` is a zero-filled placeholder.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId};
use sha2::{Digest, Sha256};

use super::syntax::{pdf_date, text_string, write_dictionary, write_object};
use super::xref::{previous_xref, write_xref};
use super::{ByteRange, Prepared, SignatureOptions};
use crate::error::{Result, SignError};

/// Width of each number in the `/ByteRange` placeholder: files up to 10 GB.
const RANGE_DIGITS: usize = 10;

/// Loads a PDF with lopdf, turning a panic on hostile input into an error.
pub(crate) fn load(pdf: &[u8]) -> Result<Document> {
    std::panic::catch_unwind(|| Document::load_mem(pdf))
        .map_err(|_| SignError::InvalidPdf("the parser gave up on this file".into()))?
        .map_err(SignError::from)
}

/// See [`super::prepare`].
pub(crate) fn prepare(pdf: &[u8], options: &SignatureOptions) -> Result<Prepared> {
    let doc = load(pdf)?;
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(SignError::EncryptedPdf);
    }
    let previous = previous_xref(pdf)?;
    let mut update = Update::new(&doc);
    let root = doc.trailer.get(b"Root")?.as_reference()?;
    let page = *doc
        .get_pages()
        .get(&1)
        .ok_or_else(|| SignError::InvalidPdf("the document has no pages".into()))?;

    let sig_id = update.new_id();
    let field_id = update.new_id();
    let field_name = unique_field_name(&doc, root, &options.field_name);
    update.add_field_to_form(root, field_id)?;
    update.add_annotation_to_page(page, field_id)?;
    update.put(field_id, widget(&field_name, sig_id, page).into());

    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets = BTreeMap::new();
    offsets.insert(sig_id, out.len());
    let placeholders = write_signature_dictionary(&mut out, sig_id, options);
    for (id, object) in &update.objects {
        offsets.insert(*id, out.len());
        write_indirect(&mut out, *id, object)?;
    }
    let trailer = update.trailer(pdf);
    let next_id = update.next_id;
    write_xref(&mut out, previous, offsets, trailer, next_id)?;
    finish(out, placeholders)
}

/// Objects rewritten or added by the update, keyed by id.
struct Update<'a> {
    doc: &'a Document,
    objects: BTreeMap<ObjectId, Object>,
    next_id: u32,
}

impl<'a> Update<'a> {
    fn new(doc: &'a Document) -> Self {
        let size = doc
            .trailer
            .get(b"Size")
            .and_then(Object::as_i64)
            .unwrap_or(0);
        let next_id = u32::try_from(size).unwrap_or(0).max(doc.max_id + 1);
        Self {
            doc,
            objects: BTreeMap::new(),
            next_id,
        }
    }

    fn new_id(&mut self) -> ObjectId {
        let id = (self.next_id, 0);
        self.next_id += 1;
        id
    }

    fn put(&mut self, id: ObjectId, object: Object) {
        self.objects.insert(id, object);
    }

    /// The current state of object `id`: rewritten in this update, or the original.
    fn object(&self, id: ObjectId) -> Option<&Object> {
        self.objects
            .get(&id)
            .or_else(|| self.doc.get_object(id).ok())
    }

    fn dictionary(&self, id: ObjectId) -> Result<Dictionary> {
        match self.object(id) {
            Some(Object::Dictionary(d)) => Ok(d.clone()),
            _ => Err(SignError::InvalidPdf(format!(
                "object {id:?} is not a dictionary"
            ))),
        }
    }

    /// Registers the field in `/AcroForm /Fields` and sets `/SigFlags 3` (signatures exist,
    /// append only).
    fn add_field_to_form(&mut self, root: ObjectId, field: ObjectId) -> Result<()> {
        let mut catalog = self.dictionary(root)?;
        let (form_id, mut form) = match catalog.get(b"AcroForm") {
            Ok(Object::Reference(id)) => (*id, self.dictionary(*id)?),
            Ok(Object::Dictionary(d)) => (root, d.clone()),
            _ => (self.new_id(), Dictionary::new()),
        };
        let fields = self.resolve_array(form.get(b"Fields").ok());
        form.set("Fields", append(fields, field));
        let flags = form.get(b"SigFlags").and_then(Object::as_i64).unwrap_or(0);
        form.set("SigFlags", flags | 3);
        // PDF/A forbids NeedAppearances true.
        form.remove(b"NeedAppearances");
        if form_id == root {
            catalog.set("AcroForm", form);
        } else {
            if catalog.get(b"AcroForm").is_err() {
                catalog.set("AcroForm", form_id);
            }
            self.put(form_id, form.into());
        }
        self.put(root, catalog.into());
        Ok(())
    }

    fn add_annotation_to_page(&mut self, page: ObjectId, widget: ObjectId) -> Result<()> {
        let mut dict = self.dictionary(page)?;
        let annots = self.resolve_array(dict.get(b"Annots").ok());
        dict.set("Annots", append(annots, widget));
        self.put(page, dict.into());
        Ok(())
    }

    /// An array given directly or by reference (inlined: the update writes it directly).
    fn resolve_array(&self, object: Option<&Object>) -> Vec<Object> {
        let object = match object {
            Some(Object::Reference(id)) => self.object(*id),
            other => other,
        };
        match object {
            Some(Object::Array(items)) => items.clone(),
            _ => Vec::new(),
        }
    }

    fn trailer(&self, pdf: &[u8]) -> Dictionary {
        let doc = self.doc;
        let mut trailer = Dictionary::new();
        for key in [&b"Root"[..], b"Info"] {
            if let Ok(value) = doc.trailer.get(key) {
                trailer.set(key, value.clone());
            }
        }
        let id = doc.trailer.get(b"ID").cloned().unwrap_or_else(|_| {
            // PDF/A needs a file identifier; derive one from the original bytes.
            let digest = Sha256::digest(pdf)[..16].to_vec();
            let part = Object::String(digest, lopdf::StringFormat::Hexadecimal);
            Object::Array(vec![part.clone(), part])
        });
        trailer.set("ID", id);
        trailer
    }
}

fn append(mut items: Vec<Object>, id: ObjectId) -> Object {
    items.push(Object::Reference(id));
    Object::Array(items)
}

/// The merged field + widget: invisible (`/Rect [0 0 0 0]`), printable and locked (`/F 132`),
/// which PDF/A-2 accepts without an appearance stream.
fn widget(name: &str, sig: ObjectId, page: ObjectId) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Annot".to_vec()));
    d.set("Subtype", Object::Name(b"Widget".to_vec()));
    d.set("FT", Object::Name(b"Sig".to_vec()));
    d.set("T", text_string(name));
    d.set("V", sig);
    d.set(
        "Rect",
        Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    d.set("F", 132);
    d.set("P", page);
    d
}

/// `wanted`, or `wanted N` if a field of that name exists.
fn unique_field_name(doc: &Document, root: ObjectId, wanted: &str) -> String {
    let existing = existing_field_names(doc, root);
    if !existing.iter().any(|n| n == wanted) {
        return wanted.to_string();
    }
    // Ends: `existing` is finite, so some number is free.
    #[allow(clippy::maybe_infinite_iter)]
    (2..)
        .map(|n| format!("{wanted} {n}"))
        .find(|candidate| !existing.contains(candidate))
        .unwrap_or_else(|| wanted.to_string())
}

fn existing_field_names(doc: &Document, root: ObjectId) -> Vec<String> {
    let fields = doc
        .get_dictionary(root)
        .and_then(|c| c.get_deref(b"AcroForm", doc))
        .and_then(Object::as_dict)
        .and_then(|f| f.get_deref(b"Fields", doc))
        .and_then(Object::as_array);
    let Ok(fields) = fields else {
        return Vec::new();
    };
    fields
        .iter()
        .filter_map(|f| doc.dereference(f).ok())
        .filter_map(|(_, f)| f.as_dict().ok())
        .filter_map(|f| f.get(b"T").and_then(Object::as_str).ok())
        .map(|t| String::from_utf8_lossy(t).into_owned())
        .collect()
}

fn write_indirect(out: &mut Vec<u8>, id: ObjectId, object: &Object) -> Result<()> {
    out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
    write_object(out, object)?;
    out.extend_from_slice(b"\nendobj\n");
    Ok(())
}

/// Where the placeholders of the signature dictionary sit in the output.
struct Placeholders {
    byte_range_at: usize,
    contents_start: usize,
    contents_end: usize,
}

fn write_signature_dictionary(
    out: &mut Vec<u8>,
    id: ObjectId,
    options: &SignatureOptions,
) -> Placeholders {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Sig".to_vec()));
    dict.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    dict.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    dict.set("M", text_string(&pdf_date(&options.signing_time)));
    for (key, value) in [
        ("Reason", &options.reason),
        ("Location", &options.location),
        ("ContactInfo", &options.contact_info),
    ] {
        if let Some(v) = value {
            dict.set(key, text_string(v));
        }
    }
    out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
    // Text strings never fail to serialise; the dictionary holds no stream.
    let mut head = Vec::new();
    let _ = write_dictionary(&mut head, &dict);
    out.extend_from_slice(&head[..head.len() - 2]);
    out.extend_from_slice(b"/ByteRange ");
    let byte_range_at = out.len();
    out.extend_from_slice(format!("[{}]", " ".repeat(4 * (RANGE_DIGITS + 1) - 1)).as_bytes());
    out.extend_from_slice(b"/Contents ");
    let contents_start = out.len();
    out.push(b'<');
    out.resize(out.len() + 2 * options.reserved_bytes(), b'0');
    out.push(b'>');
    let contents_end = out.len();
    out.extend_from_slice(b">>\nendobj\n");
    Placeholders {
        byte_range_at,
        contents_start,
        contents_end,
    }
}

/// Fills in the byte range and hashes the covered bytes.
fn finish(mut out: Vec<u8>, p: Placeholders) -> Result<Prepared> {
    let range = ByteRange([
        0,
        p.contents_start,
        p.contents_end,
        out.len() - p.contents_end,
    ]);
    let text = format!("[0 {} {} {}]", range.0[1], range.0[2], range.0[3]);
    let width = 4 * (RANGE_DIGITS + 1) + 1;
    if text.len() > width {
        return Err(SignError::InvalidPdf(
            "the file is too large to sign".into(),
        ));
    }
    let padded = format!("{text:<width$}");
    out[p.byte_range_at..p.byte_range_at + width].copy_from_slice(padded.as_bytes());
    let digest = range.digest(&out);
    Ok(Prepared {
        bytes: out,
        byte_range: range,
        document_digest: digest,
    })
}
