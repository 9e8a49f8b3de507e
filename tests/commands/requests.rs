//! Privacy requests walked through their commands: access, stop-communications, erasure.

use super::*;

/// A parent's access request for a child, through the commands the request page calls.
#[test]
fn a_parents_access_request_walks_its_steps() {
    let app = app_with_register();
    let parent = add_person(&app, "Marie", "Lefèvre", Some("1985-01-01"), true);
    let child = add_person(&app, "Zoë", "Lefèvre", Some("2016-05-10"), true);
    call(&app, "link_guardian", json!({ "child_id": child, "guardian": { "kind": "person", "id": parent }, "relation": "parent", "since": null })).unwrap();

    let today = chrono::Local::now().date_naive();
    let input = json!({ "kind": "access", "received_on": today, "channel": "email", "person_id": child, "requester": "guardian", "requester_person_id": parent });
    let id = call(&app, "add_request", json!({ "input": input }))
        .unwrap()
        .as_i64()
        .unwrap();
    let list = call(&app, "list_requests", json!({ "open_only": true })).unwrap();
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
    assert!(text.contains("DRAFT"), "not reviewed yet: {text}");

    // The package's review: the mother's link masked (for the test), then approved.
    let review = call(&app, "access_review", json!({ "id": id })).unwrap();
    assert!(review["approval"].is_null(), "{review}");
    let link = review["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["section"] == "guardians")
        .unwrap()["key"]
        .clone();
    assert_eq!(
        code(call(
            &app,
            "mask_access_item",
            json!({ "id": id, "item": link, "ground": "manifestly_unfounded" })
        )),
        "invalid_input"
    );
    let review = call(
        &app,
        "mask_access_item",
        json!({ "id": id, "item": link, "ground": "third_party" }),
    )
    .unwrap();
    assert_eq!(review["approval_needs_person_in_charge"], true);
    let approval = call(&app, "approve_access_package", json!({ "id": id })).unwrap();
    assert_eq!(
        (approval["withheld"].as_i64(), approval["by"].as_str()),
        (Some(1), Some("Sophie"))
    );
    let text = call(
        &app,
        "preview_letter",
        json!({ "id": id, "kind": "access_report", "language": "en" }),
    )
    .unwrap()["blocks"]
        .to_string();
    assert!(!text.contains("DRAFT"), "{text}");
    assert!(text.contains("[withheld: see"), "{text}");
    let review = call(
        &app,
        "unmask_access_item",
        json!({ "id": id, "item": link }),
    )
    .unwrap();
    assert_eq!(
        review["approval"]["current"], false,
        "unmasked since approved"
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
        call(&app, "list_requests", json!({ "open_only": true })).unwrap()["rows"],
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
            json!({ "input": whom, "confirm_name": "Yves" })
        )
        .unwrap_err()["detail"]["field"],
        "confirm_name"
    );
    let done = call(
        &app,
        "execute_erasure",
        json!({ "input": whom, "confirm_name": "yves oubli" }),
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
        json!({ "request_id": req, "recipient": first, "on": today }),
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
            json!({ "activities": p["latest"]["activities"], "effective_on": tomorrow })
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
