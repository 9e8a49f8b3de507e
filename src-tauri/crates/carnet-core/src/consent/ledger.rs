//! The consent ledger: append-only, hash-chained consent events from which the current
//! state is derived; `verify_ledger` names every event edited, removed or moved.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::authority;
use crate::error::{ConsentRule, Error, Result};
use crate::family::Guardian;
use crate::field::Field;
use crate::fold::bounded;
use crate::model::{Channel, ConsentAction, GivenBy};
use crate::store::Register;
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerReport {
    pub events: i64,
    pub head_hash: String,
    pub problems: Vec<LedgerProblem>,
}

impl LedgerReport {
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Fields covered by an event's hash, in a fixed order.
struct Hashed<'a> {
    seq: i64,
    person_id: i64,
    purpose_id: i64,
    purpose_version: i64,
    policy_version_id: Option<i64>,
    action: &'a str,
    channel: &'a str,
    given_by: &'a str,
    giver_person_id: Option<i64>,
    giver_org_id: Option<i64>,
    evidence: &'a str,
    staff: &'a str,
    occurred_at: &'a str,
    recorded_at: &'a str,
}

/// SHA-256 over a domain tag, the previous hash and each field length-prefixed, so no
/// two different events can encode alike.
fn event_hash(prev: &[u8], e: &Hashed<'_>) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"carnet consent event v1");
    h.update(prev);
    let mut field = |bytes: Option<&[u8]>| match bytes {
        Some(b) => {
            h.update((b.len() as u64).to_le_bytes());
            h.update(b);
        }
        None => h.update(u64::MAX.to_le_bytes()),
    };
    let num = |n: i64| n.to_string().into_bytes();
    field(Some(&num(e.seq)));
    field(Some(&num(e.person_id)));
    field(Some(&num(e.purpose_id)));
    field(Some(&num(e.purpose_version)));
    field(e.policy_version_id.map(num).as_deref());
    field(Some(e.action.as_bytes()));
    field(Some(e.channel.as_bytes()));
    field(Some(e.given_by.as_bytes()));
    field(e.giver_person_id.map(num).as_deref());
    field(e.giver_org_id.map(num).as_deref());
    field(Some(e.evidence.as_bytes()));
    field(Some(e.staff.as_bytes()));
    field(Some(e.occurred_at.as_bytes()));
    field(Some(e.recorded_at.as_bytes()));
    h.finalize().into()
}

pub(crate) const EVENT_COLUMNS: &str = "e.seq, e.person_id, e.purpose_id, p.code, e.purpose_version, e.policy_version_id, v.label,
    e.action, e.channel, e.given_by, e.giver_person_id, e.giver_org_id, e.evidence, e.staff, e.occurred_at, e.recorded_at";

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

fn head(tx: &Transaction<'_>) -> Result<(i64, Vec<u8>)> {
    Ok(tx.query_row(
        "SELECT count, last_hash FROM ledger_head WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// A consent change that passed every check, ready to be chained.
pub(crate) struct CheckedEvent {
    person_id: i64,
    purpose_id: i64,
    version: i64,
    policy: Option<i64>,
    action: ConsentAction,
    channel: Channel,
    given_by: GivenBy,
    giver_person: Option<i64>,
    giver_org: Option<i64>,
    evidence: String,
    occurred: String,
}

/// Appends a checked event at the end of the chain inside `tx` and returns its `seq`;
/// refuses when the chain's tail no longer matches its head.
pub(crate) fn append_event(
    tx: &Transaction<'_>,
    staff: &str,
    e: &CheckedEvent,
    now: DateTime<Utc>,
) -> Result<i64> {
    let recorded = stamp(now);
    let (count, last_hash) = head(tx)?;
    let tail: Option<(i64, Vec<u8>)> = tx
        .query_row(
            "SELECT seq, hash FROM consent_events ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let tail_ok = match &tail {
        None => count == 0,
        Some((seq, hash)) => *seq == count && *hash == last_hash,
    };
    if !tail_ok {
        return Err(Error::LedgerTampered);
    }
    let seq = count + 1;
    let hashed = Hashed {
        seq,
        person_id: e.person_id,
        purpose_id: e.purpose_id,
        purpose_version: e.version,
        policy_version_id: e.policy,
        action: e.action.as_str(),
        channel: e.channel.as_str(),
        given_by: e.given_by.as_str(),
        giver_person_id: e.giver_person,
        giver_org_id: e.giver_org,
        evidence: &e.evidence,
        staff,
        occurred_at: &e.occurred,
        recorded_at: &recorded,
    };
    let hash = event_hash(&last_hash, &hashed);
    tx.execute(
        "INSERT INTO consent_events (seq, person_id, purpose_id, purpose_version, policy_version_id, action, channel, given_by,
            giver_person_id, giver_org_id, evidence, staff, occurred_at, recorded_at, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        rusqlite::params![
            seq, e.person_id, e.purpose_id, e.version, e.policy, e.action, e.channel, e.given_by,
            e.giver_person, e.giver_org, e.evidence, staff, e.occurred, recorded, last_hash, hash.to_vec()
        ],
    )?;
    tx.execute(
        "UPDATE ledger_head SET count = ?1, last_hash = ?2 WHERE id = 1",
        (seq, hash.to_vec()),
    )?;
    crate::audit::record(tx, now, staff, "consent.record", "consent_event", Some(seq))?;
    Ok(seq)
}

impl Register {
    /// Records a consent given or withdrawn, after checking who may give it. The event
    /// is chained to the previous one and can never be edited afterwards.
    pub fn record_consent(
        &mut self,
        input: &ConsentInput,
        now: DateTime<Utc>,
    ) -> Result<ConsentEvent> {
        let checked = self.check_consent(input, now)?;
        let tx = crate::store::write(&mut self.conn)?;
        let seq = append_event(&tx, &self.staff, &checked, now)?;
        tx.commit()?;
        self.consent_event(seq)
    }

    /// Checks a consent change against the register (staff named, dates, wording
    /// version, giver and authority) without writing anything.
    pub(crate) fn check_consent(
        &self,
        input: &ConsentInput,
        now: DateTime<Utc>,
    ) -> Result<CheckedEvent> {
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
        let person = self.person(input.person_id)?;
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
            Some(g) => self.is_guardian(input.person_id, g)?,
            None => true,
        };
        let profile = self.profile()?;
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

    pub(crate) fn consent_event(&self, seq: i64) -> Result<ConsentEvent> {
        Ok(self.conn.query_row(
            &format!(
                "SELECT {EVENT_COLUMNS} FROM consent_events e JOIN purposes p ON p.id = e.purpose_id
                 LEFT JOIN policy_versions v ON v.id = e.policy_version_id WHERE e.seq = ?1"
            ),
            [seq],
            event_from_row,
        )?)
    }

    /// Every consent event of a person, oldest first.
    pub fn consent_history(&self, person_id: i64) -> Result<Vec<ConsentEvent>> {
        self.rows(
            &format!(
                "SELECT {EVENT_COLUMNS} FROM consent_events e JOIN purposes p ON p.id = e.purpose_id
                 LEFT JOIN policy_versions v ON v.id = e.policy_version_id
                 WHERE e.person_id = ?1 ORDER BY e.occurred_at, e.seq"
            ),
            [person_id],
            event_from_row,
        )
    }

    /// The current state per purpose: the latest event (by when it happened, then by
    /// when it was recorded) decides. Purposes never answered are absent.
    pub fn consent_state(&self, person_id: i64) -> Result<Vec<ConsentState>> {
        let mut states: Vec<ConsentState> = Vec::new();
        for e in self.consent_history(person_id)? {
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

    /// Re-computes the whole chain and names every event that was edited, removed or moved.
    pub fn verify_ledger(&self) -> Result<LedgerReport> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, person_id, purpose_id, purpose_version, policy_version_id, action, channel, given_by,
                    giver_person_id, giver_org_id, evidence, staff, occurred_at, recorded_at, prev_hash, hash
             FROM consent_events ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut problems = Vec::new();
        let mut expected_prev = vec![0u8; 32];
        let mut expected_seq = 1i64;
        let mut found = 0i64;
        while let Some(r) = rows.next()? {
            found += 1;
            let seq: i64 = r.get(0)?;
            let (action, channel, given_by): (String, String, String) =
                (r.get(5)?, r.get(6)?, r.get(7)?);
            let (evidence, staff, occurred, recorded): (String, String, String, String) =
                (r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?);
            let prev: Vec<u8> = r.get(14)?;
            let hash: Vec<u8> = r.get(15)?;
            let gap = seq > expected_seq;
            for missing in expected_seq..seq.min(expected_seq + 100) {
                problems.push(LedgerProblem::Missing { seq: missing });
            }
            if prev != expected_prev && !gap {
                problems.push(LedgerProblem::LinkBroken { seq });
            }
            let recomputed = event_hash(
                &prev,
                &Hashed {
                    seq,
                    person_id: r.get(1)?,
                    purpose_id: r.get(2)?,
                    purpose_version: r.get(3)?,
                    policy_version_id: r.get(4)?,
                    action: &action,
                    channel: &channel,
                    given_by: &given_by,
                    giver_person_id: r.get(8)?,
                    giver_org_id: r.get(9)?,
                    evidence: &evidence,
                    staff: &staff,
                    occurred_at: &occurred,
                    recorded_at: &recorded,
                },
            );
            if recomputed[..] != hash[..] {
                problems.push(LedgerProblem::Altered { seq });
            }
            expected_prev = hash;
            expected_seq = seq + 1;
        }
        let (count, last_hash): (i64, Vec<u8>) = self.conn.query_row(
            "SELECT count, last_hash FROM ledger_head WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if count != expected_seq - 1 || last_hash != expected_prev {
            problems.push(LedgerProblem::HeadMismatch {
                recorded_count: count,
                found_count: found,
            });
        }
        Ok(LedgerReport {
            events: found,
            head_hash: hex::encode(&last_hash),
            problems,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_covers_every_field() {
        let base = Hashed {
            seq: 1,
            person_id: 2,
            purpose_id: 3,
            purpose_version: 1,
            policy_version_id: Some(1),
            action: "granted",
            channel: "paper_form",
            given_by: "guardian",
            giver_person_id: Some(5),
            giver_org_id: None,
            evidence: "form",
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
                policy_version_id: None,
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
                evidence: "forn",
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
                    evidence: "formS",
                    staff: "ophie",
                    ..base
                }
            ),
            h0
        );
    }
}
