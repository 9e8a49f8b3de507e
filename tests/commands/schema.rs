//! The command list, the handler, the capability file and the words agree.

use super::*;

/// The capability file grants exactly the commands of `commands/list.rs` (from which the
/// invoke handler and the app manifest are made), and every one of them answers through
/// IPC: an unknown or ungranted command would come back as a plain string error.
#[test]
fn the_command_list_the_handler_and_the_capability_file_agree() {
    let capability: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("src-tauri/capabilities/main.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    let mut listed: Vec<String> = carnet_app::COMMANDS
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    granted.sort();
    listed.sort();
    assert_eq!(
        granted, listed,
        "capabilities/main.json vs commands/list.rs"
    );

    let app = app();
    for name in carnet_app::COMMANDS {
        if [
            "choose_register",
            "pick_entries_file",
            "choose_import_file",
            "choose_backup_folder",
            "choose_backup_file",
        ]
        .contains(name)
        {
            // They open a native dialog: `choose_register` is called below with a register
            // open (it refuses before any dialog); `pick_entries_file` by the end-to-end
            // test, whose stand-in file replaces the dialog.
            continue;
        }
        // With no arguments a command answers `locked`, a value, or an argument error
        // from Tauri (a string naming the missing key) — never "not found"/"not allowed".
        match call(&app, name, json!({})) {
            Ok(_) => {}
            Err(Value::Object(body)) => assert!(body.contains_key("code"), "{name}: {body:?}"),
            Err(Value::String(s)) => assert!(
                s.contains("missing required key") || s.contains("invalid args"),
                "{name} is not reachable: {s}"
            ),
            Err(other) => panic!("{name}: {other}"),
        }
    }
    let err = call(&app, "no_such_command", json!({})).unwrap_err();
    assert!(err.is_string(), "an unknown command is refused: {err}");
    let app = app_with_register();
    assert_eq!(code(call(&app, "choose_register", json!({}))), "conflict");
}

/// Every list the screens offer comes from the backend's vocabularies, and each of its
/// values has words in French and in English (`ui/<context>/words.<lang>.js`).
#[test]
fn every_vocabulary_the_ui_offers_comes_from_the_backend_and_is_worded() {
    let app = app();
    let vocab = call(&app, "vocabularies", json!({})).unwrap();
    let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let words: Vec<(String, String)> = ["fr", "en"]
        .iter()
        .map(|lang| {
            // Every context's words file, found rather than listed.
            let text = walk_js(&ui)
                .iter()
                .filter(|p| p.to_string_lossy().ends_with(&format!("words.{lang}.js")))
                .map(|p| std::fs::read_to_string(p).unwrap())
                .collect::<String>();
            assert!(text.len() > 10_000, "the {lang} words were read");
            (lang.to_string(), text)
        })
        .collect();
    // (vocabulary, the words' key prefix)
    let lists = [
        ("fields", "field"),
        ("papers", "paper"),
        ("languages", "language"),
        ("channels", "channel"),
        ("guardian_relations", "relation"),
        ("membership_statuses", "status"),
        ("given_by", "given_by"),
        ("request_kinds", "kind"),
        ("requesters", "requester"),
        ("identity_methods", "method"),
        ("closing_statuses", "request.outcome"),
        ("hold_reasons", "hold"),
        ("retention_categories", "retention"),
        ("data_categories", "category"),
        ("legal_bases", "basis"),
        ("recipient_roles", "role"),
        ("incident_natures", "nature"),
        ("likelihoods", "likelihood"),
        ("contest_kinds", "contest_kind"),
        ("one_per", "one_per"),
        ("winner_statuses", "winner_status"),
        ("shipment_statuses", "shipment_status"),
        ("import_targets", "import_target"),
        ("date_orders", "date_order"),
        ("duplicate_choices", "duplicate"),
        ("consent_kinds", "consent_kind"),
        ("implied_sources", "implied_source"),
        ("mailing_formats", "mailing_format"),
        ("export_lists", "export_list"),
        ("staff_roles", "staff_role"),
    ];
    let mut values: Vec<String> = Vec::new();
    for (list, prefix) in lists {
        let items = vocab[list].as_array().unwrap_or_else(|| panic!("{list}"));
        assert!(!items.is_empty(), "{list}");
        for v in items {
            let v = v.as_str().unwrap();
            if list != "fields" {
                // Field names are what errors name, not a list a screen offers.
                values.push(v.to_owned());
            }
            for (lang, text) in &words {
                assert!(
                    text.contains(&format!("\"{prefix}.{v}\":")),
                    "no {lang} word for {prefix}.{v}"
                );
            }
        }
    }
    // A new contest's periods come from the domain, as the command line's defaults do.
    assert_eq!(
        vocab["contest_defaults"],
        json!({ "claim_days": 30, "non_winner_days": 90, "winner_days": 90 })
    );
    // The numbers' bounds too.
    assert_eq!(vocab["number_limits"]["age_of_consent"], json!([1, 21]));
    assert_eq!(vocab["number_limits"]["keep_daily"], json!([1, 366]));
    // Every field has a length limit the forms can use as `maxlength`.
    for f in vocab["fields"].as_array().unwrap() {
        let limit = vocab["field_limits"][f.as_str().unwrap()].as_u64();
        assert!(limit.is_some_and(|n| n > 0), "no limit for {f}");
    }
    for rules in vocab["jurisdictions"].as_array().unwrap() {
        let j = rules["jurisdiction"].as_str().unwrap();
        values.push(j.to_owned());
        assert!(rules["age_of_consent"].as_u64().unwrap() > 0);
        for (lang, text) in &words {
            assert!(
                text.contains(&format!("\"jurisdiction.{j}\":")),
                "no {lang} word for {j}"
            );
        }
    }
    values.sort();
    values.dedup();
    // No screen keeps its own copy of a list: an array literal naming two backend values.
    let screens = walk_js(&ui);
    assert!(screens.len() >= 8, "{screens:?}");
    for path in screens
        .iter()
        .filter(|p| !p.to_string_lossy().contains("words."))
    {
        let text = std::fs::read_to_string(path).unwrap();
        for literal in text
            .split('[')
            .skip(1)
            .filter_map(|rest| rest.split(']').next())
        {
            let named = values
                .iter()
                .filter(|v| literal.contains(&format!("\"{v}\"")))
                .count();
            assert!(
                named < 2,
                "{}: a vocabulary copied in the UI: [{literal}]",
                path.display()
            );
        }
    }
}

/// Plain words on every screen: no value of a words file holds a word of the glossary's
/// forbidden list (`ui/glossary.<lang>.js`, "screens"), in French or in English.
#[test]
fn no_screen_speaks_a_word_of_the_forbidden_list() {
    let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    for lang in ["fr", "en"] {
        let glossary = std::fs::read_to_string(ui.join(format!("glossary.{lang}.js"))).unwrap();
        let forbidden: Vec<String> = glossary
            .lines()
            .filter_map(|l| l.trim().strip_prefix("[\""))
            .filter(|l| l.ends_with("\"screens\"],"))
            .map(|l| l.split("\", \"").next().unwrap().to_lowercase())
            .collect();
        assert!(forbidden.len() >= 4, "{lang}: the glossary was read");
        let mut found = Vec::new();
        for path in walk_js(&ui)
            .iter()
            .filter(|p| p.to_string_lossy().ends_with(&format!("words.{lang}.js")))
        {
            for line in std::fs::read_to_string(path).unwrap().lines() {
                // The value only: keys are code, not words on a screen.
                let Some((key, value)) = line.trim().split_once("\": \"") else {
                    continue;
                };
                let value = value.to_lowercase();
                for w in &forbidden {
                    let whole = value.match_indices(w.as_str()).any(|(i, _)| {
                        !value[..i]
                            .chars()
                            .next_back()
                            .is_some_and(char::is_alphanumeric)
                            && !value[i + w.len()..]
                                .chars()
                                .next()
                                .is_some_and(char::is_alphanumeric)
                    });
                    if whole {
                        found.push(format!("{}: {key} says {w:?}", path.display()));
                    }
                }
            }
        }
        assert!(
            found.is_empty(),
            "words to say plainly:\n{}",
            found.join("\n")
        );
    }
}

pub(super) fn walk_js(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk_js(&path));
        } else if path.extension().is_some_and(|e| e == "js") {
            out.push(path);
        }
    }
    out
}
