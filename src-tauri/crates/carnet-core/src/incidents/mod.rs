//! The confidentiality-incident register: every incident, even one without a risk of
//! serious injury (Quebec, Regulation respecting confidentiality incidents, s. 7; GDPR
//! Art. 33(5)), with the risk analysis, the notices and their dates, the measures taken,
//! and — in France — the 72-hour clock for notifying the CNIL (Art. 33(1)) while it runs.
//! Kept at least five years from the day the office learned of the incident (the
//! `incidents` retention rule).

use crate::Contexts;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::field::Field;
use crate::fold::bounded;
use crate::model::{DataCategory, Jurisdiction};
use crate::time::{parse_stamp, stamp};
pub(crate) mod migrations;
pub mod permissions;
mod vocabulary;
pub use vocabulary::*;

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "incidents",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

/// GDPR Art. 33(1): the supervisory authority is told within 72 hours of becoming aware.
pub const NOTIFY_WITHIN_HOURS: i64 = 72;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentInput {
    /// A short name ("Laptop stolen from the office").
    pub title: String,
    pub nature: IncidentNature,
    /// The information concerned, or why it cannot be described.
    pub information: String,
    #[serde(default)]
    pub categories: Vec<DataCategory>,
    pub circumstances: String,
    /// The date, or the first and last day, of the incident (unknown: none).
    #[serde(default)]
    pub occurred_from: Option<NaiveDate>,
    #[serde(default)]
    pub occurred_to: Option<NaiveDate>,
    /// When the office learned of it: the 72-hour clock starts here.
    pub learned_at: DateTime<Utc>,
    #[serde(default)]
    pub people_count: Option<i64>,
    #[serde(default)]
    pub records_count: Option<i64>,
    /// Who they are (members, children, parents…).
    #[serde(default)]
    pub people_concerned: String,
    /// The risk analysis: how sensitive the information is, how it could be misused,
    /// the consequences, and how likely harm is.
    #[serde(default)]
    pub sensitivity: String,
    #[serde(default)]
    pub misuse: String,
    #[serde(default)]
    pub consequences: String,
    #[serde(default)]
    pub likelihood: Option<Likelihood>,
    /// The conclusion: a risk that calls for notices (Quebec: of serious injury; GDPR: to
    /// people's rights and freedoms). `None` while not assessed.
    #[serde(default)]
    pub serious_risk: Option<bool>,
    #[serde(default)]
    pub authority_notified_on: Option<NaiveDate>,
    /// Why the authority was not told, or told late.
    #[serde(default)]
    pub authority_reason: String,
    #[serde(default)]
    pub people_notified_on: Option<NaiveDate>,
    #[serde(default)]
    pub public_notice_on: Option<NaiveDate>,
    #[serde(default)]
    pub measures: String,
}

/// Where notifying the authority stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Clock {
    /// The risk is not assessed yet (France: the 72 hours run all the same).
    Assess { hours_left: Option<i64> },
    /// France: the authority must be told within the hours left.
    Running { hours_left: i64 },
    /// France: the 72 hours have passed without a notice.
    Overdue { hours_late: i64 },
    /// Quebec: a serious risk: the Commission and the people are told promptly.
    Promptly,
    /// The authority was told (`late` past 72 hours in France).
    Notified { on: NaiveDate, late: bool },
    /// No risk calling for a notice: nothing to send (the reason is recorded).
    NotRequired,
}

impl Clock {
    /// How pressing it is, as the lists colour it: overdue in red; a notice to send (the
    /// hours running, Quebec's "promptly", or a risk to assess while the hours run) in amber.
    pub fn urgency(&self) -> Option<crate::requests::Urgency> {
        use crate::requests::Urgency;
        match self {
            Clock::Overdue { .. } => Some(Urgency::Overdue),
            Clock::Running { .. } | Clock::Promptly => Some(Urgency::DueSoon),
            Clock::Assess {
                hours_left: Some(_),
            } => Some(Urgency::DueSoon),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Incident {
    pub id: i64,
    #[serde(flatten)]
    pub data: IncidentInput,
    pub created_at: String,
    pub updated_at: String,
    pub staff: String,
    /// When the 72 hours end (France), as a UTC time.
    pub notify_by: Option<String>,
    /// When the office learned of it, on the office's clock.
    pub learned_local: String,
    pub clock: Clock,
    /// The clock's urgency (`soon`, `overdue`), decided here for every screen.
    pub urgency: Option<crate::requests::Urgency>,
}

/// Where notifying stands at `now` for an incident in `j`, for an office at `offset` from
/// UTC (the day a notice went out is the office's day, compared with the office's day the
/// 72 hours end on).
pub fn clock(j: Jurisdiction, i: &IncidentInput, now: DateTime<Utc>, offset: FixedOffset) -> Clock {
    let by = i.learned_at + Duration::hours(NOTIFY_WITHIN_HOURS);
    if let Some(on) = i.authority_notified_on {
        let late = j == Jurisdiction::France && on > by.with_timezone(&offset).date_naive();
        return Clock::Notified { on, late };
    }
    // Started hours count: 71 h 59 min left reads "72 h left", 20 min left "1 h".
    let hours_left = ((by - now).num_seconds() + 3599).div_euclid(3600);
    match (j, i.serious_risk) {
        (_, Some(false)) => Clock::NotRequired,
        (Jurisdiction::Quebec, Some(true)) => Clock::Promptly,
        (Jurisdiction::Quebec, None) => Clock::Assess { hours_left: None },
        (Jurisdiction::France, _) if now > by => Clock::Overdue {
            hours_late: (now - by).num_hours(),
        },
        (Jurisdiction::France, None) => Clock::Assess {
            hours_left: Some(hours_left),
        },
        (Jurisdiction::France, Some(true)) => Clock::Running { hours_left },
    }
}

const COLUMNS: &str = "id, title, nature, information, categories, circumstances, occurred_from, occurred_to,
    learned_at, people_count, records_count, people_concerned, sensitivity, misuse, consequences, likelihood,
    serious_risk, authority_notified_on, authority_reason, people_notified_on, public_notice_on, measures,
    created_at, updated_at, staff";

fn from_row(r: &Row<'_>) -> rusqlite::Result<(i64, IncidentInput, String, String, String)> {
    let categories: String = r.get(4)?;
    let learned: String = r.get(8)?;
    let serious: Option<i64> = r.get(16)?;
    Ok((
        r.get(0)?,
        IncidentInput {
            title: r.get(1)?,
            nature: r.get(2)?,
            information: r.get(3)?,
            categories: serde_json::from_str(&categories).unwrap_or_default(),
            circumstances: r.get(5)?,
            occurred_from: r.get(6)?,
            occurred_to: r.get(7)?,
            learned_at: parse_stamp(&learned).map_err(|_| {
                rusqlite::Error::InvalidColumnType(
                    8,
                    "learned_at".into(),
                    rusqlite::types::Type::Text,
                )
            })?,
            people_count: r.get(9)?,
            records_count: r.get(10)?,
            people_concerned: r.get(11)?,
            sensitivity: r.get(12)?,
            misuse: r.get(13)?,
            consequences: r.get(14)?,
            likelihood: r.get(15)?,
            serious_risk: serious.map(|s| s == 1),
            authority_notified_on: r.get(17)?,
            authority_reason: r.get(18)?,
            people_notified_on: r.get(19)?,
            public_notice_on: r.get(20)?,
            measures: r.get(21)?,
        },
        r.get(22)?,
        r.get(23)?,
        r.get(24)?,
    ))
}

crate::contexts::handle! {
    /// The confidentiality-incident register: `reg.incidents().add(..)`, `.all(now)`.
    Incidents
}

impl Incidents<'_> {
    fn checked_incident(&self, i: &IncidentInput, now: DateTime<Utc>) -> Result<IncidentInput> {
        if self.staff.is_empty() {
            return Err(Error::invalid(Field::Staff, "name the staff member"));
        }
        let today = self.local_day(now);
        let required = |field, value: &str, why: &'static str| -> Result<String> {
            let v = bounded(field, value)?;
            if v.is_empty() {
                return Err(Error::invalid(field, why));
            }
            Ok(v)
        };
        let title = required(
            Field::IncidentTitle,
            &i.title,
            "give the incident a short name",
        )?;
        let information = required(
            Field::IncidentInformation,
            &i.information,
            "describe the information concerned, or why it cannot be described",
        )?;
        let circumstances = required(Field::Circumstances, &i.circumstances, "say what happened")?;
        if i.learned_at > now + Duration::minutes(5) {
            return Err(Error::invalid(Field::LearnedAt, "is in the future"));
        }
        let learned = self.local_day(i.learned_at);
        if let (Some(from), Some(to)) = (i.occurred_from, i.occurred_to) {
            if to < from {
                return Err(Error::invalid(
                    Field::IncidentPeriod,
                    "ends before it starts",
                ));
            }
        }
        if i.occurred_from.is_some_and(|d| d > learned) {
            return Err(Error::invalid(
                Field::IncidentPeriod,
                "starts after the office learned of it",
            ));
        }
        if i.occurred_to.is_some() && i.occurred_from.is_none() {
            return Err(Error::invalid(
                Field::IncidentPeriod,
                "give the first day too",
            ));
        }
        for d in [
            i.authority_notified_on,
            i.people_notified_on,
            i.public_notice_on,
        ]
        .into_iter()
        .flatten()
        {
            if d < learned || d > today {
                return Err(Error::invalid(
                    Field::NoticeDate,
                    "must be between the day the office learned of it and today",
                ));
            }
        }
        if i.people_count.is_some_and(|n| n < 0) || i.records_count.is_some_and(|n| n < 0) {
            return Err(Error::invalid(Field::PeopleCount, "cannot be negative"));
        }
        let authority_reason = bounded(Field::AuthorityReason, &i.authority_reason)?;
        if i.serious_risk == Some(false) && authority_reason.is_empty() {
            return Err(Error::invalid(
                Field::AuthorityReason,
                "say why no notice is needed",
            ));
        }
        let j = self.org().profile()?.jurisdiction;
        if let Clock::Notified { late: true, .. } = clock(j, i, now, self.utc_offset()) {
            if authority_reason.is_empty() {
                return Err(Error::invalid(
                    Field::AuthorityReason,
                    "a notice after 72 hours gives the reasons for the delay",
                ));
            }
        }
        let mut categories = i.categories.clone();
        categories.sort_by_key(|c| c.as_str());
        categories.dedup();
        Ok(IncidentInput {
            title,
            nature: i.nature,
            information,
            categories,
            circumstances,
            occurred_from: i.occurred_from,
            occurred_to: i.occurred_to,
            learned_at: i.learned_at,
            people_count: i.people_count,
            records_count: i.records_count,
            people_concerned: bounded(Field::PeopleConcerned, &i.people_concerned)?,
            sensitivity: bounded(Field::RiskAnalysis, &i.sensitivity)?,
            misuse: bounded(Field::RiskAnalysis, &i.misuse)?,
            consequences: bounded(Field::RiskAnalysis, &i.consequences)?,
            likelihood: i.likelihood,
            serious_risk: i.serious_risk,
            authority_notified_on: i.authority_notified_on,
            authority_reason,
            people_notified_on: i.people_notified_on,
            public_notice_on: i.public_notice_on,
            measures: bounded(Field::Measures, &i.measures)?,
        })
    }

    pub fn add(&self, input: &IncidentInput, now: DateTime<Utc>) -> Result<i64> {
        self.require(crate::accounts::Permission::Incidents)?;
        let i = self.checked_incident(input, now)?;
        self.change(now, "incident.create", "incident", |tx| {
            tx.execute(
                &format!(
                    "INSERT INTO incidents ({}) VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                        ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?22, ?23)",
                    COLUMNS
                ),
                rusqlite::params![
                    i.title, i.nature, i.information, serde_json::to_string(&i.categories).expect("categories"),
                    i.circumstances, i.occurred_from, i.occurred_to, stamp(i.learned_at), i.people_count,
                    i.records_count, i.people_concerned, i.sensitivity, i.misuse, i.consequences, i.likelihood,
                    i.serious_risk.map(i64::from), i.authority_notified_on, i.authority_reason,
                    i.people_notified_on, i.public_notice_on, i.measures, stamp(now), tx.staff
                ],
            )?;
            let id = tx.last_insert_rowid();
            Ok((Some(id), id))
        })
    }

    /// Updates an incident as the investigation goes on (the audit log keeps each change).
    pub fn update(&self, id: i64, input: &IncidentInput, now: DateTime<Utc>) -> Result<()> {
        self.require(crate::accounts::Permission::Incidents)?;
        let i = self.checked_incident(input, now)?;
        self.change(now, "incident.update", "incident", |tx| {
            let n = tx.execute(
                "UPDATE incidents SET title = ?2, nature = ?3, information = ?4, categories = ?5, circumstances = ?6,
                    occurred_from = ?7, occurred_to = ?8, learned_at = ?9, people_count = ?10, records_count = ?11,
                    people_concerned = ?12, sensitivity = ?13, misuse = ?14, consequences = ?15, likelihood = ?16,
                    serious_risk = ?17, authority_notified_on = ?18, authority_reason = ?19, people_notified_on = ?20,
                    public_notice_on = ?21, measures = ?22, updated_at = ?23, staff = ?24
                 WHERE id = ?1",
                rusqlite::params![
                    id, i.title, i.nature, i.information, serde_json::to_string(&i.categories).expect("categories"),
                    i.circumstances, i.occurred_from, i.occurred_to, stamp(i.learned_at), i.people_count,
                    i.records_count, i.people_concerned, i.sensitivity, i.misuse, i.consequences, i.likelihood,
                    i.serious_risk.map(i64::from), i.authority_notified_on, i.authority_reason,
                    i.people_notified_on, i.public_notice_on, i.measures, stamp(now), tx.staff
                ],
            )?;
            if n == 0 {
                return Err(Error::NotFound { entity: "incident" });
            }
            Ok((Some(id), ()))
        })
    }

    fn incident_of(
        &self,
        row: (i64, IncidentInput, String, String, String),
        j: Jurisdiction,
        now: DateTime<Utc>,
    ) -> Incident {
        let (id, data, created_at, updated_at, staff) = row;
        let clock = clock(j, &data, now, self.utc_offset());
        Incident {
            id,
            notify_by: (j == Jurisdiction::France)
                .then(|| stamp(data.learned_at + Duration::hours(NOTIFY_WITHIN_HOURS))),
            urgency: clock.urgency(),
            clock,
            learned_local: self.local_time(data.learned_at),
            data,
            created_at,
            updated_at,
            staff,
        }
    }

    pub fn get(&self, id: i64, now: DateTime<Utc>) -> Result<Incident> {
        self.require(crate::accounts::Permission::Incidents)?;
        let j = self.org().profile()?.jurisdiction;
        let row = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM incidents WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or(Error::NotFound { entity: "incident" })?;
        Ok(self.incident_of(row, j, now))
    }

    /// The register, the most recently learned first.
    pub fn all(&self, now: DateTime<Utc>) -> Result<Vec<Incident>> {
        self.require(crate::accounts::Permission::Incidents)?;
        let j = self.org().profile()?.jurisdiction;
        Ok(self
            .rows(
                &format!("SELECT {COLUMNS} FROM incidents ORDER BY learned_at DESC, id DESC"),
                [],
                from_row,
            )?
            .into_iter()
            .map(|row| self.incident_of(row, j, now))
            .collect())
    }
}
