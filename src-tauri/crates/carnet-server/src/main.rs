//! `carnet-server`: runs the office's register as a service for its PCs.
//!
//! It opens the register with the person in charge's account (passphrase from an
//! environment variable or a file) or the recovery key, prints the pairing code and the
//! certificate's fingerprint, takes the day's backup into `--backup-folder` when due, and
//! serves until stopped. Its log holds codes and times, never a value.

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use carnet_core::accounts::AccountSecret;
use carnet_core::{Register, Unlock};
use carnet_server::server::Service;
use carnet_server::tls;
use clap::Parser;
use zeroize::Zeroizing;

#[cfg(windows)]
mod windows;

#[derive(Parser)]
#[command(
    name = "carnet-server",
    version,
    about = "The office's register as a service for its PCs"
)]
struct Cli {
    /// The register (the encrypted file)
    #[arg(long)]
    db: PathBuf,
    /// Where to listen (this machine's address on the office's network, and a port)
    #[arg(long, default_value = "0.0.0.0:7443")]
    listen: String,
    /// Open with the person in charge's account: its name (the passphrase from
    /// --passphrase-env)
    #[arg(long)]
    account: Option<String>,
    /// The environment variable holding the account's passphrase
    #[arg(long, conflicts_with = "passphrase_file")]
    passphrase_env: Option<String>,
    /// A file holding the account's passphrase (systemd's credential, readable by the
    /// service alone)
    #[arg(long)]
    passphrase_file: Option<PathBuf>,
    /// Open with the recovery key, read from this file
    #[arg(long, conflicts_with = "account")]
    recovery_key_file: Option<PathBuf>,
    /// Minutes without use before a session locks
    #[arg(long, default_value_t = 15)]
    idle_minutes: u64,
    /// Seconds without use before a session locks (tests)
    #[arg(long, hide = true)]
    idle_seconds: Option<u64>,
    /// Hours a session lasts at most, in use or not
    #[arg(long, default_value_t = 12)]
    session_hours: u64,
    /// Seconds a session lasts at most (tests)
    #[arg(long, hide = true)]
    session_seconds: Option<u64>,
    /// Seconds a name waits after five wrong passphrases in a row (tests; a minute)
    #[arg(long, hide = true, default_value_t = 60)]
    sign_in_pause_seconds: u64,
    /// The folder on this machine the register's backups go to (the day's backup is
    /// taken when due, with the settings' rotation)
    #[arg(long)]
    backup_folder: Option<PathBuf>,
    /// Seconds between two looks at whether a backup is due (tests)
    #[arg(long, hide = true, default_value_t = 1800)]
    backup_check_seconds: u64,
    /// The service's time, fixed (tests of the office's day; the time zone is the machine's)
    #[arg(long, hide = true)]
    pinned_now: Option<chrono::DateTime<chrono::Utc>>,
    /// Append the log to this file rather than the console (a Windows service has none)
    #[arg(long)]
    log_file: Option<PathBuf>,
    /// Windows: the passphrase, sealed by `windows-service configure` with this machine's
    /// data protection (DPAPI), in a folder only the system and administrators read
    #[arg(long, hide = true, conflicts_with_all = ["passphrase_env", "passphrase_file"])]
    protected_passphrase_file: Option<PathBuf>,
}

/// Where the log goes, shared by the service and its starting.
type SharedLog = Arc<dyn Fn(&str) + Send + Sync>;

/// The log's lines: the time (UTC) then codes, never a value; to the console or a file.
fn logger(file: Option<&Path>) -> Result<SharedLog, String> {
    let stamp = |line: &str| {
        format!(
            "{} {line}\n",
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ")
        )
    };
    let Some(path) = file else {
        return Ok(Arc::new(move |line: &str| print!("{}", stamp(line))));
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|_| "the log file cannot be opened for writing".to_owned())?;
    let file = Mutex::new(file);
    Ok(Arc::new(move |line: &str| {
        let mut f = file.lock().unwrap_or_else(|p| p.into_inner());
        let _ = f.write_all(stamp(line).as_bytes());
        let _ = f.flush();
    }))
}

fn open(cli: &Cli) -> Result<Register, String> {
    let said = |e: carnet_core::Error| format!("the register did not open: {e}");
    if let Some(file) = &cli.recovery_key_file {
        let text = Zeroizing::new(
            std::fs::read_to_string(file).map_err(|_| "the recovery key file cannot be read")?,
        );
        return Register::open(&cli.db, Unlock::RecoveryKey(text.trim())).map_err(said);
    }
    let Some(name) = &cli.account else {
        return Err("say how to open the register: --account NAME with --passphrase-env VAR or --passphrase-file FILE, or --recovery-key-file FILE".into());
    };
    let pass = match (&cli.passphrase_env, &cli.passphrase_file) {
        _ if cli.protected_passphrase_file.is_some() => {
            let file = cli
                .protected_passphrase_file
                .as_deref()
                .unwrap_or(Path::new(""));
            #[cfg(windows)]
            {
                windows::read_sealed(file)?
            }
            #[cfg(not(windows))]
            {
                let _ = file;
                return Err("--protected-passphrase-file is for the Windows service".into());
            }
        }
        (Some(var), _) => {
            Zeroizing::new(std::env::var(var).map_err(|_| format!("{var} is not set"))?)
        }
        (None, Some(file)) => Zeroizing::new(
            std::fs::read_to_string(file)
                .map_err(|_| "the passphrase file cannot be read")?
                .trim_end_matches(['\n', '\r'])
                .to_owned(),
        ),
        (None, None) => {
            return Err(
                "give the account's passphrase: --passphrase-env VAR or --passphrase-file FILE"
                    .into(),
            )
        }
    };
    open_account(&cli.db, name, &pass)
}

/// Opens the register with an account's passphrase, and only if the account is the person
/// in charge's (who may manage accounts).
fn open_account(db: &Path, name: &str, pass: &str) -> Result<Register, String> {
    let said = |e: carnet_core::Error| format!("the register did not open: {e}");
    let id = carnet_core::register::account_choices(db)
        .map_err(said)?
        .into_iter()
        .find(|a| carnet_core::fold::fold(&a.name) == carnet_core::fold::fold(name))
        .map(|a| a.id)
        .ok_or("no such account in this register")?;
    let reg =
        Register::open(db, Unlock::Account(id, AccountSecret::Passphrase(pass))).map_err(said)?;
    if reg
        .require(carnet_core::accounts::Permission::ManageAccounts)
        .is_err()
    {
        return Err(
            "the service opens with the person in charge's account (or the recovery key)".into(),
        );
    }
    Ok(reg)
}

/// Opens the register and readies the service: what the console and the Windows service
/// share. The service listens once this answers.
fn start(cli: &Cli, log: SharedLog) -> Result<(Arc<Service>, TcpListener), String> {
    let reg = open(cli)?;
    let idle = cli
        .idle_seconds
        .map(Duration::from_secs)
        .unwrap_or(Duration::from_secs(cli.idle_minutes * 60));
    let lifetime = cli
        .session_seconds
        .map(Duration::from_secs)
        .unwrap_or(Duration::from_secs(cli.session_hours.max(1) * 3600));
    let to_service = log.clone();
    let mut service = Service::new(reg, idle, Box::new(move |line: &str| to_service(line)))?
        .with_session_lifetime(lifetime)
        .with_sign_in_pause(Duration::from_secs(cli.sign_in_pause_seconds));
    if let Some(at) = cli.pinned_now {
        service = service.with_clock(Box::new(move || at));
    }
    let service = Arc::new(service);
    if let Some(folder) = &cli.backup_folder {
        std::fs::create_dir_all(folder)
            .map_err(|_| "the backup folder cannot be made or reached".to_owned())?;
        service.set_backup_folder(folder)?;
    }
    service
        .clone()
        .keep_backups(Duration::from_secs(cli.backup_check_seconds.max(1)));
    let listener = TcpListener::bind(&cli.listen)
        .map_err(|_| format!("cannot listen on {}: is the port taken?", cli.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    log(&format!("listening on {addr}"));
    log(&format!(
        "certificate: {}",
        tls::shown(&service.fingerprint())
    ));
    log(&format!(
        "pairing code: {} (valid 10 minutes)",
        service.pairing_code()
    ));
    Ok((service, listener))
}

fn main() -> ExitCode {
    // `carnet-server windows-service …`: installing, configuring, removing and running
    // the Windows service (its own words; see windows.rs).
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == "windows-service")
    {
        #[cfg(windows)]
        return windows::main();
        #[cfg(not(windows))]
        {
            eprintln!("carnet-server: windows-service is for Windows; on Linux, the .deb's systemd unit runs the service (docs/SERVICE.md)");
            return ExitCode::FAILURE;
        }
    }
    let cli = Cli::parse();
    let run = || -> Result<(), String> {
        let log = logger(cli.log_file.as_deref())?;
        let (service, listener) = start(&cli, log)?;
        service.serve(listener);
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("carnet-server: {e}");
            ExitCode::FAILURE
        }
    }
}
