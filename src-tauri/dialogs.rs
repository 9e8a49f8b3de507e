//! Native dialogs (rfd), opened asynchronously with the window as parent: a blocking
//! dialog off the main thread crashes on macOS.

use tauri::{Runtime, WebviewWindow};

use crate::commands::CommandError;

/// Asks where to save the recovery key sheet and writes it there. Returns the path,
/// or `None` when the user cancels. `CARNET_E2E_SAVE_DIR` stands in for the dialog in
/// end-to-end tests (WebDriver cannot click a native dialog).
#[tauri::command]
pub async fn save_recovery_key<R: Runtime>(window: WebviewWindow<R>, sheet: String, file_name: String) -> Result<Option<String>, CommandError> {
    let path = match std::env::var_os("CARNET_E2E_SAVE_DIR") {
        Some(dir) => Some(std::path::PathBuf::from(dir).join(&file_name)),
        None => rfd::AsyncFileDialog::new()
            .set_parent(&window)
            .set_file_name(&file_name)
            .add_filter("Texte", &["txt"])
            .save_file()
            .await
            .map(|h| h.path().to_owned()),
    };
    let Some(path) = path else { return Ok(None) };
    std::fs::write(&path, sheet.as_bytes()).map_err(|e| CommandError::from(carnet_core::Error::from(e)))?;
    Ok(Some(path.display().to_string()))
}
