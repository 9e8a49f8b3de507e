//! The licence reminder, read back with poppler: every value of the licence in the text.

mod common;

use carnet_core::licences::{LicenceInput, Licensee, TermInput};
use carnet_core::model::{Jurisdiction, Language};
use carnet_core::Contexts;
use carnet_docs::{licence_reminder, money, render};
use common::*;

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_reminder_says_when_what_and_how_much_in_both_languages() {
    let Family {
        dir: _dir,
        reg,
        profile,
        now,
        parent,
        ..
    } = family(Jurisdiction::Quebec);
    let id = reg
        .licences()
        .add(
            &LicenceInput {
                licensee: Licensee::Person(parent),
                contact_person_id: Some(parent),
                product: "Solfège en ligne — Œuvres choisies".into(),
                code: "SOL-2026-0042".into(),
                term: TermInput {
                    starts_on: d("2026-01-01"),
                    ends_on: d("2026-12-31"),
                    seats: 25,
                    price_cents: 1_234_550,
                    invoice_ref: "F-2026-114".into(),
                },
            },
            now,
        )
        .unwrap();
    let licence = reg.licences().get(id, now).unwrap();
    let name = licence.contact_name.clone().unwrap();
    let fr = flat(&text(
        &render(&licence_reminder(
            &licence,
            &profile,
            Language::Fr,
            d("2026-11-24"),
        ))
        .unwrap(),
        "licence-reminder-fr.pdf",
    ));
    assert!(
        fr.contains(&format!("À l’attention de {name} Renouvellement")),
        "the contact who holds the licence is named once: {fr}"
    );
    for value in [
        "Renouvellement de votre licence",
        &name,
        "Solfège en ligne — Œuvres choisies",
        "SOL-2026-0042",
        "31 décembre 2026",
        "dans 37 jours",
        "25",
        "12 345,50 $",
        "F-2026-114",
        "1er janvier 2026",
    ] {
        assert!(fr.contains(value), "{value} missing from {fr}");
    }
    let en = flat(&text(
        &render(&licence_reminder(
            &licence,
            &profile,
            Language::En,
            d("2026-11-24"),
        ))
        .unwrap(),
        "licence-reminder-en.pdf",
    ));
    for value in [
        "Renewing your licence",
        "December 31, 2026",
        "in 37 days",
        "$12,345.50",
    ] {
        assert!(en.contains(value), "{value} missing from {en}");
    }
    assert_eq!(money(5, "EUR", Language::Fr), "0,05\u{a0}€");
}
