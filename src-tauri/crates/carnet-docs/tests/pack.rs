//! The regulator's pack from a register with requests (one answered late), an erasure, an
//! incident and a purge: every part is in the dossier's text and in the CSV files, the
//! registers are their own PDFs, and no name of a person is in it. (Office staff are
//! refused it: `carnet-core/tests/permissions.rs`.)

mod common;

use std::io::Read;

use carnet_core::accounts::AccountKey;
use carnet_core::backup::BackupSettings;
use carnet_core::incidents::IncidentInput;
use carnet_core::incidents::IncidentNature;
use carnet_core::model::StaffRole;
use carnet_core::model::{Channel, DataCategory, Jurisdiction, Language};
use carnet_core::privacy::ErasureInput;
use carnet_core::requests::{IdentityMethod, RequestInput, RequestKind, RequestStatus, Requester};
use carnet_core::secret::KdfParams;
use carnet_core::vault::Vault;
use carnet_core::Contexts;
use carnet_docs::regulator_pack;
use common::*;

fn files(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

#[test]
fn the_regulators_pack_holds_every_part_and_no_name() {
    let Family {
        dir: _dir,
        mut reg,
        now,
        child,
        parent,
        sibling,
        ..
    } = family(Jurisdiction::Quebec);
    let request = |kind, person, received: &str| {
        reg.requests()
            .add(
                &RequestInput {
                    kind,
                    received_on: d(received),
                    channel: Channel::Email,
                    person_id: person,
                    requester: Requester::Guardian,
                    requester_person_id: Some(parent),
                    requester_name: String::new(),
                    notes: String::new(),
                },
                now,
            )
            .unwrap()
    };
    // An access request answered after its 30 days, an erasure carried out.
    let access = request(RequestKind::Access, child, "2026-09-01");
    reg.requests()
        .verify_identity(access, IdentityMethod::DocumentSeen, d("2026-09-02"), now)
        .unwrap();
    reg.requests()
        .close(
            access,
            RequestStatus::Answered,
            "",
            None,
            d("2026-10-15"),
            now,
        )
        .unwrap();
    let erasure = request(RequestKind::Erasure, sibling, "2026-11-20");
    reg.requests()
        .verify_identity(erasure, IdentityMethod::DocumentSeen, d("2026-11-21"), now)
        .unwrap();
    let sibling_name = reg.people().get(sibling).unwrap().display_name();
    let done = reg
        .privacy()
        .erase(
            &ErasureInput {
                request_id: Some(erasure),
                person_ids: vec![sibling],
            },
            &sibling_name,
            now,
        )
        .unwrap();
    let surrogate = done.people[0].surrogate.clone();
    let incident = reg
        .incidents()
        .add(
            &IncidentInput {
                title: "Clé USB perdue au gala".into(),
                nature: IncidentNature::Loss,
                information: "Liste des inscriptions".into(),
                categories: vec![DataCategory::Identity],
                circumstances: "Oubliée dans la salle.".into(),
                occurred_from: Some(d("2026-11-22")),
                occurred_to: None,
                learned_at: now - chrono::Duration::hours(5),
                people_count: Some(42),
                records_count: None,
                people_concerned: String::new(),
                sensitivity: String::new(),
                misuse: String::new(),
                consequences: String::new(),
                likelihood: None,
                serious_risk: None,
                authority_notified_on: None,
                authority_reason: String::new(),
                people_notified_on: None,
                public_notice_on: None,
                measures: String::new(),
            },
            now,
        )
        .unwrap();
    reg.set_staff("Hélène Tremblay");
    let purge = reg.privacy().purge(now).unwrap();
    // Backups to a chosen folder, one taken; then two accounts (the person in charge
    // signs in as the first).
    let usb = tempfile::tempdir().unwrap();
    reg.backups()
        .set_settings(
            &BackupSettings {
                folder: Some(usb.path().to_owned()),
                ..BackupSettings::default()
            },
            now,
        )
        .unwrap();
    reg.backups().backup_to(usb.path(), now).unwrap();
    let fast = KdfParams {
        m_kib: 1024,
        t: 1,
        p: 1,
    };
    for (name, role) in [
        ("Hélène Tremblay", StaffRole::PrivacyOfficer),
        ("Sophie Gagnon", StaffRole::OfficeStaff),
    ] {
        reg.accounts()
            .add(
                name,
                role,
                AccountKey::Passphrase("une phrase assez longue pour le test", fast),
                &Vault::none(),
                now,
            )
            .unwrap();
    }

    let pack = reg.privacy().regulator_pack(now).unwrap();
    let zip = regulator_pack(&pack, Language::Fr).unwrap();
    let files = files(&zip);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "1-dossier.pdf",
            "2-registre-des-traitements.pdf",
            "3-registre-des-incidents.pdf",
            "demandes.csv",
            "effacements.csv",
            "conservation.csv",
            "purges.csv",
            "incidents.csv",
            "comptes.csv",
            "dossier.json"
        ]
    );
    let file = |name: &str| &files.iter().find(|(n, _)| n == name).unwrap().1;
    let dossier = text(file("1-dossier.pdf"), "dossier.pdf");
    let flat = dossier.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Dossier pour l’autorité de contrôle",
        "École de musique Les P’tits mélomanes",
        "Hélène Tremblay, directrice",
        "vie.privee@melomanes.ca",
        "Commission d’accès à l’information du Québec",
        "2 demande(s) reçue(s), dont 0 en cours ; 1 réponse(s) donnée(s) après l’échéance.",
        "1er octobre 2026",
        "15 octobre 2026",
        surrogate.as_str(),
        "Anciens membres et contacts",
        "Clé USB perdue au gala",
        "42",
        "Registre des consentements",
        "intacte",
        &pack.ledger.head_hash,
        "Registre des traitements",
        "7. Comptes du personnel et rôles",
        "Sophie Gagnon personnel de bureau",
        "8. Sauvegardes",
        "1 copie(s) de ce registre",
        &format!(
            "Dernière sauvegarde vérifiée : {} (UTC)",
            now.format("%Y-%m-%d %H:%M")
        ),
        "9. Ce que ce dossier ne contient pas",
        "les sauvegardes elles-mêmes, leur emplacement et toute clé",
    ] {
        assert!(
            flat.contains(needle),
            "{needle} missing from the dossier:\n{dossier}"
        );
    }
    assert!(text(file("3-registre-des-incidents.pdf"), "incidents.pdf")
        .contains("Clé USB perdue au gala"));
    assert!(text(file("2-registre-des-traitements.pdf"), "traitements.pdf").contains("Registre"));
    let csv = |name: &str| String::from_utf8(file(name).clone()).unwrap();
    let requests = csv("demandes.csv");
    assert!(
        requests.contains(&format!("{access},access,2026-09-01")),
        "{requests}"
    );
    assert!(
        requests.contains(&format!("{erasure},erasure,2026-11-20")),
        "{requests}"
    );
    assert!(csv("effacements.csv").contains(&surrogate));
    assert!(csv("incidents.csv").contains(&format!("{incident},Clé USB perdue au gala,loss")));
    assert!(csv("purges.csv").contains(&format!("{},", purge.id)));
    assert!(csv("conservation.csv").contains("former_people"));
    let accounts = csv("comptes.csv");
    assert!(
        accounts.contains("Hélène Tremblay,privacy_officer"),
        "{accounts}"
    );
    assert!(
        accounts.contains("Sophie Gagnon,office_staff"),
        "{accounts}"
    );
    // The JSON holds the same rows as the CSV files, and the summary.
    let json: serde_json::Value = serde_json::from_slice(file("dossier.json")).unwrap();
    let ids = |key: &str, id: &str| -> Vec<i64> {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v[id].as_i64().unwrap())
            .collect()
    };
    let mut requests = ids("requests", "request_id");
    requests.sort();
    assert_eq!(requests, [access, erasure]);
    assert_eq!(ids("incidents", "incident_id"), [incident]);
    assert_eq!(ids("purges", "id"), [purge.id]);
    assert_eq!(json["erasures"][0]["surrogate"], surrogate.as_str());
    assert_eq!(
        json["requests"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["on_time"] == false)
            .count(),
        1
    );
    assert_eq!(json["consent_ledger"]["intact"], true);
    assert_eq!(
        json["consent_ledger"]["head_hash"],
        pack.ledger.head_hash.as_str()
    );
    assert_eq!(json["accounts"].as_array().unwrap().len(), 2);
    assert_eq!(json["backups"]["copies"], 1);
    assert_eq!(json["backups"]["folder_chosen"], true);
    assert!(
        !String::from_utf8_lossy(file("dossier.json")).contains(&usb.path().display().to_string())
    );
    assert_eq!(json["leaves_out"].as_array().unwrap().len(), 5);
    // No one is named: not the child, the parent, nor the erased sibling.
    let everything: String = files
        .iter()
        .map(|(n, b)| {
            if n.ends_with(".pdf") {
                text(b, n)
            } else {
                String::from_utf8_lossy(b).into_owned()
            }
        })
        .collect();
    for who in [child, parent] {
        let name = reg.people().get(who).unwrap().display_name();
        assert!(!everything.contains(&name), "{name} is in the pack");
    }
    assert!(!everything.contains(&sibling_name));
}
