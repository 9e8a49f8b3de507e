//! The access report is complete: every value held about the person is in the PDF's
//! text, and nothing about anyone else is, beyond the names of linked people.

use std::process::Command;

use carnet_core::consent::ConsentInput;
use carnet_core::family::{Guardian, MembershipInput};
use carnet_core::model::{Channel, ConsentAction, GivenBy, IdentityMethod, Jurisdiction, Language, MembershipStatus, Relation, RequestKind, Requester};
use carnet_core::org::OrganisationProfile;
use carnet_core::people::{Address, PersonInput};
use carnet_core::requests::RequestInput;
use carnet_core::secret::KdfParams;
use carnet_core::{Protection, Register};
use carnet_docs::{access_report, render, Addressee};
use chrono::{NaiveDate, TimeZone, Utc};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// pdftotext in content order, whitespace collapsed, so wrapped cells read as one.
fn text(pdf: &[u8], name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    if let Some(out) = std::env::var_os("CARNET_DOCS_OUT") {
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(std::path::Path::new(&out).join(name), pdf).unwrap();
    }
    let out = Command::new("pdftotext").args(["-raw", "-enc", "UTF-8"]).arg(&path).arg("-").output().expect("pdftotext (poppler-utils)");
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_value_about_the_child_and_nothing_about_others() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let mut profile = OrganisationProfile::new("École de musique Les P’tits mélomanes", Jurisdiction::Quebec);
    profile.address = "45 rue Saint-Denis, Montréal (Québec) H2X 3K8".into();
    profile.privacy_contact = "Hélène Tremblay, directrice — vie.privee@melomanes.ca".into();
    let mut reg = Register::create(&dir.path().join("c.db"), Protection::Passphrase { passphrase: "phrase de passe du test", params: KdfParams { m_kib: 1024, t: 1, p: 1 } }, &profile, now).unwrap().register;
    reg.set_staff("Sophie");

    let child_input = PersonInput {
        given_name: "Zoë".into(),
        family_name: "Lefèvre-Cœurdevey".into(),
        emails: vec!["zoe.lefevre@exemple.ca".into()],
        phones: vec!["514 555 0142".into()],
        address: Address { street: "12 rue des Érables".into(), city: "Laval".into(), region: "Québec".into(), postal_code: "H7N 2B3".into(), country: "Canada".into() },
        preferred_language: Language::Fr,
        birth_date: Some(d("2016-05-10")),
        collection_channel: Channel::PaperForm,
        collected_on: d("2026-09-01"),
        notes: "Allergie aux arachides — « EpiPen » dans le sac".into(),
    };
    let child = reg.add_person(&child_input, now).unwrap();
    let parent = reg.add_person(&PersonInput { birth_date: Some(d("1984-02-02")), emails: vec!["marie.parent@exemple.ca".into()], ..PersonInput::named("Marie", "Lefèvre", Channel::PaperForm, d("2026-09-01")) }, now).unwrap();
    let sibling = reg.add_person(&PersonInput { birth_date: Some(d("2014-01-01")), emails: vec!["frere.secret@exemple.ca".into()], ..PersonInput::named("Anatole", "Lefèvre-Cœurdevey", Channel::PaperForm, d("2026-09-01")) }, now).unwrap();
    let _stranger = reg.add_person(&PersonInput { emails: vec!["homonyme@exemple.fr".into()], notes: "note de l’homonyme".into(), ..PersonInput::named("Bérénice", "Lefèvre-Cœurdevey", Channel::Email, d("2026-10-01")) }, now).unwrap();
    for kid in [child, sibling] {
        reg.link_guardian(kid, Guardian::Person(parent), Relation::Parent, d("2016-05-10"), now).unwrap();
    }
    reg.add_membership(child, &MembershipInput { category: "Piano débutant 2026-2027".into(), starts_on: d("2026-09-01"), ends_on: Some(d("2027-06-30")), status: MembershipStatus::Active }, now).unwrap();
    reg.add_policy_version("Politique 2026-09", d("2026-09-01"), "Texte", "Text", now).unwrap();
    for (purpose, action, when, evidence) in [
        ("photos", ConsentAction::Granted, "2026-09-02", "fiche d’inscription signée n° 2026-117"),
        ("newsletter", ConsentAction::Granted, "2026-09-02", "case cochée sur la fiche"),
        ("photos", ConsentAction::Withdrawn, "2026-10-15", "courriel du parent du 15 octobre"),
    ] {
        reg.record_consent(&ConsentInput {
            person_id: child, purpose: purpose.into(), purpose_version: None, action, channel: Channel::PaperForm,
            given_by: GivenBy::Guardian, giver: Some(Guardian::Person(parent)), evidence: evidence.into(),
            occurred_at: Utc.from_utc_datetime(&d(when).and_hms_opt(12, 0, 0).unwrap()),
        }, now).unwrap();
    }
    // the sibling has consents of their own, which must not show
    reg.record_consent(&ConsentInput { person_id: sibling, purpose: "testimonials".into(), purpose_version: None, action: ConsentAction::Granted, channel: Channel::Email, given_by: GivenBy::Guardian, giver: Some(Guardian::Person(parent)), evidence: "témoignage du frère".into(), occurred_at: now }, now).unwrap();
    let req = reg.add_request(&RequestInput { kind: RequestKind::Access, received_on: d("2026-11-02"), channel: Channel::Email, person_id: child, requester: Requester::Guardian, requester_person_id: Some(parent), requester_name: String::new(), notes: String::new() }, now).unwrap();
    reg.verify_identity(req, IdentityMethod::DocumentSeen, d("2026-11-03"), now).unwrap();

    let record = reg.person_record(child, d("2026-11-24")).unwrap();
    let t0 = std::time::Instant::now();
    let pdf = render(&access_report(&record, &profile, &Addressee { name: "Marie Lefèvre", for_child: true }, Language::Fr, d("2026-11-24"))).unwrap();
    eprintln!("report: {} bytes in {:?}", pdf.len(), t0.elapsed());
    let text = text(&pdf, "access-report.pdf");

    // Every stored value of the child, and of every section's rows, is in the text.
    let mut expected: Vec<String> = vec![
        "Zoë", "Lefèvre-Cœurdevey", "2016-05-10", "zoe.lefevre@exemple.ca", "514 555 0142", "12 rue des Érables", "Laval", "Québec", "H7N 2B3", "Canada",
        "Allergie aux arachides — « EpiPen » dans le sac", "Formulaire papier", "2026-09-01",
        "Marie Lefèvre", "Piano débutant 2026-2027", "2027-06-30",
        "fiche d’inscription signée n° 2026-117", "case cochée sur la fiche", "courriel du parent du 15 octobre", "Politique 2026-09", "Sophie",
        "2026-11-02", "2026-12-02",
        "J'autorise la publication de photos", // the wording version answered
        "Commission d’accès à l’information", "Aucune décision n’est prise de façon automatisée",
        "École de musique Les P’tits mélomanes", "Hélène Tremblay, directrice — vie.privee@melomanes.ca",
    ].into_iter().map(String::from).collect();
    for s in &record.sections {
        for row in &s.rows {
            for v in row {
                if !v.is_empty() && !v.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    expected.push(v.clone()); // codes (paper_form…) are printed as words
                }
            }
        }
    }
    for v in expected {
        let v: String = v.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(&v), "{v:?} is missing from the report");
    }
    // Nothing about the sibling (beyond being absent) or the namesake.
    for other in ["Anatole", "frere.secret@exemple.ca", "témoignage du frère", "Bérénice", "homonyme@exemple.fr", "note de l’homonyme", "marie.parent@exemple.ca", "1984-02-02"] {
        assert!(!text.contains(other), "{other:?} belongs to someone else");
    }
    assert!(text.contains("Page 1 sur"), "page numbers");

    // The same record in English, on A4 for a French organisation's paper.
    let mut a4 = profile.clone();
    a4.paper = carnet_core::model::Paper::A4;
    a4.jurisdiction = Jurisdiction::France;
    let pdf = render(&access_report(&record, &a4, &Addressee { name: "Marie Lefèvre", for_child: true }, Language::En, d("2026-11-24"))).unwrap();
    let en = crate::text(&pdf, "access-report-en-a4.pdf");
    for needle in ["The information we hold about Zoë Lefèvre-Cœurdevey", "Paper form", "Granted", "Withdrawn", "CNIL", "No decision is made by automated means", "Page 1 of", "November 24, 2026"] {
        assert!(en.contains(needle), "{needle:?} missing from the English report");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a4.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let info = String::from_utf8(Command::new("pdfinfo").arg(&path).output().unwrap().stdout).unwrap();
    assert!(info.contains("595.") && info.contains("841."), "A4 pages: {info}");
}
