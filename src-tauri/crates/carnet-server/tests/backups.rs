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
