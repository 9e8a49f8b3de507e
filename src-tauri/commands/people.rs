//! People: the list, search as you type, a person's page, adding and editing.

use carnet_core::people::{PersonInput, PersonPage, PersonSummary};
use carnet_core::Contexts;
use chrono::Utc;
use serde::Serialize;
use tauri::State;

use super::{local_today, with_register, Res};
use crate::AppState;

#[derive(Serialize)]
pub struct PeoplePage {
    total: i64,
    people: Vec<PersonSummary>,
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_people(state: State<'_, AppState>, offset: u32, limit: u32) -> Res<PeoplePage> {
    with_register(&state, |r| {
        Ok(PeoplePage {
            total: r.people().count()?,
            people: r.people().list(offset, limit)?,
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn search_people(
    state: State<'_, AppState>,
    query: String,
    limit: usize,
) -> Res<Vec<PersonSummary>> {
    with_register(&state, |r| r.people().search(&query, limit))
}

#[tauri::command(rename_all = "snake_case")]
pub fn person_page(state: State<'_, AppState>, id: i64) -> Res<PersonPage> {
    let today = local_today();
    with_register(&state, |r| r.people().page(id, today))
}

/// Adds a person (no id) or saves an edit.
#[tauri::command(rename_all = "snake_case")]
pub fn save_person(state: State<'_, AppState>, id: Option<i64>, input: PersonInput) -> Res<i64> {
    let now = Utc::now();
    with_register(&state, |r| match id {
        Some(id) => r.people().update(id, &input, now).map(|()| id),
        None => r.people().add(&input, now),
    })
}
