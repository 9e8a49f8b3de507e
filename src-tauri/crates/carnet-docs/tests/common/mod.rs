//! Shared by the document tests: a family in a fresh encrypted register, and the text
//! of a PDF as poppler reads it.
#![allow(dead_code)]

use carnet_core::consent::ConsentInput;
use carnet_core::consent::{ConsentAction, GivenBy};
use carnet_core::family::{Guardian, MembershipInput};
use carnet_core::family::{MembershipStatus, Relation};
use carnet_core::model::{Channel, Jurisdiction, Language};
use carnet_core::org::OrganisationProfile;
use carnet_core::people::{Address, PersonInput};
use carnet_core::secret::KdfParams;
use carnet_core::Contexts;
use carnet_core::{Protection, Register};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The PDF's text as poppler reads it (`carnet_testkit::pdf_text`); with
/// `CARNET_DOCS_OUT=DIR` the PDF is also kept there for a look.
pub fn text(pdf: &[u8], name: &str) -> String {
    if let Some(out) = std::env::var_os("CARNET_DOCS_OUT") {
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(std::path::Path::new(&out).join(name), pdf).unwrap();
    }
    carnet_testkit::pdf_bytes_text(pdf)
}

/// A child (Zoë, every field filled), her parent, a sibling with data of their own, and
/// a namesake with no link: the documents must show the child's data and no one else's.
pub struct Family {
    pub dir: tempfile::TempDir,
    pub reg: Register,
    pub profile: OrganisationProfile,
    pub now: DateTime<Utc>,
    pub child: i64,
    pub parent: i64,
    pub sibling: i64,
}

pub fn family(jurisdiction: Jurisdiction) -> Family {
    // France asks the child and the parent together under 15; Quebec the parent alone.
    let given_by = if jurisdiction == Jurisdiction::France {
        GivenBy::GuardianWithChild
    } else {
        GivenBy::Guardian
    };
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let mut profile =
        OrganisationProfile::new("École de musique Les P’tits mélomanes", jurisdiction);
    profile.address = "45 rue Saint-Denis, Montréal (Québec) H2X 3K8".into();
    profile.privacy_contact = "Hélène Tremblay, directrice".into();
    profile.privacy_email = "vie.privee@melomanes.ca".into();
    let mut reg = Register::create(
        &dir.path().join("c.db"),
        Protection::Passphrase {
            passphrase: "phrase de passe du test",
            params: KdfParams {
                m_kib: 1024,
                t: 1,
                p: 1,
            },
        },
        &profile,
        now,
    )
    .unwrap()
    .register;
    reg.set_staff("Sophie");

    let child_input = PersonInput {
        given_name: "Zoë".into(),
        family_name: "Lefèvre-Cœurdevey".into(),
        emails: vec!["zoe.lefevre@exemple.ca".into()],
        phones: vec!["514 555 0142".into()],
        address: Address {
            street: "12 rue des Érables".into(),
            city: "Laval".into(),
            region: "Québec".into(),
            postal_code: "H7N 2B3".into(),
            country: "Canada".into(),
        },
        preferred_language: Language::Fr,
        birth_date: Some(d("2016-05-10")),
        collection_channel: Channel::PaperForm,
        collected_on: d("2026-09-01"),
        notes: "Allergie aux arachides — « EpiPen » dans le sac".into(),
    };
    let child = reg.people().add(&child_input, now).unwrap();
    let parent = reg
        .people()
        .add(
            &PersonInput {
                birth_date: Some(d("1984-02-02")),
                emails: vec!["marie.parent@exemple.ca".into()],
                ..PersonInput::named("Marie", "Lefèvre", Channel::PaperForm, d("2026-09-01"))
            },
            now,
        )
        .unwrap();
    let sibling = reg
        .people()
        .add(
            &PersonInput {
                birth_date: Some(d("2014-01-01")),
                emails: vec!["frere.secret@exemple.ca".into()],
                ..PersonInput::named(
                    "Anatole",
                    "Lefèvre-Cœurdevey",
                    Channel::PaperForm,
                    d("2026-09-01"),
                )
            },
            now,
        )
        .unwrap();
    let _stranger = reg
        .people()
        .add(
            &PersonInput {
                emails: vec!["homonyme@exemple.fr".into()],
                notes: "note de l’homonyme".into(),
                ..PersonInput::named(
                    "Bérénice",
                    "Lefèvre-Cœurdevey",
                    Channel::Email,
                    d("2026-10-01"),
                )
            },
            now,
        )
        .unwrap();
    for kid in [child, sibling] {
        reg.family()
            .link_guardian(
                kid,
                Guardian::Person(parent),
                Relation::Parent,
                d("2016-05-10"),
                now,
            )
            .unwrap();
    }
    reg.family()
        .add_membership(
            child,
            &MembershipInput {
                category: "Piano débutant 2026-2027".into(),
                starts_on: d("2026-09-01"),
                ends_on: Some(d("2027-06-30")),
                status: MembershipStatus::Active,
            },
            now,
        )
        .unwrap();
    reg.consent()
        .add_policy_version("Politique 2026-09", d("2026-09-01"), "Texte", "Text", now)
        .unwrap();
    for (purpose, action, when, evidence) in [
        (
            "photos",
            ConsentAction::Granted,
            "2026-09-02",
            "fiche d’inscription signée n° 2026-117",
        ),
        (
            "newsletter",
            ConsentAction::Granted,
            "2026-09-02",
            "case cochée sur la fiche",
        ),
        (
            "photos",
            ConsentAction::Withdrawn,
            "2026-10-15",
            "courriel du parent du 15 octobre",
        ),
    ] {
        reg.consent()
            .record(
                &ConsentInput {
                    person_id: child,
                    purpose: purpose.into(),
                    purpose_version: None,
                    action,
                    channel: Channel::PaperForm,
                    given_by,
                    giver: Some(Guardian::Person(parent)),
                    evidence: evidence.into(),
                    occurred_at: Utc.from_utc_datetime(&d(when).and_hms_opt(12, 0, 0).unwrap()),
                },
                now,
            )
            .unwrap();
    }
    // the sibling has consents of their own, which must not show
    reg.consent()
        .record(
            &ConsentInput {
                person_id: sibling,
                purpose: "testimonials".into(),
                purpose_version: None,
                action: ConsentAction::Granted,
                channel: Channel::Email,
                given_by,
                giver: Some(Guardian::Person(parent)),
                evidence: "témoignage du frère".into(),
                occurred_at: now,
            },
            now,
        )
        .unwrap();
    Family {
        dir,
        reg,
        profile,
        now,
        child,
        parent,
        sibling,
    }
}

/// No word of `text` is a raw key (`paper_form`, `identity_verified`…): every code is
/// printed in words.
pub fn assert_no_raw_keys(text: &str) {
    let raw: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '_'))
        .filter(|w| w.contains('_') && w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    assert!(raw.is_empty(), "raw keys in the document: {raw:?}");
}

/// The words of `ui/glossary.<lang>.js` that must never appear in `scopes` ("screens",
/// "letters").
pub fn forbidden_words(lang: &str, scopes: &[&str]) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../ui")
        .join(format!("glossary.{lang}.js"));
    let text = std::fs::read_to_string(&path).unwrap();
    let words: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("[\""))
        .filter_map(|l| {
            let parts: Vec<&str> = l.split("\", \"").collect();
            let scope = parts.last()?.trim_end_matches("\"],");
            scopes.contains(&scope).then(|| parts[0].to_lowercase())
        })
        .collect();
    assert!(words.len() >= 4, "the glossary {} was read", path.display());
    words
}

/// The forbidden words found in `text` as whole words (any case).
pub fn plain_words_broken(text: &str, forbidden: &[String]) -> Vec<String> {
    let lower = text.to_lowercase();
    forbidden
        .iter()
        .filter(|w| {
            lower.match_indices(w.as_str()).any(|(i, _)| {
                let before = lower[..i].chars().next_back();
                let after = lower[i + w.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        })
        .cloned()
        .collect()
}
