//! The suppression list: keyed digests of the addresses of erased (and, later,
//! unsubscribed) people, so an address is never exported again nor re-imported as a
//! subscriber. The digest is keyed by the register's key: the list cannot be matched
//! against a stolen list of addresses without it.

use crate::privacy::Privacy;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressKind {
    Email,
    Phone,
}

impl AddressKind {
    fn as_str(self) -> &'static str {
        match self {
            AddressKind::Email => "email",
            AddressKind::Phone => "phone",
        }
    }
}

/// The form an address is compared in: an email trimmed and lower-cased, a phone number
/// as its digits alone.
fn normal(kind: AddressKind, value: &str) -> String {
    match kind {
        AddressKind::Email => value.trim().to_lowercase(),
        AddressKind::Phone => value.chars().filter(char::is_ascii_digit).collect(),
    }
}

pub(crate) fn digest(key: &[u8; 32], kind: AddressKind, value: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"carnet suppressed address v1");
    h.update(key);
    h.update(kind.as_str().as_bytes());
    h.update([0]);
    h.update(normal(kind, value).as_bytes());
    h.finalize().into()
}

/// Adds the addresses of everyone in `temp.erase_set` to the list.
pub(crate) fn suppress_set(conn: &Connection, key: &[u8; 32], today: NaiveDate) -> Result<()> {
    let contacts: Vec<(String, String)> = crate::register::rows(
        conn,
        "SELECT kind, value FROM person_contacts WHERE person_id IN (SELECT id FROM temp.erase_set)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO suppressed_addresses (digest, kind, reason, added_on) VALUES (?1, ?2, 'erasure', ?3)",
    )?;
    for (kind, value) in contacts {
        let kind = if kind == "email" {
            AddressKind::Email
        } else {
            AddressKind::Phone
        };
        if normal(kind, &value).is_empty() {
            continue;
        }
        insert.execute(rusqlite::params![
            &digest(key, kind, &value)[..],
            kind.as_str(),
            today
        ])?;
    }
    Ok(())
}

impl Privacy<'_> {
    /// Whether an address is on the suppression list.
    pub fn is_suppressed(&self, kind: AddressKind, value: &str) -> Result<bool> {
        let d = digest(&self.suppression_key(), kind, value);
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM suppressed_addresses WHERE digest = ?1)",
            [&d[..]],
            |r| r.get(0),
        )?)
    }

    pub fn suppressed_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM suppressed_addresses", [], |r| {
                r.get(0)
            })?)
    }
}
