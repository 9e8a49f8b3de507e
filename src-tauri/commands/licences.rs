//! Licences: the list (the soonest to end first), recording, renewing, and the
//! reminder letter to the contact.

use carnet_core::licences::{Licence, LicenceInput, LicenceSummary, TermInput};
use carnet_core::model::Language;
use carnet_core::Contexts;
use chrono::Utc;
use serde::Serialize;
use tauri::{Runtime, State, WebviewWindow};

use super::dialogs::save;
use super::{local_today, with_register, Res};
use crate::AppState;

#[derive(Serialize)]
pub struct LicenceList {
    licences: Vec<Licence>,
    summary: LicenceSummary,
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_licences(state: State<'_, AppState>) -> Res<LicenceList> {
    let now = Utc::now();
    with_register(&state, |r| {
        Ok(LicenceList {
            licences: r.licences().all(now)?,
            summary: r.licences().summary(now)?,
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_licence(state: State<'_, AppState>, input: LicenceInput) -> Res<i64> {
    with_register(&state, |r| r.licences().add(&input, Utc::now()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn renew_licence(state: State<'_, AppState>, id: i64, term: TermInput) -> Res<Licence> {
    let now = Utc::now();
    with_register(&state, |r| {
        r.licences().renew(id, &term, now)?;
        r.licences().get(id, now)
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_licence_reminder<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    id: i64,
    language: Option<Language>,
) -> Res<Option<String>> {
    let (pdf, code) = with_register(&state, |r| {
        let profile = r.org().profile()?;
        let l = r.licences().get(id, Utc::now())?;
        let doc = carnet_docs::licence_reminder(
            &l,
            &profile,
            language.unwrap_or(profile.language),
            local_today(),
        );
        Ok((carnet_docs::render(&doc)?, l.code))
    })?;
    let name = format!("rappel-licence-{code}.pdf");
    Ok(save(&window, &state, &name, ("PDF", &["pdf"]), &pdf)
        .await?
        .map(|p| p.display().to_string()))
}
