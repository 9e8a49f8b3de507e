//! The register service's part of the schema: its TLS identity (kept inside the encrypted
//! register, so it moves with the register and its backups) and the devices paired with it.

use crate::register::migrations::{Declared, Step, Treatment};
use Treatment::NotPersonal;

pub(crate) const MIGRATIONS: &[Step] = &[
    // 19: the service's certificate and private key (made at its first start), and the
    // office's PCs paired with it (a token's SHA-256 only; a revoked device keeps its row).
    Step::sql(
        19,
        r#"
    CREATE TABLE service_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        cert BLOB NOT NULL,
        key BLOB NOT NULL,
        made_at TEXT NOT NULL
    );
    CREATE TABLE service_devices (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        paired_at TEXT NOT NULL,
        revoked_at TEXT,
        revoked_by TEXT
    );
    "#,
    ),
    // 21: at the service, each account's passphrase is checked by a verifier kept inside
    // the encrypted register (an envelope sealed with the passphrase over a random key
    // that unlocks nothing), and no longer by a key slot that unwraps the database key.
    Step::sql(
        21,
        r#"
    CREATE TABLE service_verifiers (
        account_id INTEGER PRIMARY KEY REFERENCES staff_accounts(id),
        envelope TEXT NOT NULL,
        set_at TEXT NOT NULL
    );
    "#,
    ),
];

/// What an erasure does to every column of this context's tables: nothing, none is about a
/// person of the register (a device's name is the office's label for a PC).
pub const ERASURE: Declared = &[
    (
        "service_identity",
        &[
            ("id", NotPersonal),
            ("cert", NotPersonal),
            ("key", NotPersonal),
            ("made_at", NotPersonal),
        ],
    ),
    (
        "service_devices",
        &[
            ("id", NotPersonal),
            ("name", NotPersonal),
            ("token_hash", NotPersonal),
            ("paired_at", NotPersonal),
            ("revoked_at", NotPersonal),
            ("revoked_by", NotPersonal),
        ],
    ),
    (
        "service_verifiers",
        &[
            ("account_id", NotPersonal),
            ("envelope", NotPersonal),
            ("set_at", NotPersonal),
        ],
    ),
];
