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

std::thread_local! {
    /// The client request id of the call this thread runs (the register service sets it
    /// around one call: `Register::set_request_id`).
    static REQUEST_ID: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

pub(crate) fn set_request_id(id: Option<&str>) {
    REQUEST_ID.with(|r| *r.borrow_mut() = id.map(str::to_owned));
}

/// Writes an audit row in the change's transaction. Every write goes through here, so
/// here too a client's request id is recorded with the first row of its call: in the same
/// transaction, it is there exactly when the change is.
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
    REQUEST_ID.with(|r| -> Result<()> {
        if let Some(request) = r.borrow().as_deref() {
            conn.execute(
                "INSERT OR IGNORE INTO applied_requests (request_id, at, action, entity_id) VALUES (?1, ?2, ?3, ?4)",
                (request, crate::time::stamp(now), action, entity_id),
            )?;
        }
        Ok(())
    })
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
