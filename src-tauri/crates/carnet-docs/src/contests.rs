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
    let valid = if draw.is_valid() {
        t(
            "refait à partir des valeurs ci-dessous : même résultat",
            "redone from the values below: same result",
        )
    } else {
        t(
            "ÉCHEC : le résultat, la liste ou la valeur secrète enregistrés ont été modifiés",
            "FAILED: the recorded result, list or secret value was changed",
        )
    };
    doc.push(Block::Pairs(vec![
        (t("Organisateur", "Organiser"), org.name.clone()),
        (t("Date du tirage", "Draw date"), date(c.data.draw_on, lang)),
        (
            t("Participations admissibles", "Eligible entries"),
            draw.entries.to_string(),
        ),
        (t("Vérification", "Check"), valid),
    ]));
    match (&draw.commitment, &draw.secret) {
        (Some(commitment), Some(secret)) => {
            let sealed = draw.committed_on.map(|d| date(d, lang)).unwrap_or_default();
            doc.push(Block::Small(t(
                &format!("Engagement publié avec le règlement le {sealed} (SHA-256 de la valeur secrète)"),
                &format!("Commitment published with the rules on {sealed} (SHA-256 of the secret value)"),
            )))
            .push(Block::Mono(commitment.clone()))
            .push(Block::Small(t(
                "Valeur secrète, révélée au tirage",
                "Secret value, revealed at the draw",
            )))
            .push(Block::Mono(secret.clone()));
            if !draw.public_source.is_empty() || !draw.public_value.is_empty() {
                doc.push(Block::Pairs(vec![
                    (
                        t("Valeur publique annoncée", "Public value named"),
                        draw.public_source.clone(),
                    ),
                    (
                        t("Valeur publique saisie", "Public value typed"),
                        format!("« {} »", draw.public_value),
                    ),
                ]));
            }
        }
        _ => {
            doc.push(Block::Small(t(
                "Valeur aléatoire (graine), tirée au moment du tirage",
                "Random value (seed), drawn at the time of the draw",
            )))
            .push(Block::Mono(draw.seed.clone()));
        }
    }
    doc.push(Block::Small(t(
        "Empreinte de la liste des participations (SHA-256)",
        "Digest of the list of entries (SHA-256)",
    )))
    .push(Block::Mono(draw.list_digest.clone()))
    .push(Block::Small(t(
        "Numéros des participations admissibles, dans l’ordre de la liste",
        "Numbers of the eligible entries, in the list's order",
    )))
    .push(Block::Para(numbers(&draw.entry_numbers)))
    .push(Block::Small(t("Ordre tiré", "Order drawn")))
    .push(Block::Para(numbers(&draw.drawn)))
    .push(Block::Heading(t("Méthode", "Method")))
    .push(Block::Para(if draw.secret.is_some() {
        t(
            "Le tirage était fixé d’avance : la valeur secrète a été tirée et scellée par son engagement à la création du concours, avant toute participation ; la liste des participations admissibles a été arrêtée à la clôture. La graine est l’empreinte SHA-256 de la valeur secrète et de la valeur publique ; avec l’empreinte de la liste, elle alimente un générateur déterministe (SHA-256 en mode compteur), et chaque rang est choisi uniformément parmi les participations restantes. La méthode est décrite octet par octet dans docs/draw.md ; le programme docs/check_draw.py refait le tirage à partir des valeurs de ce rapport.",
            "The draw was fixed in advance: the secret value was drawn and sealed by its commitment when the contest was made, before any entry; the list of eligible entries was fixed when entries closed. The seed is the SHA-256 digest of the secret value and the public value; with the list's digest it feeds a deterministic generator (SHA-256 in counter mode), and each rank is chosen uniformly among the entries left. The method is described byte by byte in docs/draw.md; the program docs/check_draw.py redoes the draw from this report's values.",
        )
    } else {
        t(
            "Les participations admissibles sont numérotées et rangées par numéro. Leur liste est résumée par une empreinte SHA-256. Une valeur aléatoire de 256 bits, tirée par l’ordinateur au moment du tirage et enregistrée, alimente avec cette empreinte un générateur déterministe (SHA-256 en mode compteur) ; chaque rang est choisi uniformément parmi les participations restantes. La même valeur et la même liste redonnent toujours le même ordre : n’importe qui peut le refaire.",
            "The eligible entries are numbered and sorted by number. Their list is summarised by a SHA-256 digest. A 256-bit random value, drawn by the computer at the time of the draw and recorded, feeds with that digest a deterministic generator (SHA-256 in counter mode); each rank is chosen uniformly among the entries left. The same value and list always give the same order: anyone can redo it.",
        )
    }))
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

/// Entry numbers as a reader copies them: `3, 5, 8`.
fn numbers(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The closing statement, published when entries close: the entry numbers the draw will
/// run on, their digest, and the commitment made when the contest opened.
pub fn closing_statement(page: &ContestPage, org: &OrganisationProfile, lang: Language) -> Doc {
    let t = |f: &str, e: &str| pick(lang, f, e);
    let c = &page.contest;
    let title = t(
        &format!("Clôture des participations — {}", c.data.name),
        &format!("Entries closed — {}", c.data.name),
    );
    let mut doc = Doc::new(&title, org.paper, lang);
    doc.footer_left = org.name.clone();
    doc.push(Block::Title(title));
    let Some(closing) = &page.closing else {
        doc.push(Block::Para(t(
            "Les participations ne sont pas encore fermées.",
            "Entries are not closed yet.",
        )));
        return doc;
    };
    doc.push(Block::Pairs(vec![
        (t("Organisateur", "Organiser"), org.name.clone()),
        (
            t("Participations reçues jusqu’au", "Entries received until"),
            date(c.data.closes_on, lang),
        ),
        (
            t("Clôture enregistrée le", "Closing recorded on"),
            date(closing.closed_on, lang),
        ),
        (t("Date du tirage", "Draw date"), date(c.data.draw_on, lang)),
        (
            t("Participations admissibles", "Eligible entries"),
            closing.entry_numbers.len().to_string(),
        ),
    ]));
    if let Some(commitment) = &c.commitment {
        doc.push(Block::Small(t(
            "Engagement du tirage, publié avec le règlement (SHA-256 de la valeur secrète)",
            "The draw's commitment, published with the rules (SHA-256 of the secret value)",
        )))
        .push(Block::Mono(commitment.clone()));
    }
    if !c.data.public_source.is_empty() {
        doc.push(Block::Pairs(vec![(
            t(
                "Valeur publique qui sera combinée",
                "Public value to be combined",
            ),
            c.data.public_source.clone(),
        )]));
    }
    doc.push(Block::Small(t(
        "Empreinte de la liste (SHA-256)",
        "Digest of the list (SHA-256)",
    )))
    .push(Block::Mono(closing.list_digest.clone()))
    .push(Block::Heading(t(
        "Numéros des participations admissibles",
        "Numbers of the eligible entries",
    )))
    .push(Block::Para(numbers(&closing.entry_numbers)))
    .push(Block::Small(t(
        "Chaque participant peut y retrouver son numéro. Le tirage se fera sur cette liste, telle quelle ; la méthode est décrite dans docs/draw.md. Ce document ne contient aucun renseignement personnel.",
        "Each entrant can find their number here. The draw will run on this list, as it is; the method is described in docs/draw.md. This document holds no personal information.",
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
