//! Privacy requests: the dashboard, the request page and its steps, letters previewed
//! and saved, the portability export, the audit CSV.

use carnet_core::model::Language;
use carnet_core::requests::{
    AccessReview, Approval, Deadline, LetterKind, Refusal, RefusalGround, RequestInput,
    RequestList, RequestPage,
};
use carnet_core::requests::{IdentityMethod, RequestStatus};
use carnet_core::Contexts;
use carnet_docs::Doc;
use chrono::{NaiveDate, Utc};
use tauri::{Runtime, State, WebviewWindow};

use super::dialogs::save;
use super::{local_today, with_register, Res};
use crate::AppState;

/// The dashboard: open requests soonest first (or every request), with the counts.
#[tauri::command(rename_all = "snake_case")]
pub fn list_requests(state: State<'_, AppState>, open_only: bool) -> Res<RequestList> {
    let today = local_today();
    with_register(&state, |r| r.requests().list(open_only, today))
}

#[tauri::command(rename_all = "snake_case")]
pub fn request_page(state: State<'_, AppState>, id: i64) -> Res<RequestPage> {
    let today = local_today();
    with_register(&state, |r| r.requests().page(id, today))
}

/// Records the withdrawals a request asks for, from its page.
#[tauri::command(rename_all = "snake_case")]
pub fn withdraw_for_request(
    state: State<'_, AppState>,
    id: i64,
    purposes: Vec<String>,
) -> Res<usize> {
    with_register(&state, |r| {
        Ok(r.requests().withdraw_for(id, &purposes, Utc::now())?.len())
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_request(state: State<'_, AppState>, input: RequestInput) -> Res<i64> {
    with_register(&state, |r| r.requests().add(&input, Utc::now()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn verify_request_identity(
    state: State<'_, AppState>,
    id: i64,
    method: IdentityMethod,
    on: NaiveDate,
) -> Res<()> {
    with_register(&state, |r| {
        r.requests().verify_identity(id, method, on, Utc::now())
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn extend_request(
    state: State<'_, AppState>,
    id: i64,
    notice_on: NaiveDate,
    reason: String,
) -> Res<Deadline> {
    with_register(&state, |r| {
        r.requests().extend(id, notice_on, &reason, Utc::now())
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn close_request(
    state: State<'_, AppState>,
    id: i64,
    status: RequestStatus,
    decision: String,
    refusal: Option<Refusal>,
    on: NaiveDate,
) -> Res<()> {
    with_register(&state, |r| {
        r.requests()
            .close(id, status, &decision, refusal.as_ref(), on, Utc::now())
    })
}

/// The letter as blocks, for the preview drawn before saving.
#[tauri::command(rename_all = "snake_case")]
pub fn preview_letter(
    state: State<'_, AppState>,
    id: i64,
    kind: LetterKind,
    language: Option<Language>,
) -> Res<Doc> {
    with_register(&state, |r| {
        carnet_docs::request_letter_preview(r, id, kind, language, local_today())
    })
}

/// An access request's package review: its items, flagged ones first, and the approval.
#[tauri::command(rename_all = "snake_case")]
pub fn access_review(state: State<'_, AppState>, id: i64) -> Res<AccessReview> {
    let today = local_today();
    with_register(&state, |r| r.requests().access_review(id, today))
}

/// Masks one item of the package, with its ground; the review as it now stands.
#[tauri::command(rename_all = "snake_case")]
pub fn mask_access_item(
    state: State<'_, AppState>,
    id: i64,
    item: String,
    ground: RefusalGround,
) -> Res<AccessReview> {
    let today = local_today();
    with_register(&state, |r| {
        r.requests().mask(id, &item, ground, Utc::now())?;
        r.requests().access_review(id, today)
    })
}

/// Gives an item back to the package; the review as it now stands.
#[tauri::command(rename_all = "snake_case")]
pub fn unmask_access_item(state: State<'_, AppState>, id: i64, item: String) -> Res<AccessReview> {
    let today = local_today();
    with_register(&state, |r| {
        r.requests().unmask(id, &item, Utc::now())?;
        r.requests().access_review(id, today)
    })
}

/// Approves the package as it stands (the person in charge, when an item is masked).
#[tauri::command(rename_all = "snake_case")]
pub fn approve_access_package(state: State<'_, AppState>, id: i64) -> Res<Approval> {
    with_register(&state, |r| {
        r.requests().approve_access_package(id, Utc::now())
    })
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
    let today = local_today();
    let doc = with_register(&state, |r| {
        carnet_docs::request_letter(r, id, kind, language, today)
    })?;
    let pdf = carnet_docs::render(&doc)?;
    let name = format!("{}-{id}-{today}.pdf", kind.file_stem(doc.language));
    let Some(path) = save(&window, &state, &name, ("PDF", &["pdf"]), &pdf).await? else {
        return Ok(None);
    };
    with_register(&state, |r| {
        r.requests()
            .record_document(id, kind.document_name(), Utc::now())
    })?;
    Ok(Some(path.display().to_string()))
}

/// The portability export of the request's person: a ZIP of JSON and CSV files.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_portability<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    id: i64,
    language: Option<Language>,
) -> Res<Option<String>> {
    let today = local_today();
    let (zip, lang) = with_register(&state, |r| {
        let req = r.requests().get(id)?;
        let lang = language.unwrap_or(carnet_docs::recipient(r, &req)?.language);
        let record = r.requests().record(id, today)?;
        Ok((
            carnet_docs::portability_zip(&record, &r.org().profile()?.name, lang, today)?,
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
        r.requests()
            .record_document(id, "portability_export", Utc::now())
    })?;
    Ok(Some(path.display().to_string()))
}

/// Every request as CSV for an audit (no names).
#[tauri::command(rename_all = "snake_case")]
pub async fn save_requests_csv<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Res<Option<String>> {
    let csv = with_register(&state, |r| r.requests().csv())?;
    let name = format!("carnet-requests-{}.csv", local_today());
    Ok(save(&window, &state, &name, ("CSV", &["csv"]), &csv)
        .await?
        .map(|p| p.display().to_string()))
}
