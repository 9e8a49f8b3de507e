//! Contests: the list, the contest page and its steps (entries, import, duplicates, the
//! draw, winners, shipping), the labels with their sheet preview, the documents.

use carnet_core::contests::{
    ContestInput, ContestPage, ContestSummary, DrawCheck, EntryClosing, ImportReport,
    ShipmentInput, ShipmentStatus,
};
use carnet_core::model::{Channel, Language};
use chrono::NaiveDate;
use tauri::{AppHandle, Runtime, State, WebviewWindow};

use super::dialogs::{pick_import_file, save_file};
use super::{Reply, Res};
use crate::AppState;
use carnet_api::contests::{self as api, Labels};

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_contests(state: State<'_, AppState>) -> Res<Reply<Vec<ContestSummary>>> {
    state.run(api::ListContests {})
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn contest_page(state: State<'_, AppState>, id: i64) -> Res<Reply<ContestPage>> {
    state.run(api::ContestPage { id })
}

/// The entries whose entrant matches what is typed (the domain's folding and matching).
#[tauri::command(async, rename_all = "snake_case")]
pub fn matching_entries(
    state: State<'_, AppState>,
    contest_id: i64,
    query: String,
) -> Res<Reply<Vec<i64>>> {
    state.run(api::MatchingEntries { contest_id, query })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_contest(state: State<'_, AppState>, input: ContestInput) -> Res<Reply<i64>> {
    state.run(api::AddContest { input })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_entry(
    state: State<'_, AppState>,
    contest_id: i64,
    person_id: i64,
    entered_on: NaiveDate,
    channel: Channel,
) -> Res<Reply<i64>> {
    state.run(api::AddEntry {
        contest_id,
        person_id,
        entered_on,
        channel,
    })
}

/// Asks for the form export to import (the open dialog) and remembers it for the
/// import; answers its file name.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_entries_file<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Res<Option<String>> {
    pick_import_file(&window, &state).await
}

/// Checks (`dry_run`) or imports the file chosen with `pick_entries_file`, off the main
/// thread; the file goes with the command (to the office's service when paired).
#[tauri::command(rename_all = "snake_case")]
pub async fn import_entries<R: Runtime>(
    app: AppHandle<R>,
    contest_id: i64,
    dry_run: bool,
    link_existing: bool,
) -> Res<Reply<ImportReport>> {
    super::blocking(app, move |state| {
        let path = super::dialogs::chosen_import_file(state)?;
        let file = super::dialogs::chosen_file(state, &path)?;
        if dry_run {
            state.run(api::CheckEntriesFile {
                contest_id,
                file,
                link_existing,
            })
        } else {
            state.run(api::ImportEntriesFile {
                contest_id,
                file,
                link_existing,
            })
        }
    })
    .await
}

/// Decides on a likely duplicate: `excluded`, `distinct`, or back in (`included`).
#[tauri::command(async, rename_all = "snake_case")]
pub fn decide_entry(state: State<'_, AppState>, id: i64, decision: String) -> Res<Reply<()>> {
    state.run(api::DecideEntry { id, decision })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn close_entries(state: State<'_, AppState>, id: i64) -> Res<Reply<EntryClosing>> {
    state.run(api::CloseEntries { id })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn draw_contest(
    state: State<'_, AppState>,
    id: i64,
    public_value: String,
) -> Res<Reply<DrawCheck>> {
    state.run(api::DrawContest { id, public_value })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn record_skill_answer(
    state: State<'_, AppState>,
    winner_id: i64,
    answer: String,
) -> Res<Reply<bool>> {
    state.run(api::RecordSkillAnswer { winner_id, answer })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn claim_prize(state: State<'_, AppState>, winner_id: i64, on: NaiveDate) -> Res<Reply<()>> {
    state.run(api::ClaimPrize { winner_id, on })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn forfeit_unclaimed(state: State<'_, AppState>, contest_id: i64) -> Res<Reply<usize>> {
    state.run(api::ForfeitUnclaimed { contest_id })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn winner_address(state: State<'_, AppState>, winner_id: i64) -> Res<Reply<ShipmentInput>> {
    state.run(api::WinnerAddress { winner_id })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn prepare_shipment(
    state: State<'_, AppState>,
    winner_id: i64,
    input: ShipmentInput,
) -> Res<Reply<i64>> {
    state.run(api::PrepareShipment { winner_id, input })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_shipment(
    state: State<'_, AppState>,
    id: i64,
    status: ShipmentStatus,
    carrier: String,
    tracking: String,
    on: NaiveDate,
) -> Res<Reply<()>> {
    state.run(api::UpdateShipment {
        id,
        status,
        carrier,
        tracking,
        on,
    })
}

/// The sheet the office's paper takes and the labels to print, for the preview.
#[tauri::command(async, rename_all = "snake_case")]
pub fn label_preview(state: State<'_, AppState>, contest_id: i64) -> Res<Reply<Labels>> {
    state.run(api::LabelPreview { contest_id })
}

/// The labels of the prizes to pack as a PDF, from label `start`, with the printer offset.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_labels<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    contest_id: i64,
    start: usize,
    offset_x: f32,
    offset_y: f32,
) -> Res<Option<String>> {
    let file = state.answer(api::LabelsFile {
        contest_id,
        start,
        offset_x,
        offset_y,
    })?;
    Ok(save_file(&window, &state, &file, ("PDF", &["pdf"]))
        .await?
        .map(|p| p.display().to_string()))
}

/// One of the contest's documents: `rules`, `closing_statement`, `draw_report`, `packing_list`, or
/// `shipments_csv`.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_contest_document<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    contest_id: i64,
    document: String,
    language: Option<Language>,
) -> Res<Option<String>> {
    let file = state.answer(api::ContestDocumentFile {
        contest_id,
        document,
        language,
    })?;
    let filter: (&str, &[&str]) = if file.name.ends_with(".csv") {
        ("CSV", &["csv"])
    } else {
        ("PDF", &["pdf"])
    };
    Ok(save_file(&window, &state, &file, filter)
        .await?
        .map(|p| p.display().to_string()))
}
