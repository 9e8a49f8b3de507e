//! Backups run at the service, with the backup's rules: the day's backup is taken there
//! on its own, into the folder given to the service; every PC sees the backups' state,
//! may take one now, and only the person in charge changes the rotation.

mod common;

use carnet_api::backup::{BackupNow, BackupStatusNow, SetBackupRotation};
use carnet_server::client::Connection;
use carnet_server::proto::Call;
use common::*;

#[test]
fn the_service_takes_the_days_backup_and_every_pc_sees_it() {
    let o = office();
    let folder = o._dir.path().join("sauvegardes");
    let mut service = start(
        &o,
        "127.0.0.1:0",
        &[
            "--backup-folder",
            folder.to_str().unwrap(),
            "--backup-check-seconds",
            "1",
        ],
    );
    let taken = service.wait_for("backup taken");
    assert!(
        !taken.contains("sauvegardes"),
        "no path in the log: {taken}"
    );
    let files: Vec<_> = std::fs::read_dir(&folder).unwrap().flatten().collect();
    assert!(!files.is_empty());

    let pcs = pair_five(&mut service);
    let mut conn = Connection::open(&pcs[0]).unwrap();
    let sophie = conn.sign_in(&pcs[0], "Sophie Gagnon", SECRETAIRE).unwrap();
    let status = conn.call(&sophie, Call::of(&BackupStatusNow {})).unwrap();
    assert_eq!(status["due"], false, "{status}");
    assert_eq!(status["backups"].as_array().unwrap().len(), 1, "{status}");
    // The folder and files by their names: where they lie on the service's disk is not
    // the PCs' business.
    assert_eq!(status["settings"]["folder"], "sauvegardes", "{status}");
    assert!(
        !status.to_string().contains(o._dir.path().to_str().unwrap()),
        "{status}"
    );
    assert!(status["auto_error"].is_null(), "{status}");
    // Anyone may take one now (a second after the last: backups are named by the
    // second); the rotation is the person in charge's.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let now = conn.call(&sophie, Call::of(&BackupNow {})).unwrap();
    assert!(now["info"]["file"].is_string(), "{now}");
    assert!(
        !now.to_string().contains(o._dir.path().to_str().unwrap()),
        "{now}"
    );
    let refused = conn
        .call(
            &sophie,
            Call::of(&SetBackupRotation {
                keep_daily: 3,
                keep_monthly: 1,
                erased_days: 30,
            }),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "not_permitted");
    let helene = conn
        .sign_in(&pcs[0], "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    conn.call(
        &helene,
        Call::of(&SetBackupRotation {
            keep_daily: 3,
            keep_monthly: 1,
            erased_days: 30,
        }),
    )
    .unwrap();
}

#[test]
fn the_person_in_charge_restores_a_backup_at_the_service_from_her_pc() {
    use carnet_api::backup::RestoreAtService;
    use carnet_api::people::{SavePerson, SearchPeople};
    use carnet_api::privacy::ExecuteErasure;
    use carnet_core::model::Channel;
    use carnet_core::people::PersonInput;
    use carnet_core::privacy::ErasureInput;
    use carnet_server::client::{pair, Outcome};

    let o = office();
    let folder = o._dir.path().join("sauvegardes");
    let mut service = start(
        &o,
        "127.0.0.1:0",
        &["--backup-folder", folder.to_str().unwrap()],
    );
    // The day's backup, taken by the service as it starts.
    service.wait_for("backup taken");
    let before = pair(&service.address, &service.code, "Poste du bureau").unwrap();
    let mut conn = Connection::open(&before).unwrap();
    let helene = conn
        .sign_in(&before, "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    let status = conn.call(&helene, Call::of(&BackupStatusNow {})).unwrap();
    let file = status["backups"][0]["file"].as_str().unwrap().to_owned();

    // After the backup: a PC paired, a person added, Léa erased.
    let code = service.next_code();
    let after = pair(&service.address, &code, "Portable").unwrap();
    let mut laptop = Connection::open(&after).unwrap();
    let sophie = laptop.sign_in(&after, "Sophie Gagnon", SECRETAIRE).unwrap();
    laptop
        .call(
            &sophie,
            Call::of(&SavePerson {
                id: None,
                input: PersonInput::named(
                    "Zoé",
                    "Caron",
                    Channel::Email,
                    chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
                ),
            }),
        )
        .unwrap();
    conn.call(
        &helene,
        Call::of(&ExecuteErasure {
            input: ErasureInput {
                request_id: None,
                person_ids: vec![1],
            },
            confirm_name: "Léa Tremblay".into(),
        }),
    )
    .unwrap();
    let restore = |file: &str, key: &str| {
        Call::of(&RestoreAtService {
            file: file.into(),
            recovery_key: key.into(),
            allow: None,
        })
    };

    // Office staff restore nothing; a path outside the folder, or a wrong key, neither.
    assert_eq!(
        laptop
            .call(&sophie, restore(&file, &o.recovery_text))
            .unwrap_err()
            .code(),
        "not_permitted"
    );
    let another = office();
    for (name, key, code) in [
        ("../carnet.db", o.recovery_text.as_str(), "not_found"),
        (
            "absent.carnet-backup",
            o.recovery_text.as_str(),
            "not_found",
        ),
        (file.as_str(), another.recovery_text.as_str(), "wrong_key"),
    ] {
        let refused = conn.call(&helene, restore(name, key)).unwrap_err();
        assert_eq!(refused.code(), code, "{name}: {refused}");
    }
    // A person in charge added after the backup may not restore it: the restored
    // register would not know her (and could bring back whoever she replaced).
    let paul_pass = "le grand piano de la salle des fêtes";
    conn.call(
        &helene,
        Call::of(&carnet_api::accounts::AddServiceAccount {
            name: "Paul Girard".into(),
            role: carnet_core::model::StaffRole::PrivacyOfficer,
            passphrase: paul_pass.into(),
        }),
    )
    .unwrap();
    let paul = laptop.sign_in(&after, "Paul Girard", paul_pass).unwrap();
    assert_eq!(
        laptop
            .call(&paul, restore(&file, &o.recovery_text))
            .unwrap_err()
            .code(),
        "conflict"
    );
    let sophie = laptop.sign_in(&after, "Sophie Gagnon", SECRETAIRE).unwrap();
    // Nothing changed meanwhile: the service still answers as before.
    let found = laptop
        .call(
            &sophie,
            Call::of(&SearchPeople {
                query: "caron".into(),
                limit: 5,
            }),
        )
        .unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1);

    // Hélène restores it, with the recovery key, from her PC.
    let id = "restore-of-the-morning";
    let done = match conn
        .call_with_id(&helene, id, restore(&file, &o.recovery_text))
        .unwrap()
    {
        Outcome::Done(v) => v,
        other => panic!("{other:?}"),
    };
    assert_eq!(done["erasures_reapplied"], 1, "{done}");
    assert!(
        !done.to_string().contains(o._dir.path().to_str().unwrap()),
        "names, not the service's paths: {done}"
    );
    // Every session ended; everyone signs in again, the PC paired after the backup too.
    assert_eq!(
        laptop
            .call(
                &sophie,
                Call::of(&SearchPeople {
                    query: "caron".into(),
                    limit: 5
                })
            )
            .unwrap_err()
            .code(),
        "session_ended"
    );
    let sophie = laptop.sign_in(&after, "Sophie Gagnon", SECRETAIRE).unwrap();
    let search = |conn: &mut Connection, s, q: &str| {
        conn.call(
            s,
            Call::of(&SearchPeople {
                query: q.into(),
                limit: 5,
            }),
        )
        .unwrap()
        .as_array()
        .unwrap()
        .len()
    };
    assert_eq!(
        search(&mut laptop, &sophie, "caron"),
        0,
        "the backup's register"
    );
    assert_eq!(
        search(&mut laptop, &sophie, "tremblay"),
        0,
        "Léa erased again"
    );
    // Her retry, once signed in again, is told it was done, not made twice.
    let helene = conn
        .sign_in(&before, "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    assert!(matches!(
        conn.call_with_id(&helene, id, restore(&file, &o.recovery_text))
            .unwrap(),
        Outcome::AlreadyApplied { .. }
    ));
    // The register beside it was set aside, not lost; the service's log names no one.
    let aside: Vec<_> = std::fs::read_dir(o.db.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("before-restore"))
        .collect();
    assert!(!aside.is_empty());
    drop(service);
}
