//! Native dialogs (rfd), opened asynchronously with the window as parent: a blocking
//! dialog off the main thread crashes on macOS. Files saved here are remembered so that
//! "open in the system viewer" only ever opens a file the user just chose.

use std::path::PathBuf;

use carnet_core::model::Language;
use carnet_core::Error;
use carnet_docs::LetterKind;
use tauri::{Runtime, State, WebviewWindow};

use crate::commands::{local_today, with_register, CommandError};
use crate::AppState;

type Res<T> = Result<T, CommandError>;

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
async fn save<R: Runtime>(
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

/// Renders the recovery-key sheet as a PDF on the organisation's paper and saves it where
/// the user chooses. Returns the path, or `None` when the dialog is cancelled.
#[tauri::command]
pub async fn save_recovery_sheet<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    recovery_key: zeroize::Zeroizing<String>,
    language: Language,
) -> Res<Option<String>> {
    let profile = with_register(&state, |r| r.profile())?;
    let doc = carnet_docs::recovery_sheet(
        &profile.name,
        &recovery_key,
        local_today(),
        profile.paper,
        language,
    );
    let pdf = carnet_docs::render(&doc)?;
    let name = match language {
        Language::Fr => "carnet-cle-de-secours.pdf",
        Language::En => "carnet-recovery-key.pdf",
    };
    Ok(save(&window, &state, name, ("PDF", &["pdf"]), &pdf)
        .await?
        .map(|p| p.display().to_string()))
}

/// Renders one letter of a request as a PDF and saves it where the user chooses; the
/// audit log notes that it was produced.
#[tauri::command]
pub async fn save_letter<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    id: i64,
    kind: LetterKind,
    language: Option<Language>,
) -> Res<Option<String>> {
    let today = local_today();
    let doc = with_register(&state, |r| {
        carnet_docs::request_letter(r, id, kind, language, today)
    })?;
    let pdf = carnet_docs::render(&doc)?;
    let name = format!("{}-{id}-{today}.pdf", kind.file_stem(doc.language));
    let Some(path) = save(&window, &state, &name, ("PDF", &["pdf"]), &pdf).await? else {
        return Ok(None);
    };
    let document = match kind {
        LetterKind::AccessReport => "access_report",
        LetterKind::ExtensionNotice => "extension_notice",
        LetterKind::Refusal => "refusal",
        LetterKind::Confirmation => "confirmation",
    };
    with_register(&state, |r| {
        r.record_request_document(id, document, chrono::Utc::now())
    })?;
    Ok(Some(path.display().to_string()))
}

/// The portability export of the request's person: a ZIP of JSON and CSV files.
#[tauri::command]
pub async fn save_portability<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    id: i64,
    language: Option<Language>,
) -> Res<Option<String>> {
    let today = local_today();
    let (zip, lang) = with_register(&state, |r| {
        let req = r.request(id)?;
        let lang = language.unwrap_or(carnet_docs::recipient(r, &req)?.language);
        let record = r.request_record(id, today)?;
        Ok((
            carnet_docs::portability_zip(&record, &r.profile()?.name, lang, today)?,
            lang,
        ))
    })?;
    let name = match lang {
        Language::Fr => format!("donnees-portabilite-{id}-{today}.zip"),
        Language::En => format!("portability-data-{id}-{today}.zip"),
    };
    let Some(path) = save(&window, &state, &name, ("ZIP", &["zip"]), &zip).await? else {
        return Ok(None);
    };
    with_register(&state, |r| {
        r.record_request_document(id, "portability_export", chrono::Utc::now())
    })?;
    Ok(Some(path.display().to_string()))
}

/// Every request as CSV for an audit (no names).
#[tauri::command]
pub async fn save_requests_csv<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Res<Option<String>> {
    let csv = with_register(&state, |r| r.requests_csv())?;
    let name = format!("carnet-requests-{}.csv", local_today());
    Ok(
        save(&window, &state, &name, ("CSV", &["csv"]), csv.as_bytes())
            .await?
            .map(|p| p.display().to_string()),
    )
}

/// Opens a file saved in this session in the system's viewer (to print a PDF).
#[tauri::command]
pub fn open_saved(state: State<'_, AppState>, path: String) -> Res<()> {
    let path = PathBuf::from(path);
    if !state.saved.lock().expect("saved lock").contains(&path) {
        return Err(Error::NotFound {
            entity: "file saved in this session",
        }
        .into());
    }
    if std::env::var_os("CARNET_E2E_SAVE_DIR").is_some() {
        return Ok(()); // tests: no viewer window
    }
    opener::open(&path)
        .map_err(|_| CommandError::from(Error::Io("the system viewer could not be started".into())))
}
