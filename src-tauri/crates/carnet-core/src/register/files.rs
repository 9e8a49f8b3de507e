//! The register's files: where it lives, writes that are whole or nothing, files set aside
//! rather than deleted, and the encrypted connection with its settings.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::error::{Error, Result};
use crate::secret::DbKey;

/// The folder name under the OS application-data folder (same as the app's identifier).
pub const APP_DIR: &str = "app.carnet.desktop";

pub const DEFAULT_FILE: &str = "carnet.db";

/// `~/.local/share/app.carnet.desktop/carnet.db`, `%APPDATA%\app.carnet.desktop\carnet.db`,
/// `~/Library/Application Support/app.carnet.desktop/carnet.db`.
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(APP_DIR).join(DEFAULT_FILE))
}

pub(super) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Makes a rename or a new file in `dir` durable: the folder's entry is flushed too
/// (on Windows, a rename is durable once it returns).
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Flushes the file at `path` to disk. Opened for writing: Windows refuses to flush a
/// file opened read-only ("access denied"), which the Windows check under Wine found.
pub(crate) fn sync_file(path: &Path) -> Result<()> {
    fs::OpenOptions::new().write(true).open(path)?.sync_all()?;
    Ok(())
}

/// Writes `bytes` to a fresh temporary file beside `path`, flushes it to disk, renames
/// it over `path` and flushes the folder: a crash or a full disk never leaves half a
/// file, and a file already at `path` stays as it was until the new one is complete.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent_dir(path);
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| Error::from(e.error))?;
    sync_dir(dir)
}

/// Moves `path` aside as `<name>.<why>-N` (the first free N) and returns the new path:
/// a file Carnet cannot use is kept for whoever wants to look at it, never deleted.
pub(crate) fn set_aside(path: &Path, why: &str) -> Result<PathBuf> {
    for n in 1..1000 {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".{why}-{n}"));
        let aside = PathBuf::from(name);
        if !aside.exists() {
            fs::rename(path, &aside)?;
            sync_dir(parent_dir(path))?;
            return Ok(aside);
        }
    }
    Err(Error::Io(
        "too many files set aside beside the register".into(),
    ))
}

pub(super) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

pub(crate) fn refuse_plain_sqlite(path: &Path) -> Result<()> {
    let mut header = [0u8; 16];
    let mut f = fs::File::open(path)?;
    let n = f.read(&mut header)?;
    if n < 16 || &header == b"SQLite format 3\0" {
        return Err(Error::NotACarnetDatabase);
    }
    Ok(())
}

/// Opens a connection and applies the key as the very first statement, then proves
/// it with a read of the schema. A failing read means the key is wrong (or the file
/// is not an encrypted database).
pub(crate) fn connect(path: &Path, key: &DbKey, create: bool) -> Result<Connection> {
    // SQLCipher's `PRAGMA key` now and then fails (plain SQLITE_ERROR from its codec set-up)
    // when several threads key new connections at once: in parallel tests with 32
    // threads, about once in a thousand creations; never with this lock (0 in 200 runs).
    // One keying at a time costs nothing here: a register opens one connection.
    static KEYING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = KEYING.lock().unwrap_or_else(|e| e.into_inner());
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    conn.execute_batch(&key.pragma())?;
    // SQLCipher logs a failed page check on stderr; the error we return says enough.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(conn),
        Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == ErrorCode::NotADatabase => {
            Err(Error::WrongKey)
        }
        Err(e) => Err(e.into()),
    }
}

/// How long a write waits for another connection's write before `register_busy`.
pub(super) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Connection settings every register gets: WAL with full sync (a power cut loses no
/// committed change), foreign keys, a 256 MiB page cache (filled only as pages are read: a
/// small register uses little), temporary tables in memory (so no plaintext temp file ever
/// reaches the disk), and deleted content overwritten with zeros (`secure_delete`: an
/// erased person's words do not linger in free pages).
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA temp_store = MEMORY;
         PRAGMA secure_delete = ON;
         PRAGMA cache_size = -262144;",
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(())
}
