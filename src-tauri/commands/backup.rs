//! Backups: the folder (a native dialog), the rotation, a backup now (off the main
//! thread), the day's backup taken on its own once the register is open, and a restore
//! from the first screen on a new PC (the backup checked and shown first).

use carnet_api::backup::{BackupStatus, BackupTaken};
use carnet_core::backup::{self, BackupInfo, BackupSettings, KeptCopy};
use carnet_core::Contexts;
use carnet_core::{Error, Field, Unlock};
use chrono::Utc;
use tauri::{AppHandle, Manager, Runtime, State, WebviewWindow};
use zeroize::Zeroizing;

use super::app::open_with;
use super::dialogs::{ask_folder, ask_open_path};
use super::{with_register, CommandError, Reply, Res};
use crate::AppState;
use carnet_api::backup::RestoreSummary;

#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_status(state: State<'_, AppState>) -> Res<Reply<BackupStatus>> {
    let mut status = state.run(carnet_api::backup::BackupStatusNow {})?;
    // On this PC, the day's automatic backup is the app's own: its failure is said here.
    if let Reply::Here(s) = &mut status {
        s.auto_error = state.auto_backup_error.lock().expect("backup lock").clone();
    }
    Ok(status)
}

/// The registers a restore set aside beside the app's register, for the first screen to
/// offer back when nothing stands at the path (a restore killed half-way).
#[tauri::command(rename_all = "snake_case")]
pub fn set_aside_registers(state: State<'_, AppState>) -> Res<Vec<KeptCopy>> {
    Ok(backup::copies_beside(&state.db_path())?
        .into_iter()
        .filter(|c| c.kind == backup::CopyKind::BeforeRestore)
        .collect())
}

/// Puts a register set aside back where the app keeps its register (only where nothing
/// stands, and only a copy the list above names).
#[tauri::command(rename_all = "snake_case")]
pub fn put_back_register(state: State<'_, AppState>, file: String) -> Res<()> {
    state.none_open()?;
    Ok(backup::put_back(
        &state.db_path(),
        std::path::Path::new(&file),
    )?)
}

/// Asks for the backup folder and keeps it in the settings.
#[tauri::command(rename_all = "snake_case")]
pub async fn choose_backup_folder<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Res<Option<String>> {
    let Some(folder) = ask_folder(&window).await else {
        return Ok(None);
    };
    with_register(&state, |r| {
        let settings = BackupSettings {
            folder: Some(folder.clone()),
            ..r.backups().settings()?
        };
        r.backups().set_settings(&settings, Utc::now())
    })?;
    Ok(Some(folder.display().to_string()))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_backup_rotation(
    state: State<'_, AppState>,
    keep_daily: u32,
    keep_monthly: u32,
    erased_days: u32,
) -> Res<Reply<()>> {
    state.run(carnet_api::backup::SetBackupRotation {
        keep_daily,
        keep_monthly,
        erased_days,
    })
}

fn take<R: Runtime>(app: &AppHandle<R>) -> Res<Reply<BackupTaken>> {
    let state = app.state::<AppState>();
    let taken = state.run(carnet_api::backup::BackupNow {});
    if !state.is_client() {
        *state.auto_backup_error.lock().expect("backup lock") =
            taken.as_ref().err().map(|e| e.code.clone());
    }
    taken
}

/// A backup now, into the folder of the settings (the service's, on a paired PC), off the
/// main thread.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_now<R: Runtime>(app: AppHandle<R>) -> Res<Reply<BackupTaken>> {
    tauri::async_runtime::spawn_blocking(move || take(&app))
        .await
        .map_err(|_| CommandError::from(Error::Io("the backup was interrupted".into())))?
}

/// Once the register is open: the day's backup, when one is due (a failure is kept for
/// the settings and the dashboard to show).
pub(crate) fn spawn_due_backup<R: Runtime>(app: AppHandle<R>) {
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let due = with_register(&state, |r| r.backups().due(Utc::now())).unwrap_or(false);
        if due {
            let _ = take(&app);
        }
    });
}

/// Asks for a backup to restore and remembers it; answers its file name.
#[tauri::command(rename_all = "snake_case")]
pub async fn choose_backup_file<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Res<Option<String>> {
    let Some(path) = ask_open_path(&window, ("Carnet", &[backup::EXTENSION])).await else {
        return Ok(None);
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    *state.backup_file.lock().expect("backup lock") = Some(path);
    Ok(Some(name))
}

fn chosen(state: &AppState) -> Res<std::path::PathBuf> {
    Ok(state
        .backup_file
        .lock()
        .expect("backup lock")
        .clone()
        .ok_or(Error::invalid(
            Field::BackupFolder,
            "choose the backup first",
        ))?)
}

/// What the chosen backup holds, opened with the recovery key (checked whole).
#[tauri::command(rename_all = "snake_case")]
pub async fn inspect_backup<R: Runtime>(
    app: AppHandle<R>,
    recovery_key: Zeroizing<String>,
) -> Res<BackupInfo> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let file = chosen(&state)?;
        Ok(backup::inspect_backup(
            &file,
            Unlock::RecoveryKey(&recovery_key),
        )?)
    })
    .await
    .map_err(|_| CommandError::from(Error::Io("interrupted".into())))?
}

/// Restores the chosen backup where the app keeps its register (the one there is set
/// aside), opens it, and keeps its key in this computer's keyring when there is one. On a
/// PC paired with the office's service, `file` names one of the service's backups: the
/// service restores it (the person in charge's), every session there ends, and this PC
/// goes back to signing in.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    recovery_key: Zeroizing<String>,
    staff: String,
    allow: Option<backup::RestoreAllow>,
    file: Option<String>,
) -> Res<Reply<RestoreSummary>> {
    let state = app.state::<AppState>();
    if state.is_client() {
        let file = file.ok_or(Error::invalid(
            Field::BackupFolder,
            "choose one of the service's backups",
        ))?;
        let done = super::blocking(app.clone(), move |state| {
            state.run(carnet_api::backup::RestoreAtService {
                file,
                recovery_key: recovery_key.as_str().to_owned(),
                allow,
            })
        })
        .await;
        // Every session at the service ended with the restore (made now, or by the first
        // try of a retried call): this PC's too.
        if done.is_ok() || done.as_ref().is_err_and(|e| e.code == "already_applied") {
            state.lock();
        }
        return done;
    }
    state.none_open()?;
    let file = chosen(&state)?;
    open_with(app, move |state| {
        *state.staff.lock().expect("staff lock") = staff;
        let mut done = backup::restore_with(
            &file,
            &state.db_path(),
            Unlock::RecoveryKey(&recovery_key),
            Utc::now(),
            allow.unwrap_or_default(),
        )?;
        let in_keyring = state.vault.is_available()
            && done
                .register
                .remember_in_keyring(&state.vault, Utc::now())
                .is_ok();
        let summary = RestoreSummary::of(&done, in_keyring, |p| p.display().to_string());
        Ok((done.register, Reply::Here(summary)))
    })
    .await
}
