//! The encrypted register file: creating it, unlocking it, and the small key
//! information file kept beside it.
//!
//! Layout on disk, for a register at `carnet.db`:
//! - `carnet.db` (and SQLite's `-wal` / `-shm`): SQLCipher pages, encrypted with a random
//!   256-bit raw key;
//! - `carnet.db.carnet-key`: JSON with the database id, a check value of the key, whether
//!   the key is in the OS keyring, and the key wrapped by a passphrase if one was set.
//!   It holds nothing that opens the database without the keyring, the passphrase or
//!   the recovery key.

use crate::Contexts;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::accounts::{AccountSecret, AccountSlot, Actor};
use crate::audit;
use crate::error::{Error, Result};
use crate::migrations::{self, APPLICATION_ID};
use crate::org::{self, OrganisationProfile};
use crate::secret::{DbKey, KdfParams, PassphraseEnvelope, RecoveryKey};
use crate::vault::Vault;

/// The folder name under the OS application-data folder (same as the app's identifier).
pub const APP_DIR: &str = "app.carnet.desktop";
pub const DEFAULT_FILE: &str = "carnet.db";

/// `~/.local/share/app.carnet.desktop/carnet.db`, `%APPDATA%\app.carnet.desktop\carnet.db`,
/// `~/Library/Application Support/app.carnet.desktop/carnet.db`.
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(APP_DIR).join(DEFAULT_FILE))
}

/// The marker beside a register while a change of key is under way.
fn rekey_marker(db: &Path) -> PathBuf {
    sidecar(db, ".carnet-rekeying")
}

/// The organisation's name the key file beside `db` gives (read without the key; empty
/// when there is none), for the unlock screen: "Registre de l’École …", not a path.
pub fn organisation_beside(db: &Path) -> String {
    match KeyInfo::read(db) {
        Ok(KeyFile::Found(i)) => crate::fold::clean(&i.organisation)
            .chars()
            .take(crate::Field::OrganisationName.max_chars())
            .collect(),
        _ => String::new(),
    }
}

pub fn key_info_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".carnet-key");
    PathBuf::from(name)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct KeyInfo {
    format: u32,
    database_id: String,
    key_check: String,
    in_keyring: bool,
    passphrase: Option<PassphraseEnvelope>,
    /// Where registers made before migration 15 kept whether the recovery key was
    /// confirmed: read once, at the first open after the upgrade, into `meta`; written
    /// by none since (editing it changes nothing).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    recovery_unconfirmed: bool,
    /// One key slot per staff account (absent while the register has none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    accounts: Vec<AccountSlot>,
    /// The organisation's name, so the unlock screen can say whose register this is
    /// before it is open (a name, never personal data; shown, never trusted).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    organisation: String,
}

/// What is beside a register: its key file, none, or one Carnet cannot use (not JSON,
/// another format, Argon2 settings out of bounds).
// Read once per open and matched at once: not worth a box.
#[allow(clippy::large_enum_variant)]
pub(crate) enum KeyFile {
    Found(KeyInfo),
    Missing,
    Damaged,
}

impl KeyInfo {
    fn read(db: &Path) -> Result<KeyFile> {
        let path = key_info_path(db);
        let mut text = String::new();
        match fs::File::open(&path) {
            Ok(f) => {
                // A key file is a few hundred bytes; a huge one is not ours.
                if f.take(64 * 1024).read_to_string(&mut text).is_err() {
                    return Ok(KeyFile::Damaged);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(KeyFile::Missing),
            Err(e) => return Err(e.into()),
        };
        Ok(match serde_json::from_str::<KeyInfo>(&text) {
            Ok(info)
                if info.format == 1
                    && info
                        .passphrase
                        .as_ref()
                        .is_none_or(|p| p.params.is_bounded())
                    && info.accounts.iter().all(AccountSlot::is_bounded) =>
            {
                KeyFile::Found(info)
            }
            _ => KeyFile::Damaged,
        })
    }

    pub(crate) fn database_id(&self) -> &str {
        &self.database_id
    }

    pub(crate) fn accounts(&self) -> &[AccountSlot] {
        &self.accounts
    }

    pub(crate) fn accounts_mut(&mut self) -> &mut Vec<AccountSlot> {
        &mut self.accounts
    }

    /// The register's own keyring entry and passphrase no longer open it (accounts do).
    pub(crate) fn close_register_wide(&mut self) {
        self.in_keyring = false;
        self.passphrase = None;
    }

    /// Written whole or not at all (see [`write_atomically`]).
    pub(crate) fn write(&self, db: &Path) -> Result<()> {
        write_atomically(
            &key_info_path(db),
            serde_json::to_string_pretty(self)
                .expect("key info serialises")
                .as_bytes(),
        )
    }
}

/// How the key file beside a register stands, read before unlocking: which ways in it
/// offers, and whether it is damaged (then only the recovery key opens the register).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UnlockMethods {
    pub keyring: bool,
    pub passphrase: bool,
    pub key_file_damaged: bool,
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Makes a rename or a new file in `dir` durable: the folder's entry is flushed too
/// (on Windows, a rename is durable once it returns).
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Flushes the file at `path` to disk. Opened for writing: Windows refuses to flush a
/// file opened read-only ("access denied"), which the Windows check under Wine found.
pub(crate) fn sync_file(path: &Path) -> Result<()> {
    fs::OpenOptions::new().write(true).open(path)?.sync_all()?;
    Ok(())
}

/// Writes `bytes` to a fresh temporary file beside `path`, flushes it to disk, renames
/// it over `path` and flushes the folder: a crash or a full disk never leaves half a
/// file, and a file already at `path` stays as it was until the new one is complete.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent_dir(path);
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| Error::from(e.error))?;
    sync_dir(dir)
}

/// Moves `path` aside as `<name>.<why>-N` (the first free N) and returns the new path:
/// a file Carnet cannot use is kept for whoever wants to look at it, never deleted.
pub(crate) fn set_aside(path: &Path, why: &str) -> Result<PathBuf> {
    for n in 1..1000 {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".{why}-{n}"));
        let aside = PathBuf::from(name);
        if !aside.exists() {
            fs::rename(path, &aside)?;
            sync_dir(parent_dir(path))?;
            return Ok(aside);
        }
    }
    Err(Error::Io(
        "too many files set aside beside the register".into(),
    ))
}

/// The key file beside `path`, as found.
pub(crate) fn read_key_file(path: &Path) -> Result<KeyFile> {
    KeyInfo::read(path)
}

/// The key `unlock` gives for the database at `path` (a register or a backup), and the key
/// file found beside it.
pub(crate) fn unlock_key(path: &Path, unlock: Unlock<'_>) -> Result<(DbKey, KeyFile)> {
    let file = KeyInfo::read(path)?;
    let found = |file: &KeyFile| match file {
        KeyFile::Found(info) => Ok(info.clone()),
        KeyFile::Missing => Err(Error::KeyInfoMissing),
        KeyFile::Damaged => Err(Error::KeyInfoDamaged),
    };
    // Once a register has accounts, only they (and the recovery key) open it.
    if matches!(unlock, Unlock::Keyring(_) | Unlock::Passphrase(_))
        && matches!(&file, KeyFile::Found(i) if !i.accounts.is_empty())
    {
        return Err(Error::AccountRequired);
    }
    let key = match unlock {
        Unlock::Account(id, secret) => {
            let info = found(&file)?;
            let slot = info
                .accounts
                .iter()
                .find(|s| s.id == id)
                .ok_or(Error::NotFound { entity: "account" })?;
            let slot_key = match secret {
                AccountSecret::Passphrase(p) => slot
                    .passphrase
                    .as_ref()
                    .ok_or(Error::PassphraseNotSet)?
                    .open(p)?,
                AccountSecret::Keyring(vault) => {
                    if !vault.is_available() {
                        return Err(Error::KeyringUnavailable);
                    }
                    vault.get(&crate::accounts::keyring_entry(&info.database_id, id))?
                }
            };
            // A slot whose key does not agree with the file's check value was edited.
            let key = slot.open(&info.database_id, &slot_key)?;
            if key.check_value() != info.key_check {
                return Err(Error::KeyInfoDamaged);
            }
            key
        }
        Unlock::Keyring(vault) => {
            let info = found(&file)?;
            if !vault.is_available() {
                return Err(Error::KeyringUnavailable);
            }
            vault.get(&info.database_id)?
        }
        Unlock::Passphrase(p) => found(&file)?
            .passphrase
            .as_ref()
            .ok_or(Error::PassphraseNotSet)?
            .open(p)?,
        Unlock::RecoveryKey(text) => RecoveryKey::parse(text)?,
    };
    Ok((key, file))
}

/// A new key prepared for [`Register::apply_rekey`].
pub struct PendingRekey {
    key: DbKey,
}

impl PendingRekey {
    /// The new recovery key, to print before the key is applied.
    pub fn recovery_key(&self) -> RecoveryKey {
        RecoveryKey::from_key(&self.key)
    }
}

/// How a register is unlocked.
#[derive(Clone, Copy)]
pub enum Unlock<'a> {
    /// The key kept in the OS keyring under the database's id (the default).
    Keyring(&'a Vault),
    /// A passphrase set at creation or later, for machines without a keyring.
    Passphrase(&'a str),
    /// The recovery key printed at creation, as typed.
    RecoveryKey(&'a str),
    /// A staff account's slot (its id, and its passphrase or keyring entry).
    Account(i64, AccountSecret<'a>),
}

impl Unlock<'_> {
    /// The account this unlock goes through, if any.
    pub(crate) fn account(&self) -> Option<i64> {
        match self {
            Unlock::Account(id, _) => Some(*id),
            _ => None,
        }
    }
}

/// Where a new register's key is kept besides the recovery key.
pub enum Protection<'a> {
    Keyring(&'a Vault),
    Passphrase {
        passphrase: &'a str,
        params: KdfParams,
    },
}

/// The audit log's name for a session opened with the recovery key on a register that
/// has accounts (the name typed, if any, follows in brackets).
pub const RECOVERY_KEY_ACTOR: &str = "[recovery key]";

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
}

impl Drop for Register {
    /// Locking finishes an erasure's scrub another reader held back (the last connection
    /// to close folds the log anyway; this one may not be the last).
    fn drop(&mut self) {
        if self.scrub_pending.get() {
            let _ = self.privacy().checkpoint();
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
        profile: &OrganisationProfile,
        now: DateTime<Utc>,
    ) -> Result<Created> {
        profile.validate()?;
        if let Protection::Passphrase { passphrase, .. } = &protection {
            crate::secret::check_passphrase(passphrase, &[&profile.name])?;
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
            organisation: crate::fold::clean(&profile.name),
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
                org::write_profile(&tx, profile)?;
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
            scrub_pending: std::cell::Cell::new(false),
            journal_deferred: false,
        };
        reg.configure()?;
        if version < migrations::LATEST {
            crate::backup::before_migration(&reg.conn, &reg.key, path, version)?;
        }
        migrations::migrate_to(&mut reg.conn, migrations::LATEST)?;
        crate::consent::check_guards(&mut reg.conn)?;
        reg.load_secrets()?;
        // An erasure whose scrub another reader held back (and whose window then closed
        // without a last checkpoint) is finished here, when no one else is at work: an
        // open never waits on another writer for it.
        if sidecar(path, "-wal").metadata().is_ok_and(|m| m.len() > 0) {
            let _ = reg.conn.busy_timeout(std::time::Duration::ZERO);
            let _ = reg.privacy().checkpoint();
            let _ = reg.conn.busy_timeout(BUSY_TIMEOUT);
        }
        Ok(reg)
    }

    /// Where a damaged or foreign key file was moved when this register was opened with
    /// the recovery key (`None` when the key file was sound).
    pub fn key_file_set_aside(&self) -> Option<&Path> {
        self.key_file_set_aside.as_deref()
    }

    /// True until the person in charge confirms the recovery key is kept safe
    /// ([`Register::confirm_recovery_key`]), and only for whoever may see it: office staff
    /// are never shown the recovery screen.
    pub fn recovery_unconfirmed(&self) -> bool {
        self.recovery_confirmed != Some(true)
            && self
                .require(crate::accounts::Permission::RecoveryKey)
                .is_ok()
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

    /// Records whether the recovery key is put away. Saying so on disk is a nicety here:
    /// a read-only folder (a register on locked media) still opens, and the recovery
    /// screen shows once more.
    fn note_recovery_confirmed(&mut self, confirmed: bool) {
        self.recovery_confirmed = Some(confirmed);
        let _ = self.conn.execute(
            "UPDATE meta SET recovery_confirmed = ?1 WHERE id = 1",
            [confirmed],
        );
    }

    /// The recovery key, rebuilt from the open register's key (it is never stored), to
    /// show or print while the office has not confirmed it is put away; refused after.
    pub fn recovery_key(&self) -> Result<RecoveryKey> {
        self.require(crate::accounts::Permission::RecoveryKey)?;
        if self.recovery_confirmed == Some(true) {
            return Err(Error::Conflict("the recovery key was already put away"));
        }
        Ok(RecoveryKey::from_key(&self.key))
    }

    /// The office says the recovery key is printed and put away.
    pub fn confirm_recovery_key(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.require(crate::accounts::Permission::RecoveryKey)?;
        self.change(now, "key.recovery_confirmed", "register", |tx| {
            tx.execute("UPDATE meta SET recovery_confirmed = 1 WHERE id = 1", [])?;
            Ok((None, ()))
        })?;
        self.recovery_confirmed = Some(true);
        Ok(())
    }

    fn key_info(&self, in_keyring: bool, passphrase: Option<PassphraseEnvelope>) -> KeyInfo {
        KeyInfo {
            format: 1,
            database_id: self.database_id.clone(),
            key_check: self.key.check_value(),
            in_keyring,
            passphrase,
            recovery_unconfirmed: false,
            accounts: Vec::new(),
            organisation: self.org().profile().map(|p| p.name).unwrap_or_default(),
        }
    }

    /// Writes the organisation's name into the key file after it changed (the unlock
    /// screen's words); a key file that is not this register's is left alone.
    pub(crate) fn name_in_key_file(&self, name: &str) -> Result<()> {
        if let KeyFile::Found(mut i) = KeyInfo::read(&self.path)? {
            if i.database_id == self.database_id
                && i.key_check == self.key.check_value()
                && i.organisation != name
            {
                i.organisation = name.to_owned();
                i.write(&self.path)?;
            }
        }
        Ok(())
    }

    /// The key file as it stands, or a fresh one when it is missing or not this register's.
    pub(crate) fn current_key_info(&self) -> Result<KeyInfo> {
        Ok(match KeyInfo::read(&self.path)? {
            KeyFile::Found(i)
                if i.database_id == self.database_id && i.key_check == self.key.check_value() =>
            {
                i
            }
            _ => self.key_info(false, None),
        })
    }

    /// Stores this register's key in the keyring (after a recovery on a new PC, or
    /// when a keyring becomes available).
    pub fn remember_in_keyring(&mut self, vault: &Vault, now: DateTime<Utc>) -> Result<()> {
        self.require(crate::accounts::Permission::ManageKeys)?;
        // With accounts, each one has its own entry (`set_account_key`).
        if self.actor != Actor::Office {
            return Err(Error::AccountRequired);
        }
        vault.put(&self.database_id, &self.key)?;
        let mut info = self.current_key_info()?;
        info.in_keyring = true;
        info.write(&self.path)?;
        self.audit(now, "key.keyring_store", "register", None)
    }

    /// The first step of re-keying: a new key, held in memory only, whose recovery key
    /// the office prints and puts away before [`Register::apply_rekey`] uses it — so that
    /// a crash half-way leaves a register one of the two sheets opens.
    pub fn prepare_rekey(&self) -> Result<PendingRekey> {
        self.require(crate::accounts::Permission::ManageKeys)?;
        Ok(PendingRekey {
            key: DbKey::generate()?,
        })
    }

    /// Re-encrypts every page under the new key (`PRAGMA rekey`, outside WAL mode), then
    /// rewrites the key file: the keyring entry replaced when there was one, the
    /// passphrase sealed again when one is given (otherwise dropped). The old recovery
    /// sheet, the old passphrase and the old keyring entry no longer open the register.
    /// With staff accounts, each account's slot is wrapped again around the new key (their
    /// passphrases and keyring entries keep working; a removed account's old slot does not),
    /// and the register takes no passphrase of its own. Backups taken before keep the old
    /// key.
    pub fn apply_rekey(
        &mut self,
        pending: PendingRekey,
        vault: &Vault,
        passphrase: Option<(&str, KdfParams)>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.require(crate::accounts::Permission::ManageKeys)?;
        let before = self.current_key_info()?;
        let accounts_on = self.actor != Actor::Office;
        if accounts_on && passphrase.is_some() {
            return Err(Error::AccountRequired);
        }
        if let Some((p, _)) = passphrase {
            crate::secret::check_passphrase(p, &[&self.org().profile()?.name])?;
        }
        let slots = self.rewrapped_slots(&pending.key)?;
        let envelope = passphrase
            .map(|(p, params)| PassphraseEnvelope::seal(&pending.key, p, params))
            .transpose()?;
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
        // Until the key file is written, a marker beside the register says a change of key
        // is under way: a crash in between is then told apart from a damaged key file.
        let marker = rekey_marker(&self.path);
        write_atomically(&marker, b"a change of key is under way\n")?;
        let rekeyed = self.conn.execute_batch(&pending.key.rekey_pragma());
        self.conn.execute_batch("PRAGMA journal_mode = WAL;")?;
        if rekeyed.is_err() {
            let _ = fs::remove_file(&marker);
        }
        rekeyed?;
        self.key = pending.key;
        let in_keyring = before.in_keyring && vault.put(&self.database_id, &self.key).is_ok();
        let mut info = self.key_info(in_keyring, envelope);
        info.accounts = slots;
        info.write(&self.path)?;
        let _ = fs::remove_file(&marker);
        // The new sheet was printed before the key was applied.
        self.note_recovery_confirmed(true);
        self.audit(now, "key.rekey", "register", None)
    }

    /// Sets or replaces the passphrase that can unlock this register.
    pub fn set_passphrase(
        &mut self,
        passphrase: &str,
        params: KdfParams,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.require(crate::accounts::Permission::ManageKeys)?;
        if self.actor != Actor::Office {
            return Err(Error::AccountRequired);
        }
        crate::secret::check_passphrase(passphrase, &[&self.org().profile()?.name])?;
        let mut info = self.current_key_info()?;
        info.passphrase = Some(PassphraseEnvelope::seal(&self.key, passphrase, params)?);
        info.write(&self.path)?;
        self.audit(now, "key.passphrase_set", "register", None)
    }

    /// Which unlock methods the key file beside `path` offers, and whether it is damaged.
    pub fn unlock_methods(path: &Path) -> Result<UnlockMethods> {
        let (keyring, passphrase, key_file_damaged) = match KeyInfo::read(path)? {
            KeyFile::Found(i) => (i.in_keyring, i.passphrase.is_some(), false),
            KeyFile::Missing => (false, false, false),
            KeyFile::Damaged => (false, false, true),
        };
        Ok(UnlockMethods {
            keyring,
            passphrase,
            key_file_damaged,
        })
    }

    pub fn database_id(&self) -> &str {
        &self.database_id
    }

    /// Who prepares a document now, as a letter names them: the account's or the typed
    /// name (with the recovery key, the name typed alone; empty when none was).
    pub fn preparer(&self) -> String {
        match self.actor {
            Actor::RecoveryKey => self
                .staff
                .strip_prefix(RECOVERY_KEY_ACTOR)
                .map(|rest| rest.trim().trim_start_matches('(').trim_end_matches(')'))
                .unwrap_or_default()
                .to_owned(),
            _ => self.staff.clone(),
        }
    }

    /// The staff member whose actions are recorded (audit log, consent entries).
    pub fn set_staff(&mut self, staff: &str) {
        // An account's name is the account's: it is not typed.
        if matches!(self.actor, Actor::Account { .. }) {
            return;
        }
        // Kept to the field's length: the name goes into every audit row.
        let typed: String = crate::fold::clean(staff)
            .chars()
            .take(crate::Field::Staff.max_chars())
            .collect();
        self.staff = match self.actor {
            // A register with accounts opened with the recovery key: the audit log says
            // so, the typed name beside it, never instead of it.
            Actor::RecoveryKey if typed.is_empty() => RECOVERY_KEY_ACTOR.to_owned(),
            Actor::RecoveryKey => format!("{RECOVERY_KEY_ACTOR} ({typed})"),
            _ => typed,
        };
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

    // The audit log of staff actions, the most recent first (written by `change`).
    /// The most recent entries first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<crate::audit::AuditEntry>> {
        self.rows(
            "SELECT id, at, staff, action, entity, entity_id FROM audit_log ORDER BY id DESC LIMIT ?1",
            [limit],
            |r| {
            Ok(crate::audit::AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                staff: r.get(2)?,
                action: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
            })
        },
        )
    }

    // Who acts: every context's decision asks `require` first (the permission table is
    // `accounts::OPERATIONS`); the screens show the `session`.

    /// Refused unless whoever opened the register may do `what`.
    pub fn require(&self, what: crate::accounts::Permission) -> Result<()> {
        match &self.actor {
            crate::accounts::Actor::Account {
                role: crate::model::StaffRole::OfficeStaff,
                ..
            } => Err(Error::NotPermitted(what)),
            _ => Ok(()),
        }
    }

    pub fn session(&self) -> crate::accounts::Session {
        let (account, role) = match &self.actor {
            crate::accounts::Actor::Account { id, name, role } => (
                self.current_key_info()
                    .ok()
                    .and_then(|i| {
                        i.accounts()
                            .iter()
                            .find(|s| s.id == *id)
                            .map(crate::accounts::choice)
                    })
                    .or(Some(crate::accounts::AccountChoice {
                        id: *id,
                        name: name.clone(),
                        keyring: false,
                        passphrase: false,
                    })),
                Some(*role),
            ),
            _ => (None, None),
        };
        crate::accounts::Session {
            accounts: self.actor != crate::accounts::Actor::Office,
            account,
            role,
            by_recovery_key: self.actor == crate::accounts::Actor::RecoveryKey,
            permissions: crate::accounts::Permission::ALL
                .iter()
                .copied()
                .filter(|&p| self.require(p).is_ok())
                .collect(),
        }
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

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

pub(crate) fn refuse_plain_sqlite(path: &Path) -> Result<()> {
    let mut header = [0u8; 16];
    let mut f = fs::File::open(path)?;
    let n = f.read(&mut header)?;
    if n < 16 || &header == b"SQLite format 3\0" {
        return Err(Error::NotACarnetDatabase);
    }
    Ok(())
}

/// Opens a connection and applies the key as the very first statement, then proves
/// it with a read of the schema. A failing read means the key is wrong (or the file
/// is not an encrypted database).
pub(crate) fn connect(path: &Path, key: &DbKey, create: bool) -> Result<Connection> {
    // SQLCipher's `PRAGMA key` now and then fails (plain SQLITE_ERROR from its codec set-up)
    // when several threads key new connections at once: in parallel tests with 32
    // threads, about once in a thousand creations; never with this lock (0 in 200 runs).
    // One keying at a time costs nothing here: a register opens one connection.
    static KEYING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = KEYING.lock().unwrap_or_else(|e| e.into_inner());
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    conn.execute_batch(&key.pragma())?;
    // SQLCipher logs a failed page check on stderr; the error we return says enough.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(conn),
        Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == ErrorCode::NotADatabase => {
            Err(Error::WrongKey)
        }
        Err(e) => Err(e.into()),
    }
}

/// Connection settings every register gets: WAL with full sync (a power cut loses
/// no committed change), foreign keys, a 256 MiB page cache (filled only as pages are read: a small register uses little), temporary tables in memory
/// (so no plaintext temp file ever reaches the disk), and deleted content overwritten
/// with zeros (`secure_delete`: an erased person's words do not linger in free pages).
/// How long a write waits for another connection's write before `register_busy`.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA temp_store = MEMORY;
         PRAGMA secure_delete = ON;
         PRAGMA cache_size = -262144;",
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(())
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
            scrub_pending: std::cell::Cell::new(false),
            journal_deferred: false,
        })
    }
}

#[cfg(test)]
mod full_disk {
    use super::*;
    use crate::model::Jurisdiction;
    use crate::people::PersonInput;
    use chrono::TimeZone;

    /// A full disk (SQLite told it may not grow, as when the disk has no room left) is
    /// `disk_full`, and the change is not kept while everything before it is.
    #[test]
    fn a_full_disk_says_so_and_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
        let reg = Register::create(
            &dir.path().join("carnet.db"),
            Protection::Passphrase {
                passphrase: "une phrase de passe solide",
                params: KdfParams {
                    m_kib: 1024,
                    t: 1,
                    p: 1,
                },
            },
            &OrganisationProfile::new("École", Jurisdiction::Quebec),
            now,
        )
        .unwrap()
        .register;
        let day = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let person = |i: usize| {
            PersonInput::named(
                &format!("Élève{i}"),
                "Famille",
                crate::model::Channel::PaperForm,
                day,
            )
        };
        let before: Vec<PersonInput> = (0..20).map(person).collect();
        reg.people().add_many(&before, now).unwrap();
        reg.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
        let pages: i64 = reg
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        let _: i64 = reg
            .conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
                r.get(0)
            })
            .unwrap();
        let many: Vec<PersonInput> = (100..3100).map(person).collect();
        let err = reg.people().add_many(&many, now).unwrap_err();
        assert_eq!(err.code(), crate::Code::DiskFull, "{err:?}");
        assert_eq!(reg.people().list(0, 10_000).unwrap().len(), 20);
        assert!(reg.integrity_ok().unwrap());
    }

    #[test]
    fn file_errors_name_what_to_do() {
        use std::io::{Error as IoError, ErrorKind};
        for (kind, code) in [
            (ErrorKind::StorageFull, crate::Code::DiskFull),
            (ErrorKind::QuotaExceeded, crate::Code::DiskFull),
            (ErrorKind::ReadOnlyFilesystem, crate::Code::NoAccess),
            (ErrorKind::PermissionDenied, crate::Code::NoAccess),
            (ErrorKind::NotFound, crate::Code::Io),
        ] {
            assert_eq!(Error::from(IoError::from(kind)).code(), code, "{kind:?}");
        }
    }
}
