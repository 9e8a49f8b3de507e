//! What the contest page shows, and the rules it follows: each entry's eligibility on the
//! office's day, the likely duplicates still to decide, whether the draw may run, the
//! draw itself and its check, the winners with their skill-testing answer and claim.

use super::Contests;
use crate::Contexts;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::{draw, Contest};
use crate::consent::PurposeKind;
use crate::contests::{OnePer, WinnerStatus};
use crate::error::{Error, Result};
use crate::field::Field;
use crate::people::display_name;

/// Why an entry can or cannot be drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    Eligible,
    Excluded,
    TooYoung,
    TooOld,
    BirthDateMissing,
    OutsideRegion,
    /// Under the age of consent, and no guardian's consent for the contest's purpose is
    /// in the ledger yet.
    NeedsGuardianConsent,
    /// Another entry of the same household comes first (one entry per household).
    HouseholdTaken,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub email: String,
    pub city: String,
    pub entered_on: NaiveDate,
    pub eligibility: Eligibility,
    /// The likely-duplicate group the entry belongs to, still to decide.
    pub duplicate_group: Option<usize>,
    /// Confirmed as a different person by the office.
    pub distinct: bool,
}

/// Entries that look like the same entrant (same email, same name and birth date, or the
/// same household address in a one-per-household contest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateGroup {
    pub reason: &'static str,
    pub entries: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WinnerRow {
    pub id: i64,
    pub rank: i64,
    pub entry_id: Option<i64>,
    pub name: String,
    pub prize: Option<String>,
    pub status: WinnerStatus,
    pub skill_answer: String,
    pub skill_correct: Option<bool>,
    pub decided_on: Option<NaiveDate>,
    /// A publication consent (photos, testimonials) is in force: the name may be published.
    pub may_publish: bool,
    pub shipment_id: Option<i64>,
}

/// A draw as its report prints it, and the result of checking it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrawCheck {
    /// 1: a seed drawn at the draw (contests made before schema 17); 2: the committed
    /// secret and the public value (`docs/draw.md`).
    pub scheme: u8,
    /// The commitment published with the rules, and when it was made.
    pub commitment: Option<String>,
    pub committed_on: Option<NaiveDate>,
    /// The secret, revealed by the draw.
    pub secret: Option<String>,
    /// What the rules named, and the value typed at the draw.
    pub public_source: String,
    pub public_value: String,
    pub seed: String,
    pub list_digest: String,
    pub entries: usize,
    /// Every entry number drawn from, in order.
    pub entry_numbers: Vec<i64>,
    /// The entry numbers drawn, winners first, then alternates.
    pub drawn: Vec<i64>,
    pub drawn_at: String,
    /// Scheme 2: the revealed secret is the one committed to, and it gives the seed.
    pub commitment_kept: bool,
    /// All that must hold holds (`is_valid`), for the screens.
    pub valid: bool,
    /// The stored list still has the stored digest.
    pub list_intact: bool,
    /// The same seed and list give the same winners, in the same order.
    pub order_reproduced: bool,
    /// The entries now eligible are the list the draw ran on (false after entries were
    /// added, removed or changed since, or once the entrants' data was purged).
    pub matches_current_entries: bool,
}

impl DrawCheck {
    pub fn is_valid(&self) -> bool {
        self.list_intact && self.order_reproduced && (self.scheme == 1 || self.commitment_kept)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContestSummary {
    pub contest: Contest,
    pub entries: i64,
    pub drawn: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "blocker")]
pub enum DrawBlocker {
    BeforeDrawDate {
        draw_on: NaiveDate,
    },
    /// A committed draw runs on the closing statement's list: close the entries first.
    EntriesNotClosed,
    UndecidedDuplicates {
        groups: usize,
    },
    NoEligibleEntry,
    AlreadyDrawn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContestPage {
    pub contest: Contest,
    pub claim_deadline: NaiveDate,
    /// From the day after this one, non-winners' data is purged (through the retention purge).
    pub non_winners_kept_until: NaiveDate,
    /// The rules, written from the contest's record, in both languages.
    pub rules_fr: String,
    pub rules_en: String,
    pub entries: Vec<EntryRow>,
    pub eligible: usize,
    pub duplicates: Vec<DuplicateGroup>,
    pub draw_blockers: Vec<DrawBlocker>,
    /// The closing statement, once entries are closed.
    pub closing: Option<super::EntryClosing>,
    /// Entries may be closed now (the closing day is over, not yet closed or drawn).
    pub may_close: bool,
    pub draw: Option<DrawCheck>,
    pub winners: Vec<WinnerRow>,
    pub shipments: Vec<super::Shipment>,
}

/// A draw as recorded: the seed, the list of eligible entry ids and its digest, the
/// order drawn.
pub(crate) struct RecordedDraw {
    seed: Vec<u8>,
    list: Vec<i64>,
    digest: Vec<u8>,
    drawn: Vec<i64>,
    drawn_at: String,
    public_value: String,
    scheme: u8,
}

/// An entry as the draw judges it: from the entry row alone (see `keys`).
pub(super) struct EntryKeys {
    pub(super) id: i64,
    person_id: i64,
    entered_on: NaiveDate,
    decision: Option<String>,
    birth: Option<NaiveDate>,
    region: String,
    country: String,
    email: Option<i64>,
    name: Option<i64>,
    household: Option<i64>,
}

/// The judgements, the duplicate groups to decide, how many entries are eligible, and
/// what stands in the draw's way.
type DrawState = (Vec<Judged>, Vec<DuplicateGroup>, usize, Vec<DrawBlocker>);

/// Each entry's judgement: its eligibility, the duplicate group it is in.
pub(super) struct Judged {
    pub(super) keys: EntryKeys,
    pub(super) eligibility: Eligibility,
    duplicate_group: Option<usize>,
}

impl Contests<'_> {
    fn entry_keys(&self, contest_id: i64) -> Result<Vec<EntryKeys>> {
        self.rows(
            "SELECT id, person_id, entered_on, decision, birth_date, region_key, country_key, email_key, name_key,
                    household_key
             FROM entries WHERE contest_id = ?1 ORDER BY id",
            [contest_id],
            |r| {
                Ok(EntryKeys {
                    id: r.get(0)?,
                    person_id: r.get(1)?,
                    entered_on: r.get(2)?,
                    decision: r.get(3)?,
                    birth: r.get(4)?,
                    region: r.get(5)?,
                    country: r.get(6)?,
                    email: r.get(7)?,
                    name: r.get(8)?,
                    household: r.get(9)?,
                })
            },
        )
    }

    /// Each entry's eligibility on `day`, and the duplicate groups still to decide, from
    /// the entries alone.
    pub(super) fn judge(
        &self,
        contest: &Contest,
        day: NaiveDate,
    ) -> Result<(Vec<Judged>, Vec<DuplicateGroup>)> {
        let data = self.entry_keys(contest.id)?;
        let c = &contest.data;
        let profile = self.org().profile()?;
        let undecided: std::collections::HashSet<i64> = data
            .iter()
            .filter(|e| e.decision.is_none())
            .map(|e| e.id)
            .collect();
        // Runs of one key among the (key, entry) pairs sorted are the groups; a group is
        // decided once at most one of its entries is undecided.
        let mut groups: Vec<DuplicateGroup> = Vec::new();
        let mut by_key = |reason: &'static str, key: &dyn Fn(&EntryKeys) -> Option<i64>| {
            let mut pairs: Vec<(i64, i64)> = data
                .iter()
                .filter_map(|e| key(e).map(|k| (k, e.id)))
                .collect();
            pairs.sort_unstable();
            for run in pairs.chunk_by(|a, b| a.0 == b.0) {
                if run.len() < 2 {
                    continue;
                }
                let ids: Vec<i64> = run.iter().map(|p| p.1).collect();
                if ids.iter().filter(|id| undecided.contains(id)).count() > 1 {
                    groups.push(DuplicateGroup {
                        reason,
                        entries: ids,
                    });
                }
            }
        };
        by_key("same_email", &|e| e.email);
        by_key("same_name_and_birth_date", &|e| e.name);
        if c.one_per == OnePer::Household {
            by_key("same_household", &|e| e.household);
        }
        groups.sort_by_key(|g| g.entries.first().copied());
        let mut in_group: std::collections::HashMap<i64, usize> = Default::default();
        for (i, g) in groups.iter().enumerate() {
            for id in &g.entries {
                in_group.entry(*id).or_insert(i);
            }
        }
        // Who has the contest's purpose granted now (the latest event is a grant): one
        // query for every entrant, not one per minor.
        let granted: std::collections::HashSet<i64> = match self.consent().purpose_id(&c.purpose) {
            Ok((purpose, _)) => self
                .rows(
                    "SELECT e.person_id FROM consent_events e JOIN entries n ON n.person_id = e.person_id
                     WHERE n.contest_id = ?1 AND e.purpose_id = ?2 AND e.action = 'granted'
                       AND e.seq = (SELECT e2.seq FROM consent_events e2 WHERE e2.person_id = e.person_id
                                    AND e2.purpose_id = e.purpose_id ORDER BY e2.occurred_at DESC, e2.seq DESC LIMIT 1)",
                    (contest.id, purpose),
                    |r| r.get(0),
                )?
                .into_iter()
                .collect(),
            Err(_) => Default::default(),
        };
        let regions: Vec<String> = c.regions.iter().map(|r| crate::fold::fold(r)).collect();
        let mut households_taken: std::collections::HashSet<i64> = Default::default();
        let mut out = Vec::with_capacity(data.len());
        for e in data {
            let age = e.birth.map(|b| crate::time::age_on(b, c.closes_on));
            let minor_today = profile.is_minor(e.birth.map(|b| crate::time::age_on(b, day)));
            let region_ok =
                regions.is_empty() || regions.iter().any(|r| *r == e.region || *r == e.country);
            let eligibility = if e.decision.as_deref() == Some("excluded") {
                Eligibility::Excluded
            } else if (c.min_age.is_some() || c.max_age.is_some()) && age.is_none() {
                Eligibility::BirthDateMissing
            } else if c
                .min_age
                .zip(age)
                .is_some_and(|(min, a)| a < i32::from(min))
            {
                Eligibility::TooYoung
            } else if c
                .max_age
                .zip(age)
                .is_some_and(|(max, a)| a > i32::from(max))
            {
                Eligibility::TooOld
            } else if !region_ok {
                Eligibility::OutsideRegion
            } else if minor_today && !granted.contains(&e.person_id) {
                Eligibility::NeedsGuardianConsent
            } else if c.one_per == OnePer::Household
                && e.household.is_some_and(|h| households_taken.contains(&h))
            {
                Eligibility::HouseholdTaken
            } else {
                Eligibility::Eligible
            };
            if eligibility == Eligibility::Eligible && c.one_per == OnePer::Household {
                if let Some(h) = e.household {
                    households_taken.insert(h);
                }
            }
            out.push(Judged {
                duplicate_group: in_group.get(&e.id).copied(),
                keys: e,
                eligibility,
            });
        }
        Ok((out, groups))
    }

    /// The entries of a contest whose entrant's name or city matches `query` the way the
    /// people search does: every word typed begins a word of theirs, accents, case and
    /// œ/æ ignored ("zoe coeur" finds Zoë Lefèvre-Cœurdevey). An empty query: every entry.
    pub fn matching_entries(&self, contest_id: i64, query: &str) -> Result<Vec<i64>> {
        let wanted = crate::fold::tokens(query);
        let rows: Vec<(i64, String, String, String)> = self.rows(
            "SELECT e.id, p.given_name, p.family_name, p.city
             FROM entries e JOIN people p ON p.id = e.person_id
             WHERE e.contest_id = ?1 ORDER BY e.id",
            [contest_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        Ok(rows
            .into_iter()
            .filter(|(_, given, family, city)| {
                let theirs = crate::fold::tokens(&format!("{given} {family} {city}"));
                wanted
                    .iter()
                    .all(|w| theirs.iter().any(|t| t.starts_with(w.as_str())))
            })
            .map(|(id, ..)| id)
            .collect())
    }

    /// The entries as the page lists them: the judgement, with names to show.
    fn entry_rows(&self, contest_id: i64, judged: Vec<Judged>) -> Result<Vec<EntryRow>> {
        let shown: std::collections::HashMap<i64, (String, String, String)> = self
            .rows(
                "SELECT e.id, p.given_name, p.family_name, p.city, coalesce(c.value, '')
                 FROM entries e JOIN people p ON p.id = e.person_id
                 LEFT JOIN person_contacts c ON c.person_id = p.id AND c.kind = 'email' AND c.position = 0
                 WHERE e.contest_id = ?1",
                [contest_id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        (
                            display_name(&r.get::<_, String>(1)?, &r.get::<_, String>(2)?),
                            r.get(3)?,
                            r.get(4)?,
                        ),
                    ))
                },
            )?
            .into_iter()
            .collect();
        Ok(judged
            .into_iter()
            .map(|j| {
                let (name, city, email) = shown.get(&j.keys.id).cloned().unwrap_or_default();
                EntryRow {
                    id: j.keys.id,
                    person_id: j.keys.person_id,
                    name,
                    birth_date: j.keys.birth,
                    email,
                    city,
                    entered_on: j.keys.entered_on,
                    eligibility: j.eligibility,
                    duplicate_group: j.duplicate_group,
                    distinct: j.keys.decision.as_deref() == Some("distinct"),
                }
            })
            .collect())
    }

    pub(crate) fn contest_draw(&self, contest_id: i64) -> Result<Option<RecordedDraw>> {
        self.conn
            .query_row(
                "SELECT seed, list, list_digest, drawn, drawn_at, public_value, scheme FROM draws
                 WHERE contest_id = ?1",
                [contest_id],
                |r| {
                    Ok(RecordedDraw {
                        seed: r.get(0)?,
                        list: serde_json::from_str(&r.get::<_, String>(1)?).unwrap_or_default(),
                        digest: r.get(2)?,
                        drawn: serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default(),
                        drawn_at: r.get(4)?,
                        public_value: r.get(5)?,
                        scheme: r.get(6)?,
                    })
                },
            )
            .optional()
            .map_err(Error::from)
    }

    /// The secret a contest made since schema 17 committed to (`None` before).
    fn draw_secret(&self, contest_id: i64) -> Result<Option<[u8; 32]>> {
        let secret: Option<Vec<u8>> = self.conn.query_row(
            "SELECT draw_secret FROM contests WHERE id = ?1",
            [contest_id],
            |r| r.get(0),
        )?;
        secret
            .map(|s| {
                s.as_slice()
                    .try_into()
                    .map_err(|_| Error::Storage("a draw's secret is not 32 bytes".into()))
            })
            .transpose()
    }

    /// Draws the winners, then as many alternates. A contest made since schema 17 draws
    /// from its closing statement's list, with the seed its committed secret and
    /// `public_value` give (the value its rules name; refused empty when they name one);
    /// an older one from the entries eligible now, with a seed drawn here. The seed, the
    /// list, its digest, the public value and the order drawn are recorded, never edited.
    pub fn draw(
        &self,
        contest_id: i64,
        public_value: &str,
        now: DateTime<Utc>,
    ) -> Result<DrawCheck> {
        let contest = self.get(contest_id)?;
        let (judged, _, _, blockers) =
            self.draw_state_with(&contest, self.local_day(now), false)?;
        if let Some(b) = blockers.first() {
            return Err(match b {
                DrawBlocker::AlreadyDrawn => Error::Conflict("the draw has taken place"),
                DrawBlocker::BeforeDrawDate { .. } => {
                    Error::invalid(Field::ContestDates, "the draw date has not come")
                }
                DrawBlocker::EntriesNotClosed => {
                    Error::invalid(Field::Entries, "close the entries first")
                }
                DrawBlocker::UndecidedDuplicates { .. } => {
                    Error::invalid(Field::Entries, "decide the likely duplicates first")
                }
                DrawBlocker::NoEligibleEntry => {
                    Error::invalid(Field::Entries, "no entry is eligible")
                }
            });
        }
        let public_value = crate::fold::bounded(Field::PublicValue, public_value)?;
        let (seed, list, scheme) = match self.draw_secret(contest_id)? {
            Some(secret) => {
                if contest.commitment.as_deref() != Some(&hex::encode(draw::commitment(&secret))) {
                    return Err(Error::Storage(
                        "the draw's secret does not match its commitment".into(),
                    ));
                }
                if !contest.data.public_source.is_empty() && public_value.is_empty() {
                    return Err(Error::invalid(
                        Field::PublicValue,
                        "type the public value the rules name",
                    ));
                }
                let closing = self
                    .closing(contest_id)?
                    .ok_or(Error::invalid(Field::Entries, "close the entries first"))?;
                (
                    draw::committed_seed(&secret, &public_value),
                    closing.entry_numbers,
                    2u8,
                )
            }
            None => {
                let mut s = [0u8; 32];
                getrandom::fill(&mut s).map_err(|_| Error::Io("no system randomness".into()))?;
                let list = match self.closing(contest_id)? {
                    Some(closing) => closing.entry_numbers,
                    None => judged
                        .iter()
                        .filter(|e| e.eligibility == Eligibility::Eligible)
                        .map(|e| e.keys.id)
                        .collect(),
                };
                (s, list, 1u8)
            }
        };
        let winners = contest.data.prize_count() as usize;
        let today = self.local_day(now);
        let order = draw::draw_order(&seed, &list, winners * 2);
        let digest = draw::list_digest(&list);
        let prizes = &contest.prizes_saved;
        let staff = self.staff.clone();
        self.change(now, "contest.draw", "contest", |tx| {
            tx.execute(
                "INSERT INTO draws (contest_id, seed, list, list_digest, drawn, drawn_at, staff, public_value, scheme)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                rusqlite::params![
                    contest_id,
                    &seed[..],
                    serde_json::to_string(&list).expect("ids"),
                    &digest[..],
                    serde_json::to_string(&order).expect("ids"),
                    crate::time::stamp(now),
                    staff,
                    public_value,
                    scheme
                ],
            )?;
            let mut slots = prizes
                .iter()
                .flat_map(|p| std::iter::repeat_n(p.id, p.quantity as usize));
            // An entry of the closed list whose entrant was erased since keeps its rank
            // (the order is the proof) and is out: its prize goes to the next alternate.
            let mut gone = Vec::new();
            for (i, entry) in order.iter().enumerate() {
                let prize = if i < winners { slots.next() } else { None };
                let exists: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM entries WHERE id = ?1)",
                    [entry],
                    |r| r.get(0),
                )?;
                let status = match (exists, prize) {
                    (false, _) => WinnerStatus::Forfeited,
                    (true, Some(_)) => WinnerStatus::Selected,
                    (true, None) => WinnerStatus::Alternate,
                };
                tx.execute(
                    "INSERT INTO winners (contest_id, rank, entry_id, prize_id, status, decided_on)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    rusqlite::params![
                        contest_id,
                        i as i64 + 1,
                        exists.then_some(entry),
                        prize,
                        status,
                        (!exists).then_some(today)
                    ],
                )?;
                if !exists && prize.is_some() {
                    gone.push(tx.last_insert_rowid());
                }
            }
            for winner_id in gone {
                promote_alternate(tx, contest_id, winner_id)?;
            }
            Ok((Some(contest_id), ()))
        })?;
        self.verify_draw(contest_id, now)
    }

    /// The draw as its report prints it, checked again: the list still has its digest, the
    /// seed gives the same order, and (scheme 2) the revealed secret is the one committed
    /// to and gives the seed with the public value.
    pub fn verify_draw(&self, contest_id: i64, now: DateTime<Utc>) -> Result<DrawCheck> {
        let contest = self.get(contest_id)?;
        let recorded = self
            .contests()
            .contest_draw(contest_id)?
            .ok_or(Error::NotFound { entity: "draw" })?;
        let seed: [u8; 32] = recorded
            .seed
            .as_slice()
            .try_into()
            .map_err(|_| Error::Storage("a draw's seed is not 32 bytes".into()))?;
        let again = draw::draw_order(&seed, &recorded.list, recorded.drawn.len());
        let secret = match recorded.scheme {
            2 => self.draw_secret(contest_id)?,
            _ => None,
        };
        let commitment_kept = secret.is_some_and(|s| {
            contest.commitment.as_deref() == Some(&hex::encode(draw::commitment(&s)))
                && draw::committed_seed(&s, &recorded.public_value) == seed
        });
        let current: Vec<i64> = match (contest.counts, self.closing(contest_id)?) {
            (Some(_), _) => Vec::new(),
            (None, Some(closing)) => closing.entry_numbers,
            (None, None) => self
                .judge(&contest, self.local_day(now))?
                .0
                .iter()
                .filter(|e| e.eligibility == Eligibility::Eligible)
                .map(|e| e.keys.id)
                .collect(),
        };
        let mut check = DrawCheck {
            valid: false,
            scheme: recorded.scheme,
            commitment: contest.commitment.clone(),
            committed_on: contest.committed_on,
            secret: secret.map(hex::encode),
            public_source: contest.data.public_source.clone(),
            public_value: recorded.public_value,
            seed: hex::encode(seed),
            list_digest: hex::encode(&recorded.digest),
            entries: recorded.list.len(),
            list_intact: draw::list_digest(&recorded.list)[..] == recorded.digest[..],
            order_reproduced: again == recorded.drawn,
            matches_current_entries: current == recorded.list,
            commitment_kept,
            entry_numbers: recorded.list,
            drawn: recorded.drawn,
            drawn_at: recorded.drawn_at,
        };
        check.valid = check.is_valid();
        Ok(check)
    }

    /// Records a winner's answer to the skill-testing question; a wrong answer hands the
    /// prize to the next alternate.
    pub fn record_skill_answer(
        &self,
        winner_id: i64,
        answer: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let (contest_id, status): (i64, WinnerStatus) = self
            .conn
            .query_row(
                "SELECT contest_id, status FROM winners WHERE id = ?1",
                [winner_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|_| Error::NotFound { entity: "winner" })?;
        if status != WinnerStatus::Selected {
            return Err(Error::Conflict("this winner's prize is already decided"));
        }
        let contest = self.get(contest_id)?;
        let answer = crate::fold::bounded(Field::SkillQuestion, answer)?;
        let norm = |s: &str| {
            crate::fold::fold(s)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let correct = !answer.is_empty() && norm(&answer) == norm(&contest.data.skill_answer);
        let today = self.local_day(now);
        self.change(now, "contest.skill_answer", "winner", |tx| {
            tx.execute(
                "UPDATE winners SET skill_answer = ?2, skill_correct = ?3, status = ?4, decided_on = ?5 WHERE id = ?1",
                rusqlite::params![
                    winner_id,
                    answer,
                    correct,
                    if correct { WinnerStatus::Selected } else { WinnerStatus::FailedSkill },
                    if correct { None } else { Some(today) }
                ],
            )?;
            if !correct {
                promote_alternate(tx, contest_id, winner_id)?;
            }
            Ok((Some(winner_id), ()))
        })?;
        Ok(correct)
    }

    /// The winner claimed the prize (after a correct answer, where a question is asked).
    pub fn claim_prize(&self, winner_id: i64, on: NaiveDate, now: DateTime<Utc>) -> Result<()> {
        let (contest_id, status, correct): (i64, WinnerStatus, Option<bool>) = self
            .conn
            .query_row(
                "SELECT contest_id, status, skill_correct FROM winners WHERE id = ?1",
                [winner_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(|_| Error::NotFound { entity: "winner" })?;
        let contest = self.get(contest_id)?;
        if status != WinnerStatus::Selected {
            return Err(Error::Conflict("this winner's prize is already decided"));
        }
        if !contest.data.skill_question.is_empty() && correct != Some(true) {
            return Err(Error::invalid(
                Field::SkillQuestion,
                "the winner answers the skill-testing question before the prize is awarded",
            ));
        }
        if on > contest.data.claim_deadline() || on > self.local_day(now) {
            return Err(Error::invalid(
                Field::ClaimDate,
                "is after the claim deadline or in the future",
            ));
        }
        self.change(now, "contest.claim", "winner", |tx| {
            tx.execute(
                "UPDATE winners SET status = 'claimed', decided_on = ?2 WHERE id = ?1",
                rusqlite::params![winner_id, on],
            )?;
            Ok((Some(winner_id), ()))
        })
    }

    /// Prizes not claimed by the deadline go to the next alternates; returns how many.
    pub fn forfeit_unclaimed(&self, contest_id: i64, now: DateTime<Utc>) -> Result<usize> {
        let contest = self.get(contest_id)?;
        let today = self.local_day(now);
        if today <= contest.data.claim_deadline() {
            return Ok(0);
        }
        let late: Vec<i64> = self.rows(
            "SELECT id FROM winners WHERE contest_id = ?1 AND status = 'selected' ORDER BY rank",
            [contest_id],
            |r| r.get(0),
        )?;
        let n = late.len();
        self.change(now, "contest.forfeit", "contest", |tx| {
            for id in &late {
                tx.execute(
                    "UPDATE winners SET status = 'forfeited', decided_on = ?2 WHERE id = ?1",
                    rusqlite::params![id, today],
                )?;
                promote_alternate(tx, contest_id, *id)?;
            }
            Ok((Some(contest_id), ()))
        })?;
        Ok(n)
    }

    /// The judgement of every entry and what stands in the draw's way, on `today`.
    fn draw_state(&self, contest: &Contest, today: NaiveDate) -> Result<DrawState> {
        self.draw_state_with(contest, today, true)
    }

    /// As [`Self::draw_state`]; without `rows`, entries closed are not judged again (the
    /// closing statement's list is the one drawn from).
    fn draw_state_with(
        &self,
        contest: &Contest,
        today: NaiveDate,
        rows: bool,
    ) -> Result<DrawState> {
        let closing = self.closing(contest.id)?;
        let (entries, duplicates) = if rows || closing.is_none() {
            self.judge(contest, today)?
        } else {
            (Vec::new(), Vec::new())
        };
        let drawn = self.contest_draw(contest.id)?.is_some();
        // Once closed, the closing statement's list is the one drawn from.
        let eligible = match &closing {
            Some(c) => c.entry_numbers.len(),
            None => entries
                .iter()
                .filter(|e| e.eligibility == Eligibility::Eligible)
                .count(),
        };
        let mut draw_blockers = Vec::new();
        if drawn {
            draw_blockers.push(DrawBlocker::AlreadyDrawn);
        } else {
            if today < contest.data.draw_on {
                draw_blockers.push(DrawBlocker::BeforeDrawDate {
                    draw_on: contest.data.draw_on,
                });
            }
            if closing.is_none() && contest.commitment.is_some() {
                draw_blockers.push(DrawBlocker::EntriesNotClosed);
            }
            if closing.is_none() && !duplicates.is_empty() {
                draw_blockers.push(DrawBlocker::UndecidedDuplicates {
                    groups: duplicates.len(),
                });
            }
            if eligible == 0 {
                draw_blockers.push(DrawBlocker::NoEligibleEntry);
            }
        }
        Ok((entries, duplicates, eligible, draw_blockers))
    }

    pub fn page(&self, contest_id: i64, now: DateTime<Utc>) -> Result<ContestPage> {
        let contest = self.get(contest_id)?;
        let today = self.local_day(now);
        let (judged, duplicates, eligible, draw_blockers) = self.draw_state(&contest, today)?;
        let drawn = draw_blockers.contains(&DrawBlocker::AlreadyDrawn);
        let entries = self.entry_rows(contest_id, judged)?;
        let winners = self.winner_rows(contest_id)?;
        let closing = self.closing(contest_id)?;
        let profile = self.org().profile()?;
        let rules = |l| super::rules::rules_text(&contest, &profile.name, profile.jurisdiction, l);
        let (rules_fr, rules_en) = (
            rules(crate::model::Language::Fr),
            rules(crate::model::Language::En),
        );
        Ok(ContestPage {
            rules_fr,
            rules_en,
            claim_deadline: contest.data.claim_deadline(),
            non_winners_kept_until: super::purge::non_winners_purged_after(
                contest.data.draw_on,
                contest.data.non_winner_days,
            ),
            draw: if drawn {
                Some(self.verify_draw(contest_id, now)?)
            } else {
                None
            },
            may_close: !drawn && today > contest.data.closes_on && closing.is_none(),
            closing,
            shipments: self.shipments(Some(contest_id))?,
            contest,
            entries,
            eligible,
            duplicates,
            draw_blockers,
            winners,
        })
    }

    fn winner_rows(&self, contest_id: i64) -> Result<Vec<WinnerRow>> {
        let publication: Vec<String> = self
            .consent()
            .purposes()?
            .into_iter()
            .filter(|p| p.kind == PurposeKind::Publication)
            .map(|p| p.code)
            .collect();
        let rows: Vec<(WinnerRow, Option<i64>)> = self.rows(
            "SELECT w.id, w.rank, w.entry_id, coalesce(p.given_name, ''), coalesce(p.family_name, ''), z.name, w.status,
                    w.skill_answer, w.skill_correct, w.decided_on, e.person_id,
                    (SELECT s.id FROM shipments s WHERE s.winner_id = w.id)
             FROM winners w LEFT JOIN entries e ON e.id = w.entry_id LEFT JOIN people p ON p.id = e.person_id
             LEFT JOIN prizes z ON z.id = w.prize_id
             WHERE w.contest_id = ?1 ORDER BY w.rank",
            [contest_id],
            |r| {
                Ok((
                    WinnerRow {
                        id: r.get(0)?,
                        rank: r.get(1)?,
                        entry_id: r.get(2)?,
                        name: display_name(&r.get::<_, String>(3)?, &r.get::<_, String>(4)?),
                        prize: r.get(5)?,
                        status: r.get(6)?,
                        skill_answer: r.get(7)?,
                        skill_correct: r.get(8)?,
                        decided_on: r.get(9)?,
                        may_publish: false,
                        shipment_id: r.get(11)?,
                    },
                    r.get(10)?,
                ))
            },
        )?;
        rows.into_iter()
            .map(|(mut w, person)| {
                if let Some(p) = person {
                    w.may_publish = self
                        .consent()
                        .state(p)?
                        .iter()
                        .any(|s| s.granted && publication.contains(&s.purpose_code));
                }
                Ok(w)
            })
            .collect()
    }

    /// The contests with their entry counts, the latest draw first.
    pub fn list(&self) -> Result<Vec<ContestSummary>> {
        self.all()?
            .into_iter()
            .map(|contest| {
                let entries: i64 = self.conn.query_row(
                    "SELECT count(*) FROM entries WHERE contest_id = ?1",
                    [contest.id],
                    |r| r.get(0),
                )?;
                Ok(ContestSummary {
                    drawn: self.contest_draw(contest.id)?.is_some(),
                    entries: contest.counts.map(|c| c.entries).unwrap_or(entries),
                    contest,
                })
            })
            .collect()
    }
}

/// Gives the prize of `winner_id` (now out) to the first alternate left, in drawn order.
fn promote_alternate(
    tx: &rusqlite::Transaction<'_>,
    contest_id: i64,
    winner_id: i64,
) -> Result<()> {
    tx.execute(
        "UPDATE winners SET prize_id = (SELECT prize_id FROM winners WHERE id = ?2), status = 'selected'
         WHERE id = (SELECT id FROM winners WHERE contest_id = ?1 AND status = 'alternate' ORDER BY rank LIMIT 1)",
        rusqlite::params![contest_id, winner_id],
    )?;
    Ok(())
}
