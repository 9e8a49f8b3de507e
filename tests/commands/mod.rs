//! Every command answered through Tauri's IPC (mock runtime): errors come back as
//! `{code, message, detail}` with their stable codes.

use carnet_app::{build_app, context, AppState};
use carnet_core::Vault;
use keyring_core::mock;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

struct App {
    _app: tauri::App<tauri::test::MockRuntime>,
    window: WebviewWindow<tauri::test::MockRuntime>,
    _dir: tempfile::TempDir,
}

mod accounts;
mod app;
mod client;
mod requests;
mod schema;
mod service;

const PHRASE: &str = "une phrase assez longue";

fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    app_on(
        dir,
        "carnet.db",
        Vault::with_store(mock::Store::new().unwrap()),
    )
}

/// An app on `name` in `dir` (a second app on the same file is the app after a restart).
fn app_on(dir: tempfile::TempDir, name: &str, vault: Vault) -> App {
    let state = AppState::new(dir.path().join(name), vault);
    let app = build_app(mock_builder(), state).build(context()).unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    App {
        _app: app,
        window,
        _dir: dir,
    }
}

/// An app whose register was just created (key in the mock keyring), Sophie at the desk.
fn app_with_register() -> App {
    let app = app();
    call(
        &app,
        "create_register",
        json!({ "profile": profile(), "passphrase": null, "staff": "Sophie", "at": at(&app) }),
    )
    .unwrap();
    app
}

/// Saves a new person (French-speaking, paper form) and returns their id; `email` gives
/// them `{given}@exemple.ca`.
fn add_person(app: &App, given: &str, family: &str, birth: Option<&str>, email: bool) -> i64 {
    let emails: Vec<String> = email
        .then(|| format!("{given}@exemple.ca"))
        .into_iter()
        .collect();
    call(app, "save_person", json!({ "id": null, "input": { "given_name": given, "family_name": family, "preferred_language": "fr", "birth_date": birth, "collection_channel": "paper_form", "collected_on": "2026-09-01", "emails": emails } }))
        .unwrap()
        .as_i64()
        .unwrap()
}

/// The register's location as the app shows it: the answer "create it here" repeats it.
fn at(app: &App) -> String {
    call(app, "app_status", json!({})).unwrap()["db_path"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The origin the app's pages are served from: Windows' WebView2 uses `http://tauri.localhost`,
/// the other platforms `tauri://localhost` (the capability's local origin on each).
const APP_ORIGIN: &str = if cfg!(windows) {
    "http://tauri.localhost"
} else {
    "tauri://localhost"
};

fn call(app: &App, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        &app.window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: APP_ORIGIN.parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

fn code(r: Result<Value, Value>) -> String {
    let err = r.expect_err("expected an error");
    assert!(err["message"].is_string(), "{err}");
    err["code"].as_str().unwrap().to_owned()
}

fn profile() -> Value {
    json!({ "name": "Les P’tits mélomanes", "address": "45 rue Saint-Denis, Montréal (Québec) H2X 3K8",
        "privacy_contact": "Hélène Tremblay", "privacy_email": "vie.privee@melomanes.ca",
        "jurisdiction": "quebec", "paper": "letter", "language": "fr" })
}
