//! The register itself: first run, unlocking, who is at the desk, the vocabularies the
//! screens offer, the recovery-key sheet, opening a saved file to print it.

use carnet_core::Contexts;
use std::path::PathBuf;

use carnet_core::accounts::{AccountChoice, Permission, Session};
use carnet_core::model::Language;
use carnet_core::org::OrganisationProfile;
use carnet_core::requests::{RequestCounts, DUE_SOON_DAYS};
use carnet_core::secret::KdfParams;
use carnet_core::{
    Error, ErrorBody, Field, Protection, Register, Unlock, UnlockMethods, Vocabularies,
};
use chrono::Utc;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State, WebviewWindow};
use zeroize::Zeroizing;

use super::dialogs::{ask_open_path, save};
use super::{local_today, with_register, CommandError, Res};
use crate::AppState;

fn install(state: &AppState, mut reg: Register) {
    reg.set_staff(&state.staff.lock().expect("staff lock"));
    *state.register.lock().expect("register lock") = Some(reg);
    // The idle delay counts from the unlock.
    state.idle.touch();
}

#[derive(Serialize)]
pub struct Status {
    /// `setup` (no register at `db_path`: create one there or open another), `locked`,
    /// or `open`.
    phase: &'static str,
    keyring_available: bool,
    unlock_keyring: bool,
    unlock_passphrase: bool,
    /// The key file beside the register is damaged or another register's: only the
    /// recovery key opens it.
    key_file_damaged: bool,
    /// The recovery key has not been confirmed as put away: the recovery screen comes first.
    recovery_unconfirmed: bool,
    profile: Option<OrganisationProfile>,
    staff: String,
    db_path: String,
    /// The register's organisation, as its key file names it (empty: unknown), and the
    /// register file's name alone: the unlock screen says whose register it opens.
    register_name: String,
    register_file: String,
    /// Open requests, due within a week, overdue (for the navigation's warning).
    requests: Option<RequestCounts>,
    /// This build's version, shown in the settings.
    version: &'static str,
    /// The staff accounts the unlock screen offers (none: the register has no accounts).
    accounts: Vec<AccountChoice>,
    /// Who is signed in and what they may do, once open.
    session: Option<Session>,
    /// The office's register service this PC works on (its address), when paired: the
    /// phase is then `service` until a colleague signs in there, then `open`.
    service: Option<String>,
    /// This PC's number among the service's paired devices.
    service_device: Option<i64>,
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn app_status(state: State<'_, AppState>) -> Res<Status> {
    let service = state
        .remote
        .lock()
        .expect("remote lock")
        .as_ref()
        .map(|r| (r.pairing.clone(), r.session().is_some()));
    if let Some((pairing, signed_in)) = service {
        return service_status(&state, pairing, signed_in);
    }
    let (open, requests, recovery_unconfirmed, session) =
        match state.register.lock().expect("register lock").as_ref() {
            Some(r) => (
                Some(r.org().profile()?),
                Some(r.requests().counts(local_today(), DUE_SOON_DAYS)?),
                r.recovery_unconfirmed(),
                Some(r.session()),
            ),
            None => (None, None, false, None),
        };
    let path = state.db_path();
    let exists = path.exists();
    let methods = if exists {
        Register::unlock_methods(&path)?
    } else {
        UnlockMethods {
            keyring: false,
            passphrase: false,
            key_file_damaged: false,
        }
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
        unlock_keyring: methods.keyring,
        unlock_passphrase: methods.passphrase,
        key_file_damaged: methods.key_file_damaged,
        recovery_unconfirmed,
        profile: open,
        staff: state.staff.lock().expect("staff lock").clone(),
        db_path: path.display().to_string(),
        register_name: if exists {
            carnet_core::register::organisation_beside(&path)
        } else {
            String::new()
        },
        register_file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        requests,
        version: env!("CARGO_PKG_VERSION"),
        accounts: if exists {
            carnet_core::accounts::account_choices(&path)?
        } else {
            Vec::new()
        },
        session,
        service: None,
        service_device: None,
    })
}

/// The status of a PC that works on the office's service: signed in (`open`, with what
/// the service says of the register) or not yet (`service`).
fn service_status(
    state: &AppState,
    pairing: carnet_server::client::Pairing,
    signed_in: bool,
) -> Res<Status> {
    let home = match signed_in {
        true => Some(state.answer(carnet_api::org::HomeStatus {})?),
        false => None,
    };
    let (profile, requests, session) = match home {
        Some(h) => (Some(h.profile), Some(h.requests), Some(h.session)),
        None => (None, None, None),
    };
    Ok(Status {
        phase: if signed_in { "open" } else { "service" },
        // At the service, passphrases are checked there: this PC's keyring opens nothing.
        keyring_available: false,
        unlock_keyring: false,
        unlock_passphrase: false,
        key_file_damaged: false,
        recovery_unconfirmed: false,
        profile,
        staff: session
            .as_ref()
            .and_then(|s| s.account.as_ref())
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        db_path: String::new(),
        register_name: String::new(),
        register_file: String::new(),
        requests,
        version: env!("CARGO_PKG_VERSION"),
        accounts: Vec::new(),
        session,
        service: Some(pairing.address),
        service_device: Some(pairing.device_id),
    })
}

/// Pairs this PC with the office's register service: its address and the code it shows
/// (on its console and on the person in charge's screen). The pairing is kept in this
/// PC's settings; every screen then works on the service's register.
#[tauri::command(rename_all = "snake_case")]
pub async fn pair_service<R: Runtime>(
    app: AppHandle<R>,
    address: String,
    code: String,
    device_name: String,
) -> Res<()> {
    super::blocking(app, move |state| {
        state.none_open()?;
        let address = address.trim();
        if address.is_empty() || address.len() > 200 {
            return Err(
                Error::invalid(Field::Address, "is the service's address, as host:port").into(),
            );
        }
        let name = match device_name.trim() {
            "" => "PC",
            n => n,
        };
        let pairing = carnet_server::client::pair(address, code.trim(), name)?;
        let file = state.pairing_file().to_owned();
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(Error::from)?;
        }
        pairing.save(&file).map_err(Error::from)?;
        *state.remote.lock().expect("remote lock") =
            Some(crate::remote::Remote::new(pairing, file));
        Ok(())
    })
    .await
}

/// Signs a colleague in at the service (the passphrase is checked there, where the key
/// lives; it opens nothing on this PC).
#[tauri::command(rename_all = "snake_case")]
pub async fn sign_in_service<R: Runtime>(
    app: AppHandle<R>,
    account: String,
    passphrase: Zeroizing<String>,
) -> Res<()> {
    super::blocking(app, move |state| {
        let mut remote = state.remote.lock().expect("remote lock");
        let Some(remote) = remote.as_mut() else {
            return Err(Error::Conflict("this PC is not paired with a service").into());
        };
        remote.sign_in(account.trim(), &passphrase)?;
        state.idle.touch();
        Ok(())
    })
    .await
}

/// Forgets this PC's pairing: it works on its own register again (the service keeps the
/// device listed until the person in charge revokes it).
#[tauri::command(rename_all = "snake_case")]
pub fn forget_service(state: State<'_, AppState>) -> Res<()> {
    let mut remote = state.remote.lock().expect("remote lock");
    if let Some(r) = remote.as_mut() {
        r.sign_out();
        match std::fs::remove_file(&r.file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::from(e).into()),
        }
    }
    *remote = None;
    Ok(())
}

/// First run: creates the register; the key goes to the keyring unless a passphrase is
/// given. `at` is the location the office was shown and answered "create here" to: a
/// register is never created anywhere else, nor without that answer.
#[tauri::command(rename_all = "snake_case")]
pub async fn create_register<R: Runtime>(
    app: AppHandle<R>,
    profile: OrganisationProfile,
    passphrase: Option<Zeroizing<String>>,
    staff: String,
    at: Option<String>,
) -> Res<()> {
    open_with(app, move |state| {
        let path = state.db_path();
        if at.as_deref() != Some(&path.display().to_string()) {
            return Err(Error::invalid(
                Field::RegisterLocation,
                "confirm where the new register is created",
            ));
        }
        *state.staff.lock().expect("staff lock") = staff;
        let protection = match passphrase.as_deref() {
            Some(p) => Protection::Passphrase {
                passphrase: p,
                params: KdfParams::DEFAULT,
            },
            None => Protection::Keyring(&state.vault),
        };
        let created = Register::create(&path, protection, &profile, Utc::now())?;
        Ok((created.register, ()))
    })
    .await
}

/// "Open an existing register…": the office picks the file in a native dialog; Carnet
/// then uses it (and remembers it for the next start). Returns the path, or `None` when
/// the dialog is cancelled. Nothing is created.
#[tauri::command(rename_all = "snake_case")]
pub async fn choose_register<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Res<Option<String>> {
    state.none_open()?; // before the dialog: a choice that would be refused is not asked
    if state.is_client() {
        return Err(super::not_at_the_service());
    }
    let Some(path) = ask_open_path(&window, ("Carnet", &["db"])).await else {
        return Ok(None);
    };
    if !path.is_file() {
        return Err(Error::DatabaseNotFound.into());
    }
    state.use_register_at(path.clone())?;
    Ok(Some(path.display().to_string()))
}

/// Opens (or creates) the register off the main thread (Argon2id takes a second; the
/// window stays responsive), then installs it.
pub(crate) async fn open_with<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    open: impl FnOnce(&AppState) -> carnet_core::Result<(Register, T)> + Send + 'static,
) -> Res<T> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        // A paired PC opens, creates and restores no register of its own: it works on the
        // service's (forget the pairing first to keep one here).
        if state.is_client() {
            return Err(super::not_at_the_service());
        }
        let (reg, value) = open(&state)?;
        install(&state, reg);
        // The day's backup, when one is due, once the register is open.
        super::backup::spawn_due_backup(app.clone());
        Ok(value)
    })
    .await
    .map_err(|_| CommandError::from(Error::Io("the unlock was interrupted".into())))?
}

#[tauri::command(rename_all = "snake_case")]
pub async fn unlock_keyring<R: Runtime>(app: AppHandle<R>) -> Res<()> {
    open_with(app, |state| {
        Ok((
            Register::open(&state.db_path(), Unlock::Keyring(&state.vault))?,
            (),
        ))
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn unlock_passphrase<R: Runtime>(
    app: AppHandle<R>,
    passphrase: Zeroizing<String>,
) -> Res<()> {
    open_with(app, move |state| {
        Ok((
            Register::open(&state.db_path(), Unlock::Passphrase(&passphrase))?,
            (),
        ))
    })
    .await
}

/// What a recovery-key unlock has to tell besides "open".
#[derive(Serialize)]
pub struct Recovered {
    /// Where the damaged or foreign key file was set aside (a new one was written).
    key_file_set_aside: Option<String>,
    /// Why the keyring did not take the key, when `remember` was asked and it failed:
    /// the register is open all the same.
    keyring_error: Option<ErrorBody>,
}

/// Opens with the recovery key; `remember` puts the key back in this PC's keyring.
#[tauri::command(rename_all = "snake_case")]
pub async fn unlock_recovery<R: Runtime>(
    app: AppHandle<R>,
    recovery_key: Zeroizing<String>,
    remember: bool,
) -> Res<Recovered> {
    open_with(app, move |state| {
        let mut reg = Register::open(&state.db_path(), Unlock::RecoveryKey(&recovery_key))?;
        let keyring_error = if remember {
            reg.remember_in_keyring(&state.vault, Utc::now())
                .err()
                .map(|e| ErrorBody::from(&e))
        } else {
            None
        };
        let recovered = Recovered {
            key_file_set_aside: reg.key_file_set_aside().map(|p| p.display().to_string()),
            keyring_error,
        };
        Ok((reg, recovered))
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_staff(state: State<'_, AppState>, name: String) -> Res<()> {
    if let Some(reg) = state.register.lock().expect("register lock").as_mut() {
        reg.set_staff(&name);
    }
    *state.staff.lock().expect("staff lock") = name;
    Ok(())
}

/// How strong a passphrase being typed is (the forms' meter); the office's name counts as
/// guessable once a register is open. The same judge refuses a weak one when it is saved.
#[tauri::command(rename_all = "snake_case")]
pub fn passphrase_strength(
    state: State<'_, AppState>,
    passphrase: Zeroizing<String>,
) -> carnet_core::secret::Strength {
    carnet_core::secret::passphrase_strength(&passphrase, &[&office_name(&state)])
}

/// A passphrase of everyday words in `language` that the strength check accepts (the
/// forms' "suggest one"), for a secretary to write down and remember.
#[tauri::command(rename_all = "snake_case")]
pub fn suggest_passphrase(
    state: State<'_, AppState>,
    language: Language,
) -> Res<Zeroizing<String>> {
    let org = office_name(&state);
    Ok(Zeroizing::new(carnet_core::phrase::suggest(
        language,
        &[&org],
    )?))
}

fn office_name(state: &AppState) -> String {
    state
        .register
        .lock()
        .expect("register lock")
        .as_ref()
        .and_then(|r| r.org().profile().ok())
        .map(|p| p.name)
        .unwrap_or_default()
}

/// Every closed list the screens offer, and each jurisdiction's defaults.
#[tauri::command(rename_all = "snake_case")]
pub fn vocabularies() -> Vocabularies {
    Vocabularies::get()
}

/// The recovery key, rebuilt from the open register's key, while the office has not yet
/// confirmed it is put away (after that, it is never shown again).
#[tauri::command(rename_all = "snake_case")]
pub fn recovery_key(state: State<'_, AppState>) -> Res<Zeroizing<String>> {
    with_register(&state, |r| {
        Ok(Zeroizing::new(r.recovery_key()?.expose().to_owned()))
    })
}

/// The office says the recovery key is printed (or saved off this computer).
#[tauri::command(rename_all = "snake_case")]
pub fn confirm_recovery_key(state: State<'_, AppState>) -> Res<()> {
    with_register(&state, |r| r.confirm_recovery_key(Utc::now()))
}

/// The recovery-key sheet of `key` on the organisation's paper, dated the office's day.
fn sheet_pdf(
    profile: &OrganisationProfile,
    key: &carnet_core::secret::RecoveryKey,
    language: Language,
) -> carnet_core::Result<Vec<u8>> {
    carnet_docs::render(&carnet_docs::recovery_sheet(
        &profile.name,
        key.expose(),
        local_today(),
        profile.paper,
        language,
    ))
}

/// Renders the recovery-key sheet as a PDF on the organisation's paper and saves it where
/// the user chooses. The key is rebuilt here from the open register, never taken from the
/// webview. Returns the path, or `None` when the dialog is cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_recovery_sheet<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    language: Language,
) -> Res<Option<String>> {
    let (profile, key) = with_register(&state, |r| Ok((r.org().profile()?, r.recovery_key()?)))?;
    let pdf = sheet_pdf(&profile, &key, language)?;
    let name = match language {
        Language::Fr => "carnet-cle-de-secours.pdf",
        Language::En => "carnet-recovery-key.pdf",
    };
    Ok(save(&window, &state, name, ("PDF", &["pdf"]), &pdf)
        .await?
        .map(|p| p.display().to_string()))
}

/// Prints the window as it stands (the recovery screen prints as a sheet, through its
/// print style). Asked of the webview from Rust: `window.print()` in the page does
/// nothing in some webviews (macOS).
#[tauri::command(rename_all = "snake_case")]
pub fn print_page<R: Runtime>(window: WebviewWindow<R>) -> Res<()> {
    window
        .print()
        .map_err(|_| CommandError::from(Error::Io("the print dialog could not be opened".into())))
}

/// Opens a file saved in this session in the system's viewer (to print a PDF).
#[tauri::command(rename_all = "snake_case")]
pub fn open_saved(state: State<'_, AppState>, path: String) -> Res<()> {
    let path = PathBuf::from(path);
    // Only a file this session saved, and only of the kinds Carnet writes: a name typed
    // in the save dialog ("x.exe") never makes the viewer run a program.
    let kind = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let ours = matches!(kind.as_deref(), Some("pdf" | "csv" | "zip" | "txt"));
    if !ours || !state.saved.lock().expect("saved lock").contains(&path) {
        return Err(Error::NotFound {
            entity: "file saved in this session",
        }
        .into());
    }
    if super::dialogs::under_test() {
        return Ok(()); // end-to-end tests: no viewer window
    }
    opener::open(&path)
        .map_err(|_| CommandError::from(Error::Io("the system viewer could not be started".into())))
}

/// Locks the register: it is closed, and the next command answers `locked` until it is
/// unlocked again (the "Lock" button, and the idle delay of the settings).
#[tauri::command(rename_all = "snake_case")]
pub fn lock_register(state: State<'_, AppState>) {
    // What the session held in memory goes with it: the certificate printed at an
    // erasure (it names the addressee) and a prepared new key.
    state.lock();
}

/// The idle delay chosen in the settings (kept on this computer by the window), as the
/// domain bounds it; the delay in force is returned.
#[tauri::command(rename_all = "snake_case")]
pub fn set_idle_delay(state: State<'_, AppState>, minutes: u32) -> u32 {
    let minutes = carnet_core::org::idle_lock_minutes(minutes);
    state
        .idle
        .minutes
        .store(minutes, std::sync::atomic::Ordering::Relaxed);
    state.idle.touch();
    minutes
}

/// Someone is at the keyboard (the window says so at most every 30 seconds of activity).
#[tauri::command(rename_all = "snake_case")]
pub fn still_here(state: State<'_, AppState>) {
    state.idle.touch();
}

/// Re-keying, step one: a new key in memory; its recovery key is shown (and printed with
/// `save_rekey_sheet`) before anything changes.
#[tauri::command(rename_all = "snake_case")]
pub fn prepare_rekey(state: State<'_, AppState>) -> Res<String> {
    let pending = with_register(&state, |r| r.prepare_rekey())?;
    let text = pending.recovery_key().expose().to_owned();
    *state.pending_rekey.lock().expect("rekey lock") = Some(pending);
    Ok(text)
}

/// The new recovery key's sheet (PDF), before the new key is applied.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_rekey_sheet<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    language: Language,
) -> Res<Option<String>> {
    let key = state
        .pending_rekey
        .lock()
        .expect("rekey lock")
        .as_ref()
        .map(|p| p.recovery_key())
        .ok_or(Error::Conflict("prepare the new key first"))?;
    let profile = with_register(&state, |r| r.org().profile())?;
    let pdf = sheet_pdf(&profile, &key, language)?;
    Ok(save(
        &window,
        &state,
        "carnet-nouvelle-cle-de-secours.pdf",
        ("PDF", &["pdf"]),
        &pdf,
    )
    .await?
    .map(|p| p.display().to_string()))
}

/// Re-keying, step two: every page re-encrypted under the prepared key, off the main
/// thread; a new passphrase sealed when one is given.
#[tauri::command(rename_all = "snake_case")]
pub async fn apply_rekey<R: Runtime>(
    app: AppHandle<R>,
    passphrase: Option<Zeroizing<String>>,
) -> Res<()> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        // Refused before the prepared key is taken: office staff cannot throw it away.
        with_register(&state, |r| r.require(Permission::ManageKeys))?;
        let pending = state
            .pending_rekey
            .lock()
            .expect("rekey lock")
            .take()
            .ok_or(Error::Conflict("prepare the new key first"))?;
        with_register(&state, |r| {
            r.apply_rekey(
                pending,
                &state.vault,
                passphrase
                    .as_deref()
                    .map(|p| (p.as_str(), KdfParams::DEFAULT)),
                Utc::now(),
            )
        })
    })
    .await
    .map_err(|_| CommandError::from(Error::Io("the new key was interrupted".into())))?
}
