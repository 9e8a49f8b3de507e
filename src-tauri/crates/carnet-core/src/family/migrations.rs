//! The family context's part of the register's schema: its steps, each numbered in the one
//! global order of versions (`register::migrations`). Append-only: a step that has shipped
//! is never edited; a change is a new step under the next version.

use crate::register::migrations::{Declared, Step, Treatment};
use Treatment::Erased;

pub(crate) const MIGRATIONS: &[Step] = &[
    // 1: the register — organisation profile, people and their contacts, schools and
    // other organisations, guardian links, memberships, the name index, the audit log.
    // (register, org, people keep the rest of this version.)
    Step::sql(
        1,
        r#"
    CREATE TABLE guardianships (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        guardian_person_id INTEGER REFERENCES people (id) ON DELETE CASCADE,
        guardian_org_id INTEGER REFERENCES organisations (id) ON DELETE CASCADE,
        relation TEXT NOT NULL CHECK (relation IN ('parent', 'tutor', 'school')),
        since TEXT NOT NULL,
        CHECK ((guardian_person_id IS NULL) <> (guardian_org_id IS NULL)),
        CHECK (guardian_person_id IS NULL OR guardian_person_id <> child_id),
        CHECK ((relation = 'school') = (guardian_org_id IS NOT NULL)),
        UNIQUE (child_id, guardian_person_id),
        UNIQUE (child_id, guardian_org_id)
    );
    CREATE INDEX guardianships_guardian ON guardianships (guardian_person_id);
    CREATE TABLE memberships (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        category TEXT NOT NULL DEFAULT '',
        starts_on TEXT NOT NULL,
        ends_on TEXT,
        status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'ended')),
        CHECK (ends_on IS NULL OR ends_on >= starts_on)
    );
    CREATE INDEX memberships_person ON memberships (person_id);
    "#,
    ),
];

/// What an erasure does to every column of this context's tables (`tests/privacy.rs`
/// fails on a table or column without its line).
pub const ERASURE: Declared = &[
    (
        "guardianships",
        &[
            ("id", Erased),
            ("child_id", Erased),
            ("guardian_person_id", Erased),
            ("guardian_org_id", Erased),
            ("relation", Erased),
            ("since", Erased),
        ],
    ),
    (
        "memberships",
        &[
            ("id", Erased),
            ("person_id", Erased),
            ("category", Erased),
            ("starts_on", Erased),
            ("ends_on", Erased),
            ("status", Erased),
        ],
    ),
];
