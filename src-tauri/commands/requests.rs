//! Privacy requests: the dashboard, the request page and its steps, letters previewed
//! and saved, the portability export, the audit CSV.

use carnet_api::requests::{self as api, Saved};
use carnet_core::model::Language;
use carnet_core::requests::{
    AccessReview, Approval, Deadline, IdentityMethod, LetterKind, Refusal, RefusalGround,
    RequestInput, RequestList, RequestPage, RequestStatus,
};
use carnet_docs::Doc;
use chrono::NaiveDate;
use tauri::{Runtime, State, WebviewWindow};

use super::dialogs::save_file;
use super::{Reply, Res};
use crate::AppState;

/// The dashboard: open requests soonest first (or every request), with the counts.
#[tauri::command(async, rename_all = "snake_case")]
pub fn list_requests(state: State<'_, AppState>, open_only: bool) -> Res<Reply<RequestList>> {
    state.run(api::ListRequests { open_only })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn request_page(state: State<'_, AppState>, id: i64) -> Res<Reply<RequestPage>> {
    state.run(api::RequestPage { id })
}

/// Records the withdrawals a request asks for, from its page.
#[tauri::command(async, rename_all = "snake_case")]
pub fn withdraw_for_request(
    state: State<'_, AppState>,
    id: i64,
    purposes: Vec<String>,
) -> Res<Reply<usize>> {
    state.run(api::WithdrawForRequest { id, purposes })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_request(state: State<'_, AppState>, input: RequestInput) -> Res<Reply<i64>> {
    state.run(api::AddRequest { input })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn verify_request_identity(
    state: State<'_, AppState>,
    id: i64,
    method: IdentityMethod,
    on: NaiveDate,
) -> Res<Reply<()>> {
    state.run(api::VerifyRequestIdentity { id, method, on })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn extend_request(
    state: State<'_, AppState>,
    id: i64,
    notice_on: NaiveDate,
    reason: String,
) -> Res<Reply<Deadline>> {
    state.run(api::ExtendRequest {
        id,
        notice_on,
        reason,
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn close_request(
    state: State<'_, AppState>,
    id: i64,
    status: RequestStatus,
    decision: String,
    refusal: Option<Refusal>,
    on: NaiveDate,
) -> Res<Reply<()>> {
    state.run(api::CloseRequest {
        id,
        status,
        decision,
        refusal,
        on,
    })
}

/// The letter as blocks, for the preview drawn before saving.
#[tauri::command(async, rename_all = "snake_case")]
pub fn preview_letter(
    state: State<'_, AppState>,
    id: i64,
    kind: LetterKind,
    language: Option<Language>,
) -> Res<Reply<Doc>> {
    state.run(api::PreviewLetter { id, kind, language })
}

/// An access request's package review: its items, flagged ones first, and the approval.
#[tauri::command(async, rename_all = "snake_case")]
pub fn access_review(state: State<'_, AppState>, id: i64) -> Res<Reply<AccessReview>> {
    state.run(api::AccessReview { id })
}

/// Masks one item of the package, with its ground; the review as it now stands.
#[tauri::command(async, rename_all = "snake_case")]
pub fn mask_access_item(
    state: State<'_, AppState>,
    id: i64,
    item: String,
    ground: RefusalGround,
) -> Res<Reply<AccessReview>> {
    state.run(api::MaskAccessItem { id, item, ground })
}

/// Gives an item back to the package; the review as it now stands.
#[tauri::command(async, rename_all = "snake_case")]
pub fn unmask_access_item(
    state: State<'_, AppState>,
    id: i64,
    item: String,
) -> Res<Reply<AccessReview>> {
    state.run(api::UnmaskAccessItem { id, item })
}

/// Approves the package as it stands (the person in charge, when an item is masked).
#[tauri::command(async, rename_all = "snake_case")]
pub fn approve_access_package(state: State<'_, AppState>, id: i64) -> Res<Reply<Approval>> {
    state.run(api::ApproveAccessPackage { id })
}

/// Saves a request's document where the user chooses, then notes it in the request's
/// history and the audit log.
async fn save_request_document<R: Runtime>(
    window: &WebviewWindow<R>,
    state: &AppState,
    id: i64,
    file: carnet_api::File,
    filter: (&str, &[&str]),
    document: Saved,
) -> Res<Option<String>> {
    let Some(path) = save_file(window, state, &file, filter).await? else {
        return Ok(None);
    };
    state.run(api::RecordDocument { id, document })?;
    Ok(Some(path.display().to_string()))
}

/// Renders one letter of a request as a PDF and saves it where the user chooses; the
/// audit log notes that it was produced.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_letter<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    id: i64,
    kind: LetterKind,
    language: Option<Language>,
) -> Res<Option<String>> {
    let file = state.answer(api::LetterFile { id, kind, language })?;
    save_request_document(
        &window,
        &state,
        id,
        file,
        ("PDF", &["pdf"]),
        Saved::Letter(kind),
    )
    .await
}

/// The portability export of the request's person: a ZIP of JSON and CSV files.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_portability<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    id: i64,
    language: Option<Language>,
) -> Res<Option<String>> {
    let file = state.answer(api::PortabilityFile { id, language })?;
    save_request_document(
        &window,
        &state,
        id,
        file,
        ("ZIP", &["zip"]),
        Saved::PortabilityExport,
    )
    .await
}

/// Every request as CSV for an audit (no names).
#[tauri::command(rename_all = "snake_case")]
pub async fn save_requests_csv<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Res<Option<String>> {
    let file = state.answer(api::RequestsCsv {})?;
    Ok(save_file(&window, &state, &file, ("CSV", &["csv"]))
        .await?
        .map(|p| p.display().to_string()))
}
