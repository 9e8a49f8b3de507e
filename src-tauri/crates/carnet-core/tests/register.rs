//! The register's rules: people, search, families, the consent ledger and the audit log.

mod common;

use carnet_core::consent::{ConsentAction, GivenBy, PurposeKind};
use carnet_core::consent::{ConsentInput, LedgerProblem, PurposeWording};
use carnet_core::family::{Guardian, MembershipInput};
use carnet_core::family::{MembershipStatus, Relation};
use carnet_core::model::{Channel, Jurisdiction};
use carnet_core::org::OrgKind;
use carnet_core::org::OrganisationInput;
use carnet_core::Contexts;
use carnet_core::{Code, ConsentRule, Error, Register};
use chrono::{DateTime, Utc};
use common::*;

fn consent(
    person_id: i64,
    action: ConsentAction,
    by: GivenBy,
    giver: Option<Guardian>,
    when: DateTime<Utc>,
) -> ConsentInput {
    ConsentInput {
        person_id,
        purpose: "photos".into(),
        purpose_version: None,
        action,
        channel: Channel::PaperForm,
        given_by: by,
        giver,
        evidence: "formulaire papier signé, classeur 2026".into(),
        occurred_at: when,
    }
}

#[test]
fn person_round_trips_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let mut input = full_person("Q");
    input.given_name = "  Zoe\u{308} ".into(); // decomposed ë and spaces
    let id = reg.people().add(&input, now()).unwrap();
    let p = reg.people().get(id).unwrap();
    assert_eq!(p.data.given_name, "Zoë", "trimmed and NFC-normalised");
    let mut want = full_person("Q");
    want.given_name = "Zoë".into();
    assert_eq!(p.data, want);
    assert_eq!(p.age_on(date("2026-03-01")), Some(40));
    assert_eq!(p.age_on(date("2026-03-02")), Some(41));

    let mut edited = want.clone();
    edited.emails.push("zoe.travail@exemple.ca".into());
    edited.family_name = "Tremblay".into();
    reg.people().update(id, &edited, now()).unwrap();
    assert_eq!(reg.people().get(id).unwrap().data, edited);
    assert!(
        reg.people().search("lefevre", 10).unwrap().is_empty(),
        "old name no longer indexed"
    );
    assert_eq!(reg.people().search("trem", 10).unwrap()[0].id, id);
}

/// A change that spoils a valid person, and the field the refusal must name.
type Spoil = (
    Box<dyn Fn(&mut carnet_core::people::PersonInput)>,
    &'static str,
);

#[test]
fn invalid_people_are_refused_and_a_batch_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let cases: Vec<Spoil> = vec![
        (
            Box::new(|p| {
                p.given_name = " ".into();
                p.family_name = "".into();
            }),
            "name",
        ),
        (
            Box::new(|p| p.emails = vec!["pas-un-courriel".into()]),
            "email",
        ),
        (Box::new(|p| p.phones = vec!["12".into()]), "phone"),
        (
            Box::new(|p| p.birth_date = Some(date("2027-01-01"))),
            "birth date",
        ),
        (
            Box::new(|p| p.collected_on = date("2026-12-01")),
            "collection date",
        ),
    ];
    for (mutate, field) in &cases {
        let mut p = full_person("");
        mutate(&mut p);
        match reg.people().add(&p, now()) {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f.to_string(), *field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let mut batch: Vec<_> = (0..50)
        .map(|i| person(&format!("Élève{i}"), "Lot", None))
        .collect();
    batch[37].emails = vec!["broken".into()];
    match reg.people().add_many(&batch, now()) {
        Err(Error::InvalidRow { row, field, .. }) => {
            assert_eq!((row, field), (38, carnet_core::Field::Email))
        }
        other => panic!("expected the failing row to be named: {other:?}"),
    }
    assert_eq!(reg.people().count().unwrap(), 0, "nothing half-imported");
    batch[37].emails.clear();
    assert_eq!(reg.people().add_many(&batch, now()).unwrap().len(), 50);
}

#[test]
fn search_ignores_case_accents_and_ligatures_and_matches_name_part_prefixes() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    let zoe = reg
        .people()
        .add(&person("Zoë", "Lefèvre-Cœurdevey", None), now())
        .unwrap();
    let aeschyle = reg
        .people()
        .add(&person("Æschyle", "Dupont", None), now())
        .unwrap();
    let francois = reg
        .people()
        .add(&person("François", "D'Amours", None), now())
        .unwrap();
    let zoe2 = reg
        .people()
        .add(&person("Zoé", "Martin", None), now())
        .unwrap();
    let ids = |q: &str| -> Vec<i64> {
        let mut v: Vec<i64> = reg
            .people()
            .search(q, 50)
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        v.sort();
        v
    };
    let cases: &[(&str, Vec<i64>)] = &[
        ("zoe", vec![zoe, zoe2]),
        ("ZOË", vec![zoe, zoe2]),
        ("coeur", vec![zoe]),
        ("Cœurdevey", vec![zoe]),
        ("lefevre", vec![zoe]),
        ("lefèvre-cœ", vec![zoe]),
        ("aesch", vec![aeschyle]),
        ("æ", vec![aeschyle]),
        ("amours", vec![francois]),
        (
            "franc d",
            vec![francois, aeschyle]
                .into_iter()
                .filter(|&i| i == francois)
                .collect(),
        ),
        ("zoe mar", vec![zoe2]),
        ("mar zoe", vec![zoe2]),
        ("evre", vec![]),
        ("x", vec![]),
    ];
    for (q, want) in cases {
        let mut want = want.clone();
        want.sort();
        assert_eq!(ids(q), want, "query {q:?}");
    }
    // Limit, and results in the order of the matched name part.
    for i in 0..30 {
        reg.people()
            .add(&person("Jean", &format!("Zola{i:02}"), None), now())
            .unwrap();
    }
    let r = reg.people().search("zo", 10).unwrap();
    assert_eq!(r.len(), 10);
    assert_eq!(
        r[0].family_name, "Lefèvre-Cœurdevey",
        "'zoe' sorts before 'zola00'"
    );
    // Empty query lists alphabetically by family name.
    let all = reg.people().list(0, 3).unwrap();
    assert_eq!(
        all.iter()
            .map(|s| s.family_name.as_str())
            .collect::<Vec<_>>(),
        ["D'Amours", "Dupont", "Lefèvre-Cœurdevey"]
    );
}

#[test]
fn guardians_children_schools_and_memberships() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let mom = reg
        .people()
        .add(&person("Julie", "Roy", Some("1988-04-02")), now())
        .unwrap();
    let kid = reg
        .people()
        .add(&person("Léa", "Roy", Some("2016-05-10")), now())
        .unwrap();
    let school = reg
        .org()
        .add_organisation(
            &OrganisationInput {
                name: "École primaire des Saules".into(),
                kind: OrgKind::School,
                email: "direction@saules.qc.ca".into(),
                phone: String::new(),
                address: String::new(),
                collection_channel: Channel::Email,
                collected_on: date("2026-08-20"),
                notes: String::new(),
            },
            now(),
        )
        .unwrap();
    reg.family()
        .link_guardian(
            kid,
            Guardian::Person(mom),
            Relation::Parent,
            date("2026-09-01"),
            now(),
        )
        .unwrap();
    reg.family()
        .link_guardian(
            kid,
            Guardian::Organisation(school),
            Relation::School,
            date("2026-09-01"),
            now(),
        )
        .unwrap();
    let g = reg.family().guardians_of(kid).unwrap();
    assert_eq!(
        g.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
        ["Julie Roy", "École primaire des Saules"]
    );
    assert_eq!(reg.family().children_of(mom).unwrap()[0].name, "Léa Roy");

    let conflict = reg.family().link_guardian(
        kid,
        Guardian::Person(mom),
        Relation::Parent,
        date("2026-09-01"),
        now(),
    );
    assert_eq!(conflict.unwrap_err().code(), Code::Conflict);
    assert_eq!(
        reg.family()
            .link_guardian(
                mom,
                Guardian::Person(kid),
                Relation::Parent,
                date("2026-09-01"),
                now()
            )
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );
    assert_eq!(
        reg.family()
            .link_guardian(
                kid,
                Guardian::Person(kid),
                Relation::Parent,
                date("2026-09-01"),
                now()
            )
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );
    assert_eq!(
        reg.family()
            .link_guardian(
                kid,
                Guardian::Person(999),
                Relation::Parent,
                date("2026-09-01"),
                now()
            )
            .unwrap_err()
            .code(),
        Code::NotFound
    );
    assert_eq!(
        reg.family()
            .link_guardian(
                kid,
                Guardian::Organisation(school),
                Relation::Parent,
                date("2026-09-01"),
                now()
            )
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );

    let m = MembershipInput {
        category: "Piano, 2026-2027".into(),
        starts_on: date("2026-09-01"),
        ends_on: Some(date("2027-06-30")),
        status: MembershipStatus::Active,
    };
    reg.family().add_membership(kid, &m, now()).unwrap();
    let ms = reg.family().memberships_of(kid).unwrap();
    assert_eq!(ms[0].data, m);
    assert!(ms[0].is_current(date("2026-11-24")) && !ms[0].is_current(date("2027-07-01")));
    let bad = MembershipInput {
        ends_on: Some(date("2026-01-01")),
        ..m
    };
    assert_eq!(
        reg.family()
            .add_membership(kid, &bad, now())
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );
}

/// A child, a parent linked to it, a stranger; birthdays chosen to test the edges.
fn family(reg: &mut Register, child_birth: &str) -> (i64, i64, i64) {
    let parent = reg
        .people()
        .add(&person("Marc", "Côté", Some("1980-01-01")), now())
        .unwrap();
    let child = reg
        .people()
        .add(&person("Inès", "Côté", Some(child_birth)), now())
        .unwrap();
    let stranger = reg
        .people()
        .add(&person("Paul", "Voisin", Some("1975-01-01")), now())
        .unwrap();
    reg.family()
        .link_guardian(
            child,
            Guardian::Person(parent),
            Relation::Parent,
            date("2016-01-01"),
            now(),
        )
        .unwrap();
    (parent, child, stranger)
}

fn refused(r: carnet_core::Result<carnet_core::consent::ConsentEvent>) -> ConsentRule {
    match r {
        Err(Error::ConsentRefused(rule)) => rule,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn quebec_minors_need_a_guardian_until_their_fourteenth_birthday() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let (parent, child, stranger) = family(&mut reg, "2012-06-15");
    use ConsentAction::*;
    // The day before the 14th birthday: the child alone is refused, with the rule.
    let day_before = at(2026, 6, 14);
    assert_eq!(
        refused(reg.consent().record(
            &consent(child, Granted, GivenBy::Person, None, day_before),
            now()
        )),
        ConsentRule::MinorNeedsGuardian { age_of_consent: 14 }
    );
    assert_eq!(
        refused(reg.consent().record(
            &consent(
                child,
                Granted,
                GivenBy::Guardian,
                Some(Guardian::Person(stranger)),
                day_before
            ),
            now()
        )),
        ConsentRule::GiverNotLinked
    );
    let e = reg
        .consent()
        .record(
            &consent(
                child,
                Granted,
                GivenBy::Guardian,
                Some(Guardian::Person(parent)),
                day_before,
            ),
            now(),
        )
        .unwrap();
    assert_eq!(
        (e.given_by, e.giver_person_id),
        (GivenBy::Guardian, Some(parent))
    );
    // On the birthday the child consents alone, and a parent no longer can.
    let birthday = at(2026, 6, 15);
    reg.consent()
        .record(
            &consent(child, Granted, GivenBy::Person, None, birthday),
            now(),
        )
        .unwrap();
    assert_eq!(
        refused(reg.consent().record(
            &consent(
                child,
                Granted,
                GivenBy::Guardian,
                Some(Guardian::Person(parent)),
                birthday
            ),
            now()
        )),
        ConsentRule::AdultConsentsForThemselves
    );
    // Withdrawal is always possible for the child.
    reg.consent()
        .record(
            &consent(child, Withdrawn, GivenBy::Person, None, day_before),
            now(),
        )
        .unwrap();
    assert_eq!(reg.consent().verify_ledger().unwrap().events, 3);
}

#[test]
fn france_minors_consent_jointly_with_a_parent_until_fifteen() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    let (parent, child, _) = family(&mut reg, "2011-06-15");
    use ConsentAction::*;
    let day_before = at(2026, 6, 14);
    let by_parent = Some(Guardian::Person(parent));
    assert_eq!(
        refused(reg.consent().record(
            &consent(child, Granted, GivenBy::Person, None, day_before),
            now()
        )),
        ConsentRule::MinorNeedsJointConsent { age_of_consent: 15 }
    );
    assert_eq!(
        refused(reg.consent().record(
            &consent(child, Granted, GivenBy::Guardian, by_parent, day_before),
            now()
        )),
        ConsentRule::MinorNeedsJointConsent { age_of_consent: 15 }
    );
    reg.consent()
        .record(
            &consent(
                child,
                Granted,
                GivenBy::GuardianWithChild,
                by_parent,
                day_before,
            ),
            now(),
        )
        .unwrap();
    reg.consent()
        .record(
            &consent(child, Granted, GivenBy::Person, None, at(2026, 6, 15)),
            now(),
        )
        .unwrap();
}

/// The office's day decides an age, not UTC's: a Montreal evening on the eve of a 14th
/// birthday is still the eve (UTC is already the birthday), and just after midnight in
/// Paris on a 15th birthday is the birthday (UTC is still the eve).
#[test]
fn a_birthday_is_the_offices_day_not_utcs() {
    use chrono::{FixedOffset, TimeZone};
    use ConsentAction::Granted;
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let (parent, child, _) = family(&mut reg, "2012-06-15");
    let montreal = FixedOffset::west_opt(4 * 3600).unwrap();
    reg.set_utc_offset(montreal);
    // 2026-06-14 21:30 in Montreal = 2026-06-15 01:30 UTC.
    let eve = montreal
        .with_ymd_and_hms(2026, 6, 14, 21, 30, 0)
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(eve.date_naive(), date("2026-06-15"), "UTC has moved on");
    assert_eq!(
        refused(
            reg.consent()
                .record(&consent(child, Granted, GivenBy::Person, None, eve), eve)
        ),
        ConsentRule::MinorNeedsGuardian { age_of_consent: 14 }
    );
    reg.consent()
        .record(
            &consent(
                child,
                Granted,
                GivenBy::Guardian,
                Some(Guardian::Person(parent)),
                eve,
            ),
            eve,
        )
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    let (parent, child, _) = family(&mut reg, "2011-06-15");
    let paris = FixedOffset::east_opt(2 * 3600).unwrap();
    reg.set_utc_offset(paris);
    // 2026-06-15 00:10 in Paris = 2026-06-14 22:10 UTC.
    let midnight = paris
        .with_ymd_and_hms(2026, 6, 15, 0, 10, 0)
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(
        midnight.date_naive(),
        date("2026-06-14"),
        "UTC is still the eve"
    );
    reg.consent()
        .record(
            &consent(child, Granted, GivenBy::Person, None, midnight),
            midnight,
        )
        .unwrap();
    assert_eq!(
        refused(reg.consent().record(
            &consent(
                child,
                Granted,
                GivenBy::GuardianWithChild,
                Some(Guardian::Person(parent)),
                midnight
            ),
            midnight
        )),
        ConsentRule::AdultConsentsForThemselves
    );
}

#[test]
fn age_of_consent_is_a_setting_and_leap_day_birthdays_count_from_march_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let mut p = reg.org().profile().unwrap();
    p.age_of_consent = Some(13);
    reg.org().update_profile(&p, now()).unwrap();
    let (_, child, _) = family(&mut reg, "2012-02-29");
    use ConsentAction::*;
    assert_eq!(
        refused(reg.consent().record(
            &consent(child, Granted, GivenBy::Person, None, at(2025, 2, 28)),
            now()
        )),
        ConsentRule::MinorNeedsGuardian { age_of_consent: 13 }
    );
    reg.consent()
        .record(
            &consent(child, Granted, GivenBy::Person, None, at(2025, 3, 1)),
            now(),
        )
        .unwrap();
}

#[test]
fn a_school_consents_for_a_pupil_in_quebec() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let (_, child, _) = family(&mut reg, "2017-03-03");
    let school = reg
        .org()
        .add_organisation(
            &OrganisationInput {
                name: "École des Saules".into(),
                kind: OrgKind::School,
                email: String::new(),
                phone: String::new(),
                address: String::new(),
                collection_channel: Channel::Email,
                collected_on: date("2026-09-01"),
                notes: String::new(),
            },
            now(),
        )
        .unwrap();
    let via_school = consent(
        child,
        ConsentAction::Granted,
        GivenBy::School,
        Some(Guardian::Organisation(school)),
        now(),
    );
    assert_eq!(
        refused(reg.consent().record(&via_school, now())),
        ConsentRule::GiverNotLinked
    );
    reg.family()
        .link_guardian(
            child,
            Guardian::Organisation(school),
            Relation::School,
            date("2026-09-01"),
            now(),
        )
        .unwrap();
    let e = reg.consent().record(&via_school, now()).unwrap();
    assert_eq!(e.giver_org_id, Some(school));
}

#[test]
fn consent_points_at_the_wording_and_policy_in_force_and_state_follows_the_latest_event() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let adult = reg
        .people()
        .add(&person("Sam", "Leblanc", Some("1990-01-01")), now())
        .unwrap();
    let v1 = reg
        .consent()
        .add_policy_version(
            "2025-01",
            date("2025-01-01"),
            "Politique v1",
            "Policy v1",
            now(),
        )
        .unwrap();
    let v2 = reg
        .consent()
        .add_policy_version(
            "2026-09",
            date("2026-09-01"),
            "Politique v2",
            "Policy v2",
            now(),
        )
        .unwrap();
    let photos = reg
        .consent()
        .purposes()
        .unwrap()
        .into_iter()
        .find(|p| p.code == "photos")
        .unwrap();
    let w2 = PurposeWording {
        label_fr: "Photos".into(),
        label_en: "Photos".into(),
        wording_fr: "Photos sur le site seulement.".into(),
        wording_en: "Photos on the website only.".into(),
    };
    assert_eq!(
        reg.consent()
            .add_purpose_version(photos.id, &w2, date("2026-10-01"), now())
            .unwrap(),
        2
    );

    use ConsentAction::*;
    let e1 = reg
        .consent()
        .record(
            &consent(adult, Granted, GivenBy::Person, None, at(2026, 3, 1)),
            now(),
        )
        .unwrap();
    assert_eq!(
        (
            e1.purpose_version,
            e1.policy_version_id,
            e1.policy_label.as_deref()
        ),
        (1, Some(v1), Some("2025-01"))
    );
    let e2 = reg
        .consent()
        .record(
            &consent(adult, Withdrawn, GivenBy::Person, None, at(2026, 10, 5)),
            now(),
        )
        .unwrap();
    assert_eq!((e2.purpose_version, e2.policy_version_id), (2, Some(v2)));
    // A paper form signed earlier but typed in later: it happened before the withdrawal.
    let mut late = consent(adult, Granted, GivenBy::Person, None, at(2026, 9, 15));
    late.purpose_version = Some(1);
    reg.consent().record(&late, now()).unwrap();
    let state = reg.consent().state(adult).unwrap();
    assert_eq!(state.len(), 1);
    assert!(
        !state[0].granted,
        "the withdrawal of 5 October is the latest fact"
    );
    let history = reg.consent().history(adult).unwrap();
    assert_eq!(
        history.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![1, 3, 2],
        "ordered by when it happened"
    );
    assert!(history.iter().all(|e| e.staff == "Sophie (secrétariat)"));

    // Without evidence, with a purpose switched off, in the future: refused.
    let mut no_proof = consent(adult, Granted, GivenBy::Person, None, now());
    no_proof.evidence = " ".into();
    assert_eq!(
        reg.consent().record(&no_proof, now()).unwrap_err().code(),
        Code::InvalidInput
    );
    reg.consent()
        .set_purpose_active(photos.id, false, now())
        .unwrap();
    assert_eq!(
        refused(reg.consent().record(
            &consent(adult, Granted, GivenBy::Person, None, now()),
            now()
        )),
        ConsentRule::PurposeInactive
    );
    reg.consent()
        .record(
            &consent(adult, Withdrawn, GivenBy::Person, None, now()),
            now(),
        )
        .expect("withdrawing stays possible");
    let future = consent(
        adult,
        Withdrawn,
        GivenBy::Person,
        None,
        now() + chrono::Duration::days(1),
    );
    assert_eq!(
        reg.consent().record(&future, now()).unwrap_err().code(),
        Code::InvalidInput
    );

    let id = reg
        .consent()
        .add_purpose(
            "concert_recordings",
            PurposeKind::Publication,
            &w2,
            date("2026-11-01"),
            now(),
        )
        .unwrap();
    assert!(reg
        .consent()
        .purposes()
        .unwrap()
        .iter()
        .any(|p| p.id == id && p.latest.version == 1));
    assert_eq!(
        reg.consent()
            .add_purpose(
                "Bad Code",
                PurposeKind::Other,
                &w2,
                date("2026-11-01"),
                now()
            )
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );
}

/// Three events from three people, then the file is edited behind Carnet's back.
fn ledger_with_three_events(dir: &std::path::Path) -> (String, std::path::PathBuf) {
    let (reg, rk, path) = fresh(dir, Jurisdiction::Quebec);
    for (i, name) in ["Ana", "Bea", "Cyr"].iter().enumerate() {
        let id = reg
            .people()
            .add(&person(name, "Adulte", Some("1990-01-01")), now())
            .unwrap();
        reg.consent()
            .record(
                &consent(
                    id,
                    ConsentAction::Granted,
                    GivenBy::Person,
                    None,
                    at(2026, 1, 1 + i as u32),
                ),
                now(),
            )
            .unwrap();
    }
    let report = reg.consent().verify_ledger().unwrap();
    assert!(report.is_intact() && report.events == 3, "{report:?}");
    drop(reg);
    (rk, path)
}

/// Removes event `seq` (and its evidence) behind Carnet's back, as a tamperer would.
fn remove_event(path: &std::path::Path, rk: &str, seq: i64) {
    raw(path, rk)
        .execute_batch(&format!(
            "DROP TRIGGER IF EXISTS consent_events_no_delete;
             DELETE FROM consent_evidence WHERE seq = {seq}; DELETE FROM consent_events WHERE seq = {seq};"
        ))
        .unwrap();
}

fn verify(path: &std::path::Path) -> Vec<LedgerProblem> {
    Register::open(path, carnet_core::Unlock::Passphrase(PASS))
        .unwrap()
        .consent()
        .verify_ledger()
        .unwrap()
        .problems
}

#[test]
fn ledger_refuses_updates_and_deletes_through_sql() {
    let dir = tempfile::tempdir().unwrap();
    let (rk, path) = ledger_with_three_events(dir.path());
    let conn = raw(&path, &rk);
    assert!(conn
        .execute("UPDATE consent_events SET evidence = 'x' WHERE seq = 2", [])
        .is_err());
    assert!(conn
        .execute("DELETE FROM consent_events WHERE seq = 2", [])
        .is_err());
}

#[test]
fn editing_one_byte_of_an_event_is_found_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let (rk, path) = ledger_with_three_events(dir.path());
    let conn = raw(&path, &rk);
    conn.execute_batch(
        "DROP TRIGGER consent_evidence_no_update; DROP TRIGGER consent_events_no_update;",
    )
    .unwrap();
    // "formulaire" → "Formulaire": one byte of event 2's evidence.
    conn.execute(
        "UPDATE consent_evidence SET text = 'F' || substr(text, 2) WHERE seq = 2",
        [],
    )
    .unwrap();
    // and one field of event 3
    conn.execute(
        "UPDATE consent_events SET channel = 'email' WHERE seq = 3",
        [],
    )
    .unwrap();
    drop(conn);
    assert_eq!(
        verify(&path),
        vec![
            LedgerProblem::EvidenceAltered { seq: 2 },
            LedgerProblem::Altered { seq: 3 }
        ]
    );
    // The dropped triggers were put back at open, and that is on record too.
    let report = Register::open(&path, carnet_core::Unlock::Passphrase(PASS))
        .unwrap()
        .consent()
        .verify_ledger()
        .unwrap();
    assert_eq!(report.findings.len(), 1, "{report:?}");
    assert_eq!(report.findings[0].problems, [LedgerProblem::GuardsRestored]);
    assert!(report.needs_review && !report.is_intact());
    let conn = raw(&path, &rk);
    assert!(conn
        .execute("UPDATE consent_evidence SET text = 'x' WHERE seq = 1", [])
        .is_err());
}

#[test]
fn an_edit_with_a_recomputed_hash_breaks_the_next_link() {
    let dir = tempfile::tempdir().unwrap();
    let (rk, path) = ledger_with_three_events(dir.path());
    let conn = raw(&path, &rk);
    conn.execute_batch("DROP TRIGGER consent_events_no_update;")
        .unwrap();
    // Change the action and forge a hash for it (the tamperer cannot recompute the chain
    // without rewriting every later event).
    conn.execute(
        "UPDATE consent_events SET action = 'withdrawn', hash = randomblob(32) WHERE seq = 1",
        [],
    )
    .unwrap();
    drop(conn);
    assert_eq!(
        verify(&path),
        vec![
            LedgerProblem::Altered { seq: 1 },
            LedgerProblem::LinkBroken { seq: 2 }
        ]
    );
}

#[test]
fn removed_and_reordered_events_are_found_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let (rk, path) = ledger_with_three_events(dir.path());
    remove_event(&path, &rk, 2);
    assert_eq!(verify(&path), vec![LedgerProblem::Missing { seq: 2 }]);

    remove_event(&path, &rk, 3);
    // Only event 1 is left: the head still remembers three.
    assert_eq!(
        verify(&path),
        vec![LedgerProblem::HeadMismatch {
            recorded_count: 3,
            found_count: 1
        }]
    );

    let dir2 = tempfile::tempdir().unwrap();
    let (rk, path) = ledger_with_three_events(dir2.path());
    let conn = raw(&path, &rk);
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; DROP TRIGGER consent_events_no_update;
         UPDATE consent_events SET seq = 99 WHERE seq = 2;
         UPDATE consent_events SET seq = 2 WHERE seq = 3;
         UPDATE consent_events SET seq = 3 WHERE seq = 99;",
    )
    .unwrap();
    drop(conn);
    let problems = verify(&path);
    assert!(
        problems.contains(&LedgerProblem::Altered { seq: 2 })
            && problems.contains(&LedgerProblem::Altered { seq: 3 }),
        "{problems:?}"
    );
}

#[test]
fn a_tampered_tail_refuses_grants_never_withdrawals_and_goes_on_once_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let (rk, path) = ledger_with_three_events(dir.path());
    remove_event(&path, &rk, 3);
    let mut reg = Register::open(&path, carnet_core::Unlock::Passphrase(PASS)).unwrap();
    reg.set_staff("Sophie");
    assert!(
        reg.consent().ledger_needs_attention().unwrap(),
        "the dashboard sees it"
    );
    let id = reg
        .people()
        .add(&person("Dan", "Adulte", Some("1990-01-01")), now())
        .unwrap();
    // A grant waits until someone looks at the ledger…
    let err = reg
        .consent()
        .record(
            &consent(id, ConsentAction::Granted, GivenBy::Person, None, now()),
            now(),
        )
        .unwrap_err();
    assert_eq!(err.code(), Code::LedgerTampered);
    // …a withdrawal does not: it goes on from the tail found, and the finding is kept.
    let w = reg
        .consent()
        .record(
            &consent(id, ConsentAction::Withdrawn, GivenBy::Person, None, now()),
            now(),
        )
        .unwrap();
    assert_eq!(w.seq, 3);
    let report = reg.consent().verify_ledger().unwrap();
    assert!(report.problems.is_empty(), "{report:?}");
    let found: Vec<_> = report
        .findings
        .iter()
        .flat_map(|f| f.problems.clone())
        .collect();
    assert!(
        found.contains(&LedgerProblem::HeadMismatch {
            recorded_count: 3,
            found_count: 2
        }),
        "{found:?}"
    );
    assert!(report.needs_review);
    // Still refused for grants until acknowledged? No: the chain already goes on from
    // the withdrawal; but the finding awaits the person in charge.
    reg.set_staff("");
    assert_eq!(
        reg.consent()
            .acknowledge_ledger("vu", now())
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );
    reg.set_staff("Directrice");
    assert_eq!(
        reg.consent()
            .acknowledge_ledger("  ", now())
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );
    let after = reg
        .consent()
        .acknowledge_ledger(
            "Suppression constatée ; sauvegarde du 3 mars consultée.",
            now(),
        )
        .unwrap();
    assert!(!after.needs_review && !after.is_intact(), "{after:?}");
    assert!(!reg.consent().ledger_needs_attention().unwrap());
    assert!(after.findings.iter().all(|f| f
        .acknowledged
        .as_ref()
        .is_some_and(|a| a.by == "Directrice")));
    reg.consent()
        .record(
            &consent(id, ConsentAction::Granted, GivenBy::Person, None, now()),
            now(),
        )
        .unwrap();
    let last = reg.consent().verify_ledger().unwrap();
    assert!(last.problems.is_empty() && !last.needs_review && last.events == 4);
}

#[test]
fn acknowledging_a_tampered_middle_keeps_it_reported_and_lets_the_chain_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let (rk, path) = ledger_with_three_events(dir.path());
    remove_event(&path, &rk, 3);
    let mut reg = Register::open(&path, carnet_core::Unlock::Passphrase(PASS)).unwrap();
    reg.set_staff("Directrice");
    assert!(reg.consent().verify_ledger().unwrap().needs_review);
    let after = reg.consent().acknowledge_ledger("vu", now()).unwrap();
    // the removal stays in every report, marked as acknowledged
    let found: Vec<_> = after
        .findings
        .iter()
        .flat_map(|f| f.problems.clone())
        .collect();
    assert!(found.contains(&LedgerProblem::HeadMismatch {
        recorded_count: 3,
        found_count: 2
    }));
    assert!(!after.needs_review);
    let id = reg
        .people()
        .add(&person("Eve", "Adulte", Some("1990-01-01")), now())
        .unwrap();
    reg.consent()
        .record(
            &consent(id, ConsentAction::Granted, GivenBy::Person, None, now()),
            now(),
        )
        .unwrap();
    assert!(reg.consent().verify_ledger().unwrap().problems.is_empty());
    assert_eq!(
        reg.consent()
            .acknowledge_ledger("encore", now())
            .unwrap_err()
            .code(),
        Code::Conflict
    );
}

#[test]
fn audit_log_records_actions_without_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let id = reg
        .people()
        .add(&full_person("Auditmarker"), now())
        .unwrap();
    reg.people()
        .update(id, &full_person("Auditmarker2"), now())
        .unwrap();
    let log = reg.audit_log(10).unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["person.update", "person.create", "register.create"]
    );
    assert_eq!(log[0].entity_id, Some(id));
    assert_eq!(log[0].staff, "Sophie (secrétariat)");
    let dump = serde_json::to_string(&log).unwrap();
    for needle in ["Auditmarker", "Zoë", "Lefèvre", "exemple.fr", "555"] {
        assert!(!dump.contains(needle), "audit log holds {needle}");
    }
}

#[test]
fn consent_needs_a_named_staff_member() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    reg.set_staff("  ");
    let id = reg
        .people()
        .add(&person("Sam", "Leblanc", Some("1990-01-01")), now())
        .unwrap();
    let err = reg
        .consent()
        .record(
            &consent(id, ConsentAction::Granted, GivenBy::Person, None, now()),
            now(),
        )
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput {
            field: carnet_core::Field::Staff,
            ..
        }
    ));
}

/// A name cannot disguise itself (a right-to-left override reversing letters, control
/// characters) and no field takes more than it allows: the error names the field.
#[test]
fn names_lose_bidi_overrides_and_controls_and_long_texts_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let mut p = person("Zoë\u{202E}ecnerolF", "Roy\u{0}\u{1b}", None);
    p.notes = "ligne 1\r\nligne 2".into();
    let id = reg.people().add(&p, now()).unwrap();
    let stored = reg.people().get(id).unwrap().data;
    assert_eq!(
        (
            stored.given_name.as_str(),
            stored.family_name.as_str(),
            stored.notes.as_str()
        ),
        ("ZoëecnerolF", "Roy", "ligne 1\nligne 2")
    );
    let mut long = person("Léa", "Roy", None);
    long.notes = "x".repeat(carnet_core::Field::Notes.max_chars() + 1);
    let err = reg.people().add(&long, now()).unwrap_err();
    assert_eq!(err.code(), Code::TooLong);
    assert!(matches!(
        err,
        Error::TooLong {
            field: carnet_core::Field::Notes,
            ..
        }
    ));
    assert_eq!(reg.people().count().unwrap(), 1, "nothing of it was kept");
}
