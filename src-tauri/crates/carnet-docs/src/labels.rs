//! Address labels on Avery sheets: L7160 (A4, 3 × 7 labels of 63.5 × 38.1 mm) for A4
//! offices, 5160 (Letter, 3 × 10 labels of 2⅝ × 1 in) for Letter offices. Printing can
//! start at any label of a half-used sheet, and a printer offset moves everything. Each
//! address is drawn inside its label: the text shrinks, then wraps, and never leaves it.
//!
//! Geometry from label-template projects, not the maker (hence the offset setting).

use carnet_core::model::Paper;
use carnet_core::{Error, Result};

use crate::layout::{write_pdf, Face, Fonts, Page, Span, MM};

/// A sheet of labels, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Sheet {
    pub name: &'static str,
    pub page: (f32, f32),
    pub columns: usize,
    pub rows: usize,
    pub label: (f32, f32),
    pub left: f32,
    pub top: f32,
    pub pitch: (f32, f32),
    /// Space kept clear inside each label's edge.
    pub padding: f32,
    /// The size text starts at, before it shrinks to fit.
    pub text_size: f32,
}

pub const AVERY_L7160: Sheet = Sheet {
    name: "Avery L7160",
    page: (210.0, 297.0),
    columns: 3,
    rows: 7,
    label: (63.5, 38.1),
    left: 7.21,
    top: 15.15,
    pitch: (66.04, 38.1),
    padding: 3.5,
    text_size: 10.0,
};

pub const AVERY_5160: Sheet = Sheet {
    name: "Avery 5160",
    page: (215.9, 279.4),
    columns: 3,
    rows: 10,
    label: (66.675, 25.4),
    left: 4.7625,
    top: 12.7,
    pitch: (69.85, 25.4),
    padding: 2.5,
    text_size: 9.0,
};

impl Sheet {
    /// The sheet an office's paper takes.
    pub fn for_paper(paper: Paper) -> Sheet {
        match paper {
            Paper::A4 => AVERY_L7160,
            Paper::Letter => AVERY_5160,
        }
    }

    pub fn per_page(&self) -> usize {
        self.columns * self.rows
    }

    /// Label `i` (0-based on its page): its left, top, right and bottom in points from
    /// the page's top-left corner, after the printer offset.
    pub fn rect(&self, i: usize, offset: (f32, f32)) -> (f32, f32, f32, f32) {
        let col = i % self.columns;
        let row = i / self.columns;
        let x = self.left + col as f32 * self.pitch.0 + offset.0;
        let y = self.top + row as f32 * self.pitch.1 + offset.1;
        (
            x * MM,
            y * MM,
            (x + self.label.0) * MM,
            (y + self.label.1) * MM,
        )
    }
}

/// How to print: from label `start` (1 = top left) of the first sheet, moved by the
/// printer offset (millimetres, right and down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelOptions {
    pub start: usize,
    pub offset_mm: (f32, f32),
}

impl Default for LabelOptions {
    fn default() -> Self {
        LabelOptions {
            start: 1,
            offset_mm: (0.0, 0.0),
        }
    }
}

/// The smallest text a label gets before lines wrap further.
const MIN_SIZE: f32 = 5.0;
const LEAD: f32 = 1.18;

/// The lines of one label and their size, fitted inside `width` × `height` points.
fn fit(fonts: &Fonts, lines: &[String], start: f32, width: f32, height: f32) -> (f32, Vec<String>) {
    let mut size = start;
    loop {
        // First shrink without wrapping (the post office's lines stay whole), then wrap.
        let whole = lines
            .iter()
            .all(|l| fonts.width(Face::Regular, size, l) <= width);
        let mut cut_inside_a_word = false;
        let wrapped: Vec<String> = if whole {
            lines.to_vec()
        } else {
            lines
                .iter()
                .flat_map(|l| {
                    let (parts, cut) = fonts.wrap_words(Face::Regular, size, l, width);
                    cut_inside_a_word |= cut;
                    parts
                })
                .collect()
        };
        let tall = wrapped.len() as f32 * size * LEAD;
        // Wrapped only once the text is small, and then between words or after a hyphen:
        // a name is never cut inside a word while a smaller size can still hold it.
        let acceptable = whole || (size <= 7.0 && !cut_inside_a_word);
        if tall <= height && acceptable {
            return (size, wrapped);
        }
        if size <= MIN_SIZE {
            // Text no label can hold even this small: the lines that fit, the last one
            // marked as cut, rather than text running onto the next label.
            let room = ((height / (size * LEAD)).floor() as usize).max(1);
            let mut kept: Vec<String> = wrapped.into_iter().take(room).collect();
            if let Some(last) = kept.last_mut() {
                while !last.is_empty()
                    && fonts.width(Face::Regular, size, &format!("{last}…")) > width
                {
                    last.pop();
                }
                last.push('…');
            }
            return (size, kept);
        }
        size -= 0.25;
    }
}

/// A PDF of address labels, one per address (each a list of lines), on `sheet`.
pub fn address_labels(
    addresses: &[Vec<String>],
    sheet: Sheet,
    options: LabelOptions,
) -> Result<Vec<u8>> {
    let per_page = sheet.per_page();
    if options.start == 0 || options.start > per_page {
        return Err(Error::invalid(
            carnet_core::Field::LabelStart,
            "is not a label of the sheet",
        ));
    }
    if options.offset_mm.0.abs() > 10.0 || options.offset_mm.1.abs() > 10.0 {
        return Err(Error::invalid(
            carnet_core::Field::LabelStart,
            "a printer offset is at most 10 mm",
        ));
    }
    let fonts = Fonts::load().ok_or(Error::Document("the embedded font could not be read"))?;
    for a in addresses {
        for l in a {
            if fonts.missing(Face::Regular, l).is_some() {
                return Err(Error::Unprintable {
                    place: "address".into(),
                });
            }
        }
    }
    let page_h = sheet.page.1 * MM;
    let pad = sheet.padding * MM;
    let mut pages: Vec<Page> = Vec::new();
    for (n, lines) in addresses.iter().enumerate() {
        let slot = options.start - 1 + n;
        let on_page = slot % per_page;
        if on_page == 0 || pages.is_empty() {
            pages.push(Page {
                spans: Vec::new(),
                rules: Vec::new(),
            });
        }
        let (left, top, right, bottom) = sheet.rect(on_page, options.offset_mm);
        let width = right - left - 2.0 * pad;
        let height = bottom - top - 2.0 * pad;
        let (size, fitted) = fit(&fonts, lines, sheet.text_size, width, height);
        // Centred vertically in the label, left-aligned as the post offices ask.
        let block = fitted.len() as f32 * size * LEAD;
        let mut y_top = top + pad + ((height - block) / 2.0).max(0.0);
        let page = pages.last_mut().expect("a page");
        for line in fitted {
            y_top += size * LEAD;
            page.spans.push(Span {
                x: left + pad,
                // baseline: a little above the line's bottom, in PDF coordinates
                y: page_h - (y_top - size * (LEAD - 1.0) - size * 0.2),
                face: Face::Regular,
                size,
                text: line,
                grey: false,
            });
        }
    }
    if pages.is_empty() {
        pages.push(Page {
            spans: Vec::new(),
            rules: Vec::new(),
        });
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        write_pdf(sheet.name, sheet.page, pages, &fonts)
    }))
    .map_err(|_| Error::Document("the PDF could not be produced"))
}
