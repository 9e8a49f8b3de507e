//! What Carnet's tests share across crates (a dev-dependency only): real PDFs read back
//! with poppler's `pdftotext` and `pdffonts`, the way a parent's PDF viewer would see them.

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
