//! The register frame: the encrypted file and its key file, opening and creating it, who
//! acts, one change at a time (`change`, with its audit row), reads (`rows`), the office's
//! day and the schema's migrations. It knows no context: the contexts reach it through
//! their handles (`crate::contexts`), and it reaches them only through the hooks that list
//! assembles (`contexts::HOOKS`: the copy before a migration, the ledger's guards, the
//! organisation's name, finishing a held-back erasure).
//!
//! Layout on disk, for a register at `carnet.db`:
//! - `carnet.db` (and SQLite's `-wal` / `-shm`): SQLCipher pages, encrypted with a random
//!   256-bit raw key;
//! - `carnet.db.carnet-key`: JSON with the database id, a check value of the key, whether
//!   the key is in the OS keyring, the key wrapped by a passphrase if one was set, and one
//!   slot per staff account. It holds nothing that opens the database without the keyring,
//!   a passphrase or the recovery key.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::Connection;

use crate::contexts::HOOKS;
use crate::error::{Error, Result};
use crate::secret::{DbKey, PassphraseEnvelope, RecoveryKey};

mod actor;
pub(crate) mod audit;
mod files;
mod keys;
pub mod migrations;
pub mod operations;

pub use actor::account_choices;
pub(crate) use actor::Actor;
pub use actor::{Access, AccountChoice, Opener, Permission, Session, RECOVERY_KEY_ACTOR};
pub use audit::AuditEntry;
pub(crate) use files::{configure, connect, refuse_plain_sqlite, set_aside, sync_file};
pub use files::{default_path, sync_dir, write_atomically, APP_DIR, DEFAULT_FILE};
use files::{parent_dir, sidecar, BUSY_TIMEOUT};
use keys::rekey_marker;
pub use keys::{
    key_info_path, organisation_beside, AccountSecret, PendingRekey, Protection, Unlock,
    UnlockMethods,
};
pub(crate) use keys::{
    keyring_entry, read_key_file, slot_aad, unlock_key, AccountSlot, KeyFile, KeyInfo,
};
use migrations::APPLICATION_ID;

/// What the frame asks of the contexts, assembled by `contexts::HOOKS`.
pub(crate) struct Hooks {
    /// Before an existing register's schema moves on (`version` is where it stands): a
    /// copy to go back to (the backups).
    pub before_migration: fn(&Connection, &DbKey, &Path, i64) -> Result<()>,
    /// Once the schema is current, before anyone works: what must hold (the ledger's
    /// guards).
    pub opened: fn(&mut Connection) -> Result<()>,
    /// The organisation's name, for the key file and the passphrase rules.
    pub organisation_name: fn(&Register) -> Result<String>,
    /// The contexts, the frame first (its schema steps, erasure declarations and
    /// operations' access, as a context's).
    pub contexts: &'static [Context],
}

/// What a context brings to the register besides its handle: its part of the schema, what
/// erasure does to its tables, and what each of its operations takes. Each context folder
/// declares one (`pub(crate) const CONTEXT`); `contexts::HOOKS.contexts` lists them.
pub(crate) struct Context {
    /// Its handle's name, which begins the name of each of its operations (`contests.draw`).
    #[cfg_attr(not(test), allow(dead_code))]
    pub name: &'static str,
    /// Its steps, in the order of versions (`<context>/migrations.rs`).
    pub schema: &'static [migrations::Step],
    /// What an erasure does to each column of the tables its steps create.
    pub erasure: migrations::Declared,
    /// Every public operation of its handle and what it takes (`<context>/permissions.rs`).
    pub operations: &'static [(&'static str, Access)],
}

/// The frame as a context: `meta`, the audit log, staff accounts' key slots, and the
/// operations on the register itself (open, keys, who acts).
pub(crate) const FRAME: Context = Context {
    name: "register",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: operations::OPERATIONS,
};

/// What a new register is founded with: the organisation's profile (`org`), validated,
/// named in the key file, and written in the register's first change.
pub trait Founding {
    /// The organisation's name (the key file's, and what a passphrase may not be).
    fn name(&self) -> &str;
    fn validate(&self) -> Result<()>;
    /// Writes the first rows, inside the creation's transaction.
    fn write(&self, tx: &rusqlite::Transaction<'_>) -> Result<()>;
}

/// An open, unlocked register. All domain operations hang off it.
pub struct Register {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    database_id: String,
    pub(crate) key: DbKey,
    pub(crate) staff: String,
    /// The office's offset from UTC: the calendar day of `now` as the office sees it.
    offset: FixedOffset,
    /// Where a damaged or foreign key file was moved when the recovery key opened the
    /// register (a new one was written in its place).
    key_file_set_aside: Option<PathBuf>,
    /// `meta.recovery_confirmed`, read at open and kept in step: `None` for a register
    /// from before migration 15 until its key file has said it.
    recovery_confirmed: Option<bool>,
    /// The suppression digests' key (`meta.suppression_key`), read at open.
    suppression_key: zeroize::Zeroizing<[u8; 32]>,
    /// Who opened it (see `accounts`): what they may do, and the name the audit log keeps.
    pub(crate) actor: Actor,
    /// An erasure's checkpoint was held back by another reader: tried again when the
    /// register is locked (dropped).
    pub(crate) scrub_pending: std::cell::Cell<bool>,
    /// While a restore replays many decisions, the journal beside the backups is written
    /// once at the end rather than after each.
    pub(crate) journal_deferred: bool,
    /// For the register service: who opened it (and the name they act under), kept while
    /// it acts for signed-in accounts (`serve_as`), to act as itself again.
    pub(crate) opened_as: Option<(Actor, String)>,
}

/// A write a client's request id already made (the register service's retries).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AppliedRequest {
    pub at: String,
    pub action: String,
    pub entity_id: Option<i64>,
}

impl Drop for Register {
    /// Locking finishes an erasure's scrub another reader held back (the last connection
    /// to close folds the log anyway; this one may not be the last).
    fn drop(&mut self) {
        if self.scrub_pending.get() {
            let _ = self.checkpoint();
        }
    }
}

impl std::fmt::Debug for Register {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Register")
            .field("database_id", &self.database_id)
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
pub struct Created {
    pub register: Register,
    /// Shown once, to be printed or written down; never stored by Carnet.
    pub recovery_key: RecoveryKey,
}

impl Register {
    /// Creates a new register at `path`. Refuses to touch an existing file.
    ///
    /// The database and its key file are built whole in a fresh folder beside `path`,
    /// then moved into place, key file first and database last: a crash at any moment
    /// leaves either nothing at `path` (a key file alone is set aside by the next
    /// creation) or a complete register. A failure removes only what this call made.
    pub fn create(
        path: &Path,
        protection: Protection<'_>,
        profile: &impl Founding,
        now: DateTime<Utc>,
    ) -> Result<Created> {
        profile.validate()?;
        if let Protection::Passphrase { passphrase, .. } = &protection {
            crate::secret::check_passphrase(passphrase, &[profile.name()])?;
        }
        if [
            path.to_owned(),
            sidecar(path, "-wal"),
            sidecar(path, "-shm"),
        ]
        .iter()
        .any(|p| p.exists())
        {
            return Err(Error::DatabaseExists);
        }
        let dir = parent_dir(path);
        fs::create_dir_all(dir)?;
        let key_file = key_info_path(path);
        if key_file.exists() {
            // A key file without its database opens nothing: what an interrupted creation
            // leaves. Kept aside, not deleted.
            set_aside(&key_file, "orphan")?;
        }
        let work = tempfile::Builder::new()
            .prefix(".carnet-new-")
            .tempdir_in(dir)?;
        let staged = work.path().join(DEFAULT_FILE);

        let key = DbKey::generate()?;
        let mut id = [0u8; 16];
        getrandom::fill(&mut id).map_err(|_| Error::Io("no system randomness".into()))?;
        let database_id = hex::encode(id);
        let mut info = KeyInfo {
            format: 1,
            database_id: database_id.clone(),
            key_check: key.check_value(),
            in_keyring: false,
            passphrase: None,
            recovery_unconfirmed: false,
            accounts: Vec::new(),
            organisation: crate::fold::clean(profile.name()),
        };
        let mut vault_used = None;
        match protection {
            Protection::Keyring(vault) => {
                vault.put(&database_id, &key)?;
                info.in_keyring = true;
                vault_used = Some(vault);
            }
            Protection::Passphrase { passphrase, params } => {
                info.passphrase = Some(PassphraseEnvelope::seal(&key, passphrase, params)?);
            }
        }

        let result = (|| -> Result<Register> {
            {
                let mut conn = connect(&staged, &key, true)?;
                conn.pragma_update(None, "application_id", APPLICATION_ID)?;
                configure(&conn)?;
                migrations::migrate_to(&mut conn, migrations::LATEST)?;
                let tx = conn.transaction()?;
                tx.execute(
                    "INSERT INTO meta (id, database_id, created_at, suppression_key, recovery_confirmed)
                     VALUES (1, ?1, ?2, randomblob(32), 0)",
                    (&database_id, crate::time::stamp(now)),
                )?;
                profile.write(&tx)?;
                audit::record(&tx, now, "", "register.create", "register", None)?;
                tx.commit()?;
                // Closing the only connection folds the WAL into the file and removes it.
                conn.close().map_err(|(_, e)| Error::from(e))?;
            }
            sync_file(&staged)?;
            info.write(&staged)?;
            if path.exists() || key_file.exists() {
                return Err(Error::DatabaseExists);
            }
            fs::rename(key_info_path(&staged), &key_file)?;
            if let Err(e) = fs::rename(&staged, path) {
                let _ = fs::remove_file(&key_file);
                return Err(e.into());
            }
            sync_dir(dir)?;
            Register::open_keyed(path, DbKey::from_slice(key.bytes())?)
        })();
        drop(work);
        match result {
            Ok(register) => {
                let recovery_key = RecoveryKey::from_key(&register.key);
                Ok(Created {
                    register,
                    recovery_key,
                })
            }
            Err(e) => {
                if let Some(vault) = vault_used {
                    let _ = vault.delete(&database_id);
                }
                Err(e)
            }
        }
    }

    /// Opens an existing register. Never creates one: a missing file is an error.
    ///
    /// With the recovery key, a key file that is damaged or belongs to another register
    /// does not stand in the way: SQLCipher proves the key, the file is set aside and a
    /// new one written ([`Register::key_file_set_aside`] says where the old one went).
    pub fn open(path: &Path, unlock: Unlock<'_>) -> Result<Register> {
        if !path.is_file() {
            return Err(Error::DatabaseNotFound);
        }
        refuse_plain_sqlite(path)?;
        let by_recovery = matches!(unlock, Unlock::RecoveryKey(_));
        let account = unlock.account();
        let (key, file) = unlock_key(path, unlock)?;
        let mut reg = Register::open_found(path, key, file, by_recovery)?;
        reg.settle_actor(account, by_recovery)?;
        Ok(reg)
    }

    /// Opens `path` with a key in hand and the key file found beside it. With
    /// `by_recovery` (the recovery key, or a restore that checked the key), a key file
    /// that is missing or not this register's is set aside and written anew.
    pub(crate) fn open_found(
        path: &Path,
        key: DbKey,
        file: KeyFile,
        by_recovery: bool,
    ) -> Result<Register> {
        // The key file this key agrees with, if any.
        let info = match file {
            KeyFile::Found(i) if i.key_check == key.check_value() => Some(i),
            KeyFile::Found(_) if !by_recovery => return Err(Error::WrongKey),
            _ => None,
        };
        let mut reg = match Register::open_keyed(path, key) {
            // The recovery key agrees with the key file yet does not open the database:
            // the database is damaged.
            Err(Error::WrongKey) if info.is_some() && by_recovery => {
                return Err(Error::NotACarnetDatabase)
            }
            // A change of key stopped between re-encrypting and writing the key file: the
            // new sheet opens it.
            Err(Error::WrongKey) if info.is_some() && rekey_marker(path).exists() => {
                return Err(Error::RekeyInterrupted)
            }
            // A key taken from the key file does not open the database: the file is
            // another register's (or the database is damaged; the recovery key tells).
            Err(Error::WrongKey) if info.is_some() => return Err(Error::KeyInfoDamaged),
            other => other?,
        };
        match info {
            Some(i) if i.database_id == reg.database_id => {
                // The key file opens the register: a marker left by a change of key that
                // stopped before re-encrypting anything means nothing any more.
                let marker = rekey_marker(path);
                if marker.exists() {
                    let _ = fs::remove_file(marker);
                }
                // A register from before migration 15: its key file says it, once.
                if reg.recovery_confirmed.is_none() {
                    reg.note_recovery_confirmed(!i.recovery_unconfirmed);
                }
                if by_recovery {
                    // Whoever typed the recovery key has it: no need to show it again.
                    reg.note_recovery_confirmed(true);
                }
            }
            Some(_) if !by_recovery => return Err(Error::KeyInfoDamaged),
            _ => {
                // Opened with the recovery key beside no usable key file: keep the old
                // one aside and write this register's. The office has just shown it
                // holds the recovery key, so it counts as confirmed.
                let old = key_info_path(path);
                let marker = rekey_marker(path);
                let why = if marker.exists() {
                    "before-rekey"
                } else {
                    "damaged"
                };
                if old.exists() {
                    reg.key_file_set_aside = Some(set_aside(&old, why)?);
                }
                reg.key_info(false, None).write(path)?;
                let _ = fs::remove_file(&marker);
                reg.note_recovery_confirmed(true);
            }
        }
        Ok(reg)
    }

    /// Opens `path` with a key already in hand: checks it is a Carnet register this
    /// version can read, then brings its schema up to date.
    fn open_keyed(path: &Path, key: DbKey) -> Result<Register> {
        let conn = connect(path, &key, false)?;
        let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            return Err(Error::NotACarnetDatabase);
        }
        // Refuse a newer schema before any write (even the journal mode) touches the file.
        let version = migrations::user_version(&conn)?;
        if version > migrations::LATEST {
            return Err(Error::DatabaseTooNew {
                found: version,
                supported: migrations::LATEST,
            });
        }
        let database_id: String = conn
            .query_row("SELECT database_id FROM meta WHERE id = 1", [], |r| {
                r.get(0)
            })
            .map_err(|_| Error::NotACarnetDatabase)?;
        let mut reg = Register {
            conn,
            path: path.to_owned(),
            database_id,
            key,
            staff: String::new(),
            offset: FixedOffset::east_opt(0).expect("UTC"),
            key_file_set_aside: None,
            recovery_confirmed: None,
            suppression_key: zeroize::Zeroizing::new([0; 32]),
            actor: Actor::Office,
            opened_as: None,
            scrub_pending: std::cell::Cell::new(false),
            journal_deferred: false,
        };
        reg.configure()?;
        if version < migrations::LATEST {
            (HOOKS.before_migration)(&reg.conn, &reg.key, path, version)?;
        }
        migrations::migrate_to(&mut reg.conn, migrations::LATEST)?;
        (HOOKS.opened)(&mut reg.conn)?;
        reg.load_secrets()?;
        // An erasure whose scrub another reader held back (and whose window then closed
        // without a last checkpoint) is finished here, when no one else is at work: an
        // open never waits on another writer for it.
        if sidecar(path, "-wal").metadata().is_ok_and(|m| m.len() > 0) {
            let _ = reg.conn.busy_timeout(std::time::Duration::ZERO);
            let _ = reg.checkpoint();
            let _ = reg.conn.busy_timeout(BUSY_TIMEOUT);
        }
        Ok(reg)
    }

    /// Reads what `meta` keeps for this session: the suppression key (a register from
    /// before migration 15 takes the key its digests were made with, derived from its
    /// database key) and whether the recovery key was confirmed.
    fn load_secrets(&mut self) -> Result<()> {
        let (key, confirmed): (Option<Vec<u8>>, Option<bool>) = self.conn.query_row(
            "SELECT suppression_key, recovery_confirmed FROM meta WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let key = match key {
            Some(k) => k,
            None => {
                let legacy = self.legacy_suppression_key();
                // Kept from now on, so a re-key keeps it. A register on read-only media
                // uses it without keeping it (nothing there can be re-keyed either).
                let _ = self.conn.execute(
                    "UPDATE meta SET suppression_key = ?1 WHERE id = 1 AND suppression_key IS NULL",
                    [&legacy[..]],
                );
                legacy.to_vec()
            }
        };
        self.suppression_key
            .copy_from_slice(key.get(..32).ok_or(Error::NotACarnetDatabase)?);
        self.recovery_confirmed = confirmed;
        Ok(())
    }

    pub fn database_id(&self) -> &str {
        &self.database_id
    }

    /// The office's offset from UTC (the shell reads it from the OS; UTC by default). Date
    /// checks ("not in the future", "between receipt and today") use the office's day.
    pub fn set_utc_offset(&mut self, offset: FixedOffset) {
        self.offset = offset;
    }

    /// Whether the file is sound: SQLite's `integrity_check` says "ok" and SQLCipher's
    /// `cipher_integrity_check` finds no page whose HMAC fails.
    pub fn integrity_ok(&self) -> Result<bool> {
        let integrity: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let mut cipher = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        let bad_pages = cipher.query_map([], |_| Ok(()))?.count();
        Ok(integrity == "ok" && bad_pages == 0)
    }

    /// The office's offset from UTC.
    pub fn utc_offset(&self) -> FixedOffset {
        self.offset
    }

    /// Another connection to this register for reads alone (`PRAGMA query_only`: a write
    /// on it fails instead of happening): the register service answers reads on it while
    /// a write runs on this one. It acts as nobody until `serve_as`, and as whoever opened
    /// this one when told `serve_as_itself`.
    pub fn reader(&self) -> Result<Register> {
        let mut reader = Register::open_keyed(&self.path, DbKey::from_slice(self.key.bytes())?)?;
        reader.conn.pragma_update(None, "query_only", true)?;
        // A smaller page cache than the writer's 256 MiB: the service keeps two readers,
        // and a NAS's memory is counted.
        reader.conn.pragma_update(None, "cache_size", -65536)?;
        reader.offset = self.offset;
        reader.opened_as = Some(
            self.opened_as
                .clone()
                .unwrap_or_else(|| (self.actor.clone(), self.staff.clone())),
        );
        reader.serve_nobody();
        Ok(reader)
    }

    /// Where the register's file is (copies set aside beside it are listed from there).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The calendar day of `now` in the office.
    pub fn local_day(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.offset).date_naive()
    }

    /// A moment as the office's clock shows it, with its offset: `2026-11-23 10:00 (UTC-04:00)`.
    pub fn local_time(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.offset)
            .format("%Y-%m-%d %H:%M (UTC%:z)")
            .to_string()
    }

    fn configure(&mut self) -> Result<()> {
        configure(&self.conn)
    }

    pub(crate) fn audit(
        &self,
        now: DateTime<Utc>,
        action: &str,
        entity: &str,
        id: Option<i64>,
    ) -> Result<()> {
        audit::record(&self.conn, now, &self.staff, action, entity, id)
    }

    /// The key of the suppression list's digests: random, kept inside the register (so
    /// a digest cannot be matched against a list of addresses without the register, and a
    /// re-key changes nothing).
    pub(crate) fn suppression_key(&self) -> [u8; 32] {
        *self.suppression_key
    }

    /// The key registers made before migration 15 derived from their database key.
    fn legacy_suppression_key(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"carnet suppression key v1");
        h.update(self.key.bytes());
        h.finalize().into()
    }

    // Who acts: every context's decision asks `require` first (the permission table is
    // `contexts::OPERATIONS`); the screens show the `session`.

    /// Folds the whole log into the file and empties it: true when nothing was left
    /// behind (no reader held an older snapshot).
    pub(crate) fn checkpoint(&self) -> Result<bool> {
        let (busy, log, done): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        Ok(busy == 0 && (log <= 0 || log == done))
    }

    /// One change to the register: opens a transaction, runs `f`, writes the audit row
    /// (`action` on `entity`, with the record id `f` names) and commits. When `f` fails,
    /// nothing of it is kept. `f` returns `(audited record id, value)`.
    pub(crate) fn change<T>(
        &self,
        now: DateTime<Utc>,
        action: &str,
        entity: &str,
        f: impl FnOnce(&Change<'_>) -> Result<(Option<i64>, T)>,
    ) -> Result<T> {
        let change = Change {
            tx: write(&self.conn)?,
            staff: &self.staff,
        };
        let (id, value) = f(&change)?;
        audit::record(&change.tx, now, change.staff, action, entity, id)?;
        change.tx.commit()?;
        Ok(value)
    }

    /// For the register service: the changes this thread makes from now on carry a
    /// client's request id (`None` stops it); the first one's audit row records it.
    pub fn set_request_id(&self, id: Option<&str>) {
        audit::set_request_id(id);
    }

    /// For the register service: forgets the request ids recorded before `before` (a
    /// retry comes within minutes; the table would otherwise grow with every write).
    pub fn forget_applied_requests(
        &self,
        before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        self.change(now, "service.requests.forget", "register", |tx| {
            let n = tx.execute(
                "DELETE FROM applied_requests WHERE at < ?1",
                [crate::time::stamp(before)],
            )?;
            Ok((None, n))
        })
    }

    /// The write a request id already made, if any.
    pub fn applied_request(&self, id: &str) -> Result<Option<AppliedRequest>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT at, action, entity_id FROM applied_requests WHERE request_id = ?1",
                [id],
                |r| {
                    Ok(AppliedRequest {
                        at: r.get(0)?,
                        action: r.get(1)?,
                        entity_id: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Every row of a read, mapped by `map` (the statement is cached).
    pub(crate) fn rows<T, P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        rows(&self.conn, sql, params, map)
    }
}

/// A change in progress: its transaction (through `Deref`) and the staff member acting.
pub(crate) struct Change<'a> {
    tx: rusqlite::Transaction<'a>,
    pub staff: &'a str,
}

impl<'a> std::ops::Deref for Change<'a> {
    type Target = rusqlite::Transaction<'a>;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

/// A write transaction, started `IMMEDIATE`: it takes the write lock at once (waiting up
/// to the busy timeout), so two writers (the app and the command line) never both start
/// and then collide half-way; the second one is told the register is busy.
///
/// It borrows the connection shared (the register is used by one thread at a time, and a
/// change never starts another inside it: SQLite would refuse the nested `BEGIN`), so an
/// operation on a context's handle, which borrows the register shared, can write.
pub(crate) fn write(conn: &Connection) -> Result<rusqlite::Transaction<'_>> {
    Ok(rusqlite::Transaction::new_unchecked(
        conn,
        rusqlite::TransactionBehavior::Immediate,
    )?)
}

/// Every row of a read on `conn`, mapped by `map` (the statement is cached).
pub(crate) fn rows<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let out = stmt
        .query_map(params, map)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(out)
}

#[cfg(feature = "bench")]
impl Register {
    /// A register over an unencrypted connection (the benchmarks' baseline, `crate::bench`):
    /// configured like an encrypted one, acting as the office.
    pub(crate) fn unkeyed(conn: Connection, path: &Path, database_id: String) -> Result<Register> {
        configure(&conn)?;
        Ok(Register {
            conn,
            path: path.to_owned(),
            database_id,
            key: DbKey::generate()?,
            staff: "Banc".into(),
            offset: FixedOffset::east_opt(0).expect("UTC"),
            key_file_set_aside: None,
            recovery_confirmed: Some(true),
            suppression_key: zeroize::Zeroizing::new([0; 32]),
            actor: Actor::Office,
            opened_as: None,
            scrub_pending: std::cell::Cell::new(false),
            journal_deferred: false,
        })
    }
}
