//! Every command answered through Tauri's IPC (mock runtime): errors come back as
//! `{code, message, detail}` with their stable codes.

use carnet_app::{build_app, context, AppState};
use carnet_core::Vault;
use keyring_core::mock;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

struct App {
    _app: tauri::App<tauri::test::MockRuntime>,
    window: WebviewWindow<tauri::test::MockRuntime>,
    _dir: tempfile::TempDir,
}

fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    app_on(
        dir,
        "carnet.db",
        Vault::with_store(mock::Store::new().unwrap()),
    )
}

/// An app on `name` in `dir` (a second app on the same file is the app after a restart).
fn app_on(dir: tempfile::TempDir, name: &str, vault: Vault) -> App {
    let state = AppState::new(dir.path().join(name), vault);
    let app = build_app(mock_builder(), state).build(context()).unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    App {
        _app: app,
        window,
        _dir: dir,
    }
}

/// An app whose register was just created (key in the mock keyring), Sophie at the desk.
fn app_with_register() -> App {
    let app = app();
    call(
        &app,
        "create_register",
        json!({ "profile": profile(), "passphrase": null, "staff": "Sophie", "at": at(&app) }),
    )
    .unwrap();
    app
}

/// Saves a new person (French-speaking, paper form) and returns their id; `email` gives
/// them `{given}@exemple.ca`.
fn add_person(app: &App, given: &str, family: &str, birth: Option<&str>, email: bool) -> i64 {
    let emails: Vec<String> = email
        .then(|| format!("{given}@exemple.ca"))
        .into_iter()
        .collect();
    call(app, "save_person", json!({ "id": null, "input": { "given_name": given, "family_name": family, "preferred_language": "fr", "birth_date": birth, "collection_channel": "paper_form", "collected_on": "2026-09-01", "emails": emails } }))
        .unwrap()
        .as_i64()
        .unwrap()
}

/// The register's location as the app shows it: the answer "create it here" repeats it.
fn at(app: &App) -> String {
    call(app, "app_status", json!({})).unwrap()["db_path"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The origin the app's pages are served from: Windows' WebView2 uses `http://tauri.localhost`,
/// the other platforms `tauri://localhost` (the capability's local origin on each).
const APP_ORIGIN: &str = if cfg!(windows) {
    "http://tauri.localhost"
} else {
    "tauri://localhost"
};

fn call(app: &App, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        &app.window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: APP_ORIGIN.parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

fn code(r: Result<Value, Value>) -> String {
    let err = r.expect_err("expected an error");
    assert!(err["message"].is_string(), "{err}");
    err["code"].as_str().unwrap().to_owned()
}

fn profile() -> Value {
    json!({ "name": "Les P’tits mélomanes", "address": "45 rue Saint-Denis, Montréal (Québec) H2X 3K8",
        "privacy_contact": "Hélène Tremblay", "privacy_email": "vie.privee@melomanes.ca",
        "jurisdiction": "quebec", "paper": "letter", "language": "fr" })
}

#[test]
fn first_run_then_people_family_and_consents() {
    let app = app();
    assert_eq!(
        call(&app, "app_status", json!({})).unwrap()["phase"],
        "setup"
    );
    assert_eq!(
        code(call(
            &app,
            "list_people",
            json!({ "offset": 0, "limit": 10 })
        )),
        "locked"
    );
    assert_eq!(
        code(call(
            &app,
            "create_register",
            json!({ "profile": { "name": " ", "jurisdiction": "quebec", "paper": "letter", "language": "fr" }, "passphrase": null, "staff": "Sophie", "at": at(&app) })
        )),
        "invalid_input"
    );
    assert_eq!(
        code(call(
            &app,
            "create_register",
            json!({ "profile": profile(), "passphrase": "court", "staff": "Sophie", "at": at(&app) })
        )),
        "weak_passphrase"
    );

    // Never created without the office's answer to "create a new register here?".
    for answer in [json!(null), json!("/somewhere/else/carnet.db")] {
        let err = call(
            &app,
            "create_register",
            json!({ "profile": profile(), "passphrase": null, "staff": "Sophie", "at": answer }),
        )
        .unwrap_err();
        assert_eq!(
            (err["code"].as_str(), err["detail"]["field"].as_str()),
            (Some("invalid_input"), Some("register_location"))
        );
        assert_eq!(
            call(&app, "app_status", json!({})).unwrap()["phase"],
            "setup",
            "nothing was created"
        );
    }
    let created = call(
        &app,
        "create_register",
        json!({ "profile": profile(), "passphrase": null, "staff": "Sophie", "at": at(&app) }),
    )
    .unwrap();
    assert_eq!(created, Value::Null, "the key never travels in the reply");
    let key = call(&app, "recovery_key", json!({})).unwrap();
    assert_eq!(key.as_str().unwrap().len(), 65);
    assert_eq!(
        code(call(
            &app,
            "create_register",
            json!({ "profile": profile(), "passphrase": null, "staff": "Sophie", "at": at(&app) })
        )),
        "database_exists"
    );
    let status = call(&app, "app_status", json!({})).unwrap();
    assert_eq!(
        (status["phase"].as_str(), status["unlock_keyring"].as_bool()),
        (Some("open"), Some(true))
    );

    let parent = add_person(&app, "Marie", "Lefèvre", Some("1985-01-01"), false);
    let child = add_person(&app, "Zoë", "Lefèvre", Some("2016-05-10"), false);
    assert_eq!(
        code(call(
            &app,
            "save_person",
            json!({ "id": null, "input": { "given_name": "", "family_name": "", "preferred_language": "fr", "collection_channel": "paper_form", "collected_on": "2026-09-01" } })
        )),
        "invalid_input"
    );
    assert_eq!(
        code(call(&app, "person_page", json!({ "id": 999 }))),
        "not_found"
    );

    call(&app, "link_guardian", json!({ "childId": child, "guardian": { "kind": "person", "id": parent }, "relation": "parent", "since": null })).unwrap();
    assert_eq!(
        code(call(
            &app,
            "link_guardian",
            json!({ "childId": child, "guardian": { "kind": "person", "id": parent }, "relation": "parent", "since": null })
        )),
        "conflict"
    );

    let consent = |by: &str, giver: Value| json!({ "form": { "person_id": child, "purpose": "photos", "action": "granted", "channel": "paper_form", "given_by": by, "giver": giver, "evidence": "fiche signée", "occurred_at": null } });
    let refused = call(&app, "record_consent", consent("person", Value::Null)).unwrap_err();
    assert_eq!(refused["code"], "consent_refused");
    assert_eq!(
        refused["detail"],
        json!({ "rule": "minor_needs_guardian", "age_of_consent": 14 })
    );
    let event = call(
        &app,
        "record_consent",
        consent("guardian", json!({ "kind": "person", "id": parent })),
    )
    .unwrap();
    assert_eq!(event["staff"], "Sophie");

    let page = call(&app, "person_page", json!({ "id": child })).unwrap();
    assert_eq!(page["minor"], true);
    assert_eq!(page["guardians"][0]["name"], "Marie Lefèvre");
    assert_eq!(page["consents"][0]["granted"], true);
    assert_eq!(page["history"].as_array().unwrap().len(), 1);

    let found = call(
        &app,
        "search_people",
        json!({ "query": "lefevre zo", "limit": 10 }),
    )
    .unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(call(&app, "verify_ledger", json!({})).unwrap()["events"], 1);
    assert_eq!(
        code(call(
            &app,
            "add_policy_version",
            json!({ "label": "", "effectiveOn": "2026-01-01", "textFr": "x", "textEn": "y" })
        )),
        "invalid_input"
    );
    assert_eq!(
        code(call(
            &app,
            "add_purpose_version",
            json!({ "purposeId": 999, "wording": { "label_fr": "a", "label_en": "b", "wording_fr": "c", "wording_en": "d" }, "effectiveOn": "2026-01-01" })
        )),
        "not_found"
    );
    assert_eq!(
        code(call(
            &app,
            "update_profile",
            json!({ "profile": { "name": "x", "jurisdiction": "quebec", "paper": "letter", "language": "fr", "age_of_consent": 40 } })
        )),
        "invalid_input"
    );
    assert_eq!(
        code(call(
            &app,
            "add_membership",
            json!({ "personId": child, "membership": { "category": "", "starts_on": "2026-09-01", "ends_on": "2026-01-01", "status": "active" } })
        )),
        "invalid_input"
    );
    assert_eq!(
        code(call(
            &app,
            "add_organisation",
            json!({ "input": { "name": "", "kind": "school", "collection_channel": "email", "collected_on": "2026-09-01" } })
        )),
        "invalid_input"
    );
}

#[test]
fn unlock_commands_report_their_codes() {
    let app = app();
    // The local log of errors: times and codes (this test binary's, from now on).
    let log = app._dir.path().join(carnet_app::ERROR_LOG);
    carnet_app::log_errors_to(log.clone());
    assert_eq!(
        code(call(&app, "unlock_keyring", json!({}))),
        "database_not_found"
    );
    let created = call(
        &app,
        "create_register",
        json!({ "profile": profile(), "passphrase": "une phrase assez longue", "staff": "Léo", "at": at(&app) }),
    )
    .unwrap();
    let _ = created;
    let rk = call(&app, "recovery_key", json!({}))
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();

    // A second app on the same file, as after a restart.
    let dir_path = app._dir.path().join("carnet.db");
    let store = mock::Store::new().unwrap();
    let app2 = {
        let state = AppState::new(dir_path, Vault::with_store(store));
        let a = build_app(mock_builder(), state).build(context()).unwrap();
        let window = WebviewWindowBuilder::new(&a, "main", Default::default())
            .build()
            .unwrap();
        App {
            _app: a,
            window,
            _dir: tempfile::tempdir().unwrap(),
        }
    };
    let status = call(&app2, "app_status", json!({})).unwrap();
    assert_eq!(
        (
            status["phase"].as_str(),
            status["unlock_passphrase"].as_bool(),
            status["unlock_keyring"].as_bool()
        ),
        (Some("locked"), Some(true), Some(false))
    );
    assert_eq!(
        code(call(&app2, "unlock_keyring", json!({}))),
        "keyring_entry_missing"
    );
    assert_eq!(
        code(call(
            &app2,
            "unlock_passphrase",
            json!({ "passphrase": "pas la bonne phrase" })
        )),
        "wrong_passphrase"
    );
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        logged
            .lines()
            .any(|l| l.ends_with(" wrong_passphrase") && l.len() == 37),
        "a time and a code: {logged}"
    );
    assert!(!logged.contains("pas la bonne phrase"), "never a value");
    assert_eq!(
        code(call(
            &app2,
            "unlock_recovery",
            json!({ "recoveryKey": "AAAAA-BBBBB", "remember": false })
        )),
        "invalid_recovery_key"
    );
    call(
        &app2,
        "unlock_recovery",
        json!({ "recoveryKey": rk, "remember": true }),
    )
    .unwrap();
    assert_eq!(
        call(&app2, "app_status", json!({})).unwrap()["unlock_keyring"],
        true
    );
    assert!(
        call(&app2, "purposes", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len()
            >= 6
    );
}

#[test]
fn every_register_command_says_locked_before_unlock() {
    let app = app();
    let calls = [
        ("list_people", json!({ "offset": 0, "limit": 10 })),
        ("search_people", json!({ "query": "a", "limit": 10 })),
        ("person_page", json!({ "id": 1 })),
        (
            "save_person",
            json!({ "id": null, "input": { "given_name": "A", "family_name": "B", "preferred_language": "fr", "collection_channel": "paper_form", "collected_on": "2026-09-01" } }),
        ),
        (
            "link_guardian",
            json!({ "childId": 1, "guardian": { "kind": "person", "id": 2 }, "relation": "parent", "since": null }),
        ),
        (
            "add_membership",
            json!({ "personId": 1, "membership": { "starts_on": "2026-09-01", "status": "active" } }),
        ),
        (
            "record_consent",
            json!({ "form": { "person_id": 1, "purpose": "photos", "action": "granted", "channel": "email", "given_by": "person" } }),
        ),
        ("purposes", json!({})),
        (
            "add_purpose_version",
            json!({ "purposeId": 1, "wording": { "label_fr": "a", "label_en": "b", "wording_fr": "c", "wording_en": "d" }, "effectiveOn": "2026-01-01" }),
        ),
        ("policy_versions", json!({})),
        ("list_requests", json!({ "openOnly": true })),
        ("request_page", json!({ "id": 1 })),
        (
            "add_request",
            json!({ "input": { "kind": "access", "received_on": "2026-11-02", "channel": "email", "person_id": 1, "requester": "person" } }),
        ),
        (
            "verify_request_identity",
            json!({ "id": 1, "method": "email_code", "on": "2026-11-02" }),
        ),
        (
            "extend_request",
            json!({ "id": 1, "noticeOn": "2026-11-02", "reason": "x" }),
        ),
        (
            "close_request",
            json!({ "id": 1, "status": "answered", "decision": "", "refusal": null, "on": "2026-11-02" }),
        ),
        (
            "preview_letter",
            json!({ "id": 1, "kind": "access_report", "language": null }),
        ),
        (
            "withdraw_for_request",
            json!({ "id": 1, "purposes": ["newsletter"] }),
        ),
        (
            "add_policy_version",
            json!({ "label": "v1", "effectiveOn": "2026-01-01", "textFr": "x", "textEn": "y" }),
        ),
        ("organisations", json!({})),
        (
            "add_organisation",
            json!({ "input": { "name": "École", "kind": "school", "collection_channel": "email", "collected_on": "2026-09-01" } }),
        ),
        ("profile", json!({})),
        ("update_profile", json!({ "profile": profile() })),
        ("verify_ledger", json!({})),
        ("acknowledge_ledger", json!({ "note": "vu" })),
        ("privacy_summary", json!({})),
        (
            "erasure_plan",
            json!({ "input": { "request_id": 1, "person_ids": [1] } }),
        ),
        (
            "execute_erasure",
            json!({ "input": { "request_id": 1, "person_ids": [1] }, "confirmName": "A B" }),
        ),
        (
            "record_recipient_notice",
            json!({ "requestId": 1, "recipient": "x", "on": "2026-11-02" }),
        ),
        (
            "add_hold",
            json!({ "input": { "person_id": 1, "reason": "accounting", "until": "2027-01-01" } }),
        ),
        ("release_hold", json!({ "id": 1 })),
        ("retention", json!({})),
        (
            "set_retention",
            json!({ "category": "audit_log", "months": 12 }),
        ),
        ("run_purge", json!({})),
        ("processing", json!({})),
        (
            "adopt_processing",
            json!({ "activities": [], "effectiveOn": "2026-12-01" }),
        ),
        ("list_incidents", json!({})),
        ("list_contests", json!({})),
        ("contest_page", json!({ "id": 1 })),
        ("draw_contest", json!({ "id": 1 })),
        ("decide_entry", json!({ "id": 1, "decision": "excluded" })),
        ("label_preview", json!({ "contestId": 1 })),
        ("winner_address", json!({ "winnerId": 1 })),
        (
            "save_incident",
            json!({ "id": null, "input": { "title": "x", "nature": "loss", "information": "x", "circumstances": "x", "learned_at": "2026-11-02T10:00:00Z" } }),
        ),
    ];
    for (cmd, args) in calls {
        assert_eq!(code(call(&app, cmd, args)), "locked", "{cmd}");
    }
    // Malformed arguments are refused by the IPC layer before any command runs.
    assert!(call(&app, "search_people", json!({ "query": 5 })).is_err());
    assert_eq!(
        call(&app, "set_staff", json!({ "name": "Sophie" })),
        Ok(Value::Null)
    );
}

/// A parent's access request for a child, through the commands the request page calls.
#[test]
fn a_parents_access_request_walks_its_steps() {
    let app = app_with_register();
    let parent = add_person(&app, "Marie", "Lefèvre", Some("1985-01-01"), true);
    let child = add_person(&app, "Zoë", "Lefèvre", Some("2016-05-10"), true);
    call(&app, "link_guardian", json!({ "childId": child, "guardian": { "kind": "person", "id": parent }, "relation": "parent", "since": null })).unwrap();

    let today = chrono::Local::now().date_naive();
    let input = json!({ "kind": "access", "received_on": today, "channel": "email", "person_id": child, "requester": "guardian", "requester_person_id": parent });
    let id = call(&app, "add_request", json!({ "input": input }))
        .unwrap()
        .as_i64()
        .unwrap();
    let list = call(&app, "list_requests", json!({ "openOnly": true })).unwrap();
    assert_eq!(list["counts"]["open"], 1);
    let row = &list["rows"][0];
    assert_eq!(
        (
            row["person_name"].as_str(),
            row["requester_label"].as_str(),
            row["days_left"].as_i64()
        ),
        (Some("Zoë Lefèvre"), Some("Marie Lefèvre"), Some(30))
    );
    assert_eq!(
        call(&app, "app_status", json!({})).unwrap()["requests"]["open"],
        1
    );

    // Nothing to print before the identity check; the access report after it.
    let page = call(&app, "request_page", json!({ "id": id })).unwrap();
    assert_eq!(page["letters"], json!([]));
    assert_eq!(
        page["language"], "fr",
        "letters default to the requesting parent's language"
    );
    assert_eq!(
        page["grounds"].as_array().unwrap().len(),
        5,
        "Quebec's refusal grounds: {}",
        page["grounds"]
    );
    assert_eq!(
        code(call(
            &app,
            "preview_letter",
            json!({ "id": id, "kind": "access_report", "language": null })
        )),
        "conflict"
    );
    call(
        &app,
        "verify_request_identity",
        json!({ "id": id, "method": "document_seen", "on": today }),
    )
    .unwrap();
    let page = call(&app, "request_page", json!({ "id": id })).unwrap();
    assert_eq!(
        (
            page["letters"].clone(),
            page["identity"]["checked_by"].as_str()
        ),
        (json!(["access_report"]), Some("Sophie"))
    );
    let doc = call(
        &app,
        "preview_letter",
        json!({ "id": id, "kind": "access_report", "language": "en" }),
    )
    .unwrap();
    let text = doc["blocks"].to_string();
    assert!(
        text.contains("What we keep about Zoë Lefèvre") && text.contains("Zoë@exemple.ca"),
        "{text}"
    );
    assert!(
        !text.contains("Marie@exemple.ca"),
        "the parent's own data is not in the child's report"
    );

    // A refusal needs its ground; the viewer opens only files saved in this session.
    let refuse = json!({ "id": id, "status": "refused", "decision": "données d’autrui", "refusal": null, "on": today });
    assert_eq!(code(call(&app, "close_request", refuse)), "invalid_input");
    assert_eq!(
        code(call(&app, "open_saved", json!({ "path": "/etc/passwd" }))),
        "not_found"
    );
    call(
        &app,
        "close_request",
        json!({ "id": id, "status": "answered", "decision": "", "refusal": null, "on": today }),
    )
    .unwrap();
    assert_eq!(
        call(&app, "list_requests", json!({ "openOnly": true })).unwrap()["rows"],
        json!([])
    );
}

#[test]
fn a_stop_communications_request_withdraws_from_its_page() {
    let app = app_with_register();
    let adult = add_person(&app, "Gérard", "Ménard", None, false);
    for purpose in ["newsletter", "promotional_offers", "photos"] {
        call(&app, "record_consent", json!({ "form": { "person_id": adult, "purpose": purpose, "action": "granted", "channel": "paper_form", "given_by": "person", "giver": null, "evidence": "fiche signée", "occurred_at": null } })).unwrap();
    }
    let today = chrono::Local::now().date_naive();
    let ask = |kind: &str| {
        call(&app, "add_request", json!({ "input": { "kind": kind, "received_on": today, "channel": "email", "person_id": adult, "requester": "person" } }))
            .unwrap()
            .as_i64()
            .unwrap()
    };
    let id = ask("stop_communications");

    // The page offers the three consents given, each with its kind and labels.
    let page = call(&app, "request_page", json!({ "id": id })).unwrap();
    let offered: Vec<(&str, &str, &str)> = page["consents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["code"].as_str().unwrap(),
                c["kind"].as_str().unwrap(),
                c["label_fr"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        offered,
        vec![
            ("newsletter", "communication", "Infolettre"),
            (
                "promotional_offers",
                "communication",
                "Offres promotionnelles"
            ),
            ("photos", "publication", "Photos"),
        ],
        "{page}"
    );
    assert_eq!(page["withdrawals"], json!([]));
    assert_eq!(
        code(call(
            &app,
            "withdraw_for_request",
            json!({ "id": id, "purposes": [] })
        )),
        "invalid_input"
    );
    assert_eq!(
        call(
            &app,
            "withdraw_for_request",
            json!({ "id": id, "purposes": ["newsletter", "promotional_offers"] })
        )
        .unwrap(),
        2
    );
    let page = call(&app, "request_page", json!({ "id": id })).unwrap();
    assert_eq!(page["consents"].as_array().unwrap().len(), 1);
    assert_eq!(page["consents"][0]["code"], "photos");
    let withdrawn: Vec<&str> = page["withdrawals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(withdrawn, ["newsletter", "promotional_offers"]);
    assert_eq!(page["withdrawals"][0]["on"], json!(today));
    // The person's page shows the withdrawal with the request as its evidence.
    let person = call(&app, "person_page", json!({ "id": adult })).unwrap();
    let last = person["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (last["action"].as_str(), last["evidence"].as_str()),
        (
            Some("withdrawn"),
            Some(format!("Demande nº {id} reçue le {today}").as_str())
        )
    );

    // An access request has nothing to withdraw, and says so.
    let access = ask("access");
    let page = call(&app, "request_page", json!({ "id": access })).unwrap();
    assert!(page["consents"].is_null() && page["withdrawals"].is_null());
    assert_eq!(
        code(call(
            &app,
            "withdraw_for_request",
            json!({ "id": access, "purposes": ["photos"] })
        )),
        "conflict"
    );
}

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

fn walk_js(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
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

const PHRASE: &str = "une phrase assez longue";

/// A register created with a passphrase, closed before its recovery key was confirmed;
/// returns the folder and the key as the first app showed it.
fn created_and_closed() -> (tempfile::TempDir, String) {
    let app = app();
    call(
        &app,
        "create_register",
        json!({ "profile": profile(), "passphrase": PHRASE, "staff": "Léo", "at": at(&app) }),
    )
    .unwrap();
    let key = call(&app, "recovery_key", json!({})).unwrap();
    let App { _app, window, _dir } = app;
    drop(window);
    drop(_app);
    (_dir, key.as_str().unwrap().to_owned())
}

#[test]
fn an_unconfirmed_recovery_key_comes_back_after_a_restart_until_confirmed() {
    let (dir, key) = created_and_closed();
    let app = app_on(dir, "carnet.db", Vault::none());
    call(&app, "unlock_passphrase", json!({ "passphrase": PHRASE })).unwrap();
    let status = call(&app, "app_status", json!({})).unwrap();
    assert_eq!(
        (
            status["phase"].as_str(),
            status["recovery_unconfirmed"].as_bool()
        ),
        (Some("open"), Some(true))
    );
    assert_eq!(
        call(&app, "recovery_key", json!({})).unwrap(),
        key,
        "the same key, rebuilt in Rust"
    );
    call(&app, "confirm_recovery_key", json!({})).unwrap();
    assert_eq!(
        call(&app, "app_status", json!({})).unwrap()["recovery_unconfirmed"],
        false
    );
    assert_eq!(code(call(&app, "recovery_key", json!({}))), "conflict");
}

#[test]
fn a_damaged_key_file_offers_the_recovery_key_and_a_keyring_failure_still_opens() {
    let (dir, key) = created_and_closed();
    let db = dir.path().join("carnet.db");
    std::fs::write(carnet_core::store::key_info_path(&db), b"{ broken").unwrap();
    let app = app_on(dir, "carnet.db", Vault::none());
    let status = call(&app, "app_status", json!({})).expect("the status still answers");
    assert_eq!(
        (
            status["phase"].as_str(),
            status["key_file_damaged"].as_bool()
        ),
        (Some("locked"), Some(true))
    );
    assert_eq!(
        code(call(
            &app,
            "unlock_passphrase",
            json!({ "passphrase": PHRASE })
        )),
        "key_info_damaged"
    );
    // The keyring cannot take the key (there is none): the register opens all the same,
    // and the reply says why the keyring did not take it.
    let recovered = call(
        &app,
        "unlock_recovery",
        json!({ "recoveryKey": key, "remember": true }),
    )
    .unwrap();
    assert!(recovered["key_file_set_aside"]
        .as_str()
        .unwrap()
        .ends_with("carnet.db.carnet-key.damaged-1"));
    assert_eq!(recovered["keyring_error"]["code"], "keyring_unavailable");
    let status = call(&app, "app_status", json!({})).unwrap();
    assert_eq!(
        (
            status["phase"].as_str(),
            status["key_file_damaged"].as_bool()
        ),
        (Some("open"), Some(false))
    );
}

/// A second window on the same register folder is told the first is open.
#[test]
fn a_second_window_is_refused_while_the_first_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app").join("carnet.db");
    let first = carnet_app::single_instance(&db).expect("the first window");
    assert!(first.is_some(), "the lock is held");
    assert!(
        carnet_app::single_instance(&db).is_none(),
        "a second is refused"
    );
    drop(first);
    assert!(
        carnet_app::single_instance(&db).is_some(),
        "free again once closed"
    );
}

/// "Open an existing register…" is remembered: the next start works on the register the
/// office opened, not on a new empty one at the default place.
#[test]
fn the_register_opened_elsewhere_is_the_one_used_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let default = dir.path().join("app-data").join("carnet.db");
    let usb = dir.path().join("usb").join("club.db");
    let first = AppState::beside_default(default.clone(), Vault::none());
    assert_eq!(first.db_path(), default);
    first.use_register_at(usb.clone()).unwrap();
    assert_eq!(first.db_path(), usb);
    let next_start = AppState::beside_default(default, Vault::none());
    assert_eq!(next_start.db_path(), usb);
}

/// An erasure request through the commands its page calls: the plan, a wrong name, the
/// erasure, the certificate kept in memory only, the recipients' checklist; then the
/// retention, processing and incident screens' commands.
#[test]
fn an_erasure_request_walks_its_steps_and_the_privacy_screens_answer() {
    let app = app_with_register();
    let id = add_person(&app, "Yves", "Oubli", Some("1980-01-01"), true);
    let today = chrono::Local::now().date_naive();
    call(&app, "record_consent", json!({ "form": { "person_id": id, "purpose": "newsletter", "action": "granted", "channel": "email", "given_by": "person", "evidence": "courriel" } })).unwrap();
    let input = json!({ "kind": "erasure", "received_on": today, "channel": "email", "person_id": id, "requester": "person" });
    let req = call(&app, "add_request", json!({ "input": input }))
        .unwrap()
        .as_i64()
        .unwrap();
    let page = call(&app, "request_page", json!({ "id": req })).unwrap();
    assert_eq!(page["erasure"], "identity_first");
    let whom = json!({ "request_id": req, "person_ids": [id] });
    let plan = call(&app, "erasure_plan", json!({ "input": whom })).unwrap();
    assert_eq!(plan["blockers"][0]["blocker"], "identity_not_checked");
    call(
        &app,
        "verify_request_identity",
        json!({ "id": req, "method": "email_code", "on": today }),
    )
    .unwrap();
    assert_eq!(
        call(&app, "request_page", json!({ "id": req })).unwrap()["erasure"],
        "plan"
    );
    let plan = call(&app, "erasure_plan", json!({ "input": whom })).unwrap();
    assert_eq!(plan["can_execute"], true);
    assert_eq!(plan["confirm_name"], "Yves Oubli");
    assert_eq!(
        call(
            &app,
            "execute_erasure",
            json!({ "input": whom, "confirmName": "Yves" })
        )
        .unwrap_err()["detail"]["field"],
        "confirm_name"
    );
    let done = call(
        &app,
        "execute_erasure",
        json!({ "input": whom, "confirmName": "yves oubli" }),
    )
    .unwrap();
    assert!(
        done["certificate"]["addressee"].is_null(),
        "the name stays in the shell"
    );
    assert_eq!(
        call(
            &app,
            "search_people",
            json!({ "query": "oubli", "limit": 10 })
        )
        .unwrap(),
        json!([])
    );
    let page = call(&app, "request_page", json!({ "id": req })).unwrap();
    assert_eq!(page["erasure"], "done");
    assert_eq!(page["status"], "answered");
    assert_eq!(page["person_erased"], true);
    assert_eq!(page["person_name"], done["people"][0]["surrogate"]);
    let recipients = page["recipients"].as_array().unwrap().clone();
    assert!(!recipients.is_empty());
    let first = recipients[0]["name"].as_str().unwrap();
    call(
        &app,
        "record_recipient_notice",
        json!({ "requestId": req, "recipient": first, "on": today }),
    )
    .unwrap();
    let page = call(&app, "request_page", json!({ "id": req })).unwrap();
    assert_eq!(page["recipients"][0]["notified_on"], json!(today));

    let r = call(&app, "retention", json!({})).unwrap();
    assert_eq!(
        r["rules"].as_array().unwrap().len(),
        5,
        "four categories and billing"
    );
    assert_eq!(r["preview"]["total_due"], 0);
    let report = call(&app, "run_purge", json!({})).unwrap();
    assert!(report["id"].as_i64().unwrap() >= 1);
    let p = call(&app, "processing", json!({})).unwrap();
    assert_eq!(p["latest"]["version"], 0);
    let tomorrow = today + chrono::Duration::days(1);
    assert_eq!(
        call(
            &app,
            "adopt_processing",
            json!({ "activities": p["latest"]["activities"], "effectiveOn": tomorrow })
        )
        .unwrap(),
        1
    );
    let inc = call(&app, "save_incident", json!({ "id": null, "input": { "title": "Clé perdue", "nature": "loss", "information": "Liste", "circumstances": "Perdue", "learned_at": chrono::Utc::now() } })).unwrap();
    assert_eq!(inc["clock"]["state"], "assess");
    assert_eq!(
        call(&app, "list_incidents", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let s = call(&app, "privacy_summary", json!({})).unwrap();
    assert_eq!(
        (
            s["incidents_pending"].as_i64(),
            s["ledger_needs_review"].as_bool()
        ),
        (Some(1), Some(false))
    );
    assert_eq!(
        code(call(&app, "acknowledge_ledger", json!({ "note": "vu" }))),
        "conflict"
    );
}

/// Staff accounts through the app: the first account signs its maker in, the unlock
/// screen lists the accounts, office staff are refused a whole-register export with
/// `not_permitted`, and the register's own keyring entry no longer opens it.
#[test]
fn staff_accounts_unlock_and_are_refused_what_is_not_theirs() {
    let app = app_with_register();
    let pass = "la directrice a un long mot de passe";
    let id = call(
        &app,
        "add_account",
        json!({ "name": "Hélène", "role": "privacy_officer", "passphrase": pass }),
    )
    .unwrap();
    let s = call(&app, "session", json!({})).unwrap();
    assert_eq!(s["account"]["name"], "Hélène");
    assert_eq!(
        s["permissions"].as_array().unwrap().len(),
        carnet_core::accounts::Permission::ALL.len()
    );
    let staff_pass = "le secrétariat a le sien aussi";
    let sophie = call(
        &app,
        "add_account",
        json!({ "name": "Sophie", "role": "office_staff", "passphrase": staff_pass }),
    )
    .unwrap();
    let listed = call(&app, "staff_accounts", json!({})).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    call(&app, "lock_register", json!({})).unwrap();

    let status = call(&app, "app_status", json!({})).unwrap();
    assert_eq!(
        (
            status["unlock_keyring"].as_bool(),
            status["unlock_passphrase"].as_bool()
        ),
        (Some(false), Some(false))
    );
    let names: Vec<_> = status["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Hélène", "Sophie"]);
    assert_eq!(
        code(call(&app, "unlock_keyring", json!({}))),
        "account_required"
    );
    assert_eq!(
        code(call(
            &app,
            "unlock_account",
            json!({ "account": sophie, "passphrase": pass })
        )),
        "wrong_passphrase"
    );
    call(
        &app,
        "unlock_account",
        json!({ "account": sophie, "passphrase": staff_pass }),
    )
    .unwrap();
    let status = call(&app, "app_status", json!({})).unwrap();
    assert_eq!(status["session"]["role"], "office_staff");
    // Office staff are never shown the recovery key, confirmed or not.
    assert_eq!(status["recovery_unconfirmed"], false);
    // Every decision the screens offer is refused through the IPC, with its permission.
    let mut rules = profile();
    rules["age_of_consent"] = json!(1);
    let decisions = [
        ("recovery_key", json!({}), "recovery_key"),
        ("confirm_recovery_key", json!({}), "recovery_key"),
        (
            "update_profile",
            json!({ "profile": rules }),
            "organisation_rules",
        ),
        (
            "set_retention",
            json!({ "category": "audit_log", "months": 1 }),
            "retention",
        ),
        (
            "add_hold",
            json!({ "input": { "person_id": 1, "reason": "accounting", "until": "2030-01-01" } }),
            "legal_holds",
        ),
        ("release_hold", json!({ "id": 1 }), "legal_holds"),
        (
            "adopt_processing",
            json!({ "activities": [], "effectiveOn": "2026-12-01" }),
            "processing_register",
        ),
        (
            "close_request",
            json!({ "id": 1, "status": "refused", "decision": "non", "refusal": { "ground": "other", "provision": "art. 1" }, "on": "2026-11-02" }),
            "refuse_request",
        ),
        (
            "close_request",
            json!({ "id": 1, "status": "withdrawn", "decision": "", "refusal": null, "on": "2026-11-02" }),
            "refuse_request",
        ),
        (
            "acknowledge_ledger",
            json!({ "note": "vu" }),
            "ledger_acknowledge",
        ),
        (
            "set_backup_rotation",
            json!({ "keepDaily": 1, "keepMonthly": 0, "erasedDays": 0 }),
            "backup_settings",
        ),
        (
            "add_policy_version",
            json!({ "label": "v9", "effectiveOn": "2026-12-01", "textFr": "x", "textEn": "y" }),
            "consent_catalogue",
        ),
        (
            "add_purpose_version",
            json!({ "purposeId": 1, "wording": { "label_fr": "a", "label_en": "b", "wording_fr": "c", "wording_en": "d" }, "effectiveOn": "2026-12-01" }),
            "consent_catalogue",
        ),
        (
            "execute_erasure",
            json!({ "input": { "request_id": null, "person_ids": [1] }, "confirmName": "A B" }),
            "erase",
        ),
        ("run_purge", json!({}), "purge"),
        ("prepare_rekey", json!({}), "manage_keys"),
        ("staff_accounts", json!({}), "manage_accounts"),
    ];
    for (cmd, args, permission) in decisions {
        let refused = call(&app, cmd, args).unwrap_err();
        assert_eq!(
            (
                refused["code"].as_str(),
                refused["detail"]["permission"].as_str()
            ),
            (Some("not_permitted"), Some(permission)),
            "{cmd}"
        );
    }
    let refused = call(&app, "list_incidents", json!({})).unwrap_err();
    assert_eq!(
        (
            refused["code"].as_str(),
            refused["detail"]["permission"].as_str()
        ),
        (Some("not_permitted"), Some("incidents"))
    );
    assert_eq!(
        code(call(&app, "remove_account", json!({ "account": id }))),
        "not_permitted"
    );
    // Day-to-day work goes on; the person in charge then sees the incident register.
    add_person(&app, "Léa", "Roy", None, false);
    call(&app, "lock_register", json!({})).unwrap();
    call(
        &app,
        "unlock_account",
        json!({ "account": id, "passphrase": pass }),
    )
    .unwrap();
    call(&app, "list_incidents", json!({})).unwrap();
}

/// A restore killed between setting the register aside and putting the backup in place
/// leaves nothing at the path: the first screen lists the register set aside, and only
/// that file is put back.
#[test]
fn a_register_set_aside_by_an_interrupted_restore_is_offered_back() {
    let (dir, _) = created_and_closed();
    let db = dir.path().join("carnet.db");
    let aside = dir.path().join("carnet.db.before-restore-1");
    std::fs::rename(&db, &aside).unwrap();
    std::fs::rename(
        dir.path().join("carnet.db.carnet-key"),
        dir.path().join("carnet.db.before-restore-1.carnet-key"),
    )
    .unwrap();
    let app = app_on(
        dir,
        "carnet.db",
        Vault::with_store(mock::Store::new().unwrap()),
    );
    assert_eq!(
        call(&app, "app_status", json!({})).unwrap()["phase"],
        "setup"
    );
    let offered = call(&app, "set_aside_registers", json!({})).unwrap();
    let offered = offered.as_array().unwrap();
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0]["kind"], "before_restore");
    // Only a file the list names is moved.
    let elsewhere = std::env::temp_dir().join("pas-un-registre.db");
    assert_eq!(
        code(call(
            &app,
            "put_back_register",
            json!({ "file": elsewhere.display().to_string() })
        )),
        "not_found"
    );
    call(
        &app,
        "put_back_register",
        json!({ "file": offered[0]["file"] }),
    )
    .unwrap();
    assert_eq!(
        call(&app, "app_status", json!({})).unwrap()["phase"],
        "locked"
    );
    call(&app, "unlock_passphrase", json!({ "passphrase": PHRASE })).unwrap();
}

/// The idle lock is enforced by the shell too: a register unused for the delay is locked
/// (whatever the window does), the delay is bounded by the domain, and use keeps it open.
#[test]
fn the_shell_locks_a_register_left_idle() {
    use std::time::{Duration, Instant};
    let app = app_with_register();
    assert_eq!(
        call(&app, "set_idle_delay", json!({ "minutes": 0 })).unwrap(),
        60,
        "never is no longer offered: the longest delay"
    );
    assert_eq!(
        call(&app, "set_idle_delay", json!({ "minutes": 5 })).unwrap(),
        5
    );
    let state = app.window.state::<carnet_app::AppState>();
    let now = Instant::now();
    assert!(!state.lock_if_idle(now + Duration::from_secs(4 * 60)));
    // Used a minute later: the delay counts from then.
    call(&app, "list_people", json!({ "offset": 0, "limit": 10 })).unwrap();
    assert!(!state.lock_if_idle(Instant::now() + Duration::from_secs(4 * 60)));
    assert!(state.lock_if_idle(Instant::now() + Duration::from_secs(5 * 60 + 1)));
    assert_eq!(
        code(call(
            &app,
            "list_people",
            json!({ "offset": 0, "limit": 10 })
        )),
        "locked"
    );
}
