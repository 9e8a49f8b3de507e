//! The command-line companion, run as the IT helper would run it.

use std::path::Path;
use std::process::{Command, Output};

const PASS: &str = "une phrase de passe solide";

fn carnet(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carnet-admin"))
        .arg("--db")
        .arg(db)
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

    let report = json(&db, &["verify"]);
    assert_eq!(report["events"], 1);
    assert_eq!(report["problems"].as_array().unwrap().len(), 0);

    // The recovery key file opens it too.
    let out = Command::new(env!("CARGO_BIN_EXE_carnet-admin"))
        .args([
            "--db",
            db.to_str().unwrap(),
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
    let out = Command::new(env!("CARGO_BIN_EXE_carnet-admin"))
        .args(["--db", db.to_str().unwrap(), "--recovery-key-file"])
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
    let out = Command::new(env!("CARGO_BIN_EXE_carnet-admin"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "--passphrase-env",
            "P",
            "person",
            "list",
        ])
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
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db");
    let rk_file = dir.path().join("recovery.txt");
    ok(
        &db,
        &[
            "init",
            "--org-name",
            "Club",
            "--jurisdiction",
            "quebec",
            "--recovery-key-out",
            rk_file.to_str().unwrap(),
        ],
    );
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

#[test]
fn erase_purge_and_incidents_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db");
    let rk_file = dir.path().join("recovery.txt");
    ok(
        &db,
        &[
            "init",
            "--org-name",
            "Club",
            "--jurisdiction",
            "france",
            "--recovery-key-out",
            rk_file.to_str().unwrap(),
        ],
    );
    let id = json(
        &db,
        &[
            "person",
            "add",
            "--given",
            "Yannick",
            "--family",
            "Effacé",
            "--email",
            "yannick@exemple.fr",
            "--channel",
            "email",
        ],
    )["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let req = json(
        &db,
        &[
            "request",
            "add",
            "--kind",
            "erasure",
            "--person",
            &id,
            "--channel",
            "email",
        ],
    )["id"]
        .as_i64()
        .unwrap()
        .to_string();

    // The plan is refused until the identity is checked (exit code 1, the blocker named).
    let out = carnet(&db, &["erase", "plan", &id, "--request", &req]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("identity_not_checked"));
    ok(
        &db,
        &["request", "verify-identity", &req, "--method", "email_code"],
    );
    let plan = json(&db, &["erase", "plan", &id, "--request", &req]);
    assert_eq!(plan["can_execute"], true);
    assert_eq!(plan["confirm_name"], "Yannick Effacé");

    // A wrong name changes nothing.
    let wrong = carnet(
        &db,
        &[
            "--json",
            "erase",
            "run",
            &id,
            "--request",
            &req,
            "--confirm",
            "Yannick",
        ],
    );
    assert_eq!(wrong.status.code(), Some(2));
    let err: serde_json::Value = serde_json::from_slice(&wrong.stderr).unwrap();
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(
        json(&db, &["search", "yannick"]).as_array().unwrap().len(),
        1
    );

    let cert = dir.path().join("attestation.pdf");
    let done = json(
        &db,
        &[
            "erase",
            "run",
            &id,
            "--request",
            &req,
            "--confirm",
            "yannick effacé",
            "--certificate",
            cert.to_str().unwrap(),
        ],
    );
    let surrogate = done[0]["surrogate"].as_str().unwrap().to_owned();
    let text = carnet_testkit::pdf_text(&cert);
    assert!(
        text.contains(&surrogate) && text.contains("Yannick Effacé"),
        "{text}"
    );
    assert!(json(&db, &["search", "yannick"])
        .as_array()
        .unwrap()
        .is_empty());
    let reprint = dir.path().join("reprint.pdf");
    ok(
        &db,
        &[
            "erase",
            "certificate",
            &req,
            "--out",
            reprint.to_str().unwrap(),
        ],
    );
    assert!(!carnet_testkit::pdf_text(&reprint).contains("Yannick"));
    assert!(ok(&db, &["verify"]).contains("intact"));

    // Retention: nothing due today; the rules and their defaults.
    let preview = json(&db, &["purge", "preview"]);
    assert_eq!(preview["total_due"], 0);
    let text = ok(&db, &["purge", "preview"]);
    assert!(
        text.contains("contest entries past their contest's retention: 0"),
        "{text}"
    );
    let rules = json(&db, &["retention", "list"]);
    assert_eq!(
        rules.as_array().unwrap().len(),
        5,
        "four categories and billing"
    );
    let bad = carnet(&db, &["retention", "set", "incidents", "12"]);
    assert_eq!(bad.status.code(), Some(2));
    let report = json(&db, &["purge", "run"]);
    assert!(report["id"].as_i64().unwrap() >= 1);

    // Incidents.
    let inc = json(
        &db,
        &[
            "incident",
            "add",
            "--title",
            "Clé USB perdue",
            "--nature",
            "loss",
            "--information",
            "Sauvegarde non chiffrée des inscriptions",
            "--circumstances",
            "Perdue dans le métro",
            "--categories",
            "identity,contact",
            "--people",
            "120",
        ],
    );
    assert_eq!(inc["clock"]["state"], "assess");
    assert_eq!(inc["clock"]["hours_left"], 72);
    let list = ok(&db, &["incident", "list"]);
    assert!(
        list.contains("Clé USB perdue") && list.contains("72 h left"),
        "{list}"
    );
    let pdf = dir.path().join("incident.pdf");
    let inc_id = inc["id"].as_i64().unwrap().to_string();
    ok(
        &db,
        &[
            "incident",
            "report",
            &inc_id,
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(carnet_testkit::pdf_text(&pdf).contains("Perdue dans le métro"));

    // The processing register round-trips through JSON.
    let activities = ok(&db, &["--json", "processing", "show"]);
    let file = dir.path().join("activities.json");
    std::fs::write(&file, activities).unwrap();
    let tomorrow = (chrono::Local::now().date_naive() + chrono::Duration::days(1)).to_string();
    let v = json(
        &db,
        &[
            "processing",
            "adopt",
            file.to_str().unwrap(),
            "--from",
            &tomorrow,
        ],
    );
    assert_eq!(v["version"], 1);
}

#[test]
fn a_contest_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db");
    let rk_file = dir.path().join("recovery.txt");
    ok(
        &db,
        &[
            "init",
            "--org-name",
            "Club",
            "--jurisdiction",
            "quebec",
            "--recovery-key-out",
            rk_file.to_str().unwrap(),
        ],
    );
    let today = chrono::Local::now().date_naive();
    let day = |d: i64| (today + chrono::Duration::days(d)).to_string();
    let id = json(
        &db,
        &[
            "contest",
            "add",
            "--name",
            "Concours",
            "--opens",
            &day(-10),
            "--closes",
            &day(0),
            "--draw",
            &day(0),
            "--prize",
            "Métronome:1:35",
            "--prize",
            "Carte-cadeau:2:50",
            "--skill-question",
            "3 × 4 + 2",
            "--skill-answer",
            "14",
        ],
    )["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let csv = dir.path().join("formulaire.csv");
    let mut text = String::from("Prénom,Nom,Courriel,Adresse,Ville,Province,Code postal\n");
    for i in 0..30 {
        text.push_str(&format!(
            "P{i},Famille{i},p{i}@exemple.ca,{i} rue A,Laval,QC,H7N 2B{}\n",
            i % 10
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let dry = json(
        &db,
        &[
            "contest",
            "entry",
            "import",
            &id,
            csv.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert_eq!(dry["created"], 30);
    assert!(ok(&db, &["contest", "list"]).contains("0 entries"));
    ok(
        &db,
        &["contest", "entry", "import", &id, csv.to_str().unwrap()],
    );
    let seed = "ab".repeat(32);
    let check = json(&db, &["contest", "draw", &id, "--seed", &seed]);
    assert_eq!(check["seed"], seed);
    assert_eq!(check["entries"], 30);
    assert!(ok(&db, &["contest", "verify-draw", &id]).contains("draw verified"));
    let page = json(&db, &["contest", "show", &id]);
    let winner = page["winners"][0]["id"].as_i64().unwrap().to_string();
    assert_eq!(
        json(&db, &["contest", "skill", &winner, "--answer", "14"])["correct"],
        true
    );
    ok(&db, &["contest", "claim", &winner]);
    // Prepared without shipping: its label prints from the command line.
    let labels = dir.path().join("etiquettes.pdf");
    let prepared = json(&db, &["contest", "ship", &winner, "--prepare"]);
    assert_eq!(prepared["status"], "to_pack");
    assert!(ok(
        &db,
        &["contest", "labels", &id, "--out", labels.to_str().unwrap()],
    )
    .contains("1 labels"));
    let label = carnet_testkit::pdf_text(&labels);
    assert!(!label.contains(','), "no punctuation on a label: {label}");
    // Without --prepare, a carrier is needed.
    assert_eq!(
        carnet(&db, &["contest", "ship", &winner]).status.code(),
        Some(2)
    );
    let shipped = json(
        &db,
        &[
            "contest",
            "ship",
            &winner,
            "--carrier",
            "Postes Canada",
            "--tracking",
            "123",
        ],
    );
    assert_eq!(
        shipped["shipment"], prepared["shipment"],
        "the one prepared"
    );
    assert_eq!(shipped["status"], "shipped");
    // Labels are for prizes to pack: this one is already shipped.
    std::fs::remove_file(&labels).unwrap();
    let none = carnet(
        &db,
        &["contest", "labels", &id, "--out", labels.to_str().unwrap()],
    );
    assert_eq!(none.status.code(), Some(2));
    let report = dir.path().join("tirage.pdf");
    ok(
        &db,
        &["contest", "report", &id, "--out", report.to_str().unwrap()],
    );
    let text = carnet_testkit::pdf_text(&report);
    assert!(
        text.contains(&seed) && text.contains("Rapport de tirage"),
        "{text}"
    );
    assert!(
        !text.contains("Famille"),
        "no entrant's name in the draw report"
    );
}

#[test]
fn spreadsheets_mailing_tools_and_licences_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db");
    let rk_file = dir.path().join("recovery.txt");
    ok(
        &db,
        &[
            "init",
            "--org-name",
            "École de musique",
            "--jurisdiction",
            "france",
            "--recovery-key-out",
            rk_file.to_str().unwrap(),
        ],
    );
    // French Excel's "CSV (point-virgule)": Windows-1252, a column to map by hand.
    let file = dir.path().join("eleves.csv");
    std::fs::write(
        &file,
        b"Nom;Pr\xe9nom;M\xe8l parent;N\xe9(e) le\r\nC\x9curderoy;Zo\xe9;zoe@exemple.fr;03/02/2015\r\nRoy;L\xe9a;pas-une-adresse;31/02/2014\r\n",
    )
    .unwrap();
    let text = ok(
        &db,
        &["import", "people", file.to_str().unwrap(), "--dry-run"],
    );
    assert!(
        text.contains("Windows1252") && text.contains("(not imported)"),
        "{text}"
    );
    let mapped = [
        "import",
        "people",
        file.to_str().unwrap(),
        "--map",
        "Mèl parent=email",
        "--map",
        "4=birth_date",
    ];
    let out = carnet(&db, &mapped);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("line 3: email is not an email address"),
        "{text}"
    );
    assert!(
        text.contains("line 3: birth date is not a real date"),
        "{text}"
    );
    assert!(text.contains("nothing was written"));
    std::fs::write(
        &file,
        b"Nom;Pr\xe9nom;M\xe8l parent;N\xe9(e) le\r\nC\x9curderoy;Zo\xe9;zoe@exemple.fr;03/02/1985\r\n",
    )
    .unwrap();
    let mut all = vec!["--json"];
    all.extend_from_slice(&mapped);
    // One date alone, 03/02: it reads both ways, so the order is said.
    all.extend_from_slice(&["--date-order", "day_first"]);
    let report: serde_json::Value = serde_json::from_str(&ok(&db, &all)).unwrap();
    assert_eq!(
        (report["created"].as_i64(), report["dry_run"].as_bool()),
        (Some(1), Some(false))
    );
    let found = json(&db, &["search", "coeurderoy"]);
    let zoe = found[0]["id"].as_i64().unwrap().to_string();

    // The newsletter: subscribe, export for Mailchimp, import Brevo's blocklist.
    ok(
        &db,
        &[
            "newsletter",
            "subscribe",
            "1",
            "--person",
            &zoe,
            "--evidence",
            "Bulletin papier signé",
        ],
    );
    let mc = dir.path().join("mailchimp.csv");
    let v = json(
        &db,
        &[
            "newsletter",
            "export",
            "1",
            "--format",
            "mailchimp",
            "--out",
            mc.to_str().unwrap(),
        ],
    );
    assert_eq!(v["exported"], 1);
    assert_eq!(
        std::fs::read_to_string(&mc).unwrap(),
        "Email Address,First Name,Last Name,Tags\nzoe@exemple.fr,Zoé,Cœurderoy,\n"
    );
    let brevo = dir.path().join("brevo.csv");
    std::fs::write(
        &brevo,
        "EMAIL;PRENOM;NOM;EMAIL_BLACKLISTED\nzoe@exemple.fr;Zoé;Cœurderoy;Oui\n",
    )
    .unwrap();
    let v = json(
        &db,
        &[
            "newsletter",
            "import",
            brevo.to_str().unwrap(),
            "--format",
            "brevo",
        ],
    );
    assert_eq!(v["withdrawn"], 1);
    let v = json(
        &db,
        &[
            "newsletter",
            "export",
            "1",
            "--format",
            "brevo",
            "--out",
            mc.to_str().unwrap(),
        ],
    );
    assert_eq!(v["exported"], 0);

    // Licences.
    let today = chrono::Local::now().date_naive();
    let day = |d: i64| (today + chrono::Duration::days(d)).to_string();
    let l = json(
        &db,
        &[
            "licence",
            "add",
            "--person",
            &zoe,
            "--product",
            "Solfège",
            "--code",
            "SOL-1",
            "--starts",
            &day(-300),
            "--ends",
            &day(20),
            "--seats",
            "1",
            "--price",
            "89.90",
            "--invoice",
            "F-12",
        ],
    );
    let id = l["id"].as_i64().unwrap().to_string();
    let soon = json(&db, &["licence", "list", "--within", "30"]);
    assert_eq!(soon[0]["days_left"], 20);
    assert_eq!(soon[0]["terms"][0]["price_cents"], 8990);
    let renewed = json(
        &db,
        &[
            "licence",
            "renew",
            &id,
            "--starts",
            &day(21),
            "--ends",
            &day(385),
            "--seats",
            "2",
            "--price",
            "95",
        ],
    );
    assert_eq!(renewed["terms"].as_array().unwrap().len(), 2);
    assert_eq!(
        json(&db, &["licence", "list", "--within", "30"]),
        serde_json::json!([])
    );
    let pdf = dir.path().join("rappel.pdf");
    ok(
        &db,
        &["licence", "reminder", &id, "--out", pdf.to_str().unwrap()],
    );
    assert!(carnet_testkit::pdf_text(&pdf).contains("SOL-1"));
    let csv = dir.path().join("licences.csv");
    ok(
        &db,
        &[
            "export",
            "licences",
            "--pseudonymise",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("\u{feff}Code;Produit;Titulaire;") && !text.contains("Cœurderoy"),
        "{text}"
    );
}

#[test]
fn backup_and_restore_on_a_new_pc_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db");
    let rk_file = dir.path().join("recovery.txt");
    ok(
        &db,
        &[
            "init",
            "--org-name",
            "Club",
            "--jurisdiction",
            "quebec",
            "--recovery-key-out",
            rk_file.to_str().unwrap(),
        ],
    );
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
        Command::new(env!("CARGO_BIN_EXE_carnet-admin"))
            .arg("--db")
            .arg(db)
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
    let fresh = Command::new(env!("CARGO_BIN_EXE_carnet-admin"))
        .arg("--db")
        .arg(&db)
        .arg("--recovery-key-file")
        .arg(&new_sheet)
        .args(["search", "belanger"])
        .output()
        .unwrap();
    assert!(fresh.status.success());
}

/// Runs carnet-admin as a staff account (its passphrase in CARNET_TEST_ACCOUNT_PASS).
fn as_account(db: &Path, account: &str, pass: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carnet-admin"))
        .arg("--db")
        .arg(db)
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
    let db = dir.join("reg.db");
    let rk = dir.join("recovery.txt");
    ok(
        &db,
        &[
            "init",
            "--org-name",
            "Club",
            "--jurisdiction",
            jurisdiction,
            "--recovery-key-out",
            rk.to_str().unwrap(),
        ],
    );
    // The first account (the person in charge), made with the register's passphrase.
    let out = Command::new(env!("CARGO_BIN_EXE_carnet-admin"))
        .arg("--db")
        .arg(&db)
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
