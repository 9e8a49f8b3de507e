//! The service on Windows: `carnet-server windows-service install | configure | remove`,
//! and `run`, which is what Windows' service manager starts.
//!
//! - `install` (the installer's "register service" component, as administrator) registers
//!   the service `CarnetRegistre`, stopped and not started at boot until configured.
//! - `configure` says which register it serves and with which account: it first opens the
//!   register with that account (a wrong passphrase, an account that is not the person in
//!   charge's, a missing file: said, nothing changed), then seals the passphrase with the
//!   machine's data protection (DPAPI) into `%ProgramData%\Carnet\service`, a folder only
//!   the system and administrators may read, opens the port to the private network in the
//!   firewall, starts the service at every boot and now, and shows the pairing code.
//! - `remove` stops and removes the service and its sealed passphrase; the register, its
//!   key file and backups stay where they are.
//!
//! The service runs as the local system account. Its log (codes and times, never a value)
//! is `%ProgramData%\Carnet\service\carnet-server.log`.

use std::ffi::{OsStr, OsString};
use std::os::windows::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use windows_service::service::{
    ServiceAccess, ServiceAction, ServiceActionType, ServiceControl, ServiceControlAccept,
    ServiceErrorControl, ServiceExitCode, ServiceFailureActions, ServiceFailureResetPeriod,
    ServiceInfo, ServiceStartType, ServiceState, ServiceStatus, ServiceType,
};
use windows_service::service_control_handler::{self, ServiceControlHandlerResult};
use windows_service::service_manager::{ServiceManager, ServiceManagerAccess};
use windows_service::{define_windows_service, service_dispatcher};
use windows_sys::Win32::Foundation::{LocalFree, HLOCAL};
use windows_sys::Win32::Security::Authorization::{
    ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
};
use windows_sys::Win32::Security::Cryptography::{
    CryptProtectData, CryptUnprotectData, CRYPTPROTECT_LOCAL_MACHINE, CRYPTPROTECT_UI_FORBIDDEN,
    CRYPT_INTEGER_BLOB,
};
use windows_sys::Win32::Security::{
    SetFileSecurityW, DACL_SECURITY_INFORMATION, OWNER_SECURITY_INFORMATION,
    PROTECTED_DACL_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR,
};
use windows_sys::Win32::System::Console::{
    GetConsoleMode, GetStdHandle, SetConsoleMode, ENABLE_ECHO_INPUT, STD_INPUT_HANDLE,
};
use zeroize::Zeroizing;

use crate::{logger, open_account, start, Cli};

/// The service's name for Windows (`sc query CarnetRegistre`), and what the services
/// console shows.
pub const NAME: &str = "CarnetRegistre";
const SHOWN: &str = "Carnet — registre du bureau";
const ABOUT: &str = "Le registre de Carnet pour les postes du bureau (connexions chiffrées, \
                     comptes vérifiés ici, où se trouve la clé).";
const FIREWALL_RULE: &str = "Carnet — registre du bureau";
/// Owned by the administrators, open to the system and the administrators only, nothing
/// inherited from `%ProgramData%` (where every user may read and make folders): a folder
/// or file someone else made there beforehand is taken back, not trusted.
const SYSTEM_AND_ADMINS: &str = "O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";

#[derive(Parser)]
#[command(
    name = "carnet-server windows-service",
    about = "The register service on Windows (from a command prompt opened as administrator)"
)]
struct WinCli {
    #[command(subcommand)]
    cmd: WinCmd,
}

#[derive(Subcommand)]
enum WinCmd {
    /// Registers the service (the installer does this); it starts once configured
    Install,
    /// Which register it serves and with which account: checks the register opens with
    /// it, seals the passphrase for the service alone, then starts it (and at every boot)
    Configure {
        /// The register (the encrypted file; its key file beside it)
        #[arg(long)]
        db: PathBuf,
        /// The person in charge's account
        #[arg(long)]
        account: String,
        /// The environment variable holding the account's passphrase [default: asked
        /// here, not shown as typed]
        #[arg(long, value_name = "VAR")]
        passphrase_env: Option<String>,
        /// Where to listen (this machine's address on the office's network, and a port)
        #[arg(long, default_value = "0.0.0.0:7443")]
        listen: String,
        /// The folder the register's backups go to (better on another disk)
        #[arg(long)]
        backup_folder: Option<PathBuf>,
    },
    /// Stops and removes the service and its sealed passphrase (the register stays)
    Remove,
    /// What Windows starts
    #[command(hide = true)]
    Run {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<OsString>,
    },
}

pub fn main() -> ExitCode {
    let cli = WinCli::parse_from(std::env::args_os().skip(1));
    let done = match cli.cmd {
        WinCmd::Install => install().map(|()| {
            println!("service {NAME} registered; it starts once configured: carnet-server windows-service configure --db REGISTER --account NAME");
        }),
        WinCmd::Configure {
            db,
            account,
            passphrase_env,
            listen,
            backup_folder,
        } => configure(&db, &account, passphrase_env.as_deref(), &listen, backup_folder),
        WinCmd::Remove => remove(),
        WinCmd::Run { .. } => service_dispatcher::start(NAME, ffi_service_main)
            .map_err(|_| "this is what Windows starts as the service: run `carnet-server windows-service configure`, or carnet-server --db … in a console".to_owned()),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("carnet-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `%ProgramData%\Carnet\service`: the sealed passphrase and the log.
fn folder() -> PathBuf {
    // A service's environment may lack the variable, or hold it empty: then the usual
    // place, never a folder relative to wherever the process stands.
    let base = ["ProgramData", "ALLUSERSPROFILE"]
        .iter()
        .filter_map(std::env::var_os)
        .map(PathBuf::from)
        .find(|p| p.is_absolute())
        .unwrap_or_else(|| PathBuf::from(r"C:\ProgramData"));
    base.join("Carnet").join("service")
}

fn wide(s: &OsStr) -> Vec<u16> {
    s.encode_wide().chain(Some(0)).collect()
}

fn as_admin(e: windows_service::Error) -> String {
    match e {
        windows_service::Error::Winapi(io) if io.raw_os_error() == Some(5) => {
            "access refused: open the command prompt as administrator (right click, « Exécuter en tant qu'administrateur »)".into()
        }
        _ => "the service manager refused".into(),
    }
}

/// Makes the administrators `path`'s owner and lets the system and the administrators
/// alone read or change it (nothing inherited).
fn restrict(path: &Path) -> Result<(), String> {
    let sddl = wide(OsStr::new(SYSTEM_AND_ADMINS));
    let name = wide(path.as_os_str());
    let mut sd: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
    // SAFETY: both strings end with a NUL; the descriptor made here is freed below.
    unsafe {
        if ConvertStringSecurityDescriptorToSecurityDescriptorW(
            sddl.as_ptr(),
            SDDL_REVISION_1,
            &mut sd,
            std::ptr::null_mut(),
        ) == 0
        {
            return Err("the folder's permissions could not be prepared".into());
        }
        let set = SetFileSecurityW(
            name.as_ptr(),
            OWNER_SECURITY_INFORMATION
                | DACL_SECURITY_INFORMATION
                | PROTECTED_DACL_SECURITY_INFORMATION,
            sd,
        );
        LocalFree(sd as HLOCAL);
        if set == 0 {
            return Err("the service folder's permissions could not be set".into());
        }
    }
    Ok(())
}

/// Seals (or opens) bytes with the machine's data protection: a copy of the file alone,
/// on another machine, opens nothing.
fn dpapi(data: &[u8], seal: bool) -> Option<Zeroizing<Vec<u8>>> {
    let input = CRYPT_INTEGER_BLOB {
        cbData: u32::try_from(data.len()).ok()?,
        pbData: data.as_ptr() as *mut u8,
    };
    let mut out = CRYPT_INTEGER_BLOB {
        cbData: 0,
        pbData: std::ptr::null_mut(),
    };
    let flags = CRYPTPROTECT_LOCAL_MACHINE | CRYPTPROTECT_UI_FORBIDDEN;
    // SAFETY: `input` points into `data` for the call; `out` is allocated by the system,
    // copied, wiped and freed here.
    unsafe {
        let ok = if seal {
            CryptProtectData(
                &input,
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                flags,
                &mut out,
            )
        } else {
            CryptUnprotectData(
                &input,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                flags,
                &mut out,
            )
        };
        if ok == 0 || out.pbData.is_null() {
            return None;
        }
        let bytes = std::slice::from_raw_parts_mut(out.pbData, out.cbData as usize);
        let copy = Zeroizing::new(bytes.to_vec());
        bytes.fill(0);
        LocalFree(out.pbData as HLOCAL);
        Some(copy)
    }
}

/// The passphrase `configure` sealed (the service's `--protected-passphrase-file`).
pub fn read_sealed(file: &Path) -> Result<Zeroizing<String>, String> {
    let sealed = std::fs::read(file).map_err(|_| {
        "the sealed passphrase cannot be read: run windows-service configure again".to_owned()
    })?;
    let open = dpapi(&sealed, false).ok_or(
        "the sealed passphrase does not open on this machine: run windows-service configure again",
    )?;
    let text = std::str::from_utf8(&open).map_err(|_| "the sealed passphrase is damaged")?;
    Ok(Zeroizing::new(text.to_owned()))
}

/// Asks for the passphrase at the console, not shown as typed.
fn ask(account: &str) -> Result<Zeroizing<String>, String> {
    eprint!("passphrase of {account}: ");
    // SAFETY: the console's input handle and its mode, restored after the line is read.
    let (handle, mode) = unsafe {
        let handle = GetStdHandle(STD_INPUT_HANDLE);
        let mut mode = 0u32;
        let is_console = GetConsoleMode(handle, &mut mode) != 0;
        if is_console {
            SetConsoleMode(handle, mode & !ENABLE_ECHO_INPUT);
        }
        (handle, is_console.then_some(mode))
    };
    let mut line = Zeroizing::new(String::new());
    let read = std::io::stdin().read_line(&mut line);
    if let Some(mode) = mode {
        // SAFETY: as above.
        unsafe { SetConsoleMode(handle, mode) };
        eprintln!();
    }
    read.map_err(|_| "the passphrase could not be read")?;
    Ok(Zeroizing::new(
        line.trim_end_matches(['\r', '\n']).to_owned(),
    ))
}

fn info(
    launch_arguments: Vec<OsString>,
    start_type: ServiceStartType,
) -> Result<ServiceInfo, String> {
    Ok(ServiceInfo {
        name: NAME.into(),
        display_name: SHOWN.into(),
        service_type: ServiceType::OWN_PROCESS,
        start_type,
        error_control: ServiceErrorControl::Normal,
        executable_path: std::env::current_exe().map_err(|_| "this program's path is unknown")?,
        launch_arguments,
        dependencies: vec![],
        account_name: None,
        account_password: None,
    })
}

fn install() -> Result<(), String> {
    let manager = ServiceManager::local_computer(
        None::<&str>,
        ServiceManagerAccess::CONNECT | ServiceManagerAccess::CREATE_SERVICE,
    )
    .map_err(as_admin)?;
    if manager
        .open_service(NAME, ServiceAccess::QUERY_STATUS)
        .is_ok()
    {
        // Already there (an upgrade): its configuration stays.
        return Ok(());
    }
    let args = vec!["windows-service".into(), "run".into()];
    let service = manager
        .create_service(
            &info(args, ServiceStartType::OnDemand)?,
            ServiceAccess::CHANGE_CONFIG,
        )
        .map_err(as_admin)?;
    let _ = service.set_description(ABOUT);
    Ok(())
}

fn wait_for(
    service: &windows_service::service::Service,
    state: ServiceState,
) -> Option<ServiceState> {
    let until = Instant::now() + Duration::from_secs(30);
    loop {
        let now = service.query_status().ok()?.current_state;
        if now == state || now == ServiceState::Stopped || Instant::now() > until {
            return Some(now);
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn netsh(args: &[&str]) -> bool {
    std::process::Command::new("netsh")
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn configure(
    db: &Path,
    account: &str,
    passphrase_env: Option<&str>,
    listen: &str,
    backup_folder: Option<PathBuf>,
) -> Result<(), String> {
    // What the service manager will start as the system account: the program installed
    // where only administrators write, never a copy in a folder users may change.
    let exe = std::env::current_exe().map_err(|_| "this program's path is unknown")?;
    let installed = ["ProgramFiles", "ProgramW6432"]
        .iter()
        .filter_map(std::env::var_os)
        .map(PathBuf::from)
        .any(|p| p.is_absolute() && exe.starts_with(&p));
    if !installed {
        return Err("run the carnet-server.exe the installer put under Program Files (the service runs it as the system account)".into());
    }
    let db = std::path::absolute(db).map_err(|_| "the register's path cannot be read")?;
    let pass = match passphrase_env {
        Some(var) => Zeroizing::new(std::env::var(var).map_err(|_| format!("{var} is not set"))?),
        None => ask(account)?,
    };
    // The register opens with this account, and it is the person in charge's: checked
    // before anything changes.
    drop(open_account(&db, account, &pass)?);
    let port = listen
        .rsplit_once(':')
        .and_then(|(_, p)| p.parse::<u16>().ok())
        .ok_or("--listen is an address and a port, such as 0.0.0.0:7443")?;

    let manager = ServiceManager::local_computer(
        None::<&str>,
        ServiceManagerAccess::CONNECT | ServiceManagerAccess::CREATE_SERVICE,
    )
    .map_err(as_admin)?;
    if manager
        .open_service(NAME, ServiceAccess::QUERY_STATUS)
        .is_err()
    {
        install()?;
    }
    let service = manager
        .open_service(
            NAME,
            ServiceAccess::CHANGE_CONFIG
                | ServiceAccess::START
                | ServiceAccess::STOP
                | ServiceAccess::QUERY_STATUS,
        )
        .map_err(as_admin)?;

    let dir = folder();
    std::fs::create_dir_all(&dir).map_err(|_| "the service folder cannot be made")?;
    restrict(&dir)?;
    let sealed = dir.join("passphrase.sealed");
    let seal = dpapi(pass.as_bytes(), true).ok_or("the passphrase could not be sealed")?;
    // Whatever stood there before the folder was closed goes; the file is made new, in a
    // folder no one else may now write to.
    let part = dir.join("passphrase.sealed.part");
    let _ = std::fs::remove_file(&part);
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&part)
            .map_err(|_| "the sealed passphrase cannot be written")?;
        f.write_all(&seal)
            .and_then(|()| f.sync_all())
            .map_err(|_| "the sealed passphrase cannot be written")?;
    }
    restrict(&part)?;
    std::fs::rename(&part, &sealed).map_err(|_| "the sealed passphrase cannot be written")?;
    let log = dir.join("carnet-server.log");
    if log.exists() {
        restrict(&log)?;
    }

    let mut args: Vec<OsString> = vec!["windows-service".into(), "run".into()];
    args.extend(["--db".into(), db.into_os_string()]);
    args.extend(["--account".into(), account.into()]);
    args.extend([
        "--protected-passphrase-file".into(),
        sealed.into_os_string(),
    ]);
    args.extend(["--listen".into(), listen.into()]);
    args.extend(["--log-file".into(), log.clone().into_os_string()]);
    if let Some(folder) = backup_folder {
        let folder =
            std::path::absolute(folder).map_err(|_| "the backup folder's path cannot be read")?;
        args.extend(["--backup-folder".into(), folder.into_os_string()]);
    }
    service
        .change_config(&info(args, ServiceStartType::AutoStart)?)
        .map_err(as_admin)?;
    // Started again by Windows should it stop on an error (a restore that could not open
    // the register again, a crash): three tries, ten seconds apart.
    let restart = ServiceAction {
        action_type: ServiceActionType::Restart,
        delay: Duration::from_secs(10),
    };
    let _ = service.update_failure_actions(ServiceFailureActions {
        reset_period: ServiceFailureResetPeriod::After(Duration::from_secs(24 * 3600)),
        reboot_msg: None,
        command: None,
        actions: Some(vec![restart.clone(), restart.clone(), restart]),
    });
    let _ = service.set_failure_actions_on_non_crash_failures(true);

    // The port, for the office's network only (private and domain profiles).
    let rule = format!("name={FIREWALL_RULE}");
    netsh(&["advfirewall", "firewall", "delete", "rule", &rule]);
    let opened = netsh(&[
        "advfirewall",
        "firewall",
        "add",
        "rule",
        &rule,
        "dir=in",
        "action=allow",
        "protocol=TCP",
        &format!("localport={port}"),
        "profile=private,domain",
    ]);

    // Started again with the new configuration.
    if service.query_status().map_err(as_admin)?.current_state != ServiceState::Stopped {
        service.stop().map_err(as_admin)?;
        wait_for(&service, ServiceState::Stopped);
    }
    let before = std::fs::metadata(&log).map(|m| m.len()).unwrap_or(0);
    service.start::<&OsStr>(&[]).map_err(as_admin)?;
    let state = wait_for(&service, ServiceState::Running);
    // The pairing code is the service's first words once it listens.
    let until = Instant::now() + Duration::from_secs(30);
    let said = loop {
        let text = std::fs::read(&log).unwrap_or_default();
        let new =
            String::from_utf8_lossy(text.get(before as usize..).unwrap_or_default()).into_owned();
        if new.contains("pairing code:")
            || new.contains("could not start")
            || Instant::now() > until
        {
            break new;
        }
        std::thread::sleep(Duration::from_millis(250));
    };
    if state != Some(ServiceState::Running) || !said.contains("pairing code:") {
        return Err(format!(
            "the service did not start; its log says:\n{}",
            said.trim_end()
        ));
    }
    println!(
        "service {NAME} running, and started at every boot; log: {}",
        log.display()
    );
    for line in said.lines().filter(|l| {
        l.contains("listening on") || l.contains("certificate:") || l.contains("pairing code:")
    }) {
        println!("  {}", line.split_once(' ').map_or(line, |(_, rest)| rest));
    }
    if !opened {
        println!("the firewall could not be opened here: allow TCP port {port} in, for the office's network only");
    }
    Ok(())
}

fn remove() -> Result<(), String> {
    let manager = ServiceManager::local_computer(None::<&str>, ServiceManagerAccess::CONNECT)
        .map_err(as_admin)?;
    match manager.open_service(
        NAME,
        ServiceAccess::STOP | ServiceAccess::DELETE | ServiceAccess::QUERY_STATUS,
    ) {
        Ok(service) => {
            if service.query_status().map_err(as_admin)?.current_state != ServiceState::Stopped {
                let _ = service.stop();
                wait_for(&service, ServiceState::Stopped);
            }
            service.delete().map_err(as_admin)?;
        }
        Err(windows_service::Error::Winapi(io)) if io.raw_os_error() == Some(1060) => {}
        Err(e) => return Err(as_admin(e)),
    }
    let _ = std::fs::remove_file(folder().join("passphrase.sealed"));
    netsh(&[
        "advfirewall",
        "firewall",
        "delete",
        "rule",
        &format!("name={FIREWALL_RULE}"),
    ]);
    println!("service {NAME} removed; the register, its key file and backups stay where they are");
    Ok(())
}

define_windows_service!(ffi_service_main, service_main);

fn status(state: ServiceState, exit: u32) -> ServiceStatus {
    ServiceStatus {
        service_type: ServiceType::OWN_PROCESS,
        current_state: state,
        controls_accepted: if state == ServiceState::Running {
            ServiceControlAccept::STOP | ServiceControlAccept::SHUTDOWN
        } else {
            ServiceControlAccept::empty()
        },
        exit_code: if exit == 0 {
            ServiceExitCode::Win32(0)
        } else {
            ServiceExitCode::ServiceSpecific(exit)
        },
        checkpoint: 0,
        wait_hint: Duration::from_secs(30),
        process_id: None,
    }
}

fn service_main(_: Vec<OsString>) {
    let (stop, stopped) = mpsc::channel();
    let handler = move |event| match event {
        ServiceControl::Stop | ServiceControl::Shutdown => {
            let _ = stop.send(());
            ServiceControlHandlerResult::NoError
        }
        ServiceControl::Interrogate => ServiceControlHandlerResult::NoError,
        _ => ServiceControlHandlerResult::NotImplemented,
    };
    let Ok(handle) = service_control_handler::register(NAME, handler) else {
        return;
    };
    let _ = handle.set_service_status(status(ServiceState::StartPending, 0));

    // The arguments `configure` wrote, after `windows-service run`.
    let args = std::iter::once(OsString::from("carnet-server")).chain(std::env::args_os().skip(3));
    let log_file = folder().join("carnet-server.log");
    let cli = Cli::try_parse_from(args);
    let log = match logger(Some(
        cli.as_ref()
            .ok()
            .and_then(|c| c.log_file.as_deref())
            .unwrap_or(&log_file),
    )) {
        Ok(log) => log,
        Err(_) => Arc::new(|_: &str| {}),
    };
    let started = match cli {
        Err(_) => Err("not configured: run carnet-server windows-service configure".to_owned()),
        Ok(cli) => start(&cli, log.clone()),
    };
    let (service, listener) = match started {
        Ok(s) => s,
        Err(e) => {
            log(&format!("could not start: {e}"));
            let _ = handle.set_service_status(status(ServiceState::Stopped, 1));
            return;
        }
    };
    let _ = handle.set_service_status(status(ServiceState::Running, 0));
    let serving = service.clone();
    std::thread::spawn(move || serving.serve(listener));
    let _ = stopped.recv();
    // No change left half made: the write in progress ends, none begins, then the
    // process ends.
    let _ = handle.set_service_status(status(ServiceState::StopPending, 0));
    service.stop_writes();
    log("stopped");
    let _ = handle.set_service_status(status(ServiceState::Stopped, 0));
}
