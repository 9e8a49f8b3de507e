//! The letters a privacy request needs, built from what the register holds about it:
//! the access report, a refusal (reasons, provision, recourse), the extension notice
//! (France), and the confirmation that a request was carried out.

use carnet_core::model::{Jurisdiction, Language};
use carnet_core::org::OrganisationProfile;
use carnet_core::requests::{recipient, Acting, LetterKind};
use carnet_core::requests::{RefusalGround, RequestKind};
use carnet_core::Contexts;
use carnet_core::{Error, Register, Result};
use chrono::NaiveDate;

use crate::access::{access_report, date, Addressee};
use crate::{Block, Doc};

/// One letter for one request. `language` overrides the requester's language.
pub fn request_letter(
    reg: &Register,
    request_id: i64,
    kind: LetterKind,
    language: Option<Language>,
    today: NaiveDate,
) -> Result<Doc> {
    letter(reg, request_id, kind, language, today, true)
}

/// The letter as it would read now, to look at before saving: an access report whose
/// package is not (or no longer) approved says so at its top and cannot be saved.
pub fn request_letter_preview(
    reg: &Register,
    request_id: i64,
    kind: LetterKind,
    language: Option<Language>,
    today: NaiveDate,
) -> Result<Doc> {
    letter(reg, request_id, kind, language, today, false)
}

fn letter(
    reg: &Register,
    request_id: i64,
    kind: LetterKind,
    language: Option<Language>,
    today: NaiveDate,
    to_send: bool,
) -> Result<Doc> {
    let req = reg.requests().get(request_id)?;
    if !LetterKind::available(&req).contains(&kind) {
        return Err(Error::Conflict(match kind {
            LetterKind::AccessReport => {
                "the access report needs an access request whose requester's identity was checked"
            }
            LetterKind::ExtensionNotice => "no extension was recorded for this request",
            LetterKind::Refusal => "the request was not refused",
            LetterKind::Confirmation => "the request was not answered",
        }));
    }
    let org = reg.org().profile()?;
    // A letter always says how to answer it.
    org.ready_for_letters()?;
    let preparer = reg.preparer();
    let mut to = recipient(reg, &req)?;
    if let Some(l) = language {
        to.language = l;
    }
    let lang = to.language;
    let person = reg.people().get(req.data.person_id)?;
    let who = person.display_name();
    if kind == LetterKind::AccessReport {
        // Only a package reviewed and approved as it stands goes out.
        let released = reg.requests().require_released(request_id, today);
        let draft = released.is_err();
        if to_send {
            released?;
        }
        let record = reg.requests().access_package(request_id, today)?;
        let mut doc = access_report(
            &record,
            &org,
            &Addressee {
                name: &to.name,
                acting: to.acting,
            },
            &preparer,
            lang,
            today,
        );
        if draft {
            doc.blocks.insert(
                0,
                Block::Small(if lang == Language::Fr {
                    "BROUILLON — l’examen de ce dossier n’est pas approuvé : cette réponse ne peut pas encore être enregistrée ni envoyée.".into()
                } else {
                    "DRAFT — this package's review is not approved: this response cannot be saved or sent yet.".into()
                }),
            );
        }
        return Ok(doc);
    }

    let fr = lang == Language::Fr;
    let t = |f: &str, e: &str| if fr { f.to_owned() } else { e.to_owned() };
    let about = match to.acting {
        Acting::Themself => t("vous concernant", "about you"),
        _ => t(&format!("concernant {who}"), &format!("about {who}")),
    };
    let asked = format!(
        "{} {} {} {}",
        t("votre demande", "your request"),
        kind_phrase(req.data.kind, lang),
        about,
        t(
            &format!("reçue le {}", date(req.data.received_on, lang)),
            &format!("received on {}", date(req.data.received_on, lang))
        )
    );
    let title = match kind {
        LetterKind::ExtensionNotice => t(
            "Prolongation du délai de réponse",
            "Extension of the time to answer",
        ),
        LetterKind::Refusal => t("Décision sur votre demande", "Decision on your request"),
        _ => t(
            "Votre demande a été traitée",
            "Your request has been carried out",
        ),
    };
    let mut doc = letter_head(
        &org,
        &to.name,
        &title,
        &format!(
            "{} {} (n° {})",
            t("Objet :", "Re:"),
            capitalise(&asked),
            req.id
        ),
        lang,
        today,
    );

    match kind {
        LetterKind::ExtensionNotice => {
            let notice = req.extension_notice_on.unwrap_or(today);
            doc.push(Block::Para(t(
                &format!("Nous avons bien reçu {asked}. Pour la raison suivante, nous ne pourrons pas y répondre dans le délai d’un mois :"),
                &format!("We have received {asked}. For the following reason, we cannot answer it within one month:"),
            )))
            .push(Block::Para(format!("« {} »", req.extension_reason)))
            .push(Block::Para(t(
                &format!("Comme le permet l’article 12(3) du Règlement général sur la protection des données (RGPD), le délai de réponse est prolongé de deux mois. Vous recevrez notre réponse au plus tard le {}. Cet avis vous est envoyé le {}, dans le premier mois suivant votre demande.", date(req.deadline.due, lang), date(notice, lang)),
                &format!("As Article 12(3) of the General Data Protection Regulation (GDPR) allows, the time to answer is extended by two months. You will receive our answer by {} at the latest. This notice is sent on {}, within the first month after your request.", date(req.deadline.due, lang), date(notice, lang)),
            )))
            .push(Block::Para(recourse(org.jurisdiction, lang)));
        }
        LetterKind::Refusal => {
            let refusal = req
                .refusal
                .clone()
                .ok_or(Error::Conflict("the refusal has no ground recorded"))?;
            doc.push(Block::Para(t(
                &format!("Après examen, nous ne pouvons pas donner suite à {asked}."),
                &format!("Having examined {asked}, we cannot act on it."),
            )));
            if let Some(plain) = ground_words(refusal.ground, lang) {
                doc.push(Block::Para(plain));
            }
            doc.push(Block::Heading(t("Motifs", "Reasons")))
                .push(Block::Para(req.decision.clone()))
                .push(Block::Heading(t(
                    "Disposition invoquée",
                    "Provision relied on",
                )))
                .push(Block::Para(provision_phrase(
                    org.jurisdiction,
                    refusal.ground,
                    &refusal.provision,
                    lang,
                )))
                .push(Block::Heading(t("Vos recours", "Your recourse")))
                .push(Block::Para(recourse(org.jurisdiction, lang)));
        }
        LetterKind::Confirmation | LetterKind::AccessReport => {
            doc.push(Block::Para(done_words(req.data.kind, &asked, lang)));
            if req.withdraws_consents() {
                // The withdrawals this request recorded; for a withdrawal or
                // stop-communications request carried out on the person's page instead,
                // every consent withdrawn at this point (an objection lists only its own).
                let purposes = reg.consent().purposes()?;
                let mut withdrawn: Vec<(String, String)> = reg
                    .requests()
                    .consent_events(req.id)?
                    .into_iter()
                    .map(|e| (e.purpose_code, e.occurred_at))
                    .collect();
                if withdrawn.is_empty() && req.data.kind != RequestKind::Objection {
                    withdrawn = reg
                        .consent()
                        .state(req.data.person_id)?
                        .into_iter()
                        .filter(|s| !s.granted)
                        .map(|s| (s.purpose_code, s.since))
                        .collect();
                }
                let rows: Vec<Vec<String>> = withdrawn
                    .into_iter()
                    .map(|(code, since)| {
                        let label = purposes.iter().find(|p| p.code == code).map(|p| {
                            if fr {
                                p.latest.wording.label_fr.clone()
                            } else {
                                p.latest.wording.label_en.clone()
                            }
                        });
                        let since = carnet_core::time::parse_stamp(&since)
                            .map(|t| date(reg.local_day(t), lang))
                            .unwrap_or(since);
                        vec![label.unwrap_or(code), since]
                    })
                    .collect();
                if !rows.is_empty() {
                    doc.push(Block::Heading(t(
                        "Consentements retirés",
                        "Consents withdrawn",
                    )))
                    .push(Block::Table {
                        head: vec![t("Utilisation", "Use"), t("Retiré le", "Withdrawn on")],
                        rows,
                    });
                }
            }
            if !req.decision.is_empty() {
                doc.push(Block::Heading(t("Ce que nous avons fait", "What we did")))
                    .push(Block::Para(req.decision.clone()));
            }
            if matches!(
                req.data.kind,
                RequestKind::Rectification | RequestKind::Erasure
            ) {
                doc.push(Block::Para(t(
                    "Lorsque ces renseignements avaient été transmis à un destinataire (par exemple le service d’envoi de l’infolettre ou le transporteur), nous l’avons informé de ce changement.",
                    "Where this information had been passed on to a recipient (for example the newsletter mailing service or the carrier), we have told them of this change.",
                )));
            }
            if req.data.kind == RequestKind::Complaint {
                doc.push(Block::Para(recourse(org.jurisdiction, lang)));
            }
        }
    }
    doc.push(Block::Together(vec![
        Block::Gap(6.0),
        Block::Para(t(
            "Nous vous prions d’agréer nos salutations distinguées.",
            "Yours sincerely,",
        )),
        Block::Para(format!("{}\n{}", org.privacy_contact, org.name)),
        Block::Small(prepared_line(&org, &preparer, lang, today)),
    ]));
    Ok(doc)
}

/// The foot of every letter: who prepared it, when, and how to reach the person in charge.
pub(crate) fn prepared_line(
    org: &OrganisationProfile,
    preparer: &str,
    lang: Language,
    today: NaiveDate,
) -> String {
    let on = date(today, lang);
    let reach = org.reach_line();
    match (lang, preparer.is_empty()) {
        (Language::Fr, false) => {
            format!("Préparé par {preparer} le {on}. Pour toute question : {reach}.")
        }
        (Language::Fr, true) => format!("Préparé le {on}. Pour toute question : {reach}."),
        (Language::En, false) => {
            format!("Prepared by {preparer} on {on}. For any question: {reach}.")
        }
        (Language::En, true) => format!("Prepared on {on}. For any question: {reach}."),
    }
}

/// The letterhead every letter shares: organisation, date, addressee, subject.
pub(crate) fn letter_head(
    org: &OrganisationProfile,
    to: &str,
    title: &str,
    subject: &str,
    lang: Language,
    today: NaiveDate,
) -> Doc {
    let mut doc = Doc::new(title, org.paper, lang);
    doc.footer_left = org.name.clone();
    doc.push(Block::Heading(org.name.clone()))
        .push(Block::Para(org.address.clone()))
        .push(Block::Gap(8.0))
        .push(Block::Para(date(today, lang)))
        .push(Block::Para(format!(
            "{} {to}",
            if lang == Language::Fr {
                "À l’attention de"
            } else {
                "To"
            }
        )))
        .push(Block::Title(title.to_owned()))
        .push(Block::Para(subject.to_owned()))
        .push(Block::Para(if lang == Language::Fr {
            "Madame, Monsieur,".into()
        } else {
            "Dear Sir or Madam,".into()
        }));
    doc
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// "d’accès", "of access"… as it reads after "your request".
fn kind_phrase(kind: RequestKind, lang: Language) -> String {
    let (fr, en) = match kind {
        RequestKind::Access => (
            "d’accès aux renseignements",
            "for access to the information",
        ),
        RequestKind::Rectification => (
            "de rectification des renseignements",
            "to correct the information",
        ),
        RequestKind::Erasure => (
            "d’effacement des renseignements",
            "to erase the information",
        ),
        RequestKind::Portability => (
            "de portabilité des renseignements",
            "to receive the information provided",
        ),
        RequestKind::Objection => (
            "d’opposition à l’usage des renseignements",
            "objecting to the use of the information",
        ),
        RequestKind::ConsentWithdrawal => ("de retrait de consentement", "to withdraw consent"),
        RequestKind::StopCommunications => {
            ("de cesser les communications", "to stop communications")
        }
        RequestKind::Complaint => (
            "(plainte) sur le traitement des renseignements",
            "(complaint) about the handling of the information",
        ),
    };
    if lang == Language::Fr {
        fr.into()
    } else {
        en.into()
    }
}

fn done_words(kind: RequestKind, asked: &str, lang: Language) -> String {
    let (fr, en) = match kind {
        RequestKind::Rectification => ("Nous avons corrigé les renseignements comme demandé.", "We have corrected the information as asked."),
        RequestKind::Erasure => (
            "Nous avons effacé les renseignements, sauf ceux que la loi nous oblige à conserver (pièces comptables) : ceux-ci ne servent plus qu’à cette obligation et seront effacés à la fin de la durée légale.",
            "We have erased the information, except what the law requires us to keep (accounting records): that is used for nothing else and will be erased when the legal period ends.",
        ),
        RequestKind::ConsentWithdrawal => ("Nous avons enregistré le retrait du consentement ; il prend effet dès maintenant.", "We have recorded the withdrawal of consent; it takes effect now."),
        RequestKind::StopCommunications => ("Nous avons cessé de vous envoyer nos communications.", "We have stopped sending you our communications."),
        RequestKind::Objection => ("Nous avons cessé d’utiliser les renseignements pour l’usage visé par votre opposition.", "We have stopped using the information for the use you objected to."),
        RequestKind::Portability => (
            "Vous trouverez ci-joint les renseignements fournis, dans des fichiers JSON et CSV que d’autres logiciels peuvent lire.",
            "Enclosed are the information provided, in JSON and CSV files that other software can read.",
        ),
        RequestKind::Complaint => ("Nous avons examiné votre plainte.", "We have examined your complaint."),
        RequestKind::Access => ("Nous avons répondu à votre demande.", "We have answered your request."),
    };
    if lang == Language::Fr {
        format!("Nous avons bien reçu {asked}. {fr}")
    } else {
        format!("We have received {asked}. {en}")
    }
}

/// The ground in plain words, before the legal reference.
fn ground_words(g: RefusalGround, lang: Language) -> Option<String> {
    let (fr, en) = match g {
        RefusalGround::ThirdParty => (
            "Les renseignements demandés ne peuvent pas être séparés de ceux d’autres personnes, et les communiquer révélerait des renseignements à leur sujet.",
            "The information asked for cannot be separated from other people’s, and giving it would reveal information about them.",
        ),
        RefusalGround::IdentityNotEstablished => (
            "Nous n’avons pas pu vérifier votre identité, ou votre qualité pour agir au nom de la personne concernée. Vous pouvez renouveler votre demande avec de quoi l’établir (pièce présentée sur place, numéro de membre) : nous ne gardons aucune copie de pièce d’identité.",
            "We could not check your identity, or your standing to act for the person concerned. You may ask again with a way to establish it (a document shown in person, a member number): we keep no copy of identity documents.",
        ),
        RefusalGround::LegalRetention => (
            "La loi nous oblige à conserver ces renseignements (pièces comptables) pendant la durée légale ; ils ne servent qu’à cette obligation et seront effacés à son terme.",
            "The law requires us to keep this information (accounting records) for the legal period; it is used for nothing else and will be erased when that period ends.",
        ),
        RefusalGround::LegalProceedings => (
            "Communiquer ces renseignements risquerait de nuire à une enquête ou à une procédure judiciaire en cours.",
            "Giving this information would be likely to hinder an inquiry or legal proceedings under way.",
        ),
        RefusalGround::ManifestlyUnfounded => (
            "La demande est manifestement infondée ou excessive, notamment par son caractère répétitif.",
            "The request is manifestly unfounded or excessive, in particular because it is repetitive.",
        ),
        RefusalGround::Other => return None,
    };
    Some(if lang == Language::Fr {
        fr.into()
    } else {
        en.into()
    })
}

/// "l’article 40 de la Loi sur la protection des renseignements personnels dans le secteur privé…"
pub fn provision_phrase(j: Jurisdiction, g: RefusalGround, typed: &str, lang: Language) -> String {
    let Some(articles) = g.provision(j) else {
        return typed.to_owned();
    };
    let several = articles.contains(',');
    let list = articles.replace(
        ", ",
        if lang == Language::Fr {
            " et "
        } else {
            " and "
        },
    );
    match (j, lang) {
        (Jurisdiction::Quebec, Language::Fr) => format!(
            "{} {list} de la Loi sur la protection des renseignements personnels dans le secteur privé (RLRQ, c. P-39.1).",
            if several { "Les articles" } else { "L’article" }
        ),
        (Jurisdiction::Quebec, Language::En) => format!(
            "{} {list} of the Act respecting the protection of personal information in the private sector (CQLR, c. P-39.1).",
            if several { "Sections" } else { "Section" }
        ),
        (Jurisdiction::France, Language::Fr) => format!(
            "{} {list} du Règlement général sur la protection des données (RGPD, règlement (UE) 2016/679).",
            if several { "Les articles" } else { "L’article" }
        ),
        (Jurisdiction::France, Language::En) => format!(
            "{} {list} of the General Data Protection Regulation (GDPR, Regulation (EU) 2016/679).",
            if several { "Articles" } else { "Article" }
        ),
    }
}

/// Where the requester can turn if they disagree.
fn recourse(j: Jurisdiction, lang: Language) -> String {
    match (j, lang) {
        (Jurisdiction::Quebec, Language::Fr) => "Si vous êtes en désaccord, vous pouvez, dans les 30 jours qui suivent cette décision, demander à la Commission d’accès à l’information du Québec d’examiner ce désaccord (www.cai.gouv.qc.ca).".into(),
        (Jurisdiction::Quebec, Language::En) => "If you disagree, you may, within 30 days of this decision, ask Quebec’s Commission d’accès à l’information to examine the disagreement (www.cai.gouv.qc.ca).".into(),
        (Jurisdiction::France, Language::Fr) => "Vous pouvez introduire une réclamation auprès de la Commission nationale de l’informatique et des libertés (CNIL, www.cnil.fr) et former un recours devant la juridiction compétente.".into(),
        (Jurisdiction::France, Language::En) => "You may lodge a complaint with France’s Commission nationale de l’informatique et des libertés (CNIL, www.cnil.fr) and seek a remedy before the competent court.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provisions_read_as_law_in_both_languages() {
        use Jurisdiction::*;
        let cases = [
            (Quebec, RefusalGround::ThirdParty, Language::Fr, "L’article 40 de la Loi sur la protection des renseignements personnels dans le secteur privé (RLRQ, c. P-39.1)."),
            (Quebec, RefusalGround::LegalProceedings, Language::En, "Section 39 of the Act respecting the protection of personal information in the private sector (CQLR, c. P-39.1)."),
            (France, RefusalGround::IdentityNotEstablished, Language::Fr, "Les articles 11(2) et 12(2) du Règlement général sur la protection des données (RGPD, règlement (UE) 2016/679)."),
            (France, RefusalGround::LegalRetention, Language::En, "Article 17(3)(b) of the General Data Protection Regulation (GDPR, Regulation (EU) 2016/679)."),
            (France, RefusalGround::Other, Language::Fr, "Code de commerce, art. L123-22"),
        ];
        for (j, g, l, want) in cases {
            assert_eq!(
                provision_phrase(j, g, "Code de commerce, art. L123-22", l),
                want
            );
        }
    }
}
