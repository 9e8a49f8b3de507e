//! The app as a client of the office's register service (in this process, real TLS on
//! the loopback): paired from the where-screen's "Connect", a colleague signs in there,
//! and the same commands the screens call run at the service as that colleague. The PC
//! keeps no register and no personal data; office staff are refused the person in
//! charge's decisions; a command the service does not carry says so.

use std::sync::Arc;
use std::time::Duration;

use carnet_app::AppState;
use carnet_core::accounts::AccountSecret;
use carnet_core::{Register, Unlock, Vault};
use carnet_server::server::Service;
use carnet_testkit::office::{office_in, DIRECTRICE, SECRETAIRE};
use keyring_core::mock;
use serde_json::json;

use super::{app_on, call, code};

#[test]
fn a_pc_paired_with_the_service_works_on_its_register_as_the_signed_in_colleague() {
    let office_dir = tempfile::tempdir().unwrap();
    let office = office_in(office_dir.path());
    let reg = Register::open(
        &office.db,
        Unlock::Account(office.helene, AccountSecret::Passphrase(DIRECTRICE)),
    )
    .unwrap();
    let service = Arc::new(Service::new(reg, Duration::from_secs(900), Box::new(|_| {})).unwrap());
    let address = service.serve_in_background("127.0.0.1:0").unwrap();

    // A PC with no register of its own: the where-screen.
    let pc = tempfile::tempdir().unwrap();
    let pc_path = pc.path().to_owned();
    let app = app_on(
        pc,
        "carnet.db",
        Vault::with_store(mock::Store::new().unwrap()),
    );
    assert_eq!(
        call(&app, "app_status", json!({})).unwrap()["phase"],
        "setup"
    );

    // A wrong code pairs nothing; the service's code pairs the PC.
    let err = call(
        &app,
        "pair_service",
        json!({ "address": address, "code": "AAAA-AAAA", "device_name": "Portable" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "pairing_not_proved", "{err}");
    assert!(!pc_path.join("carnet-service.json").exists());
    call(
        &app,
        "pair_service",
        json!({ "address": address, "code": service.pairing_code(), "device_name": "Portable des inscriptions" }),
    )
    .unwrap();
    let status = call(&app, "app_status", json!({})).unwrap();
    assert_eq!(
        (status["phase"].as_str(), status["service"].as_str()),
        (Some("service"), Some(address.as_str()))
    );
    // What the PC keeps: the address, the certificate's fingerprint, its token.
    let kept: serde_json::Value =
        serde_json::from_slice(&std::fs::read(pc_path.join("carnet-service.json")).unwrap())
            .unwrap();
    let mut keys: Vec<&str> = kept
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    keys.sort();
    assert_eq!(keys, ["address", "device_id", "fingerprint", "token"]);

    // Not signed in: nothing runs; a wrong passphrase is said so.
    assert_eq!(
        code(call(
            &app,
            "search_people",
            json!({ "query": "tremblay", "limit": 10 })
        )),
        "session_ended"
    );
    assert_eq!(
        code(call(
            &app,
            "sign_in_service",
            json!({ "account": "Sophie Gagnon", "passphrase": "pas la bonne" })
        )),
        "wrong_passphrase"
    );
    call(
        &app,
        "sign_in_service",
        json!({ "account": "Sophie Gagnon", "passphrase": SECRETAIRE }),
    )
    .unwrap();
    let status = call(&app, "app_status", json!({})).unwrap();
    assert_eq!(status["phase"], "open");
    assert_eq!(status["profile"]["name"], "Club des jeunes pianistes");
    assert_eq!(status["session"]["role"], "office_staff");
    assert_eq!(status["staff"], "Sophie Gagnon");

    // Everyday work runs at the service, as Sophie.
    let found = call(
        &app,
        "search_people",
        json!({ "query": "tremblay", "limit": 10 }),
    )
    .unwrap();
    assert_eq!(found[0]["id"], office.lea);
    let noe = call(
        &app,
        "save_person",
        json!({ "id": null, "input": { "given_name": "Noé", "family_name": "Gagnon", "preferred_language": "fr",
            "collection_channel": "paper_form", "collected_on": "2026-09-01" } }),
    )
    .unwrap()
    .as_i64()
    .unwrap();
    let page = call(&app, "person_page", json!({ "id": noe })).unwrap();
    assert_eq!(page["person"]["given_name"], "Noé");

    // A spreadsheet chosen on this PC is checked at the service (the file travels with
    // the call); nothing is written by a check.
    let csv = pc_path.join("inscriptions.csv");
    std::fs::write(&csv, "Nom;Prénom\nRoy;Léo\nRoy;Max\n").unwrap();
    {
        use tauri::Manager;
        *app._app.state::<AppState>().import_file.lock().unwrap() = Some(csv.clone());
    }
    let checked = call(
        &app,
        "check_people_import",
        json!({ "how": { "channel": "paper_form" } }),
    )
    .unwrap();
    assert_eq!(
        (checked["lines"].as_i64(), checked["created"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(checked["dry_run"], true);
    std::fs::remove_file(&csv).unwrap();

    // A contest's form export and a mailing tool's export travel with their calls too:
    // checked there (nothing written), then imported there, all or nothing.
    let choose = |path: &std::path::Path| {
        use tauri::Manager;
        *app._app.state::<AppState>().import_file.lock().unwrap() = Some(path.to_owned());
    };
    let today = chrono::Utc::now().date_naive();
    let day = |d: i64| (today + chrono::Duration::days(d)).to_string();
    let contest = call(
        &app,
        "add_contest",
        json!({ "input": { "name": "Concours de Noël", "kind": "free", "opens_on": day(-10),
            "closes_on": day(20), "draw_on": day(25), "claim_days": 30, "one_per": "person",
            "non_winner_days": 90, "winner_days": 60, "skill_question": "(7 × 3) + 12 − 5 = ?",
            "skill_answer": "28",
            "prizes": [{ "name": "Métronome", "quantity": 1, "value_cents": 3500 }] } }),
    )
    .unwrap()
    .as_i64()
    .unwrap();
    let form = pc_path.join("formulaire.csv");
    std::fs::write(
        &form,
        "Prénom;Nom;Courriel\nZoé;Caron;zoe.caron@exemple.ca\nÉmile;Caron;emile.caron@exemple.ca\n",
    )
    .unwrap();
    choose(&form);
    let entries = |dry_run: bool| {
        call(
            &app,
            "import_entries",
            json!({ "contest_id": contest, "dry_run": dry_run, "link_existing": true }),
        )
        .unwrap()
    };
    let checked = entries(true);
    assert_eq!(
        (checked["dry_run"].as_bool(), checked["created"].as_i64()),
        (Some(true), Some(2)),
        "{checked}"
    );
    let page = call(&app, "contest_page", json!({ "id": contest })).unwrap();
    assert_eq!(
        page["entries"].as_array().map(Vec::len),
        Some(0),
        "a check enters no one"
    );
    let done = entries(false);
    assert_eq!(
        (done["dry_run"].as_bool(), done["created"].as_i64()),
        (Some(false), Some(2)),
        "{done}"
    );
    let page = call(&app, "contest_page", json!({ "id": contest })).unwrap();
    assert_eq!(page["entries"].as_array().map(Vec::len), Some(2), "{page}");
    std::fs::remove_file(&form).unwrap();

    let unsubscribed = pc_path.join("unsubscribed.csv");
    std::fs::write(
        &unsubscribed,
        "Email Address,First Name,Last Name,UNSUB_TIME\nzoe.caron@exemple.ca,Zoé,Caron,2026-11-02 10:00:00\n",
    )
    .unwrap();
    choose(&unsubscribed);
    let mailing = |dry_run: bool| {
        call(
            &app,
            "import_mailing",
            json!({ "list_id": 1, "format": "mailchimp", "dry_run": dry_run }),
        )
        .unwrap()
    };
    let checked = mailing(true);
    assert_eq!(
        (checked["dry_run"].as_bool(), checked["lines"].as_i64()),
        (Some(true), Some(1)),
        "{checked}"
    );
    let done = mailing(false);
    assert_eq!(
        (
            done["dry_run"].as_bool(),
            done["suppressed"].as_i64(),
            done["problems"].as_array().map(Vec::len)
        ),
        (Some(false), Some(1), Some(0)),
        "{done}"
    );
    std::fs::remove_file(&unsubscribed).unwrap();

    // The person in charge's decisions are refused to her, at the service.
    let erase = json!({ "input": { "request_id": null, "person_ids": [noe] }, "confirm_name": "Noé Gagnon" });
    assert_eq!(
        code(call(&app, "execute_erasure", erase.clone())),
        "not_permitted"
    );
    assert_eq!(code(call(&app, "run_purge", json!({}))), "not_permitted");
    // The backups' state is the service's (no folder was given to it here).
    let backups = call(&app, "backup_status", json!({})).unwrap();
    assert!(backups["settings"]["folder"].is_null(), "{backups}");
    // What the schema does not carry yet is said so, not run on some register here.
    assert_eq!(
        code(call(&app, "recovery_key", json!({}))),
        "not_at_the_service"
    );
    assert_eq!(
        code(call(&app, "prepare_rekey", json!({}))),
        "not_at_the_service"
    );
    // Nor does a paired PC create, open or unlock a register of its own.
    for (command, args) in [
        (
            "create_register",
            json!({ "profile": { "name": "Autre club", "jurisdiction": "quebec", "paper": "letter", "language": "fr" },
                "passphrase": null, "staff": "Sophie", "at": null }),
        ),
        ("unlock_keyring", json!({})),
        (
            "unlock_passphrase",
            json!({ "passphrase": "une phrase quelconque" }),
        ),
        (
            "unlock_recovery",
            json!({ "recovery_key": "AAAA", "remember": false }),
        ),
        (
            "unlock_account",
            json!({ "account": 1, "passphrase": DIRECTRICE }),
        ),
    ] {
        assert_eq!(
            code(call(&app, command, args)),
            "not_at_the_service",
            "{command}"
        );
    }
    assert!(!pc_path.join("carnet.db").exists());

    // Lock: the session ends at the service and here.
    call(&app, "lock_register", json!({})).unwrap();
    assert_eq!(
        call(&app, "app_status", json!({})).unwrap()["phase"],
        "service"
    );
    assert_eq!(
        code(call(
            &app,
            "search_people",
            json!({ "query": "gagnon", "limit": 10 })
        )),
        "session_ended"
    );

    // Hélène signs in on the same PC: the erasure is hers.
    call(
        &app,
        "sign_in_service",
        json!({ "account": "Hélène Tremblay", "passphrase": DIRECTRICE }),
    )
    .unwrap();
    let done = call(&app, "execute_erasure", erase).unwrap();
    assert_eq!(done["complete"], true, "{done}");
    assert!(
        done["certificate"]["addressee"].is_null(),
        "the addressed copy stays in the app's memory"
    );
    let found = call(
        &app,
        "search_people",
        json!({ "query": "noé", "limit": 10 }),
    )
    .unwrap();
    assert_eq!(found, json!([]));

    // Sophie changes her own passphrase from this PC: with her current one. A wrong
    // current one changes nothing and ends her session there.
    call(&app, "lock_register", json!({})).unwrap();
    call(
        &app,
        "sign_in_service",
        json!({ "account": "Sophie Gagnon", "passphrase": SECRETAIRE }),
    )
    .unwrap();
    let sophie = office.sophie;
    let new = "la chorale répète le jeudi soir";
    assert_eq!(
        code(call(
            &app,
            "set_account_key",
            json!({ "account": sophie, "passphrase": new, "current_passphrase": "pas la bonne" })
        )),
        "wrong_passphrase"
    );
    assert_eq!(
        code(call(
            &app,
            "search_people",
            json!({ "query": "roy", "limit": 5 })
        )),
        "session_ended"
    );
    call(&app, "lock_register", json!({})).unwrap();
    call(
        &app,
        "sign_in_service",
        json!({ "account": "Sophie Gagnon", "passphrase": SECRETAIRE }),
    )
    .unwrap();
    call(
        &app,
        "set_account_key",
        json!({ "account": sophie, "passphrase": new, "current_passphrase": SECRETAIRE }),
    )
    .unwrap();
    call(&app, "lock_register", json!({})).unwrap();
    assert_eq!(
        code(call(
            &app,
            "sign_in_service",
            json!({ "account": "Sophie Gagnon", "passphrase": SECRETAIRE }),
        )),
        "wrong_passphrase"
    );
    call(
        &app,
        "sign_in_service",
        json!({ "account": "Sophie Gagnon", "passphrase": new }),
    )
    .unwrap();

    // The person in charge restores one of the service's backups from this PC, with the
    // recovery key; office staff may not. Every session ends: this PC signs in again.
    let backups = office_dir.path().join("sauvegardes");
    std::fs::create_dir_all(&backups).unwrap();
    service.set_backup_folder(&backups).unwrap();
    let taken = call(&app, "backup_now", json!({})).unwrap();
    let file = taken["info"]["file"].as_str().unwrap().to_owned();
    let restore =
        json!({ "recovery_key": office.recovery_text, "staff": "", "allow": null, "file": file });
    assert_eq!(
        code(call(&app, "restore_backup", restore.clone())),
        "not_permitted"
    );
    call(&app, "lock_register", json!({})).unwrap();
    call(
        &app,
        "sign_in_service",
        json!({ "account": "Hélène Tremblay", "passphrase": DIRECTRICE }),
    )
    .unwrap();
    let done = call(&app, "restore_backup", restore).unwrap();
    assert_eq!(done["info"]["file"], file.as_str(), "{done}");
    assert_eq!(
        call(&app, "app_status", json!({})).unwrap()["phase"],
        "service",
        "signed out with the restore"
    );
    call(
        &app,
        "sign_in_service",
        json!({ "account": "Hélène Tremblay", "passphrase": DIRECTRICE }),
    )
    .unwrap();
    assert!(!pc_path.join("sauvegardes").exists());

    // The PC never held a register, and keeps nothing but its pairing.
    let mut files: Vec<String> = std::fs::read_dir(&pc_path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["carnet-service.json"]);

    // Back to one PC: the pairing is forgotten, the where-screen comes back.
    call(&app, "forget_service", json!({})).unwrap();
    assert_eq!(
        call(&app, "app_status", json!({})).unwrap()["phase"],
        "setup"
    );
    assert!(!pc_path.join("carnet-service.json").exists());
}
