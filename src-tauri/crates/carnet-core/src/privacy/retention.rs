//! Retention rules per category of data, a preview of what is due on a given day, and
//! the purge that carries it out and writes a report of counts (never names).
//!
//! - **Former people**: no active membership, no consent in force, no open request, no
//!   hold, and nothing happening (record, membership, consent, request) since the cut-off:
//!   erased exactly as an erasure request would (the ledger keeps its anonymous events).
//!   A guardian goes only with all of their children. Erasures a hold deferred are
//!   completed once the hold has ended.
//! - **Closed requests**: the free text of requests closed before the cut-off is blanked;
//!   the record that a request was received and answered stays.
//! - **Audit log**: entries older than the cut-off are deleted.
//! - **Incidents**: the incident register's entries, five years at least after the office
//!   learned of them (the start of the period is not settled in Quebec's text: Carnet
//!   counts from the day the office learned of the incident, the later and safer date).
//!
//! - **Billing**: licences whose last term ended before the cut-off, with their terms.
//!   Accounting law sets the period: six years in Quebec (Tax Administration Act, s. 35),
//!   ten in France (Code de commerce, L123-22); a rule cannot be set shorter.
//!
//! The cut-off of a rule is the office's day minus the rule's months: a record whose last
//! activity falls *before* it is due; one on that day is not yet. Stored times are
//! compared with the cut-off as text (`2023-11-24T…` is not before `2023-11-24`), so the
//! indexes on them serve.

use crate::privacy::Privacy;
use crate::Contexts;
use chrono::{DateTime, Months, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::field::Field;
use crate::model::{Channel, Jurisdiction};
use crate::privacy::RetentionCategory;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RetentionRule {
    pub category: RetentionCategory,
    pub months: u32,
    /// The jurisdiction's default, shown beside the office's choice.
    pub default_months: u32,
    /// The fewest months the law allows (accounting records) and the most Carnet takes:
    /// the form's bounds, checked again by [`Privacy::set_retention`].
    pub min_months: u32,
    pub max_months: u32,
}

/// A retention rule keeps a record at most a hundred years.
pub const MAX_MONTHS: u32 = 1200;

impl RetentionCategory {
    /// Defaults: three years after the relationship ends for former members and contacts
    /// (the CNIL's usual figure, and within Quebec's "no longer than necessary"); five years
    /// for the proof of requests and for the audit log (the ordinary limitation period for
    /// a claim in both Quebec, three years, and France, five: the longer one).
    pub fn default_months(self, j: Jurisdiction) -> u32 {
        match self {
            RetentionCategory::Billing => self.min_months(j),
            RetentionCategory::FormerPeople => 36,
            RetentionCategory::ClosedRequests => 60,
            RetentionCategory::AuditLog => 60,
            RetentionCategory::Incidents => 60,
        }
    }

    /// The shortest a rule may be: the incident register is kept five years (Quebec's
    /// regulation, s. 7).
    pub fn min_months(self, j: Jurisdiction) -> u32 {
        match (self, j) {
            (RetentionCategory::Incidents, _) => 60,
            (RetentionCategory::Billing, Jurisdiction::Quebec) => 72,
            (RetentionCategory::Billing, Jurisdiction::France) => 120,
            (_, _) => 1,
        }
    }
}

/// What one rule has due on the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDue {
    pub category: RetentionCategory,
    pub months: u32,
    pub cutoff: NaiveDate,
    pub due: i64,
    /// Records the rule would take that a legal hold keeps.
    pub held: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgePreview {
    pub day: NaiveDate,
    pub rules: Vec<RuleDue>,
    /// Erasures a hold had deferred, whose hold has now ended.
    pub deferred_erasures_due: i64,
    /// Contest entries whose contest retention has ended (each contest sets its own).
    pub contest_entries_due: i64,
    pub total_due: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    pub id: i64,
    pub at: String,
    pub staff: String,
    pub day: NaiveDate,
    pub rules: Vec<RuleDue>,
    pub deferred_erasures_completed: i64,
    #[serde(default)]
    pub contest_entries_purged: i64,
}

/// Licences whose last term ended before the cut-off (`?1`).
const BILLING_DUE: &str =
    "(SELECT max(ends_on) FROM licence_terms t WHERE t.licence_id = l.id) < ?1";

fn cutoff(today: NaiveDate, months: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// Fills `temp.purge_people` with the former people due at `cut` (holds excluded, and
/// guardians only with all their children); returns how many a hold keeps back.
fn select_former(conn: &Connection, cut: NaiveDate, today: NaiveDate) -> Result<i64> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS purge_people (id INTEGER PRIMARY KEY, held INTEGER NOT NULL);
         DELETE FROM temp.purge_people;",
    )?;
    conn.execute(
        "INSERT INTO temp.purge_people (id, held)
         SELECT p.id, EXISTS (SELECT 1 FROM legal_holds h WHERE h.person_id = p.id AND h.until >= ?2)
         FROM people p
         WHERE p.erased_on IS NULL
           AND p.updated_at < ?1 AND p.collected_on < ?1
           AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id
                           AND (m.status = 'active' OR coalesce(m.ends_on, '9999-12-31') >= ?1))
           AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.person_id = p.id
                           AND (r.status IN ('received', 'identity_verified')
                                OR coalesce(r.responded_on, r.received_on) >= ?1))
           AND NOT EXISTS (SELECT 1 FROM consent_events e WHERE e.person_id = p.id
                           AND (e.occurred_at >= ?1
                                OR (e.action = 'granted' AND NOT EXISTS (
                                    SELECT 1 FROM consent_events w WHERE w.person_id = e.person_id
                                    AND w.purpose_id = e.purpose_id
                                    AND (w.occurred_at > e.occurred_at OR (w.occurred_at = e.occurred_at AND w.seq > e.seq))))))",
        rusqlite::params![cut, today],
    )?;
    // A guardian stays while one of their children stays.
    conn.execute(
        "DELETE FROM temp.purge_people WHERE id IN (
             SELECT g.guardian_person_id FROM guardianships g
             WHERE g.guardian_person_id IN (SELECT id FROM temp.purge_people)
               AND g.child_id NOT IN (SELECT id FROM temp.purge_people WHERE held = 0))",
        [],
    )?;
    let held: i64 = conn.query_row(
        "SELECT count(*) FROM temp.purge_people WHERE held = 1",
        [],
        |r| r.get(0),
    )?;
    conn.execute("DELETE FROM temp.purge_people WHERE held = 1", [])?;
    Ok(held)
}

const CLOSED_REQUESTS_DUE: &str =
    "FROM requests WHERE status NOT IN ('received', 'identity_verified')
    AND coalesce(responded_on, received_on) < ?1
    AND (notes <> '' OR decision <> '' OR requester_name <> '' OR extension_reason <> '')
    AND person_id NOT IN (SELECT person_id FROM legal_holds WHERE until >= ?2)";

const DEFERRED_DUE: &str = "FROM erasures e WHERE e.completed_on IS NULL AND e.deferred_until < ?1
    AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.person_id = e.person_id AND h.until >= ?1)";

impl Privacy<'_> {
    /// The rules in force: the office's months, or the jurisdiction's default.
    pub fn retention_rules(&self) -> Result<Vec<RetentionRule>> {
        let j = self.org().profile()?.jurisdiction;
        let set: Vec<(RetentionCategory, u32)> =
            self.rows("SELECT category, months FROM retention_rules", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        Ok(RetentionCategory::ALL
            .iter()
            .map(|&c| RetentionRule {
                category: c,
                months: set
                    .iter()
                    .find(|(k, _)| *k == c)
                    .map(|(_, m)| *m)
                    .unwrap_or(c.default_months(j)),
                default_months: c.default_months(j),
                min_months: c.min_months(j),
                max_months: MAX_MONTHS,
            })
            .collect())
    }

    pub fn set_retention(
        &self,
        category: RetentionCategory,
        months: u32,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.require(crate::accounts::Permission::Retention)?;
        if !(category.min_months(self.org().profile()?.jurisdiction)..=MAX_MONTHS).contains(&months)
        {
            return Err(Error::invalid(
                Field::RetentionMonths,
                "is shorter than the law allows or longer than 100 years",
            ));
        }
        self.change(now, "retention.set", "retention_rule", |tx| {
            tx.execute(
                "INSERT INTO retention_rules (category, months, updated_at, staff) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (category) DO UPDATE SET months = ?2, updated_at = ?3, staff = ?4",
                rusqlite::params![category, months, crate::time::stamp(now), tx.staff],
            )?;
            Ok((None, ()))
        })
    }

    /// What the rules have due on the office's day of `now`, without touching anything.
    pub fn purge_preview(&self, now: DateTime<Utc>) -> Result<PurgePreview> {
        let today = self.local_day(now);
        let mut rules = Vec::new();
        for rule in self.retention_rules()? {
            let cut = cutoff(today, rule.months);
            let (due, held) = match rule.category {
                RetentionCategory::FormerPeople => {
                    let held = select_former(&self.conn, cut, today)?;
                    let due: i64 =
                        self.conn
                            .query_row("SELECT count(*) FROM temp.purge_people", [], |r| {
                                r.get(0)
                            })?;
                    (due, held)
                }
                RetentionCategory::ClosedRequests => (
                    self.conn.query_row(
                        &format!("SELECT count(*) {CLOSED_REQUESTS_DUE}"),
                        rusqlite::params![cut, today],
                        |r| r.get(0),
                    )?,
                    0,
                ),
                RetentionCategory::AuditLog => (
                    self.conn.query_row(
                        "SELECT count(*) FROM audit_log WHERE at < ?1",
                        [cut],
                        |r| r.get(0),
                    )?,
                    0,
                ),
                RetentionCategory::Incidents => (
                    self.conn.query_row(
                        "SELECT count(*) FROM incidents WHERE learned_at < ?1",
                        [cut],
                        |r| r.get(0),
                    )?,
                    0,
                ),
                RetentionCategory::Billing => (
                    self.conn.query_row(
                        &format!("SELECT count(*) FROM licences l WHERE {BILLING_DUE}"),
                        [cut],
                        |r| r.get(0),
                    )?,
                    0,
                ),
            };
            rules.push(RuleDue {
                category: rule.category,
                months: rule.months,
                cutoff: cut,
                due,
                held,
            });
        }
        let deferred: i64 =
            self.conn
                .query_row(&format!("SELECT count(*) {DEFERRED_DUE}"), [today], |r| {
                    r.get(0)
                })?;
        let contest_entries = crate::contests::purge::select_due(&self.conn, today)?;
        Ok(PurgePreview {
            day: today,
            total_due: rules.iter().map(|r| r.due).sum::<i64>() + deferred + contest_entries,
            rules,
            deferred_erasures_due: deferred,
            contest_entries_due: contest_entries,
        })
    }

    /// Carries out what [`Privacy::purge_preview`] shows, in one transaction, and
    /// records a purge report of counts.
    pub fn purge(&self, now: DateTime<Utc>) -> Result<PurgeReport> {
        self.require(crate::accounts::Permission::Purge)?;
        if self.staff.is_empty() {
            return Err(Error::invalid(Field::Staff, "name the staff member"));
        }
        let today = self.local_day(now);
        let rules = self.retention_rules()?;
        let key = self.suppression_key();
        let staff = self.staff.clone();
        let stamp = crate::time::stamp(now);
        let tx = crate::register::write(&self.conn)?;
        let mut done = Vec::new();
        for rule in &rules {
            let cut = cutoff(today, rule.months);
            let mut held = 0;
            let count = match rule.category {
                RetentionCategory::FormerPeople => {
                    held = select_former(&tx, cut, today)?;
                    let ids: Vec<(i64, bool)> =
                        crate::register::rows(&tx, "SELECT id FROM temp.purge_people", [], |r| {
                            Ok((r.get(0)?, false))
                        })?;
                    super::erasure::fill_set(&tx, &ids)?;
                    let erased = super::erasure::execute_set(
                        &tx,
                        &staff,
                        &key,
                        Channel::Staff,
                        "retention",
                        today,
                        now,
                    )?;
                    tx.execute(
                        "INSERT INTO erasures (person_id, request_id, origin, executed_at, staff, completed_on, summary)
                         SELECT id, NULL, 'retention', ?1, ?2, ?3, '{}' FROM temp.erase_set",
                        rusqlite::params![stamp, staff, today],
                    )?;
                    erased.len() as i64
                }
                RetentionCategory::ClosedRequests => tx.execute(
                    &format!(
                        "UPDATE requests SET notes = '', decision = '', requester_name = '', extension_reason = ''
                         WHERE id IN (SELECT id {CLOSED_REQUESTS_DUE})"
                    ),
                    rusqlite::params![cut, today],
                )? as i64,
                RetentionCategory::AuditLog => {
                    tx.execute("DELETE FROM audit_log WHERE at < ?1", [cut])? as i64
                }
                RetentionCategory::Incidents => {
                    tx.execute("DELETE FROM incidents WHERE learned_at < ?1", [cut])? as i64
                }
                RetentionCategory::Billing => {
                    tx.execute(
                        &format!(
                            "DELETE FROM licence_terms WHERE licence_id IN (SELECT id FROM licences l WHERE {BILLING_DUE})"
                        ),
                        [cut],
                    )?;
                    tx.execute(
                        "DELETE FROM licences WHERE NOT EXISTS (SELECT 1 FROM licence_terms t WHERE t.licence_id = licences.id)",
                        [],
                    )? as i64
                }
            };
            done.push(RuleDue {
                category: rule.category,
                months: rule.months,
                cutoff: cut,
                due: count,
                held,
            });
        }
        // Contests whose retention has ended: entries go; people who were only entrants
        // are erased.
        let contest_entries = crate::contests::purge::select_due(&tx, today)?;
        let entrants = crate::contests::purge::purge_selected(&tx)?;
        let ids: Vec<(i64, bool)> = entrants.iter().map(|id| (*id, false)).collect();
        super::erasure::fill_set(&tx, &ids)?;
        super::erasure::execute_set(&tx, &staff, &key, Channel::Staff, "retention", today, now)?;
        tx.execute(
            "INSERT INTO erasures (person_id, request_id, origin, executed_at, staff, completed_on, summary)
             SELECT id, NULL, 'retention', ?1, ?2, ?3, '{}' FROM temp.erase_set",
            rusqlite::params![stamp, staff, today],
        )?;
        // Erasures a hold deferred, now that the hold is over.
        let deferred: Vec<(i64, bool)> = crate::register::rows(
            &tx,
            &format!("SELECT DISTINCT person_id {DEFERRED_DUE}"),
            [today],
            |r| Ok((r.get(0)?, false)),
        )?;
        super::erasure::fill_set(&tx, &deferred)?;
        super::erasure::execute_set(&tx, &staff, &key, Channel::Staff, "erasure", today, now)?;
        tx.execute(
            &format!(
                "UPDATE erasures SET completed_on = ?2 WHERE id IN (SELECT e.id {DEFERRED_DUE})"
            ),
            rusqlite::params![today, today],
        )?;
        tx.execute(
            "INSERT INTO purge_reports (at, staff, day, counts) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![
                stamp,
                staff,
                today,
                serde_json::to_string(&(&done, deferred.len(), contest_entries)).expect("counts")
            ],
        )?;
        let id = tx.last_insert_rowid();
        crate::register::audit::record(
            &tx,
            now,
            &staff,
            "retention.purge",
            "purge_report",
            Some(id),
        )?;
        tx.commit()?;
        self.scrub()?;
        self.backups().note_decisions();
        Ok(PurgeReport {
            id,
            at: stamp,
            staff,
            day: today,
            rules: done,
            deferred_erasures_completed: deferred.len() as i64,
            contest_entries_purged: contest_entries,
        })
    }

    /// Every purge report, most recent first.
    pub fn purge_reports(&self) -> Result<Vec<PurgeReport>> {
        self.rows(
            "SELECT id, at, staff, day, counts FROM purge_reports ORDER BY id DESC",
            [],
            |r| {
                let counts: String = r.get(4)?;
                let (rules, deferred, contest_entries): (Vec<RuleDue>, i64, i64) =
                    serde_json::from_str(&counts).unwrap_or_default();
                Ok(PurgeReport {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    staff: r.get(2)?,
                    day: r.get(3)?,
                    rules,
                    deferred_erasures_completed: deferred,
                    contest_entries_purged: contest_entries,
                })
            },
        )
    }
}

/// What the dashboard shows of privacy work to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PrivacySummary {
    /// Records the retention rules have due today.
    pub purge_due: i64,
    /// Incidents whose risk is not assessed, or whose notices are still to send.
    pub incidents_pending: i64,
    /// The consent ledger has a finding the person in charge has not acknowledged, or its
    /// tail no longer matches its head (a quick look; Settings runs the full check).
    pub ledger_needs_review: bool,
}

impl Privacy<'_> {
    pub fn summary(&self, now: DateTime<Utc>) -> Result<PrivacySummary> {
        use crate::incidents::Clock;
        Ok(PrivacySummary {
            purge_due: self.purge_preview(now)?.total_due,
            // Office staff do not see the incident register, nor its count.
            incidents_pending: match self.incidents().all(now) {
                Ok(list) => list
                    .iter()
                    .filter(|i| !matches!(i.clock, Clock::Notified { .. } | Clock::NotRequired))
                    .count() as i64,
                Err(Error::NotPermitted(_)) => 0,
                Err(e) => return Err(e),
            },
            ledger_needs_review: self.consent().ledger_needs_attention()?,
        })
    }
}
