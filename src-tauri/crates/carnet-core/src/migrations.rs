//! Append-only schema migrations. Migration N brings `user_version` from N-1 to N.
//! Never edit a migration that has shipped: add a new one at the end.

use rusqlite::{Connection, Transaction};

use crate::error::{Error, Result};

/// `PRAGMA application_id` of every Carnet database ("CRNT").
pub const APPLICATION_ID: i64 = 0x4352_4E54;

pub const MIGRATIONS: &[&str] = &[
    // 1: the register — organisation profile, people and their contacts, schools and
    // other organisations, guardian links, memberships, the name index, the audit log.
    r#"
    CREATE TABLE meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        database_id TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
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
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        staff TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER
    );
    "#,
    // 2: the consent ledger — purposes with versioned wording, privacy-policy
    // versions, and append-only, hash-chained consent events.
    r#"
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
    "#,
    // 3: the purposes every organisation starts with (editable afterwards).
    r#"
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
    "#,
    // 4: the privacy-request register (access, rectification, erasure…), with the
    // identity check (method, who, when: never a copy of a document) and the response.
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
    // 5: a refusal names its legal ground (the letter cites the provision); `other`
    // carries the provision as typed by the staff member.
    r#"
    ALTER TABLE requests ADD COLUMN refusal_ground TEXT CHECK (refusal_ground IN
        ('third_party', 'identity_not_established', 'legal_retention', 'legal_proceedings', 'manifestly_unfounded', 'other'));
    ALTER TABLE requests ADD COLUMN refusal_provision TEXT NOT NULL DEFAULT '';
    "#,
    // 6: which consent events a request caused (a withdrawal recorded from the request
    // page), so its confirmation lists exactly those. Append-only like the ledger.
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
    // 7: forgetting. An erased person's row stays as a tombstone (names, address, notes
    // blanked; a random surrogate) so the ledger and the records kept for the law stay
    // linked to nobody. The ledger moves its free text to `consent_evidence` (deletable)
    // and hashes a salted digest of it and of the wording shown; the events are copied
    // and re-chained in Rust (`consent::chain::migrate_v1_to_v2`), which records what the
    // check of the old chain found. Findings, legal holds, erasures, the suppression
    // list, retention rules and purge reports.
    r#"
    ALTER TABLE people ADD COLUMN erased_on TEXT;
    ALTER TABLE people ADD COLUMN surrogate TEXT;
    CREATE UNIQUE INDEX people_surrogate ON people (surrogate) WHERE surrogate IS NOT NULL;
    DROP INDEX people_sort;
    CREATE INDEX people_sort ON people (sort_key, id) WHERE erased_on IS NULL;
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
    CREATE TABLE legal_holds (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people (id),
        reason TEXT NOT NULL CHECK (reason IN ('accounting', 'legal_proceedings', 'anti_fraud', 'other')),
        note TEXT NOT NULL DEFAULT '',
        until TEXT NOT NULL,
        created_at TEXT NOT NULL,
        staff TEXT NOT NULL
    );
    CREATE INDEX legal_holds_person ON legal_holds (person_id, until);
    CREATE TABLE erasures (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people (id),
        request_id INTEGER REFERENCES requests (id),
        origin TEXT NOT NULL CHECK (origin IN ('request', 'retention')),
        executed_at TEXT NOT NULL,
        staff TEXT NOT NULL,
        deferred_until TEXT,
        completed_on TEXT,
        summary TEXT NOT NULL
    );
    CREATE INDEX erasures_person ON erasures (person_id);
    CREATE INDEX erasures_request ON erasures (request_id);
    CREATE TABLE suppressed_addresses (
        digest BLOB PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
        reason TEXT NOT NULL CHECK (reason IN ('erasure', 'unsubscribe')),
        added_on TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE retention_rules (
        category TEXT PRIMARY KEY CHECK (category IN ('former_people', 'closed_requests', 'audit_log', 'incidents')),
        months INTEGER NOT NULL CHECK (months BETWEEN 1 AND 1200),
        updated_at TEXT NOT NULL,
        staff TEXT NOT NULL
    );
    CREATE TABLE purge_reports (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        staff TEXT NOT NULL,
        day TEXT NOT NULL,
        counts TEXT NOT NULL
    );
    CREATE TABLE processing_versions (
        version INTEGER PRIMARY KEY,
        effective_on TEXT NOT NULL,
        adopted_at TEXT NOT NULL,
        staff TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE TABLE recipient_notices (
        request_id INTEGER NOT NULL REFERENCES requests (id),
        recipient TEXT NOT NULL,
        notified_on TEXT NOT NULL,
        staff TEXT NOT NULL,
        PRIMARY KEY (request_id, recipient)
    ) WITHOUT ROWID;
    CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        nature TEXT NOT NULL CHECK (nature IN ('access', 'use', 'disclosure', 'loss', 'other')),
        information TEXT NOT NULL,
        categories TEXT NOT NULL,
        circumstances TEXT NOT NULL,
        occurred_from TEXT,
        occurred_to TEXT,
        learned_at TEXT NOT NULL,
        people_count INTEGER,
        records_count INTEGER,
        people_concerned TEXT NOT NULL DEFAULT '',
        sensitivity TEXT NOT NULL DEFAULT '',
        misuse TEXT NOT NULL DEFAULT '',
        consequences TEXT NOT NULL DEFAULT '',
        likelihood TEXT CHECK (likelihood IN ('unlikely', 'possible', 'likely', 'very_likely')),
        serious_risk INTEGER CHECK (serious_risk IN (0, 1)),
        authority_notified_on TEXT,
        authority_reason TEXT NOT NULL DEFAULT '',
        people_notified_on TEXT,
        public_notice_on TEXT,
        measures TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        staff TEXT NOT NULL
    );
    CREATE INDEX incidents_learned ON incidents (learned_at);
    CREATE INDEX audit_log_entity ON audit_log (entity_id);
    CREATE INDEX people_updated ON people (updated_at) WHERE erased_on IS NULL;
    "#,
    // 8: contests and prize shipping. Entries link people to a contest; a draw records its
    // seed, the ordered list of eligible entry ids, its digest and the order drawn, and is
    // never edited; winners and alternates keep their rank; shipments keep the address the
    // prize went to. Once the contest's retention ends, entrants' data goes and the
    // contest keeps anonymous counts.
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
    -- An import asks, row by row, whose email an address already is.
    CREATE INDEX person_contacts_email ON person_contacts (lower(value)) WHERE kind = 'email';
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
    // 9: newsletter lists and the terms of each subscription (express, or implied with its
    // source and expiry), unsubscribes to carry out in the mailing tool, per-list
    // suppression and undeliverable addresses (keyed digests); licences and their terms;
    // the imports; billing's retention rule.
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
    CREATE INDEX consent_events_purpose ON consent_events (purpose_id, person_id);
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
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        staff TEXT NOT NULL,
        kind TEXT NOT NULL,
        channel TEXT NOT NULL,
        created INTEGER NOT NULL,
        updated INTEGER NOT NULL
    );
    CREATE TABLE retention_rules_new (
        category TEXT PRIMARY KEY CHECK (category IN ('former_people', 'closed_requests', 'audit_log', 'incidents', 'billing')),
        months INTEGER NOT NULL CHECK (months BETWEEN 1 AND 1200),
        updated_at TEXT NOT NULL,
        staff TEXT NOT NULL
    );
    INSERT INTO retention_rules_new SELECT * FROM retention_rules;
    DROP TABLE retention_rules;
    ALTER TABLE retention_rules_new RENAME TO retention_rules;
    "#,
    // 10: where backups go and how long they are kept; the backups taken.
    r#"
    CREATE TABLE backup_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        folder TEXT,
        keep_daily INTEGER NOT NULL CHECK (keep_daily BETWEEN 1 AND 366),
        keep_monthly INTEGER NOT NULL CHECK (keep_monthly BETWEEN 0 AND 120),
        erased_days INTEGER NOT NULL CHECK (erased_days BETWEEN 0 AND 365)
    );
    CREATE TABLE backup_log (
        id INTEGER PRIMARY KEY,
        taken_at TEXT NOT NULL,
        file_name TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        people INTEGER NOT NULL
    );
    "#,
    // 11: an erasure can also be one a restore carried out again (`restore`).
    r#"
    CREATE TABLE erasures_new (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people (id),
        request_id INTEGER REFERENCES requests (id),
        origin TEXT NOT NULL CHECK (origin IN ('request', 'retention', 'restore')),
        executed_at TEXT NOT NULL,
        staff TEXT NOT NULL,
        deferred_until TEXT,
        completed_on TEXT,
        summary TEXT NOT NULL
    );
    INSERT INTO erasures_new SELECT * FROM erasures;
    DROP TABLE erasures;
    ALTER TABLE erasures_new RENAME TO erasures;
    CREATE INDEX erasures_person ON erasures (person_id);
    CREATE INDEX erasures_request ON erasures (request_id);
    "#,
    // 12: staff accounts. Each unlocks with a key of its own (`slot_key`, kept here under
    // the register's key and beside the register wrapped by the account's passphrase or in
    // its keyring entry); a name is never reused, so the audit log's name is one account.
    r#"
    CREATE TABLE staff_accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        folded TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('office_staff', 'privacy_officer')),
        slot_key BLOB CHECK (slot_key IS NULL OR length(slot_key) = 32),
        created_at TEXT NOT NULL,
        removed_at TEXT,
        CHECK ((removed_at IS NULL) = (slot_key IS NOT NULL))
    );
    "#,
    // 13: the key that signs the erasure journal kept beside the backups (made on first
    // need, and carried by every backup after).
    r#"
    ALTER TABLE meta ADD COLUMN journal_key BLOB CHECK (journal_key IS NULL OR length(journal_key) = 32);
    "#,
    // 14: search at scale. Each name token carries its person's name signature (bits of
    // the 1–3-letter prefixes of every token), and for every two tokens of a person the
    // pairs of their initials and of their first two letters are indexed, for searches
    // whose words are all common beginnings. Filled for
    // existing people by `people::fill_search_index` in the same transaction.
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
    // 15: the suppression digests' key, random and kept here so that a re-key keeps every
    // suppression (a register from before takes the key its digests were made with, derived
    // from its database key, at its first open: nothing to recompute); and whether the
    // recovery key was confirmed put away, kept here rather than in the key file anyone can
    // edit (NULL: a register from before, whose key file says it once).
    r#"
    ALTER TABLE meta ADD COLUMN suppression_key BLOB CHECK (suppression_key IS NULL OR length(suppression_key) = 32);
    ALTER TABLE meta ADD COLUMN recovery_confirmed INTEGER CHECK (recovery_confirmed IN (0, 1));
    "#,
    // 16: how a person reaches the person in charge of personal information (an e-mail
    // and a phone; a letter to a person needs one of them), printed at the foot of every
    // letter beside the name already kept in `privacy_contact`.
    r#"
    ALTER TABLE organisation_profile ADD COLUMN privacy_email TEXT NOT NULL DEFAULT '';
    ALTER TABLE organisation_profile ADD COLUMN privacy_phone TEXT NOT NULL DEFAULT '';
    "#,
];

pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// The part of a migration written in Rust, run after its SQL in the same transaction.
fn then(version: i64, tx: &Transaction<'_>) -> Result<()> {
    match version {
        7 => crate::consent::chain::migrate_v1_to_v2(tx),
        14 => crate::people::fill_search_index(tx),
        _ => Ok(()),
    }
}

/// Applies migrations up to `target`, each in its own transaction with its version
/// bump, so a crash leaves the database at a whole version. Foreign keys are off while
/// tables are rebuilt (SQLite's procedure) and checked before each commit.
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current = user_version(conn)?;
    if current > LATEST {
        return Err(Error::DatabaseTooNew {
            found: current,
            supported: LATEST,
        });
    }
    if current >= target.min(LATEST) {
        return Ok(());
    }
    let keys_on: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
    let result = (|| -> Result<()> {
        for version in (current + 1)..=target.min(LATEST) {
            let tx = crate::store::write(conn)?;
            tx.execute_batch(MIGRATIONS[(version - 1) as usize])?;
            then(version, &tx)?;
            check_foreign_keys(&tx, version)?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()?;
        }
        Ok(())
    })();
    if keys_on {
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    }
    result
}

/// The tables a migration rebuilt must point at real rows (older dangling rows elsewhere
/// are not this migration's to judge).
fn check_foreign_keys(tx: &Transaction<'_>, version: i64) -> Result<()> {
    let rebuilt: &[&str] = match version {
        7 => &["consent_events", "consent_evidence"],
        11 => &["erasures"],
        _ => &[],
    };
    for table in rebuilt {
        let bad: i64 = tx.query_row(
            &format!("SELECT count(*) FROM pragma_foreign_key_check('{table}')"),
            [],
            |r| r.get(0),
        )?;
        if bad > 0 {
            return Err(Error::Storage(format!(
                "migration {version} left {bad} broken links in {table}"
            )));
        }
    }
    Ok(())
}
