//! Contests: entries typed and imported, likely duplicates decided, eligibility, a draw
//! anyone can check, winners, alternates, shipping, and nothing kept after.

mod common;

use carnet_core::consent::ConsentInput;
use carnet_core::consent::{ConsentAction, GivenBy};
use carnet_core::contests::{draw, ContestKind, OnePer, WinnerStatus};
use carnet_core::contests::{
    ContestInput, Eligibility, EntryImport, PrizeInput, ShipmentInput, ShipmentStatus,
};
use carnet_core::family::Guardian;
use carnet_core::family::Relation;
use carnet_core::model::{Channel, Jurisdiction};
use carnet_core::Contexts;
use carnet_core::{Code, Error, Field, Register};
use chrono::{DateTime, TimeZone, Utc};
use common::*;

fn noon(d: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date(d).and_hms_opt(17, 0, 0).unwrap())
}

fn contest() -> ContestInput {
    ContestInput {
        name: "Concours de Noël".into(),
        kind: ContestKind::Free,
        tombola_authorisation: String::new(),
        opens_on: date("2026-11-01"),
        closes_on: date("2026-11-30"),
        draw_on: date("2026-12-05"),
        claim_days: 30,
        min_age: Some(6),
        max_age: None,
        regions: vec![],
        one_per: OnePer::Person,
        purpose: "contest_communications".into(),
        skill_question: "(7 × 3) + 12 − 5 = ?".into(),
        skill_answer: "28".into(),
        rules_extra_fr: String::new(),
        rules_extra_en: String::new(),
        public_source: String::new(),
        non_winner_days: 90,
        winner_days: 60,
        prizes: vec![
            PrizeInput {
                name: "Carte-cadeau de musique".into(),
                quantity: 2,
                value_cents: 5000,
            },
            PrizeInput {
                name: "Métronome".into(),
                quantity: 1,
                value_cents: 3500,
            },
        ],
    }
}

/// Closes the entries and draws (no public value named in the rules).
fn close_and_draw(reg: &Register, id: i64, at: DateTime<Utc>) -> carnet_core::contests::DrawCheck {
    reg.contests().close_entries(id, at).unwrap();
    reg.contests().draw(id, "", at).unwrap()
}

fn field_of(e: Error) -> Field {
    match e {
        Error::InvalidInput { field, .. } => field,
        e => panic!("{e:?}"),
    }
}

/// A form export of `n` adult entrants, plus whatever `extra` lines.
fn export(n: usize, extra: &str) -> String {
    let mut s = String::from(
        "Horodateur;Prénom;Nom;Courriel;Date de naissance;Adresse;Ville;Province;Code postal\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "2026-11-{:02} 10:00:00;Participant{i};Famille{i};p{i}@exemple.ca;{:02}/03/1990;{i} rue des Érables;Montréal;QC;H2X 1Y{}\n",
            1 + i % 20,
            1 + i % 28,
            i % 10
        ));
    }
    s.push_str(extra);
    s
}

#[test]
fn a_contest_says_what_the_law_asks() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let mut c = contest();
    c.skill_question.clear();
    assert_eq!(
        field_of(reg.contests().add(&c, now()).unwrap_err()),
        Field::SkillQuestion
    );
    let mut c = contest();
    c.kind = ContestKind::Tombola;
    assert_eq!(
        field_of(reg.contests().add(&c, now()).unwrap_err()),
        Field::ContestKind
    );
    let mut c = contest();
    c.draw_on = date("2026-11-29");
    assert_eq!(
        field_of(reg.contests().add(&c, now()).unwrap_err()),
        Field::ContestDates
    );
    let id = reg.contests().add(&contest(), now()).unwrap();
    let page = reg.contests().page(id, now()).unwrap();
    for needle in [
        "Aucun achat requis",
        "2 × Carte-cadeau de musique (valeur approximative 50 $)",
        "Valeur totale approximative : 135 $",
        "2026-12-05",
        "2027-01-04",
        "question d’habileté",
        "effacés 90 jours après le tirage",
        "chances de gagner dépendent",
    ] {
        assert!(
            page.rules_fr.contains(needle),
            "{needle} missing:\n{}",
            page.rules_fr
        );
    }
    assert!(page.rules_en.contains("No purchase necessary"));
    // The answer is never in the rules (the commitment's hexadecimal digits aside).
    let commitment = page.contest.commitment.as_deref().unwrap();
    assert!(
        !page.rules_fr.replace(commitment, "").contains("28"),
        "the answer is never in the rules"
    );

    let dir = tempfile::tempdir().unwrap();
    let (fr, _, _) = fresh(dir.path(), Jurisdiction::France);
    let mut c = contest();
    c.kind = ContestKind::Tombola;
    c.skill_question.clear();
    c.skill_answer.clear();
    assert_eq!(
        field_of(fr.contests().add(&c, now()).unwrap_err()),
        Field::TombolaAuthorisation
    );
    c.tombola_authorisation = "Arrêté municipal n° 2026-114".into();
    let id = fr.contests().add(&c, now()).unwrap();
    assert!(fr
        .contests()
        .page(id, now())
        .unwrap()
        .rules_fr
        .contains("Arrêté municipal n° 2026-114"));
}

#[test]
fn an_import_is_checked_whole_reports_lines_and_never_merges_silently() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let id = reg.contests().add(&contest(), now()).unwrap();
    let day = noon("2026-11-24");
    // Two bad lines: nothing is written, every problem has its line.
    let bad = export(
        5,
        "2026-11-03;Sans;Date;x@exemple.ca;31/02/2010;;;;\n2026-12-24;Trop;Tard;tard@exemple.ca;;;;;\n",
    );
    let report = reg
        .contests()
        .import_entries(
            id,
            bad.as_bytes(),
            EntryImport {
                dry_run: false,
                link_existing: false,
            },
            day,
        )
        .unwrap();
    assert!(report.dry_run, "nothing written when a line is wrong");
    let lines: Vec<(usize, Field)> = report.problems.iter().map(|p| (p.line, p.field)).collect();
    assert_eq!(lines, [(7, Field::BirthDate), (8, Field::EntryDate)]);
    assert_eq!(reg.contests().page(id, day).unwrap().entries.len(), 0);
    assert_eq!(reg.people().count().unwrap(), 0);

    // A person already in the register with the same email: reported, not merged.
    let mut known = person("Participant3", "Famille3", Some("1990-03-04"));
    known.emails = vec!["P3@exemple.ca".into()];
    let known = reg.people().add(&known, day).unwrap();
    let good = export(200, "");
    let dry = reg
        .contests()
        .import_entries(
            id,
            good.as_bytes(),
            EntryImport {
                dry_run: true,
                link_existing: false,
            },
            day,
        )
        .unwrap();
    assert!(dry.problems.is_empty() && dry.dry_run);
    assert_eq!((dry.created, dry.skipped), (199, 1));
    assert_eq!(
        dry.rows
            .iter()
            .find(|r| r.line == 5)
            .unwrap()
            .existing_person,
        Some(known)
    );
    assert_eq!(reg.people().count().unwrap(), 1, "a dry run writes nothing");
    let done = reg
        .contests()
        .import_entries(
            id,
            good.as_bytes(),
            EntryImport {
                dry_run: false,
                link_existing: true,
            },
            day,
        )
        .unwrap();
    assert_eq!((done.created, done.linked), (199, 1));
    let page = reg.contests().page(id, day).unwrap();
    assert_eq!(page.entries.len(), 200);
    assert_eq!(reg.people().count().unwrap(), 200);
    assert!(page.entries.iter().any(|e| e.person_id == known));
    // French Excel's Windows-1252 reads with its accents.
    let latin1 = b"Pr\xe9nom;Nom\nZo\xeb;Roy\n";
    let report = reg
        .contests()
        .import_entries(
            id,
            latin1,
            EntryImport {
                dry_run: true,
                link_existing: false,
            },
            day,
        )
        .unwrap();
    assert_eq!(
        (report.rows[0].given_name.as_str(), report.problems.len()),
        ("Zoë", 0)
    );
}

/// Three entrants who are one child: the same email twice, the same name and birth date.
#[test]
fn likely_duplicates_and_minors_are_decided_before_the_draw() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let id = reg.contests().add(&contest(), now()).unwrap();
    let day = noon("2026-11-24");
    let mut a = person("Léa", "Roy", Some("2016-04-01"));
    a.emails = vec!["famille.roy@exemple.ca".into()];
    let mut b = person("Lea", "ROY", Some("2016-04-01"));
    b.emails = vec!["lea.roy@exemple.ca".into()];
    let mut c = person("Noé", "Roy", Some("2014-06-01"));
    c.emails = vec!["famille.roy@exemple.ca".into()];
    let parent = reg
        .people()
        .add(&person("Anne", "Roy", Some("1980-01-01")), day)
        .unwrap();
    let adult = reg
        .people()
        .add(&person("Paul", "Gagné", Some("1970-01-01")), day)
        .unwrap();
    let too_young = reg
        .people()
        .add(&person("Bébé", "Gagné", Some("2024-01-01")), day)
        .unwrap();
    let no_birth = reg
        .people()
        .add(&person("Sans", "Date", None), day)
        .unwrap();
    let ids: Vec<i64> = [a, b, c]
        .iter()
        .map(|p| reg.people().add(p, day).unwrap())
        .collect();
    for p in ids.iter().chain([&adult, &too_young, &no_birth]) {
        reg.contests()
            .add_entry(id, *p, date("2026-11-20"), Channel::PaperForm, day)
            .unwrap();
    }
    assert_eq!(
        reg.contests()
            .add_entry(id, adult, date("2026-12-01"), Channel::PaperForm, day)
            .unwrap_err()
            .code(),
        Code::InvalidInput,
        "after the closing date"
    );
    let page = reg.contests().page(id, day).unwrap();
    assert_eq!(page.duplicates.len(), 2, "{:?}", page.duplicates);
    let reasons: Vec<&str> = page.duplicates.iter().map(|g| g.reason).collect();
    assert!(reasons.contains(&"same_email") && reasons.contains(&"same_name_and_birth_date"));
    let elig = |page: &carnet_core::contests::ContestPage, p: i64| {
        page.entries
            .iter()
            .find(|e| e.person_id == p)
            .unwrap()
            .eligibility
    };
    assert_eq!(elig(&page, adult), Eligibility::Eligible);
    assert_eq!(elig(&page, too_young), Eligibility::TooYoung);
    assert_eq!(elig(&page, no_birth), Eligibility::BirthDateMissing);
    assert_eq!(elig(&page, ids[0]), Eligibility::NeedsGuardianConsent);

    // The draw waits for the draw day and the decisions.
    let draw_day = noon("2026-12-05");
    assert_eq!(
        field_of(reg.contests().draw(id, "", day).unwrap_err()),
        Field::ContestDates
    );
    assert_eq!(
        field_of(reg.contests().draw(id, "", draw_day).unwrap_err()),
        Field::Entries,
        "the entries are not closed"
    );
    assert_eq!(
        field_of(reg.contests().close_entries(id, draw_day).unwrap_err()),
        Field::Entries,
        "no closing with likely duplicates undecided"
    );
    let entry = |page: &carnet_core::contests::ContestPage, p: i64| {
        page.entries.iter().find(|e| e.person_id == p).unwrap().id
    };
    reg.contests()
        .exclude_entry(entry(&page, ids[1]), day)
        .unwrap(); // Lea ROY is Léa Roy
    reg.contests()
        .confirm_entry_distinct(entry(&page, ids[2]), day)
        .unwrap(); // Noé shares the family email
    let page = reg.contests().page(id, day).unwrap();
    assert!(page.duplicates.is_empty(), "{:?}", page.duplicates);
    assert_eq!(elig(&page, ids[1]), Eligibility::Excluded);

    // The guardian consents for the children: they become eligible.
    for child in [ids[0], ids[2]] {
        reg.family()
            .link_guardian(
                child,
                Guardian::Person(parent),
                Relation::Parent,
                date("2016-04-01"),
                day,
            )
            .unwrap();
        reg.consent()
            .record(
                &ConsentInput {
                    person_id: child,
                    purpose: "contest_communications".into(),
                    purpose_version: None,
                    action: ConsentAction::Granted,
                    channel: Channel::PaperForm,
                    given_by: GivenBy::Guardian,
                    giver: Some(Guardian::Person(parent)),
                    evidence: "formulaire du concours signé".into(),
                    occurred_at: day,
                },
                day,
            )
            .unwrap();
    }
    let page = reg.contests().page(id, draw_day).unwrap();
    assert_eq!(page.eligible, 3);
    let check = close_and_draw(&reg, id, draw_day);
    assert!(check.is_valid() && check.matches_current_entries && check.entries == 3);
    let page = reg.contests().page(id, draw_day).unwrap();
    let eligible: Vec<i64> = page
        .entries
        .iter()
        .filter(|e| e.eligibility == Eligibility::Eligible)
        .map(|e| e.id)
        .collect();
    assert!(
        page.winners
            .iter()
            .all(|w| eligible.contains(&w.entry_id.unwrap())),
        "no ineligible or excluded entrant wins"
    );
    assert_eq!(
        page.winners.len(),
        3,
        "three prizes, three eligible entries, no alternate left"
    );
    assert_eq!(
        reg.contests().draw(id, "", draw_day).unwrap_err().code(),
        Code::Conflict,
        "one draw per contest"
    );
}

fn adults_contest(reg: &mut Register, n: usize) -> i64 {
    let id = reg.contests().add(&contest(), now()).unwrap();
    let day = noon("2026-11-24");
    let report = reg
        .contests()
        .import_entries(
            id,
            export(n, "").as_bytes(),
            EntryImport {
                dry_run: false,
                link_existing: false,
            },
            day,
        )
        .unwrap();
    assert!(
        !report.dry_run && report.created == n,
        "{:?}",
        report.problems
    );
    id
}

/// A draw's report values give its order again, and an edit of the recorded list or of the
/// secret behind the commitment is found.
#[test]
fn a_draw_is_redone_from_its_values_and_an_edit_is_found() {
    let draw_day = noon("2026-12-05");
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let id = adults_contest(&mut reg, 40);
    let check = close_and_draw(&reg, id, draw_day);
    assert_eq!(check.drawn.len(), 6, "three winners then three alternates");
    let secret: [u8; 32] = hex::decode(check.secret.as_ref().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    assert_eq!(
        check.commitment.as_deref(),
        Some(hex::encode(draw::commitment(&secret)).as_str())
    );
    assert_eq!(
        draw::draw_order(&draw::committed_seed(&secret, ""), &check.entry_numbers, 6),
        check.drawn
    );
    assert!(check.is_valid() && check.commitment_kept);
    drop(reg);
    // Someone swaps one entry of the recorded list.
    let conn = raw(&path, &rk);
    let first = check.entry_numbers[0];
    conn.execute_batch(&format!(
        "DROP TRIGGER draws_no_update;
         UPDATE draws SET list = replace(list, '[{first},', '[999,');"
    ))
    .unwrap();
    drop(conn);
    let reg = Register::open(&path, carnet_core::Unlock::Passphrase(PASS)).unwrap();
    let check = reg.contests().verify_draw(id, draw_day).unwrap();
    assert!(!check.list_intact && !check.is_valid(), "{check:?}");
    drop(reg);
    // Or puts another secret behind the published commitment.
    let conn = raw(&path, &rk);
    conn.execute(
        "UPDATE contests SET draw_secret = zeroblob(32) WHERE id = ?1",
        [id],
    )
    .unwrap();
    drop(conn);
    let reg = Register::open(&path, carnet_core::Unlock::Passphrase(PASS)).unwrap();
    let check = reg.contests().verify_draw(id, draw_day).unwrap();
    assert!(!check.commitment_kept && !check.is_valid(), "{check:?}");
}

/// The commitment is published from the day the contest is made, the secret only at the
/// draw; entries close once the closing day is over (the office's day) and then stay as
/// they are; a public value the rules name must be typed, and changes the winners.
#[test]
fn the_draw_is_fixed_before_the_entries_are_known() {
    use chrono::FixedOffset;
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    reg.set_utc_offset(FixedOffset::west_opt(5 * 3600).unwrap());
    let mut input = contest();
    input.min_age = None;
    input.public_source = "Loto-Québec, Québec 49 du 5 décembre 2026".into();
    let id = reg.contests().add(&input, now()).unwrap();
    let made = reg.contests().get(id).unwrap();
    let commitment = made
        .commitment
        .clone()
        .expect("a commitment from the start");
    assert_eq!(commitment.len(), 64);
    let page = reg.contests().page(id, noon("2026-11-24")).unwrap();
    let shown = serde_json::to_string(&page).unwrap();
    assert!(shown.contains(&commitment) && page.rules_fr.contains(&commitment));
    assert!(page.rules_fr.contains("Loto-Québec") && page.rules_en.contains(&commitment));
    assert!(!page.may_close && page.closing.is_none());
    let report = reg
        .contests()
        .import_entries(
            id,
            export(12, "").as_bytes(),
            EntryImport {
                dry_run: false,
                link_existing: false,
            },
            noon("2026-11-24"),
        )
        .unwrap();
    assert_eq!(report.created, 12);

    // 30 November 22:00 in Montreal (03:00 UTC on 1 December): the closing day is not over.
    let last_evening = Utc.with_ymd_and_hms(2026, 12, 1, 3, 0, 0).unwrap();
    assert_eq!(
        field_of(reg.contests().close_entries(id, last_evening).unwrap_err()),
        Field::ContestDates
    );
    let next_morning = Utc.with_ymd_and_hms(2026, 12, 1, 14, 0, 0).unwrap();
    assert!(reg.contests().page(id, next_morning).unwrap().may_close);
    let closing = reg.contests().close_entries(id, next_morning).unwrap();
    assert_eq!(closing.entry_numbers.len(), 12);
    assert_eq!(closing.closed_on, date("2026-12-01"));
    // The days printed are the office's: a contest made on a Montreal evening was sealed
    // that day, not on UTC's next one.
    assert_eq!(made.committed_on, Some(date("2026-11-24")));
    let evening = reg.contests().add(&input, last_evening).unwrap();
    assert_eq!(
        reg.contests().get(evening).unwrap().committed_on,
        Some(date("2026-11-30"))
    );
    assert_eq!(
        closing.list_digest,
        hex::encode(draw::list_digest(&closing.entry_numbers))
    );
    // Closed: no entry changes, no second closing statement.
    let entry = closing.entry_numbers[0];
    for refused in [
        reg.contests().exclude_entry(entry, next_morning),
        reg.contests().close_entries(id, next_morning).map(drop),
    ] {
        assert_eq!(refused.unwrap_err().code(), Code::Conflict);
    }
    assert_eq!(
        reg.contests()
            .import_entries(
                id,
                export(1, "").as_bytes(),
                EntryImport {
                    dry_run: false,
                    link_existing: false,
                },
                next_morning,
            )
            .unwrap_err()
            .code(),
        Code::Conflict
    );

    // The rules name a public value: the draw waits for it.
    let draw_day = noon("2026-12-05");
    assert_eq!(
        field_of(reg.contests().draw(id, "  ", draw_day).unwrap_err()),
        Field::PublicValue
    );
    let check = reg
        .contests()
        .draw(id, "7 12 19 28 33 41 (22)", draw_day)
        .unwrap();
    assert!(check.is_valid() && check.commitment_kept, "{check:?}");
    assert_eq!(check.public_value, "7 12 19 28 33 41 (22)");
    assert_eq!(check.entry_numbers, closing.entry_numbers);
    let secret: [u8; 32] = hex::decode(check.secret.unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    assert_eq!(hex::encode(draw::commitment(&secret)), commitment);
    // Another public value would have given other winners.
    assert_ne!(
        draw::draw_order(
            &draw::committed_seed(&secret, "1 2 3 4 5 6 (7)"),
            &check.entry_numbers,
            6
        ),
        check.drawn
    );
}

#[test]
fn winners_answer_the_question_claim_and_are_shipped_alternates_step_in() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let id = adults_contest(&mut reg, 20);
    let draw_day = noon("2026-12-05");
    close_and_draw(&reg, id, draw_day);
    let page = reg.contests().page(id, draw_day).unwrap();
    let first = page.winners[0].clone();
    let second = page.winners[1].clone();
    let first_alternate = page.winners[3].clone();
    assert_eq!(first_alternate.status, WinnerStatus::Alternate);
    // No prize before the skill-testing question.
    assert_eq!(
        field_of(
            reg.contests()
                .claim_prize(first.id, date("2026-12-06"), noon("2026-12-06"))
                .unwrap_err()
        ),
        Field::SkillQuestion
    );
    assert!(reg
        .contests()
        .record_skill_answer(first.id, " 28 ", noon("2026-12-06"))
        .unwrap());
    reg.contests()
        .claim_prize(first.id, date("2026-12-06"), noon("2026-12-06"))
        .unwrap();
    // A wrong answer hands the prize to the first alternate.
    assert!(!reg
        .contests()
        .record_skill_answer(second.id, "27", noon("2026-12-06"))
        .unwrap());
    let page = reg.contests().page(id, noon("2026-12-06")).unwrap();
    let w = |id: i64| page.winners.iter().find(|w| w.id == id).unwrap().clone();
    assert_eq!(w(second.id).status, WinnerStatus::FailedSkill);
    assert_eq!(w(first_alternate.id).status, WinnerStatus::Selected);
    assert_eq!(w(first_alternate.id).prize, second.prize);
    // After the claim deadline, unclaimed prizes go to the next alternates.
    let late = noon("2027-01-05");
    assert_eq!(reg.contests().forfeit_unclaimed(id, late).unwrap(), 2);
    let page = reg.contests().page(id, late).unwrap();
    assert_eq!(
        page.winners
            .iter()
            .filter(|w| w.status == WinnerStatus::Forfeited)
            .count(),
        2
    );

    // Shipping: the address confirmed, then corrected; labels as Canada Post asks.
    let mut to = reg.contests().winner_address(first.id).unwrap();
    to.address.street = "1234, rue Saint-Denis, app. 5".into();
    to.address.postal_code = "h2x1y4".into();
    let sid = reg
        .contests()
        .prepare_shipment(first.id, &to, noon("2026-12-07"))
        .unwrap();
    assert_eq!(
        field_of(
            reg.contests()
                .prepare_shipment(
                    second.id,
                    &ShipmentInput {
                        name: "x".into(),
                        address: to.address.clone()
                    },
                    noon("2026-12-07")
                )
                .unwrap_err()
        ),
        Field::Shipment
    );
    let s = &reg.contests().shipments(Some(id)).unwrap()[0];
    assert_eq!(s.label.last().unwrap(), "MONTRÉAL QC  H2X 1Y4");
    assert_eq!(s.label[1], "1234 RUE SAINT-DENIS APP 5");
    assert_eq!(
        field_of(
            reg.contests()
                .update_shipment(
                    sid,
                    ShipmentStatus::Delivered,
                    "",
                    "",
                    date("2026-12-08"),
                    noon("2026-12-08")
                )
                .unwrap_err()
        ),
        Field::Shipment,
        "delivered before shipped"
    );
    reg.contests()
        .update_shipment(
            sid,
            ShipmentStatus::Shipped,
            "Postes Canada",
            "1234567890123456",
            date("2026-12-08"),
            noon("2026-12-08"),
        )
        .unwrap();
    let csv = String::from_utf8(reg.contests().shipments_csv(id).unwrap()).unwrap();
    assert!(
        csv.starts_with('\u{feff}')
            && csv.contains("1234567890123456")
            && csv.contains("Postes Canada")
    );
}

#[test]
fn after_the_retention_nothing_of_the_non_winners_is_left_and_the_counts_remain() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let id = adults_contest(&mut reg, 12);
    let member = reg
        .people()
        .add(
            &person("Membre", "Fidèle", Some("1980-01-01")),
            noon("2026-11-24"),
        )
        .unwrap();
    reg.contests()
        .add_entry(
            id,
            member,
            date("2026-11-24"),
            Channel::PaperForm,
            noon("2026-11-24"),
        )
        .unwrap();
    reg.family()
        .add_membership(
            member,
            &carnet_core::family::MembershipInput {
                category: String::new(),
                starts_on: date("2026-09-01"),
                ends_on: None,
                status: carnet_core::family::MembershipStatus::Active,
            },
            noon("2026-11-24"),
        )
        .unwrap();
    let draw_day = noon("2026-12-05");
    close_and_draw(&reg, id, draw_day);
    let page = reg.contests().page(id, draw_day).unwrap();
    let winner_entries: Vec<i64> = page.winners[..3]
        .iter()
        .map(|w| w.entry_id.unwrap())
        .collect();
    let non_winner = page
        .entries
        .iter()
        .find(|e| !winner_entries.contains(&e.id) && e.person_id != member)
        .unwrap()
        .clone();
    let marker = non_winner.email.clone();
    assert!(
        contains(&decrypted_pages(&path, &rk), &marker),
        "readable before"
    );

    // On the 90th day after the draw nothing is due; the day after, the non-winners are.
    assert_eq!(
        reg.privacy()
            .purge_preview(noon("2027-03-05"))
            .unwrap()
            .contest_entries_due,
        0
    );
    let due = reg
        .privacy()
        .purge_preview(noon("2027-03-06"))
        .unwrap()
        .contest_entries_due;
    assert_eq!(
        due,
        13 - 3,
        "every non-winner, the member included (their entry only)"
    );
    let report = reg.privacy().purge(noon("2027-03-06")).unwrap();
    assert_eq!(report.contest_entries_purged, 10);
    let contest = reg.contests().get(id).unwrap();
    let counts = contest.counts.unwrap();
    assert_eq!(
        (counts.entries, counts.eligible, counts.winners),
        (13, 13, 3)
    );
    assert_eq!(
        reg.people().get(non_winner.person_id).unwrap_err().code(),
        Code::NotFound
    );
    assert!(
        reg.people().get(member).is_ok(),
        "a member stays, without the entry"
    );
    let page = reg.contests().page(id, noon("2027-03-06")).unwrap();
    assert_eq!(
        page.entries.len(),
        3,
        "the winners' entries wait for their delivery"
    );
    let check = reg.contests().verify_draw(id, noon("2027-03-06")).unwrap();
    assert!(check.is_valid(), "the draw is still provable: ids only");
    assert!(
        !contains(&decrypted_pages(&path, &rk), &marker),
        "{marker} left in the pages"
    );
    assert!(reg.consent().verify_ledger().unwrap().is_intact());
}

/// The draw judges entries from keys kept on the entry: a change to the person's record
/// (a rectification) reaches them.
#[test]
fn a_rectified_record_is_judged_as_it_is_now() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let id = reg.contests().add(&contest(), now()).unwrap();
    let day = noon("2026-11-24");
    let mut a = person("Jean", "Côté", Some("1990-01-01"));
    a.emails = vec!["jean@exemple.ca".into()];
    let mut b = person("Luc", "Côté", Some("1992-01-01"));
    b.emails = vec!["luc@exemple.ca".into()];
    let pa = reg.people().add(&a, day).unwrap();
    let pb = reg.people().add(&b, day).unwrap();
    for p in [pa, pb] {
        reg.contests()
            .add_entry(id, p, date("2026-11-20"), Channel::PaperForm, day)
            .unwrap();
    }
    assert!(reg.contests().page(id, day).unwrap().duplicates.is_empty());
    // Luc's record is corrected to Jean's email: now they look like one entrant.
    b.emails = vec!["JEAN@exemple.ca ".into()];
    reg.people().update(pb, &b, day).unwrap();
    let page = reg.contests().page(id, day).unwrap();
    assert_eq!(page.duplicates.len(), 1);
    assert_eq!(page.duplicates[0].reason, "same_email");
    // and a birth date corrected makes an adult a minor without a guardian's consent
    b.birth_date = Some(date("2018-01-01"));
    reg.people().update(pb, &b, day).unwrap();
    let page = reg.contests().page(id, day).unwrap();
    let e = page.entries.iter().find(|e| e.person_id == pb).unwrap();
    assert_eq!(e.eligibility, Eligibility::NeedsGuardianConsent);
    assert_eq!(e.name, "Luc Côté");
}

/// The draw date is the office's: a Montreal evening before it is still too early.
#[test]
fn the_draw_waits_for_the_offices_draw_day() {
    use chrono::FixedOffset;
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    reg.set_utc_offset(FixedOffset::west_opt(5 * 3600).unwrap());
    let id = adults_contest(&mut reg, 5);
    // 2026-12-05 03:00 UTC is 22:00 on 4 December in Montreal.
    let eve = Utc.with_ymd_and_hms(2026, 12, 5, 3, 0, 0).unwrap();
    assert_eq!(
        field_of(reg.contests().draw(id, "", eve).unwrap_err()),
        Field::ContestDates
    );
    let morning = Utc.with_ymd_and_hms(2026, 12, 5, 13, 0, 0).unwrap();
    assert!(close_and_draw(&reg, id, morning).is_valid());
}

/// An import asks, for each row, whose email it is: an index answers, not a scan of every
/// contact of the register.
#[test]
fn finding_a_person_by_email_uses_its_index() {
    let dir = tempfile::tempdir().unwrap();
    let (_reg, rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let conn = raw(&path, &rk);
    let plan: Vec<String> = conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT c.person_id FROM person_contacts c JOIN people p ON p.id = c.person_id
             WHERE c.kind = 'email' AND lower(c.value) = lower('a@b.c') AND p.erased_on IS NULL LIMIT 1",
        )
        .unwrap()
        .query_map([], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        plan.iter().any(|l| l.contains("person_contacts_email")),
        "{plan:?}"
    );
}

/// The entries' search folds as the people search does: accents, case and œ ignored,
/// every word typed beginning a word of the entrant's name or city.
#[test]
fn entries_are_found_as_people_are_accents_and_case_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let id = reg.contests().add(&contest(), now()).unwrap();
    let day = noon("2026-11-24");
    let mut entrants = Vec::new();
    for (given, family) in [
        ("Zoë", "Lefèvre-Cœurdevey"),
        ("Noé", "Gagné"),
        ("Léa", "Roy"),
    ] {
        let p = reg
            .people()
            .add(&person(given, family, Some("1990-01-01")), day)
            .unwrap();
        reg.contests()
            .add_entry(id, p, date("2026-11-20"), Channel::PaperForm, day)
            .unwrap();
        entrants.push(p);
    }
    let entries: Vec<i64> = reg
        .contests()
        .page(id, day)
        .unwrap()
        .entries
        .iter()
        .map(|e| e.id)
        .collect();
    let found = |q: &str| reg.contests().matching_entries(id, q).unwrap();
    assert_eq!(found("zoe coeur"), vec![entries[0]]);
    assert_eq!(found("GAGNE"), vec![entries[1]]);
    assert_eq!(found("LÉA"), vec![entries[2]]);
    assert_eq!(
        found("le"),
        vec![entries[0], entries[2]],
        "a word begins a name"
    );
    assert_eq!(found(""), entries);
    assert!(found("zoe roy").is_empty(), "every word must match");
}

/// `docs/check_draw.py`, the standalone checker an entrant or a regulator runs (Python's
/// standard library only), gives the domain's commitment, digest and order on 1,000 draws
/// of random secrets, public values (accents, symbols), lists and sizes.
#[test]
fn the_standalone_checker_agrees_with_the_domain_on_a_thousand_draws() {
    use sha2::{Digest, Sha256};
    let mut state = [0u8; 32];
    let mut next = |n: u64| -> u64 {
        state = Sha256::digest(state).into();
        u64::from_le_bytes(state[..8].try_into().unwrap()) % n
    };
    let publics = [
        "",
        "7 12 19 28 33 41 (22)",
        "drand 4 587 312 : 9f0c…",
        "Été — Noël ✓",
    ];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("draws.jsonl");
    let mut lines = String::new();
    let mut expected = Vec::new();
    for _ in 0..1000 {
        let secret: [u8; 32] = std::array::from_fn(|_| next(256) as u8);
        let public = publics[next(publics.len() as u64) as usize];
        let n = 1 + next(200) as usize;
        let mut entries: Vec<i64> = Vec::new();
        while entries.len() < n {
            let id = 1 + next(100_000) as i64;
            if !entries.contains(&id) {
                entries.push(id);
            }
        }
        let take = 1 + next(20) as usize;
        lines.push_str(
            &serde_json::json!({
                "secret": hex::encode(secret),
                "public": public,
                "entries": entries,
                "take": take,
            })
            .to_string(),
        );
        lines.push('\n');
        expected.push(serde_json::json!({
            "commitment": hex::encode(draw::commitment(&secret)),
            "digest": hex::encode(draw::list_digest(&entries)),
            "order": draw::draw_order(&draw::committed_seed(&secret, public), &entries, take),
        }));
    }
    std::fs::write(&file, lines).unwrap();
    let checker =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../docs/check_draw.py");
    let out = std::process::Command::new("python3")
        .arg(&checker)
        .arg("--batch")
        .arg(&file)
        .output()
        .expect("python3 runs the checker (.ci/setup installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(found.len(), 1000);
    for (i, (f, e)) in found.iter().zip(&expected).enumerate() {
        assert_eq!(f, e, "draw {i}");
    }
}

/// A contest made before schema 17 has no commitment: it still draws (a seed taken at the
/// draw, scheme 1, no closing needed) and its check holds.
#[test]
fn a_contest_from_before_the_commitments_still_draws() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let id = adults_contest(&mut reg, 10);
    drop(reg);
    let conn = raw(&path, &rk);
    conn.execute(
        "UPDATE contests SET draw_secret = NULL, commitment = NULL, committed_on = NULL WHERE id = ?1",
        [id],
    )
    .unwrap();
    drop(conn);
    let reg = Register::open(&path, carnet_core::Unlock::Passphrase(PASS)).unwrap();
    let draw_day = noon("2026-12-05");
    let page = reg.contests().page(id, draw_day).unwrap();
    assert!(page.contest.commitment.is_none() && page.draw_blockers.is_empty());
    let check = reg.contests().draw(id, "", draw_day).unwrap();
    assert_eq!((check.scheme, check.secret.as_deref()), (1, None));
    assert!(check.valid && check.entries == 10, "{check:?}");
}

/// An entrant erased between the closing and the draw: their number stays in the list and
/// may be drawn (the order is the proof); that rank is out, with no link to anyone, and its
/// prize goes to the next alternate. The draw still runs and checks.
#[test]
fn an_entrant_erased_after_the_closing_does_not_stop_the_draw() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let id = adults_contest(&mut reg, 10);
    let closing = reg
        .contests()
        .close_entries(id, noon("2026-12-02"))
        .unwrap();
    drop(reg);
    // Half the entries go, as an erasure takes them (six of the ten are drawn: some are).
    let conn = raw(&path, &rk);
    for e in &closing.entry_numbers[..5] {
        conn.execute("DELETE FROM entries WHERE id = ?1", [e])
            .unwrap();
    }
    drop(conn);
    let reg = Register::open(&path, carnet_core::Unlock::Passphrase(PASS)).unwrap();
    let draw_day = noon("2026-12-05");
    let check = reg.contests().draw(id, "", draw_day).unwrap();
    assert!(check.valid, "{check:?}");
    let page = reg.contests().page(id, draw_day).unwrap();
    let gone: Vec<_> = page
        .winners
        .iter()
        .filter(|w| closing.entry_numbers[..5].contains(&check.drawn[(w.rank - 1) as usize]))
        .collect();
    assert!(!gone.is_empty());
    assert!(gone
        .iter()
        .all(|w| w.status == WinnerStatus::Forfeited && w.entry_id.is_none()));
    let selected = page
        .winners
        .iter()
        .filter(|w| w.status == WinnerStatus::Selected)
        .count();
    let present = check.drawn.len() - gone.len();
    assert_eq!(
        selected,
        present.min(3),
        "every prize that can be is handed on"
    );
}
