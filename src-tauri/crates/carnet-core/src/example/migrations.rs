//! The example context's part of the register's schema: its table, under the version after
//! the newest (a real context's step would take the next number for good), and what an
//! erasure does to each of its columns.

use crate::register::migrations::{Declared, Step, Treatment};
use Treatment::{Erased, NotPersonal};

pub(crate) const MIGRATIONS: &[Step] = &[
    // 22 (tests only): instruments lent to people of the register.
    Step::sql(
        22,
        r#"
    CREATE TABLE loans (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        lent_on TEXT NOT NULL
    );
    CREATE INDEX loans_person ON loans (person_id);
    "#,
    ),
];

/// What an erasure does to every column of this context's tables.
pub const ERASURE: Declared = &[(
    "loans",
    &[
        ("id", NotPersonal),
        ("person_id", Erased),
        ("item", Erased),
        ("lent_on", Erased),
    ],
)];
