//! Tauri commands, one module per bounded context (the same names as `carnet-core`'s).
//! Each command adapts one domain call: it takes the open register, reads the clock
//! once, calls one method and returns its value or `{code, message, detail}`. Views and
//! rules come from the domain; nothing here decides.
//!
//! The commands are named once, in `list.rs`: the invoke handler (`lib.rs`) and the app
//! manifest (`build.rs`) are both made from that list, and a test checks the capability
//! file grants exactly those.

pub mod accounts;
pub mod app;
pub mod backup;
pub mod consent;
pub mod contests;
mod dialogs;
pub mod exchange;
pub mod family;
pub mod incidents;
pub mod licences;
pub mod newsletter;
pub mod org;
pub mod people;
pub mod privacy;
pub mod requests;

use carnet_core::{Error, ErrorBody, Register};
use chrono::NaiveDate;
use serde::Serialize;

use crate::AppState;

/// What every command returns on failure: `{code, message, detail}`; the UI words it.
#[derive(Debug)]
pub struct CommandError(pub ErrorBody);

impl Serialize for CommandError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl From<Error> for CommandError {
    fn from(e: Error) -> Self {
        let body = ErrorBody::from(&e);
        log_error(body.code.as_str());
        CommandError(body)
    }
}

/// The local log's file name: one line per error a command met, its time and code —
/// never a value, a name or a key — so "note the time and tell us" means something.
pub const ERROR_LOG: &str = "carnet-errors.log";
/// Past this size the log starts again (the previous one kept as `.1`).
const ERROR_LOG_MAX: u64 = 256 * 1024;

static ERROR_LOG_PATH: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Where errors are logged from now on (set once, at start-up).
pub fn log_errors_to(path: std::path::PathBuf) {
    let _ = ERROR_LOG_PATH.set(path);
}

fn log_error(code: &str) {
    use std::io::Write;
    let Some(path) = ERROR_LOG_PATH.get() else {
        return;
    };
    if std::fs::metadata(path).is_ok_and(|m| m.len() > ERROR_LOG_MAX) {
        let _ = std::fs::rename(path, path.with_extension("log.1"));
    }
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(
            f,
            "{} {code}",
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ")
        );
    }
}

pub(crate) type Res<T> = Result<T, CommandError>;

/// Runs `f` on the open register, or answers `locked` when none is open. The lock is
/// held only for `f`: never across a dialog.
pub(crate) fn with_register<T>(
    state: &AppState,
    f: impl FnOnce(&mut Register) -> carnet_core::Result<T>,
) -> Res<T> {
    let mut guard = state.register.lock().expect("register lock");
    match guard.as_mut() {
        Some(reg) => {
            state.idle.touch();
            reg.set_utc_offset(office_offset());
            let done = f(reg);
            // A long command (an import, a backup) counts as use until it ends.
            state.idle.touch();
            Ok(done?)
        }
        None => Err(Error::Locked.into()),
    }
}

/// Runs `f` off the main thread (Argon2id takes about a second), then answers.
pub(crate) async fn blocking<R: tauri::Runtime, T: Send + 'static>(
    app: tauri::AppHandle<R>,
    f: impl FnOnce(&AppState) -> Res<T> + Send + 'static,
) -> Res<T> {
    use tauri::Manager;
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<AppState>()))
        .await
        .map_err(|_| CommandError::from(Error::Io("the work was interrupted".into())))?
}

/// The OS's current offset from UTC, read at each command (it changes with daylight saving).
pub(crate) fn office_offset() -> chrono::FixedOffset {
    use chrono::Offset;
    chrono::Local::now().offset().fix()
}

/// Today as the office sees it: deadlines count in local days.
pub(crate) fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
