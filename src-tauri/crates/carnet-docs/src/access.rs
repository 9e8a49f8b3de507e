//! The response to an access request: a cover letter, every piece of data the register
//! holds about the person (section by section, as `carnet_core::export` gives them), and
//! the explanations GDPR Art. 15 and Quebec's s.27 ask for.

use carnet_core::export::PersonRecord;
use carnet_core::model::{Jurisdiction, Language};
use carnet_core::org::OrganisationProfile;
use carnet_core::people::display_name;
use carnet_core::requests::Acting;
use chrono::NaiveDate;

use crate::{Block, Doc};

/// The words for the register's keys and values; an unknown key prints as itself.
pub(crate) fn word(key: &str, lang: Language) -> String {
    let (fr, en) = match key {
        "identity" => ("Identité et coordonnées", "Identity and contact details"),
        "guardians" => ("Parents, tuteurs ou école", "Parents, guardians or school"),
        "children" => ("Enfants", "Children"),
        "memberships" => ("Adhésions", "Memberships"),
        "consents" => (
            "Consentements (historique complet)",
            "Consents (full history)",
        ),
        "requests" => (
            "Demandes relatives à vos renseignements",
            "Requests about your data",
        ),
        "field" => ("Donnée", "Data"),
        "value" => ("Valeur", "Value"),
        "given_name" => ("Prénom", "Given name"),
        "family_name" => ("Nom de famille", "Family name"),
        "birth_date" => ("Date de naissance", "Birth date"),
        "preferred_language" => ("Langue de correspondance", "Correspondence language"),
        "emails" => ("Courriels", "Emails"),
        "phones" => ("Téléphones", "Phones"),
        "street" => ("Adresse", "Street address"),
        "city" => ("Ville", "City"),
        "region" => ("Province, région", "Province, region"),
        "postal_code" => ("Code postal", "Postal code"),
        "country" => ("Pays", "Country"),
        "notes" => ("Notes", "Notes"),
        "collection_channel" => ("Provenance", "Source"),
        "collected_on" => ("Date de collecte", "Collected on"),
        "record_created" => ("Fiche créée le", "Record created on"),
        "name" => ("Nom", "Name"),
        "relation" => ("Lien", "Relation"),
        "since" => ("Depuis", "Since"),
        "category" => ("Catégorie", "Category"),
        "starts_on" => ("Début", "Start"),
        "ends_on" => ("Fin", "End"),
        "status" => ("Statut", "Status"),
        "date" => ("Date", "Date"),
        "purpose" => ("Finalité", "Purpose"),
        "action" => ("Décision", "Decision"),
        "wording" => ("Libellé", "Wording"),
        "policy" => ("Politique", "Policy"),
        "given_by" => ("Donné par", "Given by"),
        "giver" => ("Nom", "Name"),
        "channel" => ("Canal", "Channel"),
        "evidence" => ("Preuve", "Evidence"),
        "staff" => ("Saisi par", "Entered by"),
        "kind" => ("Demande", "Request"),
        "received_on" => ("Reçue le", "Received"),
        "requester" => ("Demandeur", "Requester"),
        "due_on" => ("Échéance", "Due"),
        "responded_on" => ("Réponse", "Answered"),
        "fr" => ("Français", "French"),
        "en" => ("Anglais", "English"),
        "granted" => ("Accordé", "Granted"),
        "withdrawn" => ("Retiré", "Withdrawn"),
        "person" => ("La personne", "The person"),
        "guardian" => ("Parent ou tuteur", "Parent or guardian"),
        "guardian_with_child" => ("Parent et enfant", "Parent and child"),
        "school" => ("École", "School"),
        "representative" => ("Représentant", "Representative"),
        "parent" => ("Parent", "Parent"),
        "tutor" => ("Tuteur", "Guardian"),
        "active" => ("Active", "Active"),
        "suspended" => ("Suspendue", "Suspended"),
        "ended" => ("Terminée", "Ended"),
        "access" => ("Accès", "Access"),
        "rectification" => ("Rectification", "Rectification"),
        "erasure" => ("Effacement", "Erasure"),
        "portability" => ("Portabilité", "Portability"),
        "objection" => ("Opposition", "Objection"),
        "consent_withdrawal" => ("Retrait de consentement", "Consent withdrawal"),
        "stop_communications" => ("Arrêt des communications", "Stop communications"),
        "complaint" => ("Plainte", "Complaint"),
        "received" => ("Reçue", "Received"),
        "identity_verified" => ("Identité vérifiée", "Identity verified"),
        "answered" => ("Répondue", "Answered"),
        "refused" => ("Refusée", "Refused"),
        "contact_form" => ("Formulaire de contact", "Contact form"),
        "account" => ("Compte en ligne", "Online account"),
        "online_order" => ("Commande en ligne", "Online order"),
        "phone_order" => ("Commande par téléphone", "Phone order"),
        "email" => ("Courriel", "Email"),
        "in_person" => ("En personne", "In person"),
        "social_media" => ("Réseaux sociaux", "Social media"),
        "job_application" => ("Candidature", "Job application"),
        "mail" => ("Courrier postal", "Postal mail"),
        "paper_form" => ("Formulaire papier", "Paper form"),
        "other" => ("Autre", "Other"),
        "newsletter" => ("Infolettre", "Newsletter"),
        "contest_communications" => ("Communications des concours", "Contest communications"),
        "promotional_offers" => ("Offres promotionnelles", "Promotional offers"),
        "photos" => ("Photos", "Photos"),
        "testimonials" => ("Témoignages", "Testimonials"),
        "statistics" => ("Statistiques", "Statistics"),
        // processing register
        "contract" => (
            "Nécessaire au service demandé",
            "Needed for the service asked for",
        ),
        "legal_obligation" => ("Obligation légale", "Legal obligation"),
        "legitimate_interest" => ("Intérêt légitime", "Legitimate interest"),
        "processor" => ("Sous-traitant (agit pour nous)", "Processor (acts for us)"),
        "recipient" => ("Destinataire", "Recipient"),
        "public" => ("Public", "Public"),
        "everyone" => (
            "Toutes les personnes du registre",
            "Everyone in the register",
        ),
        "members" => ("Les membres", "Members"),
        "families" => (
            "Les enfants et leurs responsables",
            "Children and their guardians",
        ),
        "requesters" => (
            "Les personnes visées par une demande",
            "People a request is about",
        ),
        "consent" => ("Consentement", "Consent"),
        _ => return key.to_owned(),
    };
    if lang == Language::Fr {
        fr.into()
    } else {
        en.into()
    }
}

/// A day as the documents write it: "6 décembre 2026", "December 6, 2026".
pub fn date(d: NaiveDate, lang: Language) -> String {
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    use chrono::Datelike;
    let m = d.month0() as usize;
    match lang {
        Language::Fr => format!(
            "{}{} {} {}",
            d.day(),
            if d.day() == 1 { "er" } else { "" },
            FR[m],
            d.year()
        ),
        Language::En => format!("{} {}, {}", EN[m], d.day(), d.year()),
    }
}

/// Who the letter is addressed to.
pub struct Addressee<'a> {
    pub name: &'a str,
    pub acting: Acting,
}

pub fn access_report(
    record: &PersonRecord,
    org: &OrganisationProfile,
    to: &Addressee<'_>,
    lang: Language,
    today: NaiveDate,
) -> Doc {
    let fr = lang == Language::Fr;
    let t = |f: &str, e: &str| if fr { f.to_owned() } else { e.to_owned() };
    let who = display_name(
        &record.person.data.given_name,
        &record.person.data.family_name,
    );
    let mut doc = Doc::new(
        &t(
            "Réponse à une demande d’accès",
            "Response to an access request",
        ),
        org.paper,
        lang,
    );
    doc.footer_left = org.name.clone();

    // Cover letter.
    doc.push(Block::Heading(org.name.clone()))
        .push(Block::Para(org.address.clone()))
        .push(Block::Gap(10.0))
        .push(Block::Para(date(today, lang)))
        .push(Block::Para(format!("{} {}", t("À l’attention de", "To"), to.name)))
        .push(Block::Title(if to.acting != Acting::Themself {
            t(&format!("Les renseignements que nous détenons sur {who}"), &format!("The information we hold about {who}"))
        } else {
            t("Les renseignements que nous détenons à votre sujet", "The information we hold about you")
        }))
        .push(Block::Para(match to.acting {
            Acting::Guardian => t(
                &format!("Vous nous avez demandé, comme parent ou tuteur de {who}, quels renseignements nous gardons à son sujet. Voici une copie complète de ces renseignements, puis l’explication de leur usage et de vos droits. Les renseignements concernant d’autres personnes n’y figurent pas, sauf leur nom lorsqu’elles sont liées à {who}."),
                &format!("You asked us, as {who}’s parent or guardian, what information we keep about them. Here is a complete copy of that information, followed by how it is used and what your rights are. Information about other people is not included, except their names when they are linked to {who}."),
            ),
            Acting::Representative => t(
                &format!("Vous nous avez demandé, au nom de {who}, quels renseignements nous gardons à son sujet. Voici une copie complète de ces renseignements, puis l’explication de leur usage et des droits de {who}. Les renseignements concernant d’autres personnes n’y figurent pas, sauf leur nom lorsqu’elles sont liées à {who}."),
                &format!("You asked us, on behalf of {who}, what information we keep about them. Here is a complete copy of that information, followed by how it is used and what {who}’s rights are. Information about other people is not included, except their names when they are linked to {who}."),
            ),
            Acting::Themself => t(
                "Vous nous avez demandé quels renseignements nous gardons à votre sujet. Voici une copie complète de ces renseignements, puis l’explication de leur usage et de vos droits.",
                "You asked us what information we keep about you. Here is a complete copy of that information, followed by how it is used and what your rights are.",
            ),
        }))
        .push(Block::Para(format!(
            "{}\n{}",
            t("Pour toute question, écrivez-nous ou appelez-nous :", "For any question, write or call us:"),
            if org.privacy_contact.is_empty() { org.name.clone() } else { org.privacy_contact.clone() }
        )));

    // The data, section by section.
    doc.push(Block::PageBreak).push(Block::Title(t(
        "1. Les renseignements",
        "1. The information",
    )));
    for s in &record.sections {
        doc.push(Block::Heading(word(s.key, lang)));
        if s.rows.is_empty() {
            doc.push(Block::Small(t("Aucun.", "None.")));
            continue;
        }
        if s.columns == ["field", "value"] {
            doc.push(Block::Pairs(
                s.rows
                    .iter()
                    .map(|r| {
                        (
                            word(&r[0], lang),
                            if r[0] == "collection_channel" || r[0] == "preferred_language" {
                                word(&r[1], lang)
                            } else {
                                r[1].clone()
                            },
                        )
                    })
                    .collect(),
            ));
            continue;
        }
        doc.push(Block::Table {
            head: s.columns.iter().map(|c| word(c, lang)).collect(),
            rows: s
                .rows
                .iter()
                .map(|r| r.iter().map(|v| word(v, lang)).collect())
                .collect(),
        });
    }
    if !record.wordings.is_empty() {
        doc.push(Block::Heading(t(
            "Libellés des consentements",
            "Consent wordings",
        )));
        doc.push(Block::Pairs(
            record
                .wordings
                .iter()
                .map(|(k, f, e)| {
                    let (code, v) = k.split_once(' ').unwrap_or((k, ""));
                    (
                        format!("{} {v}", word(code, lang)),
                        if fr { f.clone() } else { e.clone() },
                    )
                })
                .collect(),
        ));
    }

    // What the law asks us to explain.
    let source = word(&record.person.data.collection_channel.to_string(), lang);
    let authority = match org.jurisdiction {
        Jurisdiction::Quebec => t(
            "la Commission d’accès à l’information du Québec (www.cai.gouv.qc.ca), si vous estimez que votre demande n’a pas été traitée correctement. Sans réponse de notre part dans les 30 jours, la demande est réputée refusée.",
            "Quebec’s Commission d’accès à l’information (www.cai.gouv.qc.ca), if you believe your request was not handled properly. Without an answer within 30 days, the request is deemed refused.",
        ),
        Jurisdiction::France => t(
            "la Commission nationale de l’informatique et des libertés (CNIL, www.cnil.fr).",
            "France’s Commission nationale de l’informatique et des libertés (CNIL, www.cnil.fr).",
        ),
    };
    doc.push(Block::PageBreak).push(Block::Title(t(
        "2. Comment ces renseignements sont utilisés",
        "2. How this information is used",
    )));
    explain_processing(&mut doc, record, lang);
    doc.push(Block::Heading(t("Provenance", "Source")))
        .push(Block::Para(format!("{} {source}, {} {}.", t("Les renseignements ont été recueillis par :", "The information was collected through:"), t("le", "on"), date(record.person.data.collected_on, lang))))
        .push(Block::Heading(t("Décisions automatisées", "Automated decisions")))
        .push(Block::Para(t("Aucune décision n’est prise de façon automatisée à partir de ces renseignements.", "No decision is made by automated means from this information.")))
        .push(Block::Title(t("3. Vos droits", "3. Your rights")))
        .push(Block::Para(t(
            "Vous pouvez demander la rectification d’un renseignement inexact, son effacement, la limitation de son usage, vous opposer à un usage, retirer un consentement à tout moment (aussi facilement que vous l’avez donné) et recevoir les renseignements fournis dans un format structuré (portabilité). Écrivez-nous à l’adresse ci-dessus.",
            "You may ask for inaccurate information to be corrected, for it to be erased, for its use to be restricted, object to a use, withdraw a consent at any time (as easily as you gave it) and receive the information you provided in a structured format (portability). Write to us at the address above.",
        )))
        .push(Block::Para(format!("{} {authority}", t("Vous pouvez aussi vous adresser à", "You may also turn to"))));
    doc
}

/// A category of data, as the processing and incident registers name it.
pub(crate) fn category(c: carnet_core::model::DataCategory, lang: Language) -> String {
    use carnet_core::model::DataCategory as C;
    let (fr, en) = match c {
        C::Identity => ("Identité (nom, langue)", "Identity (name, language)"),
        C::Contact => (
            "Coordonnées (courriel, téléphone)",
            "Contact details (email, phone)",
        ),
        C::Address => ("Adresse postale", "Postal address"),
        C::BirthDate => ("Date de naissance", "Birth date"),
        C::Notes => ("Notes", "Notes"),
        C::Membership => ("Adhésions et inscriptions", "Memberships and enrolments"),
        C::Family => ("Liens familiaux", "Family links"),
        C::ConsentRecords => ("Consentements et leurs preuves", "Consents and their proof"),
        C::Requests => ("Demandes et leurs suites", "Requests and their outcomes"),
        C::Payment => (
            "Paiements (sans numéro de carte)",
            "Payments (no card number)",
        ),
    };
    if lang == Language::Fr {
        fr.into()
    } else {
        en.into()
    }
}

/// The text of one side of a bilingual text.
pub(crate) fn side(text: &carnet_core::privacy::Text, lang: Language) -> String {
    match lang {
        Language::Fr => text.fr.clone(),
        Language::En => text.en.clone(),
    }
}

/// Purposes, categories, recipients and retention, from the activities of the office's
/// processing register that apply to the person (GDPR Art. 15(1)(a) to (d)).
fn explain_processing(doc: &mut Doc, record: &PersonRecord, lang: Language) {
    let fr = lang == Language::Fr;
    let t = |f: &str, e: &str| if fr { f.to_owned() } else { e.to_owned() };
    let activities = &record.processing;
    doc.push(Block::Heading(t("Finalités", "Purposes")));
    doc.push(Block::Pairs(
        activities
            .iter()
            .map(|a| {
                (
                    side(&a.name, lang),
                    format!(
                        "{} ({}{})",
                        side(&a.purpose, lang),
                        t("fondement : ", "basis: "),
                        word(a.legal_basis.as_str(), lang).to_lowercase()
                    ),
                )
            })
            .collect(),
    ));
    let mut categories: Vec<String> = Vec::new();
    for c in activities.iter().flat_map(|a| &a.categories) {
        let w = category(*c, lang);
        if !categories.contains(&w) {
            categories.push(w);
        }
    }
    doc.push(Block::Heading(t(
        "Catégories de renseignements",
        "Categories of information",
    )))
    .push(Block::Para(categories.join(" ; ")));
    doc.push(Block::Heading(t("Destinataires", "Recipients")));
    let recipients = carnet_core::privacy::recipients_of(activities);
    if recipients.is_empty() {
        doc.push(Block::Para(t(
            "Aucun : ces renseignements restent au sein de l’organisation.",
            "None: this information stays within the organisation.",
        )));
    } else {
        doc.push(Block::Table {
            head: vec![
                t("Destinataire", "Recipient"),
                t("Rôle", "Role"),
                t("Pour", "For"),
            ],
            rows: recipients
                .iter()
                .map(|r| {
                    let uses: Vec<String> = activities
                        .iter()
                        .filter(|a| a.recipients.iter().any(|x| x.name == r.name))
                        .map(|a| side(&a.name, lang))
                        .collect();
                    let name = if r.country.is_empty() {
                        r.name.clone()
                    } else {
                        format!("{} ({})", r.name, r.country)
                    };
                    vec![name, word(r.role.as_str(), lang), uses.join(", ")]
                })
                .collect(),
        });
    }
    doc.push(Block::Para(t(
        "Aucun renseignement n’est vendu.",
        "No information is sold.",
    )));
    doc.push(Block::Heading(t("Durée de conservation", "Retention")));
    doc.push(Block::Pairs(
        activities
            .iter()
            .map(|a| {
                let months = a.rule.and_then(|c| {
                    record
                        .retention
                        .iter()
                        .find(|r| r.category == c)
                        .map(|r| r.months)
                });
                let rule = match months {
                    Some(m) => format!(
                        " {}",
                        t(
                            &format!("(effacement automatique après {m} mois sans activité)"),
                            &format!("(erased automatically after {m} months without activity)")
                        )
                    ),
                    None => String::new(),
                };
                (
                    side(&a.name, lang),
                    format!("{}{rule}", side(&a.retention, lang)),
                )
            })
            .collect(),
    ));
    doc.push(Block::Small(match record.processing_since {
        Some(since) => t(
            &format!(
                "Selon notre registre des traitements, version {} en vigueur depuis le {}.",
                record.processing_version,
                date(since, lang)
            ),
            &format!(
                "From our processing register, version {} in force since {}.",
                record.processing_version,
                date(since, lang)
            ),
        ),
        None => t(
            "Selon notre registre des traitements (version initiale).",
            "From our processing register (initial version).",
        ),
    }));
}

#[cfg(test)]
mod tests {
    use super::word;
    use carnet_core::model::{
        Channel, ConsentAction, GivenBy, Language, LegalBasis, MembershipStatus, RecipientRole,
        Relation, RequestKind, RequestStatus, Requester,
    };

    /// A report never prints a raw key: every value of every list a report can show has
    /// words in French and in English.
    #[test]
    fn every_value_a_report_can_show_has_words_in_both_languages() {
        let mut values: Vec<&str> = Vec::new();
        values.extend(Channel::ALL.iter().map(|v| v.as_str()));
        values.extend(ConsentAction::ALL.iter().map(|v| v.as_str()));
        values.extend(GivenBy::ALL.iter().map(|v| v.as_str()));
        values.extend(Language::ALL.iter().map(|v| v.as_str()));
        values.extend(MembershipStatus::ALL.iter().map(|v| v.as_str()));
        values.extend(Relation::ALL.iter().map(|v| v.as_str()));
        values.extend(RequestKind::ALL.iter().map(|v| v.as_str()));
        values.extend(RequestStatus::ALL.iter().map(|v| v.as_str()));
        values.extend(Requester::ALL.iter().map(|v| v.as_str()));
        values.extend(LegalBasis::ALL.iter().map(|v| v.as_str()));
        values.extend(RecipientRole::ALL.iter().map(|v| v.as_str()));
        let missing: Vec<(&str, Language)> = values
            .iter()
            .flat_map(|v| Language::ALL.iter().map(move |l| (*v, *l)))
            .filter(|(v, l)| word(v, *l) == *v)
            .collect();
        assert!(missing.is_empty(), "no words for {missing:?}");
    }
}
