//! The organisation keeping the register (its profile and settings), and the other
//! organisations it deals with (schools acting for pupils, licensees).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::field::Field;
use crate::fold::{bounded, clean};
use crate::model::{Channel, Jurisdiction, Language, Paper};
pub(crate) mod migrations;
pub mod permissions;
mod vocabulary;
pub use vocabulary::*;

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "org",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationProfile {
    pub name: String,
    #[serde(default)]
    pub address: String,
    /// Who answers privacy requests (Quebec: the person in charge of protecting personal information).
    #[serde(default)]
    pub privacy_contact: String,
    /// How a person writes to the person in charge (a letter needs this or the phone).
    #[serde(default)]
    pub privacy_email: String,
    /// How a person calls the person in charge.
    #[serde(default)]
    pub privacy_phone: String,
    pub jurisdiction: Jurisdiction,
    pub paper: Paper,
    pub language: Language,
    /// Overrides the jurisdiction's age of consent (some policies promise 13).
    #[serde(default)]
    pub age_of_consent: Option<u8>,
}

impl OrganisationProfile {
    /// A profile with the usual settings of the jurisdiction: Letter paper in Quebec, A4 in France.
    pub fn new(name: &str, jurisdiction: Jurisdiction) -> Self {
        OrganisationProfile {
            name: name.into(),
            address: String::new(),
            privacy_contact: String::new(),
            privacy_email: String::new(),
            privacy_phone: String::new(),
            jurisdiction,
            paper: jurisdiction.default_paper(),
            language: Language::Fr,
            age_of_consent: None,
        }
    }

    pub fn validate(&self) -> Result<()> {
        bounded(Field::OrganisationName, &self.name)?;
        bounded(Field::Address, &self.address)?;
        bounded(Field::PrivacyContact, &self.privacy_contact)?;
        bounded(Field::PrivacyEmail, &self.privacy_email)?;
        bounded(Field::PrivacyPhone, &self.privacy_phone)?;
        let email = clean(&self.privacy_email);
        if !email.is_empty() && !crate::people::looks_like_email(&email) {
            return Err(Error::invalid(
                Field::PrivacyEmail,
                "is not an e-mail address",
            ));
        }
        if clean(&self.name).is_empty() {
            return Err(Error::invalid(Field::OrganisationName, "must not be empty"));
        }
        if let Some(age) = self.age_of_consent {
            let (min, max) = crate::field::AGE_OF_CONSENT;
            if !(min..=max).contains(&i64::from(age)) {
                return Err(Error::invalid(
                    Field::AgeOfConsent,
                    "must be between 1 and 21",
                ));
            }
        }
        Ok(())
    }

    /// What a letter to a person still needs before it can be made: the office's postal
    /// address, the person in charge's name, and a way to reach them (an e-mail or a
    /// phone). Empty when every letter can go out.
    pub fn letter_gaps(&self) -> Vec<Field> {
        let mut gaps = Vec::new();
        if clean(&self.address).is_empty() {
            gaps.push(Field::Address);
        }
        if clean(&self.privacy_contact).is_empty() {
            gaps.push(Field::PrivacyContact);
        }
        if clean(&self.privacy_email).is_empty() && clean(&self.privacy_phone).is_empty() {
            gaps.push(Field::PrivacyEmail);
        }
        gaps
    }

    /// Refuses (`letter_incomplete`, naming what to fill in) a letter to a person while
    /// [`OrganisationProfile::letter_gaps`] is not empty.
    pub fn ready_for_letters(&self) -> Result<()> {
        let missing = self.letter_gaps();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Error::LetterIncomplete { missing })
        }
    }

    /// How to reach the person in charge, as the foot of a letter prints it:
    /// "Hélène Tremblay · helene@ecole.ca · 514 555-0100".
    pub fn reach_line(&self) -> String {
        [
            &self.privacy_contact,
            &self.privacy_email,
            &self.privacy_phone,
        ]
        .iter()
        .map(|s| clean(s))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
    }

    pub fn age_of_consent(&self) -> u8 {
        self.age_of_consent
            .unwrap_or_else(|| self.jurisdiction.default_age_of_consent())
    }

    /// Under the age of consent; an unknown age counts as an adult (see `consent::authority`).
    pub fn is_minor(&self, age: Option<i32>) -> bool {
        age.is_some_and(|a| a < i32::from(self.age_of_consent()))
    }
}

impl crate::register::Founding for OrganisationProfile {
    fn name(&self) -> &str {
        &self.name
    }
    fn validate(&self) -> Result<()> {
        OrganisationProfile::validate(self)
    }
    fn write(&self, tx: &rusqlite::Transaction<'_>) -> Result<()> {
        write_profile(tx, self)
    }
}

pub(crate) fn write_profile(conn: &Connection, p: &OrganisationProfile) -> Result<()> {
    p.validate()?;
    conn.execute(
        "INSERT INTO organisation_profile (id, name, address, privacy_contact, jurisdiction, paper, language, age_of_consent, privacy_email, privacy_phone)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address,
           privacy_contact = excluded.privacy_contact, jurisdiction = excluded.jurisdiction,
           paper = excluded.paper, language = excluded.language, age_of_consent = excluded.age_of_consent,
           privacy_email = excluded.privacy_email, privacy_phone = excluded.privacy_phone",
        rusqlite::params![clean(&p.name), clean(&p.address), clean(&p.privacy_contact), p.jurisdiction, p.paper, p.language, p.age_of_consent,
            clean(&p.privacy_email), clean(&p.privacy_phone)],
    )?;
    Ok(())
}

pub(crate) fn read_profile(conn: &Connection) -> Result<OrganisationProfile> {
    Ok(conn.query_row(
        "SELECT name, address, privacy_contact, jurisdiction, paper, language, age_of_consent, privacy_email, privacy_phone FROM organisation_profile WHERE id = 1",
        [],
        |r| {
            Ok(OrganisationProfile {
                name: r.get(0)?,
                address: r.get(1)?,
                privacy_contact: r.get(2)?,
                jurisdiction: r.get(3)?,
                paper: r.get(4)?,
                language: r.get(5)?,
                age_of_consent: r.get(6)?,
                privacy_email: r.get(7)?,
                privacy_phone: r.get(8)?,
            })
        },
    )?)
}

/// A school or another organisation, as a record of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationInput {
    pub name: String,
    pub kind: OrgKind,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    pub collection_channel: Channel,
    pub collected_on: NaiveDate,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    pub id: i64,
    #[serde(flatten)]
    pub data: OrganisationInput,
}

fn org_from_row(r: &Row<'_>) -> rusqlite::Result<Organisation> {
    Ok(Organisation {
        id: r.get(0)?,
        data: OrganisationInput {
            name: r.get(1)?,
            kind: r.get(2)?,
            email: r.get(3)?,
            phone: r.get(4)?,
            address: r.get(5)?,
            collection_channel: r.get(6)?,
            collected_on: r.get(7)?,
            notes: r.get(8)?,
        },
    })
}

const ORG_COLUMNS: &str =
    "id, name, kind, email, phone, address, collection_channel, collected_on, notes";

crate::contexts::handle! {
    /// The organisation: `reg.org().profile()`, `.update_profile(..)`, other organisations.
    Org
}

impl Org<'_> {
    pub fn profile(&self) -> Result<OrganisationProfile> {
        read_profile(&self.conn)
    }

    /// Changes the profile. Its rules (jurisdiction, age of consent, paper, language) are
    /// the person in charge's to change; the name, address and contact any account's.
    pub fn update_profile(&self, p: &OrganisationProfile, now: DateTime<Utc>) -> Result<()> {
        let before = self.profile()?;
        if (
            before.jurisdiction,
            before.age_of_consent,
            before.paper,
            before.language,
        ) != (p.jurisdiction, p.age_of_consent, p.paper, p.language)
        {
            self.require(crate::accounts::Permission::OrganisationRules)?;
        }
        self.change(now, "profile.update", "organisation_profile", |tx| {
            write_profile(tx, p)?;
            Ok((Some(1), ()))
        })?;
        // The unlock screen's words only, and the profile is saved: a key file that cannot
        // be written now is named again at the next save (it is compared, not assumed).
        let _ = self.name_in_key_file(&clean(&p.name));
        Ok(())
    }

    pub fn add_organisation(&self, input: &OrganisationInput, now: DateTime<Utc>) -> Result<i64> {
        if clean(&input.name).is_empty() {
            return Err(Error::invalid(Field::OrganisationName, "must not be empty"));
        }
        if input.collected_on > self.local_day(now) {
            return Err(Error::invalid(Field::CollectionDate, "is in the future"));
        }
        self.change(now, "organisation.create", "organisation", |tx| {
            tx.execute(
                "INSERT INTO organisations (name, kind, email, phone, address, collection_channel, collected_on, notes, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                (
                    clean(&input.name),
                    input.kind,
                    clean(&input.email),
                    clean(&input.phone),
                    clean(&input.address),
                    input.collection_channel,
                    input.collected_on,
                    clean(&input.notes),
                    crate::time::stamp(now),
                ),
            )?;
            let id = tx.last_insert_rowid();
            Ok((Some(id), id))
        })
    }

    pub fn organisation(&self, id: i64) -> Result<Organisation> {
        self.conn
            .query_row(
                &format!("SELECT {ORG_COLUMNS} FROM organisations WHERE id = ?1"),
                [id],
                org_from_row,
            )
            .optional()?
            .ok_or(Error::NotFound {
                entity: "organisation",
            })
    }

    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        self.rows(
            &format!("SELECT {ORG_COLUMNS} FROM organisations ORDER BY name, id"),
            [],
            org_from_row,
        )
    }
}

/// The idle delays the office may choose, in minutes: the register locks itself after that
/// long without anyone at the keyboard. No "never": on a shared desk a register is not left
/// open for the day.
pub const IDLE_LOCK_CHOICES: &[u32] = &[5, 10, 15, 30, 60];
pub const IDLE_LOCK_DEFAULT: u32 = 15;

/// The idle delay in force for `requested` minutes: one of the choices, the longest when
/// more is asked (or `0`, the "never" of earlier versions), the default when unknown.
pub fn idle_lock_minutes(requested: u32) -> u32 {
    let longest = *IDLE_LOCK_CHOICES.last().expect("choices");
    match requested {
        0 => longest,
        n if n > longest => longest,
        n => IDLE_LOCK_CHOICES
            .iter()
            .copied()
            .find(|&c| c >= n)
            .unwrap_or(IDLE_LOCK_DEFAULT),
    }
}

#[cfg(test)]
mod idle_tests {
    use super::*;

    #[test]
    fn the_idle_delay_is_bounded() {
        assert_eq!(idle_lock_minutes(0), 60, "never is no longer offered");
        assert_eq!(idle_lock_minutes(100_000), 60);
        assert_eq!(idle_lock_minutes(15), 15);
        assert_eq!(idle_lock_minutes(12), 15);
        assert_eq!(idle_lock_minutes(1), 5);
    }
}
