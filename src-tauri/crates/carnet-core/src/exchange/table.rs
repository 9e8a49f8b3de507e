//! A spreadsheet's CSV as the office's tools write it, read into lines of cells.
//!
//! The encoding is found in this order: a byte-order mark (UTF-8, or UTF-16 as Excel's
//! "Unicode text" writes it); else strict UTF-8; else Windows-1252, which is what French
//! Excel's "CSV (séparateur : point-virgule)" writes. The separator is sniffed among `;`,
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
    Utf8,
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
}

/// The largest file an import takes (a register of a million people fits well below).
pub const MAX_BYTES: usize = 256 * 1024 * 1024;

/// The text of a file and how it was decoded.
pub fn decode(bytes: &[u8]) -> (String, TextEncoding) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        let how = if enc == encoding_rs::UTF_8 {
            TextEncoding::Utf8Bom
        } else {
            TextEncoding::Utf16
        };
        return (text.into_owned(), how);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), TextEncoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), TextEncoding::Windows1252)
        }
    }
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

/// Reads a whole file: decoded, separator sniffed, the first line with a cell as the
/// header, blank lines left out.
pub fn read_table(bytes: &[u8]) -> Result<Table> {
    if bytes.len() > MAX_BYTES {
        return Err(Error::invalid(
            Field::ImportFile,
            "is too large (more than 256 MB)",
        ));
    }
    let (text, encoding) = decode(bytes);
    let separator = sniff(&text);
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
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
    })
}
