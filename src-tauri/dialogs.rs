//! Native dialogs (rfd), opened asynchronously with the window as parent: a blocking
//! dialog off the main thread crashes on macOS.

use std::path::PathBuf;

use carnet_core::model::Language;
use tauri::{Runtime, State, WebviewWindow};

use crate::commands::CommandError;
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

/// Renders the recovery-key sheet as a PDF on the organisation's paper and saves it where
/// the user chooses. Returns the path, or `None` when the dialog is cancelled.
#[tauri::command]
pub async fn save_recovery_sheet<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    recovery_key: String,
    language: Language,
) -> Result<Option<String>, CommandError> {
    let profile = {
        let guard = state.register.lock().expect("register lock");
        guard
            .as_ref()
            .ok_or(carnet_core::Error::Locked)?
            .profile()?
    };
    let doc = carnet_docs::recovery_sheet(
        &profile.name,
        &recovery_key,
        chrono::Local::now().date_naive(),
        profile.paper,
        language,
    );
    let pdf = carnet_docs::render(&doc)?;
    let name = match language {
        Language::Fr => "carnet-cle-de-secours.pdf",
        Language::En => "carnet-recovery-key.pdf",
    };
    let Some(path) = ask_save_path(&window, name, ("PDF", &["pdf"])).await else {
        return Ok(None);
    };
    std::fs::write(&path, pdf).map_err(|e| CommandError::from(carnet_core::Error::from(e)))?;
    Ok(Some(path.display().to_string()))
}
