//! What a person can consent to: purposes with versioned wording (earlier consents keep
//! pointing at the version they were given under) and the privacy-policy versions.

use super::Consent;
use crate::Contexts;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::consent::PurposeKind;
use crate::error::{Error, Result};
use crate::field::Field;
use crate::fold::bounded;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeWording {
    pub label_fr: String,
    pub label_en: String,
    pub wording_fr: String,
    pub wording_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurposeVersion {
    pub purpose_id: i64,
    pub version: i64,
    #[serde(flatten)]
    pub wording: PurposeWording,
    pub effective_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Purpose {
    pub id: i64,
    pub code: String,
    pub kind: PurposeKind,
    pub active: bool,
    /// The newest wording.
    pub latest: PurposeVersion,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyVersion {
    pub id: i64,
    pub label: String,
    pub effective_on: NaiveDate,
    pub text_fr: String,
    pub text_en: String,
}

fn check_wording(w: &PurposeWording) -> Result<PurposeWording> {
    let c = PurposeWording {
        label_fr: bounded(Field::PurposeLabel, &w.label_fr)?,
        label_en: bounded(Field::PurposeLabel, &w.label_en)?,
        wording_fr: bounded(Field::PurposeWording, &w.wording_fr)?,
        wording_en: bounded(Field::PurposeWording, &w.wording_en)?,
    };
    if c.label_fr.is_empty() || c.label_en.is_empty() {
        return Err(Error::invalid(
            Field::PurposeLabel,
            "is needed in French and in English",
        ));
    }
    if c.wording_fr.is_empty() || c.wording_en.is_empty() {
        return Err(Error::invalid(
            Field::PurposeWording,
            "is needed in French and in English",
        ));
    }
    Ok(c)
}

impl Consent<'_> {
    pub fn purposes(&self) -> Result<Vec<Purpose>> {
        self.rows(
            "SELECT p.id, p.code, p.kind, p.active, v.version, v.label_fr, v.label_en, v.wording_fr, v.wording_en, v.effective_on
             FROM purposes p JOIN purpose_versions v ON v.purpose_id = p.id
             WHERE v.version = (SELECT MAX(version) FROM purpose_versions WHERE purpose_id = p.id)
             ORDER BY p.id",
            [],
            |r| {
                Ok(Purpose {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    kind: r.get(2)?,
                    active: r.get(3)?,
                    latest: PurposeVersion {
                        purpose_id: r.get(0)?,
                        version: r.get(4)?,
                        wording: PurposeWording {
                            label_fr: r.get(5)?,
                            label_en: r.get(6)?,
                            wording_fr: r.get(7)?,
                            wording_en: r.get(8)?,
                        },
                        effective_on: r.get(9)?,
                    },
                })
            },
        )
    }

    pub fn purpose_versions(&self, purpose_id: i64) -> Result<Vec<PurposeVersion>> {
        self.rows(
            "SELECT purpose_id, version, label_fr, label_en, wording_fr, wording_en, effective_on
             FROM purpose_versions WHERE purpose_id = ?1 ORDER BY version",
            [purpose_id],
            |r| {
                Ok(PurposeVersion {
                    purpose_id: r.get(0)?,
                    version: r.get(1)?,
                    wording: PurposeWording {
                        label_fr: r.get(2)?,
                        label_en: r.get(3)?,
                        wording_fr: r.get(4)?,
                        wording_en: r.get(5)?,
                    },
                    effective_on: r.get(6)?,
                })
            },
        )
    }

    /// The purpose's id and whether it is still offered.
    pub(crate) fn purpose_id(&self, code: &str) -> Result<(i64, bool)> {
        self.conn
            .query_row(
                "SELECT id, active FROM purposes WHERE code = ?1",
                [code],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(Error::NotFound { entity: "purpose" })
    }

    /// A new purpose with its first wording. The code is a short identifier (`a-z`, `_`).
    pub fn add_purpose(
        &self,
        code: &str,
        kind: PurposeKind,
        wording: &PurposeWording,
        effective_on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.require(crate::accounts::Permission::ConsentCatalogue)?;
        let code = code.trim();
        if code.is_empty()
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(Error::invalid(
                Field::PurposeCode,
                "use lower-case letters, digits and _",
            ));
        }
        let w = check_wording(wording)?;
        self.change(now, "purpose.create", "purpose", |tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM purposes WHERE code = ?1)",
                [code],
                |r| r.get(0),
            )?;
            if taken {
                return Err(Error::Conflict("a purpose with this code already exists"));
            }
            tx.execute(
                "INSERT INTO purposes (code, kind) VALUES (?1, ?2)",
                (code, kind),
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO purpose_versions (purpose_id, version, label_fr, label_en, wording_fr, wording_en, effective_on) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6)",
                (id, &w.label_fr, &w.label_en, &w.wording_fr, &w.wording_en, effective_on),
            )?;
            Ok((Some(id), id))
        })
    }

    /// A new wording for a purpose; earlier consents keep pointing at the version they
    /// were given under. Returns the new version number.
    pub fn add_purpose_version(
        &self,
        purpose_id: i64,
        wording: &PurposeWording,
        effective_on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.require(crate::accounts::Permission::ConsentCatalogue)?;
        let w = check_wording(wording)?;
        self.change(now, "purpose.new_version", "purpose", |tx| {
            let last: Option<(i64, NaiveDate)> = tx
                .query_row(
                    "SELECT version, effective_on FROM purpose_versions WHERE purpose_id = ?1 ORDER BY version DESC LIMIT 1",
                    [purpose_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (last_version, last_effective) =
                last.ok_or(Error::NotFound { entity: "purpose" })?;
            if effective_on < last_effective {
                return Err(Error::invalid(
                    Field::EffectiveDate,
                    "is before the current wording's",
                ));
            }
            let version = last_version + 1;
            tx.execute(
                "INSERT INTO purpose_versions (purpose_id, version, label_fr, label_en, wording_fr, wording_en, effective_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                (purpose_id, version, &w.label_fr, &w.label_en, &w.wording_fr, &w.wording_en, effective_on),
            )?;
            Ok((Some(purpose_id), version))
        })
    }

    /// Stops (or resumes) offering a purpose. Past events and withdrawals stay possible.
    pub fn set_purpose_active(
        &self,
        purpose_id: i64,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.require(crate::accounts::Permission::ConsentCatalogue)?;
        let action = if active {
            "purpose.activate"
        } else {
            "purpose.deactivate"
        };
        self.change(now, action, "purpose", |tx| {
            if tx.execute(
                "UPDATE purposes SET active = ?2 WHERE id = ?1",
                (purpose_id, active),
            )? == 0
            {
                return Err(Error::NotFound { entity: "purpose" });
            }
            Ok((Some(purpose_id), ()))
        })
    }

    pub fn add_policy_version(
        &self,
        label: &str,
        effective_on: NaiveDate,
        text_fr: &str,
        text_en: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.require(crate::accounts::Permission::ConsentCatalogue)?;
        let (label, text_fr, text_en) = (
            bounded(Field::PolicyVersion, label)?,
            bounded(Field::PolicyText, text_fr)?,
            bounded(Field::PolicyText, text_en)?,
        );
        if label.is_empty() {
            return Err(Error::invalid(Field::PolicyVersion, "needs a label"));
        }
        if text_fr.is_empty() && text_en.is_empty() {
            return Err(Error::invalid(Field::PolicyText, "must not be empty"));
        }
        self.change(now, "policy.create", "policy_version", |tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM policy_versions WHERE label = ?1)",
                [&label],
                |r| r.get(0),
            )?;
            if taken {
                return Err(Error::Conflict(
                    "a policy version with this label already exists",
                ));
            }
            tx.execute(
                "INSERT INTO policy_versions (label, effective_on, text_fr, text_en) VALUES (?1, ?2, ?3, ?4)",
                (&label, effective_on, &text_fr, &text_en),
            )?;
            let id = tx.last_insert_rowid();
            Ok((Some(id), id))
        })
    }

    pub fn policy_versions(&self) -> Result<Vec<PolicyVersion>> {
        self.rows(
            "SELECT id, label, effective_on, text_fr, text_en FROM policy_versions ORDER BY effective_on, id",
            [],
            |r| {
                Ok(PolicyVersion {
                    id: r.get(0)?,
                    label: r.get(1)?,
                    effective_on: r.get(2)?,
                    text_fr: r.get(3)?,
                    text_en: r.get(4)?,
                })
            },
        )
    }

    /// The policy version in force on a day: the latest one already effective.
    pub fn policy_in_force(&self, day: NaiveDate) -> Result<Option<PolicyVersion>> {
        Ok(self
            .consent()
            .policy_versions()?
            .into_iter()
            .rev()
            .find(|p| p.effective_on <= day))
    }
}
