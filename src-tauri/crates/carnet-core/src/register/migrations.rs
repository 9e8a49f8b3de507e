//! Append-only schema migrations. Version N brings `user_version` from N-1 to N, in one
//! transaction. Each context keeps its own part of the schema (`<context>/migrations.rs`,
//! a list of [`Step`]s); `contexts::HOOKS.contexts` assembles them, the frame's own steps
//! (`meta`, the audit log, staff accounts' key slots) first. A version's steps run in that
//! order, then their parts written in Rust. Never edit a step that has shipped: add one
//! under the next version (`tests/store.rs` fingerprints what each version makes).

use crate::contexts::HOOKS;
use crate::error::{Error, Result};
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use Treatment::{Kept, NotPersonal};

/// `PRAGMA application_id` of every Carnet database ("CRNT").
pub const APPLICATION_ID: i64 = 0x4352_4E54;

/// What an erasure does to a column (each context declares its tables'; see
/// `privacy::schema`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "treatment", content = "why")]
pub enum Treatment {
    /// Deleted (the row) or blanked (the value) for an erased person.
    Erased,
    /// Replaced: the row stays as a surrogate, this value is reset.
    Anonymised,
    /// Kept, for the reason given; holds nothing that names the person once erased.
    Kept(&'static str),
    /// Not about a person of the register (the organisation, the catalogue, settings).
    NotPersonal,
}

/// A context's tables, each with its columns and what an erasure does to each.
pub type Declared = &'static [(&'static str, &'static [(&'static str, Treatment)])];

/// One context's part of a schema version.
pub(crate) struct Step {
    pub version: i64,
    pub sql: &'static str,
    /// Run after every step's SQL of the version, in the same transaction.
    pub then: Option<fn(&Transaction<'_>) -> Result<()>>,
    /// Tables the step rebuilt: their links are checked before the version commits.
    pub rebuilt: &'static [&'static str],
}

impl Step {
    pub(crate) const fn sql(version: i64, sql: &'static str) -> Step {
        Step {
            version,
            sql,
            then: None,
            rebuilt: &[],
        }
    }

    pub(crate) const fn then(self, f: fn(&Transaction<'_>) -> Result<()>) -> Step {
        Step {
            then: Some(f),
            ..self
        }
    }

    pub(crate) const fn rebuilt(self, tables: &'static [&'static str]) -> Step {
        Step {
            rebuilt: tables,
            ..self
        }
    }
}

/// The frame's own part of the schema.
pub(crate) const MIGRATIONS: &[Step] = &[
    // 1: the register — organisation profile, people and their contacts, schools and
    // other organisations, guardian links, memberships, the name index, the audit log.
    // (org, people, family keep the rest of this version.)
    Step::sql(
        1,
        r#"
    CREATE TABLE meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        database_id TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        staff TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER
    );
    "#,
    ),
    // 7: forgetting. An erased person's row stays as a tombstone (names, address, notes
    // blanked; a random surrogate) so the ledger and the records kept for the law stay
    // linked to nobody. The ledger moves its free text to `consent_evidence` (deletable)
    // and hashes a salted digest of it and of the wording shown; the events are copied
    // and re-chained in Rust (`consent::chain::migrate_v1_to_v2`), which records what the
    // check of the old chain found. Findings, legal holds, erasures, the suppression
    // list, retention rules and purge reports.
    // (people, consent, privacy, incidents keep the rest of this version.)
    Step::sql(
        7,
        r#"
    CREATE INDEX audit_log_entity ON audit_log (entity_id);
    "#,
    ),
    // 12: staff accounts. Each unlocks with a key of its own (`slot_key`, kept here under
    // the register's key and beside the register wrapped by the account's passphrase or in
    // its keyring entry); a name is never reused, so the audit log's name is one account.
    Step::sql(
        12,
        r#"
    CREATE TABLE staff_accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        folded TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('office_staff', 'privacy_officer')),
        slot_key BLOB CHECK (slot_key IS NULL OR length(slot_key) = 32),
        created_at TEXT NOT NULL,
        removed_at TEXT,
        CHECK ((removed_at IS NULL) = (slot_key IS NOT NULL))
    );
    "#,
    ),
    // 15: the suppression digests' key, random and kept here so that a re-key keeps every
    // suppression (a register from before takes the key its digests were made with, derived
    // from its database key, at its first open: nothing to recompute); and whether the
    // recovery key was confirmed put away, kept here rather than in the key file anyone can
    // edit (NULL: a register from before, whose key file says it once).
    Step::sql(
        15,
        r#"
    ALTER TABLE meta ADD COLUMN suppression_key BLOB CHECK (suppression_key IS NULL OR length(suppression_key) = 32);
    ALTER TABLE meta ADD COLUMN recovery_confirmed INTEGER CHECK (recovery_confirmed IN (0, 1));
    "#,
    ),
    // 20: the writes a client's request id made (the register service): a retry of the
    // same request finds it and is told it was applied, instead of applying it twice.
    // Written in the change's own transaction, so it is there exactly when the change is.
    Step::sql(
        20,
        r#"
    CREATE TABLE applied_requests (
        request_id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        entity_id INTEGER
    );
    "#,
    ),
];

/// Every step of every context, in the order a version runs them.
fn steps() -> impl Iterator<Item = &'static Step> {
    HOOKS.contexts.iter().flat_map(|c| c.schema.iter())
}

const fn latest(contexts: &[super::Context]) -> i64 {
    let mut latest = 0;
    let mut i = 0;
    while i < contexts.len() {
        let schema = contexts[i].schema;
        let mut j = 0;
        while j < schema.len() {
            if schema[j].version > latest {
                latest = schema[j].version;
            }
            j += 1;
        }
        i += 1;
    }
    latest
}

/// The schema version this build writes.
pub const LATEST: i64 = latest(HOOKS.contexts);

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies migrations up to `target`, each in its own transaction with its version
/// bump, so a crash leaves the database at a whole version. Foreign keys are off while
/// tables are rebuilt (SQLite's procedure) and checked before each commit.
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current = user_version(conn)?;
    if current > LATEST {
        return Err(Error::DatabaseTooNew {
            found: current,
            supported: LATEST,
        });
    }
    if current >= target.min(LATEST) {
        return Ok(());
    }
    let keys_on: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
    let result = (|| -> Result<()> {
        for version in (current + 1)..=target.min(LATEST) {
            let tx = super::write(conn)?;
            let steps: Vec<&Step> = steps().filter(|s| s.version == version).collect();
            for step in &steps {
                tx.execute_batch(step.sql)?;
            }
            for step in &steps {
                if let Some(then) = step.then {
                    then(&tx)?;
                }
            }
            for step in &steps {
                check_foreign_keys(&tx, version, step.rebuilt)?;
            }
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()?;
        }
        Ok(())
    })();
    if keys_on {
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    }
    result
}

/// The tables a migration rebuilt must point at real rows (older dangling rows elsewhere
/// are not this migration's to judge).
fn check_foreign_keys(tx: &Transaction<'_>, version: i64, rebuilt: &[&str]) -> Result<()> {
    for table in rebuilt {
        let bad: i64 = tx.query_row(
            &format!("SELECT count(*) FROM pragma_foreign_key_check('{table}')"),
            [],
            |r| r.get(0),
        )?;
        if bad > 0 {
            return Err(Error::Storage(format!(
                "migration {version} left {bad} broken links in {table}"
            )));
        }
    }
    Ok(())
}

/// What an erasure does to every column of the frame's tables (`tests/privacy.rs`
/// fails on a table or column without its line).
pub const ERASURE: Declared = &[
    (
        "meta",
        &[
            ("id", NotPersonal),
            ("database_id", NotPersonal),
            ("created_at", NotPersonal),
            ("journal_key", NotPersonal),
            ("suppression_key", NotPersonal),
            ("recovery_confirmed", NotPersonal),
        ],
    ),
    (
        "audit_log",
        &[
            ("id", NotPersonal),
            ("at", NotPersonal),
            ("staff", NotPersonal),
            ("action", NotPersonal),
            ("entity", NotPersonal),
            (
                "entity_id",
                Kept("a record number: the action, not the person"),
            ),
        ],
    ),
    (
        "applied_requests",
        &[
            ("request_id", NotPersonal),
            ("at", NotPersonal),
            ("action", NotPersonal),
            (
                "entity_id",
                Kept("a record number: the action, not the person"),
            ),
        ],
    ),
    // Staff accounts describe the office's own staff, not the people of the register.
    (
        "staff_accounts",
        &[
            ("id", NotPersonal),
            ("name", NotPersonal),
            ("folded", NotPersonal),
            ("role", NotPersonal),
            ("slot_key", NotPersonal),
            ("created_at", NotPersonal),
            ("removed_at", NotPersonal),
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every version from 1 to `LATEST` has a step, and each context lists its steps in
    /// the order of versions (a new step goes at the end of its context's list).
    #[test]
    fn every_version_has_a_step_and_each_list_is_in_order() {
        for version in 1..=LATEST {
            assert!(
                steps().any(|s| s.version == version),
                "version {version} has no step"
            );
        }
        for c in HOOKS.contexts {
            assert!(
                c.schema.windows(2).all(|w| w[0].version < w[1].version),
                "{}",
                c.name
            );
        }
        assert!(
            HOOKS.contexts[0].schema.as_ptr() == MIGRATIONS.as_ptr(),
            "the frame's steps come first"
        );
    }
}
