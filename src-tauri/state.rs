//! What the app holds while it runs: the register's path, the keyring, the open register,
//! and what a session keeps in memory only (a fresh certificate, a prepared key, the
//! chosen files, the last import check), with the idle lock.

use std::path::PathBuf;
use std::sync::Mutex;

use carnet_core::{Register, Vault};

/// Where the app keeps its register and which keyring it uses.
pub struct AppState {
    db_path: Mutex<PathBuf>,
    /// Where the register chosen with "Open an existing register…" is remembered for the
    /// next start (`None` when `CARNET_DB` decides).
    location_file: Option<PathBuf>,
    pub vault: Vault,
    pub register: Mutex<Option<Register>>,
    pub staff: Mutex<String>,
    /// Files the user saved through a dialog in this session: the only ones
    /// `open_saved` will hand to the system viewer.
    pub saved: Mutex<Vec<PathBuf>>,
    /// The erasure certificate made at the moment of an erasure (the only copy that can
    /// name the requester), until it is saved or the app closes. Never written elsewhere.
    pub fresh_certificate: Mutex<Option<carnet_core::privacy::ErasureCertificate>>,
    /// The spreadsheet chosen for an import (a contest's entries, people, a mailing
    /// tool's export): checked, then imported.
    pub import_file: Mutex<Option<PathBuf>>,
    /// The running import's progress and its cancel flag, read without the register.
    pub import_progress: std::sync::Arc<ImportProgress>,
    /// The backup chosen for a restore.
    pub backup_file: Mutex<Option<PathBuf>>,
    /// The error code of the last automatic backup, when it failed.
    pub auto_backup_error: Mutex<Option<String>>,
    /// A new key prepared for re-keying, until it is applied (memory only).
    pub pending_rekey: Mutex<Option<carnet_core::PendingRekey>>,
    /// The last import check (the file, its size and time, what it planned), written by
    /// the import that follows without checking every line again.
    pub checked_people: Mutex<Option<CheckedImport>>,
    /// The idle lock, enforced here as well as in the window (a window whose timer stopped,
    /// or a page script that no longer runs, does not keep the register open).
    pub idle: IdleLock,
    /// Set when this PC is paired with the office's register service: every command of
    /// the schema then runs there, and no register is opened here.
    pub remote: Mutex<Option<crate::remote::Remote>>,
    /// Where the pairing is kept (beside the remembered register location).
    pairing_file: PathBuf,
}

/// A checked import kept for the import that follows: the file, its size and time.
pub type CheckedImport = (
    PathBuf,
    Option<(u64, std::time::SystemTime)>,
    carnet_core::exchange::CheckedPeople,
);

/// When the register was last used, and after how long without use it locks itself.
pub struct IdleLock {
    pub minutes: std::sync::atomic::AtomicU32,
    pub last: Mutex<std::time::Instant>,
}

impl Default for IdleLock {
    fn default() -> Self {
        IdleLock {
            minutes: carnet_core::org::IDLE_LOCK_DEFAULT.into(),
            last: Mutex::new(std::time::Instant::now()),
        }
    }
}

impl IdleLock {
    pub fn touch(&self) {
        *self.last.lock().expect("idle lock") = std::time::Instant::now();
    }
}

/// The running import's stop button: `cancel` asks it to stop (nothing is kept). Its
/// progress is pushed to the window through the command's channel.
#[derive(Default)]
pub struct ImportProgress {
    pub cancel: std::sync::atomic::AtomicBool,
}

impl ImportProgress {
    pub fn start(&self) {
        self.cancel
            .store(false, std::sync::atomic::Ordering::Relaxed);
    }
}

/// The file, in the app's data folder, naming the register the office chose elsewhere.
const LOCATION_FILE: &str = "register-location.txt";

impl AppState {
    pub fn new(db_path: PathBuf, vault: Vault) -> Self {
        let pairing_file = db_path.with_file_name(crate::remote::PAIRING_FILE);
        AppState::with_pairing_file(db_path, vault, pairing_file)
    }

    fn with_pairing_file(db_path: PathBuf, vault: Vault, pairing_file: PathBuf) -> Self {
        // A pairing file that cannot be read leaves the PC on its own register; the
        // where-screen's "Connect" pairs it again.
        let remote = carnet_server::client::Pairing::load(&pairing_file)
            .ok()
            .map(|p| crate::remote::Remote::new(p, pairing_file.clone()));
        AppState {
            db_path: Mutex::new(db_path),
            location_file: None,
            vault,
            register: Mutex::new(None),
            staff: Mutex::new(String::new()),
            saved: Mutex::new(Vec::new()),
            fresh_certificate: Mutex::new(None),
            import_file: Mutex::new(None),
            import_progress: Default::default(),
            backup_file: Mutex::new(None),
            auto_backup_error: Mutex::new(None),
            pending_rekey: Mutex::new(None),
            checked_people: Mutex::new(None),
            idle: IdleLock::default(),
            remote: Mutex::new(remote),
            pairing_file,
        }
    }

    /// `CARNET_DB` when set (tests, a register on a USB key); else the register the office
    /// chose last time; else `carnet.db` in the OS app-data folder.
    pub fn from_env() -> Self {
        if let Some(p) = std::env::var_os("CARNET_DB") {
            return AppState::new(PathBuf::from(p), Vault::os());
        }
        let default = carnet_core::register::default_path()
            .unwrap_or_else(|| PathBuf::from(carnet_core::register::DEFAULT_FILE));
        AppState::beside_default(default, Vault::os())
    }

    /// The register chosen last with "Open an existing register…" (remembered beside
    /// `default`), else `default`.
    pub fn beside_default(default: PathBuf, vault: Vault) -> Self {
        let location_file = default.with_file_name(LOCATION_FILE);
        let chosen = std::fs::read_to_string(&location_file)
            .ok()
            .map(|t| PathBuf::from(t.trim()))
            .filter(|p| !p.as_os_str().is_empty());
        let pairing_file = location_file.with_file_name(crate::remote::PAIRING_FILE);
        AppState {
            location_file: Some(location_file),
            ..AppState::with_pairing_file(chosen.unwrap_or(default), vault, pairing_file)
        }
    }

    /// The register this window works on.
    pub fn db_path(&self) -> PathBuf {
        self.db_path.lock().expect("path lock").clone()
    }

    /// Closes the register and forgets what the session held (the fresh certificate, a
    /// prepared key): the "Lock" button, and the idle delay.
    pub fn lock(&self) {
        *self.register.lock().expect("register lock") = None;
        if let Some(remote) = self.remote.lock().expect("remote lock").as_mut() {
            remote.sign_out();
        }
        *self.fresh_certificate.lock().expect("certificate lock") = None;
        *self.pending_rekey.lock().expect("rekey lock") = None;
        *self.checked_people.lock().expect("check lock") = None;
    }

    /// Locks the register when it has not been used for the idle delay at `now`; true
    /// when it did.
    pub fn lock_if_idle(&self, now: std::time::Instant) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let minutes = u64::from(self.idle.minutes.load(Relaxed));
        // The register's lock first: a long import or backup holds it and counts as use
        // until it ends, so the time of last use is read once the lock is ours.
        let mut register = self.register.lock().expect("register lock");
        let last = *self.idle.last.lock().expect("idle lock");
        let idle =
            now.saturating_duration_since(last) >= std::time::Duration::from_secs(minutes * 60);
        let signed_in = self
            .remote
            .lock()
            .expect("remote lock")
            .as_ref()
            .is_some_and(|r| r.session().is_some());
        if (register.is_none() && !signed_in) || !idle {
            return false;
        }
        *register = None;
        drop(register);
        self.lock();
        true
    }

    /// Where this PC's pairing with the service is kept.
    pub fn pairing_file(&self) -> &std::path::Path {
        &self.pairing_file
    }

    /// Whether this PC works on the office's register service.
    pub fn is_client(&self) -> bool {
        self.remote.lock().expect("remote lock").is_some()
    }

    /// Refuses while a register is open (another one may not be chosen then).
    pub fn none_open(&self) -> carnet_core::Result<()> {
        match self.register.lock().expect("register lock").is_some() {
            true => Err(carnet_core::Error::Conflict(
                "lock the open register before opening another",
            )),
            false => Ok(()),
        }
    }

    /// Works on the register at `path` from now on (and at the next start). Refused while
    /// a register is open.
    pub fn use_register_at(&self, path: PathBuf) -> carnet_core::Result<()> {
        self.none_open()?;
        if let Some(file) = &self.location_file {
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir)?;
            }
            carnet_core::register::write_atomically(file, path.display().to_string().as_bytes())?;
        }
        *self.db_path.lock().expect("path lock") = path;
        Ok(())
    }
}
