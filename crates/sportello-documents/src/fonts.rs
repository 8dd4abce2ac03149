//! Titillium Web, loaded once and shared by every document.
//!
//! genpdf lays text out with Titillium's metrics but writes it through printpdf's *built-in font*
//! path (Helvetica names, WinAnsi codes as two-byte strings), which skips printpdf 0.3's scan of
//! every code point of every embedded face — 78% of the time of a document. [`pdfa::conform`]
//! then replaces each Helvetica dictionary with a composite font built here, once: Identity-H
//! encoding, a CIDToGIDMap from WinAnsi codes to Titillium's glyphs, widths from the font's own
//! `hmtx`, a ToUnicode CMap (text stays selectable and searchable), and the TrueType program
//! embedded, deflated once.
//!
//! [`pdfa::conform`]: crate::pdfa::conform

use std::io::Write;

use flate2::{write::ZlibEncoder, Compression};
use genpdf::fonts::{FontData, FontFamily};
use lopdf::{dictionary, Document, Object, ObjectId, Stream};
use printpdf::BuiltinFont;

use crate::winansi;
use crate::DocumentError;

const REGULAR: &[u8] = include_bytes!("../fonts/TitilliumWeb-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/TitilliumWeb-Bold.ttf");

/// One face, ready to be written into any number of PDFs.
#[derive(Debug)]
pub struct Face {
    name: &'static str,
    metrics: FontData,
    /// Zlib-compressed TrueType program and its uncompressed length.
    program: Vec<u8>,
    program_len: usize,
    /// Both deflated.
    cid_to_gid: Vec<u8>,
    to_unicode: Vec<u8>,
    widths: Vec<i64>,
    descriptor: Descriptor,
}

#[derive(Debug, Clone, Copy)]
struct Descriptor {
    bbox: [i64; 4],
    ascent: i64,
    descent: i64,
    cap_height: i64,
    stem_v: i64,
}

/// The faces the documents use: regular and bold (no italics are printed).
#[derive(Debug)]
pub struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    /// Parses and compresses the bundled fonts: do it once, then share.
    pub fn titillium() -> Result<Self, DocumentError> {
        Ok(Self {
            regular: Face::new("TitilliumWeb-Regular", REGULAR, 50)?,
            bold: Face::new("TitilliumWeb-Bold", BOLD, 120)?,
        })
    }

    /// The family genpdf lays out with: Titillium metrics under built-in font names.
    pub fn family(&self) -> FontFamily<FontData> {
        FontFamily {
            regular: self.regular.metrics.clone(),
            bold: self.bold.metrics.clone(),
            italic: self.regular.metrics.clone(),
            bold_italic: self.bold.metrics.clone(),
        }
    }

    /// The face that stands in for a built-in font name printpdf wrote.
    pub fn for_builtin(&self, base_font: &[u8]) -> Option<&Face> {
        match base_font {
            b"Helvetica" | b"Helvetica-Oblique" => Some(&self.regular),
            b"Helvetica-Bold" | b"Helvetica-BoldOblique" => Some(&self.bold),
            _ => None,
        }
    }
}

impl Face {
    fn new(name: &'static str, ttf: &'static [u8], stem_v: i64) -> Result<Self, DocumentError> {
        let font = rusttype::Font::from_bytes(ttf).map_err(|_| DocumentError::Font(name))?;
        let upem = f32::from(font.units_per_em());
        let v = font.v_metrics_unscaled();
        // rusttype scales so that ascent - descent spans the scale: this gives font units.
        let scale = rusttype::Scale::uniform(v.ascent - v.descent);
        let per_mille = |v: f32| (v * 1000.0 / upem).round() as i64;
        let mut cid_to_gid = vec![0u8; 512];
        let mut widths = vec![0i64; 256];
        for code in 0..=255u8 {
            // Control codes are never written; they keep the .notdef glyph and its width.
            let glyph = match winansi::char_of(code) {
                Some(c) => font.glyph(c),
                None => font.glyph(rusttype::GlyphId(0)),
            };
            let gid = u16::try_from(glyph.id().0).unwrap_or(0);
            cid_to_gid[usize::from(code) * 2..][..2].copy_from_slice(&gid.to_be_bytes());
            widths[usize::from(code)] = per_mille(glyph.scaled(scale).h_metrics().advance_width);
        }
        let head = table(ttf, b"head").ok_or(DocumentError::Font(name))?;
        let bbox = [36, 38, 40, 42].map(|at| per_mille(f32::from(i16_at(head, at))));
        let cap_height = table(ttf, b"OS/2")
            .filter(|os2| u16::from_be_bytes([os2[0], os2[1]]) >= 2 && os2.len() >= 90)
            .map_or(v.ascent, |os2| f32::from(i16_at(os2, 88)));
        let descriptor = Descriptor {
            bbox,
            ascent: per_mille(v.ascent),
            descent: per_mille(v.descent),
            cap_height: per_mille(cap_height),
            stem_v,
        };
        let program = deflate(ttf, Compression::best())?;
        let cid_to_gid = deflate(&cid_to_gid, Compression::best())?;
        let metrics = FontData::new(ttf.to_vec(), Some(builtin_for(name)))
            .map_err(|_| DocumentError::Font(name))?;
        Ok(Self {
            name,
            metrics,
            program,
            program_len: ttf.len(),
            cid_to_gid,
            to_unicode: deflate(&to_unicode_cmap(), Compression::best())?,
            widths,
            descriptor,
        })
    }

    /// Writes this face into `doc` as the Type0 font object `id`.
    pub fn write_into(&self, doc: &mut Document, id: ObjectId) {
        let file = doc.add_object(
            Stream::new(
                dictionary! { "Length1" => self.program_len as i64, "Filter" => "FlateDecode" },
                self.program.clone(),
            )
            .with_compression(false),
        );
        let d = self.descriptor;
        let descriptor = doc.add_object(dictionary! {
            "Type" => "FontDescriptor",
            "FontName" => Object::Name(self.name.into()),
            "Flags" => 32,
            "FontBBox" => d.bbox.iter().map(|v| Object::Integer(*v)).collect::<Vec<_>>(),
            "ItalicAngle" => 0,
            "Ascent" => d.ascent,
            "Descent" => d.descent,
            "CapHeight" => d.cap_height,
            "StemV" => d.stem_v,
            "FontFile2" => file,
        });
        let map = doc.add_object(
            Stream::new(
                dictionary! { "Filter" => "FlateDecode" },
                self.cid_to_gid.clone(),
            )
            .with_compression(false),
        );
        let widths: Vec<Object> = self.widths.iter().map(|w| Object::Integer(*w)).collect();
        let cid_font = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => Object::Name(self.name.into()),
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "FontDescriptor" => descriptor,
            "DW" => self.widths[0],
            "W" => vec![Object::Integer(0), Object::Array(widths)],
            "CIDToGIDMap" => map,
        });
        let to_unicode = doc.add_object(
            Stream::new(
                dictionary! { "Filter" => "FlateDecode" },
                self.to_unicode.clone(),
            )
            .with_compression(false),
        );
        doc.objects.insert(
            id,
            Object::Dictionary(dictionary! {
                "Type" => "Font",
                "Subtype" => "Type0",
                "BaseFont" => Object::Name(self.name.into()),
                "Encoding" => "Identity-H",
                "DescendantFonts" => vec![Object::Reference(cid_font)],
                "ToUnicode" => to_unicode,
            }),
        );
    }
}

/// Zlib-deflates `data` (the FlateDecode filter).
pub(crate) fn deflate(data: &[u8], level: Compression) -> Result<Vec<u8>, DocumentError> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len() / 2), level);
    encoder
        .write_all(data)
        .and_then(|()| encoder.finish())
        .map_err(|e| DocumentError::Pdf(e.to_string()))
}

fn builtin_for(name: &str) -> BuiltinFont {
    if name.ends_with("Bold") {
        BuiltinFont::HelveticaBold
    } else {
        BuiltinFont::Helvetica
    }
}

/// Maps each two-byte WinAnsi code to its Unicode character.
fn to_unicode_cmap() -> Vec<u8> {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let pairs: Vec<(u8, char)> = (0..=255u8)
        .filter_map(|code| winansi::char_of(code).map(|c| (code, c)))
        .collect();
    for chunk in pairs.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (code, c) in chunk {
            cmap.push_str(&format!("<{:04X}> <{:04X}>\n", code, u32::from(*c)));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap.into_bytes()
}

/// A table of a TrueType font, by tag.
pub(crate) fn table<'a>(ttf: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let count = usize::from(u16::from_be_bytes([*ttf.get(4)?, *ttf.get(5)?]));
    (0..count).find_map(|i| {
        let record = ttf.get(12 + 16 * i..28 + 16 * i)?;
        let at =
            |o: usize| u32::from_be_bytes([record[o], record[o + 1], record[o + 2], record[o + 3]]);
        (&record[..4] == tag).then(|| ttf.get(at(8) as usize..(at(8) + at(12)) as usize))?
    })
}

fn i16_at(table: &[u8], at: usize) -> i16 {
    i16::from_be_bytes([table[at], table[at + 1]])
}
