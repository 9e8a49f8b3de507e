//! The confidentiality-incident register in print: one incident as the Commission
//! d’accès à l’information or the CNIL asks for it, and the whole register.

use carnet_core::incidents::{Clock, Incident};
use carnet_core::incidents::{IncidentNature, Likelihood};
use carnet_core::model::{Jurisdiction, Language};
use carnet_core::org::OrganisationProfile;
use chrono::NaiveDate;

use crate::access::{category, date};
use crate::{Block, Doc};

fn pick(lang: Language, fr: &str, en: &str) -> String {
    match lang {
        Language::Fr => fr.to_owned(),
        Language::En => en.to_owned(),
    }
}

fn nature(n: IncidentNature, lang: Language) -> String {
    let (fr, en) = match n {
        IncidentNature::Access => ("Accès non autorisé", "Unauthorised access"),
        IncidentNature::Use => ("Utilisation non autorisée", "Unauthorised use"),
        IncidentNature::Disclosure => ("Communication non autorisée", "Unauthorised disclosure"),
        IncidentNature::Loss => ("Perte", "Loss"),
        IncidentNature::Other => ("Autre atteinte", "Other breach"),
    };
    pick(lang, fr, en)
}

fn likelihood(l: Likelihood, lang: Language) -> String {
    let (fr, en) = match l {
        Likelihood::Unlikely => ("Peu probable", "Unlikely"),
        Likelihood::Possible => ("Possible", "Possible"),
        Likelihood::Likely => ("Probable", "Likely"),
        Likelihood::VeryLikely => ("Très probable", "Very likely"),
    };
    pick(lang, fr, en)
}

fn day(d: Option<NaiveDate>, lang: Language) -> String {
    d.map(|d| date(d, lang)).unwrap_or_else(|| "—".into())
}

fn period(i: &Incident, lang: Language) -> String {
    match (i.data.occurred_from, i.data.occurred_to) {
        (Some(a), Some(b)) if a != b => pick(
            lang,
            &format!("du {} au {}", date(a, lang), date(b, lang)),
            &format!("from {} to {}", date(a, lang), date(b, lang)),
        ),
        (Some(a), _) => date(a, lang),
        (None, _) => pick(lang, "Inconnue", "Unknown"),
    }
}

fn serious(i: &Incident, j: Jurisdiction, lang: Language) -> String {
    match (i.data.serious_risk, j) {
        (None, _) => pick(lang, "Pas encore évalué", "Not assessed yet"),
        (Some(true), Jurisdiction::Quebec) => pick(
            lang,
            "Oui : risque de préjudice sérieux",
            "Yes: risk of serious injury",
        ),
        (Some(true), Jurisdiction::France) => pick(
            lang,
            "Oui : risque pour les droits et libertés",
            "Yes: a risk to rights and freedoms",
        ),
        (Some(false), _) => pick(lang, "Non", "No"),
    }
}

fn clock(i: &Incident, lang: Language) -> String {
    match i.clock {
        Clock::Assess {
            hours_left: Some(h),
        }
        | Clock::Running { hours_left: h } => pick(
            lang,
            &format!("À notifier dans les {h} h (72 h après la prise de connaissance)"),
            &format!("To notify within {h} h (72 h after becoming aware)"),
        ),
        Clock::Assess { hours_left: None } => pick(lang, "Évaluer le risque", "Assess the risk"),
        Clock::Overdue { hours_late } => pick(
            lang,
            &format!("Délai de 72 h dépassé de {hours_late} h"),
            &format!("72-hour deadline passed by {hours_late} h"),
        ),
        Clock::Promptly => pick(
            lang,
            "Aviser la Commission et les personnes avec diligence",
            "Tell the Commission and the people promptly",
        ),
        Clock::Notified { on, late } => {
            let mut s = pick(lang, "Notifié le ", "Notified on ") + &date(on, lang);
            if late {
                s.push_str(&pick(lang, " (après 72 h)", " (after 72 h)"));
            }
            s
        }
        Clock::NotRequired => pick(lang, "Aucun avis requis", "No notice required"),
    }
}

fn authority(j: Jurisdiction, lang: Language) -> String {
    match j {
        Jurisdiction::Quebec => pick(
            lang,
            "Avis à la Commission d’accès à l’information",
            "Notice to the Commission d’accès à l’information",
        ),
        Jurisdiction::France => pick(lang, "Notification à la CNIL", "Notification to the CNIL"),
    }
}

/// One incident, every item the registers ask for.
pub fn incident_report(i: &Incident, org: &OrganisationProfile, lang: Language) -> Doc {
    let t = |f: &str, e: &str| pick(lang, f, e);
    let j = org.jurisdiction;
    let title = t(
        &format!("Incident de confidentialité n° {}", i.id),
        &format!("Confidentiality incident no. {}", i.id),
    );
    let mut doc = Doc::new(&title, org.paper, lang);
    doc.footer_left = org.name.clone();
    let learned = i.learned_local.clone();
    let count = |n: Option<i64>| {
        n.map(|n| n.to_string())
            .unwrap_or_else(|| t("Inconnu", "Unknown"))
    };
    doc.push(Block::Title(title))
        .push(Block::Pairs(vec![
            (t("Organisation", "Organisation"), org.name.clone()),
            (t("Responsable", "Person in charge"), org.reach_line()),
            (t("Incident", "Incident"), i.data.title.clone()),
            (t("Nature", "Nature"), nature(i.data.nature, lang)),
        ]))
        .push(Block::Heading(t("Ce qui s’est passé", "What happened")))
        .push(Block::Pairs(vec![
            (
                t("Renseignements concernés", "Information concerned"),
                i.data.information.clone(),
            ),
            (
                t("Catégories", "Categories"),
                i.data
                    .categories
                    .iter()
                    .map(|c| category(*c, lang))
                    .collect::<Vec<_>>()
                    .join(" ; "),
            ),
            (
                t("Circonstances", "Circumstances"),
                i.data.circumstances.clone(),
            ),
            (
                t(
                    "Date ou période de l’incident",
                    "Date or period of the incident",
                ),
                period(i, lang),
            ),
            (t("Pris connaissance le", "Became aware on"), learned),
            (
                t("Nombre de personnes", "Number of people"),
                count(i.data.people_count),
            ),
            (
                t("Nombre d’enregistrements", "Number of records"),
                count(i.data.records_count),
            ),
            (
                t("Personnes concernées", "People concerned"),
                i.data.people_concerned.clone(),
            ),
        ]))
        .push(Block::Heading(t("Évaluation du risque", "Risk assessment")))
        .push(Block::Pairs(vec![
            (
                t(
                    "Sensibilité des renseignements",
                    "Sensitivity of the information",
                ),
                i.data.sensitivity.clone(),
            ),
            (
                t("Utilisations malveillantes possibles", "Possible misuse"),
                i.data.misuse.clone(),
            ),
            (
                t("Conséquences appréhendées", "Foreseeable consequences"),
                i.data.consequences.clone(),
            ),
            (
                t("Probabilité", "Likelihood"),
                i.data
                    .likelihood
                    .map(|l| likelihood(l, lang))
                    .unwrap_or_else(|| "—".into()),
            ),
            (t("Conclusion", "Conclusion"), serious(i, j, lang)),
        ]))
        .push(Block::Heading(t("Avis", "Notices")))
        .push(Block::Pairs(vec![
            (authority(j, lang), day(i.data.authority_notified_on, lang)),
            (
                t(
                    "Motifs (absence d’avis ou retard)",
                    "Reasons (no notice, or delay)",
                ),
                i.data.authority_reason.clone(),
            ),
            (
                t("Avis aux personnes", "Notice to the people"),
                day(i.data.people_notified_on, lang),
            ),
            (
                t("Avis public", "Public notice"),
                day(i.data.public_notice_on, lang),
            ),
            (t("État", "Status"), clock(i, lang)),
        ]))
        .push(Block::Heading(t("Mesures prises", "Measures taken")))
        .push(Block::Para(if i.data.measures.is_empty() {
            "—".into()
        } else {
            i.data.measures.clone()
        }))
        .push(Block::Small(t(
            &format!(
                "Fiche mise à jour le {} par {}. Conservée au moins cinq ans.",
                i.updated_at.get(..10).unwrap_or_default(),
                i.staff
            ),
            &format!(
                "Entry updated on {} by {}. Kept at least five years.",
                i.updated_at.get(..10).unwrap_or_default(),
                i.staff
            ),
        )));
    doc
}

/// The whole register, one row per incident.
pub fn incident_register(incidents: &[Incident], org: &OrganisationProfile, lang: Language) -> Doc {
    let t = |f: &str, e: &str| pick(lang, f, e);
    let title = t(
        "Registre des incidents de confidentialité",
        "Register of confidentiality incidents",
    );
    let mut doc = Doc::new(&title, org.paper, lang);
    doc.footer_left = org.name.clone();
    doc.push(Block::Title(title))
        .push(Block::Para(org.name.clone()));
    if incidents.is_empty() {
        doc.push(Block::Para(t(
            "Aucun incident n’a été consigné.",
            "No incident has been recorded.",
        )));
        return doc;
    }
    doc.push(Block::Table {
        head: vec![
            t("N°", "No."),
            t("Connu le", "Aware on"),
            t("Incident", "Incident"),
            t("Nature", "Nature"),
            t("Personnes", "People"),
            t("Risque", "Risk"),
            t("Avis", "Notices"),
        ],
        rows: incidents
            .iter()
            .map(|i| {
                vec![
                    i.id.to_string(),
                    i.learned_local.get(..10).unwrap_or_default().to_owned(),
                    i.data.title.clone(),
                    nature(i.data.nature, lang),
                    i.data
                        .people_count
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| "?".into()),
                    serious(i, org.jurisdiction, lang),
                    clock(i, lang),
                ]
            })
            .collect(),
    });
    doc
}
