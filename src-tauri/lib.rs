//! Carnet's desktop shell: a thin adapter from Tauri commands to `carnet-core`.
//! No business rule lives here: a command takes the open register, reads the clock
//! once, calls one domain method and maps its error to `{code, message, detail}`.
//! Commands live in `commands/<context>.rs` and are named once, in `commands/list.rs`.

mod commands;
include!("commands/list.rs");

/// The invoke handler, from the one list of commands.
macro_rules! handler {
    ($($context:ident::$name:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$context::$name),*]
    };
}

macro_rules! names {
    ($($context:ident::$name:ident),* $(,)?) => {
        &[$(stringify!($name)),*]
    };
}

/// Every command the UI may call (the same list the handler and the manifest use).
pub const COMMANDS: &[&str] = with_commands!(names);

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
        .invoke_handler(with_commands!(handler))
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
