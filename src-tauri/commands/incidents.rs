//! The confidentiality-incident register: list, record, update, print.

use carnet_api::incidents as api;
use carnet_core::incidents::{Incident, IncidentInput};
use carnet_core::model::Language;
use tauri::{Runtime, State, WebviewWindow};

use super::dialogs::save_file;
use super::{Reply, Res};
use crate::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_incidents(state: State<'_, AppState>) -> Res<Reply<Vec<Incident>>> {
    state.run(api::ListIncidents {})
}

/// Records an incident (no id) or saves what the investigation adds.
#[tauri::command(async, rename_all = "snake_case")]
pub fn save_incident(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: IncidentInput,
) -> Res<Reply<Incident>> {
    state.run(api::SaveIncident { id, input })
}

/// One incident (or the whole register when `id` is none) as a PDF.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_incident_report<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    id: Option<i64>,
    language: Option<Language>,
) -> Res<Option<String>> {
    let file = state.answer(api::IncidentReportFile { id, language })?;
    Ok(save_file(&window, &state, &file, ("PDF", &["pdf"]))
        .await?
        .map(|p| p.display().to_string()))
}
