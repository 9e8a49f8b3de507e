//! The consent context's part of the register's schema: its steps, each numbered in the one
//! global order of versions (`register::migrations`). Append-only: a step that has shipped
//! is never edited; a change is a new step under the next version.

use crate::privacy::schema::{LINK, PROOF};
use crate::register::migrations::{Declared, Step, Treatment};
use Treatment::{Erased, Kept, NotPersonal};

pub(crate) const MIGRATIONS: &[Step] = &[
    // 2: the consent ledger — purposes with versioned wording, privacy-policy
    // versions, and append-only, hash-chained consent events.
    Step::sql(2, r#"
    CREATE TABLE purposes (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('communication', 'publication', 'statistics', 'other')),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
    );
    CREATE TABLE purpose_versions (
        purpose_id INTEGER NOT NULL REFERENCES purposes (id),
        version INTEGER NOT NULL CHECK (version >= 1),
        label_fr TEXT NOT NULL,
        label_en TEXT NOT NULL,
        wording_fr TEXT NOT NULL,
        wording_en TEXT NOT NULL,
        effective_on TEXT NOT NULL,
        PRIMARY KEY (purpose_id, version)
    );
    CREATE TABLE policy_versions (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL UNIQUE,
        effective_on TEXT NOT NULL,
        text_fr TEXT NOT NULL,
        text_en TEXT NOT NULL
    );
    CREATE TABLE consent_events (
        seq INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people (id),
        purpose_id INTEGER NOT NULL REFERENCES purposes (id),
        purpose_version INTEGER NOT NULL,
        policy_version_id INTEGER REFERENCES policy_versions (id),
        action TEXT NOT NULL CHECK (action IN ('granted', 'withdrawn')),
        channel TEXT NOT NULL,
        given_by TEXT NOT NULL CHECK (given_by IN ('person', 'guardian', 'guardian_with_child', 'school')),
        giver_person_id INTEGER REFERENCES people (id),
        giver_org_id INTEGER REFERENCES organisations (id),
        evidence TEXT NOT NULL,
        staff TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        prev_hash BLOB NOT NULL,
        hash BLOB NOT NULL,
        FOREIGN KEY (purpose_id, purpose_version) REFERENCES purpose_versions (purpose_id, version)
    );
    CREATE INDEX consent_events_person ON consent_events (person_id, purpose_id, seq);
    CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events
        BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END;
    CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events
        BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END;
    CREATE TABLE ledger_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        count INTEGER NOT NULL,
        last_hash BLOB NOT NULL
    );
    INSERT INTO ledger_head (id, count, last_hash) VALUES (1, 0, zeroblob(32));
    "#),
    // 3: the purposes every organisation starts with (editable afterwards).
    Step::sql(3, r#"
    INSERT INTO purposes (code, kind) VALUES
        ('newsletter', 'communication'),
        ('contest_communications', 'communication'),
        ('promotional_offers', 'communication'),
        ('photos', 'publication'),
        ('testimonials', 'publication'),
        ('statistics', 'statistics');
    INSERT INTO purpose_versions (purpose_id, version, label_fr, label_en, wording_fr, wording_en, effective_on)
    SELECT id, 1, label_fr, label_en, wording_fr, wording_en, '2000-01-01' FROM purposes JOIN (
        SELECT 'newsletter' AS c, 'Infolettre' AS label_fr, 'Newsletter' AS label_en,
            'Je souhaite recevoir l''infolettre mensuelle par courriel. Je peux me désabonner à tout moment.' AS wording_fr,
            'I wish to receive the monthly newsletter by email. I can unsubscribe at any time.' AS wording_en
        UNION ALL SELECT 'contest_communications', 'Communications des concours', 'Contest communications',
            'J''accepte d''être contacté au sujet des concours auxquels je participe et de l''envoi des prix.',
            'I agree to be contacted about the contests I enter and the shipping of prizes.'
        UNION ALL SELECT 'promotional_offers', 'Offres promotionnelles', 'Promotional offers',
            'J''accepte de recevoir des offres promotionnelles de l''organisation.',
            'I agree to receive promotional offers from the organisation.'
        UNION ALL SELECT 'photos', 'Photos', 'Photos',
            'J''autorise la publication de photos où je figure (site, réseaux sociaux, affiches).',
            'I allow photos showing me to be published (website, social media, posters).'
        UNION ALL SELECT 'testimonials', 'Témoignages', 'Testimonials',
            'J''autorise la publication de mon témoignage, avec mon prénom.',
            'I allow my testimonial to be published with my first name.'
        UNION ALL SELECT 'statistics', 'Statistiques', 'Statistics',
            'J''accepte que mes données servent, sans me nommer, à des statistiques internes.',
            'I agree that my data be used, without naming me, for internal statistics.'
    ) ON c = purposes.code;
    "#),
    // 7: forgetting. An erased person's row stays as a tombstone (names, address, notes
    // blanked; a random surrogate) so the ledger and the records kept for the law stay
    // linked to nobody. The ledger moves its free text to `consent_evidence` (deletable)
    // and hashes a salted digest of it and of the wording shown; the events are copied
    // and re-chained in Rust (`consent::chain::migrate_v1_to_v2`), which records what the
    // check of the old chain found. Findings, legal holds, erasures, the suppression
    // list, retention rules and purge reports.
    // (people, privacy, incidents, register keep the rest of this version.)
    Step::sql(7, r#"
    DROP TRIGGER IF EXISTS consent_events_no_update;
    DROP TRIGGER IF EXISTS consent_events_no_delete;
    CREATE TABLE consent_events_v2 (
        seq INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people (id),
        purpose_id INTEGER NOT NULL REFERENCES purposes (id),
        purpose_version INTEGER NOT NULL,
        wording_digest BLOB NOT NULL,
        policy_version_id INTEGER REFERENCES policy_versions (id),
        policy_digest BLOB,
        action TEXT NOT NULL CHECK (action IN ('granted', 'withdrawn')),
        channel TEXT NOT NULL,
        given_by TEXT NOT NULL CHECK (given_by IN ('person', 'guardian', 'guardian_with_child', 'school')),
        giver_person_id INTEGER REFERENCES people (id),
        giver_org_id INTEGER REFERENCES organisations (id),
        evidence_digest BLOB NOT NULL,
        staff TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        prev_hash BLOB NOT NULL,
        hash BLOB NOT NULL,
        FOREIGN KEY (purpose_id, purpose_version) REFERENCES purpose_versions (purpose_id, version)
    );
    CREATE TABLE consent_evidence (
        seq INTEGER PRIMARY KEY REFERENCES consent_events (seq),
        salt BLOB NOT NULL,
        text TEXT NOT NULL
    );
    ALTER TABLE ledger_head ADD COLUMN genesis BLOB NOT NULL
        DEFAULT x'0000000000000000000000000000000000000000000000000000000000000000';
    CREATE TABLE ledger_findings (
        id INTEGER PRIMARY KEY,
        found_at TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('migration', 'withdrawal', 'review', 'open')),
        problems TEXT NOT NULL,
        recorded_count INTEGER NOT NULL,
        recorded_hash BLOB NOT NULL,
        tail_seq INTEGER NOT NULL,
        tail_hash BLOB NOT NULL,
        acknowledged_at TEXT,
        acknowledged_by TEXT,
        acknowledgement TEXT NOT NULL DEFAULT ''
    );
    "#)
    .then(super::chain::migrate_v1_to_v2)
    .rebuilt(&["consent_events", "consent_evidence"]),
    // 9: newsletter lists and the terms of each subscription (express, or implied with its
    // source and expiry), unsubscribes to carry out in the mailing tool, per-list
    // suppression and undeliverable addresses (keyed digests); licences and their terms;
    // the imports; billing's retention rule.
    // (newsletter, licences, exchange, privacy keep the rest of this version.)
    Step::sql(9, r#"
    CREATE INDEX consent_events_purpose ON consent_events (purpose_id, person_id);
    "#),
];

/// What an erasure does to every column of this context's tables (`tests/privacy.rs`
/// fails on a table or column without its line).
pub const ERASURE: Declared = &[
    (
        "purposes",
        &[
            ("id", NotPersonal),
            ("code", NotPersonal),
            ("kind", NotPersonal),
            ("active", NotPersonal),
        ],
    ),
    (
        "purpose_versions",
        &[
            ("purpose_id", NotPersonal),
            ("version", NotPersonal),
            ("label_fr", NotPersonal),
            ("label_en", NotPersonal),
            ("wording_fr", NotPersonal),
            ("wording_en", NotPersonal),
            ("effective_on", NotPersonal),
        ],
    ),
    (
        "policy_versions",
        &[
            ("id", NotPersonal),
            ("label", NotPersonal),
            ("effective_on", NotPersonal),
            ("text_fr", NotPersonal),
            ("text_en", NotPersonal),
        ],
    ),
    (
        "consent_events",
        &[
            ("seq", PROOF),
            ("person_id", LINK),
            ("purpose_id", PROOF),
            ("purpose_version", PROOF),
            ("wording_digest", PROOF),
            ("policy_version_id", PROOF),
            ("policy_digest", PROOF),
            ("action", PROOF),
            ("channel", PROOF),
            ("given_by", PROOF),
            ("giver_person_id", LINK),
            ("giver_org_id", PROOF),
            (
                "evidence_digest",
                Kept("a salted digest: without the erased salt it says nothing"),
            ),
            ("staff", PROOF),
            ("occurred_at", PROOF),
            ("recorded_at", PROOF),
            ("prev_hash", PROOF),
            ("hash", PROOF),
        ],
    ),
    (
        "consent_evidence",
        &[("seq", Erased), ("salt", Erased), ("text", Erased)],
    ),
    (
        "ledger_head",
        &[
            ("id", NotPersonal),
            ("count", NotPersonal),
            ("last_hash", NotPersonal),
            ("genesis", NotPersonal),
        ],
    ),
    (
        "ledger_findings",
        &[
            ("id", NotPersonal),
            ("found_at", NotPersonal),
            ("origin", NotPersonal),
            ("problems", NotPersonal),
            ("recorded_count", NotPersonal),
            ("recorded_hash", NotPersonal),
            ("tail_seq", NotPersonal),
            ("tail_hash", NotPersonal),
            ("acknowledged_at", NotPersonal),
            ("acknowledged_by", NotPersonal),
            ("acknowledgement", NotPersonal),
        ],
    ),
];
