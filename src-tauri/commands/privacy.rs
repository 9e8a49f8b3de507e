//! Forgetting: the erasure plan and its execution from a request, the certificate, the
//! recipients' checklist, legal holds, retention and purges, the processing register.

use carnet_api::privacy::{self as api, ProcessingView, RetentionView};
use carnet_api::requests::{RecordDocument, Saved};
use carnet_core::model::Language;
use carnet_core::privacy::{
    Activity, ErasureDone, ErasureInput, ErasurePlan, HoldInput, PrivacySummary, PurgeReport,
    RetentionCategory,
};
use chrono::NaiveDate;
use tauri::{Runtime, State, WebviewWindow};

use super::dialogs::save_file;
use super::{Reply, Res};
use crate::AppState;

/// What the dashboard shows: records due for purge, incidents to handle, the ledger.
#[tauri::command(async, rename_all = "snake_case")]
pub fn privacy_summary(state: State<'_, AppState>) -> Res<Reply<PrivacySummary>> {
    state.run(api::PrivacySummary {})
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn erasure_plan(state: State<'_, AppState>, input: ErasureInput) -> Res<Reply<ErasurePlan>> {
    state.run(api::ErasurePlan { input })
}

/// Carries out the erasure; the certificate made at that moment (with the addressee's
/// name and address, which no longer exist afterwards) is kept in memory until saved.
#[tauri::command(async, rename_all = "snake_case")]
pub fn execute_erasure(
    state: State<'_, AppState>,
    input: ErasureInput,
    confirm_name: String,
) -> Res<ErasureDone> {
    let done = state.answer(api::ExecuteErasure {
        input,
        confirm_name,
    })?;
    *state.fresh_certificate.lock().expect("certificate lock") = Some(done.certificate.clone());
    let mut reply = done;
    reply.certificate.addressee = None;
    Ok(reply)
}

/// Saves the erasure certificate of a request as a PDF: the copy made at the erasure
/// (addressed to the requester) if this session made it, else a reprint with no names.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_erasure_certificate<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    request_id: i64,
    language: Option<Language>,
) -> Res<Option<String>> {
    let fresh = state
        .fresh_certificate
        .lock()
        .expect("certificate lock")
        .clone()
        .filter(|c| c.request_id == Some(request_id));
    let file = match fresh {
        // The addressed copy exists only in this window's memory: it is printed here.
        Some(cert) => {
            let profile = state.answer(carnet_api::org::Profile {})?;
            api::certificate_file(&cert, &profile, request_id, language)?
        }
        None => state.answer(api::ErasureCertificateFile {
            request_id,
            language,
        })?,
    };
    let Some(path) = save_file(&window, &state, &file, ("PDF", &["pdf"])).await? else {
        return Ok(None);
    };
    state.run(RecordDocument {
        id: request_id,
        document: Saved::ErasureCertificate,
    })?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn record_recipient_notice(
    state: State<'_, AppState>,
    request_id: i64,
    recipient: String,
    on: NaiveDate,
) -> Res<Reply<()>> {
    state.run(api::RecordRecipientNotice {
        request_id,
        recipient,
        on,
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_hold(state: State<'_, AppState>, input: HoldInput) -> Res<Reply<i64>> {
    state.run(api::AddHold { input })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn release_hold(state: State<'_, AppState>, id: i64) -> Res<Reply<()>> {
    state.run(api::ReleaseHold { id })
}

/// The retention screen: the rules, what they have due today, the past purges.
#[tauri::command(async, rename_all = "snake_case")]
pub fn retention(state: State<'_, AppState>) -> Res<Reply<RetentionView>> {
    state.run(api::Retention {})
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_retention(
    state: State<'_, AppState>,
    category: RetentionCategory,
    months: u32,
) -> Res<Reply<()>> {
    state.run(api::SetRetention { category, months })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn run_purge(state: State<'_, AppState>) -> Res<Reply<PurgeReport>> {
    state.run(api::RunPurge {})
}

/// The processing register as the editor starts from it (the latest version), with the
/// list of versions.
#[tauri::command(async, rename_all = "snake_case")]
pub fn processing(state: State<'_, AppState>) -> Res<Reply<ProcessingView>> {
    state.run(api::Processing {})
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn adopt_processing(
    state: State<'_, AppState>,
    activities: Vec<Activity>,
    effective_on: NaiveDate,
) -> Res<Reply<i64>> {
    state.run(api::AdoptProcessing {
        activities,
        effective_on,
    })
}

/// The register in force as a PDF for the office's file.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_processing_register<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    language: Option<Language>,
) -> Res<Option<String>> {
    let file = state.answer(api::ProcessingRegisterFile { language })?;
    Ok(save_file(&window, &state, &file, ("PDF", &["pdf"]))
        .await?
        .map(|p| p.display().to_string()))
}

/// The regulator's pack (a ZIP: the dossier, the registers, the lists as CSV), for the
/// person in charge.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_regulator_pack<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    language: Option<Language>,
) -> Res<Option<String>> {
    let file = state.answer(api::RegulatorPackFile { language })?;
    Ok(save_file(&window, &state, &file, ("ZIP", &["zip"]))
        .await?
        .map(|p| p.display().to_string()))
}
