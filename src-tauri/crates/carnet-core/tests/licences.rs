//! Licences: terms and renewals, reminders, no card numbers, and billing kept through an
//! erasure until the accounting period ends.

mod common;

use carnet_core::licences::{holds_card_number, LicenceInput, Licensee, TermInput};
use carnet_core::model::{Channel, Jurisdiction};
use carnet_core::org::OrgKind;
use carnet_core::org::OrganisationInput;
use carnet_core::privacy::ErasureInput;
use carnet_core::privacy::RetentionCategory;
use carnet_core::Contexts;
use carnet_core::{Error, Field, Register};
use common::*;

fn term(starts: &str, ends: &str, price_cents: i64, invoice: &str) -> TermInput {
    TermInput {
        starts_on: date(starts),
        ends_on: date(ends),
        seats: 30,
        price_cents,
        invoice_ref: invoice.into(),
    }
}

fn school(reg: &mut Register) -> i64 {
    reg.org()
        .add_organisation(
            &OrganisationInput {
                name: "École primaire des Érables".into(),
                kind: OrgKind::School,
                email: String::new(),
                phone: String::new(),
                address: String::new(),
                collection_channel: Channel::Email,
                collected_on: date("2025-08-01"),
                notes: String::new(),
            },
            now(),
        )
        .unwrap()
}

#[test]
fn a_licence_keeps_its_terms_and_reminds_before_it_ends() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let org = school(&mut reg);
    let contact = reg
        .people()
        .add(&person("Hélène", "Directrice", None), now())
        .unwrap();
    let input = |code: &str, ends: &str| LicenceInput {
        licensee: Licensee::Organisation(org),
        contact_person_id: Some(contact),
        product: "Solfège en ligne".into(),
        code: code.into(),
        term: term("2026-01-01", ends, 45_000, "F-2026-014"),
    };
    let soon = reg
        .licences()
        .add(&input("SOL-001", "2026-12-20"), now())
        .unwrap();
    reg.licences()
        .add(&input("SOL-002", "2027-01-20"), now())
        .unwrap();
    reg.licences()
        .add(&input("SOL-003", "2027-02-15"), now())
        .unwrap();
    reg.licences()
        .add(&input("SOL-004", "2026-11-01"), now())
        .unwrap();
    assert!(matches!(
        reg.licences().add(&input("SOL-001", "2027-01-01"), now()),
        Err(Error::Conflict(_))
    ));
    let summary = reg.licences().summary(now()).unwrap();
    assert_eq!(summary.windows, [(30, 1), (60, 2), (90, 3)]);

    let l = reg.licences().get(soon, now()).unwrap();
    assert_eq!((l.days_left, l.expired, l.ending_soon), (26, false, true));
    assert_eq!(l.licensee_name, "École primaire des Érables");
    assert_eq!(l.contact_name.as_deref(), Some("Hélène Directrice"));
    assert_eq!(l.terms[0].currency, "CAD");

    // A renewal is a new term; it never overlaps the one billed.
    assert!(matches!(
        reg.licences().renew(
            soon,
            &term("2026-12-01", "2027-12-20", 47_000, "F-2027-002"),
            now()
        ),
        Err(Error::InvalidInput {
            field: Field::LicenceDates,
            ..
        })
    ));
    reg.licences()
        .renew(
            soon,
            &term("2026-12-21", "2027-12-20", 47_000, "F-2027-002"),
            now(),
        )
        .unwrap();
    let l = reg.licences().get(soon, now()).unwrap();
    assert_eq!(l.terms.len(), 2);
    assert_eq!(
        (l.ends_on, l.days_left, l.ending_soon, l.next_starts_on),
        (date("2027-12-20"), 391, false, date("2027-12-21"))
    );
    assert_eq!(
        reg.licences().summary(now()).unwrap().windows,
        [(30, 0), (60, 1), (90, 2)]
    );
}

#[test]
fn no_card_number_is_ever_kept() {
    assert!(holds_card_number("4111 1111 1111 1111"));
    assert!(holds_card_number("payé avec 5500-0000-0000-0004 le 3 mai"));
    assert!(!holds_card_number("F-2026-014"));
    assert!(
        !holds_card_number("4111 1111 1111 1112"),
        "fails the Luhn check"
    );
    assert!(!holds_card_number("1234"));
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    let p = reg
        .people()
        .add(&person("Jean", "Client", None), now())
        .unwrap();
    let err = reg
        .licences()
        .add(
            &LicenceInput {
                licensee: Licensee::Person(p),
                contact_person_id: None,
                product: "Solfège".into(),
                code: "SOL-9".into(),
                term: term("2026-01-01", "2026-12-31", 100, "CB 4111111111111111"),
            },
            now(),
        )
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput {
            field: Field::InvoiceRef,
            ..
        }
    ));
}

#[test]
fn billing_survives_an_erasure_and_goes_with_its_retention_rule() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let buyer = reg
        .people()
        .add(&person("Zyxbuyer", "Quorlicence", None), now())
        .unwrap();
    let id = reg
        .licences()
        .add(
            &LicenceInput {
                licensee: Licensee::Person(buyer),
                contact_person_id: Some(buyer),
                product: "Solfège".into(),
                code: "SOL-77".into(),
                term: term("2020-09-01", "2021-06-30", 12_000, "F-2020-77"),
            },
            now(),
        )
        .unwrap();
    let plan = reg
        .privacy()
        .erasure_plan(
            &ErasureInput {
                request_id: None,
                person_ids: vec![buyer],
            },
            now(),
        )
        .unwrap();
    assert!(plan
        .kept
        .iter()
        .any(|k| k.count == 1 && k.reason == carnet_core::privacy::KeepReason::Billing));
    reg.privacy()
        .erase(
            &ErasureInput {
                request_id: None,
                person_ids: vec![buyer],
            },
            "Zyxbuyer Quorlicence",
            now(),
        )
        .unwrap();
    let l = reg.licences().get(id, now()).unwrap();
    assert_eq!(
        (l.licensee_name.as_str(), l.contact_name),
        ("", None),
        "names no one"
    );
    assert_eq!(l.terms[0].invoice_ref, "F-2020-77", "the invoice is kept");

    // Quebec keeps billing six years; it cannot be set shorter.
    assert!(reg
        .privacy()
        .set_retention(RetentionCategory::Billing, 24, now())
        .is_err());
    let due = |reg: &Register, on| {
        reg.privacy()
            .purge_preview(on)
            .unwrap()
            .rules
            .iter()
            .find(|r| r.category == RetentionCategory::Billing)
            .unwrap()
            .due
    };
    assert_eq!(due(&reg, now()), 0);
    assert_eq!(
        due(&reg, at(2027, 6, 30)),
        0,
        "the cut-off day itself is not yet due"
    );
    assert_eq!(due(&reg, at(2027, 7, 1)), 1);
    reg.privacy().purge(at(2027, 7, 1)).unwrap();
    assert!(reg.licences().all(now()).unwrap().is_empty());
}

/// Days left count on the office's calendar: at 21:00 in Montreal (02:00 UTC the next day)
/// a licence ending on 24 December has 30 days left, not UTC's 29, and is in the 30-day
/// window; in Paris at 00:30 (23:30 UTC the day before) it is already the next day there.
#[test]
fn days_left_follow_the_offices_day_not_utc() {
    use chrono::{FixedOffset, TimeZone, Utc};
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let org = school(&mut reg);
    let id = reg
        .licences()
        .add(
            &LicenceInput {
                licensee: Licensee::Organisation(org),
                contact_person_id: None,
                product: "Solfège en ligne".into(),
                code: "SOL-XMAS".into(),
                term: term("2026-01-01", "2026-12-24", 45_000, "F-2026-100"),
            },
            now(),
        )
        .unwrap();
    let montreal_evening = Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap();
    assert_eq!(
        reg.licences().get(id, montreal_evening).unwrap().days_left,
        29
    );
    reg.set_utc_offset(FixedOffset::west_opt(5 * 3600).unwrap());
    assert_eq!(
        reg.licences().get(id, montreal_evening).unwrap().days_left,
        30
    );
    assert_eq!(
        reg.licences().summary(montreal_evening).unwrap().windows[0],
        (30, 1)
    );
    let paris_night = Utc.with_ymd_and_hms(2026, 11, 24, 23, 30, 0).unwrap();
    reg.set_utc_offset(FixedOffset::east_opt(3600).unwrap());
    assert_eq!(reg.licences().get(id, paris_night).unwrap().days_left, 29);
}
