//! The crash harness: a worker process records consents, imports files of 50 people and
//! erases people, printing each change once it is committed; the harness kills it
//! (`SIGKILL`) at a random moment, then opens the register and checks that every
//! acknowledged change is there, that no import is half there, that the file's integrity
//! holds (SQLite's and SQLCipher's checks) and that the consent ledger verifies.

use carnet_core::Contexts;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use carnet_core::consent::ConsentInput;
use carnet_core::consent::{ConsentAction, GivenBy};
use carnet_core::exchange::{read_table, PeopleImport};
use carnet_core::model::{Channel, Jurisdiction};
use carnet_core::org::OrganisationProfile;
use carnet_core::people::PersonInput;
use carnet_core::privacy::ErasureInput;
use carnet_core::secret::KdfParams;
use carnet_core::{Protection, Register, Unlock};
use chrono::{NaiveDate, Utc};

const PASS: &str = "banc d'essai des pannes";
const SEEDED: i64 = 200;
const IMPORT_ROWS: usize = 50;

/// What the harness found over all its kills.
#[derive(Debug, Default)]
pub struct CrashReport {
    pub kills: usize,
    pub acknowledged: usize,
    pub lost: usize,
    pub half_imports: usize,
    pub integrity_failures: usize,
    pub ledger_failures: usize,
    pub open_failures: usize,
    pub elapsed: Duration,
}

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn open(db: &Path) -> carnet_core::Result<Register> {
    let mut reg = Register::open(db, Unlock::Passphrase(PASS))?;
    reg.set_staff("Banc");
    Ok(reg)
}

/// The worker: changes the register until it is killed, one acknowledgement per line.
pub fn worker(db: &Path, seed: u64) -> ! {
    let reg = open(db).expect("worker opens");
    let mut rng = Lcg(seed);
    let mut out = std::io::stdout().lock();
    let mut n = seed % 1_000_000 * 1000;
    loop {
        n += 1;
        let now = Utc::now();
        match rng.next() % 10 {
            0..=5 => {
                let person = 1 + (rng.next() % SEEDED as u64) as i64;
                let action = if rng.next().is_multiple_of(2) {
                    ConsentAction::Granted
                } else {
                    ConsentAction::Withdrawn
                };
                let done = reg.consent().record(
                    &ConsentInput {
                        person_id: person,
                        purpose: "photos".into(),
                        purpose_version: None,
                        action,
                        channel: Channel::PaperForm,
                        given_by: GivenBy::Person,
                        giver: None,
                        evidence: format!("fiche {n}"),
                        occurred_at: now,
                    },
                    now,
                );
                if let Ok(e) = done {
                    let _ = writeln!(out, "consent {}", e.seq);
                }
            }
            6..=8 => {
                let mut text = String::from("Nom;Prénom\n");
                for i in 0..IMPORT_ROWS {
                    text += &format!("Impn{n}x;Ligne{i}\n");
                }
                let table = read_table(text.as_bytes()).expect("table");
                let how = PeopleImport {
                    dry_run: false,
                    ..PeopleImport::new(Channel::PaperForm)
                };
                if reg
                    .exchange()
                    .import_people(&table, &how, now, &mut |_, _| true)
                    .is_ok()
                {
                    let _ = writeln!(out, "import {n}");
                }
            }
            _ => {
                let person = 1 + (rng.next() % SEEDED as u64) as i64;
                let Ok(p) = reg.people().get(person) else {
                    continue;
                };
                let done = reg.privacy().erase(
                    &ErasureInput {
                        request_id: None,
                        person_ids: vec![person],
                    },
                    &p.display_name(),
                    now,
                );
                if done.is_ok() {
                    let _ = writeln!(out, "erase {person}");
                }
            }
        }
        let _ = out.flush();
    }
}

fn seed_register(db: &Path) {
    for suffix in ["", "-wal", "-shm", ".carnet-key"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let now = Utc::now();
    let mut reg = Register::create(
        db,
        Protection::Passphrase {
            passphrase: PASS,
            params: KdfParams {
                m_kib: 1024,
                t: 1,
                p: 1,
            },
        },
        &OrganisationProfile::new("Banc", Jurisdiction::Quebec),
        now,
    )
    .expect("create")
    .register;
    reg.set_staff("Banc");
    let people: Vec<PersonInput> = (0..SEEDED)
        .map(|i| PersonInput {
            birth_date: NaiveDate::from_ymd_opt(1980, 1, 1),
            ..PersonInput::named(
                &format!("Seed{i}"),
                "Banc",
                Channel::PaperForm,
                NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            )
        })
        .collect();
    reg.people().add_many(&people, now).expect("seed");
}

/// Runs `kills` rounds: start the worker, let it work 5–400 ms, kill it, check.
pub fn harness(exe: &Path, dir: &Path, kills: usize) -> CrashReport {
    let db = dir.join("crash.db");
    seed_register(&db);
    let mut report = CrashReport::default();
    let mut rng = Lcg(0x5eed);
    let start = Instant::now();
    let mut erased: Vec<i64> = Vec::new();
    let mut imports: Vec<u64> = Vec::new();
    let mut max_seq = 0i64;
    for round in 0..kills {
        let mut child = Command::new(exe)
            .arg("--crash-worker")
            .arg(&db)
            .arg("--crash-seed")
            .arg((round as u64 + 1).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("worker");
        std::thread::sleep(Duration::from_millis(5 + rng.next() % 400));
        let _ = child.kill();
        let _ = child.wait();
        let mut text = String::new();
        let _ = child
            .stdout
            .take()
            .expect("stdout")
            .read_to_string(&mut text);
        report.kills += 1;
        // A line cut by the kill was never acknowledged: only whole lines count.
        for line in text
            .split_inclusive('\n')
            .filter_map(|l| l.strip_suffix('\n'))
        {
            let Some((what, n)) = line.split_once(' ') else {
                continue;
            };
            let Ok(n) = n.parse::<i64>() else { continue };
            report.acknowledged += 1;
            match what {
                "consent" => max_seq = max_seq.max(n),
                "import" => imports.push(n as u64),
                "erase" => erased.push(n),
                _ => {}
            }
        }
        let reg = match open(&db) {
            Ok(r) => r,
            Err(_) => {
                report.open_failures += 1;
                continue;
            }
        };
        if !reg.integrity_ok().unwrap_or(false) {
            report.integrity_failures += 1;
        }
        match reg.consent().verify_ledger() {
            Ok(l) if l.problems.is_empty() && l.events >= max_seq => {}
            Ok(l) if l.events < max_seq => report.lost += 1,
            _ => report.ledger_failures += 1,
        }
        for n in &imports {
            let found = reg
                .people()
                .search(&format!("impn{n}x"), 1000)
                .map(|v| v.len())
                .unwrap_or(0);
            if found != IMPORT_ROWS {
                report.lost += 1;
            }
        }
        for id in &erased {
            if reg.people().get(*id).is_ok() {
                report.lost += 1;
            }
        }
        // Imports not acknowledged: all of their people, or none.
        let partial = reg
            .people()
            .search("ligne0", 100_000)
            .unwrap_or_default()
            .len();
        let all = reg
            .people()
            .search("impn", 1_000_000)
            .unwrap_or_default()
            .len();
        if all % IMPORT_ROWS != 0 || partial * IMPORT_ROWS != all {
            report.half_imports += 1;
        }
    }
    report.elapsed = start.elapsed();
    report
}

/// What the restore harness found over all its kills.
#[derive(Debug, Default)]
pub struct RestoreKillReport {
    pub kills: usize,
    /// Kills after which the register at the path opened (the old one or the backup).
    pub register_at_path: usize,
    /// Kills after which nothing stood at the path but a register set aside was offered
    /// back, and put back opened.
    pub put_back: usize,
    /// Kills after which no register opened, at the path or set aside.
    pub lost: usize,
    pub elapsed: Duration,
}

/// The restore worker: restores `backup` over `db` again and again until it is killed.
pub fn restore_worker(db: &Path, backup: &Path) -> ! {
    loop {
        let allow = carnet_core::backup::RestoreAllow {
            without_journal: true,
            other_register: true,
        };
        let _ = carnet_core::backup::restore_with(
            backup,
            db,
            Unlock::Passphrase(PASS),
            Utc::now(),
            allow,
        );
    }
}

/// Runs `kills` rounds: a worker restoring a backup over the register is killed at a
/// random moment (0–300 ms), then the harness looks for a register: at the path, or set
/// aside and offered back (put back, it must open).
pub fn restore_harness(exe: &Path, dir: &Path, kills: usize) -> RestoreKillReport {
    let db = dir.join("restore.db");
    seed_register(&db);
    let backups = dir.join("restore-backups");
    let _ = std::fs::remove_dir_all(&backups);
    std::fs::create_dir_all(&backups).expect("folder");
    let backup = {
        let reg = open(&db).expect("open");
        reg.backups()
            .backup_to(&backups, Utc::now())
            .expect("backup")
            .0
            .file
    };
    let mut report = RestoreKillReport::default();
    let mut rng = Lcg(0x7e57);
    let start = Instant::now();
    for _ in 0..kills {
        let mut child = Command::new(exe)
            .arg("--restore-worker")
            .arg(&db)
            .arg("--restore-backup")
            .arg(&backup)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("worker");
        std::thread::sleep(Duration::from_millis(rng.next() % 300));
        let _ = child.kill();
        let _ = child.wait();
        report.kills += 1;
        if db.exists() {
            match open(&db) {
                Ok(reg) if reg.integrity_ok().unwrap_or(false) => report.register_at_path += 1,
                _ => report.lost += 1,
            }
        } else {
            let offered = carnet_core::backup::copies_beside(&db)
                .unwrap_or_default()
                .into_iter()
                .find(|c| c.kind == carnet_core::backup::CopyKind::BeforeRestore);
            match offered.map(|c| carnet_core::backup::put_back(&db, &c.file)) {
                Some(Ok(())) if open(&db).is_ok() => report.put_back += 1,
                _ => report.lost += 1,
            }
        }
        // The copies set aside pile up across rounds: keep the folder small.
        for c in carnet_core::backup::copies_beside(&db).unwrap_or_default() {
            let _ = std::fs::remove_file(&c.file);
            let _ = std::fs::remove_file(format!("{}.carnet-key", c.file.display()));
            let _ = std::fs::remove_file(format!("{}-wal", c.file.display()));
            let _ = std::fs::remove_file(format!("{}-shm", c.file.display()));
        }
    }
    report.elapsed = start.elapsed();
    report
}
