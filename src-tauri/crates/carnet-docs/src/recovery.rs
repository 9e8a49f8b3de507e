//! The recovery-key sheet printed once when a register is created.

use carnet_core::model::{Language, Paper};
use chrono::NaiveDate;

use crate::{Block, Doc};

/// A one-page sheet: the organisation, the date, the key in large type, and what to do with it.
pub fn recovery_sheet(
    org: &str,
    key: &str,
    created: NaiveDate,
    paper: Paper,
    language: Language,
) -> Doc {
    let fr = language == Language::Fr;
    let date = if fr {
        created.format("%d/%m/%Y").to_string()
    } else {
        created.format("%Y-%m-%d").to_string()
    };
    let mut doc = Doc::new(
        if fr {
            "Clé de secours Carnet"
        } else {
            "Carnet recovery key"
        },
        paper,
        language,
    );
    doc.footer_left = org.to_owned();
    let t = |f: &str, e: &str| if fr { f.to_owned() } else { e.to_owned() };
    doc.push(Block::Title(t("Clé de secours du registre", "Recovery key of the register")))
        .push(Block::Pairs(vec![
            (t("Organisation", "Organisation"), org.to_owned()),
            (t("Créée le", "Created on"), date),
        ]))
        .push(Block::Gap(10.0))
        .push(Block::Mono(key.to_owned()))
        .push(Block::Gap(6.0))
        .push(Block::Heading(t("À quoi elle sert", "What it is for")))
        .push(Block::Para(t(
            "Cette clé ouvre le registre chiffré de Carnet sur n’importe quel ordinateur, même si le trousseau de l’ordinateur a été effacé ou si la phrase de passe est oubliée. Carnet ne la garde nulle part : sans elle, un registre dont la clé est perdue ne peut pas être ouvert.",
            "This key opens Carnet’s encrypted register on any computer, even when the computer’s keyring was wiped or the passphrase forgotten. Carnet keeps no copy of it: without it, a register whose key is lost cannot be opened.",
        )))
        .push(Block::Heading(t("Comment la garder", "How to keep it")))
        .push(Block::Para(t(
            "Rangez cette feuille sous clé, loin de l’ordinateur (coffre, classeur de la direction). Quiconque la détient, avec une copie du registre, peut lire toutes les données : ne la photographiez pas et ne l’envoyez pas par courriel.",
            "Keep this sheet locked away from the computer (a safe, the director’s files). Whoever holds it, together with a copy of the register, can read all the data: do not photograph it or send it by email.",
        )))
        .push(Block::Heading(t("Comment l’utiliser", "How to use it")))
        .push(Block::Para(t(
            "Au démarrage de Carnet, choisissez « Utiliser la clé de secours » et tapez les 55 caractères ; les tirets, les espaces et les majuscules n’ont pas d’importance, et une faute de frappe est signalée.",
            "When Carnet starts, choose “Use the recovery key” and type the 55 characters; dashes, spaces and capitals do not matter, and a typo is reported.",
        )));
    doc
}
