//! The register itself: creating it, its keys, the audit log.

use carnet_core::Contexts;
use std::path::PathBuf;
use std::process::ExitCode;

use carnet_core::model::{Jurisdiction, Language, Paper};
use carnet_core::org::OrganisationProfile;
use carnet_core::secret::KdfParams;
use carnet_core::{Error, Protection, Register, Vault};
use clap::{Args, Subcommand};

use crate::ctx::{parse_enum, write_private, Ctx};

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Create a new register (prints its recovery key once)
    Init(InitArgs),
    /// Key management
    #[command(subcommand)]
    Key(KeyCmd),
    /// This office's address and person in charge, printed on every letter
    #[command(subcommand)]
    Office(OfficeCmd),
    /// The latest staff actions
    Audit {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Subcommand)]
pub(crate) enum OfficeCmd {
    /// The organisation's profile, and what a letter still needs
    Show,
    /// Change the address or the person in charge (a field left out stays as it is)
    Set {
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        privacy_contact: Option<String>,
        #[arg(long)]
        privacy_email: Option<String>,
        #[arg(long)]
        privacy_phone: Option<String>,
    },
}

#[derive(Args)]
pub(crate) struct InitArgs {
    #[arg(long)]
    org_name: String,
    #[arg(long, value_parser = parse_enum::<Jurisdiction>)]
    jurisdiction: Jurisdiction,
    /// letter or a4 [default: letter in Quebec, a4 in France]
    #[arg(long, value_parser = parse_enum::<Paper>)]
    paper: Option<Paper>,
    #[arg(long, value_parser = parse_enum::<Language>, default_value = "fr")]
    language: Language,
    #[arg(long, default_value = "")]
    address: String,
    /// The person in charge of personal information (a name)
    #[arg(long, default_value = "")]
    privacy_contact: String,
    /// How to write to them (a letter needs this or the phone)
    #[arg(long, default_value = "")]
    privacy_email: String,
    #[arg(long, default_value = "")]
    privacy_phone: String,
    /// Age under which a guardian must consent [default: 14 in Quebec, 15 in France]
    #[arg(long)]
    age_of_consent: Option<u8>,
    /// Write the recovery key to this file instead of printing it
    #[arg(long, value_name = "FILE")]
    recovery_key_out: Option<PathBuf>,
}

#[derive(Subcommand)]
pub(crate) enum KeyCmd {
    /// Store the register's key in the OS keyring (after opening it with the recovery key)
    Remember,
    /// Set a passphrase that can unlock the register, read from this environment variable
    SetPassphrase {
        #[arg(long, value_name = "VAR")]
        new_passphrase_env: String,
    },
    /// Give the register a new key: the new recovery key is written to FILE first (print
    /// it), then every page is re-encrypted; the old sheet and passphrase stop working
    Rekey {
        #[arg(long, value_name = "FILE")]
        recovery_key_out: std::path::PathBuf,
        /// The new passphrase, from this environment variable (none: the passphrase is dropped)
        #[arg(long, value_name = "VAR")]
        new_passphrase_env: Option<String>,
    },
}

pub(crate) fn run(ctx: &Ctx, command: &Command) -> Result<ExitCode, Error> {
    let now = ctx.now;
    match command {
        Command::Init(a) => init(ctx, a)?,
        Command::Key(KeyCmd::Remember) => {
            let mut reg = ctx.open()?;
            reg.remember_in_keyring(&Vault::os(), now)?;
            ctx.out(&serde_json::json!({ "keyring": true }), || {
                "the key is now in the OS keyring".into()
            });
        }
        Command::Key(KeyCmd::Rekey {
            recovery_key_out,
            new_passphrase_env,
        }) => {
            let mut reg = ctx.open()?;
            let pending = reg.prepare_rekey()?;
            // The new sheet exists before the key changes: a crash half-way leaves a
            // register that one of the two sheets opens.
            crate::ctx::write_private(
                recovery_key_out,
                &format!("{}\n", pending.recovery_key().expose()),
            )?;
            let pass = new_passphrase_env
                .as_deref()
                .map(Ctx::passphrase)
                .transpose()?;
            reg.apply_rekey(
                pending,
                &Vault::os(),
                pass.as_ref().map(|p| (p.as_str(), KdfParams::DEFAULT)),
                now,
            )?;
            ctx.out(
                &serde_json::json!({ "rekeyed": true, "recovery_key_written": recovery_key_out }),
                || {
                    format!(
                        "new key applied; the new recovery key is in {} (print it, then delete the file); the old one no longer opens the register",
                        recovery_key_out.display()
                    )
                },
            );
        }
        Command::Key(KeyCmd::SetPassphrase { new_passphrase_env }) => {
            let mut reg = ctx.open()?;
            let pass = Ctx::passphrase(new_passphrase_env)?;
            reg.set_passphrase(&pass, KdfParams::DEFAULT, now)?;
            ctx.out(&serde_json::json!({ "passphrase": true }), || {
                "passphrase set".into()
            });
        }
        Command::Office(OfficeCmd::Show) => {
            let reg = ctx.open()?;
            let profile = reg.org().profile()?;
            let gaps = profile.letter_gaps();
            ctx.out(
                &serde_json::json!({ "profile": profile, "letter_gaps": gaps }),
                || {
                    let mut out = format!(
                        "{}\n{}\n{}",
                        profile.name,
                        profile.address,
                        profile.reach_line()
                    );
                    if !gaps.is_empty() {
                        let names: Vec<String> = gaps.iter().map(|f| f.to_string()).collect();
                        out += &format!(
                            "\nbefore any letter, set: {} (carnet-admin office set --help)",
                            names.join(", ")
                        );
                    }
                    out
                },
            );
        }
        Command::Office(OfficeCmd::Set {
            address,
            privacy_contact,
            privacy_email,
            privacy_phone,
        }) => {
            let reg = ctx.open()?;
            let mut profile = reg.org().profile()?;
            for (field, value) in [
                (&mut profile.address, address),
                (&mut profile.privacy_contact, privacy_contact),
                (&mut profile.privacy_email, privacy_email),
                (&mut profile.privacy_phone, privacy_phone),
            ] {
                if let Some(v) = value {
                    *field = v.clone();
                }
            }
            reg.org().update_profile(&profile, now)?;
            let gaps = profile.letter_gaps();
            ctx.out(&serde_json::json!({ "letter_gaps": gaps }), || {
                if gaps.is_empty() {
                    "saved; letters can be made".into()
                } else {
                    "saved; letters still need more (carnet-admin office show)".into()
                }
            });
        }
        Command::Audit { limit } => {
            let reg = ctx.open()?;
            let log = reg.audit_log(*limit)?;
            ctx.out(&log, || {
                log.iter()
                    .map(|e| {
                        format!(
                            "{}  {:<20} {:<24} {}#{}",
                            e.at,
                            e.staff,
                            e.action,
                            e.entity,
                            e.entity_id.map(|i| i.to_string()).unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn init(ctx: &Ctx, a: &InitArgs) -> Result<(), Error> {
    let path = ctx.path()?;
    let mut profile = OrganisationProfile::new(&a.org_name, a.jurisdiction);
    profile.paper = a.paper.unwrap_or(profile.paper);
    profile.language = a.language;
    profile.address = a.address.clone();
    profile.privacy_contact = a.privacy_contact.clone();
    profile.privacy_email = a.privacy_email.clone();
    profile.privacy_phone = a.privacy_phone.clone();
    profile.age_of_consent = a.age_of_consent;
    let vault = Vault::os();
    let pass;
    let protection = match &ctx.cli.passphrase_env {
        Some(var) => {
            pass = Ctx::passphrase(var)?;
            Protection::Passphrase {
                passphrase: &pass,
                params: KdfParams::DEFAULT,
            }
        }
        None => Protection::Keyring(&vault),
    };
    let created = Register::create(&path, protection, &profile, ctx.now)?;
    let rk = created.recovery_key.expose();
    match &a.recovery_key_out {
        Some(file) => {
            write_private(file, &format!("{rk}\n"))?;
            ctx.out(&serde_json::json!({ "database": path, "recovery_key_file": file }), || {
                format!("created {}\nrecovery key written to {} — print it, keep it safe, then delete the file", path.display(), file.display())
            });
        }
        None => ctx.out(&serde_json::json!({ "database": path, "recovery_key": rk }), || {
            format!(
                "created {}\n\nRECOVERY KEY (shown once — write it down or print it, and keep it somewhere safe):\n\n    {rk}\n",
                path.display()
            )
        }),
    }
    Ok(())
}
