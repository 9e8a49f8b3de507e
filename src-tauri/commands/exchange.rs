//! Spreadsheets in and out: the import wizard's file, its check and the import itself
//! (off the main thread, with progress and cancel), and any list saved for Excel.

use std::sync::atomic::Ordering;

use carnet_core::exchange::{read_table_file, PeopleImport, PeopleImportReport, Table};
use carnet_core::model::ExportList;
use carnet_core::Error;
use chrono::Utc;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State, WebviewWindow};

use super::dialogs::{pick_import_file, save};
use super::{with_register, CommandError, Res};
use crate::AppState;

/// Asks for the spreadsheet to import (the open dialog) and remembers it; answers its
/// file name.
#[tauri::command]
pub async fn choose_import_file<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Res<Option<String>> {
    pick_import_file(&window, &state).await
}

fn chosen_table(state: &AppState) -> Res<Table> {
    Ok(read_table_file(&super::dialogs::chosen_import_file(
        state,
    )?)?)
}

/// The chosen file read with `how` (mapping, date order, decisions): what each line
/// would do. Nothing is written.
/// Reading and checking a large file takes seconds: off the main thread, so the window
/// stays alive.
#[tauri::command]
pub async fn check_people_import<R: Runtime>(
    app: AppHandle<R>,
    how: PeopleImport,
) -> Res<PeopleImportReport> {
    super::blocking(app, move |state| {
        let table = chosen_table(state)?;
        let how = PeopleImport {
            dry_run: true,
            ..how
        };
        with_register(state, |r| {
            r.import_people(&table, &how, Utc::now(), &mut |_, _| true)
        })
    })
    .await
}

/// Imports the chosen file in one transaction, off the main thread; `import_progress`
/// follows it and `cancel_import` stops it with nothing kept.
#[tauri::command]
pub async fn import_people<R: Runtime>(
    app: AppHandle<R>,
    how: PeopleImport,
) -> Res<PeopleImportReport> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let table = chosen_table(&state)?;
        let progress = state.import_progress.clone();
        progress.start(table.len());
        let how = PeopleImport {
            dry_run: false,
            ..how
        };
        let result = with_register(&state, |r| {
            r.import_people(&table, &how, Utc::now(), &mut |done, total| {
                progress.done.store(done, Ordering::Relaxed);
                progress.total.store(total, Ordering::Relaxed);
                !progress.cancel.load(Ordering::Relaxed)
            })
        });
        progress.running.store(false, Ordering::Relaxed);
        result
    })
    .await
    .map_err(|_| CommandError::from(Error::Io("the import was interrupted".into())))?
}

#[derive(Serialize)]
pub struct ImportProgress {
    running: bool,
    done: usize,
    total: usize,
}

/// Where the running import is (read without the register's lock).
#[tauri::command]
pub fn import_progress(state: State<'_, AppState>) -> ImportProgress {
    let p = &state.import_progress;
    ImportProgress {
        running: p.running.load(Ordering::Relaxed),
        done: p.done.load(Ordering::Relaxed),
        total: p.total.load(Ordering::Relaxed),
    }
}

/// Stops the running import; its transaction is rolled back.
#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.import_progress.cancel.store(true, Ordering::Relaxed);
}

/// A list saved as a spreadsheet for French Excel, optionally pseudonymised.
#[tauri::command]
pub async fn save_list_csv<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    list: ExportList,
    scope: Option<i64>,
    pseudonymise: bool,
) -> Res<Option<String>> {
    let export = with_register(&state, |r| {
        r.export_list(list, scope, pseudonymise, Utc::now())
    })?;
    Ok(save(
        &window,
        &state,
        &export.file_name,
        ("CSV", &["csv"]),
        &export.bytes,
    )
    .await?
    .map(|p| p.display().to_string()))
}
