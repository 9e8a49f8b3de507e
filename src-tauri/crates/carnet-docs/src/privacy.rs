//! The documents of forgetting: the erasure certificate handed to the requester, and the
//! processing register printed for the office's file.

use carnet_core::model::{Jurisdiction, Language};
use carnet_core::org::OrganisationProfile;
use carnet_core::privacy::{
    AppliesTo, ErasureCertificate, Item, KeepReason, ProcessingRegister, Role,
};

use crate::access::{category, date, side, word};
use crate::{Block, Doc};

fn item(i: Item, lang: Language) -> String {
    let (fr, en) = match i {
        Item::Identity => (
            "Nom, date de naissance, adresse et notes",
            "Name, birth date, address and notes",
        ),
        Item::Contacts => ("Courriels et téléphones", "Emails and phone numbers"),
        Item::NameIndex => ("Index de recherche par nom", "Name search index"),
        Item::GuardianLinks => ("Liens parent–enfant", "Parent–child links"),
        Item::Memberships => ("Adhésions et inscriptions", "Memberships and enrolments"),
        Item::ConsentEvidence => (
            "Textes des preuves de consentement",
            "Texts of the consent evidence",
        ),
        Item::ConsentsInForce => (
            "Consentements en cours (retirés)",
            "Consents in force (withdrawn)",
        ),
        Item::RequestTexts => (
            "Notes et textes libres des demandes",
            "Notes and free text of the requests",
        ),
        Item::ConsentEvents => (
            "Historique des consentements, sans nom ni texte",
            "Consent history, with no name or text",
        ),
        Item::RequestRecords => (
            "Dates et suites données aux demandes",
            "Dates and outcomes of the requests",
        ),
        Item::AuditEntries => (
            "Journal des opérations du personnel",
            "Log of staff operations",
        ),
        Item::HeldRecord => ("Le dossier entier", "The whole record"),
        Item::ContestEntries => ("Participations aux concours", "Contest entries"),
        Item::Licences => (
            "Licences et leurs factures, sans nom",
            "Licences and their invoices, with no name",
        ),
        Item::ShipmentAddresses => (
            "Adresses d’envoi des prix et numéros de suivi",
            "Prize shipping addresses and tracking numbers",
        ),
    };
    pick(lang, fr, en)
}

fn reason(r: KeepReason, lang: Language) -> String {
    let (fr, en) = match r {
        KeepReason::ProofOfConsent => (
            "Prouver chaque consentement (la loi nous le demande) ; ne vous nomme plus",
            "To prove each consent (the law asks us to); no longer names you",
        ),
        KeepReason::Accountability => (
            "Prouver que la demande a été reçue et traitée",
            "To prove the request was received and handled",
        ),
        KeepReason::NoPersonalData => (
            "Ne contient aucun renseignement sur vous",
            "Holds no information about you",
        ),
        KeepReason::LegalHold => (
            "Obligation légale de conservation",
            "A legal duty to keep it",
        ),
        KeepReason::Billing => (
            "Pièces comptables : la loi impose de les garder",
            "Accounting records: the law requires keeping them",
        ),
    };
    pick(lang, fr, en)
}

fn role(r: Role, lang: Language) -> String {
    let (fr, en) = match r {
        Role::Subject => ("Personne visée", "Person concerned"),
        Role::Child => ("Enfant", "Child"),
        Role::Guardian => ("Parent ou tuteur", "Parent or guardian"),
    };
    pick(lang, fr, en)
}

fn pick(lang: Language, fr: &str, en: &str) -> String {
    match lang {
        Language::Fr => fr.to_owned(),
        Language::En => en.to_owned(),
    }
}

/// What the certificate says of the copies that still hold the person: the backups taken
/// before the erasure and the day rotation removes them at the latest, and copies kept
/// beside the register. A certificate printed again later does not know them.
fn copies_text(copies: Option<&carnet_core::privacy::CopiesHolding>, lang: Language) -> String {
    let t = |f: &str, e: &str| pick(lang, f, e);
    let Some(c) = copies else {
        return t(
            "Les sauvegardes faites avant l’effacement le contiennent encore jusqu’à ce que leur rotation les supprime, comme le prévoient nos réglages de sauvegarde.",
            "Backups taken before the erasure still hold it until their rotation deletes them, as our backup settings provide.",
        );
    };
    let mut parts = Vec::new();
    match (c.backups, c.backups_until) {
        (0, _) if !c.folder_missing => parts.push(t(
            "Aucune sauvegarde faite avant l’effacement ne contient ces renseignements.",
            "No backup taken before the erasure holds this information.",
        )),
        (n, Some(until)) => parts.push(t(
            &format!(
                "{} sauvegarde(s) faite(s) avant l’effacement les contiennent encore : elles sont chiffrées, ne servent qu’en cas de sinistre, et leur rotation les supprime au plus tard le {}.",
                if c.folder_missing { "Les".to_string() } else { n.to_string() },
                date(until, lang)
            ),
            &format!(
                "{} backup(s) taken before the erasure still hold it: they are encrypted, used only to recover from a disaster, and rotation deletes them by {} at the latest.",
                if c.folder_missing { "The".to_string() } else { n.to_string() },
                date(until, lang)
            ),
        )),
        _ => {}
    }
    if c.beside > 0 {
        parts.push(t(
            &format!(
                "{} copie(s) du registre gardée(s) sur l’ordinateur du bureau (avant une restauration ou une mise à jour) les contiennent aussi, jusqu’à leur suppression.",
                c.beside
            ),
            &format!(
                "{} copy(ies) of the register kept on the office computer (before a restore or an upgrade) hold it too, until they are deleted.",
                c.beside
            ),
        ));
    }
    parts.join(" ")
}

/// The certificate of an erasure: what was erased, anonymised and kept (and why), the
/// surrogates, and the recipients told. Names only the addressee, and only in the copy
/// printed at once.
pub fn erasure_certificate(
    cert: &ErasureCertificate,
    org: &OrganisationProfile,
    lang: Language,
) -> Doc {
    let t = |f: &str, e: &str| pick(lang, f, e);
    let mut doc = Doc::new(
        &t("Attestation d’effacement", "Erasure certificate"),
        org.paper,
        lang,
    );
    doc.footer_left = org.name.clone();
    doc.push(Block::Heading(org.name.clone()))
        .push(Block::Para(org.address.clone()))
        .push(Block::Gap(8.0))
        .push(Block::Para(date(cert.executed_on, lang)));
    if let Some(to) = &cert.addressee {
        let a = &to.address;
        let town = [&a.city, &a.region, &a.postal_code]
            .iter()
            .flat_map(|s| s.split_whitespace())
            .collect::<Vec<_>>()
            .join(" ");
        let lines: Vec<String> = [to.name.clone(), a.street.clone(), town, a.country.clone()]
            .into_iter()
            .filter(|l| !l.trim().is_empty())
            .collect();
        doc.push(Block::Para(lines.join("\n")));
    }
    doc.push(Block::Title(t(
        "Attestation d’effacement",
        "Erasure certificate",
    )));
    let request = match (cert.request_id, cert.received_on) {
        (Some(id), Some(received)) => t(
            &format!("votre demande n° {id}, reçue le {}", date(received, lang)),
            &format!(
                "your request no. {id}, received on {}",
                date(received, lang)
            ),
        ),
        _ => t("votre demande", "your request"),
    };
    doc.push(Block::Para(t(
        &format!(
            "Pour donner suite à {request}, nous avons effacé les renseignements personnels ci-dessous le {}. Ce qui reste est décrit plus bas, avec la raison pour laquelle la loi nous demande de le garder.",
            date(cert.executed_on, lang)
        ),
        &format!(
            "Following {request}, we erased the personal information below on {}. What remains is described further down, with the reason the law asks us to keep it.",
            date(cert.executed_on, lang)
        ),
    )));
    doc.push(Block::Heading(t(
        "Personnes concernées",
        "People concerned",
    )))
    .push(Block::Table {
        head: vec![
            t("Référence anonyme", "Anonymous reference"),
            t("Rôle", "Role"),
            t("État", "Status"),
        ],
        rows: cert
            .people
            .iter()
            .map(|p| {
                vec![
                    if p.surrogate.is_empty() {
                        "—".into()
                    } else {
                        p.surrogate.clone()
                    },
                    role(p.role, lang),
                    match p.deferred_until {
                        Some(d) => t(
                            &format!(
                                "Effacement différé jusqu’au {} (conservation légale)",
                                date(d, lang)
                            ),
                            &format!("Erasure deferred until {} (legal retention)", date(d, lang)),
                        ),
                        None => t("Effacé", "Erased"),
                    },
                ]
            })
            .collect(),
    })
    .push(Block::Heading(t("Effacé", "Erased")))
    .push(Block::Table {
        head: vec![t("Renseignements", "Information"), t("Nombre", "Count")],
        rows: cert
            .deleted
            .iter()
            .chain(&cert.anonymised)
            .filter(|l| l.count > 0)
            .map(|l| vec![item(l.item, lang), l.count.to_string()])
            .collect(),
    })
    .push(Block::Heading(t("Conservé, et pourquoi", "Kept, and why")))
    .push(Block::Table {
        head: vec![
            t("Renseignements", "Information"),
            t("Nombre", "Count"),
            t("Raison", "Reason"),
        ],
        rows: cert
            .kept
            .iter()
            .filter(|k| k.count > 0)
            .map(|k| {
                let why = match k.until {
                    Some(d) => format!(
                        "{} — {} {}",
                        reason(k.reason, lang),
                        t("jusqu’au", "until"),
                        date(d, lang)
                    ),
                    None => reason(k.reason, lang),
                };
                vec![item(k.item, lang), k.count.to_string(), why]
            })
            .collect(),
    })
    .push(Block::Heading(t("Copies de sauvegarde", "Backup copies")));
    doc.push(Block::Para(copies_text(cert.copies.as_ref(), lang)));
    doc.push(Block::Heading(t(
        "Destinataires informés",
        "Recipients told",
    )));
    if cert.recipients.is_empty() {
        doc.push(Block::Para(t(
            "Aucun : ces renseignements n’avaient été transmis à personne.",
            "None: this information had been passed on to no one.",
        )));
    } else {
        doc.push(Block::Para(t(
            "Nous informons de l’effacement ceux à qui ces renseignements avaient été transmis :",
            "We are telling those to whom this information had been passed on about the erasure:",
        )))
        .push(Block::Para(
            cert.recipients
                .iter()
                .map(|r| format!("• {}", r.name))
                .collect::<Vec<_>>()
                .join("\n"),
        ));
    }
    doc.push(Block::Small(t(
        "La référence anonyme ne permet pas de vous identifier : elle sert seulement à prouver, sans vous nommer, que votre demande a été traitée. Une nouvelle inscription future ne serait pas reliée à l’ancienne.",
        "The anonymous reference cannot identify you: it only proves, without naming you, that your request was handled. A future new enrolment would not be linked to the old one.",
    )));
    if cert.addressee.is_none() {
        doc.push(Block::Small(t(
            "Copie réimprimée : les noms et adresses n’existent plus dans le registre.",
            "Reprinted copy: the names and addresses no longer exist in the register.",
        )));
    }
    // Like every letter: how to reach the person in charge.
    let reach = org.reach_line();
    if !reach.is_empty() {
        doc.push(Block::Small(format!(
            "{} {reach}",
            t("Pour toute question :", "For any question:")
        )));
    }
    doc
}

/// The processing register for the office's file (Quebec: inventory of personal
/// information; GDPR Art. 30).
pub fn processing_register(
    reg: &ProcessingRegister,
    org: &OrganisationProfile,
    lang: Language,
) -> Doc {
    let t = |f: &str, e: &str| pick(lang, f, e);
    let title = match org.jurisdiction {
        Jurisdiction::Quebec => t(
            "Inventaire des renseignements personnels et de leurs usages",
            "Inventory of personal information and its uses",
        ),
        Jurisdiction::France => t(
            "Registre des activités de traitement",
            "Record of processing activities",
        ),
    };
    let mut doc = Doc::new(&title, org.paper, lang);
    doc.footer_left = org.name.clone();
    doc.push(Block::Title(title.clone()))
        .push(Block::Pairs(vec![
            (t("Organisation", "Organisation"), org.name.clone()),
            (t("Adresse", "Address"), org.address.clone()),
            (
                t(
                    "Responsable de la protection des renseignements",
                    "Person in charge of personal information",
                ),
                org.reach_line(),
            ),
            (
                t("Version", "Version"),
                match reg.effective_on {
                    Some(d) => t(
                        &format!("{} — en vigueur depuis le {}", reg.version, date(d, lang)),
                        &format!("{} — in force since {}", reg.version, date(d, lang)),
                    ),
                    None => t(
                        "Version initiale (non encore adoptée)",
                        "Initial version (not adopted yet)",
                    ),
                },
            ),
        ]));
    for a in &reg.activities {
        let who = match &a.applies_to {
            AppliesTo::Everyone => word("everyone", lang),
            AppliesTo::Members => word("members", lang),
            AppliesTo::Families => word("families", lang),
            AppliesTo::Requesters => word("requesters", lang),
            AppliesTo::Consent { purpose } => t(
                &format!("Les personnes ayant répondu à « {} »", word(purpose, lang)),
                &format!("People who answered “{}”", word(purpose, lang)),
            ),
        };
        let recipients = if a.recipients.is_empty() {
            t("Aucun", "None")
        } else {
            a.recipients
                .iter()
                .map(|r| {
                    let mut s = format!("{} — {}", r.name, word(r.role.as_str(), lang));
                    if !r.country.is_empty() {
                        s.push_str(&format!(" ({})", r.country));
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        doc.push(Block::Heading(side(&a.name, lang)))
            .push(Block::Pairs(vec![
                (t("Finalité", "Purpose"), side(&a.purpose, lang)),
                (t("Personnes concernées", "People concerned"), who),
                (
                    t("Fondement", "Legal basis"),
                    word(a.legal_basis.as_str(), lang),
                ),
                (
                    t("Catégories de renseignements", "Categories of information"),
                    a.categories
                        .iter()
                        .map(|c| category(*c, lang))
                        .collect::<Vec<_>>()
                        .join(" ; "),
                ),
                (t("Destinataires", "Recipients"), recipients),
                (t("Conservation", "Retention"), side(&a.retention, lang)),
            ]));
    }
    doc
}
