//! Licences of a programme bought by schools (or people): the licensee, a contact
//! person, the product, a code, and terms — the first and each renewal — with seats,
//! dates, price and invoice reference. No card number is ever kept (a number that looks
//! like one is refused). Billing rows survive an erasure: they point at the person's
//! anonymous tombstone, and only the billing retention rule removes them.

use crate::Contexts;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::field::Field;
use crate::fold::bounded;
use crate::model::Jurisdiction;
pub(crate) mod migrations;
pub mod permissions;

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "licences",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

/// The reminders the dashboard offers: licences ending within these many days.
pub const REMINDER_WINDOWS: [i64; 3] = [30, 60, 90];

/// Who holds a licence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Licensee {
    Organisation(i64),
    Person(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermInput {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub seats: i64,
    /// In cents of the jurisdiction's currency.
    pub price_cents: i64,
    #[serde(default)]
    pub invoice_ref: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceInput {
    pub licensee: Licensee,
    /// The person the office writes to about it.
    #[serde(default)]
    pub contact_person_id: Option<i64>,
    pub product: String,
    pub code: String,
    #[serde(flatten)]
    pub term: TermInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenceTerm {
    pub id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub seats: i64,
    pub price_cents: i64,
    pub currency: String,
    pub invoice_ref: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Licence {
    pub id: i64,
    pub licensee: Licensee,
    /// The licensee's name; empty once an individual licensee was erased.
    pub licensee_name: String,
    pub contact_person_id: Option<i64>,
    pub contact_name: Option<String>,
    pub product: String,
    pub code: String,
    /// The terms, oldest first; the last is the current one.
    pub terms: Vec<LicenceTerm>,
    pub ends_on: NaiveDate,
    /// Days until the current term ends (negative once ended), on the office's day.
    pub days_left: i64,
    pub expired: bool,
    /// Still running and ending within the first reminder window: the list marks it.
    pub ending_soon: bool,
    /// The day a renewal's term starts: the day after the current one ends.
    pub next_starts_on: NaiveDate,
}

/// What the dashboard shows: licences ending within 30, 60 and 90 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenceSummary {
    pub windows: Vec<(i64, i64)>,
}

/// Whether a text holds a number of 13 to 19 digits (spaces and dashes inside it
/// aside) passing the Luhn check: a payment card number, which Carnet never keeps.
pub fn holds_card_number(text: &str) -> bool {
    let mut runs: Vec<Vec<u32>> = vec![vec![]];
    for c in text.chars() {
        match c.to_digit(10) {
            Some(d) => runs.last_mut().expect("one run at least").push(d),
            None if matches!(c, ' ' | '-') => {}
            None => runs.push(vec![]),
        }
    }
    runs.iter()
        .any(|run| (13..=19).contains(&run.len()) && luhn(run))
}

fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn currency(j: Jurisdiction) -> &'static str {
    match j {
        Jurisdiction::Quebec => "CAD",
        Jurisdiction::France => "EUR",
    }
}

fn check_term(t: &TermInput) -> Result<TermInput> {
    if t.ends_on < t.starts_on {
        return Err(Error::invalid(
            Field::LicenceDates,
            "the end is before the start",
        ));
    }
    if t.seats < 1 || t.seats > 1_000_000 {
        return Err(Error::invalid(Field::Seats, "is at least one seat"));
    }
    if t.price_cents < 0 || t.price_cents > 10_000_000_000 {
        return Err(Error::invalid(Field::Price, "is not a price"));
    }
    let invoice_ref = bounded(Field::InvoiceRef, &t.invoice_ref)?;
    if holds_card_number(&invoice_ref) {
        return Err(Error::invalid(
            Field::InvoiceRef,
            "looks like a payment card number: Carnet never keeps one",
        ));
    }
    Ok(TermInput {
        invoice_ref,
        ..t.clone()
    })
}

crate::contexts::handle! {
    /// Licences: `reg.licences().add(..)`, `.renew(..)`, `.all(now)`, `.summary(now)`.
    Licences
}

impl Licences<'_> {
    pub fn add(&self, input: &LicenceInput, now: DateTime<Utc>) -> Result<i64> {
        let product = bounded(Field::Product, &input.product)?;
        let code = bounded(Field::LicenceCode, &input.code)?;
        if product.is_empty() {
            return Err(Error::invalid(Field::Product, "name the product"));
        }
        if code.is_empty() {
            return Err(Error::invalid(Field::LicenceCode, "give the licence code"));
        }
        if holds_card_number(&code) {
            return Err(Error::invalid(
                Field::LicenceCode,
                "looks like a payment card number: Carnet never keeps one",
            ));
        }
        let term = check_term(&input.term)?;
        match input.licensee {
            Licensee::Person(id) if !self.people().exists(id)? => {
                return Err(Error::NotFound { entity: "person" })
            }
            Licensee::Organisation(id) => {
                self.org().organisation(id)?;
            }
            _ => {}
        }
        if let Some(c) = input.contact_person_id {
            if !self.people().exists(c)? {
                return Err(Error::NotFound { entity: "person" });
            }
        }
        let cur = currency(self.org().profile()?.jurisdiction);
        let stamp = crate::time::stamp(now);
        self.change(now, "licence.create", "licence", |tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM licences WHERE code = ?1)",
                [&code],
                |r| r.get(0),
            )?;
            if taken {
                return Err(Error::Conflict("a licence with this code already exists"));
            }
            let (person, org) = match input.licensee {
                Licensee::Person(id) => (Some(id), None),
                Licensee::Organisation(id) => (None, Some(id)),
            };
            tx.execute(
                "INSERT INTO licences (licensee_person_id, licensee_org_id, contact_person_id, product, code, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![person, org, input.contact_person_id, product, code, stamp],
            )?;
            let id = tx.last_insert_rowid();
            insert_term(tx, id, &term, cur, &stamp, tx.staff)?;
            Ok((Some(id), id))
        })
    }

    /// A renewal: a new term, kept in the licence's history. It starts after the
    /// current one ends (a renewal never rewrites a term already billed).
    pub fn renew(&self, id: i64, term: &TermInput, now: DateTime<Utc>) -> Result<()> {
        let licence = self.get(id, now)?;
        let term = check_term(term)?;
        if term.starts_on < licence.ends_on {
            return Err(Error::invalid(
                Field::LicenceDates,
                "a renewal starts when the current term ends, or later",
            ));
        }
        let cur = currency(self.org().profile()?.jurisdiction);
        let stamp = crate::time::stamp(now);
        self.change(now, "licence.renew", "licence", |tx| {
            insert_term(tx, id, &term, cur, &stamp, tx.staff)?;
            Ok((Some(id), ()))
        })
    }

    pub fn get(&self, id: i64, now: DateTime<Utc>) -> Result<Licence> {
        self.licences_where("WHERE l.id = ?1", [id], now)?
            .pop()
            .ok_or(Error::NotFound { entity: "licence" })
    }

    /// Every licence, the soonest to end first.
    pub fn all(&self, now: DateTime<Utc>) -> Result<Vec<Licence>> {
        let mut all = self.licences_where("", [], now)?;
        all.sort_by_key(|l| (l.ends_on, l.id));
        Ok(all)
    }

    fn licences_where<P: rusqlite::Params>(
        &self,
        filter: &str,
        params: P,
        now: DateTime<Utc>,
    ) -> Result<Vec<Licence>> {
        let today = self.local_day(now);
        type Row = (
            i64,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            String,
            String,
            Option<String>,
        );
        let rows: Vec<Row> = self.rows(
            &format!(
                "SELECT l.id, l.licensee_person_id, l.licensee_org_id, l.contact_person_id, l.product, l.code, o.name
                 FROM licences l LEFT JOIN organisations o ON o.id = l.licensee_org_id {filter} ORDER BY l.id"
            ),
            params,
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )?;
        let name_of = |id: i64| -> Result<Option<String>> {
            Ok(self
                .conn
                .query_row(
                    "SELECT given_name, family_name FROM people WHERE id = ?1 AND erased_on IS NULL",
                    [id],
                    |r| Ok(crate::people::display_name(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?)),
                )
                .optional()?)
        };
        rows.into_iter()
            .map(|(id, person, org, contact, product, code, org_name)| {
                let terms = self.rows(
                    "SELECT id, starts_on, ends_on, seats, price_cents, currency, invoice_ref, recorded_at
                     FROM licence_terms WHERE licence_id = ?1 ORDER BY ends_on, id",
                    [id],
                    |r| {
                        Ok(LicenceTerm {
                            id: r.get(0)?,
                            starts_on: r.get(1)?,
                            ends_on: r.get(2)?,
                            seats: r.get(3)?,
                            price_cents: r.get(4)?,
                            currency: r.get(5)?,
                            invoice_ref: r.get(6)?,
                            recorded_at: r.get(7)?,
                        })
                    },
                )?;
                let ends_on = terms.last().map(|t| t.ends_on).unwrap_or(today);
                let (licensee, licensee_name) = match (person, org) {
                    (Some(p), _) => (Licensee::Person(p), name_of(p)?.unwrap_or_default()),
                    (None, Some(o)) => (Licensee::Organisation(o), org_name.unwrap_or_default()),
                    (None, None) => return Err(Error::Storage("licence without licensee".into())),
                };
                Ok(Licence {
                    id,
                    licensee,
                    licensee_name,
                    contact_person_id: contact,
                    contact_name: match contact {
                        Some(c) => name_of(c)?,
                        None => None,
                    },
                    product,
                    code,
                    terms,
                    ends_on,
                    days_left: (ends_on - today).num_days(),
                    expired: ends_on < today,
                    ending_soon: ends_on >= today
                        && (ends_on - today).num_days() <= REMINDER_WINDOWS[0],
                    next_starts_on: ends_on.succ_opt().unwrap_or(ends_on),
                })
            })
            .collect()
    }

    /// Licences still running that end within each reminder window.
    pub fn summary(&self, now: DateTime<Utc>) -> Result<LicenceSummary> {
        let all = self.all(now)?;
        Ok(LicenceSummary {
            windows: REMINDER_WINDOWS
                .iter()
                .map(|&w| {
                    (
                        w,
                        all.iter()
                            .filter(|l| l.days_left >= 0 && l.days_left <= w)
                            .count() as i64,
                    )
                })
                .collect(),
        })
    }
}

fn insert_term(
    conn: &rusqlite::Connection,
    licence: i64,
    t: &TermInput,
    currency: &str,
    stamp: &str,
    staff: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO licence_terms (licence_id, starts_on, ends_on, seats, price_cents, currency, invoice_ref, recorded_at, staff)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        rusqlite::params![licence, t.starts_on, t.ends_on, t.seats, t.price_cents, currency, t.invoice_ref, stamp, staff],
    )?;
    Ok(())
}
