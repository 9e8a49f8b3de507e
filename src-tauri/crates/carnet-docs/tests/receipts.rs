//! Consent receipts: every field of the JSON is the ledger's and is the documented list;
//! the PDF read back holds every value; a receipt edited after it was handed over no
//! longer matches the ledger.

mod common;

use std::collections::BTreeSet;

use carnet_core::consent::{ConsentAction, ConsentReceipt, GivenBy};
use carnet_core::model::{Jurisdiction, Language};
use carnet_core::Contexts;
use carnet_docs::{consent_receipts, render};
use common::*;

/// The fields `docs/consent-receipt.md` lists (its table's first column).
fn documented_fields() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../docs/consent-receipt.md"),
    )
    .unwrap();
    let fields: BTreeSet<String> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_owned)
        .collect();
    assert!(fields.len() >= 25, "read {} fields", fields.len());
    fields
}

/// A JSON object's keys, nested ones as `parent.child`.
fn keys(v: &serde_json::Value, prefix: &str, out: &mut BTreeSet<String>) {
    if let Some(map) = v.as_object() {
        for (k, v) in map {
            let key = format!("{prefix}{k}");
            if v.is_object() {
                keys(v, &format!("{key}."), out);
            } else {
                out.insert(key);
            }
        }
    }
}

#[test]
fn each_receipt_is_the_ledgers_event_in_json_and_in_the_pdf() {
    let fam = family(Jurisdiction::Quebec);
    let reg = &fam.reg;
    let history = reg.consent().history(fam.child).unwrap();
    assert_eq!(history.len(), 3);
    let parent = reg.people().get(fam.parent).unwrap().display_name();
    for e in &history {
        let r = reg.consent().receipt(e.seq, fam.now).unwrap();
        // The JSON: exactly the documented fields, and it reads back the same.
        let json = serde_json::to_value(&r).unwrap();
        let mut found = BTreeSet::new();
        keys(&json, "", &mut found);
        assert_eq!(found, documented_fields());
        let back: ConsentReceipt = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
        // Every value is the ledger's.
        assert_eq!(
            (r.record_id, r.ledger.seq, r.subject_id),
            (e.seq, e.seq, fam.child)
        );
        assert_eq!(
            (r.event, r.expressed_by, r.channel),
            (e.action, e.given_by, e.channel)
        );
        assert_eq!(
            (&r.purpose.code, r.purpose.version),
            (&e.purpose_code, e.purpose_version)
        );
        assert_eq!(
            (&r.occurred_at, &r.recorded_at),
            (&e.occurred_at, &e.recorded_at)
        );
        assert_eq!((&r.evidence, &r.notice), (&e.evidence, &e.policy_label));
        assert_eq!(r.giver_name.as_deref(), Some(parent.as_str()));
        assert_eq!(
            (r.language, r.legal_basis.as_str()),
            (Language::Fr, "consent")
        );
        assert_eq!(r.controller.email, "vie.privee@melomanes.ca");
        assert!(reg.consent().receipt_matches(&r).unwrap());
        // The PDF holds every value a person reads.
        let text = text(
            &render(&consent_receipts(
                std::slice::from_ref(&r),
                fam.profile.paper,
            ))
            .unwrap(),
            &format!("recu-{}.pdf", e.seq),
        );
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let wording = r
            .purpose
            .wording
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for needle in [
            "Reçu de consentement",
            r.receipt_id.as_str(),
            r.subject_name.as_str(),
            r.controller.name.as_str(),
            r.controller.privacy_contact.as_str(),
            r.controller.email.as_str(),
            r.purpose.label.as_str(),
            wording.as_str(),
            r.evidence.as_str(),
            parent.as_str(),
            r.occurred_local.as_str(),
            r.ledger.hash.as_str(),
            if r.event == ConsentAction::Granted {
                "Consentement donné"
            } else {
                "Consentement retiré"
            },
            "Formulaire papier",
            "Parent ou tuteur",
            "Politique 2026-09",
            "Commission d’accès à l’information",
        ] {
            assert!(flat.contains(needle), "{needle} missing from:\n{text}");
        }
    }
    // The statement of every consent: one receipt per purpose, the latest event of each.
    let current = reg.consent().current_receipts(fam.child, fam.now).unwrap();
    let state = reg.consent().state(fam.child).unwrap();
    assert_eq!(
        current.iter().map(|r| r.record_id).collect::<Vec<_>>(),
        state.iter().map(|s| s.seq).collect::<Vec<_>>()
    );
    assert!(current.iter().all(|r| r.in_force));
    let first = reg.consent().receipt(history[0].seq, fam.now).unwrap();
    assert!(!first.in_force, "the photos consent was withdrawn since");
    let statement = text(
        &render(&consent_receipts(&current, fam.profile.paper)).unwrap(),
        "releve.pdf",
    );
    assert!(statement.contains("Relevé de vos consentements"));
    // The sibling's consents are theirs, never in the child's statement.
    let sibling = reg.people().get(fam.sibling).unwrap().display_name();
    assert!(!statement.contains(&sibling), "{statement}");
}

/// A receipt edited after it was handed over (another evidence, another event, another
/// hash) does not match the ledger; nor does one of another register.
#[test]
fn an_edited_receipt_does_not_match_the_ledger() {
    let fam = family(Jurisdiction::France);
    let reg = &fam.reg;
    let seq = reg.consent().history(fam.child).unwrap()[0].seq;
    let r = reg.consent().receipt(seq, fam.now).unwrap();
    assert_eq!(r.expressed_by, GivenBy::GuardianWithChild);
    assert!(reg.consent().receipt_matches(&r).unwrap());
    let mut edits = Vec::new();
    let mut e = r.clone();
    e.evidence = "rien".into();
    edits.push(e);
    let mut e = r.clone();
    e.event = ConsentAction::Withdrawn;
    edits.push(e);
    let mut e = r.clone();
    e.ledger.hash = "00".repeat(32);
    edits.push(e);
    let mut e = r.clone();
    e.record_id = 9_999;
    edits.push(e);
    for edited in edits {
        assert!(
            !reg.consent().receipt_matches(&edited).unwrap(),
            "{edited:?}"
        );
    }
    let pdf = text(
        &render(&consent_receipts(
            std::slice::from_ref(&r),
            fam.profile.paper,
        ))
        .unwrap(),
        "recu-fr.pdf",
    );
    assert!(
        pdf.contains("Parent et enfant") && pdf.contains("CNIL"),
        "{pdf}"
    );
}
