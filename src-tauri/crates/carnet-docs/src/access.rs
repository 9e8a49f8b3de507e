//! The response to an access request: a cover letter, every piece of data the register
//! holds about the person (section by section, as `carnet_core::export` gives them), and
//! the explanations GDPR Art. 15 and Quebec's s.27 ask for.

use carnet_core::export::PersonRecord;
use carnet_core::model::{Jurisdiction, Language};
use carnet_core::org::OrganisationProfile;
use carnet_core::people::display_name;
use carnet_core::privacy::LegalBasis;
use carnet_core::requests::{Acting, RefusalGround, WITHHELD};
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
        "purpose" => ("Utilisation", "Use"),
        "action" => ("Décision", "Decision"),
        "wording" => ("Texte", "Wording"),
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

/// A stored day ("2016-05-10") as a letter writes it ("10 mai 2016"); other text as it is.
fn day(raw: &str, lang: Language) -> String {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(|d| date(d, lang))
        .unwrap_or_else(|_| raw.to_owned())
}

/// What became of a request: "répondue le 3 mai 2026", "refusée le …", "en cours".
fn outcome(status: &str, responded: &str, lang: Language) -> String {
    let fr = lang == Language::Fr;
    let on = day(responded, lang);
    match (status, responded.is_empty(), fr) {
        ("answered", false, true) => format!("répondue le {on}"),
        ("answered", false, false) => format!("answered on {on}"),
        ("refused", false, true) => format!("refusée le {on}"),
        ("refused", false, false) => format!("refused on {on}"),
        ("withdrawn", _, true) => "retirée par le demandeur".into(),
        ("withdrawn", _, false) => "withdrawn by the requester".into(),
        (_, _, true) => "en cours".into(),
        (_, _, false) => "in progress".into(),
    }
}

/// Why the office uses the data, in the words a parent uses.
fn reason(basis: LegalBasis, lang: Language) -> String {
    let (fr, en) = match basis {
        LegalBasis::Contract => (
            "parce que c’est nécessaire au service demandé (l’inscription, les cours)",
            "because it is needed for the service asked for (enrolment, lessons)",
        ),
        LegalBasis::LegalObligation => ("parce que la loi l’exige", "because the law requires it"),
        LegalBasis::Consent => ("parce que vous l’avez accepté", "because you agreed to it"),
        LegalBasis::LegitimateInterest => (
            "pour le bon fonctionnement de l’organisation, sans aller contre vos intérêts",
            "for the organisation to run well, never against your interests",
        ),
    };
    if lang == Language::Fr {
        fr.into()
    } else {
        en.into()
    }
}

/// The legal references behind the plain reasons, for the small print.
fn legal_references(j: Jurisdiction, bases: &[LegalBasis], lang: Language) -> String {
    let fr = lang == Language::Fr;
    match j {
        Jurisdiction::France => {
            let letters: Vec<&str> = bases
                .iter()
                .map(|b| match b {
                    LegalBasis::Consent => "a",
                    LegalBasis::Contract => "b",
                    LegalBasis::LegalObligation => "c",
                    LegalBasis::LegitimateInterest => "f",
                })
                .collect();
            let list = letters
                .iter()
                .map(|l| format!("6(1)({l})"))
                .collect::<Vec<_>>()
                .join(", ");
            if fr {
                format!("Références : Règlement général sur la protection des données (RGPD), articles {list}, 13 et 15.")
            } else {
                format!("References: General Data Protection Regulation (GDPR), Articles {list}, 13 and 15.")
            }
        }
        Jurisdiction::Quebec => {
            if fr {
                "Références : Loi sur la protection des renseignements personnels dans le secteur privé (RLRQ, c. P-39.1), articles 5 (renseignements nécessaires), 14 (consentement) et 27 (accès).".into()
            } else {
                "References: Act respecting the protection of personal information in the private sector (CQLR, c. P-39.1), sections 5 (information needed), 14 (consent) and 27 (access).".into()
            }
        }
    }
}

/// The response to an access request, written for the person who asked (often a parent
/// about a child): the data first, on the first page after the cover; one date style; plain
/// reasons with the law in small print; who prepared it and how to reach the person in
/// charge at the end, kept on one page.
pub fn access_report(
    record: &PersonRecord,
    org: &OrganisationProfile,
    to: &Addressee<'_>,
    prepared_by: &str,
    lang: Language,
    today: NaiveDate,
) -> Doc {
    let fr = lang == Language::Fr;
    let t = |f: &str, e: &str| if fr { f.to_owned() } else { e.to_owned() };
    let who = display_name(
        &record.person.data.given_name,
        &record.person.data.family_name,
    );
    let first = if record.person.data.given_name.is_empty() {
        who.clone()
    } else {
        record.person.data.given_name.clone()
    };
    let about_other = to.acting != Acting::Themself;
    let mut doc = Doc::new(
        &t(
            "Réponse à une demande d’accès",
            "Response to an access request",
        ),
        org.paper,
        lang,
    );
    doc.footer_left = org.name.clone();
    let reach = org.reach_line();

    let v = Voice {
        lang,
        who,
        first,
        about_other,
    };
    cover_letter(&mut doc, &v, org, to, &reach, today);
    if !record.withheld.is_empty() {
        doc.push(Block::Para(v.t(
            "Certains renseignements de notre dossier ne sont pas reproduits, pour protéger d’autres personnes ou pour un motif que la loi prévoit : la fin de la section 1 dit lesquels et pourquoi.",
            "Some items of our records are not reproduced, to protect other people or on a ground the law provides: the end of section 1 says which and why.",
        )));
    }
    held_data(&mut doc, &v, record);
    withheld(&mut doc, &v, record, org.jurisdiction);
    // 2. What the office does with it.
    doc.push(Block::Title(t(
        "2. Ce que nous en faisons",
        "2. What we do with it",
    )));
    explain_processing(&mut doc, record, org.jurisdiction, lang);

    rights(&mut doc, &v, record, org, &reach, prepared_by, today);
    doc
}

/// What a masked cell prints.
fn masked(lang: Language) -> String {
    match lang {
        Language::Fr => "[retenu : voir « Ce que nous ne communiquons pas »]".into(),
        Language::En => "[withheld: see “What we do not give”]".into(),
    }
}

/// A cell as printed: its text, or the masked mark.
fn shown(cell: &str, lang: Language) -> String {
    if cell == WITHHELD {
        masked(lang)
    } else {
        cell.to_owned()
    }
}

/// The items the review withheld, each with its ground and the provision relied on.
fn withheld(doc: &mut Doc, v: &Voice, record: &PersonRecord, j: Jurisdiction) {
    if record.withheld.is_empty() {
        return;
    }
    let t = |f: &str, e: &str| v.t(f, e);
    let what = |section: &str, field: &str| match (section, field) {
        ("identity", "notes") => t("Une note du personnel", "A staff note"),
        ("guardians", _) => t(
            "Le nom d’un parent ou tuteur",
            "The name of a parent or guardian",
        ),
        ("children", _) => t("Le nom d’un enfant", "A child’s name"),
        ("consents", "giver") => t(
            "Le nom de la personne qui a répondu à un consentement",
            "The name of the person who answered a consent",
        ),
        ("consents", _) => t(
            "La preuve notée pour un consentement",
            "The evidence noted for a consent",
        ),
        _ => t("Un renseignement", "An item"),
    };
    let why = |g: RefusalGround| {
        let plain = match g {
            RefusalGround::ThirdParty => t(
                "Il révélerait des renseignements sur une autre personne.",
                "It would reveal information about another person.",
            ),
            _ => t(
                "Le communiquer nuirait à une enquête ou à une procédure judiciaire en cours.",
                "Giving it would hinder an inquiry or legal proceedings under way.",
            ),
        };
        format!(
            "{plain} {}",
            crate::letters::provision_phrase(j, g, "", v.lang)
        )
    };
    doc.push(Block::Heading(t(
        "Ce que nous ne communiquons pas",
        "What we do not give",
    )))
    .push(Block::Para(t(
        "Les renseignements suivants figurent dans notre dossier mais ne sont pas reproduits ici, pour la raison indiquée. Vous pouvez nous demander de revoir cette décision, ou vous adresser à l’autorité nommée plus bas.",
        "The following items are in our records but are not reproduced here, for the reason given. You may ask us to review this decision, or turn to the authority named below.",
    )))
    .push(Block::Table {
        head: vec![t("Renseignement", "Item"), t("Pourquoi", "Why")],
        rows: record
            .withheld
            .iter()
            .map(|w| vec![what(w.section, w.field), why(w.ground)])
            .collect(),
    });
}

/// Whom an access report speaks of, and in which language.
struct Voice {
    lang: Language,
    /// The person's full name, and the name the report calls them by.
    who: String,
    first: String,
    /// The report answers someone acting for the person (a parent, a representative).
    about_other: bool,
}

impl Voice {
    fn t(&self, f: &str, e: &str) -> String {
        if self.lang == Language::Fr {
            f.to_owned()
        } else {
            e.to_owned()
        }
    }
}

/// The cover letter: the organisation, the day, whom it is for, what it holds.
fn cover_letter(
    doc: &mut Doc,
    v: &Voice,
    org: &OrganisationProfile,
    to: &Addressee<'_>,
    reach: &str,
    today: NaiveDate,
) {
    let (lang, who, first, about_other) = (v.lang, &v.who, &v.first, v.about_other);
    let t = |f: &str, e: &str| v.t(f, e);
    doc.push(Block::Heading(org.name.clone()))
        .push(Block::Para(org.address.clone()))
        .push(Block::Gap(6.0))
        .push(Block::Para(date(today, lang)))
        .push(Block::Para(format!("{} {}", t("À l’attention de", "To"), to.name)))
        .push(Block::Title(if about_other {
            t(&format!("Ce que nous conservons sur {who}"), &format!("What we keep about {who}"))
        } else {
            t("Ce que nous conservons à votre sujet", "What we keep about you")
        }))
        .push(Block::Para(match to.acting {
            Acting::Guardian => t(
                &format!("Vous nous avez demandé, comme parent ou tuteur de {who}, ce que nous conservons à son sujet. Voici tout ce que nous gardons, puis ce que nous en faisons et les droits que vous avez. Rien ne concerne d’autres personnes, sauf le nom de celles qui sont liées à {first}."),
                &format!("You asked us, as {who}’s parent or guardian, what we keep about them. Here is everything we keep, then what we do with it and the rights you have. Nothing is about other people, except the names of those linked to {first}."),
            ),
            Acting::Representative => t(
                &format!("Vous nous avez demandé, au nom de {who}, ce que nous conservons à son sujet. Voici tout ce que nous gardons, puis ce que nous en faisons et les droits de {first}. Rien ne concerne d’autres personnes, sauf le nom de celles qui sont liées à {first}."),
                &format!("You asked us, on behalf of {who}, what we keep about them. Here is everything we keep, then what we do with it and {first}’s rights. Nothing is about other people, except the names of those linked to {first}."),
            ),
            Acting::Themself => t(
                "Vous nous avez demandé ce que nous conservons à votre sujet. Voici tout ce que nous gardons, puis ce que nous en faisons et les droits que vous avez.",
                "You asked us what we keep about you. Here is everything we keep, then what we do with it and the rights you have.",
            ),
        }))
        .push(Block::Para(format!(
            "{} {reach}",
            t("Pour toute question :", "For any question:")
        )));
}

/// 1. The data, section by section: only what is held.
fn held_data(doc: &mut Doc, v: &Voice, record: &PersonRecord) {
    let (lang, first, about_other) = (v.lang, &v.first, v.about_other);
    let t = |f: &str, e: &str| v.t(f, e);
    doc.push(Block::Gap(4.0)).push(Block::Title(if about_other {
        t(
            &format!("1. Ce que nous gardons sur {first}"),
            &format!("1. What we keep about {first}"),
        )
    } else {
        t("1. Ce que nous gardons", "1. What we keep")
    }));
    for s in &record.sections {
        if s.rows.is_empty() {
            continue;
        }
        match s.key {
            "identity" => {
                doc.push(Block::Heading(word("identity", lang)));
                doc.push(Block::Pairs(
                    s.rows
                        .iter()
                        .map(|r| {
                            let value = match r[0].as_str() {
                                _ if r[1] == WITHHELD => masked(lang),
                                "collection_channel" | "preferred_language" => word(&r[1], lang),
                                _ => day(&r[1], lang),
                            };
                            (word(&r[0], lang), value)
                        })
                        .collect(),
                ));
            }
            "guardians" | "children" => {
                doc.push(Block::Heading(word(s.key, lang)));
                doc.push(Block::Table {
                    head: vec![
                        t("Nom", "Name"),
                        t("Lien", "Relation"),
                        t("Depuis le", "Since"),
                    ],
                    rows: s
                        .rows
                        .iter()
                        .map(|r| vec![shown(&r[0], lang), word(&r[1], lang), day(&r[2], lang)])
                        .collect(),
                });
            }
            "memberships" => {
                doc.push(Block::Heading(word("memberships", lang)));
                doc.push(Block::Table {
                    head: vec![
                        t("Inscription", "Enrolment"),
                        t("Du", "From"),
                        t("Au", "To"),
                        t("État", "State"),
                    ],
                    rows: s
                        .rows
                        .iter()
                        .map(|r| {
                            vec![
                                r[0].clone(),
                                day(&r[1], lang),
                                match (r[2].is_empty(), r[3].as_str()) {
                                    (false, _) => day(&r[2], lang),
                                    (true, "active") => t("en cours", "ongoing"),
                                    (true, _) => "—".into(),
                                },
                                word(&r[3], lang),
                            ]
                        })
                        .collect(),
                });
            }
            "consents" => consents(doc, record, about_other, lang),
            "requests" => {
                doc.push(Block::Heading(if about_other {
                    t(
                        &format!("Les demandes concernant {first}"),
                        &format!("Requests about {first}"),
                    )
                } else {
                    t("Vos demandes", "Your requests")
                }));
                doc.push(Block::Table {
                    head: vec![
                        t("Demande", "Request"),
                        t("Reçue le", "Received"),
                        t("Faite par", "Made by"),
                        t("Réponse", "Answer"),
                    ],
                    rows: s
                        .rows
                        .iter()
                        .map(|r| {
                            vec![
                                word(&r[0], lang),
                                day(&r[1], lang),
                                word(&r[2], lang),
                                outcome(&r[3], &r[5], lang),
                            ]
                        })
                        .collect(),
                });
            }
            other => {
                doc.push(Block::Heading(word(other, lang)));
                doc.push(Block::Table {
                    head: s.columns.iter().map(|c| word(c, lang)).collect(),
                    rows: s
                        .rows
                        .iter()
                        .map(|r| r.iter().map(|v| day(&word(v, lang), lang)).collect())
                        .collect(),
                });
            }
        }
    }
}

/// 3. Rights, recourse, and who prepared this, kept together on one page.
fn rights(
    doc: &mut Doc,
    v: &Voice,
    record: &PersonRecord,
    org: &OrganisationProfile,
    reach: &str,
    prepared_by: &str,
    today: NaiveDate,
) {
    let (lang, first, about_other) = (v.lang, &v.first, v.about_other);
    let t = |f: &str, e: &str| v.t(f, e);
    let source = word(&record.person.data.collection_channel.to_string(), lang);
    let authority = match org.jurisdiction {
        Jurisdiction::Quebec => t(
            "Si notre réponse ne vous satisfait pas, vous pouvez vous adresser à la Commission d’accès à l’information du Québec (www.cai.gouv.qc.ca).",
            "If our answer does not satisfy you, you may turn to Quebec’s Commission d’accès à l’information (www.cai.gouv.qc.ca).",
        ),
        Jurisdiction::France => t(
            "Si notre réponse ne vous satisfait pas, vous pouvez vous adresser à la Commission nationale de l’informatique et des libertés (CNIL, www.cnil.fr).",
            "If our answer does not satisfy you, you may turn to France’s Commission nationale de l’informatique et des libertés (CNIL, www.cnil.fr).",
        ),
    };
    doc.push(Block::Heading(t("D’où viennent ces renseignements", "Where this information comes from")))
        .push(Block::Para(format!(
            "{} {source}, {} {}.",
            t("Ils nous ont été donnés par :", "It was given to us through:"),
            t("le", "on"),
            date(record.person.data.collected_on, lang)
        )))
        .push(Block::Para(t(
            "Aucune décision n’est prise de façon automatisée à partir de ces renseignements : une personne de l’équipe décide toujours.",
            "No decision is made by automated means from this information: a member of staff always decides.",
        )));
    let prepared = if prepared_by.is_empty() {
        t(
            &format!("Préparé le {}, pour {}.", date(today, lang), org.name),
            &format!("Prepared on {}, for {}.", date(today, lang), org.name),
        )
    } else {
        t(
            &format!(
                "Préparé par {prepared_by} le {}, pour {}.",
                date(today, lang),
                org.name
            ),
            &format!(
                "Prepared by {prepared_by} on {}, for {}.",
                date(today, lang),
                org.name
            ),
        )
    };
    doc.push(Block::Together(vec![
        Block::Title(if about_other {
            t(
                &format!("3. Vos droits et ceux de {first}"),
                &format!("3. Your rights and {first}’s"),
            )
        } else {
            t("3. Vos droits", "3. Your rights")
        }),
        Block::Para(t(
            "Vous pouvez à tout moment nous demander de corriger un renseignement inexact, d’effacer des renseignements, de cesser un usage ou de le réduire, ou de recevoir dans un fichier que d’autres logiciels peuvent lire ce qui nous a été fourni. Un consentement se retire aussi simplement qu’il a été donné.",
            "At any time you may ask us to correct inaccurate information, to erase information, to stop or reduce a use, or to receive in a file other software can read what was given to us. A consent is withdrawn as simply as it was given.",
        )),
        Block::Para(format!(
            "{} {reach}{}",
            t("Pour le faire, ou pour toute question, écrivez ou téléphonez à", "To do so, or for any question, write or call"),
            if org.address.is_empty() {
                String::new()
            } else {
                format!(" — {} {}", t("ou par la poste :", "or by post:"), org.address.replace('\n', ", "))
            }
        )),
        Block::Para(authority),
        Block::Gap(6.0),
        Block::Para(prepared),
    ]));
}

/// The consent history as the person reads it, then each wording that was answered.
fn consents(doc: &mut Doc, record: &PersonRecord, about_other: bool, lang: Language) {
    let fr = lang == Language::Fr;
    let t = |f: &str, e: &str| if fr { f.to_owned() } else { e.to_owned() };
    let label = |l: &carnet_core::export::ConsentLine| {
        if fr {
            l.label_fr.clone()
        } else {
            l.label_en.clone()
        }
    };
    doc.push(Block::Heading(t("Consentements", "Consents")));
    doc.push(Block::Table {
        head: vec![
            t("Date", "Date"),
            t("Pour", "For"),
            t("Réponse", "Answer"),
            t("Donnée par", "Given by"),
            t("Comment", "How"),
        ],
        rows: record
            .consent_lines
            .iter()
            .map(|l| {
                let by = word(l.given_by.as_str(), lang);
                let by = if l.giver.is_empty() {
                    by
                } else {
                    format!("{by} ({})", shown(&l.giver, lang))
                };
                let how = word(l.channel.as_str(), lang);
                let how = if l.evidence.is_empty() {
                    how
                } else if fr {
                    format!("{how} : {}", shown(&l.evidence, lang))
                } else {
                    format!("{how}: {}", shown(&l.evidence, lang))
                };
                vec![
                    date(l.on, lang),
                    label(l),
                    word(l.action.as_str(), lang),
                    by,
                    how,
                ]
            })
            .collect(),
    });
    // Each wording once, with the first day it was answered and the privacy policy then
    // in force.
    let mut seen: Vec<(String, String, NaiveDate, String)> = Vec::new();
    for l in &record.consent_lines {
        let wording = if fr { &l.wording_fr } else { &l.wording_en };
        if wording.is_empty()
            || seen
                .iter()
                .any(|(lb, w, _, _)| *lb == label(l) && w == wording)
        {
            continue;
        }
        seen.push((label(l), wording.clone(), l.on, l.policy.clone()));
    }
    if !seen.is_empty() {
        doc.push(Block::Heading(if about_other {
            t(
                "Le texte auquel la réponse a été donnée",
                "The wording that was answered",
            )
        } else {
            t(
                "Le texte auquel vous avez répondu",
                "The wording you answered",
            )
        }));
        doc.push(Block::Pairs(
            seen.into_iter()
                .map(|(lb, w, on, policy)| {
                    let quoted = if fr {
                        format!("« {w} »")
                    } else {
                        format!("“{w}”")
                    };
                    let under = if policy.is_empty() {
                        String::new()
                    } else if fr {
                        format!(" (politique de confidentialité « {policy} »)")
                    } else {
                        format!(" (privacy policy “{policy}”)")
                    };
                    (
                        t(
                            &format!("{lb}, le {}", date(on, lang)),
                            &format!("{lb}, on {}", date(on, lang)),
                        ),
                        format!("{quoted}{under}"),
                    )
                })
                .collect(),
        ));
    }
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

/// Why, what, who else and how long, from the activities of the office's processing
/// register that apply to the person (GDPR Art. 15(1)(a) to (d)), with only the kinds of
/// data actually held; the legal references in small print.
fn explain_processing(doc: &mut Doc, record: &PersonRecord, j: Jurisdiction, lang: Language) {
    let fr = lang == Language::Fr;
    let t = |f: &str, e: &str| if fr { f.to_owned() } else { e.to_owned() };
    let activities = &record.processing;
    doc.push(Block::Heading(t(
        "Pourquoi nous les utilisons",
        "Why we use it",
    )));
    doc.push(Block::Pairs(
        activities
            .iter()
            .map(|a| {
                (
                    side(&a.name, lang),
                    format!(
                        "{}, {}.",
                        side(&a.purpose, lang).trim_end_matches('.'),
                        reason(a.legal_basis, lang)
                    ),
                )
            })
            .collect(),
    ));
    let mut categories: Vec<String> = Vec::new();
    for c in activities.iter().flat_map(|a| &a.categories) {
        if !record.holds(*c) {
            continue;
        }
        let w = category(*c, lang);
        if !categories.contains(&w) {
            categories.push(w);
        }
    }
    doc.push(Block::Heading(t(
        "Les renseignements concernés",
        "The information concerned",
    )))
    .push(Block::Para(categories.join(" ; ")));
    doc.push(Block::Heading(t(
        "Qui d’autre les reçoit",
        "Who else receives it",
    )));
    let recipients = carnet_core::privacy::recipients_of(activities);
    if recipients.is_empty() {
        doc.push(Block::Para(t(
            "Personne : ces renseignements restent chez nous.",
            "No one: this information stays with us.",
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
    doc.push(Block::Heading(t(
        "Combien de temps nous les gardons",
        "How long we keep it",
    )));
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
    let mut bases: Vec<LegalBasis> = Vec::new();
    for a in activities {
        if !bases.contains(&a.legal_basis) {
            bases.push(a.legal_basis);
        }
    }
    bases.sort_by_key(|b| b.as_str());
    let since = match record.processing_since {
        Some(since) => t(
            &format!(
                " Ces explications suivent la liste de nos usages en vigueur depuis le {}.",
                date(since, lang)
            ),
            &format!(
                " These explanations follow the list of our uses in force since {}.",
                date(since, lang)
            ),
        ),
        None => String::new(),
    };
    doc.push(Block::Small(format!(
        "{}{since}",
        legal_references(j, &bases, lang)
    )));
}

#[cfg(test)]
mod tests {
    use super::word;
    use carnet_core::consent::{ConsentAction, GivenBy};
    use carnet_core::family::{MembershipStatus, Relation};
    use carnet_core::model::{Channel, Language};
    use carnet_core::privacy::{LegalBasis, RecipientRole};
    use carnet_core::requests::{RequestKind, RequestStatus, Requester};

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
