//! `carnet-bench`: measures the encrypted register against the same workload on an
//! unencrypted copy, in the same run, and prints the figures and their ratios.
//!
//!     cargo run --release -p carnet-bench -- --sizes 100000,1000000

use carnet_core::Contexts;
use std::path::Path;
use std::time::{Duration, Instant};

use carnet_core::model::{Channel, Jurisdiction};
use carnet_core::org::OrganisationProfile;
use carnet_core::people::PersonInput;
use carnet_core::secret::{KdfParams, PassphraseEnvelope, RecoveryKey};
use carnet_core::{Protection, Register, Unlock};
use chrono::{NaiveDate, TimeZone, Utc};
use clap::Parser;

mod crash;
mod scale;
mod service;

#[derive(Parser)]
#[command(about = "Benchmarks: unlock, insert throughput, search latency; encrypted vs plain")]
struct Args {
    /// Register sizes (people) to measure search at
    #[arg(long, value_delimiter = ',', default_value = "100000,1000000")]
    sizes: Vec<usize>,
    /// Search queries per size and kind of database
    #[arg(long, default_value_t = 2000)]
    queries: usize,
    /// Unlock repetitions
    #[arg(long, default_value_t = 200)]
    unlocks: usize,
    /// Folder for the databases [default: a temporary folder]
    #[arg(long)]
    dir: Option<std::path::PathBuf>,
    /// Only the access-report benchmark (1,000 consent events + 200 contest-entry rows)
    #[arg(long)]
    report_only: bool,
    /// Report renderings to time
    #[arg(long, default_value_t = 30)]
    reports: usize,
    /// Only the forgetting benchmarks: erase one person among `--privacy-size` people,
    /// and purge `--purge` former people whose retention has run out
    #[arg(long)]
    privacy_only: bool,
    #[arg(long, default_value_t = 1_000_000)]
    privacy_size: usize,
    #[arg(long, default_value_t = 100_000)]
    purge: usize,
    /// Only the contest benchmarks: a draw among `--entries` entries, and labels for
    /// `--labels` winners
    #[arg(long)]
    contest_only: bool,
    #[arg(long, default_value_t = 1_000_000)]
    entries: usize,
    #[arg(long, default_value_t = 5_000)]
    labels: usize,
    /// Only the register service: search, a person, through carnet-server on the loopback
    /// against the same register opened here, at --service-people people
    #[arg(long)]
    service_only: bool,
    #[arg(long, default_value_t = 100_000)]
    service_people: usize,
    /// Only the spreadsheet import: --import-rows lines read, checked and written
    #[arg(long)]
    import_only: bool,
    #[arg(long, default_value_t = 100_000)]
    import_rows: usize,
    /// Only a backup (and its check) of a register of this many people, encrypted
    #[arg(long)]
    backup_people: Option<usize>,
    /// Only the crash harness: kill a writing worker this many times, checking each time
    #[arg(long)]
    crash_kills: Option<usize>,
    /// Only the register at scale: this many people, `--scale-events` consent events each
    /// and a contest entry each, encrypted and plain; every measure an office feels
    #[arg(long)]
    scale: Option<usize>,
    #[arg(long, default_value_t = 10)]
    scale_events: usize,
    /// Only the restore harness: kill a worker restoring a backup this many times, looking
    /// each time for a register at the path or one offered back
    #[arg(long)]
    restore_kills: Option<usize>,
    /// Only: write the hostile spreadsheets (one-letter cells, a stray byte, a 3 GB sparse
    /// file, a large honest file) into this folder, to read one by one with --read-csv
    /// under `/usr/bin/time -v`
    #[arg(long)]
    write_hostile: Option<std::path::PathBuf>,
    /// Only: read this spreadsheet as an import does and print what came of it
    #[arg(long)]
    read_csv: Option<std::path::PathBuf>,
    /// (internal) run as the harness's worker on this register
    #[arg(long, hide = true)]
    crash_worker: Option<std::path::PathBuf>,
    /// (internal) run as the restore harness's worker on this register
    #[arg(long, hide = true)]
    restore_worker: Option<std::path::PathBuf>,
    #[arg(long, hide = true)]
    restore_backup: Option<std::path::PathBuf>,
    #[arg(long, hide = true, default_value_t = 1)]
    crash_seed: u64,
}

const GIVEN: &[&str] = &[
    "Zoë",
    "Léa",
    "Chloé",
    "Émile",
    "Noah",
    "Théo",
    "Inès",
    "Hélène",
    "François",
    "Æsa",
    "Anaïs",
    "Jérôme",
    "Gaëlle",
    "Mathéo",
    "Maëlys",
    "Loïc",
    "Noémie",
    "Benoît",
    "Agnès",
    "Raphaël",
    "Océane",
    "Sébastien",
    "Clément",
    "Lucie",
    "Amélie",
    "Étienne",
    "Josée",
    "Yannick",
    "Marie-Ève",
    "Jean-François",
    "Ophélie",
    "Cédric",
    "Maude",
    "Kévin",
];
const FAMILY: &[&str] = &[
    "Tremblay",
    "Gagnon",
    "Roy",
    "Côté",
    "Bouchard",
    "Gauthier",
    "Morin",
    "Lavoie",
    "Fortin",
    "Gagné",
    "Ouellet",
    "Pelletier",
    "Bélanger",
    "Lévesque",
    "Bergeron",
    "Leblanc",
    "Paquette",
    "Girard",
    "Simard",
    "Boucher",
    "Caron",
    "Beaulieu",
    "Cloutier",
    "Dubé",
    "Poirier",
    "Fournier",
    "Lefèvre",
    "Cœurdevey",
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Rousseau",
    "Vincent",
    "Muller",
    "Nguyễn",
    "D'Amours",
    "Saint-Pierre",
];

/// A small deterministic generator (xorshift), so every run inserts the same people.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() % list.len() as u64) as usize]
    }
}

fn synthetic(rng: &mut Rng, i: usize) -> PersonInput {
    // A numbered syllable makes family names varied, as in a real million-person register.
    let family = format!(
        "{}{}",
        rng.pick(FAMILY),
        SYLLABLES[(rng.next() % SYLLABLES.len() as u64) as usize]
    );
    let mut p = PersonInput::named(
        rng.pick(GIVEN),
        &family,
        Channel::PaperForm,
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    );
    p.emails = vec![format!("p{i}@exemple.ca")];
    p.birth_date = NaiveDate::from_ymd_opt(
        1950 + (rng.next() % 70) as i32,
        1 + (rng.next() % 12) as u32,
        1 + (rng.next() % 28) as u32,
    );
    p
}

const SYLLABLES: &[&str] = &[
    "", "", "", "-Roy", "ard", "eau", "elle", "ier", "on", "in", "et", "ot", "-Côté", "ault",
    "ette", "ain",
];

/// What a secretary's keystrokes send while typing a name: a prefix of "given family"
/// or "family given", cut after any character.
fn typed_queries(rng: &mut Rng, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            let given = rng.pick(GIVEN);
            let family = format!(
                "{}{}",
                rng.pick(FAMILY),
                SYLLABLES[(rng.next() % SYLLABLES.len() as u64) as usize]
            );
            let full = if rng.next().is_multiple_of(3) {
                format!("{family} {given}")
            } else {
                format!("{given} {family}")
            };
            let chars: Vec<char> = full.chars().collect();
            let len = 1 + (rng.next() % chars.len() as u64) as usize;
            chars[..len].iter().collect::<String>()
        })
        .collect()
}

/// The hard case: two words of one or two letters each ("j ma"), whose matches are many
/// but whose intersection is small.
fn short_pair_queries(rng: &mut Rng, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            let a: String = rng
                .pick(GIVEN)
                .chars()
                .take(1 + (rng.next() % 2) as usize)
                .collect();
            let b: String = rng
                .pick(FAMILY)
                .chars()
                .take(1 + (rng.next() % 2) as usize)
                .collect();
            format!("{a} {b}")
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

struct Timing {
    p50: Duration,
    p95: Duration,
    /// The indexes of the three slowest runs, slowest first.
    slowest: Vec<(usize, Duration)>,
}

fn time_all(n: usize, mut f: impl FnMut(usize)) -> Timing {
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        f(i);
        times.push((i, t.elapsed()));
    }
    times.sort_by_key(|&(_, d)| d);
    let sorted: Vec<Duration> = times.iter().map(|&(_, d)| d).collect();
    let slowest = times.iter().rev().take(3).copied().collect();
    Timing {
        p50: percentile(&sorted, 0.5),
        p95: percentile(&sorted, 0.95),
        slowest,
    }
}

fn profile() -> OrganisationProfile {
    OrganisationProfile::new("Banc d'essai", Jurisdiction::Quebec)
}

fn fill(reg: &mut Register, from: usize, to: usize) -> Duration {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ from as u64);
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let start = Instant::now();
    let mut i = from;
    while i < to {
        let end = (i + 10_000).min(to);
        let batch: Vec<PersonInput> = (i..end).map(|k| synthetic(&mut rng, k)).collect();
        reg.people().add_many(&batch, now).expect("insert");
        i = end;
    }
    start.elapsed()
}

fn main() {
    let args = Args::parse();
    if let Some(db) = &args.crash_worker {
        // The harness's worker: its output is its acknowledgements alone.
        crash::worker(db, args.crash_seed);
    }
    if let (Some(db), Some(backup)) = (&args.restore_worker, &args.restore_backup) {
        crash::restore_worker(db, backup);
    }
    if let Some(dir) = &args.write_hostile {
        write_hostile(dir);
        return;
    }
    if let Some(file) = &args.read_csv {
        let t = Instant::now();
        match carnet_core::exchange::read_table_file(file) {
            Ok(table) => println!(
                "read: {} lines, {:?}, {} lines with bad bytes, {} ms",
                table.len(),
                table.encoding,
                table.bad_byte_lines.len(),
                t.elapsed().as_millis()
            ),
            Err(e) => println!(
                "refused: {} ({e}), {} ms",
                e.code().as_str(),
                t.elapsed().as_millis()
            ),
        }
        return;
    }
    let tmp = tempfile::tempdir().expect("temporary folder");
    let dir = args.dir.clone().unwrap_or_else(|| tmp.path().to_owned());
    std::fs::create_dir_all(&dir).expect("bench folder");
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();

    println!("# carnet-bench");
    println!(
        "machine: {} cores, {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        std::env::consts::ARCH
    );
    println!();
    if args.report_only {
        report_bench(&dir, args.reports);
        return;
    }
    if args.privacy_only {
        privacy_bench(&dir, args.privacy_size, args.purge);
        return;
    }
    if let Some(people) = args.backup_people {
        let mut reg = fresh_encrypted(&dir.join("backup-source.db"), now);
        reg.set_staff("Banc");
        fill(&mut reg, 0, people);
        let out = dir.join("backups");
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).expect("folder");
        let t = Instant::now();
        let (info, _) = reg.backups().backup_to(&out, now).expect("backup");
        let took = t.elapsed();
        let t = Instant::now();
        carnet_core::backup::inspect_backup(
            &info.file,
            Unlock::Passphrase("banc d'essai solide et girafe orageuse"),
        )
        .expect("inspect");
        let inspect = t.elapsed();
        println!("## Backup of {people} people");
        println!("| step | time |");
        println!("|---|---|");
        println!(
            "| backup: export, fsync, check (integrity, HMACs, counts), rename | {} |",
            ms(took)
        );
        println!(
            "| inspect before a restore (open, checks, counts) | {} |",
            ms(inspect)
        );
        println!("(backup file: {:.1} MB)", info.bytes as f64 / 1e6);
        return;
    }
    if let Some(kills) = args.crash_kills {
        let exe = std::env::current_exe().expect("own path");
        let r = crash::harness(&exe, &dir, kills);
        println!(
            "## Crash safety: {} kills during consents, imports and erasures",
            r.kills
        );
        println!("| measure | count |");
        println!("|---|---|");
        println!(
            "| changes acknowledged before a kill | {} |",
            r.acknowledged
        );
        println!("| acknowledged changes lost | {} |", r.lost);
        println!("| imports found half written | {} |", r.half_imports);
        println!(
            "| integrity failures (integrity_check, cipher_integrity_check) | {} |",
            r.integrity_failures
        );
        println!("| ledger not verifying | {} |", r.ledger_failures);
        println!("| register not opening | {} |", r.open_failures);
        println!("(total time {:.1} s)", r.elapsed.as_secs_f64());
        return;
    }
    if let Some(kills) = args.restore_kills {
        let exe = std::env::current_exe().expect("own path");
        let r = crash::restore_harness(&exe, &dir, kills);
        println!("## Restores killed half-way: {} kills", r.kills);
        println!("| outcome after a kill | count |");
        println!("|---|---|");
        println!(
            "| a register at the path, opening and sound | {} |",
            r.register_at_path
        );
        println!(
            "| nothing at the path, the register set aside put back and opening | {} |",
            r.put_back
        );
        println!("| no register to open | {} |", r.lost);
        println!("(total time {:.1} s)", r.elapsed.as_secs_f64());
        return;
    }
    if let Some(people) = args.scale {
        scale::run(&dir, people, args.scale_events, args.queries);
        return;
    }
    if args.service_only {
        service::bench(&dir, args.service_people, args.queries);
        return;
    }
    if args.import_only {
        import_bench(&dir, args.import_rows);
        return;
    }
    if args.contest_only {
        contest_bench(&dir, args.entries, args.labels);
        return;
    }

    // --- Unlock ----------------------------------------------------------------------
    let enc_path = dir.join("enc.db");
    let plain_path = dir.join("plain.db");
    for p in [&enc_path, &plain_path] {
        for suffix in ["", "-wal", "-shm", ".carnet-key"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
        }
    }
    let created = Register::create(
        &enc_path,
        Protection::Passphrase {
            passphrase: "banc d'essai solide et girafe orageuse",
            params: KdfParams::DEFAULT,
        },
        &profile(),
        now,
    )
    .expect("create");
    let rk = created.recovery_key.expose().to_owned();
    let mut enc = created.register;
    let mut plain =
        carnet_core::bench::create_plain(&plain_path, &profile(), now).expect("create plain");
    let key = RecoveryKey::parse(&rk).unwrap();
    let raw = time_all(args.unlocks, |_| {
        carnet_core::bench::raw_open(&enc_path, Some(&key)).unwrap()
    });
    let plain_open = time_all(args.unlocks, |_| {
        carnet_core::bench::raw_open(&plain_path, None).unwrap()
    });
    let full = time_all(args.unlocks.min(50), |_| {
        Register::open(&enc_path, Unlock::RecoveryKey(&rk)).unwrap();
    });
    let env = PassphraseEnvelope::seal(
        &key,
        "banc d'essai solide et girafe orageuse",
        KdfParams::DEFAULT,
    )
    .unwrap();
    let pass = time_all(10, |_| {
        env.open("banc d'essai solide et girafe orageuse").unwrap();
        carnet_core::bench::raw_open(&enc_path, Some(&key)).unwrap();
    });
    println!("## Unlock (empty register)");
    println!("| path | p50 | p95 |");
    println!("|---|---|---|");
    println!(
        "| plain SQLite open + schema read | {} | {} |",
        ms(plain_open.p50),
        ms(plain_open.p95)
    );
    println!(
        "| raw 256-bit key: PRAGMA key + schema read | {} | {} |",
        ms(raw.p50),
        ms(raw.p95)
    );
    println!(
        "| full Register::open with the raw key (pragmas, version check) | {} | {} |",
        ms(full.p50),
        ms(full.p95)
    );
    println!(
        "| passphrase: Argon2id 64 MiB t=3 unwrap + open | {} | {} |",
        ms(pass.p50),
        ms(pass.p95)
    );
    println!();

    // --- Insert and search at each size ----------------------------------------------
    println!("## Insert throughput and search latency");
    println!("| people | db | insert (people/s) | search p50 | search p95 | point read p50 |");
    println!("|---|---|---|---|---|---|");
    let mut filled = 0;
    let mut ratios = Vec::new();
    let typed = typed_queries(&mut Rng(42), args.queries);
    let pairs = short_pair_queries(&mut Rng(43), args.queries / 4);
    let mut pair_rows = Vec::new();
    let mut slowest = Vec::new();
    for &size in &args.sizes {
        let enc_time = fill(&mut enc, filled, size);
        let plain_time = fill(&mut plain, filled, size);
        let added = (size - filled) as f64;
        filled = size;
        let qs = &typed;
        let mut hits = 0usize;
        // warm both caches the same way
        for q in qs.iter().take(200) {
            hits += enc.people().search(q, 50).unwrap().len();
            hits += plain.people().search(q, 50).unwrap().len();
        }
        let s_enc = time_all(qs.len(), |i| {
            hits += enc.people().search(&qs[i], 50).unwrap().len()
        });
        let s_plain = time_all(qs.len(), |i| {
            hits += plain.people().search(&qs[i], 50).unwrap().len()
        });
        slowest.push((size, s_enc.slowest.clone(), qs));
        let h_enc = time_all(pairs.len(), |i| {
            hits += enc.people().search(&pairs[i], 50).unwrap().len()
        });
        let h_plain = time_all(pairs.len(), |i| {
            hits += plain.people().search(&pairs[i], 50).unwrap().len()
        });
        pair_rows.push((size, h_enc, h_plain));
        let mut rng = Rng(7);
        let ids: Vec<i64> = (0..qs.len())
            .map(|_| 1 + (rng.next() % size as u64) as i64)
            .collect();
        let r_enc = time_all(ids.len(), |i| {
            hits += enc.people().get(ids[i]).unwrap().id as usize
        });
        let r_plain = time_all(ids.len(), |i| {
            hits += plain.people().get(ids[i]).unwrap().id as usize
        });
        println!(
            "| {size} | encrypted | {:.0} | {} | {} | {} |",
            added / enc_time.as_secs_f64(),
            ms(s_enc.p50),
            ms(s_enc.p95),
            ms(r_enc.p50)
        );
        println!(
            "| {size} | plain | {:.0} | {} | {} | {} |",
            added / plain_time.as_secs_f64(),
            ms(s_plain.p50),
            ms(s_plain.p95),
            ms(r_plain.p50)
        );
        ratios.push((
            size,
            enc_time.as_secs_f64() / plain_time.as_secs_f64(),
            s_enc.p50.as_secs_f64() / s_plain.p50.as_secs_f64(),
            s_enc.p95.as_secs_f64() / s_plain.p95.as_secs_f64(),
            r_enc.p50.as_secs_f64() / r_plain.p50.as_secs_f64(),
        ));
        assert!(hits > 0, "queries found people");
    }
    println!();
    println!("## Encrypted ÷ plain (same run)");
    println!("| people | insert time | search p50 | search p95 | point read p50 |");
    println!("|---|---|---|---|---|");
    for (size, ins, p50, p95, read) in ratios {
        println!("| {size} | {ins:.2}× | {p50:.2}× | {p95:.2}× | {read:.2}× |");
    }
    println!();
    println!("## Hard case: two words of 1–2 letters (\"j ma\")");
    println!("| people | encrypted p50 | encrypted p95 | plain p95 | slowest (encrypted) |");
    println!("|---|---|---|---|---|");
    for (size, e, p) in &pair_rows {
        let worst = e
            .slowest
            .first()
            .map(|&(i, d)| format!("{:?} {}", pairs[i], ms(d)))
            .unwrap_or_default();
        println!(
            "| {size} | {} | {} | {} | {worst} |",
            ms(e.p50),
            ms(e.p95),
            ms(p.p95)
        );
    }
    println!();
    println!("slowest typed searches (encrypted):");
    for (size, worst, qs) in slowest {
        let list: Vec<String> = worst
            .iter()
            .map(|&(i, d)| format!("{:?} {}", qs[i], ms(d)))
            .collect();
        println!("  {size}: {}", list.join(", "));
    }
    // Point reads against the page cache's size, at the largest register: after the same
    // warm-up (random reads over the whole register), 2,000 further random reads.
    let largest = *args.sizes.iter().max().expect("a size") as u64;
    println!();
    println!("## Point reads and the page cache ({largest} people)");
    println!("| cache | encrypted p50 | encrypted p95 | plain p50 | encrypted ÷ plain p50 |");
    println!("|---|---|---|---|---|");
    for mib in [64, 256, 512] {
        let mut reads = Vec::new();
        for reg in [&enc, &plain] {
            carnet_core::bench::cache_mib(reg, mib).expect("cache size");
            let mut warm = Rng(1000 + mib as u64);
            for _ in 0..largest / 5 {
                let _ = reg.people().get(1 + (warm.next() % largest) as i64);
            }
            let mut rng = Rng(2000 + mib as u64);
            let ids: Vec<i64> = (0..2000)
                .map(|_| 1 + (rng.next() % largest) as i64)
                .collect();
            reads.push(time_all(ids.len(), |i| {
                assert!(reg.people().get(ids[i]).is_ok());
            }));
        }
        println!(
            "| {mib} MiB | {} | {} | {} | {:.2}× |",
            ms(reads[0].p50),
            ms(reads[0].p95),
            ms(reads[1].p50),
            reads[0].p50.as_secs_f64() / reads[1].p50.as_secs_f64()
        );
    }
    let size_of = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / 1048576.0;
    println!();
    println!(
        "database size: encrypted {:.1} MiB, plain {:.1} MiB",
        size_of(&enc_path),
        size_of(&plain_path)
    );
}

/// The access report of a child with 1,000 consent events and 200 contest-entry rows,
/// against the same report for a child with 3 events: time to gather the record and
/// to lay out and write the PDF, and the PDF's size.
///
/// Contests are not in the register yet: their 200 rows are added to the record as the
/// section a contest module will produce (contest, date, entry, prize, shipment), so the
/// layout and PDF cost of those rows is measured.
fn report_bench(dir: &Path, runs: usize) {
    use carnet_core::consent::ConsentInput;
    use carnet_core::consent::{ConsentAction, GivenBy};
    use carnet_core::export::Section;
    use carnet_core::family::Guardian;
    use carnet_core::family::Relation;
    use carnet_core::model::Language;

    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let path = dir.join("report.db");
    for suffix in ["", "-wal", "-shm", ".carnet-key"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let fast = KdfParams {
        m_kib: 1024,
        t: 1,
        p: 1,
    };
    let mut reg = Register::create(
        &path,
        Protection::Passphrase {
            passphrase: "banc d'essai solide et girafe orageuse",
            params: fast,
        },
        &profile(),
        now,
    )
    .expect("create")
    .register;
    reg.set_staff("Banc d'essai");
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let parent = reg
        .people()
        .add(
            &PersonInput {
                birth_date: Some(day("1984-02-02")),
                ..PersonInput::named("Marie", "Lefèvre", Channel::PaperForm, day("2019-09-01"))
            },
            now,
        )
        .unwrap();
    let child_of = |given: &str, events: usize| -> i64 {
        let child = reg
            .people()
            .add(
                &PersonInput {
                    birth_date: Some(day("2016-05-10")),
                    emails: vec!["zoe@exemple.ca".into()],
                    ..PersonInput::named(
                        given,
                        "Lefèvre-Cœurdevey",
                        Channel::PaperForm,
                        day("2019-09-01"),
                    )
                },
                now,
            )
            .unwrap();
        reg.family()
            .link_guardian(
                child,
                Guardian::Person(parent),
                Relation::Parent,
                day("2019-09-01"),
                now,
            )
            .unwrap();
        let purposes = [
            "newsletter",
            "contest_communications",
            "promotional_offers",
            "photos",
            "testimonials",
            "statistics",
        ];
        let start = Utc.with_ymd_and_hms(2020, 1, 6, 9, 0, 0).unwrap();
        for i in 0..events {
            // each purpose alternates granted / withdrawn
            let action = if (i / purposes.len()).is_multiple_of(2) {
                ConsentAction::Granted
            } else {
                ConsentAction::Withdrawn
            };
            reg.consent()
                .record(
                    &ConsentInput {
                        person_id: child,
                        purpose: purposes[i % purposes.len()].into(),
                        purpose_version: None,
                        action,
                        channel: Channel::PaperForm,
                        given_by: GivenBy::Guardian,
                        giver: Some(Guardian::Person(parent)),
                        evidence: format!("formulaire d’inscription n° {i}"),
                        occurred_at: start + chrono::Duration::hours(40 * i as i64),
                    },
                    now,
                )
                .unwrap();
        }
        child
    };
    let big = child_of("Zoë", 1000);
    let small = child_of("Léa", 3);
    let profile = reg.org().profile().unwrap();
    let entries = Section {
        key: "contest_entries",
        provided: true,
        columns: vec!["contest", "date", "entry", "prize", "shipment"],
        rows: (0..200)
            .map(|i| {
                vec![
                    format!(
                        "Concours de composition « Jeunes talents » n° {}",
                        i % 12 + 1
                    ),
                    format!("2025-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
                    format!("Œuvre pour piano n° {i}"),
                    if i % 5 == 0 {
                        "Bon d’achat de 50 $".into()
                    } else {
                        String::new()
                    },
                    if i % 5 == 0 {
                        format!("Postes Canada, suivi 7{i:011}")
                    } else {
                        String::new()
                    },
                ]
            })
            .collect(),
    };

    let measure = |id: i64, extra: Option<&Section>| {
        let mut gather = Vec::new();
        let mut render = Vec::new();
        let mut size = 0;
        let mut events = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let mut record = reg.people().record(id, day("2026-11-24")).unwrap();
            gather.push(t.elapsed());
            events = record
                .sections
                .iter()
                .find(|s| s.key == "consents")
                .map(|s| s.rows.len())
                .unwrap_or(0);
            if let Some(e) = extra {
                record.sections.push(e.clone());
            }
            let t = Instant::now();
            let doc = carnet_docs::access_report(
                &record,
                &profile,
                &carnet_docs::Addressee {
                    name: "Marie Lefèvre",
                    acting: carnet_docs::Acting::Guardian,
                },
                "Banc",
                Language::Fr,
                day("2026-11-24"),
            );
            size = carnet_docs::render(&doc).unwrap().len();
            render.push(t.elapsed());
        }
        gather.sort();
        render.sort();
        (
            events,
            percentile(&gather, 0.5),
            percentile(&render, 0.5),
            size,
        )
    };
    let (be, bg, br, bs) = measure(big, Some(&entries));
    let (se, sg, sr, ss) = measure(small, None);
    println!("## Access report ({runs} runs, medians)");
    println!("| record | gather | layout + PDF | total | PDF size |");
    println!("|---|---|---|---|---|");
    println!(
        "| {be} consent events + 200 contest-entry rows | {} | {} | {} | {:.0} KB |",
        ms(bg),
        ms(br),
        ms(bg + br),
        bs as f64 / 1024.0
    );
    println!(
        "| {se} consent events | {} | {} | {} | {:.0} KB |",
        ms(sg),
        ms(sr),
        ms(sg + sr),
        ss as f64 / 1024.0
    );
    println!(
        "| ratio large / small | {:.1}× | {:.1}× | {:.1}× | {:.1}× |",
        bg.as_secs_f64() / sg.as_secs_f64(),
        br.as_secs_f64() / sr.as_secs_f64(),
        (bg + br).as_secs_f64() / (sg + sr).as_secs_f64(),
        bs as f64 / ss as f64
    );
}

/// Erasing one person in a register of `size` people (the plan, the one transaction, the
/// write-ahead log emptied), then purging `purge` former people whose retention ran out
/// (preview, purge, and the file rebuilt), encrypted and plain in the same run.
fn privacy_bench(dir: &Path, size: usize, purge: usize) {
    use carnet_core::privacy::ErasureInput;
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let long_ago = Utc.with_ymd_and_hms(2021, 3, 1, 9, 0, 0).unwrap();
    println!("## Forgetting: erase one person, purge former people");
    println!(
        "| db | people | erase one: p50 | p95 | purge preview ({purge} due) | purge {purge} | a VACUUM alone, for scale | file before → after |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut rows = Vec::new();
    for encrypted in [true, false] {
        let path = dir.join(if encrypted {
            "erase-enc.db"
        } else {
            "erase-plain.db"
        });
        let mut reg = if encrypted {
            fresh_encrypted(&path, now)
        } else {
            remove_register_files(&path);
            carnet_core::bench::create_plain(&path, &profile(), now).expect("create plain")
        };
        reg.set_staff("Banc");
        // The former people first (collected and last changed in 2021), then the current ones.
        let mut rng = Rng(0xF0F0);
        let mut i = 0;
        while i < purge {
            let end = (i + 10_000).min(purge);
            let batch: Vec<PersonInput> = (i..end)
                .map(|k| {
                    let mut p = synthetic(&mut rng, k);
                    p.collected_on = NaiveDate::from_ymd_opt(2021, 3, 1).unwrap();
                    p
                })
                .collect();
            reg.people()
                .add_many(&batch, long_ago)
                .expect("insert former");
            i = end;
        }
        fill(&mut reg, purge, size);
        // Erase 30 people spread over the current ones.
        let mut rng = Rng(99);
        let targets: Vec<i64> = (0..30)
            .map(|_| (purge + 1) as i64 + (rng.next() % (size - purge) as u64) as i64)
            .collect();
        let erase = time_all(targets.len(), |k| {
            let id = targets[k];
            let name = reg.people().get(id).expect("person").display_name();
            let input = ErasureInput {
                request_id: None,
                person_ids: vec![id],
            };
            reg.privacy().erase(&input, &name, now).expect("erase");
        });
        assert!(reg.consent().verify_ledger().expect("ledger").is_intact());
        let before = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let t = Instant::now();
        let preview = reg.privacy().purge_preview(now).expect("preview");
        let preview_time = t.elapsed();
        assert_eq!(
            preview.rules[0].due as usize, purge,
            "every former person is due"
        );
        let t = Instant::now();
        let report = reg.privacy().purge(now).expect("purge");
        let purge_time = t.elapsed();
        assert_eq!(report.rules[0].due as usize, purge);
        let t = Instant::now();
        carnet_core::bench::vacuum(&reg).expect("vacuum");
        let vacuum_again = t.elapsed();
        let after = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!(
            "| {} | {size} | {} | {} | {} | {} | {} | {:.0} → {:.0} MiB |",
            if encrypted { "encrypted" } else { "plain" },
            ms(erase.p50),
            ms(erase.p95),
            ms(preview_time),
            ms(purge_time),
            ms(vacuum_again),
            before as f64 / 1048576.0,
            after as f64 / 1048576.0
        );
        rows.push((erase.p50, purge_time));
    }
    println!();
    println!(
        "encrypted ÷ plain (same run): erase one p50 {:.2}×, purge {:.2}×",
        rows[0].0.as_secs_f64() / rows[1].0.as_secs_f64(),
        rows[0].1.as_secs_f64() / rows[1].1.as_secs_f64()
    );
    println!("(the purge rebuilds the file only when a quarter of its pages are free; this one did not need to)");
}

/// A contest of `entries` adult entrants: the draw (eligibility of every entry on the
/// office's day, duplicates, the shuffle, the record) and its verification; then the
/// address labels of `labels` winners on both Avery sheets.
fn contest_bench(dir: &Path, entries: usize, labels: usize) {
    let now = Utc.with_ymd_and_hms(2026, 12, 5, 17, 0, 0).unwrap();
    let mut reg = fresh_encrypted(&dir.join("contest.db"), now);
    reg.set_staff("Banc");
    fill(&mut reg, 0, entries);
    let id = bench_contest(&mut reg, now);
    carnet_core::bench::enter_everyone(&reg, id, NaiveDate::from_ymd_opt(2026, 11, 2).unwrap())
        .expect("entries");
    contest_measures(&mut reg, id, now, entries, labels);
}

/// A free contest drawn on 5 December, with ten prizes.
fn bench_contest(reg: &mut Register, now: chrono::DateTime<Utc>) -> i64 {
    use carnet_core::contests::{ContestInput, PrizeInput};
    use carnet_core::contests::{ContestKind, OnePer};
    reg.contests()
        .add(
            &ContestInput {
                name: "Banc".into(),
                kind: ContestKind::Free,
                tombola_authorisation: String::new(),
                opens_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                closes_on: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                draw_on: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
                claim_days: 30,
                min_age: None,
                max_age: None,
                regions: vec![],
                one_per: OnePer::Person,
                purpose: "contest_communications".into(),
                skill_question: "2 + 2".into(),
                skill_answer: "4".into(),
                rules_extra_fr: String::new(),
                rules_extra_en: String::new(),
                public_source: String::new(),
                non_winner_days: 90,
                winner_days: 90,
                prizes: vec![PrizeInput {
                    name: "Prix".into(),
                    quantity: 10,
                    value_cents: 1000,
                }],
            },
            now,
        )
        .expect("contest")
}

fn contest_measures(
    reg: &mut Register,
    id: i64,
    now: chrono::DateTime<Utc>,
    entries: usize,
    labels: usize,
) {
    // Synthetic people are all adults born 1950–2019 with unique emails; a few share a
    // name and birth date: the office would decide those, the benchmark leaves them out.
    let page = reg.contests().page(id, now).expect("page");
    for g in &page.duplicates {
        for e in &g.entries[1..] {
            reg.contests().exclude_entry(*e, now).expect("exclude");
        }
    }
    let t = Instant::now();
    let page = reg.contests().page(id, now).expect("page");
    assert!(page.duplicates.is_empty() && page.eligible > 0);
    let page_time = t.elapsed();
    // Entries closed first: the list drawn from is fixed (every entry judged once more).
    let t = Instant::now();
    let closing = reg.contests().close_entries(id, now).expect("close");
    let close_time = t.elapsed();
    let t = Instant::now();
    let check = reg.contests().draw(id, "", now).expect("draw");
    let draw_time = t.elapsed();
    let t = Instant::now();
    let again = reg.contests().verify_draw(id, now).expect("verify");
    let verify_time = t.elapsed();
    assert!(check.is_valid() && again.is_valid());
    let t = Instant::now();
    let order = carnet_core::contests::draw::draw_order(
        &[7; 32],
        &(1..=entries as i64).collect::<Vec<_>>(),
        20,
    );
    let shuffle_time = t.elapsed();
    assert_eq!(order.len(), 20);

    println!("## Contests: a draw among {entries} entries, labels for {labels} winners");
    println!("| step | time |");
    println!("|---|---|");
    println!(
        "| contest page (eligibility and duplicates of every entry) | {} |",
        ms(page_time)
    );
    println!(
        "| close the entries (eligibility, the list and its digest recorded) | {} |",
        ms(close_time)
    );
    println!(
        "| draw (the closed list, the committed seed, shuffle, record, check) | {} |",
        ms(draw_time)
    );
    println!("| verify the draw again | {} |", ms(verify_time));
    println!(
        "| the shuffle alone (20 of {entries}) | {} |",
        ms(shuffle_time)
    );
    println!("(eligible entries drawn among: {})", check.entries);
    assert_eq!(closing.entry_numbers.len(), check.entries);
    let jurisdictions = [
        (
            carnet_docs::AVERY_L7160,
            carnet_core::model::Jurisdiction::France,
        ),
        (
            carnet_docs::AVERY_5160,
            carnet_core::model::Jurisdiction::Quebec,
        ),
    ];
    for (sheet, j) in jurisdictions {
        let mut rng = Rng(5);
        let addresses: Vec<Vec<String>> = (0..labels)
            .map(|i| {
                let p = synthetic(&mut rng, i);
                carnet_core::contests::postal::label_lines(
                    &carnet_core::people::display_name(&p.given_name, &p.family_name),
                    &carnet_core::people::Address {
                        street: format!("{} rue des Érables, app. {}", 10 + i, i % 40),
                        city: "Montréal".into(),
                        region: "QC".into(),
                        postal_code: "H2X 1Y4".into(),
                        country: String::new(),
                    },
                    j,
                )
            })
            .collect();
        let t = Instant::now();
        let pdf =
            carnet_docs::address_labels(&addresses, sheet, carnet_docs::LabelOptions::default())
                .expect("labels");
        println!(
            "| labels for {labels} winners, {} ({} pages, {:.1} MB) | {} |",
            sheet.name,
            labels.div_ceil(sheet.per_page()),
            pdf.len() as f64 / 1e6,
            ms(t.elapsed())
        );
    }
}

/// A spreadsheet of `rows` people as French Excel writes it ("CSV UTF-8": a byte-order
/// mark, `;`, CRLF, JJ/MM/AAAA dates), imported through the wizard's code into an encrypted register and
/// a plain one, against a plain SQLite bulk insert of the same rows in the same run.
fn import_bench(dir: &Path, rows: usize) {
    use carnet_core::exchange::{read_table, PeopleImport};
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let mut rng = Rng(11);
    let people: Vec<PersonInput> = (0..rows).map(|i| synthetic(&mut rng, i)).collect();
    let mut text = String::from("Nom;Prénom;Courriel;Date de naissance;Ville\r\n");
    for p in &people {
        text += &format!(
            "{};{};{};{};Montréal\r\n",
            p.family_name,
            p.given_name,
            p.emails[0],
            p.birth_date.unwrap().format("%d/%m/%Y")
        );
    }
    // Excel's "CSV UTF-8" (with its mark): the synthetic names include letters
    // Windows-1252 lacks (Vietnamese, Polish), which its "CSV point-virgule" cannot hold.
    let bytes = format!("\u{feff}{text}").into_bytes();
    let how = PeopleImport {
        date_order: Some(carnet_core::exchange::DateOrder::DayFirst),
        dry_run: false,
        ..PeopleImport::new(Channel::PaperForm)
    };

    let t = Instant::now();
    let table = read_table(&bytes).expect("read");
    let read_time = t.elapsed();
    assert_eq!(table.len(), rows);

    let mut enc = fresh_encrypted(&dir.join("import.db"), now);
    enc.set_staff("Banc");
    let t = Instant::now();
    let dry = enc
        .exchange()
        .import_people(
            &table,
            &PeopleImport {
                dry_run: true,
                ..how.clone()
            },
            now,
            &mut |_, _| true,
        )
        .expect("check");
    let check_time = t.elapsed();
    assert!(
        dry.ready() && dry.created == rows,
        "{} created, {:?}",
        dry.created,
        &dry.problems[..dry.problems.len().min(3)]
    );
    let t = Instant::now();
    let done = enc
        .exchange()
        .import_people(&table, &how, now, &mut |_, _| true)
        .expect("import");
    let enc_time = t.elapsed();
    assert_eq!(done.created, rows);

    // As the app does it: the preview's check kept, then written without checking again.
    let mut enc2 = fresh_encrypted(&dir.join("import-checked.db"), now);
    enc2.set_staff("Banc");
    let checked = enc2
        .exchange()
        .check_people_import(&table, &how, now)
        .expect("check");
    let t = Instant::now();
    let done = enc2
        .exchange()
        .import_checked_people(checked, now, &mut |_, _| true)
        .expect("import");
    let checked_time = t.elapsed();
    assert_eq!(done.created, rows);

    let plain_path = dir.join("import-plain.db");
    remove_register_files(&plain_path);
    let mut plain = carnet_core::bench::create_plain(&plain_path, &profile(), now).expect("plain");
    plain.set_staff("Banc");
    let t = Instant::now();
    plain
        .exchange()
        .import_people(&table, &how, now, &mut |_, _| true)
        .expect("import");
    let plain_time = t.elapsed();

    // The baseline: the same rows bulk-inserted into a bare table of plain SQLite, one
    // prepared statement, one transaction, no checks and no index.
    let bulk_path = dir.join("bulk-plain.db");
    let _ = std::fs::remove_file(&bulk_path);
    let mut conn = rusqlite::Connection::open(&bulk_path).expect("bulk");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE people (id INTEGER PRIMARY KEY, family TEXT, given TEXT, email TEXT, birth TEXT, city TEXT);",
    )
    .expect("schema");
    let t = Instant::now();
    let tx = conn.transaction().expect("tx");
    {
        let mut ins = tx
            .prepare("INSERT INTO people (family, given, email, birth, city) VALUES (?1, ?2, ?3, ?4, ?5)")
            .expect("prepare");
        for r in table.rows() {
            let c = |i: usize| r.cells.get(i).unwrap_or_default();
            ins.execute(rusqlite::params![c(0), c(1), c(2), c(3), c(4)])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
    let bulk_time = t.elapsed();

    // A second baseline: the same rows written with bare SQL into Carnet's own tables and
    // indexes (people, contacts, name tokens) of a plain register: what SQLite's indexing
    // alone costs, without reading, checking or encryption.
    let schema_time = bare_inserts(&dir.join("import-schema.db"), &table, now, false);
    // A third: every table and index an import writes (the name signatures and the pairs
    // of initials of the search index too), under Carnet's own settings (`secure_delete`,
    // which zeroes what a page split leaves behind, the page cache): still no reading,
    // checking or encryption.
    let full_schema_time = bare_inserts(&dir.join("import-schema-full.db"), &table, now, true);

    let per_s = |d: Duration| format!("{:.0}", rows as f64 / d.as_secs_f64());
    println!("## Import: {rows} lines of a French Excel file (CSV UTF-8, `;`)");
    println!("| step | time | lines/s |");
    println!("|---|---|---|");
    println!(
        "| read the file (decode, sniff, parse) | {} | {} |",
        ms(read_time),
        per_s(read_time)
    );
    println!(
        "| check every line (dry run: validation, duplicates against the register) | {} | {} |",
        ms(check_time),
        per_s(check_time)
    );
    println!("| import, encrypted register (check, people, contacts, name index, one transaction) | {} | {} |", ms(enc_time), per_s(enc_time));
    println!(
        "| **import after the preview's check** (the check kept, not run again: people, contacts, name index, one transaction), encrypted | {} | {} |",
        ms(checked_time),
        per_s(checked_time)
    );
    println!(
        "| import, plain register (same code) | {} | {} |",
        ms(plain_time),
        per_s(plain_time)
    );
    println!(
        "| plain SQLite bulk insert of the same rows into a bare table (baseline) | {} | {} |",
        ms(bulk_time),
        per_s(bulk_time)
    );
    println!(
        "| plain SQLite, bare inserts into every table and index an import writes, Carnet's settings (baseline) | {} | {} |",
        ms(full_schema_time),
        per_s(full_schema_time)
    );
    println!(
        "| plain SQLite, bare inserts into Carnet's tables and indexes (baseline) | {} | {} |",
        ms(schema_time),
        per_s(schema_time)
    );
    println!(
        "ratios: encrypted/plain register {:.2}×, encrypted import/bare-table bulk insert {:.2}×, encrypted import/bare inserts into Carnet's schema {:.2}×, import after the preview's check/bare inserts {:.2}×, import after the preview's check/bare inserts into every table with Carnet's settings {:.2}×, read+import {:.0} lines/s",
        enc_time.as_secs_f64() / plain_time.as_secs_f64(),
        enc_time.as_secs_f64() / bulk_time.as_secs_f64(),
        enc_time.as_secs_f64() / schema_time.as_secs_f64(),
        checked_time.as_secs_f64() / schema_time.as_secs_f64(),
        checked_time.as_secs_f64() / full_schema_time.as_secs_f64(),
        rows as f64 / (read_time + enc_time).as_secs_f64()
    );
}

/// An encrypted register at `path` (anything left there by an earlier run removed first),
/// with a cheap passphrase: these benchmarks measure the register, not Argon2.
fn fresh_encrypted(path: &Path, now: chrono::DateTime<Utc>) -> Register {
    remove_register_files(path);
    Register::create(
        path,
        Protection::Passphrase {
            passphrase: "banc d'essai solide et girafe orageuse",
            params: KdfParams {
                m_kib: 1024,
                t: 1,
                p: 1,
            },
        },
        &profile(),
        now,
    )
    .expect("create")
    .register
}

fn remove_register_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", ".carnet-key"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// Bare SQL inserts of `table`'s rows into a plain register's people, contacts and name
/// tokens; with `full`, the name signatures and pairs of initials too, under Carnet's
/// settings. The time of the writes alone.
fn bare_inserts(
    path: &Path,
    table: &carnet_core::exchange::Table,
    now: chrono::DateTime<Utc>,
    full: bool,
) -> Duration {
    remove_register_files(path);
    drop(carnet_core::bench::create_plain(path, &profile(), now).expect("plain"));
    let mut conn = rusqlite::Connection::open(path).expect("schema db");
    conn.execute_batch(if full {
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON; PRAGMA cache_size = -262144;"
    } else {
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;"
    })
    .expect("pragmas");
    let t = Instant::now();
    let tx = conn.transaction().expect("tx");
    {
        let mut person = tx
            .prepare(
                "INSERT INTO people (given_name, family_name, sort_key, preferred_language, birth_date, street, city, region,
                    postal_code, country, collection_channel, collected_on, notes, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 'fr', ?4, '', ?5, '', '', '', 'paper_form', '2026-11-24', '', 't', 't')",
            )
            .expect("prepare");
        let mut contact = tx
            .prepare("INSERT INTO person_contacts (person_id, kind, position, value) VALUES (?1, 'email', 0, ?2)")
            .expect("prepare");
        let mut token = tx
            .prepare(
                "INSERT OR IGNORE INTO name_tokens (token, person_id, sig) VALUES (?1, ?2, ?3)",
            )
            .expect("prepare");
        let mut pair = tx
            .prepare(
                "INSERT OR IGNORE INTO name_initials (pair, person_id, sig) VALUES (?1, ?2, ?3)",
            )
            .expect("prepare");
        for r in table.rows() {
            let c = |i: usize| r.cells.get(i).unwrap_or_default();
            let key = format!(
                "{}\u{1}{}",
                carnet_core::fold::fold(c(0)),
                carnet_core::fold::fold(c(1))
            );
            person
                .execute(rusqlite::params![c(1), c(0), key, c(3), c(4)])
                .expect("person");
            let id = tx.last_insert_rowid();
            contact
                .execute(rusqlite::params![id, c(2)])
                .expect("contact");
            let tokens = carnet_core::fold::tokens(&format!("{} {}", c(1), c(0)));
            let sig = if full {
                carnet_core::fold::name_signature(&tokens)
            } else {
                -1
            };
            if full {
                for p in carnet_core::fold::initial_pairs(&tokens) {
                    pair.execute(rusqlite::params![p, id, sig]).expect("pair");
                }
            }
            for tk in tokens {
                token
                    .execute(rusqlite::params![tk, id, sig])
                    .expect("token");
            }
        }
    }
    tx.commit().expect("commit");
    t.elapsed()
}

/// The hostile spreadsheets of the import's memory bench.
fn write_hostile(dir: &std::path::Path) {
    use std::io::Write;
    std::fs::create_dir_all(dir).expect("folder");
    let w = |name: &str, f: &dyn Fn(&mut dyn Write)| {
        let file = std::fs::File::create(dir.join(name)).expect("file");
        let mut out = std::io::BufWriter::new(file);
        f(&mut out);
        out.flush().expect("written");
    };
    // 200 MB of one-letter cells, 1,000 a line.
    w("one-letter-cells.csv", &|o| {
        let line = format!("{}a\n", "a;".repeat(999));
        for _ in 0..(200_000_000 / line.len()) {
            o.write_all(line.as_bytes()).expect("write");
        }
    });
    // 200 MB of one-letter lines (a cell each).
    w("one-letter-lines.csv", &|o| {
        o.write_all(b"Nom\n").expect("write");
        for _ in 0..100_000_000 {
            o.write_all(b"a\n").expect("write");
        }
    });
    // An honest file near the limit: 1,000,000 people, about 200 bytes a line, UTF-8.
    w("honest-1m.csv", &|o| {
        o.write_all(
            "Nom;Prénom;Courriel;Date de naissance;Adresse;Ville;Code postal;Notes\n".as_bytes(),
        )
        .expect("write");
        for i in 0..1_000_000 {
            writeln!(
                o,
                "Lefèvre-Cœurdevey{i};Zoë-Éloïse;zoe.{i}@exemple.ca;03/02/2015;{i} rue des Érables, app. 3;Montréal;H2X 1Y4;inscrite au cours de piano du mardi, allergique aux arachides"
            )
            .expect("write");
        }
    });
    // A UTF-8 file with one stray Windows-1252 byte.
    w("stray-byte.csv", &|o| {
        o.write_all("Nom;Prénom\nCôté;Éloïse\nRoy".as_bytes())
            .expect("write");
        o.write_all(&[0xE9]).expect("write");
        o.write_all(";Zoé\n".as_bytes()).expect("write");
    });
    // 3 GB, sparse: refused before a byte is read.
    let big = std::fs::File::create(dir.join("three-gigabytes.csv")).expect("file");
    big.set_len(3 * 1024 * 1024 * 1024).expect("sparse");
    println!("written in {}", dir.display());
}
