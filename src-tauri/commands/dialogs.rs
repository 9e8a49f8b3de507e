//! Native dialogs (rfd), opened asynchronously with the window as parent: a blocking
//! dialog off the main thread crashes on macOS. Files saved here are remembered so that
//! "open in the system viewer" only ever opens a file the user just chose.

use std::path::PathBuf;

use tauri::{Runtime, WebviewWindow};

use super::Res;
use crate::AppState;

/// Asks where to save a file. `CARNET_E2E_SAVE_DIR` stands in for the dialog in
/// end-to-end tests (WebDriver cannot click a native dialog).
async fn ask_save_path<R: Runtime>(
    window: &WebviewWindow<R>,
    file_name: &str,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    match std::env::var_os("CARNET_E2E_SAVE_DIR") {
        Some(dir) => Some(PathBuf::from(dir).join(file_name)),
        None => rfd::AsyncFileDialog::new()
            .set_parent(window)
            .set_file_name(file_name)
            .add_filter(filter.0, filter.1)
            .save_file()
            .await
            .map(|h| h.path().to_owned()),
    }
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
    carnet_core::store::write_atomically(&path, bytes)?;
    state.saved.lock().expect("saved lock").push(path.clone());
    Ok(Some(path))
}
