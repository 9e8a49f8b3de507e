//! Staff accounts: unlocking as one, and what each may do.

use super::*;

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
            json!({ "activities": [], "effective_on": "2026-12-01" }),
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
            json!({ "keep_daily": 1, "keep_monthly": 0, "erased_days": 0 }),
            "backup_settings",
        ),
        (
            "add_policy_version",
            json!({ "label": "v9", "effective_on": "2026-12-01", "text_fr": "x", "text_en": "y" }),
            "consent_catalogue",
        ),
        (
            "add_purpose_version",
            json!({ "purpose_id": 1, "wording": { "label_fr": "a", "label_en": "b", "wording_fr": "c", "wording_en": "d" }, "effective_on": "2026-12-01" }),
            "consent_catalogue",
        ),
        (
            "execute_erasure",
            json!({ "input": { "request_id": null, "person_ids": [1] }, "confirm_name": "A B" }),
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
