//! The contest's rules, written from what the contest records, with the items the law
//! asks for: how to enter and until when, who may enter, the prizes (number and
//! approximate value), the draw (date and method), how winners are told and the claim
//! deadline, the skill-testing question (Canada), what affects the odds, and what is done
//! with the entrants' data and for how long.

use crate::contests::{ContestKind, OnePer};
use crate::model::{Jurisdiction, Language};

use super::Contest;

fn money(cents: u64, j: Jurisdiction, lang: Language) -> String {
    let units = cents / 100;
    let rest = cents % 100;
    let amount = if rest == 0 {
        units.to_string()
    } else {
        match lang {
            Language::Fr => format!("{units},{rest:02}"),
            Language::En => format!("{units}.{rest:02}"),
        }
    };
    match (j, lang) {
        (Jurisdiction::Quebec, Language::Fr) => format!("{amount} $"),
        (Jurisdiction::Quebec, Language::En) => format!("${amount}"),
        (Jurisdiction::France, Language::Fr) => format!("{amount} €"),
        (Jurisdiction::France, Language::En) => format!("€{amount}"),
    }
}

/// The office's day the draw's secret was sealed (the commitment's).
fn committed_day(contest: &Contest) -> String {
    contest
        .committed_on
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The public value the rules name, after `lead`; nothing when they name none.
fn public_part(source: &str, lead: &str) -> String {
    if source.is_empty() {
        String::new()
    } else {
        format!(" {}{source}", lead.trim_start())
    }
}

/// The rules of `contest`, in `lang`, for an organisation named `org` in `j`.
pub fn rules_text(contest: &Contest, org: &str, j: Jurisdiction, lang: Language) -> String {
    let c = &contest.data;
    let fr = lang == Language::Fr;
    let d = |day: chrono::NaiveDate| day.format("%Y-%m-%d").to_string();
    let mut out: Vec<String> = Vec::new();
    let mut item = |title: &str, text: String| out.push(format!("{title}\n{text}"));
    let total: u64 = c
        .prizes
        .iter()
        .map(|p| p.value_cents * u64::from(p.quantity))
        .sum();
    let prizes: Vec<String> = c
        .prizes
        .iter()
        .map(|p| {
            format!(
                "– {} × {} ({} {})",
                p.quantity,
                p.name,
                if fr {
                    "valeur approximative"
                } else {
                    "approximate value"
                },
                money(p.value_cents, j, lang)
            )
        })
        .collect();
    let who = {
        let mut parts = Vec::new();
        match (c.min_age, c.max_age) {
            (Some(a), Some(b)) => parts.push(if fr {
                format!("les personnes de {a} à {b} ans le {}", d(c.closes_on))
            } else {
                format!("people aged {a} to {b} on {}", d(c.closes_on))
            }),
            (Some(a), None) => parts.push(if fr {
                format!("les personnes d’au moins {a} ans le {}", d(c.closes_on))
            } else {
                format!("people aged {a} or more on {}", d(c.closes_on))
            }),
            (None, Some(b)) => parts.push(if fr {
                format!("les personnes d’au plus {b} ans le {}", d(c.closes_on))
            } else {
                format!("people aged {b} or less on {}", d(c.closes_on))
            }),
            (None, None) => parts.push(if fr {
                "toute personne".into()
            } else {
                "anyone".into()
            }),
        }
        if !c.regions.is_empty() {
            parts.push(if fr {
                format!("résidant dans : {}", c.regions.join(", "))
            } else {
                format!("living in: {}", c.regions.join(", "))
            });
        }
        parts.join(", ")
    };
    if fr {
        item(
            "1. Organisateur",
            format!("Le concours « {} » est organisé par {org}.", c.name),
        );
        item(
            "2. Comment participer",
            format!(
                "Du {} au {} inclusivement, en remplissant le formulaire de participation. {}{}",
                d(c.opens_on),
                d(c.closes_on),
                match c.kind {
                    ContestKind::Free => "Aucun achat requis ; la participation est gratuite. ",
                    ContestKind::Tombola => "",
                },
                match c.one_per {
                    OnePer::Person => "Une participation par personne.",
                    OnePer::Household => "Une participation par foyer (même adresse).",
                }
            ),
        );
        item(
            "3. Admissibilité",
            format!(
                "Le concours est ouvert à {who}. Une personne mineure participe avec le consentement de son parent ou tuteur, qui doit être donné avant le tirage. Les membres du personnel de l’organisateur ne peuvent pas participer."
            ),
        );
        item(
            "4. Prix",
            format!(
                "{}\nValeur totale approximative : {}.",
                prizes.join("\n"),
                money(total, j, lang)
            ),
        );
        item(
            "5. Tirage",
            match &contest.commitment {
                Some(commitment) => format!(
                    "Le {} au bureau de l’organisateur, par tirage au sort parmi les participations admissibles. Le tirage est fixé d’avance et chacun peut le refaire : le {}, l’organisateur a scellé une valeur secrète dont l’empreinte SHA-256 est {commitment} ; à la clôture des participations, la liste numérotée des participations admissibles et son empreinte sont publiées ; au tirage, la valeur secrète est révélée{}. La méthode, décrite octet par octet, et un programme de vérification accompagnent le rapport de tirage. Les chances de gagner dépendent du nombre de participations admissibles reçues.",
                    d(c.draw_on),
                    committed_day(contest),
                    public_part(&c.public_source, "et combinée avec cette valeur publique : ")
                ),
                None => format!(
                    "Le {} au bureau de l’organisateur, par tirage au sort parmi les participations admissibles, au moyen d’un procédé vérifiable : une valeur aléatoire enregistrée et la liste numérotée des participations donnent toujours le même résultat. Les chances de gagner dépendent du nombre de participations admissibles reçues.",
                    d(c.draw_on)
                ),
            },
        );
        item(
            "6. Gagnants",
            format!(
                "Les gagnants sont joints par courriel ou par téléphone dans les cinq jours suivant le tirage et ont jusqu’au {} pour réclamer leur prix. Un prix non réclamé ou refusé est attribué à la prochaine personne tirée au sort.{}",
                d(c.claim_deadline()),
                if j == Jurisdiction::Quebec {
                    " Pour recevoir son prix, la personne gagnante doit d’abord répondre correctement, sans aide, à une question d’habileté mathématique."
                } else {
                    ""
                }
            ),
        );
        item(
            "7. Renseignements personnels",
            format!(
                "Les renseignements des participants servent uniquement à gérer le concours et à envoyer les prix. Ceux des personnes non gagnantes sont effacés {} jours après le tirage ; ceux des gagnants, {} jours après la livraison du prix. Le nom d’un gagnant n’est publié qu’avec son consentement.",
                c.non_winner_days, c.winner_days
            ),
        );
        if c.kind == ContestKind::Tombola {
            item(
                "8. Autorisation",
                format!(
                    "Tombola autorisée par arrêté du maire : {}.",
                    c.tombola_authorisation
                ),
            );
        }
        if !c.rules_extra_fr.is_empty() {
            item("Autres dispositions", c.rules_extra_fr.clone());
        }
    } else {
        item(
            "1. Organiser",
            format!("The “{}” contest is run by {org}.", c.name),
        );
        item(
            "2. How to enter",
            format!(
                "From {} to {} inclusive, by filling in the entry form. {}{}",
                d(c.opens_on),
                d(c.closes_on),
                match c.kind {
                    ContestKind::Free => "No purchase necessary; entry is free. ",
                    ContestKind::Tombola => "",
                },
                match c.one_per {
                    OnePer::Person => "One entry per person.",
                    OnePer::Household => "One entry per household (same address).",
                }
            ),
        );
        item(
            "3. Eligibility",
            format!(
                "The contest is open to {who}. A minor enters with the consent of a parent or guardian, given before the draw. The organiser's staff may not enter."
            ),
        );
        item(
            "4. Prizes",
            format!(
                "{}\nTotal approximate value: {}.",
                prizes.join("\n"),
                money(total, j, lang)
            ),
        );
        item(
            "5. Draw",
            match &contest.commitment {
                Some(commitment) => format!(
                    "On {} at the organiser's office, by random draw among the eligible entries. The draw is fixed in advance and anyone can redo it: on {}, the organiser sealed a secret value whose SHA-256 fingerprint is {commitment}; when entries close, the numbered list of eligible entries and its fingerprint are published; at the draw, the secret value is revealed{}. The method, described byte by byte, and a checking program come with the draw report. The odds of winning depend on the number of eligible entries received.",
                    d(c.draw_on),
                    committed_day(contest),
                    public_part(&c.public_source, " and combined with this public value: ")
                ),
                None => format!(
                    "On {} at the organiser's office, by random draw among the eligible entries, with a verifiable method: a recorded random value and the numbered list of entries always give the same result. The odds of winning depend on the number of eligible entries received.",
                    d(c.draw_on)
                ),
            },
        );
        item(
            "6. Winners",
            format!(
                "Winners are contacted by email or phone within five days of the draw and have until {} to claim their prize. A prize not claimed or declined goes to the next person drawn.{}",
                d(c.claim_deadline()),
                if j == Jurisdiction::Quebec {
                    " To receive a prize, the winner must first answer a mathematical skill-testing question correctly, without help."
                } else {
                    ""
                }
            ),
        );
        item(
            "7. Personal information",
            format!(
                "Entrants' information is used only to run the contest and ship the prizes. Non-winners' information is erased {} days after the draw; winners', {} days after the prize is delivered. A winner's name is published only with their consent.",
                c.non_winner_days, c.winner_days
            ),
        );
        if c.kind == ContestKind::Tombola {
            item(
                "8. Authorisation",
                format!(
                    "Tombola authorised by the mayor's order: {}.",
                    c.tombola_authorisation
                ),
            );
        }
        if !c.rules_extra_en.is_empty() {
            item("Other terms", c.rules_extra_en.clone());
        }
    }
    out.join("\n\n")
}
