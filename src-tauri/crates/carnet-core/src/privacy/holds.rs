//! Legal holds: a person's record kept past an erasure or a purge, for a reason and
//! until a date. Never "for ever": a hold ends at most `MAX_HOLD_YEARS` after it is
//! placed, and can be renewed with a new reason.

use crate::privacy::Privacy;
use crate::Contexts;
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::field::Field;
use crate::fold::bounded;
use crate::privacy::HoldReason;

/// The longest hold: eleven years covers the longest accounting retention Carnet's
/// offices face (France, ten years from the end of the financial year).
pub const MAX_HOLD_YEARS: u32 = 11;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldInput {
    pub person_id: i64,
    pub reason: HoldReason,
    #[serde(default)]
    pub note: String,
    pub until: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegalHold {
    pub id: i64,
    pub person_id: i64,
    pub reason: HoldReason,
    pub note: String,
    pub until: NaiveDate,
    pub created_at: String,
    pub staff: String,
    /// The hold still runs on the office's day it was read.
    pub in_force: bool,
}

impl Privacy<'_> {
    pub fn add_hold(&self, input: &HoldInput, now: DateTime<Utc>) -> Result<i64> {
        self.require(crate::accounts::Permission::LegalHolds)?;
        let today = self.local_day(now);
        if !self.people().exists(input.person_id)? {
            return Err(Error::NotFound { entity: "person" });
        }
        if self.staff.is_empty() {
            return Err(Error::invalid(Field::Staff, "name the staff member"));
        }
        if input.until <= today {
            return Err(Error::invalid(Field::HoldUntil, "must be after today"));
        }
        let latest = today + Months::new(12 * MAX_HOLD_YEARS);
        if input.until > latest {
            return Err(Error::invalid(
                Field::HoldUntil,
                "a hold ends at most eleven years from today; renew it later if needed",
            ));
        }
        let note = bounded(Field::HoldReason, &input.note)?;
        if input.reason == HoldReason::Other && note.is_empty() {
            return Err(Error::invalid(
                Field::HoldReason,
                "say why the record is held",
            ));
        }
        self.change(now, "hold.create", "person", |tx| {
            tx.execute(
                "INSERT INTO legal_holds (person_id, reason, note, until, created_at, staff) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![
                    input.person_id,
                    input.reason,
                    note,
                    input.until,
                    crate::time::stamp(now),
                    tx.staff
                ],
            )?;
            Ok((Some(input.person_id), tx.last_insert_rowid()))
        })
    }

    /// Ends a hold before its date (the reason is gone: the dispute settled…).
    pub fn release_hold(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.require(crate::accounts::Permission::LegalHolds)?;
        self.change(now, "hold.release", "legal_hold", |tx| {
            if tx.execute("DELETE FROM legal_holds WHERE id = ?1", [id])? == 0 {
                return Err(Error::NotFound {
                    entity: "legal hold",
                });
            }
            Ok((Some(id), ()))
        })
    }

    /// Every hold on a person, the latest end first.
    pub fn holds_of(&self, person_id: i64, now: DateTime<Utc>) -> Result<Vec<LegalHold>> {
        self.holds_on(person_id, self.local_day(now))
    }

    /// Every hold on a person, each marked in force or not on `today`.
    pub(crate) fn holds_on(&self, person_id: i64, today: NaiveDate) -> Result<Vec<LegalHold>> {
        self.holds(person_id, today, false)
    }

    pub(crate) fn holds_in_force(
        &self,
        person_id: i64,
        today: NaiveDate,
    ) -> Result<Vec<LegalHold>> {
        self.holds(person_id, today, true)
    }

    fn holds(
        &self,
        person_id: i64,
        today: NaiveDate,
        in_force_only: bool,
    ) -> Result<Vec<LegalHold>> {
        let all = self.rows(
            "SELECT id, person_id, reason, note, until, created_at, staff FROM legal_holds
             WHERE person_id = ?1 ORDER BY until DESC, id",
            [person_id],
            |r| {
                let until: NaiveDate = r.get(4)?;
                Ok(LegalHold {
                    id: r.get(0)?,
                    person_id: r.get(1)?,
                    reason: r.get(2)?,
                    note: r.get(3)?,
                    until,
                    created_at: r.get(5)?,
                    staff: r.get(6)?,
                    in_force: until >= today,
                })
            },
        )?;
        Ok(all
            .into_iter()
            .filter(|h| h.in_force || !in_force_only)
            .collect())
    }
}
