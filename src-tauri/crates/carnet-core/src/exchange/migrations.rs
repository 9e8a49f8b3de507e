//! The exchange context's part of the register's schema: its steps, each numbered in the one
//! global order of versions (`register::migrations`). Append-only: a step that has shipped
//! is never edited; a change is a new step under the next version.

use crate::register::migrations::{Declared, Step, Treatment};
use Treatment::NotPersonal;

pub(crate) const MIGRATIONS: &[Step] = &[
    // 9: newsletter lists and the terms of each subscription (express, or implied with its
    // source and expiry), unsubscribes to carry out in the mailing tool, per-list
    // suppression and undeliverable addresses (keyed digests); licences and their terms;
    // the imports; billing's retention rule.
    // (newsletter, consent, licences, privacy keep the rest of this version.)
    Step::sql(
        9,
        r#"
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        staff TEXT NOT NULL,
        kind TEXT NOT NULL,
        channel TEXT NOT NULL,
        created INTEGER NOT NULL,
        updated INTEGER NOT NULL
    );
    "#,
    ),
];

/// What an erasure does to every column of this context's tables (`tests/privacy.rs`
/// fails on a table or column without its line).
pub const ERASURE: Declared = &[(
    "imports",
    &[
        ("id", NotPersonal),
        ("at", NotPersonal),
        ("staff", NotPersonal),
        ("kind", NotPersonal),
        ("channel", NotPersonal),
        ("created", NotPersonal),
        ("updated", NotPersonal),
    ],
)];
