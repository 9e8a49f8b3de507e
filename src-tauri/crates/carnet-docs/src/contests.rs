//! The contest's documents: its rules, the draw report (how the draw was done, with no
//! entrant's personal data: entry numbers only), and the packing list.

use carnet_core::contests::{ContestPage, Shipment};
use carnet_core::contests::{ShipmentStatus, WinnerStatus};
use carnet_core::model::Language;
use carnet_core::org::OrganisationProfile;

use crate::access::date;
use crate::{Block, Doc};

fn pick(lang: Language, fr: &str, en: &str) -> String {
    match lang {
        Language::Fr => fr.to_owned(),
        Language::En => en.to_owned(),
    }
}

fn status(s: WinnerStatus, lang: Language) -> String {
    let (fr, en) = match s {
        WinnerStatus::Selected => ("Gagnant — à confirmer", "Winner — to confirm"),
        WinnerStatus::Alternate => ("Substitut", "Alternate"),
        WinnerStatus::Claimed => ("Prix réclamé", "Prize claimed"),
        WinnerStatus::FailedSkill => ("Question d’habileté échouée", "Failed the skill question"),
        WinnerStatus::Forfeited => ("Non réclamé à temps", "Not claimed in time"),
    };
    pick(lang, fr, en)
}

/// The rules, to print or post.
pub fn contest_rules(page: &ContestPage, org: &OrganisationProfile, lang: Language) -> Doc {
    let title = pick(
        lang,
        &format!("Règlement — {}", page.contest.data.name),
        &format!("Rules — {}", page.contest.data.name),
    );
    let mut doc = Doc::new(&title, org.paper, lang);
    doc.footer_left = org.name.clone();
    doc.push(Block::Title(title));
    let text = match lang {
        Language::Fr => &page.rules_fr,
        Language::En => &page.rules_en,
    };
    for part in text.split("\n\n") {
        let (head, body) = part.split_once('\n').unwrap_or((part, ""));
        doc.push(Block::Heading(head.to_owned()))
            .push(Block::Para(body.to_owned()));
    }
    doc
}

/// How the draw was done, for anyone to check: the seed, the digest of the list of
/// eligible entries, and the order drawn, by entry number. No names.
pub fn draw_report(page: &ContestPage, org: &OrganisationProfile, lang: Language) -> Doc {
    let t = |f: &str, e: &str| pick(lang, f, e);
    let c = &page.contest;
    let title = t(
        &format!("Rapport de tirage — {}", c.data.name),
        &format!("Draw report — {}", c.data.name),
    );
    let mut doc = Doc::new(&title, org.paper, lang);
    doc.footer_left = org.name.clone();
    doc.push(Block::Title(title));
    let Some(draw) = &page.draw else {
        doc.push(Block::Para(t(
            "Le tirage n’a pas encore eu lieu.",
            "The draw has not taken place yet.",
        )));
        return doc;
    };
    doc.push(Block::Pairs(vec![
        (t("Organisateur", "Organiser"), org.name.clone()),
        (t("Date du tirage", "Draw date"), date(c.data.draw_on, lang)),
        (
            t("Participations admissibles", "Eligible entries"),
            draw.entries.to_string(),
        ),
        (
            t("Vérification", "Check"),
            if draw.is_valid() {
                t(
                    "refait à partir de la graine et de la liste : même résultat",
                    "redone from the seed and the list: same result",
                )
            } else {
                t(
                    "ÉCHEC : le résultat ou la liste enregistrés ont été modifiés",
                    "FAILED: the recorded result or list was changed",
                )
            },
        ),
    ]))
    .push(Block::Small(t("Valeur aléatoire (graine)", "Random value (seed)")))
    .push(Block::Mono(draw.seed.clone()))
    .push(Block::Small(t(
        "Empreinte de la liste des participations (SHA-256)",
        "Digest of the list of entries (SHA-256)",
    )))
    .push(Block::Mono(draw.list_digest.clone()))
    .push(Block::Heading(t("Méthode", "Method")))
    .push(Block::Para(t(
        "Les participations admissibles sont numérotées et rangées par numéro. Leur liste est résumée par une empreinte SHA-256. Une valeur aléatoire de 256 bits, tirée par l’ordinateur au moment du tirage et enregistrée, alimente avec cette empreinte un générateur déterministe (SHA-256 en mode compteur) ; chaque rang est choisi uniformément parmi les participations restantes. La même valeur et la même liste redonnent toujours le même ordre : n’importe qui peut le refaire.",
        "The eligible entries are numbered and sorted by number. Their list is summarised by a SHA-256 digest. A 256-bit random value, drawn by the computer at the time of the draw and recorded, feeds with that digest a deterministic generator (SHA-256 in counter mode); each rank is chosen uniformly among the entries left. The same value and list always give the same order: anyone can redo it.",
    )))
    .push(Block::Heading(t("Résultat", "Result")))
    .push(Block::Table {
        head: vec![
            t("Rang", "Rank"),
            t("Participation n°", "Entry no."),
            t("Prix", "Prize"),
            t("Suite", "Outcome"),
        ],
        rows: page
            .winners
            .iter()
            .map(|w| {
                vec![
                    w.rank.to_string(),
                    w.entry_id.map(|e| e.to_string()).unwrap_or_else(|| "—".into()),
                    w.prize.clone().unwrap_or_default(),
                    status(w.status, lang),
                ]
            })
            .collect(),
    })
    .push(Block::Small(t(
        "Ce rapport ne contient aucun renseignement personnel : les participations sont désignées par leur numéro.",
        "This report holds no personal information: entries are named by their number.",
    )));
    doc
}

/// What to pack and where it goes.
pub fn packing_list(
    contest_name: &str,
    shipments: &[Shipment],
    org: &OrganisationProfile,
    lang: Language,
) -> Doc {
    let t = |f: &str, e: &str| pick(lang, f, e);
    let title = t(
        &format!("Liste d’emballage — {contest_name}"),
        &format!("Packing list — {contest_name}"),
    );
    let mut doc = Doc::new(&title, org.paper, lang);
    doc.footer_left = org.name.clone();
    doc.push(Block::Title(title));
    let to_pack: Vec<&Shipment> = shipments
        .iter()
        .filter(|s| matches!(s.status, ShipmentStatus::ToPack | ShipmentStatus::Returned))
        .collect();
    if to_pack.is_empty() {
        doc.push(Block::Para(t("Rien à emballer.", "Nothing to pack.")));
        return doc;
    }
    doc.push(Block::Table {
        head: vec![
            "☐".into(),
            t("Envoi", "Shipment"),
            t("Prix", "Prize"),
            t("Adresse", "Address"),
        ],
        rows: to_pack
            .iter()
            .map(|s| {
                vec![
                    "☐".into(),
                    s.id.to_string(),
                    s.prize.clone(),
                    s.label.join("\n"),
                ]
            })
            .collect(),
    });
    doc
}
