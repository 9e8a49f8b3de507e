//! What the consent chain hashes. Version 2 (migration 7) hashes the event's fields,
//! a digest of the wording and policy shown, and a *salted* digest of the evidence: the
//! evidence text and its salt live in `consent_evidence`, which erasure may delete, so
//! a person's words can leave the register while the chain still proves the event.
//! Version 1 (the raw evidence in the hash) is kept only to check a chain before the
//! migration re-anchors it.

use rusqlite::{Connection, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use crate::error::Result;

/// Writes `bytes` length-prefixed (`None` as a marker no length can equal), so no two
/// different field lists encode alike.
struct Encoder(Sha256);

impl Encoder {
    fn new(tag: &[u8]) -> Encoder {
        let mut h = Sha256::new();
        h.update(tag);
        Encoder(h)
    }
    fn field(&mut self, bytes: Option<&[u8]>) -> &mut Self {
        match bytes {
            Some(b) => {
                self.0.update((b.len() as u64).to_le_bytes());
                self.0.update(b);
            }
            None => self.0.update(u64::MAX.to_le_bytes()),
        }
        self
    }
    fn text(&mut self, s: &str) -> &mut Self {
        self.field(Some(s.as_bytes()))
    }
    fn num(&mut self, n: Option<i64>) -> &mut Self {
        let s = n.map(|n| n.to_string());
        self.field(s.as_deref().map(str::as_bytes))
    }
    fn finish(&mut self) -> [u8; 32] {
        std::mem::take(&mut self.0).finalize().into()
    }
}

/// Fields covered by an event's hash (version 2), in a fixed order.
#[derive(Clone, Copy)]
pub(crate) struct Hashed<'a> {
    pub seq: i64,
    pub person_id: i64,
    pub purpose_id: i64,
    pub purpose_version: i64,
    pub wording_digest: &'a [u8],
    pub policy_version_id: Option<i64>,
    pub policy_digest: Option<&'a [u8]>,
    pub action: &'a str,
    pub channel: &'a str,
    pub given_by: &'a str,
    pub giver_person_id: Option<i64>,
    pub giver_org_id: Option<i64>,
    pub evidence_digest: &'a [u8],
    pub staff: &'a str,
    pub occurred_at: &'a str,
    pub recorded_at: &'a str,
}

pub(crate) fn event_hash(prev: &[u8], e: &Hashed<'_>) -> [u8; 32] {
    Encoder::new(b"carnet consent event v2")
        .field(Some(prev))
        .num(Some(e.seq))
        .num(Some(e.person_id))
        .num(Some(e.purpose_id))
        .num(Some(e.purpose_version))
        .field(Some(e.wording_digest))
        .num(e.policy_version_id)
        .field(e.policy_digest)
        .text(e.action)
        .text(e.channel)
        .text(e.given_by)
        .num(e.giver_person_id)
        .num(e.giver_org_id)
        .field(Some(e.evidence_digest))
        .text(e.staff)
        .text(e.occurred_at)
        .text(e.recorded_at)
        .finish()
}

/// The salted digest of an evidence text. Without the salt (deleted with the text) the
/// digest tells nothing about a short text such as "form".
pub(crate) fn evidence_digest(salt: &[u8], text: &str) -> [u8; 32] {
    Encoder::new(b"carnet consent evidence v1")
        .field(Some(salt))
        .text(text)
        .finish()
}

pub(crate) fn new_salt() -> Result<[u8; 16]> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|_| crate::error::Error::Io("no system randomness".into()))?;
    Ok(salt)
}

/// The digest of a purpose's wording as shown (labels and texts in both languages and
/// the date it took effect): an edited wording no longer matches the events that cite it.
pub(crate) fn wording_digest(
    conn: &Connection,
    purpose_id: i64,
    version: i64,
) -> Result<Option<[u8; 32]>> {
    Ok(conn
        .query_row(
            "SELECT label_fr, label_en, wording_fr, wording_en, effective_on FROM purpose_versions
             WHERE purpose_id = ?1 AND version = ?2",
            (purpose_id, version),
            |r| {
                let mut e = Encoder::new(b"carnet purpose wording v1");
                for i in 0..5 {
                    e.text(&r.get::<_, String>(i)?);
                }
                Ok(e.finish())
            },
        )
        .optional()?)
}

/// The digest of a privacy-policy version (label, date, both texts).
pub(crate) fn policy_digest(conn: &Connection, id: i64) -> Result<Option<[u8; 32]>> {
    Ok(conn
        .query_row(
            "SELECT label, effective_on, text_fr, text_en FROM policy_versions WHERE id = ?1",
            [id],
            |r| {
                let mut e = Encoder::new(b"carnet policy version v1");
                for i in 0..4 {
                    e.text(&r.get::<_, String>(i)?);
                }
                Ok(e.finish())
            },
        )
        .optional()?)
}

/// Where a re-anchored chain starts: a digest of the old chain's head, so the new chain
/// is tied to what the old one ended with.
pub(crate) fn genesis(old_count: i64, old_head: &[u8]) -> [u8; 32] {
    Encoder::new(b"carnet consent chain v2 genesis")
        .num(Some(old_count))
        .field(Some(old_head))
        .finish()
}

/// The version-1 hash (raw evidence and staff in the hash), for checking a chain
/// written before migration 7. Public for the migration test, which writes such a chain.
#[doc(hidden)]
pub mod v1 {
    use super::Encoder;

    pub struct Event<'a> {
        pub seq: i64,
        pub person_id: i64,
        pub purpose_id: i64,
        pub purpose_version: i64,
        pub policy_version_id: Option<i64>,
        pub action: &'a str,
        pub channel: &'a str,
        pub given_by: &'a str,
        pub giver_person_id: Option<i64>,
        pub giver_org_id: Option<i64>,
        pub evidence: &'a str,
        pub staff: &'a str,
        pub occurred_at: &'a str,
        pub recorded_at: &'a str,
    }

    pub fn hash(prev: &[u8], e: &Event<'_>) -> [u8; 32] {
        Encoder::new(b"carnet consent event v1")
            .field(Some(prev))
            .num(Some(e.seq))
            .num(Some(e.person_id))
            .num(Some(e.purpose_id))
            .num(Some(e.purpose_version))
            .num(e.policy_version_id)
            .text(e.action)
            .text(e.channel)
            .text(e.given_by)
            .num(e.giver_person_id)
            .num(e.giver_org_id)
            .text(e.evidence)
            .text(e.staff)
            .text(e.occurred_at)
            .text(e.recorded_at)
            .finish()
    }
}

/// SQL run by migration 7 once the events are copied: the old table goes, the new one
/// takes its name, and both ledger tables refuse edits.
const LEDGER_V2_FINISH: &str = r#"
    DROP TABLE consent_events;
    ALTER TABLE consent_events_v2 RENAME TO consent_events;
    CREATE INDEX consent_events_person ON consent_events (person_id, purpose_id, seq);
    CREATE INDEX consent_events_giver ON consent_events (giver_person_id) WHERE giver_person_id IS NOT NULL;
"#;

/// Migration 7's step in Rust: checks the version-1 chain as it is, copies every event
/// into the version-2 table with its evidence moved to `consent_evidence` under a fresh
/// salt, re-chains from a genesis tied to the old head, and records what the check found
/// as an unacknowledged finding, so an earlier tampering stays reported.
pub(crate) fn migrate_v1_to_v2(tx: &Transaction<'_>) -> Result<()> {
    struct Old {
        seq: i64,
        person_id: i64,
        purpose_id: i64,
        purpose_version: i64,
        policy_version_id: Option<i64>,
        action: String,
        channel: String,
        given_by: String,
        giver_person_id: Option<i64>,
        giver_org_id: Option<i64>,
        evidence: String,
        staff: String,
        occurred_at: String,
        recorded_at: String,
        prev_hash: Vec<u8>,
        hash: Vec<u8>,
    }
    let old: Vec<Old> = crate::register::rows(
        tx,
        "SELECT seq, person_id, purpose_id, purpose_version, policy_version_id, action, channel, given_by,
                giver_person_id, giver_org_id, evidence, staff, occurred_at, recorded_at, prev_hash, hash
         FROM consent_events ORDER BY seq",
        [],
        |r| {
            Ok(Old {
                seq: r.get(0)?,
                person_id: r.get(1)?,
                purpose_id: r.get(2)?,
                purpose_version: r.get(3)?,
                policy_version_id: r.get(4)?,
                action: r.get(5)?,
                channel: r.get(6)?,
                given_by: r.get(7)?,
                giver_person_id: r.get(8)?,
                giver_org_id: r.get(9)?,
                evidence: r.get(10)?,
                staff: r.get(11)?,
                occurred_at: r.get(12)?,
                recorded_at: r.get(13)?,
                prev_hash: r.get(14)?,
                hash: r.get(15)?,
            })
        },
    )?;
    let (old_count, old_head): (i64, Vec<u8>) = tx.query_row(
        "SELECT count, last_hash FROM ledger_head WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;

    // 1. The old chain, checked with the old rule.
    let mut check = super::ledger::ChainCheck::new(vec![0u8; 32]);
    for e in &old {
        let recomputed = v1::hash(
            &e.prev_hash,
            &v1::Event {
                seq: e.seq,
                person_id: e.person_id,
                purpose_id: e.purpose_id,
                purpose_version: e.purpose_version,
                policy_version_id: e.policy_version_id,
                action: &e.action,
                channel: &e.channel,
                given_by: &e.given_by,
                giver_person_id: e.giver_person_id,
                giver_org_id: e.giver_org_id,
                evidence: &e.evidence,
                staff: &e.staff,
                occurred_at: &e.occurred_at,
                recorded_at: &e.recorded_at,
            },
        );
        check.event(e.seq, &e.prev_hash, &e.hash, &recomputed);
    }
    let problems = check.finish(old_count, &old_head);

    // 2. The same events, re-chained.
    let start = genesis(old_count, &old_head);
    let mut prev = start.to_vec();
    let mut insert = tx.prepare(
        "INSERT INTO consent_events_v2 (seq, person_id, purpose_id, purpose_version, wording_digest, policy_version_id,
            policy_digest, action, channel, given_by, giver_person_id, giver_org_id, evidence_digest, staff,
            occurred_at, recorded_at, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    let mut evidence =
        tx.prepare("INSERT INTO consent_evidence (seq, salt, text) VALUES (?1, ?2, ?3)")?;
    for e in &old {
        let wording = wording_digest(tx, e.purpose_id, e.purpose_version)?.unwrap_or([0; 32]);
        let policy = match e.policy_version_id {
            Some(id) => policy_digest(tx, id)?,
            None => None,
        };
        let salt = new_salt()?;
        let digest = evidence_digest(&salt, &e.evidence);
        let hash = event_hash(
            &prev,
            &Hashed {
                seq: e.seq,
                person_id: e.person_id,
                purpose_id: e.purpose_id,
                purpose_version: e.purpose_version,
                wording_digest: &wording,
                policy_version_id: e.policy_version_id,
                policy_digest: policy.as_ref().map(|p| &p[..]),
                action: &e.action,
                channel: &e.channel,
                given_by: &e.given_by,
                giver_person_id: e.giver_person_id,
                giver_org_id: e.giver_org_id,
                evidence_digest: &digest,
                staff: &e.staff,
                occurred_at: &e.occurred_at,
                recorded_at: &e.recorded_at,
            },
        );
        insert.execute(rusqlite::params![
            e.seq,
            e.person_id,
            e.purpose_id,
            e.purpose_version,
            &wording[..],
            e.policy_version_id,
            policy.as_ref().map(|p| p.to_vec()),
            e.action,
            e.channel,
            e.given_by,
            e.giver_person_id,
            e.giver_org_id,
            &digest[..],
            e.staff,
            e.occurred_at,
            e.recorded_at,
            prev,
            &hash[..]
        ])?;
        evidence.execute(rusqlite::params![e.seq, &salt[..], e.evidence])?;
        prev = hash.to_vec();
    }
    drop(insert);
    drop(evidence);
    let tail = old.last().map(|e| e.seq).unwrap_or(0);
    if !problems.is_empty() {
        tx.execute(
            "INSERT INTO ledger_findings (found_at, origin, problems, recorded_count, recorded_hash, tail_seq, tail_hash)
             VALUES ((SELECT coalesce(max(at), '') FROM audit_log), 'migration', ?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![
                serde_json::to_string(&problems).expect("problems serialise"),
                old_count,
                old_head,
                tail,
                old.last().map(|e| e.hash.clone()).unwrap_or_else(|| vec![0; 32])
            ],
        )?;
    }
    tx.execute_batch(LEDGER_V2_FINISH)?;
    tx.execute(
        "UPDATE ledger_head SET count = ?1, last_hash = ?2, genesis = ?3 WHERE id = 1",
        rusqlite::params![tail, prev, &start[..]],
    )?;
    super::ledger::install_guards(tx)?;
    Ok(())
}
