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
            &day(-1),
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
            "--public-source",
            "le tirage du Québec 49 du jour",
        ],
    );
    let commitment = id["commitment"].as_str().unwrap().to_owned();
    assert_eq!(commitment.len(), 64, "a commitment from the start");
    let id = id["id"].as_i64().unwrap().to_string();
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
    // The draw waits for the closing, then for the public value the rules name.
    assert_eq!(
        carnet(&db, &["contest", "draw", &id]).status.code(),
        Some(2)
    );
    let closed = ok(&db, &["contest", "close", &id]);
    assert!(closed.contains("entries closed: 30 entries"), "{closed}");
    let closing_pdf = dir.path().join("cloture.pdf");
    ok(
        &db,
        &[
            "contest",
            "closing",
            &id,
            "--out",
            closing_pdf.to_str().unwrap(),
        ],
    );
    let closing = carnet_testkit::pdf_text(&closing_pdf);
    assert!(closing.contains("Clôture des participations") && closing.contains(&commitment));
    assert_eq!(
        carnet(&db, &["contest", "draw", &id]).status.code(),
        Some(2)
    );
    let drawn = ok(
        &db,
        &["contest", "draw", &id, "--public", "3 9 14 22 31 40 (7)"],
    );
    assert!(
        drawn.contains(&format!("commitment {commitment}")) && drawn.contains("secret "),
        "{drawn}"
    );
    // What it printed is what the standalone checker takes.
    let value = |key: &str| {
        drawn
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .unwrap()
            .trim()
            .to_owned()
    };
    let checker =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../docs/check_draw.py");
    let checked = std::process::Command::new("python3")
        .arg(checker)
        .args(["--commitment", &value("commitment ")])
        .args(["--secret", &value("secret ")])
        .args(["--public", "3 9 14 22 31 40 (7)"])
        .args(["--entries", &value("entry numbers ")])
        .args(["--digest", &value("list digest ")])
        .args(["--drawn", &value("order drawn ")])
        .output()
        .unwrap();
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );
    assert!(ok(&db, &["contest", "verify-draw", &id]).contains("draw verified"));
    let seed = json(&db, &["contest", "verify-draw", &id])["secret"]
        .as_str()
        .unwrap()
        .to_owned();
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
