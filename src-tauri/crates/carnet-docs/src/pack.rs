//! The regulator's pack as one ZIP: a dossier (PDF) that answers the authority's first
//! questions on its own pages — who is in charge, the requests and their deadlines, the
//! erasures, retention and purges, the incidents, the consent ledger's check, the accounts
//! and roles, the backups, what the pack leaves out — with the
//! processing register and the incident register as their own PDFs, and the lists as CSV
//! files for a spreadsheet and one JSON document for software.

use std::io::Write;

use carnet_core::csv_out::SpreadsheetCsv;
use carnet_core::model::{Jurisdiction, Language, StaffRole};
use carnet_core::privacy::{RegulatorPack, RetentionCategory};
use carnet_core::{Error, Result};
use zip::write::SimpleFileOptions;

use crate::access::{date, word};
use crate::{incident_register, processing_register, render, Block, Doc};

fn failed<E>(_: E) -> Error {
    Error::Io("the pack could not be written".into())
}

fn category(c: RetentionCategory, lang: Language) -> String {
    let (fr, en) = match c {
        RetentionCategory::FormerPeople => {
            ("Anciens membres et contacts", "Former members and contacts")
        }
        RetentionCategory::ClosedRequests => ("Demandes closes", "Closed requests"),
        RetentionCategory::AuditLog => ("Journal des actions", "Audit log"),
        RetentionCategory::Incidents => ("Incidents", "Incidents"),
        RetentionCategory::Billing => ("Facturation des licences", "Licence billing"),
    };
    match lang {
        Language::Fr => fr.into(),
        Language::En => en.into(),
    }
}

/// The file names, in the pack's language.
struct Names {
    dossier: &'static str,
    processing: &'static str,
    incidents: &'static str,
    requests: &'static str,
    erasures: &'static str,
    retention: &'static str,
    purges: &'static str,
    incidents_csv: &'static str,
    accounts: &'static str,
    json: &'static str,
}

const FR: Names = Names {
    dossier: "1-dossier.pdf",
    processing: "2-registre-des-traitements.pdf",
    incidents: "3-registre-des-incidents.pdf",
    requests: "demandes.csv",
    erasures: "effacements.csv",
    retention: "conservation.csv",
    purges: "purges.csv",
    incidents_csv: "incidents.csv",
    accounts: "comptes.csv",
    json: "dossier.json",
};

const EN: Names = Names {
    dossier: "1-dossier.pdf",
    processing: "2-processing-register.pdf",
    incidents: "3-incident-register.pdf",
    requests: "requests.csv",
    erasures: "erasures.csv",
    retention: "retention.csv",
    purges: "purges.csv",
    incidents_csv: "incidents.csv",
    accounts: "accounts.csv",
    json: "pack.json",
};

/// The pack's ZIP, in `lang`.
pub fn regulator_pack(pack: &RegulatorPack, lang: Language) -> Result<Vec<u8>> {
    let names = match lang {
        Language::Fr => &FR,
        Language::En => &EN,
    };
    let mut files: Vec<(&str, Vec<u8>)> = vec![
        (names.dossier, render(&dossier(pack, names, lang))?),
        (
            names.processing,
            render(&processing_register(&pack.processing, &pack.profile, lang))?,
        ),
        (
            names.incidents,
            render(&incident_register(&pack.incidents, &pack.profile, lang))?,
        ),
        (names.requests, pack.requests_csv.clone()),
    ];
    let mut w = SpreadsheetCsv::new();
    w.row([
        "erasure_id",
        "executed_at",
        "executed_on",
        "request_id",
        "origin",
        "surrogate",
        "deferred_until",
        "completed_on",
    ])?;
    for e in &pack.erasures {
        w.row([
            e.id.to_string(),
            e.executed_at.clone(),
            e.executed_on.to_string(),
            e.request_id.map(|i| i.to_string()).unwrap_or_default(),
            e.origin.clone(),
            e.surrogate.clone(),
            e.deferred_until.map(|d| d.to_string()).unwrap_or_default(),
            e.completed_on.map(|d| d.to_string()).unwrap_or_default(),
        ])?;
    }
    files.push((names.erasures, w.finish()?));
    let mut w = SpreadsheetCsv::new();
    w.row(["category", "months", "default_months"])?;
    for r in &pack.retention {
        w.row([
            r.category.to_string(),
            r.months.to_string(),
            r.default_months.to_string(),
        ])?;
    }
    files.push((names.retention, w.finish()?));
    let mut w = SpreadsheetCsv::new();
    w.row([
        "purge_id",
        "at",
        "day",
        "category",
        "months",
        "cutoff",
        "removed",
        "held",
        "contest_entries_purged",
    ])?;
    for p in &pack.purges {
        for r in &p.rules {
            w.row([
                p.id.to_string(),
                p.at.clone(),
                p.day.to_string(),
                r.category.to_string(),
                r.months.to_string(),
                r.cutoff.to_string(),
                r.due.to_string(),
                r.held.to_string(),
                p.contest_entries_purged.to_string(),
            ])?;
        }
    }
    files.push((names.purges, w.finish()?));
    let mut w = SpreadsheetCsv::new();
    w.row([
        "incident_id",
        "title",
        "nature",
        "learned_at",
        "people_count",
        "records_count",
        "clock",
    ])?;
    for i in &pack.incidents {
        w.row([
            i.id.to_string(),
            i.data.title.clone(),
            i.data.nature.to_string(),
            i.data.learned_at.to_rfc3339(),
            i.data
                .people_count
                .map(|n| n.to_string())
                .unwrap_or_default(),
            i.data
                .records_count
                .map(|n| n.to_string())
                .unwrap_or_default(),
            serde_json::to_value(i.clock)
                .ok()
                .and_then(|v| v.get("state").and_then(|s| s.as_str()).map(str::to_owned))
                .unwrap_or_default(),
        ])?;
    }
    files.push((names.incidents_csv, w.finish()?));
    let mut w = SpreadsheetCsv::new();
    w.row(["account_id", "name", "role", "created_at", "removed_at"])?;
    for a in &pack.accounts {
        w.row([
            a.id.to_string(),
            a.name.clone(),
            a.role.to_string(),
            a.created_at.clone(),
            a.removed_at.clone().unwrap_or_default(),
        ])?;
    }
    files.push((names.accounts, w.finish()?));
    files.push((
        names.json,
        serde_json::to_vec_pretty(&as_json(pack)).map_err(failed)?,
    ));

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name, opts).map_err(failed)?;
        zip.write_all(&bytes).map_err(failed)?;
    }
    Ok(zip.finish().map_err(failed)?.into_inner())
}

/// The pack's figures and lists in one JSON document, for the authority's own tools: the
/// same name-free columns as the CSV files, with the dossier's summary.
fn as_json(pack: &RegulatorPack) -> serde_json::Value {
    use serde_json::json;
    let requests: Vec<_> = pack
        .requests
        .iter()
        .map(|r| {
            json!({
                "request_id": r.id,
                "kind": r.data.kind,
                "received_on": r.data.received_on,
                "channel": r.data.channel,
                "requester": r.data.requester,
                "identity_method": r.identity.as_ref().map(|i| i.method),
                "identity_checked_on": r.identity.as_ref().map(|i| i.checked_on),
                "extension_notice_on": r.extension_notice_on,
                "due_on": r.deadline.due,
                "status": r.status,
                "refusal_ground": r.refusal.as_ref().map(|x| x.ground),
                "responded_on": r.responded_on,
                "on_time": r.on_time(),
            })
        })
        .collect();
    let incidents: Vec<_> = pack
        .incidents
        .iter()
        .map(|i| {
            json!({
                "incident_id": i.id,
                "title": i.data.title,
                "nature": i.data.nature,
                "learned_at": i.data.learned_at,
                "people_count": i.data.people_count,
                "records_count": i.data.records_count,
                "authority_notified_on": i.data.authority_notified_on,
                "people_notified_on": i.data.people_notified_on,
                "clock": i.clock,
            })
        })
        .collect();
    let accounts: Vec<_> = pack
        .accounts
        .iter()
        .map(|a| {
            json!({
                "account_id": a.id,
                "name": a.name,
                "role": a.role,
                "created_at": a.created_at,
                "removed_at": a.removed_at,
            })
        })
        .collect();
    json!({
        "made_on": pack.made_on,
        "made_by": pack.made_by,
        "organisation": {
            "name": pack.profile.name,
            "address": pack.profile.address,
            "jurisdiction": pack.profile.jurisdiction,
            "person_in_charge": pack.profile.privacy_contact,
            "email": pack.profile.privacy_email,
            "phone": pack.profile.privacy_phone,
        },
        "processing_register": pack.processing,
        "processing_versions": pack.processing_versions,
        "requests": requests,
        "erasures": pack.erasures,
        "retention": pack.retention,
        "purges": pack.purges,
        "incidents": incidents,
        "consent_ledger": {
            "events": pack.ledger.events,
            "intact": pack.ledger.problems.is_empty(),
            "problems_found_today": pack.ledger.problems.len(),
            "findings_ever": pack.ledger.findings.len(),
            "head_hash": pack.ledger.head_hash,
        },
        "accounts": accounts,
        "backups": pack.backups,
        "leaves_out": LEAVES_OUT.iter().map(|(_, en)| *en).collect::<Vec<_>>(),
    })
}

/// What the pack does not hold, said in the dossier and in the JSON (French, English).
const LEAVES_OUT: [(&str, &str); 5] = [
    (
        "les noms, coordonnées et dossiers des personnes inscrites : demandes et effacements y figurent par numéro, à montrer un par un si l’autorité le demande",
        "the names, contact details and records of the people in the register: requests and erasures appear by number, to be shown one by one if the authority asks",
    ),
    (
        "le texte des consentements de chaque personne et leurs preuves (le registre des consentements est vérifié, pas recopié)",
        "each person's consent wordings and their evidence (the consent ledger is checked, not copied)",
    ),
    (
        "le journal des actions détaillé, les notes internes et les lettres envoyées",
        "the detailed audit log, staff notes and the letters sent",
    ),
    (
        "les sauvegardes elles-mêmes, leur emplacement et toute clé ou phrase de passe",
        "the backups themselves, where they are kept, and any key or passphrase",
    ),
    (
        "les participations aux concours et les envois de prix",
        "contest entries and prize shipments",
    ),
];

/// The dossier: the pack's front pages.
fn dossier(pack: &RegulatorPack, names: &Names, lang: Language) -> Doc {
    let t = |f: &str, e: &str| match lang {
        Language::Fr => f.to_owned(),
        Language::En => e.to_owned(),
    };
    let org = &pack.profile;
    let authority = match org.jurisdiction {
        Jurisdiction::Quebec => t(
            "Commission d’accès à l’information du Québec",
            "Quebec's Commission d'accès à l'information",
        ),
        Jurisdiction::France => t(
            "Commission nationale de l’informatique et des libertés (CNIL)",
            "France's Commission nationale de l'informatique et des libertés (CNIL)",
        ),
    };
    let title = t(
        "Dossier pour l’autorité de contrôle",
        "Pack for the supervisory authority",
    );
    let mut doc = Doc::new(&title, org.paper, lang);
    doc.footer_left = org.name.clone();
    let reach = [&org.privacy_email, &org.privacy_phone]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    doc.push(Block::Title(title)).push(Block::Pairs(vec![
        (t("Organisme", "Organisation"), org.name.clone()),
        (t("Adresse", "Address"), org.address.clone()),
        (
            t(
                "Responsable de la protection des renseignements",
                "Person in charge of personal information",
            ),
            org.privacy_contact.clone(),
        ),
        (t("Pour le joindre", "To reach them"), reach),
        (t("Autorité", "Authority"), authority),
        (t("Établi le", "Made on"), date(pack.made_on, lang)),
        (t("Par", "By"), pack.made_by.clone()),
    ]));
    doc.push(Block::Heading(t("Contenu", "Contents"))).push(Block::Table {
        head: vec![t("Fichier", "File"), t("Ce qu’il contient", "What it holds")],
        rows: vec![
            vec![names.dossier.into(), t("ces pages : demandes, effacements, conservation, purges, incidents, registre des consentements", "these pages: requests, erasures, retention, purges, incidents, consent ledger")],
            vec![names.processing.into(), t("le registre des traitements en vigueur", "the processing register in force")],
            vec![names.incidents.into(), t("le registre des incidents de confidentialité", "the register of confidentiality incidents")],
            vec![names.requests.into(), t("toutes les demandes, avec leurs délais (sans nom)", "every request, with its deadlines (no names)")],
            vec![names.erasures.into(), t("les effacements faits", "the erasures carried out")],
            vec![names.retention.into(), t("les durées de conservation", "the retention periods")],
            vec![names.purges.into(), t("les purges faites, règle par règle", "the purges run, rule by rule")],
            vec![names.incidents_csv.into(), t("les incidents, pour un tableur", "the incidents, for a spreadsheet")],
            vec![names.accounts.into(), t("les comptes du personnel et leur rôle", "the staff accounts and their roles")],
            vec![names.json.into(), t("tout ce qui précède, en JSON pour un logiciel", "all of the above, as JSON for software")],
        ],
    });

    // 1. Requests and their deadlines.
    let open = pack.requests.iter().filter(|r| r.status.is_open()).count();
    let late = pack
        .requests
        .iter()
        .filter(|r| r.on_time() == Some(false))
        .count();
    doc.push(Block::Heading(t("1. Demandes d’accès et d’exercice des droits", "1. Access and rights requests")))
        .push(Block::Para(t(
            &format!("{} demande(s) reçue(s), dont {open} en cours ; {late} réponse(s) donnée(s) après l’échéance.", pack.requests.len()),
            &format!("{} request(s) received, {open} of them open; {late} answer(s) given after the deadline.", pack.requests.len()),
        )))
        .push(Block::Table {
            head: vec![
                t("N°", "No."),
                t("Demande", "Request"),
                t("Reçue le", "Received"),
                t("Échéance", "Due"),
                t("État", "State"),
                t("Réponse le", "Answered"),
                t("Dans le délai", "On time"),
            ],
            rows: pack
                .requests
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        word(r.data.kind.as_str(), lang),
                        date(r.data.received_on, lang),
                        if r.deadline.extended {
                            format!("{} ({})", date(r.deadline.due, lang), t("prolongée", "extended"))
                        } else {
                            date(r.deadline.due, lang)
                        },
                        word(r.status.as_str(), lang),
                        r.responded_on.map(|d| date(d, lang)).unwrap_or_else(|| "—".into()),
                        match r.on_time() {
                            Some(true) => t("oui", "yes"),
                            Some(false) => t("non", "no"),
                            None => "—".into(),
                        },
                    ]
                })
                .collect(),
        });

    // 2. Erasures.
    doc.push(Block::Heading(t("2. Effacements", "2. Erasures")));
    if pack.erasures.is_empty() {
        doc.push(Block::Para(t("Aucun effacement.", "No erasure.")));
    } else {
        doc.push(Block::Table {
            head: vec![
                t("N°", "No."),
                t("Fait le", "Carried out"),
                t("Demande n°", "Request no."),
                t("Remplacé par", "Replaced by"),
                t("Différé jusqu’au", "Deferred until"),
            ],
            rows: pack
                .erasures
                .iter()
                .map(|e| {
                    vec![
                        e.id.to_string(),
                        date(e.executed_on, lang),
                        e.request_id
                            .map(|i| i.to_string())
                            .unwrap_or_else(|| "—".into()),
                        e.surrogate.clone(),
                        e.deferred_until
                            .map(|d| date(d, lang))
                            .unwrap_or_else(|| "—".into()),
                    ]
                })
                .collect(),
        });
    }

    // 3. Retention and purges.
    doc.push(Block::Heading(t(
        "3. Conservation et purges",
        "3. Retention and purges",
    )))
    .push(Block::Table {
        head: vec![
            t("Catégorie", "Category"),
            t("Durée (mois)", "Period (months)"),
            t("Par défaut", "Default"),
        ],
        rows: pack
            .retention
            .iter()
            .map(|r| {
                vec![
                    category(r.category, lang),
                    r.months.to_string(),
                    r.default_months.to_string(),
                ]
            })
            .collect(),
    });
    if pack.purges.is_empty() {
        doc.push(Block::Para(t(
            "Aucune purge n’a encore été faite.",
            "No purge has been run yet.",
        )));
    } else {
        doc.push(Block::Table {
            head: vec![
                t("Purge du", "Purge of"),
                t("Par", "By"),
                t("Dossiers retirés", "Records removed"),
            ],
            rows: pack
                .purges
                .iter()
                .map(|p| {
                    let removed: i64 =
                        p.rules.iter().map(|r| r.due).sum::<i64>() + p.contest_entries_purged;
                    vec![date(p.day, lang), p.staff.clone(), removed.to_string()]
                })
                .collect(),
        });
    }

    // 4. Incidents.
    doc.push(Block::Heading(t(
        "4. Incidents de confidentialité",
        "4. Confidentiality incidents",
    )));
    if pack.incidents.is_empty() {
        doc.push(Block::Para(t(
            "Aucun incident inscrit au registre.",
            "No incident in the register.",
        )));
    } else {
        doc.push(Block::Table {
            head: vec![
                t("N°", "No."),
                t("Incident", "Incident"),
                t("Connu le", "Learned on"),
                t("Personnes", "People"),
            ],
            rows: pack
                .incidents
                .iter()
                .map(|i| {
                    vec![
                        i.id.to_string(),
                        i.data.title.clone(),
                        i.learned_local.clone(),
                        i.data
                            .people_count
                            .map(|n| n.to_string())
                            .unwrap_or_else(|| "—".into()),
                    ]
                })
                .collect(),
        })
        .push(Block::Small(t(
            &format!(
                "Le détail de chaque incident (circonstances, risque, avis) est dans {}.",
                names.incidents
            ),
            &format!(
                "Each incident in full (circumstances, risk, notices) is in {}.",
                names.incidents
            ),
        )));
    }

    // 5. The consent ledger.
    let ledger = &pack.ledger;
    doc.push(Block::Heading(t("5. Registre des consentements", "5. Consent ledger")))
        .push(Block::Para(if ledger.problems.is_empty() && ledger.findings.is_empty() {
            t(
                &format!("{} inscription(s), chaînées par empreinte SHA-256 ; la chaîne a été recalculée ce jour : intacte, aucune anomalie jamais relevée.", ledger.events),
                &format!("{} entries, chained by SHA-256 fingerprints; the chain was recomputed today: intact, no anomaly ever found.", ledger.events),
            )
        } else {
            t(
                &format!("{} inscription(s) ; {} anomalie(s) relevée(s) au recalcul de ce jour, {} constat(s) au total (jamais effacés).", ledger.events, ledger.problems.len(), ledger.findings.len()),
                &format!("{} entries; {} anomaly(ies) found when recomputed today, {} finding(s) in all (never removed).", ledger.events, ledger.problems.len(), ledger.findings.len()),
            )
        }))
        .push(Block::Small(t(
            &format!("Empreinte de la dernière inscription : {}", ledger.head_hash),
            &format!("Fingerprint of the last entry: {}", ledger.head_hash),
        )));

    // 6. The processing register.
    doc.push(Block::Heading(t("6. Registre des traitements", "6. Processing register")))
        .push(Block::Para(match pack.processing.effective_on {
            Some(d) => t(
                &format!("Version {} en vigueur depuis le {} ({} traitements), dans {}.", pack.processing.version, date(d, lang), pack.processing.activities.len(), names.processing),
                &format!("Version {} in force since {} ({} processing activities), in {}.", pack.processing.version, date(d, lang), pack.processing.activities.len(), names.processing),
            ),
            None => t(
                &format!("Pas encore adopté : le registre joint ({}) présente les traitements proposés par défaut.", names.processing),
                &format!("Not adopted yet: the register attached ({}) shows the activities proposed by default.", names.processing),
            ),
        }));
    if !pack.processing_versions.is_empty() {
        doc.push(Block::Table {
            head: vec![
                t("Version", "Version"),
                t("En vigueur le", "In force from"),
                t("Adoptée le", "Adopted on"),
                t("Par", "By"),
            ],
            rows: pack
                .processing_versions
                .iter()
                .map(|v| {
                    vec![
                        v.version.to_string(),
                        date(v.effective_on, lang),
                        v.adopted_at.chars().take(10).collect(),
                        v.staff.clone(),
                    ]
                })
                .collect(),
        });
    }

    // 7. Accounts and roles.
    doc.push(Block::Heading(t(
        "7. Comptes du personnel et rôles",
        "7. Staff accounts and roles",
    )));
    if pack.accounts.is_empty() {
        doc.push(Block::Para(t(
            "Aucun compte : le registre est ouvert par une seule personne, qui a tous les droits.",
            "No accounts: the register is opened by one person, who holds every right.",
        )));
    } else {
        let role = |r: StaffRole| match r {
            StaffRole::PrivacyOfficer => t(
                "responsable de la protection des renseignements",
                "person in charge of personal information",
            ),
            StaffRole::OfficeStaff => t(
                "personnel de bureau (sans effacement, registres ni comptes)",
                "office staff (no erasure, registers or accounts)",
            ),
        };
        doc.push(Block::Table {
            head: vec![
                t("Compte", "Account"),
                t("Rôle", "Role"),
                t("Créé le", "Created on"),
                t("Retiré le", "Removed on"),
            ],
            rows: pack
                .accounts
                .iter()
                .map(|a| {
                    vec![
                        a.name.clone(),
                        role(a.role),
                        a.created_at.chars().take(10).collect(),
                        a.removed_at
                            .as_deref()
                            .map(|r| r.chars().take(10).collect())
                            .unwrap_or_default(),
                    ]
                })
                .collect(),
        });
    }

    // 8. Backups.
    let b = &pack.backups;
    doc.push(Block::Heading(t("8. Sauvegardes", "8. Backups")))
        .push(Block::Para(if b.folder_chosen {
            t(
                &format!("Sauvegardes chiffrées et vérifiées dans un dossier choisi par le bureau : {} copie(s) de ce registre s’y trouvent. Sont gardées la plus récente de chacun des {} derniers jours et de chacun des {} derniers mois ; une copie plus ancienne qui contient encore une personne effacée depuis est supprimée après {} jours.", b.copies.map(|n| n.to_string()).unwrap_or_else(|| "?".into()), b.keep_daily, b.keep_monthly, b.erased_days),
                &format!("Encrypted, checked backups in a folder the office chose: {} copy(ies) of this register are there. Kept: the newest of each of the last {} days and of each of the last {} months; an older copy still holding someone erased since is deleted after {} days.", b.copies.map(|n| n.to_string()).unwrap_or_else(|| "?".into()), b.keep_daily, b.keep_monthly, b.erased_days),
            )
        } else {
            t("Aucun dossier de sauvegarde n’est choisi.", "No backup folder is chosen.")
        }))
        .push(Block::Para(match b.last {
            Some(at) => t(
                &format!("Dernière sauvegarde vérifiée : {} (UTC).", at.format("%Y-%m-%d %H:%M")),
                &format!("Last checked backup: {} (UTC).", at.format("%Y-%m-%d %H:%M")),
            ),
            None => t("Aucune sauvegarde n’a encore été faite.", "No backup has been taken yet."),
        }));

    // 9. What the pack leaves out.
    doc.push(Block::Heading(t("9. Ce que ce dossier ne contient pas", "9. What this pack leaves out")))
        .push(Block::Para(t(
            "Ce dossier décrit les registres sans recopier les renseignements des personnes. Il ne contient pas :",
            "This pack describes the registers without copying the people's information. It does not hold:",
        )));
    for (fr, en) in LEAVES_OUT {
        doc.push(Block::Para(format!("– {}", t(fr, en))));
    }
    doc
}
