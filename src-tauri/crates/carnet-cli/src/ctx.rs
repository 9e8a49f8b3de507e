//! What every command shares: how the register is opened, today's date, printing text or
//! JSON, and the parsing of the closed vocabularies.

use carnet_core::Field;
use std::io::Write;
use std::path::PathBuf;

use carnet_core::accounts::AccountSecret;
use carnet_core::consent::GivenBy;
use carnet_core::contests::{ContestKind, OnePer, ShipmentStatus};
use carnet_core::exchange::{DateOrder, DuplicateChoice, ExportList, ImportTarget};
use carnet_core::family::{MembershipStatus, Relation};
use carnet_core::incidents::{IncidentNature, Likelihood};
use carnet_core::model::{Channel, DataCategory, Jurisdiction, Language, Paper, StaffRole};
use carnet_core::newsletter::{ConsentKind, ImpliedSource, MailingFormat};
use carnet_core::org::OrgKind;
use carnet_core::privacy::{HoldReason, RetentionCategory};
use carnet_core::requests::{IdentityMethod, RefusalGround, RequestKind, RequestStatus, Requester};
use carnet_core::{Error, Register, Unlock, Vault};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::Cli;

pub(crate) fn parse_enum<T>(s: &str) -> Result<T, String>
where
    T: TextEnum,
{
    T::parse_text(s).ok_or_else(|| format!("expected one of: {}", T::choices()))
}

pub(crate) trait TextEnum: Sized + Clone + Send + Sync + 'static {
    fn parse_text(s: &str) -> Option<Self>;
    fn choices() -> String;
}

macro_rules! text_enums {
    ($($t:ty),+) => {$(
        impl TextEnum for $t {
            fn parse_text(s: &str) -> Option<Self> { <$t>::parse(s).ok() }
            fn choices() -> String { <$t>::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ") }
        }
    )+};
}
text_enums!(
    Jurisdiction,
    Paper,
    Language,
    Channel,
    OrgKind,
    Relation,
    MembershipStatus,
    GivenBy,
    RequestKind,
    Requester,
    IdentityMethod,
    RequestStatus,
    RefusalGround,
    HoldReason,
    RetentionCategory,
    DataCategory,
    IncidentNature,
    Likelihood,
    OnePer,
    ContestKind,
    ShipmentStatus,
    ImportTarget,
    DateOrder,
    DuplicateChoice,
    ExportList,
    ConsentKind,
    ImpliedSource,
    MailingFormat,
    StaffRole
);

pub(crate) struct Ctx {
    pub cli: Cli,
    pub now: DateTime<Utc>,
}

impl Ctx {
    pub(crate) fn path(&self) -> Result<PathBuf, Error> {
        self.cli
            .db
            .clone()
            .or_else(carnet_core::register::default_path)
            .ok_or(Error::DatabaseNotFound)
    }

    pub(crate) fn passphrase(var: &str) -> Result<Zeroizing<String>, Error> {
        std::env::var(var)
            .map(Zeroizing::new)
            .map_err(|_| Error::InvalidInput {
                field: Field::Passphrase,
                reason: "the named environment variable is not set",
            })
    }

    /// Runs `f` with the way in the options name: the recovery key file, the passphrase
    /// in an environment variable, or the OS keyring.
    pub(crate) fn with_unlock<T>(
        &self,
        f: impl FnOnce(Unlock<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        if let Some(name) = &self.cli.account {
            // The account named (case and accents aside), with its passphrase from the
            // environment or its entry in this OS session's keyring.
            let path = self.path()?;
            let wanted = carnet_core::fold::fold(name);
            let id = carnet_core::accounts::account_choices(&path)?
                .into_iter()
                .find(|c| carnet_core::fold::fold(&c.name) == wanted)
                .ok_or(Error::NotFound { entity: "account" })?
                .id;
            let vault = Vault::os();
            return match &self.cli.passphrase_env {
                Some(var) => {
                    let pass = Self::passphrase(var)?;
                    f(Unlock::Account(id, AccountSecret::Passphrase(&pass)))
                }
                None => f(Unlock::Account(id, AccountSecret::Keyring(&vault))),
            };
        }
        if let Some(file) = &self.cli.recovery_key_file {
            let text = Zeroizing::new(std::fs::read_to_string(file)?);
            f(Unlock::RecoveryKey(&text))
        } else if let Some(var) = &self.cli.passphrase_env {
            let pass = Self::passphrase(var)?;
            f(Unlock::Passphrase(&pass))
        } else {
            f(Unlock::Keyring(&Vault::os()))
        }
    }

    pub(crate) fn open(&self) -> Result<Register, Error> {
        let path = self.path()?;
        let mut reg = self.with_unlock(|unlock| Register::open(&path, unlock))?;
        // The recovery key opened a register whose key file was damaged or another's: a new
        // one was written with the recovery key alone. Said on stderr, so --json output
        // stays one document.
        if let Some(aside) = reg.key_file_set_aside() {
            eprintln!(
                "note: the key file beside the register was damaged; it was set aside at {} and a new one written. The register's passphrase and keyring entry no longer open it: set them again (key set-passphrase, key remember).",
                aside.display()
            );
        }
        reg.set_staff(&self.staff());
        reg.set_utc_offset(chrono::Offset::fix(chrono::Local::now().offset()));
        Ok(reg)
    }

    pub(crate) fn staff(&self) -> String {
        self.cli
            .staff
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .unwrap_or_default()
    }

    /// Today on this computer's calendar (deadlines count in the office's days).
    pub(crate) fn today(&self) -> NaiveDate {
        self.now.with_timezone(&chrono::Local).date_naive()
    }

    /// Prints JSON with `--json`, else the human text.
    pub(crate) fn out<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) {
        let text = if self.cli.json {
            serde_json::to_string_pretty(value).expect("serialisable")
        } else {
            human()
        };
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{text}");
    }
}

/// A file only its owner can read (on Unix; on Windows the user profile's ACLs apply).
pub(crate) fn write_private(path: &std::path::Path, text: &str) -> Result<(), Error> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    Ok(())
}
