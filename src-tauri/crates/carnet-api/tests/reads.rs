//! The commands declared `read` only read: each runs on a read-only connection (where the
//! register service answers them beside its writes) without trying to write, and a write
//! sent there fails instead of happening. A new read command must be added here.

use carnet_api::{dispatch, reads_only, At, NAMES};
use carnet_core::accounts::AccountSecret;
use carnet_core::model::Channel;
use carnet_core::requests::{RequestInput, RequestKind, Requester};
use carnet_core::{Contexts, Register, Unlock};
use carnet_testkit::office::{office_in, DIRECTRICE};
use serde_json::json;

#[test]
fn every_read_command_runs_on_a_read_only_connection() {
    let dir = tempfile::tempdir().unwrap();
    let office = office_in(dir.path());
    let mut reg = Register::open(
        &office.db,
        Unlock::Account(office.helene, AccountSecret::Passphrase(DIRECTRICE)),
    )
    .unwrap();
    // A contest open to entries, so the check of a form export reads a real one (the
    // office's newsletter list is list 1).
    let today = chrono::Utc::now().date_naive();
    let day = |d: i64| (today + chrono::Duration::days(d)).to_string();
    let made = At::now();
    dispatch(
        "add_contest",
        json!({ "input": { "name": "Concours de Noël", "kind": "free", "opens_on": day(-10),
            "closes_on": day(20), "draw_on": day(25), "claim_days": 30, "one_per": "person",
            "non_winner_days": 90, "winner_days": 60, "skill_question": "(7 × 3) + 12 − 5 = ?",
            "skill_answer": "28",
            "prizes": [{ "name": "Métronome", "quantity": 1, "value_cents": 3500 }] } }),
        &mut reg,
        &made,
    )
    .unwrap();
    // Léa's access request (id 1), so the request's page, review and letter read a real one.
    reg.requests()
        .add(
            &RequestInput {
                kind: RequestKind::Access,
                received_on: chrono::Utc::now().date_naive(),
                channel: Channel::Email,
                person_id: office.lea,
                requester: Requester::Person,
                requester_person_id: None,
                requester_name: String::new(),
                notes: String::new(),
            },
            chrono::Utc::now(),
        )
        .unwrap();
    let mut reader = reg.reader().unwrap();
    reader.serve_as(office.helene, "test").unwrap();
    let at = At::now();
    let lea = office.lea;
    let how = json!({ "channel": "paper_form" });
    let file = json!({ "name": "a.csv", "bytes": "Tm9tO1Byw6lub20KUm95O0zDqW8K" });
    let b64 = |text: &str| data_encoding::BASE64.encode(text.as_bytes());
    let entries = json!({ "name": "formulaire.csv", "bytes": b64(
        &format!("Prénom;Nom;Courriel;Date\nNoé;Roy;noe@exemple.ca;{}\n", day(-1))) });
    let unsubscribed = json!({ "name": "unsubscribed.csv", "bytes": b64(
        "Email Address,First Name,Last Name,UNSUB_TIME\nlea@exemple.ca,Léa,Tremblay,2026-11-02 10:00:00\n") });
    let reads = [
        ("list_people", json!({ "offset": 0, "limit": 10 })),
        ("search_people", json!({ "query": "tremblay", "limit": 10 })),
        ("person_page", json!({ "id": lea })),
        ("purposes", json!({})),
        ("policy_versions", json!({})),
        ("organisations", json!({})),
        ("profile", json!({})),
        ("home", json!({})),
        ("list_requests", json!({ "open_only": false })),
        ("request_page", json!({ "id": 1 })),
        (
            "preview_letter",
            json!({ "id": 1, "kind": "access_report", "language": null }),
        ),
        ("access_review", json!({ "id": 1 })),
        ("processing", json!({})),
        ("list_incidents", json!({})),
        ("list_licences", json!({})),
        ("newsletter_overview", json!({})),
        ("list_subscribers", json!({ "list_id": 1 })),
        ("subscriptions_of", json!({ "person_id": lea })),
        ("list_contests", json!({})),
        ("contest_page", json!({ "id": 1 })),
        (
            "matching_entries",
            json!({ "contest_id": 1, "query": "roy" }),
        ),
        ("winner_address", json!({ "winner_id": 1 })),
        ("label_preview", json!({ "contest_id": 1 })),
        ("service_devices", json!({})),
        ("audit_log", json!({ "limit": 10 })),
        ("session", json!({})),
        ("staff_accounts", json!({})),
        ("backup_status", json!({})),
        (
            "check_people_import_file",
            json!({ "file": file, "how": how }),
        ),
        (
            "check_entries_file",
            json!({ "contest_id": 1, "file": entries, "link_existing": true }),
        ),
        (
            "check_mailing_file",
            json!({ "list_id": 1, "format": "mailchimp", "file": unsubscribed }),
        ),
    ];
    let declared: Vec<&str> = NAMES.iter().copied().filter(|n| reads_only(n)).collect();
    let mut tried: Vec<&str> = reads.iter().map(|(n, _)| *n).collect();
    tried.sort_unstable();
    let mut expected = declared.clone();
    expected.sort_unstable();
    assert_eq!(
        tried, expected,
        "every read command, and only those, is tried"
    );
    for (name, args) in reads {
        match dispatch(name, args, &mut reader, &at) {
            Ok(_) => {}
            Err(e) => {
                // A file's check reads a real file against a real contest or list.
                assert!(!name.starts_with("check_"), "{name}: {e}");
                let code = e.code().as_str();
                assert!(
                    !matches!(code, "no_access" | "storage" | "bad_request"),
                    "{name}: {code} ({e})"
                );
            }
        }
    }
    // A write sent to the read-only connection fails, and nothing is written.
    let before = reg.audit_log(1).unwrap()[0].id;
    let write = dispatch(
        "save_person",
        json!({ "id": null, "input": { "given_name": "Noé", "family_name": "Roy",
            "preferred_language": "fr", "collection_channel": "paper_form", "collected_on": "2026-09-01" } }),
        &mut reader,
        &at,
    )
    .unwrap_err();
    assert_eq!(write.code().as_str(), "no_access", "{write}");
    assert_eq!(reg.audit_log(1).unwrap()[0].id, before);
}
