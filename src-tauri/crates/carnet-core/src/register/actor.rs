//! Who acts: the office (a register without accounts), a staff account with its role, or
//! whoever typed the recovery key; what each may do (`require`, the permission table being
//! `contexts::OPERATIONS`), and the name the audit log keeps.
//!
//! Roles are enforced here, in the domain: the screens only hide what the domain would
//! refuse. They bind the app and the command line, not someone who holds the database key
//! itself (the recovery key holder may do everything).

use rusqlite::OptionalExtension;
use serde::Serialize;

use super::{read_key_file, AccountSlot, KeyFile, Register};
use crate::error::{Error, Result};
use crate::model::StaffRole;

/// What only the person in charge of personal information may do: every legal decision
/// of the register, and what discloses it whole. [`crate::contexts::OPERATIONS`] lists every operation of
/// the register with the permission it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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

/// What an operation takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Any account (and anyone on a register without accounts).
    Any,
    /// Only someone with this permission.
    Needs(Permission),
    /// This permission for the case named (the rest of the operation is open to any
    /// account): a profile change that touches the rules, a request closed as refused.
    When(Permission, &'static str),
    /// Not an operation on an open register's contents: opening, creating, the clock and
    /// the benchmark's helpers.
    Outside,
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

/// An account the unlock screen offers, read from the key file before unlocking.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct AccountChoice {
    pub id: i64,
    pub name: String,
    pub keyring: bool,
    pub passphrase: bool,
}

/// Who is at the desk, and what they may do (the screens hide what is not theirs).
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
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
    Ok(match read_key_file(path)? {
        KeyFile::Found(info) => info.slots().iter().map(choice).collect(),
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
/// The audit log's name for a session opened with the recovery key on a register that
/// has accounts (the name typed, if any, follows in brackets).
pub const RECOVERY_KEY_ACTOR: &str = "[recovery key]";

impl Register {
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

    /// Refused unless whoever opened the register may do `what`.
    pub fn require(&self, what: Permission) -> Result<()> {
        match &self.actor {
            Actor::Account {
                role: crate::model::StaffRole::OfficeStaff,
                ..
            } => Err(Error::NotPermitted(what)),
            _ => Ok(()),
        }
    }

    pub fn session(&self) -> Session {
        let (account, role) = match &self.actor {
            Actor::Account { id, name, role } => (
                self.current_key_info()
                    .ok()
                    .and_then(|i| i.slots().iter().find(|s| s.id == *id).map(choice))
                    .or(Some(AccountChoice {
                        id: *id,
                        name: name.clone(),
                        keyring: false,
                        passphrase: false,
                    })),
                Some(*role),
            ),
            _ => (None, None),
        };
        Session {
            accounts: self.actor != Actor::Office,
            account,
            role,
            by_recovery_key: self.actor == Actor::RecoveryKey,
            permissions: Permission::ALL
                .iter()
                .copied()
                .filter(|&p| self.require(p).is_ok())
                .collect(),
        }
    }

    /// For the register service, which holds the key: checks an account's passphrase by
    /// its slot in the key file beside the register (the key it unwraps is compared, then
    /// dropped; it never leaves this process) and gives the account's id, name and role.
    /// A removed account, an unknown name or a wrong passphrase are refused alike.
    pub fn check_account(&self, name: &str, passphrase: &str) -> Result<(i64, String, StaffRole)> {
        let found = self
            .conn
            .query_row(
                "SELECT id, name, role FROM staff_accounts WHERE folded = ?1 AND removed_at IS NULL",
                [crate::fold::fold(&crate::fold::clean(name))],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, StaffRole>(2)?)),
            )
            .optional()?;
        // An unknown name reads exactly like a wrong passphrase, and takes as long: a
        // slot's key derivation runs all the same (no list of names leaks, by the answer
        // or its time).
        let Some((id, name, role)) = found else {
            let info = self.current_key_info()?;
            if let Some(any) = info.slots().iter().find(|s| s.passphrase.is_some()) {
                let _ = super::keys::unlock_key(
                    &self.path,
                    super::Unlock::Account(any.id, super::AccountSecret::Passphrase("\u{0}")),
                );
            }
            return Err(Error::WrongPassphrase);
        };
        let (key, _) = super::keys::unlock_key(
            &self.path,
            super::Unlock::Account(id, super::AccountSecret::Passphrase(passphrase)),
        )
        .map_err(|e| match e {
            Error::PassphraseNotSet | Error::NotFound { .. } | Error::WrongKey => {
                Error::WrongPassphrase
            }
            e => e,
        })?;
        if key.check_value() != self.key.check_value() {
            return Err(Error::WrongPassphrase);
        }
        Ok((id, name, role))
    }

    /// For the register service: acts, until told otherwise, as a signed-in account at a
    /// paired device (its role decides what it may do; the audit log names both). Refused
    /// for an account removed since.
    pub fn serve_as(&mut self, account: i64, device: &str) -> Result<()> {
        if self.opened_as.is_none() {
            self.opened_as = Some((self.actor.clone(), self.staff.clone()));
        }
        // Nobody acts until the account is found (a removed one is refused).
        self.serve_nobody();
        self.settle_actor(Some(account), false)?;
        self.staff = format!("{} · {device}", self.staff);
        Ok(())
    }

    /// For the register service, between calls: nobody acts (the least a role may do),
    /// so a call that forgot `serve_as` could do nothing a colleague may not.
    pub fn serve_nobody(&mut self) {
        if self.opened_as.is_none() {
            self.opened_as = Some((self.actor.clone(), self.staff.clone()));
        }
        self.actor = Actor::Account {
            id: 0,
            name: String::new(),
            role: StaffRole::OfficeStaff,
        };
        self.staff = String::new();
    }

    /// For the register service: who the register was opened as, to hand to the register
    /// a restore at the service opens in its place ([`Register::open_as_before`]): the
    /// account the service starts with stays its own.
    pub fn opener(&self) -> Opener {
        Opener(
            self.opened_as
                .clone()
                .unwrap_or_else(|| (self.actor.clone(), self.staff.clone())),
        )
    }

    /// See [`Register::opener`]. Nobody acts until the next `serve_as`.
    pub fn open_as_before(&mut self, opener: Opener) {
        self.opened_as = Some(opener.0);
        self.serve_nobody();
    }

    /// The account the register was opened with (before any `serve_as`), if it was opened
    /// through an account: the register service keeps that account's key slot, the one it
    /// opens with at its next start.
    pub(crate) fn opened_with_account(&self) -> Option<i64> {
        let actor = match &self.opened_as {
            Some((actor, _)) => actor,
            None => &self.actor,
        };
        match actor {
            Actor::Account { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// For the register service: acts as itself again (who opened it: the person in
    /// charge's account or the recovery key), for what the service records on its own
    /// (a device paired, its certificate).
    pub fn serve_as_itself(&mut self) {
        if let Some((actor, staff)) = self.opened_as.clone() {
            self.actor = actor;
            self.staff = staff;
        }
    }

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
                self.staff = RECOVERY_KEY_ACTOR.to_owned();
                Actor::RecoveryKey
            }
            None => return Err(Error::AccountRequired),
        };
        Ok(())
    }
}

/// Who a register was opened as (see [`Register::opener`]).
#[derive(Clone)]
pub struct Opener((Actor, String));

impl Opener {
    /// The account, when it was opened through one.
    pub fn account(&self) -> Option<i64> {
        match &self.0 .0 {
            Actor::Account { id, .. } => Some(*id),
            _ => None,
        }
    }
}
