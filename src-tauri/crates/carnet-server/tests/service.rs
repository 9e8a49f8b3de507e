//! The register service as a real process on the loopback, with real TLS: pairing with the
//! code it prints, the certificate pinned (another one refused), colleagues signing in,
//! office staff refused the person in charge's decisions at the service, a revoked device
//! and a removed account cut at once, an idle session locked, and no database key ever
//! sent to a client.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use carnet_api::accounts::{RemoveAccount, Session};
use carnet_api::people::{SavePerson, SearchPeople};
use carnet_api::privacy::ExecuteErasure;
use carnet_api::requests::{AddRequest, ListRequests};
use carnet_api::service::{AuditLog, Devices, RevokeDevice};
use carnet_core::model::{Channel, Jurisdiction, StaffRole};
use carnet_core::org::OrganisationProfile;
use carnet_core::people::PersonInput;
use carnet_core::privacy::ErasureInput;
use carnet_core::requests::{RequestInput, RequestKind, Requester};
use carnet_core::{Protection, Register};
use carnet_server::client::{pair, Connection, Outcome, Pairing};
use carnet_server::proto::Call;
use chrono::{NaiveDate, Utc};
use common::*;
use serde_json::json;

#[test]
fn pairing_sign_in_and_the_roles_enforced_at_the_service() {
    let o = office();
    let mut service = start(&o, "127.0.0.1:0", &[]);

    // A wrong code pairs nothing; the right one pairs, and a new code is shown.
    let wrong = pair(&service.address, "ABCD-EFGH", "Portable de l’accueil").unwrap_err();
    assert_eq!(wrong.code(), "pairing_not_proved");
    let code = service.code.clone();
    let laptop = pair(&service.address, &code, "Portable de l’accueil").unwrap();
    assert_ne!(service.next_code(), code, "a code is used once");
    assert_eq!(
        pair(&service.address, &code, "Un autre")
            .unwrap_err()
            .code(),
        "pairing_not_proved",
        "a code pairs once"
    );
    // The pairing file holds no personal data and is the user's alone.
    let file = o._dir.path().join("appairage.json");
    laptop.save(&file).unwrap();
    assert_eq!(Pairing::load(&file).unwrap(), laptop);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let mut conn = Connection::open(&laptop).unwrap();
    conn.keep_received();
    let err = conn
        .sign_in(&laptop, "Sophie Gagnon", "pas la bonne phrase")
        .unwrap_err();
    assert_eq!(err.code(), "wrong_passphrase", "{err}");
    let err = conn.sign_in(&laptop, "Personne", SECRETAIRE).unwrap_err();
    assert_eq!(
        err.code(),
        "wrong_passphrase",
        "an unknown name reads like a wrong passphrase"
    );
    let sophie = conn.sign_in(&laptop, "sophie gagnon", SECRETAIRE).unwrap();
    assert_eq!(
        (sophie.account.as_str(), sophie.role),
        ("Sophie Gagnon", StaffRole::OfficeStaff)
    );

    // Everyday work goes through; the person in charge's decisions are refused here.
    let found = conn
        .call(
            &sophie,
            Call::of(&SearchPeople {
                query: "tremblay".into(),
                limit: 10,
            }),
        )
        .unwrap();
    assert_eq!(
        (
            found[0]["given_name"].as_str(),
            found[0]["family_name"].as_str()
        ),
        (Some("Léa"), Some("Tremblay")),
        "{found}"
    );
    let added = conn
        .call(
            &sophie,
            Call::of(&SavePerson {
                id: None,
                input: PersonInput::named(
                    "Noé",
                    "Bélanger",
                    Channel::Email,
                    NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
                ),
            }),
        )
        .unwrap();
    let noe = added.as_i64().unwrap();
    let session = conn.call(&sophie, Call::of(&Session {})).unwrap();
    assert_eq!(session["role"], "office_staff");
    for call in [
        Call::of(&ExecuteErasure {
            input: ErasureInput {
                request_id: None,
                person_ids: vec![noe],
            },
            confirm_name: "Noé Bélanger".into(),
        }),
        Call::of(&RevokeDevice { id: 99 }),
        Call::of(&RemoveAccount { account: 1 }),
    ] {
        assert_eq!(refused(conn.call(&sophie, call)), "not_permitted");
    }
    conn.sign_out(&sophie).unwrap();
    assert_eq!(
        refused(conn.call(&sophie, Call::of(&Session {}))),
        "session_ended",
        "signed out"
    );

    // The person in charge, from the same PC, erases; the audit log names the account
    // and the device.
    let helene = conn
        .sign_in(&laptop, "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    conn.call(
        &helene,
        Call::of(&ExecuteErasure {
            input: ErasureInput {
                request_id: None,
                person_ids: vec![noe],
            },
            confirm_name: "Noé Bélanger".into(),
        }),
    )
    .unwrap();
    let audit = conn
        .call(&helene, Call::of(&AuditLog { limit: 20 }))
        .unwrap();
    let rows = audit.as_array().unwrap();
    let by = |action: &str| {
        rows.iter()
            .find(|r| r["action"] == action)
            .unwrap_or_else(|| panic!("{action} not in {audit}"))["staff"]
            .clone()
    };
    assert_eq!(
        by("person.create"),
        json!("Sophie Gagnon · Portable de l’accueil")
    );
    // The pairing was the service's own act, under the recovery key it was opened with.
    assert_eq!(
        by("service.device.pair"),
        json!("[recovery key] (carnet-server)")
    );

    // Nothing the client received holds the database key, as bytes, hex or recovery key.
    let received = conn.received();
    assert!(!received.is_empty());
    let text = String::from_utf8_lossy(received);
    assert!(!text.contains(&hex::encode(&o.key_bytes)));
    assert!(!text.contains(&o.recovery_text));
    assert!(!received
        .windows(o.key_bytes.len())
        .any(|w| w == o.key_bytes.as_slice()));
    drop(service);
}

#[test]
fn another_certificate_is_refused_and_a_restart_keeps_the_pairing() {
    let o = office();
    let service = start(&o, "127.0.0.1:0", &[]);
    let address = service.address.clone();
    let pairing = pair(&address, &service.code, "Poste du bureau").unwrap();
    let mut conn = Connection::open(&pairing).unwrap();
    let old = conn
        .sign_in(&pairing, "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    drop(conn);
    drop(service);

    // Another register's service answering at the same address: refused before anything
    // is sent, in words that say what may be happening.
    let other = office();
    let impostor = start(&other, &address, &[]);
    let err = Connection::open(&pairing).err().unwrap();
    assert_eq!(err.code(), "certificate_changed");
    assert!(err
        .to_string()
        .contains("another machine may be answering in its place"));
    drop(impostor);

    // The same service started again: its certificate is the one paired (kept inside the
    // register); sessions from before have ended, signing in again works.
    let service = start(&o, &address, &[]);
    let mut conn = Connection::open(&pairing).unwrap();
    assert_eq!(
        refused(conn.call(&old, Call::of(&Session {}))),
        "session_ended"
    );
    let again = conn
        .sign_in(&pairing, "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    conn.call(&again, Call::of(&Session {})).unwrap();
    drop(service);
    // Stopped: the client says the service cannot be reached.
    assert_eq!(
        Connection::open(&pairing).err().unwrap().code(),
        "unreachable"
    );
}

#[test]
fn a_revoked_device_and_a_removed_account_are_cut_at_once() {
    let o = office();
    let mut service = start(&o, "127.0.0.1:0", &[]);
    let laptop = pair(&service.address, &service.code.clone(), "Portable").unwrap();
    let code = service.next_code();
    let desk = pair(&service.address, &code, "Poste de la direction").unwrap();

    let mut on_laptop = Connection::open(&laptop).unwrap();
    let sophie = on_laptop
        .sign_in(&laptop, "Sophie Gagnon", SECRETAIRE)
        .unwrap();
    let mut on_desk = Connection::open(&desk).unwrap();
    let helene = on_desk
        .sign_in(&desk, "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    let devices = on_desk.call(&helene, Call::of(&Devices {})).unwrap();
    assert_eq!(devices.as_array().unwrap().len(), 2);

    // The laptop is stolen: revoked from the desk, its open session ends at once and it
    // cannot sign in again.
    on_desk
        .call(
            &helene,
            Call::of(&RevokeDevice {
                id: laptop.device_id,
            }),
        )
        .unwrap();
    assert_eq!(
        refused(on_laptop.call(&sophie, Call::of(&Session {}))),
        "device_revoked"
    );
    let err = on_laptop
        .sign_in(&laptop, "Sophie Gagnon", SECRETAIRE)
        .unwrap_err();
    assert_eq!(err.code(), "device_revoked");

    // Sophie signs in at the desk; her account is removed: the session ends at once, and
    // her passphrase opens nothing any more.
    let sophie = on_desk.sign_in(&desk, "Sophie Gagnon", SECRETAIRE).unwrap();
    let mut second = Connection::open(&desk).unwrap();
    let helene2 = second
        .sign_in(&desk, "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    second
        .call(&helene2, Call::of(&RemoveAccount { account: o.sophie }))
        .unwrap();
    assert_eq!(
        refused(on_desk.call(&sophie, Call::of(&Session {}))),
        "session_ended"
    );
    assert_eq!(
        on_desk
            .sign_in(&desk, "Sophie Gagnon", SECRETAIRE)
            .unwrap_err()
            .code(),
        "wrong_passphrase"
    );
    let _ = helene;
}

#[test]
fn an_idle_session_is_locked_by_the_service() {
    let o = office();
    let service = start(&o, "127.0.0.1:0", &["--idle-seconds", "1"]);
    let pairing = pair(&service.address, &service.code, "Portable").unwrap();
    let mut conn = Connection::open(&pairing).unwrap();
    let s = conn.sign_in(&pairing, "Sophie Gagnon", SECRETAIRE).unwrap();
    conn.call(&s, Call::of(&Session {})).unwrap();
    std::thread::sleep(Duration::from_millis(1600));
    assert_eq!(
        refused(conn.call(&s, Call::of(&Session {}))),
        "session_ended"
    );
}

#[test]
fn a_busy_session_still_ends_after_its_lifetime() {
    // A session token copied off a PC expires even if it is used all the time.
    let o = office();
    let service = start(&o, "127.0.0.1:0", &["--session-seconds", "2"]);
    let pairing = pair(&service.address, &service.code, "Portable").unwrap();
    let mut conn = Connection::open(&pairing).unwrap();
    let s = conn.sign_in(&pairing, "Sophie Gagnon", SECRETAIRE).unwrap();
    for _ in 0..3 {
        conn.call(&s, Call::of(&Session {})).unwrap();
        std::thread::sleep(Duration::from_millis(500));
    }
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        refused(conn.call(&s, Call::of(&Session {}))),
        "session_ended"
    );
    // Signing in again opens a new one.
    let again = conn.sign_in(&pairing, "Sophie Gagnon", SECRETAIRE).unwrap();
    conn.call(&again, Call::of(&Session {})).unwrap();
}

#[test]
fn the_service_refuses_a_register_without_accounts_and_a_staff_account() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seul.db");
    let created = Register::create(
        &db,
        Protection::Passphrase {
            passphrase: "une phrase pour créer le registre",
            params: FAST,
        },
        &OrganisationProfile::new("Club", Jurisdiction::France),
        Utc::now(),
    )
    .unwrap();
    let recovery = dir.path().join("r.txt");
    std::fs::write(&recovery, created.recovery_key.expose()).unwrap();
    drop(created);
    let out = Command::new(env!("CARGO_BIN_EXE_carnet-server"))
        .arg("--db")
        .arg(&db)
        .args(["--listen", "127.0.0.1:0", "--recovery-key-file"])
        .arg(&recovery)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("no staff accounts"), "{said}");

    // Office staff cannot run the service (it would hold the key for everyone).
    let o = office();
    let out = Command::new(env!("CARGO_BIN_EXE_carnet-server"))
        .arg("--db")
        .arg(&o.db)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--account",
            "Sophie Gagnon",
            "--passphrase-env",
            "CARNET_TEST_PASS",
        ])
        .env("CARNET_TEST_PASS", SECRETAIRE)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("person in charge"), "{said}");
    let _: &Path = &o.db;
}

#[test]
fn a_write_retried_after_a_cut_is_applied_once_and_the_client_told() {
    let o = office();
    let mut service = start(&o, "127.0.0.1:0", &[]);
    let service_code = |s: &Running| s.code.clone();
    let pairing = pair(&service.address, &service.code, "Portable").unwrap();
    let mut conn = Connection::open(&pairing).unwrap();
    let sophie = conn.sign_in(&pairing, "Sophie Gagnon", SECRETAIRE).unwrap();
    let noe = || {
        Call::of(&SavePerson {
            id: None,
            input: PersonInput::named(
                "Noé",
                "Bélanger",
                Channel::Email,
                NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            ),
        })
    };
    let how_many = |conn: &mut Connection| {
        conn.call(
            &sophie,
            Call::of(&SearchPeople {
                query: "noé bélanger".into(),
                limit: 10,
            }),
        )
        .unwrap()
        .as_array()
        .unwrap()
        .len()
    };

    // The answer is lost (the connection cut right after the call went out); the same
    // request sent again from a new connection makes the write once, whichever arrives
    // first, and says which.
    Connection::open(&pairing)
        .unwrap()
        .send_and_cut(&sophie, "ajout-noe-1", noe());
    std::thread::sleep(Duration::from_millis(300));
    let id = match conn.call_with_id(&sophie, "ajout-noe-1", noe()).unwrap() {
        Outcome::AlreadyApplied { action, entity_id } => {
            assert_eq!(action, "person.create");
            entity_id.unwrap()
        }
        Outcome::Done(v) => v.as_i64().unwrap(),
    };
    assert_eq!(
        conn.call_with_id(&sophie, "ajout-noe-1", noe()).unwrap(),
        Outcome::AlreadyApplied {
            action: "person.create".into(),
            entity_id: Some(id)
        }
    );
    assert_eq!(how_many(&mut conn), 1, "applied once");
    // A new request id is a new write.
    conn.call(&sophie, noe()).unwrap();
    assert_eq!(how_many(&mut conn), 2);
    // Ids are the PC's and the account's own: another PC sending the same id for its
    // own write makes it, and the same id for another call is another request.
    service.next_code();
    let code = service_code(&service);
    let desk = pair(&service.address, &code, "Poste 2").unwrap();
    let mut other = Connection::open(&desk).unwrap();
    let helene = other.sign_in(&desk, "Hélène Tremblay", DIRECTRICE).unwrap();
    assert!(matches!(
        other.call_with_id(&helene, "ajout-noe-1", noe()).unwrap(),
        Outcome::Done(_)
    ));
    assert_eq!(how_many(&mut conn), 3);
    let other_call = Call::of(&SavePerson {
        id: None,
        input: PersonInput::named(
            "Zoé",
            "Autre",
            Channel::Email,
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        ),
    });
    assert!(matches!(
        conn.call_with_id(&sophie, "ajout-noe-1", other_call)
            .unwrap(),
        Outcome::Done(_)
    ));
    // A refused write leaves its id unused: allowed later, it would run.
    let erase = Call::of(&ExecuteErasure {
        input: ErasureInput {
            request_id: None,
            person_ids: vec![id],
        },
        confirm_name: "Noé Bélanger".into(),
    });
    assert_eq!(
        conn.call_with_id(&sophie, "effacer-noe", erase)
            .unwrap_err()
            .code(),
        "not_permitted"
    );
}

#[test]
fn the_person_in_charge_opens_the_service_with_a_passphrase_file() {
    // systemd hands the passphrase over as a credential file (packaging/linux).
    let o = office();
    let file = o._dir.path().join("passphrase");
    std::fs::write(&file, format!("{DIRECTRICE}\n")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_carnet-server"))
        .arg("--db")
        .arg(&o.db)
        .args(["--listen", "127.0.0.1:0", "--account", "hélène tremblay"])
        .arg("--passphrase-file")
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut said = String::new();
    while !said.contains("listening on 127.0.0.1:") {
        let mut line = String::new();
        if std::io::BufRead::read_line(&mut out, &mut line).unwrap() == 0 {
            break;
        }
        said += &line;
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(said.contains("listening on 127.0.0.1:"), "{said}");
}

#[test]
fn the_log_file_holds_codes_and_times_never_a_value() {
    // A Windows service has no console: it logs to a file (the Windows configuration
    // names one). What the service writes there is what its console shows: no name,
    // no passphrase.
    let o = office();
    let log = o._dir.path().join("carnet-server.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_carnet-server"))
        .arg("--db")
        .arg(&o.db)
        .args(["--listen", "127.0.0.1:0", "--recovery-key-file"])
        .arg(&o.recovery)
        .arg("--log-file")
        .arg(&log)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let read = || std::fs::read_to_string(&log).unwrap_or_default();
    let until = std::time::Instant::now() + Duration::from_secs(20);
    while !read().contains("pairing code: ") && std::time::Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    let said = read();
    let address = said
        .split("listening on ")
        .nth(1)
        .and_then(|rest| rest.lines().next())
        .unwrap_or_else(|| panic!("{said}"))
        .to_owned();
    let pairing = pair(&address, &code_in(&said), "Poste de l’accueil").unwrap();
    let mut conn = Connection::open(&pairing).unwrap();
    let helene = conn
        .sign_in(&pairing, "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    conn.call(
        &helene,
        Call::of(&SavePerson {
            id: None,
            input: PersonInput::named(
                "Zéphirine",
                "Quenneville",
                Channel::Email,
                NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            ),
        }),
    )
    .unwrap();
    assert!(conn
        .sign_in(&pairing, "Hélène Tremblay", "pas la bonne")
        .is_err());
    let _ = child.kill();
    let mut console = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut console).unwrap();
    let _ = child.wait();

    let said = read();
    assert!(console.is_empty(), "the console stays quiet: {console}");
    for line in said.lines() {
        assert!(
            line.len() > 21 && line.as_bytes()[4] == b'-' && line.as_bytes()[19] == b'Z',
            "each line starts with its time: {line}"
        );
    }
    assert!(said.contains("certificate: "), "{said}");
    for event in [
        "device 1 paired".to_owned(),
        format!("account {} signed in on device 1", o.helene),
        "sign-in refused on device 1".to_owned(),
    ] {
        assert!(said.contains(&event), "{event:?} missing:\n{said}");
    }
    for value in [
        "Poste de l’accueil",
        "Zéphirine",
        "Quenneville",
        "Hélène",
        "Tremblay",
        DIRECTRICE,
        "pas la bonne",
        &o.recovery_text,
    ] {
        assert!(!said.contains(value), "the log holds {value:?}:\n{said}");
    }
}

#[test]
fn the_offices_day_at_the_service_is_its_machines_own() {
    // The service stands in the office: its machine's time zone decides the office's
    // day, whatever the PCs' clocks. A Montreal evening is still the 5th (UTC is on the
    // 6th); a Paris night is already the 6th (UTC is still on the 5th).
    let o = office();
    let recovery = o.recovery.to_str().unwrap();
    let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
    let request = |received_on| {
        Call::of(&AddRequest {
            input: RequestInput {
                kind: RequestKind::Access,
                received_on,
                channel: Channel::Email,
                person_id: 1,
                requester: Requester::Person,
                requester_person_id: None,
                requester_name: String::new(),
                notes: String::new(),
            },
        })
    };
    for (zone, now, today) in [
        ("America/Montreal", "2026-12-06T01:30:00Z", day(5)),
        ("Europe/Paris", "2026-12-05T23:30:00Z", day(6)),
    ] {
        let service = start_in(
            &o,
            &["--recovery-key-file", recovery, "--pinned-now", now],
            Some(zone),
        );
        let pc = pair(&service.address, &service.code, zone).unwrap();
        let mut conn = Connection::open(&pc).unwrap();
        let sophie = conn.sign_in(&pc, "Sophie Gagnon", SECRETAIRE).unwrap();
        // The day after the office's today is in the future: refused, nothing recorded.
        let err = conn
            .call(&sophie, request(today.succ_opt().unwrap()))
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{zone}: {err}");
        let id = conn
            .call(&sophie, request(today))
            .unwrap_or_else(|e| panic!("{zone}: the office's today refused: {e}"))
            .as_i64()
            .unwrap();
        let list = conn
            .call(&sophie, Call::of(&ListRequests { open_only: true }))
            .unwrap();
        let row = list["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{list}"));
        assert_eq!(row["received_on"], today.to_string(), "{zone}");
        let due: NaiveDate = serde_json::from_value(row["deadline"]["due"].clone()).unwrap();
        assert_eq!(
            row["days_left"],
            (due - today).num_days(),
            "{zone}: days left count from the office's day"
        );
    }
}

#[test]
fn the_windows_service_verbs_say_where_they_belong() {
    let out = Command::new(env!("CARGO_BIN_EXE_carnet-server"))
        .args(["windows-service", "configure"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    #[cfg(not(windows))]
    assert!(
        !out.status.success() && err.contains("systemd") && err.contains("SERVICE.md"),
        "{err}"
    );
    #[cfg(windows)]
    assert!(!out.status.success() && err.contains("--db"), "{err}");
}

/// A machine in between: it shows its own certificate to the PC and relays every frame to
/// the real service (as a TLS client of it). Returns its address.
fn relay_to(service: &str) -> String {
    use carnet_server::proto::{read_frame, write_frame, MAX_FRAME};
    use carnet_server::tls;
    let (cert, key) = tls::make_identity().unwrap();
    let config = tls::server_config(&cert, &key).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let service = service.to_owned();
    std::thread::spawn(move || {
        for pc in listener.incoming().flatten() {
            let config = config.clone();
            let service = service.clone();
            std::thread::spawn(move || {
                let mut pc =
                    rustls::StreamOwned::new(rustls::ServerConnection::new(config).unwrap(), pc);
                let seen = std::sync::Arc::new(std::sync::Mutex::new(None));
                let up = rustls::ClientConnection::new(
                    tls::client_config(None, seen).unwrap(),
                    rustls::pki_types::ServerName::try_from("carnet-server").unwrap(),
                )
                .unwrap();
                let mut up =
                    rustls::StreamOwned::new(up, std::net::TcpStream::connect(&service).unwrap());
                while let Ok(Some(frame)) = read_frame(&mut pc, MAX_FRAME) {
                    let msg: serde_json::Value = serde_json::from_slice(&frame).unwrap();
                    write_frame(&mut up, &msg).unwrap();
                    let Ok(Some(back)) = read_frame(&mut up, MAX_FRAME) else {
                        return;
                    };
                    let msg: serde_json::Value = serde_json::from_slice(&back).unwrap();
                    if write_frame(&mut pc, &msg).is_err() {
                        return;
                    }
                }
            });
        }
    });
    address
}

#[test]
fn a_machine_in_between_cannot_pair_even_with_the_right_code() {
    let o = office();
    let mut service = start(&o, "127.0.0.1:0", &[]);
    let relay = relay_to(&service.address);
    // The PC types the right code, but reaches the service through the relay: the
    // service's proof is over its own certificate, not the one the PC sees.
    let code = service.code.clone();
    let err = pair(&relay, &code, "Portable").unwrap_err();
    assert_eq!(err.code(), "pairing_not_proved", "{err}");
    // Nothing was paired, and the code still pairs the PC that reaches the service.
    let direct = pair(&service.address, &code, "Portable").unwrap();
    let mut conn = Connection::open(&direct).unwrap();
    let helene = conn
        .sign_in(&direct, "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    let devices = conn.call(&helene, Call::of(&Devices {})).unwrap();
    assert_eq!(devices.as_array().unwrap().len(), 1, "{devices}");
    // The pinned pairing refuses the relay afterwards too.
    assert_eq!(
        Connection::open(&Pairing {
            address: relay.clone(),
            ..direct.clone()
        })
        .err()
        .unwrap()
        .code(),
        "certificate_changed"
    );
    // A wrong code through the front door: not proved, and each exchange is a try: the
    // sixth is refused and a new code is made (an attacker tests five guesses a code).
    let first = service.next_code();
    for _ in 0..5 {
        assert_eq!(
            pair(&service.address, "2345-6789", "Autre")
                .unwrap_err()
                .code(),
            "pairing_not_proved"
        );
    }
    assert_eq!(
        pair(&service.address, &first, "Autre").unwrap_err().code(),
        "pairing_refused",
        "the right code, too late"
    );
    assert_ne!(service.next_code(), first, "a new code after five tries");
    // The account the service runs with cannot be removed through it.
    let own = conn.call(&helene, Call::of(&Session {})).unwrap()["account"]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        refused(conn.call(&helene, Call::of(&RemoveAccount { account: own }))),
        "conflict"
    );
}

#[test]
fn before_sign_in_only_small_frames_are_read() {
    use std::io::Write;
    let o = office();
    let service = start(&o, "127.0.0.1:0", &[]);
    // A frame announcing 8 MiB before any sign-in: the service closes the connection
    // without reading (or allocating) it.
    let seen = std::sync::Arc::new(std::sync::Mutex::new(None));
    let conn = rustls::ClientConnection::new(
        carnet_server::tls::client_config(None, seen).unwrap(),
        rustls::pki_types::ServerName::try_from("carnet-server").unwrap(),
    )
    .unwrap();
    let mut tls = rustls::StreamOwned::new(
        conn,
        std::net::TcpStream::connect(&service.address).unwrap(),
    );
    tls.write_all(&(8u32 << 20).to_be_bytes()).unwrap();
    tls.write_all(&[b'{'; 1024]).unwrap();
    tls.flush().unwrap();
    let mut buf = [0u8; 16];
    let closed = matches!(std::io::Read::read(&mut tls, &mut buf), Ok(0) | Err(_));
    assert!(closed, "the connection stays open");
    // The service still answers others.
    pair(&service.address, &service.code, "Portable").unwrap();
}

#[test]
fn five_wrong_passphrases_make_the_name_wait() {
    let o = office();
    let service = start(&o, "127.0.0.1:0", &["--sign-in-pause-seconds", "2"]);
    let pairing = pair(&service.address, &service.code, "Portable").unwrap();
    let mut conn = Connection::open(&pairing).unwrap();
    for _ in 0..5 {
        let e = conn
            .sign_in(&pairing, "Sophie Gagnon", "une devinette")
            .unwrap_err();
        assert_eq!(e.code(), "wrong_passphrase");
    }
    // Even the right passphrase waits now; another colleague does not; an unknown name
    // waits the same way after its own five tries.
    let e = conn
        .sign_in(&pairing, "sophie gagnon", SECRETAIRE)
        .unwrap_err();
    assert_eq!(e.code(), "sign_in_paused");
    conn.sign_in(&pairing, "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    for _ in 0..5 {
        let _ = conn.sign_in(&pairing, "Personne", "une devinette");
    }
    assert_eq!(
        conn.sign_in(&pairing, "Personne", "une devinette")
            .unwrap_err()
            .code(),
        "sign_in_paused"
    );
    std::thread::sleep(Duration::from_millis(2200));
    conn.sign_in(&pairing, "Sophie Gagnon", SECRETAIRE).unwrap();
}
