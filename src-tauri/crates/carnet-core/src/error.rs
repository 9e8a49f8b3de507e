//! The one error type of Carnet's domain, with a stable code for the UI and scripts.
//!
//! Messages never carry personal data nor key material: they name the field, the
//! record kind or the rule, never the value that was typed.

use serde::Serialize;

use crate::field::Field;

/// Stable codes: the UI and the command line match on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    DatabaseNotFound,
    DatabaseExists,
    NotACarnetDatabase,
    DatabaseTooNew,
    WrongKey,
    WrongPassphrase,
    InvalidRecoveryKey,
    KeyringUnavailable,
    KeyringEntryMissing,
    KeyInfoMissing,
    KeyInfoDamaged,
    PassphraseNotSet,
    WeakPassphrase,
    InvalidInput,
    TooLong,
    NotFound,
    Conflict,
    ConsentRefused,
    LedgerTampered,
    Cancelled,
    Locked,
    RegisterBusy,
    NotPermitted,
    AccountRequired,
    DiskFull,
    NoAccess,
    DocumentFailed,
    UnprintableText,
    BackupDamaged,
    JournalMissing,
    OtherRegister,
    RekeyInterrupted,
    LetterIncomplete,
    BadRequest,
    Storage,
    Io,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::DatabaseNotFound => "database_not_found",
            Code::DatabaseExists => "database_exists",
            Code::NotACarnetDatabase => "not_a_carnet_database",
            Code::DatabaseTooNew => "database_too_new",
            Code::WrongKey => "wrong_key",
            Code::WrongPassphrase => "wrong_passphrase",
            Code::InvalidRecoveryKey => "invalid_recovery_key",
            Code::KeyringUnavailable => "keyring_unavailable",
            Code::KeyringEntryMissing => "keyring_entry_missing",
            Code::KeyInfoMissing => "key_info_missing",
            Code::KeyInfoDamaged => "key_info_damaged",
            Code::PassphraseNotSet => "passphrase_not_set",
            Code::WeakPassphrase => "weak_passphrase",
            Code::InvalidInput => "invalid_input",
            Code::TooLong => "too_long",
            Code::NotFound => "not_found",
            Code::Conflict => "conflict",
            Code::ConsentRefused => "consent_refused",
            Code::LedgerTampered => "ledger_tampered",
            Code::Cancelled => "cancelled",
            Code::Locked => "locked",
            Code::RegisterBusy => "register_busy",
            Code::NotPermitted => "not_permitted",
            Code::BackupDamaged => "backup_damaged",
            Code::JournalMissing => "journal_missing",
            Code::OtherRegister => "other_register",
            Code::RekeyInterrupted => "rekey_interrupted",
            Code::LetterIncomplete => "letter_incomplete",
            Code::BadRequest => "bad_request",
            Code::AccountRequired => "account_required",
            Code::DiskFull => "disk_full",
            Code::NoAccess => "no_access",
            Code::DocumentFailed => "document_failed",
            Code::UnprintableText => "unprintable_text",
            Code::Storage => "storage",
            Code::Io => "io",
        }
    }
}

/// Why a consent could not be recorded for this person (see `consent::authority`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum ConsentRule {
    /// The person is under the age of consent: a guardian (or, in Quebec, the school
    /// acting for the pupil) must give it.
    MinorNeedsGuardian { age_of_consent: u8 },
    /// France: under the age of consent, the child and a holder of parental
    /// authority consent together.
    MinorNeedsJointConsent { age_of_consent: u8 },
    /// The guardian or school named as giver is not linked to this child.
    GiverNotLinked,
    /// The person is an adult: only they can give their consent.
    AdultConsentsForThemselves,
    /// The purpose is no longer offered.
    PurposeInactive,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no Carnet database at the given location")]
    DatabaseNotFound,
    #[error("a Carnet database already exists at the given location; it was left untouched")]
    DatabaseExists,
    #[error("this file is not a Carnet database (or it is damaged)")]
    NotACarnetDatabase,
    #[error("this database was written by a newer Carnet (schema {found}, this version knows up to {supported}); it was left untouched")]
    DatabaseTooNew { found: i64, supported: i64 },
    #[error("the key does not open this database")]
    WrongKey,
    #[error("the passphrase is not the right one")]
    WrongPassphrase,
    #[error("the recovery key is not valid: {0}")]
    InvalidRecoveryKey(&'static str),
    #[error("the system keyring is not available on this computer; use a passphrase or the recovery key")]
    KeyringUnavailable,
    #[error("the database exists but its key is no longer in the system keyring; open it with the recovery key or the passphrase")]
    KeyringEntryMissing,
    #[error("the key information file beside the database is missing or unreadable; open it with the recovery key")]
    KeyInfoMissing,
    #[error("the key information file beside the database is damaged or belongs to another register; open it with the recovery key (Carnet then sets the file aside and writes a new one)")]
    KeyInfoDamaged,
    #[error("no passphrase was set for this database")]
    PassphraseNotSet,
    #[error("the passphrase is too easy to guess (strength {score} of 4): use at least {min} characters, several unrelated words")]
    WeakPassphrase { min: usize, score: u8 },
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: Field, reason: &'static str },
    #[error("{field} is too long: at most {max} characters")]
    TooLong { field: Field, max: usize },
    #[error("row {row}: invalid {field}: {reason}")]
    InvalidRow {
        row: usize,
        field: Field,
        reason: &'static str,
    },
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("consent not recorded: {0:?}")]
    ConsentRefused(ConsentRule),
    #[error("the consent ledger has been altered")]
    LedgerTampered,
    #[error("cancelled: nothing was changed")]
    Cancelled,
    #[error("the register is locked: unlock it first")]
    Locked,
    #[error("the register is busy with a change made elsewhere (another Carnet window or the command line); nothing was changed, try again")]
    Busy,
    #[error("document not produced: the text under « {place} » uses a script Carnet's fonts lack (Chinese, Japanese, Korean, Devanagari…); add a transcription in Latin letters to the record")]
    Unprintable { place: String },
    #[error("document not produced: {0}")]
    Document(&'static str),
    #[error("a change of key was interrupted: the register is already under its new key; open it with the NEW recovery-key sheet printed during the change (Carnet then writes its key file again)")]
    RekeyInterrupted,
    #[error("the backup is damaged (its pages or its structure do not check): it was left as it was; try an older backup")]
    BackupDamaged,
    #[error("the decisions journal beside this backup is missing, damaged or another register's: erasures and withdrawals made after the backup cannot be replayed; restore only once the person in charge has acknowledged it")]
    JournalMissing,
    #[error("this backup is another register's ({backup_organisation}) than the one at this place: restore only once you confirm replacing it (the register here is set aside, not deleted)")]
    OtherRegister { backup_organisation: String },
    #[error("a letter to a person needs the office's postal address and the person in charge of personal information with an e-mail or a phone (Settings); missing: {}", .missing.iter().map(|f| f.to_string()).collect::<Vec<_>>().join(", "))]
    LetterIncomplete { missing: Vec<Field> },
    #[error("only the person in charge of personal information may do this ({0})")]
    NotPermitted(crate::accounts::Permission),
    #[error("this register has staff accounts: unlock it with your account (or the recovery key)")]
    AccountRequired,
    #[error("the disk is full: nothing was saved; free some space or choose another folder")]
    DiskFull,
    #[error(
        "this folder or file cannot be written (read-only, or no permission): nothing was saved"
    )]
    NoAccess,
    /// A command the schema does not know, or arguments that do not fit it (a client
    /// of another version, or a hand-made request): nothing ran.
    #[error("this request does not fit the command schema ({0}): nothing was done; the app and the service may be of different versions")]
    BadRequest(&'static str),
    #[error("database error: {0}")]
    Storage(String),
    #[error("file error: {0}")]
    Io(String),
}

impl Error {
    pub fn code(&self) -> Code {
        match self {
            Error::DatabaseNotFound => Code::DatabaseNotFound,
            Error::DatabaseExists => Code::DatabaseExists,
            Error::NotACarnetDatabase => Code::NotACarnetDatabase,
            Error::DatabaseTooNew { .. } => Code::DatabaseTooNew,
            Error::WrongKey => Code::WrongKey,
            Error::WrongPassphrase => Code::WrongPassphrase,
            Error::InvalidRecoveryKey(_) => Code::InvalidRecoveryKey,
            Error::KeyringUnavailable => Code::KeyringUnavailable,
            Error::KeyringEntryMissing => Code::KeyringEntryMissing,
            Error::KeyInfoMissing => Code::KeyInfoMissing,
            Error::KeyInfoDamaged => Code::KeyInfoDamaged,
            Error::PassphraseNotSet => Code::PassphraseNotSet,
            Error::WeakPassphrase { .. } => Code::WeakPassphrase,
            Error::InvalidInput { .. } | Error::InvalidRow { .. } => Code::InvalidInput,
            Error::TooLong { .. } => Code::TooLong,
            Error::NotFound { .. } => Code::NotFound,
            Error::Conflict(_) => Code::Conflict,
            Error::ConsentRefused(_) => Code::ConsentRefused,
            Error::LedgerTampered => Code::LedgerTampered,
            Error::Cancelled => Code::Cancelled,
            Error::Locked => Code::Locked,
            Error::Busy => Code::RegisterBusy,
            Error::NotPermitted(_) => Code::NotPermitted,
            Error::BackupDamaged => Code::BackupDamaged,
            Error::JournalMissing => Code::JournalMissing,
            Error::OtherRegister { .. } => Code::OtherRegister,
            Error::RekeyInterrupted => Code::RekeyInterrupted,
            Error::LetterIncomplete { .. } => Code::LetterIncomplete,
            Error::AccountRequired => Code::AccountRequired,
            Error::DiskFull => Code::DiskFull,
            Error::NoAccess => Code::NoAccess,
            Error::Document(_) => Code::DocumentFailed,
            Error::Unprintable { .. } => Code::UnprintableText,
            Error::BadRequest(_) => Code::BadRequest,
            Error::Storage(_) => Code::Storage,
            Error::Io(_) => Code::Io,
        }
    }

    pub fn invalid(field: Field, reason: &'static str) -> Self {
        Error::InvalidInput { field, reason }
    }
}

/// SQLite errors are reduced to their category: their messages can quote the SQL,
/// never values, since every statement binds its parameters.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::QueryReturnedNoRows => Error::NotFound { entity: "record" },
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
                Error::NotACarnetDatabase
            }
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                Error::Busy
            }
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull => {
                Error::DiskFull
            }
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ReadOnly => {
                Error::NoAccess
            }
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Error::Conflict("a database rule refused the change")
            }
            rusqlite::Error::SqliteFailure(f, _) => Error::Storage(format!("{:?}", f.code)),
            _ => Error::Storage("unexpected database error".into()),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        use std::io::ErrorKind;
        match e.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Error::DiskFull,
            ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied => Error::NoAccess,
            kind => Error::Io(kind.to_string()),
        }
    }
}

/// `{code, message, detail}` as the UI and `--json` output receive it.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub code: Code,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Value>,
}

impl From<&Error> for ErrorBody {
    fn from(e: &Error) -> Self {
        let detail = match e {
            Error::ConsentRefused(rule) => serde_json::to_value(rule).ok(),
            Error::InvalidInput { field, reason } => {
                Some(serde_json::json!({"field": field, "reason": reason}))
            }
            Error::InvalidRow { row, field, reason } => {
                Some(serde_json::json!({"row": row, "field": field, "reason": reason}))
            }
            Error::DatabaseTooNew { found, supported } => {
                Some(serde_json::json!({"found": found, "supported": supported}))
            }
            Error::NotPermitted(p) => Some(serde_json::json!({"permission": p})),
            Error::OtherRegister {
                backup_organisation,
            } => Some(serde_json::json!({"backup_organisation": backup_organisation})),
            Error::WeakPassphrase { min, score } => Some(
                serde_json::json!({"min": min, "score": score, "needed": crate::secret::MIN_PASSPHRASE_SCORE}),
            ),
            Error::Unprintable { place } => Some(serde_json::json!({"place": place})),
            Error::LetterIncomplete { missing } => Some(serde_json::json!({"missing": missing})),
            Error::TooLong { field, max } => Some(serde_json::json!({"field": field, "max": max})),
            _ => None,
        };
        ErrorBody {
            code: e.code(),
            message: e.to_string(),
            detail,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
