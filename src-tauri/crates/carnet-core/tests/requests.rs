//! Privacy requests: a parent asks for a child's data, identity is checked, deadlines hold.

mod common;

use carnet_core::family::Guardian;
use carnet_core::model::{
    Channel, IdentityMethod, Jurisdiction, RefusalGround, Relation, RequestKind, RequestStatus,
    Requester,
};
use carnet_core::requests::{Refusal, RequestInput};
use carnet_core::{Code, Register};
use common::*;

fn family(reg: &mut Register) -> (i64, i64, i64) {
    let parent = reg
        .add_person(&person("Marie", "Lefèvre", Some("1985-01-01")), now())
        .unwrap();
    let child = reg
        .add_person(&person("Zoë", "Lefèvre", Some("2016-05-10")), now())
        .unwrap();
    let neighbour = reg
        .add_person(&person("Paul", "Voisin", Some("1970-01-01")), now())
        .unwrap();
    reg.link_guardian(
        child,
        Guardian::Person(parent),
        Relation::Parent,
        date("2016-05-10"),
        now(),
    )
    .unwrap();
    (parent, child, neighbour)
}

fn access(person_id: i64, requester: Requester, by: Option<i64>, received: &str) -> RequestInput {
    RequestInput {
        kind: RequestKind::Access,
        received_on: date(received),
        channel: Channel::Email,
        person_id,
        requester,
        requester_person_id: by,
        requester_name: String::new(),
        notes: String::new(),
    }
}

#[test]
fn a_parent_asks_for_a_childs_data_in_quebec() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let (parent, child, neighbour) = family(&mut reg);
    // Only a linked guardian may ask for a child.
    let err = reg
        .add_request(
            &access(child, Requester::Guardian, Some(neighbour), "2026-11-02"),
            now(),
        )
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidInput);
    let id = reg
        .add_request(
            &access(child, Requester::Guardian, Some(parent), "2026-11-02"),
            now(),
        )
        .unwrap();
    let req = reg.request(id).unwrap();
    assert_eq!(req.deadline.due, date("2026-12-02"));
    assert_eq!(req.days_left(date("2026-11-24")), Some(8));
    assert_eq!(req.status, RequestStatus::Received);

    // Answering before the identity check is refused; Quebec has no extension.
    let early = reg
        .close_request(
            id,
            RequestStatus::Answered,
            "",
            None,
            date("2026-11-20"),
            now(),
        )
        .unwrap_err();
    assert_eq!(early.code(), Code::InvalidInput);
    assert_eq!(
        reg.extend_request(id, date("2026-11-10"), "volume", now())
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );

    reg.verify_identity(id, IdentityMethod::DocumentSeen, date("2026-11-05"), now())
        .unwrap();
    let req = reg.request(id).unwrap();
    let check = req.identity.unwrap();
    assert_eq!(
        (check.method, check.checked_by.as_str(), check.checked_on),
        (
            IdentityMethod::DocumentSeen,
            "Sophie (secrétariat)",
            date("2026-11-05")
        )
    );
    reg.close_request(
        id,
        RequestStatus::Answered,
        "copy sent by post",
        None,
        date("2026-11-20"),
        now(),
    )
    .unwrap();
    let req = reg.request(id).unwrap();
    assert_eq!(
        (req.on_time(), req.days_left(date("2026-11-24"))),
        (Some(true), None)
    );
    let third = Refusal {
        ground: RefusalGround::ThirdParty,
        provision: String::new(),
    };
    assert_eq!(
        reg.close_request(
            id,
            RequestStatus::Refused,
            "x",
            Some(&third),
            date("2026-11-21"),
            now()
        )
        .unwrap_err()
        .code(),
        Code::Conflict
    );
}

#[test]
fn france_extension_needs_reasons_within_the_first_month_and_refusals_need_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    let (_, _, adult) = family(&mut reg);
    let id = reg
        .add_request(&access(adult, Requester::Person, None, "2026-08-31"), now())
        .unwrap();
    assert_eq!(reg.request(id).unwrap().deadline.due, date("2026-09-30"));
    assert_eq!(
        reg.extend_request(id, date("2026-10-01"), "nombreuses demandes", now())
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );
    assert_eq!(
        reg.extend_request(id, date("2026-09-15"), " ", now())
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );
    let d = reg
        .extend_request(
            id,
            date("2026-09-30"),
            "complexité : archives papier à consulter",
            now(),
        )
        .unwrap();
    assert_eq!((d.due, d.extended), (date("2026-11-30"), true));
    let third = Refusal {
        ground: RefusalGround::ThirdParty,
        provision: String::new(),
    };
    let reasons = "données d’autrui indissociables";
    let refuse = |reg: &mut Register, decision: &str, refusal: Option<&Refusal>| {
        reg.close_request(
            id,
            RequestStatus::Refused,
            decision,
            refusal,
            date("2026-11-20"),
            now(),
        )
        .map_err(|e| e.code())
    };
    // (decision, refusal) → refused with this error, each leaving the request open
    let proceedings = Refusal {
        ground: RefusalGround::LegalProceedings,
        provision: String::new(),
    };
    let other_blank = Refusal {
        ground: RefusalGround::Other,
        provision: "  ".into(),
    };
    for (decision, refusal) in [
        ("", Some(&third)),
        (reasons, None),
        (reasons, Some(&proceedings)),
        (reasons, Some(&other_blank)),
    ] {
        assert_eq!(
            refuse(&mut reg, decision, refusal),
            Err(Code::InvalidInput),
            "{decision:?} {refusal:?}"
        );
        assert!(reg.request(id).unwrap().status.is_open());
    }
    // A ground on an answer is refused too.
    let answer = reg
        .close_request(
            id,
            RequestStatus::Withdrawn,
            "",
            Some(&third),
            date("2026-11-20"),
            now(),
        )
        .unwrap_err();
    assert_eq!(answer.code(), Code::InvalidInput);
    refuse(
        &mut reg,
        reasons,
        Some(&Refusal {
            ground: RefusalGround::ThirdParty,
            provision: "ignored".into(),
        }),
    )
    .unwrap();
    let req = reg.request(id).unwrap();
    assert_eq!((req.on_time(), req.refusal), (Some(true), Some(third)));

    // A representative must be named; a person asking for themselves names no one else.
    let mut rep = access(adult, Requester::Representative, None, "2026-11-01");
    assert_eq!(
        reg.add_request(&rep, now()).unwrap_err().code(),
        Code::InvalidInput
    );
    rep.requester_name = "Me Dupuis, avocate".into();
    reg.add_request(&rep, now()).unwrap();
    let future = access(adult, Requester::Person, None, "2026-12-01");
    assert_eq!(
        reg.add_request(&future, now()).unwrap_err().code(),
        Code::InvalidInput
    );
}

#[test]
fn open_requests_come_soonest_first_and_the_audit_csv_has_no_names() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let (parent, child, adult) = family(&mut reg);
    let late = reg
        .add_request(&access(adult, Requester::Person, None, "2026-10-01"), now())
        .unwrap();
    let soon = reg
        .add_request(
            &access(child, Requester::Guardian, Some(parent), "2026-11-20"),
            now(),
        )
        .unwrap();
    let done = reg
        .add_request(
            &access(parent, Requester::Person, None, "2026-11-01"),
            now(),
        )
        .unwrap();
    reg.verify_identity(
        done,
        IdentityMethod::MemberNumber,
        date("2026-11-02"),
        now(),
    )
    .unwrap();
    reg.close_request(
        done,
        RequestStatus::Answered,
        "",
        None,
        date("2026-11-03"),
        now(),
    )
    .unwrap();
    let open = reg.requests(true).unwrap();
    assert_eq!(
        open.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![late, soon]
    );
    assert_eq!(open[0].days_left(date("2026-11-24")), Some(-24), "overdue");
    // soon is due 2026-12-20: 26 days left on the 24th, within a 30-day window, not a 7-day one
    // the parent's page lists the request they made for the child and the one about them
    let involving: Vec<i64> = reg
        .requests_involving(parent)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(involving, vec![soon, done]);
    assert_eq!(
        reg.requests_involving(adult)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>(),
        vec![late]
    );
    let counts = |soon| reg.request_counts(date("2026-11-24"), soon).unwrap();
    assert_eq!(
        (counts(7).open, counts(7).due_soon, counts(7).overdue),
        (2, 0, 1)
    );
    assert_eq!(counts(26).due_soon, 1);

    let csv = reg.requests_csv().unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 3);
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let answered = records
        .iter()
        .find(|r| r[col("request_id")] == done.to_string())
        .unwrap();
    assert_eq!(
        (
            &answered[col("status")],
            &answered[col("on_time")],
            &answered[col("identity_method")]
        ),
        ("answered", "yes", "member_number")
    );
    assert_eq!(&answered[col("due_on")], "2026-12-01");
    for needle in ["Lefèvre", "Marie", "Zoë", "Voisin"] {
        assert!(!csv.contains(needle), "the audit CSV holds {needle}");
    }
}

#[test]
fn date_checks_use_the_offices_day_not_utcs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    let (_, _, adult) = family(&mut reg);
    // 23:30 UTC on 24 November is already 25 November in Paris (UTC+1).
    let late = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 24, 23, 30, 0).unwrap();
    let input = access(adult, Requester::Person, None, "2026-11-25");
    assert_eq!(
        reg.add_request(&input, late).unwrap_err().code(),
        Code::InvalidInput,
        "UTC by default: the 25th is tomorrow"
    );
    reg.set_utc_offset(chrono::FixedOffset::east_opt(3600).unwrap());
    assert_eq!(reg.local_day(late), date("2026-11-25"));
    let id = reg.add_request(&input, late).unwrap();
    reg.verify_identity(id, IdentityMethod::EmailCode, date("2026-11-25"), late)
        .unwrap();
    // and Quebec (UTC−5) at the same instant is still the 24th
    reg.set_utc_offset(chrono::FixedOffset::west_opt(5 * 3600).unwrap());
    assert_eq!(reg.local_day(late), date("2026-11-24"));
    assert_eq!(
        reg.add_request(&input, late).unwrap_err().code(),
        Code::InvalidInput
    );
}
