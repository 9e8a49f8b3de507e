//! The organisation: its profile (settings) and the other organisations (schools).

use carnet_api::org;
use carnet_core::org::{Organisation, OrganisationInput, OrganisationProfile};
use tauri::State;

use super::{Reply, Res};
use crate::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn organisations(state: State<'_, AppState>) -> Res<Reply<Vec<Organisation>>> {
    state.run(org::Organisations {})
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_organisation(state: State<'_, AppState>, input: OrganisationInput) -> Res<Reply<i64>> {
    state.run(org::AddOrganisation { input })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn profile(state: State<'_, AppState>) -> Res<Reply<OrganisationProfile>> {
    state.run(org::Profile {})
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_profile(state: State<'_, AppState>, profile: OrganisationProfile) -> Res<Reply<()>> {
    state.run(org::UpdateProfile { profile })
}
