//! The licences context's part of the register's schema: its steps, each numbered in the one
//! global order of versions (`register::migrations`). Append-only: a step that has shipped
//! is never edited; a change is a new step under the next version.

use crate::privacy::schema::LINK;
use crate::register::migrations::{Declared, Step, Treatment};
use Treatment::NotPersonal;

pub(crate) const MIGRATIONS: &[Step] = &[
    // 9: newsletter lists and the terms of each subscription (express, or implied with its
    // source and expiry), unsubscribes to carry out in the mailing tool, per-list
    // suppression and undeliverable addresses (keyed digests); licences and their terms;
    // the imports; billing's retention rule.
    // (newsletter, consent, exchange, privacy keep the rest of this version.)
    Step::sql(
        9,
        r#"
    CREATE TABLE licences (
        id INTEGER PRIMARY KEY,
        licensee_person_id INTEGER REFERENCES people (id),
        licensee_org_id INTEGER REFERENCES organisations (id),
        contact_person_id INTEGER REFERENCES people (id),
        product TEXT NOT NULL,
        code TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        CHECK ((licensee_person_id IS NULL) <> (licensee_org_id IS NULL))
    );
    CREATE TABLE licence_terms (
        id INTEGER PRIMARY KEY,
        licence_id INTEGER NOT NULL REFERENCES licences (id),
        starts_on TEXT NOT NULL,
        ends_on TEXT NOT NULL,
        seats INTEGER NOT NULL CHECK (seats >= 1),
        price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
        currency TEXT NOT NULL CHECK (currency IN ('CAD', 'EUR')),
        invoice_ref TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL,
        staff TEXT NOT NULL,
        CHECK (ends_on >= starts_on)
    );
    CREATE INDEX licence_terms_licence ON licence_terms (licence_id, ends_on);
    "#,
    ),
];

const BILLING: Treatment = Treatment::Kept(
    "billing records: the accounting retention the law sets, pointing at the surrogate",
);

/// What an erasure does to every column of this context's tables (`tests/privacy.rs`
/// fails on a table or column without its line).
pub const ERASURE: Declared = &[
    (
        "licences",
        &[
            ("id", BILLING),
            ("licensee_person_id", LINK),
            ("licensee_org_id", NotPersonal),
            ("contact_person_id", LINK),
            ("product", BILLING),
            ("code", BILLING),
            ("created_at", BILLING),
        ],
    ),
    (
        "licence_terms",
        &[
            ("id", BILLING),
            ("licence_id", BILLING),
            ("starts_on", BILLING),
            ("ends_on", BILLING),
            ("seats", BILLING),
            ("price_cents", BILLING),
            ("currency", BILLING),
            ("invoice_ref", BILLING),
            ("recorded_at", BILLING),
            ("staff", NotPersonal),
        ],
    ),
];
