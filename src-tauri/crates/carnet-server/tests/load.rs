//! Five PCs at once on one service: each signs a colleague in and runs a mix of searches,
//! people added, consents recorded, access requests recorded and their identity checked,
//! every hundredth call a spreadsheet of 200 people imported whole, some writes sent twice
//! under the same request id. Afterwards the register, opened
//! directly, holds exactly what was acknowledged: nothing lost, nothing applied twice, the
//! consent ledger's chain intact, the database's integrity whole.
//!
//! `CARNET_LOAD_OPS` sets the calls per client (1,000 by default: about ten seconds on a
//! debug build and two cores).

mod common;

use std::sync::Arc;
use std::thread;

use carnet_api::consent::{ConsentFormInput, RecordConsent};
use carnet_api::exchange::ImportPeople;
use carnet_api::people::{SavePerson, SearchPeople};
use carnet_api::requests::{AddRequest, VerifyRequestIdentity};
use carnet_core::consent::{ConsentAction, GivenBy};
use carnet_core::exchange::PeopleImport;
use carnet_core::model::Channel;
use carnet_core::people::PersonInput;
use carnet_core::requests::{IdentityMethod, RequestInput, RequestKind, Requester};
use carnet_core::{Contexts, Register, Unlock};
use carnet_server::client::{Connection, Outcome, Pairing};
use carnet_server::proto::Call;
use chrono::{NaiveDate, Utc};
use common::*;

#[derive(Default, Debug)]
struct Acked {
    people: Vec<i64>,
    /// People created by the 200-line imports.
    imported: usize,
    consents: usize,
    requests: Vec<i64>,
    verified: usize,
    retried: usize,
}

fn client(pairing: Pairing, who: usize, ops: usize) -> Acked {
    let mut conn = Connection::open(&pairing).unwrap();
    let (account, pass) = if who.is_multiple_of(2) {
        ("Sophie Gagnon", SECRETAIRE)
    } else {
        ("Hélène Tremblay", DIRECTRICE)
    };
    let session = conn.sign_in(&pairing, account, pass).unwrap();
    let mut acked = Acked::default();
    let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    for i in 0..ops {
        let request_id = format!("call-{who}-{i:04}");
        // Every hundredth call is a spreadsheet of 200 new people, imported whole.
        let import = i % 100 == 99;
        let call = match i % 5 {
            _ if import => Call::of(&ImportPeople {
                file: carnet_api::File {
                    name: format!("inscriptions-{who}-{i}.csv"),
                    bytes: (0..200)
                        .fold(String::from("Nom;Prénom\n"), |mut csv, n| {
                            csv.push_str(&format!("Import{who}x{i};Enfant{n}\n"));
                            csv
                        })
                        .into_bytes(),
                },
                how: PeopleImport {
                    dry_run: false,
                    ..PeopleImport::new(Channel::PaperForm)
                },
            }),
            0 => Call::of(&SearchPeople {
                query: "tremblay".into(),
                limit: 20,
            }),
            1 => Call::of(&SavePerson {
                id: None,
                input: PersonInput::named(
                    &format!("Client{who}"),
                    &format!("Ajout{i}"),
                    Channel::PaperForm,
                    day,
                ),
            }),
            2 => Call::of(&RecordConsent {
                form: ConsentFormInput {
                    person_id: *acked.people.last().unwrap(),
                    purpose: "newsletter".into(),
                    action: ConsentAction::Granted,
                    channel: Channel::PaperForm,
                    given_by: GivenBy::Person,
                    giver: None,
                    evidence: format!("fiche {who}-{i}"),
                    occurred_at: None,
                },
            }),
            3 => Call::of(&AddRequest {
                input: RequestInput {
                    kind: RequestKind::Access,
                    received_on: day,
                    channel: carnet_core::model::Channel::Email,
                    person_id: *acked.people.last().unwrap(),
                    requester: Requester::Person,
                    requester_person_id: None,
                    requester_name: String::new(),
                    notes: String::new(),
                },
            }),
            _ => Call::of(&VerifyRequestIdentity {
                id: *acked.requests.last().unwrap(),
                method: IdentityMethod::KnownInPerson,
                on: Utc::now().date_naive(),
            }),
        };
        let write = i % 5 != 0;
        let outcome = conn
            .call_with_id(&session, &request_id, call.clone())
            .unwrap_or_else(|e| panic!("client {who}, call {i}: {e}"));
        let Outcome::Done(value) = outcome else {
            panic!("client {who}, call {i}: a new request id was already applied");
        };
        match i % 5 {
            _ if import => {
                assert_eq!(value["created"], 200, "client {who}, import {i}: {value}");
                acked.imported += 200;
            }
            1 => acked.people.push(value.as_i64().unwrap()),
            2 => acked.consents += 1,
            3 => acked.requests.push(value.as_i64().unwrap()),
            4 => acked.verified += 1,
            _ => {}
        }
        // Every seventh write is sent again under its id: told, not applied.
        if write && i.is_multiple_of(7) {
            match conn.call_with_id(&session, &request_id, call).unwrap() {
                Outcome::AlreadyApplied { .. } => acked.retried += 1,
                Outcome::Done(v) => panic!("client {who}, call {i} applied twice: {v}"),
            }
        }
    }
    acked
}

#[test]
fn five_clients_at_once_lose_nothing_and_apply_nothing_twice() {
    let ops: usize = std::env::var("CARNET_LOAD_OPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let o = office();
    let mut service = start(&o, "127.0.0.1:0", &[]);
    let pairings = pair_five(&mut service);
    let started = std::time::Instant::now();
    let pairings = Arc::new(pairings);
    let clients: Vec<_> = (0..5)
        .map(|n| {
            let p = pairings[n].clone();
            thread::spawn(move || client(p, n, ops))
        })
        .collect();
    let acked: Vec<Acked> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    eprintln!(
        "5 clients × {ops} calls through the service in {:?}",
        started.elapsed()
    );
    drop(service);

    let reg = Register::open(&o.db, Unlock::RecoveryKey(&o.recovery_text)).unwrap();
    let people: usize = acked.iter().map(|a| a.people.len()).sum();
    let consents: usize = acked.iter().map(|a| a.consents).sum();
    let requests: usize = acked.iter().map(|a| a.requests.len()).sum();
    let verified: usize = acked.iter().map(|a| a.verified).sum();
    assert!(acked.iter().map(|a| a.retried).sum::<usize>() > 0);
    let imported: usize = acked.iter().map(|a| a.imported).sum();
    assert_eq!(imported, 5 * (ops / 100) * 200);
    // Léa was there before; each acknowledged person once, with their own id; each
    // imported line once.
    assert_eq!(
        reg.people().list(0, 1_000_000).unwrap().len(),
        1 + people + imported
    );
    let mut ids: Vec<i64> = acked.iter().flat_map(|a| a.people.clone()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), people);
    let ledger = reg.consent().verify_ledger().unwrap();
    assert_eq!(ledger.events as usize, consents);
    assert!(ledger.problems.is_empty(), "{:?}", ledger.problems);
    let all = reg.requests().all(false).unwrap();
    assert_eq!(all.len(), requests);
    assert_eq!(
        all.iter().filter(|r| r.identity.is_some()).count(),
        verified
    );
    assert!(reg.integrity_ok().unwrap());
}
