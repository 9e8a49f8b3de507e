//! Backups: encrypted, verified, rotated, honouring erasure; restored on a "new PC" with
//! the recovery key alone, the register they replace kept aside.

mod common;

use carnet_core::Contexts;
use std::fs;
use std::path::Path;

use carnet_core::backup::{backups_in, inspect_backup, restore, BackupSettings};
use carnet_core::model::Jurisdiction;
use carnet_core::privacy::ErasureInput;
use carnet_core::{Code, Error, Protection, Register, Unlock, Vault};
use chrono::{Duration, TimeZone, Utc};
use common::*;

const MARKER: &str = "Qzwbackupmarker";

/// Every file in `dir` (names), hidden ones included.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_backup_is_encrypted_checked_and_holds_everything() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, recovery, _) = fresh(dir.path(), Jurisdiction::Quebec);
    for i in 0..50 {
        reg.people()
            .add(&full_person(&format!("{MARKER}{i}")), now())
            .unwrap();
    }
    let out = dir.path().join("usb");
    fs::create_dir(&out).unwrap();
    let (info, rotation) = reg.backups().backup_to(&out, now()).unwrap();
    assert_eq!(info.counts.people, 50);
    assert_eq!(rotation.kept, 1);
    // The register's id in the names: another register's backups in the same folder are
    // never taken for its own.
    let id = &reg.database_id()[..12];
    let name = &format!("carnet-{id}-2026-11-24T10-00-00Z.carnet-backup");
    let journal = format!("carnet-erasures-{id}.json");
    let mut expected = [
        name.to_owned(),
        format!("{name}.carnet-key"),
        journal.clone(),
    ];
    expected.sort();
    assert_eq!(
        files(&out),
        expected,
        "the backup, its key file and the erasure journal, no temporary file left"
    );
    let bytes = fs::read(out.join(name)).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    assert!(
        !contains(&bytes, MARKER),
        "no plain text of a person in the backup"
    );
    assert_eq!(reg.backups().last().unwrap(), Some(now()));
    assert!(
        !reg.backups().due(now() + Duration::days(3)).unwrap(),
        "no folder chosen: no backup is due on its own"
    );

    // What it holds, shown before a restore: with the recovery key or the passphrase.
    let seen = inspect_backup(&out.join(name), Unlock::RecoveryKey(&recovery)).unwrap();
    assert_eq!((seen.people_in_register, seen.taken_at), (50, Some(now())));
    assert_eq!(seen.organisation, profile(Jurisdiction::Quebec).name);
    inspect_backup(&out.join(name), Unlock::Passphrase(PASS)).unwrap();

    // Refusals, each its own and none touching the file.
    let other = tempfile::tempdir().unwrap();
    let (_, other_key, _) = fresh(other.path(), Jurisdiction::France);
    let before = fs::read(out.join(name)).unwrap();
    let err = inspect_backup(&out.join(name), Unlock::RecoveryKey(&other_key)).unwrap_err();
    assert_eq!(err.code(), Code::WrongKey);
    let truncated = out.join("carnet-2026-11-24T11-00-00Z.carnet-backup");
    fs::write(&truncated, &before[..before.len() / 2]).unwrap();
    assert!(inspect_backup(&truncated, Unlock::RecoveryKey(&recovery)).is_err());
    let plain = out.join("carnet-2026-11-24T12-00-00Z.carnet-backup");
    rusqlite::Connection::open(&plain)
        .unwrap()
        .execute_batch("CREATE TABLE t (x);")
        .unwrap();
    assert_eq!(
        inspect_backup(&plain, Unlock::RecoveryKey(&recovery))
            .unwrap_err()
            .code(),
        Code::NotACarnetDatabase
    );
    assert_eq!(fs::read(out.join(name)).unwrap(), before);
}

/// The drill: the PC is gone (and its keyring with it); the office installs Carnet on a
/// new one, restores the backup with the recovery key, and finds every record.
#[test]
fn recovery_drill_on_a_new_pc_with_the_recovery_key_alone() {
    let old_pc = tempfile::tempdir().unwrap();
    let vault = Vault::os();
    let created = Register::create(
        &db_path(old_pc.path()),
        Protection::Keyring(&vault),
        &profile(Jurisdiction::France),
        now(),
    )
    .unwrap();
    let recovery = created.recovery_key.expose().to_owned();
    let mut reg = created.register;
    reg.set_staff("Sophie");
    let ids: Vec<i64> = (0..20)
        .map(|i| {
            reg.people()
                .add(&full_person(&format!("{MARKER}{i}")), now())
                .unwrap()
        })
        .collect();
    let usb = tempfile::tempdir().unwrap();
    let (info, _) = reg.backups().backup_to(usb.path(), now()).unwrap();
    let pages: Vec<_> = ids
        .iter()
        .map(|id| reg.people().get(*id).unwrap())
        .collect();
    let ledger = reg.consent().verify_ledger().unwrap();
    let database_id = reg.database_id().to_owned();
    drop(reg);
    vault.delete(&database_id).unwrap();

    // The new PC: a register already started there by mistake is kept aside.
    let new_pc = tempfile::tempdir().unwrap();
    let target = db_path(new_pc.path());
    let (stray, _, _) = fresh(new_pc.path(), Jurisdiction::Quebec);
    drop(stray);
    // Another register stands there: the restore asks first, naming the backup's.
    let err = restore(&info.file, &target, Unlock::RecoveryKey(&recovery), now()).unwrap_err();
    assert_eq!(err.code(), Code::OtherRegister);
    assert!(err.to_string().contains("mélomanes"));
    let done = carnet_core::backup::restore_with(
        &info.file,
        &target,
        Unlock::RecoveryKey(&recovery),
        now(),
        carnet_core::backup::RestoreAllow {
            other_register: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(done.set_aside.len(), 2, "{:?}", done.set_aside);
    assert!(done.set_aside[0]
        .to_string_lossy()
        .ends_with("carnet.db.before-restore-1"));
    let mut reg = done.register;
    for p in &pages {
        assert_eq!(&reg.people().get(p.id).unwrap(), p);
    }
    assert_eq!(
        reg.consent().verify_ledger().unwrap().head_hash,
        ledger.head_hash
    );
    reg.remember_in_keyring(&vault, now()).unwrap();
    drop(reg);
    let reg = Register::open(&target, Unlock::Keyring(&vault)).unwrap();
    assert_eq!(reg.people().count().unwrap(), 20);
    // The register that stood there still opens from where it was set aside.
    Register::open(&done.set_aside[0], Unlock::Passphrase(PASS)).unwrap();
    vault.delete(&database_id).unwrap();
}

#[test]
fn rotation_keeps_days_and_months_and_forgets_the_erased_in_time() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let gone = reg.people().add(&full_person("Qzwgone"), now()).unwrap();
    let out = dir.path().join("backups");
    fs::create_dir(&out).unwrap();
    reg.backups()
        .set_settings(
            &BackupSettings {
                folder: Some(out.clone()),
                keep_daily: 3,
                keep_monthly: 2,
                erased_days: 30,
            },
            now(),
        )
        .unwrap();
    let start = Utc.with_ymd_and_hms(2026, 9, 1, 12, 0, 0).unwrap();
    // A backup a day for ten days in September, then three in October.
    for d in 0..10 {
        reg.backups()
            .backup_to(&out, start + Duration::days(d))
            .unwrap();
    }
    let names = |out: &Path| -> Vec<String> {
        backups_in(out)
            .unwrap()
            .iter()
            .map(|b| b.taken_at.format("%m-%d").to_string())
            .collect()
    };
    assert_eq!(names(&out), ["09-10", "09-09", "09-08"]);
    for d in [30, 31, 32] {
        reg.backups()
            .backup_to(&out, start + Duration::days(d))
            .unwrap();
    }
    assert_eq!(
        names(&out),
        ["10-03", "10-02", "10-01", "09-10"],
        "three days, and September's newest for its month"
    );
    let last = start + Duration::days(32);
    assert!(!reg.backups().due(last + Duration::hours(23)).unwrap());
    assert!(reg.backups().due(last + Duration::hours(24)).unwrap());

    // Erased on 10 October: backups from before keep the person 30 days, not one more.
    let erased_at = Utc.with_ymd_and_hms(2026, 10, 10, 12, 0, 0).unwrap();
    reg.privacy()
        .erase(
            &ErasureInput {
                request_id: None,
                person_ids: vec![gone],
            },
            "Zoëqzwgone Lefèvre-Cœurdeveyqzwgone",
            erased_at,
        )
        .unwrap();
    let day_after = erased_at + Duration::days(1);
    reg.backups().backup_to(&out, day_after).unwrap();
    assert_eq!(names(&out).len(), 4, "within 30 days the old ones stay");
    let rotation = reg
        .backups()
        .rotate(&out, erased_at + Duration::days(30))
        .unwrap();
    assert_eq!(rotation.removed_for_erasure, 3);
    assert_eq!(
        names(&out),
        ["10-11"],
        "only the backup taken after the erasure"
    );
    assert_eq!(
        files(&out).len(),
        3,
        "and its key file, and the erasure journal"
    );
    let err = reg
        .backups()
        .set_settings(
            &BackupSettings {
                folder: Some(dir.path().join("nowhere")),
                ..BackupSettings::default()
            },
            now(),
        )
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput {
            field: carnet_core::Field::BackupFolder,
            ..
        }
    ));
}

/// Re-keying: a leaked recovery sheet or a departed colleague's passphrase stops opening
/// the register; the new sheet, the new passphrase and the keyring do; nothing is lost.
#[test]
fn a_new_key_retires_the_old_sheet_and_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, old_sheet, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let id = reg.people().add(&full_person("Qzwrekey"), now()).unwrap();
    let out = dir.path().join("b");
    fs::create_dir(&out).unwrap();
    let (before, _) = reg.backups().backup_to(&out, now()).unwrap();
    let page = reg.people().get(id).unwrap();
    let pending = reg.prepare_rekey().unwrap();
    let new_sheet = pending.recovery_key().expose().to_owned();
    assert_ne!(new_sheet, old_sheet);
    reg.apply_rekey(
        pending,
        &Vault::none(),
        Some((
            "une toute nouvelle phrase",
            carnet_core::secret::KdfParams {
                m_kib: 1024,
                t: 1,
                p: 1,
            },
        )),
        now(),
    )
    .unwrap();
    drop(reg);
    assert_eq!(
        Register::open(&path, Unlock::RecoveryKey(&old_sheet))
            .unwrap_err()
            .code(),
        Code::WrongKey
    );
    assert_eq!(
        Register::open(&path, Unlock::Passphrase(PASS))
            .unwrap_err()
            .code(),
        Code::WrongPassphrase
    );
    let reg = Register::open(&path, Unlock::Passphrase("une toute nouvelle phrase")).unwrap();
    assert_eq!(reg.people().get(id).unwrap(), page);
    assert!(reg.consent().verify_ledger().unwrap().problems.is_empty());
    assert!(reg.integrity_ok().unwrap());
    drop(reg);
    Register::open(&path, Unlock::RecoveryKey(&new_sheet)).unwrap();
    // A backup taken before keeps the key it was taken with.
    inspect_backup(&before.file, Unlock::RecoveryKey(&old_sheet)).unwrap();
    assert!(inspect_backup(&before.file, Unlock::RecoveryKey(&new_sheet)).is_err());
    assert!(!contains(&fs::read(&path).unwrap(), "Qzwrekey"));
}

/// A restore never undoes an erasure: someone erased after the backup was taken is erased
/// again in the restored register (read from the register the restore sets aside).
#[test]
fn a_restore_erases_again_who_was_erased_since_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, recovery, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let stays = reg.people().add(&full_person("Qzwstays"), now()).unwrap();
    let gone = reg.people().add(&full_person("Qzwgone"), now()).unwrap();
    let out = dir.path().join("b");
    fs::create_dir(&out).unwrap();
    let (info, _) = reg.backups().backup_to(&out, now()).unwrap();
    reg.privacy()
        .erase(
            &ErasureInput {
                request_id: None,
                person_ids: vec![gone],
            },
            "Zoëqzwgone Lefèvre-Cœurdeveyqzwgone",
            now() + Duration::hours(1),
        )
        .unwrap();
    drop(reg);
    let done = restore(
        &info.file,
        &path,
        Unlock::RecoveryKey(&recovery),
        now() + Duration::hours(2),
    )
    .unwrap();
    assert_eq!(done.erasures_reapplied, 1);
    let reg = done.register;
    assert!(reg.people().get(stays).is_ok());
    assert!(reg.people().get(gone).is_err(), "erased again");
    assert!(reg.consent().verify_ledger().unwrap().problems.is_empty());
    drop(reg);
    assert!(!contains(
        &common::decrypted_pages(&path, &recovery),
        "Qzwgone"
    ));
}

/// On a new PC no register is set aside: the erasure journal beside the backups (updated
/// by the erasure itself, since the backup folder was plugged in) says who was erased after
/// the backup. An edited journal is ignored, never obeyed.
#[test]
fn a_restore_on_a_new_pc_erases_again_from_the_journal_beside_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, recovery, _) = fresh(dir.path(), Jurisdiction::France);
    let stays = reg.people().add(&full_person("Qzwstays"), now()).unwrap();
    let gone = reg.people().add(&full_person("Qzwgone"), now()).unwrap();
    let (usb, info) = backed_up(&reg, dir.path());
    let journal = carnet_core::backup::journal_path(&usb, reg.database_id());
    let first = fs::read_to_string(&journal).unwrap();
    reg.privacy()
        .erase(
            &ErasureInput {
                request_id: None,
                person_ids: vec![gone],
            },
            "Zoëqzwgone Lefèvre-Cœurdeveyqzwgone",
            now() + Duration::hours(1),
        )
        .unwrap();
    drop(reg);
    let text = fs::read_to_string(&journal).unwrap();
    assert_ne!(text, first, "the erasure updated the journal");
    // It names no one: numbers, creation times and days.
    assert!(!text.contains("Qzw") && !text.to_lowercase().contains("zo"));

    // An edited journal (someone added the person who stays) is ignored whole.
    let edited = text.replacen(
        "\"entries\":[",
        &format!(
            "\"entries\":[{{\"id\":{stays},\"created_at\":\"x\",\"erased_on\":\"2026-11-24\"}},"
        ),
        1,
    );
    fs::write(&journal, &edited).unwrap();
    // Each restore on a "new PC" of its own: nothing there to set aside.
    let new_pc = |pc: &Path| {
        restore(
            &info.file,
            &db_path(pc),
            Unlock::RecoveryKey(&recovery),
            now() + Duration::hours(2),
        )
        .unwrap()
    };
    // Nothing here can say what was decided since: the restore stops and says so, and goes
    // on only once the person in charge acknowledges it (recorded).
    let pc1 = tempfile::tempdir().unwrap();
    let err = restore(
        &info.file,
        &db_path(pc1.path()),
        Unlock::RecoveryKey(&recovery),
        now() + Duration::hours(2),
    )
    .unwrap_err();
    assert_eq!(err.code(), Code::JournalMissing);
    assert!(!db_path(pc1.path()).exists(), "nothing restored");
    let done = carnet_core::backup::restore_with(
        &info.file,
        &db_path(pc1.path()),
        Unlock::RecoveryKey(&recovery),
        now() + Duration::hours(2),
        carnet_core::backup::RestoreAllow {
            without_journal: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(done.journal, carnet_core::backup::JournalUse::Ignored);
    assert_eq!(done.erasures_reapplied, 0);
    assert_eq!(
        done.register.audit_log(1).unwrap()[0].action,
        "backup.restored_without_journal"
    );
    drop(done);

    // The journal as Carnet wrote it: the person erased after the backup is erased again.
    fs::write(&journal, &text).unwrap();
    let pc2 = tempfile::tempdir().unwrap();
    let done = new_pc(pc2.path());
    assert_eq!(done.journal, carnet_core::backup::JournalUse::Applied);
    assert_eq!(done.erasures_reapplied, 1);
    let reg = done.register;
    assert!(reg.people().get(stays).is_ok());
    assert!(reg.people().get(gone).is_err(), "erased again");
    drop(reg);
    assert!(!contains(
        &common::decrypted_pages(&db_path(pc2.path()), &recovery),
        "Qzwgone"
    ));
}

/// Rotation keeps the newest backup of each of the office's days: a backup at 22:00 in
/// Montreal (03:00 UTC the next day) belongs to the same day as the morning's.
#[test]
fn rotation_counts_the_offices_days_not_utcs() {
    use chrono::FixedOffset;
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    reg.set_utc_offset(FixedOffset::west_opt(5 * 3600).unwrap());
    let out = dir.path().join("b");
    fs::create_dir(&out).unwrap();
    reg.backups()
        .set_settings(
            &BackupSettings {
                folder: Some(out.clone()),
                keep_daily: 2,
                keep_monthly: 0,
                erased_days: 30,
            },
            now(),
        )
        .unwrap();
    // Montreal: the 23rd at noon, the 24th at 08:00 and at 22:00.
    for t in [
        Utc.with_ymd_and_hms(2026, 11, 23, 17, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 24, 13, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 25, 3, 0, 0).unwrap(),
    ] {
        reg.backups().backup_to(&out, t).unwrap();
    }
    let kept: Vec<String> = backups_in(&out)
        .unwrap()
        .iter()
        .map(|b| b.taken_at.to_rfc3339())
        .collect();
    // UTC's days would have kept the 25th and the 24th and dropped the 23rd.
    assert_eq!(
        kept,
        ["2026-11-25T03:00:00+00:00", "2026-11-23T17:00:00+00:00"],
        "the 24th's evening backup and the 23rd's"
    );
}

/// A club and a school back up into one folder (one USB key): each rotates only its own
/// backups and keeps its own erasure journal.
#[test]
fn two_registers_share_a_backup_folder_safely() {
    let usb = tempfile::tempdir().unwrap();
    let club_dir = tempfile::tempdir().unwrap();
    let school_dir = tempfile::tempdir().unwrap();
    let (mut club, _, _) = fresh(club_dir.path(), Jurisdiction::Quebec);
    let (mut school, _, _) = fresh(school_dir.path(), Jurisdiction::France);
    for reg in [&mut club, &mut school] {
        let s = BackupSettings {
            keep_daily: 2,
            keep_monthly: 0,
            ..reg.backups().settings().unwrap()
        };
        reg.backups().set_settings(&s, now()).unwrap();
    }
    // Five days of backups each, taken turn by turn.
    for day in 0..5 {
        let t = now() + Duration::days(day);
        club.backups().backup_to(usb.path(), t).unwrap();
        school
            .backups()
            .backup_to(usb.path(), t + Duration::minutes(1))
            .unwrap();
    }
    let club_backups = carnet_core::backup::backups_of(usb.path(), club.database_id()).unwrap();
    let school_backups = carnet_core::backup::backups_of(usb.path(), school.database_id()).unwrap();
    assert_eq!((club_backups.len(), school_backups.len()), (2, 2));
    assert_eq!(
        carnet_core::backup::backups_in(usb.path()).unwrap().len(),
        4,
        "each kept its two newest, neither deleted the other's"
    );
    // Each register's journal is its own file.
    let gone = club.people().add(&full_person("Qzwclub"), now()).unwrap();
    club.privacy()
        .erase(
            &ErasureInput {
                request_id: None,
                person_ids: vec![gone],
            },
            "Zoëqzwclub Lefèvre-Cœurdeveyqzwclub",
            now() + Duration::days(5),
        )
        .unwrap();
    club.backups()
        .backup_to(usb.path(), now() + Duration::days(6))
        .unwrap();
    school
        .backups()
        .backup_to(usb.path(), now() + Duration::days(6) + Duration::minutes(1))
        .unwrap();
    let club_journal = fs::read_to_string(carnet_core::backup::journal_path(
        usb.path(),
        club.database_id(),
    ))
    .unwrap();
    assert!(club_journal.contains(&format!("\"id\":{gone}")));
    let school_journal = fs::read_to_string(carnet_core::backup::journal_path(
        usb.path(),
        school.database_id(),
    ))
    .unwrap();
    assert!(
        school_journal.contains("\"entries\":[]"),
        "{school_journal}"
    );
}

/// Grant, back up, then withdraw the photo consent, unsubscribe and erase: a restore of
/// that backup — over the register on this PC, or on a new PC from the journal alone —
/// keeps all three in force and lists what it replayed.
#[test]
fn a_restore_replays_every_later_withdrawal_unsubscribe_and_erasure() {
    use carnet_core::consent::ConsentInput;
    use carnet_core::consent::{ConsentAction, GivenBy};
    use carnet_core::model::Channel;
    use carnet_core::newsletter::ConsentKind;
    use carnet_core::newsletter::Subscription;

    let dir = tempfile::tempdir().unwrap();
    let (reg, recovery, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let lea = reg.people().add(&full_person("Qzwlea"), now()).unwrap();
    let gone = reg.people().add(&full_person("Qzwgone"), now()).unwrap();
    let photos = |action, when| ConsentInput {
        person_id: lea,
        purpose: "photos".into(),
        purpose_version: None,
        action,
        channel: Channel::PaperForm,
        given_by: GivenBy::Person,
        giver: None,
        evidence: "formulaire papier signé".into(),
        occurred_at: when,
    };
    reg.consent()
        .record(&photos(ConsentAction::Granted, at(2026, 11, 1)), now())
        .unwrap();
    reg.newsletter()
        .subscribe(
            &Subscription {
                person_id: lea,
                list_id: 1,
                kind: ConsentKind::Express,
                implied_source: None,
                source_on: None,
                channel: Channel::ContactForm,
                given_by: GivenBy::Person,
                giver: None,
                evidence: "case cochée sur le formulaire du site".into(),
                occurred_at: at(2026, 11, 2),
                confirmed_at: None,
            },
            now(),
        )
        .unwrap();
    let usb = dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let s = BackupSettings {
        folder: Some(usb.clone()),
        ..reg.backups().settings().unwrap()
    };
    reg.backups().set_settings(&s, now()).unwrap();
    let (info, _) = reg.backups().backup_to(&usb, now()).unwrap();

    let later = now() + Duration::hours(1);
    reg.consent()
        .record(&photos(ConsentAction::Withdrawn, later), later)
        .unwrap();
    reg.newsletter()
        .unsubscribe(lea, 1, Channel::Email, "courriel du parent", later, later)
        .unwrap();
    reg.privacy()
        .erase(
            &ErasureInput {
                request_id: None,
                person_ids: vec![gone],
            },
            "Zoëqzwgone Lefèvre-Cœurdeveyqzwgone",
            later,
        )
        .unwrap();
    drop(reg);

    let check = |done: carnet_core::backup::Restored| {
        let reg = done.register;
        let photo = reg
            .consent()
            .state(lea)
            .unwrap()
            .into_iter()
            .find(|s| s.purpose_code == "photos")
            .unwrap();
        assert!(!photo.granted, "the photo consent stays withdrawn");
        let news = reg
            .newsletter()
            .subscription_state(lea, 1, now() + Duration::hours(3))
            .unwrap()
            .unwrap();
        assert!(!news.granted, "the unsubscribe stays");
        assert_eq!(
            reg.newsletter()
                .pending_unsubscribes(now() + Duration::hours(3))
                .unwrap()
                .len(),
            1,
            "the unsubscribe to carry out in the mailing tool is back"
        );
        assert!(reg.people().get(gone).is_err(), "erased again");
        assert_eq!(done.erasures_reapplied, 1);
        let mut replayed: Vec<_> = done
            .withdrawals_replayed
            .iter()
            .map(|w| (w.purpose.as_str(), w.refused))
            .collect();
        replayed.sort();
        assert_eq!(replayed, [("newsletter", None), ("photos", None)]);
        assert!(reg.consent().verify_ledger().unwrap().problems.is_empty());
    };
    // A new PC: the journal beside the backup alone.
    let new_pc = tempfile::tempdir().unwrap();
    let done = restore(
        &info.file,
        &db_path(new_pc.path()),
        Unlock::RecoveryKey(&recovery),
        now() + Duration::hours(2),
    )
    .unwrap();
    assert_eq!(done.journal, carnet_core::backup::JournalUse::Applied);
    check(done);
    // This PC, the journal gone: the register set aside says it.
    fs::remove_file(carnet_core::backup::journal_path(&usb, &{
        let r = Register::open(&path, Unlock::RecoveryKey(&recovery)).unwrap();
        r.database_id().to_owned()
    }))
    .unwrap();
    let done = restore(
        &info.file,
        &path,
        Unlock::RecoveryKey(&recovery),
        now() + Duration::hours(2),
    )
    .unwrap();
    assert_eq!(done.journal, carnet_core::backup::JournalUse::None);
    check(done);
}

/// A change of key stopped after the pages were re-encrypted and before the key file was
/// written: the old passphrase is told "use the new sheet" (not "damaged"), the new sheet
/// opens the register, and the old key file is set aside as what it is.
#[test]
fn an_interrupted_change_of_key_asks_for_the_new_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let key_file = carnet_core::register::key_info_path(&path);
    let old_key_file = fs::read(&key_file).unwrap();
    let pending = reg.prepare_rekey().unwrap();
    let new_sheet = pending.recovery_key().expose().to_owned();
    reg.apply_rekey(pending, &Vault::none(), None, now())
        .unwrap();
    drop(reg);
    let marker = {
        let mut m = path.as_os_str().to_owned();
        m.push(".carnet-rekeying");
        std::path::PathBuf::from(m)
    };
    assert!(!marker.exists(), "a finished change leaves no marker");
    // The state a crash in between leaves: new pages, the old key file, the marker.
    fs::write(&key_file, &old_key_file).unwrap();
    fs::write(&marker, b"").unwrap();
    assert_eq!(
        Register::open(&path, Unlock::Passphrase(PASS))
            .unwrap_err()
            .code(),
        Code::RekeyInterrupted
    );
    let reg = Register::open(&path, Unlock::RecoveryKey(&new_sheet)).unwrap();
    let aside = reg
        .key_file_set_aside()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(aside.contains("before-rekey"), "{aside}");
    drop(reg);
    assert!(!marker.exists());
    Register::open(&path, Unlock::RecoveryKey(&new_sheet)).unwrap();
}

/// A restore while another window or program has the register open would move the file it
/// writes to: refused as busy, nothing moved.
#[test]
fn a_restore_under_an_open_register_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, recovery, path) = fresh(dir.path(), Jurisdiction::Quebec);
    reg.people().add(&full_person("Qzwopen"), now()).unwrap();
    let out = dir.path().join("b");
    fs::create_dir(&out).unwrap();
    let (info, _) = reg.backups().backup_to(&out, now()).unwrap();
    reg.people().add(&full_person("Qzwafter"), now()).unwrap();
    // `reg` stays open: the office's window.
    let err = restore(&info.file, &path, Unlock::RecoveryKey(&recovery), now()).unwrap_err();
    assert_eq!(err.code(), Code::RegisterBusy, "{err:?}");
    assert_eq!(
        reg.people().count().unwrap(),
        2,
        "the open register is untouched"
    );
    assert!(carnet_core::backup::copies_beside(&path)
        .unwrap()
        .is_empty());
    drop(reg);
    let done = restore(&info.file, &path, Unlock::RecoveryKey(&recovery), now()).unwrap();
    assert_eq!(done.register.people().count().unwrap(), 1);
}

/// The next verified backup removes what a crash left (temporary copies of a backup, of a
/// restore with its key file, of a pre-upgrade copy; an hour old or more) and the
/// pre-upgrade copies beside the register; a stranger's file stays.
#[test]
fn a_verified_backup_removes_stale_temporary_files_and_pre_upgrade_copies() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let usb = dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let here = path.parent().unwrap();
    let stale = [
        here.join(".carnet-restore-0011223344556677.tmp"),
        here.join(".carnet-restore-0011223344556677.tmp.carnet-key"),
        here.join("carnet.db.before-v14.carnet-backup.0a0b.tmp"),
        usb.join(".carnet-0123456789ab-2026-11-24T10-00-00Z.carnet-backup.0c0d.tmp"),
    ];
    for f in &stale {
        fs::write(f, b"left by a crash").unwrap();
    }
    let upgrade = here.join("carnet.db.before-v14.carnet-backup");
    fs::write(&upgrade, b"an older copy").unwrap();
    let stranger = here.join(".notes.tmp");
    fs::write(&stranger, b"not ours").unwrap();
    assert_eq!(carnet_core::backup::copies_beside(&path).unwrap().len(), 1);
    // Files are "old" an hour after they were written: the backup taken two hours on.
    let later = Utc::now() + Duration::hours(2);
    let (_, rotation) = reg.backups().backup_to(&usb, later).unwrap();
    assert_eq!(rotation.stale_files_removed, 4);
    assert_eq!(rotation.upgrade_copies_removed, 1);
    assert!(stale.iter().all(|f| !f.exists()) && !upgrade.exists());
    assert!(stranger.exists(), "a file that is not Carnet's stays");
}

/// The day rotation removes a backup that still holds someone erased counts from the
/// office's day: an erasure on a Montreal evening (02:00 UTC the next day) says 30 days
/// from that evening's date, not from UTC's.
#[test]
fn the_last_day_a_backup_holds_someone_erased_is_the_offices() {
    use carnet_core::privacy::ErasureInput;
    use chrono::FixedOffset;
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    reg.set_utc_offset(FixedOffset::west_opt(5 * 3600).unwrap());
    let usb = dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let s = BackupSettings {
        folder: Some(usb.clone()),
        ..reg.backups().settings().unwrap()
    };
    reg.backups().set_settings(&s, now()).unwrap();
    let id = reg.people().add(&full_person("Qzwsoir"), now()).unwrap();
    reg.backups().backup_to(&usb, now()).unwrap();
    // 2026-11-25 02:00 UTC is the evening of the 24th in Montreal.
    let evening = Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap();
    let plan = reg
        .privacy()
        .erasure_plan(
            &ErasureInput {
                request_id: None,
                person_ids: vec![id],
            },
            evening,
        )
        .unwrap();
    assert_eq!(plan.copies.backups, 1);
    assert_eq!(plan.copies.backups_until, Some(date("2026-12-24")));
}

/// A colleague who left (her account removed) and a stolen laptop (revoked at the register
/// service) after the backup was taken: a restore, on a new PC from the journal beside the
/// backup or in place over the register that closed them, closes both again.
#[test]
fn a_restore_never_opens_a_way_in_the_office_closed() {
    use carnet_core::accounts::AccountSecret;

    let dir = tempfile::tempdir().unwrap();
    let (mut reg, recovery, path) = fresh(dir.path(), Jurisdiction::Quebec);
    // Sophie is the colleague who leaves.
    let (helene, marie) = add_office_accounts(&mut reg);
    let (directrice, partie) = (DIRECTRICE, SECRETAIRE);
    let laptop = reg
        .service()
        .pair_device("Portable de l’accueil", &"a".repeat(64), now())
        .unwrap();
    let desk = reg
        .service()
        .pair_device("Poste du bureau", &"b".repeat(64), now())
        .unwrap();
    let (usb, info) = backed_up(&reg, dir.path());
    let later = now() + Duration::hours(1);
    reg.service().revoke_device(laptop, later).unwrap();
    reg.accounts().remove(marie, &Vault::none(), later).unwrap();
    drop(reg);
    let journal = carnet_core::backup::journal_path(&usb, &info.database_id);
    let text = fs::read_to_string(&journal).unwrap();
    assert!(
        text.contains("\"kind\":\"account\"") && text.contains("\"kind\":\"device\""),
        "{text}"
    );
    assert!(
        !text.contains("Sophie") && !text.contains("Portable"),
        "{text}"
    );

    let closed = |reg: &mut Register| {
        let devices = reg.service().devices().unwrap();
        let revoked = |id| devices.iter().find(|d| d.id == id).unwrap().revoked();
        let accounts = reg.accounts().list().unwrap();
        let removed = |id| {
            accounts
                .iter()
                .find(|a| a.id == id)
                .unwrap()
                .removed_at
                .is_some()
        };
        (
            revoked(laptop),
            revoked(desk),
            removed(marie),
            removed(helene),
        )
    };
    let opens = |db: &Path, id, pass| {
        Register::open(db, Unlock::Account(id, AccountSecret::Passphrase(pass))).is_ok()
    };

    // On a new PC, from the journal alone.
    let pc = tempfile::tempdir().unwrap();
    let mut done = restore(
        &info.file,
        &db_path(pc.path()),
        Unlock::RecoveryKey(&recovery),
        now() + Duration::hours(2),
    )
    .unwrap();
    assert_eq!(
        (done.closed_again.accounts, done.closed_again.devices),
        (1, 1)
    );
    assert!(!done.closed_again.last_person_in_charge_kept);
    assert_eq!(closed(&mut done.register), (true, false, true, false));
    drop(done);
    assert!(
        !opens(&db_path(pc.path()), marie, partie),
        "her passphrase opens nothing"
    );
    assert!(opens(&db_path(pc.path()), helene, directrice));

    // In place, without the journal: the register here tells what it closed.
    fs::remove_file(&journal).unwrap();
    let mut done = restore(
        &info.file,
        &path,
        Unlock::Account(helene, AccountSecret::Passphrase(directrice)),
        now() + Duration::hours(3),
    )
    .unwrap();
    assert_eq!(
        (done.closed_again.accounts, done.closed_again.devices),
        (1, 1)
    );
    assert_eq!(closed(&mut done.register), (true, false, true, false));
    drop(done);
    assert!(!opens(&path, marie, partie));

    // A journal older than this change (format 2) that someone lengthened with a closed
    // way in is not trusted: nothing in it is applied.
    let forged = text.replacen("\"format\":3", "\"format\":2", 1);
    fs::write(&journal, forged).unwrap();
    let pc = tempfile::tempdir().unwrap();
    let err = restore(
        &info.file,
        &db_path(pc.path()),
        Unlock::RecoveryKey(&recovery),
        now() + Duration::hours(4),
    )
    .unwrap_err();
    assert_eq!(err.code(), Code::JournalMissing);
}

/// The person in charge left after the backup and the one who replaced her (added after
/// it) removed her account: restoring that backup elsewhere keeps her account, the only
/// person in charge the restored register knows, and says so.
#[test]
fn a_restore_keeps_the_only_person_in_charge_it_knows() {
    use carnet_core::accounts::{AccountKey, AccountSecret};
    use carnet_core::model::StaffRole;

    let dir = tempfile::tempdir().unwrap();
    let (mut reg, recovery, path) = fresh(dir.path(), Jurisdiction::France);
    let (avant, apres) = (DIRECTRICE, "la phrase du nouveau directeur");
    let (helene, _) = add_office_accounts(&mut reg);
    let (_, info) = backed_up(&reg, dir.path());
    let paul = reg
        .accounts()
        .add(
            "Paul Girard",
            StaffRole::PrivacyOfficer,
            AccountKey::Passphrase(apres, FAST),
            &Vault::none(),
            now(),
        )
        .unwrap();
    drop(reg);
    let mut reg = Register::open(
        &path,
        Unlock::Account(paul, AccountSecret::Passphrase(apres)),
    )
    .unwrap();
    reg.accounts()
        .remove(helene, &Vault::none(), now() + Duration::hours(1))
        .unwrap();
    drop(reg);

    let pc = tempfile::tempdir().unwrap();
    let mut done = restore(
        &info.file,
        &db_path(pc.path()),
        Unlock::RecoveryKey(&recovery),
        now() + Duration::hours(2),
    )
    .unwrap();
    assert!(done.closed_again.last_person_in_charge_kept);
    assert_eq!(done.closed_again.accounts, 0);
    let accounts = done.register.accounts().list().unwrap();
    assert!(accounts
        .iter()
        .any(|a| a.id == helene && a.removed_at.is_none()));
    drop(done);
    assert!(
        Register::open(
            &db_path(pc.path()),
            Unlock::Account(helene, AccountSecret::Passphrase(avant))
        )
        .is_ok(),
        "the restored register still has someone to decide"
    );
}

/// The register's backup folder set to `dir/usb`, and a backup taken there now.
fn backed_up(reg: &Register, dir: &Path) -> (std::path::PathBuf, carnet_core::backup::BackupInfo) {
    let usb = dir.join("usb");
    fs::create_dir(&usb).unwrap();
    reg.backups()
        .set_settings(
            &BackupSettings {
                folder: Some(usb.clone()),
                ..reg.backups().settings().unwrap()
            },
            now(),
        )
        .unwrap();
    let (info, _) = reg.backups().backup_to(&usb, now()).unwrap();
    (usb, info)
}
