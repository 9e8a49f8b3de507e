//! Consent receipts, as the person (or the parent who answered for a child) keeps them: who
//! keeps the data, the purpose in the words shown, what was expressed, by whom, when and
//! how, how to withdraw, and where the event sits in the office's ledger.

use carnet_core::consent::{ConsentAction, ConsentReceipt};
use carnet_core::model::{Jurisdiction, Language, Paper};

use crate::access::{date, word};
use crate::{Block, Doc};

/// One receipt, or a statement of all of a person's consents (one section each). Written
/// in the receipts' language (the person's).
pub fn consent_receipts(receipts: &[ConsentReceipt], paper: Paper) -> Doc {
    let lang = receipts.first().map_or(Language::Fr, |r| r.language);
    let t = |f: &str, e: &str| match lang {
        Language::Fr => f.to_owned(),
        Language::En => e.to_owned(),
    };
    let title = if receipts.len() == 1 {
        t("Reçu de consentement", "Consent receipt")
    } else {
        t("Relevé de vos consentements", "Statement of your consents")
    };
    let mut doc = Doc::new(&title, paper, lang);
    let Some(first) = receipts.first() else {
        doc.push(Block::Title(title)).push(Block::Para(t(
            "Aucun consentement n’a été donné ni retiré.",
            "No consent was given or withdrawn.",
        )));
        return doc;
    };
    let c = &first.controller;
    doc.footer_left = c.name.clone();
    doc.push(Block::Heading(c.name.clone()))
        .push(Block::Para(c.address.clone()))
        .push(Block::Title(title))
        .push(Block::Pairs(vec![
            (t("Au sujet de", "About"), first.subject_name.clone()),
            (
                t("Numéro au registre", "Number in the register"),
                first.subject_id.to_string(),
            ),
            (t("Délivré le", "Issued on"), date(first.issued_on, lang)),
        ]));
    for r in receipts {
        doc.push(Block::Heading(r.purpose.label.clone()));
        let event = match r.event {
            ConsentAction::Granted => t("Consentement donné", "Consent given"),
            ConsentAction::Withdrawn => t("Consentement retiré", "Consent withdrawn"),
        };
        let by = match &r.giver_name {
            Some(name) => format!("{} ({name})", word(r.expressed_by.as_str(), lang)),
            None => word(r.expressed_by.as_str(), lang),
        };
        doc.push(Block::Pairs(vec![
            (t("Reçu n°", "Receipt no."), r.receipt_id.clone()),
            (t("Ce qui a été exprimé", "What was expressed"), event),
            (t("Quand", "When"), r.occurred_local.clone()),
            (t("Par qui", "By whom"), by),
            (t("Comment", "How"), word(r.channel.as_str(), lang)),
            (t("Preuve", "Evidence"), r.evidence.clone()),
            (
                t("Base légale", "Legal basis"),
                t("votre consentement", "your consent"),
            ),
            (
                t("Texte présenté", "Wording shown"),
                t(
                    &format!(
                        "version {} (en vigueur depuis le {})",
                        r.purpose.version,
                        date(r.purpose.effective_on, lang)
                    ),
                    &format!(
                        "version {} (in force since {})",
                        r.purpose.version,
                        date(r.purpose.effective_on, lang)
                    ),
                ),
            ),
            (
                t("Politique de confidentialité", "Privacy policy"),
                r.notice.clone().unwrap_or_else(|| "—".into()),
            ),
            (
                t("Aujourd’hui", "Today"),
                if r.in_force {
                    t("c’est le choix en vigueur", "this is the choice in force")
                } else {
                    t(
                        "remplacé par un choix plus récent",
                        "replaced by a later choice",
                    )
                },
            ),
        ]))
        .push(Block::Para(format!("« {} »", r.purpose.wording)))
        .push(Block::Small(t(
            &format!(
                "Registre des consentements de l’organisme : inscription n° {}, empreinte SHA-256 {}",
                r.ledger.seq, r.ledger.hash
            ),
            &format!(
                "The organisation's consent ledger: entry no. {}, SHA-256 fingerprint {}",
                r.ledger.seq, r.ledger.hash
            ),
        )));
    }
    let reach = [&c.privacy_contact, &c.email, &c.phone]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let authority = match first.jurisdiction {
        Jurisdiction::Quebec => t(
            "la Commission d’accès à l’information du Québec",
            "Quebec's Commission d'accès à l'information",
        ),
        Jurisdiction::France => t(
            "la Commission nationale de l’informatique et des libertés (CNIL)",
            "France's Commission nationale de l'informatique et des libertés (CNIL)",
        ),
    };
    doc.push(Block::Together(vec![
        Block::Heading(t("Changer d’avis", "Changing your mind")),
        Block::Para(t(
            &format!("Un consentement se retire aussi simplement qu’il a été donné, à tout moment et sans frais : écrivez ou téléphonez à {reach}. Le retrait vaut pour la suite ; ce qui a été fait avant reste valable. Pour toute plainte : {authority}."),
            &format!("A consent is withdrawn as simply as it was given, at any time and at no cost: write or call {reach}. The withdrawal applies from then on; what was done before stays valid. For any complaint: {authority}."),
        )),
        Block::Small(t(
            "Ce reçu suit la structure des reçus de consentement de l’ISO/IEC TS 27560 ; sa version JSON porte les mêmes valeurs. L’organisme peut montrer qu’il correspond à son registre grâce au numéro d’inscription et à l’empreinte.",
            "This receipt follows the structure of ISO/IEC TS 27560's consent receipts; its JSON version holds the same values. The organisation can show it matches its ledger by the entry number and the fingerprint.",
        )),
    ]));
    doc
}
