//! Forgetting people: the erasure plan and its execution, what is left in the decrypted
//! pages, legal holds, retention rules and purges on a fixed clock.

mod common;

use carnet_core::consent::{ConsentAction, GivenBy};
use carnet_core::consent::{ConsentInput, LedgerProblem};
use carnet_core::contexts::erasure_declared;
use carnet_core::family::{Guardian, MembershipInput};
use carnet_core::family::{MembershipStatus, Relation};
use carnet_core::model::{Channel, Jurisdiction};
use carnet_core::people::{Address, PersonInput};
use carnet_core::privacy::{AddressKind, Blocker, ErasureInput, HoldInput, Item, KeepReason, Role};
use carnet_core::privacy::{HoldReason, RetentionCategory};
use carnet_core::requests::{ErasureStep, RequestInput};
use carnet_core::requests::{IdentityMethod, RequestKind, RequestStatus, Requester};
use carnet_core::Contexts;
use carnet_core::{Code, Field, Register, Unlock};
use chrono::{DateTime, Utc};
use common::*;

/// What identifies the family in every place a value can sit.
const MARKERS: &[&str] = &[
    "Zyxparent",
    "Zyxchild",
    "Quorfamille",
    "quorfamille",
    "zyx.parent@exemple.org",
    "514 555-0199",
    "Zyxstreet",
    "Zyxnotes",
    "Zyxevidence",
    "Zyxrequestnote",
    "Zyxmembership",
];

fn marked(given: &str, birth: &str, notes: &str) -> PersonInput {
    PersonInput {
        emails: if given == "Zyxparent" {
            vec!["zyx.parent@exemple.org".into()]
        } else {
            vec![]
        },
        phones: if given == "Zyxparent" {
            vec!["514 555-0199".into()]
        } else {
            vec![]
        },
        address: Address {
            street: "12 rue Zyxstreet".into(),
            city: "Montréal".into(),
            region: "QC".into(),
            postal_code: "H2X 1Y4".into(),
            country: "Canada".into(),
        },
        notes: notes.into(),
        ..person(given, "Quorfamille", Some(birth))
    }
}

fn consent(person: i64, purpose: &str, by: Option<i64>, evidence: &str) -> ConsentInput {
    ConsentInput {
        person_id: person,
        purpose: purpose.into(),
        purpose_version: None,
        action: ConsentAction::Granted,
        channel: Channel::PaperForm,
        given_by: if by.is_some() {
            GivenBy::Guardian
        } else {
            GivenBy::Person
        },
        giver: by.map(Guardian::Person),
        evidence: evidence.into(),
        occurred_at: at(2026, 9, 2),
    }
}

struct Family {
    parent: i64,
    child: i64,
    other: i64,
    request: i64,
}

fn family(reg: &mut Register) -> Family {
    let parent = reg
        .people()
        .add(
            &marked("Zyxparent", "1984-03-03", "Zyxnotes du parent"),
            now(),
        )
        .unwrap();
    let child = reg
        .people()
        .add(
            &marked("Zyxchild", "2016-05-10", "Zyxnotes allergie"),
            now(),
        )
        .unwrap();
    let other = reg
        .people()
        .add(&person("Paul", "Voisin", Some("1970-01-01")), now())
        .unwrap();
    reg.family()
        .link_guardian(
            child,
            Guardian::Person(parent),
            Relation::Parent,
            date("2016-05-10"),
            now(),
        )
        .unwrap();
    reg.family()
        .add_membership(
            child,
            &MembershipInput {
                category: "Zyxmembership piano".into(),
                starts_on: date("2026-09-01"),
                ends_on: None,
                status: MembershipStatus::Active,
            },
            now(),
        )
        .unwrap();
    reg.consent()
        .record(
            &consent(parent, "newsletter", None, "Zyxevidence formulaire"),
            now(),
        )
        .unwrap();
    reg.consent()
        .record(
            &consent(
                child,
                "photos",
                Some(parent),
                "Zyxevidence signé par Zyxparent",
            ),
            now(),
        )
        .unwrap();
    reg.consent()
        .record(
            &consent(other, "newsletter", None, "formulaire de Paul"),
            now(),
        )
        .unwrap();
    let request = reg
        .requests()
        .add(
            &RequestInput {
                kind: RequestKind::Erasure,
                received_on: date("2026-11-20"),
                channel: Channel::Email,
                person_id: child,
                requester: Requester::Guardian,
                requester_person_id: Some(parent),
                requester_name: String::new(),
                notes: "Zyxrequestnote : effacer toute la famille".into(),
            },
            now(),
        )
        .unwrap();
    Family {
        parent,
        child,
        other,
        request,
    }
}

/// The erasure request's identity check (the parent was known in person).
fn check_identity(reg: &mut Register, f: &Family) {
    reg.requests()
        .verify_identity(
            f.request,
            IdentityMethod::KnownInPerson,
            date("2026-11-21"),
            now(),
        )
        .unwrap();
}

fn both(f: &Family) -> ErasureInput {
    ErasureInput {
        request_id: Some(f.request),
        person_ids: vec![f.child, f.parent],
    }
}

#[test]
fn every_table_and_column_is_declared_for_erasure() {
    let dir = tempfile::tempdir().unwrap();
    let (_reg, rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let conn = raw(&path, &rk);
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in &tables {
        let declared = erasure_declared()
            .find(|(t, _)| t == table)
            .unwrap_or_else(|| panic!("table {table} says nothing of what erasure does to it"));
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for c in &columns {
            assert!(
                declared.1.iter().any(|(name, _)| name == c),
                "column {table}.{c} says nothing of what erasure does to it"
            );
        }
        for (name, _) in declared.1 {
            assert!(
                columns.iter().any(|c| c == name),
                "{table}.{name} is declared but absent"
            );
        }
    }
    for (t, _) in erasure_declared() {
        assert!(
            tables.iter().any(|x| x == t),
            "table {t} is declared but absent"
        );
    }
}

#[test]
fn erasing_a_family_leaves_nothing_of_it_and_the_ledger_still_proves_every_event() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let f = family(&mut reg);
    // Another open request about the parent must be answered first.
    let access = reg
        .requests()
        .add(
            &RequestInput {
                kind: RequestKind::Access,
                received_on: date("2026-11-21"),
                channel: Channel::Email,
                person_id: f.parent,
                requester: Requester::Person,
                requester_person_id: None,
                requester_name: String::new(),
                notes: String::new(),
            },
            now(),
        )
        .unwrap();

    let plan = reg
        .privacy()
        .erasure_plan(
            &ErasureInput {
                request_id: Some(f.request),
                person_ids: vec![f.child],
            },
            now(),
        )
        .unwrap();
    assert_eq!(plan.blockers, [Blocker::IdentityNotChecked]);
    assert!(!plan.can_execute);
    assert_eq!(plan.family.len(), 1, "the parent is offered");
    assert_eq!(plan.family[0].role, Role::Guardian);
    assert_eq!(plan.confirm_name, "Zyxchild Quorfamille");

    check_identity(&mut reg, &f);
    let plan = reg.privacy().erasure_plan(&both(&f), now()).unwrap();
    assert_eq!(
        plan.blockers,
        [Blocker::OpenRequest {
            id: access,
            kind: RequestKind::Access
        }]
    );
    assert_eq!(
        reg.privacy()
            .erase(&both(&f), "Zyxchild Quorfamille", now())
            .unwrap_err()
            .code(),
        Code::Conflict
    );
    reg.requests()
        .close(
            access,
            RequestStatus::Withdrawn,
            "",
            None,
            date("2026-11-22"),
            now(),
        )
        .unwrap();

    let plan = reg.privacy().erasure_plan(&both(&f), now()).unwrap();
    assert!(plan.can_execute, "{plan:?}");
    let count = |lines: &[carnet_core::privacy::PlanLine], item| {
        lines.iter().find(|l| l.item == item).map(|l| l.count)
    };
    assert_eq!(count(&plan.deleted, Item::Contacts), Some(2));
    assert_eq!(count(&plan.deleted, Item::GuardianLinks), Some(1));
    assert_eq!(count(&plan.deleted, Item::Memberships), Some(1));
    assert_eq!(count(&plan.deleted, Item::ConsentEvidence), Some(2));
    assert_eq!(count(&plan.deleted, Item::ConsentsInForce), Some(2));
    assert_eq!(count(&plan.anonymised, Item::Identity), Some(2));
    assert_eq!(count(&plan.anonymised, Item::RequestTexts), Some(1));
    let kept = plan
        .kept
        .iter()
        .find(|k| k.item == Item::ConsentEvents)
        .unwrap();
    assert_eq!((kept.count, kept.reason), (2, KeepReason::ProofOfConsent));

    // The sanity check of the attacker's view: before, the values are in the pages.
    let before = decrypted_pages(&path, &rk);
    for m in [
        "Zyxparent",
        "Zyxevidence",
        "zyx.parent@exemple.org",
        "Zyxrequestnote",
    ] {
        assert!(
            contains(&before, m),
            "{m} should be readable before the erasure"
        );
    }

    let err = reg
        .privacy()
        .erase(&both(&f), "Zyxchild Dupont", now())
        .unwrap_err();
    assert!(matches!(
        err,
        carnet_core::Error::InvalidInput {
            field: Field::ConfirmName,
            ..
        }
    ));
    let events_before = reg.consent().verify_ledger().unwrap().events;
    // Typed without accents or case: it is the same name.
    let done = reg
        .privacy()
        .erase(&both(&f), "  zyxchild   QUORFAMILLE ", now())
        .unwrap();
    assert_eq!(done.people.len(), 2);
    assert!(done.people.iter().all(|p| p.deferred_until.is_none()
        && p.surrogate.len() == 9
        && p.surrogate.as_bytes()[4] == b'-'));
    let addressee = done.certificate.addressee.as_ref().unwrap();
    assert_eq!(
        addressee.name, "Zyxparent Quorfamille",
        "the requester, read before the erasure"
    );

    // Nothing of the family is findable in the app…
    assert!(reg.people().search("quorfamille", 10).unwrap().is_empty());
    assert!(reg.people().search("zyx", 10).unwrap().is_empty());
    assert_eq!(reg.people().count().unwrap(), 1);
    assert_eq!(
        reg.people().get(f.child).unwrap_err().code(),
        Code::NotFound
    );
    assert_eq!(reg.people().list(0, 10).unwrap()[0].id, f.other);
    // …nor in any value of any table…
    let conn = raw(&path, &rk);
    for (table, columns) in erasure_declared() {
        for (column, _) in *columns {
            let found: i64 = conn
                .query_row(
                    &format!(
                        "SELECT count(*) FROM {table} WHERE {}",
                        MARKERS
                            .iter()
                            .map(|m| format!("instr(CAST({column} AS TEXT), '{m}') > 0"))
                            .collect::<Vec<_>>()
                            .join(" OR ")
                    ),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(found, 0, "{table}.{column} still holds a marker");
        }
    }
    drop(conn);
    // …nor in the decrypted pages of the file and its write-ahead log.
    let after = decrypted_pages(&path, &rk);
    for m in MARKERS {
        assert!(!contains(&after, m), "{m} is still in the decrypted pages");
    }
    assert!(
        contains(&after, "formulaire de Paul"),
        "the others' data is intact"
    );

    // The ledger: two withdrawals added, every event still proven, nothing to review.
    let report = reg.consent().verify_ledger().unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.events, events_before + 2);
    assert!(reg
        .consent()
        .state(f.parent)
        .unwrap()
        .iter()
        .all(|s| !s.granted));
    assert_eq!(
        reg.consent().history(f.other).unwrap()[0].evidence,
        "formulaire de Paul"
    );
    // The addresses cannot come back.
    assert!(reg
        .privacy()
        .is_suppressed(AddressKind::Email, " ZYX.Parent@exemple.org")
        .unwrap());
    assert!(reg
        .privacy()
        .is_suppressed(AddressKind::Phone, "(514) 555 0199")
        .unwrap());
    assert!(!reg
        .privacy()
        .is_suppressed(AddressKind::Email, "paul@exemple.org")
        .unwrap());

    // The request is answered; its page shows surrogates and offers the certificate only.
    let page = reg.requests().page(f.request, date("2026-11-24")).unwrap();
    assert_eq!(page.row.request.status, RequestStatus::Answered);
    assert!(page.row.person_erased && page.letters.is_empty());
    assert_eq!(page.erasure, Some(ErasureStep::Done));
    let subject = done
        .people
        .iter()
        .find(|p| p.role == Role::Subject)
        .unwrap();
    assert_eq!(page.row.person_name, subject.surrogate);
    let cert = reg.privacy().erasure_certificate(f.request).unwrap();
    assert!(cert.addressee.is_none());
    assert_eq!(cert.people.len(), 2);
    assert_eq!(cert.people[0].role, Role::Subject);
    let text = serde_json::to_string(&cert).unwrap();
    assert!(!MARKERS.iter().any(|m| text.contains(m)));

    // A later edit of an erased person's event is still found.
    let conn = raw(&path, &rk);
    conn.execute_batch(
        "DROP TRIGGER consent_events_no_update; UPDATE consent_events SET channel = 'email' WHERE seq = 2;",
    )
    .unwrap();
    drop(conn);
    drop(reg);
    let reg = Register::open(&path, carnet_core::Unlock::Passphrase(PASS)).unwrap();
    assert!(reg
        .consent()
        .verify_ledger()
        .unwrap()
        .problems
        .contains(&LedgerProblem::Altered { seq: 2 }));
}

#[test]
fn a_hold_defers_the_erasure_of_the_held_person_until_it_ends() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let f = family(&mut reg);
    check_identity(&mut reg, &f);
    // Holds are dated, bounded and explained.
    let hold = |until: &str, reason, note: &str| HoldInput {
        person_id: f.parent,
        reason,
        note: note.into(),
        until: date(until),
    };
    for (h, field) in [
        (
            hold("2026-11-24", HoldReason::Accounting, ""),
            Field::HoldUntil,
        ),
        (
            hold("2037-11-25", HoldReason::Accounting, ""),
            Field::HoldUntil,
        ),
        (
            hold("2027-06-30", HoldReason::Other, " "),
            Field::HoldReason,
        ),
    ] {
        match reg.privacy().add_hold(&h, now()).unwrap_err() {
            carnet_core::Error::InvalidInput { field: got, .. } => assert_eq!(got, field),
            e => panic!("{e:?}"),
        }
    }
    reg.privacy()
        .add_hold(
            &hold(
                "2027-06-30",
                HoldReason::Accounting,
                "facture 2026-114 impayée",
            ),
            now(),
        )
        .unwrap();

    let plan = reg.privacy().erasure_plan(&both(&f), now()).unwrap();
    assert!(plan.can_execute);
    let held = plan
        .kept
        .iter()
        .find(|k| k.item == Item::HeldRecord)
        .unwrap();
    assert_eq!(held.until, Some(date("2027-06-30")));
    assert_eq!(held.reason, KeepReason::LegalHold);
    assert_eq!(held.hold_reason, Some(HoldReason::Accounting));
    assert_eq!(
        plan.deleted
            .iter()
            .find(|l| l.item == Item::Contacts)
            .unwrap()
            .count,
        0,
        "the held parent's contacts stay"
    );

    let done = reg
        .privacy()
        .erase(&both(&f), "Zyxchild Quorfamille", now())
        .unwrap();
    let parent = done
        .people
        .iter()
        .find(|p| p.role == Role::Guardian)
        .unwrap();
    assert_eq!(parent.deferred_until, Some(date("2027-06-30")));
    assert!(
        parent.surrogate.is_empty(),
        "a held person keeps no surrogate yet"
    );
    // The parent is still there, with every consent ended and the address suppressed.
    assert_eq!(
        reg.people().get(f.parent).unwrap().data.given_name,
        "Zyxparent"
    );
    assert!(reg
        .consent()
        .state(f.parent)
        .unwrap()
        .iter()
        .all(|s| !s.granted));
    assert!(reg
        .privacy()
        .is_suppressed(AddressKind::Email, "zyx.parent@exemple.org")
        .unwrap());
    assert_eq!(
        reg.people().get(f.child).unwrap_err().code(),
        Code::NotFound
    );

    // The purge completes the erasure the day after the hold ends, not before.
    let on = |d: &str| -> DateTime<Utc> { at(2027, 1, 1).with_day_of(d) };
    assert_eq!(
        reg.privacy()
            .purge_preview(on("2027-06-30"))
            .unwrap()
            .deferred_erasures_due,
        0
    );
    assert_eq!(
        reg.privacy()
            .purge_preview(on("2027-07-01"))
            .unwrap()
            .deferred_erasures_due,
        1
    );
    let report = reg.privacy().purge(on("2027-07-01")).unwrap();
    assert_eq!(report.deferred_erasures_completed, 1);
    assert_eq!(
        reg.people().get(f.parent).unwrap_err().code(),
        Code::NotFound
    );
    assert!(reg.consent().verify_ledger().unwrap().is_intact());
}

trait OnDay {
    fn with_day_of(self, day: &str) -> DateTime<Utc>;
}

impl OnDay for DateTime<Utc> {
    /// Noon UTC of `day` (the office's day in Montreal and Paris alike).
    fn with_day_of(self, day: &str) -> DateTime<Utc> {
        date(day).and_hms_opt(12, 0, 0).unwrap().and_utc()
    }
}

fn due(reg: &Register, on: &str, category: RetentionCategory) -> (i64, i64) {
    let p = reg
        .privacy()
        .purge_preview(at(2000, 1, 1).with_day_of(on))
        .unwrap();
    let r = p.rules.iter().find(|r| r.category == category).unwrap();
    (r.due, r.held)
}

#[test]
fn retention_rules_fall_due_the_day_after_their_cut_off_and_respect_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    let then = at(2023, 1, 10);
    let mut former = person("Ancien", "Membre", Some("1980-01-01"));
    former.collected_on = date("2023-01-10");
    former.emails = vec!["ancien@exemple.fr".into()];
    let gone = reg.people().add(&former, then).unwrap();
    // Same age, but still a member; another with a consent in force; another held.
    let mut member = former.clone();
    member.given_name = "Fidèle".into();
    member.emails.clear();
    let member = reg.people().add(&member, then).unwrap();
    reg.family()
        .add_membership(
            member,
            &MembershipInput {
                category: String::new(),
                starts_on: date("2023-01-10"),
                ends_on: None,
                status: MembershipStatus::Active,
            },
            then,
        )
        .unwrap();
    let mut subscriber = former.clone();
    subscriber.given_name = "Abonnée".into();
    subscriber.emails.clear();
    let subscriber = reg.people().add(&subscriber, then).unwrap();
    let mut c = consent(subscriber, "newsletter", None, "formulaire");
    c.occurred_at = then;
    reg.consent().record(&c, then).unwrap();
    let mut held = former.clone();
    held.given_name = "Retenu".into();
    held.emails.clear();
    let held = reg.people().add(&held, then).unwrap();

    // 36 months: due from the day after 2026-01-10.
    assert_eq!(
        due(&reg, "2026-01-10", RetentionCategory::FormerPeople),
        (0, 0)
    );
    reg.privacy()
        .add_hold(
            &HoldInput {
                person_id: held,
                reason: HoldReason::LegalProceedings,
                note: String::new(),
                until: date("2026-12-31"),
            },
            at(2026, 1, 5),
        )
        .unwrap();
    assert_eq!(
        due(&reg, "2026-01-11", RetentionCategory::FormerPeople),
        (1, 1)
    );
    // A shorter rule brings the day forward.
    reg.privacy()
        .set_retention(RetentionCategory::FormerPeople, 24, at(2026, 1, 5))
        .unwrap();
    assert_eq!(
        due(&reg, "2025-01-10", RetentionCategory::FormerPeople),
        (0, 0)
    );
    assert_eq!(
        due(&reg, "2025-01-11", RetentionCategory::FormerPeople).0,
        1
    );
    assert_eq!(
        reg.privacy()
            .set_retention(RetentionCategory::AuditLog, 0, now())
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );

    // Closed requests: their free text goes after 60 months.
    let req = reg
        .requests()
        .add(
            &RequestInput {
                kind: RequestKind::Access,
                received_on: date("2023-02-01"),
                channel: Channel::Mail,
                person_id: member,
                requester: Requester::Person,
                requester_person_id: None,
                requester_name: String::new(),
                notes: "appel de la mère".into(),
            },
            at(2023, 2, 1),
        )
        .unwrap();
    reg.requests()
        .verify_identity(
            req,
            IdentityMethod::DocumentSeen,
            date("2023-02-01"),
            at(2023, 2, 1),
        )
        .unwrap();
    reg.requests()
        .close(
            req,
            RequestStatus::Answered,
            "envoyé",
            None,
            date("2023-02-10"),
            at(2023, 2, 10),
        )
        .unwrap();
    assert_eq!(
        due(&reg, "2028-02-10", RetentionCategory::ClosedRequests),
        (0, 0)
    );
    assert_eq!(
        due(&reg, "2028-02-11", RetentionCategory::ClosedRequests),
        (1, 0)
    );
    assert!(due(&reg, "2028-02-11", RetentionCategory::AuditLog).0 >= 4);

    // The purge carries out the preview and reports counts, no names.
    let purge_day = at(2000, 1, 1).with_day_of("2028-02-11");
    reg.set_staff("");
    assert_eq!(
        reg.privacy().purge(purge_day).unwrap_err().code(),
        Code::InvalidInput
    );
    reg.set_staff("Sophie");
    let report = reg.privacy().purge(purge_day).unwrap();
    let count = |c| report.rules.iter().find(|r| r.category == c).unwrap().due;
    // The hold ended on 2026-12-31: by 2028 the held person goes too.
    assert_eq!(count(RetentionCategory::FormerPeople), 2);
    assert_eq!(count(RetentionCategory::ClosedRequests), 1);
    assert_eq!(reg.people().get(gone).unwrap_err().code(), Code::NotFound);
    assert_eq!(reg.people().get(held).unwrap_err().code(), Code::NotFound);
    assert!(reg.people().get(member).is_ok() && reg.people().get(subscriber).is_ok());
    assert!(reg
        .privacy()
        .is_suppressed(AddressKind::Email, "ancien@exemple.fr")
        .unwrap());
    assert_eq!(reg.requests().get(req).unwrap().data.notes, "");
    assert_eq!(reg.requests().get(req).unwrap().decision, "");
    assert!(
        serde_json::to_string(&reg.privacy().purge_reports().unwrap())
            .map(|s| !s.contains("Ancien") && !s.contains("Membre"))
            .unwrap()
    );
    assert_eq!(reg.privacy().purge_reports().unwrap().len(), 1);
    // Nothing is due any more on that day.
    assert_eq!(reg.privacy().purge_preview(purge_day).unwrap().total_due, 0);
    assert!(reg.consent().verify_ledger().unwrap().is_intact());
}

#[test]
fn the_processing_register_is_versioned_and_tells_each_person_only_what_applies() {
    use carnet_core::model::DataCategory;
    use carnet_core::privacy::{AppliesTo, RecipientEntry, Text};
    use carnet_core::privacy::{LegalBasis, RecipientRole};
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let f = family(&mut reg);
    let today = date("2026-11-24");
    let codes = |reg: &Register, id, day| -> Vec<String> {
        reg.privacy()
            .processing_of(id, day)
            .unwrap()
            .into_iter()
            .map(|a| a.code)
            .collect()
    };
    // Defaults until the office adopts its own.
    assert_eq!(reg.privacy().processing_register(today).unwrap().version, 0);
    assert_eq!(
        codes(&reg, f.parent, today),
        ["register", "families", "newsletter", "requests"]
    );
    assert_eq!(
        codes(&reg, f.child, today),
        [
            "register",
            "membership",
            "families",
            "publication",
            "requests"
        ]
    );
    assert_eq!(codes(&reg, f.other, today), ["register", "newsletter"]);

    let mut activities = reg.privacy().processing_latest().unwrap().activities;
    let newsletter = activities
        .iter_mut()
        .find(|a| a.code == "newsletter")
        .unwrap();
    newsletter.recipients = vec![RecipientEntry {
        name: "Courriels Zeta inc.".into(),
        role: RecipientRole::Processor,
        country: "Canada".into(),
    }];
    newsletter.retention = Text {
        fr: "Jusqu’au désabonnement, puis 30 jours.".into(),
        en: "Until unsubscribing, then 30 days.".into(),
    };
    activities.push(carnet_core::privacy::Activity {
        code: "camp".into(),
        name: Text {
            fr: "Camp d’été".into(),
            en: "Summer camp".into(),
        },
        purpose: Text {
            fr: "Organiser le camp.".into(),
            en: "Running the camp.".into(),
        },
        applies_to: AppliesTo::Members,
        legal_basis: LegalBasis::Contract,
        categories: vec![DataCategory::Identity, DataCategory::BirthDate],
        recipients: vec![],
        retention: Text {
            fr: "Un an.".into(),
            en: "One year.".into(),
        },
        rule: None,
    });

    // What a version must say.
    let mut bad = activities.clone();
    bad[0].name.en.clear();
    assert_eq!(
        field_of(
            reg.privacy()
                .adopt_processing(&bad, date("2026-12-01"), now())
                .unwrap_err()
        ),
        Field::Activity
    );
    let mut bad = activities.clone();
    bad[1].code = bad[0].code.clone();
    assert_eq!(
        field_of(
            reg.privacy()
                .adopt_processing(&bad, date("2026-12-01"), now())
                .unwrap_err()
        ),
        Field::Activity
    );
    let mut bad = activities.clone();
    bad[0].applies_to = AppliesTo::Consent {
        purpose: "nope".into(),
    };
    assert_eq!(
        reg.privacy()
            .adopt_processing(&bad, date("2026-12-01"), now())
            .unwrap_err()
            .code(),
        Code::NotFound
    );
    assert_eq!(
        field_of(
            reg.privacy()
                .adopt_processing(&activities, date("2026-11-23"), now())
                .unwrap_err()
        ),
        Field::EffectiveDate
    );

    assert_eq!(
        reg.privacy()
            .adopt_processing(&activities, date("2026-12-01"), now())
            .unwrap(),
        1
    );
    // Not in force before its day; in force from it.
    assert_eq!(
        reg.privacy()
            .processing_register(date("2026-11-30"))
            .unwrap()
            .version,
        0
    );
    assert_eq!(
        reg.privacy()
            .processing_register(date("2026-12-01"))
            .unwrap()
            .version,
        1
    );
    assert_eq!(
        field_of(
            reg.privacy()
                .adopt_processing(&activities, date("2026-11-30"), now())
                .unwrap_err()
        ),
        Field::EffectiveDate
    );
    let dec = date("2026-12-01");
    assert!(codes(&reg, f.child, dec).contains(&"camp".to_owned()));
    assert!(!codes(&reg, f.parent, dec).contains(&"camp".to_owned()));
    let parent_recipients: Vec<String> = reg
        .privacy()
        .processing_of(f.parent, dec)
        .unwrap()
        .iter()
        .flat_map(|a| a.recipients.iter().map(|r| r.name.clone()))
        .collect();
    assert_eq!(parent_recipients, ["Courriels Zeta inc."]);
    let record = reg.people().record(f.parent, dec).unwrap();
    assert!(record
        .processing
        .iter()
        .any(|a| a.retention.fr.contains("30 jours")));

    // Versions are never edited.
    let conn = raw(&path, &rk);
    assert!(conn
        .execute("UPDATE processing_versions SET body = '[]'", [])
        .is_err());
    assert!(conn.execute("DELETE FROM processing_versions", []).is_err());
}

#[test]
fn an_erasure_lists_the_recipients_to_tell_and_keeps_the_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let f = family(&mut reg);
    check_identity(&mut reg, &f);
    let plan = reg.privacy().erasure_plan(&both(&f), now()).unwrap();
    let names: Vec<&str> = plan.recipients.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Processeur de paiement (carte de crédit)",
            "Public (site web, réseaux sociaux)",
            "Service d’envoi de courriels (Mailchimp ou Brevo)"
        ]
    );
    reg.privacy()
        .erase(&both(&f), "Zyxchild Quorfamille", now())
        .unwrap();
    let today = date("2026-11-24");
    let list = reg.privacy().recipient_notices(f.request, today).unwrap();
    assert_eq!(list.len(), 3);
    assert!(list.iter().all(|n| n.notified_on.is_none()));
    reg.privacy()
        .record_recipient_notice(f.request, names[2], today, now())
        .unwrap();
    assert_eq!(
        reg.privacy()
            .record_recipient_notice(f.request, "Quelqu’un d’autre", today, now())
            .unwrap_err()
            .code(),
        Code::NotFound
    );
    let page = reg.requests().page(f.request, today).unwrap();
    let told: Vec<_> = page
        .recipients
        .unwrap()
        .into_iter()
        .filter(|n| n.notified_on == Some(today))
        .map(|n| n.name)
        .collect();
    assert_eq!(told, [names[2]]);
    assert_eq!(
        reg.privacy()
            .erasure_certificate(f.request)
            .unwrap()
            .recipients
            .len(),
        3
    );
}

fn field_of(e: carnet_core::Error) -> Field {
    match e {
        carnet_core::Error::InvalidInput { field, .. } => field,
        e => panic!("{e:?}"),
    }
}

#[test]
fn a_childs_record_still_prints_after_the_parent_who_consented_is_erased() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let f = family(&mut reg);
    // The office erases the parent alone (no request: a retention decision, say); the
    // child's erasure request is still open, so it blocks nothing of the parent's.
    let done = reg
        .privacy()
        .erase(
            &ErasureInput {
                request_id: None,
                person_ids: vec![f.parent],
            },
            "Zyxparent Quorfamille",
            now(),
        )
        .unwrap();
    let record = reg.people().record(f.child, date("2026-11-24")).unwrap();
    let consents = record
        .sections
        .iter()
        .find(|s| s.key == "consents")
        .unwrap();
    let text = serde_json::to_string(&consents.rows).unwrap();
    assert!(text.contains(&done.people[0].surrogate), "{text}");
    assert!(
        !text.contains("Zyxparent") && !text.contains("Zyxevidence"),
        "{text}"
    );
    // The child's own erasure, asked by that parent, still goes through.
    check_identity(&mut reg, &f);
    let child = reg
        .privacy()
        .erase(
            &ErasureInput {
                request_id: Some(f.request),
                person_ids: vec![f.child],
            },
            "Zyxchild Quorfamille",
            now(),
        )
        .unwrap();
    assert!(
        child.certificate.addressee.is_none(),
        "the requester is gone"
    );
    assert!(reg.consent().verify_ledger().unwrap().is_intact());
}

/// Retention counts in the office's days: 21:00 in Montreal on the cut-off day is still
/// that day, though UTC has moved on; 01:00 the next morning it is due.
#[test]
fn a_rule_falls_due_on_the_offices_day_not_utcs() {
    use chrono::{FixedOffset, TimeZone, Utc};
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    reg.set_utc_offset(FixedOffset::west_opt(5 * 3600).unwrap());
    let mut former = person("Ancien", "Membre", Some("1980-01-01"));
    former.collected_on = date("2023-01-10");
    reg.people()
        .add(
            &former,
            Utc.with_ymd_and_hms(2023, 1, 10, 17, 0, 0).unwrap(),
        )
        .unwrap();
    let due = |reg: &Register, t| reg.privacy().purge_preview(t).unwrap().rules[0].due;
    // 2026-01-11 02:00 UTC is 2026-01-10 21:00 in Montreal: the cut-off day itself.
    assert_eq!(
        due(&reg, Utc.with_ymd_and_hms(2026, 1, 11, 2, 0, 0).unwrap()),
        0
    );
    assert_eq!(
        due(&reg, Utc.with_ymd_and_hms(2026, 1, 11, 6, 0, 0).unwrap()),
        1
    );
}

/// An erasure while another connection reads a snapshot (another window, an export, a
/// backup): the checkpoint cannot reach the end of the log, so the erasure is not said
/// complete; once the reader is gone and the register locked, every decrypted page of the
/// file and its log is clean.
#[test]
fn an_erasure_during_a_concurrent_read_is_complete_only_when_every_page_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, recovery, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let id = reg.people().add(&full_person("Qzwreader"), now()).unwrap();
    let reader = raw(&path, &recovery);
    reader.execute_batch("BEGIN;").unwrap();
    let n: i64 = reader
        .query_row("SELECT count(*) FROM people", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "the reader holds its snapshot");
    let done = reg
        .privacy()
        .erase(
            &ErasureInput {
                request_id: None,
                person_ids: vec![id],
            },
            "Zoëqzwreader Lefèvre-Cœurdeveyqzwreader",
            now(),
        )
        .unwrap();
    assert!(
        !done.complete,
        "not said complete while a reader holds old pages"
    );
    // Without the reader, the lock (dropping the register) finishes it.
    reader.execute_batch("COMMIT;").unwrap();
    drop(reader);
    drop(reg);
    assert!(!contains(&decrypted_pages(&path, &recovery), "Qzwreader"));

    // With no reader, an erasure is complete at once, and said so.
    let mut reg = Register::open(&path, Unlock::RecoveryKey(&recovery)).unwrap();
    reg.set_staff("Sophie");
    let id = reg.people().add(&full_person("Qzwalone"), now()).unwrap();
    let done = reg
        .privacy()
        .erase(
            &ErasureInput {
                request_id: None,
                person_ids: vec![id],
            },
            "Zoëqzwalone Lefèvre-Cœurdeveyqzwalone",
            now(),
        )
        .unwrap();
    assert!(done.complete);
    assert!(!contains(&decrypted_pages(&path, &recovery), "Qzwalone"));
}

/// Free texts elsewhere that may name the person (an incident, another person's notes)
/// are listed in the plan as mentions to review; a text naming someone else is not.
#[test]
fn the_plan_lists_free_texts_that_may_name_the_person() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let zoe = reg
        .people()
        .add(&person("Zoé", "Côté-Roy", None), now())
        .unwrap();
    let mut sister = person("Anaïs", "Côté-Roy", None);
    sister.notes = "Sœur de ZOE cote-roy, même cours de piano".into();
    let sister = reg.people().add(&sister, now()).unwrap();
    let mut other = person("Léo", "Tremblay", None);
    other.notes = "Vient avec sa cousine Zoé Tremblay".into();
    reg.people().add(&other, now()).unwrap();
    let incident: carnet_core::incidents::IncidentInput =
        serde_json::from_value(serde_json::json!({
            "title": "Courriel envoyé au mauvais parent",
            "nature": "disclosure",
            "information": "le bulletin de Zoé Côté-Roy",
            "circumstances": "erreur de destinataire",
            "learned_at": "2026-11-20T09:00:00Z",
        }))
        .unwrap();
    let incident = reg.incidents().add(&incident, now()).unwrap();
    let plan = reg
        .privacy()
        .erasure_plan(
            &ErasureInput {
                request_id: None,
                person_ids: vec![zoe],
            },
            now(),
        )
        .unwrap();
    let found: Vec<_> = plan
        .mentions
        .iter()
        .map(|m| (m.place, m.id, m.person_id))
        .collect();
    use carnet_core::privacy::MentionPlace;
    assert_eq!(
        found,
        [
            (MentionPlace::Incident, incident, zoe),
            (MentionPlace::PersonNotes, sister, zoe)
        ]
    );
}

/// The day an erasure was carried out is the office's: a Montreal evening is that day, not
/// UTC's next one (the regulator's pack prints it).
#[test]
fn an_erasure_is_dated_on_the_offices_day() {
    use chrono::{FixedOffset, TimeZone};
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    reg.set_utc_offset(FixedOffset::west_opt(5 * 3600).unwrap());
    let f = family(&mut reg);
    check_identity(&mut reg, &f);
    // 25 November 02:00 UTC is 24 November 21:00 in Montreal.
    let evening = chrono::Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap();
    reg.privacy()
        .erase(&both(&f), "Zyxchild Quorfamille", evening)
        .unwrap();
    let done = reg.privacy().erasures().unwrap();
    assert!(!done.is_empty());
    assert!(done
        .iter()
        .all(|e| e.executed_on == chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()));
}
