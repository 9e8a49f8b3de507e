//! Newsletter lists and the consent that proves each subscription.
//!
//! A list is a consent purpose (kind `communication`) with a name and tags: subscribing
//! is a grant on the ledger, unsubscribing a withdrawal, so the chain proves both. Each
//! subscription recorded here also has its **terms** — express, or implied (CASL) with
//! its source, the source's date and the expiry the law gives it, and the double-opt-in
//! confirmation when there is one — in `consent_terms`, append-only and tied to the
//! event's hash by a digest that `verify_ledger` checks.
//!
//! A withdrawal on a list (from the person's page, a request, the list or a mailing
//! tool's export) puts the person's addresses on the list's suppression list and, unless
//! the tool itself reported it, on the list of unsubscribes to carry out in the mailing
//! tool within ten business days. A suppressed, erased or undeliverable address is never
//! exported; an unsubscribe is never turned back into a subscription by an import, and an
//! express consent is never weakened into an implied one.

use crate::Contexts;
use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc, Weekday};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::consent::{ConsentAction, GivenBy, PurposeKind};
use crate::consent::{ConsentInput, PurposeWording};
use crate::error::{Error, Result};
use crate::family::Guardian;
use crate::field::Field;
use crate::fold::bounded;
use crate::model::Channel;
use crate::privacy::AddressKind;
use crate::time::stamp;

pub(crate) mod migrations;
pub mod permissions;
mod vocabulary;
pub use vocabulary::*;
mod tools;
pub use tools::{MailingExport, MailingImport, MailingImportReport, MailingStatus};

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "newsletter",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

/// Business days CASL gives to carry out an unsubscribe.
pub const UNSUBSCRIBE_BUSINESS_DAYS: u32 = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewsletterList {
    pub id: i64,
    pub purpose_id: i64,
    pub purpose_code: String,
    pub name: String,
    /// Tags given to every subscriber in a mailing tool (comma-separated).
    pub tags: String,
    /// Subscriptions in force today.
    pub subscribers: i64,
    /// Unsubscribes still to carry out in the mailing tool.
    pub pending_unsubscribes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListInput {
    pub name: String,
    #[serde(default)]
    pub tags: String,
    /// The wording a subscriber agrees to, in French and English.
    pub wording: PurposeWording,
}

/// A subscription to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub person_id: i64,
    pub list_id: i64,
    pub kind: ConsentKind,
    /// What an implied consent rests on, and when it happened.
    #[serde(default)]
    pub implied_source: Option<ImpliedSource>,
    #[serde(default)]
    pub source_on: Option<NaiveDate>,
    pub channel: Channel,
    #[serde(default = "person")]
    pub given_by: GivenBy,
    #[serde(default)]
    pub giver: Option<Guardian>,
    /// What proves it: the form, the email, the wording shown…
    pub evidence: String,
    pub occurred_at: DateTime<Utc>,
    /// When the person confirmed (double opt-in).
    #[serde(default)]
    pub confirmed_at: Option<DateTime<Utc>>,
}

fn person() -> GivenBy {
    GivenBy::Person
}

/// A person's subscription to a list as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubscriptionState {
    pub list_id: i64,
    pub list_name: String,
    pub person_id: i64,
    /// The latest event: a grant or a withdrawal.
    pub granted: bool,
    pub since: String,
    pub kind: ConsentKind,
    pub implied_source: Option<ImpliedSource>,
    pub source_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub confirmed_at: Option<String>,
    /// Granted and not expired on the day asked.
    pub in_force: bool,
    /// Days until an implied consent expires (negative once expired).
    pub days_left: Option<i64>,
}

/// A subscriber as a list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subscriber {
    pub name: String,
    pub email: Option<String>,
    #[serde(flatten)]
    pub state: SubscriptionState,
}

/// An unsubscribe to carry out in the mailing tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingUnsubscribe {
    pub seq: i64,
    pub list_id: i64,
    pub list_name: String,
    pub person_id: i64,
    pub name: String,
    pub email: Option<String>,
    pub withdrawn_at: String,
    pub due_on: NaiveDate,
    /// Calendar days left until the due day (negative: late).
    pub days_left: i64,
}

/// What the dashboard shows about newsletters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewsletterSummary {
    pub pending_unsubscribes: i64,
    pub overdue_unsubscribes: i64,
    /// The fewest days left among the pending ones.
    pub next_due_days: Option<i64>,
    /// Implied consents ending in the next 30 days.
    pub implied_expiring: i64,
}

/// `day` plus `n` business days (Monday to Friday; public holidays are not counted out).
pub fn add_business_days(day: NaiveDate, n: u32) -> NaiveDate {
    let mut d = day;
    let mut left = n;
    while left > 0 {
        d += Duration::days(1);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    d
}

/// When an implied consent from `source` on `on` ends.
pub fn implied_expiry(
    source: ImpliedSource,
    on: NaiveDate,
    j: crate::model::Jurisdiction,
) -> NaiveDate {
    on + Months::new(source.months(j))
}

/// The digest tying a subscription's terms to its event's hash.
fn terms_digest(
    event_hash: &[u8],
    kind: ConsentKind,
    source: Option<ImpliedSource>,
    source_on: Option<NaiveDate>,
    expires_on: Option<NaiveDate>,
    confirmed_at: Option<&str>,
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"carnet consent terms v1");
    let mut part = |b: &[u8]| {
        h.update((b.len() as u64).to_be_bytes());
        h.update(b);
    };
    part(event_hash);
    part(kind.as_str().as_bytes());
    part(source.map(|s| s.as_str()).unwrap_or("").as_bytes());
    part(
        source_on
            .map(|d| d.to_string())
            .unwrap_or_default()
            .as_bytes(),
    );
    part(
        expires_on
            .map(|d| d.to_string())
            .unwrap_or_default()
            .as_bytes(),
    );
    part(confirmed_at.unwrap_or("").as_bytes());
    h.finalize().into()
}

/// Terms rows whose digest no longer matches their event: edited behind Carnet's back.
pub(crate) fn altered_terms(conn: &Connection) -> Result<Vec<i64>> {
    let rows: Vec<(i64, Vec<u8>, TermsRow, Vec<u8>)> = crate::register::rows(
        conn,
        "SELECT t.seq, e.hash, t.kind, t.implied_source, t.source_on, t.expires_on, t.confirmed_at, t.digest
         FROM consent_terms t JOIN consent_events e ON e.seq = t.seq ORDER BY t.seq",
        [],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                TermsRow {
                    kind: r.get(2)?,
                    source: r.get(3)?,
                    source_on: r.get(4)?,
                    expires_on: r.get(5)?,
                    confirmed_at: r.get(6)?,
                },
                r.get(7)?,
            ))
        },
    )?;
    Ok(rows
        .into_iter()
        .filter(|(_, hash, t, digest)| {
            terms_digest(
                hash,
                t.kind,
                t.source,
                t.source_on,
                t.expires_on,
                t.confirmed_at.as_deref(),
            )[..]
                != digest[..]
        })
        .map(|(seq, ..)| seq)
        .collect())
}

struct TermsRow {
    kind: ConsentKind,
    source: Option<ImpliedSource>,
    source_on: Option<NaiveDate>,
    expires_on: Option<NaiveDate>,
    confirmed_at: Option<String>,
}

/// The list a purpose is, if it is one.
fn list_of_purpose(conn: &Connection, purpose_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM newsletter_lists WHERE purpose_id = ?1",
            [purpose_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The keyed digests of a person's email addresses.
fn email_digests(conn: &Connection, key: &[u8; 32], person_id: i64) -> Result<Vec<[u8; 32]>> {
    let emails: Vec<String> = crate::register::rows(
        conn,
        "SELECT value FROM person_contacts WHERE person_id = ?1 AND kind = 'email'",
        [person_id],
        |r| r.get(0),
    )?;
    Ok(emails
        .iter()
        .map(|e| crate::privacy::address_digest(key, AddressKind::Email, e))
        .collect())
}

/// Where a withdrawal came from: the office carries it out in the mailing tool; one
/// the tool reported is already done there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnsubscribeSource {
    Office,
    MailingTool,
}

/// An event just appended to the ledger.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Appended {
    pub seq: i64,
    pub purpose_id: i64,
    pub person_id: i64,
    pub action: ConsentAction,
}

/// After an event is appended: a withdrawal from a list suppresses the person's
/// addresses for that list and, when the office recorded it, becomes an unsubscribe to
/// carry out in the mailing tool.
pub(crate) fn after_event(
    conn: &Connection,
    key: &[u8; 32],
    event: Appended,
    day: NaiveDate,
    source: UnsubscribeSource,
) -> Result<()> {
    let Appended {
        seq,
        purpose_id,
        person_id,
        action,
    } = event;
    if action != ConsentAction::Withdrawn {
        return Ok(());
    }
    let Some(list) = list_of_purpose(conn, purpose_id)? else {
        return Ok(());
    };
    let mut suppress = conn.prepare_cached(
        "INSERT OR IGNORE INTO list_suppressions (list_id, digest, added_on) VALUES (?1, ?2, ?3)",
    )?;
    for d in email_digests(conn, key, person_id)? {
        suppress.execute(rusqlite::params![list, &d[..], day])?;
    }
    let (due, done, source) = match source {
        UnsubscribeSource::Office => (
            add_business_days(day, UNSUBSCRIBE_BUSINESS_DAYS),
            None,
            "office",
        ),
        UnsubscribeSource::MailingTool => (day, Some(day), "mailing_tool"),
    };
    conn.prepare_cached(
        "INSERT INTO unsubscribes (seq, list_id, due_on, done_on, source) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(rusqlite::params![seq, list, due, done, source])?;
    Ok(())
}

crate::contexts::handle! {
    /// Newsletters: `reg.newsletter().lists(now)`, `.subscribe(..)`, the mailing tools
    /// files.
    Newsletter
}

impl Newsletter<'_> {
    pub fn lists(&self, now: DateTime<Utc>) -> Result<Vec<NewsletterList>> {
        let lists: Vec<(i64, i64, String, String, String)> = self.rows(
            "SELECT l.id, l.purpose_id, p.code, l.name, l.tags FROM newsletter_lists l
             JOIN purposes p ON p.id = l.purpose_id ORDER BY l.name, l.id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        let today = self.local_day(now);
        lists
            .into_iter()
            .map(|(id, purpose_id, code, name, tags)| {
                let subscribers = self
                    .list_states(id, today)?
                    .iter()
                    .filter(|s| s.in_force)
                    .count() as i64;
                let pending_unsubscribes = self.conn.query_row(
                    "SELECT count(*) FROM unsubscribes WHERE list_id = ?1 AND done_on IS NULL",
                    [id],
                    |r| r.get(0),
                )?;
                Ok(NewsletterList {
                    id,
                    purpose_id,
                    purpose_code: code,
                    name,
                    tags,
                    subscribers,
                    pending_unsubscribes,
                })
            })
            .collect()
    }

    pub fn list(&self, id: i64, now: DateTime<Utc>) -> Result<NewsletterList> {
        self.lists(now)?
            .into_iter()
            .find(|l| l.id == id)
            .ok_or(Error::NotFound { entity: "list" })
    }

    /// A new list: its consent purpose (the wording subscribers agree to, in force from
    /// `effective_on`) and its name.
    pub fn add_list(
        &self,
        input: &ListInput,
        effective_on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.require(crate::accounts::Permission::ConsentCatalogue)?;
        let name = bounded(Field::ListName, &input.name)?;
        if name.is_empty() {
            return Err(Error::invalid(Field::ListName, "give the list a name"));
        }
        let tags = bounded(Field::ListName, &input.tags)?;
        let code = format!(
            "list_{}",
            crate::fold::fold(&name)
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect::<String>()
        );
        let taken: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM newsletter_lists WHERE name = ?1)",
            [&name],
            |r| r.get(0),
        )?;
        if taken {
            return Err(Error::Conflict("a list with this name already exists"));
        }
        let purpose = self.consent().add_purpose(
            &code,
            PurposeKind::Communication,
            &input.wording,
            effective_on,
            now,
        )?;
        self.change(now, "newsletter.list_create", "newsletter_list", |tx| {
            tx.execute(
                "INSERT INTO newsletter_lists (purpose_id, name, tags) VALUES (?1, ?2, ?3)",
                rusqlite::params![purpose, name, tags],
            )?;
            let id = tx.last_insert_rowid();
            Ok((Some(id), id))
        })
    }

    fn list_purpose(&self, list_id: i64) -> Result<(i64, String, String)> {
        self.conn
            .query_row(
                "SELECT l.purpose_id, p.code, l.name FROM newsletter_lists l JOIN purposes p ON p.id = l.purpose_id WHERE l.id = ?1",
                [list_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(Error::NotFound { entity: "list" })
    }

    /// Records a subscription: a grant on the ledger and its terms, in one transaction.
    /// An implied consent needs its source and date, and is refused when it would
    /// already have ended, when the person's express consent is in force (never weakened)
    /// or when they unsubscribed (an unsubscribe is only undone by an express consent).
    pub fn subscribe(&self, s: &Subscription, now: DateTime<Utc>) -> Result<i64> {
        let (_, code, _) = self.list_purpose(s.list_id)?;
        let day = self.local_day(s.occurred_at);
        let today = self.local_day(now);
        let jurisdiction = self.org().profile()?.jurisdiction;
        let (source, source_on, expires_on) = match s.kind {
            ConsentKind::Express => {
                if s.implied_source.is_some() {
                    return Err(Error::invalid(
                        Field::ImpliedSource,
                        "is only given for an implied consent",
                    ));
                }
                (None, None, None)
            }
            ConsentKind::Implied => {
                let source = s.implied_source.ok_or(Error::invalid(
                    Field::ImpliedSource,
                    "say what the implied consent rests on (a purchase, a membership…)",
                ))?;
                let on = s.source_on.ok_or(Error::invalid(
                    Field::SourceDate,
                    "give the date of the purchase, membership or inquiry",
                ))?;
                if on > day {
                    return Err(Error::invalid(
                        Field::SourceDate,
                        "is after the consent's date",
                    ));
                }
                let ends = implied_expiry(source, on, jurisdiction);
                if ends <= today {
                    return Err(Error::invalid(
                        Field::SourceDate,
                        "is too long ago: the implied consent has already ended",
                    ));
                }
                (Some(source), Some(on), Some(ends))
            }
        };
        if let Some(c) = s.confirmed_at {
            if c < s.occurred_at || c > now + Duration::minutes(5) {
                return Err(Error::invalid(
                    Field::ConfirmDate,
                    "is before the subscription or in the future",
                ));
            }
        }
        if let Some(current) = self.subscription_state(s.person_id, s.list_id, now)? {
            if s.kind == ConsentKind::Implied {
                if !current.granted {
                    return Err(Error::Conflict(
                        "the person unsubscribed: only their express consent subscribes them again",
                    ));
                }
                if current.in_force && current.kind == ConsentKind::Express {
                    return Err(Error::Conflict(
                        "an express consent is in force: an implied one never replaces it",
                    ));
                }
            }
        }
        let checked = self.consent().check(
            &ConsentInput {
                person_id: s.person_id,
                purpose: code,
                purpose_version: None,
                action: ConsentAction::Granted,
                channel: s.channel,
                given_by: s.given_by,
                giver: s.giver,
                evidence: s.evidence.clone(),
                occurred_at: s.occurred_at,
            },
            now,
        )?;
        let key = self.suppression_key();
        let staff = self.staff.clone();
        let tx = crate::register::write(&self.conn)?;
        let seq = crate::consent::append_event(&tx, &staff, &checked, now)?;
        write_terms(
            &tx,
            seq,
            s.kind,
            source,
            source_on,
            expires_on,
            s.confirmed_at.map(stamp).as_deref(),
        )?;
        if s.kind == ConsentKind::Express {
            // The person asked again: their addresses may receive this list again.
            for d in email_digests(&tx, &key, s.person_id)? {
                tx.execute(
                    "DELETE FROM list_suppressions WHERE list_id = ?1 AND digest = ?2",
                    rusqlite::params![s.list_id, &d[..]],
                )?;
            }
        }
        tx.commit()?;
        Ok(seq)
    }

    /// Unsubscribes a person from a list: a withdrawal on the ledger, the addresses
    /// suppressed for the list, and an unsubscribe to carry out in the mailing tool.
    pub fn unsubscribe(
        &self,
        person_id: i64,
        list_id: i64,
        channel: Channel,
        evidence: &str,
        occurred_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let (_, code, _) = self.list_purpose(list_id)?;
        match self.subscription_state(person_id, list_id, now)? {
            Some(s) if s.granted => {}
            _ => return Err(Error::Conflict("the person is not subscribed to this list")),
        }
        let event = self.consent().record(
            &ConsentInput {
                person_id,
                purpose: code,
                purpose_version: None,
                action: ConsentAction::Withdrawn,
                channel,
                given_by: GivenBy::Person,
                giver: None,
                evidence: evidence.to_owned(),
                occurred_at,
            },
            now,
        )?;
        Ok(event.seq)
    }

    /// A person's subscription to a list, or `None` when they never answered.
    pub fn subscription_state(
        &self,
        person_id: i64,
        list_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<SubscriptionState>> {
        let today = self.local_day(now);
        Ok(self
            .states(
                "AND e.person_id = ?2",
                rusqlite::params![list_id, person_id],
                today,
            )?
            .into_iter()
            .next())
    }

    /// Every subscription of a person, list by list.
    pub fn subscriptions_of(
        &self,
        person_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<SubscriptionState>> {
        let lists: Vec<i64> =
            self.rows("SELECT id FROM newsletter_lists ORDER BY id", [], |r| {
                r.get(0)
            })?;
        let mut out = Vec::new();
        for l in lists {
            if let Some(s) = self.subscription_state(person_id, l, now)? {
                out.push(s);
            }
        }
        Ok(out)
    }

    fn list_states(&self, list_id: i64, today: NaiveDate) -> Result<Vec<SubscriptionState>> {
        self.states("", [list_id], today)
    }

    /// The latest event of each person for a list's purpose (by when it happened, then
    /// by when it was recorded), with its terms.
    fn states<P: rusqlite::Params>(
        &self,
        filter: &str,
        params: P,
        today: NaiveDate,
    ) -> Result<Vec<SubscriptionState>> {
        let sql = format!(
            "SELECT l.id, l.name, e.person_id, e.action, e.occurred_at, t.kind, t.implied_source, t.source_on,
                    t.expires_on, t.confirmed_at
             FROM newsletter_lists l
             JOIN consent_events e ON e.purpose_id = l.purpose_id
             JOIN people p ON p.id = e.person_id AND p.erased_on IS NULL
             LEFT JOIN consent_terms t ON t.seq = e.seq
             WHERE l.id = ?1 {filter}
               AND NOT EXISTS (SELECT 1 FROM consent_events n WHERE n.purpose_id = e.purpose_id
                     AND n.person_id = e.person_id
                     AND (n.occurred_at > e.occurred_at OR (n.occurred_at = e.occurred_at AND n.seq > e.seq)))
             ORDER BY p.sort_key, p.id"
        );
        self.rows(&sql, params, |r| {
            let granted = r.get::<_, ConsentAction>(3)? == ConsentAction::Granted;
            let expires_on: Option<NaiveDate> = r.get(8)?;
            Ok(SubscriptionState {
                list_id: r.get(0)?,
                list_name: r.get(1)?,
                person_id: r.get(2)?,
                granted,
                since: r.get(4)?,
                kind: r
                    .get::<_, Option<ConsentKind>>(5)?
                    .unwrap_or(ConsentKind::Express),
                implied_source: r.get(6)?,
                source_on: r.get(7)?,
                expires_on,
                confirmed_at: r.get(9)?,
                in_force: granted && expires_on.is_none_or(|e| e > today),
                days_left: expires_on.map(|e| (e - today).num_days()),
            })
        })
    }

    /// A list's people with their subscription (in force or not), and the address a
    /// mailing would use.
    pub fn subscribers(&self, list_id: i64, now: DateTime<Utc>) -> Result<Vec<Subscriber>> {
        self.list_purpose(list_id)?;
        let today = self.local_day(now);
        let states = self.list_states(list_id, today)?;
        let key = self.suppression_key();
        let blocked = self.blocked_digests(list_id)?;
        states
            .into_iter()
            .map(|state| {
                let p = self.people().get(state.person_id)?;
                let email = p
                    .data
                    .emails
                    .iter()
                    .find(|e| {
                        !blocked.contains(&crate::privacy::address_digest(
                            &key,
                            AddressKind::Email,
                            e,
                        ))
                    })
                    .cloned();
                Ok(Subscriber {
                    name: p.display_name(),
                    email,
                    state,
                })
            })
            .collect()
    }

    /// Digests a list must never be sent to: erased addresses, the list's unsubscribed
    /// ones, and those the mailing tool reported undeliverable.
    pub(crate) fn blocked_digests(&self, list_id: i64) -> Result<HashSet<[u8; 32]>> {
        let rows: Vec<Vec<u8>> = self.rows(
            "SELECT digest FROM suppressed_addresses WHERE kind = 'email'
             UNION SELECT digest FROM list_suppressions WHERE list_id = ?1
             UNION SELECT digest FROM undeliverable_addresses",
            [list_id],
            |r| r.get(0),
        )?;
        Ok(rows
            .into_iter()
            .filter_map(|d| <[u8; 32]>::try_from(d.as_slice()).ok())
            .collect())
    }

    /// Unsubscribes still to carry out in the mailing tool, the most pressing first.
    pub fn pending_unsubscribes(&self, now: DateTime<Utc>) -> Result<Vec<PendingUnsubscribe>> {
        let today = self.local_day(now);
        let rows: Vec<(i64, i64, String, i64, String, NaiveDate)> = self.rows(
            "SELECT u.seq, u.list_id, l.name, e.person_id, e.occurred_at, u.due_on
             FROM unsubscribes u JOIN newsletter_lists l ON l.id = u.list_id
             JOIN consent_events e ON e.seq = u.seq
             WHERE u.done_on IS NULL ORDER BY u.due_on, u.seq",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )?;
        rows.into_iter()
            .map(|(seq, list_id, list_name, person_id, at, due_on)| {
                let p = self.people().get(person_id).ok();
                Ok(PendingUnsubscribe {
                    seq,
                    list_id,
                    list_name,
                    person_id,
                    name: p.as_ref().map(|p| p.display_name()).unwrap_or_default(),
                    email: p.and_then(|p| p.data.emails.first().cloned()),
                    withdrawn_at: at,
                    due_on,
                    days_left: (due_on - today).num_days(),
                })
            })
            .collect()
    }

    /// The office carried out a list's pending unsubscribes in the mailing tool.
    pub fn unsubscribes_done(&self, list_id: i64, now: DateTime<Utc>) -> Result<usize> {
        self.list_purpose(list_id)?;
        let today = self.local_day(now);
        self.change(
            now,
            "newsletter.unsubscribes_done",
            "newsletter_list",
            |tx| {
                let n = tx.execute(
                    "UPDATE unsubscribes SET done_on = ?2 WHERE list_id = ?1 AND done_on IS NULL",
                    rusqlite::params![list_id, today],
                )?;
                Ok((Some(list_id), n))
            },
        )
    }

    pub fn summary(&self, now: DateTime<Utc>) -> Result<NewsletterSummary> {
        let today = self.local_day(now);
        let pending = self.pending_unsubscribes(now)?;
        let implied_expiring = self.conn.query_row(
            "SELECT count(*) FROM consent_terms t JOIN consent_events e ON e.seq = t.seq
             JOIN people p ON p.id = e.person_id AND p.erased_on IS NULL
             WHERE t.expires_on > ?1 AND t.expires_on <= ?2
               AND NOT EXISTS (SELECT 1 FROM consent_events n WHERE n.purpose_id = e.purpose_id
                     AND n.person_id = e.person_id
                     AND (n.occurred_at > e.occurred_at OR (n.occurred_at = e.occurred_at AND n.seq > e.seq)))",
            rusqlite::params![today, today + Duration::days(30)],
            |r| r.get(0),
        )?;
        Ok(NewsletterSummary {
            pending_unsubscribes: pending.len() as i64,
            overdue_unsubscribes: pending.iter().filter(|p| p.days_left < 0).count() as i64,
            next_due_days: pending.iter().map(|p| p.days_left).min(),
            implied_expiring,
        })
    }
}

pub(crate) fn write_terms(
    conn: &Connection,
    seq: i64,
    kind: ConsentKind,
    source: Option<ImpliedSource>,
    source_on: Option<NaiveDate>,
    expires_on: Option<NaiveDate>,
    confirmed_at: Option<&str>,
) -> Result<()> {
    let hash: Vec<u8> = conn.query_row(
        "SELECT hash FROM consent_events WHERE seq = ?1",
        [seq],
        |r| r.get(0),
    )?;
    let digest = terms_digest(&hash, kind, source, source_on, expires_on, confirmed_at);
    conn.prepare_cached(
        "INSERT INTO consent_terms (seq, kind, implied_source, source_on, expires_on, confirmed_at, digest)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(rusqlite::params![
        seq,
        kind,
        source,
        source_on,
        expires_on,
        confirmed_at,
        &digest[..]
    ])?;
    Ok(())
}
