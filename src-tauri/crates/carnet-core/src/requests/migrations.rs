//! The requests context's part of the register's schema: its steps, each numbered in the one
//! global order of versions (`register::migrations`). Append-only: a step that has shipped
//! is never edited; a change is a new step under the next version.

use crate::privacy::schema::{ACCOUNT, LINK};
use crate::register::migrations::{Declared, Step, Treatment};
use Treatment::{Erased, Kept};

pub(crate) const MIGRATIONS: &[Step] = &[
    // 4: the privacy-request register (access, rectification, erasure…), with the
    // identity check (method, who, when: never a copy of a document) and the response.
    Step::sql(
        4,
        r#"
    CREATE TABLE requests (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'portability', 'objection',
            'consent_withdrawal', 'stop_communications', 'complaint')),
        received_on TEXT NOT NULL,
        channel TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people (id),
        requester TEXT NOT NULL CHECK (requester IN ('person', 'guardian', 'representative')),
        requester_person_id INTEGER REFERENCES people (id),
        requester_name TEXT NOT NULL DEFAULT '',
        identity_method TEXT CHECK (identity_method IN ('member_number', 'email_code', 'document_seen', 'known_in_person')),
        identity_checked_by TEXT,
        identity_checked_on TEXT,
        extension_notice_on TEXT,
        extension_reason TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('received', 'identity_verified', 'answered', 'refused', 'withdrawn')),
        decision TEXT NOT NULL DEFAULT '',
        responded_on TEXT,
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE INDEX requests_person ON requests (person_id);
    CREATE INDEX requests_open ON requests (status, received_on);
    "#,
    ),
    // 5: a refusal names its legal ground (the letter cites the provision); `other`
    // carries the provision as typed by the staff member.
    Step::sql(
        5,
        r#"
    ALTER TABLE requests ADD COLUMN refusal_ground TEXT CHECK (refusal_ground IN
        ('third_party', 'identity_not_established', 'legal_retention', 'legal_proceedings', 'manifestly_unfounded', 'other'));
    ALTER TABLE requests ADD COLUMN refusal_provision TEXT NOT NULL DEFAULT '';
    "#,
    ),
    // 6: which consent events a request caused (a withdrawal recorded from the request
    // page), so its confirmation lists exactly those. Append-only like the ledger.
    Step::sql(
        6,
        r#"
    CREATE TABLE request_consent_events (
        request_id INTEGER NOT NULL REFERENCES requests (id),
        seq INTEGER NOT NULL UNIQUE REFERENCES consent_events (seq),
        PRIMARY KEY (request_id, seq)
    );
    CREATE TRIGGER request_consent_events_no_update BEFORE UPDATE ON request_consent_events
        BEGIN SELECT RAISE(ABORT, 'request links are append-only'); END;
    CREATE TRIGGER request_consent_events_no_delete BEFORE DELETE ON request_consent_events
        BEGIN SELECT RAISE(ABORT, 'request links are append-only'); END;
    "#,
    ),
    // 18: an access package is reviewed before its letter goes out. Items of the report
    // masked (by a stable key naming the row, never its content) with their legal
    // ground; each approval (append-only) fixes a fingerprint of the items and masks it
    // approved, so a later change to the record or the masks asks for a new approval.
    Step::sql(
        18,
        r#"
    CREATE TABLE access_masks (
        request_id INTEGER NOT NULL REFERENCES requests (id),
        item TEXT NOT NULL,
        ground TEXT NOT NULL CHECK (ground IN ('third_party', 'legal_proceedings')),
        masked_by TEXT NOT NULL,
        masked_at TEXT NOT NULL,
        PRIMARY KEY (request_id, item)
    );
    CREATE TABLE access_approvals (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES requests (id),
        approved_by TEXT NOT NULL,
        approved_at TEXT NOT NULL,
        withheld INTEGER NOT NULL,
        fingerprint TEXT NOT NULL
    );
    CREATE INDEX access_approvals_request ON access_approvals (request_id, id);
    CREATE TRIGGER access_approvals_no_update BEFORE UPDATE ON access_approvals
        BEGIN SELECT RAISE(ABORT, 'approvals are append-only'); END;
    CREATE TRIGGER access_approvals_no_delete BEFORE DELETE ON access_approvals
        BEGIN SELECT RAISE(ABORT, 'approvals are append-only'); END;
    "#,
    ),
];

/// What an erasure does to every column of this context's tables (`tests/privacy.rs`
/// fails on a table or column without its line).
pub const ERASURE: Declared = &[
    (
        "requests",
        &[
            ("id", ACCOUNT),
            ("kind", ACCOUNT),
            ("received_on", ACCOUNT),
            ("channel", ACCOUNT),
            ("person_id", LINK),
            ("requester", ACCOUNT),
            ("requester_person_id", LINK),
            ("requester_name", Erased),
            ("identity_method", ACCOUNT),
            ("identity_checked_by", ACCOUNT),
            ("identity_checked_on", ACCOUNT),
            ("extension_notice_on", ACCOUNT),
            ("extension_reason", Erased),
            ("status", ACCOUNT),
            ("decision", Erased),
            ("responded_on", ACCOUNT),
            ("notes", Erased),
            ("created_at", ACCOUNT),
            ("refusal_ground", ACCOUNT),
            ("refusal_provision", Kept("the provision of the law cited")),
        ],
    ),
    (
        "request_consent_events",
        &[("request_id", ACCOUNT), ("seq", ACCOUNT)],
    ),
    // What was withheld and who approved: the request's account, naming no one (an
    // item's key holds row numbers only).
    (
        "access_masks",
        &[
            ("request_id", ACCOUNT),
            ("item", ACCOUNT),
            ("ground", ACCOUNT),
            ("masked_by", ACCOUNT),
            ("masked_at", ACCOUNT),
        ],
    ),
    (
        "access_approvals",
        &[
            ("id", ACCOUNT),
            ("request_id", ACCOUNT),
            ("approved_by", ACCOUNT),
            ("approved_at", ACCOUNT),
            ("withheld", ACCOUNT),
            ("fingerprint", ACCOUNT),
        ],
    ),
];
