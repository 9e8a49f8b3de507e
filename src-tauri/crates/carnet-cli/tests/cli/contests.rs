//! A contest from the command line: entries, the draw, winners, labels and shipping.

use super::*;

#[test]
fn a_contest_from_the_command_line() {
    let (dir, db, _) = club("quebec");
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
