//! A spreadsheet's CSV as the office's tools write it, read into lines of cells.
//!
//! The encoding is found in this order: a byte-order mark (UTF-8, UTF-16 as Excel's
//! "Unicode text" writes it, or UTF-32); else strict UTF-8; else UTF-8 with a few bad
//! bytes when the file holds more real UTF-8 letters than bad bytes (read as UTF-8, and
//! the lines with a bad byte named, never imported silently as Windows-1252 mojibake:
//! `CÃ´tÃ©`); else Windows-1252, which is what French Excel's "CSV (séparateur :
//! point-virgule)" writes. The separator is sniffed among `;`,
//! `,` and tab: the one that splits the header and the first lines into the same number of
//! cells, more than one. Quoted cells may hold separators and line breaks; every line of
//! cells keeps the number of the file line it starts on, so a problem can be pointed at.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::field::Field;

/// How the file's bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    Utf8Bom,
    Utf16,
    Utf32,
    Utf8,
    /// UTF-8 but for a few bytes: those became U+FFFD and their lines are named.
    Utf8WithBadBytes,
    Windows1252,
}

/// A line of cells and where it starts in the file (the header is line 1 when the file
/// starts with it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableRow {
    pub line: usize,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub encoding: TextEncoding,
    /// `;`, `,` or a tab.
    pub separator: char,
    pub headers: Vec<String>,
    /// Every line with at least one cell that is not blank.
    pub rows: Vec<TableRow>,
    /// The lines (of `rows`, by number) that held bytes that are not UTF-8, in a file
    /// otherwise UTF-8: an import reports them instead of storing replacement marks.
    pub bad_byte_lines: Vec<usize>,
}

impl Table {
    /// Refused at the first line that held bytes that are not UTF-8 (for the imports that
    /// do not report problems line by line).
    pub fn refuse_bad_bytes(&self) -> Result<()> {
        match self.bad_byte_lines.first() {
            Some(&row) => Err(Error::InvalidRow {
                row,
                field: Field::ImportFile,
                reason: BAD_BYTES,
            }),
            None => Ok(()),
        }
    }
}

/// What a line holding bytes that are not UTF-8 is reported with.
pub const BAD_BYTES: &str =
    "holds bytes that are not UTF-8 (shown as �): correct this line, or save the file again as CSV UTF-8";

/// The largest file an import takes (a register of a million people fits well below).
pub const MAX_BYTES: usize = 256 * 1024 * 1024;

/// The text of a file and how it was decoded.
pub fn decode(bytes: &[u8]) -> (String, TextEncoding) {
    if let Some(text) = utf32(bytes) {
        return (text, TextEncoding::Utf32);
    }
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        let how = if enc == encoding_rs::UTF_8 {
            TextEncoding::Utf8Bom
        } else {
            TextEncoding::Utf16
        };
        return (text.into_owned(), how);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), TextEncoding::Utf8);
    }
    // Real UTF-8 letters (two bytes or more) against bytes that cannot be UTF-8: a file
    // saved as UTF-8 with one stray byte has many of the first; a Windows-1252 file has
    // none (its accented letters are single bytes that are never valid UTF-8 sequences).
    let (mut letters, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        letters += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    if letters > bad {
        return (
            String::from_utf8_lossy(bytes).into_owned(),
            TextEncoding::Utf8WithBadBytes,
        );
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    (text.into_owned(), TextEncoding::Windows1252)
}

/// A file with a UTF-32 byte-order mark (little- or big-endian), decoded; a code unit
/// that is no character becomes U+FFFD.
fn utf32(bytes: &[u8]) -> Option<String> {
    let little = match bytes.get(..4)? {
        [0xFF, 0xFE, 0, 0] => true,
        [0, 0, 0xFE, 0xFF] => false,
        _ => return None,
    };
    Some(
        bytes[4..]
            .chunks(4)
            .map(|c| {
                let mut b = [0u8; 4];
                b[..c.len()].copy_from_slice(c);
                let v = if little {
                    u32::from_le_bytes(b)
                } else {
                    u32::from_be_bytes(b)
                };
                char::from_u32(v).unwrap_or('\u{FFFD}')
            })
            .collect(),
    )
}

fn reader(text: &str, separator: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// The separator that splits the first lines most consistently: the same number of
/// cells on each, the most cells winning; `;` first on a tie (French files).
pub fn sniff(text: &str) -> u8 {
    let mut best = (b';', 0usize, false);
    for sep in [b';', b',', b'\t'] {
        let counts: Vec<usize> = reader(text, sep)
            .records()
            .take(20)
            .filter_map(|r| r.ok())
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .map(|r| r.len())
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        let steady = counts.iter().all(|&c| c == first);
        let better = match (steady, best.2) {
            (true, false) => first > 1,
            (s, b) if s == b => first > best.1,
            _ => false,
        };
        if better {
            best = (sep, first, steady);
        }
    }
    best.0
}

fn count_lines(text: &str, from: usize, to: usize) -> usize {
    text.as_bytes()
        .get(from..to)
        .map(|b| b.iter().filter(|&&c| c == b'\n').count())
        .unwrap_or(0)
}

fn too_large() -> Error {
    Error::invalid(Field::ImportFile, "is too large (more than 256 MB)")
}

/// The bytes of a file to import, its size checked before a byte is read (a 3 GB file
/// is refused at once, and a file growing while it is read stops at the limit).
pub fn read_import_file(path: &std::path::Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > MAX_BYTES as u64 {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > MAX_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Reads the file at `path` as [`read_table`] does (see [`read_import_file`]).
pub fn read_table_file(path: &std::path::Path) -> Result<Table> {
    read_table(&read_import_file(path)?)
}

/// Reads a whole file: decoded, separator sniffed, the first line with a cell as the
/// header, blank lines left out.
pub fn read_table(bytes: &[u8]) -> Result<Table> {
    if bytes.len() > MAX_BYTES {
        return Err(too_large());
    }
    let (text, encoding) = decode(bytes);
    let separator = sniff(&text);
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut bad_byte_lines = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut rdr = reader(&text, separator);
    // Lines are counted from the byte where each record starts, so a quoted cell
    // running over several lines moves the next record's number on.
    let (mut seen_byte, mut seen_line) = (0usize, 1usize);
    loop {
        let before = rdr.position().byte() as usize;
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(_) => {
                return Err(Error::InvalidRow {
                    row: seen_line + count_lines(&text, seen_byte, before),
                    field: Field::ImportFile,
                    reason: "the line cannot be read as CSV",
                })
            }
        }
        // The reader leaves the previous line's end before the record: skip it.
        let mut start = record
            .position()
            .map(|p| p.byte() as usize)
            .unwrap_or(before);
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        seen_line += count_lines(&text, seen_byte, start);
        seen_byte = start;
        let line = seen_line;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if encoding == TextEncoding::Utf8WithBadBytes
            && cells.iter().any(|c| c.contains('\u{FFFD}'))
        {
            if headers.is_none() {
                return Err(Error::InvalidRow {
                    row: line,
                    field: Field::ImportFile,
                    reason: BAD_BYTES,
                });
            }
            bad_byte_lines.push(line);
        }
        if headers.is_none() {
            headers = Some(cells.iter().map(|h| h.trim().to_owned()).collect());
        } else {
            rows.push(TableRow { line, cells });
        }
    }
    let headers = headers.ok_or(Error::invalid(Field::ImportFile, "is empty"))?;
    Ok(Table {
        encoding,
        separator: separator as char,
        headers,
        rows,
        bad_byte_lines,
    })
}
