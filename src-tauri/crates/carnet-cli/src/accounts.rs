//! Staff accounts: who is signed in, the accounts (person in charge only), adding and
//! removing one, giving one a new passphrase or this session's keyring entry.

use carnet_core::Contexts;
use std::process::ExitCode;

use carnet_core::accounts::AccountKey;
use carnet_core::model::StaffRole;
use carnet_core::secret::KdfParams;
use carnet_core::{Error, Vault};
use clap::Subcommand;
use zeroize::Zeroizing;

use crate::ctx::{parse_enum, Ctx};

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Who the options unlock as, and what they may do
    Whoami,
    /// Staff accounts: add, remove, list, new passphrase
    #[command(subcommand)]
    Account(AccountCmd),
}

#[derive(Subcommand)]
pub(crate) enum AccountCmd {
    /// Every account, removed ones included
    List,
    /// A new account; the first is the person in charge's (privacy_officer), and from then
    /// on the register opens only with an account (--account) or the recovery key
    Add {
        #[arg(long)]
        name: String,
        /// office_staff or privacy_officer
        #[arg(long, value_parser = parse_enum::<StaffRole>)]
        role: StaffRole,
        /// The account's passphrase, from this environment variable [default: the account's
        /// key goes to this OS session's keyring]
        #[arg(long, value_name = "VAR")]
        new_passphrase_env: Option<String>,
    },
    /// Removes an account: its key slot goes, it opens nothing any more
    Remove { id: i64 },
    /// Gives an account a new passphrase (from VAR), or with --keyring this OS session's
    /// keyring entry
    Key {
        id: i64,
        #[arg(long, value_name = "VAR", required_unless_present = "keyring")]
        new_passphrase_env: Option<String>,
        #[arg(long, conflicts_with = "new_passphrase_env")]
        keyring: bool,
    },
}

pub(crate) fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitCode, Error> {
    let now = ctx.now;
    let vault = Vault::os();
    let pass = |var: &Option<String>| -> Result<Option<Zeroizing<String>>, Error> {
        var.as_deref().map(Ctx::passphrase).transpose()
    };
    match cmd {
        Command::Whoami => {
            let s = ctx.open()?.session();
            ctx.out(&s, || match (&s.account, s.by_recovery_key) {
                (Some(a), _) => format!(
                    "{} ({}); may: {}",
                    a.name,
                    s.role.map(|r| r.as_str()).unwrap_or_default(),
                    list(&s.permissions)
                ),
                (None, true) => "the recovery key: every right".into(),
                (None, false) => "no accounts on this register: every right".into(),
            });
        }
        Command::Account(AccountCmd::List) => {
            let all = ctx.open()?.accounts().list()?;
            ctx.out(&all, || {
                all.iter()
                    .map(|a| {
                        format!(
                            "{:>4}  {:<30} {:<16} {}",
                            a.id,
                            a.name,
                            a.role.as_str(),
                            match (&a.removed_at, a.passphrase, a.keyring) {
                                (Some(t), ..) => format!("removed {t}"),
                                (None, true, true) => "passphrase, keyring".into(),
                                (None, true, false) => "passphrase".into(),
                                (None, false, true) => "keyring".into(),
                                (None, false, false) => "no way in: give it a passphrase".into(),
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Account(AccountCmd::Add {
            name,
            role,
            new_passphrase_env,
        }) => {
            let mut reg = ctx.open()?;
            let p = pass(new_passphrase_env)?;
            let id = reg.accounts().add(name, *role, key(&p), &vault, now)?;
            ctx.out(&serde_json::json!({ "account": id }), || {
                format!("account {id} added")
            });
        }
        Command::Account(AccountCmd::Remove { id }) => {
            ctx.open()?.accounts().remove(*id, &vault, now)?;
            ctx.out(&serde_json::json!({ "removed": id }), || {
                format!("account {id} removed: it opens nothing any more")
            });
        }
        Command::Account(AccountCmd::Key {
            id,
            new_passphrase_env,
            ..
        }) => {
            let p = pass(new_passphrase_env)?;
            ctx.open()?.accounts().set_key(*id, key(&p), &vault, now)?;
            ctx.out(&serde_json::json!({ "account": id }), || {
                format!("account {id}: new way in recorded")
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn key(p: &Option<Zeroizing<String>>) -> AccountKey<'_> {
    match p {
        Some(p) => AccountKey::Passphrase(p.as_str(), KdfParams::DEFAULT),
        None => AccountKey::Keyring,
    }
}

fn list(p: &[carnet_core::accounts::Permission]) -> String {
    if p.is_empty() {
        return "the day-to-day register (no erasure, purge, whole exports, incidents or accounts)"
            .into();
    }
    p.iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
