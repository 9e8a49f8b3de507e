//! The consent ledger: append-only, hash-chained consent events from which the current
//! state is derived; `verify_ledger` names every event edited, removed or moved.

use crate::consent::Consent;
use crate::Contexts;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::{authority, chain};
use crate::consent::{ConsentAction, GivenBy};
use crate::error::{ConsentRule, Error, Result};
use crate::family::Guardian;
use crate::field::Field;
use crate::fold::bounded;
use crate::model::Channel;
use crate::time::stamp;

/// A consent change to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentInput {
    pub person_id: i64,
    /// Purpose code, e.g. `newsletter`.
    pub purpose: String,
    /// The wording version the person saw; by default the one in force at `occurred_at`.
    #[serde(default)]
    pub purpose_version: Option<i64>,
    pub action: ConsentAction,
    pub channel: Channel,
    pub given_by: GivenBy,
    /// The guardian or school, when `given_by` is not the person.
    #[serde(default)]
    pub giver: Option<Guardian>,
    /// What proves it: "signed paper form, binder 2026", "email of 3 May"…
    #[serde(default)]
    pub evidence: String,
    pub occurred_at: DateTime<Utc>,
}

/// A recorded consent event as stored (and as shown in a history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentEvent {
    pub seq: i64,
    pub person_id: i64,
    pub purpose_id: i64,
    pub purpose_code: String,
    pub purpose_version: i64,
    pub policy_version_id: Option<i64>,
    pub policy_label: Option<String>,
    pub action: ConsentAction,
    pub channel: Channel,
    pub given_by: GivenBy,
    pub giver_person_id: Option<i64>,
    pub giver_org_id: Option<i64>,
    pub evidence: String,
    pub staff: String,
    pub occurred_at: String,
    pub recorded_at: String,
}

/// The current state for one purpose, derived from the latest event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentState {
    pub purpose_code: String,
    pub granted: bool,
    pub since: String,
    pub seq: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum LedgerProblem {
    /// The event's content no longer matches its hash.
    Altered { seq: i64 },
    /// No event carries this number: it was removed.
    Missing { seq: i64 },
    /// The event does not follow the one before it: that one was rewritten, removed
    /// or moved.
    LinkBroken { seq: i64 },
    /// The ledger's head says more events were written than are there (or different
    /// ones): events were removed or changed at the end.
    HeadMismatch {
        recorded_count: i64,
        found_count: i64,
    },
    /// The purpose wording (or privacy policy) the event cites was edited afterwards.
    WordingAltered { seq: i64 },
    /// The evidence text no longer matches the digest the chain holds.
    EvidenceAltered { seq: i64 },
    /// The evidence text is gone, though the person was never erased.
    EvidenceMissing { seq: i64 },
    /// The terms of a subscription (express or implied, its source and expiry, its
    /// confirmation) no longer match the event they belong to.
    TermsAltered { seq: i64 },
    /// The triggers that keep the ledger append-only were missing or changed when the
    /// register was opened; they were put back.
    GuardsRestored,
}

/// Where a finding was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingOrigin {
    /// The check of the old chain when migration 7 re-anchored it.
    Migration,
    /// A withdrawal was recorded although the chain's tail did not match its head.
    Withdrawal,
    /// The person in charge reviewed the ledger and acknowledged what it showed.
    Review,
    /// The register was opened with its append-only triggers missing or changed.
    Open,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acknowledgement {
    pub at: String,
    pub by: String,
    pub note: String,
}

/// Problems recorded once, so they stay reported after the chain goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerFinding {
    pub id: i64,
    pub found_at: String,
    pub origin: FindingOrigin,
    pub problems: Vec<LedgerProblem>,
    pub acknowledged: Option<Acknowledgement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerReport {
    pub events: i64,
    pub head_hash: String,
    /// What recomputing the chain finds now.
    pub problems: Vec<LedgerProblem>,
    /// Every finding ever recorded, oldest first; they are never removed.
    pub findings: Vec<LedgerFinding>,
    /// True while a problem is not yet acknowledged by the person in charge.
    pub needs_review: bool,
}

impl LedgerReport {
    /// Never tampered with: no problem now and none ever recorded.
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty() && self.findings.is_empty()
    }
}

/// Walks a chain in `seq` order and names what does not fit; shared by the check of the
/// current chain and the migration's check of the old one.
pub(crate) struct ChainCheck {
    problems: Vec<LedgerProblem>,
    expected_prev: Vec<u8>,
    expected_seq: i64,
    found: i64,
}

impl ChainCheck {
    pub(crate) fn new(genesis: Vec<u8>) -> ChainCheck {
        ChainCheck {
            problems: Vec::new(),
            expected_prev: genesis,
            expected_seq: 1,
            found: 0,
        }
    }

    pub(crate) fn event(&mut self, seq: i64, prev: &[u8], hash: &[u8], recomputed: &[u8]) {
        self.found += 1;
        let gap = seq > self.expected_seq;
        for missing in self.expected_seq..seq.min(self.expected_seq + 100) {
            self.problems.push(LedgerProblem::Missing { seq: missing });
        }
        if prev != self.expected_prev && !gap {
            self.problems.push(LedgerProblem::LinkBroken { seq });
        }
        if recomputed != hash {
            self.problems.push(LedgerProblem::Altered { seq });
        }
        self.expected_prev = hash.to_vec();
        self.expected_seq = seq + 1;
    }

    pub(crate) fn note(&mut self, problem: LedgerProblem) {
        self.problems.push(problem);
    }

    pub(crate) fn finish(mut self, count: i64, last_hash: &[u8]) -> Vec<LedgerProblem> {
        if count != self.expected_seq - 1 || last_hash != self.expected_prev {
            self.problems.push(LedgerProblem::HeadMismatch {
                recorded_count: count,
                found_count: self.found,
            });
        }
        self.problems
    }
}

/// The triggers that keep the ledger (and what it cites) append-only. Checked at every
/// open: a missing or changed one is put back and recorded as a finding.
const GUARDS: &[(&str, &str)] = &[
    ("consent_events_no_update", "CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END"),
    ("consent_events_no_delete", "CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END"),
    ("consent_evidence_no_update", "CREATE TRIGGER consent_evidence_no_update BEFORE UPDATE ON consent_evidence BEGIN SELECT RAISE(ABORT, 'evidence is never edited, only erased'); END"),
    ("purpose_versions_no_update", "CREATE TRIGGER purpose_versions_no_update BEFORE UPDATE ON purpose_versions BEGIN SELECT RAISE(ABORT, 'a wording is never edited: add a version'); END"),
    ("purpose_versions_no_delete", "CREATE TRIGGER purpose_versions_no_delete BEFORE DELETE ON purpose_versions BEGIN SELECT RAISE(ABORT, 'a wording is never removed'); END"),
    ("policy_versions_no_update", "CREATE TRIGGER policy_versions_no_update BEFORE UPDATE ON policy_versions BEGIN SELECT RAISE(ABORT, 'a policy version is never edited: add one'); END"),
    ("policy_versions_no_delete", "CREATE TRIGGER policy_versions_no_delete BEFORE DELETE ON policy_versions BEGIN SELECT RAISE(ABORT, 'a policy version is never removed'); END"),
    ("request_consent_events_no_update", "CREATE TRIGGER request_consent_events_no_update BEFORE UPDATE ON request_consent_events BEGIN SELECT RAISE(ABORT, 'request links are append-only'); END"),
    ("request_consent_events_no_delete", "CREATE TRIGGER request_consent_events_no_delete BEFORE DELETE ON request_consent_events BEGIN SELECT RAISE(ABORT, 'request links are append-only'); END"),
    ("processing_versions_no_update", "CREATE TRIGGER processing_versions_no_update BEFORE UPDATE ON processing_versions BEGIN SELECT RAISE(ABORT, 'a processing register version is never edited: adopt a new one'); END"),
    ("processing_versions_no_delete", "CREATE TRIGGER processing_versions_no_delete BEFORE DELETE ON processing_versions BEGIN SELECT RAISE(ABORT, 'a processing register version is never removed'); END"),
    ("consent_terms_no_update", "CREATE TRIGGER consent_terms_no_update BEFORE UPDATE ON consent_terms BEGIN SELECT RAISE(ABORT, 'the terms of a consent are never edited'); END"),
    ("consent_terms_no_delete", "CREATE TRIGGER consent_terms_no_delete BEFORE DELETE ON consent_terms BEGIN SELECT RAISE(ABORT, 'the terms of a consent are never removed'); END"),
    ("ledger_findings_no_delete", "CREATE TRIGGER ledger_findings_no_delete BEFORE DELETE ON ledger_findings BEGIN SELECT RAISE(ABORT, 'findings are kept'); END"),
    ("ledger_findings_acknowledge_only", "CREATE TRIGGER ledger_findings_acknowledge_only BEFORE UPDATE ON ledger_findings WHEN OLD.acknowledged_at IS NOT NULL OR NEW.found_at IS NOT OLD.found_at OR NEW.origin IS NOT OLD.origin OR NEW.problems IS NOT OLD.problems OR NEW.recorded_count IS NOT OLD.recorded_count OR NEW.recorded_hash IS NOT OLD.recorded_hash OR NEW.tail_seq IS NOT OLD.tail_seq OR NEW.tail_hash IS NOT OLD.tail_hash BEGIN SELECT RAISE(ABORT, 'a finding is only acknowledged, once'); END"),
];

fn squeeze(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the trigger `name` is missing or says something else than `sql`.
fn guard_differs(conn: &Connection, name: &str, sql: &str) -> Result<bool> {
    let found: Option<String> = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.as_deref().map(squeeze) != Some(squeeze(sql)))
}

/// The table a guard's trigger is on.
fn guarded_table(sql: &str) -> &str {
    sql.split(" ON ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_default()
}

/// Whether a guard applies at this schema version (its table exists: migration 7
/// installs the guards of the tables it knows, later migrations create their own).
fn guard_applies(conn: &Connection, sql: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        [guarded_table(sql)],
        |r| r.get(0),
    )?)
}

/// Puts back every guard that is missing or differs from its text; returns how many.
pub(crate) fn install_guards(conn: &Connection) -> Result<usize> {
    let mut restored = 0;
    for (name, sql) in GUARDS {
        if guard_differs(conn, name, sql)? && guard_applies(conn, sql)? {
            conn.execute_batch(&format!("DROP TRIGGER IF EXISTS {name}; {sql};"))?;
            restored += 1;
        }
    }
    Ok(restored)
}

/// At open: the guards are checked and, if one had to be put back, the finding is kept
/// (dated by the last audited action, since opening has no clock).
pub(crate) fn check_guards(conn: &mut Connection) -> Result<()> {
    // A read first: opening a sound register on a read-only folder, or beside another
    // writer, takes no lock.
    let mut in_place = true;
    for (name, sql) in GUARDS {
        in_place &= !guard_differs(conn, name, sql)?;
    }
    if in_place {
        return Ok(());
    }
    let tx = crate::register::write(conn)?;
    if install_guards(&tx)? > 0 {
        let (count, hash) = head(&tx)?;
        let (tail_seq, tail_hash) = tail(&tx)?;
        let last: String =
            tx.query_row("SELECT coalesce(max(at), '') FROM audit_log", [], |r| {
                r.get(0)
            })?;
        record_finding(
            &tx,
            &last,
            FindingOrigin::Open,
            &[LedgerProblem::GuardsRestored],
            (count, &hash),
            (tail_seq, &tail_hash),
        )?;
        tx.commit()?;
    }
    Ok(())
}

fn record_finding(
    tx: &Connection,
    found_at: &str,
    origin: FindingOrigin,
    problems: &[LedgerProblem],
    recorded: (i64, &[u8]),
    tail: (i64, &[u8]),
) -> Result<()> {
    tx.execute(
        "INSERT INTO ledger_findings (found_at, origin, problems, recorded_count, recorded_hash, tail_seq, tail_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![
            found_at,
            serde_json::to_value(origin).expect("origin").as_str(),
            serde_json::to_string(problems).expect("problems serialise"),
            recorded.0,
            recorded.1,
            tail.0,
            tail.1
        ],
    )?;
    Ok(())
}

pub(crate) const EVENT_COLUMNS: &str = "e.seq, e.person_id, e.purpose_id, p.code, e.purpose_version, e.policy_version_id, v.label,
    e.action, e.channel, e.given_by, e.giver_person_id, e.giver_org_id, coalesce(x.text, ''), e.staff, e.occurred_at, e.recorded_at";

/// The joins [`EVENT_COLUMNS`] reads from, aliased `e` (events), `p`, `v` and `x` (evidence).
pub(crate) const EVENT_FROM: &str = "consent_events e JOIN purposes p ON p.id = e.purpose_id
    LEFT JOIN policy_versions v ON v.id = e.policy_version_id LEFT JOIN consent_evidence x ON x.seq = e.seq";

pub(crate) fn event_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ConsentEvent> {
    Ok(ConsentEvent {
        seq: r.get(0)?,
        person_id: r.get(1)?,
        purpose_id: r.get(2)?,
        purpose_code: r.get(3)?,
        purpose_version: r.get(4)?,
        policy_version_id: r.get(5)?,
        policy_label: r.get(6)?,
        action: r.get(7)?,
        channel: r.get(8)?,
        given_by: r.get(9)?,
        giver_person_id: r.get(10)?,
        giver_org_id: r.get(11)?,
        evidence: r.get(12)?,
        staff: r.get(13)?,
        occurred_at: r.get(14)?,
        recorded_at: r.get(15)?,
    })
}

fn head(conn: &Connection) -> Result<(i64, Vec<u8>)> {
    Ok(conn.query_row(
        "SELECT count, last_hash FROM ledger_head WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The last event as found (number and hash), or the genesis when there is none.
fn tail(conn: &Connection) -> Result<(i64, Vec<u8>)> {
    let last: Option<(i64, Vec<u8>)> = conn
        .query_row(
            "SELECT seq, hash FROM consent_events ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match last {
        Some(t) => Ok(t),
        None => Ok((
            0,
            conn.query_row("SELECT genesis FROM ledger_head WHERE id = 1", [], |r| {
                r.get(0)
            })?,
        )),
    }
}

/// A consent change that passed every check, ready to be chained.
pub(crate) struct CheckedEvent {
    pub(crate) person_id: i64,
    pub(crate) purpose_id: i64,
    version: i64,
    policy: Option<i64>,
    pub(crate) action: ConsentAction,
    channel: Channel,
    given_by: GivenBy,
    giver_person: Option<i64>,
    giver_org: Option<i64>,
    evidence: String,
    occurred: String,
}

impl CheckedEvent {
    /// An event given by the person themself, for a person Carnet creates in the same
    /// transaction (an adult as far as the register knows: no birth date) or a
    /// withdrawal a mailing tool reported (ending a consent needs no authority check).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn by_person(
        person_id: i64,
        purpose_id: i64,
        version: i64,
        policy: Option<i64>,
        action: ConsentAction,
        channel: Channel,
        evidence: String,
        occurred: DateTime<Utc>,
    ) -> CheckedEvent {
        CheckedEvent {
            person_id,
            purpose_id,
            version,
            policy,
            action,
            channel,
            given_by: GivenBy::Person,
            giver_person: None,
            giver_org: None,
            evidence,
            occurred: stamp(occurred),
        }
    }

    /// The withdrawal the office records when it erases a person (or purges a former
    /// one): it ends the consent under the wording last granted, with no authority
    /// check (ending a consent never needs one).
    pub(crate) fn withdrawal_by_office(
        person_id: i64,
        purpose_id: i64,
        version: i64,
        policy: Option<i64>,
        channel: Channel,
        evidence: &str,
        now: DateTime<Utc>,
    ) -> CheckedEvent {
        CheckedEvent {
            person_id,
            purpose_id,
            version,
            policy,
            action: ConsentAction::Withdrawn,
            channel,
            given_by: GivenBy::Person,
            giver_person: None,
            giver_org: None,
            evidence: evidence.to_owned(),
            occurred: stamp(now),
        }
    }
}

/// Appends a checked event at the end of the chain inside `tx` and returns its `seq`.
/// When the chain's tail no longer matches its head (events removed or added outside
/// Carnet), a grant is refused until the person in charge acknowledges the finding; a
/// withdrawal is never refused: the finding is recorded and the chain goes on from the
/// tail as found.
pub(crate) fn append_event(
    tx: &Transaction<'_>,
    staff: &str,
    e: &CheckedEvent,
    now: DateTime<Utc>,
) -> Result<i64> {
    let recorded = stamp(now);
    let (count, last_hash) = head(tx)?;
    let (tail_seq, tail_hash) = tail(tx)?;
    if tail_seq != count || tail_hash != last_hash {
        if e.action == ConsentAction::Granted {
            return Err(Error::LedgerTampered);
        }
        let found: i64 = tx.query_row("SELECT count(*) FROM consent_events", [], |r| r.get(0))?;
        record_finding(
            tx,
            &recorded,
            FindingOrigin::Withdrawal,
            &[LedgerProblem::HeadMismatch {
                recorded_count: count,
                found_count: found,
            }],
            (count, &last_hash),
            (tail_seq, &tail_hash),
        )?;
    }
    let seq = tail_seq + 1;
    let wording = chain::wording_digest(tx, e.purpose_id, e.version)?.ok_or(Error::NotFound {
        entity: "purpose version",
    })?;
    let policy = match e.policy {
        Some(id) => chain::policy_digest(tx, id)?,
        None => None,
    };
    let salt = chain::new_salt()?;
    let evidence = chain::evidence_digest(&salt, &e.evidence);
    let hash = chain::event_hash(
        &tail_hash,
        &chain::Hashed {
            seq,
            person_id: e.person_id,
            purpose_id: e.purpose_id,
            purpose_version: e.version,
            wording_digest: &wording,
            policy_version_id: e.policy,
            policy_digest: policy.as_ref().map(|p| &p[..]),
            action: e.action.as_str(),
            channel: e.channel.as_str(),
            given_by: e.given_by.as_str(),
            giver_person_id: e.giver_person,
            giver_org_id: e.giver_org,
            evidence_digest: &evidence,
            staff,
            occurred_at: &e.occurred,
            recorded_at: &recorded,
        },
    );
    tx.prepare_cached(
        "INSERT INTO consent_events (seq, person_id, purpose_id, purpose_version, wording_digest, policy_version_id,
            policy_digest, action, channel, given_by, giver_person_id, giver_org_id, evidence_digest, staff,
            occurred_at, recorded_at, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?
    .execute(rusqlite::params![
        seq, e.person_id, e.purpose_id, e.version, &wording[..], e.policy, policy.map(|p| p.to_vec()),
        e.action, e.channel, e.given_by, e.giver_person, e.giver_org, &evidence[..], staff, e.occurred,
        recorded, tail_hash, &hash[..]
    ])?;
    tx.prepare_cached("INSERT INTO consent_evidence (seq, salt, text) VALUES (?1, ?2, ?3)")?
        .execute(rusqlite::params![seq, &salt[..], e.evidence])?;
    tx.prepare_cached("UPDATE ledger_head SET count = ?1, last_hash = ?2 WHERE id = 1")?
        .execute((seq, hash.to_vec()))?;
    crate::register::audit::record(tx, now, staff, "consent.record", "consent_event", Some(seq))?;
    Ok(seq)
}

impl Consent<'_> {
    /// Records a consent given or withdrawn, after checking who may give it. The event
    /// is chained to the previous one and can never be edited afterwards.
    pub fn record(&self, input: &ConsentInput, now: DateTime<Utc>) -> Result<ConsentEvent> {
        let checked = self.check(input, now)?;
        let key = self.suppression_key();
        let day = self.local_day(input.occurred_at);
        let tx = crate::register::write(&self.conn)?;
        let seq = append_event(&tx, &self.staff, &checked, now)?;
        crate::newsletter::after_event(
            &tx,
            &key,
            crate::newsletter::Appended {
                seq,
                purpose_id: checked.purpose_id,
                person_id: checked.person_id,
                action: checked.action,
            },
            day,
            crate::newsletter::UnsubscribeSource::Office,
        )?;
        tx.commit()?;
        if checked.action == ConsentAction::Withdrawn {
            self.backups().note_decisions();
        }
        self.event(seq)
    }

    /// Checks a consent change against the register (staff named, dates, wording
    /// version, giver and authority) without writing anything.
    pub(crate) fn check(&self, input: &ConsentInput, now: DateTime<Utc>) -> Result<CheckedEvent> {
        if self.staff.is_empty() {
            return Err(Error::invalid(
                Field::Staff,
                "name the staff member who records the consent",
            ));
        }
        if input.occurred_at > now + chrono::Duration::minutes(5) {
            return Err(Error::invalid(Field::ConsentDate, "is in the future"));
        }
        let evidence = bounded(Field::Evidence, &input.evidence)?;
        if input.action == ConsentAction::Granted && evidence.is_empty() {
            return Err(Error::invalid(
                Field::Evidence,
                "say what proves the consent (form, email, call…)",
            ));
        }
        let person = self.people().get(input.person_id)?;
        let (purpose_id, active) = self.purpose_id(input.purpose.trim())?;
        if input.action == ConsentAction::Granted && !active {
            return Err(Error::ConsentRefused(ConsentRule::PurposeInactive));
        }
        // The office's day decides the age and the wording in force: 21:30 in Montreal on
        // the eve of a birthday is still the eve, though UTC has moved on.
        let day = self.local_day(input.occurred_at);
        let versions = self.purpose_versions(purpose_id)?;
        let version = match input.purpose_version {
            Some(v) => versions
                .iter()
                .find(|pv| pv.version == v)
                .ok_or(Error::NotFound {
                    entity: "purpose version",
                })?,
            None => versions
                .iter()
                .rev()
                .find(|pv| pv.effective_on <= day)
                .ok_or(Error::invalid(
                    Field::ConsentDate,
                    "is before the purpose's first wording",
                ))?,
        }
        .version;
        let policy = self.policy_in_force(day)?.map(|p| p.id);

        let (giver_person, giver_org) = match (input.given_by, input.giver) {
            (GivenBy::Person, None) => (None, None),
            (GivenBy::Person, Some(_)) => {
                return Err(Error::invalid(
                    Field::Giver,
                    "is only named when a guardian or a school gives the consent",
                ))
            }
            (GivenBy::Guardian | GivenBy::GuardianWithChild, Some(Guardian::Person(id))) => {
                (Some(id), None)
            }
            (GivenBy::School, Some(Guardian::Organisation(id))) => (None, Some(id)),
            (_, None) => {
                return Err(Error::invalid(
                    Field::Giver,
                    "name the guardian or school who gives the consent",
                ))
            }
            (_, Some(_)) => {
                return Err(Error::invalid(
                    Field::Giver,
                    "a guardian is a person and a school an organisation",
                ))
            }
        };
        let linked = match input.giver {
            Some(g) => self.family().is_guardian(input.person_id, g)?,
            None => true,
        };
        let profile = self.org().profile()?;
        authority(
            input.action,
            input.given_by,
            linked,
            profile.is_minor(person.age_on(day)),
            profile.jurisdiction,
            profile.age_of_consent(),
        )
        .map_err(Error::ConsentRefused)?;

        Ok(CheckedEvent {
            person_id: input.person_id,
            purpose_id,
            version,
            policy,
            action: input.action,
            channel: input.channel,
            given_by: input.given_by,
            giver_person,
            giver_org,
            evidence,
            occurred: stamp(input.occurred_at),
        })
    }

    pub(crate) fn event(&self, seq: i64) -> Result<ConsentEvent> {
        Ok(self.conn.query_row(
            &format!("SELECT {EVENT_COLUMNS} FROM {EVENT_FROM} WHERE e.seq = ?1"),
            [seq],
            event_from_row,
        )?)
    }

    /// Every consent event of a person, oldest first.
    pub fn history(&self, person_id: i64) -> Result<Vec<ConsentEvent>> {
        self.rows(
            &format!(
                "SELECT {EVENT_COLUMNS} FROM {EVENT_FROM} WHERE e.person_id = ?1 ORDER BY e.occurred_at, e.seq"
            ),
            [person_id],
            event_from_row,
        )
    }

    /// The current state per purpose: the latest event (by when it happened, then by
    /// when it was recorded) decides. Purposes never answered are absent.
    pub fn state(&self, person_id: i64) -> Result<Vec<ConsentState>> {
        let mut states: Vec<ConsentState> = Vec::new();
        for e in self.history(person_id)? {
            let state = ConsentState {
                purpose_code: e.purpose_code.clone(),
                granted: e.action == ConsentAction::Granted,
                since: e.occurred_at.clone(),
                seq: e.seq,
            };
            match states.iter_mut().find(|s| s.purpose_code == e.purpose_code) {
                Some(s) => *s = state,
                None => states.push(state),
            }
        }
        Ok(states)
    }

    /// Re-computes the whole chain (with the digests of the wordings and evidence it
    /// cites) and names every event edited, removed or moved, with every finding ever
    /// recorded.
    pub fn verify_ledger(&self) -> Result<LedgerReport> {
        let (count, last_hash): (i64, Vec<u8>) = head(&self.conn)?;
        let genesis: Vec<u8> =
            self.conn
                .query_row("SELECT genesis FROM ledger_head WHERE id = 1", [], |r| {
                    r.get(0)
                })?;
        let mut stmt = self.conn.prepare(
            "SELECT e.seq, e.person_id, e.purpose_id, e.purpose_version, e.wording_digest, e.policy_version_id,
                    e.policy_digest, e.action, e.channel, e.given_by, e.giver_person_id, e.giver_org_id,
                    e.evidence_digest, e.staff, e.occurred_at, e.recorded_at, e.prev_hash, e.hash,
                    x.salt, x.text,
                    (SELECT erased_on IS NOT NULL FROM people WHERE id = e.person_id)
                      OR coalesce((SELECT erased_on IS NOT NULL FROM people WHERE id = e.giver_person_id), 0)
             FROM consent_events e LEFT JOIN consent_evidence x ON x.seq = e.seq ORDER BY e.seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut check = ChainCheck::new(genesis);
        let mut wordings: HashMap<(i64, i64), Option<[u8; 32]>> = HashMap::new();
        let mut policies: HashMap<i64, Option<[u8; 32]>> = HashMap::new();
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let (purpose_id, version): (i64, i64) = (r.get(2)?, r.get(3)?);
            let wording: Vec<u8> = r.get(4)?;
            let policy_id: Option<i64> = r.get(5)?;
            let policy: Option<Vec<u8>> = r.get(6)?;
            let (action, channel, given_by): (String, String, String) =
                (r.get(7)?, r.get(8)?, r.get(9)?);
            let evidence: Vec<u8> = r.get(12)?;
            let (staff, occurred, recorded): (String, String, String) =
                (r.get(13)?, r.get(14)?, r.get(15)?);
            let prev: Vec<u8> = r.get(16)?;
            let hash: Vec<u8> = r.get(17)?;
            let recomputed = chain::event_hash(
                &prev,
                &chain::Hashed {
                    seq,
                    person_id: r.get(1)?,
                    purpose_id,
                    purpose_version: version,
                    wording_digest: &wording,
                    policy_version_id: policy_id,
                    policy_digest: policy.as_deref(),
                    action: &action,
                    channel: &channel,
                    given_by: &given_by,
                    giver_person_id: r.get(10)?,
                    giver_org_id: r.get(11)?,
                    evidence_digest: &evidence,
                    staff: &staff,
                    occurred_at: &occurred,
                    recorded_at: &recorded,
                },
            );
            check.event(seq, &prev, &hash, &recomputed);
            let cited = match wordings.entry((purpose_id, version)) {
                std::collections::hash_map::Entry::Occupied(o) => *o.get(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    *v.insert(chain::wording_digest(&self.conn, purpose_id, version)?)
                }
            };
            let cited_policy = match policy_id {
                Some(id) => match policies.entry(id) {
                    std::collections::hash_map::Entry::Occupied(o) => *o.get(),
                    std::collections::hash_map::Entry::Vacant(v) => {
                        *v.insert(chain::policy_digest(&self.conn, id)?)
                    }
                },
                None => None,
            };
            if cited.as_ref().map(|d| &d[..]) != Some(&wording[..])
                || cited_policy.as_ref().map(|d| d.to_vec()) != policy
            {
                check.note(LedgerProblem::WordingAltered { seq });
            }
            let salt: Option<Vec<u8>> = r.get(18)?;
            let text: Option<String> = r.get(19)?;
            let erased: bool = r.get(20)?;
            match (salt, text) {
                (Some(salt), Some(text)) => {
                    if chain::evidence_digest(&salt, &text)[..] != evidence[..] {
                        check.note(LedgerProblem::EvidenceAltered { seq });
                    }
                }
                _ if erased => {}
                _ => check.note(LedgerProblem::EvidenceMissing { seq }),
            }
        }
        drop(rows);
        for seq in crate::newsletter::altered_terms(&self.conn)? {
            check.note(LedgerProblem::TermsAltered { seq });
        }
        let problems = check.finish(count, &last_hash);
        let findings = self.ledger_findings()?;
        let acknowledged = |p: &LedgerProblem| {
            findings
                .iter()
                .any(|f| f.acknowledged.is_some() && f.problems.contains(p))
        };
        let needs_review = findings.iter().any(|f| f.acknowledged.is_none())
            || problems.iter().any(|p| !acknowledged(p));
        Ok(LedgerReport {
            events: check_count(&self.conn)?,
            head_hash: hex::encode(&last_hash),
            problems,
            findings,
            needs_review,
        })
    }

    /// A quick look for the dashboard, without recomputing the chain: a finding not yet
    /// acknowledged, or a tail that no longer matches the head. (`verify_ledger` does the
    /// full check.)
    pub fn ledger_needs_attention(&self) -> Result<bool> {
        let unacknowledged: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM ledger_findings WHERE acknowledged_at IS NULL)",
            [],
            |r| r.get(0),
        )?;
        let (count, last_hash) = head(&self.conn)?;
        let (tail_seq, tail_hash) = tail(&self.conn)?;
        Ok(unacknowledged || tail_seq != count || tail_hash != last_hash)
    }

    /// Every finding recorded, oldest first.
    pub fn ledger_findings(&self) -> Result<Vec<LedgerFinding>> {
        self.rows(
            "SELECT id, found_at, origin, problems, acknowledged_at, acknowledged_by, acknowledgement
             FROM ledger_findings ORDER BY id",
            [],
            |r| {
                let origin: String = r.get(2)?;
                let problems: String = r.get(3)?;
                let at: Option<String> = r.get(4)?;
                Ok(LedgerFinding {
                    id: r.get(0)?,
                    found_at: r.get(1)?,
                    origin: serde_json::from_value(serde_json::Value::String(origin))
                        .unwrap_or(FindingOrigin::Review),
                    problems: serde_json::from_str(&problems).unwrap_or_default(),
                    acknowledged: match at {
                        Some(at) => Some(Acknowledgement {
                            at,
                            by: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                            note: r.get(6)?,
                        }),
                        None => None,
                    },
                })
            },
        )
    }

    /// The person in charge has looked at what the ledger shows: every problem found
    /// now and every finding not yet acknowledged are recorded as acknowledged, with the
    /// note, and the chain goes on from its tail as found. Nothing is hidden: the
    /// findings stay in every later report.
    pub fn acknowledge_ledger(&self, note: &str, now: DateTime<Utc>) -> Result<LedgerReport> {
        self.require(crate::accounts::Permission::LedgerAcknowledge)?;
        if self.staff.is_empty() {
            return Err(Error::invalid(
                Field::Staff,
                "name the person in charge who reviewed the ledger",
            ));
        }
        let note = bounded(Field::Notes, note)?;
        if note.is_empty() {
            return Err(Error::invalid(
                Field::Notes,
                "say what was looked at and what was done",
            ));
        }
        let report = self.verify_ledger()?;
        if !report.needs_review {
            return Err(Error::Conflict("nothing in the ledger awaits review"));
        }
        let uncovered: Vec<LedgerProblem> = report
            .problems
            .iter()
            .filter(|p| !report.findings.iter().any(|f| f.problems.contains(p)))
            .copied()
            .collect();
        let staff = self.staff.clone();
        self.change(now, "ledger.acknowledge", "ledger", |tx| {
            let (count, last_hash) = head(tx)?;
            let (tail_seq, tail_hash) = tail(tx)?;
            if !uncovered.is_empty() {
                record_finding(
                    tx,
                    &stamp(now),
                    FindingOrigin::Review,
                    &uncovered,
                    (count, &last_hash),
                    (tail_seq, &tail_hash),
                )?;
            }
            tx.execute(
                "UPDATE ledger_findings SET acknowledged_at = ?1, acknowledged_by = ?2, acknowledgement = ?3
                 WHERE acknowledged_at IS NULL",
                (stamp(now), &staff, &note),
            )?;
            tx.execute(
                "UPDATE ledger_head SET count = ?1, last_hash = ?2 WHERE id = 1",
                (tail_seq, tail_hash),
            )?;
            Ok((None, ()))
        })?;
        self.verify_ledger()
    }
}

fn check_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM consent_events", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::chain::{event_hash, Hashed};

    #[test]
    fn hash_covers_every_field() {
        let base = Hashed {
            seq: 1,
            person_id: 2,
            purpose_id: 3,
            purpose_version: 1,
            wording_digest: &[7; 32],
            policy_version_id: Some(1),
            policy_digest: Some(&[8; 32]),
            action: "granted",
            channel: "paper_form",
            given_by: "guardian",
            giver_person_id: Some(5),
            giver_org_id: None,
            evidence_digest: &[9; 32],
            staff: "Sophie",
            occurred_at: "2026-01-01T00:00:00.000Z",
            recorded_at: "2026-01-02T00:00:00.000Z",
        };
        let h0 = event_hash(&[0; 32], &base);
        let variants = [
            Hashed { seq: 9, ..base },
            Hashed {
                person_id: 9,
                ..base
            },
            Hashed {
                purpose_id: 9,
                ..base
            },
            Hashed {
                purpose_version: 9,
                ..base
            },
            Hashed {
                wording_digest: &[6; 32],
                ..base
            },
            Hashed {
                policy_version_id: None,
                ..base
            },
            Hashed {
                policy_digest: None,
                ..base
            },
            Hashed {
                action: "withdrawn",
                ..base
            },
            Hashed {
                channel: "email",
                ..base
            },
            Hashed {
                given_by: "person",
                ..base
            },
            Hashed {
                giver_person_id: None,
                ..base
            },
            Hashed {
                giver_org_id: Some(5),
                ..base
            },
            Hashed {
                evidence_digest: &[1; 32],
                ..base
            },
            Hashed {
                staff: "Sophia",
                ..base
            },
            Hashed {
                occurred_at: "2026-01-01T00:00:00.001Z",
                ..base
            },
            Hashed {
                recorded_at: "x",
                ..base
            },
        ];
        for (i, v) in variants.iter().enumerate() {
            assert_ne!(event_hash(&[0; 32], v), h0, "field {i} is not covered");
        }
        assert_ne!(
            event_hash(&[1; 32], &base),
            h0,
            "previous hash is not covered"
        );
        // moving bytes between adjacent fields changes the hash (length prefixes)
        assert_ne!(
            event_hash(
                &[0; 32],
                &Hashed {
                    channel: "paper_formg",
                    given_by: "uardian",
                    ..base
                }
            ),
            h0
        );
    }

    #[test]
    fn the_evidence_digest_depends_on_the_salt_and_the_text() {
        use super::chain::evidence_digest;
        let d = evidence_digest(&[1; 16], "form");
        assert_ne!(evidence_digest(&[2; 16], "form"), d);
        assert_ne!(evidence_digest(&[1; 16], "forn"), d);
    }
}
