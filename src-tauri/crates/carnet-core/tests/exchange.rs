//! Spreadsheets in and out: files as French Excel, Google Forms and English tools write
//! them; every line's problems with its line number; one transaction or nothing; the
//! exports a spreadsheet opens safely.

mod common;

use carnet_core::exchange::{read_table, Outcome, PeopleImport, TextEncoding};
use carnet_core::exchange::{DateOrder, DuplicateChoice, ExportList, ImportTarget};
use carnet_core::model::{Channel, Jurisdiction};
use carnet_core::Contexts;
use carnet_core::{Error, Field, Register};
use common::*;
use proptest::prelude::*;

/// French Excel's "CSV (séparateur : point-virgule)": Windows-1252, `;`, CRLF; a quoted
/// address holding a `;` and a line break; an empty line; œ and accents.
fn excel_fr() -> Vec<u8> {
    let text = "Nom;Prénom;Courriel;Date de naissance;Adresse;Ville;Code postal\r\n\
                Cœurderoy;Zoé;zoe@exemple.fr;03/02/2015;\"12 rue de l'Été; bât. B\r\n2e étage\";Saint-Étienne;42000\r\n\
                \r\n\
                Lefèvre;Anaïs;;25/12/1980;;Lyon;69001\r\n\
                Müller;Jérôme;jerome@exemple.fr;;\"Chemin \"\"des Œillets\"\"\";Besançon;25000\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn import(
    reg: &mut Register,
    bytes: &[u8],
    how: &PeopleImport,
) -> carnet_core::exchange::PeopleImportReport {
    let table = read_table(bytes).unwrap();
    reg.exchange()
        .import_people(&table, how, now(), &mut |_, _| true)
        .unwrap()
}

fn writing(channel: Channel) -> PeopleImport {
    PeopleImport {
        dry_run: false,
        ..PeopleImport::new(channel)
    }
}

#[test]
fn a_french_excel_file_reads_with_its_accents_quotes_and_line_numbers() {
    let table = read_table(&excel_fr()).unwrap();
    assert_eq!(table.encoding, TextEncoding::Windows1252);
    assert_eq!(table.separator, ';');
    assert_eq!(table.headers[1], "Prénom");
    let lines: Vec<usize> = table.rows().map(|r| r.line).collect();
    // The quoted address runs over lines 2–3; line 4 is empty.
    assert_eq!(lines, [2, 5, 6]);
    assert_eq!(&table.row(0).unwrap().cells[0], "Cœurderoy");
    assert_eq!(
        &table.row(0).unwrap().cells[4],
        "12 rue de l'Été; bât. B\r\n2e étage"
    );
    assert_eq!(&table.row(2).unwrap().cells[4], "Chemin \"des Œillets\"");

    // The same text saved as "CSV UTF-8" (a BOM) with commas reads the same.
    let utf8 = "\u{feff}Nom,Prénom,Courriel\nCœurderoy,Zoé,zoe@exemple.fr\n";
    let t = read_table(utf8.as_bytes()).unwrap();
    assert_eq!((t.encoding, t.separator), (TextEncoding::Utf8Bom, ','));
    assert_eq!(
        t.row(0).unwrap().cells,
        ["Cœurderoy", "Zoé", "zoe@exemple.fr"]
    );
    // Tabs, plain UTF-8.
    let t = read_table("Nom\tPrénom\nÉlodie\tRoy\n".as_bytes()).unwrap();
    assert_eq!((t.encoding, t.separator), (TextEncoding::Utf8, '\t'));
    // UTF-16 with its BOM (Excel's "Unicode text").
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Nom\tPrénom\r\nŒuvray\tLéa\r\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let t = read_table(&utf16).unwrap();
    assert_eq!(t.encoding, TextEncoding::Utf16);
    assert_eq!(t.row(0).unwrap().cells, ["Œuvray", "Léa"]);
    assert!(matches!(
        read_table(b"\r\n\r\n"),
        Err(Error::InvalidInput {
            field: Field::ImportFile,
            ..
        })
    ));
}

#[test]
fn people_come_in_with_every_value_and_their_source() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    let dry = import(
        &mut reg,
        &excel_fr(),
        &PeopleImport::new(Channel::PaperForm),
    );
    assert!(dry.dry_run && dry.ready(), "{:?}", dry.problems);
    assert_eq!((dry.lines, dry.created), (3, 3));
    assert_eq!(
        dry.mapping,
        [
            Some(ImportTarget::FamilyName),
            Some(ImportTarget::GivenName),
            Some(ImportTarget::Email),
            Some(ImportTarget::BirthDate),
            Some(ImportTarget::Street),
            Some(ImportTarget::City),
            Some(ImportTarget::PostalCode)
        ]
    );
    assert_eq!(reg.people().count().unwrap(), 0, "a dry run writes nothing");

    let done = import(&mut reg, &excel_fr(), &writing(Channel::PaperForm));
    assert!(!done.dry_run && done.import_id.is_some());
    let zoe = reg.people().search("zoe coeurderoy", 5).unwrap();
    assert_eq!(zoe.len(), 1, "found by the folded name index");
    let p = reg.people().get(zoe[0].id).unwrap();
    assert_eq!(p.data.family_name, "Cœurderoy");
    assert_eq!(p.data.given_name, "Zoé");
    assert_eq!(p.data.emails, ["zoe@exemple.fr"]);
    assert_eq!(
        p.data.birth_date,
        Some(date("2015-02-03")),
        "JJ/MM/AAAA: a day above 12 settles the column"
    );
    assert_eq!(p.data.address.street, "12 rue de l'Été; bât. B\n2e étage");
    assert_eq!(p.data.address.city, "Saint-Étienne");
    assert_eq!(p.data.collection_channel, Channel::PaperForm);
    assert_eq!(p.data.collected_on, date("2026-11-24"));
}

#[test]
fn every_bad_line_is_reported_with_its_number_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let file = "Prénom,Nom,Courriel,Date de naissance\n\
                Alice,Tremblay,alice@exemple.ca,2010-04-05\n\
                Bob,Gagnon,pas-une-adresse,2011-01-01\n\
                ,,sans.nom@exemple.ca,\n\
                \"Chloé\nMarie\",Roy,chloe@exemple.ca,2012-02-30\n\
                Denis,Côté,denis@exemple.ca,2099-01-01\n\
                Élise,Bouchard,alice@exemple.ca,\n";
    let report = import(&mut reg, file.as_bytes(), &writing(Channel::Email));
    assert!(
        report.dry_run,
        "a problem keeps the whole import from being written"
    );
    let problems: Vec<(usize, Field)> = report.problems.iter().map(|p| (p.line, p.field)).collect();
    assert_eq!(
        problems,
        [
            (3, Field::Email),
            (4, Field::Name),
            (5, Field::BirthDate),
            (7, Field::BirthDate),
            (8, Field::Email)
        ],
        "line 5's quoted name runs to line 6, so Denis is line 7"
    );
    assert_eq!(report.invalid, 5);
    assert_eq!(report.created, 1);
    assert_eq!(reg.people().count().unwrap(), 0);
}

#[test]
fn an_ambiguous_date_column_is_asked_about_never_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let file = "Nom;Prénom;Date de naissance\nRoy;Léa;05/04/2015\nRoy;Max;01/02/2013\n";
    let asked = import(&mut reg, file.as_bytes(), &writing(Channel::PaperForm));
    assert_eq!(asked.ask_date_order, [2]);
    assert!(asked.dry_run && !asked.ready());
    assert_eq!(reg.people().count().unwrap(), 0);

    for (order, birth) in [
        (DateOrder::DayFirst, "2015-04-05"),
        (DateOrder::MonthFirst, "2015-05-04"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
        let how = PeopleImport {
            date_order: Some(order),
            ..writing(Channel::PaperForm)
        };
        let done = import(&mut reg, file.as_bytes(), &how);
        assert!(!done.dry_run);
        let lea = reg.people().search("lea", 1).unwrap()[0].id;
        assert_eq!(
            reg.people().get(lea).unwrap().data.birth_date,
            Some(date(birth))
        );
    }
}

#[test]
fn people_already_in_the_register_wait_for_a_decision() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let mut known = person("Alice", "Tremblay", Some("2010-04-05"));
    known.emails = vec!["alice@exemple.ca".into()];
    let alice = reg.people().add(&known, now()).unwrap();
    let twin = reg
        .people()
        .add(&person("Jules", "Roy", Some("2012-06-01")), now())
        .unwrap();
    let file = "Prénom,Nom,Courriel,Date de naissance,Ville\n\
                Alice,Tremblay,ALICE@exemple.ca,2010-04-05,Laval\n\
                Jules,Roy,,2012-06-01,\n\
                Nora,Ali,nora@exemple.ca,,\n";
    let dry = import(
        &mut reg,
        file.as_bytes(),
        &PeopleImport::new(Channel::Email),
    );
    assert_eq!((dry.created, dry.duplicates, dry.unchanged), (1, 1, 1));
    let waiting = dry.attention.iter().find(|l| l.line == 2).unwrap();
    assert_eq!(waiting.outcome, Outcome::Duplicate);
    assert_eq!(
        (waiting.existing, waiting.matched_on),
        (Some(alice), Some(Field::Email))
    );

    let mut how = writing(Channel::Email);
    how.decisions.insert(2, DuplicateChoice::Update);
    let done = import(&mut reg, file.as_bytes(), &how);
    assert_eq!((done.created, done.updated, done.unchanged), (1, 1, 1));
    assert_eq!(reg.people().get(alice).unwrap().data.address.city, "Laval");
    assert_eq!(
        reg.people().get(alice).unwrap().data.emails,
        ["alice@exemple.ca"]
    );
    assert_eq!(reg.people().get(twin).unwrap().data.address.city, "");
    assert_eq!(reg.people().count().unwrap(), 3);
}

#[test]
fn a_cancelled_import_leaves_nothing_and_members_get_their_membership() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    let mut file = String::from("Nom;Prénom;Membre depuis;Catégorie\n");
    for i in 0..1_200 {
        file += &format!("Famille{i};Élève{i};01/09/2025;Piano\n");
    }
    let table = read_table(file.as_bytes()).unwrap();
    let mut calls = Vec::new();
    let how = PeopleImport {
        date_order: Some(DateOrder::DayFirst),
        ..writing(Channel::PaperForm)
    };
    let err = reg
        .exchange()
        .import_people(&table, &how, now(), &mut |done, total| {
            calls.push((done, total));
            done < 1_000
        })
        .unwrap_err();
    assert!(matches!(err, Error::Cancelled));
    assert_eq!(calls, [(0, 1200), (500, 1200), (1000, 1200)]);
    assert_eq!(
        reg.people().count().unwrap(),
        0,
        "a cancelled import keeps nothing"
    );

    let done = reg
        .exchange()
        .import_people(&table, &how, now(), &mut |_, _| true)
        .unwrap();
    assert_eq!(done.created, 1_200);
    let id = reg.people().search("eleve7 famille7", 1).unwrap()[0].id;
    let m = reg.family().memberships_of(id).unwrap();
    assert_eq!(
        (m[0].data.category.as_str(), m[0].data.starts_on),
        ("Piano", date("2025-09-01"))
    );
}

#[test]
fn an_export_opens_in_french_excel_reads_back_unchanged_and_can_name_no_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    let mut p = person("=HYPERLINK(\"x\")", "Dupont", Some("2014-03-09"));
    p.emails = vec!["famille.dupont@exemple.fr".into()];
    p.phones = vec!["+33 6 12 34 56 78".into()];
    p.address.postal_code = "75011".into();
    reg.people().add(&p, now()).unwrap();
    let out = reg
        .exchange()
        .export_list(ExportList::People, None, false, now())
        .unwrap();
    let text = String::from_utf8(out.bytes.clone()).unwrap();
    assert!(text.starts_with("\u{feff}Nom;Prénom;Courriel;"));
    assert!(text.contains(";\"'=HYPERLINK(\"\"x\"\")\";"), "{text}");
    assert!(text.contains(";'+33 6 12 34 56 78;"));
    assert_eq!(out.rows, 1);

    // Read back by the import: the same person, unchanged.
    let back = import(&mut reg, &out.bytes, &PeopleImport::new(Channel::Other));
    assert!(back.ready(), "{:?}", back.problems);
    assert_eq!((back.unchanged, back.created), (1, 0));

    let pseudo = reg
        .exchange()
        .export_list(ExportList::People, None, true, now())
        .unwrap();
    let text = String::from_utf8(pseudo.bytes).unwrap();
    for gone in [
        "Dupont",
        "HYPERLINK",
        "famille.dupont",
        "56 78",
        "2014-03-09",
        "75011",
    ] {
        assert!(!text.contains(gone), "{gone} in {text}");
    }
    assert!(text.contains(";2014;") && text.contains(";750;"));
    let again = String::from_utf8(
        reg.exchange()
            .export_list(ExportList::People, None, true, now())
            .unwrap()
            .bytes,
    )
    .unwrap();
    assert_eq!(text, again, "the same person keeps the same pseudonym");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any bytes: a table or a clear error, never a panic.
    #[test]
    fn any_file_reads_or_is_refused(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(t) = read_table(&bytes) {
            prop_assert!(t.rows().all(|r| r.line >= 1));
        }
    }

    /// Spreadsheet-looking text with separators, quotes and line breaks in any order: read
    /// and mapped without a panic, and every date cell read or refused.
    #[test]
    fn any_spreadsheet_text_maps(
        cells in proptest::collection::vec("[a-zA-Zé;,\t\"\r\n/0-9 -]{0,12}", 1..40),
        order in proptest::option::of(prop_oneof![Just(DateOrder::DayFirst), Just(DateOrder::MonthFirst)]),
    ) {
        let text = format!("Nom;Prénom;Date de naissance\n{}", cells.join(";"));
        if let Ok(t) = read_table(text.as_bytes()) {
            let _ = carnet_core::exchange::people::guess_mapping(&t.headers);
            for r in t.rows() {
                for c in r.cells.iter() {
                    let _ = carnet_core::exchange::people::read_date(c, order);
                }
            }
        }
    }
}

#[test]
fn mapped_imports_of_random_tables_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let reg = std::cell::RefCell::new(reg);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 48,
        ..ProptestConfig::default()
    });
    let strategy = (
        proptest::collection::vec("[a-zA-Zœé@.;,\"\n/0-9 -]{0,16}", 1..30),
        proptest::collection::vec(proptest::option::of(0usize..ImportTarget::ALL.len()), 0..6),
    );
    runner
        .run(&strategy, |(cells, mapping)| {
            let text = format!("a;b;c;d\n{}", cells.join(";"));
            if let Ok(table) = read_table(text.as_bytes()) {
                let how = PeopleImport {
                    mapping: mapping
                        .iter()
                        .map(|m| m.map(|i| ImportTarget::ALL[i]))
                        .collect(),
                    ..PeopleImport::new(Channel::Other)
                };
                match reg
                    .borrow_mut()
                    .exchange()
                    .import_people(&table, &how, now(), &mut |_, _| true)
                {
                    Ok(r) => prop_assert!(r.dry_run),
                    Err(Error::InvalidInput { field, .. }) => {
                        prop_assert_eq!(field, Field::ImportColumn)
                    }
                    Err(e) => prop_assert!(false, "unexpected {e:?}"),
                }
            }
            Ok(())
        })
        .unwrap();
}

/// A file saved as UTF-8 with one stray byte is read as UTF-8: its accents intact, the
/// line with the bad byte named and nothing imported until it is corrected (it used to be
/// read as Windows-1252: `CÃ´tÃ©`, the header `PrÃ©nom` unmapped, every first name empty).
#[test]
fn a_stray_byte_in_a_utf8_file_names_its_line_and_garbles_nothing() {
    let mut bytes = "Nom;Prénom;Courriel\nCôté;Éloïse;eloise@exemple.ca\nRoy;Zoé;zoe@exemple.ca\nBélanger;Théo;theo@exemple.ca\n"
        .as_bytes()
        .to_vec();
    let at = bytes.windows(3).position(|w| w == b"Roy").unwrap();
    bytes.insert(at + 3, 0xE9); // "Roy\xE9": one byte of Windows-1252 pasted in
    let table = read_table(&bytes).unwrap();
    assert_eq!(table.encoding, TextEncoding::Utf8WithBadBytes);
    assert_eq!(table.headers, ["Nom", "Prénom", "Courriel"]);
    assert_eq!(&table.row(0).unwrap().cells[0], "Côté");
    assert_eq!(table.bad_byte_lines, [3]);

    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let report = import(&mut reg, &bytes, &writing(Channel::PaperForm));
    assert!(report.dry_run, "nothing written while a line is wrong");
    assert_eq!(
        report.problems.iter().map(|p| p.line).collect::<Vec<_>>(),
        [3]
    );
    assert_eq!(reg.people().count().unwrap(), 0);
    // The line corrected: every name as written.
    let fixed = String::from_utf8_lossy(&bytes).replace("Roy\u{FFFD}", "Roy");
    let report = import(&mut reg, fixed.as_bytes(), &writing(Channel::PaperForm));
    assert_eq!(report.created, 3, "{report:?}");
    let theo = reg.people().search("theo", 1).unwrap()[0].id;
    assert_eq!(reg.people().get(theo).unwrap().data.given_name, "Théo");

    // A real Windows-1252 file is still read as one.
    let table = read_table(&excel_fr()).unwrap();
    assert_eq!(table.encoding, TextEncoding::Windows1252);
    assert!(table.bad_byte_lines.is_empty());
    // A bad byte in the header refuses the file, naming line 1.
    let mut header = "Nom;Prénom\nCôté;Éloïse\nRoy;Zoé\n".as_bytes().to_vec();
    header.insert(1, 0xFF);
    assert!(matches!(
        read_table(&header),
        Err(Error::InvalidRow { row: 1, .. })
    ));
}

#[test]
fn utf32_files_read_and_invisible_characters_leave_names() {
    for little in [true, false] {
        let mut bytes: Vec<u8> = if little {
            vec![0xFF, 0xFE, 0, 0]
        } else {
            vec![0, 0, 0xFE, 0xFF]
        };
        for c in "Nom;Prénom\nŒuvray;Léa\n".chars() {
            let v = c as u32;
            bytes.extend(if little {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            });
        }
        let t = read_table(&bytes).unwrap();
        assert_eq!(t.encoding, TextEncoding::Utf32);
        assert_eq!(t.row(0).unwrap().cells, ["Œuvray", "Léa"]);
    }
    // Zero-width spaces, direction marks and word joiners are removed as names are kept.
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let file = "Nom;Prénom\nR\u{200B}oy;L\u{200F}éa\u{2060}\u{FEFF}\n";
    let report = import(&mut reg, file.as_bytes(), &writing(Channel::PaperForm));
    assert_eq!(report.created, 1);
    let id = reg.people().search("roy", 1).unwrap()[0].id;
    let p = reg.people().get(id).unwrap();
    assert_eq!(
        (p.data.family_name.as_str(), p.data.given_name.as_str()),
        ("Roy", "Léa")
    );
}

/// A name column left unmapped (a header Carnet does not know) is an error, never a
/// column of names silently left empty.
#[test]
fn a_name_column_left_aside_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let table = read_table("Nom;PrÃ©nom;Courriel\nCôté;Éloïse;e@exemple.ca\n".as_bytes()).unwrap();
    let err = reg
        .exchange()
        .import_people(&table, &writing(Channel::PaperForm), now(), &mut |_, _| {
            true
        })
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: Field::ImportColumn,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(reg.people().count().unwrap(), 0);
}

/// A line of more cells than any spreadsheet of people has is refused with its number,
/// before a hostile file takes the memory (the bound on the whole file is measured in
/// BENCHMARKS.md: 200 MB of one-letter cells refused at 320 MB).
#[test]
fn a_line_of_too_many_cells_is_refused_with_its_number() {
    let file = format!("Nom;Prénom\nRoy;Léa\n{}\n", "a;".repeat(1_100));
    assert!(matches!(
        read_table(file.as_bytes()),
        Err(Error::InvalidRow {
            row: 3,
            field: Field::ImportFile,
            ..
        })
    ));
    // The header too: the reader stops at the line, it never builds it whole.
    let header = format!("{}\nRoy;Léa\n", "a;".repeat(200_000));
    assert!(matches!(
        read_table(header.as_bytes()),
        Err(Error::InvalidRow {
            row: 1,
            field: Field::ImportFile,
            ..
        })
    ));
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("trois-gigas.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(3 * 1024 * 1024 * 1024)
        .unwrap();
    // Refused from its size alone: nothing read.
    let err = carnet_core::exchange::read_table_file(&big).unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: Field::ImportFile,
                ..
            }
        ),
        "{err:?}"
    );
}

/// The preview's check is written as it is: the lines are checked once; a register
/// changed in between (a person added here, or by another program) asks for a new check.
#[test]
fn a_checked_file_is_written_without_a_second_check_unless_the_register_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let file = "Nom;Prénom;Courriel\nCôté;Éloïse;eloise@exemple.ca\nRoy;Zoé;zoe@exemple.ca\n";
    let table = read_table(file.as_bytes()).unwrap();
    let how = writing(Channel::PaperForm);
    let checked = reg
        .exchange()
        .check_people_import(&table, &how, now())
        .unwrap();
    assert!(checked.report.ready() && checked.report.import_id.is_none());
    assert!(
        checked.report.dry_run,
        "the preview says nothing was written"
    );
    assert_eq!(reg.people().count().unwrap(), 0, "a check writes nothing");
    let done = reg
        .exchange()
        .import_checked_people(checked, now(), &mut |_, _| true)
        .unwrap();
    assert_eq!((done.created, done.dry_run), (2, false));
    assert!(done.import_id.is_some());
    assert_eq!(reg.people().count().unwrap(), 2);

    // Checked, then someone is added: the check no longer holds.
    let other = "Nom;Prénom\nBélanger;Théo\n";
    let table = read_table(other.as_bytes()).unwrap();
    let checked = reg
        .exchange()
        .check_people_import(&table, &how, now())
        .unwrap();
    reg.people()
        .add(&person("Théo", "Bélanger", None), now())
        .unwrap();
    let err = reg
        .exchange()
        .import_checked_people(checked, now(), &mut |_, _| true)
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err:?}");
    assert_eq!(reg.people().count().unwrap(), 3, "nothing written");
}
