//! Newsletter consent that proves itself, and the files exchanged with mailing tools.

mod common;

use carnet_core::consent::{ConsentAction, GivenBy};
use carnet_core::consent::{ConsentInput, LedgerProblem};
use carnet_core::exchange::read_table;
use carnet_core::model::{Channel, Jurisdiction};
use carnet_core::newsletter::{add_business_days, MailingImport, Subscription};
use carnet_core::newsletter::{ConsentKind, ImpliedSource, MailingFormat};
use carnet_core::privacy::ErasureInput;
use carnet_core::Contexts;
use carnet_core::{Error, Register};
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use common::*;

const LIST: i64 = 1;

fn with_email(reg: &mut Register, given: &str, family: &str, email: &str) -> i64 {
    let mut p = person(given, family, Some("1985-05-05"));
    p.emails = vec![email.into()];
    reg.people().add(&p, now()).unwrap()
}

fn express(person_id: i64, at: DateTime<Utc>) -> Subscription {
    Subscription {
        person_id,
        list_id: LIST,
        kind: ConsentKind::Express,
        implied_source: None,
        source_on: None,
        channel: Channel::ContactForm,
        given_by: GivenBy::Person,
        giver: None,
        evidence: "Formulaire du site, case cochée par la personne".into(),
        occurred_at: at,
        confirmed_at: None,
    }
}

fn implied(person_id: i64, source: ImpliedSource, on: &str) -> Subscription {
    Subscription {
        kind: ConsentKind::Implied,
        implied_source: Some(source),
        source_on: Some(date(on)),
        evidence: "Inscription au cours de piano, facture 2026-114".into(),
        ..express(person_id, at(2026, 11, 1))
    }
}

fn export(reg: &Register, format: MailingFormat, when: DateTime<Utc>) -> String {
    String::from_utf8(
        reg.newsletter()
            .export_mailing(LIST, format, when)
            .unwrap()
            .bytes,
    )
    .unwrap()
}

#[test]
fn implied_consent_ends_when_casl_says_and_on_the_offices_day() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let buyer = with_email(&mut reg, "Marc", "Achat", "marc@exemple.ca");
    let asker = with_email(&mut reg, "Inès", "Question", "ines@exemple.ca");
    reg.newsletter()
        .subscribe(
            &implied(buyer, ImpliedSource::Purchase, "2025-03-10"),
            now(),
        )
        .unwrap();
    reg.newsletter()
        .subscribe(&implied(asker, ImpliedSource::Inquiry, "2026-10-02"), now())
        .unwrap();
    let buyer_state = reg
        .newsletter()
        .subscription_state(buyer, LIST, now())
        .unwrap()
        .unwrap();
    assert_eq!(
        buyer_state.expires_on,
        Some(date("2027-03-10")),
        "two years after a purchase"
    );
    let asker_state = reg
        .newsletter()
        .subscription_state(asker, LIST, now())
        .unwrap()
        .unwrap();
    assert_eq!(
        asker_state.expires_on,
        Some(date("2027-04-02")),
        "six months after an inquiry"
    );
    assert!(asker_state.in_force);

    // 21:00 in Montreal on 1 April 2027 is already 2 April in UTC: still in force there.
    reg.set_utc_offset(FixedOffset::west_opt(4 * 3600).unwrap());
    let evening = Utc.with_ymd_and_hms(2027, 4, 2, 1, 0, 0).unwrap();
    assert!(
        reg.newsletter()
            .subscription_state(asker, LIST, evening)
            .unwrap()
            .unwrap()
            .in_force
    );
    assert!(export(&reg, MailingFormat::Mailchimp, evening).contains("ines@exemple.ca"));
    let next_morning = Utc.with_ymd_and_hms(2027, 4, 2, 13, 0, 0).unwrap();
    assert!(
        !reg.newsletter()
            .subscription_state(asker, LIST, next_morning)
            .unwrap()
            .unwrap()
            .in_force
    );
    let text = export(&reg, MailingFormat::Mailchimp, next_morning);
    assert!(
        !text.contains("ines@"),
        "an expired implied consent is never exported"
    );
    assert!(!text.contains("marc@"), "ended on 2027-03-10");
    let today = export(&reg, MailingFormat::Mailchimp, now());
    assert!(today.contains("marc@exemple.ca") && today.contains("ines@exemple.ca"));

    // A source too old is refused: the consent would already have ended.
    let late = with_email(&mut reg, "Paul", "Ancien", "paul@exemple.ca");
    let err = reg
        .newsletter()
        .subscribe(&implied(late, ImpliedSource::Inquiry, "2026-04-01"), now())
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput {
            field: carnet_core::Field::SourceDate,
            ..
        }
    ));
}

#[test]
fn express_is_never_weakened_and_an_unsubscribe_is_never_undone_by_implied_consent() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let ana = with_email(&mut reg, "Ana", "Express", "ana@exemple.ca");
    reg.newsletter()
        .subscribe(&express(ana, at(2026, 10, 1)), now())
        .unwrap();
    assert!(matches!(
        reg.newsletter().subscribe(
            &implied(ana, ImpliedSource::Membership, "2026-09-01"),
            now()
        ),
        Err(Error::Conflict(_))
    ));

    // Unsubscribed on a Friday: ten business days is two weeks later, a Friday.
    let friday = Utc.with_ymd_and_hms(2026, 11, 20, 15, 0, 0).unwrap();
    reg.newsletter()
        .unsubscribe(
            ana,
            LIST,
            Channel::Email,
            "Courriel de désabonnement",
            friday,
            now(),
        )
        .unwrap();
    let pending = reg.newsletter().pending_unsubscribes(now()).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].due_on, date("2026-12-04"));
    assert_eq!(pending[0].days_left, 10);
    assert_eq!(
        add_business_days(date("2026-11-20"), 10),
        date("2026-12-04")
    );
    assert_eq!(
        reg.newsletter()
            .summary(now())
            .unwrap()
            .pending_unsubscribes,
        1
    );

    assert!(matches!(
        reg.newsletter()
            .subscribe(&implied(ana, ImpliedSource::Purchase, "2026-10-22"), now()),
        Err(Error::Conflict(_))
    ));
    assert!(!export(&reg, MailingFormat::Brevo, now()).contains("ana@"));
    // The unsubscribe to carry out in the tool is the address.
    let out = reg
        .newsletter()
        .export_unsubscribes(LIST, MailingFormat::Mailchimp, now())
        .unwrap();
    assert_eq!(
        String::from_utf8(out.bytes).unwrap(),
        "Email Address\nana@exemple.ca\n"
    );
    assert_eq!(reg.newsletter().unsubscribes_done(LIST, now()).unwrap(), 1);
    assert_eq!(
        reg.newsletter()
            .summary(now())
            .unwrap()
            .pending_unsubscribes,
        0
    );

    // She asks again herself: express consent brings her back.
    let later = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    reg.newsletter()
        .subscribe(&express(ana, later), now())
        .unwrap();
    assert!(export(&reg, MailingFormat::Brevo, now()).contains("ana@exemple.ca"));

    // A withdrawal from the person's page on the list's purpose is an unsubscribe too.
    reg.consent()
        .record(
            &ConsentInput {
                person_id: ana,
                purpose: "newsletter".into(),
                purpose_version: None,
                action: ConsentAction::Withdrawn,
                channel: Channel::InPerson,
                given_by: GivenBy::Person,
                giver: None,
                evidence: String::new(),
                occurred_at: now(),
            },
            now(),
        )
        .unwrap();
    assert_eq!(
        reg.newsletter().pending_unsubscribes(now()).unwrap().len(),
        1
    );
}

#[test]
fn the_exports_hold_only_consents_in_force_in_each_tools_columns() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, recovery, path) = fresh(dir.path(), Jurisdiction::France);
    let zoe = with_email(&mut reg, "=Zoé", "Lefèvre", "zoe@exemple.fr");
    let gone = with_email(&mut reg, "Hugo", "Parti", "famille@exemple.fr");
    let sister = with_email(&mut reg, "Léa", "Parti", "famille@exemple.fr");
    let quit = with_email(&mut reg, "Théo", "Quitte", "theo@exemple.fr");
    let accent = with_email(&mut reg, "Noé", "Accent", "noé@exemple.fr");
    for p in [zoe, gone, sister, quit, accent] {
        reg.newsletter()
            .subscribe(&express(p, at(2026, 10, 1)), now())
            .unwrap();
    }
    reg.newsletter()
        .unsubscribe(
            quit,
            LIST,
            Channel::Email,
            "Lien de désabonnement",
            now(),
            now(),
        )
        .unwrap();
    // Hugo is erased: his address (shared with his sister) is suppressed everywhere.
    reg.privacy()
        .erase(
            &ErasureInput {
                request_id: None,
                person_ids: vec![gone],
            },
            "Hugo Parti",
            now(),
        )
        .unwrap();

    let mailchimp = export(&reg, MailingFormat::Mailchimp, now());
    let mut lines = mailchimp.lines();
    assert_eq!(
        lines.next(),
        Some("Email Address,First Name,Last Name,Tags")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows, ["zoe@exemple.fr,'=Zoé,Lefèvre,"], "the formula is neutralised; Léa's address is an erased person's; Noé's local part is not ASCII");
    let brevo = export(&reg, MailingFormat::Brevo, now());
    assert_eq!(
        brevo,
        "EMAIL;PRENOM;NOM\nnoé@exemple.fr;Noé;Accent\nzoe@exemple.fr;'=Zoé;Lefèvre\n"
    );

    // The terms of a subscription are proved: an edit behind Carnet's back is named.
    assert!(reg.consent().verify_ledger().unwrap().problems.is_empty());
    drop(reg);
    let conn = raw(&path, &recovery);
    conn.execute_batch(
        "DROP TRIGGER consent_terms_no_update; UPDATE consent_terms SET kind = 'express', implied_source = NULL WHERE seq = 1;",
    )
    .unwrap();
    conn.execute_batch(
        "CREATE TRIGGER consent_terms_no_update BEFORE UPDATE ON consent_terms BEGIN SELECT RAISE(ABORT, 'the terms of a consent are never edited'); END;",
    )
    .unwrap();
    conn.execute(
        "UPDATE consent_terms SET confirmed_at = '2026-01-01T00:00:00Z' WHERE seq = 1",
        [],
    )
    .unwrap_err();
    conn.execute_batch("DROP TRIGGER consent_terms_no_update; UPDATE consent_terms SET confirmed_at = '2026-01-01T00:00:00Z' WHERE seq = 1;")
        .unwrap();
    drop(conn);
    let reg = Register::open(&path, carnet_core::Unlock::Passphrase(PASS)).unwrap();
    let report = reg.consent().verify_ledger().unwrap();
    assert!(
        report
            .problems
            .contains(&LedgerProblem::TermsAltered { seq: 1 }),
        "{:?}",
        report.problems
    );
    assert!(report
        .findings
        .iter()
        .any(|f| f.problems == [LedgerProblem::GuardsRestored]));
}

const SUBSCRIBED: &str = "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS\n\
amelie@exemple.ca,Amélie,Gagnon,2,\"2025-03-16 14:40:47\",203.0.113.9,\"2025-03-16 14:45:02\",203.0.113.9,,,,,,,,\"2025-03-16 14:45:02\",11,aa,,\n\
bruno@exemple.ca,Bruno,Roy,2,\"2025-04-01 08:00:00\",,,,,,,,,,,\"2025-04-01 08:00:00\",12,bb,,\n";

const UNSUBSCRIBED: &str = "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,UNSUB_REASON,UNSUB_REASON_OTHER,LEID,EUID,NOTES,TAGS\n\
bruno@exemple.ca,Bruno,Roy,2,\"2025-04-01 08:00:00\",,,,\"2026-11-02 19:30:00\",Novembre,c1,\"No longer interested\",,12,bb,,\n\
inconnu@exemple.ca,,,1,,,,,\"2026-10-01 10:00:00\",Octobre,c0,,,13,cc,,\n";

const CLEANED: &str = "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,CLEAN_TIME,CLEAN_CAMPAIGN_TITLE,CLEAN_CAMPAIGN_ID,LEID,EUID,NOTES,TAGS\n\
amelie@exemple.ca,Amélie,Gagnon,1,,,,,\"2026-11-10 00:00:00\",Novembre,c1,11,aa,,\n";

fn import(
    reg: &mut Register,
    file: &str,
    format: MailingFormat,
) -> carnet_core::newsletter::MailingImportReport {
    let table = read_table(file.as_bytes()).unwrap();
    reg.newsletter()
        .import_mailing(
            &table,
            MailingImport {
                list_id: LIST,
                format,
                dry_run: false,
            },
            now(),
        )
        .unwrap()
}

#[test]
fn mailchimps_exports_subscribe_withdraw_at_unsub_time_and_clean() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let report = import(&mut reg, SUBSCRIBED, MailingFormat::Mailchimp);
    assert_eq!(
        (report.subscribed, report.created_people),
        (2, 2),
        "{report:?}"
    );
    let amelie = reg.people().search("amelie gagnon", 1).unwrap()[0].id;
    let state = reg
        .newsletter()
        .subscription_state(amelie, LIST, now())
        .unwrap()
        .unwrap();
    assert_eq!(
        state.since, "2025-03-16T14:40:47.000Z",
        "OPTIN_TIME, read as UTC"
    );
    assert_eq!(
        state.confirmed_at.as_deref(),
        Some("2025-03-16T14:45:02.000Z")
    );
    assert_eq!(state.kind, ConsentKind::Express);
    let event = reg.consent().history(amelie).unwrap().pop().unwrap();
    assert!(event
        .evidence
        .contains("opted in 2025-03-16 14:40:47 UTC from 203.0.113.9"));
    // The same file again changes nothing.
    let again = import(&mut reg, SUBSCRIBED, MailingFormat::Mailchimp);
    assert_eq!((again.subscribed, again.already), (0, 2));

    let bruno = reg.people().search("bruno roy", 1).unwrap()[0].id;
    let report = import(&mut reg, UNSUBSCRIBED, MailingFormat::Mailchimp);
    assert_eq!((report.withdrawn, report.suppressed), (1, 1));
    let state = reg
        .newsletter()
        .subscription_state(bruno, LIST, now())
        .unwrap()
        .unwrap();
    assert!(!state.granted);
    assert_eq!(
        state.since, "2026-11-02T19:30:00.000Z",
        "withdrawn at UNSUB_TIME"
    );
    assert_eq!(
        reg.newsletter().pending_unsubscribes(now()).unwrap().len(),
        0,
        "the tool did it already"
    );

    // Re-importing the old subscribed file never subscribes Bruno again, and a stranger
    // who unsubscribed in the tool is never taken in as a subscriber.
    let again = import(&mut reg, SUBSCRIBED, MailingFormat::Mailchimp);
    assert_eq!(
        (again.subscribed, again.kept_unsubscribed, again.already),
        (0, 1, 1)
    );
    let stranger = SUBSCRIBED.replace("bruno@exemple.ca", "inconnu@exemple.ca");
    let again = import(&mut reg, &stranger, MailingFormat::Mailchimp);
    assert_eq!((again.subscribed, again.kept_unsubscribed), (0, 1));
    assert_eq!(
        reg.people().count().unwrap(),
        2,
        "the stranger was not taken in"
    );

    let report = import(&mut reg, CLEANED, MailingFormat::Mailchimp);
    assert_eq!(report.undeliverable, 1);
    let text = export(&reg, MailingFormat::Mailchimp, now());
    assert_eq!(
        text, "Email Address,First Name,Last Name,Tags\n",
        "cleaned and unsubscribed: no one left"
    );
    assert!(reg.consent().verify_ledger().unwrap().problems.is_empty());
}

#[test]
fn brevos_blocklist_withdraws_and_an_erased_address_is_never_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    let carla = with_email(&mut reg, "Carla", "Bloquée", "carla@exemple.fr");
    reg.newsletter()
        .subscribe(&express(carla, at(2026, 10, 1)), now())
        .unwrap();
    let gone = with_email(&mut reg, "Denis", "Effacé", "denis@exemple.fr");
    reg.privacy()
        .erase(
            &ErasureInput {
                request_id: None,
                person_ids: vec![gone],
            },
            "Denis Effacé",
            now(),
        )
        .unwrap();
    let file = "EMAIL;PRENOM;NOM;ADDED_TIME;EMAIL_BLACKLISTED\n\
                carla@exemple.fr;Carla;Bloquée;2026-10-01T10:00:00+02:00;Oui\n\
                denis@exemple.fr;Denis;Effacé;2026-01-05T09:00:00+01:00;Non\n\
                emma@exemple.fr;Emma;Nouvelle;2026-11-03T18:00:00+01:00;Non\n\
                pas-une-adresse;X;Y;;Non\n";
    let table = read_table(file.as_bytes()).unwrap();
    let how = MailingImport {
        list_id: LIST,
        format: MailingFormat::Brevo,
        dry_run: false,
    };
    let bad = reg.newsletter().import_mailing(&table, how, now()).unwrap();
    assert!(bad.dry_run);
    assert_eq!(bad.problems.iter().map(|p| p.line).collect::<Vec<_>>(), [5]);
    assert_eq!(
        reg.people().count().unwrap(),
        1,
        "nothing written while a line is wrong"
    );

    let fixed = read_table(file.replace("pas-une-adresse;X;Y;;Non\n", "").as_bytes()).unwrap();
    let report = reg.newsletter().import_mailing(&fixed, how, now()).unwrap();
    assert_eq!(
        (report.withdrawn, report.kept_erased, report.subscribed),
        (1, 1, 1),
        "{report:?}"
    );
    assert!(
        !reg.newsletter()
            .subscription_state(carla, LIST, now())
            .unwrap()
            .unwrap()
            .granted
    );
    let emma = reg.people().search("emma", 1).unwrap()[0].id;
    let state = reg
        .newsletter()
        .subscription_state(emma, LIST, now())
        .unwrap()
        .unwrap();
    assert_eq!(state.since, "2026-11-03T17:00:00.000Z");
    assert!(reg.people().search("denis", 5).unwrap().is_empty());
    assert_eq!(
        export(&reg, MailingFormat::Brevo, now()),
        "EMAIL;PRENOM;NOM\nemma@exemple.fr;Emma;Nouvelle\n"
    );
}

/// The suppressions are keyed by a secret kept inside the register, not by its key: after
/// a re-key, the same mailing-tool files take back no one who unsubscribed and re-create
/// no one erased.
#[test]
fn a_rekey_keeps_every_suppression() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, path) = fresh(dir.path(), Jurisdiction::Quebec);
    import(&mut reg, SUBSCRIBED, MailingFormat::Mailchimp);
    import(&mut reg, UNSUBSCRIBED, MailingFormat::Mailchimp);
    let gone = with_email(&mut reg, "Denis", "Effacé", "denis@exemple.fr");
    reg.privacy()
        .erase(
            &ErasureInput {
                request_id: None,
                person_ids: vec![gone],
            },
            "Denis Effacé",
            now(),
        )
        .unwrap();
    assert_eq!(reg.privacy().suppressed_count().unwrap(), 1);

    let pending = reg.prepare_rekey().unwrap();
    reg.apply_rekey(
        pending,
        &carnet_core::Vault::none(),
        Some((PASS, FAST)),
        now(),
    )
    .unwrap();
    drop(reg);
    let mut reg = Register::open(&path, carnet_core::Unlock::Passphrase(PASS)).unwrap();
    reg.set_staff("Sophie");
    let people = reg.people().count().unwrap();
    use carnet_core::privacy::AddressKind;
    assert!(reg
        .privacy()
        .is_suppressed(AddressKind::Email, "denis@exemple.fr")
        .unwrap());

    let stranger = SUBSCRIBED.replace("bruno@exemple.ca", "inconnu@exemple.ca");
    let again = import(&mut reg, &stranger, MailingFormat::Mailchimp);
    assert_eq!((again.subscribed, again.kept_unsubscribed), (0, 1));
    let brevo = "EMAIL;PRENOM;NOM;ADDED_TIME;EMAIL_BLACKLISTED\n\
                 denis@exemple.fr;Denis;Effacé;2026-01-05T09:00:00+01:00;Non\n";
    let table = read_table(brevo.as_bytes()).unwrap();
    let report = reg
        .newsletter()
        .import_mailing(
            &table,
            MailingImport {
                list_id: LIST,
                format: MailingFormat::Brevo,
                dry_run: false,
            },
            now(),
        )
        .unwrap();
    assert_eq!(
        (report.kept_erased, report.subscribed),
        (1, 0),
        "{report:?}"
    );
    assert_eq!(reg.people().count().unwrap(), people, "nobody re-created");
    assert!(reg.people().search("denis", 5).unwrap().is_empty());
}
