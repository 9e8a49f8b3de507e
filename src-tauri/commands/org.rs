//! The organisation: its profile (settings) and the other organisations (schools).

use carnet_core::org::{Organisation, OrganisationInput, OrganisationProfile};
use carnet_core::Contexts;
use chrono::Utc;
use tauri::State;

use super::{with_register, Res};
use crate::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn organisations(state: State<'_, AppState>) -> Res<Vec<Organisation>> {
    with_register(&state, |r| r.org().organisations())
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_organisation(state: State<'_, AppState>, input: OrganisationInput) -> Res<i64> {
    with_register(&state, |r| r.org().add_organisation(&input, Utc::now()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn profile(state: State<'_, AppState>) -> Res<OrganisationProfile> {
    with_register(&state, |r| r.org().profile())
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_profile(state: State<'_, AppState>, profile: OrganisationProfile) -> Res<()> {
    with_register(&state, |r| r.org().update_profile(&profile, Utc::now()))
}
