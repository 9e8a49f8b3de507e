//! Licences: the list (the soonest to end first), recording, renewing, and the
//! reminder letter to the contact.

use carnet_api::licences::{self as api, LicenceList};
use carnet_core::licences::{Licence, LicenceInput, TermInput};
use carnet_core::model::Language;
use tauri::{Runtime, State, WebviewWindow};

use super::dialogs::save_file;
use super::{Reply, Res};
use crate::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_licences(state: State<'_, AppState>) -> Res<Reply<LicenceList>> {
    state.run(api::ListLicences {})
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_licence(state: State<'_, AppState>, input: LicenceInput) -> Res<Reply<i64>> {
    state.run(api::AddLicence { input })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn renew_licence(state: State<'_, AppState>, id: i64, term: TermInput) -> Res<Reply<Licence>> {
    state.run(api::RenewLicence { id, term })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_licence_reminder<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    id: i64,
    language: Option<Language>,
) -> Res<Option<String>> {
    let file = state.answer(api::LicenceReminderFile { id, language })?;
    Ok(save_file(&window, &state, &file, ("PDF", &["pdf"]))
        .await?
        .map(|p| p.display().to_string()))
}
