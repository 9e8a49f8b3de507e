//! Staff accounts: who is at the desk, and what they may do.
//!
//! A register starts without accounts: whoever unlocks it (keyring, passphrase) may do
//! everything and types their name. Once the first account is made — always the person in
//! charge of personal information's — the register opens only through an account or the
//! recovery key, and the audit log names the account.
//!
//! **Key slots.** Each account has a random slot key, kept inside the encrypted register
//! (`staff_accounts.slot_key`). Beside the register, the key file holds per account the
//! database key wrapped by that slot key, and the slot key itself wrapped by the account's
//! passphrase (Argon2id) or kept in the account's OS keyring entry. Re-keying re-wraps the
//! new database key under every slot key read from the register, so each colleague keeps
//! their passphrase while a removed account's old slot, a leaked sheet or a copied key file
//! open nothing any more. Removing an account deletes its slot and its slot key.
//!
//! Roles are enforced here, in the domain ([`Register::require`]): the screens only hide
//! what the domain would refuse. They bind the app and the command line, not someone who
//! holds the database key itself (the recovery key holder may do everything).

use crate::Contexts;
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::StaffRole;
use crate::secret::{DbKey, KdfParams, PassphraseEnvelope};
use crate::store::{KeyFile, Register};
use crate::vault::Vault;
use crate::Field;

mod table;
pub use table::{Access, OPERATIONS};

/// What only the person in charge of personal information may do: every legal decision
/// of the register, and what discloses it whole. [`OPERATIONS`] lists every operation of
/// the register with the permission it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Erase a person (an erasure request carried out).
    Erase,
    /// Run the retention purge.
    Purge,
    /// Export the whole register (people, members, requests) to a spreadsheet.
    ExportRegister,
    /// Export a list of people (subscribers, entrants) or a file for the mailing tool.
    ExportLists,
    /// Add and remove accounts, set another account's passphrase.
    ManageAccounts,
    /// Re-key the register, set its passphrase.
    ManageKeys,
    /// Show, save and confirm the recovery key.
    RecoveryKey,
    /// See and keep the confidentiality-incident register.
    Incidents,
    /// The organisation's rules: jurisdiction, age of consent, paper, language.
    OrganisationRules,
    /// Retention rules.
    Retention,
    /// Legal holds: add and release.
    LegalHolds,
    /// Adopt a version of the processing register.
    ProcessingRegister,
    /// Consent purposes and privacy-policy versions (what people consent to).
    ConsentCatalogue,
    /// Decide against or around a request: refuse it, record it withdrawn, extend its
    /// deadline, close an erasure request by hand (without the erasure).
    RefuseRequest,
    /// Acknowledge the consent ledger's findings.
    LedgerAcknowledge,
    /// Backup settings (folder, rotation).
    BackupSettings,
    /// Restore a backup over the register.
    Restore,
}

impl Permission {
    pub const ALL: &'static [Permission] = &[
        Permission::Erase,
        Permission::Purge,
        Permission::ExportRegister,
        Permission::ExportLists,
        Permission::ManageAccounts,
        Permission::ManageKeys,
        Permission::RecoveryKey,
        Permission::Incidents,
        Permission::OrganisationRules,
        Permission::Retention,
        Permission::LegalHolds,
        Permission::ProcessingRegister,
        Permission::ConsentCatalogue,
        Permission::RefuseRequest,
        Permission::LedgerAcknowledge,
        Permission::BackupSettings,
        Permission::Restore,
    ];
}

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = serde_json::to_value(self).expect("a name");
        f.write_str(text.as_str().unwrap_or_default())
    }
}

/// Who opened the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Actor {
    /// A register without accounts: the name is typed, every action is allowed.
    Office,
    /// A staff account.
    Account {
        id: i64,
        name: String,
        role: StaffRole,
    },
    /// The recovery key opened a register that has accounts: whoever holds the sheet
    /// holds the database key, and may do everything (including mending accounts).
    RecoveryKey,
}

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

fn slot_aad(database_id: &str, id: i64) -> Vec<u8> {
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

/// How a new account (or a changed one) will unlock.
pub enum AccountKey<'a> {
    Passphrase(&'a str, KdfParams),
    /// Kept in this computer's keyring (the OS session the colleague uses).
    Keyring,
}

/// An account as the person in charge sees it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub role: StaffRole,
    pub created_at: String,
    pub removed_at: Option<String>,
    /// Its ways in, from the key file (a removed account has none).
    pub keyring: bool,
    pub passphrase: bool,
}

/// An account the unlock screen offers, read from the key file before unlocking.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AccountChoice {
    pub id: i64,
    pub name: String,
    pub keyring: bool,
    pub passphrase: bool,
}

/// Who is at the desk, and what they may do (the screens hide what is not theirs).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Session {
    /// The register has accounts.
    pub accounts: bool,
    pub account: Option<AccountChoice>,
    pub role: Option<StaffRole>,
    pub by_recovery_key: bool,
    pub permissions: Vec<Permission>,
}

/// The accounts the key file beside `path` offers (empty when the register has none).
pub fn account_choices(path: &std::path::Path) -> Result<Vec<AccountChoice>> {
    Ok(match crate::store::read_key_file(path)? {
        KeyFile::Found(info) => info.accounts().iter().map(choice).collect(),
        _ => Vec::new(),
    })
}

pub(crate) fn choice(s: &AccountSlot) -> AccountChoice {
    AccountChoice {
        id: s.id,
        name: s.name.clone(),
        keyring: s.keyring,
        passphrase: s.passphrase.is_some(),
    }
}

impl Register {
    /// Decides who opened the register, once it is open: `account` when an account's slot
    /// gave the key. A register with accounts opened by the keyring or passphrase of the
    /// time before accounts (an old key file put back) is refused.
    pub(crate) fn settle_actor(&mut self, account: Option<i64>, by_recovery: bool) -> Result<()> {
        let any: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM staff_accounts WHERE removed_at IS NULL)",
            [],
            |r| r.get(0),
        )?;
        self.actor = match account {
            Some(id) => {
                let (name, role) = self
                    .conn
                    .query_row(
                        "SELECT name, role FROM staff_accounts WHERE id = ?1 AND removed_at IS NULL",
                        [id],
                        |r| Ok((r.get::<_, String>(0)?, r.get::<_, StaffRole>(1)?)),
                    )
                    .optional()?
                    .ok_or(Error::NotFound { entity: "account" })?;
                self.staff = name.clone();
                Actor::Account { id, name, role }
            }
            None if !any => Actor::Office,
            None if by_recovery => {
                self.staff = crate::store::RECOVERY_KEY_ACTOR.to_owned();
                Actor::RecoveryKey
            }
            None => return Err(Error::AccountRequired),
        };
        Ok(())
    }

    fn slot_key(&self, id: i64) -> Result<DbKey> {
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
        for slot in info.accounts() {
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

crate::contexts::handle_mut! {
    /// Staff accounts, kept by the person in charge: `reg.accounts().list()`, `.add(..)`,
    /// `.remove(..)`, `.set_key(..)`. It borrows the register exclusively: adding the first
    /// account changes who is acting.
    Accounts
}

impl Accounts<'_> {
    /// Every account, removed ones included (their names stay in the audit log).
    pub fn list(&self) -> Result<Vec<Account>> {
        self.require(Permission::ManageAccounts)?;
        let info = self.current_key_info()?;
        self.rows(
            "SELECT id, name, role, created_at, removed_at FROM staff_accounts ORDER BY removed_at IS NOT NULL, folded",
            [],
            |r| {
                let id: i64 = r.get(0)?;
                let slot = info.accounts().iter().find(|s| s.id == id);
                Ok(Account {
                    id,
                    name: r.get(1)?,
                    role: r.get(2)?,
                    created_at: r.get(3)?,
                    removed_at: r.get(4)?,
                    keyring: slot.is_some_and(|s| s.keyring),
                    passphrase: slot.is_some_and(|s| s.passphrase.is_some()),
                })
            },
        )
    }

    /// Adds an account and its key slot. The first one is the person in charge's, and
    /// from then on the register's own keyring entry and passphrase no longer open it:
    /// each colleague unlocks with their account (the recovery key still does). Whoever
    /// made the first account is then signed in as it.
    pub fn add(
        &mut self,
        name: &str,
        role: StaffRole,
        key: AccountKey<'_>,
        vault: &Vault,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.require(Permission::ManageAccounts)?;
        let name = crate::fold::bounded(Field::Staff, name)?;
        if name.is_empty() {
            return Err(Error::invalid(Field::Staff, "give the account a name"));
        }
        let folded = crate::fold::fold(&name);
        let first = self.actor == Actor::Office;
        if first && role != StaffRole::PrivacyOfficer {
            return Err(Error::invalid(
                Field::StaffRole,
                "the first account is the person in charge of personal information",
            ));
        }
        let taken: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM staff_accounts WHERE folded = ?1)",
            [&folded],
            |r| r.get(0),
        )?;
        if taken {
            return Err(Error::invalid(
                Field::Staff,
                "this name is (or was) another account's: add a letter or a surname",
            ));
        }
        let slot_key = DbKey::generate()?;
        // The passphrase is judged (against the account's and the office's names too)
        // before anything is written.
        let org = self.org().profile()?.name;
        let envelope = match &key {
            AccountKey::Passphrase(p, params) => {
                crate::secret::check_passphrase(p, &[&name, &org])?;
                Some(PassphraseEnvelope::seal(&slot_key, p, *params)?)
            }
            AccountKey::Keyring if !vault.is_available() => return Err(Error::KeyringUnavailable),
            AccountKey::Keyring => None,
        };
        let id = self.change(now, "account.add", "staff_account", |c| {
            c.execute(
                "INSERT INTO staff_accounts (name, folded, role, slot_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                (&name, &folded, role, &slot_key.bytes()[..], crate::time::stamp(now)),
            )?;
            let id = c.last_insert_rowid();
            Ok((Some(id), id))
        })?;
        let slot = (|| -> Result<()> {
            let (nonce, wrapped) =
                crate::secret::wrap_key(&slot_key, &self.key, &slot_aad(self.database_id(), id))?;
            let keyring = match key {
                AccountKey::Keyring => {
                    vault.put(&keyring_entry(self.database_id(), id), &slot_key)?;
                    true
                }
                AccountKey::Passphrase(..) => false,
            };
            let mut info = self.current_key_info()?;
            info.accounts_mut().push(AccountSlot {
                id,
                name: name.clone(),
                keyring,
                passphrase: envelope,
                nonce,
                wrapped,
            });
            if first {
                info.close_register_wide();
            }
            info.write(&self.path)
        })();
        if let Err(e) = slot {
            // No slot beside the register (a full disk, a keyring refusing): the account
            // goes too, or a first account would close the register to its old ways in.
            self.change(now, "account.add_undone", "staff_account", |c| {
                c.execute("DELETE FROM staff_accounts WHERE id = ?1", [id])?;
                Ok((Some(id), ()))
            })?;
            return Err(e);
        }
        if first {
            // The register's own keyring entry would open it without an account.
            let _ = vault.delete(self.database_id());
            self.actor = Actor::Account {
                id,
                name: name.clone(),
                role,
            };
            self.staff = name;
        }
        Ok(id)
    }

    /// Removes an account: its slot leaves the key file and its slot key the register, so
    /// it no longer opens anything. The last person in charge stays; nobody removes the
    /// account they are signed in with. Re-keying afterwards makes an old copy of the key
    /// file useless too.
    pub fn remove(&mut self, id: i64, vault: &Vault, now: DateTime<Utc>) -> Result<()> {
        self.require(Permission::ManageAccounts)?;
        if matches!(&self.actor, Actor::Account { id: me, .. } if *me == id) {
            return Err(Error::Conflict(
                "an account is removed by another person in charge",
            ));
        }
        let role: StaffRole = self
            .conn
            .query_row(
                "SELECT role FROM staff_accounts WHERE id = ?1 AND removed_at IS NULL",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(Error::NotFound { entity: "account" })?;
        if role == StaffRole::PrivacyOfficer {
            let others: i64 = self.conn.query_row(
                "SELECT count(*) FROM staff_accounts WHERE role = 'privacy_officer' AND removed_at IS NULL AND id <> ?1",
                [id],
                |r| r.get(0),
            )?;
            if others == 0 {
                return Err(Error::Conflict(
                    "the register keeps one person in charge of personal information",
                ));
            }
        }
        // The slot goes first: a crash after it leaves an account that opens nothing.
        let mut info = self.current_key_info()?;
        info.accounts_mut().retain(|s| s.id != id);
        info.write(&self.path)?;
        let _ = vault.delete(&keyring_entry(self.database_id(), id));
        self.change(now, "account.remove", "staff_account", |c| {
            c.execute(
                "UPDATE staff_accounts SET removed_at = ?2, slot_key = NULL WHERE id = ?1",
                (id, crate::time::stamp(now)),
            )?;
            Ok((Some(id), ()))
        })
    }

    /// Gives an account a new way in (a new passphrase, or this computer's keyring):
    /// one's own account, or any account for the person in charge.
    pub fn set_key(
        &mut self,
        id: i64,
        key: AccountKey<'_>,
        vault: &Vault,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if !matches!(&self.actor, Actor::Account { id: me, .. } if *me == id) {
            self.require(Permission::ManageAccounts)?;
        }
        let slot_key = self.slot_key(id)?;
        let org = self.org().profile()?.name;
        let mut info = self.current_key_info()?;
        let database_id = self.database_id().to_owned();
        let slot = match info.accounts_mut().iter_mut().find(|s| s.id == id) {
            Some(s) => s,
            None => {
                // The key file lost it (a recovery wrote a new one): make the slot again.
                let name: String = self.conn.query_row(
                    "SELECT name FROM staff_accounts WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )?;
                let (nonce, wrapped) =
                    crate::secret::wrap_key(&slot_key, &self.key, &slot_aad(&database_id, id))?;
                info.accounts_mut().push(AccountSlot {
                    id,
                    name,
                    keyring: false,
                    passphrase: None,
                    nonce,
                    wrapped,
                });
                info.accounts_mut().last_mut().expect("just pushed")
            }
        };
        let action = match key {
            AccountKey::Passphrase(p, params) => {
                // Judged against the account's and the office's names, as at its creation.
                crate::secret::check_passphrase(p, &[&slot.name, &org])?;
                slot.passphrase = Some(PassphraseEnvelope::seal(&slot_key, p, params)?);
                "account.passphrase_set"
            }
            AccountKey::Keyring => {
                vault.put(&keyring_entry(&database_id, id), &slot_key)?;
                slot.keyring = true;
                "account.keyring_store"
            }
        };
        info.write(&self.path)?;
        self.audit(now, action, "staff_account", Some(id))
    }
}
