//! carnet-admin through the register service: pairing this PC with the code, then the
//! same verbs run as the signed-in account at the service (office staff refused there),
//! and a command the service does not carry yet said so.

use std::process::{Command, Output};
use std::sync::Arc;
use std::time::Duration;

use carnet_core::accounts::AccountSecret;
use carnet_core::{Register, Unlock};
use carnet_server::server::Service;
use carnet_testkit::office::{office_in, DIRECTRICE, SECRETAIRE};

fn remote(address: &str, pairing: &std::path::Path, account: &str, args: &[&str]) -> Output {
    let pass = if account.starts_with("Hélène") {
        DIRECTRICE
    } else {
        SECRETAIRE
    };
    Command::new(env!("CARGO_BIN_EXE_carnet-admin"))
        .args(["--server", address, "--pairing"])
        .arg(pairing)
        .args(["--account", account, "--passphrase-env", "CARNET_TEST_PASS"])
        .args(args)
        .env("CARNET_TEST_PASS", pass)
        .output()
        .unwrap()
}

fn said(out: &Output) -> (bool, String, String) {
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_it_helpers_commands_through_the_service() {
    let dir = tempfile::tempdir().unwrap();
    let office = office_in(dir.path());
    let reg = Register::open(
        &office.db,
        Unlock::Account(office.helene, AccountSecret::Passphrase(DIRECTRICE)),
    )
    .unwrap();
    let service = Arc::new(Service::new(reg, Duration::from_secs(900), Box::new(|_| {})).unwrap());
    let address = service.serve_in_background("127.0.0.1:0").unwrap();
    let code = service.pairing_code();
    let pairing = dir.path().join("appairage.json");

    // Not paired yet: said, with what to do.
    let (ok, _, err) = said(&remote(
        &address,
        &pairing,
        "Sophie Gagnon",
        &["search", "tremblay"],
    ));
    assert!(
        !ok && err.contains("[not_paired]") && err.contains("service pair"),
        "{err}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_carnet-admin"))
        .args([
            "service",
            "pair",
            &address,
            "--code",
            &code,
            "--name",
            "Poste IT",
            "--pairing",
        ])
        .arg(&pairing)
        .output()
        .unwrap();
    let (ok, text, err) = said(&out);
    assert!(ok && text.contains("paired as device 1"), "{text}{err}");
    assert!(pairing.is_file());

    let (ok, text, err) = said(&remote(
        &address,
        &pairing,
        "Sophie Gagnon",
        &["search", "tremblay"],
    ));
    assert!(ok && text.contains("Tremblay"), "{text}{err}");
    let (ok, _, err) = said(&remote(
        &address,
        &pairing,
        "Sophie Gagnon",
        &[
            "person",
            "add",
            "--given",
            "Noé",
            "--family",
            "Bélanger",
            "--channel",
            "email",
        ],
    ));
    assert!(ok, "{err}");
    // Office staff are refused at the service; the person in charge is not.
    let (ok, _, err) = said(&remote(
        &address,
        &pairing,
        "Sophie Gagnon",
        &["service", "revoke-device", "9"],
    ));
    assert!(!ok && err.contains("[not_permitted]"), "{err}");
    let (ok, text, err) = said(&remote(
        &address,
        &pairing,
        "Hélène Tremblay",
        &["--json", "audit"],
    ));
    assert!(ok, "{err}");
    let audit: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["action"] == "person.create" && r["staff"] == "Sophie Gagnon · Poste IT"),
        "{text}"
    );
    let (ok, text, _) = said(&remote(
        &address,
        &pairing,
        "Hélène Tremblay",
        &["service", "devices"],
    ));
    assert!(ok && text.contains("Poste IT"), "{text}");
    // A wrong passphrase, and a command the service does not carry yet.
    let out = Command::new(env!("CARGO_BIN_EXE_carnet-admin"))
        .args(["--server", &address, "--pairing"])
        .arg(&pairing)
        .args([
            "--account",
            "Sophie Gagnon",
            "--passphrase-env",
            "CARNET_TEST_PASS",
            "search",
            "x",
        ])
        .env("CARNET_TEST_PASS", "pas la bonne")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("[wrong_passphrase]"));
    let (ok, _, err) = said(&remote(
        &address,
        &pairing,
        "Hélène Tremblay",
        &["contest", "list"],
    ));
    assert!(!ok && err.contains("[not_available]"), "{err}");

    // A request recorded and its identity checked through the service, then listed.
    let (ok, text, err) = said(&remote(
        &address,
        &pairing,
        "Sophie Gagnon",
        &[
            "request",
            "add",
            "--kind",
            "access",
            "--person",
            "1",
            "--channel",
            "email",
        ],
    ));
    assert!(ok, "{err}");
    let request: i64 = text.trim().parse().unwrap();
    let (ok, _, err) = said(&remote(
        &address,
        &pairing,
        "Sophie Gagnon",
        &[
            "request",
            "verify-identity",
            &request.to_string(),
            "--method",
            "known_in_person",
        ],
    ));
    assert!(ok, "{err}");
    let (ok, text, err) = said(&remote(
        &address,
        &pairing,
        "Sophie Gagnon",
        &["--json", "request", "list"],
    ));
    assert!(ok, "{err}");
    let list: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(list["counts"]["open"], 1, "{text}");

    // Any command of the schema by its name, with the same roles.
    let names = Command::new(env!("CARGO_BIN_EXE_carnet-admin"))
        .args(["service", "commands"])
        .output()
        .unwrap();
    let names = String::from_utf8_lossy(&names.stdout).into_owned();
    assert!(names.lines().any(|l| l == "list_contests"), "{names}");
    let (ok, text, err) = said(&remote(
        &address,
        &pairing,
        "Sophie Gagnon",
        &["--json", "service", "call", "list_contests"],
    ));
    assert!(ok && text.trim() == "[]", "{text}{err}");
    let (ok, _, err) = said(&remote(
        &address,
        &pairing,
        "Sophie Gagnon",
        &["service", "call", "run_purge"],
    ));
    assert!(!ok && err.contains("[not_permitted]"), "{err}");
    let (ok, _, err) = said(&remote(
        &address,
        &pairing,
        "Sophie Gagnon",
        &[
            "service",
            "call",
            "person_page",
            "--args",
            r#"{"id": "un"}"#,
        ],
    ));
    assert!(!ok && err.contains("[bad_request]"), "{err}");
    let (ok, _, err) = said(&remote(
        &address,
        &pairing,
        "Sophie Gagnon",
        &["service", "call", "person_page", "--args", "pas du json"],
    ));
    assert!(!ok && err.contains("[invalid_input]"), "{err}");
}
