//! Consents: recording one, the purposes and their wordings, policy versions, checking
//! the ledger.

use carnet_api::consent::{self as api, ConsentFormInput};
use carnet_core::consent::{ConsentEvent, LedgerReport, PolicyVersion, Purpose, PurposeWording};
use chrono::NaiveDate;
use tauri::{Runtime, State, WebviewWindow};

use super::dialogs::save_file;
use super::{Reply, Res};
use crate::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn record_consent(
    state: State<'_, AppState>,
    form: ConsentFormInput,
) -> Res<Reply<ConsentEvent>> {
    state.run(api::RecordConsent { form })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn purposes(state: State<'_, AppState>) -> Res<Reply<Vec<Purpose>>> {
    state.run(api::Purposes {})
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_purpose_version(
    state: State<'_, AppState>,
    purpose_id: i64,
    wording: PurposeWording,
    effective_on: NaiveDate,
) -> Res<Reply<i64>> {
    state.run(api::AddPurposeVersion {
        purpose_id,
        wording,
        effective_on,
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn policy_versions(state: State<'_, AppState>) -> Res<Reply<Vec<PolicyVersion>>> {
    state.run(api::PolicyVersions {})
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_policy_version(
    state: State<'_, AppState>,
    label: String,
    effective_on: NaiveDate,
    text_fr: String,
    text_en: String,
) -> Res<Reply<i64>> {
    state.run(api::AddPolicyVersion {
        label,
        effective_on,
        text_fr,
        text_en,
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn verify_ledger(state: State<'_, AppState>) -> Res<Reply<LedgerReport>> {
    state.run(api::VerifyLedger {})
}

/// The person in charge acknowledges what the ledger check shows (recorded with a note);
/// the findings stay in every later report.
#[tauri::command(async, rename_all = "snake_case")]
pub fn acknowledge_ledger(state: State<'_, AppState>, note: String) -> Res<Reply<LedgerReport>> {
    state.run(api::AcknowledgeLedger { note })
}

/// A consent receipt for the person, saved where the office chooses: one ledger entry
/// (`seq`), or the statement of every purpose's current state; `json` for the receipt's
/// JSON (`docs/consent-receipt.md`) instead of the PDF.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_consent_receipt<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    person_id: i64,
    seq: Option<i64>,
    json: bool,
) -> Res<Option<String>> {
    let file = state.answer(api::ConsentReceiptFile {
        person_id,
        seq,
        json,
    })?;
    let filter: (&str, &[&str]) = if json {
        ("JSON", &["json"])
    } else {
        ("PDF", &["pdf"])
    };
    Ok(save_file(&window, &state, &file, filter)
        .await?
        .map(|p| p.display().to_string()))
}
