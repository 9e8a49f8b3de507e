//! The register's keys: the key file beside it (`<db>.carnet-key`), the ways it unlocks
//! (the keyring, a passphrase, the recovery key, a staff account's slot), the recovery
//! key's confirmation, and a change of key.
//!
//! **Account slots.** Each staff account has a random slot key, kept inside the encrypted
//! register (`staff_accounts.slot_key`). The key file holds per account the database key
//! wrapped by that slot key, and the slot key itself wrapped by the account's passphrase
//! (Argon2id) or kept in the account's OS keyring entry. Re-keying wraps the new database
//! key under every slot key read from the register.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use super::files::{sidecar, write_atomically};
use super::{Actor, Permission, Register, HOOKS};
use crate::error::{Error, Result};
use crate::secret::{DbKey, KdfParams, PassphraseEnvelope, RecoveryKey};
use crate::vault::Vault;

/// One account's way in, kept in the key file beside the register.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct AccountSlot {
    pub id: i64,
    /// Shown on the unlock screen before anything is decrypted.
    pub name: String,
    /// The slot key is in this account's OS keyring entry.
    #[serde(default)]
    pub keyring: bool,
    /// The slot key wrapped by the account's passphrase.
    pub passphrase: Option<PassphraseEnvelope>,
    /// The database key wrapped by the slot key (XChaCha20-Poly1305, hex).
    pub nonce: String,
    pub wrapped: String,
}

impl AccountSlot {
    pub(crate) fn is_bounded(&self) -> bool {
        self.passphrase
            .as_ref()
            .is_none_or(|p| p.params.is_bounded())
    }

    /// The database key this slot holds, given its slot key.
    pub(crate) fn open(&self, database_id: &str, slot_key: &DbKey) -> Result<DbKey> {
        crate::secret::unwrap_key(
            slot_key,
            &self.nonce,
            &self.wrapped,
            &slot_aad(database_id, self.id),
        )
    }
}

pub(crate) fn slot_aad(database_id: &str, id: i64) -> Vec<u8> {
    format!("carnet account slot v1\0{database_id}\0{id}").into_bytes()
}

/// The keyring entry of an account's slot key.
pub(crate) fn keyring_entry(database_id: &str, id: i64) -> String {
    format!("{database_id}/account-{id}")
}

/// How an account unlocks.
#[derive(Clone, Copy)]
pub enum AccountSecret<'a> {
    Passphrase(&'a str),
    /// The account's entry in this computer's keyring (its OS session's).
    Keyring(&'a Vault),
}
/// The marker beside a register while a change of key is under way.
pub(super) fn rekey_marker(db: &Path) -> PathBuf {
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
    pub(super) format: u32,
    pub(super) database_id: String,
    pub(super) key_check: String,
    pub(super) in_keyring: bool,
    pub(super) passphrase: Option<PassphraseEnvelope>,
    /// Where registers made before migration 15 kept whether the recovery key was
    /// confirmed: read once, at the first open after the upgrade, into `meta`; written
    /// by none since (editing it changes nothing).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) recovery_unconfirmed: bool,
    /// One key slot per staff account (absent while the register has none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) accounts: Vec<AccountSlot>,
    /// The organisation's name, so the unlock screen can say whose register this is
    /// before it is open (a name, never personal data; shown, never trusted).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(super) organisation: String,
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
    pub(super) fn read(db: &Path) -> Result<KeyFile> {
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

    pub(crate) fn slots(&self) -> &[AccountSlot] {
        &self.accounts
    }

    pub(crate) fn slots_mut(&mut self) -> &mut Vec<AccountSlot> {
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
                    vault.get(&keyring_entry(&info.database_id, id))?
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

impl Register {
    /// Where a damaged or foreign key file was moved when this register was opened with
    /// the recovery key (`None` when the key file was sound).
    pub fn key_file_set_aside(&self) -> Option<&Path> {
        self.key_file_set_aside.as_deref()
    }

    /// True until the person in charge confirms the recovery key is kept safe
    /// ([`Register::confirm_recovery_key`]), and only for whoever may see it: office staff
    /// are never shown the recovery screen.
    pub fn recovery_unconfirmed(&self) -> bool {
        self.recovery_confirmed != Some(true) && self.require(Permission::RecoveryKey).is_ok()
    }

    /// Records whether the recovery key is put away. Saying so on disk is a nicety here:
    /// a read-only folder (a register on locked media) still opens, and the recovery
    /// screen shows once more.
    pub(super) fn note_recovery_confirmed(&mut self, confirmed: bool) {
        self.recovery_confirmed = Some(confirmed);
        let _ = self.conn.execute(
            "UPDATE meta SET recovery_confirmed = ?1 WHERE id = 1",
            [confirmed],
        );
    }

    /// The recovery key, rebuilt from the open register's key (it is never stored), to
    /// show or print while the office has not confirmed it is put away; refused after.
    pub fn recovery_key(&self) -> Result<RecoveryKey> {
        self.require(Permission::RecoveryKey)?;
        if self.recovery_confirmed == Some(true) {
            return Err(Error::Conflict("the recovery key was already put away"));
        }
        Ok(RecoveryKey::from_key(&self.key))
    }

    /// The office says the recovery key is printed and put away.
    pub fn confirm_recovery_key(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.require(Permission::RecoveryKey)?;
        self.change(now, "key.recovery_confirmed", "register", |tx| {
            tx.execute("UPDATE meta SET recovery_confirmed = 1 WHERE id = 1", [])?;
            Ok((None, ()))
        })?;
        self.recovery_confirmed = Some(true);
        Ok(())
    }

    pub(super) fn key_info(
        &self,
        in_keyring: bool,
        passphrase: Option<PassphraseEnvelope>,
    ) -> KeyInfo {
        KeyInfo {
            format: 1,
            database_id: self.database_id.clone(),
            key_check: self.key.check_value(),
            in_keyring,
            passphrase,
            recovery_unconfirmed: false,
            accounts: Vec::new(),
            organisation: (HOOKS.organisation_name)(self).unwrap_or_default(),
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
        self.require(Permission::ManageKeys)?;
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
        self.require(Permission::ManageKeys)?;
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
        self.require(Permission::ManageKeys)?;
        let before = self.current_key_info()?;
        let accounts_on = self.actor != Actor::Office;
        if accounts_on && passphrase.is_some() {
            return Err(Error::AccountRequired);
        }
        if let Some((p, _)) = passphrase {
            crate::secret::check_passphrase(p, &[&(HOOKS.organisation_name)(self)?])?;
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
        self.require(Permission::ManageKeys)?;
        if self.actor != Actor::Office {
            return Err(Error::AccountRequired);
        }
        crate::secret::check_passphrase(passphrase, &[&(HOOKS.organisation_name)(self)?])?;
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

    pub(crate) fn slot_key(&self, id: i64) -> Result<DbKey> {
        let bytes: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT slot_key FROM staff_accounts WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        DbKey::from_slice(&bytes.ok_or(Error::NotFound { entity: "account" })?)
    }

    /// The slots of the key file wrapped again around `new_key` (re-keying): every active
    /// account keeps its passphrase and keyring entry; slots of removed accounts go.
    pub(crate) fn rewrapped_slots(&self, new_key: &DbKey) -> Result<Vec<AccountSlot>> {
        let info = self.current_key_info()?;
        let mut out = Vec::new();
        for slot in info.slots() {
            let Ok(slot_key) = self.slot_key(slot.id) else {
                continue;
            };
            let (nonce, wrapped) = crate::secret::wrap_key(
                &slot_key,
                new_key,
                &slot_aad(self.database_id(), slot.id),
            )?;
            out.push(AccountSlot {
                nonce,
                wrapped,
                ..slot.clone()
            });
        }
        Ok(out)
    }
}
