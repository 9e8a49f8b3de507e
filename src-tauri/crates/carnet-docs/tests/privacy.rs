//! The documents of forgetting, read back with poppler: the access report explains the
//! office's own processing register, the erasure certificate, the register itself, and
//! the incident register.

mod common;

use carnet_core::incidents::IncidentInput;
use carnet_core::incidents::{IncidentNature, Likelihood};
use carnet_core::model::{Channel, DataCategory, Jurisdiction, Language};
use carnet_core::privacy::RecipientRole;
use carnet_core::privacy::{ErasureInput, RecipientEntry, Text};
use carnet_core::requests::RequestInput;
use carnet_core::requests::{IdentityMethod, RequestKind, Requester};
use carnet_core::Contexts;
use carnet_docs::{
    access_report, erasure_certificate, incident_register, incident_report, processing_register,
    render, Acting, Addressee,
};
use common::*;

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_access_report_explains_the_offices_own_register_and_only_what_applies() {
    let Family {
        dir: _dir,
        reg,
        profile,
        now,
        child,
        parent,
        ..
    } = family(Jurisdiction::Quebec);
    let today = d("2026-11-24");
    let report = |reg: &carnet_core::Register, id| {
        let record = reg.people().record(id, today).unwrap();
        flat(&text(
            &render(&access_report(
                &record,
                &profile,
                &Addressee {
                    name: "Marie Lefèvre",
                    acting: Acting::Guardian,
                },
                "Sophie Martin",
                Language::Fr,
                today,
            ))
            .unwrap(),
            "access-processing.pdf",
        ))
    };
    // The defaults: the child answered the newsletter, the parent did not.
    let before = report(&reg, child);
    assert!(
        before.contains("Service d’envoi de courriels (Mailchimp ou Brevo)"),
        "{before}"
    );
    assert!(before.contains("effacement automatique après 36 mois sans activité"));
    assert!(before.contains(
        "Références : Loi sur la protection des renseignements personnels dans le secteur privé"
    ));
    assert!(!report(&reg, parent).contains("Mailchimp"));

    let mut activities = reg.privacy().processing_latest().unwrap().activities;
    let n = activities
        .iter_mut()
        .find(|a| a.code == "newsletter")
        .unwrap();
    n.recipients = vec![RecipientEntry {
        name: "Courriels Zeta inc.".into(),
        role: RecipientRole::Processor,
        country: "Canada".into(),
    }];
    n.retention = Text {
        fr: "Jusqu’au désabonnement, puis trente jours.".into(),
        en: "Until unsubscribing, then thirty days.".into(),
    };
    activities.retain(|a| a.code != "publication");
    reg.privacy()
        .adopt_processing(&activities, today, now)
        .unwrap();

    let after = report(&reg, child);
    assert!(after.contains("Courriels Zeta inc. (Canada)"), "{after}");
    assert!(after.contains("Jusqu’au désabonnement, puis trente jours."));
    assert!(!after.contains("Mailchimp"));
    assert!(
        !after.contains("Photos et témoignages"),
        "removed from the register"
    );
    assert!(after.contains("en vigueur depuis le 24 novembre 2026"));
    let parent_report = report(&reg, parent);
    assert!(
        !parent_report.contains("Courriels Zeta"),
        "the parent never answered the newsletter"
    );
    assert!(parent_report.contains("Mineurs et responsables"));
}

#[test]
fn the_erasure_certificate_says_what_went_what_stays_and_whom_we_tell() {
    let Family {
        dir: _dir,
        reg,
        profile,
        now,
        child,
        parent,
        sibling,
    } = family(Jurisdiction::Quebec);
    let req = reg
        .requests()
        .add(
            &RequestInput {
                kind: RequestKind::Erasure,
                received_on: d("2026-11-20"),
                channel: Channel::Email,
                person_id: child,
                requester: Requester::Guardian,
                requester_person_id: Some(parent),
                requester_name: String::new(),
                notes: String::new(),
            },
            now,
        )
        .unwrap();
    reg.requests()
        .verify_identity(req, IdentityMethod::DocumentSeen, d("2026-11-21"), now)
        .unwrap();
    let input = ErasureInput {
        request_id: Some(req),
        person_ids: vec![child],
    };
    // A backup taken before the erasure: the certificate says it still holds the child,
    // and until when rotation keeps it.
    let usb = tempfile::tempdir().unwrap();
    let settings = carnet_core::backup::BackupSettings {
        folder: Some(usb.path().to_owned()),
        ..reg.backups().settings().unwrap()
    };
    reg.backups().set_settings(&settings, now).unwrap();
    reg.backups().backup_to(usb.path(), now).unwrap();
    let plan = reg.privacy().erasure_plan(&input, now).unwrap();
    assert_eq!(plan.copies.backups, 1);
    let until = reg.local_day(now) + chrono::Duration::days(30);
    assert_eq!(plan.copies.backups_until, Some(until));
    let done = reg
        .privacy()
        .erase(&input, "Zoë Lefèvre-Cœurdevey", now)
        .unwrap();
    let fresh = flat(&text(
        &render(&erasure_certificate(
            &done.certificate,
            &profile,
            Language::Fr,
        ))
        .unwrap(),
        "erasure-certificate.pdf",
    ));
    let surrogate = &done.people[0].surrogate;
    for needle in [
        "Attestation d’effacement",
        "Pour toute question : Hélène Tremblay, directrice · vie.privee@melomanes.ca",
        "Marie Lefèvre",
        "votre demande n° 1, reçue le 20 novembre 2026",
        surrogate.as_str(),
        "Courriels et téléphones",
        "Adhésions et inscriptions",
        "Textes des preuves de consentement",
        "Historique des consentements, sans nom ni texte",
        "Prouver chaque consentement",
        "Processeur de paiement (carte de crédit)",
        "Service d’envoi de courriels (Mailchimp ou Brevo)",
        "1 sauvegarde(s) faite(s) avant l’effacement les contiennent encore",
        &format!(
            "au plus tard le {}",
            carnet_docs::long_date(until, Language::Fr)
        ),
    ] {
        assert!(fresh.contains(needle), "{needle} missing from {fresh}");
    }
    for gone in ["Zoë", "Érables", "arachides", "zoe.lefevre"] {
        assert!(!fresh.contains(gone), "{gone} is in the certificate");
    }
    // Reprinted later from the register: surrogates and counts, no name at all.
    let again = reg.privacy().erasure_certificate(req).unwrap();
    let reprint = flat(&text(
        &render(&erasure_certificate(&again, &profile, Language::En)).unwrap(),
        "erasure-certificate-reprint.pdf",
    ));
    assert!(reprint.contains(surrogate.as_str()) && reprint.contains("Reprinted copy"));
    assert!(reprint.contains("Backups taken before the erasure still hold it until their rotation"));
    assert!(!reprint.contains("Marie") && !reprint.contains("Lefèvre"));
    // The sibling is untouched.
    assert_eq!(
        reg.people().get(sibling).unwrap().data.given_name,
        "Anatole"
    );
}

#[test]
fn the_processing_register_and_the_incident_register_print_every_item() {
    let Family {
        dir: _dir,
        reg,
        profile,
        now,
        ..
    } = family(Jurisdiction::France);
    let register = reg.privacy().processing_register(d("2026-11-24")).unwrap();
    let printed = flat(&text(
        &render(&processing_register(&register, &profile, Language::Fr)).unwrap(),
        "processing-register.pdf",
    ));
    assert!(printed.contains("Registre des activités de traitement"));
    assert!(printed.contains("Hélène Tremblay, directrice · vie.privee@melomanes.ca"));
    for a in &register.activities {
        assert!(printed.contains(&flat(&a.name.fr)), "{}", a.name.fr);
        assert!(
            printed.contains(&flat(&a.retention.fr)),
            "{}",
            a.retention.fr
        );
    }
    assert!(printed.contains("Transporteur (La Poste)"));

    let id = reg
        .incidents()
        .add(
            &IncidentInput {
                title: "Courriel envoyé au mauvais groupe".into(),
                nature: IncidentNature::Disclosure,
                information: "Liste des parents du cours de piano (noms, courriels)".into(),
                categories: vec![DataCategory::Identity, DataCategory::Contact],
                circumstances: "Envoi en copie visible au lieu de copie cachée.".into(),
                occurred_from: Some(d("2026-11-23")),
                occurred_to: None,
                learned_at: now - chrono::Duration::hours(20),
                people_count: Some(31),
                records_count: Some(31),
                people_concerned: "Parents d’élèves".into(),
                sensitivity: "Faible : adresses courriel".into(),
                misuse: "Pourriel".into(),
                consequences: "Désagrément".into(),
                likelihood: Some(Likelihood::Unlikely),
                serious_risk: Some(false),
                authority_notified_on: None,
                authority_reason: "Risque faible : courriels seulement, message de rappel envoyé."
                    .into(),
                people_notified_on: Some(d("2026-11-24")),
                public_notice_on: None,
                measures: "Rappel de la copie cachée à l’équipe.".into(),
            },
            now,
        )
        .unwrap();
    let incident = reg.incidents().get(id, now).unwrap();
    let one = flat(&text(
        &render(&incident_report(&incident, &profile, Language::Fr)).unwrap(),
        "incident.pdf",
    ));
    for needle in [
        "Incident de confidentialité n° 1",
        "Hélène Tremblay, directrice · vie.privee@melomanes.ca",
        "Communication non autorisée",
        "Liste des parents du cours de piano",
        "Envoi en copie visible",
        "23 novembre 2026",
        "2026-11-23 14:00 (UTC+00:00)",
        "31",
        "Faible : adresses courriel",
        "Pourriel",
        "Peu probable",
        "Notification à la CNIL",
        "Risque faible : courriels seulement",
        "Aucun avis requis",
        "Rappel de la copie cachée",
    ] {
        assert!(one.contains(needle), "{needle} missing from {one}");
    }
    let all = flat(&text(
        &render(&incident_register(
            &reg.incidents().all(now).unwrap(),
            &profile,
            Language::En,
        ))
        .unwrap(),
        "incident-register.pdf",
    ));
    assert!(
        all.contains("Register of confidentiality incidents")
            && all.contains("Unauthorised disclosure")
    );
}
