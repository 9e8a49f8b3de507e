//! The register itself: first run, unlocking, who is at the desk, the vocabularies the
//! screens offer, the recovery-key sheet, opening a saved file to print it.

use std::path::PathBuf;

use carnet_core::model::Language;
use carnet_core::org::OrganisationProfile;
use carnet_core::requests::{RequestCounts, DUE_SOON_DAYS};
use carnet_core::secret::KdfParams;
use carnet_core::{Error, Protection, Register, Unlock, Vocabularies};
use chrono::Utc;
use serde::Serialize;
use tauri::{Runtime, State, WebviewWindow};
use zeroize::Zeroizing;

use super::dialogs::save;
use super::{local_today, with_register, CommandError, Res};
use crate::AppState;

fn install(state: &AppState, mut reg: Register) {
    reg.set_staff(&state.staff.lock().expect("staff lock"));
    *state.register.lock().expect("register lock") = Some(reg);
}

#[derive(Serialize)]
pub struct Status {
    /// `setup` (no register yet), `locked`, or `open`.
    phase: &'static str,
    keyring_available: bool,
    unlock_keyring: bool,
    unlock_passphrase: bool,
    profile: Option<OrganisationProfile>,
    staff: String,
    db_path: String,
    /// Open requests, due within a week, overdue (for the navigation's warning).
    requests: Option<RequestCounts>,
}

#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> Res<Status> {
    let (open, requests) = match state.register.lock().expect("register lock").as_ref() {
        Some(r) => (
            Some(r.profile()?),
            Some(r.request_counts(local_today(), DUE_SOON_DAYS)?),
        ),
        None => (None, None),
    };
    let exists = state.db_path.exists();
    let (kr, pp) = if exists {
        Register::unlock_methods(&state.db_path)?
    } else {
        (false, false)
    };
    Ok(Status {
        phase: if open.is_some() {
            "open"
        } else if exists {
            "locked"
        } else {
            "setup"
        },
        keyring_available: state.vault.is_available(),
        unlock_keyring: kr,
        unlock_passphrase: pp,
        profile: open,
        staff: state.staff.lock().expect("staff lock").clone(),
        db_path: state.db_path.display().to_string(),
        requests,
    })
}

#[derive(Serialize)]
pub struct CreatedView {
    recovery_key: Zeroizing<String>,
}

/// First run: creates the register; the key goes to the keyring unless a passphrase is given.
#[tauri::command]
pub fn create_register(
    state: State<'_, AppState>,
    profile: OrganisationProfile,
    passphrase: Option<Zeroizing<String>>,
    staff: String,
) -> Res<CreatedView> {
    *state.staff.lock().expect("staff lock") = staff;
    let protection = match passphrase.as_deref() {
        Some(p) => Protection::Passphrase {
            passphrase: p,
            params: KdfParams::DEFAULT,
        },
        None => Protection::Keyring(&state.vault),
    };
    let created = Register::create(&state.db_path, protection, &profile, Utc::now())?;
    let recovery_key = Zeroizing::new(created.recovery_key.expose().to_owned());
    install(&state, created.register);
    Ok(CreatedView { recovery_key })
}

#[tauri::command]
pub fn unlock_keyring(state: State<'_, AppState>) -> Res<()> {
    let reg = Register::open(&state.db_path, Unlock::Keyring(&state.vault))?;
    install(&state, reg);
    Ok(())
}

#[tauri::command]
pub fn unlock_passphrase(state: State<'_, AppState>, passphrase: Zeroizing<String>) -> Res<()> {
    let reg = Register::open(&state.db_path, Unlock::Passphrase(&passphrase))?;
    install(&state, reg);
    Ok(())
}

/// Opens with the recovery key; `remember` puts the key back in this PC's keyring.
#[tauri::command]
pub fn unlock_recovery(
    state: State<'_, AppState>,
    recovery_key: Zeroizing<String>,
    remember: bool,
) -> Res<()> {
    let mut reg = Register::open(&state.db_path, Unlock::RecoveryKey(&recovery_key))?;
    if remember {
        reg.remember_in_keyring(&state.vault, Utc::now())?;
    }
    install(&state, reg);
    Ok(())
}

#[tauri::command]
pub fn set_staff(state: State<'_, AppState>, name: String) -> Res<()> {
    if let Some(reg) = state.register.lock().expect("register lock").as_mut() {
        reg.set_staff(&name);
    }
    *state.staff.lock().expect("staff lock") = name;
    Ok(())
}

/// Every closed list the screens offer, and each jurisdiction's defaults.
#[tauri::command]
pub fn vocabularies() -> Vocabularies {
    Vocabularies::get()
}

/// Renders the recovery-key sheet as a PDF on the organisation's paper and saves it where
/// the user chooses. Returns the path, or `None` when the dialog is cancelled.
#[tauri::command]
pub async fn save_recovery_sheet<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    recovery_key: zeroize::Zeroizing<String>,
    language: Language,
) -> Res<Option<String>> {
    let profile = with_register(&state, |r| r.profile())?;
    let doc = carnet_docs::recovery_sheet(
        &profile.name,
        &recovery_key,
        local_today(),
        profile.paper,
        language,
    );
    let pdf = carnet_docs::render(&doc)?;
    let name = match language {
        Language::Fr => "carnet-cle-de-secours.pdf",
        Language::En => "carnet-recovery-key.pdf",
    };
    Ok(save(&window, &state, name, ("PDF", &["pdf"]), &pdf)
        .await?
        .map(|p| p.display().to_string()))
}

/// Opens a file saved in this session in the system's viewer (to print a PDF).
#[tauri::command]
pub fn open_saved(state: State<'_, AppState>, path: String) -> Res<()> {
    let path = PathBuf::from(path);
    if !state.saved.lock().expect("saved lock").contains(&path) {
        return Err(Error::NotFound {
            entity: "file saved in this session",
        }
        .into());
    }
    if std::env::var_os("CARNET_E2E_SAVE_DIR").is_some() {
        return Ok(()); // tests: no viewer window
    }
    opener::open(&path)
        .map_err(|_| CommandError::from(Error::Io("the system viewer could not be started".into())))
}
