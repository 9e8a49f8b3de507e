//! The regulator's pack: what the person in charge hands the Commission d'accès à
//! l'information or the CNIL when they ask, in one piece: the processing register in force,
//! the incident register, the request log with its deadlines, the erasures carried out,
//! the retention rules and the purges run, the consent ledger's check, the staff accounts
//! and their roles, and the state of the backups. It names no one of the register's people
//! (requests and erasures by number, incidents as their register describes them); the
//! documents are `carnet_docs::regulator_pack`.

use chrono::{DateTime, NaiveDate, Utc};

use serde::Serialize;

use super::{
    ErasureRecord, Privacy, ProcessingRegister, ProcessingVersion, PurgeReport, RetentionRule,
};
use crate::accounts::{Account, Permission};
use crate::backup::BackupSettings;
use crate::consent::LedgerReport;
use crate::error::Result;
use crate::incidents::Incident;
use crate::org::OrganisationProfile;
use crate::requests::Request;
use crate::Contexts;

/// Everything the pack holds, read at one moment.
#[derive(Debug, Clone)]
pub struct RegulatorPack {
    /// The office's day it was made, and by whom.
    pub made_on: NaiveDate,
    pub made_by: String,
    pub profile: OrganisationProfile,
    /// The processing register in force on `made_on`.
    pub processing: ProcessingRegister,
    pub incidents: Vec<Incident>,
    /// Every request, open ones first (shown by number, kind, dates and outcome only).
    pub requests: Vec<Request>,
    /// The request log as CSV (record ids, kinds, dates, identity checks, deadlines and
    /// outcomes; no names or contact details).
    pub requests_csv: Vec<u8>,
    pub erasures: Vec<ErasureRecord>,
    pub retention: Vec<RetentionRule>,
    pub purges: Vec<PurgeReport>,
    pub ledger: LedgerReport,
    /// Every version of the processing register adopted, the newest first.
    pub processing_versions: Vec<ProcessingVersion>,
    /// The staff accounts and their roles, removed ones included.
    pub accounts: Vec<Account>,
    pub backups: BackupState,
}

/// How the register is backed up, as the pack states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupState {
    /// Whether a folder is chosen (its path is not stated: it says where copies are).
    pub folder_chosen: bool,
    pub keep_daily: u32,
    pub keep_monthly: u32,
    /// Days an older backup may still hold someone erased since.
    pub erased_days: u32,
    /// The last verified backup this register took.
    pub last: Option<DateTime<Utc>>,
    /// Backups of this register found in the folder now (`None`: no folder, or unreadable).
    pub copies: Option<usize>,
}

impl Privacy<'_> {
    /// The regulator's pack, for the person in charge only (it discloses the request log
    /// and the incident register).
    pub fn regulator_pack(&self, now: DateTime<Utc>) -> Result<RegulatorPack> {
        self.require(Permission::ExportRegister)?;
        self.require(Permission::Incidents)?;
        let made_on = self.local_day(now);
        Ok(RegulatorPack {
            made_on,
            made_by: self.preparer(),
            profile: self.org().profile()?,
            processing: self.processing_register(made_on)?,
            incidents: self.incidents().all(now)?,
            requests: self.requests().all(false)?,
            requests_csv: self.requests().csv()?,
            erasures: self.erasures()?,
            retention: self.retention_rules()?,
            purges: self.purge_reports()?,
            ledger: self.consent().verify_ledger()?,
            processing_versions: self.processing_versions()?,
            accounts: crate::accounts::listed(self)?,
            backups: self.backup_state()?,
        })
    }

    fn backup_state(&self) -> Result<BackupState> {
        let BackupSettings {
            folder,
            keep_daily,
            keep_monthly,
            erased_days,
        } = self.backups().settings()?;
        Ok(BackupState {
            folder_chosen: folder.is_some(),
            keep_daily,
            keep_monthly,
            erased_days,
            last: self.backups().last()?,
            copies: folder
                .and_then(|f| crate::backup::backups_of(&f, self.database_id()).ok())
                .map(|found| found.len()),
        })
    }
}
