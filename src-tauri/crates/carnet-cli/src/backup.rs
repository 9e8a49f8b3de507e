//! Backups: take one (verified, then the folder rotated), list a folder's, see what one
//! holds, restore one (the register it replaces set aside), and the settings.

use carnet_core::Contexts;
use std::path::PathBuf;
use std::process::ExitCode;

use carnet_core::backup::{self, BackupSettings};
use carnet_core::Error;
use clap::Subcommand;

use crate::ctx::Ctx;

#[derive(Subcommand)]
pub(crate) enum Command {
    /// An encrypted, verified copy of the register (and its key file) in DIR [default: the
    /// folder in the settings]; then the folder is rotated
    Backup {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The backups in DIR [default: the folder in the settings], the newest first
    Backups { dir: Option<PathBuf> },
    /// What a backup holds (checked whole), opened with the key options
    Inspect { backup: PathBuf },
    /// Restores a backup at --db with the key options (on a new PC: --recovery-key-file);
    /// a register already there is set aside, never overwritten
    Restore {
        backup: PathBuf,
        /// Also keep the key in this computer's keyring
        #[arg(long)]
        remember: bool,
        /// Restore although no decisions journal can say what was erased or withdrawn
        /// since the backup (the person in charge acknowledges it; recorded)
        #[arg(long)]
        without_journal: bool,
        /// Replace the register at --db although it is another register (it is set aside)
        #[arg(long)]
        replace_other_register: bool,
    },
    /// Where backups go and how many are kept
    BackupSettings {
        #[arg(long)]
        folder: Option<PathBuf>,
        #[arg(long)]
        keep_daily: Option<u32>,
        #[arg(long)]
        keep_monthly: Option<u32>,
        /// Days an older backup may still hold someone erased since
        #[arg(long)]
        erased_days: Option<u32>,
    },
}

fn folder(settings: &BackupSettings, given: &Option<PathBuf>) -> Result<PathBuf, Error> {
    given
        .clone()
        .or_else(|| settings.folder.clone())
        .ok_or(Error::invalid(
            carnet_core::Field::BackupFolder,
            "choose a folder (--out DIR, or backup-settings --folder DIR)",
        ))
}

pub(crate) fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitCode, Error> {
    let now = ctx.now;
    match cmd {
        Command::Backup { out } => {
            let reg = ctx.open()?;
            let dir = folder(&reg.backups().settings()?, out)?;
            let (info, rotation) = reg.backups().backup_to(&dir, now)?;
            ctx.out(
                &serde_json::json!({ "backup": info, "rotation": rotation }),
                || {
                    format!(
                        "backup written and verified: {} ({} bytes, {} people); {} kept, {} removed ({} for erasures)",
                        info.file.display(),
                        info.bytes,
                        info.people_in_register,
                        rotation.kept,
                        rotation.removed.len(),
                        rotation.removed_for_erasure
                    )
                },
            );
        }
        Command::Backups { dir } => {
            let dir = match dir {
                Some(d) => d.clone(),
                None => folder(&ctx.open()?.backups().settings()?, &None)?,
            };
            let all = backup::backups_in(&dir)?;
            ctx.out(&all, || {
                all.iter()
                    .map(|b| {
                        format!(
                            "{}  {:>12} bytes  {}",
                            b.taken_at,
                            b.bytes,
                            b.file.display()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Inspect { backup } => {
            let info = ctx.with_unlock(|unlock| backup::inspect_backup(backup, unlock))?;
            ctx.out(&info, || {
                format!(
                    "{} — taken {}; schema {}; {} people, {} consent events, {} requests, {} licences",
                    info.organisation,
                    info.taken_at.map(|t| t.to_string()).unwrap_or_default(),
                    info.schema,
                    info.people_in_register,
                    info.counts.consent_events,
                    info.counts.requests,
                    info.counts.licences
                )
            });
        }
        Command::Restore {
            backup,
            remember,
            without_journal,
            replace_other_register,
        } => {
            let target = ctx.path()?;
            let allow = backup::RestoreAllow {
                without_journal: *without_journal,
                other_register: *replace_other_register,
            };
            let mut done = ctx
                .with_unlock(|unlock| backup::restore_with(backup, &target, unlock, now, allow))?;
            if *remember {
                done.register
                    .remember_in_keyring(&carnet_core::Vault::os(), now)?;
            }
            ctx.out(
                &serde_json::json!({
                    "restored": target,
                    "info": done.info,
                    "set_aside": done.set_aside,
                    "erasures_reapplied": done.erasures_reapplied,
                    "withdrawals_replayed": done.withdrawals_replayed,
                    "suppressions_restored": done.suppressions_restored,
                    "closed_again": done.closed_again,
                    "journal": done.journal,
                }),
                || {
                    let mut s = format!(
                        "restored {} at {} ({} people)",
                        done.info.file.display(),
                        target.display(),
                        done.info.people_in_register
                    );
                    let closed = done.closed_again;
                    if closed.accounts + closed.devices > 0 {
                        s += &format!(
                            "\n{} staff account(s) removed and {} PC(s) revoked since the backup were closed again",
                            closed.accounts, closed.devices
                        );
                    }
                    if closed.last_person_in_charge_kept {
                        s += "\nan account removed since the backup stays: it is the only person in charge here (add the other again, then remove it)";
                    }
                    if done.erasures_reapplied > 0 {
                        s += &format!(
                            "\n{} people erased since the backup were erased again",
                            done.erasures_reapplied
                        );
                    }
                    for w in &done.withdrawals_replayed {
                        s += &match w.refused {
                            None => format!(
                                "\nwithdrawn again: consent {} of record {} (withdrawn {})",
                                w.purpose, w.person_id, w.occurred_at
                            ),
                            Some(code) => format!(
                                "\nNOT withdrawn again ({code}): consent {} of record {} (withdrawn {}): record it by hand",
                                w.purpose, w.person_id, w.occurred_at
                            ),
                        };
                    }
                    if done.suppressions_restored > 0 {
                        s += &format!(
                            "\n{} suppressions made since the backup put back",
                            done.suppressions_restored
                        );
                    }
                    for a in &done.set_aside {
                        s += &format!("\nset aside: {}", a.display());
                    }
                    s
                },
            );
        }
        Command::BackupSettings {
            folder,
            keep_daily,
            keep_monthly,
            erased_days,
        } => {
            let reg = ctx.open()?;
            let mut s = reg.backups().settings()?;
            if let Some(f) = folder {
                s.folder = Some(f.clone());
            }
            s.keep_daily = keep_daily.unwrap_or(s.keep_daily);
            s.keep_monthly = keep_monthly.unwrap_or(s.keep_monthly);
            s.erased_days = erased_days.unwrap_or(s.erased_days);
            reg.backups().set_settings(&s, now)?;
            ctx.out(&s, || {
                format!(
                    "backups to {}: {} daily, {} monthly; erased people leave old backups after {} days",
                    s.folder.as_ref().map(|f| f.display().to_string()).unwrap_or_else(|| "(no folder)".into()),
                    s.keep_daily,
                    s.keep_monthly,
                    s.erased_days
                )
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
