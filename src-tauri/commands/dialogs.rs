//! Native dialogs (rfd), opened asynchronously with the window as parent: a blocking
//! dialog off the main thread crashes on macOS. Files saved here are remembered so that
//! "open in the system viewer" only ever opens a file the user just chose.

use std::path::PathBuf;

use tauri::{Runtime, WebviewWindow};

use super::Res;
use crate::AppState;

/// The folder that stands in for the save dialog in end-to-end tests (WebDriver cannot
/// click a native dialog): `CARNET_E2E_SAVE_DIR`, read by debug builds only. A release
/// build has no such door.
fn e2e_save_dir() -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    return std::env::var_os("CARNET_E2E_SAVE_DIR").map(PathBuf::from);
    #[cfg(not(debug_assertions))]
    None
}

/// Whether an end-to-end test drives this window (no viewer windows are opened then).
pub(super) fn under_test() -> bool {
    e2e_save_dir().is_some()
}

/// Asks where to save a file.
async fn ask_save_path<R: Runtime>(
    window: &WebviewWindow<R>,
    file_name: &str,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    match e2e_save_dir() {
        Some(dir) => Some(dir.join(file_name)),
        None => rfd::AsyncFileDialog::new()
            .set_parent(window)
            .set_file_name(file_name)
            .add_filter(filter.0, filter.1)
            .save_file()
            .await
            .map(|h| h.path().to_owned()),
    }
}

/// The file that stands in for the open dialog in end-to-end tests
/// (`CARNET_E2E_OPEN_FILE`; the folder dialog's is `CARNET_E2E_SAVE_DIR`), read by debug
/// builds only.
fn e2e_open_file() -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    return std::env::var_os("CARNET_E2E_OPEN_FILE").map(PathBuf::from);
    #[cfg(not(debug_assertions))]
    None
}

/// Asks for an existing file to open. `None` when cancelled.
pub(super) async fn ask_open_path<R: Runtime>(
    window: &WebviewWindow<R>,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    // The stand-in names one file; a dialog for another kind of file takes the file of
    // the same name with that kind's extension (`open.csv` → `open.carnet-backup`).
    if let Some(path) = e2e_open_file().and_then(|p| {
        filter
            .1
            .iter()
            .map(|ext| p.with_extension(ext))
            .find(|candidate| candidate.is_file())
    }) {
        return Some(path);
    }
    rfd::AsyncFileDialog::new()
        .set_parent(window)
        .add_filter(filter.0, filter.1)
        .pick_file()
        .await
        .map(|h| h.path().to_owned())
}

/// Asks for a folder (backups go there). `None` when cancelled.
pub(super) async fn ask_folder<R: Runtime>(window: &WebviewWindow<R>) -> Option<PathBuf> {
    match e2e_save_dir() {
        Some(dir) => Some(dir),
        None => rfd::AsyncFileDialog::new()
            .set_parent(window)
            .pick_folder()
            .await
            .map(|h| h.path().to_owned()),
    }
}

/// Asks for a spreadsheet to import and remembers it for the import that follows;
/// answers its file name (`None` when cancelled).
pub(super) async fn pick_import_file<R: Runtime>(
    window: &WebviewWindow<R>,
    state: &AppState,
) -> Res<Option<String>> {
    let Some(path) = ask_open_path(window, ("CSV", &["csv", "txt"])).await else {
        return Ok(None);
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    *state.import_file.lock().expect("import lock") = Some(path);
    Ok(Some(name))
}

/// Asks for a path, writes the bytes there, remembers the file. `None` when cancelled.
pub(super) async fn save<R: Runtime>(
    window: &WebviewWindow<R>,
    state: &AppState,
    name: &str,
    filter: (&str, &[&str]),
    bytes: &[u8],
) -> Res<Option<PathBuf>> {
    let Some(path) = ask_save_path(window, name, filter).await else {
        return Ok(None);
    };
    carnet_core::register::write_atomically(&path, bytes)?;
    state.saved.lock().expect("saved lock").push(path.clone());
    Ok(Some(path))
}

/// The file chosen with [`pick_import_file`], or `choose the file first`.
pub(super) fn chosen_import_file(state: &AppState) -> carnet_core::Result<PathBuf> {
    state
        .import_file
        .lock()
        .expect("import lock")
        .clone()
        .ok_or(carnet_core::Error::invalid(
            carnet_core::Field::ImportFile,
            "choose the file first",
        ))
}

/// Saves a document made by a command (here or at the service) where the user chooses;
/// the path as shown, `None` when cancelled.
pub(super) async fn save_file<R: Runtime>(
    window: &WebviewWindow<R>,
    state: &AppState,
    file: &carnet_api::File,
    filter: (&str, &[&str]),
) -> Res<Option<PathBuf>> {
    save(window, state, &file.name, filter, &file.bytes).await
}

/// The chosen file as a command of the schema carries it (its name and bytes, bounded as
/// an import reads them, and small enough to travel to the office's service).
pub(crate) fn chosen_file(
    state: &AppState,
    path: &std::path::Path,
) -> super::Res<carnet_api::File> {
    let bytes = carnet_core::exchange::read_import_file(path)?;
    // To the service, base64 takes a third more, and the call must fit one frame.
    if state.is_client() && bytes.len() > carnet_server::proto::MAX_FRAME / 4 * 3 - (64 << 10) {
        return Err(super::CommandError {
            code: "too_large_for_the_service".into(),
            message: "this file is too large to send to the office's service (12 MB at most): \
                      import it on the service's computer"
                .into(),
            detail: None,
        });
    }
    Ok(carnet_api::File {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        bytes,
    })
}
