//! A full disk, met while adding people: said so, and nothing half-kept.

use crate::people::PersonInput;
use crate::{Contexts, Error};
use chrono::TimeZone;
use chrono::{NaiveDate, Utc};

/// A full disk (SQLite told it may not grow, as when the disk has no room left) is
/// `disk_full`, and the change is not kept while everything before it is.
#[test]
fn a_full_disk_says_so_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let reg = crate::contexts::test_register(dir.path(), now);
    let day = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let person = |i: usize| {
        PersonInput::named(
            &format!("Élève{i}"),
            "Famille",
            crate::model::Channel::PaperForm,
            day,
        )
    };
    let before: Vec<PersonInput> = (0..20).map(person).collect();
    reg.people().add_many(&before, now).unwrap();
    reg.conn
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let pages: i64 = reg
        .conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    let _: i64 = reg
        .conn
        .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
            r.get(0)
        })
        .unwrap();
    let many: Vec<PersonInput> = (100..3100).map(person).collect();
    let err = reg.people().add_many(&many, now).unwrap_err();
    assert_eq!(err.code(), crate::Code::DiskFull, "{err:?}");
    assert_eq!(reg.people().list(0, 10_000).unwrap().len(), 20);
    assert!(reg.integrity_ok().unwrap());
}

#[test]
fn file_errors_name_what_to_do() {
    use std::io::{Error as IoError, ErrorKind};
    for (kind, code) in [
        (ErrorKind::StorageFull, crate::Code::DiskFull),
        (ErrorKind::QuotaExceeded, crate::Code::DiskFull),
        (ErrorKind::ReadOnlyFilesystem, crate::Code::NoAccess),
        (ErrorKind::PermissionDenied, crate::Code::NoAccess),
        (ErrorKind::NotFound, crate::Code::Io),
    ] {
        assert_eq!(Error::from(IoError::from(kind)).code(), code, "{kind:?}");
    }
}
