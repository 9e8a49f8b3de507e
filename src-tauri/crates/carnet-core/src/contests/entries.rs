//! Entries: typed in for a person of the register, or imported from a form export (CSV).
//! An import is checked whole first — every row's problems with its line number — and
//! written in one transaction, all rows or none. A row whose email is already a person's
//! is never merged silently: it is reported, and entered for that person only when the
//! office says so (`link_existing`). Likely duplicates among the entries are decided on
//! the contest page (excluded, or confirmed distinct).

use super::Contests;
use crate::Contexts;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::field::Field;
use crate::model::Channel;
use crate::people::{Address, PersonInput};

/// One row of a form export, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRow {
    /// The line in the file (the header is line 1).
    pub line: usize,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub birth_date: Option<NaiveDate>,
    pub entered_on: Option<NaiveDate>,
    /// The person of the register whose email this is, when there is one.
    pub existing_person: Option<i64>,
}

/// A line's problem, as every import reports it.
pub use crate::exchange::LineProblem as RowProblem;

/// What an import did, or would do (`dry_run`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub dry_run: bool,
    pub rows: Vec<ImportRow>,
    /// New people and their entries.
    pub created: usize,
    /// Entries for people already in the register (their email matched, and the office
    /// chose to link them).
    pub linked: usize,
    /// Rows whose email matched a person and that were left out (not linked).
    pub skipped: usize,
    /// Every problem, with its line; when there is one, nothing is written.
    pub problems: Vec<RowProblem>,
}

/// How to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryImport {
    pub dry_run: bool,
    /// Enter rows whose email is already a person's for that person.
    pub link_existing: bool,
}

/// A form export's column, by its header (the same names as the people import knows).
fn column_of(header: &str) -> Option<&'static str> {
    use crate::exchange::ImportTarget as T;
    Some(match crate::exchange::people::guess(header)? {
        T::GivenName => "given",
        T::FamilyName => "family",
        T::Email => "email",
        T::Phone => "phone",
        T::BirthDate => "birth",
        T::Street => "street",
        T::City => "city",
        T::Region => "region",
        T::PostalCode => "postal",
        T::Country => "country",
        T::CollectedOn => "entered",
        _ => return None,
    })
}

/// `AAAA-MM-JJ`, `JJ/MM/AAAA`, or a form's time stamp starting with either.
fn date_of(s: &str) -> std::result::Result<Option<NaiveDate>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let head = s.split_whitespace().next().unwrap_or(s);
    for fmt in ["%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(head, fmt) {
            return Ok(Some(d));
        }
    }
    Err(())
}

impl Contests<'_> {
    /// Enters a person of the register in a contest.
    pub fn add_entry(
        &self,
        contest_id: i64,
        person_id: i64,
        entered_on: NaiveDate,
        channel: Channel,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let contest = self.get(contest_id)?;
        if !self.people().exists(person_id)? {
            return Err(Error::NotFound { entity: "person" });
        }
        if entered_on < contest.data.opens_on || entered_on > contest.data.closes_on {
            return Err(Error::invalid(
                Field::EntryDate,
                "is outside the contest's entry period",
            ));
        }
        self.entries_open(contest_id)?;
        self.change(now, "contest.entry", "entry", |tx| {
            tx.execute(
                "INSERT INTO entries (contest_id, person_id, entered_on, channel, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![contest_id, person_id, entered_on, channel, crate::time::stamp(now)],
            )?;
            let id = tx.last_insert_rowid();
            super::keys::refresh(tx, person_id)?;
            Ok((Some(id), id))
        })
    }

    /// Imports a form export (CSV as `exchange::table` reads it: UTF-8 or Windows-1252,
    /// `,` `;` or tab): checks every row, then (unless a
    /// dry run, and only when no row has a problem) creates the people and their entries
    /// in one transaction.
    pub fn import_entries(
        &self,
        contest_id: i64,
        csv_bytes: &[u8],
        how: EntryImport,
        now: DateTime<Utc>,
    ) -> Result<ImportReport> {
        let contest = self.get(contest_id)?;
        self.entries_open(contest_id)?;
        let table = crate::exchange::read_table(csv_bytes)?;
        table.refuse_bad_bytes()?;
        let map: Vec<Option<&str>> = table.headers.iter().map(|h| column_of(h)).collect();
        if !map.contains(&Some("family")) && !map.contains(&Some("given")) {
            return Err(Error::invalid(
                Field::ImportFile,
                "needs a name column (Nom / Prénom, or Last name / First name)",
            ));
        }
        let today = self.local_day(now);
        let language = self.org().profile()?.language;
        let mut rows = Vec::new();
        let mut inputs: Vec<(PersonInput, NaiveDate, Option<i64>)> = Vec::new();
        let mut problems = Vec::new();
        for row in table.rows() {
            let line = row.line;
            let record = &row.cells;
            let get = |key: &str| -> String {
                map.iter()
                    .position(|m| *m == Some(key))
                    .and_then(|i| record.get(i))
                    .map(|c| c.trim().to_owned())
                    .unwrap_or_default()
            };
            let mut problem = |field, reason| {
                problems.push(RowProblem {
                    line,
                    field,
                    reason,
                })
            };
            let birth = date_of(&get("birth")).unwrap_or_else(|()| {
                problem(Field::BirthDate, "is not a date (AAAA-MM-JJ or JJ/MM/AAAA)");
                None
            });
            let entered = date_of(&get("entered")).unwrap_or_else(|()| {
                problem(Field::EntryDate, "is not a date (AAAA-MM-JJ or JJ/MM/AAAA)");
                None
            });
            let entered_on = entered.unwrap_or(today.min(contest.data.closes_on));
            if entered_on < contest.data.opens_on || entered_on > contest.data.closes_on {
                problem(Field::EntryDate, "is outside the contest's entry period");
            } else if entered_on > today {
                problem(Field::EntryDate, "is in the future");
            }
            let email = get("email");
            if !email.is_empty() && !email.contains('@') {
                problem(Field::Email, "is not an email address");
            }
            let mut person = PersonInput::named(
                &get("given"),
                &get("family"),
                Channel::ContactForm,
                entered_on.min(today),
            );
            person.preferred_language = language;
            person.emails = if email.is_empty() {
                vec![]
            } else {
                vec![email.clone()]
            };
            let phone = get("phone");
            person.phones = if phone.is_empty() {
                vec![]
            } else {
                vec![phone]
            };
            person.birth_date = birth;
            person.address = Address {
                street: get("street"),
                city: get("city"),
                region: get("region"),
                postal_code: get("postal"),
                country: get("country"),
            };
            let cleaned = match person.cleaned(today) {
                Ok(p) => Some(p),
                Err(Error::InvalidInput { field, reason }) => {
                    problem(field, reason);
                    None
                }
                Err(Error::TooLong { field, .. }) => {
                    problem(field, "is too long");
                    None
                }
                Err(e) => return Err(e),
            };
            let existing = if email.is_empty() {
                None
            } else {
                self.people().with_email(&email)?
            };
            rows.push(ImportRow {
                line,
                given_name: person.given_name.clone(),
                family_name: person.family_name.clone(),
                email,
                birth_date: birth,
                entered_on: Some(entered_on),
                existing_person: existing,
            });
            if let Some(p) = cleaned {
                inputs.push((p, entered_on, existing));
            }
        }
        let linked = inputs
            .iter()
            .filter(|(_, _, e)| e.is_some() && how.link_existing)
            .count();
        let skipped = inputs
            .iter()
            .filter(|(_, _, e)| e.is_some() && !how.link_existing)
            .count();
        let created = inputs.iter().filter(|(_, _, e)| e.is_none()).count();
        let report = ImportReport {
            dry_run: how.dry_run || !problems.is_empty(),
            rows,
            created,
            linked,
            skipped,
            problems,
        };
        if report.dry_run {
            return Ok(report);
        }
        let stamp = crate::time::stamp(now);
        let staff = self.staff.clone();
        let tx = crate::register::write(&self.conn)?;
        let mut entered: Vec<i64> = Vec::new();
        for (p, on, existing) in &inputs {
            let person = match existing {
                Some(id) if how.link_existing => *id,
                Some(_) => continue,
                None => {
                    let id = crate::people::insert_person(&tx, p, &stamp)?;
                    crate::register::audit::record(
                        &tx,
                        now,
                        &staff,
                        "person.create",
                        "person",
                        Some(id),
                    )?;
                    id
                }
            };
            if entered.contains(&person) {
                continue;
            }
            entered.push(person);
            tx.execute(
                "INSERT OR IGNORE INTO entries (contest_id, person_id, entered_on, channel, created_at)
                 VALUES (?1, ?2, ?3, 'contact_form', ?4)",
                rusqlite::params![contest_id, person, on, stamp],
            )?;
            super::keys::refresh(&tx, person)?;
        }
        crate::register::audit::record(
            &tx,
            now,
            &staff,
            "contest.import",
            "contest",
            Some(contest_id),
        )?;
        tx.commit()?;
        Ok(report)
    }

    /// Leaves an entry out of the draw (a duplicate, a second entry of a household…).
    pub fn exclude_entry(&self, entry_id: i64, now: DateTime<Utc>) -> Result<()> {
        self.entry_decision(entry_id, Some("excluded"), now)
    }

    /// Puts an excluded entry back.
    pub fn include_entry(&self, entry_id: i64, now: DateTime<Utc>) -> Result<()> {
        self.entry_decision(entry_id, None, now)
    }

    /// The office looked at a likely duplicate and keeps it: a different person.
    pub fn confirm_entry_distinct(&self, entry_id: i64, now: DateTime<Utc>) -> Result<()> {
        self.entry_decision(entry_id, Some("distinct"), now)
    }

    fn entry_decision(
        &self,
        entry_id: i64,
        decision: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let contest: i64 = self
            .conn
            .query_row(
                "SELECT contest_id FROM entries WHERE id = ?1",
                [entry_id],
                |r| r.get(0),
            )
            .map_err(|_| Error::NotFound { entity: "entry" })?;
        self.entries_open(contest)?;
        self.change(now, "contest.entry_decision", "entry", |tx| {
            tx.execute(
                "UPDATE entries SET decision = ?2 WHERE id = ?1",
                rusqlite::params![entry_id, decision],
            )?;
            Ok((Some(entry_id), ()))
        })
    }
}
