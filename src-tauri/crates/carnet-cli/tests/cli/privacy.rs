//! Erasure, purges, legal holds and the incident register from the command line.

use super::*;

#[test]
fn erase_purge_and_incidents_from_the_command_line() {
    let (dir, db, _) = club("france");
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

    // The pack for the authority: the erasure, the incident and the purge are in it.
    let pack = dir.path().join("dossier.zip");
    let said = ok(&db, &["regulator-pack", "--out", pack.to_str().unwrap()]);
    assert!(said.contains("1 erasures, 1 incidents"), "{said}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&pack).unwrap()).unwrap();
    let mut incidents = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("incidents.csv").unwrap(), &mut incidents)
        .unwrap();
    assert!(incidents.contains("Clé USB perdue"), "{incidents}");
    assert!(
        zip.by_name("1-dossier.pdf").is_ok()
            && zip.by_name("effacements.csv").is_ok()
            && zip.by_name("dossier.json").is_ok()
    );
}
