//! CSV files meant to be opened in a spreadsheet (Excel first): a byte-order mark so that
//! accents survive, and cells that a spreadsheet would run as a formula neutralised.
//!
//! A name, a phone or a piece of evidence is written as typed, except that a cell starting
//! with `=`, `+`, `-`, `@`, a tab or a carriage return (or the full-width `＝ ＋ － ＠`)
//! gets a leading apostrophe: Excel and LibreOffice then show it as text instead of
//! evaluating `=HYPERLINK(…)` or `+1 514…`. The JSON exports keep values untouched.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// Characters that make a spreadsheet read a cell as a formula when they come first.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// `cell` as a spreadsheet will show it, never run it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A cell read back from a spreadsheet: the apostrophe [`neutralise`] put before a
/// formula character is taken off again.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// A CSV file for a spreadsheet: UTF-8 with a byte-order mark, comma-separated, every
/// cell neutralised.
pub struct SpreadsheetCsv {
    writer: csv::Writer<Vec<u8>>,
}

fn failed<E>(_: E) -> Error {
    Error::Io("the CSV could not be written".into())
}

impl SpreadsheetCsv {
    pub fn new() -> Self {
        SpreadsheetCsv {
            writer: csv::Writer::from_writer("\u{feff}".as_bytes().to_vec()),
        }
    }

    /// For French Excel: `;` between cells (its "CSV (point-virgule)"), with the mark
    /// that makes it read UTF-8.
    pub fn for_excel() -> Self {
        SpreadsheetCsv {
            writer: csv::WriterBuilder::new()
                .delimiter(b';')
                .from_writer("\u{feff}".as_bytes().to_vec()),
        }
    }

    /// For a mailing tool's import: plain UTF-8 (no mark, which a tool could take for
    /// part of the first header), `separator` between cells.
    pub fn for_tool(separator: u8) -> Self {
        SpreadsheetCsv {
            writer: csv::WriterBuilder::new()
                .delimiter(separator)
                .from_writer(Vec::new()),
        }
    }

    /// Writes one row, each cell neutralised.
    pub fn row<I, S>(&mut self, cells: I) -> Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let row: Vec<String> = cells
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned())
            .collect();
        self.writer.write_record(&row).map_err(failed)
    }

    /// The file's bytes.
    pub fn finish(self) -> Result<Vec<u8>> {
        self.writer.into_inner().map_err(failed)
    }
}

impl Default for SpreadsheetCsv {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_the_rest_is_kept() {
        let cases = [
            (
                "=HYPERLINK(\"http://x\",\"clic\")",
                "'=HYPERLINK(\"http://x\",\"clic\")",
            ),
            ("+1 514 555 0199", "'+1 514 555 0199"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
            ("＝1+1", "'＝1+1"),
            ("Zoë Lefèvre-Cœurdevey", "Zoë Lefèvre-Cœurdevey"),
            ("514-555-0199", "514-555-0199"),
            ("", ""),
        ];
        for (cell, want) in cases {
            assert_eq!(neutralise(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn the_file_starts_with_a_byte_order_mark_and_quotes_as_csv_does() {
        let mut csv = SpreadsheetCsv::new();
        csv.row(["nom", "note"]).unwrap();
        csv.row(["Zoë", "=1+1, \"oui\""]).unwrap();
        let bytes = csv.finish().unwrap();
        assert_eq!(&bytes[..3], b"\xef\xbb\xbf");
        assert_eq!(
            std::str::from_utf8(&bytes[3..]).unwrap(),
            "nom,note\nZoë,\"'=1+1, \"\"oui\"\"\"\n"
        );
    }
}
