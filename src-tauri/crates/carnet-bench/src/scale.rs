//! The register at scale, one command: a synthetic register of `people` people, `events`
//! consent events per person (chained, through the same checks as the app) and one contest
//! entry each, built encrypted and plain in the same run; then what an office feels —
//! opening it, searching, a person's page, an access report, an erasure, a backup and its
//! check, the ledger's verification, the memory held — with encrypted ÷ plain ratios, and a
//! chart of those ratios for BENCHMARKS.md.

use carnet_core::Contexts;
use std::path::Path;
use std::time::{Duration, Instant};

use carnet_core::consent::ConsentInput;
use carnet_core::consent::{ConsentAction, GivenBy};
use carnet_core::model::{Channel, Language};
use carnet_core::privacy::ErasureInput;
use carnet_core::{Register, Unlock};
use chrono::{NaiveDate, TimeZone, Utc};

use crate::{fill, ms, short_pair_queries, time_all, typed_queries, Rng};

struct Figures {
    build_people: Duration,
    build_events: Duration,
    events: usize,
    build_entries: Duration,
    open: Duration,
    first_page: Duration,
    search_p50: Duration,
    search_p95: Duration,
    search_worst: Duration,
    pairs_p95: Duration,
    person_page_p50: Duration,
    report_p50: Duration,
    erase_p50: Duration,
    verify: Duration,
    backup: Option<(Duration, Duration, u64)>,
    size: u64,
}

/// Peak resident memory of this process so far (Linux's VmHWM), in MiB.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn build(
    reg: &mut Register,
    people: usize,
    events: usize,
    now: chrono::DateTime<Utc>,
) -> (Duration, Duration, usize, Duration) {
    reg.set_staff("Banc");
    let build_people = fill(reg, 0, people);
    // Grants and withdrawals in turn, on the photos purpose, given by the person (the rules
    // skip the minors among the synthetic people: their guardians would give them).
    let t = Instant::now();
    let mut written = 0;
    let batch = 20_000usize.div_ceil(events.max(1));
    let mut id = 1;
    while id <= people {
        let last = (id + batch).min(people + 1);
        let inputs: Vec<ConsentInput> = (id..last)
            .flat_map(|p| {
                (0..events).map(move |k| ConsentInput {
                    person_id: p as i64,
                    purpose: "photos".into(),
                    purpose_version: None,
                    action: if k % 2 == 0 {
                        ConsentAction::Granted
                    } else {
                        ConsentAction::Withdrawn
                    },
                    channel: Channel::PaperForm,
                    given_by: GivenBy::Person,
                    giver: None,
                    evidence: format!("fiche {p}-{k}"),
                    occurred_at: now - chrono::Duration::days((events - k) as i64),
                })
            })
            .collect();
        written += carnet_core::bench::record_consents(reg, &inputs, now).expect("consents");
        id = last;
    }
    let build_events = t.elapsed();
    let t = Instant::now();
    let contest = crate::bench_contest(reg, now);
    carnet_core::bench::enter_everyone(reg, contest, NaiveDate::from_ymd_opt(2026, 11, 2).unwrap())
        .expect("entries");
    (build_people, build_events, written, t.elapsed())
}

fn measure(
    reg: &mut Register,
    reopen: impl Fn() -> Register,
    people: usize,
    backups: Option<&Path>,
    queries: usize,
    now: chrono::DateTime<Utc>,
) -> Figures {
    let open_t = time_all(5, |_| drop(reopen()));
    let fresh = reopen();
    let t = Instant::now();
    assert!(!fresh.people().list(0, 50).unwrap().is_empty());
    let first_page = t.elapsed();
    drop(fresh);
    let typed = typed_queries(&mut Rng(42), queries);
    let pairs = short_pair_queries(&mut Rng(43), queries / 4);
    for q in typed.iter().take(200) {
        reg.people().search(q, 50).unwrap();
    }
    let s = time_all(typed.len(), |i| {
        reg.people().search(&typed[i], 50).unwrap();
    });
    let h = time_all(pairs.len(), |i| {
        reg.people().search(&pairs[i], 50).unwrap();
    });
    let mut rng = Rng(9);
    let ids: Vec<i64> = (0..300)
        .map(|_| 1 + (rng.next() % people as u64) as i64)
        .collect();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let page = time_all(ids.len(), |i| {
        reg.people().page(ids[i], today).unwrap();
    });
    let profile = reg.org().profile().unwrap();
    let report = time_all(30, |i| {
        let record = reg.people().record(ids[i], today).unwrap();
        let doc = carnet_docs::access_report(
            &record,
            &profile,
            &carnet_docs::Addressee {
                name: "Banc",
                acting: carnet_docs::Acting::Themself,
            },
            "Banc",
            Language::Fr,
            today,
        );
        carnet_docs::render(&doc).unwrap();
    });
    let targets: Vec<i64> = ids[100..120].to_vec();
    let erase = time_all(targets.len(), |k| {
        let p = reg.people().get(targets[k]).unwrap();
        let name = format!("{} {}", p.data.given_name, p.data.family_name);
        reg.privacy()
            .erase(
                &ErasureInput {
                    request_id: None,
                    person_ids: vec![targets[k]],
                },
                &name,
                now,
            )
            .map(|_| ())
            .unwrap_or(()); // a person already erased by an earlier pick
    });
    let t = Instant::now();
    let ledger = reg.consent().verify_ledger().unwrap();
    let verify = t.elapsed();
    assert!(ledger.problems.is_empty(), "the ledger verifies");
    let backup = backups.map(|dir| {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).unwrap();
        let t = Instant::now();
        let (info, _) = reg.backups().backup_to(dir, now).expect("backup");
        let took = t.elapsed();
        let t = Instant::now();
        carnet_core::backup::inspect_backup(
            &info.file,
            Unlock::Passphrase("banc d'essai solide et girafe orageuse"),
        )
        .expect("inspect");
        (took, t.elapsed(), info.bytes)
    });
    Figures {
        build_people: Duration::ZERO,
        build_events: Duration::ZERO,
        events: 0,
        build_entries: Duration::ZERO,
        open: open_t.p50,
        first_page,
        search_p50: s.p50,
        search_p95: s.p95,
        search_worst: s.slowest.first().map(|&(_, d)| d).unwrap_or_default(),
        pairs_p95: h.p95,
        person_page_p50: page.p50,
        report_p50: report.p50,
        erase_p50: erase.p50,
        verify,
        backup,
        size: 0,
    }
}

pub(crate) fn run(dir: &Path, people: usize, events: usize, queries: usize) {
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let enc_path = dir.join("scale-enc.db");
    let plain_path = dir.join("scale-plain.db");
    crate::remove_register_files(&plain_path);
    let mut enc = crate::fresh_encrypted(&enc_path, now);
    let mut plain = carnet_core::bench::create_plain(&plain_path, &crate::profile(), now)
        .expect("plain register");
    let size_of = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);

    let mut figures = Vec::new();
    for (reg, path, encrypted) in [
        (&mut enc, &enc_path, true),
        (&mut plain, &plain_path, false),
    ] {
        let (bp, be, n, bn) = build(reg, people, events, now);
        carnet_core::bench::checkpoint(reg).expect("checkpoint");
        let size = size_of(path);
        let path2 = path.clone();
        let reopen = move || {
            if encrypted {
                Register::open(
                    &path2,
                    Unlock::Passphrase("banc d'essai solide et girafe orageuse"),
                )
                .unwrap()
            } else {
                carnet_core::bench::open_plain(&path2).unwrap()
            }
        };
        let backups = dir.join("scale-backups");
        let mut f = measure(
            reg,
            reopen,
            people,
            encrypted.then_some(backups.as_path()),
            queries,
            now,
        );
        f.build_people = bp;
        f.build_events = be;
        f.events = n;
        f.build_entries = bn;
        f.size = size;
        figures.push(f);
    }
    let (e, p) = (&figures[0], &figures[1]);
    println!(
        "## The register at scale: {people} people, {} consent events, {people} contest entries",
        e.events
    );
    println!("| measure | encrypted | plain | encrypted ÷ plain |");
    println!("|---|---|---|---|");
    // (label in the table, label on the chart's axis when charted)
    let mut ratios: Vec<(&str, f64)> = Vec::new();
    let mut row = |label: &str, a: Duration, b: Duration, chart: Option<&'static str>| {
        let r = a.as_secs_f64() / b.as_secs_f64().max(1e-9);
        println!("| {label} | {} | {} | {r:.2}× |", ms(a), ms(b));
        if let Some(short) = chart {
            ratios.push((short, r));
        }
    };
    row("build: people", e.build_people, p.build_people, None);
    row(
        "build: consent events (checked, chained)",
        e.build_events,
        p.build_events,
        None,
    );
    row(
        "build: contest entries",
        e.build_entries,
        p.build_entries,
        None,
    );
    row(
        "open (unlock, version check, guards) p50",
        e.open,
        p.open,
        Some("open"),
    );
    row(
        "first page of people after opening",
        e.first_page,
        p.first_page,
        Some("first page"),
    );
    row("search p50", e.search_p50, p.search_p50, Some("search p50"));
    row("search p95", e.search_p95, p.search_p95, Some("search p95"));
    row(
        "search, slowest typed",
        e.search_worst,
        p.search_worst,
        None,
    );
    row(
        "search p95, two words of 1–2 letters",
        e.pairs_p95,
        p.pairs_p95,
        Some("short pairs p95"),
    );
    row(
        "person page p50",
        e.person_page_p50,
        p.person_page_p50,
        Some("person page"),
    );
    row(
        "access report (gather + PDF) p50",
        e.report_p50,
        p.report_p50,
        Some("access report"),
    );
    row(
        "erase one person p50",
        e.erase_p50,
        p.erase_p50,
        Some("erase one"),
    );
    row(
        "verify the whole ledger",
        e.verify,
        p.verify,
        Some("verify ledger"),
    );
    if let Some((b, i, bytes)) = e.backup {
        println!(
            "| backup: export, check, rename (encrypted only) | {} | — | — |",
            ms(b)
        );
        println!(
            "| inspect the backup before a restore | {} | — | — |",
            ms(i)
        );
        println!(
            "| backup file | {:.0} MiB | — | — |",
            bytes as f64 / 1048576.0
        );
    }
    println!(
        "| database file | {:.0} MiB | {:.0} MiB | {:.2}× |",
        e.size as f64 / 1048576.0,
        p.size as f64 / 1048576.0,
        e.size as f64 / p.size as f64
    );
    println!(
        "| peak memory of the whole run (both registers) | {:.0} MiB | | |",
        peak_rss_mib()
    );
    println!();
    println!("```mermaid");
    println!("xychart-beta");
    println!("    title \"Encrypted ÷ plain, {people} people (1 = no cost)\"");
    println!(
        "    x-axis [{}]",
        ratios
            .iter()
            .map(|(l, _)| format!("\"{}\"", l))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let top = ratios
        .iter()
        .map(|r| r.1)
        .fold(1.0, f64::max)
        .ceil()
        .max(2.0);
    println!("    y-axis \"ratio\" 0 --> {top}");
    println!(
        "    bar [{}]",
        ratios
            .iter()
            .map(|(_, r)| format!("{r:.2}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("    line [{}]", vec!["1"; ratios.len()].join(", "));
    println!("```");
}
