//! The audit log of staff actions: what was done, when, by whom, to which record id.
//! It never holds names, addresses or any other value of the record itself.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

use super::Register;
use crate::error::Result;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub staff: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
}

pub(crate) fn record(
    conn: &Connection,
    now: DateTime<Utc>,
    staff: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, staff, action, entity, entity_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        (crate::time::stamp(now), staff, action, entity, entity_id),
    )?;
    Ok(())
}

impl Register {
    // The audit log of staff actions, the most recent first (written by `change`).
    /// The most recent entries first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        self.rows(
            "SELECT id, at, staff, action, entity, entity_id FROM audit_log ORDER BY id DESC LIMIT ?1",
            [limit],
            |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                staff: r.get(2)?,
                action: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
            })
        },
        )
    }
}
