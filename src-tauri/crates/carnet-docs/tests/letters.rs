//! Each letter a request can produce, read back from the PDF: it cites what the law
//! asks (provision, recourse, dates), names the right people and no one else.

mod common;

use carnet_core::Contexts;
use std::io::Read;

use carnet_core::consent::{ConsentAction, GivenBy};
use carnet_core::model::{Channel, Jurisdiction, Language};
use carnet_core::requests::{IdentityMethod, RefusalGround, RequestKind, RequestStatus, Requester};
use carnet_core::requests::{Refusal, RequestInput};
use carnet_core::{Code, Register};
use carnet_docs::{portability_zip, render, request_letter, LetterKind};
use chrono::{TimeZone, Utc};
use common::*;

fn ask(
    reg: &mut Register,
    kind: RequestKind,
    person: i64,
    by_guardian: Option<i64>,
    received: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> i64 {
    reg.requests()
        .add(
            &RequestInput {
                kind,
                received_on: d(received),
                channel: Channel::Email,
                person_id: person,
                requester: if by_guardian.is_some() {
                    Requester::Guardian
                } else {
                    Requester::Person
                },
                requester_person_id: by_guardian,
                requester_name: String::new(),
                notes: String::new(),
            },
            now,
        )
        .unwrap()
}

/// One letter of a request, rendered and read back.
fn letter_text(
    reg: &Register,
    id: i64,
    kind: LetterKind,
    lang: Option<Language>,
    today: &str,
    file: &str,
) -> String {
    let text = common::text(
        &render(&request_letter(reg, id, kind, lang, d(today)).unwrap()).unwrap(),
        file,
    );
    assert_no_raw_keys(&text);
    let words = forbidden_words(
        if lang == Some(Language::En) {
            "en"
        } else {
            "fr"
        },
        &["screens", "letters"],
    );
    assert_eq!(
        plain_words_broken(&text, &words),
        Vec::<String>::new(),
        "{file}"
    );
    text
}

const OTHERS: [&str; 5] = [
    "Anatole",
    "frere.secret@exemple.ca",
    "Bérénice",
    "homonyme@exemple.fr",
    "marie.parent@exemple.ca",
];

#[test]
fn refusals_cite_the_provision_and_the_recourse_of_their_jurisdiction() {
    // (jurisdiction, ground, typed provision, language, phrases the letter must hold)
    let cases: &[(Jurisdiction, RefusalGround, &str, Language, &[&str])] = &[
        (Jurisdiction::Quebec, RefusalGround::ThirdParty, "", Language::Fr, &[
            "L’article 40 de la Loi sur la protection des renseignements personnels dans le secteur privé (RLRQ, c. P-39.1)",
            "dans les 30 jours", "Commission d’accès à l’information", "ne peuvent pas être séparés",
            "Objet : Votre demande d’accès aux renseignements concernant Zoë Lefèvre-Cœurdevey reçue le 2 novembre 2026",
        ]),
        (Jurisdiction::Quebec, RefusalGround::IdentityNotEstablished, "", Language::En, &[
            "Section 30 of the Act respecting the protection of personal information in the private sector", "Commission d’accès à l’information",
            "we keep no copy of identity documents", "received on November 2, 2026",
        ]),
        (Jurisdiction::France, RefusalGround::ManifestlyUnfounded, "", Language::Fr, &["L’article 12(5)(b) du Règlement général", "CNIL", "recours devant la juridiction compétente"]),
        (Jurisdiction::France, RefusalGround::Other, "Code de commerce, art. L123-22", Language::Fr, &["Code de commerce, art. L123-22", "CNIL"]),
    ];
    for (j, ground, typed, lang, phrases) in cases {
        let Family {
            dir: _dir,
            mut reg,
            now,
            child,
            parent,
            ..
        } = family(*j);
        let id = ask(
            &mut reg,
            RequestKind::Access,
            child,
            Some(parent),
            "2026-11-02",
            now,
        );
        // no refusal letter before the refusal
        assert_eq!(
            request_letter(&reg, id, LetterKind::Refusal, None, d("2026-11-24"))
                .unwrap_err()
                .code(),
            Code::Conflict
        );
        let reasons = "Les photos de groupe montrent d’autres élèves « non floutables »";
        reg.requests()
            .close(
                id,
                RequestStatus::Refused,
                reasons,
                Some(&Refusal {
                    ground: *ground,
                    provision: typed.to_string(),
                }),
                d("2026-11-20"),
                now,
            )
            .unwrap();
        let text = letter_text(
            &reg,
            id,
            LetterKind::Refusal,
            Some(*lang),
            "2026-11-24",
            &format!("refusal-{j:?}-{ground:?}.pdf"),
        );
        for p in phrases.iter().chain(&[
            reasons,
            "Marie Lefèvre",
            "Sophie",
            "Hélène Tremblay, directrice · vie.privee@melomanes.ca",
        ]) {
            assert!(
                text.contains(p),
                "{j:?} {ground:?}: {p:?} missing from\n{text}"
            );
        }
        for o in OTHERS {
            assert!(!text.contains(o), "{o:?} belongs to someone else");
        }
        // The access report is not offered once refused.
        assert!(!LetterKind::available(&reg.requests().get(id).unwrap())
            .contains(&LetterKind::AccessReport));
    }
}

#[test]
fn the_extension_notice_gives_reasons_and_the_new_date() {
    let Family {
        dir: _dir,
        mut reg,
        now,
        child,
        parent,
        ..
    } = family(Jurisdiction::France);
    let id = ask(
        &mut reg,
        RequestKind::Access,
        child,
        Some(parent),
        "2026-09-30",
        now,
    );
    assert_eq!(
        request_letter(&reg, id, LetterKind::ExtensionNotice, None, d("2026-10-20"))
            .unwrap_err()
            .code(),
        Code::Conflict
    );
    reg.requests()
        .extend(
            id,
            d("2026-10-20"),
            "archives papier de 2019 à 2024 à consulter",
            now,
        )
        .unwrap();
    let text = letter_text(
        &reg,
        id,
        LetterKind::ExtensionNotice,
        None,
        "2026-10-20",
        "extension.pdf",
    );
    for p in [
        "« archives papier de 2019 à 2024 à consulter »",
        "l’article 12(3)",
        "au plus tard le 30 décembre 2026",
        "envoyé le 20 octobre 2026",
        "CNIL",
        "reçue le 30 septembre 2026",
    ] {
        assert!(text.contains(p), "{p:?} missing from\n{text}");
    }
}

#[test]
fn a_withdrawal_carried_out_from_the_request_lists_only_what_it_withdrew() {
    let Family {
        dir: _dir,
        mut reg,
        child,
        parent,
        ..
    } = family(Jurisdiction::Quebec);
    // Recorded at 21:30 in Montreal, already the 25th in UTC: the letter gives the office's day.
    let evening = Utc.with_ymd_and_hms(2026, 11, 25, 2, 30, 0).unwrap();
    reg.set_utc_offset(chrono::FixedOffset::west_opt(5 * 3600).unwrap());
    let id = ask(
        &mut reg,
        RequestKind::StopCommunications,
        child,
        Some(parent),
        "2026-11-20",
        evening,
    );
    reg.requests()
        .withdraw_for(id, &["newsletter".into()], evening)
        .unwrap();
    reg.requests()
        .verify_identity(id, IdentityMethod::EmailCode, d("2026-11-20"), evening)
        .unwrap();
    reg.requests()
        .close(
            id,
            RequestStatus::Answered,
            "",
            None,
            d("2026-11-24"),
            evening,
        )
        .unwrap();
    let text = letter_text(
        &reg,
        id,
        LetterKind::Confirmation,
        Some(Language::Fr),
        "2026-11-24",
        "stop-communications.pdf",
    );
    assert!(
        text.contains("Consentements retirés") && text.contains("Infolettre 24 novembre 2026"),
        "{text}"
    );
    // The photo consent withdrawn in October by email was not part of this request.
    assert!(!text.contains("Photos"), "{text}");

    // An objection answered without withdrawing a consent lists none.
    let id = ask(
        &mut reg,
        RequestKind::Objection,
        child,
        Some(parent),
        "2026-11-21",
        evening,
    );
    reg.requests()
        .verify_identity(id, IdentityMethod::EmailCode, d("2026-11-21"), evening)
        .unwrap();
    reg.requests()
        .close(
            id,
            RequestStatus::Answered,
            "Plus de prospection",
            None,
            d("2026-11-24"),
            evening,
        )
        .unwrap();
    let text = letter_text(
        &reg,
        id,
        LetterKind::Confirmation,
        Some(Language::Fr),
        "2026-11-24",
        "objection.pdf",
    );
    assert!(text.contains("Plus de prospection"), "{text}");
    assert!(!text.contains("Consentements retirés"), "{text}");
}

#[test]
fn confirmations_say_what_was_done() {
    let Family {
        dir: _dir,
        mut reg,
        now,
        child,
        parent,
        ..
    } = family(Jurisdiction::Quebec);
    // The child's photo consent was withdrawn on 15 October (fixture); the newsletter now too.
    let id = ask(
        &mut reg,
        RequestKind::ConsentWithdrawal,
        child,
        Some(parent),
        "2026-11-10",
        now,
    );
    reg.consent()
        .record(
            &carnet_core::consent::ConsentInput {
                person_id: child,
                purpose: "newsletter".into(),
                purpose_version: None,
                action: ConsentAction::Withdrawn,
                channel: Channel::Email,
                given_by: GivenBy::Guardian,
                giver: Some(carnet_core::family::Guardian::Person(parent)),
                evidence: "courriel du 10 novembre".into(),
                occurred_at: now,
            },
            now,
        )
        .unwrap();
    assert_eq!(
        request_letter(&reg, id, LetterKind::Confirmation, None, d("2026-11-24"))
            .unwrap_err()
            .code(),
        Code::Conflict
    );
    reg.requests()
        .verify_identity(id, IdentityMethod::EmailCode, d("2026-11-10"), now)
        .unwrap();
    reg.requests()
        .close(
            id,
            RequestStatus::Answered,
            "Infolettre retirée le jour même",
            None,
            d("2026-11-12"),
            now,
        )
        .unwrap();
    assert_eq!(
        LetterKind::available(&reg.requests().get(id).unwrap()),
        vec![LetterKind::Confirmation]
    );
    let text = letter_text(
        &reg,
        id,
        LetterKind::Confirmation,
        Some(Language::Fr),
        "2026-11-24",
        "withdrawal.pdf",
    );
    for p in [
        "Nous avons enregistré le retrait du consentement",
        "Consentements retirés",
        "Infolettre 24 novembre 2026",
        "Photos 15 octobre 2026",
        "Infolettre retirée le jour même",
        "de retrait de consentement concernant Zoë",
    ] {
        assert!(text.contains(p), "{p:?} missing from\n{text}");
    }

    // An erasure confirmation (English) mentions what the law keeps and the recipients told.
    let adult = reg
        .people()
        .add(
            &carnet_core::people::PersonInput::named(
                "Gérard",
                "Ménard",
                Channel::Email,
                d("2026-01-01"),
            ),
            now,
        )
        .unwrap();
    let id = ask(
        &mut reg,
        RequestKind::Erasure,
        adult,
        None,
        "2026-11-01",
        now,
    );
    reg.requests()
        .verify_identity(id, IdentityMethod::KnownInPerson, d("2026-11-01"), now)
        .unwrap();
    reg.requests()
        .close(id, RequestStatus::Answered, "", None, d("2026-11-05"), now)
        .unwrap();
    let text = letter_text(
        &reg,
        id,
        LetterKind::Confirmation,
        Some(Language::En),
        "2026-11-24",
        "erasure-en.pdf",
    );
    for p in [
        "To Gérard Ménard",
        "your request to erase the information about you",
        "except what the law requires us to keep",
        "we have told them",
    ] {
        assert!(text.contains(p), "{p:?} missing from\n{text}");
    }
}

#[test]
fn the_portability_zip_holds_what_the_person_provided_as_json_and_csv() {
    let Family {
        dir: _dir,
        reg,
        child,
        ..
    } = family(Jurisdiction::Quebec);
    let record = reg.people().record(child, d("2026-11-24")).unwrap();
    let bytes =
        portability_zip(&record, "École de musique", Language::Fr, d("2026-11-24")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "LISEZMOI.txt",
            "consents.csv",
            "data.json",
            "identity.csv",
            "memberships.csv"
        ]
    );
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let json: serde_json::Value = serde_json::from_str(&read("data.json")).unwrap();
    let identity = json["sections"]["identity"].as_array().unwrap();
    let field = |f: &str| {
        identity
            .iter()
            .find(|r| r["field"] == f)
            .map(|r| r["value"].as_str().unwrap().to_owned())
    };
    assert_eq!(field("family_name").as_deref(), Some("Lefèvre-Cœurdevey"));
    assert_eq!(field("emails").as_deref(), Some("zoe.lefevre@exemple.ca"));
    assert_eq!(json["sections"]["consents"].as_array().unwrap().len(), 3);
    let memberships = read("memberships.csv");
    let mut csv = csv::Reader::from_reader(memberships.as_bytes());
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "Piano débutant 2026-2027");
    let all = format!(
        "{}{}{}",
        read("data.json"),
        read("identity.csv"),
        read("consents.csv")
    );
    for o in OTHERS.iter().chain(&["témoignage du frère"]) {
        assert!(!all.contains(o), "{o:?} belongs to someone else");
    }
    assert!(read("LISEZMOI.txt").contains("data.json"));
}

/// A name typed as a formula and a phone starting with `+` are shown, never run, when the
/// portability CSVs are opened in a spreadsheet; `data.json` keeps them as typed.
#[test]
fn portability_csvs_neutralise_formulas_and_carry_a_byte_order_mark() {
    let Family {
        dir: _dir,
        reg,
        child,
        now,
        ..
    } = family(Jurisdiction::Quebec);
    let mut person = reg.people().get(child).unwrap().data;
    person.given_name = "=HYPERLINK(\"http://exemple.invalid\",\"Zoë\")".into();
    person.phones = vec!["+1 514 555 0142".into()];
    reg.people().update(child, &person, now).unwrap();
    let record = reg.people().record(child, d("2026-11-24")).unwrap();
    let bytes = portability_zip(&record, "École", Language::Fr, d("2026-11-24")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut b = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut b).unwrap();
        b
    };
    let identity = read("identity.csv");
    assert_eq!(
        &identity[..3],
        b"\xef\xbb\xbf",
        "a BOM, so Excel reads the accents"
    );
    let mut csv = csv::Reader::from_reader(&identity[..]);
    let cells: Vec<String> = csv
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    assert!(cells.contains(&"'=HYPERLINK(\"http://exemple.invalid\",\"Zoë\")".to_owned()));
    assert!(cells.contains(&"'+1 514 555 0142".to_owned()));
    assert!(
        !cells.iter().any(|c| c.starts_with(['=', '+', '-', '@'])),
        "{cells:?}"
    );
    let json = String::from_utf8(read("data.json")).unwrap();
    assert!(json.contains("\"=HYPERLINK(\\\"http://exemple.invalid\\\",\\\"Zoë\\\")\""));
    assert!(json.contains("\"+1 514 555 0142\""));
}

/// A letter never goes out without a way to answer it: with the office's postal address,
/// the person in charge or a way to reach them missing, every letter is refused, naming
/// what to fill in; once filled in, the letter ends with who prepared it and that way.
#[test]
fn a_letter_without_the_offices_address_or_person_in_charge_is_refused() {
    let Family {
        dir: _dir,
        mut reg,
        profile,
        now,
        child,
        parent,
        ..
    } = family(Jurisdiction::Quebec);
    let id = ask(
        &mut reg,
        RequestKind::Access,
        child,
        Some(parent),
        "2026-11-02",
        now,
    );
    reg.requests()
        .verify_identity(id, IdentityMethod::KnownInPerson, d("2026-11-03"), now)
        .unwrap();
    reg.requests().approve_access_package(id, now).unwrap();
    let missing = |reg: &Register| -> Vec<String> {
        let err =
            request_letter(reg, id, LetterKind::AccessReport, None, d("2026-11-24")).unwrap_err();
        assert_eq!(err.code(), Code::LetterIncomplete);
        let body = carnet_core::ErrorBody::from(&err);
        body.detail.unwrap()["missing"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_owned())
            .collect()
    };
    let mut empty = profile.clone();
    empty.address = " ".into();
    empty.privacy_contact = String::new();
    empty.privacy_email = String::new();
    reg.org().update_profile(&empty, now).unwrap();
    assert_eq!(
        missing(&reg),
        ["address", "privacy_contact", "privacy_email"]
    );
    // The request page says so before anyone clicks.
    let page = reg.requests().page(id, d("2026-11-24")).unwrap();
    assert_eq!(page.letter_gaps.len(), 3);
    // A name alone is not a way to reach someone.
    let mut named = profile.clone();
    named.privacy_email = String::new();
    reg.org().update_profile(&named, now).unwrap();
    assert_eq!(missing(&reg), ["privacy_email"]);
    // A phone is.
    named.privacy_phone = "514 555-0100".into();
    reg.org().update_profile(&named, now).unwrap();
    assert!(reg
        .requests()
        .page(id, d("2026-11-24"))
        .unwrap()
        .letter_gaps
        .is_empty());
    let text = letter_text(
        &reg,
        id,
        LetterKind::AccessReport,
        None,
        "2026-11-24",
        "reachable.pdf",
    );
    assert!(
        text.contains("Hélène Tremblay, directrice · 514 555-0100"),
        "{text}"
    );
    // An e-mail address the person could not write to is refused at the settings.
    named.privacy_email = "helene at ecole".into();
    assert_eq!(
        reg.org().update_profile(&named, now).unwrap_err().code(),
        Code::InvalidInput
    );
}
