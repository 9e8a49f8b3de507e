//! The encrypted file: what is on disk, how it is unlocked, and how it refuses.

mod common;

use carnet_core::Contexts;
use std::fs;

use carnet_core::consent::ConsentInput;
use carnet_core::consent::{ConsentAction, GivenBy};
use carnet_core::model::{Channel, Jurisdiction};
use carnet_core::register::migrations::{self, LATEST};
use carnet_core::register::{key_info_path, write_atomically};
use carnet_core::secret::{DbKey, RecoveryKey};
use carnet_core::{Code, Error, Protection, Register, Unlock, UnlockMethods, Vault};
use common::*;
use keyring_core::api::CredentialStoreApi;
use keyring_core::mock;

const MARKER: &str = "Qxzzyplaintextmarker";

fn assert_no_marker_in(dir: &std::path::Path) -> usize {
    let mut scanned = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = fs::read(&path).unwrap();
        scanned += 1;
        for needle in [
            MARKER.as_bytes(),
            MARKER.to_lowercase().as_bytes(),
            "Lefèvre".as_bytes(),
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} contains plaintext",
                path.display()
            );
        }
    }
    scanned
}

#[test]
fn files_on_disk_hold_no_plaintext_while_open_and_after_close() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let id = reg.people().add(&full_person(MARKER), now()).unwrap();
    reg.consent()
        .record(
            &ConsentInput {
                person_id: id,
                purpose: "newsletter".into(),
                purpose_version: None,
                action: ConsentAction::Granted,
                channel: Channel::PaperForm,
                given_by: GivenBy::Person,
                giver: None,
                evidence: format!("signed form {MARKER}"),
                occurred_at: now(),
            },
            now(),
        )
        .unwrap();
    // The WAL holds the latest pages while the register is open.
    let wal = path.with_file_name("carnet.db-wal");
    assert!(
        wal.exists() && fs::metadata(&wal).unwrap().len() > 0,
        "WAL mode is on and written"
    );
    assert!(
        assert_no_marker_in(dir.path()) >= 3,
        "database, WAL and key file were scanned"
    );
    assert_eq!(
        reg.people().search("lefevre", 10).unwrap().len(),
        1,
        "the data is really there"
    );
    drop(reg);
    assert_no_marker_in(dir.path());
    let header = &fs::read(&path).unwrap()[..16];
    assert_ne!(header, b"SQLite format 3\0", "no plain SQLite header");
}

#[test]
fn a_plain_sqlite_client_cannot_read_it() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    drop(reg);
    let plain = rusqlite::Connection::open(&path).unwrap();
    let err = plain
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap_err();
    assert_eq!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase)
    );
    // and the stock sqlite3 shell, when installed, says the same
    if let Ok(out) = std::process::Command::new("sqlite3")
        .arg(&path)
        .arg("SELECT * FROM people;")
        .output()
    {
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("not a database"));
    }
}

#[test]
fn unlocks_with_passphrase_and_recovery_key_and_refuses_wrong_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, rk, path) = fresh(dir.path(), Jurisdiction::France);
    let id = reg
        .people()
        .add(&person("Élodie", "Marchand", None), now())
        .unwrap();
    drop(reg);

    let reg = Register::open(&path, Unlock::Passphrase(PASS)).unwrap();
    assert_eq!(reg.people().get(id).unwrap().data.given_name, "Élodie");
    drop(reg);
    let reg = Register::open(
        &path,
        Unlock::RecoveryKey(&rk.to_lowercase().replace('-', " ")),
    )
    .unwrap();
    assert_eq!(
        reg.org().profile().unwrap().jurisdiction,
        Jurisdiction::France
    );
    drop(reg);

    let err = Register::open(&path, Unlock::Passphrase("pas le bon mot de passe")).unwrap_err();
    assert_eq!(err.code(), Code::WrongPassphrase);
    let other = RecoveryKey::from_key(&DbKey::generate().unwrap());
    let err = Register::open(&path, Unlock::RecoveryKey(other.expose())).unwrap_err();
    assert_eq!(err.code(), Code::WrongKey);
    let err = Register::open(&path, Unlock::RecoveryKey("ABCDE-12345")).unwrap_err();
    assert_eq!(err.code(), Code::InvalidRecoveryKey);

    // Without the key file, a wrong key is still told apart by SQLCipher itself.
    fs::remove_file(key_info_path(&path)).unwrap();
    let err = Register::open(&path, Unlock::RecoveryKey(other.expose())).unwrap_err();
    assert_eq!(err.code(), Code::WrongKey);
    let err = Register::open(&path, Unlock::Passphrase(PASS)).unwrap_err();
    assert_eq!(err.code(), Code::KeyInfoMissing);
    // The recovery key opens it and writes the key file again.
    Register::open(&path, Unlock::RecoveryKey(&rk)).unwrap();
    assert!(key_info_path(&path).exists());
}

#[test]
fn keyring_entry_missing_beside_an_existing_database_is_an_error_with_a_way_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let vault = Vault::with_store(mock::Store::new().unwrap());
    let created = Register::create(
        &path,
        Protection::Keyring(&vault),
        &profile(Jurisdiction::Quebec),
        now(),
    )
    .unwrap();
    let rk = created.recovery_key.expose().to_owned();
    let db_id = created.register.database_id().to_owned();
    let reg = created.register;
    reg.people()
        .add(&person("Noah", "Gagnon", None), now())
        .unwrap();
    drop(reg);
    assert_eq!(
        Register::unlock_methods(&path).unwrap(),
        UnlockMethods {
            keyring: true,
            passphrase: false,
            key_file_damaged: false
        }
    );
    Register::open(&path, Unlock::Keyring(&vault)).unwrap();

    vault.delete(&db_id).unwrap();
    let size_before = fs::metadata(&path).unwrap().len();
    let err = Register::open(&path, Unlock::Keyring(&vault)).unwrap_err();
    assert_eq!(err.code(), Code::KeyringEntryMissing);
    assert!(
        err.to_string().contains("recovery key"),
        "the message offers the way out"
    );
    assert_eq!(
        fs::metadata(&path).unwrap().len(),
        size_before,
        "nothing was written over it"
    );
    assert!(matches!(
        Register::create(
            &path,
            Protection::Keyring(&vault),
            &profile(Jurisdiction::Quebec),
            now()
        ),
        Err(Error::DatabaseExists)
    ));

    // Recovery on "a new PC": open with the recovery key, put the key back in the keyring.
    let mut reg = Register::open(&path, Unlock::RecoveryKey(&rk)).unwrap();
    assert_eq!(reg.people().count().unwrap(), 1);
    reg.remember_in_keyring(&vault, now()).unwrap();
    drop(reg);
    let reg = Register::open(&path, Unlock::Keyring(&vault)).unwrap();
    assert_eq!(reg.people().count().unwrap(), 1);
}

#[test]
fn keyring_failures_are_reported_without_creating_anything() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let store = mock::Store::new().unwrap();
    let vault = Vault::with_store(store.clone());
    // Make the very next keyring call fail as a locked keyring would.
    let entry = store.build("Carnet", "probe", None).unwrap();
    let cred: &mock::Cred = entry.as_any().downcast_ref().unwrap();
    cred.set_error(keyring_core::Error::NoStorageAccess("locked".into()));
    assert_eq!(
        vault.get("probe").unwrap_err().code(),
        Code::KeyringUnavailable
    );

    let created = Register::create(
        &path,
        Protection::Keyring(&vault),
        &profile(Jurisdiction::Quebec),
        now(),
    )
    .unwrap();
    drop(created);
    let id = fs::read_to_string(key_info_path(&path)).unwrap();
    let db_id = serde_json::from_str::<serde_json::Value>(&id).unwrap()["database_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let entry = store.build("Carnet", &db_id, None).unwrap();
    let cred: &mock::Cred = entry.as_any().downcast_ref().unwrap();
    cred.set_error(keyring_core::Error::NoStorageAccess("locked".into()));
    assert_eq!(
        Register::open(&path, Unlock::Keyring(&vault))
            .unwrap_err()
            .code(),
        Code::KeyringUnavailable
    );
    Register::open(&path, Unlock::Keyring(&vault)).expect("works once the keyring answers again");
}

#[test]
fn missing_files_and_foreign_files_are_refused_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    assert_eq!(
        Register::open(&path, Unlock::Passphrase(PASS))
            .unwrap_err()
            .code(),
        Code::DatabaseNotFound
    );
    assert!(!path.exists(), "opening never creates");

    // A plain SQLite database from another program.
    let other = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let rk = RecoveryKey::from_key(&DbKey::generate().unwrap());
    assert_eq!(
        Register::open(&other, Unlock::RecoveryKey(rk.expose()))
            .unwrap_err()
            .code(),
        Code::NotACarnetDatabase
    );

    // A damaged register: the key file says the key is right, but the pages are garbage.
    let (reg, rkey, path) = fresh(&dir.path().join("sub"), Jurisdiction::Quebec);
    drop(reg);
    let len = fs::metadata(&path).unwrap().len() as usize;
    fs::write(&path, vec![0x5Au8; len]).unwrap();
    let _ = fs::remove_file(path.with_file_name("carnet.db-wal"));
    assert_eq!(
        Register::open(&path, Unlock::RecoveryKey(&rkey))
            .unwrap_err()
            .code(),
        Code::NotACarnetDatabase
    );

    // An encrypted SQLCipher database of another application, with the right key.
    let foreign = dir.path().join("foreign.db");
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    let key = DbKey::generate().unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\"; CREATE TABLE t (x);",
        hex::encode(key.bytes())
    ))
    .unwrap();
    drop(conn);
    let err = Register::open(
        &foreign,
        Unlock::RecoveryKey(RecoveryKey::from_key(&key).expose()),
    )
    .unwrap_err();
    assert_eq!(err.code(), Code::NotACarnetDatabase);
}

#[test]
fn a_newer_database_is_refused_and_left_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    drop(reg);
    {
        let conn = raw(&path, &rk);
        conn.pragma_update(None, "user_version", LATEST + 1)
            .unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    let wal = path.with_file_name("carnet.db-wal");
    let before = (fs::read(&path).unwrap(), fs::read(&wal).ok());
    let err = Register::open(&path, Unlock::Passphrase(PASS)).unwrap_err();
    assert_eq!(err.code(), Code::DatabaseTooNew);
    assert!(
        matches!(err, Error::DatabaseTooNew { found, supported } if found == LATEST + 1 && supported == LATEST)
    );
    assert_eq!(
        fs::read(&path).unwrap(),
        before.0,
        "database file unchanged"
    );
    assert_eq!(fs::read(&wal).ok(), before.1, "WAL unchanged");
}

#[test]
fn creating_refuses_an_existing_file_and_weak_passphrases() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    fs::write(&path, b"precious").unwrap();
    let err = Register::create(
        &path,
        Protection::Passphrase {
            passphrase: PASS,
            params: FAST,
        },
        &profile(Jurisdiction::Quebec),
        now(),
    )
    .unwrap_err();
    assert_eq!(err.code(), Code::DatabaseExists);
    assert_eq!(fs::read(&path).unwrap(), b"precious");

    let path2 = dir.path().join("new.db");
    let err = Register::create(
        &path2,
        Protection::Passphrase {
            passphrase: "court",
            params: FAST,
        },
        &profile(Jurisdiction::Quebec),
        now(),
    )
    .unwrap_err();
    assert_eq!(err.code(), Code::WeakPassphrase);
    assert!(
        !path2.exists() && !key_info_path(&path2).exists(),
        "nothing left behind"
    );
}

#[test]
fn keys_and_personal_data_never_reach_error_messages() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let mut bad = full_person("X");
    bad.emails = vec!["zoe-secret-at-nowhere".into()];
    let err = reg.people().add(&bad, now()).unwrap_err();
    let shown = format!(
        "{err} {err:?} {}",
        serde_json::to_string(&carnet_core::ErrorBody::from(&err)).unwrap()
    );
    assert!(!shown.contains("zoe-secret"), "{shown}");
    drop(reg);
    let err = Register::open(&path, Unlock::Passphrase("wrong wrong wrong")).unwrap_err();
    let key_hex = hex::encode(RecoveryKey::parse(&rk).unwrap().bytes());
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(
            !text.contains(&key_hex) && !text.contains(&rk[..10]) && !text.contains("wrong wrong")
        );
    }
}

#[test]
fn each_migration_keeps_earlier_data_and_adds_its_part() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let (mut conn, _key) = keyed_connection(&path);

    // 0 → 1: the register tables.
    migrations::migrate_to(&mut conn, 1).unwrap();
    assert_eq!(migrations::user_version(&conn).unwrap(), 1);
    conn.execute_batch(
        "INSERT INTO people (id, given_name, family_name, sort_key, preferred_language, collection_channel, collected_on, created_at, updated_at)
         VALUES (7, 'Léa', 'Roy', 'roy', 'fr', 'paper_form', '2026-01-01', 't', 't');
         INSERT INTO name_tokens VALUES ('lea', 7), ('roy', 7);",
    )
    .unwrap();
    let has = |conn: &rusqlite::Connection, table: &str| -> bool {
        conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = ?1)",
            [table],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(!has(&conn, "consent_events"));

    // 1 → 2: the ledger, empty head, append-only triggers; people untouched.
    migrations::migrate_to(&mut conn, 2).unwrap();
    assert!(has(&conn, "consent_events") && has(&conn, "consent_events_no_update"));
    let head: (i64, Vec<u8>) = conn
        .query_row("SELECT count, last_hash FROM ledger_head", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(head, (0, vec![0u8; 32]));
    assert_eq!(
        conn.query_row("SELECT given_name FROM people WHERE id = 7", [], |r| r
            .get::<_, String>(
            0
        ))
        .unwrap(),
        "Léa"
    );
    assert_eq!(
        conn.query_row("SELECT count(*) FROM purposes", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        0
    );

    // 2 → 3: default purposes, each with a French and English first wording.
    migrations::migrate_to(&mut conn, 3).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM purposes p JOIN purpose_versions v ON v.purpose_id = p.id AND v.version = 1
             WHERE v.wording_fr <> '' AND v.wording_en <> '' AND v.label_fr <> ''",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 6);
    assert_eq!(migrations::user_version(&conn).unwrap(), 3);

    // 3 → 4: the request register, empty; earlier rows untouched.
    assert!(!has(&conn, "requests"));
    migrations::migrate_to(&mut conn, 4).unwrap();
    assert!(has(&conn, "requests") && has(&conn, "requests_open"));
    assert_eq!(
        conn.query_row("SELECT count(*) FROM requests", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        0
    );
    assert_eq!(
        conn.query_row("SELECT family_name FROM people WHERE id = 7", [], |r| {
            r.get::<_, String>(0)
        })
        .unwrap(),
        "Roy"
    );
    // its rules hold: an unknown kind is refused by the schema itself
    let bad = conn.execute(
        "INSERT INTO requests (kind, received_on, channel, person_id, requester, status, created_at) VALUES ('gossip', '2026-01-01', 'email', 7, 'person', 'received', 't')",
        [],
    );
    assert!(bad.is_err());
    conn.execute(
        "INSERT INTO requests (id, kind, received_on, channel, person_id, requester, status, decision, created_at)
         VALUES (3, 'access', '2026-01-02', 'email', 7, 'person', 'refused', 'mêlé à autrui', 't')",
        [],
    )
    .unwrap();

    // 4 → 5: refusals name a ground; the earlier request keeps its decision, with no ground.
    migrations::migrate_to(&mut conn, 5).unwrap();
    let kept: (String, Option<String>, String) = conn
        .query_row(
            "SELECT decision, refusal_ground, refusal_provision FROM requests WHERE id = 3",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(kept, ("mêlé à autrui".to_owned(), None, String::new()));
    assert!(conn
        .execute(
            "UPDATE requests SET refusal_ground = 'whim' WHERE id = 3",
            []
        )
        .is_err());
    conn.execute(
        "UPDATE requests SET refusal_ground = 'third_party' WHERE id = 3",
        [],
    )
    .unwrap();

    // 5 → 6: requests keep links to the consent events they caused; the links point at
    // real rows and are append-only.
    assert!(!has(&conn, "request_consent_events"));
    migrations::migrate_to(&mut conn, 6).unwrap();
    assert!(has(&conn, "request_consent_events"));
    let dangling = conn.execute(
        "INSERT INTO request_consent_events (request_id, seq) VALUES (3, 99)",
        [],
    );
    assert!(
        dangling.is_err(),
        "a link to no consent event must be refused"
    );
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO request_consent_events (request_id, seq) VALUES (3, 99);
         PRAGMA foreign_keys = ON;",
    )
    .unwrap();
    for change in [
        "UPDATE request_consent_events SET seq = 98",
        "DELETE FROM request_consent_events",
    ] {
        assert!(conn.execute(change, []).is_err(), "{change}");
    }
    assert_eq!(
        conn.query_row("SELECT decision FROM requests WHERE id = 3", [], |r| r
            .get::<_, String>(
            0
        ))
        .unwrap(),
        "mêlé à autrui"
    );
    assert_eq!(migrations::user_version(&conn).unwrap(), 6);
    migrations::migrate_to(&mut conn, LATEST).unwrap();
    assert_eq!(migrations::user_version(&conn).unwrap(), LATEST);
    // Re-running is a no-op.
    migrations::migrate_to(&mut conn, LATEST).unwrap();
    assert_eq!(
        conn.query_row("SELECT count(*) FROM purposes", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        6
    );
}

/// Real Secret Service (gnome-keyring under dbus-run-session in CI). Set
/// CARNET_REQUIRE_KEYRING=1 to make its absence a failure rather than a skip.
#[test]
fn os_keyring_round_trip() {
    let vault = Vault::os();
    if !vault.is_available() {
        assert!(
            std::env::var("CARNET_REQUIRE_KEYRING").is_err(),
            "the OS keyring was required but is not reachable"
        );
        eprintln!("skipped: no OS keyring here (run under dbus-run-session with gnome-keyring)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let created = Register::create(
        &path,
        Protection::Keyring(&vault),
        &profile(Jurisdiction::Quebec),
        now(),
    )
    .unwrap();
    let db_id = created.register.database_id().to_owned();
    let reg = created.register;
    reg.people()
        .add(&person("Chloé", "Bouchard", None), now())
        .unwrap();
    drop(reg);
    let reg = Register::open(&path, Unlock::Keyring(&Vault::os())).unwrap();
    assert_eq!(reg.people().search("chloe", 5).unwrap().len(), 1);
    drop(reg);
    vault.delete(&db_id).unwrap();
    assert_eq!(
        Register::open(&path, Unlock::Keyring(&vault))
            .unwrap_err()
            .code(),
        Code::KeyringEntryMissing
    );
}

#[test]
fn documents_are_written_whole_and_replace_the_old_file_only_when_complete() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("réponse Zoë.pdf");
    write_atomically(&path, b"first").unwrap();
    write_atomically(&path, b"second, longer").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"second, longer");
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [std::ffi::OsString::from("réponse Zoë.pdf")]);
    // A folder that does not exist: an I/O error that does not quote the path.
    let err = write_atomically(&dir.path().join("nope/Zoë.pdf"), b"x").unwrap_err();
    assert_eq!(err.code(), Code::Io);
    assert!(!format!("{err} {err:?}").contains("Zoë"), "{err:?}");
}

/// Every file in `dir` (names only), sorted.
fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_recovery_key_stays_unconfirmed_on_disk_until_the_office_confirms_it() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    assert!(reg.recovery_unconfirmed());
    assert_eq!(
        reg.recovery_key().unwrap().expose(),
        rk,
        "rebuilt from the open register"
    );
    drop(reg);
    // The app closed before the key was put away: every unlock still says so.
    let mut reg = Register::open(&path, Unlock::Passphrase(PASS)).unwrap();
    assert!(reg.recovery_unconfirmed());
    reg.confirm_recovery_key(now()).unwrap();
    drop(reg);
    let reg = Register::open(&path, Unlock::Passphrase(PASS)).unwrap();
    assert!(!reg.recovery_unconfirmed());
    assert_eq!(
        reg.recovery_key().unwrap_err().code(),
        Code::Conflict,
        "never shown again once put away"
    );
    drop(reg);
    // Typing the recovery key confirms it too: whoever typed it has it.
    let dir2 = tempfile::tempdir().unwrap();
    let (reg2, rk2, path2) = fresh(dir2.path(), Jurisdiction::France);
    drop(reg2);
    let reg2 = Register::open(&path2, Unlock::RecoveryKey(&rk2)).unwrap();
    assert!(!reg2.recovery_unconfirmed());
    assert!(
        reg2.key_file_set_aside().is_none(),
        "a sound key file stays in place"
    );
    drop(reg2);
    assert!(
        Register::unlock_methods(&path2).unwrap().passphrase,
        "the passphrase still opens it"
    );
    let reg = Register::open(&path, Unlock::Passphrase(PASS)).unwrap();
    assert!(reg
        .audit_log(10)
        .unwrap()
        .iter()
        .any(|e| e.action == "key.recovery_confirmed"));
    assert!(
        !fs::read_to_string(key_info_path(&path))
            .unwrap()
            .contains(&rk.replace('-', "")),
        "the key file never holds the recovery key"
    );
}

#[test]
fn a_damaged_key_file_gives_way_to_the_recovery_key_and_is_kept_aside() {
    for damage in [
        &b"{ this is not json"[..],
        &b"\x00\x01binary"[..],
        br#"{"format":1,"database_id":"x","key_check":"y","in_keyring":false,"passphrase":{"kdf":"argon2id-v19","params":{"m_kib":4294967295,"t":4294967295,"p":255},"salt":"00","nonce":"00","wrapped":"00"}}"#,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (reg, rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
        let id = reg.people().add(&person("Léa", "Roy", None), now()).unwrap();
        drop(reg);
        fs::write(key_info_path(&path), damage).unwrap();
        assert_eq!(
            Register::unlock_methods(&path).unwrap(),
            UnlockMethods { keyring: false, passphrase: false, key_file_damaged: true }
        );
        let err = Register::open(&path, Unlock::Passphrase(PASS)).unwrap_err();
        assert_eq!(err.code(), Code::KeyInfoDamaged);
        assert!(err.to_string().contains("recovery key"), "the message offers the way out");
        let vault = Vault::with_store(mock::Store::new().unwrap());
        assert_eq!(
            Register::open(&path, Unlock::Keyring(&vault)).unwrap_err().code(),
            Code::KeyInfoDamaged
        );

        let reg = Register::open(&path, Unlock::RecoveryKey(&rk)).unwrap();
        assert_eq!(reg.people().get(id).unwrap().data.given_name, "Léa");
        let aside = reg.key_file_set_aside().expect("the old file was set aside").to_owned();
        assert_eq!(fs::read(&aside).unwrap(), damage, "kept as it was");
        assert!(!reg.recovery_unconfirmed(), "the office just used it");
        drop(reg);
        // The new key file is sound: the recovery key opens without setting anything aside.
        let reg = Register::open(&path, Unlock::RecoveryKey(&rk)).unwrap();
        assert!(reg.key_file_set_aside().is_none());
        assert!(!Register::unlock_methods(&path).unwrap().key_file_damaged);
    }
}

#[test]
fn another_registers_key_file_gives_way_to_the_recovery_key() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    drop(reg);
    let other_dir = tempfile::tempdir().unwrap();
    let (other, _, other_path) = fresh(other_dir.path(), Jurisdiction::France);
    drop(other);
    // The other register has the same passphrase: the wrapped key opens, but it is the
    // other register's key.
    fs::copy(key_info_path(&other_path), key_info_path(&path)).unwrap();
    let err = Register::open(&path, Unlock::Passphrase(PASS)).unwrap_err();
    assert_eq!(err.code(), Code::KeyInfoDamaged);
    let reg = Register::open(&path, Unlock::RecoveryKey(&rk)).unwrap();
    assert_eq!(
        reg.org().profile().unwrap().jurisdiction,
        Jurisdiction::Quebec
    );
    assert!(reg.key_file_set_aside().is_some());
    drop(reg);
    let reg = Register::open(&path, Unlock::RecoveryKey(&rk)).unwrap();
    assert!(reg.key_file_set_aside().is_none());
    // The other register is untouched.
    Register::open(&other_path, Unlock::Passphrase(PASS)).unwrap();
}

#[test]
fn an_interrupted_creation_never_blocks_the_next_one_and_a_failure_removes_only_its_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    // What a crash mid-creation leaves: a staging folder, and at worst the key file
    // moved into place without its database.
    fs::create_dir(dir.path().join(".carnet-new-crashed")).unwrap();
    fs::write(key_info_path(&path), b"{\"format\":1}").unwrap();
    fs::write(dir.path().join("notes.txt"), b"the office's own file").unwrap();
    assert_eq!(
        Register::open(&path, Unlock::Passphrase(PASS))
            .unwrap_err()
            .code(),
        Code::DatabaseNotFound
    );
    let (reg, rk, _) = fresh(dir.path(), Jurisdiction::Quebec);
    drop(reg);
    Register::open(&path, Unlock::RecoveryKey(&rk)).unwrap();
    let names = names_in(dir.path());
    assert!(
        names.contains(&"carnet.db.carnet-key.orphan-1".to_owned()),
        "{names:?}"
    );
    assert!(names.contains(&"notes.txt".to_owned()));
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with(".carnet-new-"))
            .count(),
        1,
        "only the crashed staging folder is left; this creation's own is gone: {names:?}"
    );

    // A failed creation (the keyring refuses) leaves the folder as it found it.
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    fs::write(dir.path().join("notes.txt"), b"x").unwrap();
    let err = Register::create(
        &path,
        Protection::Keyring(&Vault::none()),
        &profile(Jurisdiction::Quebec),
        now(),
    )
    .unwrap_err();
    assert_eq!(err.code(), Code::KeyringUnavailable);
    assert_eq!(names_in(dir.path()), vec!["notes.txt".to_owned()]);
}

#[test]
fn a_second_writer_is_told_the_register_is_busy_and_nothing_is_half_done() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    reg.people()
        .add(&person("Alice", "Premier", None), now())
        .unwrap();
    // Another Carnet (the command line, say) is in the middle of a change.
    let other = raw(&path, &rk);
    other
        .execute_batch("BEGIN IMMEDIATE; UPDATE meta SET created_at = created_at;")
        .unwrap();
    let err = reg
        .people()
        .add(&person("Bruno", "Second", None), now())
        .unwrap_err();
    assert_eq!(err.code(), Code::RegisterBusy);
    assert!(err.to_string().contains("try again"));
    // Opening it meanwhile (the app starting while the command line writes) takes no
    // lock: the ledger's guards are read, not rewritten.
    let t0 = std::time::Instant::now();
    let reader = Register::open(&path, Unlock::Passphrase(PASS)).unwrap();
    assert!(t0.elapsed() < std::time::Duration::from_secs(2));
    assert_eq!(reader.people().count().unwrap(), 1);
    drop(reader);
    other.execute_batch("COMMIT;").unwrap();
    assert_eq!(
        reg.people().count().unwrap(),
        1,
        "nothing of the refused change was kept"
    );
    reg.people()
        .add(&person("Bruno", "Second", None), now())
        .unwrap();
    assert_eq!(reg.people().count().unwrap(), 2);
}

/// A register at version 6 with a version-1 ledger (raw evidence in the hash), one event
/// of it edited afterwards. Migration 7 moves the evidence out of the hash, re-chains,
/// and keeps the old tampering reported.
#[test]
fn migration_7_re_anchors_the_ledger_and_keeps_an_earlier_tampering_reported() {
    use carnet_core::consent::chain::v1;
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let key = DbKey::generate().unwrap();
    let rk = RecoveryKey::from_key(&key).expose().to_owned();
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\"; PRAGMA foreign_keys = ON; PRAGMA application_id = {};",
        hex::encode(key.bytes()),
        migrations::APPLICATION_ID
    ))
    .unwrap();
    migrations::migrate_to(&mut conn, 6).unwrap();
    conn.execute_batch(
        "INSERT INTO meta VALUES (1, 'db-v6', '2026-01-01T00:00:00.000Z');
         INSERT INTO organisation_profile (id, name, jurisdiction, paper, language) VALUES (1, 'Club', 'quebec', 'letter', 'fr');
         INSERT INTO people (id, given_name, family_name, sort_key, preferred_language, collection_channel, collected_on, created_at, updated_at)
         VALUES (1, 'Léa', 'Roy', 'roy', 'fr', 'paper_form', '2026-01-01', 't', 't');",
    )
    .unwrap();
    let mut prev = vec![0u8; 32];
    for seq in 1..=3i64 {
        let evidence = format!("formulaire signé par Léa Roy n{seq}");
        let occurred = format!("2026-01-0{seq}T10:00:00.000Z");
        let e = v1::Event {
            seq,
            person_id: 1,
            purpose_id: 1,
            purpose_version: 1,
            policy_version_id: None,
            action: "granted",
            channel: "paper_form",
            given_by: "person",
            giver_person_id: None,
            giver_org_id: None,
            evidence: &evidence,
            staff: "Sophie",
            occurred_at: &occurred,
            recorded_at: &occurred,
        };
        let hash = v1::hash(&prev, &e);
        conn.execute(
            "INSERT INTO consent_events (seq, person_id, purpose_id, purpose_version, action, channel, given_by, evidence,
                staff, occurred_at, recorded_at, prev_hash, hash)
             VALUES (?1, 1, 1, 1, 'granted', 'paper_form', 'person', ?2, 'Sophie', ?3, ?3, ?4, ?5)",
            rusqlite::params![seq, evidence, occurred, prev, hash.to_vec()],
        )
        .unwrap();
        prev = hash.to_vec();
    }
    conn.execute(
        "UPDATE ledger_head SET count = 3, last_hash = ?1",
        [prev.clone()],
    )
    .unwrap();
    // Someone edits event 2 before the upgrade.
    conn.execute_batch(
        "DROP TRIGGER consent_events_no_update; UPDATE consent_events SET channel = 'email' WHERE seq = 2;",
    )
    .unwrap();

    migrations::migrate_to(&mut conn, 7).unwrap();
    let texts: Vec<String> = conn
        .prepare("SELECT text FROM consent_evidence ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(texts.len(), 3);
    assert!(texts[1].ends_with("n2"));
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('consent_events')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!columns.contains(&"evidence".to_owned()), "{columns:?}");
    assert!(conn
        .execute("UPDATE consent_events SET channel = 'x'", [])
        .is_err());
    drop(conn);

    let reg = Register::open(&path, carnet_core::Unlock::RecoveryKey(&rk)).unwrap();
    // The upgrade kept a checked copy of the register as it was, under the same key.
    let before = carnet_core::backup::inspect_backup(
        &dir.path().join("carnet.db.before-v7.carnet-backup"),
        carnet_core::Unlock::RecoveryKey(&rk),
    )
    .unwrap();
    assert_eq!((before.schema, before.counts.consent_events), (7, 3));
    let report = reg.consent().verify_ledger().unwrap();
    assert!(report.problems.is_empty(), "{report:?}");
    assert_eq!(report.events, 3);
    assert_eq!(report.findings.len(), 1);
    assert_eq!(
        report.findings[0].origin,
        carnet_core::consent::FindingOrigin::Migration
    );
    assert_eq!(
        report.findings[0].problems,
        [carnet_core::consent::LedgerProblem::Altered { seq: 2 }]
    );
    assert!(report.needs_review);
    let history = reg.consent().history(1).unwrap();
    assert_eq!(history[1].evidence, "formulaire signé par Léa Roy n2");
}

/// Migration 8 adds the contests' tables to a register at version 7 and leaves its people
/// as they were; a draw, once written, is never edited.
#[test]
fn migration_8_adds_contests_and_keeps_people() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let (mut conn, _key) = keyed_connection(&path);
    migrations::migrate_to(&mut conn, 7).unwrap();
    conn.execute_batch(
        "INSERT INTO people (id, given_name, family_name, sort_key, preferred_language, collection_channel, collected_on, created_at, updated_at)
         VALUES (5, 'Léa', 'Roy', 'roy', 'fr', 'paper_form', '2026-01-01', 't', 't');",
    )
    .unwrap();
    migrations::migrate_to(&mut conn, 8).unwrap();
    assert_eq!(migrations::user_version(&conn).unwrap(), 8);
    conn.execute_batch(
        "INSERT INTO contests (id, name, kind, opens_on, closes_on, draw_on, claim_days, one_per, purpose,
            non_winner_days, winner_days, created_at)
         VALUES (1, 'Noël', 'free', '2026-11-01', '2026-11-30', '2026-12-05', 30, 'person', 'contest_communications', 90, 60, 't');
         INSERT INTO entries (id, contest_id, person_id, entered_on, channel, created_at) VALUES (1, 1, 5, '2026-11-02', 'email', 't');
         INSERT INTO draws (contest_id, seed, list, list_digest, drawn, drawn_at, staff)
         VALUES (1, zeroblob(32), '[1]', zeroblob(32), '[1]', 't', 'S');",
    )
    .unwrap();
    assert!(conn.execute("UPDATE draws SET list = '[2]'", []).is_err());
    assert!(conn.execute("DELETE FROM draws", []).is_err());
    // dates out of order are refused by the schema itself
    assert!(conn
        .execute(
            "INSERT INTO contests (name, kind, opens_on, closes_on, draw_on, claim_days, one_per, purpose,
                non_winner_days, winner_days, created_at)
             VALUES ('x', 'free', '2026-12-01', '2026-11-30', '2026-12-05', 30, 'person', 'p', 90, 60, 't')",
            []
        )
        .is_err());
    let name: String = conn
        .query_row("SELECT given_name FROM people WHERE id = 5", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(name, "Léa");
}

/// Migration 9 makes the newsletter purpose a list, keeps the office's retention rules
/// through the rebuild that adds billing, and its subscription terms refuse edits.
#[test]
fn migration_9_adds_lists_licences_and_keeps_retention_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let (mut conn, _key) = keyed_connection(&path);
    migrations::migrate_to(&mut conn, 8).unwrap();
    conn.execute_batch(
        "INSERT INTO retention_rules (category, months, updated_at, staff) VALUES ('former_people', 48, 't', 'Sophie');",
    )
    .unwrap();
    assert!(conn
        .execute(
            "INSERT INTO retention_rules (category, months, updated_at, staff) VALUES ('billing', 72, 't', 'S')",
            []
        )
        .is_err());
    migrations::migrate_to(&mut conn, 9).unwrap();
    assert_eq!(migrations::user_version(&conn).unwrap(), 9);
    let kept: (String, i64, String) = conn
        .query_row(
            "SELECT category, months, staff FROM retention_rules",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(kept, ("former_people".into(), 48, "Sophie".into()));
    conn.execute(
        "INSERT INTO retention_rules (category, months, updated_at, staff) VALUES ('billing', 72, 't', 'S')",
        [],
    )
    .unwrap();
    let list: (String, String) = conn
        .query_row(
            "SELECT l.name, p.code FROM newsletter_lists l JOIN purposes p ON p.id = l.purpose_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(list, ("Infolettre".into(), "newsletter".into()));
    // A licence needs exactly one licensee.
    assert!(conn
        .execute(
            "INSERT INTO licences (product, code, created_at) VALUES ('p', 'c', 't')",
            []
        )
        .is_err());
}

/// Migration 11 keeps every erasure record and lets a restore record its own.
#[test]
fn migration_11_keeps_erasures_and_allows_a_restores() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let (mut conn, _key) = keyed_connection(&path);
    migrations::migrate_to(&mut conn, 10).unwrap();
    conn.execute_batch(
        "INSERT INTO people (id, given_name, family_name, sort_key, preferred_language, collection_channel, collected_on, created_at, updated_at)
         VALUES (5, '', '', '', 'fr', 'paper_form', '2026-01-01', 't', 't');
         INSERT INTO erasures (person_id, origin, executed_at, staff, summary) VALUES (5, 'retention', 't', 'S', '{}');",
    )
    .unwrap();
    let restore = "INSERT INTO erasures (person_id, origin, executed_at, staff, summary) VALUES (5, 'restore', 't', 'S', '{}')";
    assert!(conn.execute(restore, []).is_err());
    migrations::migrate_to(&mut conn, 11).unwrap();
    let kept: String = conn
        .query_row("SELECT origin FROM erasures WHERE person_id = 5", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, "retention");
    conn.execute(restore, []).unwrap();
}

#[test]
fn migration_12_adds_staff_accounts_and_keeps_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let (mut conn, _key) = keyed_connection(&path);
    migrations::migrate_to(&mut conn, 11).unwrap();
    conn.execute_batch(
        "INSERT INTO audit_log (at, staff, action, entity) VALUES ('t', 'Sophie', 'person.create', 'person');",
    )
    .unwrap();
    migrations::migrate_to(&mut conn, 12).unwrap();
    let kept: String = conn
        .query_row("SELECT staff FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, "Sophie");
    let add = |folded: &str, role: &str, slot: Option<Vec<u8>>, removed: Option<&str>| {
        conn.execute(
            "INSERT INTO staff_accounts (name, folded, role, slot_key, created_at, removed_at) VALUES ('N', ?1, ?2, ?3, 't', ?4)",
            rusqlite::params![folded, role, slot, removed],
        )
    };
    add("a", "privacy_officer", Some(vec![7; 32]), None).unwrap();
    // A name is never given twice, a role is one of the two, a key is 32 bytes, and a
    // removed account keeps no key.
    assert!(add("a", "office_staff", Some(vec![7; 32]), None).is_err());
    assert!(add("b", "admin", Some(vec![7; 32]), None).is_err());
    assert!(add("c", "office_staff", Some(vec![7; 16]), None).is_err());
    assert!(add("d", "office_staff", Some(vec![7; 32]), Some("t")).is_err());
    assert!(add("e", "office_staff", None, None).is_err());
    add("f", "office_staff", None, Some("t")).unwrap();
}

#[test]
fn migration_13_adds_the_journal_key_to_meta() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let (mut conn, _key) = keyed_connection(&path);
    migrations::migrate_to(&mut conn, 12).unwrap();
    conn.execute_batch("INSERT INTO meta (id, database_id, created_at) VALUES (1, 'abc', 't');")
        .unwrap();
    migrations::migrate_to(&mut conn, 13).unwrap();
    let (id, k): (String, Option<Vec<u8>>) = conn
        .query_row("SELECT database_id, journal_key FROM meta", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((id.as_str(), k), ("abc", None));
    assert!(conn
        .execute("UPDATE meta SET journal_key = x'00'", [])
        .is_err());
    conn.execute("UPDATE meta SET journal_key = randomblob(32)", [])
        .unwrap();
}

#[test]
fn migration_16_adds_how_to_reach_the_person_in_charge_and_keeps_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let (mut conn, _key) = keyed_connection(&path);
    migrations::migrate_to(&mut conn, 15).unwrap();
    conn.execute_batch(
        "INSERT INTO organisation_profile (id, name, address, privacy_contact, jurisdiction, paper, language)
         VALUES (1, 'École', '45 rue Saint-Denis', 'Hélène Tremblay, 514 555-0100', 'quebec', 'letter', 'fr');",
    )
    .unwrap();
    migrations::migrate_to(&mut conn, 16).unwrap();
    let kept: (String, String, String, String) = conn
        .query_row(
            "SELECT address, privacy_contact, privacy_email, privacy_phone FROM organisation_profile",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        kept,
        (
            "45 rue Saint-Denis".into(),
            "Hélène Tremblay, 514 555-0100".into(),
            String::new(),
            String::new()
        )
    );
}

/// The unlock screen names whose register it opens from the key file (no key needed),
/// and the name follows a change of the organisation's name.
#[test]
fn the_key_file_names_the_organisation_for_the_unlock_screen() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _rk, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let name = reg.org().profile().unwrap().name;
    assert!(!name.is_empty());
    assert_eq!(carnet_core::register::organisation_beside(&path), name);
    let mut p = reg.org().profile().unwrap();
    p.name = "Club des jeunes pianistes".into();
    reg.org().update_profile(&p, chrono::Utc::now()).unwrap();
    assert_eq!(
        carnet_core::register::organisation_beside(&path),
        "Club des jeunes pianistes"
    );
    // A register without a key file, or with one from before: nothing to show.
    assert_eq!(
        carnet_core::register::organisation_beside(&dir.path().join("none.db")),
        ""
    );
}

/// What each schema version makes, frozen: a shipped migration never changes, wherever its
/// SQL lives (each context keeps its own part of a version). The fingerprint is SHA-256 of
/// `sqlite_master` (type, name, table, SQL with runs of white space made one), sorted.
#[test]
fn each_schema_version_makes_what_it_shipped_with() {
    use sha2::{Digest, Sha256};
    const SHIPPED: &[&str] = &[
        "04f79ed3fc2691bc", // 1
        "a2707b459a2fc369", // 2
        "73803a37c2d7dd32", // 3
        "fbbf848fbe7ca493", // 4
        "397924f8b2a5da43", // 5
        "129977b5b1acff18", // 6
        "2ec921e6acf7182c", // 7
        "f8f05842cbbc801e", // 8
        "fd898abb815e991a", // 9
        "f6ffeb1bbb6e7fb5", // 10
        "4adbd2b39351a300", // 11
        "811b83b85ecd9cdb", // 12
        "bffc487e2424ed26", // 13
        "1c6840af5c3912db", // 14
        "6f80fb9f013e7ae0", // 15
        "79732a1c167d003d", // 16
        "890f6b64c219a477", // 17
        "a956f6efa13107c3", // 18
        "2bdb148cea3072ed", // 19
        "19b230a27d1e46cf", // 20
        "4fd2af85cc1ba707", // 21
    ];
    let dir = tempfile::tempdir().unwrap();
    let (mut conn, _key) = keyed_connection(&db_path(dir.path()));
    let mut found = Vec::new();
    for version in 1..=LATEST {
        migrations::migrate_to(&mut conn, version).unwrap();
        let mut stmt = conn
            .prepare("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name")
            .unwrap();
        let mut hash = Sha256::new();
        let rows = stmt
            .query_map([], |r| {
                Ok([r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?])
            })
            .unwrap();
        for row in rows {
            for part in row.unwrap() {
                hash.update(part.split_whitespace().collect::<Vec<_>>().join(" "));
                hash.update([0]);
            }
        }
        // And the rows a version writes (the purposes every organisation starts with).
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for table in tables {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let width = stmt.column_count();
            let mut rows = stmt.query([]).unwrap();
            while let Some(row) = rows.next().unwrap() {
                for i in 0..width {
                    hash.update(format!("{:?}", row.get_ref(i).unwrap()));
                    hash.update([0]);
                }
            }
        }
        found.push(hex::encode(&hash.finalize()[..8]));
    }
    assert_eq!(
        found, SHIPPED,
        "a shipped schema version changed (or a new one needs its fingerprint added)"
    );
}

/// A client's request id is recorded with the first audit row of its write (same
/// transaction), found again by a retry, and forgotten once old.
#[test]
fn request_ids_are_recorded_with_their_write_and_forgotten_when_old() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let old = now() - chrono::Duration::days(40);
    reg.set_request_id(Some("1:2:ajout-ancien:abc"));
    let first = reg
        .people()
        .add(&person("Ancien", "Ajout", None), old)
        .unwrap();
    reg.set_request_id(Some("1:2:ajout-recent:abc"));
    reg.people()
        .add(&person("Récent", "Ajout", None), now())
        .unwrap();
    reg.set_request_id(None);
    // A read or a write without an id records nothing more.
    reg.people()
        .add(&person("Sans", "Identifiant", None), now())
        .unwrap();
    let found = reg
        .applied_request("1:2:ajout-ancien:abc")
        .unwrap()
        .unwrap();
    assert_eq!(
        (found.action.as_str(), found.entity_id),
        ("person.create", Some(first))
    );
    assert_eq!(
        reg.forget_applied_requests(now() - chrono::Duration::days(30), now())
            .unwrap(),
        1
    );
    assert!(reg
        .applied_request("1:2:ajout-ancien:abc")
        .unwrap()
        .is_none());
    assert!(reg
        .applied_request("1:2:ajout-recent:abc")
        .unwrap()
        .is_some());
}
