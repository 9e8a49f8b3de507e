//! The contests context's part of the register's schema: its steps, each numbered in the one
//! global order of versions (`register::migrations`). Append-only: a step that has shipped
//! is never edited; a change is a new step under the next version.

use crate::register::migrations::Step;

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
];
