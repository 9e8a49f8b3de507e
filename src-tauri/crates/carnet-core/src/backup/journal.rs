//! The erasure journal kept beside the backups (`carnet-erasures-<register id>.json` in
//! the backup folder, one per register): who was erased, so that restoring an older backup — on a new PC, where no
//! current register is there to compare with — erases them again.
//!
//! It names no one: each entry is a record number and the time the record was made (so a
//! number given again to someone else after a restore never matches), and the day of the
//! erasure. It is signed (HMAC-SHA-256) with a key kept inside the register
//! (`meta.journal_key`, in every backup since), so an edited journal cannot make a restore
//! erase anyone: it is then ignored, and the restore says so.

use std::fs;
use std::path::Path;

use hmac::{Hmac, Mac};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::error::Result;
use crate::store::Register;

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

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    format: u32,
    database_id: String,
    entries: Vec<Entry>,
    mac: String,
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

fn mac(key: &[u8], database_id: &str, entries: &[Entry]) -> Hmac<Sha256> {
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
    m
}

impl Register {
    /// The register's journal key, made on first need.
    pub(crate) fn journal_key(&mut self) -> Result<Vec<u8>> {
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
        self.rows(
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

    /// The entries of the journal in `dir` when it is this register's and its signature
    /// holds; `None` when it is absent, `Some(Err)` when it cannot be trusted.
    fn read_journal(&self, dir: &Path, key: &[u8]) -> Option<std::result::Result<Vec<Entry>, ()>> {
        let own = journal_path(dir, self.database_id());
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
        if j.format != 1
            || j.database_id != self.database_id()
            || mac(key, &j.database_id, &j.entries)
                .verify_slice(&sig)
                .is_err()
        {
            return Some(Err(()));
        }
        Some(Ok(j.entries))
    }

    /// Writes the journal into the backup folder `dir`: everyone this register erased,
    /// and whoever a trusted journal already there listed. Written whole or not at all.
    pub(crate) fn write_erasure_journal(&mut self, dir: &Path) -> Result<()> {
        let key = self.journal_key()?;
        let mut entries = self.erased_entries()?;
        if let Some(Ok(old)) = self.read_journal(dir, &key) {
            entries.extend(old);
        }
        entries.sort();
        entries.dedup_by(|a, b| a.id == b.id && a.created_at == b.created_at);
        let sig = hex::encode(
            mac(&key, self.database_id(), &entries)
                .finalize()
                .into_bytes(),
        );
        let journal = Journal {
            format: 1,
            database_id: self.database_id().to_owned(),
            entries,
            mac: sig,
        };
        crate::store::write_atomically(
            &journal_path(dir, self.database_id()),
            serde_json::to_string(&journal)
                .expect("the journal serialises")
                .as_bytes(),
        )
    }

    /// After an erasure: the journal in the backup folder is brought up to date when the
    /// folder is there (a USB key not plugged in is no error: the next backup writes it).
    pub(crate) fn note_erasures_for_backups(&mut self) {
        if let Ok(Some(dir)) = self.backup_settings().map(|s| s.folder) {
            if dir.is_dir() {
                let _ = self.write_erasure_journal(&dir);
            }
        }
    }

    /// The people a trusted journal in `dir` says were erased and who are still here
    /// (the same record: same number and same creation time).
    pub(crate) fn journal_erasures(&mut self, dir: &Path) -> Result<(Vec<i64>, JournalUse)> {
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
        let entries = match read {
            None => return Ok((Vec::new(), JournalUse::None)),
            Some(Err(())) => return Ok((Vec::new(), JournalUse::Ignored)),
            Some(Ok(e)) => e,
        };
        let mut ids = Vec::new();
        for e in entries {
            let same: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM people WHERE id = ?1 AND created_at = ?2 AND erased_on IS NULL)",
                rusqlite::params![e.id, e.created_at],
                |r| r.get(0),
            )?;
            if same {
                ids.push(e.id);
            }
        }
        Ok((ids, JournalUse::Applied))
    }
}
