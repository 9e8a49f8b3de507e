//! The newsletter context's part of the register's schema: its steps, each numbered in the one
//! global order of versions (`register::migrations`). Append-only: a step that has shipped
//! is never edited; a change is a new step under the next version.

use crate::privacy::schema::PROOF;
use crate::register::migrations::{Declared, Step, Treatment};
use Treatment::NotPersonal;

pub(crate) const MIGRATIONS: &[Step] = &[
    // 9: newsletter lists and the terms of each subscription (express, or implied with its
    // source and expiry), unsubscribes to carry out in the mailing tool, per-list
    // suppression and undeliverable addresses (keyed digests); licences and their terms;
    // the imports; billing's retention rule.
    // (consent, licences, exchange, privacy keep the rest of this version.)
    Step::sql(
        9,
        r#"
    CREATE TABLE newsletter_lists (
        id INTEGER PRIMARY KEY,
        purpose_id INTEGER NOT NULL UNIQUE REFERENCES purposes (id),
        name TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT ''
    );
    INSERT INTO newsletter_lists (purpose_id, name)
        SELECT id, 'Infolettre' FROM purposes WHERE code = 'newsletter';
    CREATE TABLE consent_terms (
        seq INTEGER PRIMARY KEY REFERENCES consent_events (seq),
        kind TEXT NOT NULL CHECK (kind IN ('express', 'implied')),
        implied_source TEXT CHECK (implied_source IN ('purchase', 'membership', 'donation', 'volunteering', 'inquiry')),
        source_on TEXT,
        expires_on TEXT,
        confirmed_at TEXT,
        digest BLOB NOT NULL,
        CHECK ((kind = 'implied') = (implied_source IS NOT NULL AND source_on IS NOT NULL AND expires_on IS NOT NULL))
    );
    CREATE TRIGGER consent_terms_no_update BEFORE UPDATE ON consent_terms BEGIN SELECT RAISE(ABORT, 'the terms of a consent are never edited'); END;
    CREATE TRIGGER consent_terms_no_delete BEFORE DELETE ON consent_terms BEGIN SELECT RAISE(ABORT, 'the terms of a consent are never removed'); END;
    CREATE TABLE unsubscribes (
        seq INTEGER PRIMARY KEY REFERENCES consent_events (seq),
        list_id INTEGER NOT NULL REFERENCES newsletter_lists (id),
        due_on TEXT NOT NULL,
        done_on TEXT,
        source TEXT NOT NULL CHECK (source IN ('office', 'mailing_tool'))
    );
    CREATE INDEX unsubscribes_pending ON unsubscribes (list_id) WHERE done_on IS NULL;
    CREATE TABLE list_suppressions (
        list_id INTEGER NOT NULL REFERENCES newsletter_lists (id),
        digest BLOB NOT NULL,
        added_on TEXT NOT NULL,
        PRIMARY KEY (list_id, digest)
    ) WITHOUT ROWID;
    CREATE TABLE undeliverable_addresses (
        digest BLOB PRIMARY KEY,
        since TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    ),
];

const UNSUBSCRIBED: Treatment = Treatment::Kept(
    "a keyed digest of an address: it is never written to again; the address cannot be read back",
);

/// What an erasure does to every column of this context's tables (`tests/privacy.rs`
/// fails on a table or column without its line).
pub const ERASURE: Declared = &[
    (
        "newsletter_lists",
        &[
            ("id", NotPersonal),
            ("purpose_id", NotPersonal),
            ("name", NotPersonal),
            ("tags", NotPersonal),
        ],
    ),
    (
        "consent_terms",
        &[
            ("seq", PROOF),
            ("kind", PROOF),
            ("implied_source", PROOF),
            ("source_on", PROOF),
            ("expires_on", PROOF),
            ("confirmed_at", PROOF),
            ("digest", PROOF),
        ],
    ),
    (
        "unsubscribes",
        &[
            ("seq", PROOF),
            ("list_id", PROOF),
            ("due_on", PROOF),
            ("done_on", PROOF),
            ("source", PROOF),
        ],
    ),
    (
        "list_suppressions",
        &[
            ("list_id", NotPersonal),
            ("digest", UNSUBSCRIBED),
            ("added_on", UNSUBSCRIBED),
        ],
    ),
    (
        "undeliverable_addresses",
        &[("digest", UNSUBSCRIBED), ("since", UNSUBSCRIBED)],
    ),
];
