//! The contests context's part of the register's schema: its steps, each numbered in the one
//! global order of versions (`register::migrations`). Append-only: a step that has shipped
//! is never edited; a change is a new step under the next version.

use crate::register::migrations::{Declared, Step, Treatment};
use Treatment::{Anonymised, Erased, NotPersonal};

pub(crate) const MIGRATIONS: &[Step] = &[
    // 8: contests and prize shipping. Entries link people to a contest; a draw records its
    // seed, the ordered list of eligible entry ids, its digest and the order drawn, and is
    // never edited; winners and alternates keep their rank; shipments keep the address the
    // prize went to. Once the contest's retention ends, entrants' data goes and the
    // contest keeps anonymous counts.
    // (people keeps the rest of this version.)
    Step::sql(
        8,
        r#"
    CREATE TABLE contests (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('free', 'tombola')),
        tombola_authorisation TEXT NOT NULL DEFAULT '',
        opens_on TEXT NOT NULL,
        closes_on TEXT NOT NULL,
        draw_on TEXT NOT NULL,
        claim_days INTEGER NOT NULL CHECK (claim_days >= 1),
        min_age INTEGER,
        max_age INTEGER,
        regions TEXT NOT NULL DEFAULT '[]',
        one_per TEXT NOT NULL CHECK (one_per IN ('person', 'household')),
        purpose TEXT NOT NULL,
        skill_question TEXT NOT NULL DEFAULT '',
        skill_answer TEXT NOT NULL DEFAULT '',
        rules_extra_fr TEXT NOT NULL DEFAULT '',
        rules_extra_en TEXT NOT NULL DEFAULT '',
        non_winner_days INTEGER NOT NULL,
        winner_days INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        counts TEXT,
        CHECK (opens_on <= closes_on AND closes_on <= draw_on)
    );
    CREATE TABLE prizes (
        id INTEGER PRIMARY KEY,
        contest_id INTEGER NOT NULL REFERENCES contests (id),
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity >= 1),
        value_cents INTEGER NOT NULL DEFAULT 0 CHECK (value_cents >= 0)
    );
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        contest_id INTEGER NOT NULL REFERENCES contests (id),
        person_id INTEGER NOT NULL REFERENCES people (id),
        entered_on TEXT NOT NULL,
        channel TEXT NOT NULL,
        decision TEXT CHECK (decision IN ('excluded', 'distinct')),
        created_at TEXT NOT NULL,
        birth_date TEXT,
        region_key TEXT NOT NULL DEFAULT '',
        country_key TEXT NOT NULL DEFAULT '',
        email_key INTEGER,
        name_key INTEGER,
        household_key INTEGER,
        UNIQUE (contest_id, person_id)
    );
    CREATE INDEX entries_person ON entries (person_id);
    CREATE TABLE draws (
        id INTEGER PRIMARY KEY,
        contest_id INTEGER NOT NULL UNIQUE REFERENCES contests (id),
        seed BLOB NOT NULL,
        list TEXT NOT NULL,
        list_digest BLOB NOT NULL,
        drawn TEXT NOT NULL,
        drawn_at TEXT NOT NULL,
        staff TEXT NOT NULL
    );
    CREATE TRIGGER draws_no_update BEFORE UPDATE ON draws
        BEGIN SELECT RAISE(ABORT, 'a draw is never edited'); END;
    CREATE TRIGGER draws_no_delete BEFORE DELETE ON draws
        BEGIN SELECT RAISE(ABORT, 'a draw is never removed'); END;
    CREATE TABLE winners (
        id INTEGER PRIMARY KEY,
        contest_id INTEGER NOT NULL REFERENCES contests (id),
        rank INTEGER NOT NULL,
        entry_id INTEGER REFERENCES entries (id),
        prize_id INTEGER REFERENCES prizes (id),
        status TEXT NOT NULL CHECK (status IN ('selected', 'alternate', 'claimed', 'failed_skill', 'forfeited')),
        skill_answer TEXT NOT NULL DEFAULT '',
        skill_correct INTEGER CHECK (skill_correct IN (0, 1)),
        decided_on TEXT,
        UNIQUE (contest_id, rank)
    );
    CREATE INDEX winners_entry ON winners (entry_id);
    CREATE TABLE shipments (
        id INTEGER PRIMARY KEY,
        winner_id INTEGER NOT NULL UNIQUE REFERENCES winners (id),
        name TEXT NOT NULL,
        street TEXT NOT NULL,
        city TEXT NOT NULL,
        region TEXT NOT NULL,
        postal_code TEXT NOT NULL,
        country TEXT NOT NULL,
        carrier TEXT NOT NULL DEFAULT '',
        tracking TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('to_pack', 'shipped', 'delivered', 'returned')),
        prepared_on TEXT NOT NULL,
        shipped_on TEXT,
        delivered_on TEXT,
        returned_on TEXT
    );
    "#,
    ),
    // 17: a draw fixed before anyone can know its winners. A contest keeps a random
    // secret from the day it is made (the office's day, `committed_on`) and publishes
    // only its commitment (SHA-256), with
    // the public value its rules name to mix in at the draw; when entries close, the list
    // of eligible entry numbers and its digest are fixed (`entry_closings`, never edited);
    // a draw records the public value typed and its scheme (1: a seed drawn at the draw,
    // before 17; 2: the committed secret and the public value).
    Step::sql(
        17,
        r#"
    ALTER TABLE contests ADD COLUMN draw_secret BLOB CHECK (draw_secret IS NULL OR length(draw_secret) = 32);
    ALTER TABLE contests ADD COLUMN commitment BLOB CHECK (commitment IS NULL OR length(commitment) = 32);
    ALTER TABLE contests ADD COLUMN committed_on TEXT;
    ALTER TABLE contests ADD COLUMN public_source TEXT NOT NULL DEFAULT '';
    CREATE TABLE entry_closings (
        contest_id INTEGER PRIMARY KEY REFERENCES contests (id),
        list TEXT NOT NULL,
        list_digest BLOB NOT NULL,
        closed_at TEXT NOT NULL,
        closed_on TEXT NOT NULL,
        staff TEXT NOT NULL
    );
    CREATE TRIGGER entry_closings_no_update BEFORE UPDATE ON entry_closings
        BEGIN SELECT RAISE(ABORT, 'a closing statement is never edited'); END;
    CREATE TRIGGER entry_closings_no_delete BEFORE DELETE ON entry_closings
        BEGIN SELECT RAISE(ABORT, 'a closing statement is never removed'); END;
    ALTER TABLE draws ADD COLUMN public_value TEXT NOT NULL DEFAULT '';
    ALTER TABLE draws ADD COLUMN scheme INTEGER NOT NULL DEFAULT 1 CHECK (scheme IN (1, 2));
    "#,
    ),
];

const DRAW: Treatment =
    Treatment::Kept("the draw's proof: entry numbers, ranks and outcomes, no name");

const SHIPPED: Treatment = Treatment::Kept("that a prize was sent and when, with no address");

/// What an erasure does to every column of this context's tables (`tests/privacy.rs`
/// fails on a table or column without its line).
pub const ERASURE: Declared = &[
    (
        "contests",
        &[
            ("id", NotPersonal),
            ("name", NotPersonal),
            ("kind", NotPersonal),
            ("tombola_authorisation", NotPersonal),
            ("opens_on", NotPersonal),
            ("closes_on", NotPersonal),
            ("draw_on", NotPersonal),
            ("claim_days", NotPersonal),
            ("min_age", NotPersonal),
            ("max_age", NotPersonal),
            ("regions", NotPersonal),
            ("one_per", NotPersonal),
            ("purpose", NotPersonal),
            ("skill_question", NotPersonal),
            ("skill_answer", NotPersonal),
            ("rules_extra_fr", NotPersonal),
            ("rules_extra_en", NotPersonal),
            ("non_winner_days", NotPersonal),
            ("winner_days", NotPersonal),
            ("created_at", NotPersonal),
            ("counts", NotPersonal),
            ("draw_secret", NotPersonal),
            ("commitment", NotPersonal),
            ("committed_on", NotPersonal),
            ("public_source", NotPersonal),
        ],
    ),
    (
        "prizes",
        &[
            ("id", NotPersonal),
            ("contest_id", NotPersonal),
            ("position", NotPersonal),
            ("name", NotPersonal),
            ("quantity", NotPersonal),
            ("value_cents", NotPersonal),
        ],
    ),
    (
        "entries",
        &[
            ("id", Erased),
            ("contest_id", Erased),
            ("person_id", Erased),
            ("entered_on", Erased),
            ("channel", Erased),
            ("decision", Erased),
            ("created_at", Erased),
            ("birth_date", Erased),
            ("region_key", Erased),
            ("country_key", Erased),
            ("email_key", Erased),
            ("name_key", Erased),
            ("household_key", Erased),
        ],
    ),
    (
        "draws",
        &[
            ("id", DRAW),
            ("contest_id", DRAW),
            ("seed", DRAW),
            ("list", DRAW),
            ("list_digest", DRAW),
            ("drawn", DRAW),
            ("drawn_at", DRAW),
            ("staff", DRAW),
            ("public_value", DRAW),
            ("scheme", DRAW),
        ],
    ),
    (
        "entry_closings",
        &[
            ("contest_id", DRAW),
            ("list", DRAW),
            ("list_digest", DRAW),
            ("closed_at", DRAW),
            ("closed_on", DRAW),
            ("staff", DRAW),
        ],
    ),
    (
        "winners",
        &[
            ("id", DRAW),
            ("contest_id", DRAW),
            ("rank", DRAW),
            ("entry_id", Anonymised),
            ("prize_id", DRAW),
            ("status", DRAW),
            ("skill_answer", Erased),
            ("skill_correct", DRAW),
            ("decided_on", DRAW),
        ],
    ),
    (
        "shipments",
        &[
            ("id", SHIPPED),
            ("winner_id", SHIPPED),
            ("name", Erased),
            ("street", Erased),
            ("city", Erased),
            ("region", Erased),
            ("postal_code", Erased),
            ("country", Erased),
            ("carrier", SHIPPED),
            ("tracking", Erased),
            ("status", SHIPPED),
            ("prepared_on", SHIPPED),
            ("shipped_on", SHIPPED),
            ("delivered_on", SHIPPED),
            ("returned_on", SHIPPED),
        ],
    ),
];
