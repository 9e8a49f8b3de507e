//! Spreadsheets, mailing tools and licences from the command line.

use super::*;

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
