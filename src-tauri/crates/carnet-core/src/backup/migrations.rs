//! The backup context's part of the register's schema: its steps, each numbered in the one
//! global order of versions (`register::migrations`). Append-only: a step that has shipped
//! is never edited; a change is a new step under the next version.

use crate::register::migrations::{Declared, Step, Treatment};
use Treatment::NotPersonal;

pub(crate) const MIGRATIONS: &[Step] = &[
    // 10: where backups go and how long they are kept; the backups taken.
    Step::sql(
        10,
        r#"
    CREATE TABLE backup_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        folder TEXT,
        keep_daily INTEGER NOT NULL CHECK (keep_daily BETWEEN 1 AND 366),
        keep_monthly INTEGER NOT NULL CHECK (keep_monthly BETWEEN 0 AND 120),
        erased_days INTEGER NOT NULL CHECK (erased_days BETWEEN 0 AND 365)
    );
    CREATE TABLE backup_log (
        id INTEGER PRIMARY KEY,
        taken_at TEXT NOT NULL,
        file_name TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        people INTEGER NOT NULL
    );
    "#,
    ),
    // 13: the key that signs the erasure journal kept beside the backups (made on first
    // need, and carried by every backup after).
    Step::sql(
        13,
        r#"
    ALTER TABLE meta ADD COLUMN journal_key BLOB CHECK (journal_key IS NULL OR length(journal_key) = 32);
    "#,
    ),
];

/// What an erasure does to every column of this context's tables (`tests/privacy.rs`
/// fails on a table or column without its line).
pub const ERASURE: Declared = &[
    (
        "backup_settings",
        &[
            ("id", NotPersonal),
            ("folder", NotPersonal),
            ("keep_daily", NotPersonal),
            ("keep_monthly", NotPersonal),
            ("erased_days", NotPersonal),
        ],
    ),
    (
        "backup_log",
        &[
            ("id", NotPersonal),
            ("taken_at", NotPersonal),
            ("file_name", NotPersonal),
            ("bytes", NotPersonal),
            ("people", NotPersonal),
        ],
    ),
];
