//! The incidents context's part of the register's schema: its steps, each numbered in the one
//! global order of versions (`register::migrations`). Append-only: a step that has shipped
//! is never edited; a change is a new step under the next version.

use crate::register::migrations::{Declared, Step, Treatment};

pub(crate) const MIGRATIONS: &[Step] = &[
    // 7: forgetting. An erased person's row stays as a tombstone (names, address, notes
    // blanked; a random surrogate) so the ledger and the records kept for the law stay
    // linked to nobody. The ledger moves its free text to `consent_evidence` (deletable)
    // and hashes a salted digest of it and of the wording shown; the events are copied
    // and re-chained in Rust (`consent::chain::migrate_v1_to_v2`), which records what the
    // check of the old chain found. Findings, legal holds, erasures, the suppression
    // list, retention rules and purge reports.
    // (people, consent, privacy, register keep the rest of this version.)
    Step::sql(
        7,
        r#"
    CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        nature TEXT NOT NULL CHECK (nature IN ('access', 'use', 'disclosure', 'loss', 'other')),
        information TEXT NOT NULL,
        categories TEXT NOT NULL,
        circumstances TEXT NOT NULL,
        occurred_from TEXT,
        occurred_to TEXT,
        learned_at TEXT NOT NULL,
        people_count INTEGER,
        records_count INTEGER,
        people_concerned TEXT NOT NULL DEFAULT '',
        sensitivity TEXT NOT NULL DEFAULT '',
        misuse TEXT NOT NULL DEFAULT '',
        consequences TEXT NOT NULL DEFAULT '',
        likelihood TEXT CHECK (likelihood IN ('unlikely', 'possible', 'likely', 'very_likely')),
        serious_risk INTEGER CHECK (serious_risk IN (0, 1)),
        authority_notified_on TEXT,
        authority_reason TEXT NOT NULL DEFAULT '',
        people_notified_on TEXT,
        public_notice_on TEXT,
        measures TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        staff TEXT NOT NULL
    );
    CREATE INDEX incidents_learned ON incidents (learned_at);
    "#,
    ),
];

const INCIDENT: Treatment = Treatment::Kept(
    "the incident register describes groups and counts, never a person by name; kept five years",
);

/// What an erasure does to every column of this context's tables (`tests/privacy.rs`
/// fails on a table or column without its line).
pub const ERASURE: Declared = &[(
    "incidents",
    &[
        ("id", INCIDENT),
        ("title", INCIDENT),
        ("nature", INCIDENT),
        ("information", INCIDENT),
        ("categories", INCIDENT),
        ("circumstances", INCIDENT),
        ("occurred_from", INCIDENT),
        ("occurred_to", INCIDENT),
        ("learned_at", INCIDENT),
        ("people_count", INCIDENT),
        ("records_count", INCIDENT),
        ("people_concerned", INCIDENT),
        ("sensitivity", INCIDENT),
        ("misuse", INCIDENT),
        ("consequences", INCIDENT),
        ("likelihood", INCIDENT),
        ("serious_risk", INCIDENT),
        ("authority_notified_on", INCIDENT),
        ("authority_reason", INCIDENT),
        ("people_notified_on", INCIDENT),
        ("public_notice_on", INCIDENT),
        ("measures", INCIDENT),
        ("created_at", INCIDENT),
        ("updated_at", INCIDENT),
        ("staff", INCIDENT),
    ],
)];
