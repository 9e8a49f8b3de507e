//! Privacy requests: a parent asks for a child's data, identity is checked, deadlines hold.

mod common;

use carnet_core::consent::ConsentInput;
use carnet_core::consent::{ConsentAction, GivenBy};
use carnet_core::family::Guardian;
use carnet_core::family::Relation;
use carnet_core::model::{Channel, Jurisdiction};
use carnet_core::requests::{IdentityMethod, RefusalGround, RequestKind, RequestStatus, Requester};
use carnet_core::requests::{Refusal, RequestInput, Urgency};
use carnet_core::Contexts;
use carnet_core::{Code, Register};
use common::*;

fn family(reg: &mut Register) -> (i64, i64, i64) {
    let parent = reg
        .people()
        .add(&person("Marie", "Lefèvre", Some("1985-01-01")), now())
        .unwrap();
    let child = reg
        .people()
        .add(&person("Zoë", "Lefèvre", Some("2016-05-10")), now())
        .unwrap();
    let neighbour = reg
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
        .requests()
        .add(
            &access(child, Requester::Guardian, Some(neighbour), "2026-11-02"),
            now(),
        )
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidInput);
    let id = reg
        .requests()
        .add(
            &access(child, Requester::Guardian, Some(parent), "2026-11-02"),
            now(),
        )
        .unwrap();
    let req = reg.requests().get(id).unwrap();
    assert_eq!(req.deadline.due, date("2026-12-02"));
    assert_eq!(req.days_left(date("2026-11-24")), Some(8));
    assert_eq!(req.status, RequestStatus::Received);

    // Answering before the identity check is refused; Quebec has no extension.
    let early = reg
        .requests()
        .close(
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
        reg.requests()
            .extend(id, date("2026-11-10"), "volume", now())
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );

    reg.requests()
        .verify_identity(id, IdentityMethod::DocumentSeen, date("2026-11-05"), now())
        .unwrap();
    let req = reg.requests().get(id).unwrap();
    let check = req.identity.unwrap();
    assert_eq!(
        (check.method, check.checked_by.as_str(), check.checked_on),
        (
            IdentityMethod::DocumentSeen,
            "Sophie (secrétariat)",
            date("2026-11-05")
        )
    );
    reg.requests()
        .close(
            id,
            RequestStatus::Answered,
            "copy sent by post",
            None,
            date("2026-11-20"),
            now(),
        )
        .unwrap();
    let req = reg.requests().get(id).unwrap();
    assert_eq!(
        (req.on_time(), req.days_left(date("2026-11-24"))),
        (Some(true), None)
    );
    let third = Refusal {
        ground: RefusalGround::ThirdParty,
        provision: String::new(),
    };
    assert_eq!(
        reg.requests()
            .close(
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
        .requests()
        .add(&access(adult, Requester::Person, None, "2026-08-31"), now())
        .unwrap();
    assert_eq!(
        reg.requests().get(id).unwrap().deadline.due,
        date("2026-09-30")
    );
    assert_eq!(
        reg.requests()
            .extend(id, date("2026-10-01"), "nombreuses demandes", now())
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );
    assert_eq!(
        reg.requests()
            .extend(id, date("2026-09-15"), " ", now())
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );
    let d = reg
        .requests()
        .extend(
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
        reg.requests()
            .close(
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
        assert!(reg.requests().get(id).unwrap().status.is_open());
    }
    // A ground on an answer is refused too.
    let answer = reg
        .requests()
        .close(
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
    let req = reg.requests().get(id).unwrap();
    assert_eq!((req.on_time(), req.refusal), (Some(true), Some(third)));

    // A representative must be named; a person asking for themselves names no one else.
    let mut rep = access(adult, Requester::Representative, None, "2026-11-01");
    assert_eq!(
        reg.requests().add(&rep, now()).unwrap_err().code(),
        Code::InvalidInput
    );
    rep.requester_name = "Me Dupuis, avocate".into();
    reg.requests().add(&rep, now()).unwrap();
    let future = access(adult, Requester::Person, None, "2026-12-01");
    assert_eq!(
        reg.requests().add(&future, now()).unwrap_err().code(),
        Code::InvalidInput
    );
}

#[test]
fn open_requests_come_soonest_first_and_the_audit_csv_has_no_names() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let (parent, child, adult) = family(&mut reg);
    let late = reg
        .requests()
        .add(&access(adult, Requester::Person, None, "2026-10-01"), now())
        .unwrap();
    let soon = reg
        .requests()
        .add(
            &access(child, Requester::Guardian, Some(parent), "2026-11-20"),
            now(),
        )
        .unwrap();
    let done = reg
        .requests()
        .add(
            &access(parent, Requester::Person, None, "2026-11-01"),
            now(),
        )
        .unwrap();
    reg.requests()
        .verify_identity(
            done,
            IdentityMethod::MemberNumber,
            date("2026-11-02"),
            now(),
        )
        .unwrap();
    reg.requests()
        .close(
            done,
            RequestStatus::Answered,
            "",
            None,
            date("2026-11-03"),
            now(),
        )
        .unwrap();
    let open = reg.requests().all(true).unwrap();
    assert_eq!(
        open.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![late, soon]
    );
    assert_eq!(open[0].days_left(date("2026-11-24")), Some(-24), "overdue");
    // soon is due 2026-12-20: 26 days left on the 24th, within a 30-day window, not a 7-day one
    // the parent's page lists the request they made for the child and the one about them
    let involving: Vec<i64> = reg
        .requests()
        .involving(parent)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(involving, vec![soon, done]);
    assert_eq!(
        reg.requests()
            .involving(adult)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>(),
        vec![late]
    );
    let counts = |soon| reg.requests().counts(date("2026-11-24"), soon).unwrap();
    assert_eq!(
        (counts(7).open, counts(7).due_soon, counts(7).overdue),
        (2, 0, 1)
    );
    assert_eq!(counts(26).due_soon, 1);
    // The same classes row by row: red past the deadline, amber on its last allowed days.
    let today = date("2026-11-24");
    assert_eq!(open[0].urgency(today, 7), Some(Urgency::Overdue));
    assert_eq!(open[1].urgency(today, 7), None);
    assert_eq!(open[1].urgency(today, 26), Some(Urgency::DueSoon));
    assert_eq!(
        open[1].urgency(date("2026-12-20"), 7),
        Some(Urgency::DueSoon)
    );
    assert_eq!(
        open[1].urgency(date("2026-12-21"), 7),
        Some(Urgency::Overdue)
    );
    let closed = reg.requests().get(done).unwrap();
    assert_eq!(
        closed.urgency(date("2027-06-01"), 7),
        None,
        "a closed request is never late"
    );

    let csv = reg.requests().csv().unwrap();
    assert_eq!(&csv[..3], b"\xef\xbb\xbf", "a BOM, for Excel");
    let mut rows = csv::Reader::from_reader(&csv[..]);
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
        assert!(
            !String::from_utf8_lossy(&csv).contains(needle),
            "the audit CSV holds {needle}"
        );
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
        reg.requests().add(&input, late).unwrap_err().code(),
        Code::InvalidInput,
        "UTC by default: the 25th is tomorrow"
    );
    reg.set_utc_offset(chrono::FixedOffset::east_opt(3600).unwrap());
    assert_eq!(reg.local_day(late), date("2026-11-25"));
    let id = reg.requests().add(&input, late).unwrap();
    reg.requests()
        .verify_identity(id, IdentityMethod::EmailCode, date("2026-11-25"), late)
        .unwrap();
    // and Quebec (UTC−5) at the same instant is still the 24th
    reg.set_utc_offset(chrono::FixedOffset::west_opt(5 * 3600).unwrap());
    assert_eq!(reg.local_day(late), date("2026-11-24"));
    assert_eq!(
        reg.requests().add(&input, late).unwrap_err().code(),
        Code::InvalidInput
    );
}

fn consent(person_id: i64, purpose: &str, by: Option<i64>, when: &str) -> ConsentInput {
    ConsentInput {
        person_id,
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
        evidence: "formulaire d’inscription signé".into(),
        occurred_at: at(
            when[..4].parse().unwrap(),
            when[5..7].parse().unwrap(),
            when[8..].parse().unwrap(),
        ),
    }
}

fn withdrawal(
    kind: RequestKind,
    person_id: i64,
    requester: Requester,
    by: Option<i64>,
) -> RequestInput {
    RequestInput {
        kind,
        channel: Channel::Mail,
        ..access(person_id, requester, by, "2026-11-20")
    }
}

#[test]
fn a_withdrawal_request_records_its_withdrawals_in_the_ledger_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let (parent, child, neighbour) = family(&mut reg);
    for purpose in ["photos", "newsletter", "statistics"] {
        reg.consent()
            .record(&consent(child, purpose, Some(parent), "2026-09-05"), now())
            .unwrap();
    }
    reg.consent()
        .record(&consent(neighbour, "photos", None, "2026-09-05"), now())
        .unwrap();
    let id = reg
        .requests()
        .add(
            &withdrawal(
                RequestKind::ConsentWithdrawal,
                child,
                Requester::Guardian,
                Some(parent),
            ),
            now(),
        )
        .unwrap();
    let before = reg.consent().verify_ledger().unwrap().events;

    // Nothing is written when one of the choices cannot be withdrawn.
    for (choice, code) in [
        (vec![], Code::InvalidInput),
        (vec!["photos", "testimonials"], Code::InvalidInput),
        (vec!["photos", "no_such_purpose"], Code::InvalidInput),
    ] {
        let choice: Vec<String> = choice.into_iter().map(String::from).collect();
        let err = reg.requests().withdraw_for(id, &choice, now()).unwrap_err();
        assert_eq!(err.code(), code, "{choice:?}");
    }
    assert_eq!(reg.consent().verify_ledger().unwrap().events, before);

    // The parent withdraws the photos and statistics consents (named twice: once is enough).
    let done = reg
        .requests()
        .withdraw_for(
            id,
            &["photos".into(), "statistics".into(), " photos ".into()],
            now(),
        )
        .unwrap();
    assert_eq!(done.len(), 2);
    for e in &done {
        assert_eq!(e.person_id, child);
        assert_eq!(e.action, ConsentAction::Withdrawn);
        assert_eq!(e.given_by, GivenBy::Guardian);
        assert_eq!(e.giver_person_id, Some(parent));
        assert_eq!(e.channel, Channel::Mail);
        assert_eq!(e.evidence, format!("Demande nº {id} reçue le 2026-11-20"));
        assert_eq!(e.staff, "Sophie (secrétariat)");
    }
    let state = reg.consent().state(child).unwrap();
    let granted = |code: &str| {
        state
            .iter()
            .find(|s| s.purpose_code == code)
            .unwrap()
            .granted
    };
    assert!(!granted("photos") && !granted("statistics") && granted("newsletter"));
    // The neighbour's own consent is untouched.
    assert!(reg.consent().state(neighbour).unwrap()[0].granted);
    assert_eq!(reg.requests().consent_events(id).unwrap(), done);
    let report = reg.consent().verify_ledger().unwrap();
    assert!(report.is_intact() && report.events == before + 2);
    let actions: Vec<String> = reg
        .audit_log(5)
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert!(
        actions.contains(&"request.consents_withdrawn".to_owned()),
        "{actions:?}"
    );

    // What is already withdrawn cannot be withdrawn again.
    let again = reg
        .requests()
        .withdraw_for(id, &["photos".into()], now())
        .unwrap_err();
    assert_eq!(again.code(), Code::InvalidInput);

    // An access request withdraws nothing; a closed request neither.
    let access_id = reg
        .requests()
        .add(
            &access(child, Requester::Guardian, Some(parent), "2026-11-20"),
            now(),
        )
        .unwrap();
    let err = reg
        .requests()
        .withdraw_for(access_id, &["newsletter".into()], now())
        .unwrap_err();
    assert_eq!(err.code(), Code::Conflict);
    reg.requests()
        .close(
            id,
            RequestStatus::Withdrawn,
            "",
            None,
            date("2026-11-24"),
            now(),
        )
        .unwrap();
    let err = reg
        .requests()
        .withdraw_for(id, &["newsletter".into()], now())
        .unwrap_err();
    assert_eq!(err.code(), Code::Conflict);
    assert_eq!(reg.consent().verify_ledger().unwrap().events, before + 2);
}

#[test]
fn a_representative_withdraws_in_the_persons_name() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    let (_, _, adult) = family(&mut reg);
    reg.consent()
        .record(&consent(adult, "newsletter", None, "2026-09-05"), now())
        .unwrap();
    let id = reg
        .requests()
        .add(
            &RequestInput {
                requester_name: "Me Claire Dubois".into(),
                ..withdrawal(
                    RequestKind::StopCommunications,
                    adult,
                    Requester::Representative,
                    None,
                )
            },
            now(),
        )
        .unwrap();
    let done = reg
        .requests()
        .withdraw_for(id, &["newsletter".into()], now())
        .unwrap();
    assert_eq!(done[0].given_by, GivenBy::Person);
    assert_eq!(done[0].giver_person_id, None);
    assert_eq!(
        done[0].evidence,
        format!("Demande nº {id} reçue le 2026-11-20 ; par Me Claire Dubois, représentant")
    );
}

/// The values the screens show instead of deciding: a minor's default giver, the purposes
/// listed, a request's flags (open, on time, urgency, letters, portability, extension).
#[test]
fn the_views_carry_the_rules_the_screens_follow() {
    use carnet_core::model::Paper;
    use carnet_core::requests::{LetterKind, DUE_SOON_DAYS};
    use carnet_core::Vocabularies;

    // Each jurisdiction's defaults, as the first run and the settings propose them.
    let v = Vocabularies::get();
    let rules = |j| {
        *v.register
            .jurisdictions
            .iter()
            .find(|r| r.jurisdiction == j)
            .unwrap()
    };
    let (qc, fr) = (rules(Jurisdiction::Quebec), rules(Jurisdiction::France));
    assert_eq!(
        (qc.paper, qc.age_of_consent, qc.minor_giver, qc.region),
        (Paper::Letter, 14, GivenBy::Guardian, "CA")
    );
    assert_eq!(
        (fr.paper, fr.age_of_consent, fr.minor_giver, fr.region),
        (Paper::A4, 15, GivenBy::GuardianWithChild, "FR")
    );
    assert_eq!(
        v.requests.closing_statuses,
        [
            RequestStatus::Answered,
            RequestStatus::Refused,
            RequestStatus::Withdrawn
        ]
    );
    assert!(!v.family.guardian_relations.contains(&Relation::School));

    for (j, giver) in [
        (Jurisdiction::Quebec, GivenBy::Guardian),
        (Jurisdiction::France, GivenBy::GuardianWithChild),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (mut reg, _, _) = fresh(dir.path(), j);
        let (parent, child, _) = family(&mut reg);
        let today = date("2026-11-24");
        let minor = reg.people().page(child, today).unwrap();
        assert_eq!(
            (minor.default_giver, minor.default_requester),
            (giver, Requester::Guardian)
        );
        let adult = reg.people().page(parent, today).unwrap();
        assert_eq!(
            (adult.minor, adult.default_giver, adult.default_requester),
            (false, GivenBy::Person, Requester::Person)
        );

        // A purpose no longer offered is listed only for someone who answered it.
        let photos = reg.consent().purposes().unwrap();
        let photos = photos.iter().find(|p| p.code == "photos").unwrap();
        reg.consent()
            .record(&consent(parent, "photos", None, "2026-10-01"), now())
            .unwrap();
        reg.consent()
            .set_purpose_active(photos.id, false, now())
            .unwrap();
        let listed = |id| {
            reg.people()
                .page(id, today)
                .unwrap()
                .purposes
                .iter()
                .any(|p| p.code == "photos")
        };
        assert!(listed(parent) && !listed(child), "{j:?}");

        // A portability request: the export is offered only once identity is checked;
        // the row is open, pressing within DUE_SOON_DAYS, and on time once answered.
        let id = reg
            .requests()
            .add(
                &RequestInput {
                    kind: RequestKind::Portability,
                    ..access(parent, Requester::Person, None, "2026-11-20")
                },
                now(),
            )
            .unwrap();
        let page = reg.requests().page(id, today).unwrap();
        assert!(page.row.open && !page.portability && page.letters.is_empty());
        assert_eq!(page.can_extend, j == Jurisdiction::France);
        let due = page.row.request.deadline.due;
        let soon = due - chrono::Days::new(DUE_SOON_DAYS as u64);
        assert_eq!(
            reg.requests().page(id, soon).unwrap().row.urgency,
            Some(Urgency::DueSoon)
        );
        assert_eq!(
            reg.requests()
                .page(id, soon - chrono::Days::new(1))
                .unwrap()
                .row
                .urgency,
            None
        );
        reg.requests()
            .verify_identity(id, IdentityMethod::DocumentSeen, date("2026-11-21"), now())
            .unwrap();
        assert!(reg.requests().page(id, today).unwrap().portability);
        if j == Jurisdiction::France {
            assert_eq!(page.extension_deadline, date("2026-12-20"));
            reg.requests()
                .extend(id, date("2026-11-22"), "volume des données", now())
                .unwrap();
            let extended = reg.requests().page(id, today).unwrap();
            assert!(!extended.can_extend);
            assert_eq!(extended.letters, [LetterKind::ExtensionNotice]);
        }
        reg.requests()
            .close(
                id,
                RequestStatus::Answered,
                "",
                None,
                date("2026-11-23"),
                now(),
            )
            .unwrap();
        let closed = reg.requests().page(id, today).unwrap();
        assert!(!closed.row.open && !closed.can_extend);
        assert_eq!(
            (closed.row.on_time, closed.row.days_left),
            (Some(true), None)
        );
    }
}

/// A stop-communications request ticks the communication purposes, and only those.
#[test]
fn a_stop_communications_page_preselects_the_communication_purposes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let (parent, _, _) = family(&mut reg);
    for purpose in ["newsletter", "photos"] {
        reg.consent()
            .record(&consent(parent, purpose, None, "2026-10-01"), now())
            .unwrap();
    }
    let id = reg
        .requests()
        .add(
            &withdrawal(
                RequestKind::StopCommunications,
                parent,
                Requester::Person,
                None,
            ),
            now(),
        )
        .unwrap();
    let page = reg.requests().page(id, date("2026-11-24")).unwrap();
    let ticked: Vec<(&str, bool)> = page
        .consents
        .as_ref()
        .unwrap()
        .iter()
        .map(|c| (c.code.as_str(), c.preselected))
        .collect();
    assert_eq!(ticked, [("newsletter", true), ("photos", false)]);
}

/// An erasure asked by a representative: the certificate bears the representative's name
/// and never the erased person's address (it would go to the person's home under someone
/// else's name).
#[test]
fn a_representatives_erasure_certificate_is_addressed_to_the_representative() {
    use carnet_core::privacy::ErasureInput;
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    let adult = reg.people().add(&full_person("Rep"), now()).unwrap();
    let id = reg
        .requests()
        .add(
            &RequestInput {
                kind: RequestKind::Erasure,
                requester_name: "Me Claire Dubois".into(),
                ..access(adult, Requester::Representative, None, "2026-11-20")
            },
            now(),
        )
        .unwrap();
    reg.requests()
        .verify_identity(id, IdentityMethod::DocumentSeen, date("2026-11-21"), now())
        .unwrap();
    let done = reg
        .privacy()
        .erase(
            &ErasureInput {
                request_id: Some(id),
                person_ids: vec![adult],
            },
            "ZoëRep Lefèvre-CœurdeveyRep",
            now(),
        )
        .unwrap();
    let to = done.certificate.addressee.unwrap();
    assert_eq!(to.name, "Me Claire Dubois");
    assert!(to.address.street.is_empty() && to.address.city.is_empty());
}
