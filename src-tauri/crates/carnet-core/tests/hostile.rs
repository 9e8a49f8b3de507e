//! Hostile input, fed at random for a bounded number of cases on every run: recovery keys,
//! key files, backup files, mailing-tool files and the JSON the app's commands decode.
//! Each is refused with its own error or read; none panics, none writes over the file.

mod common;

use carnet_core::Contexts;
use std::cell::RefCell;
use std::fs;

use carnet_core::backup::inspect_backup;
use carnet_core::exchange::read_table;
use carnet_core::licences::LicenceInput;
use carnet_core::model::Jurisdiction;
use carnet_core::newsletter::MailingFormat;
use carnet_core::newsletter::{MailingImport, Subscription};
use carnet_core::register::key_info_path;
use carnet_core::secret::RecoveryKey;
use carnet_core::{Code, Register, Unlock};
use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        ..Config::default()
    })
}

#[test]
fn any_typed_recovery_key_is_read_or_refused_as_such() {
    runner(2_000)
        .run(&"[0-9A-Za-z \\-]{0,80}", |text| {
            match RecoveryKey::parse(&text) {
                Ok(_) => {}
                Err(e) => prop_assert_eq!(e.code(), Code::InvalidRecoveryKey),
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_damaged_key_file_is_named_and_the_recovery_key_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, recovery, path) = fresh(dir.path(), Jurisdiction::Quebec);
    drop(reg);
    let database = fs::read(&path).unwrap();
    let good = fs::read(key_info_path(&path)).unwrap();
    let strategy = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        // JSON of the right shape with fields out of bounds or of the wrong kind.
        "\\{\"format\":[0-9],\"database_id\":\"[a-z0-9]{0,8}\",\"key_check\":\"[0-9a-f]{0,64}\",\"in_keyring\":(true|false),\"passphrase\":(null|\\{\\})\\}"
            .prop_map(String::into_bytes),
    ];
    runner(64)
        .run(&strategy, |bytes| {
            fs::write(key_info_path(&path), &bytes).unwrap();
            let err = Register::open(&path, Unlock::Passphrase(PASS)).unwrap_err();
            prop_assert!(
                matches!(
                    err.code(),
                    Code::KeyInfoDamaged | Code::PassphraseNotSet | Code::WrongKey
                ),
                "{:?}",
                err
            );
            prop_assert_eq!(
                &fs::read(&path).unwrap(),
                &database,
                "the register untouched"
            );
            Ok(())
        })
        .unwrap();
    // The recovery key still opens it, and a sound key file is written again.
    Register::open(&path, Unlock::RecoveryKey(&recovery)).unwrap();
    fs::write(key_info_path(&path), good).unwrap();
}

#[test]
fn a_damaged_or_foreign_backup_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, recovery, _) = fresh(dir.path(), Jurisdiction::France);
    reg.people().add(&full_person("Qzwhostile"), now()).unwrap();
    let out = dir.path().join("b");
    fs::create_dir(&out).unwrap();
    let (info, _) = reg.backups().backup_to(&out, now()).unwrap();
    let whole = fs::read(&info.file).unwrap();
    let probe = out.join("carnet-2026-11-24T10-00-01Z.carnet-backup");
    let len = whole.len();
    let strategy = (0..len, any::<u8>(), any::<bool>());
    runner(48)
        .run(&strategy, |(at, byte, cut)| {
            let mut bytes = whole.clone();
            if cut {
                bytes.truncate(at);
            } else if bytes[at] != byte {
                bytes[at] = byte;
            } else {
                bytes[at] = byte ^ 1;
            }
            fs::write(&probe, &bytes).unwrap();
            let seen = inspect_backup(&probe, Unlock::RecoveryKey(&recovery));
            prop_assert!(seen.is_err(), "a changed backup is never taken as sound");
            prop_assert_eq!(&fs::read(&probe).unwrap(), &bytes);
            Ok(())
        })
        .unwrap();
}

#[test]
fn any_mailing_tool_file_is_checked_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let reg = RefCell::new(reg);
    let headers = prop_oneof![
        Just("Email Address,First Name,Last Name,OPTIN_TIME,CONFIRM_TIME".to_owned()),
        Just("Email Address,UNSUB_TIME".to_owned()),
        Just("Email Address,CLEAN_TIME".to_owned()),
        Just("EMAIL;PRENOM;NOM;EMAIL_BLACKLISTED;ADDED_TIME".to_owned()),
        "[A-Za-z_ ,;]{0,40}",
    ];
    let strategy = (
        headers,
        proptest::collection::vec("[a-z0-9@.,;\" :T+-]{0,40}", 0..20),
        prop_oneof![Just(MailingFormat::Mailchimp), Just(MailingFormat::Brevo)],
    );
    runner(128)
        .run(&strategy, |(head, lines, format)| {
            let text = format!("{head}\n{}", lines.join("\n"));
            if let Ok(table) = read_table(text.as_bytes()) {
                let r = reg.borrow_mut().newsletter().import_mailing(
                    &table,
                    MailingImport {
                        list_id: 1,
                        format,
                        dry_run: true,
                    },
                    now(),
                );
                if let Err(e) = r {
                    prop_assert_eq!(e.code(), Code::InvalidInput);
                }
            }
            Ok(())
        })
        .unwrap();
    assert_eq!(
        reg.borrow().people().count().unwrap(),
        0,
        "dry runs wrote nothing"
    );
}

#[test]
fn the_json_the_app_sends_decodes_or_is_refused() {
    runner(1_000)
        .run(&"[\\[\\]{}:,\"0-9a-z_ .-]{0,120}", |text| {
            let _ = serde_json::from_str::<Subscription>(&text);
            let _ = serde_json::from_str::<LicenceInput>(&text);
            let _ = serde_json::from_str::<carnet_core::exchange::PeopleImport>(&text);
            let _ = serde_json::from_str::<carnet_core::people::PersonInput>(&text);
            Ok(())
        })
        .unwrap();
}
