//! The contests context: contests and their prizes, entries (typed or imported), likely
//! duplicates shown for a decision, eligibility (age, region, one per household, a
//! guardian's consent for a minor), a draw anyone can check (`draw`), winners with the
//! skill-testing question and the claim deadline, alternates, and prize shipping with
//! labels written as each post office asks (`postal`).

mod closing;
pub mod draw;
mod entries;
pub(crate) mod keys;
pub(crate) mod migrations;
pub mod permissions;
mod vocabulary;
pub use vocabulary::*;
pub mod postal;
pub(crate) mod purge;
pub mod rules;
mod shipping;
mod view;

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "contests",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

use crate::Contexts;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::field::Field;
use crate::fold::bounded;
use crate::model::Jurisdiction;

pub use closing::EntryClosing;
pub use entries::{EntryImport, ImportReport, ImportRow, RowProblem};
pub use shipping::{Shipment, ShipmentInput, ShipmentStatus};
pub use view::{
    ContestPage, ContestSummary, DrawCheck, DuplicateGroup, Eligibility, EntryRow, WinnerRow,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrizeInput {
    pub name: String,
    pub quantity: u32,
    /// Approximate value, in cents of the office's currency.
    #[serde(default)]
    pub value_cents: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContestInput {
    pub name: String,
    pub kind: ContestKind,
    /// France, a paid tombola: the mayor's authorisation (CSI L322-3).
    #[serde(default)]
    pub tombola_authorisation: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub draw_on: NaiveDate,
    /// Days a winner has to claim the prize after the draw.
    pub claim_days: u32,
    #[serde(default)]
    pub min_age: Option<u8>,
    #[serde(default)]
    pub max_age: Option<u8>,
    /// Regions or countries whose residents may enter (`QC`, `ON`, `France`…); empty: all.
    #[serde(default)]
    pub regions: Vec<String>,
    pub one_per: OnePer,
    /// The consent purpose a minor's guardian must have granted (by default the contest
    /// communications).
    #[serde(default = "default_purpose")]
    pub purpose: String,
    /// Canada: the skill-testing question each winner answers (Criminal Code s. 206).
    #[serde(default)]
    pub skill_question: String,
    #[serde(default)]
    pub skill_answer: String,
    /// Anything the office adds to the rules (in each language).
    #[serde(default)]
    pub rules_extra_fr: String,
    #[serde(default)]
    pub rules_extra_en: String,
    /// The public value the rules name, to be mixed into the draw (a lottery's result on a
    /// given date, a drand round after the closing): typed by the office at the draw. Empty:
    /// none (the commitment still fixes the secret before the entries are known).
    #[serde(default)]
    pub public_source: String,
    /// Days non-winners' data is kept after the draw, and winners' after delivery.
    pub non_winner_days: u32,
    pub winner_days: u32,
    pub prizes: Vec<PrizeInput>,
}

/// What a new contest starts with, for every front end: a month to claim a prize, and
/// entrants' data kept three months after the draw (winners' after delivery).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ContestDefaults {
    pub claim_days: u32,
    pub non_winner_days: u32,
    pub winner_days: u32,
}

pub const CONTEST_DEFAULTS: ContestDefaults = ContestDefaults {
    claim_days: 30,
    non_winner_days: 90,
    winner_days: 90,
};

fn default_purpose() -> String {
    "contest_communications".into()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prize {
    pub id: i64,
    pub name: String,
    pub quantity: u32,
    pub value_cents: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contest {
    pub id: i64,
    #[serde(flatten)]
    pub data: ContestInput,
    pub prizes_saved: Vec<Prize>,
    pub created_at: String,
    /// Anonymous counts kept once the entrants' data is purged.
    pub counts: Option<ContestCounts>,
    /// SHA-256 commitment to the draw's secret (hex), published with the rules; `None` for
    /// a contest made before schema 17 (its seed is drawn at the draw).
    pub commitment: Option<String>,
    /// The office's day the commitment was made.
    pub committed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ContestCounts {
    pub entries: i64,
    pub eligible: i64,
    pub winners: i64,
    pub shipped: i64,
}

impl ContestInput {
    /// The number of prizes to award (the winners drawn).
    pub fn prize_count(&self) -> u32 {
        self.prizes.iter().map(|p| p.quantity).sum()
    }

    fn checked(&self, j: Jurisdiction) -> Result<ContestInput> {
        let name = bounded(Field::ContestName, &self.name)?;
        if name.is_empty() {
            return Err(Error::invalid(
                Field::ContestName,
                "give the contest a name",
            ));
        }
        if self.closes_on < self.opens_on {
            return Err(Error::invalid(
                Field::ContestDates,
                "closes before it opens",
            ));
        }
        if self.draw_on < self.closes_on {
            return Err(Error::invalid(
                Field::ContestDates,
                "the draw comes after entries close",
            ));
        }
        if self.prizes.is_empty() || self.prizes.iter().any(|p| p.quantity == 0) {
            return Err(Error::invalid(
                Field::Prizes,
                "list at least one prize, each with a quantity",
            ));
        }
        let mut prizes = Vec::new();
        for p in &self.prizes {
            let name = bounded(Field::Prizes, &p.name)?;
            if name.is_empty() {
                return Err(Error::invalid(Field::Prizes, "name each prize"));
            }
            prizes.push(PrizeInput {
                name,
                quantity: p.quantity,
                value_cents: p.value_cents,
            });
        }
        if let (Some(a), Some(b)) = (self.min_age, self.max_age) {
            if b < a {
                return Err(Error::invalid(
                    Field::AgeRange,
                    "the maximum is below the minimum",
                ));
            }
        }
        let question = bounded(Field::SkillQuestion, &self.skill_question)?;
        let answer = bounded(Field::SkillQuestion, &self.skill_answer)?;
        if j == Jurisdiction::Quebec && (question.is_empty() || answer.is_empty()) {
            return Err(Error::invalid(
                Field::SkillQuestion,
                "a Canadian contest asks each winner a skill-testing question: give it and its answer",
            ));
        }
        let authorisation = bounded(Field::TombolaAuthorisation, &self.tombola_authorisation)?;
        if self.kind == ContestKind::Tombola {
            if j != Jurisdiction::France {
                return Err(Error::invalid(
                    Field::ContestKind,
                    "a tombola is a French lottery; a contest here is free to enter",
                ));
            }
            if authorisation.is_empty() {
                return Err(Error::invalid(
                    Field::TombolaAuthorisation,
                    "a tombola needs the mayor's authorisation: give its reference",
                ));
            }
        }
        let mut regions: Vec<String> = Vec::new();
        for r in &self.regions {
            let r = bounded(Field::Region, r)?;
            if !r.is_empty() && !regions.contains(&r) {
                regions.push(r);
            }
        }
        Ok(ContestInput {
            name,
            kind: self.kind,
            tombola_authorisation: authorisation,
            opens_on: self.opens_on,
            closes_on: self.closes_on,
            draw_on: self.draw_on,
            claim_days: self.claim_days.clamp(1, 365),
            min_age: self.min_age,
            max_age: self.max_age,
            regions,
            one_per: self.one_per,
            purpose: self.purpose.trim().to_owned(),
            skill_question: question,
            skill_answer: answer,
            rules_extra_fr: bounded(Field::Notes, &self.rules_extra_fr)?,
            rules_extra_en: bounded(Field::Notes, &self.rules_extra_en)?,
            public_source: bounded(Field::PublicSource, &self.public_source)?,
            non_winner_days: self.non_winner_days.clamp(1, 3650),
            winner_days: self.winner_days.clamp(1, 3650),
            prizes,
        })
    }

    /// The claim deadline: the draw day plus the days to claim.
    pub fn claim_deadline(&self) -> NaiveDate {
        self.draw_on + Duration::days(i64::from(self.claim_days))
    }
}

const COLUMNS: &str = "id, name, kind, tombola_authorisation, opens_on, closes_on, draw_on, claim_days, min_age,
    max_age, regions, one_per, purpose, skill_question, skill_answer, rules_extra_fr, rules_extra_en,
    non_winner_days, winner_days, created_at, counts, public_source, commitment, committed_on";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Contest> {
    let regions: String = r.get(10)?;
    let counts: Option<String> = r.get(20)?;
    Ok(Contest {
        id: r.get(0)?,
        data: ContestInput {
            name: r.get(1)?,
            kind: r.get(2)?,
            tombola_authorisation: r.get(3)?,
            opens_on: r.get(4)?,
            closes_on: r.get(5)?,
            draw_on: r.get(6)?,
            claim_days: r.get(7)?,
            min_age: r.get(8)?,
            max_age: r.get(9)?,
            regions: serde_json::from_str(&regions).unwrap_or_default(),
            one_per: r.get(11)?,
            purpose: r.get(12)?,
            skill_question: r.get(13)?,
            skill_answer: r.get(14)?,
            rules_extra_fr: r.get(15)?,
            rules_extra_en: r.get(16)?,
            non_winner_days: r.get(17)?,
            winner_days: r.get(18)?,
            public_source: r.get(21)?,
            prizes: Vec::new(),
        },
        prizes_saved: Vec::new(),
        created_at: r.get(19)?,
        counts: counts.and_then(|c| serde_json::from_str(&c).ok()),
        commitment: r.get::<_, Option<Vec<u8>>>(22)?.map(hex::encode),
        committed_on: r.get(23)?,
    })
}

crate::contexts::handle! {
    /// Contests: `reg.contests().add(..)`, entries, `.draw(..)`, winners, shipments,
    /// `.page(id, now)`.
    Contests
}

impl Contests<'_> {
    /// Records a contest and its prizes, and draws the secret its draw will reveal: only
    /// the secret's commitment is shown until then (`docs/draw.md`).
    pub fn add(&self, input: &ContestInput, now: DateTime<Utc>) -> Result<i64> {
        let j = self.org().profile()?.jurisdiction;
        let c = input.checked(j)?;
        self.consent().purpose_id(&c.purpose)?;
        let mut secret = zeroize::Zeroizing::new([0u8; 32]);
        getrandom::fill(&mut secret[..]).map_err(|_| Error::Io("no system randomness".into()))?;
        let commitment = draw::commitment(&secret);
        self.change(now, "contest.create", "contest", |tx| {
            tx.execute(
                "INSERT INTO contests (name, kind, tombola_authorisation, opens_on, closes_on, draw_on, claim_days,
                    min_age, max_age, regions, one_per, purpose, skill_question, skill_answer, rules_extra_fr,
                    rules_extra_en, non_winner_days, winner_days, created_at, public_source, draw_secret,
                    commitment, committed_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                    ?20, ?21, ?22, ?23)",
                rusqlite::params![
                    c.name, c.kind, c.tombola_authorisation, c.opens_on, c.closes_on, c.draw_on, c.claim_days,
                    c.min_age, c.max_age, serde_json::to_string(&c.regions).expect("regions"), c.one_per,
                    c.purpose, c.skill_question, c.skill_answer, c.rules_extra_fr, c.rules_extra_en,
                    c.non_winner_days, c.winner_days, crate::time::stamp(now), c.public_source,
                    &secret[..], &commitment[..], self.local_day(now)
                ],
            )?;
            let id = tx.last_insert_rowid();
            let mut prize = tx.prepare(
                "INSERT INTO prizes (contest_id, position, name, quantity, value_cents) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (i, p) in c.prizes.iter().enumerate() {
                prize.execute(rusqlite::params![id, i as i64, p.name, p.quantity, p.value_cents as i64])?;
            }
            Ok((Some(id), id))
        })
    }

    pub fn get(&self, id: i64) -> Result<Contest> {
        let mut c = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM contests WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or(Error::NotFound { entity: "contest" })?;
        c.prizes_saved = self.rows(
            "SELECT id, name, quantity, value_cents FROM prizes WHERE contest_id = ?1 ORDER BY position",
            [id],
            |r| {
                Ok(Prize {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    quantity: r.get(2)?,
                    value_cents: r.get::<_, i64>(3)? as u64,
                })
            },
        )?;
        c.data.prizes = c
            .prizes_saved
            .iter()
            .map(|p| PrizeInput {
                name: p.name.clone(),
                quantity: p.quantity,
                value_cents: p.value_cents,
            })
            .collect();
        Ok(c)
    }

    /// Every contest, the latest draw first.
    pub fn all(&self) -> Result<Vec<Contest>> {
        let ids: Vec<i64> = self.rows(
            "SELECT id FROM contests ORDER BY draw_on DESC, id DESC",
            [],
            |r| r.get(0),
        )?;
        ids.into_iter().map(|id| self.get(id)).collect()
    }
}
