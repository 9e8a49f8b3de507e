//! Real PDFs, read back with poppler's `pdftotext` and `pdffonts`.

use std::process::Command;

use carnet_core::model::{Language, Paper};
use carnet_docs::{recovery_sheet, render, Block, Doc};
use chrono::NaiveDate;

fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var("CARNET_REQUIRE_E2E").is_err(),
            "{name} (poppler-utils) is required"
        );
        eprintln!("skipped: {name} not installed");
    }
    found
}

/// The PDF laid out as on paper (pages end with a form feed).
fn text_of(pdf: &[u8]) -> String {
    carnet_testkit::pdf_layout(pdf)
}

fn fonts_of(pdf: &[u8]) -> String {
    carnet_testkit::pdf_fonts(pdf)
}

/// With CARNET_DOCS_OUT=DIR, keeps the PDF for a look (docs/pdf pictures are made this way).
fn keep(pdf: &[u8], name: &str) {
    if let Some(dir) = std::env::var_os("CARNET_DOCS_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(name), pdf).unwrap();
    }
}

fn pages(pdf: &[u8]) -> usize {
    text_of(pdf).matches('\u{c}').count()
}

#[test]
fn recovery_sheet_carries_the_key_and_french_text() {
    if !tool("pdftotext") {
        return;
    }
    let key = "Y6821-Y3YP9-A8PQ0-H8Q9J-VM2XG-ZA9G6-F2EHQ-XZHSA-SVR65-VWDV7-CJPG8";
    let doc = recovery_sheet(
        "Les P’tits mélomanes du dimanche",
        key,
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        Paper::Letter,
        Language::Fr,
    );
    let pdf = render(&doc).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    keep(&pdf, "recovery-sheet.pdf");
    let text = text_of(&pdf);
    for needle in [
        key,
        "Les P’tits mélomanes du dimanche",
        "24/11/2026",
        "Clé de secours du registre",
        "« Utiliser la clé de secours »",
        "Page 1 sur 1",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    let fonts = fonts_of(&pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 2, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "embedded, subset, unicode: {row}"
        );
        assert!(cols[0].contains("DejaVu"), "{row}");
    }
    let en = render(&recovery_sheet(
        "Club",
        key,
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        Paper::A4,
        Language::En,
    ))
    .unwrap();
    assert!(text_of(&en).contains("Recovery key of the register"));
}

#[test]
fn french_characters_survive_and_long_tables_break_cleanly() {
    if !tool("pdftotext") {
        return;
    }
    let mut doc = Doc::new("Essai", Paper::A4, Language::Fr);
    doc.footer_left = "École des Saules".into();
    doc.push(Block::Title("Zoë Lefèvre-Cœurdevey — « Accès »".into()))
        .push(Block::Para(
            "Prix\u{202f}: 12\u{202f}€ ; Œuvre, Ø, Æ, Ł, Nguyễn. ".repeat(12),
        ))
        .push(Block::Table {
            head: vec!["N°".into(), "Finalité".into(), "Décision".into()],
            rows: (1..=120)
                .map(|i| {
                    vec![
                        format!("{i}"),
                        format!("Infolettre n°{i}"),
                        if i % 2 == 0 {
                            "Accordé".into()
                        } else {
                            "Retiré".into()
                        },
                    ]
                })
                .collect(),
        })
        .push(Block::Para("Fin du document.".into()));
    let pdf = render(&doc).unwrap();
    let text = text_of(&pdf);
    let prix = text
        .lines()
        .find(|l| l.contains("Prix"))
        .unwrap_or_default()
        .to_owned();
    // The narrow no-break space is drawn (the words do not run together); poppler
    // extracts it as U+202F or, depending on the font's glyph sharing, as a plain space.
    assert!(
        prix.contains("12\u{202f}€") || prix.contains("12 €"),
        "{prix}"
    );
    for needle in [
        "Zoë Lefèvre-Cœurdevey — « Accès »",
        "Œuvre, Ø, Æ, Ł, Nguyễn",
        "Infolettre n°1 ",
        "Infolettre n°120",
        "Fin du document.",
        "École des Saules",
    ] {
        assert!(text.contains(needle), "{needle:?} missing");
    }
    let n = pages(&pdf);
    assert!(n >= 3, "120 rows take several pages, got {n}");
    assert!(text.contains(&format!("Page {n} sur {n}")));
    // the header row is repeated on every page of the table
    assert!(text.matches("Finalité").count() >= n - 1, "header repeated");
    // every row is present exactly once (no row lost or split over a page break)
    for i in 1..=120 {
        assert_eq!(
            text.matches(&format!("Infolettre n°{i} ")).count()
                + text.matches(&format!("Infolettre n°{i}\n")).count(),
            1,
            "row {i}"
        );
    }
}

/// A long email address in one cell of a wide table is cut inside its column; the table
/// stays a table (its header once per page), and every other word stays whole.
#[test]
fn a_long_token_in_a_wide_table_does_not_turn_it_into_label_value_rows() {
    let mut doc = Doc::new("Essai", Paper::Letter, Language::Fr);
    let head: Vec<String> = [
        "Date",
        "Finalité",
        "Décision",
        "Libellé",
        "Politique",
        "Donné par",
        "Nom",
        "Canal",
        "Preuve",
        "Saisi par",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows: Vec<Vec<String>> = (0..40)
        .map(|i| {
            vec![
                "2026-09-02".into(),
                "Infolettre".into(),
                "Accordé".into(),
                "v1".into(),
                "Politique 2026-09".into(),
                "Parent ou tuteur".into(),
                "Marie Lefèvre".into(),
                "Courriel".into(),
                format!("réponse de marie.lefevre-coeurdevey.{i}@exemple-de-courriel-tres-long.ca"),
                "Sophie".into(),
            ]
        })
        .collect();
    doc.push(Block::Table { head, rows });
    let pdf = render(&doc).unwrap();
    keep(&pdf, "long-token-table.pdf");
    let text = text_of(&pdf);
    let pages = pages(&pdf);
    assert!(
        text.matches("Saisi par").count() <= pages,
        "the header is printed once per page, not once per row: {text}"
    );
    let words: std::collections::HashSet<&str> = text.split_whitespace().collect();
    for w in [
        "Infolettre",
        "Accordé",
        "Politique",
        "Parent",
        "tuteur",
        "Lefèvre",
        "Courriel",
    ] {
        assert!(words.contains(w), "{w} is split or missing");
    }
}
