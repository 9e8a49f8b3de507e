//! The office's register service, as a paired PC sees it: the paired devices (and
//! revoking one, a stolen laptop), and the code that pairs another PC — both for the
//! person in charge, checked at the service.

use carnet_api::service as api;
use carnet_core::service::Device;
use tauri::State;

use super::{Reply, Res};
use crate::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn service_devices(state: State<'_, AppState>) -> Res<Reply<Vec<Device>>> {
    state.run(api::Devices {})
}

/// Revokes a paired PC: its sessions end at its next call.
#[tauri::command(async, rename_all = "snake_case")]
pub fn revoke_device(state: State<'_, AppState>, id: i64) -> Res<Reply<()>> {
    state.run(api::RevokeDevice { id })
}

/// The code the service shows now, to pair another PC.
#[tauri::command(async, rename_all = "snake_case")]
pub fn pairing_code(state: State<'_, AppState>) -> Res<Reply<String>> {
    state.run(api::PairingCode {})
}
