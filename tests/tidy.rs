//! The house rules the compiler cannot check, as tests that fail closed: each check first
//! finds what it looks at (a folder renamed or emptied fails it, never passes it silently),
//! then names the rule and the place it finds broken.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files under `dir` (relative to the workspace) whose name ends with `suffix`; at
/// least `at_least` of them, or the check is not looking at what it thinks.
fn files(dir: &str, suffix: &str, at_least: usize) -> Vec<PathBuf> {
    fn walk(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, suffix, out);
            } else if path.to_string_lossy().ends_with(suffix) {
                out.push(path);
            }
        }
    }
    let path = root().join(dir);
    assert!(
        path.is_dir(),
        "tidy: {dir} is missing: the check it feeds would pass on nothing"
    );
    let mut out = Vec::new();
    walk(&path, suffix, &mut out);
    out.sort();
    assert!(
        out.len() >= at_least,
        "tidy: {dir} holds {} {suffix} files, expected at least {at_least}",
        out.len()
    );
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn shown(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Fails with every broken place at once.
fn report(rule: &str, broken: Vec<String>) {
    assert!(broken.is_empty(), "{rule}:\n  {}", broken.join("\n  "));
}

#[test]
fn the_domain_crates_know_nothing_of_tauri() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for krate in ["carnet-core", "carnet-docs", "carnet-api", "carnet-server"] {
        let out = Command::new(&cargo)
            .args([
                "tree", "-p", krate, "-e", "normal", "--prefix", "none", "--locked",
            ])
            .current_dir(root())
            .output()
            .expect("cargo tree runs");
        let tree = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && tree.lines().count() > 10,
            "tidy: cargo tree -p {krate} gave nothing: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let tauri: Vec<String> = tree
            .lines()
            .filter(|l| l.starts_with("tauri"))
            .map(str::to_owned)
            .collect();
        report(&format!("{krate} depends on Tauri"), tauri);
    }
}

#[test]
fn the_domain_never_reads_the_clock() {
    let mut broken = Vec::new();
    // The command schema's commands take their time from the carrier (`At`): only its
    // `At::now`, which a carrier calls, reads the clock.
    let commands = files("src-tauri/crates/carnet-api/src", ".rs", 10)
        .into_iter()
        .filter(|f| !f.ends_with("lib.rs"));
    for f in files("src-tauri/crates/carnet-core/src", ".rs", 40)
        .into_iter()
        .chain(commands)
    {
        for (n, line) in read(&f).lines().enumerate() {
            if ["Utc::now(", "Local::now(", "SystemTime::now("]
                .iter()
                .any(|c| line.contains(c))
            {
                broken.push(format!("{}:{}: {}", shown(&f), n + 1, line.trim()));
            }
        }
    }
    report(
        "carnet-core or a command of carnet-api reads the clock (pass `now` or `today` in)",
        broken,
    );
}

/// Each context's operations live on its handle (`reg.contests().draw(..)`), in its
/// folder: outside the register's frame (`register/`: open, keys, `change`, `rows`, the
/// office's day, who acts, the audit log), no `impl Register` block has a public
/// operation, and every handle a context declares is one of the `Contexts` list.
#[test]
fn operations_live_on_their_context_handle() {
    let sources = files("src-tauri/crates/carnet-core/src", ".rs", 40);
    let contexts = read(&root().join("src-tauri/crates/carnet-core/src/contexts.rs"));
    let mut broken = Vec::new();
    let mut handles = 0;
    for f in &sources {
        let text = read(f);
        let frame = f.starts_with(root().join("src-tauri/crates/carnet-core/src/register"));
        let mut inside = false;
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.next() {
            if line.starts_with("impl Register {") {
                inside = true;
            } else if inside && line.starts_with('}') {
                inside = false;
            } else if inside && !frame && line.starts_with("    pub fn ") {
                broken.push(format!("{}: {}", shown(f), line.trim()));
            }
            if line.starts_with("crate::contexts::handle") {
                let name = lines
                    .by_ref()
                    .map(str::trim)
                    .find(|l| !l.starts_with("///"))
                    .unwrap_or_default();
                handles += 1;
                if !contexts.contains(&format!("-> {name}<'_>")) {
                    broken.push(format!(
                        "{}: the handle {name} is not in contexts.rs",
                        shown(f)
                    ));
                }
            }
        }
    }
    assert!(handles >= 12, "tidy: found {handles} context handles");
    report(
        "an operation outside its context's handle (move it to the handle's impl)",
        broken,
    );
}

/// The frame (`carnet-core/src/register/`) knows no context: no path into a context's
/// module (`crate::consent::…`) and no handle call (`.org()`); it reaches them only
/// through the hooks `contexts.rs` assembles (`HOOKS`). The contexts are read from
/// `contexts.rs`: its `use crate::<context>::<Handle>` lines and the trait's methods.
#[test]
fn the_frame_knows_no_context() {
    let contexts = read(&root().join("src-tauri/crates/carnet-core/src/contexts.rs"));
    let modules: Vec<&str> = contexts
        .lines()
        .filter_map(|l| l.strip_prefix("use crate::"))
        .filter_map(|l| l.split("::").next())
        .filter(|m| *m != "register")
        .collect();
    let handles: Vec<&str> = contexts
        .lines()
        .filter_map(|l| l.trim().strip_prefix("fn "))
        .filter(|l| l.contains("(&self)") || l.contains("(&mut self)"))
        .filter_map(|l| l.split('(').next())
        .collect();
    assert!(
        modules.len() >= 12 && handles.len() >= 12,
        "tidy: read {} context modules and {} handles from contexts.rs",
        modules.len(),
        handles.len()
    );
    let frame = files("src-tauri/crates/carnet-core/src/register", ".rs", 5);
    let mut broken = Vec::new();
    for f in &frame {
        for (n, line) in read(f).lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let into = modules.iter().find(|m| {
                code.contains(&format!("crate::{m}::")) || code.contains(&format!("crate::{m};"))
            });
            let call = handles.iter().find(|h| code.contains(&format!(".{h}()")));
            if let Some(what) = into.or(call) {
                broken.push(format!("{}:{}: {what}: {}", shown(f), n + 1, line.trim()));
            }
        }
    }
    report(
        "the frame reaches into a context (give it a hook in contexts::HOOKS)",
        broken,
    );
}

/// A module of `ui/<context>/` imports the shared modules and helpers of its own folder
/// that register no screen, and the backend through the generated `api.js`; screens reach
/// each other by name through `state.js`.
#[test]
fn no_screen_imports_another() {
    let mut broken = Vec::new();
    let modules: Vec<PathBuf> = files("ui", ".js", 40)
        .into_iter()
        .filter(|p| p.parent().unwrap() != root().join("ui"))
        .collect();
    for f in &modules {
        let text = read(f);
        for target in text
            .split(" from \"")
            .skip(1)
            .chain(text.split("import \"").skip(1))
            .filter_map(|rest| rest.split('"').next())
        {
            match target {
                "../state.js" | "../dom.js" | "../i18n.js" | "../api.js" => {}
                own if own.starts_with("./") => {
                    let helper = f.parent().unwrap().join(&own[2..]);
                    if read(&helper).contains("screen(\"") {
                        broken.push(format!("{} imports the screen module {own}", shown(f)));
                    }
                }
                other => broken.push(format!("{} imports {other}", shown(f))),
            }
        }
    }
    report("a screen imports another", broken);
}

/// Jurisdictions, paper sizes, ages of consent and the due-soon threshold come from the
/// backend: none is written in the UI or the shell.
#[test]
fn no_rule_is_written_outside_the_domain() {
    let mut broken = Vec::new();
    let ui_rules = [
        "\"quebec\"",
        "\"france\"",
        "\"a4\"",
        "\"letter\"",
        "? 14 : 15",
        "? 15 : 14",
        "DUE_SOON",
        "days_left <=",
    ];
    for f in files("ui", ".js", 40) {
        if f.to_string_lossy().contains("words.") || f.to_string_lossy().contains("glossary.") {
            continue;
        }
        for (n, line) in read(&f).lines().enumerate() {
            for rule in ui_rules.iter().filter(|r| line.contains(*r)) {
                broken.push(format!("{}:{}: {rule}", shown(&f), n + 1));
            }
            // A number field's upper bound is the domain's (`numberLimits`, or the row's).
            if line.contains("type: \"number\"")
                && line
                    .match_indices("max: ")
                    .any(|(i, m)| line[i + m.len()..].starts_with(|c: char| c.is_ascii_digit()))
            {
                broken.push(format!(
                    "{}:{}: a bound written in the UI",
                    shown(&f),
                    n + 1
                ));
            }
        }
    }
    let mut shell = files("src-tauri/commands", ".rs", 10);
    shell.extend(
        ["src-tauri/lib.rs", "src-tauri/main.rs"]
            .iter()
            .map(|p| root().join(p)),
    );
    for f in shell {
        for (n, line) in read(&f).lines().enumerate() {
            let constant = line.trim_start().starts_with("const ")
                && line.contains(": i64 = ")
                && line
                    .split(": i64 = ")
                    .nth(1)
                    .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()));
            for rule in [
                "Jurisdiction::Quebec",
                "Jurisdiction::France",
                "Paper::A4",
                "Paper::Letter",
            ]
            .iter()
            .filter(|r| line.contains(*r))
            {
                broken.push(format!("{}:{}: {rule}", shown(&f), n + 1));
            }
            if constant {
                broken.push(format!("{}:{}: {}", shown(&f), n + 1, line.trim()));
            }
        }
    }
    report("a rule written outside the domain", broken);
}

#[test]
fn generated_files_are_never_tracked() {
    let out = Command::new("git")
        .args([
            "ls-files",
            "gen",
            "permissions/autogenerated",
            "src-tauri/gen",
        ])
        .current_dir(root())
        .output()
        .expect("git runs (the checks read the checkout)");
    assert!(out.status.success(), "tidy: git ls-files failed");
    let tracked = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(tracked.is_empty(), "generated files are tracked: {tracked}");
}

/// The keys of one words file: `"key": "value",` lines.
fn word_keys(path: &Path) -> Vec<String> {
    read(path)
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"'))
        .filter_map(|l| l.split_once("\": "))
        .map(|(k, _)| k.to_owned())
        .collect()
}

/// Every context says everything in both languages, and no key is defined twice (the
/// files are merged by spread: the last would win silently).
#[test]
fn french_and_english_words_match_and_none_is_defined_twice() {
    let mut broken = Vec::new();
    let french = files("ui", "words.fr.js", 10);
    let mut all: Vec<(String, String)> = Vec::new();
    for fr in &french {
        let en = fr.with_file_name("words.en.js");
        let (kf, ke) = (word_keys(fr), word_keys(&en));
        assert!(kf.len() >= 5, "tidy: {} read no words", shown(fr));
        for k in kf.iter().filter(|k| !ke.contains(k)) {
            broken.push(format!("{} has no English for {k}", shown(&en)));
        }
        for k in ke.iter().filter(|k| !kf.contains(k)) {
            broken.push(format!("{} has no French for {k}", shown(fr)));
        }
        for k in kf {
            all.push((k, shown(fr)));
        }
    }
    all.sort();
    for pair in all.windows(2) {
        if pair[0].0 == pair[1].0 {
            broken.push(format!(
                "{} is defined twice ({} and {})",
                pair[0].0, pair[0].1, pair[1].1
            ));
        }
    }
    report("words", broken);
}

/// Every error code the domain can send has words in both languages (the UI never shows
/// a backend message).
#[test]
fn every_error_code_has_words() {
    let error = read(&root().join("src-tauri/crates/carnet-core/src/error.rs"));
    let codes: Vec<&str> = error
        .lines()
        .filter(|l| l.trim_start().starts_with("Code::") && l.contains(" => \""))
        .filter_map(|l| l.split('"').nth(1))
        .collect();
    assert!(codes.len() >= 30, "tidy: read {} error codes", codes.len());
    let mut broken = Vec::new();
    for lang in ["fr", "en"] {
        let keys: Vec<String> = files("ui", &format!("words.{lang}.js"), 10)
            .iter()
            .flat_map(|f| word_keys(f))
            .collect();
        for code in &codes {
            // A refused consent is worded by its rule (`rule.<rule>`, see `errorText`).
            let worded = if *code == "consent_refused" {
                keys.iter().filter(|k| k.starts_with("rule.")).count() >= 5
            } else {
                keys.iter().any(|k| k == &format!("error.{code}"))
            };
            if !worded {
                broken.push(format!("no {lang} words for error.{code}"));
            }
        }
    }
    report("an error code without words", broken);
}

// Every call the screens make to the backend is checked against the command list and
// the commands' signatures by `tests/commands/client.rs`, which also writes `ui/api.js`.

/// Each context registers its own words (`<context>/words.js`, imported by `app.js`); the
/// dictionary imports no context.
#[test]
fn each_context_registers_its_own_words() {
    let i18n = read(&root().join("ui/i18n.js"));
    assert!(
        !i18n.lines().any(|l| l.starts_with("import ")),
        "ui/i18n.js imports a module: contexts register their words with addWords"
    );
    let app = read(&root().join("ui/app.js"));
    let mut broken = Vec::new();
    for fr in files("ui", "words.fr.js", 10) {
        let dir = fr.parent().unwrap();
        let context = dir.file_name().unwrap().to_string_lossy().into_owned();
        let register = dir.join("words.js");
        if !register.is_file() || !read(&register).contains("addWords(fr, en)") {
            broken.push(format!("{context}/words.js does not register the words"));
        }
        if !app.contains(&format!("import \"./{context}/words.js\";")) {
            broken.push(format!("app.js does not load {context}/words.js"));
        }
    }
    report("a context's words not registered", broken);
}

/// A table's headings are built once (`headRow`/`table` in `dom.js`): the same scope and
/// style on every screen.
#[test]
fn tables_are_built_by_the_helper() {
    let mut broken = Vec::new();
    for f in files("ui", ".js", 40) {
        if f.ends_with("ui/dom.js") {
            continue;
        }
        for (n, line) in read(&f).lines().enumerate() {
            if line.contains("\"thead\"") {
                broken.push(format!(
                    "{}:{}: a header row built by hand",
                    shown(&f),
                    n + 1
                ));
            }
        }
    }
    report("use headRow or table from dom.js", broken);
}
