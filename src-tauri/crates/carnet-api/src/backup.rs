//! Backups where the register is: their state (the folder, the last one, the ones in the
//! folder, copies kept beside the register), one taken now, the rotation. The folder is a
//! place on the register's machine: the app chooses it with its own dialog on one PC; at
//! the service it is given to `carnet-server` (`--backup-folder`).

use carnet_core::backup::{self, BackupFile, BackupInfo, BackupSettings, KeptCopy, Rotation};
use carnet_core::{Contexts, Error, Field};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Serialize)]
pub struct BackupStatus {
    pub settings: BackupSettings,
    pub last: Option<DateTime<Utc>>,
    pub due: bool,
    /// The backups in the folder, the newest first (empty when the folder is not there).
    pub backups: Vec<BackupFile>,
    /// The folder is set but cannot be read (a USB key not plugged in).
    pub folder_missing: bool,
    /// The code of the last automatic backup's error, if it failed (the carrier's).
    pub auto_error: Option<String>,
    /// Copies of the register kept beside it (set aside by a restore, taken before an
    /// upgrade): they may still hold people erased since.
    pub copies: Vec<KeptCopy>,
}

crate::command! {
    read
    BackupStatusNow = "backup_status" {} -> BackupStatus,
    |c, r, at| {
        let settings = r.backups().settings()?;
        let listed = settings
            .folder
            .as_deref()
            .map(|f| backup::backups_of(f, r.database_id()));
        let mut status = BackupStatus {
            last: r.backups().last()?,
            due: r.backups().due(at.now)?,
            folder_missing: matches!(listed, Some(Err(_))),
            backups: listed.and_then(|l| l.ok()).unwrap_or_default(),
            settings,
            auto_error: None,
            copies: backup::copies_beside(r.path())?,
        };
        // A PC of the service's sees names, not where they lie on the service's disk.
        if at.device.is_some() {
            status.settings.folder = status.settings.folder.as_deref().map(named);
            for b in &mut status.backups {
                b.file = named(&b.file);
            }
            for c in &mut status.copies {
                c.file = named(&c.file);
            }
        }
        Ok(status)
    }
}

/// A file's or folder's name alone (the last part of its path).
fn named(path: &Path) -> PathBuf {
    path.file_name().map(PathBuf::from).unwrap_or_default()
}

/// A backup taken, and what the rotation kept and removed.
#[derive(Debug, Serialize)]
pub struct BackupTaken {
    pub info: BackupInfo,
    pub rotation: Rotation,
}

crate::command! {
    /// A backup now, into the folder of the settings.
    BackupNow = "backup_now" {} -> BackupTaken,
    |c, r, at| {
        let folder = r.backups().settings()?.folder.ok_or(Error::invalid(
            Field::BackupFolder,
            "choose the folder backups go to",
        ))?;
        let (mut info, mut rotation) = r.backups().backup_to(&folder, at.now)?;
        if at.device.is_some() {
            info.file = named(&info.file);
            rotation.removed = rotation.removed.iter().map(|p| named(p)).collect();
        }
        Ok(BackupTaken { info, rotation })
    }
}

crate::command! {
    /// How many daily and monthly backups are kept, and how long an older one may still
    /// hold someone erased since.
    SetBackupRotation = "set_backup_rotation" { keep_daily: u32, keep_monthly: u32, erased_days: u32 } -> (),
    |c, r, at| {
        let settings = BackupSettings {
            keep_daily: c.keep_daily,
            keep_monthly: c.keep_monthly,
            erased_days: c.erased_days,
            ..r.backups().settings()?
        };
        r.backups().set_settings(&settings, at.now)
    }
}

/// What a restore did, as the restore screen shows it (on one PC, or at the service).
#[derive(Debug, Serialize)]
pub struct RestoreSummary {
    pub info: BackupInfo,
    /// The register (and its key file) set aside: file names at the service.
    pub set_aside: Vec<String>,
    /// The key kept in this computer's keyring (on one PC).
    pub in_keyring: bool,
    pub erasures_reapplied: usize,
    pub withdrawals_replayed: Vec<backup::ReplayedWithdrawal>,
    pub suppressions_restored: usize,
    pub closed_again: backup::ClosedAgain,
    pub journal: backup::JournalUse,
}

impl RestoreSummary {
    /// The summary of `done`, its register taken out first; paths as `shown` says.
    pub fn of(done: &backup::Restored, in_keyring: bool, shown: impl Fn(&Path) -> String) -> Self {
        RestoreSummary {
            info: done.info.clone(),
            set_aside: done.set_aside.iter().map(|p| shown(p)).collect(),
            in_keyring,
            erasures_reapplied: done.erasures_reapplied,
            withdrawals_replayed: done.withdrawals_replayed.clone(),
            suppressions_restored: done.suppressions_restored,
            closed_again: done.closed_again,
            journal: done.journal,
        }
    }
}

crate::command! {
    /// Restores one of the register service's backups (its file name in the service's
    /// backup folder) with the recovery key, from a PC: the service makes it itself (the
    /// person in charge's), every other call waiting meanwhile, and every session ends
    /// afterwards. A register on its own PC restores a file chosen on the PC instead.
    RestoreAtService = "restore_at_service" {
        file: String,
        recovery_key: String,
        allow: Option<backup::RestoreAllow>,
    } -> RestoreSummary,
    |c, r, at| Err(Error::Conflict("a restore at the register service is made by the service itself"))
}
