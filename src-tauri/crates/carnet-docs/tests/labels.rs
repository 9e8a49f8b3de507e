//! Address labels read back with `pdftotext -bbox`: every word inside its label, on both
//! sheets, a half-used sheet started at label 8, and long lines that shrink or wrap.

use carnet_core::contests::postal::label_lines;
use carnet_core::model::Jurisdiction;
use carnet_core::people::Address;
use carnet_docs::{address_labels, LabelOptions, Sheet, AVERY_5160, AVERY_L7160};
use carnet_testkit::{pdf_word_boxes, WordBox};

const MM: f32 = 72.0 / 25.4;

fn addresses(j: Jurisdiction) -> Vec<Vec<String>> {
    let long_street = "12345, boulevard de la Côte-des-Neiges-et-de-la-Montagne, app. 1203"; // > 60 chars
    (0..9)
        .map(|i| {
            let (name, street) = match i {
                3 => (
                    "Marie-Ève-Anne-Sophie Lefèvre-Cœurdevey-Beauséjour-Tremblay".to_owned(),
                    long_street.to_owned(),
                ),
                _ => (format!("Gagnant{i} Roy"), format!("{i} rue des Érables")),
            };
            label_lines(
                &name,
                &Address {
                    street,
                    city: if j == Jurisdiction::Quebec {
                        "Montréal".into()
                    } else {
                        "Paris Cedex 08".into()
                    },
                    region: if j == Jurisdiction::Quebec {
                        "QC".into()
                    } else {
                        String::new()
                    },
                    postal_code: if j == Jurisdiction::Quebec {
                        "H2X 1Y4".into()
                    } else {
                        "75008".into()
                    },
                    country: String::new(),
                },
                j,
            )
        })
        .collect()
}

/// The label (page, index) a word's box falls in, checking it lies entirely inside.
fn label_of(sheet: &Sheet, w: &WordBox, offset: (f32, f32)) -> usize {
    (0..sheet.per_page())
        .find(|&i| {
            let (l, t, r, b) = sheet.rect(i, offset);
            w.x_min >= l - 0.5 && w.x_max <= r + 0.5 && w.y_min >= t - 0.5 && w.y_max <= b + 0.5
        })
        .unwrap_or_else(|| panic!("{w:?} lies outside every label of {}", sheet.name))
}

#[test]
fn every_word_lies_inside_its_label_on_both_sheets() {
    for (sheet, j) in [
        (AVERY_L7160, Jurisdiction::France),
        (AVERY_5160, Jurisdiction::Quebec),
    ] {
        let list = addresses(j);
        let pdf = address_labels(
            &list,
            sheet,
            LabelOptions {
                start: 8,
                offset_mm: (0.0, 0.0),
            },
        )
        .unwrap();
        if let Some(out) = std::env::var_os("CARNET_DOCS_OUT") {
            std::fs::create_dir_all(&out).unwrap();
            std::fs::write(
                std::path::Path::new(&out).join(format!("{}.pdf", sheet.name)),
                &pdf,
            )
            .unwrap();
        }
        let words = pdf_word_boxes(&pdf);
        assert!(!words.is_empty());
        let mut used: Vec<usize> = words
            .iter()
            .map(|w| label_of(&sheet, w, (0.0, 0.0)))
            .collect();
        used.sort();
        used.dedup();
        // Starting at label 8 leaves the first seven blank: labels 8 to 16 (0-based 7–15).
        assert_eq!(used, (7..16).collect::<Vec<_>>(), "{}", sheet.name);
        // The long name and street are all there, shrunk or wrapped, inside label 11.
        let in_long: String = words
            .iter()
            .filter(|w| label_of(&sheet, w, (0.0, 0.0)) == 10)
            .map(|w| w.text.clone())
            .collect::<Vec<_>>()
            .join(" ");
        for part in [
            "Lefèvre-Cœurdevey-Beauséjour-Tremblay",
            "CÔTE-DES-NEIGES-ET-DE-LA-MONTAGNE",
        ] {
            let joined: String = in_long.split_whitespace().collect();
            assert!(
                joined
                    .to_uppercase()
                    .contains(&part.to_uppercase().replace(' ', "")),
                "{part} missing in {in_long}"
            );
        }
    }
}

/// A name or street too long for its line wraps between words or after a hyphen, never
/// inside a word: every word read back from the long label, with the parts a hyphen ended
/// joined again, is a word of the address as the post office writes it.
#[test]
fn a_long_name_wraps_at_a_hyphen_or_a_space_never_inside_a_word() {
    for (sheet, j) in [
        (AVERY_L7160, Jurisdiction::France),
        (AVERY_5160, Jurisdiction::Quebec),
    ] {
        let mut list = addresses(j);
        // Six lines and a very long name: the text must wrap once it is small.
        list[3] = label_lines(
            "Marie-Ève-Anne-Sophie-Geneviève Lefèvre-Cœurdevey-Beauséjour-Tremblay-Laflamme",
            &Address {
                street: "Escalier B, 3e étage, porte gauche\nRésidence des Grands-Chênes-du-Parc\n\
                         12345, boulevard de la Côte-des-Neiges-et-de-la-Montagne\nBP 12"
                    .into(),
                city: "Saint-Jean-sur-Richelieu".into(),
                region: "QC".into(),
                postal_code: "J3A 1B2".into(),
                country: String::new(),
            },
            j,
        );
        let pdf = address_labels(&list, sheet, LabelOptions::default()).unwrap();
        if let Some(out) = std::env::var_os("CARNET_DOCS_OUT") {
            std::fs::create_dir_all(&out).unwrap();
            let name = format!("{}-long-name.pdf", sheet.name);
            std::fs::write(std::path::Path::new(&out).join(name), &pdf).unwrap();
        }
        let expected: Vec<&str> = list[3].iter().flat_map(|l| l.split_whitespace()).collect();
        let mut read = String::new();
        for w in pdf_word_boxes(&pdf)
            .iter()
            .filter(|w| label_of(&sheet, w, (0.0, 0.0)) == 3)
        {
            if !read.is_empty() && !read.ends_with('-') {
                read.push(' ');
            }
            read.push_str(&w.text);
        }
        let words: Vec<&str> = read.split_whitespace().collect();
        assert_eq!(words, expected, "{}: {read}", sheet.name);
    }
}

#[test]
fn text_no_label_can_hold_is_cut_inside_it_never_onto_the_next() {
    let huge = vec![
        "Nom ".repeat(50),
        "Rue très longue ".repeat(20),
        "Appartement ".repeat(20),
        "MONTRÉAL QC  H2X 1Y4".into(),
    ];
    for sheet in [AVERY_5160, AVERY_L7160] {
        let pdf = address_labels(
            &[huge.clone(), huge.clone()],
            sheet,
            LabelOptions::default(),
        )
        .unwrap();
        let words = pdf_word_boxes(&pdf);
        let mut used: Vec<usize> = words
            .iter()
            .map(|w| label_of(&sheet, w, (0.0, 0.0)))
            .collect();
        used.sort();
        used.dedup();
        assert_eq!(used, [0, 1], "{}", sheet.name);
        assert!(
            words.iter().any(|w| w.text.ends_with('…')),
            "the cut is marked"
        );
    }
}

#[test]
fn a_printer_offset_moves_everything_and_a_full_sheet_goes_on_to_the_next() {
    let list: Vec<Vec<String>> = (0..25)
        .map(|i| vec![format!("Nom{i}"), "1 rue A".into(), "75001 PARIS".into()])
        .collect();
    let offset = (1.5, -2.0);
    let pdf = address_labels(
        &list,
        AVERY_L7160,
        LabelOptions {
            start: 1,
            offset_mm: offset,
        },
    )
    .unwrap();
    let words = pdf_word_boxes(&pdf);
    assert_eq!(
        words.iter().map(|w| w.page).max(),
        Some(1),
        "21 on the first sheet, 4 on the second"
    );
    for w in &words {
        label_of(&AVERY_L7160, w, offset);
    }
    let first = words.iter().find(|w| w.text == "Nom0").unwrap();
    assert!(first.x_min >= (7.21 + 1.5) * MM, "{first:?}");
    assert!(address_labels(
        &list,
        AVERY_L7160,
        LabelOptions {
            start: 22,
            offset_mm: (0.0, 0.0)
        }
    )
    .is_err());
}
