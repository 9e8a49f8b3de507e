//! Newsletter lists: subscribers with their terms, subscribing and unsubscribing, the
//! unsubscribes to carry out, and the files exchanged with Mailchimp and Brevo.

use carnet_api::newsletter::{self as api, Overview};
use carnet_core::model::Channel;
use carnet_core::newsletter::MailingFormat;
use carnet_core::newsletter::{
    ListInput, MailingImportReport, Subscriber, Subscription, SubscriptionState,
};
use tauri::{AppHandle, Runtime, State, WebviewWindow};

use super::dialogs::save_file;
use super::{Reply, Res};
use crate::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn newsletter_overview(state: State<'_, AppState>) -> Res<Reply<Overview>> {
    state.run(api::NewsletterOverview {})
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_subscribers(state: State<'_, AppState>, list_id: i64) -> Res<Reply<Vec<Subscriber>>> {
    state.run(api::ListSubscribers { list_id })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_newsletter_list(state: State<'_, AppState>, input: ListInput) -> Res<Reply<i64>> {
    state.run(api::AddNewsletterList { input })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn subscriptions_of(
    state: State<'_, AppState>,
    person_id: i64,
) -> Res<Reply<Vec<SubscriptionState>>> {
    state.run(api::SubscriptionsOf { person_id })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn subscribe(state: State<'_, AppState>, input: Subscription) -> Res<Reply<i64>> {
    state.run(api::Subscribe { input })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unsubscribe(
    state: State<'_, AppState>,
    person_id: i64,
    list_id: i64,
    channel: Channel,
    evidence: String,
) -> Res<Reply<i64>> {
    state.run(api::Unsubscribe {
        person_id,
        list_id,
        channel,
        evidence,
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unsubscribes_done(state: State<'_, AppState>, list_id: i64) -> Res<Reply<usize>> {
    state.run(api::UnsubscribesDone { list_id })
}

/// The subscribers in force (or, with `unsubscribes`, the pending unsubscribes) in a
/// mailing tool's import format.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_mailing_export<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    list_id: i64,
    format: MailingFormat,
    unsubscribes: bool,
) -> Res<Option<String>> {
    let file = state.answer(api::MailingExportFile {
        list_id,
        format,
        unsubscribes,
    })?;
    Ok(save_file(&window, &state, &file, ("CSV", &["csv"]))
        .await?
        .map(|p| p.display().to_string()))
}

/// Checks (`dry_run`) or imports a mailing tool's export chosen with
/// `choose_import_file`; the file goes with the command (to the office's service when
/// paired).
#[tauri::command(rename_all = "snake_case")]
pub async fn import_mailing<R: Runtime>(
    app: AppHandle<R>,
    list_id: i64,
    format: MailingFormat,
    dry_run: bool,
) -> Res<Reply<MailingImportReport>> {
    super::blocking(app, move |state| {
        let file = super::dialogs::chosen_file(state, &super::dialogs::chosen_import_file(state)?)?;
        if dry_run {
            state.run(api::CheckMailingFile {
                list_id,
                format,
                file,
            })
        } else {
            state.run(api::ImportMailingFile {
                list_id,
                format,
                file,
            })
        }
    })
    .await
}
