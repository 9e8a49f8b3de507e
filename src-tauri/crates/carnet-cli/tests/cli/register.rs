//! Creating and opening a register, people and consents, errors and their codes, and
//! the command line meeting the app at work on the same register.

use super::*;

#[test]
fn init_add_search_consent_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db");
    let rk_file = dir.path().join("recovery.txt");
    let out = ok(
        &db,
        &[
            "init",
            "--org-name",
            "Club des jeunes pianistes",
            "--jurisdiction",
            "quebec",
            "--recovery-key-out",
            rk_file.to_str().unwrap(),
        ],
    );
    assert!(out.contains("recovery key written"), "{out}");
    let rk = std::fs::read_to_string(&rk_file).unwrap();
    assert_eq!(rk.trim().len(), 65);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&rk_file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    let parent = json(
        &db,
        &[
            "person",
            "add",
            "--given",
            "Hélène",
            "--family",
            "Bélanger",
            "--email",
            "helene@exemple.ca",
            "--birth-date",
            "1984-02-02",
            "--channel",
            "paper_form",
        ],
    );
    let parent = parent["id"].as_i64().unwrap();
    let child = json(
        &db,
        &[
            "person",
            "add",
            "--given",
            "Théo",
            "--family",
            "Bélanger",
            "--birth-date",
            "2017-09-09",
            "--channel",
            "paper_form",
        ],
    )["id"]
        .as_i64()
        .unwrap();
    ok(
        &db,
        &[
            "guardian",
            "--child",
            &child.to_string(),
            "--person",
            &parent.to_string(),
        ],
    );

    let found = json(&db, &["search", "BELANGER"]);
    assert_eq!(found.as_array().unwrap().len(), 2);
    let found = json(&db, &["search", "theo bel"]);
    assert_eq!(found[0]["id"].as_i64(), Some(child));

    // The child alone cannot consent: a clear code and an explanation.
    let out = carnet(
        &db,
        &[
            "--json",
            "consent",
            "grant",
            "--person",
            &child.to_string(),
            "--purpose",
            "photos",
            "--channel",
            "paper_form",
            "--evidence",
            "fiche",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "consent_refused");
    assert_eq!(err["detail"]["rule"], "minor_needs_guardian");
    assert_eq!(err["detail"]["age_of_consent"], 14);

    let event = json(
        &db,
        &[
            "consent",
            "grant",
            "--person",
            &child.to_string(),
            "--purpose",
            "photos",
            "--channel",
            "paper_form",
            "--given-by",
            "guardian",
            "--giver-person",
            &parent.to_string(),
            "--evidence",
            "fiche d'inscription signée",
        ],
    );
    assert_eq!(event["seq"], 1);
    assert_eq!(event["staff"], "Martine");
    let consents = json(&db, &["consent", "list", "--person", &child.to_string()]);
    assert_eq!(consents["state"][0]["granted"], true);
    assert_eq!(
        consents["history"][0]["giver_person_id"].as_i64(),
        Some(parent)
    );

    let shown = ok(&db, &["person", "show", &child.to_string()]);
    assert!(
        shown.contains("guardian: Hélène Bélanger (parent)")
            && shown.contains("consent: photos granted"),
        "{shown}"
    );

    // The parent's receipt: PDF and JSON; the office checks a receipt shown to it.
    let (pdf, receipt) = (dir.path().join("recu.pdf"), dir.path().join("recu.json"));
    let child_id = child.to_string();
    for out in [&pdf, &receipt] {
        ok(
            &db,
            &[
                "consent",
                "receipt",
                "--person",
                &child_id,
                "--seq",
                "1",
                "--out",
                out.to_str().unwrap(),
            ],
        );
    }
    let text = carnet_testkit::pdf_text(&pdf);
    assert!(
        text.contains("Reçu de consentement") && text.contains("fiche d'inscription signée"),
        "{text}"
    );
    assert!(ok(
        &db,
        &["consent", "check-receipt", receipt.to_str().unwrap()]
    )
    .contains("matches the ledger"));
    let edited = std::fs::read_to_string(&receipt)
        .unwrap()
        .replace("fiche d'inscription signée", "rien du tout");
    std::fs::write(&receipt, edited).unwrap();
    assert_eq!(
        carnet(
            &db,
            &["consent", "check-receipt", receipt.to_str().unwrap()]
        )
        .status
        .code(),
        Some(1),
        "an edited receipt does not match"
    );
    // An entry of someone else is not this person's receipt.
    assert_eq!(
        carnet(
            &db,
            &[
                "consent",
                "receipt",
                "--person",
                &parent.to_string(),
                "--seq",
                "1",
                "--out",
                pdf.to_str().unwrap()
            ]
        )
        .status
        .code(),
        Some(2)
    );

    let report = json(&db, &["verify"]);
    assert_eq!(report["events"], 1);
    assert_eq!(report["problems"].as_array().unwrap().len(), 0);

    // The recovery key file opens it too.
    let out = admin(&db)
        .args([
            "--recovery-key-file",
            rk_file.to_str().unwrap(),
            "--json",
            "person",
            "list",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(out.stderr.is_empty(), "nothing repaired, nothing said");

    // A damaged key file: the recovery key opens the register, and the command line says
    // the passphrase no longer does (the file was set aside and a new one written).
    let key_file = dir.path().join("reg.db.carnet-key");
    let saved_key_file = std::fs::read(&key_file).unwrap();
    std::fs::write(&key_file, b"{ not json").unwrap();
    let out = admin(&db)
        .arg("--recovery-key-file")
        .arg(&rk_file)
        .args(["--json", "person", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(
        note.contains("set aside") && note.contains("no longer open it"),
        "{note}"
    );
    std::fs::write(&key_file, saved_key_file).unwrap();

    // A privacy request from the parent for the child, through to the audit CSV.
    let req = json(
        &db,
        &[
            "request",
            "add",
            "--kind",
            "access",
            "--person",
            &child.to_string(),
            "--requester",
            "guardian",
            "--requester-person",
            &parent.to_string(),
            "--channel",
            "email",
        ],
    );
    let req_id = req["id"].as_i64().unwrap().to_string();
    let listed = ok(&db, &["request", "list"]);
    assert!(
        listed.contains("30 days left")
            && listed.contains("Théo Bélanger")
            && listed.contains("asked by Hélène Bélanger")
            && listed.starts_with("1 open"),
        "{listed}"
    );
    let rows = json(&db, &["request", "list"]);
    assert_eq!(rows["counts"]["open"], 1);
    assert_eq!(rows["rows"][0]["days_left"], 30);
    assert_eq!(rows["rows"][0]["open"], true);
    ok(
        &db,
        &[
            "request",
            "verify-identity",
            &req_id,
            "--method",
            "document_seen",
        ],
    );
    // The request's own letter and the portability export, before it is closed. A
    // register made without the office's address and person in charge makes no letter
    // until they are set.
    let letter = dir.path().join("lettre.pdf");
    let refused = carnet(
        &db,
        &[
            "request",
            "letter",
            &req_id,
            "--kind",
            "access-report",
            "--out",
            letter.to_str().unwrap(),
        ],
    );
    let said = String::from_utf8_lossy(&refused.stderr).to_string();
    assert!(said.contains("[letter_incomplete]"), "{said}");
    assert!(!letter.exists(), "no file written");
    let shown = ok(&db, &["office", "show"]);
    assert!(shown.contains("before any letter, set: address"), "{shown}");
    ok(
        &db,
        &[
            "office",
            "set",
            "--address",
            "8 rue du Parc, Sherbrooke (Québec) J1H 1A1",
            "--privacy-contact",
            "Hélène Tremblay",
            "--privacy-phone",
            "819 555-0199",
        ],
    );
    // Not before its package is reviewed and approved.
    let refused = carnet(
        &db,
        &[
            "request",
            "letter",
            &req_id,
            "--kind",
            "access-report",
            "--out",
            letter.to_str().unwrap(),
        ],
    );
    let said = String::from_utf8_lossy(&refused.stderr).to_string();
    assert!(
        said.contains("[conflict]") && said.contains("approve"),
        "{said}"
    );
    assert!(!letter.exists(), "no file written");
    let review = ok(&db, &["request", "review", &req_id]);
    assert!(
        review.contains("guardians:1")
            && review.contains("[staff text]")
            && review.trim_end().ends_with("not approved"),
        "{review}"
    );
    let approved = ok(&db, &["request", "approve", &req_id]);
    assert!(approved.contains("0 item(s) withheld"), "{approved}");
    ok(
        &db,
        &[
            "request",
            "letter",
            &req_id,
            "--kind",
            "access-report",
            "--out",
            letter.to_str().unwrap(),
        ],
    );
    assert!(std::fs::read(&letter).unwrap().starts_with(b"%PDF-"));
    let text = carnet_testkit::pdf_text(&letter);
    assert!(
        text.contains("Théo") && text.contains("fiche d'inscription signée"),
        "{text}"
    );
    assert!(
        text.contains("8 rue du Parc, Sherbrooke")
            && text.contains("Hélène Tremblay · 819 555-0199"),
        "{text}"
    );
    let out = carnet(
        &db,
        &[
            "request",
            "letter",
            &req_id,
            "--kind",
            "refusal",
            "--out",
            letter.to_str().unwrap(),
        ],
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("[conflict]"),
        "no refusal letter for an open request"
    );
    let zip = dir.path().join("portabilite.zip");
    ok(
        &db,
        &[
            "request",
            "portability",
            &req_id,
            "--out",
            zip.to_str().unwrap(),
        ],
    );
    assert!(std::fs::read(&zip).unwrap().starts_with(b"PK"));
    ok(&db, &["request", "close", &req_id, "--status", "answered"]);
    let csv = ok(&db, &["request", "export-csv"]);
    assert!(
        csv.starts_with("\u{feff}request_id,kind,")
            && csv.contains(",answered,")
            && csv.contains(",yes\n"),
        "{csv}"
    );
    let out = carnet(&db, &["request", "extend", &req_id, "--reason", "x"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("[invalid_input]"),
        "no extension in Quebec"
    );

    // Request-less printing is gone: `access-report` is not a command any more.
    let out = carnet(&db, &["access-report", "--person", &child.to_string()]);
    assert!(!out.status.success());

    let audit = ok(&db, &["audit"]);
    assert!(
        audit.contains("consent.record")
            && audit.contains("request.document.access_report")
            && !audit.contains("Bélanger"),
        "{audit}"
    );
}

#[test]
fn errors_have_codes_and_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.db");
    let out = carnet(&db, &["person", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error [database_not_found]"));

    ok(
        &db,
        &["init", "--org-name", "École", "--jurisdiction", "france"],
    );
    let out = admin(&db)
        .args(["--passphrase-env", "P", "person", "list"])
        .env("P", "ce n'est pas la bonne")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[wrong_passphrase]"));

    let out = carnet(
        &db,
        &["person", "add", "--given", "A", "--channel", "pigeon"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected one of: contact_form"));
}

/// The app is in the middle of a change (it holds the write lock) while the IT helper adds
/// a person: the command line waits, then says the register is busy, and keeps nothing of
/// its change; once the app is done, the same command works.
#[test]
fn the_command_line_writing_while_the_app_writes_is_told_the_register_is_busy() {
    let (_dir, db, rk_file) = club("quebec");
    let key = carnet_core::secret::RecoveryKey::parse(&std::fs::read_to_string(&rk_file).unwrap())
        .unwrap();
    let app = rusqlite::Connection::open(&db).unwrap();
    app.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\"; BEGIN IMMEDIATE; UPDATE meta SET created_at = created_at;",
        hex::encode(key.bytes())
    ))
    .unwrap();
    let add = [
        "person",
        "add",
        "--given",
        "Léa",
        "--family",
        "Roy",
        "--channel",
        "paper_form",
    ];
    let out = carnet(&db, &add);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("[register_busy]"), "{stderr}");
    app.execute_batch("COMMIT;").unwrap();
    let listed = json(&db, &["person", "list"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(0), "{listed}");
    ok(&db, &add);
    assert_eq!(
        json(&db, &["person", "list"]).as_array().map(Vec::len),
        Some(1)
    );
}
