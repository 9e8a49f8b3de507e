//! The register as a service for the office's PCs (`carnet-server`): the TLS identity the
//! service presents, the devices paired with it, and the verifiers its colleagues sign in
//! with. The service itself (transport, pairing, sessions) lives in the `carnet-server`
//! crate; what it keeps is here, in the encrypted register.
//!
//! **Verifiers, not key slots.** On one PC an account's passphrase unwraps its key slot,
//! which unwraps the database key: whoever knows a passphrase and copies the register and
//! its key file holds the key. At the service an account signs in against a verifier kept
//! inside the encrypted register (a passphrase envelope over a random key that unlocks
//! nothing); the first time an account signs in there, its slot checks the passphrase
//! once, the verifier is written, and the slot's passphrase envelope is retired from the
//! key file. The account the service opens the register with keeps its envelope (the
//! service needs it at its next start); the recovery key opens it whatever happens.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::accounts::Permission;
use crate::error::{Error, Result};
use crate::field::Field;
use crate::model::StaffRole;
use crate::secret::{DbKey, KdfParams, PassphraseEnvelope};
use crate::Contexts;

pub(crate) mod migrations;
pub mod permissions;

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "service",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

/// The certificate the service presents and its private key (DER).
#[derive(Clone)]
pub struct Identity {
    pub cert: Vec<u8>,
    pub key: zeroize::Zeroizing<Vec<u8>>,
}

/// What a restore at the service carries over (see [`Service::carried_over`]).
#[derive(Clone)]
pub struct CarriedOver {
    identity: Option<Identity>,
    devices: Vec<DeviceRecord>,
    verifiers: Vec<(i64, String, String, String)>,
}

/// A paired PC's row: number, name, token digest, paired, revoked (when, by whom).
type DeviceRecord = (i64, String, String, String, Option<String>, Option<String>);

/// A PC paired with the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Device {
    pub id: i64,
    pub name: String,
    pub paired_at: String,
    pub revoked_at: Option<String>,
    pub revoked_by: Option<String>,
}

impl Device {
    pub fn revoked(&self) -> bool {
        self.revoked_at.is_some()
    }
}

/// What a sign-in at the service is checked against ([`Service::sign_in_lookup`]).
pub enum SignIn {
    /// The account's verifier.
    Verifier {
        id: i64,
        name: String,
        role: StaffRole,
        envelope: PassphraseEnvelope,
    },
    /// No such account: another account's verifier is derived all the same, and the
    /// answer is a wrong passphrase.
    Unknown { decoy: PassphraseEnvelope },
    /// No verifier yet: the key slot decides (under the register).
    Slot,
}

impl SignIn {
    /// What tells one verifier from another (its salt): a sign-in checked against a
    /// verifier replaced meanwhile is refused.
    pub fn salt(&self) -> Option<String> {
        match self {
            SignIn::Verifier { envelope, .. } => Some(envelope.salt.clone()),
            _ => None,
        }
    }

    /// The account, when the passphrase opens its verifier (a wrong one, or an unknown
    /// name, is `wrong_passphrase`). A `Slot` is checked by the register instead.
    pub fn check(self, passphrase: &str) -> Result<(i64, String, StaffRole)> {
        match self {
            SignIn::Verifier {
                id,
                name,
                role,
                envelope,
            } => {
                envelope
                    .open(passphrase)
                    .map_err(|_| Error::WrongPassphrase)?;
                Ok((id, name, role))
            }
            SignIn::Unknown { decoy } => {
                drop(decoy.open(passphrase));
                Err(Error::WrongPassphrase)
            }
            SignIn::Slot => Err(Error::Conflict("a key slot is checked by the register")),
        }
    }
}

crate::contexts::handle! {
    /// The register service's identity and paired devices: `reg.service().devices()`,
    /// `.pair_device(..)`, `.revoke_device(..)`.
    Service
}

const DEVICE_COLUMNS: &str = "id, name, paired_at, revoked_at, revoked_by";

fn device(r: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        id: r.get(0)?,
        name: r.get(1)?,
        paired_at: r.get(2)?,
        revoked_at: r.get(3)?,
        revoked_by: r.get(4)?,
    })
}

impl Service<'_> {
    /// The service's certificate and key, once made (the person in charge's, or the
    /// service's own when it opened with the recovery key).
    pub fn identity(&self) -> Result<Option<Identity>> {
        self.require(Permission::ManageAccounts)?;
        Ok(self
            .conn
            .query_row(
                "SELECT cert, key FROM service_identity WHERE id = 1",
                [],
                |r| {
                    Ok(Identity {
                        cert: r.get(0)?,
                        key: zeroize::Zeroizing::new(r.get(1)?),
                    })
                },
            )
            .optional()?)
    }

    /// Keeps the certificate made at the service's first start (once: a new certificate
    /// would make every paired PC refuse the service).
    pub fn set_identity(&self, cert: &[u8], key: &[u8], now: DateTime<Utc>) -> Result<()> {
        self.require(Permission::ManageAccounts)?;
        self.change(now, "service.identity", "service", |tx| {
            tx.execute(
                "INSERT INTO service_identity (id, cert, key, made_at) VALUES (1, ?1, ?2, ?3)",
                (cert, key, crate::time::stamp(now)),
            )
            .map_err(|_| Error::Conflict("the service already has its certificate"))?;
            Ok((None, ()))
        })
    }

    /// What the service keeps of its own across a restore made at the service: its
    /// certificate (the PCs pinned it), the PCs paired (so none has to pair again) and
    /// each account's verifier as it stands now (a passphrase changed since the backup
    /// stays changed).
    pub fn carried_over(&self) -> Result<CarriedOver> {
        self.require(Permission::ManageAccounts)?;
        Ok(CarriedOver {
            identity: self.identity()?,
            devices: self.rows(
                "SELECT id, name, token_hash, paired_at, revoked_at, revoked_by FROM service_devices",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )?,
            verifiers: self.rows(
                "SELECT v.account_id, a.created_at, v.envelope, v.set_at
                 FROM service_verifiers v JOIN staff_accounts a ON a.id = v.account_id
                 WHERE a.removed_at IS NULL",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?,
        })
    }

    /// Puts back, in a register just restored at the service, what [`Self::carried_over`]
    /// took before: the certificate, the PCs paired since the backup (with the same
    /// number, as their pairing files hold it; a revocation stays), and the newer verifier
    /// of each account the restored register still has (the same record: number and
    /// creation time; an account removed since stays removed).
    pub fn carry_over(&self, kept: &CarriedOver, now: DateTime<Utc>) -> Result<()> {
        self.require(Permission::ManageAccounts)?;
        self.change(now, "service.carried_over", "service", |tx| {
            if let Some(i) = &kept.identity {
                tx.execute(
                    "INSERT INTO service_identity (id, cert, key, made_at) VALUES (1, ?1, ?2, ?3)
                     ON CONFLICT(id) DO UPDATE SET cert = excluded.cert, key = excluded.key",
                    (&i.cert, &i.key[..], crate::time::stamp(now)),
                )?;
            }
            for (id, name, token_hash, paired_at, revoked_at, revoked_by) in &kept.devices {
                tx.execute(
                    "INSERT INTO service_devices (id, name, token_hash, paired_at, revoked_at, revoked_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                    (id, name, token_hash, paired_at, revoked_at, revoked_by),
                )?;
                if revoked_at.is_some() {
                    tx.execute(
                        "UPDATE service_devices SET revoked_at = ?2, revoked_by = ?3
                         WHERE token_hash = ?1 AND revoked_at IS NULL",
                        (token_hash, revoked_at, revoked_by),
                    )?;
                }
            }
            for (account, created_at, envelope, set_at) in &kept.verifiers {
                tx.execute(
                    "INSERT INTO service_verifiers (account_id, envelope, set_at)
                     SELECT ?1, ?3, ?4 FROM staff_accounts
                     WHERE id = ?1 AND created_at = ?2 AND removed_at IS NULL
                     ON CONFLICT(account_id) DO UPDATE SET envelope = excluded.envelope,
                         set_at = excluded.set_at
                     WHERE excluded.set_at > service_verifiers.set_at",
                    (account, created_at, envelope, set_at),
                )?;
            }
            Ok((None, ()))
        })
    }

    /// Records a PC paired with the service: its name and its token's SHA-256 (hex).
    pub fn pair_device(&self, name: &str, token_hash: &str, now: DateTime<Utc>) -> Result<i64> {
        self.require(Permission::ManageAccounts)?;
        let name = crate::fold::bounded(Field::Staff, name)?;
        if name.is_empty() {
            return Err(Error::invalid(Field::Staff, "name the computer"));
        }
        self.change(now, "service.device.pair", "device", |tx| {
            tx.execute(
                "INSERT INTO service_devices (name, token_hash, paired_at) VALUES (?1, ?2, ?3)",
                (&name, token_hash, crate::time::stamp(now)),
            )?;
            let id = tx.last_insert_rowid();
            Ok((Some(id), id))
        })
    }

    /// Revokes a device (a stolen laptop): its token opens nothing from now on.
    pub fn revoke_device(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.require(Permission::ManageAccounts)?;
        self.change(now, "service.device.revoke", "device", |tx| {
            let n = tx.execute(
                "UPDATE service_devices SET revoked_at = ?2, revoked_by = ?3 WHERE id = ?1 AND revoked_at IS NULL",
                (id, crate::time::stamp(now), tx.staff),
            )?;
            if n == 0 {
                return Err(Error::NotFound { entity: "device" });
            }
            Ok((Some(id), ()))
        })?;
        // Beside the backups too: restoring an older one revokes it again.
        self.backups().note_decisions();
        Ok(())
    }

    /// Every device paired, revoked ones included.
    pub fn devices(&self) -> Result<Vec<Device>> {
        self.rows(
            &format!("SELECT {DEVICE_COLUMNS} FROM service_devices ORDER BY id"),
            [],
            device,
        )
    }

    /// The device a token's SHA-256 belongs to, if any (revoked or not).
    pub fn device_by_token(&self, token_hash: &str) -> Result<Option<Device>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {DEVICE_COLUMNS} FROM service_devices WHERE token_hash = ?1"),
                [token_hash],
                device,
            )
            .optional()?)
    }

    /// The first half of a colleague's sign-in at the service, a read only: what her
    /// passphrase will be checked against. The derivation itself ([`SignIn::check`]) needs
    /// no register, so the service runs it without holding the register: a colleague
    /// signing in does not make the others wait.
    pub fn sign_in_lookup(&self, name: &str) -> Result<SignIn> {
        let account: Option<(i64, String, StaffRole)> = self
            .conn
            .query_row(
                "SELECT id, name, role FROM staff_accounts WHERE folded = ?1 AND removed_at IS NULL",
                [crate::fold::fold(&crate::fold::clean(name))],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let verifier = |query: &str, id: Option<i64>| -> Result<Option<PassphraseEnvelope>> {
            let text: Option<String> = match id {
                Some(id) => self.conn.query_row(query, [id], |r| r.get(0)).optional()?,
                None => self.conn.query_row(query, [], |r| r.get(0)).optional()?,
            };
            text.map(|t| {
                serde_json::from_str(&t)
                    .map_err(|_| Error::Storage("a sign-in verifier is damaged".into()))
            })
            .transpose()
        };
        Ok(match account {
            // An unknown name reads exactly like a wrong passphrase, and takes as long: a
            // verifier's derivation runs all the same (a slot's when none exists yet).
            None => match verifier("SELECT envelope FROM service_verifiers LIMIT 1", None)? {
                Some(decoy) => SignIn::Unknown { decoy },
                None => SignIn::Slot,
            },
            Some((id, name, role)) => match verifier(
                "SELECT envelope FROM service_verifiers WHERE account_id = ?1",
                Some(id),
            )? {
                Some(envelope) => SignIn::Verifier {
                    id,
                    name,
                    role,
                    envelope,
                },
                // No verifier yet: the account's key slot decides, once
                // ([`Register::check_account`], then [`Service::adopt_verifier`]).
                None => SignIn::Slot,
            },
        })
    }

    /// Gives the signed-in account (the one acting) its verifier, from the passphrase
    /// its slot just accepted, with the same derivation cost; then retires the slot's
    /// passphrase envelope (see [`Service::retire_slot_passphrase`]).
    pub fn adopt_verifier(&self, passphrase: &str, now: DateTime<Utc>) -> Result<()> {
        let crate::register::Actor::Account { id, .. } = self.actor else {
            return Err(Error::Conflict(
                "an account signs in to be given its verifier",
            ));
        };
        let params = self
            .current_key_info()?
            .slots()
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| s.passphrase.as_ref().map(|p| p.params))
            .unwrap_or(KdfParams::DEFAULT);
        self.write_verifier(id, passphrase, params, "service.verifier_adopt", now)
    }

    /// A new passphrase for an account at the service: one's own (the current one given
    /// and checked: a session left open, or its token copied, does not take the account
    /// over), or any account's for the person in charge. Judged like any passphrase; the
    /// verifier is replaced, and the slot's passphrase envelope retired.
    pub fn set_passphrase(
        &self,
        account: i64,
        passphrase: &str,
        current: Option<&str>,
        params: KdfParams,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let own =
            matches!(&self.actor, crate::register::Actor::Account { id, .. } if *id == account);
        if !own {
            self.require(Permission::ManageAccounts)?;
        }
        let name: String = self
            .conn
            .query_row(
                "SELECT name FROM staff_accounts WHERE id = ?1 AND removed_at IS NULL",
                [account],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(Error::NotFound { entity: "account" })?;
        // The account the service opens the register with keeps its key slot: its
        // passphrase is the service's to start with, changed on the service's computer.
        if self.opened_with_account() == Some(account) {
            return Err(Error::Conflict(
                "the service starts with this account: change its passphrase on the service's computer",
            ));
        }
        // One's own: the current passphrase first (a session left open does not take the
        // account over).
        if own {
            let current = current
                .filter(|c| !c.is_empty())
                .ok_or_else(|| Error::invalid(Field::Passphrase, "give your current passphrase"))?;
            let envelope: Option<String> = self
                .conn
                .query_row(
                    "SELECT envelope FROM service_verifiers WHERE account_id = ?1",
                    [account],
                    |r| r.get(0),
                )
                .optional()?;
            let envelope: PassphraseEnvelope = envelope
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|_| Error::Storage("a sign-in verifier is damaged".into()))?
                .ok_or(Error::Conflict(
                    "sign in at the service once before changing your passphrase",
                ))?;
            envelope.open(current).map_err(|_| Error::WrongPassphrase)?;
        }
        let org = self.org().profile()?.name;
        crate::secret::check_passphrase(passphrase, &[&name, &org])?;
        self.write_verifier(account, passphrase, params, "service.verifier_set", now)
    }

    fn write_verifier(
        &self,
        account: i64,
        passphrase: &str,
        params: KdfParams,
        action: &'static str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let envelope = PassphraseEnvelope::seal(&DbKey::generate()?, passphrase, params)?;
        let envelope = serde_json::to_string(&envelope)
            .map_err(|_| Error::Storage("a sign-in verifier could not be written".into()))?;
        self.change(now, action, "staff_account", |tx| {
            tx.execute(
                "INSERT INTO service_verifiers (account_id, envelope, set_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (account_id) DO UPDATE SET envelope = ?2, set_at = ?3",
                (account, &envelope, crate::time::stamp(now)),
            )?;
            Ok((Some(account), ()))
        })?;
        self.retire_slot_passphrase(account)
    }

    /// Takes the passphrase envelope out of an account's key slot once it has its
    /// verifier: its passphrase then unwraps nothing. The account the service opened the
    /// register with keeps its envelope (it opens the register at the next start); so does
    /// an account without a verifier. Done again at every sign-in until it holds.
    pub fn retire_slot_passphrase(&self, account: i64) -> Result<()> {
        if self.opened_with_account() == Some(account) {
            return Ok(());
        }
        let has_verifier = self.has_verifier(account)?;
        let mut info = self.current_key_info()?;
        let Some(slot) = info.slots_mut().iter_mut().find(|s| s.id == account) else {
            return Ok(());
        };
        if !has_verifier || slot.passphrase.is_none() {
            return Ok(());
        }
        slot.passphrase = None;
        info.write(&self.path)
    }

    /// Whether an account signs in at the service by a verifier.
    pub fn has_verifier(&self, account: i64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM service_verifiers WHERE account_id = ?1)",
            [account],
            |r| r.get(0),
        )?)
    }
}
