//! Staff accounts: who is at the desk, and what they may do.
//!
//! A register starts without accounts: whoever unlocks it (keyring, passphrase) may do
//! everything and types their name. Once the first account is made — always the person in
//! charge of personal information's — the register opens only through an account or the
//! recovery key, and the audit log names the account.
//!
//! **Key slots** (kept by the frame, `register::keys`): each account has a random slot key
//! inside the register and a slot in the key file. Re-keying re-wraps the new database key
//! under every slot key, so each colleague keeps their passphrase while a removed account's
//! old slot, a leaked sheet or a copied key file open nothing any more. Removing an account
//! deletes its slot and its slot key.
//!
//! Who acts and what they may do is the frame's (`register::actor`, [`Register::require`]);
//! this context keeps the accounts; every context lists its operations and what they take
//! (`<context>/permissions.rs`, gathered by [`crate::contexts::operations`]).

use crate::Contexts;
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::StaffRole;
pub use crate::register::{
    account_choices, Access, AccountChoice, AccountSecret, Permission, Session,
};
use crate::register::{keyring_entry, slot_aad, AccountSlot, Actor};
use crate::secret::{DbKey, KdfParams, PassphraseEnvelope};
use crate::vault::Vault;
use crate::Field;

pub mod permissions;

/// The accounts context: no tables of its own (staff accounts are the frame's), its
/// operations.
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "accounts",
    schema: &[],
    erasure: &[],
    operations: permissions::OPERATIONS,
};

/// How a new account (or a changed one) will unlock.
pub enum AccountKey<'a> {
    Passphrase(&'a str, KdfParams),
    /// Kept in this computer's keyring (the OS session the colleague uses).
    Keyring,
    /// None on any computer: the account signs in at the register service, where a
    /// verifier checks its passphrase (its key slot holds no envelope, so no passphrase
    /// ever unwraps the database key). Never the first account.
    ServiceOnly,
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

crate::contexts::handle_mut! {
    /// Staff accounts, kept by the person in charge: `reg.accounts().list()`, `.add(..)`,
    /// `.remove(..)`, `.set_key(..)`. It borrows the register exclusively: adding the first
    /// account changes who is acting.
    Accounts
}

impl Accounts<'_> {
    /// Every account, removed ones included (their names stay in the audit log).
    pub fn list(&self) -> Result<Vec<Account>> {
        listed(self)
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
            AccountKey::ServiceOnly if first => {
                return Err(Error::Conflict(
                    "the first account opens the register on this computer: give it a passphrase",
                ))
            }
            AccountKey::ServiceOnly => None,
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
                AccountKey::Passphrase(..) | AccountKey::ServiceOnly => false,
            };
            let mut info = self.current_key_info()?;
            info.slots_mut().push(AccountSlot {
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
        info.slots_mut().retain(|s| s.id != id);
        info.write(&self.path)?;
        let _ = vault.delete(&keyring_entry(self.database_id(), id));
        self.change(now, "account.remove", "staff_account", |c| {
            c.execute(
                "UPDATE staff_accounts SET removed_at = ?2, slot_key = NULL WHERE id = ?1",
                (id, crate::time::stamp(now)),
            )?;
            // Its verifier at the register service goes too: nothing of it signs in.
            c.execute("DELETE FROM service_verifiers WHERE account_id = ?1", [id])?;
            Ok((Some(id), ()))
        })?;
        // Beside the backups too: restoring an older one removes it again.
        self.backups().note_decisions();
        Ok(())
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
        let slot = match info.slots_mut().iter_mut().find(|s| s.id == id) {
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
                info.slots_mut().push(AccountSlot {
                    id,
                    name,
                    keyring: false,
                    passphrase: None,
                    nonce,
                    wrapped,
                });
                info.slots_mut().last_mut().expect("just pushed")
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
            AccountKey::ServiceOnly => {
                return Err(Error::Conflict(
                    "a passphrase at the register service is set there",
                ))
            }
        };
        info.write(&self.path)?;
        self.audit(now, action, "staff_account", Some(id))
    }
}

/// Every account and its role, for whoever may see them (the person in charge; also the
/// regulator's pack, which lists accounts and roles).
pub(crate) fn listed(reg: &crate::register::Register) -> Result<Vec<Account>> {
    reg.require(Permission::ManageAccounts)?;
    let info = reg.current_key_info()?;
    // At the register service, a passphrase is checked by the account's verifier.
    reg.rows(
        "SELECT a.id, a.name, a.role, a.created_at, a.removed_at, v.account_id IS NOT NULL
         FROM staff_accounts a LEFT JOIN service_verifiers v ON v.account_id = a.id
         ORDER BY a.removed_at IS NOT NULL, a.folded",
        [],
        |r| {
            let id: i64 = r.get(0)?;
            let slot = info.slots().iter().find(|s| s.id == id);
            let verifier: bool = r.get(5)?;
            Ok(Account {
                id,
                name: r.get(1)?,
                role: r.get(2)?,
                created_at: r.get(3)?,
                removed_at: r.get(4)?,
                keyring: slot.is_some_and(|s| s.keyring),
                passphrase: slot.is_some_and(|s| s.passphrase.is_some()) || verifier,
            })
        },
    )
}
