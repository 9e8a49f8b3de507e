//! People in the register, and the name search.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::field::Field;
use crate::fold::{self, bounded};
use crate::model::{Channel, Language};
use crate::time::age_on;

pub(crate) mod migrations;
mod page;
pub mod permissions;
pub use page::PersonPage;

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "people",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub country: String,
}

/// What is typed in for a person. The age is never stored: it comes from the birth date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonInput {
    pub given_name: String,
    pub family_name: String,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub phones: Vec<String>,
    #[serde(default)]
    pub address: Address,
    pub preferred_language: Language,
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    pub collection_channel: Channel,
    pub collected_on: NaiveDate,
    #[serde(default)]
    pub notes: String,
}

impl PersonInput {
    /// A person with only names, language and source set; other fields empty.
    pub fn named(given: &str, family: &str, channel: Channel, collected_on: NaiveDate) -> Self {
        PersonInput {
            given_name: given.into(),
            family_name: family.into(),
            emails: vec![],
            phones: vec![],
            address: Address::default(),
            preferred_language: Language::Fr,
            birth_date: None,
            collection_channel: channel,
            collected_on,
            notes: String::new(),
        }
    }

    /// Trims and NFC-normalises every text, then checks it.
    pub(crate) fn cleaned(&self, today: NaiveDate) -> Result<PersonInput> {
        let list = |items: &[String], field: Field| -> Result<Vec<String>> {
            let mut out = Vec::new();
            for i in items {
                let c = bounded(field, i)?;
                if !c.is_empty() {
                    out.push(c);
                }
            }
            Ok(out)
        };
        let c = PersonInput {
            given_name: bounded(Field::Name, &self.given_name)?,
            family_name: bounded(Field::Name, &self.family_name)?,
            emails: list(&self.emails, Field::Email)?,
            phones: list(&self.phones, Field::Phone)?,
            address: Address {
                street: bounded(Field::Street, &self.address.street)?,
                city: bounded(Field::City, &self.address.city)?,
                region: bounded(Field::Region, &self.address.region)?,
                postal_code: bounded(Field::PostalCode, &self.address.postal_code)?,
                country: bounded(Field::Country, &self.address.country)?,
            },
            preferred_language: self.preferred_language,
            birth_date: self.birth_date,
            collection_channel: self.collection_channel,
            collected_on: self.collected_on,
            notes: bounded(Field::Notes, &self.notes)?,
        };
        if c.given_name.is_empty() && c.family_name.is_empty() {
            return Err(Error::invalid(
                Field::Name,
                "a given name or a family name is required",
            ));
        }
        for e in &c.emails {
            if !looks_like_email(e) {
                return Err(Error::invalid(Field::Email, "is not an email address"));
            }
        }
        for p in &c.phones {
            if p.chars().filter(char::is_ascii_digit).count() < 3 {
                return Err(Error::invalid(Field::Phone, "needs at least three digits"));
            }
        }
        if let Some(b) = c.birth_date {
            if b > today {
                return Err(Error::invalid(Field::BirthDate, "is in the future"));
            }
            if age_on(b, today) > 130 {
                return Err(Error::invalid(
                    Field::BirthDate,
                    "is more than 130 years ago",
                ));
            }
        }
        if c.collected_on > today {
            return Err(Error::invalid(Field::CollectionDate, "is in the future"));
        }
        Ok(c)
    }
}

pub(crate) fn looks_like_email(e: &str) -> bool {
    match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.chars().any(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub id: i64,
    #[serde(flatten)]
    pub data: PersonInput,
    pub created_at: String,
    pub updated_at: String,
}

impl Person {
    pub fn age_on(&self, day: NaiveDate) -> Option<i32> {
        self.data.birth_date.map(|b| age_on(b, day))
    }

    pub fn display_name(&self) -> String {
        display_name(&self.data.given_name, &self.data.family_name)
    }
}

pub fn display_name(given: &str, family: &str) -> String {
    match (given.is_empty(), family.is_empty()) {
        (false, false) => format!("{given} {family}"),
        (true, _) => family.to_owned(),
        (_, true) => given.to_owned(),
    }
}

/// One line of a list or a search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonSummary {
    pub id: i64,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: Option<NaiveDate>,
}

const PERSON_COLUMNS: &str = "id, given_name, family_name, preferred_language, birth_date, street, city, region, postal_code, country, collection_channel, collected_on, notes, created_at, updated_at";

fn person_from_row(r: &Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        data: PersonInput {
            given_name: r.get(1)?,
            family_name: r.get(2)?,
            emails: vec![],
            phones: vec![],
            preferred_language: r.get(3)?,
            birth_date: r.get(4)?,
            address: Address {
                street: r.get(5)?,
                city: r.get(6)?,
                region: r.get(7)?,
                postal_code: r.get(8)?,
                country: r.get(9)?,
            },
            collection_channel: r.get(10)?,
            collected_on: r.get(11)?,
            notes: r.get(12)?,
        },
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
    })
}

pub(crate) fn sort_key(p: &PersonInput) -> String {
    format!(
        "{}\u{1}{}",
        fold::fold(&p.family_name),
        fold::fold(&p.given_name)
    )
}

/// Writes contacts and name tokens for a person (after removing the old ones).
fn write_derived(conn: &Connection, id: i64, p: &PersonInput) -> Result<()> {
    conn.prepare_cached("DELETE FROM person_contacts WHERE person_id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM name_tokens WHERE person_id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM name_initials WHERE person_id = ?1")?
        .execute([id])?;
    insert_derived(conn, id, p)
}

/// Contacts and name tokens of a person who has none yet.
fn insert_derived(conn: &Connection, id: i64, p: &PersonInput) -> Result<()> {
    let mut contact = conn.prepare_cached(
        "INSERT INTO person_contacts (person_id, kind, position, value) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, e) in p.emails.iter().enumerate() {
        contact.execute((id, "email", i as i64, e))?;
    }
    for (i, ph) in p.phones.iter().enumerate() {
        contact.execute((id, "phone", i as i64, ph))?;
    }
    let tokens = fold::tokens(&format!("{} {}", p.given_name, p.family_name));
    write_search_index(conn, id, &tokens)
}

/// A person's name tokens (each with the name's signature) and pairs of initials.
fn write_search_index(conn: &Connection, id: i64, tokens: &[String]) -> Result<()> {
    let sig = fold::name_signature(tokens);
    let mut token = conn.prepare_cached(
        "INSERT OR IGNORE INTO name_tokens (token, person_id, sig) VALUES (?1, ?2, ?3)",
    )?;
    for t in tokens {
        token.execute((t, id, sig))?;
    }
    let mut pair = conn.prepare_cached(
        "INSERT OR IGNORE INTO name_initials (pair, person_id, sig) VALUES (?1, ?2, ?3)",
    )?;
    for p in fold::initial_pairs(tokens) {
        pair.execute((p, id, sig))?;
    }
    Ok(())
}

/// Migration 14: the signatures and pairs of initials of everyone already registered
/// (erased people have no tokens left, so none).
pub(crate) fn fill_search_index(tx: &Connection) -> Result<()> {
    let mut by_person: std::collections::BTreeMap<i64, Vec<String>> = Default::default();
    {
        let mut stmt = tx.prepare("SELECT person_id, token FROM name_tokens")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            by_person.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
    }
    let mut sig = tx.prepare("UPDATE name_tokens SET sig = ?2 WHERE person_id = ?1")?;
    let mut pair = tx.prepare(
        "INSERT OR IGNORE INTO name_initials (pair, person_id, sig) VALUES (?1, ?2, ?3)",
    )?;
    for (id, mut tokens) in by_person {
        tokens.sort();
        let s = fold::name_signature(&tokens);
        sig.execute((id, s))?;
        for p in fold::initial_pairs(&tokens) {
            pair.execute((p, id, s))?;
        }
    }
    Ok(())
}

pub(crate) fn insert_person(conn: &Connection, p: &PersonInput, now: &str) -> Result<i64> {
    let id = insert_person_row(conn, p, now)?;
    insert_derived(conn, id, p)?;
    Ok(id)
}

/// The contacts and name tokens of many new people, each table's rows in the order of
/// its key (tokens sorted first) and 250 rows per statement.
pub(crate) fn insert_derived_sorted(
    conn: &Connection,
    people: &[(i64, &PersonInput)],
) -> Result<()> {
    let mut tokens: Vec<(String, i64, i64)> = Vec::with_capacity(people.len() * 3);
    let mut pairs: Vec<(String, i64, i64)> = Vec::with_capacity(people.len() * 2);
    let mut contacts: Vec<(i64, &'static str, i64, &str)> = Vec::with_capacity(people.len());
    for (id, p) in people {
        let own = fold::tokens(&format!("{} {}", p.given_name, p.family_name));
        let sig = fold::name_signature(&own);
        for pair in fold::initial_pairs(&own) {
            pairs.push((pair, *id, sig));
        }
        for t in own {
            tokens.push((t, *id, sig));
        }
        for (i, e) in p.emails.iter().enumerate() {
            contacts.push((*id, "email", i as i64, e));
        }
        for (i, ph) in p.phones.iter().enumerate() {
            contacts.push((*id, "phone", i as i64, ph));
        }
    }
    // Tokens in the order of their key; contacts stay in the order of their person,
    // which is their key.
    tokens.sort_unstable();
    tokens.dedup();
    pairs.sort_unstable();
    for chunk in contacts.chunks(CHUNK) {
        let mut stmt = conn.prepare_cached(&many(
            "INSERT INTO person_contacts (person_id, kind, position, value) VALUES ",
            4,
            chunk.len(),
        ))?;
        let params: Vec<&dyn rusqlite::ToSql> = chunk
            .iter()
            .flat_map(|(id, kind, position, value)| {
                [id as &dyn rusqlite::ToSql, kind, position, value]
            })
            .collect();
        stmt.execute(params.as_slice())?;
    }
    for (table, rows) in [
        ("name_tokens (token", &tokens),
        ("name_initials (pair", &pairs),
    ] {
        for chunk in rows.chunks(CHUNK) {
            let mut stmt = conn.prepare_cached(&many(
                &format!("INSERT OR IGNORE INTO {table}, person_id, sig) VALUES "),
                3,
                chunk.len(),
            ))?;
            let params: Vec<&dyn rusqlite::ToSql> = chunk
                .iter()
                .flat_map(|(t, id, sig)| [t as &dyn rusqlite::ToSql, id, sig])
                .collect();
            stmt.execute(params.as_slice())?;
        }
    }
    Ok(())
}

/// Rows per multi-row insert: one statement per 250 rows instead of one per row.
const CHUNK: usize = 250;

/// `head` followed by `rows` groups of `width` placeholders.
fn many(head: &str, width: usize, rows: usize) -> String {
    let group = format!("({})", vec!["?"; width].join(","));
    format!("{head}{}", vec![group; rows].join(","))
}

/// The row of a new person alone (contacts and name tokens apart).
pub(crate) fn insert_person_row(conn: &Connection, p: &PersonInput, now: &str) -> Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO people (given_name, family_name, sort_key, preferred_language, birth_date, street, city, region,
            postal_code, country, collection_channel, collected_on, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
    )?;
    stmt.execute(rusqlite::params![
        p.given_name,
        p.family_name,
        sort_key(p),
        p.preferred_language,
        p.birth_date,
        p.address.street,
        p.address.city,
        p.address.region,
        p.address.postal_code,
        p.address.country,
        p.collection_channel,
        p.collected_on,
        p.notes,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Rewrites a person's record (already cleaned), its contacts and name index, and the
/// keys their contest entries are judged by.
pub(crate) fn update_person_in(
    conn: &Connection,
    id: i64,
    p: &PersonInput,
    now: &str,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE people SET given_name = ?2, family_name = ?3, sort_key = ?4, preferred_language = ?5, birth_date = ?6,
           street = ?7, city = ?8, region = ?9, postal_code = ?10, country = ?11, collection_channel = ?12,
           collected_on = ?13, notes = ?14, updated_at = ?15 WHERE id = ?1 AND erased_on IS NULL",
        rusqlite::params![
            id,
            p.given_name,
            p.family_name,
            sort_key(p),
            p.preferred_language,
            p.birth_date,
            p.address.street,
            p.address.city,
            p.address.region,
            p.address.postal_code,
            p.address.country,
            p.collection_channel,
            p.collected_on,
            p.notes,
            now
        ],
    )?;
    if n == 0 {
        return Err(Error::NotFound { entity: "person" });
    }
    write_derived(conn, id, p)?;
    // A contest entry judges the record as it is now.
    crate::contests::keys::refresh(conn, id)
}

crate::contexts::handle! {
    /// People: `reg.people().add(..)`, `.get(id)`, `.search(..)`, `.page(id, now)`,
    /// `.record(id)`.
    People
}

impl People<'_> {
    /// The person (not erased) one of whose contacts is `email`, whatever its case.
    pub(crate) fn with_email(&self, email: &str) -> Result<Option<i64>> {
        let found: Vec<i64> = self.rows(
            "SELECT c.person_id FROM person_contacts c JOIN people p ON p.id = c.person_id
             WHERE c.kind = 'email' AND lower(c.value) = lower(?1) AND p.erased_on IS NULL LIMIT 1",
            [email.trim()],
            |r| r.get(0),
        )?;
        Ok(found.first().copied())
    }

    pub fn add(&self, input: &PersonInput, now: DateTime<Utc>) -> Result<i64> {
        Ok(self.add_many(std::slice::from_ref(input), now)?[0])
    }

    /// Adds many people in one transaction: all of them or, on the first invalid one,
    /// none. In a batch, the error names the failing row (1-based) and the field.
    pub fn add_many(&self, inputs: &[PersonInput], now: DateTime<Utc>) -> Result<Vec<i64>> {
        let today = self.local_day(now);
        let cleaned = inputs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                p.cleaned(today).map_err(|e| match e {
                    Error::InvalidInput { field, reason } if inputs.len() > 1 => {
                        Error::InvalidRow {
                            row: i + 1,
                            field,
                            reason,
                        }
                    }
                    other => other,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let stamp = crate::time::stamp(now);
        let tx = crate::register::write(&self.conn)?;
        let mut ids = Vec::with_capacity(cleaned.len());
        for p in &cleaned {
            let id = insert_person(&tx, p, &stamp)?;
            crate::register::audit::record(
                &tx,
                now,
                &self.staff,
                "person.create",
                "person",
                Some(id),
            )?;
            ids.push(id);
        }
        tx.commit()?;
        Ok(ids)
    }

    pub fn update(&self, id: i64, input: &PersonInput, now: DateTime<Utc>) -> Result<()> {
        let p = input.cleaned(self.local_day(now))?;
        let stamp = crate::time::stamp(now);
        self.change(now, "person.update", "person", |tx| {
            update_person_in(tx, id, &p, &stamp)?;
            Ok((Some(id), ()))
        })
    }

    pub fn get(&self, id: i64) -> Result<Person> {
        let mut p = self
            .conn
            .query_row(
                &format!("SELECT {PERSON_COLUMNS} FROM people WHERE id = ?1 AND erased_on IS NULL"),
                [id],
                person_from_row,
            )
            .optional()?
            .ok_or(Error::NotFound { entity: "person" })?;
        let contacts = self.rows(
            "SELECT kind, value FROM person_contacts WHERE person_id = ?1 ORDER BY kind, position",
            [id],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )?;
        for (kind, value) in contacts {
            if kind == "email" {
                p.data.emails.push(value)
            } else {
                p.data.phones.push(value)
            }
        }
        Ok(p)
    }

    pub(crate) fn exists(&self, id: i64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM people WHERE id = ?1 AND erased_on IS NULL)",
            [id],
            |r| r.get(0),
        )?)
    }

    /// People in alphabetical order (family name, then given name), a page at a time.
    pub fn list(&self, offset: u32, limit: u32) -> Result<Vec<PersonSummary>> {
        self.rows(
            "SELECT id, given_name, family_name, birth_date FROM people WHERE erased_on IS NULL
             ORDER BY sort_key, id LIMIT ?1 OFFSET ?2",
            [limit, offset],
            summary_from_row,
        )
    }

    pub fn count(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM people WHERE erased_on IS NULL",
            [],
            |r| r.get(0),
        )?)
    }

    /// People whose name has a part starting with each word of `query` (accents and case
    /// folded), at most `limit` of them.
    ///
    /// The word with the fewest matches (counted up to a cap) drives a range scan of the
    /// token index. When every word has more than the cap ("be mo"), two words are looked
    /// up in the pairs of prefixes (`name_initials`): only people with both are read. Either way, every scanned row carries its person's name
    /// signature, so the other words are first checked on the row itself (a bit mask) and
    /// only the few people whose signature has every bit cost an index probe per word.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<PersonSummary>> {
        use rusqlite::types::Value;
        let mut words = fold::tokens(query);
        if words.is_empty() {
            return self.list(0, limit as u32);
        }
        // How many name parts each word's range holds, counted up to a cap: the smallest
        // drives the scan. When every range is large, two of the words look up the pairs of
        // prefixes instead (`name_initials`), which hold only people with both.
        const CAP: i64 = 2000;
        let mut smallest = 0;
        if words.len() > 1 {
            let mut count = self.conn.prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM name_tokens WHERE token >= ?1 AND token < ?2 LIMIT 2000)",
            )?;
            let mut sized = Vec::with_capacity(words.len());
            for w in words {
                let n: i64 = count.query_row((&w, fold::prefix_end(&w)), |r| r.get(0))?;
                sized.push((n, std::cmp::Reverse(w.chars().count()), w));
            }
            sized.sort();
            smallest = sized[0].0;
            words = sized.into_iter().map(|(_, _, w)| w).collect();
        }
        let pair = if words.len() > 1 && smallest >= CAP {
            pair_key(&words)
        } else {
            None
        };
        let by_pair = pair.is_some();
        let (mut sql, mut params, checked) = match pair {
            Some(pair) => (
                String::from(
                    "SELECT p.id, p.given_name, p.family_name, p.birth_date FROM name_initials t JOIN people p ON p.id = t.person_id
                     WHERE t.pair = ?1 AND (t.sig & ?2) = ?2",
                ),
                vec![
                    Value::Text(pair),
                    Value::Integer(
                        words
                            .iter()
                            .fold(0, |m, w| m | fold::word_signature(w)),
                    ),
                ],
                &words[..],
            ),
            None => (
                String::from(
                        "SELECT p.id, p.given_name, p.family_name, p.birth_date FROM name_tokens t JOIN people p ON p.id = t.person_id
                         WHERE t.token >= ?1 AND t.token < ?2 AND (t.sig & ?3) = ?3",
                    ),
                    vec![
                        Value::Text(words[0].clone()),
                        Value::Text(fold::prefix_end(&words[0])),
                        Value::Integer(
                            words[1..]
                                .iter()
                                .fold(0, |m, w| m | fold::word_signature(w)),
                        ),
                    ],
                &words[1..],
            ),
        };
        // Each word left is checked exactly, for the rows whose signature let them through.
        for w in checked {
            let n = params.len();
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM name_tokens o WHERE o.person_id = t.person_id AND o.token >= ?{} AND o.token < ?{})",
                n + 1,
                n + 2
            ));
            params.push(Value::Text(w.clone()));
            params.push(Value::Text(fold::prefix_end(w)));
        }
        sql.push_str(if by_pair {
            " ORDER BY t.person_id"
        } else {
            " ORDER BY t.token, t.person_id"
        });
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let summary = summary_from_row(r)?;
            if seen.insert(summary.id) {
                out.push(summary);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }
}

/// The key of `name_initials` two of the query's words can use: two words neither of
/// which begins the other (so they name two different tokens), by their first two letters
/// when both have two, else by their initials.
fn pair_key(words: &[String]) -> Option<String> {
    let usable = |a: &String, b: &String| !a.starts_with(b.as_str()) && !b.starts_with(a.as_str());
    let mut initials = None;
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            if !usable(a, b) {
                continue;
            }
            if a.chars().count() >= 2 && b.chars().count() >= 2 {
                return Some(fold::prefix_pair(
                    fold::pair_prefix(a, 2),
                    fold::pair_prefix(b, 2),
                ));
            }
            initials.get_or_insert_with(|| {
                fold::prefix_pair(fold::pair_prefix(a, 1), fold::pair_prefix(b, 1))
            });
        }
    }
    initials
}

fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<PersonSummary> {
    Ok(PersonSummary {
        id: r.get(0)?,
        given_name: r.get(1)?,
        family_name: r.get(2)?,
        birth_date: r.get(3)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_shapes() {
        for ok in ["a@b.ca", "zoe.lefevre@ecole.qc.ca", "é@exemple.fr"] {
            assert!(looks_like_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "a@b", "@b.ca", "a@.ca", "a@b.", "a b@c.ca", "a@b@c.ca",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}

#[cfg(test)]
mod full_disk;
