//! Backups and a restore on a new PC from the command line.

use super::*;

#[test]
fn backup_and_restore_on_a_new_pc_from_the_command_line() {
    let (dir, db, rk_file) = club("quebec");
    ok(
        &db,
        &[
            "person",
            "add",
            "--given",
            "Hélène",
            "--family",
            "Bélanger",
            "--channel",
            "paper_form",
        ],
    );
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let missing = carnet(&db, &["backup"]);
    assert_eq!(
        missing.status.code(),
        Some(2),
        "no folder yet: says what to do"
    );
    assert!(String::from_utf8_lossy(&missing.stderr).contains("backup-settings --folder"));
    ok(
        &db,
        &[
            "backup-settings",
            "--folder",
            usb.to_str().unwrap(),
            "--keep-daily",
            "3",
        ],
    );
    let taken = json(&db, &["backup"]);
    let file = taken["backup"]["file"].as_str().unwrap().to_owned();
    assert_eq!(taken["backup"]["people_in_register"], 1);
    assert_eq!(json(&db, &["backups"]).as_array().unwrap().len(), 1);
    assert!(!std::fs::read(&file)
        .unwrap()
        .starts_with(b"SQLite format 3"));

    // The new PC: only the backup and the recovery key.
    let new_db = dir.path().join("nouveau").join("carnet.db");
    let with_key = |db: &Path, args: &[&str]| {
        admin(db)
            .arg("--recovery-key-file")
            .arg(&rk_file)
            .args(["--staff", "Martine", "--json"])
            .args(args)
            .output()
            .unwrap()
    };
    let seen = with_key(&new_db, &["inspect", &file]);
    assert!(seen.status.success());
    let restored = with_key(&new_db, &["restore", &file]);
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    let found = with_key(&new_db, &["search", "belanger"]);
    let found: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(found[0]["family_name"], "Bélanger");

    // A new key: the old sheet stops opening the register, the new one (and the
    // passphrase, sealed again) do.
    let new_sheet = dir.path().join("nouvelle-cle.txt");
    ok(
        &db,
        &[
            "key",
            "rekey",
            "--recovery-key-out",
            new_sheet.to_str().unwrap(),
            "--new-passphrase-env",
            "CARNET_TEST_PASS",
        ],
    );
    let old = with_key(&db, &["search", "belanger"]);
    assert_eq!(old.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&old.stderr).contains("wrong_key"));
    assert!(ok(&db, &["search", "belanger"]).contains("Bélanger"));
    let fresh = admin(&db)
        .arg("--recovery-key-file")
        .arg(&new_sheet)
        .args(["search", "belanger"])
        .output()
        .unwrap();
    assert!(fresh.status.success());
}
