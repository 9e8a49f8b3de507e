//! The reminder letter sent to a licence's contact before it ends.

use carnet_core::licences::Licence;
use carnet_core::model::Language;
use carnet_core::org::OrganisationProfile;
use chrono::NaiveDate;

use crate::access::date;
use crate::letters::letter_head;
use crate::{Block, Doc};

/// `45000` cents as `450,00 $` (Quebec) or `450,00 €`; `$450.00` in English.
pub fn money(cents: i64, currency: &str, lang: Language) -> String {
    let units = format!("{}", cents / 100);
    let grouped: String = {
        let sep = if lang == Language::Fr {
            '\u{202f}'
        } else {
            ','
        };
        let mut out = String::new();
        for (i, c) in units.chars().enumerate() {
            if i > 0 && (units.len() - i) % 3 == 0 {
                out.push(sep);
            }
            out.push(c);
        }
        out
    };
    let symbol = if currency == "EUR" { "€" } else { "$" };
    match lang {
        Language::Fr => format!("{grouped},{:02}\u{a0}{symbol}", cents % 100),
        Language::En => format!("{symbol}{grouped}.{:02}", cents % 100),
    }
}

/// A letter to the licence's contact (or the licensee) saying when it ends, what it
/// covers and what the last term cost, so the office can renew it in time.
pub fn licence_reminder(
    licence: &Licence,
    org: &OrganisationProfile,
    lang: Language,
    today: NaiveDate,
) -> Doc {
    let fr = lang == Language::Fr;
    let t = |f: &str, e: &str| if fr { f.to_owned() } else { e.to_owned() };
    // The contact, and the school they act for (once when they hold it themselves).
    let to = match &licence.contact_name {
        Some(c) if !licence.licensee_name.is_empty() && *c != licence.licensee_name => {
            format!("{c}, {}", licence.licensee_name)
        }
        Some(c) => c.clone(),
        None => licence.licensee_name.clone(),
    };
    let title = t("Renouvellement de votre licence", "Renewing your licence");
    let mut doc = letter_head(
        org,
        &to,
        &title,
        &format!(
            "{} {} — {} {}",
            t("Objet :", "Re:"),
            licence.product,
            t("licence", "licence"),
            licence.code
        ),
        lang,
        today,
    );
    let ends = date(licence.ends_on, lang);
    doc.push(Block::Para(if licence.expired {
        t(
            &format!(
                "Votre licence {} est arrivée à échéance le {ends}.",
                licence.product
            ),
            &format!("Your {} licence ended on {ends}.", licence.product),
        )
    } else {
        t(
            &format!(
                "Votre licence {} arrive à échéance le {ends}, dans {} jours.",
                licence.product, licence.days_left
            ),
            &format!(
                "Your {} licence ends on {ends}, in {} days.",
                licence.product, licence.days_left
            ),
        )
    }));
    if let Some(term) = licence.terms.last() {
        doc.push(Block::Pairs(vec![
            (t("Code de licence", "Licence code"), licence.code.clone()),
            (t("Titulaire", "Licensee"), licence.licensee_name.clone()),
            (t("Places", "Seats"), term.seats.to_string()),
            (
                t("Période en cours", "Current term"),
                format!("{} – {}", date(term.starts_on, lang), ends),
            ),
            (
                t("Montant de la période", "Amount for the term"),
                money(term.price_cents, &term.currency, lang),
            ),
            (t("Facture", "Invoice"), term.invoice_ref.clone()),
        ]));
    }
    doc.push(Block::Para(t(
        "Pour continuer sans interruption, il suffit de nous confirmer le renouvellement et le nombre de places souhaité ; nous vous ferons parvenir la facture de la nouvelle période.",
        "To carry on without a break, simply confirm the renewal and the number of seats you need; we will send you the invoice for the new term.",
    )))
    .push(Block::Para(t(
        "Veuillez agréer nos salutations distinguées.",
        "Kind regards,",
    )))
    .push(Block::Para(org.name.clone()));
    doc
}
