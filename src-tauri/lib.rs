//! Carnet's desktop shell: a thin adapter from Tauri commands to `carnet-core`.
//! No business rule lives here: a command takes the open register, reads the clock
//! once, calls one domain method and maps its error to `{code, message, detail}`.
//! Commands live in `commands/<context>.rs` and are named once, in `commands/list.rs`.

mod commands;
mod remote;
mod state;
pub use commands::{log_errors_to, ERROR_LOG};
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

use tauri::{Builder, Runtime};

pub use commands::CommandError;
pub use state::{AppState, CheckedImport, IdleLock, ImportProgress};

/// The app's builder, generic over the runtime so tests drive it with the mock runtime.
pub fn build_app<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        .invoke_handler(with_commands!(handler))
}

/// Holds an exclusive lock on a file beside the register for as long as the app runs;
/// `None` when another Carnet window holds it. (A folder that cannot be written does not
/// stop the app: the register's own locks still protect it.)
pub fn single_instance(db: &std::path::Path) -> Option<Option<std::fs::File>> {
    let path = db.with_file_name("carnet-window.lock");
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(dir);
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
    else {
        return Some(None);
    };
    match file.try_lock() {
        Ok(()) => Some(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => None,
        Err(_) => Some(None),
    }
}

/// The generated context (config, assets, capabilities), for any runtime.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

pub fn run() {
    let state = AppState::from_env();
    // One window per register folder: a second start says so and stops (two windows on
    // one register could not corrupt it — every write takes the lock — but the second
    // would only meet "the register is in use").
    // A window just closed may still be letting go of the register: a start right after it
    // waits a few seconds before saying another window has it.
    let started = std::time::Instant::now();
    let one_window = loop {
        match single_instance(&state.db_path()) {
            None if started.elapsed() < std::time::Duration::from_secs(5) => {
                std::thread::sleep(std::time::Duration::from_millis(100))
            }
            other => break other,
        }
    };
    let Some(_one_window) = one_window else {
        rfd::MessageDialog::new()
            .set_title("Carnet")
            .set_description(
                "Carnet est déjà ouvert sur cet ordinateur : utilisez la fenêtre ouverte.\n\nCarnet is already open on this computer: use the open window.",
            )
            .set_level(rfd::MessageLevel::Info)
            .show();
        return;
    };
    // The local log of error codes sits beside the register.
    commands::log_errors_to(state.db_path().with_file_name(commands::ERROR_LOG));
    build_app(tauri::Builder::default(), state)
        .setup(|app| {
            // The idle lock, enforced by the shell: every 15 seconds, a register unused for
            // the delay is locked and the window reloaded (to the unlock screen, nothing
            // of the register left on it).
            use tauri::Manager;
            let handle = app.handle().clone();
            std::thread::spawn(move || loop {
                std::thread::sleep(std::time::Duration::from_secs(15));
                if handle
                    .state::<AppState>()
                    .lock_if_idle(std::time::Instant::now())
                {
                    if let Some(w) = handle.get_webview_window("main") {
                        let _ = w.eval("location.reload()");
                    }
                }
            });
            Ok(())
        })
        .run(context())
        .expect("Carnet could not start its window");
}
