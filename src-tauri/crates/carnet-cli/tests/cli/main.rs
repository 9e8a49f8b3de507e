//! The command-line companion, run as the IT helper would run it: a file per context,
//! the helpers here.

use std::path::Path;
use std::process::{Command, Output};

const PASS: &str = "une phrase de passe solide";

/// carnet-admin on the register `db`, its other options still to add.
fn admin(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_carnet-admin"));
    c.arg("--db").arg(db);
    c
}

fn carnet(db: &Path, args: &[&str]) -> Output {
    admin(db)
        .args(["--passphrase-env", "CARNET_TEST_PASS", "--staff", "Martine"])
        .args(args)
        .env("CARNET_TEST_PASS", PASS)
        .output()
        .unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = carnet(db, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(db, &all)).unwrap()
}

/// A new register "Club" in `dir` (`reg.db`), its recovery key written to `recovery.txt`
/// beside it: (register, recovery key file).
fn init_in(dir: &Path, jurisdiction: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let db = dir.join("reg.db");
    let rk_file = dir.join("recovery.txt");
    ok(
        &db,
        &[
            "init",
            "--org-name",
            "Club",
            "--jurisdiction",
            jurisdiction,
            "--recovery-key-out",
            rk_file.to_str().unwrap(),
        ],
    );
    (db, rk_file)
}

/// [`init_in`] a fresh folder, kept while the folder lives: (folder, register, recovery key
/// file).
fn club(jurisdiction: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (db, rk_file) = init_in(dir.path(), jurisdiction);
    (dir, db, rk_file)
}

/// Runs carnet-admin as a staff account (its passphrase in CARNET_TEST_ACCOUNT_PASS).
fn as_account(db: &Path, account: &str, pass: &str, args: &[&str]) -> Output {
    admin(db)
        .args([
            "--account",
            account,
            "--passphrase-env",
            "CARNET_TEST_ACCOUNT_PASS",
        ])
        .args(args)
        .env("CARNET_TEST_ACCOUNT_PASS", pass)
        .env("CARNET_TEST_NEW_PASS", "le secrétariat a le sien aussi")
        .output()
        .unwrap()
}

/// A register in `dir` with two accounts: Hélène, the person in charge (her passphrase is
/// the register's), and Sophie, office staff.
fn office_of_two(dir: &Path, jurisdiction: &str) -> std::path::PathBuf {
    let (db, _) = init_in(dir, jurisdiction);
    // The first account (the person in charge), made with the register's passphrase.
    let out = admin(&db)
        .args(["--passphrase-env", "CARNET_TEST_PASS", "account", "add"])
        .args(["--name", "Hélène", "--role", "privacy_officer"])
        .args(["--new-passphrase-env", "CARNET_TEST_PASS"])
        .env("CARNET_TEST_PASS", PASS)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = as_account(
        &db,
        "helene",
        PASS,
        &[
            "account",
            "add",
            "--name",
            "Sophie",
            "--role",
            "office_staff",
            "--new-passphrase-env",
            "CARNET_TEST_NEW_PASS",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

mod accounts;
mod backup;
mod contests;
mod exchange;
mod privacy;
mod register;
mod service;
