//! The people context's part of the register's schema: its steps, each numbered in the one
//! global order of versions (`register::migrations`). Append-only: a step that has shipped
//! is never edited; a change is a new step under the next version.

use crate::privacy::schema::LINK;
use crate::register::migrations::{Declared, Step, Treatment};
use Treatment::{Anonymised, Erased, Kept};

pub(crate) const MIGRATIONS: &[Step] = &[
    // 1: the register — organisation profile, people and their contacts, schools and
    // other organisations, guardian links, memberships, the name index, the audit log.
    // (register, org, family keep the rest of this version.)
    Step::sql(
        1,
        r#"
    CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        given_name TEXT NOT NULL,
        family_name TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        preferred_language TEXT NOT NULL CHECK (preferred_language IN ('fr', 'en')),
        birth_date TEXT,
        street TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        region TEXT NOT NULL DEFAULT '',
        postal_code TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT '',
        collection_channel TEXT NOT NULL,
        collected_on TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX people_sort ON people (sort_key, id);
    CREATE TABLE person_contacts (
        person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
        position INTEGER NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (person_id, kind, position)
    ) WITHOUT ROWID;
    CREATE TABLE name_tokens (
        token TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        PRIMARY KEY (token, person_id)
    ) WITHOUT ROWID;
    CREATE INDEX name_tokens_person ON name_tokens (person_id);
    "#,
    ),
    // 7: forgetting. An erased person's row stays as a tombstone (names, address, notes
    // blanked; a random surrogate) so the ledger and the records kept for the law stay
    // linked to nobody. The ledger moves its free text to `consent_evidence` (deletable)
    // and hashes a salted digest of it and of the wording shown; the events are copied
    // and re-chained in Rust (`consent::chain::migrate_v1_to_v2`), which records what the
    // check of the old chain found. Findings, legal holds, erasures, the suppression
    // list, retention rules and purge reports.
    // (consent, privacy, incidents, register keep the rest of this version.)
    Step::sql(
        7,
        r#"
    ALTER TABLE people ADD COLUMN erased_on TEXT;
    ALTER TABLE people ADD COLUMN surrogate TEXT;
    CREATE UNIQUE INDEX people_surrogate ON people (surrogate) WHERE surrogate IS NOT NULL;
    DROP INDEX people_sort;
    CREATE INDEX people_sort ON people (sort_key, id) WHERE erased_on IS NULL;
    CREATE INDEX people_updated ON people (updated_at) WHERE erased_on IS NULL;
    "#,
    ),
    // 8: contests and prize shipping. Entries link people to a contest; a draw records its
    // seed, the ordered list of eligible entry ids, its digest and the order drawn, and is
    // never edited; winners and alternates keep their rank; shipments keep the address the
    // prize went to. Once the contest's retention ends, entrants' data goes and the
    // contest keeps anonymous counts.
    // (contests keeps the rest of this version.)
    Step::sql(
        8,
        r#"
    -- An import asks, row by row, whose email an address already is.
    CREATE INDEX person_contacts_email ON person_contacts (lower(value)) WHERE kind = 'email';
    "#,
    ),
    // 14: search at scale. Each name token carries its person's name signature (bits of
    // the 1–3-letter prefixes of every token), and for every two tokens of a person the
    // pairs of their initials and of their first two letters are indexed, for searches
    // whose words are all common beginnings. Filled for
    // existing people by `people::fill_search_index` in the same transaction.
    Step::sql(
        14,
        r#"
    ALTER TABLE name_tokens ADD COLUMN sig INTEGER NOT NULL DEFAULT -1;
    CREATE TABLE name_initials (
        pair TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        sig INTEGER NOT NULL,
        PRIMARY KEY (pair, person_id)
    ) WITHOUT ROWID;
    CREATE INDEX name_initials_person ON name_initials (person_id);
    "#,
    )
    .then(|tx| super::fill_search_index(tx)),
];

/// What an erasure does to every column of this context's tables (`tests/privacy.rs`
/// fails on a table or column without its line).
pub const ERASURE: Declared = &[
    (
        "people",
        &[
            ("id", LINK),
            ("given_name", Erased),
            ("family_name", Erased),
            ("sort_key", Erased),
            (
                "preferred_language",
                Kept("a language code, needed by no one, harmless"),
            ),
            ("birth_date", Erased),
            ("street", Erased),
            ("city", Erased),
            ("region", Erased),
            ("postal_code", Erased),
            ("country", Erased),
            (
                "collection_channel",
                Kept("a channel code: how the record came in"),
            ),
            ("collected_on", Kept("the date the record came in")),
            ("notes", Erased),
            ("created_at", Kept("when the record was made")),
            ("updated_at", Anonymised),
            ("erased_on", Anonymised),
            ("surrogate", Anonymised),
        ],
    ),
    (
        "person_contacts",
        &[
            ("person_id", Erased),
            ("kind", Erased),
            ("position", Erased),
            ("value", Erased),
        ],
    ),
    (
        "name_tokens",
        &[("token", Erased), ("person_id", Erased), ("sig", Erased)],
    ),
    (
        "name_initials",
        &[("pair", Erased), ("person_id", Erased), ("sig", Erased)],
    ),
];
