//! The decisions journal kept beside the backups (`carnet-erasures-<register id>.json` in
//! the backup folder, one per register): who was erased, every consent withdrawn
//! (unsubscribes included), and every way in closed (a staff account removed, a PC
//! revoked at the register service), so that restoring an older backup — on a new PC,
//! where no current register is there to compare with — erases them again, withdraws
//! again and closes them again.
//!
//! It names no one: each entry is a record number and the time the record was made (so a
//! number given again to someone else after a restore never matches), and the day of the
//! erasure. It is signed (HMAC-SHA-256) with a key kept inside the register
//! (`meta.journal_key`, in every backup since), so an edited journal cannot make a restore
//! erase anyone: it is then ignored, and the restore says so.

use crate::backup::Backups;
use crate::Contexts;
use std::fs;
use std::path::Path;

use hmac::{Hmac, Mac};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::consent::GivenBy;
use crate::error::Result;
use crate::model::Channel;
use crate::register::Register;

/// The name of the journal written before journals carried their register's id: still
/// read when a register has none of its own beside a backup.
pub const JOURNAL_FILE: &str = "carnet-erasures.json";

/// The journal of the register `database_id` in the backup folder `dir`: one per register,
/// so two registers backing up into one folder never overwrite each other's.
pub fn journal_path(dir: &Path, database_id: &str) -> std::path::PathBuf {
    let id: String = database_id.chars().take(12).collect();
    dir.join(format!("carnet-erasures-{id}.json"))
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub id: i64,
    pub created_at: String,
    pub erased_on: String,
}

/// A consent withdrawn (an unsubscribe is one: the newsletter list's purpose), as the
/// journal keeps it: the record (number and creation time), the purpose's code, and how
/// and when it was withdrawn. No name, no evidence text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Withdrawal {
    pub person_id: i64,
    pub created_at: String,
    pub purpose: String,
    pub occurred_at: String,
    pub channel: Channel,
    pub given_by: GivenBy,
    #[serde(default)]
    pub giver_person_id: Option<i64>,
    #[serde(default)]
    pub giver_org_id: Option<i64>,
}

/// What a restore did with one withdrawal made after the backup was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplayedWithdrawal {
    pub person_id: i64,
    pub purpose: String,
    pub occurred_at: String,
    /// `None`: withdrawn again. Otherwise the error code that stopped it (the person in
    /// charge records it by hand).
    pub refused: Option<&'static str>,
}

/// A way into the register closed after it was opened: a staff account removed
/// (`account`) or a PC revoked at the register service (`device`). The record's number and
/// the time it was made (so a number given again after a restore never matches), and when
/// it was closed. No name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Closed {
    pub kind: String,
    pub id: i64,
    pub created_at: String,
    pub closed_at: String,
}

/// The journal beside the backups in `dir` for the register `database_id`, if any, and
/// whether it is trusted (signed with `key`, this register's).
fn read_journal(
    dir: &Path,
    key: &[u8],
    database_id: &str,
) -> Option<std::result::Result<Decisions, ()>> {
    let own = journal_path(dir, database_id);
    let path = if own.exists() {
        own
    } else {
        dir.join(JOURNAL_FILE)
    };
    let text = fs::read(path).ok()?;
    let Ok(j) = serde_json::from_slice::<Journal>(&text) else {
        return Some(Err(()));
    };
    let sig = hex::decode(&j.mac).unwrap_or_default();
    if !(1..=FORMAT).contains(&j.format)
        || (j.format == 1 && !(j.withdrawals.is_empty() && j.suppressions.is_empty()))
        || (j.format < 3 && !j.closed.is_empty())
        || j.database_id != database_id
        || mac(
            key,
            j.format,
            &j.database_id,
            &j.entries,
            &j.withdrawals,
            &j.suppressions,
            &j.closed,
        )
        .verify_slice(&sig)
        .is_err()
    {
        return Some(Err(()));
    }
    Some(Ok(Decisions {
        erased: j.entries,
        withdrawals: j.withdrawals,
        suppressions: j.suppressions,
        closed: j.closed,
    }))
}

/// Whether a journal this register (its id, its journal key read from the `backup` itself
/// with `key`) can trust lies in `dir`.
pub(crate) fn trusted_beside(
    dir: &Path,
    backup: &Path,
    key: &crate::secret::DbKey,
    database_id: &str,
) -> bool {
    let Ok(conn) = crate::register::connect(backup, key, false) else {
        return false;
    };
    let journal_key: Option<Vec<u8>> = conn
        .query_row("SELECT journal_key FROM meta WHERE id = 1", [], |r| {
            r.get(0)
        })
        .ok()
        .flatten();
    journal_key.is_some_and(|k| matches!(read_journal(dir, &k, database_id), Some(Ok(_))))
}

/// What a journal (or a register set aside by a restore) says was decided.
#[derive(Debug, Default)]
pub(crate) struct Decisions {
    pub erased: Vec<Entry>,
    pub withdrawals: Vec<Withdrawal>,
    pub suppressions: Vec<Suppression>,
    pub closed: Vec<Closed>,
}

/// A suppression as the journal keeps it: a keyed digest (it names no one; the key is
/// inside the register) and where it belongs — the register-wide list (erasures), a
/// newsletter list's, or the undeliverable addresses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Suppression {
    /// `address`, `list` or `undeliverable`.
    pub table: String,
    #[serde(default)]
    pub list_id: Option<i64>,
    pub digest: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    pub on: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    format: u32,
    database_id: String,
    entries: Vec<Entry>,
    /// Format 2 on.
    #[serde(default)]
    withdrawals: Vec<Withdrawal>,
    #[serde(default)]
    suppressions: Vec<Suppression>,
    /// Format 3 on.
    #[serde(default)]
    closed: Vec<Closed>,
    mac: String,
}

/// The ways in a register closed, read from `conn`: accounts removed, PCs revoked.
pub(crate) fn closed_in(conn: &rusqlite::Connection) -> Result<Vec<Closed>> {
    crate::register::rows(
        conn,
        "SELECT 'account', id, created_at, removed_at FROM staff_accounts WHERE removed_at IS NOT NULL
         UNION ALL
         SELECT 'device', id, paired_at, revoked_at FROM service_devices WHERE revoked_at IS NOT NULL",
        [],
        |r| {
            Ok(Closed {
                kind: r.get(0)?,
                id: r.get(1)?,
                created_at: r.get(2)?,
                closed_at: r.get(3)?,
            })
        },
    )
}

/// Everyone a register erased, read from `conn` (the open register, or the one a restore
/// replaces).
pub(crate) fn erased_in(conn: &rusqlite::Connection) -> Result<Vec<Entry>> {
    crate::register::rows(
        conn,
        "SELECT id, created_at, erased_on FROM people WHERE erased_on IS NOT NULL",
        [],
        |r| {
            Ok(Entry {
                id: r.get(0)?,
                created_at: r.get(1)?,
                erased_on: r.get(2)?,
            })
        },
    )
}

/// The suppressions a register holds, read from `conn`.
pub(crate) fn suppressions_in(conn: &rusqlite::Connection) -> Result<Vec<Suppression>> {
    crate::register::rows(
        conn,
        "SELECT 'address', NULL, digest, kind, reason, added_on FROM suppressed_addresses
         UNION ALL SELECT 'list', list_id, digest, NULL, NULL, added_on FROM list_suppressions
         UNION ALL SELECT 'undeliverable', NULL, digest, NULL, NULL, since FROM undeliverable_addresses",
        [],
        |r| {
            Ok(Suppression {
                table: r.get(0)?,
                list_id: r.get(1)?,
                digest: hex::encode(r.get::<_, Vec<u8>>(2)?),
                kind: r.get(3)?,
                reason: r.get(4)?,
                on: r.get(5)?,
            })
        },
    )
}

/// Puts back every suppression of `all` the register lacks (a list the register does not
/// have is skipped); the number added.
pub(crate) fn restore_suppressions(
    conn: &rusqlite::Connection,
    all: &[Suppression],
) -> Result<usize> {
    let mut added = 0;
    for s in all {
        let Ok(digest) = hex::decode(&s.digest) else {
            continue;
        };
        added += match (s.table.as_str(), s.list_id) {
            ("address", _) => conn.execute(
                "INSERT OR IGNORE INTO suppressed_addresses (digest, kind, reason, added_on) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![digest, s.kind, s.reason, s.on],
            )?,
            ("list", Some(list)) => conn.execute(
                "INSERT OR IGNORE INTO list_suppressions (list_id, digest, added_on)
                 SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM newsletter_lists WHERE id = ?1)",
                rusqlite::params![list, digest, s.on],
            )?,
            ("undeliverable", _) => conn.execute(
                "INSERT OR IGNORE INTO undeliverable_addresses (digest, since) VALUES (?1, ?2)",
                rusqlite::params![digest, s.on],
            )?,
            _ => 0,
        };
    }
    Ok(added)
}

/// The withdrawals a register holds for people still in it, read from `conn` (the open
/// register, or one set aside by a restore).
pub(crate) fn withdrawals_in(conn: &rusqlite::Connection) -> Result<Vec<Withdrawal>> {
    crate::register::rows(
        conn,
        "SELECT e.person_id, p.created_at, u.code, e.occurred_at, e.channel, e.given_by,
                e.giver_person_id, e.giver_org_id
         FROM consent_events e JOIN people p ON p.id = e.person_id
         JOIN purposes u ON u.id = e.purpose_id
         WHERE e.action = 'withdrawn' AND p.erased_on IS NULL
         ORDER BY e.seq",
        [],
        |r| {
            Ok(Withdrawal {
                person_id: r.get(0)?,
                created_at: r.get(1)?,
                purpose: r.get(2)?,
                occurred_at: r.get(3)?,
                channel: r.get(4)?,
                given_by: r.get(5)?,
                giver_person_id: r.get(6)?,
                giver_org_id: r.get(7)?,
            })
        },
    )
}

/// What the journal beside a restored backup did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum JournalUse {
    /// No journal beside the backup.
    #[default]
    None,
    /// Read and applied (possibly erasing no one: everyone in it was already erased).
    Applied,
    /// Present but not this register's, edited, or unreadable: ignored.
    Ignored,
}

fn mac(
    key: &[u8],
    format: u32,
    database_id: &str,
    entries: &[Entry],
    withdrawals: &[Withdrawal],
    suppressions: &[Suppression],
    closed: &[Closed],
) -> Hmac<Sha256> {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key");
    m.update(b"carnet erasure journal v1\0");
    m.update(database_id.as_bytes());
    for e in entries {
        m.update(&[0]);
        m.update(&e.id.to_be_bytes());
        m.update(e.created_at.as_bytes());
        m.update(&[0]);
        m.update(e.erased_on.as_bytes());
    }
    if format >= 2 {
        m.update(b"\0withdrawals v2");
        for w in withdrawals {
            // Every field, each ended by a zero byte: JSON of the entry is unambiguous.
            m.update(&[0]);
            m.update(
                serde_json::to_string(w)
                    .expect("a withdrawal serialises")
                    .as_bytes(),
            );
        }
        m.update(b"\0suppressions v2");
        for x in suppressions {
            m.update(&[0]);
            m.update(
                serde_json::to_string(x)
                    .expect("a suppression serialises")
                    .as_bytes(),
            );
        }
    }
    if format >= 3 {
        m.update(b"\0closed v3");
        for c in closed {
            m.update(&[0]);
            m.update(
                serde_json::to_string(c)
                    .expect("a closed way in serialises")
                    .as_bytes(),
            );
        }
    }
    m
}

/// The journal format written now (1 is still read: erasures only; 2: and withdrawals and
/// suppressions; 3: and the ways in closed).
const FORMAT: u32 = 3;

impl Backups<'_> {
    /// The register's journal key, made on first need.
    pub(crate) fn journal_key(&self) -> Result<Vec<u8>> {
        self.conn.execute(
            "UPDATE meta SET journal_key = randomblob(32) WHERE id = 1 AND journal_key IS NULL",
            [],
        )?;
        Ok(self
            .conn
            .query_row("SELECT journal_key FROM meta WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }

    fn erased_entries(&self) -> Result<Vec<Entry>> {
        erased_in(&self.conn)
    }

    /// The entries of the journal in `dir` when it is this register's and its signature
    /// holds; `None` when it is absent, `Some(Err)` when it cannot be trusted.
    fn read_journal(&self, dir: &Path, key: &[u8]) -> Option<std::result::Result<Decisions, ()>> {
        read_journal(dir, key, self.database_id())
    }

    /// Writes the journal into the backup folder `dir`: everyone this register erased,
    /// and whoever a trusted journal already there listed. Written whole or not at all.
    pub(crate) fn write_erasure_journal(&self, dir: &Path) -> Result<()> {
        let key = self.journal_key()?;
        let mut entries = self.erased_entries()?;
        let mut withdrawals = withdrawals_in(&self.conn)?;
        let mut suppressions = suppressions_in(&self.conn)?;
        let mut closed = closed_in(&self.conn)?;
        if let Some(Ok(old)) = self.read_journal(dir, &key) {
            entries.extend(old.erased);
            withdrawals.extend(old.withdrawals);
            suppressions.extend(old.suppressions);
            closed.extend(old.closed);
        }
        entries.sort();
        entries.dedup_by(|a, b| a.id == b.id && a.created_at == b.created_at);
        withdrawals.sort();
        withdrawals.dedup();
        suppressions.sort();
        suppressions.dedup();
        closed.sort();
        closed.dedup();
        let sig = hex::encode(
            mac(
                &key,
                FORMAT,
                self.database_id(),
                &entries,
                &withdrawals,
                &suppressions,
                &closed,
            )
            .finalize()
            .into_bytes(),
        );
        let journal = Journal {
            format: FORMAT,
            database_id: self.database_id().to_owned(),
            entries,
            withdrawals,
            suppressions,
            closed,
            mac: sig,
        };
        crate::register::write_atomically(
            &journal_path(dir, self.database_id()),
            serde_json::to_string(&journal)
                .expect("the journal serialises")
                .as_bytes(),
        )
    }

    /// After an erasure: the journal in the backup folder is brought up to date when the
    /// folder is there (a USB key not plugged in is no error: the next backup writes it).
    pub(crate) fn note_decisions(&self) {
        if self.journal_deferred {
            return;
        }
        if let Ok(Some(dir)) = self.settings().map(|s| s.folder) {
            if dir.is_dir() {
                let _ = self.write_erasure_journal(&dir);
            }
        }
    }

    /// The people a trusted journal in `dir` says were erased and who are still here
    /// (the same record: same number and same creation time), and the withdrawals it
    /// lists.
    pub(crate) fn journal_decisions(&self, dir: &Path) -> Result<(Decisions, JournalUse)> {
        let key: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT journal_key FROM meta WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?
            .flatten();
        let read = match key {
            Some(k) => self.read_journal(dir, &k),
            // A backup older than its register's first journal: nothing can be trusted.
            None => (journal_path(dir, self.database_id()).exists()
                || dir.join(JOURNAL_FILE).exists())
            .then_some(Err(())),
        };
        Ok(match read {
            None => (Decisions::default(), JournalUse::None),
            Some(Err(())) => (Decisions::default(), JournalUse::Ignored),
            Some(Ok(d)) => (d, JournalUse::Applied),
        })
    }

    /// Of `erased`, the people still here: the same record (number and creation time), so
    /// a number given again to someone else after an earlier restore never matches.
    /// Whether the person numbered `id`, made at `created_at`, is here and not erased: a
    /// number given again to someone else after an earlier restore never matches.
    fn is_same_record(&self, id: i64, created_at: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM people WHERE id = ?1 AND created_at = ?2 AND erased_on IS NULL)",
            rusqlite::params![id, created_at],
            |r| r.get(0),
        )?)
    }

    pub(crate) fn still_here(&self, erased: &[Entry]) -> Result<Vec<i64>> {
        let mut ids = Vec::new();
        for e in erased {
            if self.is_same_record(e.id, &e.created_at)? {
                ids.push(e.id);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }
}

/// A restore replays into its copy of the register, as the office did, under a name the
/// ledger keeps: the register itself, not a handle, since the acting name changes.
impl Register {
    /// Withdraws again, in the restored register, each consent withdrawn after the backup
    /// was taken: for a person still here (same record) whose latest event for the purpose
    /// is a grant older than the withdrawal. Each is recorded as the office recorded it
    /// (channel, who gave it, when), its evidence saying it was replayed; a replay the
    /// register refuses (a guardian link made after the backup) is listed, not dropped.
    pub(crate) fn replay_withdrawals(
        &mut self,
        withdrawals: &[Withdrawal],
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<ReplayedWithdrawal>> {
        // A restore on a new PC has no one named yet: the ledger says a restore did it.
        let typed = std::mem::take(&mut self.staff);
        self.staff = if typed.is_empty() {
            "[restore]".to_owned()
        } else {
            typed.clone()
        };
        let done = self.replay_each(withdrawals, now);
        self.staff = typed;
        done
    }

    fn replay_each(
        &self,
        withdrawals: &[Withdrawal],
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<ReplayedWithdrawal>> {
        let evidence = match self.org().profile()?.language {
            crate::model::Language::Fr => {
                "Retrait fait après la sauvegarde restaurée, inscrit de nouveau à la restauration"
            }
            crate::model::Language::En => {
                "Withdrawn after the restored backup was taken, recorded again at the restore"
            }
        };
        let mut done = Vec::new();
        for w in withdrawals {
            if !self.backups().is_same_record(w.person_id, &w.created_at)? {
                continue;
            }
            let granted_before = self
                .consent()
                .state(w.person_id)?
                .into_iter()
                .find(|s| s.purpose_code == w.purpose)
                .is_some_and(|s| s.granted && s.since < w.occurred_at);
            if !granted_before {
                continue;
            }
            let Ok(at) = crate::time::parse_stamp(&w.occurred_at) else {
                continue;
            };
            let giver = match (w.giver_person_id, w.giver_org_id) {
                (Some(p), _) => Some(crate::family::Guardian::Person(p)),
                (None, Some(o)) => Some(crate::family::Guardian::Organisation(o)),
                _ => None,
            };
            let input = crate::consent::ConsentInput {
                person_id: w.person_id,
                purpose: w.purpose.clone(),
                purpose_version: None,
                action: crate::consent::ConsentAction::Withdrawn,
                channel: w.channel,
                given_by: w.given_by,
                giver,
                evidence: evidence.into(),
                occurred_at: at,
            };
            let refused = self
                .consent()
                .record(&input, now)
                .err()
                .map(|e| e.code().as_str());
            done.push(ReplayedWithdrawal {
                person_id: w.person_id,
                purpose: w.purpose.clone(),
                occurred_at: w.occurred_at.clone(),
                refused,
            });
        }
        Ok(done)
    }

    /// Closes again, in the restored register, each way in closed after the backup was
    /// taken: a PC revoked at the register service is revoked again, a staff account
    /// removed is removed again (its slot leaves the key file, its verifier goes). The same
    /// record only (number and creation time). An account that would leave the register
    /// without a person in charge stays, and is counted apart.
    pub(crate) fn close_again(
        &mut self,
        closed: &[Closed],
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<ClosedAgain> {
        let typed = std::mem::take(&mut self.staff);
        self.staff = if typed.is_empty() {
            "[restore]".to_owned()
        } else {
            typed.clone()
        };
        let done = self.close_each(closed, now);
        self.staff = typed;
        done
    }

    fn close_each(
        &self,
        closed: &[Closed],
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<ClosedAgain> {
        let mut done = ClosedAgain::default();
        for c in closed {
            match c.kind.as_str() {
                "device" => {
                    let n = self.change(now, "service.device.revoke", "device", |tx| {
                        let n = tx.execute(
                            "UPDATE service_devices SET revoked_at = ?3, revoked_by = ?4
                             WHERE id = ?1 AND paired_at = ?2 AND revoked_at IS NULL",
                            (c.id, &c.created_at, &c.closed_at, tx.staff),
                        )?;
                        Ok((Some(c.id), n))
                    });
                    done.devices += n?;
                }
                "account" => {
                    let here: Option<crate::model::StaffRole> = self
                        .conn
                        .query_row(
                            "SELECT role FROM staff_accounts
                             WHERE id = ?1 AND created_at = ?2 AND removed_at IS NULL",
                            (c.id, &c.created_at),
                            |r| r.get(0),
                        )
                        .optional()?;
                    let Some(role) = here else { continue };
                    if role == crate::model::StaffRole::PrivacyOfficer {
                        let others: i64 = self.conn.query_row(
                            "SELECT count(*) FROM staff_accounts
                             WHERE role = 'privacy_officer' AND removed_at IS NULL AND id <> ?1",
                            [c.id],
                            |r| r.get(0),
                        )?;
                        if others == 0 {
                            done.last_person_in_charge_kept = true;
                            continue;
                        }
                    }
                    // The slot goes first, as a removal does: a crash after it leaves an
                    // account that opens nothing.
                    let mut info = self.current_key_info()?;
                    info.slots_mut().retain(|s| s.id != c.id);
                    info.write(self.path())?;
                    self.change(now, "account.remove", "staff_account", |tx| {
                        tx.execute(
                            "UPDATE staff_accounts SET removed_at = ?2, slot_key = NULL WHERE id = ?1",
                            (c.id, &c.closed_at),
                        )?;
                        tx.execute(
                            "DELETE FROM service_verifiers WHERE account_id = ?1",
                            [c.id],
                        )?;
                        Ok((Some(c.id), ()))
                    })?;
                    done.accounts += 1;
                }
                _ => {}
            }
        }
        Ok(done)
    }
}

/// The ways in a restore closed again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ClosedAgain {
    /// Staff accounts removed after the backup was taken, removed again.
    pub accounts: usize,
    /// PCs revoked at the register service after the backup was taken, revoked again.
    pub devices: usize,
    /// A removal that would have left the register without a person in charge (the one
    /// who took over was added after the backup): that account stays; the person in charge
    /// removes it once the other is added again.
    pub last_person_in_charge_kept: bool,
}
