//! People: the list, search as you type, a person's page, adding and editing.

use carnet_api::people::{ListPeople, PeoplePage, PersonPage, SavePerson, SearchPeople};
use carnet_core::people::{PersonInput, PersonSummary};
use tauri::State;

use super::{Reply, Res};
use crate::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_people(state: State<'_, AppState>, offset: u32, limit: u32) -> Res<Reply<PeoplePage>> {
    state.run(ListPeople { offset, limit })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn search_people(
    state: State<'_, AppState>,
    query: String,
    limit: usize,
) -> Res<Reply<Vec<PersonSummary>>> {
    state.run(SearchPeople { query, limit })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn person_page(
    state: State<'_, AppState>,
    id: i64,
) -> Res<Reply<carnet_core::people::PersonPage>> {
    state.run(PersonPage { id })
}

/// Adds a person (no id) or saves an edit.
#[tauri::command(async, rename_all = "snake_case")]
pub fn save_person(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: PersonInput,
) -> Res<Reply<i64>> {
    state.run(SavePerson { id, input })
}
