//! What only the benchmarks (`carnet-bench`, the `bench` feature) need: an unencrypted
//! register with the same schema to compare with, and bulk steps that would otherwise take
//! millions of transactions. Not reachable from the app or the command line.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags};

use crate::error::Result;
use crate::org::{self, OrganisationProfile};
use crate::register::migrations::{self, APPLICATION_ID};
use crate::register::{connect, rows, write, Register};
use crate::secret::DbKey;
use crate::Contexts;

/// An unencrypted register with the same schema, only to measure what encryption costs.
pub fn create_plain(
    path: &Path,
    profile: &OrganisationProfile,
    now: DateTime<Utc>,
) -> Result<Register> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    let mut reg = Register::unkeyed(conn, path, "plain".into())?;
    migrations::migrate_to(&mut reg.conn, migrations::LATEST)?;
    let tx = reg.conn.transaction()?;
    tx.execute(
        "INSERT INTO meta (id, database_id, created_at) VALUES (1, 'plain', ?1)",
        [crate::time::stamp(now)],
    )?;
    org::write_profile(&tx, profile)?;
    tx.commit()?;
    Ok(reg)
}

/// Opens a register made by [`create_plain`] again.
pub fn open_plain(path: &Path) -> Result<Register> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let database_id: String =
        conn.query_row("SELECT database_id FROM meta WHERE id = 1", [], |r| {
            r.get(0)
        })?;
    let mut reg = Register::unkeyed(conn, path, database_id)?;
    crate::consent::check_guards(&mut reg.conn)?;
    Ok(reg)
}

/// Re-opens either kind for an unlock measurement; `None` opens it unencrypted.
pub fn raw_open(path: &Path, key: Option<&DbKey>) -> Result<()> {
    match key {
        Some(k) => {
            connect(path, k, false)?;
        }
        None => {
            let c = Connection::open(path)?;
            c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })?;
        }
    }
    Ok(())
}

/// Records many consent events through the same checks and chained append as
/// `reg.consent().record(..)`, in one transaction (the scale benchmark's ten million
/// events without ten million fsyncs). Events the rules refuse are skipped; returns how
/// many were written.
pub fn record_consents(
    reg: &Register,
    inputs: &[crate::consent::ConsentInput],
    now: DateTime<Utc>,
) -> Result<usize> {
    let checked: Vec<_> = inputs
        .iter()
        .filter_map(|i| reg.consent().check(i, now).ok())
        .collect();
    let tx = write(&reg.conn)?;
    for c in &checked {
        crate::consent::append_event(&tx, &reg.staff, c, now)?;
    }
    tx.commit()?;
    Ok(checked.len())
}

/// Enters every person of the register in a contest at once (a million entries without a
/// million transactions), for the draw benchmark.
pub fn enter_everyone(reg: &Register, contest_id: i64, on: NaiveDate) -> Result<usize> {
    let tx = write(&reg.conn)?;
    let n = tx.execute(
        "INSERT INTO entries (contest_id, person_id, entered_on, channel, created_at)
         SELECT ?1, id, ?2, 'contact_form', '' FROM people WHERE erased_on IS NULL",
        rusqlite::params![contest_id, on],
    )?;
    let people: Vec<i64> = rows(
        &tx,
        "SELECT person_id FROM entries WHERE contest_id = ?1",
        [contest_id],
        |r| r.get(0),
    )?;
    for p in people {
        crate::contests::keys::refresh(&tx, p)?;
    }
    tx.commit()?;
    Ok(n)
}

/// Folds the write-ahead log into the file (so the file's size is the register's).
pub fn checkpoint(reg: &Register) -> Result<()> {
    reg.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(())
}

/// The page cache's size for this connection (the cache-sizing measurement).
pub fn cache_mib(reg: &Register, mib: i64) -> Result<()> {
    reg.conn
        .execute_batch(&format!("PRAGMA cache_size = -{};", mib * 1024))?;
    Ok(())
}

/// Rebuilds the file, to time what a purge's `VACUUM` costs on its own.
pub fn vacuum(reg: &Register) -> Result<()> {
    reg.conn.execute_batch("VACUUM;")?;
    Ok(())
}
