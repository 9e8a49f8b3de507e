//! Spreadsheets in and out: the import wizard's file, its check and the import itself
//! (off the main thread, with progress and cancel), and any list saved for Excel.

use carnet_core::Contexts;
use std::sync::atomic::Ordering;

use carnet_core::exchange::ExportList;
use carnet_core::exchange::{read_table_file, PeopleImport, PeopleImportReport};
use carnet_core::Error;
use chrono::Utc;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State, WebviewWindow};

use super::dialogs::{pick_import_file, save_file};
use super::{with_register, CommandError, Reply, Res};
use crate::AppState;

/// Asks for the spreadsheet to import (the open dialog) and remembers it; answers its
/// file name.
#[tauri::command(rename_all = "snake_case")]
pub async fn choose_import_file<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Res<Option<String>> {
    pick_import_file(&window, &state).await
}

/// The chosen file read with `how` (mapping, date order, decisions): what each line
/// would do. Nothing is written.
/// Reading and checking a large file takes seconds: off the main thread, so the window
/// stays alive.
#[tauri::command(rename_all = "snake_case")]
pub async fn check_people_import<R: Runtime>(
    app: AppHandle<R>,
    how: PeopleImport,
) -> Res<Reply<PeopleImportReport>> {
    super::blocking(app, move |state| {
        let path = super::dialogs::chosen_import_file(state)?;
        if state.is_client() {
            // On the office's service: the file goes with the check, read there.
            let file = super::dialogs::chosen_file(state, &path)?;
            return state.run(carnet_api::exchange::CheckPeopleImport { file, how });
        }
        let table = read_table_file(&path)?;
        let checked = with_register(state, |r| {
            r.exchange().check_people_import(&table, &how, Utc::now())
        })?;
        let report = checked.report.clone();
        // Kept for the import that follows: the file is not checked twice.
        *state.checked_people.lock().expect("check lock") =
            Some((path.clone(), file_stamp(&path), checked));
        Ok(Reply::Here(report))
    })
    .await
}

/// What tells a file changed since it was checked: its size and modification time.
fn file_stamp(path: &std::path::Path) -> Option<(u64, std::time::SystemTime)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// How far the running import is, pushed to the window as it goes.
#[derive(Clone, Serialize)]
pub struct ImportStep {
    done: usize,
    total: usize,
}

/// Imports the chosen file in one transaction, off the main thread; its progress is
/// pushed through `on_progress` and `cancel_import` stops it with nothing kept. The check the preview made
/// is written as it is when neither the file, the choices nor the register changed since;
/// otherwise the file is read and checked again.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_people<R: Runtime>(
    app: AppHandle<R>,
    how: PeopleImport,
    on_progress: tauri::ipc::Channel<ImportStep>,
) -> Res<Reply<PeopleImportReport>> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let path = super::dialogs::chosen_import_file(&state)?;
        if state.is_client() {
            // On the office's service: the file is sent, then imported there whole, in
            // one step (the bar shows the sending, then the end).
            let file = super::dialogs::chosen_file(&state, &path)?;
            let _ = on_progress.send(ImportStep { done: 0, total: 1 });
            let done = state.run(carnet_api::exchange::ImportPeople { file, how });
            let _ = on_progress.send(ImportStep { done: 1, total: 1 });
            return done;
        }
        let progress = state.import_progress.clone();
        let how = PeopleImport {
            dry_run: false,
            ..how
        };
        let mut report = |done: usize, total: usize| {
            // A window gone away does not stop the import: its result is still kept.
            let _ = on_progress.send(ImportStep { done, total });
            !progress.cancel.load(Ordering::Relaxed)
        };
        let kept = state
            .checked_people
            .lock()
            .expect("check lock")
            .take()
            .filter(|(p, stamp, c)| *p == path && *stamp == file_stamp(&path) && c.is_for(&how));
        if let Some((_, _, checked)) = kept {
            progress.start();
            match with_register(&state, |r| {
                r.exchange()
                    .import_checked_people(checked, Utc::now(), &mut report)
            }) {
                // The register changed since the check: the file is checked again.
                Err(e) if e.code == carnet_core::Code::Conflict.as_str() => {}
                done => return done.map(Reply::Here),
            }
        }
        let table = read_table_file(&path)?;
        progress.start();
        with_register(&state, |r| {
            r.exchange()
                .import_people(&table, &how, Utc::now(), &mut report)
        })
        .map(Reply::Here)
    })
    .await
    .map_err(|_| CommandError::from(Error::Io("the import was interrupted".into())))?
}

/// Stops the running import; its transaction is rolled back.
#[tauri::command(rename_all = "snake_case")]
pub fn cancel_import(state: State<'_, AppState>) {
    state.import_progress.cancel.store(true, Ordering::Relaxed);
}

/// A list saved as a spreadsheet for French Excel, optionally pseudonymised.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_list_csv<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    list: ExportList,
    scope: Option<i64>,
    pseudonymise: bool,
) -> Res<Option<String>> {
    let file = state.answer(carnet_api::exchange::ListCsvFile {
        list,
        scope,
        pseudonymise,
    })?;
    Ok(save_file(&window, &state, &file, ("CSV", &["csv"]))
        .await?
        .map(|p| p.display().to_string()))
}
