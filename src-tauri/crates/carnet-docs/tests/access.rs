//! The access report is complete: every value held about the person is in the PDF's
//! text, and nothing about anyone else is, beyond the names of linked people.

mod common;

use carnet_core::model::{Channel, Jurisdiction, Language};
use carnet_core::requests::RequestInput;
use carnet_core::requests::{IdentityMethod, RequestKind, Requester};
use carnet_core::Contexts;
use carnet_docs::{access_report, render, Acting, Addressee};
use common::*;

#[test]
fn every_value_about_the_child_and_nothing_about_others() {
    let Family {
        dir: _dir,
        reg,
        profile,
        now,
        child,
        parent,
        ..
    } = family(Jurisdiction::Quebec);
    let req = reg
        .requests()
        .add(
            &RequestInput {
                kind: RequestKind::Access,
                received_on: d("2026-11-02"),
                channel: Channel::Email,
                person_id: child,
                requester: Requester::Guardian,
                requester_person_id: Some(parent),
                requester_name: String::new(),
                notes: String::new(),
            },
            now,
        )
        .unwrap();
    reg.requests()
        .verify_identity(req, IdentityMethod::DocumentSeen, d("2026-11-03"), now)
        .unwrap();

    let record = reg.people().record(child, d("2026-11-24")).unwrap();
    let t0 = std::time::Instant::now();
    let pdf = render(&access_report(
        &record,
        &profile,
        &Addressee {
            name: "Marie Lefèvre",
            acting: Acting::Guardian,
        },
        "Julie Roy",
        Language::Fr,
        d("2026-11-24"),
    ))
    .unwrap();
    eprintln!("report: {} bytes in {:?}", pdf.len(), t0.elapsed());
    let text = text(&pdf, "access-report.pdf");
    assert_no_raw_keys(&text);

    // Every stored value of the child is in the text, every day in the long form.
    let mut expected: Vec<String> = vec![
        "Zoë",
        "Lefèvre-Cœurdevey",
        "10 mai 2016",
        "zoe.lefevre@exemple.ca",
        "514 555 0142",
        "12 rue des Érables",
        "Laval",
        "Québec",
        "H7N 2B3",
        "Canada",
        "Allergie aux arachides — « EpiPen » dans le sac",
        "Formulaire papier",
        "1er septembre 2026",
        "Marie Lefèvre",
        "Piano débutant 2026-2027",
        "30 juin 2027",
        "fiche d’inscription signée n° 2026-117",
        "case cochée sur la fiche",
        "courriel du parent du 15 octobre",
        "2 novembre 2026",
        "Les demandes concernant Zoë",
        "J'autorise la publication de photos", // the wording that was answered
        "Commission d’accès à l’information",
        "Aucune décision n’est prise de façon automatisée",
        "École de musique Les P’tits mélomanes",
        "45 rue Saint-Denis, Montréal (Québec) H2X 3K8",
        "Hélène Tremblay, directrice · vie.privee@melomanes.ca",
        "Préparé par Julie Roy le 24 novembre 2026",
        "parce que c’est nécessaire au service demandé",
        "Références : Loi sur la protection des renseignements personnels",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    // Every stored value of every section but the consents' and requests' (told below in
    // words): dates in the long form, codes as words (checked by
    // `assert_no_raw_keys`), everything else as stored.
    for s in record
        .sections
        .iter()
        .filter(|s| !["consents", "requests"].contains(&s.key))
    {
        for row in &s.rows {
            for v in row {
                if v.is_empty() || v.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    continue;
                }
                expected.push(match chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
                    Ok(day) => carnet_docs::long_date(day, Language::Fr),
                    Err(_) => v.clone(),
                });
            }
        }
    }
    // Every consent decision: its day, its purpose's label, how and by whom, and the
    // privacy policy then in force.
    for l in &record.consent_lines {
        expected.push(l.label_fr.clone());
        expected.push(carnet_docs::long_date(l.on, Language::Fr));
        expected.push(l.evidence.clone());
        if !l.giver.is_empty() {
            expected.push(l.giver.clone());
        }
        if !l.policy.is_empty() {
            expected.push(format!("politique de confidentialité « {} »", l.policy));
        }
    }
    // Every request about her with its outcome.
    expected.push("Accès".into());
    for v in expected {
        let v: String = v.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(&v), "{v:?} is missing from the report");
    }
    // Written for a parent: one date style, no internal column, no lawyer's words.
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        !flat
            .split(|c: char| !(c.is_ascii_digit() || c == '-'))
            .any(|w| w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-'),
        "a date in the ISO form: {flat}"
    );
    for internal in [
        "Sophie ", // who typed the consents in
        "Saisi par",
        "Libellé",
        "Finalité",
        "fondement",
        "registre des traitements",
        "réputée refusée",
        "limitation de son usage",
        "Statut",
        "Échéance",
        " v1",
    ] {
        assert!(!flat.contains(internal), "{internal:?} is in the report");
    }
    // No word of the glossary's forbidden lists, in either language.
    assert_eq!(
        plain_words_broken(&text, &forbidden_words("fr", &["screens", "letters"])),
        Vec::<String>::new()
    );
    // The data starts on the first page, under the cover letter.
    let layout = carnet_testkit::pdf_layout(&pdf);
    let first_page = layout.split('\x0c').next().unwrap();
    assert!(
        first_page.contains("1. Ce que nous gardons sur Zoë"),
        "{first_page}"
    );
    // Nothing about the sibling (beyond being absent) or the namesake.
    for other in [
        "Anatole",
        "frere.secret@exemple.ca",
        "témoignage du frère",
        "Bérénice",
        "homonyme@exemple.fr",
        "note de l’homonyme",
        "marie.parent@exemple.ca",
        "1984-02-02",
    ] {
        assert!(!text.contains(other), "{other:?} belongs to someone else");
    }
    assert!(text.contains("Page 1 sur"), "page numbers");

    // The same record in English, on A4 for a French organisation's paper.
    let mut a4 = profile.clone();
    a4.paper = carnet_core::model::Paper::A4;
    a4.jurisdiction = Jurisdiction::France;
    let pdf = render(&access_report(
        &record,
        &a4,
        &Addressee {
            name: "Marie Lefèvre",
            acting: Acting::Guardian,
        },
        "Julie Roy",
        Language::En,
        d("2026-11-24"),
    ))
    .unwrap();
    let en = common::text(&pdf, "access-report-en-a4.pdf");
    for needle in [
        "What we keep about Zoë Lefèvre-Cœurdevey",
        "Prepared by Julie Roy on November 24, 2026",
        "Paper form",
        "Granted",
        "Withdrawn",
        "CNIL",
        "No decision is made by automated means",
        "Page 1 of",
        "November 24, 2026",
    ] {
        assert!(
            en.contains(needle),
            "{needle:?} missing from the English report"
        );
    }
    assert_eq!(
        plain_words_broken(&en, &forbidden_words("en", &["screens", "letters"])),
        Vec::<String>::new()
    );
    let info = carnet_testkit::pdf_info(&pdf);
    assert!(
        info.contains("595.") && info.contains("841."),
        "A4 pages: {info}"
    );
}

/// The report for Zoë with `notes` and `events` extra consent events, as the parent asks.
fn report_with(
    notes: &str,
    events: usize,
    given_name: &str,
) -> (carnet_docs::Doc, carnet_core::Result<Vec<u8>>) {
    use carnet_core::consent::ConsentInput;
    use carnet_core::consent::{ConsentAction, GivenBy};
    use carnet_core::family::Guardian;
    let Family {
        dir: _dir,
        reg,
        profile,
        now,
        child,
        parent,
        ..
    } = family(Jurisdiction::Quebec);
    let mut p = reg.people().get(child).unwrap().data;
    p.notes = notes.into();
    p.given_name = given_name.into();
    reg.people().update(child, &p, now).unwrap();
    for i in 0..events {
        reg.consent()
            .record(
                &ConsentInput {
                    person_id: child,
                    purpose: "newsletter".into(),
                    purpose_version: None,
                    action: if i % 2 == 0 {
                        ConsentAction::Granted
                    } else {
                        ConsentAction::Withdrawn
                    },
                    channel: Channel::PaperForm,
                    given_by: GivenBy::Guardian,
                    giver: Some(Guardian::Person(parent)),
                    evidence: format!("preuve-{i:03}"),
                    occurred_at: now - chrono::Duration::minutes(i as i64),
                },
                now,
            )
            .unwrap();
    }
    let record = reg.people().record(child, d("2026-11-24")).unwrap();
    let doc = access_report(
        &record,
        &profile,
        &Addressee {
            name: "Marie Lefèvre",
            acting: Acting::Guardian,
        },
        "Julie Roy",
        Language::Fr,
        d("2026-11-24"),
    );
    let pdf = render(&doc);
    (doc, pdf)
}

/// A 120-line note and a 300-row consent history: every line and every row is in the
/// text, no table cell breaks inside a word, and no page ends on a heading.
#[test]
fn long_notes_and_long_tables_lose_nothing_across_pages() {
    let notes: Vec<String> = (0..120)
        .map(|i| format!("Note ligne {i:03} : le parent a appelé"))
        .collect();
    let (doc, pdf) = report_with(&notes.join("\n"), 300, "Zoë");
    let pdf = pdf.unwrap();
    let text = text(&pdf, "long-report.pdf");
    for line in &notes {
        assert!(text.contains(line.as_str()), "{line} is missing");
    }
    let words: std::collections::HashSet<&str> = text.split_whitespace().collect();
    for i in 0..300 {
        let proof = format!("preuve-{i:03}");
        assert!(
            words.contains(proof.as_str()),
            "{proof} is missing or split"
        );
    }
    // Every word of every table cell and header is whole in the text ("Formulaire",
    // never "Formulair" then "e").
    for block in &doc.blocks {
        if let carnet_docs::Block::Table { head, rows } = block {
            for cell in head.iter().chain(rows.iter().flatten()) {
                for word in cell.split_whitespace() {
                    assert!(
                        words.contains(word),
                        "{word:?} of {cell:?} is split or missing"
                    );
                }
            }
        }
    }
    let headings: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            carnet_docs::Block::Heading(h) => Some(h.as_str()),
            _ => None,
        })
        .collect();
    let layout = carnet_testkit::pdf_layout(&pdf);
    let pages: Vec<&str> = layout
        .split('\x0c')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() > 5, "{} pages", pages.len());
    for (n, page) in pages.iter().enumerate() {
        let body: Vec<&str> = page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("Page ") && !l.contains("P’tits mélomanes"))
            .collect();
        let last = body.last().copied().unwrap_or_default();
        assert!(
            !headings.contains(&last),
            "page {} ends on the heading {last:?}",
            n + 1
        );
    }
}

/// A name in a script DejaVu lacks prints with a system font that has it (here Debian's
/// Droid Sans Fallback, Nanum Gothic and Lohit Devanagari, installed by `.ci/setup`), embedded as a
/// subset; a script no font has refuses the document with the place named (never an
/// empty box, never the name in the message); Arabic prints joined, from DejaVu.
#[test]
fn names_in_other_scripts_print_with_a_system_font_or_are_refused() {
    for (name, font) in [
        ("美咲", "Droid"),
        ("さくら", "Droid"),
        ("지우", "Nanum"),
        ("प्रिया", "Lohit"),
    ] {
        let (_, pdf) = report_with("", 0, name);
        let pdf = pdf.unwrap_or_else(|e| {
            panic!("{name}: {e} (this test needs the fonts `bash .ci/setup` installs)")
        });
        let text = text(&pdf, "other-script.pdf");
        let first = name.chars().next().unwrap();
        assert!(text.contains(first), "{name} is not in the text: {text}");
        let fonts = carnet_testkit::pdf_fonts(&pdf);
        assert!(
            fonts.lines().any(|l| l.contains(font) && l.contains("yes")),
            "{font} is not embedded: {fonts}"
        );
        assert!(
            pdf.len() < 1_000_000,
            "a subset, not the whole font: {} bytes",
            pdf.len()
        );
    }
    let (_, pdf) = report_with("", 0, "සුනිල්");
    let err = pdf.unwrap_err();
    assert_eq!(err.code(), carnet_core::Code::UnprintableText);
    let body = carnet_core::ErrorBody::from(&err);
    assert!(!body.message.contains("සුනිල්"));
    assert_eq!(body.detail.as_ref().unwrap()["place"], "Prénom");

    let (_, pdf) = report_with("", 0, "ليلى");
    let text = text(&pdf.unwrap(), "arabic.pdf");
    // poppler gives right-to-left text in the order it is drawn
    assert!(text.contains("ليلى") || text.contains("ىليل"), "{text}");
}
