//! The crash harness, a few kills on every CI run (the 500-kill figure is in
//! BENCHMARKS.md): a worker killed while it records consents, imports and erases; no
//! acknowledged change lost, no import half written, the file and the ledger sound.

use std::process::Command;

/// The bench run with `args` in a folder of its own: what it printed.
fn bench(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_carnet-bench"))
        .args(args)
        .arg("--dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The count on the table line that starts with `label` in the bench's output.
fn count_in(text: &str, label: &str) -> i64 {
    text.lines()
        .find(|l| l.starts_with(&format!("| {label}")))
        .and_then(|l| l.rsplit('|').nth(1))
        .map(|n| n.trim().parse().unwrap())
        .unwrap_or_else(|| panic!("no line {label} in {text}"))
}

#[test]
fn killed_writers_lose_nothing_acknowledged_and_leave_no_half_change() {
    let text = bench(&["--crash-kills", "15"]);
    let count = |label: &str| count_in(&text, label);
    assert!(count("changes acknowledged before a kill") > 15, "{text}");
    for failure in [
        "acknowledged changes lost",
        "imports found half written",
        "integrity failures",
        "ledger not verifying",
        "register not opening",
    ] {
        assert_eq!(count(failure), 0, "{failure}: {text}");
    }
}

/// A restore killed at any moment leaves a register at the path, or one set aside that the
/// next start offers back: never nothing.
#[test]
fn a_restore_killed_half_way_leaves_a_register_or_offers_one_back() {
    let text = bench(&["--restore-kills", "12"]);
    let count = |label: &str| count_in(&text, label);
    assert_eq!(count("no register to open"), 0, "{text}");
    assert_eq!(
        count("a register at the path, opening and sound")
            + count("nothing at the path, the register set aside put back and opening"),
        12,
        "{text}"
    );
}
