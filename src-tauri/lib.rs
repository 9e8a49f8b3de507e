//! Carnet's desktop shell: a thin adapter from Tauri commands to `carnet-core`.
//! No business rule lives here: a command takes the open register, reads the clock
//! once, calls one domain method and maps its error to `{code, message, detail}`.

mod commands;
mod dialogs;

use std::path::PathBuf;
use std::sync::Mutex;

use carnet_core::{Register, Vault};
use tauri::{Builder, Runtime};

pub use commands::CommandError;

/// Where the app keeps its register and which keyring it uses.
pub struct AppState {
    pub db_path: PathBuf,
    pub vault: Vault,
    pub register: Mutex<Option<Register>>,
    pub staff: Mutex<String>,
    /// Files the user saved through a dialog in this session: the only ones
    /// `open_saved` will hand to the system viewer.
    pub saved: Mutex<Vec<PathBuf>>,
}

impl AppState {
    pub fn new(db_path: PathBuf, vault: Vault) -> Self {
        AppState {
            db_path,
            vault,
            register: Mutex::new(None),
            staff: Mutex::new(String::new()),
            saved: Mutex::new(Vec::new()),
        }
    }

    /// `CARNET_DB` when set (tests, a register on a USB key), else the OS app-data folder.
    pub fn from_env() -> Self {
        let path = std::env::var_os("CARNET_DB")
            .map(PathBuf::from)
            .or_else(carnet_core::store::default_path)
            .unwrap_or_else(|| PathBuf::from(carnet_core::store::DEFAULT_FILE));
        AppState::new(path, Vault::os())
    }
}

/// The app's builder, generic over the runtime so tests drive it with the mock runtime.
pub fn build_app<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::create_register,
            commands::unlock_keyring,
            commands::unlock_passphrase,
            commands::unlock_recovery,
            commands::set_staff,
            commands::list_people,
            commands::search_people,
            commands::person_page,
            commands::save_person,
            commands::link_guardian,
            commands::add_membership,
            commands::record_consent,
            commands::purposes,
            commands::add_purpose_version,
            commands::policy_versions,
            commands::add_policy_version,
            commands::organisations,
            commands::add_organisation,
            commands::profile,
            commands::update_profile,
            commands::verify_ledger,
            commands::list_requests,
            commands::request_page,
            commands::add_request,
            commands::verify_request_identity,
            commands::extend_request,
            commands::close_request,
            commands::withdraw_for_request,
            commands::preview_letter,
            dialogs::save_recovery_sheet,
            dialogs::save_letter,
            dialogs::save_portability,
            dialogs::save_requests_csv,
            dialogs::open_saved,
        ])
}

/// The generated context (config, assets, capabilities), for any runtime.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

pub fn run() {
    build_app(tauri::Builder::default(), AppState::from_env())
        .run(context())
        .expect("Carnet could not start its window");
}
