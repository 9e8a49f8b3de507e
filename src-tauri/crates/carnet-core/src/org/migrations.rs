//! The org context's part of the register's schema: its steps, each numbered in the one
//! global order of versions (`register::migrations`). Append-only: a step that has shipped
//! is never edited; a change is a new step under the next version.

use crate::register::migrations::{Declared, Step, Treatment};
use Treatment::NotPersonal;

pub(crate) const MIGRATIONS: &[Step] = &[
    // 1: the register — organisation profile, people and their contacts, schools and
    // other organisations, guardian links, memberships, the name index, the audit log.
    // (register, people, family keep the rest of this version.)
    Step::sql(
        1,
        r#"
    CREATE TABLE organisation_profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        address TEXT NOT NULL DEFAULT '',
        privacy_contact TEXT NOT NULL DEFAULT '',
        jurisdiction TEXT NOT NULL CHECK (jurisdiction IN ('quebec', 'france')),
        paper TEXT NOT NULL CHECK (paper IN ('letter', 'a4')),
        language TEXT NOT NULL CHECK (language IN ('fr', 'en')),
        age_of_consent INTEGER CHECK (age_of_consent BETWEEN 1 AND 21)
    );
    CREATE TABLE organisations (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('school', 'other')),
        email TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        collection_channel TEXT NOT NULL,
        collected_on TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    "#,
    ),
    // 16: how a person reaches the person in charge of personal information (an e-mail
    // and a phone; a letter to a person needs one of them), printed at the foot of every
    // letter beside the name already kept in `privacy_contact`.
    Step::sql(
        16,
        r#"
    ALTER TABLE organisation_profile ADD COLUMN privacy_email TEXT NOT NULL DEFAULT '';
    ALTER TABLE organisation_profile ADD COLUMN privacy_phone TEXT NOT NULL DEFAULT '';
    "#,
    ),
];

/// What an erasure does to every column of this context's tables (`tests/privacy.rs`
/// fails on a table or column without its line).
pub const ERASURE: Declared = &[
    (
        "organisation_profile",
        &[
            ("id", NotPersonal),
            ("name", NotPersonal),
            ("address", NotPersonal),
            ("privacy_contact", NotPersonal),
            ("privacy_email", NotPersonal),
            ("privacy_phone", NotPersonal),
            ("jurisdiction", NotPersonal),
            ("paper", NotPersonal),
            ("language", NotPersonal),
            ("age_of_consent", NotPersonal),
        ],
    ),
    (
        "organisations",
        &[
            ("id", NotPersonal),
            ("name", NotPersonal),
            ("kind", NotPersonal),
            ("email", NotPersonal),
            ("phone", NotPersonal),
            ("address", NotPersonal),
            ("collection_channel", NotPersonal),
            ("collected_on", NotPersonal),
            ("notes", NotPersonal),
            ("created_at", NotPersonal),
        ],
    ),
];
