//! What Carnet's tests share across crates (a dev-dependency only): an office's register
//! with staff accounts ([`office`]), and real PDFs read back
//! with poppler's `pdftotext` and `pdffonts`, the way a parent's PDF viewer would see them.

pub mod office;

use std::path::Path;
use std::process::Command;

/// The text of the PDF at `path` in content order (`pdftotext -raw`), whitespace
/// collapsed, so a wrapped line or table cell reads as one.
pub fn pdf_text(path: &Path) -> String {
    poppler("pdftotext", &["-raw", "-enc", "UTF-8"], path)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// [`pdf_text`] of a PDF held in memory.
pub fn pdf_bytes_text(pdf: &[u8]) -> String {
    with_file(pdf, pdf_text)
}

/// The PDF laid out as on paper (`pdftotext -layout`): pages end with a form feed.
pub fn pdf_layout(pdf: &[u8]) -> String {
    with_file(pdf, |p| {
        poppler("pdftotext", &["-layout", "-enc", "UTF-8"], p)
    })
}

/// `pdffonts`' table of the fonts a PDF embeds.
pub fn pdf_fonts(pdf: &[u8]) -> String {
    with_file(pdf, |p| poppler("pdffonts", &[], p))
}

/// One word as poppler placed it (`pdftotext -bbox`): its page (from 0), its text, and
/// its box in points from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct WordBox {
    pub page: usize,
    pub text: String,
    pub x_min: f32,
    pub y_min: f32,
    pub x_max: f32,
    pub y_max: f32,
}

/// Every word of a PDF with its box.
pub fn pdf_word_boxes(pdf: &[u8]) -> Vec<WordBox> {
    let html = with_file(pdf, |p| {
        poppler("pdftotext", &["-bbox", "-enc", "UTF-8"], p)
    });
    let attr = |line: &str, name: &str| -> f32 {
        let key = format!("{name}=\"");
        let start = line.find(&key).expect("an attribute") + key.len();
        let end = start + line[start..].find('"').expect("a closing quote");
        line[start..end].parse().expect("a number")
    };
    let mut page = None::<usize>;
    let mut out = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page = Some(page.map_or(0, |p| p + 1));
        } else if line.starts_with("<word ") {
            let text_start = line.find('>').expect("a tag end") + 1;
            let text_end = line.rfind("</word>").expect("a closing tag");
            out.push(WordBox {
                page: page.expect("a page first"),
                text: line[text_start..text_end]
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'"),
                x_min: attr(line, "xMin"),
                y_min: attr(line, "yMin"),
                x_max: attr(line, "xMax"),
                y_max: attr(line, "yMax"),
            });
        }
    }
    out
}

/// `pdfinfo`'s summary of a PDF (page size, page count…).
pub fn pdf_info(pdf: &[u8]) -> String {
    with_file(pdf, |p| poppler("pdfinfo", &[], p))
}

fn with_file(pdf: &[u8], read: impl FnOnce(&Path) -> String) -> String {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("the PDF written");
    read(&path)
}

fn poppler(tool: &str, args: &[&str], path: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(path)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) could not run: {e}"));
    assert!(
        out.status.success(),
        "{tool} failed on {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}
