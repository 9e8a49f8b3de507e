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
pub mod service;

use carnet_api::{At, Command};
use carnet_core::{Error, ErrorBody, Register};
use carnet_server::client::ClientError;
use carnet_server::proto::Call;
use chrono::NaiveDate;
use serde::Serialize;

use crate::AppState;

/// What every command returns on failure: `{code, message, detail}`; the UI words it.
/// The code is the domain's, or the service connection's (`unreachable`,
/// `certificate_changed`, `session_ended`…) when this PC works on the office's service.
#[derive(Debug, Serialize)]
pub struct CommandError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Value>,
}

impl From<Error> for CommandError {
    fn from(e: Error) -> Self {
        let body = ErrorBody::from(&e);
        log_error(body.code.as_str());
        CommandError {
            code: body.code.as_str().to_owned(),
            message: body.message,
            detail: body.detail,
        }
    }
}

impl From<ClientError> for CommandError {
    fn from(e: ClientError) -> Self {
        log_error(e.code());
        match e {
            ClientError::Refused(r) => CommandError {
                code: r.code,
                message: r.message,
                detail: r.detail,
            },
            other => CommandError {
                code: other.code().to_owned(),
                message: other.to_string(),
                detail: None,
            },
        }
    }
}

/// A command's answer: its typed value when the register is on this PC, the same value
/// as the service wrote it when it is there. Both reach the window as the same JSON.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Reply<T> {
    Here(T),
    Service(serde_json::Value),
}

impl AppState {
    /// Runs a command of the schema on the register this PC works on: its own, or the
    /// office's service (as the colleague signed in there).
    pub(crate) fn run<C: Command>(&self, command: C) -> Res<Reply<C::Answer>> {
        if let Some(remote) = self.remote.lock().expect("remote lock").as_mut() {
            self.idle.touch();
            return Ok(Reply::Service(remote.call(Call::of(&command))?));
        }
        with_register(self, |r| command.run(r, &At::now())).map(Reply::Here)
    }

    /// [`AppState::run`] for a command whose answer the shell uses itself (a document to
    /// save, a certificate to keep).
    pub(crate) fn answer<C: Command>(&self, command: C) -> Res<C::Answer>
    where
        C::Answer: serde::de::DeserializeOwned,
    {
        match self.run(command)? {
            Reply::Here(answer) => Ok(answer),
            Reply::Service(value) => serde_json::from_value(value)
                .map_err(|_| Error::BadRequest("the service's answer").into()),
        }
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

/// What a paired PC answers for a command the service does not carry: it never runs on
/// some register of this PC instead.
pub(crate) fn not_at_the_service() -> CommandError {
    CommandError {
        code: "not_at_the_service".into(),
        message: "this is done on the PC that holds the office's register (the service's)".into(),
        detail: None,
    }
}

/// Runs `f` on the open register, or answers `locked` when none is open. The lock is
/// held only for `f`: never across a dialog.
pub(crate) fn with_register<T>(
    state: &AppState,
    f: impl FnOnce(&mut Register) -> carnet_core::Result<T>,
) -> Res<T> {
    if state.is_client() {
        return Err(not_at_the_service());
    }
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
