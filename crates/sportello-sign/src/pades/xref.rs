//! The cross-reference section of an incremental update: a classic table after a classic
//! table, a cross-reference stream after a stream (ISO 32000-1 §7.5.6, §7.5.8).

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId};

use super::syntax::write_dictionary;
use crate::error::{Result, SignError};

/// How the original file's last cross-reference section is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum XrefKind {
    Table,
    Stream,
}

/// The original file's last cross-reference section.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PreviousXref {
    pub offset: usize,
    pub kind: XrefKind,
}

/// Finds the last `startxref` of `pdf` and what it points at.
pub(crate) fn previous_xref(pdf: &[u8]) -> Result<PreviousXref> {
    let invalid = || SignError::InvalidPdf("no valid startxref at the end of the file".into());
    let tail_start = pdf.len().saturating_sub(4096);
    let tail = &pdf[tail_start..];
    let at = find_last(tail, b"startxref").ok_or_else(invalid)?;
    let digits: String = tail[at + 9..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    let offset: usize = digits.parse().map_err(|_| invalid())?;
    let section = pdf.get(offset..).ok_or_else(invalid)?;
    let kind = if section.starts_with(b"xref") {
        XrefKind::Table
    } else {
        XrefKind::Stream
    };
    Ok(PreviousXref { offset, kind })
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Appends the cross-reference section for `offsets` and the trailer, `startxref` and `%%EOF`.
/// `next_id` is the first unused object number.
pub(crate) fn write_xref(
    out: &mut Vec<u8>,
    previous: PreviousXref,
    mut offsets: BTreeMap<ObjectId, usize>,
    mut trailer: Dictionary,
    next_id: u32,
) -> Result<()> {
    let start = out.len();
    let prev = i64::try_from(previous.offset).map_err(|_| too_large())?;
    trailer.set("Prev", prev);
    match previous.kind {
        XrefKind::Table => {
            trailer.set("Size", i64::from(next_id));
            out.extend_from_slice(b"xref\n");
            for run in runs(&offsets) {
                out.extend_from_slice(format!("{} {}\n", run[0].0 .0, run.len()).as_bytes());
                for ((_, gen), offset) in run {
                    out.extend_from_slice(format!("{offset:010} {gen:05} n\r\n").as_bytes());
                }
            }
            out.extend_from_slice(b"trailer\n");
            write_dictionary(out, &trailer)?;
            out.push(b'\n');
        }
        XrefKind::Stream => {
            let own = (next_id, 0);
            offsets.insert(own, start);
            write_xref_stream(out, &offsets, trailer, own)?;
        }
    }
    out.extend_from_slice(format!("startxref\n{start}\n%%EOF\n").as_bytes());
    Ok(())
}

fn write_xref_stream(
    out: &mut Vec<u8>,
    offsets: &BTreeMap<ObjectId, usize>,
    mut dict: Dictionary,
    own: ObjectId,
) -> Result<()> {
    let mut data = Vec::new();
    let mut index = Vec::new();
    for run in runs(offsets) {
        index.push(Object::Integer(i64::from(run[0].0 .0)));
        index.push(Object::Integer(run.len() as i64));
        for ((_, gen), offset) in run {
            let offset = u32::try_from(offset).map_err(|_| too_large())?;
            data.push(1);
            data.extend_from_slice(&offset.to_be_bytes());
            data.extend_from_slice(&gen.to_be_bytes());
        }
    }
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", i64::from(own.0) + 1);
    dict.set("W", Object::Array(vec![1.into(), 4.into(), 2.into()]));
    dict.set("Index", Object::Array(index));
    dict.set("Length", data.len() as i64);
    out.extend_from_slice(format!("{} {} obj\n", own.0, own.1).as_bytes());
    write_dictionary(out, &dict)?;
    out.extend_from_slice(b"\nstream\n");
    out.extend_from_slice(&data);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    Ok(())
}

fn too_large() -> SignError {
    SignError::InvalidPdf("the file is too large to sign".into())
}

/// Groups entries into runs of consecutive object numbers (xref subsections).
fn runs(offsets: &BTreeMap<ObjectId, usize>) -> Vec<Vec<(ObjectId, usize)>> {
    let mut runs: Vec<Vec<(ObjectId, usize)>> = Vec::new();
    for (&id, &offset) in offsets {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|(last, _)| last.0 + 1 == id.0) => {
                run.push((id, offset));
            }
            _ => runs.push(vec![(id, offset)]),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_objects_share_a_subsection() {
        let offsets = BTreeMap::from([((3, 0), 10), ((4, 0), 20), ((9, 0), 30)]);
        let runs = runs(&offsets);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].len(), 2);
        assert_eq!(runs[1][0], ((9, 0), 30));
    }

    #[test]
    fn startxref_is_found_and_classified() {
        let pdf = b"%PDF-1.7\nxref\n0 1\n0000000000 65535 f\r\ntrailer<<>>\nstartxref\n9\n%%EOF\n";
        let prev = previous_xref(pdf).unwrap();
        assert_eq!(prev.offset, 9);
        assert_eq!(prev.kind, XrefKind::Table);
        assert!(previous_xref(b"%PDF-1.7\nstartxref\n99999\n%%EOF").is_err());
    }
}
