//! Entries closed: once the closing day is over, the office fixes the list of eligible
//! entry numbers and its digest (a closing statement, printed and published). From then on
//! no entry is added, excluded or put back, and the draw runs on that list alone.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::view::Eligibility;
use super::{draw, Contests};
use crate::error::{Error, Result};
use crate::field::Field;

/// A contest's closing statement: the entry numbers the draw will run on, in order, and
/// their digest (`docs/draw.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryClosing {
    pub contest_id: i64,
    pub entry_numbers: Vec<i64>,
    pub list_digest: String,
    pub closed_at: String,
    /// The office's day the entries were closed.
    pub closed_on: NaiveDate,
    pub staff: String,
}

impl Contests<'_> {
    /// The closing statement, once entries are closed.
    pub fn closing(&self, contest_id: i64) -> Result<Option<EntryClosing>> {
        Ok(self
            .conn
            .query_row(
                "SELECT list, list_digest, closed_at, closed_on, staff FROM entry_closings WHERE contest_id = ?1",
                [contest_id],
                |r| {
                    Ok(EntryClosing {
                        contest_id,
                        entry_numbers: serde_json::from_str(&r.get::<_, String>(0)?)
                            .unwrap_or_default(),
                        list_digest: hex::encode(r.get::<_, Vec<u8>>(1)?),
                        closed_at: r.get(2)?,
                        closed_on: r.get(3)?,
                        staff: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// Closes the entries: the entries eligible on the office's day (the day after the
    /// closing date or later), every likely duplicate decided, are fixed with their digest.
    pub fn close_entries(&self, contest_id: i64, now: DateTime<Utc>) -> Result<EntryClosing> {
        let contest = self.get(contest_id)?;
        let today = self.local_day(now);
        if today <= contest.data.closes_on {
            return Err(Error::invalid(
                Field::ContestDates,
                "entries close once the closing day is over",
            ));
        }
        if self.closing(contest_id)?.is_some() {
            return Err(Error::Conflict("the entries are already closed"));
        }
        if self.contest_draw(contest_id)?.is_some() {
            return Err(Error::Conflict("the draw has taken place"));
        }
        let (judged, duplicates) = self.judge(&contest, today)?;
        if !duplicates.is_empty() {
            return Err(Error::invalid(
                Field::Entries,
                "decide the likely duplicates first",
            ));
        }
        let list: Vec<i64> = judged
            .iter()
            .filter(|e| e.eligibility == Eligibility::Eligible)
            .map(|e| e.keys.id)
            .collect();
        let digest = draw::list_digest(&list);
        let staff = self.staff.clone();
        self.change(now, "contest.close_entries", "contest", |tx| {
            tx.execute(
                "INSERT INTO entry_closings (contest_id, list, list_digest, closed_at, closed_on, staff)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![
                    contest_id,
                    serde_json::to_string(&list).expect("ids"),
                    &digest[..],
                    crate::time::stamp(now),
                    today,
                    staff
                ],
            )?;
            Ok((Some(contest_id), ()))
        })?;
        Ok(self.closing(contest_id)?.expect("just closed"))
    }

    /// Refused once the draw has taken place or the entries are closed: the list the draw
    /// runs on no longer changes.
    pub(crate) fn entries_open(&self, contest_id: i64) -> Result<()> {
        if self.contest_draw(contest_id)?.is_some() {
            return Err(Error::Conflict("the draw has taken place"));
        }
        if self.closing(contest_id)?.is_some() {
            return Err(Error::Conflict("the entries are closed"));
        }
        Ok(())
    }
}
