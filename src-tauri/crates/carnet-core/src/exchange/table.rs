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
/// starts with it): a view into the table.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub line: usize,
    pub cells: Cells<'a>,
}

/// The cells of one line, borrowed from the table (which keeps every cell's text in one
/// string and their ends in one array: 4 bytes a cell, 8 a line).
#[derive(Clone, Copy)]
pub struct Cells<'a> {
    text: &'a str,
    /// The ends of this line's cells in `text`; the first starts at `start`.
    ends: &'a [u32],
    start: u32,
}

impl<'a> Cells<'a> {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)? as usize;
        let from = if i == 0 { self.start } else { self.ends[i - 1] } as usize;
        Some(&self.text[from..end])
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

impl std::ops::Index<usize> for Cells<'_> {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i).expect("a cell of the line")
    }
}

impl std::fmt::Debug for Cells<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Cells<'_> {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.len() == N && self.iter().zip(other).all(|(a, b)| a == *b)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub encoding: TextEncoding,
    /// `;`, `,` or a tab.
    pub separator: char,
    pub headers: Vec<String>,
    /// Every cell's text, one after the other.
    text: String,
    /// Each cell's end in `text`.
    ends: Vec<u32>,
    /// Each line (with at least one cell that is not blank, the header aside): its file
    /// line number and its first cell.
    lines: Vec<(u32, u32)>,
    /// The lines (by number) that held bytes that are not UTF-8, in a file otherwise
    /// UTF-8: an import reports them instead of storing replacement marks.
    pub bad_byte_lines: Vec<usize>,
}

impl Table {
    /// How many lines of cells (the header aside).
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The `i`-th line of cells.
    pub fn row(&self, i: usize) -> Option<Row<'_>> {
        let &(line, first) = self.lines.get(i)?;
        let last = self
            .lines
            .get(i + 1)
            .map_or(self.ends.len() as u32, |&(_, f)| f);
        let start = if first == 0 {
            0
        } else {
            self.ends[first as usize - 1]
        };
        Some(Row {
            line: line as usize,
            cells: Cells {
                text: &self.text,
                ends: &self.ends[first as usize..last as usize],
                start,
            },
        })
    }

    /// Every line of cells, in file order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Row<'_>> + Clone + '_ {
        (0..self.len()).map(|i| self.row(i).expect("a line of the table"))
    }

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

/// The most lines a file may hold (a register of a million people fits).
pub const MAX_ROWS: usize = 1_200_000;
/// The most cells a file may hold, and a line: a hostile file of one-letter cells is
/// refused before it takes the memory (each cell costs 4 bytes besides its text).
pub const MAX_CELLS: usize = 24_000_000;
pub const MAX_CELLS_PER_ROW: usize = 1_024;
const TOO_MANY_CELLS: &str = "has more than 1,024 cells: is it the right file?";

/// How the bytes are to be read, found in one pass over them without decoding: a
/// byte-order mark; else whether they are UTF-8, UTF-8 but for a few bytes, or
/// Windows-1252. Returns the encoding and the length of the mark to skip.
fn detect(bytes: &[u8]) -> (TextEncoding, usize) {
    match bytes.get(..4) {
        Some([0xFF, 0xFE, 0, 0]) | Some([0, 0, 0xFE, 0xFF]) => return (TextEncoding::Utf32, 4),
        _ => {}
    }
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return if enc == encoding_rs::UTF_8 {
            (TextEncoding::Utf8Bom, bom)
        } else {
            (TextEncoding::Utf16, bom)
        };
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (TextEncoding::Utf8, 0);
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
        (TextEncoding::Utf8WithBadBytes, 0)
    } else {
        (TextEncoding::Windows1252, 0)
    }
}

/// Decodes as it is read: the file's bytes in, UTF-8 out, in slices of 64 KiB, so the
/// decoded text of the whole file never sits in memory beside the cells.
struct Transcode<'a> {
    input: &'a [u8],
    decoder: Option<encoding_rs::Decoder>,
    utf32_little: Option<bool>,
    out: Vec<u8>,
    at: usize,
    /// The last byte handed out (whether the text ends with a line break).
    last: u8,
    /// Once the separator is known: separators counted since the last line break, the
    /// line being read, and the line found with too many (the reader then stops there, so
    /// a hostile line never becomes a gigantic record).
    separator: Option<u8>,
    in_line: usize,
    line: usize,
    too_many_at: Option<usize>,
}

impl<'a> Transcode<'a> {
    /// A reader of `bytes` in `encoding` (`bom`: the length of its byte-order mark).
    fn over(bytes: &'a [u8], encoding: TextEncoding, bom: usize) -> Self {
        let decoder = match encoding {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom | TextEncoding::Utf32 => None,
            TextEncoding::Utf8WithBadBytes => {
                Some(encoding_rs::UTF_8.new_decoder_without_bom_handling())
            }
            TextEncoding::Windows1252 => {
                Some(encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling())
            }
            // The mark says which UTF-16.
            TextEncoding::Utf16 => encoding_rs::Encoding::for_bom(bytes)
                .map(|(e, _)| e.new_decoder_without_bom_handling()),
        };
        Transcode {
            input: &bytes[bom..],
            decoder,
            utf32_little: (encoding == TextEncoding::Utf32).then(|| bytes[0] == 0xFF),
            out: Vec::new(),
            at: 0,
            last: 0,
            separator: None,
            in_line: 0,
            line: 1,
            too_many_at: None,
        }
    }

    /// Decodes the next slice of input into `out`; false at the end.
    fn refill(&mut self) -> bool {
        const SLICE: usize = 64 * 1024;
        self.out.clear();
        self.at = 0;
        if self.input.is_empty() {
            return false;
        }
        if let Some(little) = self.utf32_little {
            let n = self.input.len().min(SLICE) / 4 * 4;
            let n = if n == 0 { self.input.len() } else { n };
            let (now, rest) = self.input.split_at(n);
            let mut buf = [0u8; 4];
            for c in now.chunks(4) {
                let mut b = [0u8; 4];
                b[..c.len()].copy_from_slice(c);
                let v = if little {
                    u32::from_le_bytes(b)
                } else {
                    u32::from_be_bytes(b)
                };
                let ch = char::from_u32(v).unwrap_or('\u{FFFD}');
                self.out
                    .extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
            }
            self.input = rest;
            return true;
        }
        match &mut self.decoder {
            None => {
                let n = self.input.len().min(SLICE);
                self.out.extend_from_slice(&self.input[..n]);
                self.input = &self.input[n..];
            }
            Some(d) => {
                let n = self.input.len().min(SLICE);
                let last = n == self.input.len();
                self.out
                    .resize(d.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16), 0);
                let (_, read, written, _) = d.decode_to_utf8(&self.input[..n], &mut self.out, last);
                self.out.truncate(written);
                self.input = &self.input[read..];
            }
        }
        true
    }
}

impl std::io::Read for Transcode<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() {
            if !self.refill() {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        if n > 0 {
            self.last = buf[n - 1];
        }
        if let Some(sep) = self.separator {
            for &b in &buf[..n] {
                if b == b'\n' {
                    self.line += 1;
                    self.in_line = 0;
                } else if b == sep {
                    self.in_line += 1;
                    if self.in_line >= MAX_CELLS_PER_ROW {
                        self.too_many_at = Some(self.line);
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::InvalidData,
                            "too many cells on a line",
                        ));
                    }
                }
            }
        }
        Ok(n)
    }
}

/// Lines end at `\n` alone (a `\r` before it is taken off the line's last cell): then
/// csv counts every line break when it reads it, which line numbers rely on.
fn reader<R: std::io::Read>(input: R, separator: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(separator)
        .terminator(csv::Terminator::Any(b'\n'))
        .has_headers(false)
        .flexible(true)
        .from_reader(input)
}

/// The separator that splits the first lines most consistently: the same number of
/// cells on each, the most cells winning; `;` first on a tie (French files).
pub fn sniff(text: &str) -> u8 {
    let mut best = (b';', 0usize, false);
    for sep in [b';', b',', b'\t'] {
        let counts: Vec<usize> = reader(text.as_bytes(), sep)
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

/// Reads a whole file: its encoding found, decoded as it is read, the separator sniffed
/// on its first 64 KiB, the first line with a cell as the header, blank lines left out.
/// Bounded: at most [`MAX_ROWS`] lines, [`MAX_CELLS`] cells, [`MAX_CELLS_PER_ROW`] a line.
pub fn read_table(bytes: &[u8]) -> Result<Table> {
    if bytes.len() > MAX_BYTES {
        return Err(too_large());
    }
    let (encoding, bom) = detect(bytes);
    let transcode = || Transcode::over(bytes, encoding, bom);
    let separator = {
        let mut head = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(transcode(), 64 * 1024), &mut head)
            .expect("decoding to UTF-8 never fails");
        // A cut in the middle of a character at the slice's end is dropped.
        sniff(&String::from_utf8_lossy(&head))
    };
    let mut headers: Option<Vec<String>> = None;
    let mut text = String::new();
    let mut ends: Vec<u32> = Vec::new();
    let mut lines: Vec<(u32, u32)> = Vec::new();
    let mut bad_byte_lines = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut guarded = transcode();
    guarded.separator = Some(separator);
    let mut rdr = reader(guarded, separator);
    // The line a record starts on. csv counts the line breaks it has read, its own
    // included (blank lines before it too): its first line is the count at its end less
    // the breaks inside its quoted cells and the one ending it (none at the end of a
    // file without a last line break).
    let mut line_before = 1usize;
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                if let Some(row) = rdr.get_ref().too_many_at {
                    return Err(Error::InvalidRow {
                        row,
                        field: Field::ImportFile,
                        reason: TOO_MANY_CELLS,
                    });
                }
                let row = e.position().map_or(line_before, |p| p.line() as usize);
                return Err(Error::InvalidRow {
                    row,
                    field: Field::ImportFile,
                    reason: "the line cannot be read as CSV",
                });
            }
        }
        let inside: usize = record
            .iter()
            .map(|c| c.bytes().filter(|&b| b == b'\n').count())
            .sum();
        let ended = !(rdr.is_done() && rdr.get_ref().last != b'\n');
        let line = (rdr.position().line() as usize)
            .saturating_sub(inside + usize::from(ended))
            .max(1);
        line_before = line;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let bad = encoding == TextEncoding::Utf8WithBadBytes
            && record.iter().any(|c| c.contains('\u{FFFD}'));
        if headers.is_none() {
            if bad {
                return Err(Error::InvalidRow {
                    row: line,
                    field: Field::ImportFile,
                    reason: BAD_BYTES,
                });
            }
            headers = Some(record.iter().map(|h| h.trim().to_owned()).collect());
            continue;
        }
        if bad {
            bad_byte_lines.push(line);
        }
        if record.len() > MAX_CELLS_PER_ROW {
            return Err(Error::InvalidRow {
                row: line,
                field: Field::ImportFile,
                reason: TOO_MANY_CELLS,
            });
        }
        // Decoded, a Windows-1252 file can grow (one byte becomes up to three).
        if text.len() + record.as_slice().len() > MAX_BYTES {
            return Err(too_large());
        }
        if lines.len() >= MAX_ROWS || ends.len() + record.len() > MAX_CELLS {
            return Err(Error::invalid(
                Field::ImportFile,
                "has more than 1,200,000 lines or 24,000,000 cells: split it into several files",
            ));
        }
        lines.push((line as u32, ends.len() as u32));
        let count = record.len();
        for (i, cell) in record.iter().enumerate() {
            // A Windows line end: its `\r` is the last cell's last character.
            let cell = match i + 1 == count {
                true => cell.strip_suffix('\r').unwrap_or(cell),
                false => cell,
            };
            text.push_str(cell);
            ends.push(text.len() as u32);
        }
    }
    let headers = headers.ok_or(Error::invalid(Field::ImportFile, "is empty"))?;
    text.shrink_to_fit();
    ends.shrink_to_fit();
    Ok(Table {
        encoding,
        separator: separator as char,
        headers,
        text,
        ends,
        lines,
        bad_byte_lines,
    })
}
