//! Shared by the service's tests: an office's register (the person in charge, office
//! staff, one person) and a running `carnet-server` process with the lines it prints.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use carnet_core::secret::RecoveryKey;
use carnet_server::client::{pair, ClientError, Pairing};

#[allow(unused_imports)]
pub use carnet_testkit::office::{DIRECTRICE, FAST, SECRETAIRE};

pub struct Office {
    pub _dir: tempfile::TempDir,
    pub db: PathBuf,
    pub recovery: PathBuf,
    pub key_bytes: Vec<u8>,
    pub recovery_text: String,
    pub helene: i64,
    pub sophie: i64,
}

/// A register with the person in charge (Hélène), office staff (Sophie) and one person.
pub fn office() -> Office {
    let dir = tempfile::tempdir().unwrap();
    let o = carnet_testkit::office::office_in(dir.path());
    let recovery = dir.path().join("recovery.txt");
    std::fs::write(&recovery, &o.recovery_text).unwrap();
    let key_bytes = RecoveryKey::parse(&o.recovery_text)
        .unwrap()
        .bytes()
        .to_vec();
    Office {
        _dir: dir,
        db: o.db,
        recovery,
        key_bytes,
        recovery_text: o.recovery_text,
        helene: o.helene,
        sophie: o.sophie,
    }
}

/// A running `carnet-server` process and the lines it prints.
pub struct Running {
    pub child: Child,
    pub address: String,
    pub code: String,
    pub lines: Receiver<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    /// The next line containing `what` (waits up to 20 s).
    pub fn wait_for(&self, what: &str) -> String {
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("the service never printed {what:?}"));
            if line.contains(what) {
                return line;
            }
        }
    }

    pub fn next_code(&mut self) -> String {
        let line = self.wait_for("pairing code: ");
        self.code = code_in(&line);
        self.code.clone()
    }
}

pub fn code_in(line: &str) -> String {
    line.split("pairing code: ").nth(1).unwrap()[..9].to_owned()
}

pub fn start(o: &Office, listen: &str, extra: &[&str]) -> Running {
    let recovery = o.recovery.to_str().unwrap();
    let mut args = vec!["--listen", listen, "--recovery-key-file", recovery];
    args.extend_from_slice(extra);
    start_with(o, &args)
}

/// A `carnet-server` process on the office's register with these arguments alone (a
/// listening address on the loopback when none is given).
pub fn start_with(o: &Office, args: &[&str]) -> Running {
    start_in(o, args, None)
}

/// The same with the machine's time zone set (`TZ`, such as "America/Montreal").
pub fn start_in(o: &Office, args: &[&str], zone: Option<&str>) -> Running {
    let mut command = Command::new(env!("CARGO_BIN_EXE_carnet-server"));
    if let Some(zone) = zone {
        command.env("TZ", zone);
    }
    command.arg("--db").arg(&o.db);
    if !args.contains(&"--listen") {
        command.args(["--listen", "127.0.0.1:0"]);
    }
    let mut child = command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let (tx, rx) = channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let mut running = Running {
        child,
        address: String::new(),
        code: String::new(),
        lines: rx,
    };
    let line = running.wait_for("listening on ");
    running.address = line
        .split("listening on ")
        .nth(1)
        .unwrap()
        .trim()
        .to_owned();
    running.next_code();
    running
}

pub fn refused(r: Result<serde_json::Value, ClientError>) -> String {
    match r {
        Err(e) => e.code().to_owned(),
        Ok(v) => panic!("not refused: {v}"),
    }
}

/// Five PCs paired with `service` ("Poste 0" to "Poste 4"), each with the next code.
pub fn pair_five(service: &mut Running) -> Vec<Pairing> {
    (0..5)
        .map(|n| {
            let code = if n == 0 {
                service.code.clone()
            } else {
                service.next_code()
            };
            pair(&service.address, &code, &format!("Poste {n}")).unwrap()
        })
        .collect()
}
