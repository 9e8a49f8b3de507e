//! Staff accounts from the command line, and office staff refused every decision.

use super::*;

#[test]
fn staff_accounts_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = office_of_two(dir.path(), "france");
    let helene = |args: &[&str]| as_account(&db, "helene", PASS, args);
    let sophie = |args: &[&str]| as_account(&db, "Sophie", "le secrétariat a le sien aussi", args);

    let who: serde_json::Value =
        serde_json::from_slice(&sophie(&["--json", "whoami"]).stdout).unwrap();
    assert_eq!(who["account"]["name"], "Sophie");
    assert_eq!(who["permissions"], serde_json::json!([]));
    assert!(sophie(&[
        "person",
        "add",
        "--given",
        "Léa",
        "--family",
        "Roy",
        "--channel",
        "paper_form"
    ])
    .status
    .success());
    // Office staff may not export the whole register: refused with its code.
    let out = sophie(&[
        "--json",
        "export",
        "people",
        "--out",
        dir.path().join("p.csv").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(
        (err["code"].as_str(), err["detail"]["permission"].as_str()),
        (Some("not_permitted"), Some("export_register"))
    );
    assert!(!dir.path().join("p.csv").exists());
    // The register's passphrase alone no longer opens it.
    let out = carnet(&db, &["--json", "search", "roy"]);
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "account_required");

    // The audit log, read by the person in charge, names the account that acted.
    let log: serde_json::Value =
        serde_json::from_slice(&helene(&["--json", "audit"]).stdout).unwrap();
    let created = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "person.create")
        .unwrap();
    assert_eq!(created["staff"], "Sophie");
    let list: serde_json::Value =
        serde_json::from_slice(&helene(&["--json", "account", "list"]).stdout).unwrap();
    let sophie_id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Sophie")
        .unwrap()["id"]
        .to_string();
    assert!(helene(&["account", "remove", &sophie_id]).status.success());
    let out = sophie(&["--json", "whoami"]);
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "not_found");
}

/// Office staff try every decision the command line offers: each is refused with
/// `not_permitted`, writes no file and leaves the register as it was.
#[test]
fn office_staff_are_refused_every_decision_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = office_of_two(dir.path(), "quebec");
    let helene = |args: &[&str]| as_account(&db, "helene", PASS, args);
    let backups = dir.path().join("sauvegardes");
    std::fs::create_dir(&backups).unwrap();
    assert!(
        helene(&["backup-settings", "--folder", backups.to_str().unwrap()])
            .status
            .success()
    );
    assert!(helene(&["backup"]).status.success());
    let backup = std::fs::read_dir(&backups)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "carnet-backup"))
        .unwrap();
    let activities = dir.path().join("activites.json");
    std::fs::write(&activities, "[]").unwrap();
    let audit = || -> usize {
        let log: serde_json::Value =
            serde_json::from_slice(&helene(&["--json", "audit", "--limit", "100000"]).stdout)
                .unwrap();
        log.as_array().unwrap().len()
    };
    let before = audit();
    let register = std::fs::read(&db).unwrap();
    let out_file = dir.path().join("sortie.csv");
    let out = out_file.to_str().unwrap();
    let new_key = dir.path().join("nouvelle-cle.txt");
    let attempts: Vec<(Vec<&str>, &str)> = vec![
        (vec!["retention", "set", "audit_log", "1"], "retention"),
        (
            vec![
                "hold",
                "add",
                "1",
                "--reason",
                "accounting",
                "--until",
                "2030-01-01",
            ],
            "legal_holds",
        ),
        (vec!["hold", "release", "1"], "legal_holds"),
        (
            vec![
                "processing",
                "adopt",
                activities.to_str().unwrap(),
                "--from",
                "2027-01-01",
            ],
            "processing_register",
        ),
        (
            vec![
                "request",
                "close",
                "1",
                "--status",
                "refused",
                "--decision",
                "non",
                "--ground",
                "other",
                "--provision",
                "art. 1",
            ],
            "refuse_request",
        ),
        (
            vec!["request", "close", "1", "--status", "withdrawn"],
            "refuse_request",
        ),
        (vec!["request", "export-csv"], "export_register"),
        (vec!["acknowledge", "--note", "vu"], "ledger_acknowledge"),
        (
            vec!["backup-settings", "--keep-daily", "1"],
            "backup_settings",
        ),
        (vec!["restore", backup.to_str().unwrap()], "restore"),
        (
            vec![
                "key",
                "rekey",
                "--recovery-key-out",
                new_key.to_str().unwrap(),
            ],
            "manage_keys",
        ),
        (
            vec![
                "key",
                "set-passphrase",
                "--new-passphrase-env",
                "CARNET_TEST_NEW_PASS",
            ],
            "manage_keys",
        ),
        (
            vec!["export", "subscribers", "--of", "1", "--out", out],
            "export_lists",
        ),
        (
            vec!["export", "entrants", "--of", "1", "--out", out],
            "export_lists",
        ),
        (vec!["export", "people", "--out", out], "export_register"),
        (
            vec![
                "newsletter",
                "export",
                "1",
                "--format",
                "mailchimp",
                "--out",
                out,
            ],
            "export_lists",
        ),
        (vec!["purge", "run"], "purge"),
        (vec!["incident", "list"], "incidents"),
        (vec!["account", "list"], "manage_accounts"),
    ];
    for (args, permission) in &attempts {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let o = as_account(&db, "Sophie", "le secrétariat a le sien aussi", &all);
        assert_eq!(o.status.code(), Some(2), "{args:?} was not refused");
        let err: serde_json::Value = serde_json::from_slice(&o.stderr)
            .unwrap_or_else(|_| panic!("{args:?}: {}", String::from_utf8_lossy(&o.stderr)));
        assert_eq!(
            (err["code"].as_str(), err["detail"]["permission"].as_str()),
            (Some("not_permitted"), Some(*permission)),
            "{args:?}"
        );
    }
    assert!(!out_file.exists() && !new_key.exists(), "no file written");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        register,
        "the register is as it was"
    );
    assert_eq!(audit(), before, "nothing recorded");
}
