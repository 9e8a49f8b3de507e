//! The privacy context's part of the register's schema: its steps, each numbered in the one
//! global order of versions (`register::migrations`). Append-only: a step that has shipped
//! is never edited; a change is a new step under the next version.

use crate::privacy::schema::{ACCOUNT, LINK};
use crate::register::migrations::{Declared, Step, Treatment};
use Treatment::{Erased, Kept, NotPersonal};

pub(crate) const MIGRATIONS: &[Step] = &[
    // 7: forgetting. An erased person's row stays as a tombstone (names, address, notes
    // blanked; a random surrogate) so the ledger and the records kept for the law stay
    // linked to nobody. The ledger moves its free text to `consent_evidence` (deletable)
    // and hashes a salted digest of it and of the wording shown; the events are copied
    // and re-chained in Rust (`consent::chain::migrate_v1_to_v2`), which records what the
    // check of the old chain found. Findings, legal holds, erasures, the suppression
    // list, retention rules and purge reports.
    // (people, consent, incidents, register keep the rest of this version.)
    Step::sql(
        7,
        r#"
    CREATE TABLE legal_holds (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people (id),
        reason TEXT NOT NULL CHECK (reason IN ('accounting', 'legal_proceedings', 'anti_fraud', 'other')),
        note TEXT NOT NULL DEFAULT '',
        until TEXT NOT NULL,
        created_at TEXT NOT NULL,
        staff TEXT NOT NULL
    );
    CREATE INDEX legal_holds_person ON legal_holds (person_id, until);
    CREATE TABLE erasures (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people (id),
        request_id INTEGER REFERENCES requests (id),
        origin TEXT NOT NULL CHECK (origin IN ('request', 'retention')),
        executed_at TEXT NOT NULL,
        staff TEXT NOT NULL,
        deferred_until TEXT,
        completed_on TEXT,
        summary TEXT NOT NULL
    );
    CREATE INDEX erasures_person ON erasures (person_id);
    CREATE INDEX erasures_request ON erasures (request_id);
    CREATE TABLE suppressed_addresses (
        digest BLOB PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
        reason TEXT NOT NULL CHECK (reason IN ('erasure', 'unsubscribe')),
        added_on TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE retention_rules (
        category TEXT PRIMARY KEY CHECK (category IN ('former_people', 'closed_requests', 'audit_log', 'incidents')),
        months INTEGER NOT NULL CHECK (months BETWEEN 1 AND 1200),
        updated_at TEXT NOT NULL,
        staff TEXT NOT NULL
    );
    CREATE TABLE purge_reports (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        staff TEXT NOT NULL,
        day TEXT NOT NULL,
        counts TEXT NOT NULL
    );
    CREATE TABLE processing_versions (
        version INTEGER PRIMARY KEY,
        effective_on TEXT NOT NULL,
        adopted_at TEXT NOT NULL,
        staff TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE TABLE recipient_notices (
        request_id INTEGER NOT NULL REFERENCES requests (id),
        recipient TEXT NOT NULL,
        notified_on TEXT NOT NULL,
        staff TEXT NOT NULL,
        PRIMARY KEY (request_id, recipient)
    ) WITHOUT ROWID;
    "#,
    ),
    // 9: newsletter lists and the terms of each subscription (express, or implied with its
    // source and expiry), unsubscribes to carry out in the mailing tool, per-list
    // suppression and undeliverable addresses (keyed digests); licences and their terms;
    // the imports; billing's retention rule.
    // (newsletter, consent, licences, exchange keep the rest of this version.)
    Step::sql(
        9,
        r#"
    CREATE TABLE retention_rules_new (
        category TEXT PRIMARY KEY CHECK (category IN ('former_people', 'closed_requests', 'audit_log', 'incidents', 'billing')),
        months INTEGER NOT NULL CHECK (months BETWEEN 1 AND 1200),
        updated_at TEXT NOT NULL,
        staff TEXT NOT NULL
    );
    INSERT INTO retention_rules_new SELECT * FROM retention_rules;
    DROP TABLE retention_rules;
    ALTER TABLE retention_rules_new RENAME TO retention_rules;
    "#,
    ),
    // 11: an erasure can also be one a restore carried out again (`restore`).
    Step::sql(
        11,
        r#"
    CREATE TABLE erasures_new (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people (id),
        request_id INTEGER REFERENCES requests (id),
        origin TEXT NOT NULL CHECK (origin IN ('request', 'retention', 'restore')),
        executed_at TEXT NOT NULL,
        staff TEXT NOT NULL,
        deferred_until TEXT,
        completed_on TEXT,
        summary TEXT NOT NULL
    );
    INSERT INTO erasures_new SELECT * FROM erasures;
    DROP TABLE erasures;
    ALTER TABLE erasures_new RENAME TO erasures;
    CREATE INDEX erasures_person ON erasures (person_id);
    CREATE INDEX erasures_request ON erasures (request_id);
    "#,
    )
    .rebuilt(&["erasures"]),
];

/// What an erasure does to every column of this context's tables (`tests/privacy.rs`
/// fails on a table or column without its line).
pub const ERASURE: Declared = &[
    (
        "legal_holds",
        &[
            ("id", Erased),
            ("person_id", Erased),
            ("reason", Erased),
            ("note", Erased),
            ("until", Erased),
            ("created_at", Erased),
            ("staff", Erased),
        ],
    ),
    (
        "erasures",
        &[
            ("id", Kept("the record of the erasure itself")),
            ("person_id", LINK),
            ("request_id", ACCOUNT),
            ("origin", Kept("the record of the erasure itself")),
            ("executed_at", Kept("the record of the erasure itself")),
            ("staff", Kept("the record of the erasure itself")),
            ("deferred_until", Kept("the record of the erasure itself")),
            ("completed_on", Kept("the record of the erasure itself")),
            ("summary", Kept("counts only")),
        ],
    ),
    (
        "suppressed_addresses",
        &[
            (
                "digest",
                Kept("a keyed digest, so the address is never used again"),
            ),
            ("kind", Kept("email or phone")),
            ("reason", Kept("why the address is suppressed")),
            ("added_on", Kept("when")),
        ],
    ),
    (
        "retention_rules",
        &[
            ("category", NotPersonal),
            ("months", NotPersonal),
            ("updated_at", NotPersonal),
            ("staff", NotPersonal),
        ],
    ),
    (
        "purge_reports",
        &[
            ("id", NotPersonal),
            ("at", NotPersonal),
            ("staff", NotPersonal),
            ("day", NotPersonal),
            ("counts", NotPersonal),
        ],
    ),
    (
        "processing_versions",
        &[
            ("version", NotPersonal),
            ("effective_on", NotPersonal),
            ("adopted_at", NotPersonal),
            ("staff", NotPersonal),
            ("body", NotPersonal),
        ],
    ),
    (
        "recipient_notices",
        &[
            ("request_id", ACCOUNT),
            ("recipient", ACCOUNT),
            ("notified_on", ACCOUNT),
            ("staff", ACCOUNT),
        ],
    ),
];
