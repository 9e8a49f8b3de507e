//! `cargo bench --bench ui`: the desktop app measured in its real window (tauri-driver +
//! WebKitWebDriver under Xvfb), with 100,000 people in the register, against Carnet's own
//! first-run screen (no register open) measured the same way in the same run.
//! Run it inside `dbus-run-session` with gnome-keyring unlocked so the start is the silent
//! keyring unlock; without a keyring the passphrase path is measured and said so.

#[path = "rig/mod.rs"]
mod rig;

use carnet_core::Contexts;
use std::path::Path;
use std::time::{Duration, Instant};

use carnet_core::model::{Channel, Jurisdiction};
use carnet_core::org::OrganisationProfile;
use carnet_core::people::PersonInput;
use carnet_core::secret::KdfParams;
use carnet_core::{Protection, Register, Vault};
use chrono::{NaiveDate, Utc};
use fantoccini::Client;
use rig::*;
use serde_json::json;

const PASS: &str = "phrase de passe du banc d'essai";
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
    "Anaïs",
    "Jérôme",
    "Gaëlle",
    "Mathéo",
    "Loïc",
    "Noémie",
    "Benoît",
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
    "Lefèvre",
    "Cœurdevey",
    "Martin",
    "Dubois",
];

fn populate(path: &Path, people: usize) -> &'static str {
    let vault = Vault::os();
    let profile = OrganisationProfile::new("Banc d'essai", Jurisdiction::Quebec);
    let (protection, how) = if vault.is_available() {
        (Protection::Keyring(&vault), "keyring (silent unlock)")
    } else {
        (
            Protection::Passphrase {
                passphrase: PASS,
                params: KdfParams::DEFAULT,
            },
            "passphrase typed (Argon2id included)",
        )
    };
    let mut reg = Register::create(path, protection, &profile, Utc::now())
        .expect("create")
        .register;
    // The office has put the recovery key away: the app opens on the people list.
    reg.confirm_recovery_key(Utc::now()).expect("confirm");
    let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for start in (0..people).step_by(10_000) {
        let batch: Vec<PersonInput> = (start..(start + 10_000).min(people))
            .map(|_| {
                let g = GIVEN[(next() % GIVEN.len() as u64) as usize];
                let f = format!(
                    "{}{}",
                    FAMILY[(next() % FAMILY.len() as u64) as usize],
                    ["", "eau", "ier", "-Roy", "ette"][(next() % 5) as usize]
                );
                PersonInput::named(g, &f, Channel::PaperForm, day)
            })
            .collect();
        reg.people().add_many(&batch, Utc::now()).expect("insert");
    }
    how
}

/// PSS (KiB) of the app and every process it started (WebKit's web and network processes).
fn pss_kib() -> u64 {
    let app = std::fs::canonicalize(env!("CARGO_BIN_EXE_carnet")).unwrap();
    let apps: Vec<u32> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe"))
                .ok()
                .as_deref()
                == Some(app.as_path())
        })
        .collect();
    apps.iter()
        .flat_map(|&pid| std::iter::once(pid).chain(descendants(pid)))
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok())
        .filter_map(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))?
                .split_whitespace()
                .nth(1)?
                .parse::<u64>()
                .ok()
        })
        .sum()
}

/// Milliseconds from setting the search box to the list showing new results, measured
/// inside the page (IPC, search, rendering), for each query.
async fn ui_search_ms(c: &Client, queries: &[&str]) -> Vec<f64> {
    let mut out = Vec::new();
    for q in queries {
        let v = c
            .execute_async(
                "const [q, done] = arguments; const input = document.querySelector('#search'); const list = document.querySelector('#people-list');
                 list.replaceChildren();
                 const t0 = performance.now();
                 const obs = new MutationObserver(() => { if (list.children.length) { obs.disconnect(); requestAnimationFrame(() => done(performance.now() - t0)); } });
                 obs.observe(list, { childList: true });
                 input.value = q; input.dispatchEvent(new Event('input', { bubbles: true }));
                 setTimeout(() => { obs.disconnect(); done(-1); }, 5000);",
                vec![json!(q)],
            )
            .await
            .unwrap();
        let ms = v.as_f64().unwrap();
        assert!(ms >= 0.0, "no results for {q:?}");
        out.push(ms);
    }
    out
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() - 1) as f64 * p).round() as usize]
}

async fn settle() -> u64 {
    tokio::time::sleep(Duration::from_secs(3)).await;
    pss_kib()
}

#[tokio::main]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test` probes bench targets this way
    }
    let tools = (
        find_tool("tauri-driver"),
        find_tool("WebKitWebDriver"),
        find_tool("Xvfb"),
    );
    let (Some(tauri_driver), Some(_), Some(_)) = tools else {
        eprintln!("needs tauri-driver, WebKitWebDriver and Xvfb (see README)");
        std::process::exit(2);
    };
    let people = 100_000;
    println!("# Carnet UI benchmark (real window, WebKitGTK under Xvfb)");

    // Baseline: the first screen with no register (where to create one), median of three
    // launches; the memory is read on the last.
    let base_dir = tempfile::tempdir().unwrap();
    let rig = Rig::start(base_dir.path(), tauri_driver.clone());
    let mut base_starts = Vec::new();
    let mut base_pss = 0;
    for round in 0..3 {
        let t = Instant::now();
        let c = rig.session().await;
        wait(&c, "#register-create").await;
        base_starts.push(t.elapsed().as_secs_f64() * 1e3);
        if round == 2 {
            base_pss = settle().await;
        }
        c.close().await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    drop(rig);
    let base_start = pct(&mut base_starts, 0.5);

    // Carnet with 100k people.
    let dir = tempfile::tempdir().unwrap();
    let how = populate(&dir.path().join("carnet.db"), people);
    std::fs::create_dir_all(dir.path()).unwrap();
    let rig = Rig::start(dir.path(), tauri_driver);
    let mut starts = Vec::new();
    let mut pss = 0;
    let mut latencies = Vec::new();
    for round in 0..3 {
        let t = Instant::now();
        let c = rig.session().await;
        if how.starts_with("passphrase") {
            set(&c, "input[name=passphrase]", PASS).await;
            click(&c, "#unlock-open").await;
        }
        // The staff name is asked once per machine, before the list.
        let first = wait(&c, "#people-list li, input[name=staff]").await;
        if first.attr("name").await.unwrap().as_deref() == Some("staff") {
            first.send_keys("Banc").await.unwrap();
            click(&c, "button[type=submit]").await;
            wait(&c, "#people-list li").await;
        }
        starts.push(t.elapsed().as_secs_f64() * 1e3);
        if round == 2 {
            pss = settle().await;
            let queries = [
                "t", "tr", "tre", "trem", "zo", "zoë", "zoe l", "lef", "lefè", "cœ", "coeur",
                "gag", "gagné", "bél", "belanger", "mat", "matheo t", "roy", "ouel", "fra",
            ];
            let mut all = Vec::new();
            for _ in 0..3 {
                all.extend(ui_search_ms(&c, &queries).await);
            }
            latencies = all;
        }
        c.close().await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let mut s = starts.clone();
    println!("register: {people} people, unlocked by {how}");
    println!();
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| baseline: WebDriver session → first screen shown, no register (median of 3) | {:.0} ms |",
        base_start
    );
    println!(
        "| WebDriver session → people list shown (median of 3 starts) | {:.0} ms |",
        pct(&mut s, 0.5)
    );
    println!(
        "| start overhead over baseline | {:.0} ms |",
        pct(&mut s, 0.5) - base_start
    );
    println!(
        "| PSS baseline (app + WebKit processes) | {:.0} MiB |",
        base_pss as f64 / 1024.0
    );
    println!(
        "| PSS with {people} people, list shown, searched | {:.0} MiB |",
        pss as f64 / 1024.0
    );
    println!("| PSS ratio | {:.2}× |", pss as f64 / base_pss as f64);
    let n = latencies.len();
    println!(
        "| keystroke → results shown, p50 ({n} searches) | {:.1} ms |",
        pct(&mut latencies, 0.5)
    );
    println!(
        "| keystroke → results shown, p95 | {:.1} ms |",
        pct(&mut latencies, 0.95)
    );
}
