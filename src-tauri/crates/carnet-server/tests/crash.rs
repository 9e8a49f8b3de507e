//! The service killed (SIGKILL) again and again while five PCs write: each client, when
//! its connection is cut or the service is gone, reconnects, signs in again and sends the
//! same request again until it is answered. Afterwards every write a client was told
//! about ("done" or "already applied") is in the register, none twice, and the ledger and
//! the database are whole.
//!
//! `CARNET_CRASH_KILLS` sets how many times the service is killed (20 by default; 100 in
//! BENCHMARKS.md's run).

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use carnet_api::consent::{ConsentFormInput, RecordConsent};
use carnet_api::people::SavePerson;
use carnet_core::consent::{ConsentAction, GivenBy};
use carnet_core::model::Channel;
use carnet_core::people::PersonInput;
use carnet_core::{Contexts, Register, Unlock};
use carnet_server::client::{ClientError, Connection, Outcome, Pairing, Session};
use carnet_server::proto::Call;
use chrono::{NaiveDate, Utc};
use common::*;

/// Sends one call until the service answers it (reconnecting and signing in again as
/// needed); what it made, told once.
fn until_answered(
    pairing: &Pairing,
    conn: &mut Option<Connection>,
    session: &mut Option<Session>,
    request_id: &str,
    call: &Call,
) -> Outcome {
    loop {
        if conn.is_none() {
            match Connection::open(pairing) {
                Ok(c) => *conn = Some(c),
                Err(_) => {
                    thread::sleep(Duration::from_millis(20));
                    continue;
                }
            }
            *session = None;
        }
        let c = conn.as_mut().unwrap();
        if session.is_none() {
            match c.sign_in(pairing, "Sophie Gagnon", SECRETAIRE) {
                Ok(s) => *session = Some(s),
                Err(_) => {
                    *conn = None;
                    continue;
                }
            }
        }
        match c.call_with_id(session.as_ref().unwrap(), request_id, call.clone()) {
            Ok(outcome) => return outcome,
            Err(ClientError::Refused(e)) if e.code == "session_ended" => *session = None,
            Err(ClientError::Refused(e)) => panic!("{request_id} refused: {}", e.message),
            Err(_) => *conn = None,
        }
    }
}

#[test]
fn killed_again_and_again_every_acknowledged_write_is_there_once() {
    let kills: usize = std::env::var("CARNET_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let o = office();
    let mut service = start(&o, "127.0.0.1:0", &[]);
    let address = service.address.clone();
    let pairings = pair_five(&mut service);
    let done = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = pairings
        .into_iter()
        .enumerate()
        .map(|(who, pairing)| {
            let done = done.clone();
            thread::spawn(move || {
                let (mut conn, mut session) = (None, None);
                let mut people = Vec::new();
                let mut consents = 0;
                let mut i = 0;
                while !done.load(Ordering::Relaxed) || i < 40 {
                    let add = Call::of(&SavePerson {
                        id: None,
                        input: PersonInput::named(
                            &format!("Client{who}"),
                            &format!("Ajout{i}"),
                            Channel::PaperForm,
                            NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
                        ),
                    });
                    let id = match until_answered(
                        &pairing,
                        &mut conn,
                        &mut session,
                        &format!("person-{who}-{i}"),
                        &add,
                    ) {
                        Outcome::Done(v) => v.as_i64().unwrap(),
                        Outcome::AlreadyApplied { entity_id, .. } => entity_id.unwrap(),
                    };
                    people.push(id);
                    let consent = Call::of(&RecordConsent {
                        form: ConsentFormInput {
                            person_id: id,
                            purpose: "newsletter".into(),
                            action: ConsentAction::Granted,
                            channel: Channel::PaperForm,
                            given_by: GivenBy::Person,
                            giver: None,
                            evidence: format!("fiche {who}-{i}"),
                            occurred_at: None,
                        },
                    });
                    until_answered(
                        &pairing,
                        &mut conn,
                        &mut session,
                        &format!("consent-{who}-{i}"),
                        &consent,
                    );
                    consents += 1;
                    i += 1;
                }
                (people, consents)
            })
        })
        .collect();

    // Killed at a random moment, started again at the same address, `kills` times.
    let mut seed = Utc::now().timestamp_subsec_nanos() as u64 | 1;
    for _ in 0..kills {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        thread::sleep(Duration::from_millis(30 + seed % 120));
        drop(service);
        service = start(&o, &address, &[]);
    }
    done.store(true, Ordering::Relaxed);
    let results: Vec<(Vec<i64>, usize)> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    drop(service);

    let reg = Register::open(&o.db, Unlock::RecoveryKey(&o.recovery_text)).unwrap();
    let told: Vec<i64> = results.iter().flat_map(|(p, _)| p.clone()).collect();
    let consents: usize = results.iter().map(|(_, c)| c).sum();
    eprintln!(
        "killed {kills} times: {} people and {consents} consents acknowledged",
        told.len()
    );
    let listed = reg.people().list(0, 1_000_000).unwrap();
    // Every person a client was told about is there, and nothing else was added: none
    // twice, none without its acknowledgement (the last writes were all answered).
    assert_eq!(listed.len(), 1 + told.len());
    for id in &told {
        assert!(
            reg.people().get(*id).is_ok(),
            "person {id} acknowledged but absent"
        );
    }
    let ledger = reg.consent().verify_ledger().unwrap();
    assert_eq!(ledger.events as usize, consents);
    assert!(ledger.problems.is_empty());
    assert!(reg.integrity_ok().unwrap());
}
