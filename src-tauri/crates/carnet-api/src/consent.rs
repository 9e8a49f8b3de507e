//! Consents: recording one, the purposes and their wordings, policy versions, checking
//! the ledger, receipts.

use carnet_core::consent::{
    ConsentAction, ConsentEvent, ConsentInput, GivenBy, LedgerReport, PolicyVersion, Purpose,
    PurposeWording,
};
use carnet_core::family::Guardian;
use carnet_core::model::Channel;
use carnet_core::Contexts;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A consent as the form sends it: `occurred_at` is optional (now).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConsentFormInput {
    pub person_id: i64,
    pub purpose: String,
    pub action: ConsentAction,
    pub channel: Channel,
    pub given_by: GivenBy,
    #[serde(default)]
    pub giver: Option<Guardian>,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub occurred_at: Option<DateTime<Utc>>,
}

crate::command! {
    RecordConsent = "record_consent" { form: ConsentFormInput } -> ConsentEvent,
    |c, r, at| {
        let f = c.form;
        let input = ConsentInput {
            person_id: f.person_id,
            purpose: f.purpose,
            purpose_version: None,
            action: f.action,
            channel: f.channel,
            given_by: f.given_by,
            giver: f.giver,
            evidence: f.evidence,
            occurred_at: f.occurred_at.unwrap_or(at.now),
        };
        r.consent().record(&input, at.now)
    }
}

crate::command! {
    read
    Purposes = "purposes" {} -> Vec<Purpose>,
    |c, r, at| r.consent().purposes()
}

crate::command! {
    AddPurposeVersion = "add_purpose_version" {
        purpose_id: i64,
        wording: PurposeWording,
        effective_on: NaiveDate,
    } -> i64,
    |c, r, at| r.consent().add_purpose_version(c.purpose_id, &c.wording, c.effective_on, at.now)
}

crate::command! {
    read
    PolicyVersions = "policy_versions" {} -> Vec<PolicyVersion>,
    |c, r, at| r.consent().policy_versions()
}

crate::command! {
    AddPolicyVersion = "add_policy_version" {
        label: String,
        effective_on: NaiveDate,
        text_fr: String,
        text_en: String,
    } -> i64,
    |c, r, at| r.consent().add_policy_version(&c.label, c.effective_on, &c.text_fr, &c.text_en, at.now)
}

crate::command! {
    VerifyLedger = "verify_ledger" {} -> LedgerReport,
    |c, r, at| r.consent().verify_ledger()
}

crate::command! {
    /// The person in charge acknowledges what the ledger check shows (recorded with a
    /// note); the findings stay in every later report.
    AcknowledgeLedger = "acknowledge_ledger" { note: String } -> LedgerReport,
    |c, r, at| r.consent().acknowledge_ledger(&c.note, at.now)
}

crate::command! {
    /// A consent receipt for the person: one ledger entry (`seq`), or the statement of
    /// every purpose's current state; `json` for the receipt's JSON
    /// (`docs/consent-receipt.md`) instead of the PDF.
    ConsentReceiptFile = "consent_receipt_file" { person_id: i64, seq: Option<i64>, json: bool } -> crate::File,
    |c, r, at| {
        let receipts = match c.seq {
            Some(seq) => {
                let one = r.consent().receipt(seq, at.now)?;
                if one.subject_id != c.person_id {
                    return Err(carnet_core::Error::NotFound { entity: "consent" });
                }
                vec![one]
            }
            None => r.consent().current_receipts(c.person_id, at.now)?,
        };
        let person_id = c.person_id;
        let stem = match c.seq {
            Some(seq) => format!("recu-consentement-{person_id}-{seq}"),
            None => format!("releve-consentements-{person_id}"),
        };
        Ok(if c.json {
            let value = match (c.seq, receipts.as_slice()) {
                (Some(_), [one]) => serde_json::to_value(one),
                _ => serde_json::to_value(&receipts),
            }
            .and_then(|v| serde_json::to_vec_pretty(&v))
            .map_err(|_| carnet_core::Error::Document("the receipt could not be written"))?;
            crate::File { name: format!("{stem}.json"), bytes: value }
        } else {
            let paper = r.org().profile()?.paper;
            crate::File {
                name: format!("{stem}.pdf"),
                bytes: carnet_docs::render(&carnet_docs::consent_receipts(&receipts, paper))?,
            }
        })
    }
}
