//! Carnet's printed documents. A document is a list of blocks (titles, paragraphs,
//! label–value pairs, tables); [`render`] lays them out on the organisation's paper size
//! with DejaVu Sans embedded (subset), and page numbers in the footer.
//!
//! Text is NFC-normalised, wrapped with the font's own glyph widths, and every character
//! of French (é à ç œ Œ « » and the narrow no-break space) is in the font.

mod access;
mod contests;
mod incidents;
mod labels;
mod layout;
mod letters;
mod licences;
mod pack;
mod portability;
mod privacy;
mod receipts;
mod recovery;

use carnet_core::model::{Language, Paper};
use carnet_core::{Error, Result};

pub use access::{access_report, date as long_date, Addressee};
/// The letter kinds and addressees are the requests context's (`carnet_core::requests`).
pub use carnet_core::requests::{recipient, Acting, LetterKind, Recipient};
pub use contests::{closing_statement, contest_rules, draw_report, packing_list};
pub use incidents::{incident_register, incident_report};
pub use labels::{address_labels, LabelOptions, Sheet, AVERY_5160, AVERY_L7160};
pub use letters::{request_letter, request_letter_preview};
pub use licences::{licence_reminder, money};
pub use pack::regulator_pack;
pub use portability::portability_zip;
pub use privacy::{erasure_certificate, processing_register};
pub use receipts::consent_receipts;
pub use recovery::recovery_sheet;

/// Serialised for the app's preview, which draws the same blocks as HTML.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Block {
    Title(String),
    Heading(String),
    Para(String),
    /// Smaller grey text (notes, legal references).
    Small(String),
    /// Large monospaced text (a recovery key).
    Mono(String),
    /// Label and value rows.
    Pairs(Vec<(String, String)>),
    /// A table: columns as wide as their content asks, breaking only between words; its
    /// header repeats on each page; a row splits only when it is taller than a page.
    /// When even the longest words do not fit side by side, each row prints as
    /// label–value rows instead.
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Gap(f32),
    PageBreak,
    /// Blocks kept on one page (a letter's closing with its signature): when they would
    /// cross a page and fit on one, they start on the next.
    Together(Vec<Block>),
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Doc {
    pub title: String,
    pub paper: Paper,
    pub language: Language,
    pub blocks: Vec<Block>,
    /// Left footer text on every page (e.g. the organisation's name).
    pub footer_left: String,
}

impl Doc {
    pub fn new(title: &str, paper: Paper, language: Language) -> Doc {
        Doc {
            title: title.into(),
            paper,
            language,
            blocks: Vec::new(),
            footer_left: String::new(),
        }
    }

    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }

    fn paper_mm(&self) -> (f32, f32) {
        match self.paper {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
        }
    }

    fn footer(&self, page: usize, total: usize) -> String {
        match self.language {
            Language::Fr => format!("Page {page} sur {total}"),
            Language::En => format!("Page {page} of {total}"),
        }
    }
}

/// Refuses a document with a character no font can draw (a script neither DejaVu nor any
/// font of the computer has): a PDF never shows an empty box
/// in place of a name. The error names where the text is (the label or column, else the
/// document), never the text itself.
fn printable(doc: &Doc, fonts: &layout::Fonts) -> Result<()> {
    use layout::Face;
    let refuse = |place: &str| {
        Err(Error::Unprintable {
            place: place.to_owned(),
        })
    };
    // Blocks kept together are checked as the others.
    let mut blocks: Vec<&Block> = Vec::new();
    fn flatten<'b>(list: &'b [Block], out: &mut Vec<&'b Block>) {
        for b in list {
            match b {
                Block::Together(group) => flatten(group, out),
                other => out.push(other),
            }
        }
    }
    flatten(&doc.blocks, &mut blocks);
    // Labelled values first: their label says best where the text is.
    for block in &blocks {
        match block {
            Block::Pairs(pairs) => {
                for (k, v) in pairs {
                    if fonts.missing(Face::Regular, v).is_some() {
                        return refuse(k);
                    }
                }
            }
            Block::Table { head, rows } => {
                for row in rows {
                    for (k, v) in head.iter().zip(row) {
                        if fonts.missing(Face::Regular, v).is_some() {
                            return refuse(k);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // Then running text: headings may hold a name, so the place is the document itself.
    for block in &blocks {
        let unprintable = match block {
            Block::Title(t) | Block::Heading(t) => fonts.missing(Face::Bold, t).is_some(),
            Block::Para(t) | Block::Small(t) => fonts.missing(Face::Regular, t).is_some(),
            Block::Mono(t) => fonts.missing(Face::Mono, t).is_some(),
            Block::Pairs(pairs) => pairs
                .iter()
                .any(|(k, _)| fonts.missing(Face::Bold, k).is_some()),
            Block::Table { head, .. } => {
                head.iter().any(|k| fonts.missing(Face::Bold, k).is_some())
            }
            Block::Gap(_) | Block::PageBreak | Block::Together(_) => false,
        };
        if unprintable {
            return refuse(&doc.title);
        }
    }
    Ok(())
}

/// The PDF bytes of a document. A failure inside the PDF library is caught and reported
/// as an error, never a crash of the app.
pub fn render(doc: &Doc) -> Result<Vec<u8>> {
    let fonts =
        layout::Fonts::load().ok_or(Error::Document("the embedded font could not be read"))?;
    printable(doc, &fonts)?;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| layout::render(doc, &fonts)))
        .map_err(|_| Error::Document("the PDF could not be produced"))
}
