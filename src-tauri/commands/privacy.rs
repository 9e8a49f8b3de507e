//! Forgetting: the erasure plan and its execution from a request, the certificate, the
//! recipients' checklist, legal holds, retention and purges, the processing register.

use carnet_core::model::Language;
use carnet_core::privacy::RetentionCategory;
use carnet_core::privacy::{
    Activity, ErasureDone, ErasureInput, ErasurePlan, HoldInput, PrivacySummary,
    ProcessingRegister, ProcessingVersion, PurgePreview, PurgeReport, RetentionRule,
};
use carnet_core::Contexts;
use chrono::{NaiveDate, Utc};
use serde::Serialize;
use tauri::{Runtime, State, WebviewWindow};

use super::dialogs::save;
use super::{local_today, with_register, Res};
use crate::AppState;

/// What the dashboard shows: records due for purge, incidents to handle, the ledger.
#[tauri::command(rename_all = "snake_case")]
pub fn privacy_summary(state: State<'_, AppState>) -> Res<PrivacySummary> {
    with_register(&state, |r| r.privacy().summary(Utc::now()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn erasure_plan(state: State<'_, AppState>, input: ErasureInput) -> Res<ErasurePlan> {
    with_register(&state, |r| r.privacy().erasure_plan(&input, Utc::now()))
}

/// Carries out the erasure; the certificate made at that moment (with the addressee's
/// name and address, which no longer exist afterwards) is kept in memory until saved.
#[tauri::command(rename_all = "snake_case")]
pub fn execute_erasure(
    state: State<'_, AppState>,
    input: ErasureInput,
    confirm_name: String,
) -> Res<ErasureDone> {
    let done = with_register(&state, |r| {
        r.privacy().erase(&input, &confirm_name, Utc::now())
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
    let (pdf, lang) = with_register(&state, |r| {
        let cert = match fresh {
            Some(c) => c,
            None => r.privacy().erasure_certificate(request_id)?,
        };
        let profile = r.org().profile()?;
        let lang = language.unwrap_or(profile.language);
        Ok((
            carnet_docs::render(&carnet_docs::erasure_certificate(&cert, &profile, lang))?,
            lang,
        ))
    })?;
    let name = match lang {
        Language::Fr => format!("attestation-effacement-{request_id}.pdf"),
        Language::En => format!("erasure-certificate-{request_id}.pdf"),
    };
    let Some(path) = save(&window, &state, &name, ("PDF", &["pdf"]), &pdf).await? else {
        return Ok(None);
    };
    with_register(&state, |r| {
        r.requests()
            .record_document(request_id, "erasure_certificate", Utc::now())
    })?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn record_recipient_notice(
    state: State<'_, AppState>,
    request_id: i64,
    recipient: String,
    on: NaiveDate,
) -> Res<()> {
    with_register(&state, |r| {
        r.privacy()
            .record_recipient_notice(request_id, &recipient, on, Utc::now())
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_hold(state: State<'_, AppState>, input: HoldInput) -> Res<i64> {
    with_register(&state, |r| r.privacy().add_hold(&input, Utc::now()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn release_hold(state: State<'_, AppState>, id: i64) -> Res<()> {
    with_register(&state, |r| r.privacy().release_hold(id, Utc::now()))
}

/// The retention screen: the rules, what they have due today, the past purges.
#[derive(Serialize)]
pub struct Retention {
    rules: Vec<RetentionRule>,
    preview: PurgePreview,
    reports: Vec<PurgeReport>,
}

#[tauri::command(rename_all = "snake_case")]
pub fn retention(state: State<'_, AppState>) -> Res<Retention> {
    with_register(&state, |r| {
        Ok(Retention {
            rules: r.privacy().retention_rules()?,
            preview: r.privacy().purge_preview(Utc::now())?,
            reports: r.privacy().purge_reports()?,
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_retention(
    state: State<'_, AppState>,
    category: RetentionCategory,
    months: u32,
) -> Res<()> {
    with_register(&state, |r| {
        r.privacy().set_retention(category, months, Utc::now())
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn run_purge(state: State<'_, AppState>) -> Res<PurgeReport> {
    with_register(&state, |r| r.privacy().purge(Utc::now()))
}

/// The processing register as the editor starts from it (the latest version), with the
/// list of versions.
#[derive(Serialize)]
pub struct Processing {
    latest: ProcessingRegister,
    in_force: i64,
    versions: Vec<ProcessingVersion>,
}

#[tauri::command(rename_all = "snake_case")]
pub fn processing(state: State<'_, AppState>) -> Res<Processing> {
    with_register(&state, |r| {
        Ok(Processing {
            latest: r.privacy().processing_latest()?,
            in_force: r.privacy().processing_register(local_today())?.version,
            versions: r.privacy().processing_versions()?,
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn adopt_processing(
    state: State<'_, AppState>,
    activities: Vec<Activity>,
    effective_on: NaiveDate,
) -> Res<i64> {
    with_register(&state, |r| {
        r.privacy()
            .adopt_processing(&activities, effective_on, Utc::now())
    })
}

/// The register in force as a PDF for the office's file.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_processing_register<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    language: Option<Language>,
) -> Res<Option<String>> {
    let today = local_today();
    let (pdf, lang) = with_register(&state, |r| {
        let profile = r.org().profile()?;
        let lang = language.unwrap_or(profile.language);
        let reg = r.privacy().processing_register(today)?;
        Ok((
            carnet_docs::render(&carnet_docs::processing_register(&reg, &profile, lang))?,
            lang,
        ))
    })?;
    let name = match lang {
        Language::Fr => format!("registre-des-traitements-{today}.pdf"),
        Language::En => format!("processing-register-{today}.pdf"),
    };
    Ok(save(&window, &state, &name, ("PDF", &["pdf"]), &pdf)
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
    let today = local_today();
    let (zip, lang) = with_register(&state, |r| {
        let lang = language.unwrap_or(r.org().profile()?.language);
        let pack = r.privacy().regulator_pack(Utc::now())?;
        Ok((carnet_docs::regulator_pack(&pack, lang)?, lang))
    })?;
    let name = match lang {
        Language::Fr => format!("dossier-autorite-{today}.zip"),
        Language::En => format!("authority-pack-{today}.zip"),
    };
    Ok(save(&window, &state, &name, ("ZIP", &["zip"]), &zip)
        .await?
        .map(|p| p.display().to_string()))
}
