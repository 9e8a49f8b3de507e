//! Consent receipts: what a person (or the parent who answered for a child) keeps of a
//! consent given or withdrawn, after ISO/IEC TS 27560's consent record and receipt (and the
//! Kantara consent receipt before it). One receipt per ledger event, in the person's
//! language, with the wording they were shown and the ledger's sequence number and hash, so
//! the office can show a receipt matches its ledger. `docs/consent-receipt.md` lists every
//! field; the PDF is `carnet_docs::consent_receipts`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Consent, ConsentAction, GivenBy};
use crate::error::{Error, Result};
use crate::model::{Channel, Jurisdiction, Language};
use crate::Contexts;

/// The receipts' format, named in each one.
pub const RECEIPT_SCHEMA: &str = "carnet-consent-receipt/1";

/// Who keeps the data and how to reach the person in charge of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptController {
    pub name: String,
    pub address: String,
    /// The person in charge of personal information.
    pub privacy_contact: String,
    pub email: String,
    pub phone: String,
}

/// The purpose consented to, in the words shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptPurpose {
    pub code: String,
    pub label: String,
    /// The exact wording the person saw, in the receipt's language.
    pub wording: String,
    pub version: i64,
    pub effective_on: NaiveDate,
}

/// Where the event sits in the hash-chained ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerReference {
    pub seq: i64,
    /// SHA-256 chain hash of the event (hex), and the one before it.
    pub hash: String,
    pub previous_hash: String,
}

/// A consent receipt (`docs/consent-receipt.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentReceipt {
    pub schema: String,
    /// The receipt's own id: the register's id (first 12 digits) and the ledger's number.
    pub receipt_id: String,
    /// The consent record it is the receipt of: the ledger event's number.
    pub record_id: i64,
    /// The office's day the receipt was made.
    pub issued_on: NaiveDate,
    pub language: Language,
    pub jurisdiction: Jurisdiction,
    pub controller: ReceiptController,
    /// The person the consent is about: their number in the register and their name.
    pub subject_id: i64,
    pub subject_name: String,
    pub purpose: ReceiptPurpose,
    /// The privacy-policy version in force when the consent was expressed.
    pub notice: Option<String>,
    /// Always consent: a receipt is for what the person chose.
    pub legal_basis: String,
    pub event: ConsentAction,
    /// When it was expressed, and when the office recorded it (UTC, RFC 3339).
    pub occurred_at: String,
    pub recorded_at: String,
    /// When it was expressed, on the office's clock (`2026-11-23 10:00 (UTC-05:00)`).
    pub occurred_local: String,
    /// Who expressed it: the person, a guardian, a guardian with the child, a school; and
    /// the guardian's or school's name.
    pub expressed_by: GivenBy,
    pub giver_name: Option<String>,
    pub channel: Channel,
    /// What proves it, as recorded ("signed paper form, binder 2026").
    pub evidence: String,
    /// It decides the purpose's state today (no later event replaced it).
    pub in_force: bool,
    pub ledger: LedgerReference,
}

impl Consent<'_> {
    /// The receipt of ledger event `seq`, in the person's language, issued on the office's
    /// day of `now`.
    pub fn receipt(&self, seq: i64, now: DateTime<Utc>) -> Result<ConsentReceipt> {
        self.receipt_on(seq, self.local_day(now))
    }

    fn receipt_on(&self, seq: i64, issued_on: NaiveDate) -> Result<ConsentReceipt> {
        let e = self.event(seq)?;
        let person = self.people().get(e.person_id)?;
        let lang = person.data.preferred_language;
        let profile = self.org().profile()?;
        let version = self
            .purpose_versions(e.purpose_id)?
            .into_iter()
            .find(|v| v.version == e.purpose_version)
            .ok_or(Error::NotFound { entity: "purpose" })?;
        let (label, wording) = match lang {
            Language::Fr => (version.wording.label_fr, version.wording.wording_fr),
            Language::En => (version.wording.label_en, version.wording.wording_en),
        };
        let giver_name = match (e.giver_person_id, e.giver_org_id) {
            (Some(p), _) => Some(self.people().get(p)?.display_name()),
            (_, Some(o)) => Some(self.org().organisation(o)?.data.name),
            _ => None,
        };
        let (hash, previous): (Vec<u8>, Vec<u8>) = self.conn.query_row(
            "SELECT hash, prev_hash FROM consent_events WHERE seq = ?1",
            [seq],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let in_force = self.state(e.person_id)?.iter().any(|s| s.seq == e.seq);
        Ok(ConsentReceipt {
            schema: RECEIPT_SCHEMA.into(),
            receipt_id: format!(
                "{}-{}",
                self.database_id().get(..12).unwrap_or_default(),
                e.seq
            ),
            record_id: e.seq,
            issued_on,
            language: lang,
            jurisdiction: profile.jurisdiction,
            controller: ReceiptController {
                name: profile.name,
                address: profile.address,
                privacy_contact: profile.privacy_contact,
                email: profile.privacy_email,
                phone: profile.privacy_phone,
            },
            subject_id: person.id,
            subject_name: person.display_name(),
            purpose: ReceiptPurpose {
                code: e.purpose_code,
                label,
                wording,
                version: e.purpose_version,
                effective_on: version.effective_on,
            },
            notice: e.policy_label,
            legal_basis: "consent".into(),
            event: e.action,
            occurred_local: crate::time::parse_stamp(&e.occurred_at)
                .map(|t| self.local_time(t))
                .unwrap_or_else(|_| e.occurred_at.clone()),
            occurred_at: e.occurred_at,
            recorded_at: e.recorded_at,
            expressed_by: e.given_by,
            giver_name,
            channel: e.channel,
            evidence: e.evidence,
            in_force,
            ledger: LedgerReference {
                seq: e.seq,
                hash: hex::encode(hash),
                previous_hash: hex::encode(previous),
            },
        })
    }

    /// The receipts of the events that decide each purpose's state today: a statement of
    /// all of a person's consents (empty when they never answered any).
    pub fn current_receipts(
        &self,
        person_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<ConsentReceipt>> {
        self.state(person_id)?
            .iter()
            .map(|s| self.receipt(s.seq, now))
            .collect()
    }

    /// Whether a receipt (read back from its JSON) is the ledger's: its event is there
    /// with the same hash, and every field it states about the event is the ledger's.
    pub fn receipt_matches(&self, receipt: &ConsentReceipt) -> Result<bool> {
        let ours = match self.receipt_on(receipt.record_id, receipt.issued_on) {
            Ok(r) => r,
            Err(Error::NotFound { .. }) | Err(Error::Storage(_)) => return Ok(false),
            Err(e) => return Err(e),
        };
        Ok(ours.ledger == receipt.ledger
            && ours.subject_id == receipt.subject_id
            && ours.purpose.code == receipt.purpose.code
            && ours.purpose.version == receipt.purpose.version
            && ours.purpose.wording == receipt.purpose.wording
            && ours.event == receipt.event
            && ours.occurred_at == receipt.occurred_at
            && ours.recorded_at == receipt.recorded_at
            && ours.expressed_by == receipt.expressed_by
            && ours.channel == receipt.channel
            && ours.evidence == receipt.evidence)
    }
}
