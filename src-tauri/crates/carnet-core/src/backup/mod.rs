//! Backups: an encrypted copy of the register with its key file, written whole or not at
//! all into a folder the office chooses (a USB key, a synced folder), then verified before
//! it counts; rotation (the last N days, one per month for M months, and never longer than
//! the settings allow after an erasure); inspection and restore.
//!
//! A backup is SQLCipher's export of the register into a new file under the same key: it
//! never exists in plain text, not even in a temporary file (the export writes encrypted
//! pages). It is written as a hidden `.…tmp` file beside its final name, checked — opened
//! with the key, `integrity_check`, `cipher_integrity_check`, the row counts of the main
//! tables equal to those of the snapshot it was taken from, no plain SQLite header — then
//! its key file and itself are renamed into place. A failure leaves no backup, and the
//! register untouched. A restore opens and checks the backup first, sets the register it
//! replaces aside (never deleted), then copies the backup into place.

use crate::Contexts;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

mod journal;
pub(crate) mod migrations;
pub mod permissions;
pub use journal::{
    journal_path, ClosedAgain, JournalUse, ReplayedWithdrawal, Suppression, Withdrawal,
    JOURNAL_FILE,
};

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "backups",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

use crate::error::{Error, Result};
use crate::field::Field;
use crate::register::migrations::{self as schema, APPLICATION_ID};
use crate::register::{key_info_path, sync_dir, Register, Unlock};
use crate::secret::DbKey;

/// A backup file's extension.
pub const EXTENSION: &str = "carnet-backup";
const STAMP: &str = "%Y-%m-%dT%H-%M-%SZ";

/// How many rows the main tables hold: what a backup must hold too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Counts {
    pub people: i64,
    pub consent_events: i64,
    pub requests: i64,
    pub licences: i64,
    pub entries: i64,
    pub audit_log: i64,
}

const COUNTED: [&str; 6] = [
    "people",
    "consent_events",
    "requests",
    "licences",
    "entries",
    "audit_log",
];

fn counts(conn: &Connection, schema: &str) -> Result<Counts> {
    let n: Vec<i64> = COUNTED
        .iter()
        .map(|t| {
            // A register of an earlier schema may not have the table yet.
            let exists: bool = conn.query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?1)"),
                [t],
                |r| r.get(0),
            )?;
            if !exists {
                return Ok(0);
            }
            conn.query_row(&format!("SELECT count(*) FROM {schema}.{t}"), [], |r| {
                r.get(0)
            })
            .map_err(Error::from)
        })
        .collect::<Result<_>>()?;
    Ok(Counts {
        people: n[0],
        consent_events: n[1],
        requests: n[2],
        licences: n[3],
        entries: n[4],
        audit_log: n[5],
    })
}

/// What a backup holds, shown before a restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    pub file: PathBuf,
    /// When it was taken (from its name).
    pub taken_at: Option<DateTime<Utc>>,
    pub bytes: u64,
    pub schema: i64,
    pub database_id: String,
    pub organisation: String,
    /// People with a record (erased ones excepted).
    pub people_in_register: i64,
    pub counts: Counts,
}

/// The office's backup settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSettings {
    /// The folder backups go to; `None` until the office chooses one.
    pub folder: Option<PathBuf>,
    /// Daily backups kept (the newest of each day).
    pub keep_daily: u32,
    /// Monthly backups kept (the newest of each month), beyond the daily ones.
    pub keep_monthly: u32,
    /// Days an older backup may still hold someone erased since; then it is deleted.
    pub erased_days: u32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings {
            folder: None,
            keep_daily: 7,
            keep_monthly: 12,
            erased_days: 30,
        }
    }
}

/// A backup in a folder, by the time in its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupFile {
    pub file: PathBuf,
    pub taken_at: DateTime<Utc>,
    pub bytes: u64,
}

/// What a rotation removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Rotation {
    pub kept: usize,
    pub removed: Vec<PathBuf>,
    /// Of those, removed because they still held someone erased since.
    pub removed_for_erasure: usize,
    /// Pre-upgrade copies beside the register, removed once this backup was verified.
    pub upgrade_copies_removed: usize,
    /// Temporary files a crash left behind (an hour old or more), removed.
    pub stale_files_removed: usize,
}

/// How much of the database id a backup's name carries: enough to tell the registers
/// of one office apart, short enough to read.
const NAME_ID_CHARS: usize = 12;

/// The name of a backup of the register `database_id` taken at `at`: the register's id
/// in it, so that two registers backing up into one folder (a club and a school on one
/// USB key) never rotate or restore each other's.
fn backup_name(database_id: &str, at: DateTime<Utc>) -> String {
    let id: String = database_id.chars().take(NAME_ID_CHARS).collect();
    format!("carnet-{id}-{}.{EXTENSION}", at.format(STAMP))
}

/// The time in a backup's name, and the register id it names (none in the names of
/// backups taken before ids were put in them).
fn parse_name(path: &Path) -> Option<(DateTime<Utc>, Option<String>)> {
    let name = path.file_name()?.to_str()?;
    let rest = name
        .strip_prefix("carnet-")?
        .strip_suffix(&format!(".{EXTENSION}"))?;
    let (id, stamp) = match rest.split_once('-') {
        Some((id, stamp))
            if id.len() == NAME_ID_CHARS && id.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            (Some(id.to_owned()), stamp)
        }
        _ => (None, rest),
    };
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    Some((at, id))
}

fn taken_at(path: &Path) -> Option<DateTime<Utc>> {
    parse_name(path).map(|(at, _)| at)
}

/// Every backup in `dir`, the newest first.
pub fn backups_in(dir: &Path) -> Result<Vec<BackupFile>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if let Some(t) = taken_at(&path) {
            out.push(BackupFile {
                bytes: fs::metadata(&path)?.len(),
                file: path,
                taken_at: t,
            });
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.taken_at));
    Ok(out)
}

/// The backups of the register `database_id` in `dir`, the newest first: by the id in
/// their name, or for older names by the key file beside them.
pub fn backups_of(dir: &Path, database_id: &str) -> Result<Vec<BackupFile>> {
    let short: String = database_id.chars().take(NAME_ID_CHARS).collect();
    Ok(backups_in(dir)?
        .into_iter()
        .filter(|b| match parse_name(&b.file).and_then(|(_, id)| id) {
            Some(id) => id == short,
            None => matches!(
                crate::register::read_key_file(&b.file),
                Ok(crate::register::KeyFile::Found(info)) if info.database_id() == database_id
            ),
        })
        .collect())
}

/// Whether a file starts as a plain SQLite database would: a backup never does.
fn plain_header(path: &Path) -> Result<bool> {
    let mut header = [0u8; 16];
    let n = fs::File::open(path)?.read(&mut header)?;
    Ok(n == 16 && &header == b"SQLite format 3\0")
}

/// Opens a backup with its key and checks it whole: its integrity, its pages' HMACs, that
/// it is a Carnet register this version reads, and (when given) its row counts.
fn check(path: &Path, key: &DbKey, expected: Option<Counts>) -> Result<BackupInfo> {
    if plain_header(path)? {
        return Err(Error::NotACarnetDatabase);
    }
    let conn = crate::register::connect(path, key, false)?;
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        return Err(Error::NotACarnetDatabase);
    }
    let schema = schema::user_version(&conn)?;
    if schema > schema::LATEST {
        return Err(Error::DatabaseTooNew {
            found: schema,
            supported: schema::LATEST,
        });
    }
    // Every page is read back and its HMAC verified: `integrity_check` reads every page in
    // use through SQLCipher (which checks each page's HMAC as it decrypts it), and a copy
    // with no free page has no other; only when there are free pages does
    // `cipher_integrity_check` read the whole file again. A cache as large as the copy
    // keeps the counts from reading it a third time.
    conn.execute_batch("PRAGMA cache_size = -262144;")?;
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    let free: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    let bad_pages = if free == 0 {
        0
    } else {
        let mut cipher = conn.prepare("PRAGMA cipher_integrity_check")?;
        let bad = cipher.query_map([], |_| Ok(()))?.count();
        bad
    };
    if integrity != "ok" || bad_pages > 0 {
        return Err(Error::BackupDamaged);
    }
    let found = counts(&conn, "main")?;
    if expected.is_some_and(|e| e != found) {
        return Err(Error::Document(
            "the backup does not hold what the register held",
        ));
    }
    let database_id: String =
        conn.query_row("SELECT database_id FROM meta WHERE id = 1", [], |r| {
            r.get(0)
        })?;
    let organisation: String = conn.query_row(
        "SELECT name FROM organisation_profile WHERE id = 1",
        [],
        |r| r.get(0),
    )?;
    let people_in_register: i64 = conn.query_row(
        "SELECT count(*) FROM people WHERE erased_on IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(BackupInfo {
        file: path.to_owned(),
        taken_at: taken_at(path),
        bytes: fs::metadata(path)?.len(),
        schema,
        database_id,
        organisation,
        people_in_register,
        counts: found,
    })
}

/// SQLCipher's export of the database on `conn` into `staged` (a new file, encrypted with
/// `key` from its first page), checked against the snapshot it was taken from, then the
/// key file of `register` copied beside `target` and `staged` renamed to `target`.
fn write_copy(
    conn: &Connection,
    key: &DbKey,
    register: &Path,
    staged: &Path,
    target: &Path,
) -> Result<BackupInfo> {
    let path = staged.to_str().ok_or(Error::invalid(
        Field::BackupFolder,
        "has a name Carnet cannot use",
    ))?;
    // The register's connection may not create files: the (empty) file is made first,
    // and SQLCipher writes only encrypted pages into it.
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(staged)?;
    let key_text = Zeroizing::new(format!("x'{}'", hex::encode(key.bytes())));
    conn.execute(
        "ATTACH DATABASE ?1 AS backup KEY ?2",
        rusqlite::params![path, key_text.as_str()],
    )?;
    let exported = (|| -> Result<Counts> {
        // The copy is a temporary file until it is checked and renamed: no rollback
        // journal and no flush per page while it is written (a failure or a crash leaves
        // a temporary file the next backup removes), one flush of the whole file after.
        // A large cache keeps the index builds of the export in memory.
        conn.execute_batch(
            "PRAGMA backup.journal_mode = OFF; PRAGMA backup.synchronous = OFF; PRAGMA backup.cache_size = -262144;",
        )?;
        conn.execute_batch("BEGIN")?;
        let counts = counts(conn, "main")?;
        conn.query_row("SELECT sqlcipher_export('backup')", [], |_| Ok(()))?;
        let version = schema::user_version(conn)?;
        conn.execute_batch(&format!(
            "PRAGMA backup.user_version = {version}; PRAGMA backup.application_id = {APPLICATION_ID};"
        ))?;
        conn.execute_batch("COMMIT")?;
        Ok(counts)
    })();
    if exported.is_err() && !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    let detached = conn.execute_batch("DETACH DATABASE backup");
    let expected = exported?;
    detached?;
    crate::register::sync_file(staged)?;
    let info = check(staged, key, Some(expected))?;
    // The key file: the register's own (same key), so the keyring, the passphrase and
    // the recovery key open the copy as they open the register.
    // (A register opened with the recovery key may have none yet: that key opens the copy.)
    if let Ok(key_file) = fs::read(key_info_path(register)) {
        crate::register::write_atomically(&key_info_path(target), &key_file)?;
    }
    fs::rename(staged, target)?;
    sync_dir(target.parent().unwrap_or(Path::new(".")))?;
    Ok(info)
}

/// Before a migration changes the schema: a checked copy of the register as it is,
/// `<register>.before-v<N>.carnet-backup` beside it (with its key file), so an upgrade
/// that goes wrong can be undone. The migration does not run when the copy fails.
pub(crate) fn before_migration(
    conn: &Connection,
    key: &DbKey,
    register: &Path,
    version: i64,
) -> Result<PathBuf> {
    let mut target = with_suffix(register, &format!(".before-v{version}.{EXTENSION}"));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = with_suffix(register, &format!(".before-v{version}-{n}.{EXTENSION}"));
    }
    let staged = with_suffix(&target, &format!(".{}.tmp", hex::encode(random8()?)));
    let written = write_copy(conn, key, register, &staged, &target);
    if written.is_err() {
        let _ = fs::remove_file(&staged);
    }
    written.map(|_| target)
}

/// What a backup holds, checked whole, before it is restored. The key comes from the
/// backup's own key file (keyring, passphrase) or is the recovery key.
pub fn inspect_backup(path: &Path, unlock: Unlock<'_>) -> Result<BackupInfo> {
    if !path.is_file() {
        return Err(Error::DatabaseNotFound);
    }
    let (key, _) = crate::register::unlock_key(path, unlock)?;
    check(path, &key, None)
}

/// The accounts a backup holds and has not removed (number, creation time), read with
/// `unlock`: whether someone would still have a way in once it is restored.
pub fn accounts_in_backup(path: &Path, unlock: Unlock<'_>) -> Result<Vec<(i64, String)>> {
    let (key, _) = crate::register::unlock_key(path, unlock)?;
    let conn = crate::register::connect(path, &key, false)?;
    crate::register::rows(
        &conn,
        "SELECT id, created_at FROM staff_accounts WHERE removed_at IS NULL",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// A restore carried out.
#[derive(Debug)]
pub struct Restored {
    pub register: Register,
    pub info: BackupInfo,
    /// The register (and its key file) that stood at the target, set aside.
    pub set_aside: Vec<PathBuf>,
    /// People erased in the register set aside (after the backup was taken) and erased
    /// again in the restored one: a restore never undoes an erasure.
    pub erasures_reapplied: usize,
    /// The consents (unsubscribes included) withdrawn after the backup was taken and
    /// withdrawn again in the restored register, each with what became of it.
    pub withdrawals_replayed: Vec<ReplayedWithdrawal>,
    /// Suppressions (erased addresses, unsubscribes, undeliverables) made after the backup
    /// was taken and put back.
    pub suppressions_restored: usize,
    /// Staff accounts removed and PCs revoked after the backup was taken, closed again: a
    /// restore never opens a way in the office closed.
    pub closed_again: ClosedAgain,
    /// Whether the erasure journal beside the backup was applied, absent, or ignored
    /// (not this register's, or edited).
    pub journal: JournalUse,
}

/// What the person in charge has acknowledged before a restore (both off by default: the
/// restore stops and says so).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreAllow {
    /// Restore although no decisions journal this register can trust is beside the backup
    /// and no register here can say what was decided since (recorded in the audit log).
    #[serde(default)]
    pub without_journal: bool,
    /// Replace the register here by another register's backup (it is set aside).
    #[serde(default)]
    pub other_register: bool,
}

/// Restores `backup` at `target`, refusing what the person in charge must acknowledge
/// first ([`restore_with`]).
pub fn restore(
    backup: &Path,
    target: &Path,
    unlock: Unlock<'_>,
    now: DateTime<Utc>,
) -> Result<Restored> {
    restore_with(backup, target, unlock, now, RestoreAllow::default())
}

/// Restores `backup` at `target`: the backup is checked first; whatever stood at `target`
/// (the database, its WAL, its key file) is set aside, never overwritten; then the backup
/// and its key file are copied into place and opened with the same key. On a new PC the
/// recovery key opens it, and the key file is rewritten for this register.
///
/// Before anything moves: a register here that is another register's is replaced only
/// with `allow.other_register`; and when neither a trusted decisions journal beside the
/// backup nor the register here (same key) can say what was erased or withdrawn since the
/// backup, only with `allow.without_journal` (then recorded in the audit log).
pub fn restore_with(
    backup: &Path,
    target: &Path,
    unlock: Unlock<'_>,
    now: DateTime<Utc>,
    allow: RestoreAllow,
) -> Result<Restored> {
    if !backup.is_file() {
        return Err(Error::DatabaseNotFound);
    }
    // A log left at the path without its register (a restore killed between moving the
    // register and its log): it belongs to the register set aside, and would be replayed
    // onto another file. That register is put back first.
    if !target.exists()
        && (with_suffix(target, "-wal").exists() || with_suffix(target, "-shm").exists())
    {
        return Err(Error::Conflict(
            "a register's log stands at this place without the register: put the register set aside back first",
        ));
    }
    let account = unlock.account();
    let by_recovery = matches!(unlock, Unlock::RecoveryKey(_));
    let (key, _) = crate::register::unlock_key(backup, unlock)?;
    let info = check(backup, &key, None)?;
    // Who may restore, decided before anything moves. Only the recovery key is exempt
    // (its holder holds the database key). Any other way in must be allowed to restore
    // by the register that stands here (one with accounts refuses its own old passphrase
    // and keyring entry, `account_required`) and by the backup's own accounts: with
    // accounts, only the person in charge's account.
    if !by_recovery {
        if target.exists() {
            Register::open(target, unlock)?.require(crate::accounts::Permission::Restore)?;
        }
        let conn = crate::register::connect(backup, &key, false)?;
        let roles: Vec<(i64, crate::model::StaffRole)> = crate::register::rows(
            &conn,
            "SELECT id, role FROM staff_accounts WHERE removed_at IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or_default();
        let allowed = roles.is_empty()
            || roles.iter().any(|(id, role)| {
                Some(*id) == account && *role == crate::model::StaffRole::PrivacyOfficer
            });
        if !allowed {
            return Err(Error::NotPermitted(crate::accounts::Permission::Restore));
        }
    }
    // Another register here: replaced only when the office says so.
    if let Ok(crate::register::KeyFile::Found(here)) = crate::register::read_key_file(target) {
        if target.exists() && here.database_id() != info.database_id && !allow.other_register {
            return Err(Error::OtherRegister {
                backup_organisation: info.organisation.clone(),
            });
        }
    }
    // What the register here decided since (read with the same key: a register re-keyed
    // since the backup is not this backup's, and tells nothing), while no one else has it
    // open: a restore under an open window would move the file it writes to.
    let here: Option<journal::Decisions> = if target.exists() {
        decisions_here(target, &key)?
    } else {
        None
    };
    let journal_tells = backup
        .parent()
        .is_some_and(|dir| journal::trusted_beside(dir, backup, &key, &info.database_id));
    if here.is_none() && !journal_tells && !allow.without_journal {
        return Err(Error::JournalMissing);
    }
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    // 1. The backup is copied beside the register, with its key file, and every decision
    //    taken since is replayed into that copy before it goes anywhere: a kill or a
    //    failure here leaves the register as it was (the copy is a temporary file the
    //    next backup removes).
    let staged = dir.join(format!(".carnet-restore-{}.tmp", hex::encode(random8()?)));
    let replayed = (|| -> Result<Replay> {
        fs::copy(backup, &staged)?;
        let backup_key = key_info_path(backup);
        if backup_key.is_file() {
            fs::copy(&backup_key, key_info_path(&staged))?;
        }
        let file = crate::register::read_key_file(&staged)?;
        let mut copy = Register::open_found(&staged, DbKey::from_slice(key.bytes())?, file, true)?;
        copy.settle_actor(account, by_recovery)?;
        let replay = copy.replay_decisions(backup.parent(), here, now)?;
        if !replay.here_told && !journal_tells {
            copy.audit(now, "backup.restored_without_journal", "register", None)?;
        }
        drop(copy);
        crate::register::sync_file(&staged)?;
        Ok(replay)
    })();
    let staged_name = staged
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    let remove_staged = || {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            if entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(&staged_name))
            {
                let _ = fs::remove_file(entry.path());
            }
        }
    };
    let replay = match replayed {
        Ok(r) => r,
        Err(e) => {
            remove_staged();
            return Err(e);
        }
    };
    // 2. The register that stands there goes aside whole (renames only): its WAL and key
    //    file follow it under its new name, so it still opens from there. A kill between
    //    here and 3 leaves no register at the path: the next start offers the one set
    //    aside back ([`copies_beside`], [`put_back`]).
    let mut set_aside = Vec::new();
    let moved = (|| -> Result<()> {
        if target.exists() {
            let aside = crate::register::set_aside(target, "before-restore")?;
            set_aside.push(aside.clone());
            for (from, to) in [
                (key_info_path(target), key_info_path(&aside)),
                (with_suffix(target, "-wal"), with_suffix(&aside, "-wal")),
                (with_suffix(target, "-shm"), with_suffix(&aside, "-shm")),
            ] {
                if from.exists() {
                    fs::rename(&from, &to)?;
                    set_aside.push(to);
                }
            }
        } else if key_info_path(target).exists() {
            set_aside.push(crate::register::set_aside(
                &key_info_path(target),
                "before-restore",
            )?);
        }
        // 3. The key file, then the register, renamed into place.
        if key_info_path(&staged).exists() {
            fs::rename(key_info_path(&staged), key_info_path(target))?;
        }
        fs::rename(&staged, target)?;
        sync_dir(dir)
    })();
    if let Err(e) = moved {
        remove_staged();
        // Whatever failed, the register set aside goes back where it was.
        if let Some(aside) = set_aside
            .first()
            .filter(|a| !a.to_string_lossy().ends_with(".carnet-key"))
        {
            let _ = put_back(target, aside);
        }
        return Err(e);
    }
    remove_staged();
    let file = crate::register::read_key_file(target)?;
    let mut register = Register::open_found(target, key, file, true)?;
    register.settle_actor(account, by_recovery)?;
    Ok(Restored {
        register,
        info,
        set_aside,
        erasures_reapplied: replay.erasures_reapplied,
        withdrawals_replayed: replay.withdrawals_replayed,
        suppressions_restored: replay.suppressions_restored,
        closed_again: replay.closed_again,
        journal: replay.journal,
    })
}

/// What a restore replayed into the copy before putting it in place.
struct Replay {
    erasures_reapplied: usize,
    withdrawals_replayed: Vec<ReplayedWithdrawal>,
    suppressions_restored: usize,
    closed_again: journal::ClosedAgain,
    journal: JournalUse,
    /// The register the restore replaces told what it decided.
    here_told: bool,
}

/// The decisions of the register at `target` (erasures, withdrawals, suppressions), read
/// with `key` while holding it exclusively (`register_busy` when another window or
/// program has it open), its log folded into it; `None` when `key` does not open it.
fn decisions_here(target: &Path, key: &DbKey) -> Result<Option<journal::Decisions>> {
    let Ok(conn) = crate::register::connect(target, key, false) else {
        return Ok(None);
    };
    conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;")?;
    let read = (|| -> Result<journal::Decisions> {
        Ok(journal::Decisions {
            erased: journal::erased_in(&conn)?,
            withdrawals: journal::withdrawals_in(&conn)?,
            suppressions: journal::suppressions_in(&conn)?,
            closed: journal::closed_in(&conn)?,
        })
    })();
    conn.execute_batch("COMMIT;")?;
    let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    drop(conn);
    Ok(read.ok())
}

impl Register {
    /// Replays into this register (a backup's copy) every decision taken after it: those
    /// the register it replaces holds (`here`) and those the journal beside the backups
    /// lists — suppressions put back, erasures applied again to the same records, consent
    /// withdrawals recorded again.
    fn replay_decisions(
        &mut self,
        folder: Option<&Path>,
        here: Option<journal::Decisions>,
        now: DateTime<Utc>,
    ) -> Result<Replay> {
        let here_told = here.is_some();
        let (mut decided, journal) = match folder {
            Some(dir) => self.backups().journal_decisions(dir)?,
            None => (journal::Decisions::default(), JournalUse::None),
        };
        if let Some(h) = here {
            decided.erased.extend(h.erased);
            decided.withdrawals.extend(h.withdrawals);
            decided.suppressions.extend(h.suppressions);
            decided.closed.extend(h.closed);
        }
        let suppressions_restored =
            journal::restore_suppressions(&self.conn, &decided.suppressions)?;
        let erased = self.backups().still_here(&decided.erased)?;
        let erasures_reapplied = self.backups().reapply_erasures(&erased, now)?;
        let mut withdrawals = decided.withdrawals;
        withdrawals.sort_by(|a, b| a.occurred_at.cmp(&b.occurred_at).then(a.cmp(b)));
        withdrawals.dedup();
        // Each withdrawal would write the journal again: once, at the end.
        self.journal_deferred = true;
        let withdrawals_replayed = self.replay_withdrawals(&withdrawals, now);
        self.journal_deferred = false;
        let withdrawals_replayed = withdrawals_replayed?;
        let mut closed = decided.closed;
        closed.sort();
        closed.dedup();
        let closed_again = self.close_again(&closed, now)?;
        self.backups().note_decisions();
        Ok(Replay {
            erasures_reapplied,
            withdrawals_replayed,
            suppressions_restored,
            closed_again,
            journal,
            here_told,
        })
    }
}

/// Why a copy of the register is kept beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyKind {
    /// The register a restore replaced (`<file>.before-restore-N`), kept until the office
    /// deletes it; put back at the next start when nothing stands at the path.
    BeforeRestore,
    /// The register as it was before an upgrade (`<file>.before-vN.carnet-backup`),
    /// deleted by the next verified backup.
    BeforeUpgrade,
}

/// A copy of the register kept beside it, as Settings lists them (it may still hold
/// people erased since).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptCopy {
    pub file: PathBuf,
    pub kind: CopyKind,
    pub modified: Option<DateTime<Utc>>,
    pub bytes: u64,
}

/// The copies of `register` kept beside it, the newest first.
pub fn copies_beside(register: &Path) -> Result<Vec<KeptCopy>> {
    let (Some(dir), Some(name)) = (
        register.parent(),
        register.file_name().and_then(|n| n.to_str()),
    ) else {
        return Ok(Vec::new());
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(out);
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|f| f.strip_prefix(name)) else {
            continue;
        };
        let kind = if rest
            .strip_prefix(".before-restore-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            CopyKind::BeforeRestore
        } else if rest.starts_with(".before-v") && rest.ends_with(&format!(".{EXTENSION}")) {
            CopyKind::BeforeUpgrade
        } else {
            continue;
        };
        let meta = entry.metadata()?;
        out.push(KeptCopy {
            file: entry.path(),
            kind,
            modified: meta.modified().ok().map(DateTime::<Utc>::from),
            bytes: meta.len(),
        });
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.modified));
    Ok(out)
}

/// Puts a register a restore set aside back at `register`, with its key file, WAL and
/// shared memory: only where nothing stands (a restore killed half-way), and only a copy
/// [`copies_beside`] lists as set aside by a restore.
pub fn put_back(register: &Path, aside: &Path) -> Result<()> {
    if register.exists() {
        return Err(Error::DatabaseExists);
    }
    let listed = copies_beside(register)?
        .into_iter()
        .any(|c| c.kind == CopyKind::BeforeRestore && c.file == aside);
    if !listed {
        return Err(Error::NotFound {
            entity: "register set aside",
        });
    }
    // A log at the path with no register is the one set aside's (a restore killed between
    // moving the register and its log): it goes back with it. Two logs cannot both be.
    for suffix in ["-wal", "-shm"] {
        let (from, to) = (with_suffix(aside, suffix), with_suffix(register, suffix));
        match (from.exists(), to.exists()) {
            (true, true) => {
                return Err(Error::Conflict(
                    "two logs for one register: put it back by hand, with the help of whoever looks after the computers",
                ))
            }
            (true, false) => fs::rename(&from, &to)?,
            _ => {}
        }
    }
    if key_info_path(aside).exists() {
        fs::rename(key_info_path(aside), key_info_path(register))?;
    }
    fs::rename(aside, register)?;
    sync_dir(register.parent().unwrap_or(Path::new(".")))
}

/// After a verified backup: the pre-upgrade copies beside the register (the backup now
/// holds what they held, and they may hold people erased since) and the temporary files
/// a crash left in the backup folder (an hour old or more, so another register's backup
/// being written is never touched) are removed. Returns how many of each.
fn tidy_after_backup(register: &Path, dir: &Path, now: DateTime<Utc>) -> (usize, usize) {
    let mut upgrade = 0;
    for c in copies_beside(register).unwrap_or_default() {
        if c.kind == CopyKind::BeforeUpgrade && fs::remove_file(&c.file).is_ok() {
            let _ = fs::remove_file(key_info_path(&c.file));
            upgrade += 1;
        }
    }
    let mut stale = 0;
    let register_dir = register.parent().unwrap_or(Path::new("."));
    for folder in [dir, register_dir] {
        let Ok(entries) = fs::read_dir(folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            // A backup or a restore being written (`.carnet-….tmp`, a restore's copy with
            // its key file), a pre-upgrade copy being written (`….carnet-backup.….tmp`).
            let ours = (name.starts_with(".carnet-")
                && (name.ends_with(".tmp") || name.starts_with(".carnet-restore-")))
                || (name.ends_with(".tmp") && name.contains(&format!(".{EXTENSION}.")));
            let old = entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .is_some_and(|t| now - DateTime::<Utc>::from(t) >= Duration::hours(1));
            if ours && old && fs::remove_file(entry.path()).is_ok() {
                stale += 1;
            }
        }
    }
    (upgrade, stale)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn random8() -> Result<[u8; 8]> {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).map_err(|_| Error::Io("no randomness available".into()))?;
    Ok(b)
}

impl Backups<'_> {
    /// Erases again, as the register set aside at a restore had, the people of `ids` the
    /// restored register still holds (its backup predates their erasure).
    fn reapply_erasures(&self, ids: &[i64], now: DateTime<Utc>) -> Result<usize> {
        let mut still: Vec<(i64, bool)> = Vec::new();
        for &id in ids {
            if self.people().exists(id)? {
                still.push((id, false));
            }
        }
        if still.is_empty() {
            return Ok(0);
        }
        let key = self.suppression_key();
        let today = self.local_day(now);
        let stamp = crate::time::stamp(now);
        let staff = self.staff.clone();
        let tx = crate::register::write(&self.conn)?;
        crate::privacy::fill_erase_set(&tx, &still)?;
        crate::privacy::execute_erase_set(
            &tx,
            &staff,
            &key,
            crate::model::Channel::Staff,
            "erased again after a restore from an older backup",
            today,
            now,
        )?;
        tx.execute(
            "INSERT INTO erasures (person_id, request_id, origin, executed_at, staff, completed_on, summary)
             SELECT id, NULL, 'restore', ?1, ?2, ?3, '{}' FROM temp.erase_set",
            rusqlite::params![stamp, staff, today],
        )?;
        crate::register::audit::record(
            &tx,
            now,
            &staff,
            "backup.erasures_reapplied",
            "register",
            None,
        )?;
        tx.commit()?;
        Ok(still.len())
    }

    pub fn settings(&self) -> Result<BackupSettings> {
        let found = self.rows(
            "SELECT folder, keep_daily, keep_monthly, erased_days FROM backup_settings WHERE id = 1",
            [],
            |r| {
                Ok(BackupSettings {
                    folder: r.get::<_, Option<String>>(0)?.map(PathBuf::from),
                    keep_daily: r.get(1)?,
                    keep_monthly: r.get(2)?,
                    erased_days: r.get(3)?,
                })
            },
        )?;
        Ok(found.into_iter().next().unwrap_or_default())
    }

    pub fn set_settings(&self, s: &BackupSettings, now: DateTime<Utc>) -> Result<()> {
        self.require(crate::accounts::Permission::BackupSettings)?;
        use crate::field::{ERASED_DAYS, KEEP_DAILY, KEEP_MONTHLY};
        let within = |v: u32, (min, max): (i64, i64)| (min..=max).contains(&i64::from(v));
        if !within(s.keep_daily, KEEP_DAILY) || !within(s.keep_monthly, KEEP_MONTHLY) {
            return Err(Error::invalid(
                Field::BackupRotation,
                "keep 1 to 366 daily backups and at most 120 monthly ones",
            ));
        }
        if !within(s.erased_days, ERASED_DAYS) {
            return Err(Error::invalid(
                Field::BackupRotation,
                "a backup keeps an erased person 365 days at most",
            ));
        }
        if let Some(f) = &s.folder {
            if !f.is_dir() {
                return Err(Error::invalid(Field::BackupFolder, "is not a folder"));
            }
        }
        let folder = s
            .folder
            .as_ref()
            .map(|f| f.to_str().map(str::to_owned))
            .map(|f| {
                f.ok_or(Error::invalid(
                    Field::BackupFolder,
                    "has a name Carnet cannot store",
                ))
            })
            .transpose()?;
        self.change(now, "backup.settings", "register", |tx| {
            tx.execute(
                "INSERT INTO backup_settings (id, folder, keep_daily, keep_monthly, erased_days) VALUES (1, ?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET folder = ?1, keep_daily = ?2, keep_monthly = ?3, erased_days = ?4",
                rusqlite::params![folder, s.keep_daily, s.keep_monthly, s.erased_days],
            )?;
            Ok((None, ()))
        })
    }

    /// When the last verified backup was taken (by this register), if ever.
    pub fn last(&self) -> Result<Option<DateTime<Utc>>> {
        let at: Option<String> =
            self.conn
                .query_row("SELECT max(taken_at) FROM backup_log", [], |r| r.get(0))?;
        at.map(|s| crate::time::parse_stamp(&s)).transpose()
    }

    /// Whether a backup is due: a folder is set and the last backup is a day old or more.
    pub fn due(&self, now: DateTime<Utc>) -> Result<bool> {
        Ok(self.settings()?.folder.is_some()
            && self
                .backups()
                .last()?
                .is_none_or(|t| now - t >= Duration::days(1)))
    }

    /// Takes a backup into `dir` (see the module), records it, then rotates the folder.
    pub fn backup_to(&self, dir: &Path, now: DateTime<Utc>) -> Result<(BackupInfo, Rotation)> {
        if !dir.is_dir() {
            return Err(Error::invalid(Field::BackupFolder, "is not a folder"));
        }
        let name = backup_name(self.database_id(), now);
        let target = dir.join(&name);
        if target.exists() {
            return Err(Error::Conflict(
                "a backup taken at this second already exists",
            ));
        }
        // The journal's key goes into the backup with everything else.
        self.journal_key()?;
        let staged = dir.join(format!(".{name}.{}.tmp", hex::encode(random8()?)));
        let result = self.write_backup(&staged, &target);
        if result.is_err() {
            let _ = fs::remove_file(&staged);
            let _ = fs::remove_file(key_info_path(&staged));
        }
        let mut info = result?;
        info.file = target.clone();
        info.taken_at = taken_at(&target);
        let file_name = name.clone();
        self.change(now, "backup.taken", "register", |tx| {
            tx.execute(
                "INSERT INTO backup_log (taken_at, file_name, bytes, people) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![crate::time::stamp(now), file_name, info.bytes as i64, info.counts.people],
            )?;
            Ok((None, ()))
        })?;
        // Whoever was erased, for a restore of an older backup from this folder. The backup
        // itself is taken: a journal that cannot be written now is written by the next one.
        let _ = self.write_erasure_journal(dir);
        let mut rotation = self.rotate(dir, now)?;
        (
            rotation.upgrade_copies_removed,
            rotation.stale_files_removed,
        ) = tidy_after_backup(&self.path, dir, now);
        Ok((info, rotation))
    }

    fn write_backup(&self, staged: &Path, target: &Path) -> Result<BackupInfo> {
        write_copy(&self.conn, &self.key, &self.path, staged, target)
    }

    /// Of this register's backups in `dir`, keeps the newest of each of the last `keep_daily` days and of each of the
    /// last `keep_monthly` months; removes the others, and any backup taken before an
    /// erasure older than `erased_days` (it still holds the erased person).
    pub fn rotate(&self, dir: &Path, now: DateTime<Utc>) -> Result<Rotation> {
        let settings = self.settings()?;
        let erasures: Vec<DateTime<Utc>> = self
            .rows("SELECT executed_at FROM erasures", [], |r| {
                r.get::<_, String>(0)
            })?
            .iter()
            .filter_map(|s| crate::time::parse_stamp(s).ok())
            .collect();
        // This register's backups only: another register's in the same folder are its own.
        let all = backups_of(dir, self.database_id())?;
        let mut days = Vec::new();
        let mut months = Vec::new();
        let mut rotation = Rotation::default();
        for (i, b) in all.iter().enumerate() {
            let local = b.taken_at.with_timezone(&self.utc_offset());
            let day = local.date_naive();
            let month = (local.year(), local.month());
            let mut keep = i == 0;
            if !days.contains(&day) && days.len() < settings.keep_daily as usize {
                days.push(day);
                keep = true;
            } else if !days.contains(&day) {
                days.push(day);
            }
            if !months.contains(&month) {
                if months.len() < settings.keep_monthly as usize {
                    keep = true;
                }
                months.push(month);
            }
            let holds_erased = erasures.iter().any(|e| {
                *e > b.taken_at && now - *e >= Duration::days(settings.erased_days.into())
            });
            if keep && !(holds_erased && i > 0) {
                rotation.kept += 1;
                continue;
            }
            fs::remove_file(&b.file)?;
            let _ = fs::remove_file(key_info_path(&b.file));
            if holds_erased {
                rotation.removed_for_erasure += 1;
            }
            rotation.removed.push(b.file.clone());
        }
        Ok(rotation)
    }
}

crate::contexts::handle! {
    /// Backups: `reg.backups().backup_to(dir, now)`, the settings, rotation, the decisions
    /// journal a restore replays.
    Backups
}
