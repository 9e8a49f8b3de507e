//! A person's page as both front ends show it: the record, age and minority, family,
//! memberships, consents with their purposes' labels, the ledger history and the
//! requests, with the rule-derived values (minor or not, who consents by default)
//! decided here.

use crate::people::People;
use crate::Contexts;
use chrono::NaiveDate;
use serde::Serialize;

use super::Person;
use crate::consent::GivenBy;
use crate::consent::{ConsentEvent, ConsentState, Purpose};
use crate::family::{Guardian, GuardianLink, Membership};
use crate::requests::RequestRow;
use crate::requests::Requester;
use crate::Result;

#[derive(Debug, Clone, Serialize)]
pub struct PersonPage {
    pub person: Person,
    pub age: Option<i32>,
    /// Under the organisation's age of consent today.
    pub minor: bool,
    pub age_of_consent: u8,
    /// Who a consent form starts with: the person, or for a minor the giver the
    /// jurisdiction expects (Quebec: a guardian; France: a guardian with the child).
    pub default_giver: GivenBy,
    /// Who a new request starts with: for a minor with a linked parent or tutor, that
    /// guardian; otherwise the person.
    pub default_requester: Requester,
    pub guardians: Vec<GuardianLink>,
    pub children: Vec<GuardianLink>,
    pub memberships: Vec<Membership>,
    /// The current state per purpose answered (purposes never answered are absent).
    pub consents: Vec<ConsentState>,
    /// The purposes the page lists: those still offered, and any the person answered.
    pub purposes: Vec<Purpose>,
    /// Every consent event, oldest first.
    pub history: Vec<ConsentEvent>,
    /// Requests about the person or made by them for a child.
    pub requests: Vec<RequestRow>,
    /// Legal holds on the record, in force or ended (the latest end first).
    pub holds: Vec<crate::privacy::LegalHold>,
}

impl PersonPage {
    /// The purpose's label in `lang` (`fr` or `en`), or its code when unknown.
    pub fn purpose_label(&self, code: &str, lang: crate::model::Language) -> String {
        self.purposes
            .iter()
            .find(|p| p.code == code)
            .map(|p| match lang {
                crate::model::Language::Fr => p.latest.wording.label_fr.clone(),
                crate::model::Language::En => p.latest.wording.label_en.clone(),
            })
            .unwrap_or_else(|| code.to_owned())
    }
}

impl People<'_> {
    /// The page of person `id` on the office's `today`.
    pub fn page(&self, id: i64, today: NaiveDate) -> Result<PersonPage> {
        let person = self.get(id)?;
        let age = person.age_on(today);
        let profile = self.org().profile()?;
        let minor = profile.is_minor(age);
        let consents = self.consent().state(id)?;
        let purposes = self
            .consent()
            .purposes()?
            .into_iter()
            .filter(|p| p.active || consents.iter().any(|s| s.purpose_code == p.code))
            .collect();
        let guardians = self.family().guardians_of(id)?;
        let has_person_guardian = guardians
            .iter()
            .any(|g| matches!(g.guardian, Guardian::Person(_)));
        Ok(PersonPage {
            default_requester: if minor && has_person_guardian {
                Requester::Guardian
            } else {
                Requester::Person
            },
            default_giver: if minor {
                profile.jurisdiction.minor_giver()
            } else {
                GivenBy::Person
            },
            minor,
            age,
            age_of_consent: profile.age_of_consent(),
            guardians,
            children: self.family().children_of(id)?,
            memberships: self.family().memberships_of(id)?,
            consents,
            purposes,
            history: self.consent().history(id)?,
            holds: self.privacy().holds_on(id, today)?,
            requests: self
                .requests()
                .involving(id)?
                .into_iter()
                .map(|q| self.requests().row(q, today))
                .collect::<Result<_>>()?,
            person,
        })
    }
}
