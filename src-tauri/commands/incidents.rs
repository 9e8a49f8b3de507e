//! The confidentiality-incident register: list, record, update, print.

use carnet_core::incidents::{Incident, IncidentInput};
use carnet_core::model::Language;
use carnet_core::Contexts;
use chrono::Utc;
use tauri::{Runtime, State, WebviewWindow};

use super::dialogs::save;
use super::{local_today, with_register, Res};
use crate::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn list_incidents(state: State<'_, AppState>) -> Res<Vec<Incident>> {
    with_register(&state, |r| r.incidents().all(Utc::now()))
}

/// Records an incident (no id) or saves what the investigation adds.
#[tauri::command(rename_all = "snake_case")]
pub fn save_incident(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: IncidentInput,
) -> Res<Incident> {
    let now = Utc::now();
    with_register(&state, |r| {
        let id = match id {
            Some(id) => r.incidents().update(id, &input, now).map(|()| id)?,
            None => r.incidents().add(&input, now)?,
        };
        r.incidents().get(id, now)
    })
}

/// One incident (or the whole register when `id` is none) as a PDF.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_incident_report<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    id: Option<i64>,
    language: Option<Language>,
) -> Res<Option<String>> {
    let now = Utc::now();
    let (pdf, lang) = with_register(&state, |r| {
        let profile = r.org().profile()?;
        let lang = language.unwrap_or(profile.language);
        let doc = match id {
            Some(id) => carnet_docs::incident_report(&r.incidents().get(id, now)?, &profile, lang),
            None => carnet_docs::incident_register(&r.incidents().all(now)?, &profile, lang),
        };
        Ok((carnet_docs::render(&doc)?, lang))
    })?;
    let name = match (id, lang) {
        (Some(id), Language::Fr) => format!("incident-{id}.pdf"),
        (Some(id), Language::En) => format!("incident-{id}.pdf"),
        (None, Language::Fr) => format!("registre-des-incidents-{}.pdf", local_today()),
        (None, Language::En) => format!("incident-register-{}.pdf", local_today()),
    };
    Ok(save(&window, &state, &name, ("PDF", &["pdf"]), &pdf)
        .await?
        .map(|p| p.display().to_string()))
}
