//! Erasure: a plan that says exactly what will be deleted, what anonymised and what kept
//! and why, then one transaction that carries it out for one person or a whole family.
//!
//! An erased person's row stays as a tombstone — names, birth date, address and notes
//! blanked, a random surrogate — so the consent ledger and the request records (kept for
//! proof) stay linked to nobody. Everything else goes: contacts (their keyed digests go
//! to the suppression list), the name index, guardian links, memberships, the evidence
//! texts of the ledger, the free text of the person's requests. Consents in force are
//! ended by a withdrawal on the ledger first. A person under a legal hold keeps their
//! record until the hold ends (the erasure is *deferred*; the purge completes it).

use crate::privacy::Privacy;
use crate::Contexts;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::field::Field;
use crate::model::Channel;
use crate::people::{display_name, Address};
use crate::privacy::HoldReason;
use crate::privacy::RecipientEntry;
use crate::requests::{RequestKind, RequestStatus};
use crate::time::stamp;

/// Whom to erase: the people, and the erasure request it answers (if any). The first
/// person is the one the request is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureInput {
    #[serde(default)]
    pub request_id: Option<i64>,
    pub person_ids: Vec<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The person the request is about (or the first one named).
    Subject,
    /// A child of the subject.
    Child,
    /// A parent, tutor of the subject.
    Guardian,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedPerson {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// The latest end of the legal holds on this person, when one runs today.
    pub held_until: Option<NaiveDate>,
    pub hold_reasons: Vec<HoldReason>,
}

/// A kind of record the plan counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// Names, birth date, address and notes (the row becomes a surrogate).
    Identity,
    Contacts,
    NameIndex,
    GuardianLinks,
    Memberships,
    /// The evidence texts of consent events about the person or given by them.
    ConsentEvidence,
    /// Consents in force, ended by a withdrawal recorded on the ledger.
    ConsentsInForce,
    /// Notes, decisions, representative names of the person's requests.
    RequestTexts,
    /// Contest entries (a winner's row stays, with no link to the person).
    ContestEntries,
    /// The addresses and tracking numbers of prizes shipped to the person.
    ShipmentAddresses,
    ConsentEvents,
    RequestRecords,
    AuditEntries,
    /// The whole record of a person under a legal hold.
    HeldRecord,
    /// Licences the person holds or is the contact of, and their billed terms.
    Licences,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLine {
    pub item: Item,
    pub count: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeepReason {
    /// The ledger proves each consent; once erased, its events point at a surrogate
    /// and hold no text of the person.
    ProofOfConsent,
    /// That a request was received and answered, and when (no free text).
    Accountability,
    /// Action, record number and staff: nothing about the person.
    NoPersonalData,
    /// A legal hold keeps the record until its end.
    LegalHold,
    /// Billing records: kept for the accounting period the law sets (the billing
    /// retention rule), pointing at no one.
    Billing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptLine {
    pub item: Item,
    pub count: i64,
    pub reason: KeepReason,
    pub until: Option<NaiveDate>,
    pub hold_reason: Option<HoldReason>,
}

/// Why the plan cannot be carried out yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "blocker")]
pub enum Blocker {
    /// The request is not an erasure request.
    RequestNotErasure,
    /// The request is already closed.
    RequestClosed,
    /// The requester's identity has not been checked.
    IdentityNotChecked,
    /// The request is about someone else than the first person.
    PersonNotInRequest,
    /// Another request about one of these people is still open: answer it first.
    OpenRequest { id: i64, kind: RequestKind },
    /// A prize is on its way to one of these people: wait for its delivery (or return).
    PrizeInTransit { shipment_id: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErasurePlan {
    pub request_id: Option<i64>,
    pub people: Vec<PlannedPerson>,
    /// People linked to those planned (children, guardians) and not in the plan: the
    /// office may add them to erase the whole family.
    pub family: Vec<PlannedPerson>,
    pub deleted: Vec<PlanLine>,
    pub anonymised: Vec<PlanLine>,
    pub kept: Vec<KeptLine>,
    pub blockers: Vec<Blocker>,
    /// What must be typed to confirm: the first person's name.
    pub confirm_name: String,
    pub can_execute: bool,
    /// Whom to tell of the erasure (GDPR Art. 19), from the processing register.
    pub recipients: Vec<RecipientEntry>,
    /// Where copies of the register taken before the erasure still hold the person.
    pub copies: CopiesHolding,
    /// Free texts elsewhere in the register that may name someone of the plan: the
    /// erasure does not touch them; the person in charge reviews each.
    pub mentions: Vec<Mention>,
}

/// Where a free text may name someone to be erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionPlace {
    /// An incident's description (title, information, circumstances, analysis, measures).
    Incident,
    /// The note acknowledging a consent-ledger finding.
    LedgerNote,
    /// Another person's request: its decision, notes, refusal provision or requester.
    Request,
    /// The recipients told of a request's outcome.
    RecipientNotice,
    /// An organisation's name or notes.
    Organisation,
    /// Another person's notes.
    PersonNotes,
    /// The evidence of another person's consent (who signed, who was there).
    ConsentEvidence,
    /// The note of a legal hold on another person.
    HoldNote,
}

/// A free text that may name someone of an erasure plan (whose name is not repeated here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub place: MentionPlace,
    /// The record's number where it is (the incident, the request, the organisation…).
    pub id: i64,
    /// Which person of the plan it may name.
    pub person_id: i64,
}

/// The copies of the register that still hold someone erased today, and until when: the
/// backups taken before (rotation removes them by `backups_until` at the latest) and the
/// copies kept beside the register (a register a restore replaced, a pre-upgrade copy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CopiesHolding {
    /// Backups of this register in the backup folder, taken before now.
    pub backups: usize,
    /// The day rotation deletes the last of them at the latest (the settings' days an
    /// older backup may keep an erased person).
    pub backups_until: Option<NaiveDate>,
    /// A backup folder is set but cannot be read (a USB key not plugged in): its backups
    /// could not be counted; the same date applies to them.
    pub folder_missing: bool,
    /// Copies beside the register (set aside by a restore, or taken before an upgrade).
    pub beside: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasedPerson {
    pub surrogate: String,
    pub role: Role,
    /// Set when a legal hold keeps the record: the purge completes the erasure then.
    pub deferred_until: Option<NaiveDate>,
}

/// Whom the certificate is addressed to: only known right after the erasure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addressee {
    pub name: String,
    pub address: Address,
}

/// What the erasure certificate says. Rebuilt from the register, it names no one:
/// only surrogates, counts and dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureCertificate {
    pub request_id: Option<i64>,
    pub received_on: Option<NaiveDate>,
    pub executed_on: NaiveDate,
    pub staff: String,
    pub people: Vec<ErasedPerson>,
    pub deleted: Vec<PlanLine>,
    pub anonymised: Vec<PlanLine>,
    pub kept: Vec<KeptLine>,
    pub recipients: Vec<RecipientEntry>,
    /// Only in the copy made at execution time, never stored.
    pub addressee: Option<Addressee>,
    /// Where copies still hold the person, as counted at execution time (only in that
    /// copy).
    #[serde(default)]
    pub copies: Option<CopiesHolding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureDone {
    pub erasure_ids: Vec<i64>,
    pub people: Vec<ErasedPerson>,
    pub certificate: ErasureCertificate,
    /// The file was rebuilt (`VACUUM`) after a large erasure.
    pub vacuumed: bool,
    /// Every page of the register file and its log is free of the erased values. False
    /// while another connection (another window, an export, a backup) still reads an
    /// older snapshot: the screens say "completed when the other window closes", and
    /// Carnet completes it when this register is locked or next opened.
    pub complete: bool,
}

/// An erasure as recorded (the register's list of erasures).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErasureRecord {
    pub id: i64,
    pub surrogate: String,
    pub request_id: Option<i64>,
    pub origin: String,
    pub executed_at: String,
    /// The office's day it was carried out.
    pub executed_on: NaiveDate,
    pub staff: String,
    pub deferred_until: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
}

#[derive(Serialize, Deserialize)]
struct Summary {
    deleted: Vec<PlanLine>,
    anonymised: Vec<PlanLine>,
    kept: Vec<KeptLine>,
    role: Role,
    #[serde(default)]
    recipients: Vec<RecipientEntry>,
}

/// The file is rebuilt after an erasure when a quarter or more of its pages are free:
/// deleted content is already overwritten (`secure_delete`), so the rebuild only gives
/// the space back, and is worth its cost only when there is much to give.
const VACUUM_FREE_SHARE: i64 = 4;

/// Fills `temp.erase_set` with the people (`held` = 1 for those a hold keeps).
pub(crate) fn fill_set(conn: &Connection, people: &[(i64, bool)]) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS erase_set (id INTEGER PRIMARY KEY, held INTEGER NOT NULL);
         DELETE FROM temp.erase_set;",
    )?;
    let mut insert =
        conn.prepare_cached("INSERT INTO temp.erase_set (id, held) VALUES (?1, ?2)")?;
    for (id, held) in people {
        insert.execute((id, held))?;
    }
    Ok(())
}

fn count(conn: &Connection, sql: &str) -> Result<i64> {
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}

/// The counts of what an erasure of `temp.erase_set` deletes, anonymises and keeps.
fn measure(conn: &Connection) -> Result<(Vec<PlanLine>, Vec<PlanLine>, Vec<KeptLine>)> {
    const E: &str = "(SELECT id FROM temp.erase_set WHERE held = 0)";
    const S: &str = "(SELECT id FROM temp.erase_set)";
    let line = |item, sql: String| -> Result<PlanLine> {
        Ok(PlanLine {
            item,
            count: count(conn, &sql)?,
        })
    };
    let deleted = vec![
        line(
            Item::Contacts,
            format!("SELECT count(*) FROM person_contacts WHERE person_id IN {E}"),
        )?,
        line(
            Item::NameIndex,
            format!("SELECT count(*) FROM name_tokens WHERE person_id IN {E}"),
        )?,
        line(
            Item::GuardianLinks,
            format!(
                "SELECT count(*) FROM guardianships WHERE child_id IN {E} OR guardian_person_id IN {E}"
            ),
        )?,
        line(
            Item::Memberships,
            format!("SELECT count(*) FROM memberships WHERE person_id IN {E}"),
        )?,
        line(
            Item::ConsentEvidence,
            format!(
                "SELECT count(*) FROM consent_evidence x JOIN consent_events e ON e.seq = x.seq
                 WHERE e.person_id IN {E} OR e.giver_person_id IN {E}"
            ),
        )?,
        line(
            Item::ConsentsInForce,
            format!("SELECT count(*) FROM ({})", granted_sql(S)),
        )?,
        line(
            Item::ContestEntries,
            format!("SELECT count(*) FROM entries WHERE person_id IN {E}"),
        )?,
    ];
    let anonymised = vec![
        line(Item::Identity, format!("SELECT count(*) FROM {E}"))?,
        line(
            Item::RequestTexts,
            format!(
                "SELECT count(*) FROM requests WHERE person_id IN {E}
                 AND (notes <> '' OR decision <> '' OR requester_name <> '' OR extension_reason <> '')"
            ),
        )?,
        line(
            Item::ShipmentAddresses,
            format!(
                "SELECT count(*) FROM shipments s JOIN winners w ON w.id = s.winner_id
                 JOIN entries e ON e.id = w.entry_id WHERE e.person_id IN {E}"
            ),
        )?,
    ];
    let keep = |item, reason, sql: String| -> Result<KeptLine> {
        Ok(KeptLine {
            item,
            count: count(conn, &sql)?,
            reason,
            until: None,
            hold_reason: None,
        })
    };
    let kept = vec![
        keep(
            Item::ConsentEvents,
            KeepReason::ProofOfConsent,
            format!(
                "SELECT count(*) FROM consent_events WHERE person_id IN {S} OR giver_person_id IN {S}"
            ),
        )?,
        keep(
            Item::RequestRecords,
            KeepReason::Accountability,
            format!("SELECT count(*) FROM requests WHERE person_id IN {S}"),
        )?,
        keep(
            Item::AuditEntries,
            KeepReason::NoPersonalData,
            format!("SELECT count(*) FROM audit_log WHERE entity = 'person' AND entity_id IN {S}"),
        )?,
        keep(
            Item::Licences,
            KeepReason::Billing,
            format!(
                "SELECT count(*) FROM licences WHERE licensee_person_id IN {S} OR contact_person_id IN {S}"
            ),
        )?,
    ];
    Ok((deleted, anonymised, kept))
}

/// The (person, purpose, version, policy) of every consent in force for `set`: the
/// latest event (by when it happened, then by record order) is a grant.
fn granted_sql(set: &str) -> String {
    format!(
        "SELECT e.person_id, e.purpose_id, e.purpose_version, e.policy_version_id FROM consent_events e
         WHERE e.person_id IN {set} AND e.action = 'granted'
           AND e.seq = (SELECT e2.seq FROM consent_events e2 WHERE e2.person_id = e.person_id
                        AND e2.purpose_id = e.purpose_id ORDER BY e2.occurred_at DESC, e2.seq DESC LIMIT 1)"
    )
}

/// A random surrogate such as `K7QF-2M9X` (40 bits, Crockford base32).
fn surrogate() -> Result<String> {
    let mut bytes = [0u8; 5];
    getrandom::fill(&mut bytes).map_err(|_| Error::Io("no system randomness".into()))?;
    let text = data_encoding::BASE32_NOPAD.encode(&bytes);
    let crockford: String = text
        .chars()
        .map(|c| match c {
            'I' => 'J',
            'L' => 'K',
            'O' => 'P',
            'U' => 'V',
            c => c,
        })
        .collect();
    Ok(format!("{}-{}", &crockford[..4], &crockford[4..8]))
}

/// Carries out the erasure of `temp.erase_set` inside `tx`: consents ended, addresses
/// suppressed, then (for the people no hold keeps) every personal value removed and the
/// row turned into a surrogate. Returns each person's surrogate (or deferral).
pub(crate) fn execute_set(
    tx: &rusqlite::Transaction<'_>,
    reg_staff: &str,
    suppression_key: &[u8; 32],
    channel: Channel,
    evidence: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, Option<String>)>> {
    const E: &str = "(SELECT id FROM temp.erase_set WHERE held = 0)";
    const S: &str = "(SELECT id FROM temp.erase_set)";
    // 1. Consents in force end with a withdrawal on the ledger (the chain goes on).
    let granted: Vec<(i64, i64, i64, Option<i64>)> =
        crate::register::rows(tx, &granted_sql(S), [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    for (person, purpose, version, policy) in granted {
        let event = crate::consent::CheckedEvent::withdrawal_by_office(
            person, purpose, version, policy, channel, evidence, now,
        );
        crate::consent::append_event(tx, reg_staff, &event, now)?;
    }
    // 2. Every address goes to the suppression list, as a keyed digest.
    super::suppression::suppress_set(tx, suppression_key, today)?;
    // 3. The people no hold keeps: every personal value goes.
    crate::contests::purge::forget_entries(
        tx,
        &format!("(SELECT id FROM entries WHERE person_id IN {E})"),
    )?;
    tx.execute_batch(&format!(
        "DELETE FROM consent_evidence WHERE seq IN (SELECT seq FROM consent_events
             WHERE person_id IN {E} OR giver_person_id IN {E});
         DELETE FROM person_contacts WHERE person_id IN {E};
         DELETE FROM name_tokens WHERE person_id IN {E};
         DELETE FROM name_initials WHERE person_id IN {E};
         DELETE FROM guardianships WHERE child_id IN {E} OR guardian_person_id IN {E};
         DELETE FROM memberships WHERE person_id IN {E};
         DELETE FROM legal_holds WHERE person_id IN {E};
         UPDATE requests SET notes = '', decision = '', requester_name = '', extension_reason = ''
             WHERE person_id IN {E};"
    ))?;
    let mut out = Vec::new();
    let people: Vec<(i64, bool)> = crate::register::rows(
        tx,
        "SELECT id, held FROM temp.erase_set ORDER BY id",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut tombstone = tx.prepare_cached(
        "UPDATE people SET given_name = '', family_name = '', sort_key = '', birth_date = NULL, street = '',
            city = '', region = '', postal_code = '', country = '', notes = '', updated_at = ?2,
            erased_on = ?3, surrogate = ?4
         WHERE id = ?1",
    )?;
    for (id, held) in people {
        if held {
            out.push((id, None));
            continue;
        }
        // 40 random bits: a collision is unlikely, and the unique index refuses one; a
        // refused surrogate is drawn again.
        let mut tries = 0;
        let code = loop {
            let code = surrogate()?;
            match tombstone.execute(rusqlite::params![id, stamp(now), today, code]) {
                Ok(_) => break code,
                Err(rusqlite::Error::SqliteFailure(f, _))
                    if f.code == rusqlite::ErrorCode::ConstraintViolation && tries < 5 =>
                {
                    tries += 1
                }
                Err(e) => return Err(e.into()),
            }
        };
        crate::register::audit::record(tx, now, reg_staff, "person.erase", "person", Some(id))?;
        out.push((id, Some(code)));
    }
    Ok(out)
}

impl Privacy<'_> {
    /// What an erasure of these people would do, without doing it.
    pub fn erasure_plan(&self, input: &ErasureInput, now: DateTime<Utc>) -> Result<ErasurePlan> {
        let today = self.local_day(now);
        let Some(&first) = input.person_ids.first() else {
            return Err(Error::invalid(Field::Name, "choose whom to erase"));
        };
        let mut people = Vec::new();
        for &id in &input.person_ids {
            if people.iter().any(|p: &PlannedPerson| p.id == id) {
                continue;
            }
            let role = if id == first {
                Role::Subject
            } else if self
                .family()
                .is_guardian(first, crate::family::Guardian::Person(id))?
            {
                Role::Guardian
            } else if self
                .family()
                .is_guardian(id, crate::family::Guardian::Person(first))?
            {
                Role::Child
            } else {
                return Err(Error::invalid(
                    Field::Name,
                    "only the person and their linked family can be erased together",
                ));
            };
            people.push(self.planned(id, role, today)?);
        }
        let mut family = Vec::new();
        for link in self.family().children_of(first)? {
            if !input.person_ids.contains(&link.child_id) {
                family.push(self.planned(link.child_id, Role::Child, today)?);
            }
        }
        for link in self.family().guardians_of(first)? {
            if let crate::family::Guardian::Person(g) = link.guardian {
                if !input.person_ids.contains(&g) {
                    family.push(self.planned(g, Role::Guardian, today)?);
                }
            }
        }

        let mut blockers = Vec::new();
        if let Some(rid) = input.request_id {
            let req = self.requests().get(rid)?;
            if req.data.kind != RequestKind::Erasure {
                blockers.push(Blocker::RequestNotErasure);
            }
            if !req.status.is_open() {
                blockers.push(Blocker::RequestClosed);
            }
            if req.identity.is_none() {
                blockers.push(Blocker::IdentityNotChecked);
            }
            if req.data.person_id != first {
                blockers.push(Blocker::PersonNotInRequest);
            }
        }
        for p in &people {
            let in_transit: Vec<i64> = self.rows(
                "SELECT s.id FROM shipments s JOIN winners w ON w.id = s.winner_id JOIN entries e ON e.id = w.entry_id
                 WHERE e.person_id = ?1 AND s.status = 'shipped'",
                [p.id],
                |r| r.get(0),
            )?;
            blockers.extend(
                in_transit
                    .into_iter()
                    .map(|shipment_id| Blocker::PrizeInTransit { shipment_id }),
            );
            for other in self.requests().involving(p.id)? {
                if other.status.is_open()
                    && Some(other.id) != input.request_id
                    && other.data.person_id == p.id
                {
                    blockers.push(Blocker::OpenRequest {
                        id: other.id,
                        kind: other.data.kind,
                    });
                }
            }
        }

        fill_set(
            &self.conn,
            &people
                .iter()
                .map(|p| (p.id, p.held_until.is_some()))
                .collect::<Vec<_>>(),
        )?;
        let (deleted, anonymised, mut kept) = measure(&self.conn)?;
        for p in people.iter().filter(|p| p.held_until.is_some()) {
            kept.push(KeptLine {
                item: Item::HeldRecord,
                count: 1,
                reason: KeepReason::LegalHold,
                until: p.held_until,
                hold_reason: p.hold_reasons.first().copied(),
            });
        }
        let confirm_name = people[0].name.clone();
        let mut activities = Vec::new();
        for p in &people {
            activities.extend(self.processing_of(p.id, today)?);
        }
        let planned: Vec<i64> = people.iter().map(|p: &PlannedPerson| p.id).collect();
        Ok(ErasurePlan {
            mentions: self.mentions_of(&planned)?,
            copies: self.copies_holding(now)?,
            recipients: super::processing::recipients_of(&activities),
            request_id: input.request_id,
            can_execute: blockers.is_empty(),
            people,
            family,
            deleted,
            anonymised,
            kept,
            blockers,
            confirm_name,
        })
    }

    /// The free texts that may name one of `ids`: both the given and the family name as
    /// words (case, accents aside), outside the person's own record.
    fn mentions_of(&self, ids: &[i64]) -> Result<Vec<Mention>> {
        let sources: [(MentionPlace, &str); 8] = [
            (
                MentionPlace::Incident,
                "SELECT id, title || ' ' || information || ' ' || circumstances || ' ' || people_concerned || ' ' ||
                        sensitivity || ' ' || misuse || ' ' || consequences || ' ' || measures || ' ' || authority_reason
                 FROM incidents",
            ),
            (
                MentionPlace::LedgerNote,
                "SELECT id, acknowledgement FROM ledger_findings WHERE acknowledgement <> ''",
            ),
            (
                MentionPlace::Request,
                "SELECT id, decision || ' ' || notes || ' ' || refusal_provision || ' ' || requester_name || ' ' || extension_reason
                 FROM requests WHERE person_id NOT IN (SELECT value FROM json_each(?1))",
            ),
            (
                MentionPlace::RecipientNotice,
                "SELECT request_id, recipient FROM recipient_notices",
            ),
            (
                MentionPlace::Organisation,
                "SELECT id, name || ' ' || notes FROM organisations",
            ),
            (
                MentionPlace::PersonNotes,
                "SELECT id, notes FROM people WHERE notes <> '' AND erased_on IS NULL
                   AND id NOT IN (SELECT value FROM json_each(?1))",
            ),
            (
                MentionPlace::ConsentEvidence,
                "SELECT x.seq, x.text FROM consent_evidence x JOIN consent_events e ON e.seq = x.seq
                 WHERE e.person_id NOT IN (SELECT value FROM json_each(?1))",
            ),
            (
                MentionPlace::HoldNote,
                "SELECT id, note FROM legal_holds WHERE note <> ''
                   AND person_id NOT IN (SELECT value FROM json_each(?1))",
            ),
        ];
        let planned = serde_json::to_string(ids).expect("ids serialise");
        let names: Vec<(i64, Vec<String>, Vec<String>)> = ids
            .iter()
            .filter_map(|&id| self.people().get(id).ok())
            .map(|p| {
                (
                    p.id,
                    crate::fold::tokens(&p.data.given_name),
                    crate::fold::tokens(&p.data.family_name),
                )
            })
            .filter(|(_, g, f)| !g.is_empty() && !f.is_empty())
            .collect();
        let mut out = Vec::new();
        for (place, sql) in sources {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = if sql.contains("?1") {
                stmt.query_map([&planned], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?
            } else {
                stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?
            };
            for (id, text) in rows {
                let words = crate::fold::tokens(&text);
                for (person_id, given, family) in &names {
                    let has = |name: &[String]| name.iter().all(|w| words.binary_search(w).is_ok());
                    if has(given) && has(family) {
                        out.push(Mention {
                            place,
                            id,
                            person_id: *person_id,
                        });
                    }
                }
            }
        }
        Ok(out)
    }

    /// Where copies of the register made before `now` still hold what an erasure now
    /// removes (see [`CopiesHolding`]).
    pub(crate) fn copies_holding(&self, now: DateTime<Utc>) -> Result<CopiesHolding> {
        let settings = self.backups().settings()?;
        let listed = settings
            .folder
            .as_deref()
            .map(|f| crate::backup::backups_of(f, self.database_id()));
        let backups = match &listed {
            Some(Ok(b)) => b.iter().filter(|b| b.taken_at <= now).count(),
            _ => 0,
        };
        let folder_missing = matches!(listed, Some(Err(_)));
        Ok(CopiesHolding {
            backups,
            backups_until: (backups > 0 || folder_missing)
                .then(|| self.local_day(now) + chrono::Duration::days(settings.erased_days.into())),
            folder_missing,
            beside: crate::backup::copies_beside(&self.path)?.len(),
        })
    }

    fn planned(&self, id: i64, role: Role, today: NaiveDate) -> Result<PlannedPerson> {
        let p = self.people().get(id)?;
        let holds = self.holds_in_force(id, today)?;
        Ok(PlannedPerson {
            id,
            name: p.display_name(),
            role,
            held_until: holds.iter().map(|h| h.until).max(),
            hold_reasons: holds.iter().map(|h| h.reason).collect(),
        })
    }

    /// Carries out the plan in one transaction, once the first person's name is typed
    /// as confirmation: nothing of them is findable afterwards (deleted content is
    /// overwritten, the write-ahead log emptied, and the file rebuilt after a large
    /// erasure). Closes the request as answered.
    pub fn erase(
        &self,
        input: &ErasureInput,
        confirm_name: &str,
        now: DateTime<Utc>,
    ) -> Result<ErasureDone> {
        self.require(crate::accounts::Permission::Erase)?;
        if self.staff.is_empty() {
            return Err(Error::invalid(
                Field::Staff,
                "name the staff member who carries out the erasure",
            ));
        }
        let plan = self.erasure_plan(input, now)?;
        if !plan.can_execute {
            return Err(Error::Conflict("the erasure plan has blockers"));
        }
        let typed = crate::fold::fold(confirm_name);
        let expected = crate::fold::fold(&plan.confirm_name);
        if typed.split_whitespace().ne(expected.split_whitespace()) {
            return Err(Error::invalid(
                Field::ConfirmName,
                "type the person's name exactly as shown to confirm",
            ));
        }
        let today = self.local_day(now);
        // The requester may have been erased before (a parent, earlier): then the
        // certificate goes out unaddressed, as a reprint would.
        let addressee = match input.request_id {
            Some(rid) => self.addressee(rid).ok(),
            None => None,
        };
        let (channel, received_on) = match input.request_id {
            Some(rid) => {
                let r = self.requests().get(rid)?;
                (r.data.channel, Some(r.data.received_on))
            }
            None => (Channel::Staff, None),
        };
        let evidence = match input.request_id {
            Some(rid) => format!("erasure request {rid}"),
            None => "erasure".to_owned(),
        };
        let key = self.suppression_key();
        let staff = self.staff.clone();
        let summary_of = |role| Summary {
            deleted: plan.deleted.clone(),
            anonymised: plan.anonymised.clone(),
            kept: plan.kept.clone(),
            role,
            recipients: plan.recipients.clone(),
        };
        let tx = crate::register::write(&self.conn)?;
        let mut done = execute_set(&tx, &staff, &key, channel, &evidence, today, now)?;
        // In the plan's order: the subject first.
        done.sort_by_key(|(id, _)| plan.people.iter().position(|p| p.id == *id));
        let mut erasure_ids = Vec::new();
        let mut erased = Vec::new();
        for (id, code) in &done {
            let planned = plan
                .people
                .iter()
                .find(|p| p.id == *id)
                .expect("the set is the plan's people");
            let deferred = if code.is_none() {
                planned.held_until
            } else {
                None
            };
            let summary = serde_json::to_string(&summary_of(planned.role)).expect("summary");
            tx.execute(
                "INSERT INTO erasures (person_id, request_id, origin, executed_at, staff, deferred_until, completed_on, summary)
                 VALUES (?1, ?2, 'request', ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![
                    id,
                    input.request_id,
                    stamp(now),
                    staff,
                    deferred,
                    if code.is_some() { Some(today) } else { None },
                    summary
                ],
            )?;
            erasure_ids.push(tx.last_insert_rowid());
            erased.push(ErasedPerson {
                surrogate: code.clone().unwrap_or_default(),
                role: planned.role,
                deferred_until: deferred,
            });
        }
        if let Some(rid) = input.request_id {
            tx.execute(
                "UPDATE requests SET status = ?2, responded_on = ?3 WHERE id = ?1",
                rusqlite::params![rid, RequestStatus::Answered, today],
            )?;
            crate::register::audit::record(
                &tx,
                now,
                &staff,
                "request.erase",
                "request",
                Some(rid),
            )?;
        }
        tx.commit()?;
        let (vacuumed, complete) = self.scrub()?;
        self.backups().note_decisions();
        Ok(ErasureDone {
            erasure_ids,
            certificate: ErasureCertificate {
                request_id: input.request_id,
                received_on,
                executed_on: today,
                staff,
                people: erased.clone(),
                deleted: plan.deleted,
                anonymised: plan.anonymised,
                kept: plan.kept,
                recipients: plan.recipients,
                addressee,
                copies: Some(plan.copies),
            },
            people: erased,
            vacuumed,
            complete,
        })
    }

    /// After an erasure: the write-ahead log is folded into the file and emptied (its old
    /// page images held the erased values), and after a large one the file is rebuilt.
    /// Returns (rebuilt, complete): not complete while another connection's snapshot keeps
    /// the checkpoint from reaching the end of the log (then [`Register::finish_scrub`]
    /// runs again at lock and at the next open).
    pub(crate) fn scrub(&self) -> Result<(bool, bool)> {
        let mut complete = self.checkpoint()?;
        let pages: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let free: i64 = self
            .conn
            .query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
        let vacuumed = complete && free * VACUUM_FREE_SHARE >= pages && free > 0;
        if vacuumed {
            self.conn.execute_batch("VACUUM;")?;
            complete = self.checkpoint()?;
        }
        self.scrub_pending.set(!complete);
        Ok((vacuumed, complete))
    }

    /// The requester of a request, with the address a letter goes to (read before the
    /// erasure, for the certificate handed over at once).
    fn addressee(&self, request_id: i64) -> Result<Addressee> {
        let req = self.requests().get(request_id)?;
        let who = match (req.data.requester, req.data.requester_person_id) {
            (crate::requests::Requester::Guardian, Some(g)) => g,
            _ => req.data.person_id,
        };
        let p = self.people().get(who)?;
        Ok(match req.data.requester {
            // A representative (a lawyer, a tutor named by a court) is not in the register:
            // the certificate bears their name, and never the erased person's address, which
            // would send it to the person's home under someone else's name.
            crate::requests::Requester::Representative => Addressee {
                name: req.data.requester_name.clone(),
                address: Default::default(),
            },
            _ => Addressee {
                name: p.display_name(),
                address: p.data.address,
            },
        })
    }

    /// The certificate of the erasure that answered a request, rebuilt from the
    /// register: surrogates, counts and dates, no name.
    pub fn erasure_certificate(&self, request_id: i64) -> Result<ErasureCertificate> {
        let req = self.requests().get(request_id)?;
        struct Row {
            executed_at: String,
            staff: String,
            deferred: Option<NaiveDate>,
            summary: String,
            surrogate: Option<String>,
        }
        let rows: Vec<Row> = self.rows(
            "SELECT e.executed_at, e.staff, e.deferred_until, e.summary, p.surrogate
             FROM erasures e JOIN people p ON p.id = e.person_id WHERE e.request_id = ?1 ORDER BY e.id",
            [request_id],
            |r| {
                Ok(Row {
                    executed_at: r.get(0)?,
                    staff: r.get(1)?,
                    deferred: r.get(2)?,
                    summary: r.get(3)?,
                    surrogate: r.get(4)?,
                })
            },
        )?;
        let Some(first) = rows.first() else {
            return Err(Error::NotFound { entity: "erasure" });
        };
        let summary: Summary = serde_json::from_str(&first.summary)
            .map_err(|_| Error::Storage("an erasure summary cannot be read".into()))?;
        let executed = self.local_day(crate::time::parse_stamp(&first.executed_at)?);
        let people = rows
            .iter()
            .map(|row| ErasedPerson {
                surrogate: row.surrogate.clone().unwrap_or_default(),
                role: serde_json::from_str::<Summary>(&row.summary)
                    .map(|s| s.role)
                    .unwrap_or(Role::Subject),
                deferred_until: row.deferred,
            })
            .collect();
        Ok(ErasureCertificate {
            request_id: Some(request_id),
            received_on: Some(req.data.received_on),
            executed_on: executed,
            staff: first.staff.clone(),
            people,
            deleted: summary.deleted,
            anonymised: summary.anonymised,
            kept: summary.kept,
            recipients: summary.recipients,
            addressee: None,
            copies: None,
        })
    }

    /// Every erasure, most recent first.
    pub fn erasures(&self) -> Result<Vec<ErasureRecord>> {
        let offset = self.utc_offset();
        self.rows(
            "SELECT e.id, coalesce(p.surrogate, ''), e.request_id, e.origin, e.executed_at, e.staff,
                    e.deferred_until, e.completed_on
             FROM erasures e JOIN people p ON p.id = e.person_id ORDER BY e.id DESC",
            [],
            |r| {
                Ok(ErasureRecord {
                    id: r.get(0)?,
                    surrogate: r.get(1)?,
                    request_id: r.get(2)?,
                    origin: r.get(3)?,
                    executed_on: chrono::DateTime::parse_from_rfc3339(&r.get::<_, String>(4)?)
                        .map(|t| t.with_timezone(&offset).date_naive())
                        .map_err(|e| {
                            rusqlite::Error::FromSqlConversionFailure(
                                4,
                                rusqlite::types::Type::Text,
                                Box::new(e),
                            )
                        })?,
                    executed_at: r.get(4)?,
                    staff: r.get(5)?,
                    deferred_until: r.get(6)?,
                    completed_on: r.get(7)?,
                })
            },
        )
    }

    /// The surrogate of an erased person (`None` while the person is in the register).
    pub fn surrogate_of(&self, person_id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT surrogate FROM people WHERE id = ?1",
                [person_id],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
    }

    /// The name a kept record shows for a person (the surrogate once erased) and their
    /// language.
    pub(crate) fn name_and_language(
        &self,
        person_id: i64,
    ) -> Result<(String, crate::model::Language)> {
        Ok(self.conn.query_row(
            "SELECT given_name, family_name, surrogate, preferred_language FROM people WHERE id = ?1",
            [person_id],
            |r| {
                let surrogate: Option<String> = r.get(2)?;
                let name = match surrogate {
                    Some(s) => s,
                    None => display_name(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?),
                };
                Ok((name, r.get(3)?))
            },
        )?)
    }
}
