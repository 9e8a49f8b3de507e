//! Consents: recording one, the purposes and their wordings, policy versions, checking
//! the ledger.

use carnet_core::consent::{
    ConsentEvent, ConsentInput, LedgerReport, PolicyVersion, Purpose, PurposeWording,
};
use carnet_core::Contexts;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use tauri::{Runtime, State, WebviewWindow};

use super::dialogs::save;
use super::{with_register, Res};
use crate::AppState;
use carnet_core::family::Guardian;

/// A consent as the form sends it: `occurred_at` is optional (now).
#[derive(Deserialize)]
pub struct ConsentFormInput {
    person_id: i64,
    purpose: String,
    action: carnet_core::consent::ConsentAction,
    channel: carnet_core::model::Channel,
    given_by: carnet_core::consent::GivenBy,
    #[serde(default)]
    giver: Option<Guardian>,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    occurred_at: Option<DateTime<Utc>>,
}

#[tauri::command(rename_all = "snake_case")]
pub fn record_consent(state: State<'_, AppState>, form: ConsentFormInput) -> Res<ConsentEvent> {
    let now = Utc::now();
    let f = form;
    let input = ConsentInput {
        person_id: f.person_id,
        purpose: f.purpose,
        purpose_version: None,
        action: f.action,
        channel: f.channel,
        given_by: f.given_by,
        giver: f.giver,
        evidence: f.evidence,
        occurred_at: f.occurred_at.unwrap_or(now),
    };
    with_register(&state, |r| r.consent().record(&input, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn purposes(state: State<'_, AppState>) -> Res<Vec<Purpose>> {
    with_register(&state, |r| r.consent().purposes())
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_purpose_version(
    state: State<'_, AppState>,
    purpose_id: i64,
    wording: PurposeWording,
    effective_on: NaiveDate,
) -> Res<i64> {
    with_register(&state, |r| {
        r.consent()
            .add_purpose_version(purpose_id, &wording, effective_on, Utc::now())
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn policy_versions(state: State<'_, AppState>) -> Res<Vec<PolicyVersion>> {
    with_register(&state, |r| r.consent().policy_versions())
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_policy_version(
    state: State<'_, AppState>,
    label: String,
    effective_on: NaiveDate,
    text_fr: String,
    text_en: String,
) -> Res<i64> {
    with_register(&state, |r| {
        r.consent()
            .add_policy_version(&label, effective_on, &text_fr, &text_en, Utc::now())
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn verify_ledger(state: State<'_, AppState>) -> Res<LedgerReport> {
    with_register(&state, |r| r.consent().verify_ledger())
}

/// The person in charge acknowledges what the ledger check shows (recorded with a note);
/// the findings stay in every later report.
#[tauri::command(rename_all = "snake_case")]
pub fn acknowledge_ledger(state: State<'_, AppState>, note: String) -> Res<LedgerReport> {
    with_register(&state, |r| {
        r.consent().acknowledge_ledger(&note, Utc::now())
    })
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
    let now = Utc::now();
    let (bytes, name) = with_register(&state, |r| {
        let receipts = match seq {
            Some(seq) => {
                let one = r.consent().receipt(seq, now)?;
                if one.subject_id != person_id {
                    return Err(carnet_core::Error::NotFound { entity: "consent" });
                }
                vec![one]
            }
            None => r.consent().current_receipts(person_id, now)?,
        };
        let stem = match seq {
            Some(seq) => format!("recu-consentement-{person_id}-{seq}"),
            None => format!("releve-consentements-{person_id}"),
        };
        Ok(if json {
            let value = match (seq, receipts.as_slice()) {
                (Some(_), [one]) => serde_json::to_value(one),
                _ => serde_json::to_value(&receipts),
            }
            .expect("a receipt serialises");
            (
                serde_json::to_vec_pretty(&value).expect("JSON"),
                format!("{stem}.json"),
            )
        } else {
            let paper = r.org().profile()?.paper;
            (
                carnet_docs::render(&carnet_docs::consent_receipts(&receipts, paper))?,
                format!("{stem}.pdf"),
            )
        })
    })?;
    let filter: (&str, &[&str]) = if json {
        ("JSON", &["json"])
    } else {
        ("PDF", &["pdf"])
    };
    Ok(save(&window, &state, &name, filter, &bytes)
        .await?
        .map(|p| p.display().to_string()))
}
