//! Unlocking, the first run, the recovery key and the shell around the register.

use super::*;

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

    call(&app, "link_guardian", json!({ "child_id": child, "guardian": { "kind": "person", "id": parent }, "relation": "parent", "since": null })).unwrap();
    assert_eq!(
        code(call(
            &app,
            "link_guardian",
            json!({ "child_id": child, "guardian": { "kind": "person", "id": parent }, "relation": "parent", "since": null })
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
            json!({ "label": "", "effective_on": "2026-01-01", "text_fr": "x", "text_en": "y" })
        )),
        "invalid_input"
    );
    assert_eq!(
        code(call(
            &app,
            "add_purpose_version",
            json!({ "purpose_id": 999, "wording": { "label_fr": "a", "label_en": "b", "wording_fr": "c", "wording_en": "d" }, "effective_on": "2026-01-01" })
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
            json!({ "person_id": child, "membership": { "category": "", "starts_on": "2026-09-01", "ends_on": "2026-01-01", "status": "active" } })
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
            json!({ "recovery_key": "AAAAA-BBBBB", "remember": false })
        )),
        "invalid_recovery_key"
    );
    call(
        &app2,
        "unlock_recovery",
        json!({ "recovery_key": rk, "remember": true }),
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
            json!({ "child_id": 1, "guardian": { "kind": "person", "id": 2 }, "relation": "parent", "since": null }),
        ),
        (
            "add_membership",
            json!({ "person_id": 1, "membership": { "starts_on": "2026-09-01", "status": "active" } }),
        ),
        (
            "record_consent",
            json!({ "form": { "person_id": 1, "purpose": "photos", "action": "granted", "channel": "email", "given_by": "person" } }),
        ),
        ("purposes", json!({})),
        (
            "add_purpose_version",
            json!({ "purpose_id": 1, "wording": { "label_fr": "a", "label_en": "b", "wording_fr": "c", "wording_en": "d" }, "effective_on": "2026-01-01" }),
        ),
        ("policy_versions", json!({})),
        ("list_requests", json!({ "open_only": true })),
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
            json!({ "id": 1, "notice_on": "2026-11-02", "reason": "x" }),
        ),
        (
            "close_request",
            json!({ "id": 1, "status": "answered", "decision": "", "refusal": null, "on": "2026-11-02" }),
        ),
        (
            "preview_letter",
            json!({ "id": 1, "kind": "access_report", "language": null }),
        ),
        ("access_review", json!({ "id": 1 })),
        (
            "mask_access_item",
            json!({ "id": 1, "item": "identity:notes", "ground": "third_party" }),
        ),
        (
            "unmask_access_item",
            json!({ "id": 1, "item": "identity:notes" }),
        ),
        ("approve_access_package", json!({ "id": 1 })),
        (
            "withdraw_for_request",
            json!({ "id": 1, "purposes": ["newsletter"] }),
        ),
        (
            "add_policy_version",
            json!({ "label": "v1", "effective_on": "2026-01-01", "text_fr": "x", "text_en": "y" }),
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
            json!({ "input": { "request_id": 1, "person_ids": [1] }, "confirm_name": "A B" }),
        ),
        (
            "record_recipient_notice",
            json!({ "request_id": 1, "recipient": "x", "on": "2026-11-02" }),
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
            json!({ "activities": [], "effective_on": "2026-12-01" }),
        ),
        ("list_incidents", json!({})),
        ("list_contests", json!({})),
        ("contest_page", json!({ "id": 1 })),
        ("close_entries", json!({ "id": 1 })),
        ("draw_contest", json!({ "id": 1, "public_value": "" })),
        ("decide_entry", json!({ "id": 1, "decision": "excluded" })),
        ("label_preview", json!({ "contest_id": 1 })),
        ("winner_address", json!({ "winner_id": 1 })),
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
    std::fs::write(carnet_core::register::key_info_path(&db), b"{ broken").unwrap();
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
        json!({ "recovery_key": key, "remember": true }),
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
