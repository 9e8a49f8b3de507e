//! The service: it holds the open register (and so its key), pairs devices, signs
//! colleagues in, and runs each call as the signed-in account, so the permission table is
//! enforced here, where the key lives, and no client ever holds the key.
//!
//! One thread per connection; the register is behind one lock, so calls run one at a time
//! (writes go through the register's own `change`, the ledger stays one chain). Every call
//! checks, before it runs, that its session is alive (not idle too long), its device not
//! revoked and its account not removed: a revocation or a removal cuts sessions at once.

use std::collections::HashMap;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use carnet_api::accounts::{RemoveAccount, SetAccountPassphrase};
use carnet_api::backup::{BackupStatusNow, RestoreAtService};
use carnet_api::service::PairingCode;
use carnet_api::Command;
use carnet_core::service::SignIn;
use carnet_core::{Contexts, Register};
use chrono::{DateTime, FixedOffset, Offset, TimeZone, Utc};
use sha2::{Digest, Sha256};

use spake2::{Ed25519Group, Identity, Password, Spake2};
use zeroize::Zeroizing;

use crate::proto::{
    normalised_code, pairing_proof, random_hex, read_frame, same_proof, write_frame, Call,
    RemoteError, Request, Response, MAX_FRAME, SPAKE_CLIENT, SPAKE_SERVICE,
};
use crate::tls::{self, Fingerprint};

/// Read-only connections beside the one that writes.
pub const READERS: usize = 2;

/// Wrong sign-ins in a row before a name waits, and the first wait.
pub const SIGN_IN_TRIES: u32 = 5;
pub const SIGN_IN_PAUSE: Duration = Duration::from_secs(60);

/// The longest a session lasts, however busy: a working day.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// How long a pairing code stays valid, and how many wrong proofs it takes.
pub const CODE_LIFETIME: Duration = Duration::from_secs(10 * 60);
pub const CODE_TRIES: u32 = 5;
/// Connections served at once; more wait for the listener.
pub const MAX_CONNECTIONS: usize = 64;
/// A frame before sign-in (pairing, signing in) is small.
pub const SMALL_FRAME: usize = 16 << 10;
/// The handshake and the first request must come within this.
pub const FIRST_FRAME: Duration = Duration::from_secs(15);

/// A pairing between its two steps, on one connection.
struct Pending {
    key: Zeroizing<Vec<u8>>,
    /// The code it was keyed by (used once the proof checks).
    code: String,
    device_name: String,
}

/// What the service writes to its log: codes and times, never a value.
pub type Log = Box<dyn Fn(&str) + Send + Sync>;

struct Session {
    account: i64,
    device_id: i64,
    device_name: String,
    started: Instant,
    last: Instant,
}

struct Code {
    code: String,
    made: Instant,
    tries: u32,
}

fn new_code() -> Code {
    // Eight letters and digits without look-alikes (no 0/O, 1/I/L, U), shown as XXXX-XXXX.
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
    // Bytes past the last whole multiple of the alphabet's length are drawn again, so
    // every character is equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let mut chars = String::new();
    while chars.len() < 8 {
        let mut b = [0u8; 16];
        getrandom::fill(&mut b).expect("the OS gives random bytes");
        for x in b {
            if (x as usize) < limit && chars.len() < 8 {
                chars.push(ALPHABET[x as usize % ALPHABET.len()] as char);
            }
        }
    }
    Code {
        code: format!("{}-{}", &chars[..4], &chars[4..]),
        made: Instant::now(),
        tries: 0,
    }
}

pub struct Service {
    reg: Mutex<Held>,
    /// Read-only connections to the same register: reads are answered there while a
    /// write runs on `reg` (writes stay one at a time, the ledger one chain).
    readers: Vec<Mutex<Held>>,
    next_reader: AtomicUsize,
    backup_error: Mutex<Option<String>>,
    /// Wrong sign-ins by the name typed: after five in a row, that name waits before the
    /// next try (a minute, doubling up to a quarter of an hour), whichever PC tries.
    failures: Mutex<HashMap<String, (u32, Instant)>>,
    pause: Duration,
    /// Sign-ins derive one at a time (Argon2id takes 64 MiB and about a second): a
    /// flood of sign-ins cannot take the machine's memory.
    deriving: Mutex<()>,
    sessions: Mutex<HashMap<String, Session>>,
    code: Mutex<Code>,
    fingerprint: Fingerprint,
    config: Arc<rustls::ServerConfig>,
    idle: Duration,
    /// The longest a session lasts, in use or not (a token copied off a PC expires).
    lifetime: Duration,
    log: Log,
    open: AtomicUsize,
    /// The account the register was opened with (it cannot be removed through the service).
    own_account: Option<i64>,
    /// The time calls are made at (the system's; pinned in tests).
    clock: Clock,
    /// The last restore made at the service (device, account and request id): its retry
    /// after a cut is told it was done, not made twice.
    last_restore: Mutex<Option<String>>,
}

/// Where the service reads the time.
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The office's UTC offset at `now`: the service stands in the office, so its machine's
/// own time zone, daylight saving included, decides the office's day.
fn office_offset(now: DateTime<Utc>) -> FixedOffset {
    chrono::Local
        .offset_from_utc_datetime(&now.naive_utc())
        .fix()
}

/// Ends the process when dropped by a panic (see [`Service::restore`]).
struct ExitOnPanic;

impl Drop for ExitOnPanic {
    fn drop(&mut self) {
        if std::thread::panicking() {
            std::process::exit(70);
        }
    }
}

/// The register a lock holds. Always there, but for the moment a restore at the service
/// closes it and opens the restored one: every lock is held then, so no call sees it
/// empty.
pub(crate) struct Held(Option<Register>);

impl std::ops::Deref for Held {
    type Target = Register;
    fn deref(&self) -> &Register {
        self.0
            .as_ref()
            .expect("the register is open (a restore holds every lock while it is not)")
    }
}

impl std::ops::DerefMut for Held {
    fn deref_mut(&mut self) -> &mut Register {
        self.0
            .as_mut()
            .expect("the register is open (a restore holds every lock while it is not)")
    }
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn refused(code: &str, message: &str) -> Response {
    Response::Error(RemoteError::new(code, message))
}

impl Service {
    /// Takes over an open register (opened by the person in charge's account or the
    /// recovery key). Its certificate is made at the first start and kept inside the
    /// register; a register without accounts is refused (each colleague signs in).
    pub fn new(mut reg: Register, idle: Duration, log: Log) -> Result<Service, String> {
        if !reg.session().accounts {
            return Err(
                "this register has no staff accounts: add them first (Settings, Accounts), \
                 each colleague then signs in with their own"
                    .into(),
            );
        }
        reg.set_staff("carnet-server");
        let identity = reg.service().identity().map_err(|e| {
            format!(
                "the service's certificate cannot be read: {}",
                RemoteError::from(&e).code
            )
        })?;
        let (cert, key) = match identity {
            Some(i) => (i.cert, i.key.to_vec()),
            None => {
                let (cert, key) =
                    tls::make_identity().map_err(|_| "no certificate could be made".to_owned())?;
                reg.service()
                    .set_identity(&cert, &key, Utc::now())
                    .map_err(|e| {
                        format!(
                            "the certificate cannot be kept: {}",
                            RemoteError::from(&e).code
                        )
                    })?;
                log("certificate made (first start)");
                (cert, key)
            }
        };
        let config = tls::server_config(&cert, &key).map_err(|e| format!("TLS: {e}"))?;
        let own_account = reg.session().account.map(|a| a.id);
        // Request ids older than a month are forgotten (a retry comes within minutes).
        let now = Utc::now();
        reg.forget_applied_requests(now - chrono::Duration::days(30), now)
            .map_err(|e| {
                format!(
                    "the register cannot be written: {}",
                    RemoteError::from(&e).code
                )
            })?;
        // Between calls nobody acts: each call sets its account first.
        reg.serve_nobody();
        let readers = (0..READERS)
            .map(|_| reg.reader().map(|r| Mutex::new(Held(Some(r)))))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("the register's read connections did not open: {e}"))?;
        Ok(Service {
            readers,
            next_reader: AtomicUsize::new(0),
            backup_error: Mutex::new(None),
            deriving: Mutex::new(()),
            failures: Mutex::new(HashMap::new()),
            pause: SIGN_IN_PAUSE,
            reg: Mutex::new(Held(Some(reg))),
            sessions: Mutex::new(HashMap::new()),
            code: Mutex::new(new_code()),
            fingerprint: tls::fingerprint(&cert),
            config,
            idle,
            lifetime: SESSION_LIFETIME,
            log,
            open: AtomicUsize::new(0),
            own_account,
            clock: Box::new(Utc::now),
            last_restore: Mutex::new(None),
        })
    }

    /// Reads the time from `clock` rather than the system (tests: a Montreal evening, a
    /// Paris night, with the machine's time zone set).
    pub fn with_clock(mut self, clock: Clock) -> Service {
        self.clock = clock;
        self
    }

    /// Sessions end after `lifetime`, in use or not (12 hours unless told otherwise).
    pub fn with_session_lifetime(mut self, lifetime: Duration) -> Service {
        self.lifetime = lifetime;
        self
    }

    /// The first wait after five wrong sign-ins (a minute unless told otherwise).
    pub fn with_sign_in_pause(mut self, pause: Duration) -> Service {
        self.pause = pause;
        self
    }

    /// Keeps the register's backups in `folder`, on this machine (the settings' folder,
    /// as the person in charge sets it on one PC).
    pub fn set_backup_folder(&self, folder: &std::path::Path) -> Result<(), String> {
        let mut reg = self.reg.lock().unwrap_or_else(|p| p.into_inner());
        reg.serve_as_itself();
        let done = (|| {
            let settings = reg.backups().settings()?;
            if settings.folder.as_deref() == Some(folder) {
                return Ok(());
            }
            let settings = carnet_core::backup::BackupSettings {
                folder: Some(folder.to_owned()),
                ..settings
            };
            reg.backups().set_settings(&settings, (self.clock)())
        })();
        reg.serve_nobody();
        done.map_err(|e| format!("the backup folder was not kept: {e}"))
    }

    /// Takes the day's backup when one is due, now and then every `every`, with the
    /// backup's rules (checked, rotated, the decisions journal beside it). Its log says
    /// when a backup is taken or why it failed (a code), never what it holds.
    pub fn keep_backups(self: Arc<Self>, every: Duration) {
        std::thread::spawn(move || loop {
            {
                let mut reg = self.reg.lock().unwrap_or_else(|p| p.into_inner());
                let now = (self.clock)();
                reg.set_utc_offset(office_offset(now));
                reg.serve_as_itself();
                let taken = (|| {
                    let settings = reg.backups().settings()?;
                    let Some(folder) = settings.folder else {
                        return Ok(None);
                    };
                    if !reg.backups().due(now)? {
                        return Ok(None);
                    }
                    reg.backups().backup_to(&folder, now).map(Some)
                })();
                reg.serve_nobody();
                drop(reg);
                *self.backup_error.lock().unwrap_or_else(|p| p.into_inner()) =
                    taken.as_ref().err().map(|e| e.code().as_str().to_owned());
                match taken {
                    Ok(Some((_, rotation))) => (self.log)(&format!(
                        "backup taken ({} kept, {} removed by the rotation)",
                        rotation.kept,
                        rotation.removed.len()
                    )),
                    Ok(None) => {}
                    Err(e) => (self.log)(&format!("backup failed: {}", e.code().as_str())),
                }
            }
            std::thread::sleep(every);
        });
    }

    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// The pairing code to show (a new one once the last expired or was used).
    pub fn pairing_code(&self) -> String {
        let mut code = self.code.lock().unwrap_or_else(|p| p.into_inner());
        if code.made.elapsed() > CODE_LIFETIME {
            *code = new_code();
        }
        code.code.clone()
    }

    fn new_pairing_code(&self, why: &str) {
        let mut code = self.code.lock().unwrap_or_else(|p| p.into_inner());
        *code = new_code();
        (self.log)(&format!("pairing code: {} ({why})", code.code));
    }

    /// Waits for the write in progress, if any, and lets no other begin, for good: the
    /// process may then end (a Windows service asked to stop) with no change half made.
    pub fn stop_writes(&self) {
        std::mem::forget(self.reg.lock().unwrap_or_else(|p| p.into_inner()));
    }

    /// Listens on `address` and serves from a thread of its own (tests, the benchmark);
    /// the address it listens on (`127.0.0.1:0` picks a free port).
    pub fn serve_in_background(self: &Arc<Self>, address: &str) -> std::io::Result<String> {
        let listener = TcpListener::bind(address)?;
        let bound = listener.local_addr()?.to_string();
        let service = self.clone();
        std::thread::spawn(move || service.serve(listener));
        Ok(bound)
    }

    /// Accepts connections until the listener fails, one thread each (at most
    /// [`MAX_CONNECTIONS`] at once; a failed accept, such as no file handle left, waits a
    /// little rather than spinning).
    pub fn serve(self: Arc<Self>, listener: TcpListener) {
        for stream in listener.incoming() {
            let Ok(stream) = stream else {
                std::thread::sleep(Duration::from_millis(100));
                continue;
            };
            if self.open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                self.open.fetch_sub(1, Ordering::SeqCst);
                continue;
            }
            let me = self.clone();
            std::thread::spawn(move || {
                me.connection(stream);
                me.open.fetch_sub(1, Ordering::SeqCst);
            });
        }
    }

    fn connection(&self, tcp: TcpStream) {
        let _ = tcp.set_nodelay(true);
        // The handshake and the first request come quickly or not at all; a connection
        // then stays open while its PC works, within the idle limit.
        let _ = tcp.set_read_timeout(Some(FIRST_FRAME));
        let _ = tcp.set_write_timeout(Some(FIRST_FRAME));
        let Ok(conn) = rustls::ServerConnection::new(self.config.clone()) else {
            return;
        };
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        let mut pending: Option<Pending> = None;
        let mut signed_in = false;
        loop {
            // Before a sign-in, only small frames (pairing, signing in) are read.
            let limit = if signed_in { MAX_FRAME } else { SMALL_FRAME };
            let frame = match read_frame(&mut tls, limit) {
                Ok(Some(f)) => f,
                // Closed, timed out, too large, or a handshake that failed (a client
                // refusing our certificate).
                Ok(None) | Err(_) => return,
            };
            let mut in_session = false;
            let answer = match serde_json::from_slice::<Request>(&frame) {
                Ok(req) => {
                    // Only a sign-in, or a call in a live session, opens larger frames (a
                    // sign-out needs no session, and answers all the same).
                    in_session = matches!(req, Request::SignIn { .. } | Request::Call { .. });
                    self.respond(req, &mut pending)
                }
                Err(_) => refused("bad_request", "the request could not be read"),
            };
            let admitted = matches!(
                answer,
                Response::SignedIn { .. }
                    | Response::Answer { .. }
                    | Response::AlreadyApplied { .. }
            );
            if in_session && admitted && !signed_in {
                signed_in = true;
                let _ = tls.sock.set_read_timeout(Some(self.idle + FIRST_FRAME));
            }
            if write_frame(&mut tls, &answer).is_err() {
                return;
            }
        }
    }

    fn respond(&self, req: Request, pending: &mut Option<Pending>) -> Response {
        match req {
            Request::PairStart { device_name, spake } => {
                let (answer, next) = self.pair_start(device_name, &spake);
                *pending = next;
                answer
            }
            Request::PairFinish { proof } => match pending.take() {
                Some(p) => self.pair_finish(p, &proof),
                None => refused("pairing_refused", "start the pairing again"),
            },
            Request::SignIn {
                device_id,
                device_token,
                account,
                passphrase,
            } => self.sign_in(device_id, &device_token, &account, &passphrase),
            Request::Call {
                session,
                request_id,
                call,
            } => self.call(&session, &request_id, *call),
            Request::SignOut { session } => {
                self.sessions
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&session);
                Response::Answer {
                    value: serde_json::Value::Null,
                }
            }
        }
    }

    /// A wrong proof (its exchange already counted as a try), slowed.
    fn wrong_try(&self) -> Response {
        (self.log)("pairing refused: wrong code or certificate");
        std::thread::sleep(Duration::from_millis(500));
        refused(
            "pairing_refused",
            "the code is wrong, or another machine stands between this PC and the service",
        )
    }

    /// The SPAKE2 exchange keyed by the current code; the service's proof over its
    /// certificate under the key.
    fn pair_start(&self, device_name: String, spake: &str) -> (Response, Option<Pending>) {
        let code = {
            let code = self.code.lock().unwrap_or_else(|p| p.into_inner());
            if code.made.elapsed() > CODE_LIFETIME {
                drop(code);
                self.new_pairing_code("the last one expired");
                let answer = refused(
                    "pairing_refused",
                    "this code has expired: type the new code the service shows",
                );
                return (answer, None);
            }
            code.code.clone()
        };
        // Each exchange lets its sender test one guess of the code against our proof: it
        // counts as a try whatever follows, and five make a new code.
        {
            let exhausted = {
                let mut c = self.code.lock().unwrap_or_else(|p| p.into_inner());
                c.tries += 1;
                c.tries > CODE_TRIES
            };
            if exhausted {
                self.new_pairing_code("five tries on the last one");
                std::thread::sleep(Duration::from_millis(500));
                let answer = refused(
                    "pairing_refused",
                    "too many tries with this code: type the new code the service shows",
                );
                return (answer, None);
            }
        }
        let Ok(theirs) = hex::decode(spake) else {
            return (
                refused("bad_request", "the pairing message could not be read"),
                None,
            );
        };
        let (state, ours) = Spake2::<Ed25519Group>::start_b(
            &Password::new(normalised_code(&code)),
            &Identity::new(SPAKE_CLIENT),
            &Identity::new(SPAKE_SERVICE),
        );
        let Ok(key) = state.finish(&theirs) else {
            return (self.wrong_try(), None);
        };
        let key = Zeroizing::new(key);
        let answer = Response::PairChallenge {
            spake: hex::encode(ours),
            proof: pairing_proof(&key, "service", &self.fingerprint),
        };
        (
            answer,
            Some(Pending {
                key,
                code,
                device_name,
            }),
        )
    }

    /// The client's proof over the certificate it saw: the same as ours only when it
    /// typed the code and sees our certificate. The code is then used (once, even if two
    /// PCs finish together) and the device recorded.
    fn pair_finish(&self, p: Pending, proof: &str) -> Response {
        if !same_proof(&pairing_proof(&p.key, "client", &self.fingerprint), proof) {
            return self.wrong_try();
        }
        {
            let mut code = self.code.lock().unwrap_or_else(|p| p.into_inner());
            if code.code != p.code || code.made.elapsed() > CODE_LIFETIME {
                return refused(
                    "pairing_refused",
                    "this code was just used or has expired: type the new code the service shows",
                );
            }
            *code = new_code();
            (self.log)(&format!(
                "pairing code: {} (the last one was used)",
                code.code
            ));
        }
        let token = random_hex(32);
        let mut reg = self.reg.lock().unwrap_or_else(|p| p.into_inner());
        reg.serve_as_itself();
        let id =
            match reg
                .service()
                .pair_device(&p.device_name, &token_hash(&token), (self.clock)())
            {
                Ok(id) => id,
                Err(e) => {
                    reg.serve_nobody();
                    return Response::Error(RemoteError::from(&e));
                }
            };
        reg.serve_nobody();
        drop(reg);
        (self.log)(&format!("device {id} paired"));
        Response::Paired {
            device_id: id,
            token,
        }
    }

    /// The device behind a token, refused when unknown, revoked or not this id.
    fn device(&self, reg: &Register, id: i64, token: &str) -> Result<String, Response> {
        match reg.service().device_by_token(&token_hash(token)) {
            Ok(Some(d)) if d.id == id && !d.revoked() => Ok(d.name),
            Ok(Some(d)) if d.id == id => Err(refused(
                "device_revoked",
                "this computer's pairing was revoked: ask the person in charge to pair it again",
            )),
            Ok(_) => Err(refused(
                "device_unknown",
                "this computer is not paired with the service",
            )),
            Err(e) => Err(Response::Error(RemoteError::from(&e))),
        }
    }

    fn sign_in(&self, device_id: i64, token: &str, account: &str, passphrase: &str) -> Response {
        // Guessing a colleague's passphrase from a paired PC: after five wrong tries in a
        // row, her name waits (the same for a name that does not exist).
        let who = carnet_core::fold::fold(&carnet_core::fold::clean(account));
        if let Some((_, until)) = self
            .failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&who)
        {
            if Instant::now() < *until {
                (self.log)(&format!("sign-in paused on device {device_id}"));
                return refused(
                    "sign_in_paused",
                    "too many wrong passphrases for this account: wait a little before trying again",
                );
            }
        }
        let answer = self.check_sign_in(device_id, token, account, passphrase);
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Names typed at random do not pile up: those no longer waiting are forgotten.
        if failures.len() > 10_000 {
            let now = Instant::now();
            failures.retain(|_, (_, until)| *until > now);
        }
        match &answer {
            Response::SignedIn { .. } => {
                failures.remove(&who);
            }
            Response::Error(e) if e.code == "wrong_passphrase" => {
                let (count, until) = failures.entry(who).or_insert((0, Instant::now()));
                *count += 1;
                if *count >= SIGN_IN_TRIES {
                    let doubled = self.pause * 2u32.saturating_pow((*count - SIGN_IN_TRIES).min(4));
                    *until = Instant::now() + doubled.min(Duration::from_secs(15 * 60));
                }
            }
            _ => {}
        }
        answer
    }

    fn check_sign_in(
        &self,
        device_id: i64,
        token: &str,
        account: &str,
        passphrase: &str,
    ) -> Response {
        let lock = || self.reg.lock().unwrap_or_else(|p| p.into_inner());
        let mut reg = lock();
        let device_name = match self.device(&reg, device_id, token) {
            Ok(n) => n,
            Err(r) => return r,
        };
        let checked = match reg.service().sign_in_lookup(account) {
            Err(e) => Err(e),
            // No verifier yet: the key slot checks the passphrase, under the register
            // (once per account).
            Ok(SignIn::Slot) => reg
                .check_account(account, passphrase)
                .map(|(id, name, role)| (id, name, role, true)),
            // A verifier: its derivation (about a second) runs without the register, so
            // the other PCs' calls go on meanwhile.
            Ok(lookup) => {
                drop(reg);
                let salt = lookup.salt();
                let checked = {
                    let _one = self.deriving.lock().unwrap_or_else(|p| p.into_inner());
                    lookup.check(passphrase)
                };
                reg = lock();
                // The account and its verifier must still be the ones checked (a removal
                // or a new passphrase meanwhile refuses this sign-in).
                match (checked, reg.service().sign_in_lookup(account)) {
                    (Ok((id, name, role)), Ok(again)) if again.salt() == salt => {
                        Ok((id, name, role, false))
                    }
                    (Ok(_), _) => Err(carnet_core::Error::WrongPassphrase),
                    (Err(e), _) => Err(e),
                }
            }
        };
        let (id, name, role, adopt) = match checked {
            Ok(found) => found,
            Err(e) => {
                (self.log)(&format!("sign-in refused on device {device_id}"));
                return Response::Error(RemoteError::from(&e));
            }
        };
        // The first sign-in at the service gives the account its verifier, and its key
        // slot's passphrase is retired: from then on it unwraps nothing (done again at
        // each sign-in until it holds).
        let settled = match reg.serve_as(id, &device_name) {
            Ok(()) if adopt => reg.service().adopt_verifier(passphrase, (self.clock)()),
            Ok(()) => reg.service().retire_slot_passphrase(id),
            Err(e) => Err(e),
        };
        reg.serve_nobody();
        if let Err(e) = settled {
            (self.log)(&format!(
                "account {id}: its verifier could not be settled ({})",
                e.code().as_str()
            ));
        }
        drop(reg);
        let session = random_hex(32);
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        // Sessions ended by time are forgotten here (a call would refuse them anyway).
        sessions
            .retain(|_, s| s.last.elapsed() <= self.idle && s.started.elapsed() <= self.lifetime);
        sessions.insert(
            session.clone(),
            Session {
                account: id,
                device_id,
                device_name,
                started: Instant::now(),
                last: Instant::now(),
            },
        );
        drop(sessions);
        (self.log)(&format!("account {id} signed in on device {device_id}"));
        Response::SignedIn {
            session,
            account: name,
            role,
        }
    }

    fn call(&self, session: &str, request_id: &str, call: Call) -> Response {
        if !(8..=64).contains(&request_id.len())
            || !request_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return refused(
                "bad_request",
                "a call carries a request id of 8 to 64 letters, digits, - or _",
            );
        }
        let (account, device_id, device_name) = {
            let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
            match sessions.get_mut(session) {
                Some(s)
                    if s.last.elapsed() <= self.idle && s.started.elapsed() <= self.lifetime =>
                {
                    s.last = Instant::now();
                    (s.account, s.device_id, s.device_name.clone())
                }
                Some(_) => {
                    sessions.remove(session);
                    return refused(
                        "session_ended",
                        "the session ended (a while without use, or a working day's length): sign in again",
                    );
                }
                None => {
                    return refused("session_ended", "no such session: sign in again");
                }
            }
        };
        // An account removed through the service: the one it opened the register with
        // cannot be (the service would lose its own footing), and the removed one's
        // sessions end once it is done.
        let removed = (call.command == RemoveAccount::NAME)
            .then(|| serde_json::from_value::<RemoveAccount>(call.args.clone()).ok())
            .flatten()
            .map(|c| c.account);
        if removed.is_some() && removed == self.own_account {
            return refused(
                "conflict",
                "the service opens the register with this account: give it another first",
            );
        }
        // A read is answered on a read-only connection (a free one, else the next), so it
        // does not wait for a write; a write takes the register itself.
        let reads = carnet_api::reads_only(&call.command);
        let mut reg = if reads {
            self.reader()
        } else {
            self.reg.lock().unwrap_or_else(|p| p.into_inner())
        };
        // A revoked device or a removed account ends its sessions at once.
        // Only a device found and not revoked may go on (a missing row, or a read that
        // failed, ends the session like a revocation).
        let revoked = !reg
            .service()
            .devices()
            .map(|all| all.iter().any(|d| d.id == device_id && !d.revoked()))
            .unwrap_or(false);
        if revoked {
            drop(reg);
            self.end_sessions(|s| s.device_id == device_id);
            return refused(
                "device_revoked",
                "this computer's pairing was revoked: ask the person in charge to pair it again",
            );
        }
        if let Err(e) = reg.serve_as(account, &device_name) {
            drop(reg);
            self.end_sessions(|s| s.account == account);
            return match e.code() {
                carnet_core::Code::NotFound => refused(
                    "session_ended",
                    "this account was removed: the session has ended",
                ),
                _ => Response::Error(RemoteError::from(&e)),
            };
        }
        // A restore replaces the register itself: the service makes it, holding every lock.
        if call.command == RestoreAtService::NAME {
            let retry = format!("{device_id}:{account}:{request_id}");
            let mut last = self.last_restore.lock().unwrap_or_else(|p| p.into_inner());
            if last.as_deref() == Some(retry.as_str()) {
                reg.serve_nobody();
                return Response::AlreadyApplied {
                    action: "backup.restored".into(),
                    entity_id: None,
                };
            }
            let answer = self.restore(&mut reg, account, call.args);
            if matches!(answer, Response::Answer { .. }) {
                *last = Some(retry);
            }
            return answer;
        }
        // The pairing code is the service's own: shown to whoever manages the accounts.
        if call.command == PairingCode::NAME {
            let may = reg
                .session()
                .permissions
                .contains(&carnet_core::accounts::Permission::ManageAccounts);
            reg.serve_nobody();
            drop(reg);
            return match may {
                true => Response::Answer {
                    value: serde_json::Value::String(self.pairing_code()),
                },
                false => Response::Error(RemoteError::from(&carnet_core::Error::NotPermitted(
                    carnet_core::accounts::Permission::ManageAccounts,
                ))),
            };
        }
        // A retry of a write already made is told so, and nothing runs twice. The id is
        // kept per device and account, with the call's digest: another PC's id, or the
        // same id for another call, is another request. (A read changes nothing: it is
        // simply answered again.)
        if reads {
            let now = (self.clock)();
            reg.set_utc_offset(office_offset(now));
            let at = carnet_api::At {
                now,
                device: Some(device_id),
            };
            let answer = carnet_api::dispatch(&call.command, call.args, &mut reg, &at);
            reg.serve_nobody();
            drop(reg);
            return match answer {
                // The backups' state says how the service's own last backup went.
                Ok(mut value) if call.command == BackupStatusNow::NAME => {
                    value["auto_error"] = self.backup_error().into();
                    Response::Answer { value }
                }
                Ok(value) => Response::Answer { value },
                Err(e) => Response::Error(RemoteError::from(&e)),
            };
        }
        // A passphrase an argument carries never reaches the digest (it is kept a month).
        let digest = serde_json::to_vec(&(&call.command, without_secrets(&call.args)))
            .map(|b| hex::encode(&Sha256::digest(&b)[..12]))
            .unwrap_or_default();
        let request_id = &format!("{device_id}:{account}:{request_id}:{digest}");
        match reg.applied_request(request_id) {
            Ok(Some(done)) => {
                reg.serve_nobody();
                return Response::AlreadyApplied {
                    action: done.action,
                    entity_id: done.entity_id,
                };
            }
            Ok(None) => {}
            Err(e) => {
                reg.serve_nobody();
                return Response::Error(RemoteError::from(&e));
            }
        }
        reg.set_request_id(Some(request_id));
        // The office's day is the service's own (it stands in the office).
        let now = (self.clock)();
        reg.set_utc_offset(office_offset(now));
        let at = carnet_api::At {
            now,
            device: Some(device_id),
        };
        let command = call.command.clone();
        let answer = carnet_api::dispatch(&call.command, call.args, &mut reg, &at);
        reg.set_request_id(None);
        reg.serve_nobody();
        // A wrong current passphrase, given to change it, ends the session: whoever holds
        // a session left open gets one guess, not a passphrase search.
        if matches!(&answer, Err(carnet_core::Error::WrongPassphrase))
            && command == SetAccountPassphrase::NAME
        {
            drop(reg);
            self.sessions
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(session);
            (self.log)(&format!(
                "account {account} gave a wrong current passphrase on device {device_id}: session ended"
            ));
            return Response::Error(RemoteError::from(&carnet_core::Error::WrongPassphrase));
        }
        if let (Ok(_), Some(removed)) = (&answer, removed) {
            drop(reg);
            self.end_sessions(|s| s.account == removed);
            (self.log)(&format!("account {removed} removed: its sessions ended"));
            return Response::Answer {
                value: serde_json::Value::Null,
            };
        }
        drop(reg);
        match answer {
            Ok(value) => Response::Answer { value },
            Err(e) => Response::Error(RemoteError::from(&e)),
        }
    }

    /// Restores one of the service's backups in place of its register, for the person in
    /// charge signed in on a PC: the backup by its file name in the service's backup
    /// folder, opened with the recovery key she types. Every read connection and the
    /// register are closed while every lock is held (no call runs meanwhile); the
    /// restore replays the decisions taken since (the register it replaces tells them);
    /// the service's certificate, the PCs paired and the newest verifiers are carried
    /// over; then the restored register is served and every session ends (everyone signs
    /// in again). A restore that fails leaves the register as it was, opened again.
    fn restore(&self, reg: &mut Held, account: i64, args: serde_json::Value) -> Response {
        let fail = |reg: &mut Held, e: &carnet_core::Error| {
            reg.serve_nobody();
            Response::Error(RemoteError::from(e))
        };
        let Ok(asked) = serde_json::from_value::<RestoreAtService>(args) else {
            reg.serve_nobody();
            return refused("bad_request", "the restore's arguments do not fit");
        };
        if let Err(e) = reg.require(carnet_core::accounts::Permission::Restore) {
            return fail(reg, &e);
        }
        let folder = match reg.backups().settings() {
            Ok(s) => s.folder,
            Err(e) => return fail(reg, &e),
        };
        let Some(folder) = folder else {
            return fail(
                reg,
                &carnet_core::Error::invalid(
                    carnet_core::Field::BackupFolder,
                    "the service keeps no backups (start it with --backup-folder)",
                ),
            );
        };
        // A file name of that folder, nothing else.
        let name = asked.file.as_str();
        if name.is_empty()
            || name.starts_with('.')
            || name.contains(['/', '\\', ':'])
            || !folder.join(name).is_file()
        {
            return fail(reg, &carnet_core::Error::NotFound { entity: "backup" });
        }
        let file = folder.join(name);
        let path = reg.path().to_owned();
        let key = Zeroizing::new(asked.recovery_key);
        // The recovery key must open the register that stands here: checked before
        // anything closes (the register reopens with it should the restore fail).
        if let Err(e) = Register::open(&path, carnet_core::Unlock::RecoveryKey(&key)) {
            return fail(reg, &e);
        }
        let kept = match reg.service().carried_over() {
            Ok(k) => k,
            Err(e) => return fail(reg, &e),
        };
        let opener = reg.opener();
        // The account restoring and the one the service starts with must be in the
        // backup (the same records): otherwise the restored register would shut out the
        // person restoring, or the service at its next start, and might bring back a
        // person in charge removed since as the only one.
        let accounts = match reg.accounts().list() {
            Ok(a) => a,
            Err(e) => return fail(reg, &e),
        };
        let in_backup = match carnet_core::backup::accounts_in_backup(
            &file,
            carnet_core::Unlock::RecoveryKey(&key),
        ) {
            Ok(a) => a,
            Err(e) => return fail(reg, &e),
        };
        let kept_there = |id: i64| {
            accounts.iter().find(|a| a.id == id).is_some_and(|a| {
                in_backup
                    .iter()
                    .any(|(b, made)| *b == id && *made == a.created_at)
            })
        };
        if !kept_there(account) || opener.account().is_some_and(|own| !kept_there(own)) {
            return fail(
                reg,
                &carnet_core::Error::Conflict(
                    "this backup predates the account restoring it, or the one the service starts with: restore it on the service's computer (carnet-admin restore, with the recovery key)",
                ),
            );
        }
        reg.serve_nobody();
        let now = (self.clock)();
        // Should anything below panic, the process ends (its service manager starts it
        // again) rather than serve on with no register behind the locks.
        let _no_empty_register = ExitOnPanic;
        // Every reader, then the register: closed, their locks held.
        let mut readers: Vec<_> = self
            .readers
            .iter()
            .map(|r| r.lock().unwrap_or_else(|p| p.into_inner()))
            .collect();
        for r in readers.iter_mut() {
            r.0 = None;
        }
        reg.0 = None;
        (self.log)("restore: the register is closed");
        let done = carnet_core::backup::restore_with(
            &file,
            &path,
            carnet_core::Unlock::RecoveryKey(&key),
            now,
            asked.allow.unwrap_or_default(),
        );
        let shown = |p: &std::path::Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let (mut fresh, answer) = match done {
            Ok(done) => {
                let mut summary = carnet_api::backup::RestoreSummary::of(&done, false, shown);
                summary.info.file = shown(&summary.info.file).into();
                (done.register, Ok(summary))
            }
            Err(e) => match Register::open(&path, carnet_core::Unlock::RecoveryKey(&key)) {
                Ok(again) => (again, Err(e)),
                Err(_) => {
                    (self.log)(
                        "restore: the register could not be opened again; the service stops",
                    );
                    std::process::exit(70);
                }
            },
        };
        fresh.set_staff("carnet-server");
        fresh.set_utc_offset(office_offset(now));
        fresh.open_as_before(opener);
        if answer.is_ok() {
            fresh.serve_as_itself();
            if let Err(e) = fresh.service().carry_over(&kept, now) {
                (self.log)(&format!(
                    "restore: the service's own records were not carried over ({})",
                    e.code().as_str()
                ));
            }
            fresh.serve_nobody();
        }
        for r in readers.iter_mut() {
            match fresh.reader() {
                Ok(one) => r.0 = Some(one),
                Err(_) => {
                    (self.log)("restore: a read connection did not open; the service stops");
                    std::process::exit(70);
                }
            }
        }
        reg.0 = Some(fresh);
        drop(readers);
        match answer {
            Ok(summary) => {
                self.end_sessions(|_| true);
                (self.log)("restore: a backup was restored; every session ended");
                Response::Answer {
                    value: serde_json::to_value(summary).unwrap_or_default(),
                }
            }
            Err(e) => {
                (self.log)(&format!("restore refused ({})", e.code().as_str()));
                Response::Error(RemoteError::from(&e))
            }
        }
    }

    /// The last automatic backup's failure (its code), for the PCs' settings.
    fn backup_error(&self) -> Option<String> {
        self.backup_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// A read-only connection: the first free one, else the next in turn.
    fn reader(&self) -> std::sync::MutexGuard<'_, Held> {
        for r in &self.readers {
            if let Ok(free) = r.try_lock() {
                return free;
            }
        }
        let next = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len();
        self.readers[next].lock().unwrap_or_else(|p| p.into_inner())
    }

    fn end_sessions(&self, which: impl Fn(&Session) -> bool) {
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|_, s| !which(s));
    }
}

/// A call's arguments with every passphrase left out, for its digest.
fn without_secrets(args: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match args {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if k.contains("passphrase") {
                        Value::Null
                    } else {
                        without_secrets(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_secrets).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn a_calls_digest_leaves_passphrases_out() {
        let args = json!({ "account": 2, "passphrase": "la phrase", "inner": [{ "new_passphrase": "x" }] });
        assert_eq!(
            super::without_secrets(&args),
            json!({ "account": 2, "passphrase": null, "inner": [{ "new_passphrase": null }] })
        );
    }
}
