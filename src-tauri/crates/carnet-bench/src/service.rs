//! The register service against the register on one PC, in the same run: a keystroke's
//! search, a person's page and an access report (the PDF made at the service), called
//! through `carnet-server` (TLS on the loopback, a
//! signed-in account, JSON frames) and on the same register opened here; then the
//! service's memory as a process with five clients signed in.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use carnet_api::people::{PersonPage, SearchPeople};
use carnet_api::requests::LetterFile;
use carnet_core::accounts::{AccountKey, AccountSecret};
use carnet_core::model::Channel;
use carnet_core::model::StaffRole;
use carnet_core::requests::{IdentityMethod, LetterKind, RequestInput, RequestKind, Requester};
use carnet_core::secret::KdfParams;
use carnet_core::{Contexts, Register, Unlock, Vault};
use carnet_server::client::{pair, Connection};
use carnet_server::proto::Call;
use carnet_server::server::Service;
use chrono::{TimeZone, Utc};

use super::{fill, fresh_encrypted, ms, time_all, typed_queries, Rng};

const FAST: KdfParams = KdfParams {
    m_kib: 1024,
    t: 1,
    p: 1,
};
const PASS: &str = "la phrase de la directrice du banc";

/// The resident memory of a process (Linux), in MB.
fn rss_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

pub fn bench(dir: &Path, people: usize, queries: usize) {
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let path = dir.join("service.db");
    let mut reg = fresh_encrypted(&path, now);
    reg.set_staff("Banc");
    fill(&mut reg, 0, people);
    // An access request for the first person, checked and approved: its report is the
    // heaviest document the office makes for one person.
    let mut profile = reg.org().profile().expect("profile");
    profile.address = "1 rue du Banc, Montréal (Québec) H2X 1A1".into();
    profile.privacy_contact = "Hélène Banc".into();
    profile.privacy_email = "vie.privee@banc.test".into();
    reg.org().update_profile(&profile, now).expect("profile");
    let today = now.date_naive();
    let access = reg
        .requests()
        .add(
            &RequestInput {
                kind: RequestKind::Access,
                received_on: today,
                channel: Channel::Email,
                person_id: 1,
                requester: Requester::Person,
                requester_person_id: None,
                requester_name: String::new(),
                notes: String::new(),
            },
            now,
        )
        .expect("request");
    reg.requests()
        .verify_identity(access, IdentityMethod::KnownInPerson, today, now)
        .expect("identity");
    reg.requests()
        .approve_access_package(access, now)
        .expect("approval");
    let helene = reg
        .accounts()
        .add(
            "Hélène Banc",
            StaffRole::PrivacyOfficer,
            AccountKey::Passphrase(PASS, FAST),
            &Vault::none(),
            now,
        )
        .expect("account");
    let open = || {
        Register::open(
            &path,
            Unlock::Account(helene, AccountSecret::Passphrase(PASS)),
        )
        .expect("open")
    };
    let service = Arc::new(
        Service::new(open(), Duration::from_secs(900), Box::new(|_| {})).expect("service"),
    );
    let address = service.serve_in_background("127.0.0.1:0").expect("listen");
    let code = service.pairing_code();
    let pairing = pair(&address, &code, "Banc").expect("pair");
    let mut conn = Connection::open(&pairing).expect("connect");
    let session = conn
        .sign_in(&pairing, "Hélène Banc", PASS)
        .expect("sign in");

    let typed = typed_queries(&mut Rng(0xC0FFEE), queries);
    let ids: Vec<i64> = {
        let mut rng = Rng(0xBEEF);
        (0..queries)
            .map(|_| 1 + (rng.next() % people as u64) as i64)
            .collect()
    };
    let here = open();
    // Warm both paths once.
    here.people().search("a", 20).expect("search");
    conn.call(
        &session,
        Call::of(&SearchPeople {
            query: "a".into(),
            limit: 20,
        }),
    )
    .expect("search");

    let local_search = time_all(queries, |i| {
        here.people().search(&typed[i], 20).expect("search");
    });
    let remote_search = time_all(queries, |i| {
        conn.call(
            &session,
            Call::of(&SearchPeople {
                query: typed[i].clone(),
                limit: 20,
            }),
        )
        .expect("search");
    });
    // A person's page as the window draws it (the person, family, consents, history).
    let at = carnet_api::At::now();
    let mut here = here;
    let local_person = time_all(queries, |i| {
        carnet_api::Command::run(PersonPage { id: ids[i] }, &mut here, &at).expect("person");
    });
    let remote_person = time_all(queries, |i| {
        conn.call(&session, Call::of(&PersonPage { id: ids[i] }))
            .expect("person");
    });
    let report = LetterFile {
        id: access,
        kind: LetterKind::AccessReport,
        language: None,
    };
    let reports = queries.clamp(1, 50);
    let local_report = time_all(reports, |_| {
        carnet_api::Command::run(report.clone(), &mut here, &at).expect("report");
    });
    let remote_report = time_all(reports, |_| {
        conn.call(&session, Call::of(&report)).expect("report");
    });
    let ratio = |a: Duration, b: Duration| b.as_secs_f64() / a.as_secs_f64();
    println!("## The register service ({people} people, {queries} calls each)");
    println!("| measure | on this PC | through the service | ratio | target |");
    println!("|---|---|---|---|---|");
    println!(
        "| keystroke → results, p50 | {} | {} | {:.2}× | |",
        ms(local_search.p50),
        ms(remote_search.p50),
        ratio(local_search.p50, remote_search.p50)
    );
    let target = local_search.p95.mul_f64(1.5) + Duration::from_millis(5);
    println!(
        "| keystroke → results, p95 | {} | {} | {:.2}× | ≤ {} ({}) |",
        ms(local_search.p95),
        ms(remote_search.p95),
        ratio(local_search.p95, remote_search.p95),
        ms(target),
        if remote_search.p95 <= target {
            "met"
        } else {
            "missed"
        }
    );
    println!(
        "| a person's page, p95 | {} | {} | {:.2}× | |",
        ms(local_person.p95),
        ms(remote_person.p95),
        ratio(local_person.p95, remote_person.p95)
    );
    println!(
        "| an access report (PDF), p95 of {reports} | {} | {} | {:.2}× | |",
        ms(local_report.p95),
        ms(remote_report.p95),
        ratio(local_report.p95, remote_report.p95)
    );
    drop(conn);
    drop(here);

    // The service as its own process, five clients signed in: its memory.
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("carnet-server")));
    let Some(exe) = exe.filter(|e| e.is_file()) else {
        println!("(service memory: build carnet-server beside carnet-bench to measure it)");
        return;
    };
    drop(service);
    let mut child = Command::new(exe)
        .arg("--db")
        .arg(&path)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--account",
            "Hélène Banc",
            "--passphrase-env",
            "CARNET_BENCH_PASS",
        ])
        .env("CARNET_BENCH_PASS", PASS)
        .stdout(Stdio::piped())
        .spawn()
        .expect("carnet-server");
    // Its lines: the address first, then each pairing code as it is made.
    let (tx, rx) = std::sync::mpsc::channel();
    let out = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let wait_for = |what: &str| loop {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("carnet-server printed nothing");
        if let Some(rest) = line.split(what).nth(1) {
            break rest.trim().to_owned();
        }
    };
    let address = wait_for("listening on ");
    let mut code = wait_for("pairing code: ")[..9].to_owned();
    let idle = rss_mb(child.id());
    let mut clients = Vec::new();
    for n in 0..5 {
        let pairing = pair(&address, &code, &format!("Poste {n}")).expect("pair");
        code = wait_for("pairing code: ")[..9].to_owned();
        let mut conn = Connection::open(&pairing).expect("connect");
        let s = conn
            .sign_in(&pairing, "Hélène Banc", PASS)
            .expect("sign in");
        for q in typed.iter().take(200) {
            conn.call(
                &s,
                Call::of(&SearchPeople {
                    query: q.clone(),
                    limit: 20,
                }),
            )
            .expect("search");
        }
        clients.push((conn, s));
    }
    let busy = rss_mb(child.id());
    let _ = child.kill();
    let _ = child.wait();
    if let (Some(idle), Some(busy)) = (idle, busy) {
        println!("| the service's memory (RSS), started / five clients after 200 searches each | {idle:.1} MB | {busy:.1} MB | | |");
    }
}
